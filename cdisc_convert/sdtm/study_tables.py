"""Tables made from the study spec, so trial design domains are built like any other.

A dataset spec names them as sources: ``file: study:elements`` (TE rows),
``study:arms`` (one row per arm and element: TA), ``study:visits`` (TV),
``study:design.<key>`` (any list of rows under ``design:`` in study.yaml, e.g.
``trial_summary`` for TS, ``criteria`` for TI). Values are text, like raw CSV.

>>> from cdisc_convert.spec.model import StudySpec, VisitSpec
>>> t = study_table(StudySpec("S", visits=(VisitSpec(1, "SCREENING", day=-21, window=(0, 20)),)),
...                 "study:visits")
>>> t.frame[["VISITNUM", "VISIT", "VISITDY", "TVSTRL"]].values.tolist()
[['1', 'SCREENING', '-21', 'Start of Screening visit (planned day -21, window -0/+20 days)']]
>>> t.frame["TVENRL"].tolist()
['End of Screening visit: its last assessment, at the latest on day -1']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cdisc_convert.errors import SpecError
from cdisc_convert.io.raw import FILE, ROW, RawTable
from cdisc_convert.spec.model import StudySpec, VisitSpec


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _elements(study: StudySpec) -> list[dict]:
    rows = study.design.get("elements") or []
    if not isinstance(rows, list):
        raise SpecError("design.elements must be a list of elements", file=study.where.file)
    return [dict(r) for r in rows]


def _arms(study: StudySpec) -> list[dict]:
    elements = {str(e.get("ETCD")): e for e in _elements(study)}
    rows = []
    for arm in study.arms:
        for order, etcd in enumerate(arm.elements, start=1):
            el = elements.get(etcd)
            if el is None:
                raise SpecError(f"arm {arm.armcd} names element {etcd!r}, which is not in "
                                "design.elements", file=study.where.file)
            rows.append({"ARMCD": arm.armcd, "ARM": arm.arm, "TAETORD": order, "ETCD": etcd,
                         "ELEMENT": el.get("ELEMENT"), "EPOCH": el.get("EPOCH"),
                         "TABRANCH": el.get("TABRANCH") if order == 1 else None,
                         "TATRANS": None})
    return rows


def _end_rule(v: VisitSpec) -> str:
    """TVENRL: the visit ends with its last assessment, at the latest on the last day of
    its window (planned day + days after; day 1 follows day -1, there is no day 0)."""
    if v.day is None or v.window is None:
        return f"End of {v.visit.title()} visit: its last assessment (when needed)"
    last = v.day + v.window[1]
    if v.day < 0 <= last:
        last += 1
    return f"End of {v.visit.title()} visit: its last assessment, at the latest on day {last}"


def _visits(study: StudySpec) -> list[dict]:
    rows = []
    for v in study.visits:
        if v.day is None and v.window is None:
            rule = f"Start of {v.visit.title()} visit (when needed)"
        else:
            rule = f"Start of {v.visit.title()} visit (planned day {v.day}"
            rule += f", window -{v.window[0]}/+{v.window[1]} days)" if v.window else ")"
        rows.append({"VISITNUM": _num(v.visitnum), "VISIT": v.visit,
                     "VISITDY": v.day, "TVSTRL": rule, "TVENRL": _end_rule(v),
                     "EPOCH": v.epoch})
    return rows


def study_table(study: StudySpec, name: str) -> RawTable:
    """``study:<table>`` -> a RawTable of text values with trace keys (row = position)."""
    key = name.split(":", 1)[1]
    if key == "elements":
        rows = _elements(study)
    elif key == "arms":
        rows = _arms(study)
    elif key == "visits":
        rows = _visits(study)
    elif key.startswith("design."):
        listed = study.design.get(key.split(".", 1)[1])
        if not isinstance(listed, list):
            raise SpecError(f"{name}: study.yaml has no list design.{key.split('.', 1)[1]}",
                            file=study.where.file)
        rows = listed
    else:
        raise SpecError(f"unknown study table {name!r}; known: study:elements, study:arms, "
                        "study:visits, study:design.<key>", file=study.where.file)
    frame = pd.DataFrame([{k: (None if v is None else str(v)) for k, v in dict(r).items()}
                          for r in rows]).astype(object)
    frame = frame.where(frame.notna(), None)
    frame[FILE], frame[ROW] = name, range(1, len(frame) + 1)
    return RawTable(name, Path(study.where.file or "study.yaml"), frame, "utf-8")


def domain_table(domains: dict[str, pd.DataFrame], name: str) -> RawTable:
    """``domain:AE`` -> the built AE records (with their raw trace keys) as a source."""
    dom = name.split(":", 1)[1].upper()
    if dom not in domains:
        raise SpecError(f"source {name!r} needs {dom} built first (add it to depends_on)")
    frame = domains[dom].copy()
    for col in frame.columns:
        if col not in (FILE, ROW):
            frame[col] = frame[col].map(_text)
    return RawTable(name, Path(name), frame, "utf-8")


def _text(v: object) -> object:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
