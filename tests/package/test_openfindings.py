"""Open findings from report.json, read tolerantly, with the spec's explanations."""

from __future__ import annotations

import json

import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.package.openfindings import open_findings
from tests.package.conftest import REPORT, STUDY


def write(tmp_path, doc):
    p = tmp_path / "report.json"
    p.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return p


def test_summary_rows_errors_then_warnings_with_explanations(tmp_path):
    rows, counts = open_findings(write(tmp_path, REPORT), STUDY.explanations)
    assert counts == {"error": 2, "warning": 3, "notice": 1}
    assert [(r.severity, r.dataset, r.rule, r.count) for r in rows] == [
        ("error", "AE", "MAP-NONASCII", 1), ("error", "DM", "REQ-NULL", 1),
        ("warning", "LB", "CT-EXT", 3)]                        # notices are not "open"
    assert [r.explanation for r in rows] == ["A query is open.", None, "Sponsor terms."]
    assert rows[2].code == "ct-ext"                            # code from the rules list


@pytest.mark.parametrize("doc", [
    {"findings": [{"code": "ct-ext", "severity": "warning", "dataset": "LB", "message": "m"},
                  {"code": "ct-ext", "severity": "warning", "dataset": "LB", "message": "m"},
                  {"code": "x", "severity": "notice"}]},
    [{"code": "ct-ext", "rule_id": "", "severity": "WARNING", "dataset": "LB", "count": 2}],
])
def test_findings_only_or_a_bare_list_are_grouped(tmp_path, doc):
    rows, counts = open_findings(write(tmp_path, doc), STUDY.explanations)
    assert [(r.severity, r.rule, r.dataset, r.count, r.explanation) for r in rows] == [
        ("warning", "ct-ext", "LB", 2, "Sponsor terms.")]
    assert counts["warning"] == 2


def test_unreadable_report_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read the validation report"):
        open_findings(write(tmp_path, "{not json"), {})



def test_dataset_scoped_explanation_wins(tmp_path):
    rows, _ = open_findings(write(tmp_path, REPORT), {"LB.CT-EXT": "LB only", "CT-EXT": "any"})
    assert rows[-1].explanation == "LB only"


BIG = {**REPORT, "findings": [{"code": "ct-ext", "severity": "warning", "dataset": "LB",
                               "message": 'a "findings": [ in a value'}] * 1000}


@pytest.mark.parametrize("text", [
    json.dumps(BIG), json.dumps(BIG, indent=1), json.dumps({**BIG, "findings": []}),
    json.dumps({"findings": BIG["findings"], **REPORT}),        # findings first: parsed all
    json.dumps({"summary": [], "rules": [], "counts": {}, "findings": BIG["findings"]}),
    "{}", " [ ] "])
def test_the_report_read_up_to_its_findings_says_what_the_whole_report_says(tmp_path, text):
    from cdisc_convert.package.openfindings import read_head, read_report
    whole = json.loads(text)
    whole = {"findings": whole} if isinstance(whole, list) else whole
    head = read_head(text)
    got = read_report(write(tmp_path, text))
    assert got == (whole if head is None else {k: v for k, v in whole.items()
                                                if k != "findings"})
    assert open_findings(write(tmp_path, text), {}) == open_findings(
        write(tmp_path, json.dumps(whole)), {})


def test_a_report_cut_short_in_its_findings_is_still_a_data_error(tmp_path):
    text = json.dumps(BIG, indent=1)
    with pytest.raises(DataError, match="cannot read the validation report"):
        open_findings(write(tmp_path, text[:-500]), {})
