"""Read any define.xml (Define-XML 2.1, 2.0 or 1.0) into one typed model.

Elements and attributes are matched by local name, so the ODM 1.2 / 1.3 and the
``def`` 1.0 / 2.0 / 2.1 namespaces read alike; what Define-XML 1.0 keeps in attributes
(``def:Label``, ``Origin``, ``Comment``, ``def:ComputationMethodOID``) lands in the same
fields as the 2.x elements. Every definition keeps its source line, so a check can name it.

>>> doc = b'''<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"
...   xmlns:def="http://www.cdisc.org/ns/def/v2.0"><Study OID="S"><MetaDataVersion OID="M"
...   def:DefineVersion="2.0.0" def:StandardName="SDTM-IG" def:StandardVersion="3.2">
... <ItemGroupDef OID="IG.DM" Name="DM" SASDatasetName="DM" Domain="DM">
...   <ItemRef ItemOID="IT.DM.SEX" Mandatory="Yes" OrderNumber="1" KeySequence="1"/></ItemGroupDef>
... <ItemDef OID="IT.DM.SEX" Name="SEX" DataType="text" Length="1">
...   <Description><TranslatedText>Sex</TranslatedText></Description>
...   <CodeListRef CodeListOID="CL.SEX"/><def:Origin Type="CRF"/></ItemDef>
... <CodeList OID="CL.SEX" Name="Sex" DataType="text">
...   <EnumeratedItem CodedValue="F"/><EnumeratedItem CodedValue="M"/></CodeList>
... </MetaDataVersion></Study></ODM>'''
>>> m = read_define_bytes(doc)
>>> m.version, m.standard, m.standard_version
('2.0', 'SDTM-IG', '3.2')
>>> ds = m.dataset("DM")
>>> [(r.item.name, r.item.length, r.key_sequence, r.item.label) for r in m.variables(ds)]
[('SEX', 1, 1, 'Sex')]
>>> m.codelists["CL.SEX"].values()
['F', 'M']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from cdisc_convert.errors import UsageError

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DEF_NS = re.compile(r"^http://www\.cdisc\.org/ns/def/v(\d+\.\d+)$")


@dataclass(frozen=True)
class Term:
    """One codelist term: EnumeratedItem (no decode) or CodeListItem."""

    coded: str
    decode: str | None = None
    extended: bool = False
    rank: str | None = None
    order: str | None = None
    nci_code: str | None = None
    line: int | None = None


@dataclass
class CodeList:
    """A CodeList: its terms, NCI code and any external dictionary it names."""

    oid: str
    name: str
    data_type: str | None
    terms: list[Term] = field(default_factory=list)
    nci_code: str | None = None
    dictionary: str | None = None          # ExternalCodeList Dictionary (MedDRA, ...)
    dictionary_version: str | None = None
    standard_oid: str | None = None
    is_nonstandard: str | None = None
    comment_oid: str | None = None
    line: int | None = None

    def values(self) -> list[str]:
        """The coded values, in the define's order."""
        return [t.coded for t in self.terms]


@dataclass(frozen=True)
class RangeCheck:
    """One condition of a where clause: ``variable comparator values``."""

    item_oid: str | None
    comparator: str
    values: tuple[str, ...]
    soft_hard: str | None = None
    line: int | None = None


@dataclass
class WhereClause:
    """A def:WhereClauseDef: its conditions all hold (AND)."""

    oid: str
    checks: list[RangeCheck] = field(default_factory=list)
    comment_oid: str | None = None
    line: int | None = None


@dataclass
class ItemRef:
    """An ItemRef of a dataset or of a value list."""

    item_oid: str
    mandatory: str | None = None
    order: int | None = None
    key_sequence: int | None = None
    method_oid: str | None = None
    role: str | None = None
    has_no_data: str | None = None
    where_oids: tuple[str, ...] = ()
    line: int | None = None
    item: Item | None = None              # resolved after reading (None: no such ItemDef)


@dataclass
class Item:
    """An ItemDef: a variable, or a value-level slice of one."""

    oid: str
    name: str
    data_type: str | None = None
    length: int | None = None
    length_text: str | None = None
    significant_digits: str | None = None
    sas_name: str | None = None
    display_format: str | None = None
    label: str | None = None
    origin_type: str | None = None
    origin_source: str | None = None
    origin_description: str | None = None
    origin_leaf_ids: tuple[str, ...] = ()
    codelist_oid: str | None = None
    value_list_oid: str | None = None
    comment_oid: str | None = None
    method_oid: str | None = None         # Define-XML 1.0 def:ComputationMethodOID
    line: int | None = None


@dataclass
class Dataset:
    """An ItemGroupDef."""

    oid: str
    name: str
    sas_name: str | None = None
    domain: str | None = None
    label: str | None = None
    class_: str | None = None
    structure: str | None = None
    purpose: str | None = None
    repeating: str | None = None
    is_reference_data: str | None = None
    archive_id: str | None = None
    comment_oid: str | None = None
    standard_oid: str | None = None
    is_nonstandard: str | None = None
    has_no_data: str | None = None
    refs: list[ItemRef] = field(default_factory=list)
    line: int | None = None

    @property
    def key(self) -> str:
        """The dataset name data files use (SASDatasetName, else Name), upper case."""
        return (self.sas_name or self.name or "").upper()


@dataclass
class ValueList:
    """A def:ValueListDef: the value-level ItemRefs of one variable."""

    oid: str
    refs: list[ItemRef] = field(default_factory=list)
    line: int | None = None


@dataclass
class Described:
    """A MethodDef or def:CommentDef: text, type and the leaves it points to."""

    oid: str
    name: str | None = None
    type: str | None = None
    description: str | None = None
    leaf_ids: tuple[str, ...] = ()
    line: int | None = None


@dataclass
class Leaf:
    """A def:leaf: a file the define points to."""

    id: str
    href: str | None
    title: str | None = None
    line: int | None = None


@dataclass
class Standard:
    """A def:Standard (Define-XML 2.1)."""

    oid: str
    name: str | None
    type: str | None
    version: str | None
    publishing_set: str | None = None
    line: int | None = None


@dataclass
class DefineModel:
    """Everything a check needs from one define.xml."""

    version: str | None                   # "1.0", "2.0", "2.1" (from the def namespace)
    define_version: str | None            # def:DefineVersion as written
    standard: str | None
    standard_version: str | None
    path: Path | None = None
    datasets: list[Dataset] = field(default_factory=list)
    items: dict[str, Item] = field(default_factory=dict)
    codelists: dict[str, CodeList] = field(default_factory=dict)
    value_lists: dict[str, ValueList] = field(default_factory=dict)
    where_clauses: dict[str, WhereClause] = field(default_factory=dict)
    methods: dict[str, Described] = field(default_factory=dict)
    comments: dict[str, Described] = field(default_factory=dict)
    leaves: dict[str, Leaf] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    stylesheet: str | None = None         # href of the xml-stylesheet processing instruction
    tree: etree._ElementTree | None = field(default=None, repr=False)

    def dataset(self, name: str) -> Dataset | None:
        """The ItemGroupDef of a dataset by its data name (``LBCH``, ``dm``)."""
        wanted = name.upper()
        return next((d for d in self.datasets if d.key == wanted), None)

    def variables(self, dataset: Dataset) -> list[ItemRef]:
        """The dataset's ItemRefs that name an ItemDef, in OrderNumber order (else as
        written)."""
        refs = [r for r in dataset.refs if r.item is not None]
        return sorted(refs, key=lambda r: (r.order is None, r.order or 0))

    def names(self) -> dict[str, set[str]]:
        """{dataset: variable names} (what the validator read before this model)."""
        return {d.key: {r.item.name.upper() for r in self.variables(d) if r.item}
                for d in self.datasets}

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path is not None else None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def attr(el: etree._Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (``def:Label`` or ``Label``)."""
    value = el.get(name)
    if value is not None:
        return value
    for key, val in el.attrib.items():
        if _local(key) == name:
            return val
    return None


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with this local name."""
    return [c for c in el if isinstance(c.tag, str) and _local(c.tag) == name]


def _child(el: etree._Element, name: str) -> etree._Element | None:
    found = children(el, name)
    return found[0] if found else None


def text_of(el: etree._Element | None) -> str | None:
    """The first TranslatedText under a Description (or the element's own text)."""
    if el is None:
        return None
    for sub in el.iter():
        if isinstance(sub.tag, str) and _local(sub.tag) == "TranslatedText":
            return (sub.text or "").strip()
    return (el.text or "").strip() or None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _leaf_ids(el: etree._Element) -> tuple[str, ...]:
    return tuple(d.get("leafID") or "" for d in el.iter()
                 if isinstance(d.tag, str) and _local(d.tag) == "DocumentRef")


def _item_ref(el: etree._Element) -> ItemRef:
    wheres = tuple(w.get("WhereClauseOID") or "" for w in children(el, "WhereClauseRef"))
    return ItemRef(item_oid=el.get("ItemOID") or "", mandatory=el.get("Mandatory"),
                   order=_int(el.get("OrderNumber")), key_sequence=_int(el.get("KeySequence")),
                   method_oid=el.get("MethodOID") or attr(el, "ComputationMethodOID"),
                   role=el.get("Role"), has_no_data=attr(el, "HasNoData"), where_oids=wheres,
                   line=el.sourceline)


def _item(el: etree._Element) -> Item:
    origin = _child(el, "Origin")
    code = _child(el, "CodeListRef")
    vlm = _child(el, "ValueListRef")
    label = text_of(_child(el, "Description")) or attr(el, "Label")
    if origin is not None:
        o_type, o_source = origin.get("Type"), origin.get("Source")
        o_text, o_leaves = text_of(_child(origin, "Description")), _leaf_ids(origin)
    else:   # Define-XML 1.0: Origin="CRF Page 12" as an attribute
        o_type, o_source, o_text, o_leaves = attr(el, "Origin"), None, None, ()
    return Item(oid=el.get("OID") or "", name=el.get("Name") or "",
                data_type=el.get("DataType"), length=_int(el.get("Length")),
                length_text=el.get("Length"), significant_digits=el.get("SignificantDigits"),
                sas_name=el.get("SASFieldName"), display_format=attr(el, "DisplayFormat"),
                label=label, origin_type=o_type, origin_source=o_source,
                origin_description=o_text, origin_leaf_ids=o_leaves,
                codelist_oid=code.get("CodeListOID") if code is not None else None,
                value_list_oid=vlm.get("ValueListOID") if vlm is not None else None,
                comment_oid=attr(el, "CommentOID") or None,
                method_oid=attr(el, "ComputationMethodOID"), line=el.sourceline)


def _dataset(el: etree._Element) -> Dataset:
    cls = _child(el, "Class")
    return Dataset(oid=el.get("OID") or "", name=el.get("Name") or "",
                   sas_name=el.get("SASDatasetName"), domain=el.get("Domain"),
                   label=text_of(_child(el, "Description")) or attr(el, "Label"),
                   class_=cls.get("Name") if cls is not None else attr(el, "Class"),
                   structure=attr(el, "Structure"), purpose=el.get("Purpose"),
                   repeating=el.get("Repeating"), is_reference_data=el.get("IsReferenceData"),
                   archive_id=attr(el, "ArchiveLocationID"), comment_oid=attr(el, "CommentOID"),
                   standard_oid=attr(el, "StandardOID"), is_nonstandard=attr(el, "IsNonStandard"),
                   has_no_data=attr(el, "HasNoData"),
                   refs=[_item_ref(r) for r in children(el, "ItemRef")], line=el.sourceline)


def _term(el: etree._Element) -> Term:
    alias = _child(el, "Alias")
    return Term(coded=el.get("CodedValue") or "", decode=text_of(_child(el, "Decode")),
                extended=(attr(el, "ExtendedValue") or "") == "Yes", rank=el.get("Rank"),
                order=el.get("OrderNumber"),
                nci_code=alias.get("Name") if alias is not None else None, line=el.sourceline)


def _codelist(el: etree._Element) -> CodeList:
    external = _child(el, "ExternalCodeList")
    alias = next((a for a in children(el, "Alias") if a.get("Context") == "nci:ExtCodeID"),
                 None)
    terms = [_term(t) for t in el if isinstance(t.tag, str)
             and _local(t.tag) in ("EnumeratedItem", "CodeListItem")]
    return CodeList(oid=el.get("OID") or "", name=el.get("Name") or "",
                    data_type=el.get("DataType"), terms=terms,
                    nci_code=alias.get("Name") if alias is not None else None,
                    dictionary=external.get("Dictionary") if external is not None else None,
                    dictionary_version=external.get("Version") if external is not None else None,
                    standard_oid=attr(el, "StandardOID"), is_nonstandard=attr(el, "IsNonStandard"),
                    comment_oid=attr(el, "CommentOID"), line=el.sourceline)


def _where(el: etree._Element) -> WhereClause:
    checks = [RangeCheck(item_oid=attr(r, "ItemOID"), comparator=r.get("Comparator") or "",
                         values=tuple((c.text or "").strip() for c in children(r, "CheckValue")),
                         soft_hard=r.get("SoftHard"), line=r.sourceline)
              for r in children(el, "RangeCheck")]
    return WhereClause(oid=el.get("OID") or "", checks=checks, comment_oid=attr(el, "CommentOID"),
                       line=el.sourceline)


def _described(el: etree._Element) -> Described:
    return Described(oid=el.get("OID") or "", name=el.get("Name"), type=el.get("Type"),
                     description=text_of(_child(el, "Description")) or (el.text or "").strip()
                     or None, leaf_ids=_leaf_ids(el), line=el.sourceline)


def _version(root: etree._Element) -> str | None:
    for ns in (root.nsmap or {}).values():
        if ns and (m := _DEF_NS.match(ns)):
            return m.group(1)
    return None


def _standard(mdv: etree._Element, standards: dict[str, Standard]) -> tuple[str | None, ...]:
    name, version = attr(mdv, "StandardName"), attr(mdv, "StandardVersion")
    if name is None:
        ig = next((s for s in standards.values() if (s.type or "").upper() == "IG"), None)
        name, version = (ig.name, ig.version) if ig else (None, None)
    return name, version


def _stylesheet(tree: etree._ElementTree) -> str | None:
    node = tree.getroot().getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            match = re.search(r'href\s*=\s*["\']([^"\']+)', node.text or "")
            return match.group(1) if match else None
        node = node.getprevious()
    return None


def _by_oid(found: list, key: str = "oid") -> dict:
    out: dict = {}
    for obj in found:
        out.setdefault(getattr(obj, key), obj)     # the first wins (duplicates are a check)
    return out


def model_of(tree: etree._ElementTree, path: Path | None = None) -> DefineModel:
    """The typed model of a parsed define.xml."""
    root = tree.getroot()
    mdv = next((e for e in root.iter() if isinstance(e.tag, str)
                and _local(e.tag) == "MetaDataVersion"), None)
    found: dict[str, list] = {}
    for el in (mdv.iter() if mdv is not None else ()):
        if isinstance(el.tag, str):
            found.setdefault(_local(el.tag), []).append(el)
    standards = _by_oid([Standard(s.get("OID") or "", s.get("Name"), s.get("Type"),
                                  s.get("Version"), s.get("PublishingSet"), s.sourceline)
                         for s in found.get("Standard", [])])
    name, version = _standard(mdv, standards) if mdv is not None else (None, None)
    model = DefineModel(
        version=_version(root), define_version=attr(mdv, "DefineVersion") if mdv is not None
        else None, standard=name, standard_version=version, path=path,
        datasets=[_dataset(e) for e in found.get("ItemGroupDef", [])],
        items=_by_oid([_item(e) for e in found.get("ItemDef", [])]),
        codelists=_by_oid([_codelist(e) for e in found.get("CodeList", [])]),
        value_lists=_by_oid([ValueList(e.get("OID") or "", [_item_ref(r) for r in
                                                             children(e, "ItemRef")],
                                       e.sourceline) for e in found.get("ValueListDef", [])]),
        where_clauses=_by_oid([_where(e) for e in found.get("WhereClauseDef", [])]),
        methods=_by_oid([_described(e) for e in found.get("MethodDef", [])]),
        comments=_by_oid([_described(e) for e in found.get("CommentDef", [])]),
        leaves=_by_oid([Leaf(e.get("ID") or "", e.get(XLINK_HREF) or attr(e, "href"),
                             text_of(_child(e, "title")), e.sourceline)
                        for e in found.get("leaf", [])], "id"),
        standards=standards, stylesheet=_stylesheet(tree), tree=tree)
    for ref in [r for d in model.datasets for r in d.refs] + \
            [r for v in model.value_lists.values() for r in v.refs]:
        ref.item = model.items.get(ref.item_oid)
    return model


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def read_define_bytes(data: bytes, path: Path | None = None) -> DefineModel:
    """The model of a define.xml given as bytes; not XML is a usage error naming the line."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        where = path or "define.xml"
        raise UsageError(f"{where}: line {exc.lineno}: not well-formed XML: {exc.msg}") from None
    return model_of(tree, path)


def read_define_model(path: Path) -> DefineModel:
    """The model of a define.xml on disk (any Define-XML version)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read define.xml: {exc.strerror}") from None
    return read_define_bytes(data, path)
