"""The real PHUSE submission (CDISC pilot, 306 subjects) and its Pinnacle 21 report.

The comparison, rule by rule, is documented in docs/validation/phuse-comparison.md.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from lxml import etree

from cdisc_convert.cli import cli

#: one PHUSE validation for this module and tests/tools/test_p21_agreement.py (conftest.py)
XDIST_GROUP = "phuse"


@pytest.fixture(scope="module")
def phuse_run(phuse_validated):
    """``validate`` of PHUSE with the CT release its P21 report used (2016-06-24)."""
    return phuse_validated


@pytest.fixture(scope="module")
def report(phuse_run):
    _, out = phuse_run
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _count(report, rule, dataset=None):
    return sum(1 for f in report["findings"] if f["rule_id"] == rule
               and (dataset is None or f["dataset"] == dataset))


def test_runs_to_completion_and_writes_reports(phuse_run, report):
    res, out = phuse_run
    assert res.return_value == 1                       # XPT-ASCII etc. are errors
    assert {p.name for p in out.iterdir()} >= {"report.json", "report.html", "junit.xml",
                                               "report.xlsx"}
    assert len(report["datasets"]) == 14 and report["datasets"]["LBCH"]["domain"] == "LB"
    assert not [f for f in report["findings"] if f["code"] == "CHECK-ERROR"]


def test_ts_cp1252_byte_is_read_and_reported(report):
    ascii_ = [f for f in report["findings"] if f["rule_id"] == "XPT-ASCII"]
    assert {(f["dataset"], f["variable"]) for f in ascii_} == {("TS", "TSVAL")}
    assert any("\u2019" in str(f["value"]) for f in ascii_)    # 0x92 read as cp1252


def test_junit_is_valid(phuse_run):
    _, out = phuse_run
    root = etree.parse(str(out / "junit.xml")).getroot()
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert int(root.get("tests")) == len(cases) > 100
    assert {c.get("classname") for c in cases} >= {"AE", "DM", "TS"}
    failed = {(c.get("classname"), c.get("name")) for c in cases if c.find("failure") is not None}
    assert ("TS", "XPT-ASCII") in failed and ("AE", "END-MISSING") not in failed  # warning


def test_exit_code_per_fail_on(report):
    from cdisc_convert.findings import exit_code

    # the exit code only reads severities
    fs = [type("F", (), {"severity": f["severity"]}) for f in report["findings"]]
    assert (exit_code(fs, "error"), exit_code(fs, "warning"), exit_code(fs, "never")) == (1, 1, 0)


def test_pinnacle21_issues_on_these_datasets_are_found(report):
    """P21 issues on the datasets present here (AE DM DS EX LBCH SE SV TA TE TI TS TV)."""
    assert _count(report, "END-MISSING", "AE") == 472            # SD0021: 472
    assert _count(report, "ACTARM-DIFF", "DM") == 12             # SD2236: 12
    baseline = {f["usubjid"] for f in report["findings"] if f["rule_id"] == "X-LB-BASELINE"}
    assert "01-703-1119" in baseline                             # SD0006: the one subject
    ts = {(f["variable"], f["value"]) for f in report["findings"]
          if f["rule_id"] == "CT-EXT" and f["dataset"] == "TS"}
    assert {("TSPARM", "Age Group"), ("TSPARMCD", "AGESPAN")} <= ts   # CT2002 x 2
    added = {(f["dataset"], f["variable"]) for f in report["findings"]
             if f["rule_id"] == "VAR-PERM-ADDED"}
    # judged by SDTMIG 3.2 (what its define declares): per dataset the counts of P21's
    # SD1076 (AE 3, DS 3, EX 3, SE 2, SV 1, LB 1)
    assert added == {("AE", "AEDY"), ("AE", "AEDTC"), ("AE", "EPOCH"), ("DS", "VISITNUM"),
                     ("DS", "VISIT"), ("DS", "DSDY"), ("EX", "VISITNUM"), ("EX", "VISIT"),
                     ("EX", "VISITDY"), ("SE", "SESTDY"), ("SE", "SEENDY"), ("SV", "EPOCH"),
                     ("LBCH", "EPOCH")}


def test_no_unexplained_errors(report):
    """Every error of a built-in rule is one the comparison document explains."""
    errors = Counter((f["rule_id"], f["dataset"]) for f in report["findings"]
                     if f["severity"] == "error" and not f["rule_id"].startswith("CORE-"))
    assert errors == {("XPT-ASCII", "TS"): 2, ("X-RFXENDTC-EX", "DM"): 4,
                      ("X-EX-WINDOW", "EX"): 4,
                      # define.xml checks: true of this define (phuse-comparison.md)
                      ("SD1230", "LBCH"): 3648, ("DD0123", None): 54, ("DD0068", None): 35,
                      ("DD0084", None): 18, ("DD0085", None): 1, ("OD0046", None): 2,
                      ("SD1228", "TS"): 1, ("SD1324", "TA"): 1, ("SD1324", "TI"): 1}


def test_judged_by_the_version_its_define_declares(report):
    assert report["standards"]["SDTMIG"] == "3.2"
    assert "declared by" in report["choice"]["reasons"]["version"]
    ran = {r["id"]: r["status"] for r in report["rule_status"]}
    assert "CORE-000398" in ran                           # a 3.2 rule that 3.4 lacks
    assert not [r for r, s in ran.items() if s == "check error"]


def test_same_records_as_pinnacle21(phuse, report):
    """SD0021 and SD2236: the very records P21 lists (Details sheet, Record column)."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        details = pd.read_excel(phuse / "pinnacle21-report-2018-10-08.xlsx",
                                sheet_name="Details", dtype=str)
    for p21, rule in (("SD0021", "END-MISSING"), ("SD2236", "ACTARM-DIFF")):
        theirs = sorted(details.loc[details["Pinnacle 21 ID"] == p21, "Record"].astype(int))
        ours = sorted(f["row"] for f in report["findings"] if f["rule_id"] == rule)
        assert ours == theirs, p21


def test_ct_release_and_rule_selection_on_the_command_line(phuse, tmp_path):
    """``--ct 2016-06-24`` (the release its P21 report used) judges CT by that release."""
    out = tmp_path / "v"
    res = CliRunner().invoke(cli, ["validate", str(phuse), "--out", str(out), "--ct",
                                   "2016-06-24", "--only", "CT-EXT,CT-NONEXT,CORE-000001"])
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert doc["standards"]["SDTM CT"] == "2016-06-24", res.output
    assert doc["choice"]["reasons"]["ct"] == "given on the command line"
    assert {f["rule_id"] for f in doc["findings"]} <= {"CT-EXT", "CT-NONEXT", "CORE-000001",
                                                      "XPT-ASCII", "DATASET-UNREADABLE"}
    cts = {f["message"].rsplit("(", 1)[-1] for f in doc["findings"] if f["rule_id"] == "CT-EXT"}
    assert cts == {"SDTM CT 2016-06-24)"}
