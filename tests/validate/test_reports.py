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
    assert wb.sheetnames == ["Dataset Summary", "Issue Summary", "Details", "Rules"]
    header = next(wb["Details"].iter_rows(values_only=True))
    assert header[:4] == ("Domain", "Record", "USUBJID", "--SEQ")
    assert {"P21 ID", "Publisher ID", "Raw file", "Raw record"} <= set(header)


def test_xlsx_header_block_frozen_bold_filtered(written):
    """P21's layout: the header block atop the summaries, a frozen bold header row and a
    filter over each table, widths fitted to the values."""
    openpyxl = pytest.importorskip("openpyxl")
    _, out, _ = written
    wb = openpyxl.load_workbook(out / "report.xlsx")
    top = [r[0] for r in wb["Dataset Summary"].iter_rows(values_only=True)]
    labels = {str(t).split(":")[0] for t in top if t}
    assert {"Generated", "Tool", "Standard", "Controlled Terminology", "Define.xml", "Input",
            "Findings"} <= labels
    head = top.index("Domain") + 1
    for name, row in (("Dataset Summary", head), ("Details", 1), ("Rules", 1)):
        ws = wb[name]
        assert ws.freeze_panes == f"A{row + 1}" and ws.auto_filter.ref.startswith(f"A{row}:")
        assert ws.cell(row, 1).font.b
    widths = wb["Details"].column_dimensions
    assert widths["J"].width > widths["B"].width   # Message wider than Record


def test_errors_before_warnings_everywhere(written):
    report, out, _ = written
    order = {"error": 0, "warning": 1, "notice": 2}
    doc = json.loads((out / "report.json").read_text())
    for seq in ([f["severity"] for f in doc["findings"]], [r["severity"] for r in doc["rules"]],
                [r["severity"] for r in doc["summary"]]):
        assert [order[s] for s in seq] == sorted(order[s] for s in seq)
    import openpyxl
    rows = list(openpyxl.load_workbook(out / "report.xlsx", read_only=True)["Rules"]
                .iter_rows(values_only=True))
    sev = [order[r[rows[0].index("Severity")].lower()] for r in rows[1:]]
    assert sev == sorted(sev)
    html = (out / "report.html").read_text()
    firsts = [html.find(f'<span class="{s}">{s}</span>', html.find("<h2>Details")) for s in
              ("error", "warning")]
    assert -1 < firsts[0] < firsts[1]


def test_rules_sheet_has_no_raw_template(written):
    import openpyxl
    _, out, _ = written
    rows = list(openpyxl.load_workbook(out / "report.xlsx", read_only=True)["Rules"]
                .iter_rows(values_only=True))
    texts = [str(v) for r in rows for v in r[4:6] if v]
    assert texts and not [t for t in texts if "{value" in t or "!r}" in t]


def _mapping_report():
    from cdisc_convert.findings import finding
    mapped = [finding("MAP-MISSING", dataset="AE", variable="AEDECOD", source_file="ae.csv",
                      source_row=7, reason="uncoded term") for _ in range(4)]
    return validate_frames({"DM": pd.DataFrame({
        "STUDYID": ["S"], "DOMAIN": ["DM"], "USUBJID": ["S1"], "SUBJID": ["1"],
        "SITEID": ["01"], "SEX": ["X"], "COUNTRY": ["CHN"]})}, mapping=mapped, core=False)


def test_mapping_findings_keep_raw_record_everywhere(tmp_path):
    import openpyxl
    write_reports(_mapping_report(), tmp_path)
    junit = (tmp_path / "junit.xml").read_text()
    assert "row None" not in junit and "ae.csv record 7" in junit
    assert "ae.csv record 7" in (tmp_path / "report.html").read_text()
    doc = json.loads((tmp_path / "report.json").read_text())
    assert {(f["source_file"], f["source_row"]) for f in doc["findings"]
            if f["code"] == "MAP-MISSING"} == {("ae.csv", 7)}
    rows = list(openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)["Details"]
                .iter_rows(values_only=True))
    raw = [r[-2:] for r in rows if r[6] == "MAP-MISSING"]
    assert raw == [("ae.csv", 7)] * 4


def test_max_details_caps_listing_keeps_totals(tmp_path):
    import openpyxl
    report = _mapping_report()
    write_reports(report, tmp_path, max_details=2)
    doc = json.loads((tmp_path / "report.json").read_text())
    assert sum(f["code"] == "MAP-MISSING" for f in doc["findings"]) == 2
    assert [r["found"] for r in doc["summary"] if r["rule_id"] == "MAP-MISSING"] == [4]
    html = (tmp_path / "report.html").read_text()
    assert "(4)</h3>" in html and "... 2 more" in html
    junit = (tmp_path / "junit.xml").read_text()
    assert "... 2 more (4 in all)" in junit
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    details = [r for r in wb["Details"].iter_rows(values_only=True) if r[6] == "MAP-MISSING"]
    summary = [r for r in wb["Issue Summary"].iter_rows(values_only=True)
               if len(r) > 1 and r[1] == "MAP-MISSING"]
    assert len(details) == 2 and summary[0][-2:] == (4, 2)


def test_reports_byte_identical_on_rerun(tmp_path):
    report = _mapping_report()
    a, b = tmp_path / "a", tmp_path / "b"
    write_reports(report, a)
    write_reports(report, b)
    for name in ("report.xlsx", "report.html", "report.json", "junit.xml"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_html_escapes_values(tmp_path):
    from cdisc_convert.findings import finding
    report = validate_frames({"DM": pd.DataFrame({"STUDYID": ["S"], "DOMAIN": ["DM"]})},
                             mapping=[finding("MAP-MISSING", dataset="AE", variable="AETERM",
                                              source_file="<b>.csv", source_row=1,
                                              reason="<script>x</script>")], core=False)
    write_reports(report, tmp_path)
    html = (tmp_path / "report.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;.csv" in html


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
