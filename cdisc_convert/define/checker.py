"""Check any define.xml: Define-XML 2.1 XML Schema (when a schema folder is given) plus the
referential and structural checks that need no schema. Every problem names its line.

>>> doc = b'''<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"><Study OID="S"><MetaDataVersion OID="M">
... <ItemGroupDef OID="IG.AE" Name="AE"><ItemRef ItemOID="IT.AE.X" Mandatory="No"/></ItemGroupDef>
... </MetaDataVersion></Study></ODM>'''
>>> [str(p) for p in check_bytes(doc) if p.code == "DEF-REF"]
['line 2: error DEF-REF: ItemRef ItemOID="IT.AE.X": no ItemDef with this OID']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from cdisc_convert.define.odm import NS, XLINK_NS
from cdisc_convert.errors import UsageError

#: Where the schema folder is looked for when ``--schema-dir`` is not given.
SCHEMA_ENV = "CDISC_CONVERT_DEFINE_SCHEMA"
SCHEMA_ENTRY = Path("cdisc-define-2.1") / "define2-1-0.xsd"
ARM_ENTRY = Path("cdisc-arm-1.0") / "arm1-0-0.xsd"
ARM_NS = "http://www.cdisc.org/ns/arm/v1.0"
SCHEMA_HELP = ("The Define-XML 2.1 schema is part of the CDISC Define-XML 2.1 release "
               "(https://www.cdisc.org/standards/data-exchange/define-xml); pass its folder with "
               f"--schema-dir or ${SCHEMA_ENV} (the folder holding cdisc-define-2.1/).")
DEF = f"{{{NS['def']}}}"
DATA_TYPES = {"text", "integer", "float", "date", "datetime", "time", "partialDate",
              "partialTime", "partialDatetime", "incompleteDatetime", "durationDatetime",
              "intervalDatetime", "boolean", "double", "hexBinary", "base64Binary",
              "hexFloat", "base64Float", "string", "URI"}
ORIGIN_TYPES = {"Collected", "Derived", "Assigned", "Protocol", "Predecessor", "Not Available",
                "Other"}
YES_NO = {"Yes", "No"}

#: (referring element XPath, attribute, target element XPath, target id attribute)
REFERENCES = (
    ("//odm:ItemRef", "ItemOID", "ItemDef", "OID"),
    ("//odm:CodeListRef", "CodeListOID", "CodeList", "OID"),
    ("//odm:ItemRef", "MethodOID", "MethodDef", "OID"),
    ("//def:ValueListRef", "ValueListOID", "def:ValueListDef", "OID"),
    ("//def:WhereClauseRef", "WhereClauseOID", "def:WhereClauseDef", "OID"),
    ("//odm:RangeCheck", DEF + "ItemOID", "ItemDef", "OID"),
    ("//*[@def:CommentOID]", DEF + "CommentOID", "def:CommentDef", "OID"),
    ("//*[@def:StandardOID]", DEF + "StandardOID", "def:Standard", "OID"),
    ("//def:DocumentRef", "leafID", "def:leaf", "ID"),
    ("//odm:ItemGroupDef", DEF + "ArchiveLocationID", "def:leaf", "ID"),
)
#: Defined elements a reader expects to be used (unreferenced ones are warnings).
USED = (("ItemDef", ("//odm:ItemRef/@ItemOID",)), ("CodeList", ("//odm:CodeListRef/@CodeListOID",)),
        ("MethodDef", ("//odm:ItemRef/@MethodOID",)))


@dataclass(frozen=True)
class Problem:
    """One problem found in a define.xml, located by line."""

    severity: str          # error | warning
    code: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.severity} {self.code}: {self.message}"


def find_schema(schema_dir: Path | None) -> Path | None:
    """The schema folder holding ``cdisc-define-2.1/`` (the release root, or that folder, or
    the ``define2-1-0.xsd`` file itself); ``None`` when none is given."""
    folder = schema_dir or (Path(os.environ[SCHEMA_ENV]) if os.environ.get(SCHEMA_ENV) else None)
    if folder is None:
        return None
    folder = Path(folder)
    for root in (folder, folder.parent, folder.parent.parent):
        if (root / SCHEMA_ENTRY).is_file():
            return root
    raise UsageError(f"no Define-XML 2.1 schema ({SCHEMA_ENTRY}) under {folder}. {SCHEMA_HELP}")


def schema_entry(schema_root: Path, tree) -> Path:
    """define2-1-0.xsd, or the Analysis Results Metadata schema when the document uses ARM."""
    arm = schema_root / ARM_ENTRY
    uses_arm = any(etree.QName(el).namespace == ARM_NS for el in tree.iter(etree.Element))
    return arm if uses_arm and arm.is_file() else schema_root / SCHEMA_ENTRY


def schema_problems(tree, schema_root: Path) -> list[Problem]:
    """Problems the Define-XML 2.1 XML Schema reports."""
    schema_file = schema_entry(schema_root, tree)
    try:
        schema = _load_schema(str(schema_file))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
        raise UsageError(f"cannot load the schema {schema_file}: {exc}") from None
    if schema.validate(tree):
        return []
    return [Problem("error", "DEF-SCHEMA", e.line, e.message) for e in schema.error_log]


@lru_cache(maxsize=4)
def _load_schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path))


def _ids(tree, tag: str, attr: str) -> dict[str, list]:
    found: dict[str, list] = {}
    path = "//" + (tag if ":" in tag else "odm:" + tag)
    for el in tree.xpath(path, namespaces=NS):
        found.setdefault(el.get(attr), []).append(el)
    return found


def _short(el) -> str:
    local = etree.QName(el).localname
    return local if el.prefix is None else f"{el.prefix}:{local}"


def reference_problems(tree) -> Iterable[Problem]:
    """Duplicate OIDs and references to nothing."""
    for tag in ("ItemGroupDef", "ItemDef", "CodeList", "MethodDef", "def:CommentDef",
                "def:ValueListDef", "def:WhereClauseDef", "def:Standard", "def:leaf"):
        attr = "ID" if tag == "def:leaf" else "OID"
        for oid, els in _ids(tree, tag, attr).items():
            for el in els[1:]:
                yield Problem("error", "DEF-DUP", el.sourceline, f'{tag} {attr}="{oid}" repeats '
                              f"the one on line {els[0].sourceline}")
    for path, attr, tag, id_attr in REFERENCES:
        targets = _ids(tree, tag, id_attr)
        for el in tree.xpath(path, namespaces=NS):
            value = el.get(attr)
            if value is not None and value not in targets:
                name = attr.replace(DEF, "def:")
                yield Problem("error", "DEF-REF", el.sourceline,
                              f'{_short(el)} {name}="{value}": no {tag} with this {id_attr}')
    for tag, paths in USED:
        used = {v for p in paths for v in tree.xpath(p, namespaces=NS)}
        for oid, els in _ids(tree, tag, "OID").items():
            if oid not in used:
                yield Problem("warning", "DEF-UNUSED", els[0].sourceline,
                              f'{tag} OID="{oid}" is not referenced')


def structure_problems(tree) -> Iterable[Problem]:
    """Root, version and attribute values a reader relies on."""
    root = tree.getroot()
    if etree.QName(root).namespace != NS["odm"] or etree.QName(root).localname != "ODM":
        yield Problem("error", "DEF-ROOT", root.sourceline,
                      f"root element is {root.tag}, not the ODM 1.3 ODM element")
        return
    mdv = tree.xpath("//odm:MetaDataVersion", namespaces=NS)
    version = mdv[0].get(DEF + "DefineVersion") if mdv else None
    if not version or not version.startswith("2.1"):
        yield Problem("error", "DEF-VERSION", mdv[0].sourceline if mdv else root.sourceline,
                      f"def:DefineVersion is {version!r}, not 2.1.x (Define-XML 2.1 namespace "
                      f"{NS['def']})")
    checks = (("//odm:ItemDef", "DataType", DATA_TYPES), ("//def:Origin", "Type", ORIGIN_TYPES),
              ("//odm:ItemRef", "Mandatory", YES_NO))
    for path, attr, allowed in checks:
        for el in tree.xpath(path, namespaces=NS):
            if el.get(attr) not in allowed:
                yield Problem("error", "DEF-VALUE", el.sourceline,
                              f'{_short(el)} {attr}="{el.get(attr)}" is not one of '
                              f"{', '.join(sorted(allowed))}")
    for leaf in tree.xpath("//def:leaf", namespaces=NS):
        if not leaf.get(f"{{{XLINK_NS}}}href"):
            yield Problem("error", "DEF-LEAF", leaf.sourceline, "def:leaf without xlink:href")


def check_bytes(data: bytes, schema_root: Path | None = None) -> list[Problem]:
    """Every problem of a define.xml given as bytes, in line order."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(remove_blank_text=False)))
    except etree.XMLSyntaxError as exc:
        return [Problem("error", "DEF-XML", exc.lineno, exc.msg)]
    other = other_define_version(tree)
    if other is not None:
        return [other]
    problems = list(structure_problems(tree)) + list(reference_problems(tree))
    if schema_root is not None:
        problems += schema_problems(tree, schema_root)
    return sorted(problems, key=lambda p: (p.line or 0, p.code, p.message))


_OTHER_DEFINE = re.compile(r"^http://www\.cdisc\.org/ns/def/v(\d+\.\d+)$")


def other_define_version(tree) -> Problem | None:
    """One clear error for a Define-XML of another version (e.g. 2.0), instead of a page of
    2.1 schema errors that say the same thing."""
    root = tree.getroot()
    versions = {m.group(1) for ns in (root.nsmap or {}).values()
                if ns and (m := _OTHER_DEFINE.match(ns))}
    if versions and "2.1" not in versions:
        found = ", ".join(sorted(versions))
        return Problem("error", "DEF-VERSION", root.sourceline,
                       f"this is Define-XML {found}, not 2.1: check it with a Define-XML "
                       f"{found} validator (this checker implements Define-XML 2.1)")
    return None


def check_file(path: Path, schema_dir: Path | None = None) -> tuple[list[Problem], Path | None]:
    """(problems, schema folder used or ``None``) for a define.xml on disk."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such define.xml: {path}")
    schema_root = find_schema(schema_dir)
    return check_bytes(path.read_bytes(), schema_root), schema_root
