"""Parse ``study.yaml`` into a :class:`~cdisc_convert.spec.model.StudySpec`.

>>> from cdisc_convert.spec.yamlio import load_yaml_text
>>> s = parse_study(load_yaml_text("study: {studyid: X-1}\\n", "study.yaml"))
>>> s.studyid, s.usubjid_separator
('X-1', None)
>>> parse_study(load_yaml_text("study: {studyid: X-1}\\nusubjid: {separator: '-'}\\n",
...                            "study.yaml")).usubjid_separator
'-'
"""

from __future__ import annotations

import difflib
from typing import Any

from cdisc_convert.errors import SpecError
from cdisc_convert.spec import model as m
from cdisc_convert.spec.conversions import check_table
from cdisc_convert.spec.yamlio import LDict
from cdisc_convert.standards import versions

STUDY_KEYS = {"study", "standards", "arms", "visits", "unscheduled", "epochs", "assumptions",
              "eligibility", "codelists", "design", "explanations", "usubjid", "no_arm_codes"}
USUBJID_KEYS = {"separator"}
UNSCHEDULED_KEYS = {"labels", "step", "name"}
#: External dictionaries whose version a study names (in ``design.dictionaries``, or in
#: ``standards:``, which puts it there).
DICTIONARIES = ("MedDRA", "WHODrug")
#: ARMNRS terms a code in ``no_arm_codes`` may give (CDISC CT ARMNRS, C142179).
ARMNRS_TERMS = ("SCREEN FAILURE", "NOT ASSIGNED", "ASSIGNED, NOT TREATED",
                "UNPLANNED TREATMENT")


def _fail(doc: LDict, key: str | None, msg: str) -> SpecError:
    return SpecError(msg, file=doc.file, line=doc.line_of(key) if key else doc.line, key=key)


def _items(doc: LDict, key: str) -> list:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise _fail(doc, key, f"{key} must be a list")
    for item in value:
        if not isinstance(item, dict):
            raise _fail(doc, key, f"each entry of {key} must be a mapping")
    return value


def _check_standards(doc: LDict) -> dict[str, str]:
    given: LDict = doc.get("standards") or LDict()
    for name, version in given.items():
        if str(name).casefold() in {d.casefold() for d in DICTIONARIES}:
            continue                     # a dictionary version: see _dictionaries
        pinned = versions.STANDARDS.get(name)
        if pinned is None:
            raise _fail(given, name, f"unknown standard {name!r}; known: "
                        + ", ".join(versions.STANDARDS) + "; a dictionary version (MedDRA, "
                        "WHODrug) goes under design.dictionaries")
        if str(version) != pinned:
            raise _fail(given, name, f"{name} {version} requested, but this release of "
                        f"cdisc-convert implements {name} {pinned}")
    return dict(versions.STANDARDS)


def _visit(item: LDict) -> m.VisitSpec:
    for key in ("visitnum", "visit"):
        if key not in item:
            raise _fail(item, None, f"visit needs {key!r}")
    window = item.get("window")
    if window is not None and (not isinstance(window, list) or len(window) != 2):
        raise _fail(item, "window", "window must be [days before, days after]")
    return m.VisitSpec(float(item["visitnum"]), str(item["visit"]),
                       tuple(str(a) for a in item.get("aliases") or ()), item.get("day"),
                       (int(window[0]), int(window[1])) if window else None, item.get("epoch"),
                       item.get("start_rule"))


def _arm(item: LDict) -> m.ArmSpec:
    if "armcd" not in item or "arm" not in item:
        raise _fail(item, None, "arm needs 'armcd' and 'arm'")
    if len(str(item["armcd"])) > 20:
        raise _fail(item, "armcd", "ARMCD is limited to 20 characters")
    return m.ArmSpec(str(item["armcd"]), str(item["arm"]), item.get("type"),
                     item.get("description"), item.get("planned_subjects"),
                     tuple(item.get("elements") or ()))


def _epoch(item: LDict) -> m.EpochSpec:
    if "name" not in item:
        raise _fail(item, None, "epoch needs 'name'")
    return m.EpochSpec(str(item["name"]), item.get("starts"), int(item.get("offset_days", 0)))


def _mapping(doc: LDict, key: str) -> dict[str, Any]:
    value = doc.get(key) or {}
    if not isinstance(value, dict):
        raise _fail(doc, key, f"{key} must be a mapping")
    return value


def _usubjid_separator(doc: LDict) -> str | None:
    """``usubjid: {separator: "-"}``: how USUBJID is built by default (None: not said)."""
    if "usubjid" not in doc:
        return None
    value = doc["usubjid"]
    if not isinstance(value, LDict) or set(value) - USUBJID_KEYS:
        raise _fail(doc, "usubjid", 'usubjid must be {separator: "-"} (USUBJID = STUDYID, the '
                    "separator and the subject column of the records source)")
    separator = value.get("separator", "-")
    if not isinstance(separator, str):
        raise _fail(value, "separator", f"separator must be text, not {separator!r}")
    return separator


def _design(doc: LDict) -> dict[str, Any]:
    """``design:``, with a dictionary version given under ``standards:`` (``MedDRA: "27.0"``,
    as define.xml's DEF-META note suggests) moved to ``design.dictionaries``, the one place
    the define builder and the spec checker read; given in both places, they must agree."""
    design = _mapping(doc, "design")
    given: LDict = doc.get("standards") or LDict()
    names = {d.casefold(): d for d in DICTIONARIES}
    moved = {names[str(k).casefold()]: str(v) for k, v in given.items()
             if str(k).casefold() in names}
    if not moved:
        return design
    dictionaries = dict(design.get("dictionaries") or {})
    for name, version in moved.items():
        if str(dictionaries.get(name, version)) != version:
            raise _fail(given, name, f"{name} {version} here but {dictionaries[name]} in "
                        "design.dictionaries: name the version once")
        dictionaries[name] = version
    return {**design, "dictionaries": dictionaries}


def _check_conversions(design: dict) -> None:
    """Each table of ``design.conversions`` well formed (units in CDISC UNIT spelling),
    so ``spec check`` finds a wrong unit key, at its line."""
    tables = design.get("conversions")
    if tables is None:
        return
    if not isinstance(tables, dict):
        raise _fail(_located(design), "conversions",
                    "design.conversions must map a table name to {test: {unit, from, decimals}}")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise _fail(_located(tables), name, f"conversion table {name} must map tests to "
                        "{unit, from, decimals}")
        try:
            check_table(table)
        except ValueError as exc:
            test = str(exc).split(":", 1)[0]
            inside = isinstance(table, LDict) and test in table
            raise _fail(_located(table if inside else tables), test if inside else name,
                        f"design.conversions.{name}: {exc}") from None


def _located(doc: object) -> LDict:
    """``doc`` when it knows its lines (read from YAML), else an empty located mapping."""
    return doc if isinstance(doc, LDict) else LDict()


def _unscheduled(doc: LDict) -> tuple[tuple[str, ...], float, str]:
    """``unscheduled: [UNS, UNSCHEDULED]`` (labels) or ``{labels, step, name}``; absent:
    the defaults (labels UNS/UNSCHEDULED, step 0.01, name ``UNSCHEDULED {visitnum}``); an
    empty list: no label means an unscheduled visit."""
    default = m.StudySpec("X")
    value = doc.get("unscheduled")
    if value is None:
        return default.unscheduled, default.unscheduled_step, default.unscheduled_name
    if isinstance(value, list):
        value = LDict(labels=value)
    if not isinstance(value, dict) or set(value) - UNSCHEDULED_KEYS:
        raise _fail(doc, "unscheduled", "unscheduled must be a list of raw visit-label "
                    "prefixes, or {labels: [UNS], step: 0.01, name: 'UNSCHEDULED {visitnum}'}")
    labels = value.get("labels", list(default.unscheduled))
    step = value.get("step", default.unscheduled_step)
    name = value.get("name", default.unscheduled_name)
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise _fail(doc, "unscheduled", "unscheduled labels must be a list of texts")
    if isinstance(step, bool) or not isinstance(step, int | float) or not 0 < step < 1:
        raise _fail(doc, "unscheduled", f"unscheduled step must be a number between 0 and 1 "
                    f"(0.01 numbers 3.01, 3.02 ...), not {step!r}")
    if not isinstance(name, str) or "{visitnum}" not in name:
        raise _fail(doc, "unscheduled", "unscheduled name must be a text holding {visitnum}, "
                    f"e.g. 'UNSCHEDULED {{visitnum}}', not {name!r}")
    return tuple(labels), float(step), name


def _no_arm_codes(doc: LDict) -> dict[str, str]:
    codes = _mapping(doc, "no_arm_codes")
    for code, reason in codes.items():
        if reason not in ARMNRS_TERMS:
            raise _fail(doc, "no_arm_codes", f"no_arm_codes: {code}: {reason!r} is not an "
                        f"ARMNRS term; one of {', '.join(ARMNRS_TERMS)}")
    return {str(k): str(v) for k, v in codes.items()}


def parse_study(doc: LDict) -> m.StudySpec:
    """Check and convert the parsed ``study.yaml`` mapping."""
    for key in doc:
        if key not in STUDY_KEYS:
            close = difflib.get_close_matches(str(key), sorted(STUDY_KEYS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise _fail(doc, key, f"unknown key{hint}; allowed: {', '.join(sorted(STUDY_KEYS))}")
    study = doc.get("study")
    if not isinstance(study, LDict) or not study.get("studyid"):
        raise _fail(doc, "study", "study.studyid is required")
    ts = study.get("timestamp")
    visits = tuple(_visit(v) for v in _items(doc, "visits"))
    nums = [v.visitnum for v in visits]
    if len(set(nums)) != len(nums):
        raise _fail(doc, "visits", "VISITNUM values must be unique")
    unscheduled, step, uns_name = _unscheduled(doc)
    design = _design(doc)
    _check_conversions(design)
    return m.StudySpec(
        studyid=str(study["studyid"]), title=study.get("title", ""),
        sponsor=study.get("sponsor", ""), registry_id=study.get("registry_id"),
        protocol=study.get("protocol"), timestamp=str(ts) if ts else None,
        standards=_check_standards(doc),
        arms=tuple(_arm(a) for a in _items(doc, "arms")), visits=visits,
        unscheduled=unscheduled, unscheduled_step=step, unscheduled_name=uns_name,
        no_arm_codes=_no_arm_codes(doc),
        epochs=tuple(_epoch(e) for e in _items(doc, "epochs")),
        assumptions=tuple(str(a) for a in doc.get("assumptions") or ()),
        eligibility=_mapping(doc, "eligibility"), codelists=_mapping(doc, "codelists"),
        design=design,
        explanations={str(k): str(v) for k, v in _mapping(doc, "explanations").items()},
        usubjid_separator=_usubjid_separator(doc), where=m.Where(doc.file, 1))
