"""One dataset's metadata: ``ItemGroupDef``, its ``ItemDef``s, value-level lists, methods,
comments and the dataset ``def:leaf``, collected into a :class:`Parts`.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, VariableSpec
>>> from cdisc_convert.define.codelists import Codelists
>>> dm = DatasetSpec("DM", "Demographics", "SDTMIG", class_="SPECIAL PURPOSE",
...                  keys=("STUDYID", "USUBJID"), variables=(
...                  VariableSpec("USUBJID", "Unique Subject Identifier", core="Req"),
...                  VariableSpec("AGE", "Age", type="Num")))
>>> parts = Parts(Codelists({}), {"SDTMIG": "STD.SDTMIG"})
>>> add_dataset(parts, dm, pd.DataFrame({"USUBJID": ["S-001"], "AGE": [54.0]}))
>>> [(d.get("OID"), d.get("DataType"), d.get("Length")) for d in parts.item_defs]
[('IT.DM.USUBJID', 'text', '5'), ('IT.DM.AGE', 'integer', '2')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cdisc_convert.define.codelists import Codelists
from cdisc_convert.define.facts import Facts, is_number, present
from cdisc_convert.define.methods import method_text
from cdisc_convert.define.odm import E, safe_oid_part, simple, text_el
from cdisc_convert.define.vlm import Slice, parent_facts, value_slices, where_mask, where_text
from cdisc_convert.spec.model import DatasetSpec, Origin, StudySpec, VariableSpec
from cdisc_convert.standards import ig
from cdisc_convert.vector import distinct_rows

ORIGIN_SOURCES = ("Investigator", "Sponsor", "Subject", "Vendor")
#: Spec class or structure names -> Define-XML ItemGroupClass terms.
CLASS_ALIASES = {"ADSL": "SUBJECT LEVEL ANALYSIS DATASET", "BDS": "BASIC DATA STRUCTURE",
                 "OCCDS": "OCCURRENCE DATA STRUCTURE", "TTE": "BASIC DATA STRUCTURE",
                 "SPECIAL-PURPOSE": "SPECIAL PURPOSE", "TRIAL DESIGN MODEL": "TRIAL DESIGN"}
SUBCLASS_ALIASES = {"TTE": "TIME-TO-EVENT", "AE": "ADVERSE EVENT"}


@dataclass
class Parts:
    """Everything a define collects, in document order within each kind."""

    codelists: Codelists
    standard_oids: dict[str, str]
    value_lists: list = field(default_factory=list)
    where_clauses: dict = field(default_factory=dict)     # OID -> element
    item_groups: list = field(default_factory=list)
    item_defs: list = field(default_factory=list)
    methods: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    leaves: list = field(default_factory=list)
    pages: bool = False                                     # an Origin cites an aCRF page
    #: Dataset name -> the file written for it (``lb.json``); default the spec's ``lb.xpt``.
    files: dict[str, str] = field(default_factory=dict)
    #: The study (its tables are stated in method texts).
    study: StudySpec | None = None
    notes: list[str] = field(default_factory=list)


def dataset_variables(ds: DatasetSpec, frame: pd.DataFrame) -> list[VariableSpec]:
    """Spec variables present in the data, then data columns the spec lacks (IG label)."""
    names = set(frame.columns)
    out = [v for v in ds.variables if v.name in names]
    known = {v.name for v in out}
    for name in frame.columns:
        if name not in known:
            ig_var = ig.sdtmig_variable(ds.domain[:2], name) if len(name) > 2 else None
            label = ig_var.label if ig_var is not None else name
            xpt = "Num" if pd.api.types.is_numeric_dtype(frame[name]) else "Char"
            out.append(VariableSpec(name, label, type=xpt, origin=Origin("Not Available")))
    return out


def add_dataset(parts: Parts, ds: DatasetSpec, frame: pd.DataFrame) -> None:
    """Add one dataset (its ItemGroupDef and everything it references) to ``parts``."""
    name = ds.domain
    slices = value_slices(ds, frame)
    refs = []
    for order, var in enumerate(dataset_variables(ds, frame), start=1):
        method_oid = _method(parts, ds, var)
        refs.append(E("ItemRef", ItemOID=f"IT.{name}.{var.name}", OrderNumber=order,
                      Mandatory="Yes" if var.core == "Req" else "No",
                      KeySequence=ds.keys.index(var.name) + 1 if var.name in ds.keys else None,
                      MethodOID=method_oid,
                      Role=var.role if _is_sdtm(ds) and var.role else None))
        vl_oid = f"VL.{name}.{var.name}" if slices.get(var.name) else None
        parts.item_defs.append(_item_def(parts, ds, var, frame, parent_facts(var, frame), vl_oid,
                                         skip_numbers=bool(vl_oid),
                                         terms=not (vl_oid and _slice_codelists(
                                             frame[var.name], slices[var.name]))))
        _value_list(parts, ds, var, frame, slices.get(var.name, []))
    parts.item_groups.append(_item_group(parts, ds, refs))


def _is_sdtm(ds: DatasetSpec) -> bool:
    return not ds.standard.upper().startswith("ADAM")


def _item_group(parts: Parts, ds: DatasetSpec, refs: list):
    name = ds.domain
    leaf_id = f"LF.{name}"
    one_per_subject = name in ("DM", "ADSL") or ds.structure.lower().strip(" .") == (
        "one record per subject")
    comment = _comment(parts, f"COM.{name}", ds.comment, ds.documents)
    el = E("ItemGroupDef", OID=f"IG.{name}", Domain=_domain(ds),
           Name=name, SASDatasetName=name, Repeating="No" if one_per_subject else "Yes",
           IsReferenceData="Yes" if ds.reference_data else "No",
           Purpose="Tabulation" if _is_sdtm(ds) else "Analysis",
           def_Structure=ds.structure or "One record per record",
           def_StandardOID=parts.standard_oids.get("IG"), def_ArchiveLocationID=leaf_id,
           def_CommentOID=comment)
    el.append(text_el("Description", ds.label))
    for ref in refs:
        el.append(ref)
    el.append(_class(ds))
    file_name = parts.files.get(name, ds.file_name)
    leaf = E("def:leaf", simple("def:title", file_name), ID=leaf_id, xlink_href=file_name)
    el.append(leaf)
    return el


def _domain(ds: DatasetSpec) -> str | None:
    if not _is_sdtm(ds):
        return None
    return ds.domain[4:] if ds.domain.startswith("SUPP") else ds.domain


def _class(ds: DatasetSpec):
    name = (ds.class_ or "").strip().upper()
    name = CLASS_ALIASES.get(name, CLASS_ALIASES.get(ds.structure.upper(), name))
    el = E("def:Class", Name=name)
    if ds.subclass:
        sub = ds.subclass.strip().upper()
        el.append(E("def:SubClass", Name=SUBCLASS_ALIASES.get(sub, sub)))
    return el


def _method(parts: Parts, ds: DatasetSpec, var: VariableSpec,
            oid: str | None = None) -> str | None:
    """MethodDef of a derived variable (its algorithm in words, with the spec's text); its
    OID. A derived variable nothing describes gets a note instead."""
    if var.origin.type != "Derived":
        return None
    oid = oid or f"MT.{ds.domain}.{var.name}"
    if any(m.get("OID") == oid for m in parts.methods):
        return oid
    text = method_text(var, ds, parts.study or StudySpec(""))
    if text is None:
        parts.notes.append(f"{ds.domain}.{var.name}: derived, but neither the spec nor an "
                           "algorithm says how (no MethodDef)")
        return None
    parts.methods.append(E("MethodDef", text_el("Description", text), OID=oid,
                           Name=f"Algorithm for {ds.domain}.{var.name}", Type="Computation"))
    return oid


def _comment(parts: Parts, oid: str, text: str | None, documents=()) -> str | None:
    """def:CommentDef (with DocumentRefs to ``documents``) when there is anything to say."""
    if not text and not documents:
        return None
    if any(c.get("OID") == oid for c in parts.comments):
        return oid
    el = E("def:CommentDef", OID=oid)
    el.append(text_el("Description", text or "See " + ", ".join(documents)))
    for doc in documents:
        leaf_id = "LF." + safe_oid_part(doc)
        el.append(E("def:DocumentRef", leafID=leaf_id))
        if all(lf.get("ID") != leaf_id for lf in parts.leaves):
            parts.leaves.append(E("def:leaf", simple("def:title", doc), ID=leaf_id,
                                  xlink_href=doc))
    parts.comments.append(el)
    return oid


def _origin(parts: Parts, origin: Origin | None):
    if origin is None:
        return None
    if origin.type == "Predecessor":
        text = text_el("Description", origin.predecessor) if origin.predecessor else None
        return E("def:Origin", text, Type="Predecessor")
    source = origin.source if origin.source in ORIGIN_SOURCES else None
    if source is None and origin.type in ("Derived", "Assigned", "Protocol"):
        source = "Sponsor"
    if origin.type == "Not Available":
        source = None
    el = E("def:Origin", Type=origin.type, Source=source)
    if origin.page and origin.type == "Collected":
        parts.pages = True
        ref = E("def:DocumentRef", leafID="LF.acrf")
        ref.append(E("def:PDFPageRef", PageRefs=origin.page, Type="PhysicalRef"))
        el.append(ref)
    return el


def _slice_codelists(values: pd.Series, slices: list[Slice]) -> bool:
    """True when the value-level items, not the parent, carry the codelists: the values are
    partly numbers, or the slices name codelists of their own (DSDECOD by DSCAT)."""
    return _has_numbers(values) or any(sl.codelist for sl in slices)


def _has_numbers(values: pd.Series) -> bool:
    """True when a column holds numbers: numeric, or text that reads as a number or a limit
    (``7.2``, ``>33.3``, ``<=0.1``); such values are not terms of a codelist.

    >>> _has_numbers(pd.Series(["NEG", ">33.3"])), _has_numbers(pd.Series(["NEG", "1+"]))
    (True, False)
    """
    got = present(values)
    if pd.api.types.is_numeric_dtype(values):
        return not got.empty
    return bool(pd.Series(got.astype(str).unique()).map(
        lambda v: is_number(v.lstrip("<>=").strip())).any())


def _item_def(parts: Parts, ds: DatasetSpec, var: VariableSpec, frame: pd.DataFrame,
              facts: Facts, vl_oid: str | None, skip_numbers: bool = False, terms: bool = True):
    """``terms=False``: no codelist (a result variable whose values are partly numbers: its
    value-level items carry the codelist where the values are terms)."""
    oid = f"IT.{ds.domain}.{var.name}"
    note = var.method if var.method and var.origin.type != "Derived" else None
    text = " ".join(t for t in (var.comment, note) if t) or None
    comment = _comment(parts, f"COM.{ds.domain}.{var.name}", text)
    data_type = var.data_type or facts.data_type
    cl_oid = parts.codelists.use(var, frame, ds.domain, skip_numbers=skip_numbers) \
        if terms else None
    el = E("ItemDef", OID=oid, Name=var.name, DataType=data_type, Length=facts.length,
           SignificantDigits=var.significant_digits or facts.significant_digits,
           SASFieldName=var.name, def_DisplayFormat=var.display_format, def_CommentOID=comment)
    el.append(text_el("Description", var.label or var.name))
    if cl_oid:
        el.append(E("CodeListRef", CodeListOID=cl_oid))
    origin = _origin(parts, var.origin)
    if origin is not None:
        el.append(origin)
    if vl_oid:
        el.append(E("def:ValueListRef", ValueListOID=vl_oid))
    return el


def _slice_rows(frame: pd.DataFrame, slices: list[Slice]):
    """``slice -> its records``, with one grouping pass per set of where-clause variables."""
    index: dict[tuple[str, ...], dict] = {}
    for names in {tuple(k for k, _ in sl.where) for sl in slices}:
        if set(names) - set(frame.columns):
            continue
        keys = [where_text(frame[n]).to_numpy() for n in names]
        groups = pd.Series(np.arange(len(frame))).groupby(keys).indices
        index[names] = {(k if isinstance(k, tuple) else (k,)): v for k, v in groups.items()}

    def rows(sl: Slice) -> pd.DataFrame:
        names = tuple(k for k, _ in sl.where)
        if names not in index:
            return frame[where_mask(frame, sl.where)]
        return frame.iloc[index[names].get(tuple(str(v) for _, v in sl.where), [])]
    return rows


def _value_list(parts: Parts, ds: DatasetSpec, var: VariableSpec, frame: pd.DataFrame,
                slices: list[Slice]) -> str | None:
    """def:ValueListDef of ``var`` plus its WhereClauseDefs and value-level ItemDefs."""
    if not slices:
        return None
    name = ds.domain
    vl = E("def:ValueListDef", OID=f"VL.{name}.{var.name}")
    wanted = [var.name, var.name[:-2], *(k for sl in slices for k, _ in sl.where)]
    # what the items read (values, code-decode pairs): one record a distinct combination
    frame = distinct_rows(frame, list(dict.fromkeys(c for c in wanted if c in frame.columns)))
    rows_of = _slice_rows(frame, slices)
    for order, sl in enumerate(slices, start=1):
        if sl.note:
            parts.notes.append(f"{name}.{sl.note}")
        key = ".".join(f"{safe_oid_part(k)}.{safe_oid_part(v)}" for k, v in sl.where)
        wc_oid = f"WC.{name}.{key}"
        item_oid = f"IT.{name}.{var.name}.{'.'.join(safe_oid_part(v) for _, v in sl.where)}"
        if wc_oid not in parts.where_clauses:
            parts.where_clauses[wc_oid] = _where_clause(wc_oid, name, sl)
        sliced = VariableSpec(var.name, _slice_label(var, sl), type=var.type,
                              codelist=sl.codelist or var.codelist, make=var.make,
                              origin=sl.origin or var.origin, method=sl.method)
        rows = rows_of(sl)
        own = sl.method != var.method
        own_oid = item_oid.replace("IT.", "MT.", 1) if own else None
        method_oid = _method(parts, ds, sliced, own_oid)
        ref = E("ItemRef", ItemOID=item_oid, OrderNumber=order, Mandatory="No",
                MethodOID=method_oid)
        ref.append(E("def:WhereClauseRef", WhereClauseOID=wc_oid))
        vl.append(ref)
        item = _item_def(parts, ds, sliced, rows, sl.facts, None, skip_numbers=True,
                         terms=bool(sl.codelist) or not _has_numbers(rows[var.name]))
        item.set("OID", item_oid)
        parts.item_defs.append(item)
    parts.value_lists.append(vl)
    return vl.get("OID")


def _slice_label(var: VariableSpec, sl: Slice) -> str:
    if sl.label:
        return sl.label
    what = ", ".join(f"{k} = {v}" for k, v in sl.where)
    unit = f" [{', '.join(sl.units)}]" if sl.units else ""
    return f"{var.label or var.name} where {what}{unit}"


def _where_clause(oid: str, dataset: str, sl: Slice):
    el = E("def:WhereClauseDef", OID=oid)
    for name, value in sl.where:
        check = E("RangeCheck", Comparator="EQ", SoftHard="Soft",
                  def_ItemOID=f"IT.{dataset}.{name}")
        check.append(simple("CheckValue", value))
        el.append(check)
    return el
