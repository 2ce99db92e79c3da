"""Values come from the codelist the define gives their variable (P21 SD0037), and from the
value-level codelist of the slice a record falls in (P21 SD1228). Codelists of an external
dictionary (MedDRA, WHODrug) are not judged here; extended values in the define count as
terms. Text compares exactly (trailing blanks ignored); numeric variables compare as numbers
(rounded to 9 decimals).

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.DM" Name="DM">'
...     b'<ItemRef ItemOID="IT.SEX"/></ItemGroupDef><ItemDef OID="IT.SEX" Name="SEX" '
...     b'DataType="text"><CodeListRef CodeListOID="CL.SEX"/></ItemDef><CodeList OID="CL.SEX" '
...     b'Name="Sex" DataType="text"><EnumeratedItem CodedValue="F"/><EnumeratedItem '
...     b'CodedValue="M"/></CodeList></MetaDataVersion></Study></ODM>')
>>> ws = workspace({"DM": pd.DataFrame({"SEX": ["F", "X", ""]})})
>>> [(f.code, f.row, f.value) for f in codelist_values(DefineContext(m, ws))]
[('SD0037', 2, 'X')]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.define.reader import CodeList, Item
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import (
    DefineContext,
    is_numeric,
    present,
    row_findings,
)
from cdisc_convert.validate.define_checks.slices import slices

#: Numbers compare rounded to this many decimals (XPT's IBM floats: 1.3 reads 1.3000000000000003).
DECIMALS = 9


def outside(series: pd.Series, codelist: CodeList) -> pd.Series:
    """True where a given value is not a term of ``codelist``."""
    if is_numeric(series):
        terms = set()
        for value in codelist.values():
            try:
                terms.add(round(float(value), DECIMALS))
            except ValueError:
                continue
        return present(series) & ~series.astype(float).round(DECIMALS).isin(terms)
    text = series.astype("string").str.rstrip()
    return present(series) & ~text.isin([v.rstrip() for v in codelist.values()])


def _codelist(ctx: DefineContext, item: Item) -> CodeList | None:
    cl = ctx.model.codelists.get(item.codelist_oid or "")
    return cl if cl is not None and cl.dictionary is None and cl.terms else None


@DEFINE_CHECK.register("codelist_values", codes=("SD0037", "SD1228"), data=True)
def codelist_values(ctx: DefineContext) -> list[Finding]:
    """Each value is a term of its variable's codelist, and of its slice's codelist."""
    out = []
    for name, frame, refs in ctx.described():
        for ref in refs:
            item = ref.item
            if item is None or item.name not in frame.columns \
                    or (cl := _codelist(ctx, item)) is None:
                continue
            out += row_findings("SD0037", frame, outside(frame[item.name], cl), dataset=name,
                                variable=item.name, codelist=cl.name or cl.oid)
    for s in slices(ctx):
        cl = _codelist(ctx, s.item)
        if cl is None:
            continue
        frame = ctx.frame(s.dataset)
        if frame is not None:
            out += row_findings("SD1228", frame, s.mask & outside(frame[s.variable], cl),
                                dataset=s.dataset, variable=s.variable,
                                codelist=cl.name or cl.oid, condition=s.condition)
    return out
