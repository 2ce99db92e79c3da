"""Value-level slices of the data: for each variable with a value list, the records each of
its where clauses selects (several WhereClauseRefs on one ItemRef: any of them).

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'''<ODM><Study><MetaDataVersion>
... <ItemGroupDef OID="IG.VS" Name="VS"><ItemRef ItemOID="IT.TESTCD"/><ItemRef ItemOID="IT.RES"/>
... </ItemGroupDef><ItemDef OID="IT.TESTCD" Name="VSTESTCD"/>
... <ItemDef OID="IT.RES" Name="VSORRES"><ValueListRef ValueListOID="VL.RES"/></ItemDef>
... <ValueListDef OID="VL.RES"><ItemRef ItemOID="IT.RES.HR"><WhereClauseRef WhereClauseOID="WC.HR"/>
... </ItemRef></ValueListDef><ItemDef OID="IT.RES.HR" Name="VSORRES" DataType="integer"/>
... <WhereClauseDef OID="WC.HR"><RangeCheck ItemOID="IT.TESTCD" Comparator="EQ">
... <CheckValue>HR</CheckValue></RangeCheck></WhereClauseDef></MetaDataVersion></Study></ODM>''')
>>> ws = workspace({"VS": pd.DataFrame({"VSTESTCD": ["HR", "BMI"], "VSORRES": ["60", "x"]})})
>>> found = slices(DefineContext(m, ws))
>>> [(s.dataset, s.variable, s.item.data_type, s.mask.tolist()) for s in found]
[('VS', 'VSORRES', 'integer', [True, False])]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from cdisc_convert.define.reader import Item, ItemRef
from cdisc_convert.validate.define_checks.base import DefineContext
from cdisc_convert.validate.define_checks.where import describe, where_mask


@dataclass
class Slice:
    """One value-level ItemRef applied to a dataset: the records it describes."""

    dataset: str
    variable: str
    parent: Item
    ref: ItemRef
    item: Item
    mask: pd.Series
    condition: str


def slices(ctx: DefineContext) -> Iterator[Slice]:
    """Every value-level slice of every dataset the data and the define both hold."""
    names = {oid: item.name for oid, item in ctx.model.items.items()}
    for name, frame, refs in ctx.described():
        for ref in refs:
            parent = ref.item
            if parent is None or parent.value_list_oid is None or parent.name not in frame:
                continue
            value_list = ctx.model.value_lists.get(parent.value_list_oid)
            for vref in value_list.refs if value_list is not None else ():
                clauses = [ctx.model.where_clauses[w] for w in vref.where_oids
                           if w in ctx.model.where_clauses]
                if vref.item is None or not clauses:
                    continue
                mask = pd.Series(False, index=frame.index)
                for clause in clauses:
                    mask |= where_mask(frame, clause, names)
                yield Slice(name, parent.name, parent, vref, vref.item, mask,
                            " or ".join(describe(c, names) for c in clauses))
