"""Character lengths fit the data (P21 SD1082 "variable length is too long for the actual
data"; DEFINE-LENGTH a value longer than the define Length; DEFINE-LENGTH-XPT the define
Length is not the XPT file's).

SD1082 judges the length a reviewer's tool allocates, as Pinnacle 21 does: the XPT
variable length when the dataset was read from XPT (bytes, as XPT stores them), else the
define Length; it fires when that length exceeds the longest value. A variable with no
values is not judged by SD1082. The splits of one domain (LBCH, LBHE of LB) share their
lengths, so a split is judged by the longest value over all of them, and not at all when
the define names a split the data does not hold. Define-XML Length counts characters.

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
>>> ws.widths = {"DM": {"SEX": 1, "RACE": 5}}
>>> [(f.code, f.variable, f.value) for f in lengths(DefineContext(m, ws))][:2]
[('DEFINE-LENGTH-XPT', 'SEX', 8), ('DEFINE-LENGTH-XPT', 'RACE', 3)]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.define.reader import Item
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import (
    DefineContext,
    is_numeric,
    present,
    row_findings,
)
from cdisc_convert.vector import map_unique


def char_lengths(series: pd.Series, *, encoded: bool = False) -> pd.Series:
    """Length of each value in characters (UTF-8 bytes when ``encoded``); 0 where missing,
    trailing blanks not counted; measured once per distinct value."""
    def length(value) -> int:
        text = str(value).rstrip()
        return len(text.encode("utf-8")) if encoded else len(text)
    return map_unique(series, length, na=0, dtype=int)


def _variable(ctx: DefineContext, name: str, frame: pd.DataFrame, item: Item,
              siblings: list[pd.DataFrame] | None) -> list[Finding]:
    """``siblings``: the other splits of the dataset's domain ([] when not split; None when
    a split is missing from the data, so SD1082 cannot be judged)."""
    values = frame[item.name]
    sizes = char_lengths(values)
    width = (ctx.ws.widths.get(name, {}) if ctx.ws is not None else {}).get(item.name)
    out = []
    if width is not None and width != item.length:
        out.append(ctx.at("DEFINE-LENGTH-XPT", item.line, dataset=name, variable=item.name,
                          value=item.length, width=width))
    allocated = width if width is not None else item.length
    encoded = width is not None                  # XPT widths count bytes
    own = char_lengths(values, encoded=True) if encoded else sizes
    longest = max([int(each.max()) for each in
                   [own, *(char_lengths(v[item.name], encoded=encoded) for v in siblings or []
                           if item.name in v.columns)] if len(each)], default=0)
    if allocated is not None and siblings is not None and present(values).any() \
            and allocated > longest:
        out.append(ctx.at("SD1082", item.line, dataset=name, variable=item.name,
                          value=allocated, longest=longest,
                          what="XPT length" if width is not None else "define.xml Length"))
    if item.length is not None:
        out += row_findings("DEFINE-LENGTH", frame, sizes > item.length, dataset=name,
                            variable=item.name, length=item.length)
    return out


@DEFINE_CHECK.register("lengths", codes=("SD1082", "DEFINE-LENGTH", "DEFINE-LENGTH-XPT"),
                       data=True)
def lengths(ctx: DefineContext) -> list[Finding]:
    """Lengths no longer than the data needs; define Length never shorter than a value and
    equal to the XPT length."""
    out = []
    for name, frame, refs in ctx.described():
        siblings = split_siblings(ctx, name)
        for ref in refs:
            item = ref.item
            if item is not None and item.data_type == "text" and item.name in frame.columns \
                    and not is_numeric(frame[item.name]):
                out += _variable(ctx, name, frame, item, siblings)
    return out


def split_siblings(ctx: DefineContext, name: str) -> list[pd.DataFrame] | None:
    """The data of the other splits of ``name``'s domain ([] for a dataset that is not
    split); None when the define names a split of that domain the data lacks."""
    ds = ctx.model.dataset(name)
    domain = (ds.domain or "").upper() if ds is not None else ""
    if not domain or ds is None or ds.key == domain:
        return []
    out = []
    for other in ctx.model.datasets:
        if other.key == ds.key or (other.domain or "").upper() != domain:
            continue
        frame = ctx.frame(other.key)
        if frame is None:
            return None
        out.append(frame)
    return out
