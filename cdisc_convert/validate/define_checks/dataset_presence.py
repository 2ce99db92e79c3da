"""Datasets and define agree both ways (P21 SD1063 dataset not in define.xml, SD0061
dataset in define.xml but not in the data; a dataset the define marks def:HasNoData="Yes"
is expected to be absent).

>>> import pandas as pd
>>> from cdisc_convert.define.reader import read_define_bytes
>>> from cdisc_convert.validate.frames import workspace
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.AE" Name="AE"/>'
...                       b'</MetaDataVersion></Study></ODM>')
>>> ws = workspace({"DM": pd.DataFrame({"STUDYID": ["S"]})})
>>> [(f.code, f.dataset) for f in dataset_presence(DefineContext(m, ws))]
[('SD1063', 'DM'), ('SD0061', 'AE')]
"""

from __future__ import annotations

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext


@DEFINE_CHECK.register("dataset_presence", codes=("SD1063", "SD0061"), data=True)
def dataset_presence(ctx: DefineContext) -> list[Finding]:
    """Every dataset is described in the define; every described dataset is present."""
    data = set(ctx.data_names())
    out = [ctx.at("SD1063", None, dataset=name) for name in ctx.data_names()
           if ctx.model.dataset(name) is None]
    out += [ctx.at("SD0061", ds.line, dataset=ds.key) for ds in ctx.model.datasets
            if ds.key not in data and (ds.has_no_data or "") != "Yes"]
    return out
