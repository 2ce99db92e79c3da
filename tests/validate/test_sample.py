"""The sample study: validating our SDTM finds exactly what the planted problems should cause.

Expected outcomes come from sample_raw/.../planted_problems.json (by slug and subject),
not from hard-coded rows.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import CORE_ON_SAMPLE
from tests.validate.conftest import SAMPLE_RAW

#: Planted problem slug -> rule ids it must cause at error severity.
ERRORS = {"ae_end_before_start": {"START-AFTER-END"},
          "hba1c_106": {"STUDY-ELIG-HBA1C"},
          "age72": {"STUDY-ELIG-AGE"},
          "ae_uncoded_nonascii": {"MAP-NONASCII", "REQ-NULL"},   # written as '?', AEDECOD null
          "sae_no_criterion": {"SER-CRITERIA"}}
#: Planted problem slug -> rule ids it must cause at warning severity.
WARNINGS = {"ae_ongoing_with_end": {"END-ONGOING"}, "sex_mismatch": {"MAP-DECODE"},
            "kit_mixup": {"ACTARM-DIFF"}, "vs_implausible": {"PLAUS-VS-SYSBP"}}


def _planted() -> dict[str, list[str]]:
    doc = json.loads((SAMPLE_RAW / "planted_problems.json").read_text(encoding="utf-8"))
    return {p["slug"]: [i["subject"] for i in p["instances"] if i.get("subject")]
            for p in doc["problems"]}


def _expected(table: dict) -> set[tuple[str, str]]:
    planted = _planted()
    return {(rule, subject) for slug, rules in table.items() for subject in planted[slug]
            for rule in rules}


def _subject(usubjid: str | None) -> str:
    return (usubjid or "").removeprefix("CHEC2023-226-")


@pytest.fixture(scope="module")
def sample_cli(sample_out, tmp_path_factory):
    """``cdisc-convert validate OUT/sdtm --specs ...`` once; (click result, report.json)."""
    from click.testing import CliRunner

    from cdisc_convert.cli import cli
    from tests.validate.conftest import SPECS
    out = tmp_path_factory.mktemp("validation")
    res = CliRunner().invoke(cli, ["validate", str(sample_out / "sdtm"), "--specs", str(SPECS),
                                       "--out", str(out)], standalone_mode=False)
    assert res.exception is None, res.output
    return res, out, json.loads((out / "report.json").read_text(encoding="utf-8"))


class _F:
    def __init__(self, d: dict):
        self.__dict__.update(d)


@pytest.fixture(scope="module")
def sample_report(sample_cli):
    doc = sample_cli[2]
    return type("Report", (), {"findings": [_F(f) for f in doc["findings"]],
                               "datasets": doc["datasets"],
                               "status": [_F(r) for r in doc["rule_status"]]})


def test_errors_are_exactly_the_planted_ones(sample_report):
    got = {(f.rule_id, _subject(f.usubjid)) for f in sample_report.findings
           if f.severity == "error" and not (f.rule_id or "").startswith("CORE-")}
    assert got == _expected(ERRORS)


def test_core_rules_on_the_sample_are_the_known_ones(sample_report):
    """CDISC CORE's rules run too: what they report on the sample is listed, with why."""
    got = {f.rule_id for f in sample_report.findings
           if f.severity == "error" and (f.rule_id or "").startswith("CORE-")}
    assert got == set(CORE_ON_SAMPLE)
    status = {s.id: s.status for s in sample_report.status}
    assert all(status[r] == "issues" for r in CORE_ON_SAMPLE)
    assert sum(v == "passed" for v in status.values()) > 200


def test_planted_warnings_are_found(sample_report):
    have_vs = "VS" in sample_report.datasets
    wanted = {k: v for k, v in WARNINGS.items() if have_vs or k != "vs_implausible"}
    got = {(f.rule_id, _subject(f.usubjid)) for f in sample_report.findings
           if f.severity == "warning"}
    assert _expected(wanted) <= got


def test_age_choice_lists_the_subjects_it_affects(sample_report):
    """18-70 (study.yaml) flags 102-002 (72); the 30-75 text would not, and is a notice."""
    strict = {_subject(f.usubjid) for f in sample_report.findings
              if f.rule_id == "STUDY-ELIG-AGE"}
    text = {_subject(f.usubjid) for f in sample_report.findings
            if f.rule_id == "STUDY-ELIG-AGE-TEXT"}
    assert strict == {"102-002"}
    assert "102-002" not in text
    assert all(f.severity == "notice" for f in sample_report.findings
               if f.rule_id == "STUDY-ELIG-AGE-TEXT")


def test_validate_command_on_sample(sample_cli):
    res, out, doc = sample_cli
    assert res.return_value == 1          # errors exist, --fail-on error is the default
    assert {p.name for p in out.iterdir()} == {"report.json", "report.html", "junit.xml",
                                               "report.xlsx"}
    assert "Standard: SDTMIG 3.4" in res.output and "Rules: " in res.output
    assert "STUDY-ELIG-HBA1C" in {f["rule_id"] for f in doc["findings"]}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "STUDY-ELIG-HBA1C" in html and "CORE-000266" in html
