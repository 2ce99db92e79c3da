"""One parametrised runner for every rule's pass/fail cases (tests/validate/cases/<RULE>.yaml).

A case gives small datasets (``sdtm:``/``adam:`` as {dataset: {column: [values]}};
numbers become Num, everything else Char with '' for null), optionally ``specs: true``
(the CHEC2023-226 study specs and suites), ``define:`` ({dataset: [variables]}) or
``xpt: true`` (XPT limit checks), ``labels:`` ({dataset: {variable: label}}),
``formats:`` ({dataset: {variable: SAS format}}; a dataset named with no formats has none)
or ``dataset_labels:`` ({dataset: label}). Only the case's rule runs. A ``fail`` case lists
the exact findings (dataset, row, variable, value); a ``pass`` case expects none.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from cdisc_convert.validate.engine import validate_workspace, xpt_findings
from cdisc_convert.validate.frames import workspace

CASES = Path(__file__).parent / "cases"


def _load_cases() -> list:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("pass", "fail"):
            for case in doc.get(kind) or []:
                out.append(pytest.param(doc["rule"], kind, case,
                                        id=f"{doc['rule']}:{kind}:{case['name']}"))
    return out


def frame(columns: dict) -> pd.DataFrame:
    data = {}
    for name, values in columns.items():
        numeric = all(v is None or (isinstance(v, int | float) and not isinstance(v, bool))
                      for v in values)
        data[name] = (pd.Series(values, dtype="float64") if numeric
                      else pd.Series(["" if v is None else str(v) for v in values], dtype=str))
    return pd.DataFrame(data)


def run_case(rule_id: str, case: dict, specs=None):
    sdtm = {k: frame(v) for k, v in (case.get("sdtm") or {}).items()}
    adam = {k: frame(v) for k, v in (case.get("adam") or {}).items()}
    ws = workspace(sdtm, adam, specs=specs if case.get("specs") else None)
    for name, labels in (case.get("labels") or {}).items():
        ws.labels[name] = labels
    for name, formats in (case.get("formats") or {}).items():
        ws.formats[name] = formats or {}
    ws.dataset_labels.update(case.get("dataset_labels") or {})
    if case.get("define"):
        ws.define = {k: set(v) for k, v in case["define"].items()}
    extra = [f for f in xpt_findings(ws) if f.rule_id == rule_id] if case.get("xpt") else []
    report = validate_workspace(ws, only={rule_id}, extra=extra)
    return [f for f in report.findings if f.rule_id == rule_id or f.code == "CHECK-ERROR"]


def _key(f) -> tuple:
    return (f["dataset"], f.get("row"), f.get("variable"), f.get("value"))


@pytest.mark.parametrize(("rule_id", "kind", "case"), _load_cases())
def test_rule_case(rule_id, kind, case, specs):
    findings = run_case(rule_id, case, specs)
    errors = [f.message for f in findings if f.code == "CHECK-ERROR"]
    assert not errors, errors
    got = sorted((_key(vars(f)) for f in findings), key=str)
    if kind == "pass":
        assert got == []
    else:
        want = sorted((_key(f) for f in case["findings"]), key=str)
        assert got == want
        severity = case.get("severity")
        if severity:
            assert {f.severity for f in findings} == {severity}


def test_every_rule_has_pass_and_fail_cases(specs):
    from cdisc_convert.validate.rules import builtin_rules
    from cdisc_convert.validate.study import load_suites
    rules = set(builtin_rules()) | {r for s in load_suites(specs.expectations) for r in s.rules}
    rules -= {"CHECK-ERROR", "DATASET-UNREADABLE"}   # engine rules: tested in test_engine.py
    rules -= {"DD0101"}   # judges the folder, not data: tested in test_define_presence.py
    from cdisc_convert.registry import DEFINE_CHECK
    # define.xml checks: their pass/fail cases are tests/validate/define_checks/
    rules -= {c for entry in DEFINE_CHECK for c in entry.meta["codes"]}
    covered: dict[str, set[str]] = {}
    # rule files (rules/cdisc-convert/<ID>/): their cases are beside them in CORE's layout,
    # run by tests/validate/own_rules/
    from cdisc_convert.validate.own_rules import own_rule_dirs
    for folder in own_rule_dirs():
        kinds = {"pass" if k == "positive" else "fail" for k in ("positive", "negative")
                 if any((folder / "cases" / k).glob("*/results/results.csv"))}
        covered[folder.name] = kinds
    for p in _load_cases():
        rule_id, kind, _ = p.values
        covered.setdefault(rule_id, set()).add(kind)
    missing = sorted(r for r in rules if covered.get(r) != {"pass", "fail"})
    assert not missing, f"rules without both pass and fail cases: {missing}"
