"""Variables the define lists for a dataset are in it (P21 SD0054; an ItemRef marked
def:HasNoData="Yes" is expected to be absent). The other direction, variables of the data
the define lacks, is DEFINE-VAR (P21 SD0060) of the metadata suite.

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.DM" Name="DM">'
...     b'<ItemRef ItemOID="IT.A"/><ItemRef ItemOID="IT.B"/></ItemGroupDef><ItemDef OID="IT.A" '
...     b'Name="STUDYID"/><ItemDef OID="IT.B" Name="AGE"/></MetaDataVersion></Study></ODM>')
>>> ws = workspace({"DM": pd.DataFrame({"STUDYID": ["S"]})})
>>> [(f.code, f.dataset, f.variable) for f in variable_presence(DefineContext(m, ws))]
[('SD0054', 'DM', 'AGE')]
"""

from __future__ import annotations

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext, columns


@DEFINE_CHECK.register("variable_presence", codes=("SD0054",), data=True)
def variable_presence(ctx: DefineContext) -> list[Finding]:
    """Every variable the define lists for a dataset is one of its columns."""
    out = []
    for name, frame, refs in ctx.described():
        have = {c.upper() for c in columns(frame)}
        out += [ctx.at("SD0054", r.line, dataset=name, variable=r.item.name)
                for r in refs if r.item is not None and r.item.name.upper() not in have
                and (r.has_no_data or "") != "Yes"]
    return out
