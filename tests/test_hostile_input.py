"""Broken and hostile input, made by the tests from the sample: one clear message each (file,
record or line, column, value, what was expected), a non-zero exit, never a traceback."""

from __future__ import annotations

import shutil

import pytest

from cdisc_convert.cli import internal_error, main
from tests.conftest import RAW, SPECS


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return int(exit_.value.code or 0), err


@pytest.fixture()
def raw(tmp_path):
    out = tmp_path / "raw"
    shutil.copytree(RAW, out)
    return out


@pytest.fixture()
def specs(tmp_path):
    out = tmp_path / "specs"
    shutil.copytree(SPECS, out)
    return out


def sdtm(raw, tmp_path, capsys, specs=SPECS) -> tuple[int, str]:
    return run_cli(["sdtm", "--specs", str(specs), "--raw", str(raw), "--out",
                    str(tmp_path / "out"), "-q"], capsys)


def test_binary_raw_file(raw, tmp_path, capsys):
    (raw / "dm.csv").write_bytes(bytes(range(256)) * 20)
    code, err = sdtm(raw, tmp_path, capsys)
    assert code == 1 and "dm.csv" in err and "NUL byte" in err


def test_nul_byte_in_a_value_is_an_error_not_a_cut_value(raw, tmp_path, capsys):
    text = (raw / "ae.csv").read_bytes()
    first_end = text.index(b"\n", text.index(b"\n") + 1)
    (raw / "ae.csv").write_bytes(text[:first_end - 1] + b"\0" + text[first_end - 1:])
    code, err = sdtm(raw, tmp_path, capsys)
    assert code == 1 and "ae.csv" in err and "NUL byte in record 1" in err


def test_a_column_named_twice(raw, tmp_path, capsys):
    lines = (raw / "dm.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    lines[0] = ",".join(header + [header[1]]) + "\n"
    lines[1:] = [line.rstrip("\r\n") + ",x\n" for line in lines[1:]]
    (raw / "dm.csv").write_text("".join(lines), encoding="utf-8")
    code, err = sdtm(raw, tmp_path, capsys)
    assert code == 1 and f"column {header[1].strip()}" in err and "twice" in err


@pytest.mark.parametrize("old, new, key", [
    ("label: Adverse Events", "label: 123", "label"),
    ("label: Adverse Events", "label: [a, b]", "label"),
])
def test_spec_keys_of_the_wrong_type(specs, capsys, old, new, key):
    path = specs / "sdtm" / "ae.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, err = run_cli(["spec", "check", str(specs)], capsys)
    assert code == 2 and "ae.yaml:" in err and f"{key}: {key} must be text" in err


def test_variable_length_not_a_number(specs, capsys):
    path = specs / "sdtm" / "ae.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - name: AETERM", "  - name: AETERM\n    length: abc", 1),
                    encoding="utf-8")
    code, err = run_cli(["spec", "check", str(specs)], capsys)
    assert code == 2 and "length: length must be a whole number, not 'abc'" in err


def test_dataset_label_over_40_characters_is_a_spec_error(specs, capsys):
    path = specs / "sdtm" / "ae.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("label: Adverse Events", "label: " + "A" * 41, 1),
                    encoding="utf-8")
    code, err = run_cli(["spec", "check", str(specs)], capsys)
    assert code == 2 and "ae.yaml:" in err and "41 characters; XPT v5 allows 40" in err


def test_an_internal_error_says_it_is_one_and_where(monkeypatch, capsys):
    def broken(folder):
        raise ZeroDivisionError("boom")
    # the command imports the loader when it runs: patch it where it lives
    monkeypatch.setattr("cdisc_convert.spec.loader.load_specs", broken)
    code, err = run_cli(["spec", "check", str(SPECS)], capsys)
    assert code == 3 and "internal error (a bug in cdisc-convert" in err
    assert "ZeroDivisionError: boom" in err and "Please report it" in err
    assert "boom" in internal_error(ValueError("boom"))
