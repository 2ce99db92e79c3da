"""Character lengths in the define fit the data (P21 SD1082 define Length longer than the
longest value; DEFINE-LENGTH a value longer than the define Length). Define-XML Length counts
characters (XPT's byte limits are the XPT checks'); a variable with no values is not judged
by SD1082.

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.DM" Name="DM">'
...     b'<ItemRef ItemOID="IT.A"/><ItemRef ItemOID="IT.B"/></ItemGroupDef><ItemDef OID="IT.A" '
...     b'Name="SEX" DataType="text" Length="8"/><ItemDef OID="IT.B" Name="RACE" '
...     b'DataType="text" Length="3"/></MetaDataVersion></Study></ODM>')
>>> ws = workspace({"DM": pd.DataFrame({"SEX": ["F", "M"], "RACE": ["WHITE", "ASIAN"]})})
>>> [(f.code, f.variable, f.value) for f in lengths(DefineContext(m, ws))]
[('SD1082', 'SEX', 8), ('DEFINE-LENGTH', 'RACE', 'WHITE'), ('DEFINE-LENGTH', 'RACE', 'ASIAN')]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import (
    DefineContext,
    is_numeric,
    present,
    row_findings,
)


def char_lengths(series: pd.Series) -> pd.Series:
    """Length in characters of each value (0 where missing; trailing blanks do not count),
    measured once per distinct value."""
    text = series.astype("string").fillna("").str.rstrip()
    lengths = {v: len(v) for v in text.unique()}
    return text.map(lengths).astype(int)


@DEFINE_CHECK.register("lengths", codes=("SD1082", "DEFINE-LENGTH"), data=True)
def lengths(ctx: DefineContext) -> list[Finding]:
    """Define Length equals the data's longest value: not longer, never shorter."""
    out = []
    for name, frame, refs in ctx.described():
        for ref in refs:
            item = ref.item
            if item is None or item.data_type != "text" or item.length is None \
                    or item.name not in frame.columns or is_numeric(frame[item.name]):
                continue
            sizes = char_lengths(frame[item.name])
            longest = int(sizes.max()) if len(sizes) else 0
            if present(frame[item.name]).any() and item.length > longest:
                out.append(ctx.at("SD1082", item.line, dataset=name, variable=item.name,
                                  value=item.length, longest=longest))
            out += row_findings("DEFINE-LENGTH", frame, sizes > item.length, dataset=name,
                                variable=item.name, length=item.length)
    return out
