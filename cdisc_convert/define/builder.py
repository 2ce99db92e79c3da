"""Build a Define-XML 2.1 document for one set of datasets (SDTM or ADaM) from spec and data.

The spec gives labels, origins, methods, comments and codelists; the data gives lengths,
data types, significant digits, the codelist terms used and the value-level slices. Same
inputs, same bytes: nothing here reads the clock or the file system.

>>> import pandas as pd
>>> from datetime import datetime
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec, VariableSpec
>>> ae = DatasetSpec("AE", "Adverse Events", "SDTMIG", class_="EVENTS",
...                  structure="One record per adverse event per subject",
...                  variables=(VariableSpec("AESER", "Serious Event", codelist="NY"),))
>>> built = build_define(StudySpec("S1"), {"AE": ae}, {"AE": pd.DataFrame({"AESER": ["Y"]})},
...                      datetime(2025, 1, 1))
>>> built.xml.splitlines()[1]
b'<?xml-stylesheet type="text/xsl" href="define2-1.xsl"?>'
>>> b'<CodeList OID="CL.NY"' in built.xml
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from lxml import etree

from cdisc_convert import __version__, vector
from cdisc_convert.define.arm import analysis_results
from cdisc_convert.define.codelists import Codelists
from cdisc_convert.define.dictionaries import study_dictionaries
from cdisc_convert.define.items import Parts, add_dataset
from cdisc_convert.define.odm import E, safe_oid_part, simple
from cdisc_convert.spec.model import DatasetSpec, StudySpec
from cdisc_convert.standards import versions
from cdisc_convert.standards.ct import ADAM_CT, DEFINE_CT, SDTM_CT

#: File name of the stylesheet written beside every define.xml.
STYLESHEET = "define2-1.xsl"
#: The reviewer's guide each define references: (file beside define.xml, leaf title).
REVIEWERS_GUIDE = {"SDTMIG": ("csdrg.pdf", "Clinical Study Data Reviewer's Guide"),
                   "ADaMIG": ("adrg.pdf", "Analysis Data Reviewer's Guide")}
#: CT package -> (Standard OID, PublishingSet).
CT_STANDARDS = {SDTM_CT: ("STD.CT.SDTM", "SDTM"), ADAM_CT: ("STD.CT.ADaM", "ADaM"),
                DEFINE_CT: ("STD.CT.DEFINE", "DEFINE-XML")}
#: Dataset order in the document: by class, then by name.
CLASS_ORDER = ("TRIAL DESIGN", "SPECIAL PURPOSE", "INTERVENTIONS", "EVENTS", "FINDINGS",
               "FINDINGS ABOUT", "RELATIONSHIP", "STUDY REFERENCE",
               "SUBJECT LEVEL ANALYSIS DATASET", "ADSL")


@dataclass
class Define:
    """A built define.xml (bytes) and notes on what could not be stated."""

    xml: bytes
    notes: list[str] = field(default_factory=list)
    datasets: tuple[str, ...] = ()


def ig_standard(datasets: dict[str, DatasetSpec]) -> tuple[str, str]:
    """(Name, Version) of the implementation guide these datasets follow."""
    adam = any(d.standard.upper().startswith("ADAM") for d in datasets.values())
    return ("ADaMIG", versions.ADAMIG) if adam else ("SDTMIG", versions.SDTMIG)


def dataset_order(ds: DatasetSpec) -> tuple:
    cls = (ds.class_ or "").upper()
    rank = CLASS_ORDER.index(cls) if cls in CLASS_ORDER else len(CLASS_ORDER)
    return (ds.domain != "ADSL", rank, ds.domain)


def build_define(study: StudySpec, datasets: dict[str, DatasetSpec],
                 frames: dict[str, pd.DataFrame], timestamp: datetime,
                 stylesheet: str = STYLESHEET, files: dict[str, str] | None = None) -> Define:
    """define.xml for the datasets that have both a spec and data; ``files`` names the file
    written for each dataset (``{"LB": "lb.json"}``; default the spec's ``lb.xpt``). The
    distinct values of a column are found once for every fact stated of it."""
    with vector.shared_columns():
        return _build_define(study, datasets, frames, timestamp, stylesheet, files)


def _build_define(study: StudySpec, datasets: dict[str, DatasetSpec],
                  frames: dict[str, pd.DataFrame], timestamp: datetime,
                  stylesheet: str, files: dict[str, str] | None) -> Define:
    notes = [f"{name}: no dataset spec; left out of define.xml"
             for name in sorted(frames) if name.upper() not in datasets]
    chosen = sorted((datasets[n.upper()] for n in frames if n.upper() in datasets),
                    key=dataset_order)
    ig_name, ig_version = ig_standard({d.domain: d for d in chosen} or datasets)
    book = Codelists(study.codelists, study_dictionaries(study))
    std_oids = {"IG": f"STD.{ig_name}"} | {p: oid for p, (oid, _) in CT_STANDARDS.items()}
    parts = Parts(book, std_oids, files={n.upper(): f for n, f in (files or {}).items()},
                  study=study)
    frame_by_name = {n.upper(): f for n, f in frames.items()}
    for ds in chosen:
        add_dataset(parts, ds, frame_by_name[ds.domain])
    codelists = book.elements(std_oids)
    root = _odm(study, timestamp, ig_name, ig_version)
    mdv = root.find(".//{*}MetaDataVersion")
    mdv.append(_standards(ig_name, ig_version, book.packages()))
    _documents(mdv, parts, ig_name)
    arm = analysis_results(study.design.get("analysis_results"), parts, {
        d.domain: set(frame_by_name[d.domain].columns) for d in chosen}) \
        if ig_name == "ADaMIG" else None
    for el in (*parts.value_lists, *parts.where_clauses.values(), *parts.item_groups,
               *parts.item_defs, *codelists, *parts.methods, *parts.comments, *parts.leaves):
        mdv.append(el)
    if arm is not None:
        mdv.append(arm)
    notes += book.notes + parts.notes
    return Define(serialize(root, stylesheet), notes, tuple(d.domain for d in chosen))


def _odm(study: StudySpec, timestamp: datetime, ig_name: str, ig_version: str):
    kind = "ADaM" if ig_name == "ADaMIG" else "SDTM"
    sid = study.studyid
    root = E("ODM", ODMVersion=versions.ODM, FileType="Snapshot",
             FileOID=f"{sid}.{kind}.Define-XML_{versions.DEFINE_XML}",
             CreationDateTime=timestamp.isoformat(timespec="seconds"),
             Originator=study.sponsor or None, SourceSystem="cdisc-convert",
             SourceSystemVersion=__version__, def_Context="Submission")
    gv = E("GlobalVariables", simple("StudyName", sid),
           simple("StudyDescription", " ".join((study.title or sid).split())),
           simple("ProtocolName", study.protocol or sid))
    mdv = E("MetaDataVersion", OID=f"MDV.{sid}.{ig_name}.{ig_version}",
            Name=f"Study {sid}, {kind} Data Definitions",
            Description=f"{kind} datasets of study {sid}",
            def_DefineVersion=versions.DEFINE_XML)
    root.append(E("Study", gv, mdv, OID=f"STDY.{sid}"))
    return root


def _standards(ig_name: str, ig_version: str, packages: set[str]):
    el = E("def:Standards")
    el.append(E("def:Standard", OID=f"STD.{ig_name}", Name=ig_name, Type="IG",
                Version=ig_version, Status="Final"))
    release = {SDTM_CT: versions.CT_SDTM, ADAM_CT: versions.CT_ADAM, DEFINE_CT: versions.CT_DEFINE}
    for package, (oid, publishing_set) in CT_STANDARDS.items():
        if package in packages:
            el.append(E("def:Standard", OID=oid, Name="CDISC/NCI", Type="CT",
                        PublishingSet=publishing_set, Version=release[package], Status="Final"))
    return el


def _documents(mdv, parts: Parts, ig_name: str) -> None:
    """def:AnnotatedCRF (when an Origin cites a page) and def:SupplementalDoc: the
    reviewer's guide (cSDRG or ADRG, written by the package beside define.xml) first."""
    href, title = REVIEWERS_GUIDE[ig_name]
    leaf_id = "LF." + safe_oid_part(href)       # the ID a comment's document gets (items.py)
    named = [lf for lf in parts.leaves if lf.get("ID") == leaf_id]
    for lf in named:
        parts.leaves.remove(lf)
    parts.leaves.insert(0, E("def:leaf", simple("def:title", title), ID=leaf_id,
                             xlink_href=href))
    if parts.pages:
        mdv.append(E("def:AnnotatedCRF", E("def:DocumentRef", leafID="LF.acrf")))
        parts.leaves.insert(0, E("def:leaf", simple("def:title", "Annotated CRF"),
                                 ID="LF.acrf", xlink_href="acrf.pdf"))
    docs = [lf.get("ID") for lf in parts.leaves if lf.get("ID") != "LF.acrf"]
    if docs:
        mdv.append(E("def:SupplementalDoc", *(E("def:DocumentRef", leafID=d) for d in docs)))


def serialize(root, stylesheet: str = STYLESHEET) -> bytes:
    """UTF-8 bytes with the XML declaration and the ``xml-stylesheet`` instruction."""
    tree = etree.ElementTree(root)
    if stylesheet:
        root.addprevious(etree.ProcessingInstruction(
            "xml-stylesheet", f'type="text/xsl" href="{stylesheet}"'))
    root.addprevious(etree.Comment(" Define-XML 2.1 written by cdisc-convert "))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
