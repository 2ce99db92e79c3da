"""Engine behaviour: check-errors, lazy import, quiet GE, study suite files, define.xml."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.registry import VALIDATION_SUITE, Entry
from cdisc_convert.validate.engine import validate_frames, validate_workspace
from cdisc_convert.validate.frames import workspace
from cdisc_convert.validate.gx import run_suite
from cdisc_convert.validate.model import Check
from cdisc_convert.validate.study import load_suite


def test_crashing_expectation_is_a_check_error_and_the_rest_runs():
    df = pd.DataFrame({"SEX": ["M", "X"]})
    res = run_suite(df, [Check("CT-NONEXT", "DM", "expect_column_values_to_be_in_set",
                               {"column": "NOPE", "value_set": ["M"]}),
                         Check("CT-NONEXT", "DM", "expect_no_such_thing", {"column": "SEX"}),
                         Check("CT-NONEXT", "DM", "expect_column_values_to_be_in_set",
                               {"column": "SEX", "value_set": ["M"]})])
    assert [r.error is not None for r in res] == [True, True, False]
    assert res[2].index == [1]


def test_crashing_suite_builder_is_a_check_error(monkeypatch):
    len(VALIDATION_SUITE)     # load the built-in suites first

    def boom(ws, name):
        raise RuntimeError("broken builder")
    monkeypatch.setitem(VALIDATION_SUITE._entries, "boom",
                        Entry("boom", boom, meta={"kinds": ("SDTM",)}))
    report = validate_frames({"DM": pd.DataFrame({"USUBJID": ["S1"], "SEX": ["X"]})})
    errors = [f for f in report.findings if f.code == "CHECK-ERROR"]
    assert len(errors) == 1 and "broken builder" in errors[0].message
    assert errors[0].severity == "error" and errors[0].dataset == "DM"
    assert any(f.rule_id == "CT-NONEXT" for f in report.findings)   # the run went on


def test_missing_column_in_study_suite_is_a_check_error(tmp_path, specs):
    from dataclasses import replace
    suite = tmp_path / "x.json"
    suite.write_text(json.dumps({"name": "x", "meta": {"dataset": "DM"}, "expectations": [
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "WEIGHT",
         "min_value": 1}, "meta": {"rule_id": "X-1", "severity": "error",
                                   "message": "{value}"}}]}))
    ws = workspace({"DM": pd.DataFrame({"USUBJID": ["S1"]})},
                   specs=replace(specs, expectations=(suite,)))
    report = validate_workspace(ws, only={"X-1"})
    assert [(f.code, f.rule_id) for f in report.findings] == [("CHECK-ERROR", "X-1")]


def test_only_a_core_rule_builds_no_suite(monkeypatch):
    """``--only CORE-...`` runs that rule without building the built-in suites; a built-in
    id among ``only`` builds them (and runs only it)."""
    len(VALIDATION_SUITE)
    built = []

    def spy(ws, name):
        built.append(name)
        return []
    monkeypatch.setitem(VALIDATION_SUITE._entries, "spy",
                        Entry("spy", spy, meta={"kinds": ("SDTM",)}))
    dm = {"DM": pd.DataFrame({"STUDYID": ["S"], "DOMAIN": ["DM"], "USUBJID": ["S1"],
                              "SEX": ["X"]})}
    core = validate_frames(dm, only={"CORE-000001"})
    assert built == [] and not core.checks
    mine = validate_frames(dm, only={"CT-NONEXT"})
    assert built == ["DM"] and {f.rule_id for f in mine.findings} == {"CT-NONEXT"}


def test_built_in_rules_report_the_records_they_checked():
    """A built-in rule's status names the records its checks looked at, per dataset (the
    most of any one check), as CORE rules' statuses do."""
    dm = {"DM": pd.DataFrame({"STUDYID": ["S"] * 3, "DOMAIN": ["DM"] * 3,
                              "USUBJID": ["S1", "S2", "S3"], "SEX": ["X", "M", None]})}
    status = {s.id: s for s in validate_frames(dm).status}
    assert status["CT-NONEXT"].status == "issues"
    assert status["CT-NONEXT"].records == {"DM": 2}   # SEX: the records holding a value


def test_great_expectations_is_imported_lazily():
    code = ("import sys, cdisc_convert.cli, cdisc_convert.cli.validate, "
            "cdisc_convert.validate.step; print('great_expectations' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_no_progress_bars_no_files(tmp_path, monkeypatch, capfd):
    monkeypatch.chdir(tmp_path)
    validate_frames({"DM": pd.DataFrame({"USUBJID": ["S1"], "SEX": ["X"]})})
    captured = capfd.readouterr()
    assert "Calculating Metrics" not in captured.err + captured.out
    assert list(tmp_path.iterdir()) == []          # no gx/ folder, no analytics files


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # string row conditions (GX 1.9+)
def test_study_suites_are_great_expectations_suites(specs):
    import great_expectations as gx
    assert specs.expectations
    for path in specs.expectations:
        doc = json.loads(path.read_text(encoding="utf-8"))
        suite = gx.ExpectationSuite(**doc)
        assert len(suite.expectations) == len(doc["expectations"])
        assert load_suite(path).rules


def test_suite_without_dataset_is_a_spec_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "bad", "expectations": []}))
    with pytest.raises(SpecError, match="meta.dataset"):
        load_suite(path)


def test_mapping_findings_are_their_own_rule_group():
    from cdisc_convert.findings import Finding
    mapped = [Finding("MAP-DECODE", "warning", "coded and decoded disagree", "DM", "SEX")]
    report = validate_frames({"DM": pd.DataFrame({"USUBJID": ["S1"]})}, mapping=mapped,
                             only=set())
    assert [(f.rule_id, f.severity) for f in report.findings] == [("MAP-DECODE", "warning")]
    assert report.rules["MAP-DECODE"].group == "mapping"
