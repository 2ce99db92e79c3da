"""`cdisc-convert init` drafts a spec folder `spec check` accepts, on both sample studies."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli
from cdisc_convert.errors import UsageError
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.tools.draft_specs import draft_specs, survey

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = {"CHEC2023-226": ROOT / "sample_raw" / "CHEC2023-226",
           "IIT-T2D-031": ROOT / "sample_raw" / "IIT-T2D-031"}


@pytest.mark.parametrize("study", sorted(SAMPLES))
def test_init_drafts_specs_that_spec_check_accepts(study, tmp_path):
    raw = SAMPLES[study]
    if not raw.is_dir():
        pytest.skip(f"{raw} absent")
    to = tmp_path / study
    res = CliRunner().invoke(cli, ["init", "--study", study, "--raw", str(raw), "--to", str(to)])
    assert res.exit_code == 0, res.output
    check = CliRunner().invoke(cli, ["spec", "check", str(to)])
    assert check.exit_code == 0 and "OK" in check.output, check.output
    specs = load_specs(to)
    assert {"DM", "AE", "CM", "MH", "VS", "EX", "DS", "LB"} <= set(specs.sdtm)
    dm = (to / "sdtm" / "dm.yaml").read_text()
    assert "# REVIEW: proposed from raw column" in dm and "name: SEX" in dm
    assert "sources" in (to / "REVIEW.md").read_text() or "| source |" in (
        to / "REVIEW.md").read_text()


def test_the_draft_builds_sdtm_and_writes_xpt_on_the_sample(tmp_path):
    """A draft runs as it stands: text with no ASCII form (the sample's '头痛 headache') is
    folded with a MAP-NONASCII finding instead of stopping the XPT write."""
    from cdisc_convert.pipeline import RunConfig, run
    raw = SAMPLES["CHEC2023-226"]
    if not raw.is_dir():
        pytest.skip(f"{raw} absent")
    to = tmp_path / "specs"
    draft_specs("DRAFT", raw, to)
    result = run(RunConfig(to, raw, tmp_path / "out", steps=("sdtm",), quiet=True))
    assert (tmp_path / "out" / "sdtm" / "ae.xpt").is_file()
    assert any(f.code == "MAP-NONASCII" for f in result.findings)


def test_init_recognises_a_redcap_export_by_its_dictionary():
    raw = SAMPLES["IIT-T2D-031"]
    if not raw.is_dir():
        pytest.skip("REDCap sample absent")
    sources = {s.alias: s for s in survey(raw)}
    ae = sources["adverse_events"]
    assert (ae.file, ae.instrument, ae.dictionary, ae.subject, ae.domain) == (
        "records.csv", "adverse_events", "data_dictionary.csv", "record_id", "AE")
    assert sources["demographics"].coded["race"] == "checkbox"
    assert sources["lab"].subject == "SUBJID" and sources["lab"].domain == "LB"


def test_init_proposes_choice_and_checkbox_algorithms_for_coded_fields(tmp_path):
    raw = SAMPLES["IIT-T2D-031"]
    if not raw.is_dir():
        pytest.skip("REDCap sample absent")
    draft_specs("S", raw, tmp_path / "s")
    dm = (tmp_path / "s" / "sdtm" / "dm.yaml").read_text()
    assert "assign_choice, from: demographics.sex" in dm
    assert "assign_checkbox, from: demographics.race" in dm
    assert "name: SUBJID" in dm and "TODO: SITEID" in dm


def test_init_refuses_a_non_empty_folder_and_an_empty_export(tmp_path):
    (tmp_path / "to").mkdir()
    (tmp_path / "to" / "x").write_text("x")
    (tmp_path / "raw").mkdir()
    with pytest.raises(UsageError, match="no CSV file"):
        draft_specs("S", tmp_path / "raw", tmp_path / "new")
    (tmp_path / "raw" / "ae.csv").write_text("Subject,AETERM\n1,Headache\n")
    with pytest.raises(UsageError, match="not empty"):
        draft_specs("S", tmp_path / "raw", tmp_path / "to")
