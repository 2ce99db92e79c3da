"""Variables per dataset as a define.xml (2.0 or 2.1) describes them.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "define.xml"
>>> _ = p.write_text('<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"><Study><MetaDataVersion>'
...     '<ItemGroupDef OID="IG.DM" Name="DM"><ItemRef ItemOID="IT.DM.SEX"/></ItemGroupDef>'
...     '<ItemDef OID="IT.DM.SEX" Name="SEX"/></MetaDataVersion></Study></ODM>')
>>> read_define(p)
{'DM': {'SEX'}}
"""

from __future__ import annotations

from pathlib import Path

from cdisc_convert.errors import UsageError


def find_define(paths: list[Path]) -> Path | None:
    """``define.xml`` beside the datasets (first folder given), or the file a CORE case
    folder's ``.env`` names (``DEFINE_XML=define_negative1.xml``), if any."""
    from cdisc_convert.io.core_case import env_path
    for path in paths:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        candidate = folder / "define.xml"
        if candidate.is_file():
            return candidate
        named = env_path(folder, "DEFINE_XML")
        if named is not None and named.is_file():
            return named
    return None


def read_define_model(path: Path):
    """The typed model of a define.xml of any version (:mod:`cdisc_convert.define.reader`)."""
    from cdisc_convert.define.reader import read_define_model as read
    return read(path)


def read_define(path: Path) -> dict[str, set[str]]:
    """{dataset name: variable names} from the ItemGroupDef/ItemRef/ItemDef elements."""
    from lxml import etree
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise UsageError(f"{path}: cannot read define.xml: {exc}") from None
    items = {el.get("OID"): el.get("Name") for el in root.iter("{*}ItemDef")}
    out: dict[str, set[str]] = {}
    for group in root.iter("{*}ItemGroupDef"):
        name = (group.get("SASDatasetName") or group.get("Name") or "").upper()
        out[name] = {items.get(ref.get("ItemOID"), "") for ref in group.iter("{*}ItemRef")}
    return out
