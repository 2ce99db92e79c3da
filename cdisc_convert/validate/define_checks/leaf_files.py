"""Files the define points to must exist beside it (P21 DD0084 document or dataset file,
DD0085 stylesheet). Web addresses and fragments (``#page``) are not files; a define read
from bytes (no folder) is not checked.

>>> import pathlib, tempfile
>>> from cdisc_convert.define.reader import read_define_model
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "define.xml").write_text('<?xml-stylesheet type="text/xsl" href="d.xsl"?>'
...     '<ODM xmlns:xlink="http://www.w3.org/1999/xlink"><Study><MetaDataVersion>'
...     '<leaf ID="LF.DM" xlink:href="dm.xpt"/></MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in leaf_files(DefineContext(read_define_model(folder / "define.xml")))]
[('DD0085', 'd.xsl'), ('DD0084', 'dm.xpt')]
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def local_file(folder: Path, href: str) -> Path | None:
    """The file an href names relative to the define's folder (None for a web address)."""
    target = unquote(href.split("#", 1)[0].strip())
    if not target or _URL.match(target):
        return None
    return folder / target


@DEFINE_CHECK.register("leaf_files", codes=("DD0084", "DD0085"))
def leaf_files(ctx: DefineContext) -> list[Finding]:
    """Every def:leaf href and the xml-stylesheet href exist on disk relative to the define."""
    folder = ctx.model.folder
    if folder is None:
        return []
    out = []
    if ctx.model.stylesheet and (path := local_file(folder, ctx.model.stylesheet)) \
            and not path.is_file():
        out.append(ctx.at("DD0085", 1, value=ctx.model.stylesheet, folder=str(folder)))
    for leaf in ctx.model.leaves.values():
        path = local_file(folder, leaf.href or "")
        if path is not None and not path.is_file():
            out.append(ctx.at("DD0084", leaf.line, value=leaf.href, leaf=leaf.id,
                              folder=str(folder)))
    return out
