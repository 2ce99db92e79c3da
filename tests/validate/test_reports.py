"""Report files: JSON, self-contained HTML, valid JUnit XML, XLSX with the P21 sheets."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from lxml import etree

from cdisc_convert.validate.engine import validate_frames
from cdisc_convert.validate.report import write_reports
from cdisc_convert.validate.report.console import summary_lines


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    report = validate_frames({"DM": pd.DataFrame({
        "STUDYID": ["S", "S"], "DOMAIN": ["DM", "DM"], "USUBJID": ["S1", "S2"],
        "SUBJID": ["1", "2"], "SITEID": ["01", "01"], "SEX": ["M", "Male"],
        "COUNTRY": ["CHN", "CHN"], "AGE": [40.0, 0.0]})})
    out = tmp_path_factory.mktemp("reports")
    return report, out, write_reports(report, out)


def test_all_files_written(written):
    _, out, paths = written
    assert sorted(p.name for p in paths) == ["junit.xml", "report.html", "report.json",
                                             "report.xlsx"]


def test_json_counts_and_findings(written):
    report, out, _ = written
    doc = json.loads((out / "report.json").read_text())
    assert doc["counts"]["error"] == report.counts()["error"] >= 1
    sex = [f for f in doc["findings"] if f["rule_id"] == "CT-NONEXT"]
    assert sex == [{**sex[0], "dataset": "DM", "row": 2, "usubjid": "S2", "value": "Male"}]
    assert doc["standards"]["SDTM CT"] == "2025-03-28"


def test_html_is_self_contained(written):
    _, out, _ = written
    html = (out / "report.html").read_text()
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "CT-NONEXT" in html and "S2" in html


def test_junit_one_case_per_rule_and_dataset(written):
    _, out, _ = written
    root = etree.parse(str(out / "junit.xml")).getroot()
    names = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(names) == len(set(names)) and ("DM", "CT-NONEXT") in names
    failing = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert int(root.get("failures")) == len(failing) >= 1


def test_xlsx_sheets(written):
    openpyxl = pytest.importorskip("openpyxl")
    _, out, _ = written
    wb = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    assert wb.sheetnames == ["Issue Summary", "Details", "Rules"]
    header = next(wb["Details"].iter_rows(values_only=True))
    assert header[:4] == ("Domain", "Record", "USUBJID", "--SEQ")


def test_console_summary_worst_first(written):
    report, _, _ = written
    lines = summary_lines(report)
    assert lines[0].startswith("Validation: ")
    worst = [line for line in lines if line.startswith("  ERROR") or line.startswith("  WARN")]
    assert worst and worst[0].startswith("  ERROR")


def test_every_report_carries_the_rule_statuses(written):
    """html, json, junit and xlsx agree on which rules ran, passed, did not apply or did not
    run (CORE's rules run too; on a DM alone most of them do not apply)."""
    import openpyxl
    report, out, _ = written
    status = {st.id: st.status for st in report.status}
    assert status["CT-NONEXT"] == "issues" and "not applicable" in status.values()
    doc = json.loads((out / "report.json").read_text())
    assert {r["id"]: r["status"] for r in doc["rule_status"]} == status
    assert doc["choice"]["version"] == "3.4"
    html = (out / "report.html").read_text()
    assert "<h2>Rules run</h2>" in html and "Standard: SDTMIG 3.4" in html
    root = etree.parse(str(out / "junit.xml")).getroot()
    rules = root.find("testsuite[@name='(rules)']")
    skipped = {c.get("name") for c in rules.iter("testcase") if c.find("skipped") is not None}
    assert skipped == {i for i, s in status.items() if s in ("not applicable", "not executed")}
    sheet = openpyxl.load_workbook(out / "report.xlsx", read_only=True)["Rules"]
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("Status")
    assert {r[0]: r[col] for r in rows[1:] if r[0] in status} == status
