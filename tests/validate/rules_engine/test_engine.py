"""The engine: scope, versions, sensitivity, `--`, Match Datasets, skipped and errors."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.rule_engine import load_core_rules, run_rules
from cdisc_convert.validate.rulefile import load_rule_text

HEAD = """
Core: {Id: CORE-T00001}
Authorities:
  - Organization: CDISC
    Standards: [{Name: SDTMIG, Version: "3.4", References: [{Rule Identifier: {Id: CG9999}}]}]
Outcome: {Message: bad, Output Variables: [--OCCUR, --STAT]}
"""


def rule(body: str):
    return load_rule_text(HEAD + body, "test.yml")


AE = pd.DataFrame({"STUDYID": "S", "DOMAIN": "AE", "USUBJID": ["1", "2", "3"],
                   "AESEQ": [1, 2, 3], "AEOCCUR": ["N", "Y", "N"],
                   "AESTAT": ["", "", "NOT DONE"], "AESTDTC": ["2020-01-01"] * 3})
CM = pd.DataFrame({"DOMAIN": "CM", "USUBJID": ["1"], "CMSEQ": [1], "CMOCCUR": ["N"],
                   "CMSTAT": [""], "CMTRT": ["X"]})
DM = pd.DataFrame({"DOMAIN": "DM", "USUBJID": ["1", "2"], "RFSTDTC": ["2020-02-01", "2019-01-01"]})
RECORD = """
Check: {all: [{name: --OCCUR, operator: equal_to, value: N}, {name: --STAT, operator: empty}]}
Rule Type: Record Data
Scope: {Classes: {Include: [EVENTS]}, Domains: {Include: [ALL]}}
Sensitivity: Record
"""


def test_record_findings_name_rule_record_subject_and_seq():
    run = run_rules({"AE": AE, "CM": CM, "DM": DM}, rules=[rule(RECORD)])
    assert [(f.dataset, f.row, f.usubjid, f.seq) for f in run.findings] == [("AE", 1, "1", 1.0)]
    f = run.findings[0]
    assert (f.code, f.rule_id, f.severity, f.message, f.variable) == (
        "CORE-T00001", "CORE-T00001", "error", "bad", "AEOCCUR")
    assert f.extra == {"variables": {"AEOCCUR": "N", "AESTAT": ""}, "cdisc": ["CG9999"]}
    assert run.records_checked["CORE-T00001"] == {"AE": 3}  # CM is Interventions: not in scope


def test_dataset_sensitivity_reports_once_per_dataset():
    body = RECORD.replace("Sensitivity: Record", "Sensitivity: Dataset").replace(
        "[EVENTS]", "[ALL]")
    run = run_rules({"AE": AE, "CM": CM}, rules=[rule(body)])
    assert sorted((f.dataset, f.row) for f in run.findings) == [("AE", None), ("CM", None)]


def test_domain_exclude():
    body = RECORD.replace("Domains: {Include: [ALL]}", "Domains: {Exclude: [AE]}")
    assert run_rules({"AE": AE}, rules=[rule(body)]).findings == []


def test_version_not_listed_is_skipped():
    run = run_rules({"AE": AE}, rules=[rule(RECORD)], sdtmig_version="3.2")
    assert run.findings == [] and "not a rule of SDTMIG 3.2" in run.skipped["CORE-T00001"]


def test_unknown_rule_type_and_operator_are_skipped_with_the_reason():
    define = RECORD.replace("Record Data", "Define Item Metadata Check against Library Metadata")
    run = run_rules({"AE": AE}, rules=[rule(define)])
    assert "define.xml" in run.skipped["CORE-T00001"]
    unknown = RECORD.replace("operator: empty", "operator: is_purple")
    assert "is_purple" in run_rules({"AE": AE}, rules=[rule(unknown)]).skipped["CORE-T00001"]


def test_a_rule_that_raises_is_a_check_error():
    body = RECORD.replace("{name: --STAT, operator: empty}",
                          "{name: AESEQ, operator: longer_than, value: not-a-number}")
    run = run_rules({"AE": AE}, rules=[rule(body)])
    assert "AE: ValueError" in run.errors["CORE-T00001"]
    assert "CORE-T00001" in run.executed and run.findings == []


def test_match_datasets_and_operations():
    body = """
Check:
  all:
    - {name: AESTDTC, operator: date_less_than, value: RFSTDTC}
    - {name: USUBJID, operator: is_contained_by, value: $dm_usubjid}
Operations: [{id: $dm_usubjid, operator: distinct, domain: DM, name: USUBJID}]
Match Datasets: [{Name: DM, Keys: [USUBJID]}]
Rule Type: Record Data
Scope: {Domains: {Include: [AE]}}
Sensitivity: Record
"""
    run = run_rules({"AE": AE, "DM": DM}, rules=[rule(body)])
    assert [(f.dataset, f.row) for f in run.findings] == [("AE", 1)]


def test_domain_presence_and_variable_metadata():
    presence = """
Check: {all: [{name: AE, operator: exists}, {name: DM, operator: not_exists}]}
Rule Type: Domain Presence Check
Scope: {Domains: {Include: [ALL]}}
Sensitivity: Study
"""
    run = run_rules({"AE": AE}, rules=[rule(presence)])
    assert [(f.dataset, f.row) for f in run.findings] == [("STUDY", None)]
    labels = """
Check: {all: [{name: variable_label, operator: longer_than, value: 5}]}
Rule Type: Variable Metadata Check
Scope: {Domains: {Include: [ALL]}}
Sensitivity: Record
"""
    meta = {"AE": {"variables": {"AESEQ": {"label": "Sequence Number"}}}}
    run = run_rules({"AE": AE}, rules=[rule(labels)], dataset_meta=meta)
    assert [(f.dataset, f.row) for f in run.findings] == [("AE", 4)]


def test_whole_catalogue_runs_without_check_errors():
    run = run_rules({"AE": AE, "CM": CM, "DM": DM})
    assert run.errors == {}
    assert len(run.executed) + len(run.skipped) == len(load_core_rules())


def test_operations_are_not_run_when_a_plain_condition_fails_every_record(monkeypatch):
    """CORE-001034's shape: ``--REPNUM exists`` fails on a dataset without it, so the record
    count per group (the expensive part) is never computed; with the variable it is."""
    from dataclasses import replace

    from cdisc_convert.registry import RULE_OPERATION
    calls = []
    entry = RULE_OPERATION.get("record_count")

    def spy(ctx, **params):
        calls.append(ctx.target.name)
        return entry.func(ctx, **params)
    monkeypatch.setitem(RULE_OPERATION._entries, "record_count", replace(entry, func=spy))
    body = """
Check: {all: [{name: --REPNUM, operator: exists},
              {name: $n, operator: greater_than, value: 1}]}
Operations: [{id: $n, operator: record_count, group: [USUBJID]}]
Rule Type: Record Data
Scope: {Classes: {Include: [ALL]}, Domains: {Include: [AE]}}
Sensitivity: Record
"""
    assert run_rules({"AE": AE}, rules=[rule(body)]).findings == [] and calls == []
    with_repnum = AE.assign(AEREPNUM=1.0, USUBJID="1")
    found = run_rules({"AE": with_repnum}, rules=[rule(body)]).findings
    assert calls == ["AE"] and [f.row for f in found] == [1, 2, 3]
