"""The vectorised XPT v5 writer: the bytes pyreadstat wrote, read back identically by
pyreadstat and by an independent reader (tests/io/xpt_reader.py)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.io import xpt_v5
from cdisc_convert.io.xpt import write_xpt
from tests.io import xpt_reader

TS = dt.datetime(2025, 6, 30, 12, 0, 0)
#: Offsets of the four header timestamps (library and member headers, created and modified).
STAMPS = (80 + 64, 160, 400 + 64, 480)


def ours(tmp_path, df, name="XX", label="A dataset", labels=None, formats=None) -> bytes:
    path = tmp_path / "ours.xpt"
    write_xpt(df, path, name=name, label=label, labels=labels or {}, timestamp=TS,
              formats=formats)
    return path.read_bytes()


def pyreadstats(tmp_path, df, name="XX", label="A dataset", labels=None, formats=None) -> bytes:
    """What write_xpt wrote through pyreadstat before (missing text as ''), stamps set."""
    frame = df.copy()
    for col in frame.columns:
        if frame[col].dtype.kind not in "fiub":
            frame[col] = frame[col].astype(object).where(frame[col].notna(), "")
    path = tmp_path / "ref.xpt"
    pyreadstat.write_xport(frame, str(path), file_label=label, table_name=name,
                           column_labels=[(labels or {}).get(c, "") for c in frame.columns],
                           file_format_version=5, variable_format=formats)
    data = bytearray(path.read_bytes())
    for at in STAMPS:
        data[at:at + 16] = xpt_v5.sas_stamp(TS).encode()
    return bytes(data)


IBM_MAX = math.ldexp(2**56 - 1, 4 * 63 - 56)     # 0x7FFFFFFFFFFFFFFF: SAS's "too large"


def same_values(ours_, theirs) -> bool:
    """Our reader's value and pyreadstat's (which reads the largest IBM value as infinity)."""
    if isinstance(ours_, float) and isinstance(theirs, float):
        if abs(ours_) == IBM_MAX:
            return theirs == math.copysign(math.inf, ours_)
        return (math.isnan(ours_) and math.isnan(theirs)) or ours_ == theirs
    return ours_ == theirs


FLOATS = [0.0, -0.0, 1.0, -1.0, 0.1, -118.625, 1e-5, 123456789.123, 2.0**52 + 1, 1e75, -1e75,
          7.2e75, 1e76, -1e300, 1e-78, 5.4e-79, 1e-300, 5e-324, math.inf, -math.inf, math.nan,
          math.pi, -math.e, 16.0**-65, 16.0**62 * 15.99]

CASES = {
    "strings, missing, empty": pd.DataFrame({"USUBJID": ["S-1", None, "", "S-1000"],
                                             "AGE": [40.0, np.nan, 0.0, -3.5]}),
    "200-byte values": pd.DataFrame({"AETERM": ["x" * 200, "", "y" * 199, "z"]}),
    "all-empty text": pd.DataFrame({"DTHDTC": ["", "", None], "N": [1.0, 2.0, 3.0]}),
    "all-missing numbers": pd.DataFrame({"N": [np.nan, np.nan], "C": ["a", "b"]}),
    "zero rows": pd.DataFrame({"USUBJID": pd.Series([], dtype=object),
                               "AGE": pd.Series([], dtype=float)}),
    "zero columns": pd.DataFrame(index=range(3)),
    "many columns": pd.DataFrame({f"V{i:03d}": ([float(i), np.nan] if i % 3
                                                 else ["a" * (i % 200), ""])
                                  for i in range(300)}),
    "special floats": pd.DataFrame({"X": FLOATS}),
    "ints, bools, nullable": pd.DataFrame({"I": [1, -2, 2**62], "B": [True, False, True],
                                           "NI": pd.array([1, None, 3], dtype="Int64"),
                                           "U": np.array([0, 7, 255], dtype=np.uint8)}),
    "object columns": pd.DataFrame({"F": [1.5, 2.5], "I": [1, 2], "MIX": [1, "a"],
                                    "NONE": [None, None], "FNAN": [1.5, None],
                                    "CAT": pd.Categorical(["a", "bb"]),
                                    "STR": pd.array(["q", None], dtype="string")}),
    "dates and times": pd.DataFrame({"D": [dt.date(2024, 1, 2), dt.date(1959, 12, 31)],
                                     "DTM": pd.Series([dt.datetime(2024, 1, 2, 3, 4, 5),
                                                       dt.datetime(1960, 1, 1)], dtype=object),
                                     "DT64": [dt.datetime(2024, 1, 2, 3, 4, 5), pd.NaT],
                                     "T": [dt.time(8, 30), dt.time(23, 59, 59)]}),
    "trailing blanks": pd.DataFrame({"C": ["a  ", "  ", " b"]}),
    "record shorter than 80": pd.DataFrame({"C": list("abcdefg")}),
    "record exactly 80": pd.DataFrame({"C": ["x" * 72, "y"], "N": [1.0, 2.0]}),
}


@pytest.mark.parametrize("case", CASES)
def test_bytes_are_those_pyreadstat_wrote(tmp_path, case):
    df = CASES[case]
    labels = {c: f"Label of {c}" for c in df.columns}
    assert ours(tmp_path, df, labels=labels) == pyreadstats(tmp_path, df, labels=labels)


@pytest.mark.parametrize("case", [c for c in CASES if c != "zero columns"])   # pyreadstat
def test_pyreadstat_and_an_independent_reader_read_the_same(tmp_path, case):  # cannot read it
    df = CASES[case]
    labels = {c: f"Label of {c}" for c in df.columns}
    data = ours(tmp_path, df, name="AE", label="Adverse Events", labels=labels)
    member = xpt_reader.read(data)
    got, meta = pyreadstat.read_xport(str(tmp_path / "ours.xpt"),
                                      disable_datetime_conversion=True)
    assert (member.name, member.label, member.created) == ("AE", "Adverse Events",
                                                           "30JUN25:12:00:00")
    assert meta.table_name == member.name and meta.file_label == member.label
    assert [v.name for v in member.variables] == meta.column_names == list(df.columns)
    assert [v.label for v in member.variables] == meta.column_labels == [
        f"Label of {c}" for c in df.columns]
    assert {v.name: v.length for v in member.variables} == meta.variable_storage_width
    assert len(member.rows) == len(got) == len(df)
    for j, var in enumerate(member.variables):
        theirs = got[var.name].tolist()
        mine = [math.nan if v == "." else v for v in (row[j] for row in member.rows)]
        assert all(same_values(a, b) for a, b in zip(mine, theirs, strict=True)), var.name


def test_ibm_floats_of_every_exponent_match_pyreadstat(tmp_path):
    bits = np.random.default_rng(16).integers(0, 2**63, 20_000, dtype=np.uint64)
    bits[::2] |= np.uint64(1 << 63)                          # negative half
    values = bits.view(np.float64)
    values = np.concatenate([values[~np.isnan(values)], np.geomspace(1e-80, 1e80, 2000)])
    df = pd.DataFrame({"X": values})
    assert ours(tmp_path, df) == pyreadstats(tmp_path, df)
    member = xpt_reader.read(ours(tmp_path, df))
    back = np.array([r[0] for r in member.rows])
    fits = (np.abs(values) >= 2.0**-260) & (np.abs(values) < 2.0**249)   # as SAS's TS-140
    assert np.array_equal(back[fits], values[fits])          # exact: no bit is lost


def test_values_written_in_blocks_are_the_same_bytes(tmp_path, monkeypatch):
    df = CASES["many columns"]
    whole = ours(tmp_path, pd.concat([df] * 50, ignore_index=True))
    monkeypatch.setattr(xpt_v5, "BLOCK_BYTES", 1000)
    assert ours(tmp_path, pd.concat([df] * 50, ignore_index=True)) == whole


FORMATS = {"D": "DATE9.", "DTM": "DATETIME20.", "T": "TIME8.", "N": "8.2", "C": "$CHAR5.",
           "E": "E8601DT19.3", "B": "BEST12."}


def test_formats_are_written_as_pyreadstat_writes_them_and_read_back(tmp_path):
    df = pd.DataFrame({"D": [23000.0], "DTM": [2e9], "T": [3600.0], "N": [1.25], "C": ["ab"],
                       "E": [1.0], "B": [2.0], "NOFMT": [3.0]})
    data = ours(tmp_path, df, formats=FORMATS)
    assert data == pyreadstats(tmp_path, df, formats=FORMATS)
    _, meta = pyreadstat.read_xport(str(tmp_path / "ours.xpt"))
    assert meta.original_variable_types == {**FORMATS, "NOFMT": None}
    assert {v.name: v.format for v in xpt_reader.read(data).variables} == {**FORMATS,
                                                                          "NOFMT": ""}


def test_date_objects_get_sas_values_and_formats_as_pyreadstat_gave_them(tmp_path):
    df = CASES["dates and times"]
    ours(tmp_path, df)
    got, meta = pyreadstat.read_xport(str(tmp_path / "ours.xpt"))
    assert meta.original_variable_types == {"D": "DATE", "DTM": "DATETIME", "T": "TIME",
                                            "DT64": None}    # datetime64: text, as before
    assert got["DT64"].tolist() == ["2024-01-02 03:04:05", ""]
    assert got["D"].tolist() == [dt.date(2024, 1, 2), dt.date(1959, 12, 31)]
    member = xpt_reader.read((tmp_path / "ours.xpt").read_bytes())
    assert [r[:2] for r in member.rows] == [[23377.0, 23377 * 86400 + 11045.0], [-1.0, 0.0]]
    assert [v.format for v in member.variables] == ["DATE.", "DATETIME.", "", "TIME."]


@pytest.mark.parametrize("fmt", ["DATETIMEXX20.", "9DATE.", "DATE 9.", ""])
def test_a_format_v5_cannot_hold_is_refused_before_writing(tmp_path, fmt):
    with pytest.raises(DataError, match="SAS format"):
        write_xpt(pd.DataFrame({"A": [1.0]}), tmp_path / "a.xpt", name="A", label="",
                  labels={}, timestamp=TS, formats={"A": fmt})
    assert list(tmp_path.iterdir()) == []


def test_the_independent_reader_reads_special_missing_values():
    rec = b"A" + b"\0" * 7
    assert [xpt_reader.ibm_to_float(b) for b in (b"." + b"\0" * 7, rec, b"_" + b"\0" * 7)] == [
        ".", "A", "_"]
    assert xpt_reader.ibm_to_float(bytes.fromhex("C276A00000000000")) == -118.625


@pytest.mark.parametrize("case", [c for c in CASES if c != "zero columns"])
def test_records_counted_from_the_headers_are_those_pyreadstat_reads(tmp_path, case):
    from cdisc_convert.io.xpt import read_xpt, xpt_records
    ours(tmp_path, CASES[case], label="Some label")
    data = read_xpt(tmp_path / "ours.xpt")
    assert xpt_records(tmp_path / "ours.xpt") == ("Some label", len(data.frame))


def test_records_counted_from_the_headers_drop_trailing_blank_records_as_readers_do(tmp_path):
    from cdisc_convert.io.xpt import read_xpt, xpt_records
    df = pd.DataFrame({"C": ["ab", "", "b"] + [""] * 100})      # 100 blank records at the end
    ours(tmp_path, df)
    path = tmp_path / "ours.xpt"
    with pytest.raises(DataError, match="room for 120 records but 3 could be read"):
        read_xpt(path)
    with pytest.raises(DataError, match="room for 120 records but 3 could be read"):
        xpt_records(path)


def test_write_xpt_refuses_with_exactly_the_findings_of_check_xpt(tmp_path):
    from cdisc_convert.io.xpt import check_xpt
    df = pd.DataFrame({"OK": ["a", "b", "c"], "NONASCII": ["x", "Fièvre", "头痛"],
                       "LONG": ["x" * 201, "y", "z" * 300], "BOTH": ["é" * 201, "", None],
                       "NUM": [1.0, 2.0, 3.0], "OBJNUM": pd.Series([1, 2, 3], dtype=object),
                       "TOOLONGNAME": ["a", "b", "c"]}, index=[10, 20, 30])
    labels = {"OK": "é label", "NUM": "n" * 41}
    with pytest.raises(DataError) as err:
        write_xpt(df, tmp_path / "x.xpt", name="X", label="X", labels=labels, timestamp=TS)
    assert err.value.findings == check_xpt(df, "X", "X", labels)
    assert {f.code for f in err.value.findings} == {"XPT-ASCII", "XPT-LENGTH", "XPT-NAME",
                                                    "XPT-LABEL"}
    assert list(tmp_path.iterdir()) == []
