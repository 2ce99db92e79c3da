"""Odd values in a raw export, made by the tests from the sample: never changed silently.

A number that is no number (``1e400``, ``nan``, a decimal comma ``9,6``) or has more digits than
a double holds, a record whose deleted status cannot be read, two DM records of one subject
and an unknown codelist in a spec: each is a finding (or an error) naming file, record,
column and value; the raw text is kept as given."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pyreadstat
import pytest

from cdisc_convert.cli import main
from tests.conftest import RAW, SPECS

BIG = "123456789012345678901234567890"


def run_cli(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    return int(exit_.value.code or 0)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])


def record_where(header: list[str], rows: list[list[str]], **equals: str) -> int:
    """The 1-based record number of the first record with these values (an INSERT only, so
    no later transmission supersedes it)."""
    for n, row in enumerate(rows, start=1):
        if all(row[header.index(k)] == v for k, v in equals.items()):
            return n
    raise AssertionError(f"no record with {equals}")


def findings(out: Path, code: str) -> list[dict]:
    log = json.loads((out / "logs" / "sdtm.json").read_text(encoding="utf-8"))
    return [f for f in log["findings"] if f["code"] == code]


def notes(out: Path) -> list[str]:
    return json.loads((out / "logs" / "sdtm.json").read_text(encoding="utf-8"))["notes"]


@pytest.fixture(scope="module")
def odd_values(tmp_path_factory):
    """The sample with odd numbers planted in lab.csv and cm.csv, converted once:
    (output folder, {label: lab.csv record number}, cm record number)."""
    raw = tmp_path_factory.mktemp("raw") / "raw"
    shutil.copytree(RAW, raw)
    header, rows = read_csv(raw / "lab.csv")
    at = {}
    planted = {"overflow": ("HBA1C", "1e400"), "nan": ("INSULIN", "nan"),
               "comma": ("CPEPTIDE", "9,6"), "digits": ("GLUC", BIG)}
    for label, (test, value) in planted.items():
        unit = {"GLUC": "mmol/L"}.get(test)
        where = {"LBTESTCD": test, "TRANSTYPE": "INSERT", **({"UNIT": unit} if unit else {})}
        n = next(n for n in range(1, len(rows) + 1)
                 if all(rows[n - 1][header.index(k)] == v for k, v in where.items())
                 and n not in at.values())
        rows[n - 1][header.index("RESULT")] = value
        at[label] = n
    write_csv(raw / "lab.csv", header, rows)
    cm_header, cm_rows = read_csv(raw / "cm.csv")
    cm_at = next(n for n, r in enumerate(cm_rows, start=1)
                 if r[cm_header.index("CMDOSE")] and r[cm_header.index("RecordActive")] == "1")
    cm_rows[cm_at - 1][cm_header.index("CMDOSE")] = "2,5"
    write_csv(raw / "cm.csv", cm_header, cm_rows)
    out = raw.parent / "out"
    assert run_cli(["sdtm", "--specs", str(SPECS), "--raw", str(raw), "--out", str(out),
                    "-q"]) == 0
    lb, _ = pyreadstat.read_xport(str(out / "sdtm" / "lb.xpt"))
    return out, at, cm_at, lb


def _one(out: Path, code: str, row: int, source: str = "lab.csv") -> dict:
    hits = [f for f in findings(out, code) if f["source_file"] == source
            and f["source_row"] == row]
    assert len(hits) == 1, findings(out, code)
    return hits[0]


def test_an_overflowing_number_is_a_raw_number_finding_not_inf(odd_values):
    out, at, _, lb = odd_values
    f = _one(out, "RAW-NUMBER", at["overflow"])
    assert (f["value"], f["variable"], f["extra"]["column"]) == ("1e400", "LBSTRESN", "RESULT")
    assert "beyond the range" in f["message"] and "RESULT" in f["message"]
    rec = lb[lb.LBORRES == "1e400"].iloc[0]
    assert rec.LBSTRESC == "1e400"                     # the text result stays as given
    assert rec.LBSTRESN != rec.LBSTRESN                # missing (NaN), never inf
    assert rec.LBNRIND == ""                           # so it is not flagged HIGH


def test_nan_text_is_a_raw_number_finding(odd_values):
    out, at, _, lb = odd_values
    f = _one(out, "RAW-NUMBER", at["nan"])
    assert f["value"] == "nan" and "not a finite number" in f["message"]
    assert lb[lb.LBORRES == "nan"].LBSTRESN.isna().all()


def test_a_decimal_comma_is_reported_and_left_missing(odd_values):
    out, at, _, lb = odd_values
    f = _one(out, "RAW-NUMBER", at["comma"])
    assert f["value"] == "9,6" and "decimal comma" in f["message"] and "9.6" in f["message"]
    rec = lb[lb.LBORRES == "9,6"].iloc[0]
    assert rec.LBSTRESC == "9,6" and rec.LBSTRESN != rec.LBSTRESN


def test_a_decimal_comma_in_a_numeric_variable(odd_values):
    out, _, cm_at, _ = odd_values
    f = _one(out, "RAW-NUMBER", cm_at, "cm.csv")
    assert (f["variable"], f["value"], f["extra"]["column"]) == ("CMDOSE", "2,5", "CMDOSE")
    assert "decimal comma" in f["message"]


def test_thirty_digits_are_kept_in_the_character_result(odd_values):
    out, at, _, lb = odd_values
    rec = lb[lb.LBORRES == BIG].iloc[0]
    assert rec.LBSTRESC == BIG                         # not 123456789012345677877719597056
    f = _one(out, "RAW-NUMBER-DIGITS", at["digits"])
    assert f["value"] == BIG and f["severity"] == "warning"
    assert "LBSTRESC keeps the digits as given" in f["message"]


def test_the_sample_values_give_no_such_finding(sample_run):
    for code in ("RAW-NUMBER", "RAW-NUMBER-DIGITS", "MAP-DUP-SUBJECT"):
        assert not findings(sample_run, code), code


# ------------------------------------------------------------------ deleted records


@pytest.fixture()
def raw(tmp_path):
    out = tmp_path / "raw"
    shutil.copytree(RAW, out)
    return out


def sdtm(raw: Path, tmp_path: Path, specs: Path = SPECS) -> tuple[int, Path]:
    out = tmp_path / "out"
    return run_cli(["sdtm", "--specs", str(specs), "--raw", str(raw), "--out", str(out),
                    "-q"]), out


def _deleted_ae(raw: Path) -> tuple[list[str], list[list[str]], int]:
    header, rows = read_csv(raw / "ae.csv")
    deleted = record_where(header, rows, RecordActive="0")
    return header, rows, deleted


def test_a_deletion_flag_column_is_honoured_with_a_note(raw, tmp_path, sample_run):
    header, rows, deleted = _deleted_ae(raw)
    i = header.index("RecordActive")
    header[i] = "IsDeleted"
    for row in rows:
        row[i] = {"0": "Y", "1": "N"}[row[i]]
    write_csv(raw / "ae.csv", header, rows)
    code, out = sdtm(raw, tmp_path)
    assert code == 0
    note = next(n for n in notes(out) if "IsDeleted" in n)
    assert f"record {deleted}" in note and "no RecordActive column" in note
    ae, _ = pyreadstat.read_xport(str(out / "sdtm" / "ae.xpt"))
    kept, _ = pyreadstat.read_xport(str(sample_run / "sdtm" / "ae.xpt"))
    assert len(ae) == len(kept)                 # the same record left out as RecordActive=0


def test_no_record_status_column_is_said_not_silent(raw, tmp_path):
    header, rows, deleted = _deleted_ae(raw)
    i = header.index("RecordActive")
    write_csv(raw / "ae.csv", header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows])
    code, out = sdtm(raw, tmp_path)
    assert code == 0
    assert any(n.startswith("ae.csv: no record-status column") and "no record was dropped"
               in n for n in notes(out))
    assert not any(n.startswith("lab.csv: no record-status") for n in notes(out))


def test_a_deletion_flag_that_is_neither_yes_nor_no_is_an_error(raw, tmp_path, capsys):
    header, rows, deleted = _deleted_ae(raw)
    header[header.index("RecordActive")] = "Deleted"
    rows[deleted - 1][header.index("Deleted")] = "maybe"
    write_csv(raw / "ae.csv", header, rows)
    code, _ = sdtm(raw, tmp_path)
    err = capsys.readouterr().err
    assert code == 1 and "ae.csv" in err and "column Deleted" in err and "'maybe'" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------ a subject twice in DM


def test_a_subject_twice_in_dm_is_a_dm_finding_at_mapping_time(raw, tmp_path):
    header, rows = read_csv(raw / "dm.csv")
    first = 3
    twin = list(rows[first - 1])
    twin[header.index("AGE")] = "99"
    rows.append(twin)
    write_csv(raw / "dm.csv", header, rows)
    out = tmp_path / "out"
    from cdisc_convert.pipeline import RunConfig, run
    # SDTM and ADaM only (validation and the package add nothing here): no ADaM
    # "not unique" error follows from the twin
    run(RunConfig(SPECS, raw, out, steps=("sdtm", "adam"), quiet=True))
    f = _one(out, "MAP-DUP-SUBJECT", len(rows), "dm.csv")
    subject = twin[header.index("Subject")]
    assert (f["dataset"], f["severity"], f["value"]) == ("DM", "error", subject)
    assert f"records {first} and {len(rows)}" in f["message"]
    dm, _ = pyreadstat.read_xport(str(out / "sdtm" / "dm.xpt"))
    assert dm.USUBJID.is_unique and (dm.SUBJID == subject).sum() == 1
    assert 99 not in set(dm.AGE)


# ------------------------------------------------------------------ unknown codelists


@pytest.fixture()
def specs(tmp_path):
    out = tmp_path / "specs"
    shutil.copytree(SPECS, out)
    return out


@pytest.mark.parametrize("path, old, new, close", [
    ("adam/adsl.yaml", "type: Char, codelist: ETHNIC,", "type: Char, codelist: ETHNIK,",
     "ETHNIC"),
    ("sdtm/ds.yaml", "codelist: PROTMLST}", "codelist: PROTMLSTX}", "PROTMLST"),
    ("sdtm/ex.yaml", "codelist: EXTRT}", "codelist: EXTRTT}", "EXTRT"),
])
def test_an_unknown_codelist_is_a_spec_error_at_its_line(specs, capsys, path, old, new, close):
    file = specs / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    assert run_cli(["spec", "check", str(specs)]) == 2
    err = capsys.readouterr().err
    assert f"{Path(path).name}:{line}: codelist: unknown codelist" in err
    assert close in err.split("close", 1)[1] and "Traceback" not in err


def test_a_variable_codelist_nope_lists_close_matches(specs, capsys):
    file = specs / "sdtm" / "ae.yaml"
    text = file.read_text(encoding="utf-8")
    old = "  - name: AESEV\n"
    assert old in text
    file.write_text(text.replace(old, old + "    codelist: NOPE\n", 1), encoding="utf-8")
    assert run_cli(["spec", "check", str(specs)]) == 2
    err = capsys.readouterr().err
    line = text[:text.index(old)].count("\n") + 2
    assert f"ae.yaml:{line}: codelist: unknown codelist 'NOPE'" in err and "close" in err


def test_study_codelists_and_meddra_are_known(specs, capsys):
    assert run_cli(["spec", "check", str(specs)]) == 0
    file = specs / "sdtm" / "ae.yaml"
    text = file.read_text(encoding="utf-8")
    old = "  - name: AESEV\n"
    for known in ("AEREL", "meddra", "C66769"):
        file.write_text(text.replace(old, f"{old}    codelist: {known}\n", 1), encoding="utf-8")
        assert run_cli(["spec", "check", str(specs)]) == 0, capsys.readouterr().err
