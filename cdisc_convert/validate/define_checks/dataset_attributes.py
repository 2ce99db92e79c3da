"""What a submission define must say about each dataset (P21 DD0047 SASDatasetName, DD0056
def:ArchiveLocationID, DD0057 description (also of methods and comments), DD0054 class,
DD0045 Domain for SDTM, DD0040 key variables, DD0052 SASDatasetName and file name agree).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.AE" Name="AE" '
...     b'SASDatasetName="AE" Domain="AE" Purpose="Tabulation" Class="EVENTS" '
...     b'ArchiveLocationID="LF.AE">'
...     b'<Description><TranslatedText>Adverse Events</TranslatedText></Description>'
...     b'<ItemRef ItemOID="IT.X" KeySequence="1"/><leaf ID="LF.AE" href="ae1.xpt"/></ItemGroupDef>'
...     b'</MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in dataset_attributes(DefineContext(m))]
[('DD0052', 'ae1.xpt')]
"""

from __future__ import annotations

from pathlib import PurePosixPath

from cdisc_convert.define.reader import Dataset
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext


def _missing(ctx: DefineContext, ds: Dataset) -> list[tuple[str, str]]:
    tabulation = (ds.purpose or "").lower() == "tabulation"
    wanted = [("DD0047", ds.sas_name, "SASDatasetName"),
              ("DD0056", ds.archive_id, "def:ArchiveLocationID"),
              ("DD0057", ds.label, "Description"),
              ("DD0054", ds.class_ if ctx.model.version != "1.0" else "-", "def:Class"),
              ("DD0045", ds.domain if tabulation and ctx.model.version != "1.0" else "-",
               "Domain"),
              ("DD0040", "-" if any(r.key_sequence is not None for r in ds.refs) else None,
               "KeySequence")]
    return [(code, what) for code, value, what in wanted if not (value or "").strip()]


def _file_name(ctx: DefineContext, ds: Dataset) -> list[Finding]:
    leaf = ctx.model.leaves.get(ds.archive_id or "")
    if leaf is None or not leaf.href or not ds.sas_name:
        return []
    stem = PurePosixPath(leaf.href.replace("\\", "/")).stem
    if stem.upper() != ds.sas_name.upper():
        return [ctx.at("DD0052", leaf.line, dataset=ds.key, value=leaf.href,
                       expected=ds.sas_name)]
    return []


@DEFINE_CHECK.register("dataset_attributes",
                       codes=("DD0047", "DD0056", "DD0057", "DD0054", "DD0045", "DD0040",
                              "DD0052"))
def dataset_attributes(ctx: DefineContext) -> list[Finding]:
    """Each dataset has its name, file, description, class, domain and keys; methods and
    comments have a description."""
    out = []
    for ds in ctx.model.datasets:
        out += [ctx.at(code, ds.line, dataset=ds.key, value=ds.oid, what=what)
                for code, what in _missing(ctx, ds)]
        out += _file_name(ctx, ds)
    for kind, defined in (("MethodDef", ctx.model.methods), ("def:CommentDef",
                                                              ctx.model.comments)):
        out += [ctx.at("DD0057", d.line, value=d.oid, what=f"{kind} Description")
                for d in defined.values() if not (d.description or "").strip()]
    return out
