"""spec/hardcoded_terms.py: fixed terms checked when the spec loads, so ``spec check`` and ``run``
refuse the same specs (issue 15 item 4)."""

import shutil
from pathlib import Path

import pytest

from cdisc_convert.cli import main
from cdisc_convert.spec.hardcoded_terms import term_problem
from cdisc_convert.spec.model import StudySpec
from tests.conftest import RAW, SPECS


def run_cli(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    return int(exit_.value.code or 0)


@pytest.fixture()
def specs(tmp_path):
    out = tmp_path / "specs"
    shutil.copytree(SPECS, out)
    return out


def edit(specs: Path, path: str, old: str, new: str) -> int:
    """Replace ``old`` once in ``specs/path``; the 1-based line it was on."""
    file = specs / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("command", ["check", "run"])
def test_a_codelist_typo_fails_spec_check_and_run_alike(specs, tmp_path, capsys, command):
    line = edit(specs, "sdtm/ae.yaml", "codelist: AEREL}", "codelist: AERELL}")
    args = ["spec", "check", str(specs)] if command == "check" else [
        "run", "--specs", str(specs), "--raw", str(RAW), "--out", str(tmp_path / "o"), "-q"]
    assert run_cli(args) == 2
    err = capsys.readouterr().err
    assert f"ae.yaml:{line}: codelist: unknown codelist 'AERELL'" in err
    assert "close study codelists: AEREL" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["check", "run"])
def test_a_hardcoded_term_not_in_ct_fails_spec_check_and_run_alike(specs, tmp_path, capsys,
                                                                    command):
    line = edit(specs, "sdtm/dm.yaml", "{algorithm: hardcode_ct, value: YEARS}",
                "{algorithm: hardcode_ct, value: YEAR}")
    args = ["spec", "check", str(specs)] if command == "check" else [
        "run", "--specs", str(specs), "--raw", str(RAW), "--out", str(tmp_path / "o"), "-q"]
    assert run_cli(args) == 2
    err = capsys.readouterr().err
    assert f"dm.yaml:{line}: value: 'YEAR' is not a submission value of codelist AGEU" in err
    assert "did you mean YEARS?" in err and "Traceback" not in err
    assert not (tmp_path / "o" / "sdtm").exists()     # refused before any data was mapped


def test_the_make_codelist_parameter_is_the_one_checked(specs, capsys):
    edit(specs, "sdtm/dm.yaml", "{algorithm: hardcode_ct, value: YEARS}",
         "{algorithm: hardcode_ct, value: YEARS, codelist: SEX}")
    assert run_cli(["spec", "check", str(specs)]) == 2
    assert "'YEARS' is not a submission value of codelist SEX" in capsys.readouterr().err


def test_sample_specs_pass(capsys):
    assert run_cli(["spec", "check", str(SPECS)]) == 0


def test_term_problem_for_study_and_cdisc_codelists():
    study = StudySpec("S1", codelists={"EXTRT": {"cells x": "Cells X"}})
    assert term_problem("Cells X", "EXTRT", study) is None
    assert "did you mean Cells X?" in term_problem("Cells", "EXTRT", study)
    assert term_problem("YEARS", "AGEU", study) is None
    assert term_problem("years", "AGEU", study).startswith("'years' is not")  # exact value
    assert term_problem(3, "AGEU", study).startswith("3 is not")
    assert term_problem("ANY", "NOT_A_CODELIST", study) is None   # the codelist check says
