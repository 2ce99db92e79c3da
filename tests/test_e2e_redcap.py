"""`cdisc-convert run` on the second sample study (IIT-T2D-031, a REDCap export): every
output, and the validation errors are exactly those its planted problems must cause, each
explained in its study.yaml."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SPECS, RAW = ROOT / "specs" / "IIT-T2D-031", ROOT / "sample_raw" / "IIT-T2D-031"

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not (RAW / "records.csv").exists(),
                                                  reason="REDCap sample export absent")]

#: error rule -> the planted problem (sample_raw/IIT-T2D-031/README.md) that causes it
PLANTED_ERRORS = {
    "MAP-CHOICE": "choice_not_in_dictionary", "CORE-000356": "choice_not_in_dictionary",
    "REQ-NULL": "choice_not_in_dictionary + ae_uncoded_nonascii",
    "MAP-NONASCII": "ae_uncoded_nonascii", "CT-NONEXT": "race_multiple",
    "SER-CRITERIA": "sae_no_criterion", "CORE-000266": "sae_no_criterion",
    "START-AFTER-END": "ae_end_before_start", "CORE-000718": "ae_end_before_start",
    "CORE-000708": "ae_end_before_start", "ADAM-ASTDT-AENDT": "ae_end_before_start",
    "STUDY-ELIG-AGE": "age72",
    "STUDY-ELIG-HBA1C": "hba1c_106",
    # censored lab results keep their reference range (lab_text_lt, lab_text_gt)
    "CORE-000289": "lab_text", "CORE-000290": "lab_text", "CORE-000298": "lab_text",
    "CORE-000299": "lab_text"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("redcap") / "out"
    res = CliRunner().invoke(cli, ["run", "--specs", str(SPECS), "--raw", str(RAW), "--out",
                                   str(out), "-q"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


def test_spec_check_accepts_the_redcap_specs():
    res = CliRunner().invoke(cli, ["spec", "check", str(SPECS)])
    assert res.exit_code == 0 and "OK" in res.output, res.output


def test_writes_every_required_domain(out):
    for name in ("dm", "ae", "ex", "lb", "vs", "ds", "cm", "mh", "sv", "ta", "te", "tv", "ts",
                 "suppdm"):
        assert (out / "sdtm" / f"{name}.xpt").is_file(), name


def test_errors_are_exactly_the_planted_problems(out):
    report = json.loads((out / "validation" / "report.json").read_text())
    errors = {f["rule_id"] for f in report["findings"] if f["severity"] == "error"}
    assert errors == set(PLANTED_ERRORS)


def test_every_open_error_is_explained(out):
    guide = (out / "submission" / "reviewers-guide.html").read_text()
    assert re.findall(r"study\.yaml explanations: ([A-Z0-9-]+)\)", guide) == []


def test_redcap_values_are_read_by_the_dictionary(out):
    import pyreadstat
    dm, _ = pyreadstat.read_xport(str(out / "sdtm" / "dm.xpt"))
    planted = json.loads((RAW / "planted_problems.json").read_text())
    hits = {p["slug"]: p["instances"] for p in planted["problems"]}
    multiple = {"IIT-T2D-031-" + h["subject"] for h in hits["race_multiple"]}
    none = {"IIT-T2D-031-" + h["subject"] for h in hits["race_none"]}
    assert set(dm.loc[dm.RACE == "MULTIPLE", "USUBJID"]) == multiple
    assert set(dm.loc[dm.RACE == "", "USUBJID"]) == none
    assert set(dm.SEX) <= {"M", "F"} and dm.BRTHDTC.str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    sv, _ = pyreadstat.read_xport(str(out / "sdtm" / "sv.xpt"))
    assert (sv.VISIT.str.startswith("UNSCHEDULED")).sum() == len(hits["repeating_unscheduled"])
