"""Study suites: Great Expectations suite JSON in ``specs/<study>/expectations/*.json``.

Each file is an ordinary GE 1.x suite (``name``, ``expectations``: ``type``,
``kwargs``, ``meta``) with two additions read here:

- suite ``meta.dataset``: the SDTM domain or ADaM dataset the suite runs on
  (every split dataset of the domain; skipped with a note when absent);
- expectation ``meta``: ``rule_id``, ``severity``, ``message`` (required), and
  ``code``, ``title``, ``variable``, ``p21``, ``fda``, ``core`` (optional).

Limits may be ``{"$PARAMETER": "eligibility_hba1c_min"}``: the values come from
``study.yaml`` ``eligibility`` (flattened as ``eligibility_<key>_<field>``), so
the protocol limits live in one place.

Specs are data: an expectation restricts its rows with ``meta.where``, a condition in
the same form as mapping specs (``{column: VISIT, equals: SCREENING}``, ``all``/``any``/
``not``), evaluated by :mod:`cdisc_convert.spec.conditions`. A GE ``row_condition``
string is refused, since GE would hand it to pandas ``query``. Conditions may use the
helper columns ``_ENRL`` (Y: randomized subject), ``_AGE``, ``_SEX``, ``_ARMCD`` and, for
findings domains, ``_XULN`` (--STRESN / --STNRHI: times the upper limit of normal).

>>> flatten_parameters({"hba1c": {"min": 7.5, "unit": "%"}, "age": {"max": 70}})
{'eligibility_hba1c_min': 7.5, 'eligibility_age_max': 70}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.errors import SpecError
from cdisc_convert.spec import conditions
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.rules import Rule, make_rule

RULE_META = {"rule_id", "severity", "message", "code", "title", "variable", "p21", "fda",
             "core", "description"}


@dataclass
class StudySuite:
    """One suite file: the dataset it runs on, its checks and the rules they define."""

    path: Path
    name: str
    dataset: str
    expectations: list[dict]
    rules: dict[str, Rule] = field(default_factory=dict)


def flatten_parameters(eligibility: dict[str, Any]) -> dict[str, Any]:
    """Numeric eligibility limits as suite parameters ``eligibility_<key>_<field>``."""
    out = {}
    for key, limits in (eligibility or {}).items():
        if isinstance(limits, dict):
            for name, value in limits.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    out[f"eligibility_{key}_{name}"] = value
    return out


def load_suite(path: Path) -> StudySuite:
    """Read and check one suite file; mistakes raise SpecError naming the file."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SpecError(f"cannot read expectation suite: {exc}", file=path) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("expectations"), list):
        raise SpecError("an expectation suite needs an 'expectations' list", file=path)
    dataset = str((doc.get("meta") or {}).get("dataset") or "").upper()
    if not dataset:
        raise SpecError("suite meta.dataset (the dataset it runs on) is missing", file=path)
    suite = StudySuite(Path(path), str(doc.get("name") or Path(path).stem), dataset,
                       doc["expectations"])
    for i, exp in enumerate(doc["expectations"]):
        meta = exp.get("meta") or {}
        if not exp.get("type") or not isinstance(exp.get("kwargs"), dict):
            raise SpecError("each expectation needs 'type' and 'kwargs'", file=path,
                            key=f"expectations[{i}]")
        if "row_condition" in exp["kwargs"] or "condition_parser" in exp["kwargs"]:
            raise SpecError("row_condition strings are not evaluated (specs are data): give "
                            "the condition as meta.where, e.g. {\"all\": [{\"column\": "
                            "\"VISIT\", \"equals\": \"SCREENING\"}]}", file=path,
                            key=f"expectations[{i}].kwargs.row_condition")
        if "where" in meta and not isinstance(meta["where"], dict):
            raise SpecError("meta.where must be a condition mapping", file=path,
                            key=f"expectations[{i}].meta.where")
        rule_doc = {k: v for k, v in meta.items() if k in RULE_META and k != "variable"}
        rule_doc["id"] = rule_doc.pop("rule_id", None)
        rule_doc.setdefault("group", "study")
        rule_doc.setdefault("code", "study-check")
        rule_doc["source"] = Path(path).name
        rule = make_rule(rule_doc, str(path))
        if rule.id in suite.rules and suite.rules[rule.id] != rule:
            raise SpecError(f"rule {rule.id} is defined twice with different metadata",
                            file=path, key=f"expectations[{i}]")
        suite.rules[rule.id] = rule
    return suite


def load_suites(paths: tuple[Path, ...] | list[Path]) -> list[StudySuite]:
    return [load_suite(p) for p in paths]


def add_finding_helpers(ws: Workspace, name: str) -> None:
    """``_XULN`` = --STRESN / --STNRHI on findings datasets (for 'x ULN' limits)."""
    frame, p = ws.frames[name], ws.domain[name][:2]
    if f"{p}STRESN" in frame.columns and f"{p}STNRHI" in frame.columns and "_XULN" not in frame:
        hi = frame[f"{p}STNRHI"].where(frame[f"{p}STNRHI"] > 0)
        ws.add(name, "_XULN", frame[f"{p}STRESN"] / hi)


def suite_checks(ws: Workspace, suite: StudySuite) -> tuple[list[Check], list[str]]:
    """Checks of a suite on every dataset holding its domain; notes for skipped suites."""
    targets = [n for n in ws.frames if ws.kind.get(n) and (
        ws.domain.get(n) == suite.dataset or n == suite.dataset)]
    if not targets:
        return [], [f"study suite {suite.path.name} not run: no {suite.dataset} dataset"]
    checks, notes = [], []
    for name in targets:
        add_finding_helpers(ws, name)
        for i, exp in enumerate(suite.expectations):
            meta = exp.get("meta") or {}
            rule = suite.rules[meta["rule_id"]]
            kwargs = dict(exp["kwargs"])
            if meta.get("where"):
                helper, note = where_column(ws, name, meta["where"], f"{suite.path.stem}_{i}")
                if note:
                    notes.append(f"{suite.path.name} expectations[{i}] on {name}: {note}")
                kwargs.update(row_condition=f'{helper} == "Y"', condition_parser="pandas")
            checks.append(Check(rule.id, name, exp["type"], kwargs,
                                variable=meta.get("variable"), severity=rule.severity))
    return checks, notes


def where_column(ws: Workspace, name: str, where: dict, key: str) -> tuple[str, str | None]:
    """Evaluate a ``meta.where`` condition into a helper column ``_W_<key>`` (Y/N).

    A condition naming a column the dataset lacks selects no rows, with a note.
    """
    frame = ws.frames[name]
    helper = "_W_" + "".join(c if c.isalnum() else "_" for c in key)
    try:
        mask = conditions.evaluate(where, lambda c: frame[c] if c in frame.columns else None)
        note = None
    except conditions.ConditionError as exc:
        mask, note = pd.Series(False, index=frame.index), f"not checked: {exc}"
    # Y/N as a category: a byte a record (a study suite adds one such column per condition)
    ws.add(name, helper, pd.Categorical.from_codes(mask.to_numpy(dtype=bool).astype(np.int8),
                                                   categories=["N", "Y"]))
    return helper, note
