"""Bad input through the CLI: one clear message, the right exit code, nothing half-written."""

import shutil

import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli, main
from tests.conftest import RAW, SPECS

needs_sample = pytest.mark.skipif(not (RAW / "dm.csv").exists(), reason="sample raw export absent")


def run_main(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    return exit_.value.code, capsys.readouterr().err


@pytest.fixture
def workdir(tmp_path):
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(RAW, tmp_path / "raw") if RAW.exists() else (tmp_path / "raw").mkdir()
    return tmp_path


def args(w, *extra):
    return ["sdtm", "--specs", str(w / "specs"), "--raw", str(w / "raw"), "--out",
            str(w / "out"), "-q", *extra]


def test_unknown_algorithm_exit_2_names_file_line_and_known(workdir, capsys):
    p = workdir / "specs" / "sdtm" / "ae.yaml"
    p.write_text(p.read_text().replace("algorithm: derive_study_day", "algorithm: study_day", 1))
    code, err = run_main(args(workdir), capsys)
    assert code == 2
    assert "ae.yaml:" in err and "unknown SDTM variable algorithm 'study_day'" in err
    assert "derive_study_day" in err and "Traceback" not in err
    assert not (workdir / "out").exists()


@needs_sample
def test_raw_file_missing_a_column_exit_1_names_file_and_column(workdir, capsys):
    p = workdir / "raw" / "ae.csv"
    data = p.read_bytes().replace(b"AESEV_STD", b"AESEV_XXX", 1)
    p.write_bytes(data)
    code, err = run_main(args(workdir), capsys)
    assert code == 1
    assert "ae.csv" in err and "column AESEV_STD" in err and "ae.yaml" in err
    assert not (workdir / "out" / "sdtm").exists()


@needs_sample
def test_unparseable_date_is_reported_with_file_record_and_value(workdir, capsys):
    p = workdir / "raw" / "ae.csv"
    lines = p.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    col = header.index("AESTDAT_RAW")
    import csv
    import io
    rows = list(csv.reader(io.StringIO("".join(lines))))
    rows[1][col] = "31 FEB 2024"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    code, err = run_main(args(workdir, "--fail-on", "error"), capsys)
    assert code == 1
    assert "RAW-DATE" in err and "ae.csv record 1" in err and "31 FEB 2024" in err
    assert (workdir / "out" / "sdtm" / "ae.xpt").exists()     # outputs complete, not partial
    code, _ = run_main(args(workdir), capsys)                  # default: findings are for reading
    assert code == 0


def test_missing_specs_folder_exit_2(tmp_path, capsys):
    code, err = run_main(["sdtm", "--specs", str(tmp_path / "nope"), "-q"], capsys)
    assert code == 2 and "no study.yaml here" in err


def test_run_with_no_specs_says_how_to_start(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err = run_main(["run", "-q"], capsys)
    assert code == 2 and "cdisc-convert init --study" in err and "--sample" in err
    assert "Traceback" not in err


def test_sample_is_found_beside_the_installation(tmp_path, monkeypatch):
    from cdisc_convert.cli.options import study_folders
    monkeypatch.chdir(tmp_path)
    specs, raw = study_folders(tmp_path / "ignored", tmp_path / "ignored", True)
    assert (specs / "study.yaml").is_file() and raw.is_dir() and specs.name == raw.name


def test_bad_option_exit_2(capsys):
    code, _ = run_main(["sdtm", "--fail-on", "sometimes"], capsys)
    assert code == 2


def test_help_lists_the_steps():
    out = CliRunner().invoke(cli, ["--help"]).output
    for step in ("run", "sdtm", "synth", "spec", "init"):
        assert step in out


def test_spec_check_reports_ok_and_catches_a_bad_suite(tmp_path, capsys):
    code, _ = run_main(["spec", "check", str(SPECS)], capsys)
    assert code == 0
    shutil.copytree(SPECS, tmp_path / "s")
    p = tmp_path / "s" / "expectations" / "lb_plausibility.json"
    text = p.read_text()
    assert '"kwargs": {' in text
    p.write_text(text.replace('"kwargs": {', '"kwargs": {"row_condition": "LBTESTCD == 1", ', 1))
    code, err = run_main(["spec", "check", str(tmp_path / "s")], capsys)
    assert code == 2 and "lb_plausibility.json" in err


@pytest.mark.parametrize("name, old, new, expected", [
    ("mb", "rest_to: [LB, IS]", "rest_to: [LB, XX]",
     "'XX', which is not another SDTM dataset spec"),
    ("se", "depends_on: [DM]", "depends_on: [DM, ZZ]", "ZZ"),
])
def test_spec_check_runs_the_checks_across_specs(tmp_path, capsys, name, old, new, expected):
    shutil.copytree(SPECS, tmp_path / "s")
    p = tmp_path / "s" / "sdtm" / f"{name}.yaml"
    text = p.read_text()
    assert old in text
    p.write_text(text.replace(old, new, 1))
    code, err = run_main(["spec", "check", str(tmp_path / "s")], capsys)
    assert code == 2 and expected in err and f"{name}.yaml" in err


def test_algorithm_reference_in_docs_is_current():
    from cdisc_convert.registry import algorithm_reference
    from tests.conftest import ROOT
    assert (ROOT / "docs" / "spec-algorithms.md").read_text() == algorithm_reference(True), \
        "regenerate: cdisc-convert spec algorithms --markdown > docs/spec-algorithms.md"
