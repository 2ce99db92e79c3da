"""Variable order and keys of the data match the define (DEFINE-ORDER: the data's columns
are not in the define's OrderNumber order; DEFINE-KEYS: records repeat on the define's key
variables, KeySequence order).

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.DM" Name="DM">'
...     b'<ItemRef ItemOID="IT.A" OrderNumber="1" KeySequence="1"/><ItemRef ItemOID="IT.B" '
...     b'OrderNumber="2"/></ItemGroupDef><ItemDef OID="IT.A" Name="USUBJID"/><ItemDef '
...     b'OID="IT.B" Name="AGE"/></MetaDataVersion></Study></ODM>')
>>> ws = workspace({"DM": pd.DataFrame({"AGE": [1.0, 2.0], "USUBJID": ["A", "A"]})})
>>> [(f.code, f.variable, f.row) for f in order_keys(DefineContext(m, ws))]
[('DEFINE-ORDER', 'AGE', None), ('DEFINE-KEYS', 'USUBJID', 2)]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.define.reader import ItemRef
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext, columns, row_findings


def _order(ctx: DefineContext, name: str, frame: pd.DataFrame,
           refs: list[ItemRef]) -> list[Finding]:
    defined = [r.item.name for r in refs if r.item is not None and r.item.name in frame.columns]
    actual = [c for c in columns(frame) if c in set(defined)]
    for position, (have, want) in enumerate(zip(actual, defined, strict=False), start=1):
        if have != want:
            return [ctx.at("DEFINE-ORDER", None, dataset=name, variable=have, value=position,
                           expected=want)]
    return []


def _keys(name: str, frame: pd.DataFrame, refs: list[ItemRef]) -> list[Finding]:
    keyed = sorted((r for r in refs if r.key_sequence is not None and r.item is not None),
                   key=lambda r: r.key_sequence or 0)
    keys = [r.item.name for r in keyed if r.item is not None]
    if not keys or any(k not in frame.columns for k in keys):
        return []
    repeated = frame.duplicated(subset=keys, keep="first")
    return row_findings("DEFINE-KEYS", frame, repeated, dataset=name, variable=keys[-1],
                        keys=", ".join(keys))


@DEFINE_CHECK.register("order_keys", codes=("DEFINE-ORDER", "DEFINE-KEYS"), data=True)
def order_keys(ctx: DefineContext) -> list[Finding]:
    """Columns in define order; no two records share the define's key values."""
    out = []
    for name, frame, refs in ctx.described():
        out += _order(ctx, name, frame, refs) + _keys(name, frame, refs)
    return out
