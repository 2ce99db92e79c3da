"""study.yaml <-> the Study sheet (Attribute, Value), and its dictionaries <-> Dictionaries.

P21's attributes (StudyName, StudyDescription, ProtocolName) come first; every other part
of study.yaml follows as one row per key, its value written as YAML (``design`` one row per
part: ``design.trial_summary`` ...). Dictionary versions have their own sheet.

>>> study = m.StudySpec("S-1", title="A study", usubjid_separator="-")
>>> rows = study_rows(study)
>>> rows[:3]
[['StudyName', 'S-1'], ['StudyDescription', 'A study'], ['ProtocolName', None]]
>>> ['usubjid', "{separator: '-'}"] in rows
True
"""

from __future__ import annotations

from typing import Any

from cdisc_convert.spec import model as m
from cdisc_convert.spec.workbook.sheets import STUDY_ATTRIBUTES
from cdisc_convert.spec.workbook.yamltext import cell_text, plain

#: ``study:`` keys besides P21's attributes, in study.yaml's order.
STUDY_EXTRAS = ("sponsor", "registry_id", "timestamp")


def study_document(study: m.StudySpec) -> dict[str, Any]:
    """study.yaml as a plain document, from the loaded study (dictionaries left out:
    they are the Dictionaries sheet)."""
    head = {"studyid": study.studyid, "title": study.title, "sponsor": study.sponsor,
            "registry_id": study.registry_id, "protocol": study.protocol,
            "timestamp": study.timestamp}
    doc: dict[str, Any] = {"study": {k: v for k, v in head.items() if v not in (None, "")}}
    if study.usubjid_separator is not None:
        doc["usubjid"] = {"separator": study.usubjid_separator}
    doc["standards"] = dict(study.standards)
    doc["arms"] = [_arm(a) for a in study.arms]
    doc["visits"] = [_visit(v) for v in study.visits]
    doc["unscheduled"] = {"labels": list(study.unscheduled), "step": study.unscheduled_step,
                          "name": study.unscheduled_name}
    doc["no_arm_codes"] = dict(study.no_arm_codes)
    doc["epochs"] = [_drop_empty({"name": e.name, "starts": e.starts,
                                  "offset_days": e.offset_days or None}) for e in study.epochs]
    doc["eligibility"] = plain(study.eligibility)
    doc["design"] = {k: plain(v) for k, v in study.design.items() if k != "dictionaries"}
    doc["assumptions"] = list(study.assumptions)
    doc["explanations"] = dict(study.explanations)
    return {k: v for k, v in doc.items() if v not in ({}, [])}


def _drop_empty(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, "", [], ())}


def _arm(arm: m.ArmSpec) -> dict[str, Any]:
    return _drop_empty({"armcd": arm.armcd, "arm": arm.arm, "type": arm.type,
                        "description": arm.description, "planned_subjects": arm.planned_subjects,
                        "elements": list(arm.elements)})


def _visit(visit: m.VisitSpec) -> dict[str, Any]:
    num = int(visit.visitnum) if float(visit.visitnum).is_integer() else visit.visitnum
    return _drop_empty({"visitnum": num, "visit": visit.visit, "aliases": list(visit.aliases),
                        "day": visit.day, "window": list(visit.window) if visit.window else None,
                        "epoch": visit.epoch, "start_rule": visit.start_rule})


def study_rows(study: m.StudySpec) -> list[list[Any]]:
    """The Study sheet's rows (without the header)."""
    doc = study_document(study)
    head = doc.pop("study")
    rows: list[list[Any]] = [[attr, head.get(key)] for attr, key in STUDY_ATTRIBUTES.items()]
    rows += [[f"study.{key}", head[key]] for key in STUDY_EXTRAS if key in head]
    for key, value in doc.items():
        if key == "design":
            rows += [[f"design.{part}", cell_text(v)] for part, v in value.items()]
        else:
            rows.append([key, cell_text(value)])
    return rows


def dictionary_rows(study: m.StudySpec) -> list[list[Any]]:
    """The Dictionaries sheet's rows: one per dictionary version the study names."""
    given = study.design.get("dictionaries") or {}
    return [[name, name, "text", name, str(version)] for name, version in given.items()]
