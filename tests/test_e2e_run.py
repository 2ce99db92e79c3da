"""`cdisc-convert run` on the sample study: every output, byte-identical twice, and the
validation errors are exactly those the planted data problems must cause."""

import json
import re

import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli
from tests.conftest import CORE_ON_SAMPLE, RAW, SPECS

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not (RAW / "dm.csv").exists(), reason="sample raw export absent")]

#: planted problem -> the error rule it must raise (sample_raw/CHEC2023-226/README.md)
PLANTED_ERRORS = {"START-AFTER-END": "P06", "SER-CRITERIA": "P26", "MAP-NONASCII": "P24",
                  "REQ-NULL": "P24", "STUDY-ELIG-AGE": "P23", "STUDY-ELIG-HBA1C": "P22",
                  "ADAM-ASTDT-AENDT": "P06"}   # the same AE in ADAE, dates kept as collected


def run(out):
    res = CliRunner().invoke(cli, ["run", "--specs", str(SPECS), "--raw", str(RAW), "--out",
                                   str(out), "-q"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def out(sample_run):
    """The session's one ``cdisc-convert run`` of the sample (tests/conftest.py)."""
    return sample_run


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_writes_every_output(out):
    for name in ("dm", "ae", "ex", "lb", "ts", "ta", "te", "tv", "ti", "se", "sv", "ds", "ie",
                 "vs", "cm", "mh", "suppdm", "suppae"):
        assert (out / "sdtm" / f"{name}.xpt").is_file(), name
    for name in ("adsl", "adlb", "adae", "adex"):
        assert (out / "adam" / f"{name}.xpt").is_file(), name
    for step in ("sdtm", "adam"):
        for f in ("define.xml", "define2-1.xsl", "define.html"):
            assert (out / step / f).is_file(), (step, f)
    for f in ("report.html", "report.json", "junit.xml", "report.xlsx"):
        assert (out / "validation" / f).is_file(), f
    m5 = out / "submission" / "m5" / "datasets" / "chec2023-226"
    assert (m5 / "tabulations" / "sdtm" / "dm.xpt").is_file()
    assert (m5 / "analysis" / "adam" / "datasets" / "adsl.xpt").is_file()
    assert (out / "submission" / "manifest.json").is_file()
    assert not list(out.rglob("*.tmp")) and not list(out.glob(".*"))   # nothing half-written


def test_errors_are_exactly_the_planted_problems(out):
    report = json.loads((out / "validation" / "report.json").read_text())
    errors = {f["rule_id"] for f in report["findings"] if f["severity"] == "error"}
    assert errors == set(PLANTED_ERRORS) | set(CORE_ON_SAMPLE)


def test_reviewers_guide_explains_every_open_error(out):
    guide = (out / "submission" / "reviewers-guide.html").read_text()
    for rule in PLANTED_ERRORS:
        assert rule in guide
    assert "kit mix-up" in guide.lower()
    # every open error is explained, the CORE findings on the sample's own output
    # (tests/conftest.py CORE_ON_SAMPLE) included: none is listed as needing one
    needed = set(re.findall(r"study\.yaml explanations: ([A-Z0-9-]+)\)", guide))
    assert needed == set(), needed
    assert all(rule in guide for rule in CORE_ON_SAMPLE)


def test_two_runs_are_byte_identical(out, tmp_path):
    again = run(tmp_path / "out")
    first, second = files(out), files(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
