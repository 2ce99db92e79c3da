"""The numpy XPT v5 reader reads exactly what pyreadstat reads (frame, dtypes, names,
labels, widths), on the reference XPT files, on the sample study's outputs and on bytes
made to hold the awkward cases; the files it does not take on go to pyreadstat."""

from __future__ import annotations

import datetime as dt
import math
import struct

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from cdisc_convert.io import xpt_read
from cdisc_convert.io.xpt import read_xpt, write_xpt

TS = dt.datetime(2025, 6, 30, 12, 0, 0)


def write(tmp_path, df, name="XX.xpt"):
    path = tmp_path / name
    write_xpt(df, path, name="XX", label="A dataset", labels={c: f"{c} label" for c in df},
              timestamp=TS)
    return path


def assert_as_pyreadstat(path) -> None:
    member = xpt_read.read_v5(path)
    assert member is not None, f"{path}: not read"
    df, meta = pyreadstat.read_xport(str(path), disable_datetime_conversion=True)
    pd.testing.assert_frame_equal(member.frame, df, check_exact=True)
    for col in df.columns:       # the same bits, not only equal values (0.0 vs -0.0)
        if df[col].dtype.kind == "f":
            ours, theirs = member.frame[col].to_numpy(), df[col].to_numpy()
            same = ours.view(np.uint64) == theirs.view(np.uint64)
            assert (same | (np.isnan(ours) & np.isnan(theirs))).all(), col
    assert member.name == (meta.table_name or "")
    assert member.label == (meta.file_label or "")
    assert [v.label for v in member.variables] == [x or "" for x in meta.column_labels]
    assert {v.name: v.width for v in member.variables} == meta.variable_storage_width


def test_every_reference_xpt_is_read_as_pyreadstat_reads_it(reference):
    files = sorted(reference.rglob("*.xpt"))
    if not files:
        pytest.skip(f"no XPT file under {reference}")
    taken = 0
    for path in files:
        try:
            pyreadstat.read_xport(str(path), disable_datetime_conversion=True)
        except UnicodeDecodeError:   # read as Windows-1252 by read_xpt: not ours to read
            assert xpt_read.read_v5(path) is None
            continue
        assert_as_pyreadstat(path)
        taken += 1
    assert taken


def test_the_sample_study_outputs_are_read_as_pyreadstat_reads_them(sample_run):
    files = sorted(sample_run.rglob("*.xpt"))
    assert files
    for path in files:
        assert_as_pyreadstat(path)


def test_text_numbers_and_widths(tmp_path):
    rng = np.random.default_rng(7)
    n = 3000
    words = np.array(["", " lead", "a", "é", "x" * 9, "y" * 64, "z" * 65, "w" * 200, "日本"])
    df = pd.DataFrame({
        "SHORT": rng.choice(words[:4], n), "MIDDLE": rng.choice(words[:6], n),
        "WIDE": rng.choice(words, n), "EMPTY": [""] * n,
        "NUM": rng.normal(size=n) * 10.0 ** rng.integers(-80, 80, n),
        "INT": rng.integers(-5, 5, n).astype(float),
        "MISS": np.where(rng.random(n) < 0.5, np.nan, 1.5)})
    path = tmp_path / "utf8.xpt"       # our writer holds to ASCII: pyreadstat writes UTF-8
    pyreadstat.write_xport(df, str(path), table_name="XX", file_format_version=5)
    assert_as_pyreadstat(path)


def test_extreme_numbers(tmp_path):
    values = [0.0, -0.0, 1.0, -118.625, 0.1, 2.0**52 + 1, 1e75, -1e75, 1e76, 1e-78, 5e-79,
              1e-300, 5e-324, math.inf, -math.inf, math.nan, 7.2e75, 5.397605346934028e-79]
    assert_as_pyreadstat(write(tmp_path, pd.DataFrame({"N": values, "C": ["a"] * len(values)})))


def _records_at(path, record_bytes: int) -> tuple[bytearray, int]:
    data = bytearray(path.read_bytes())
    count = int(data[560 + 54:560 + 58])
    return data, 640 + -(-count * 140 // 80) * 80 + 80


def test_special_missing_values_and_odd_bytes(tmp_path):
    path = write(tmp_path, pd.DataFrame({"N": [1.0] * 8, "C": ["abc"] * 8}))
    data, first = _records_at(path, 11)
    cells = [b"A" + b"\0" * 7, b"_" + b"\0" * 7, b"Z" + b"\0" * 7, b"\x41" + b"\0" * 6 + b"\1",
             b"\x80" + b"\0" * 7, b"\x00\x10" + b"\0" * 6, b" " * 8, b"\xff" * 8]
    for i, cell in enumerate(cells):
        data[first + i * 11:first + i * 11 + 8] = cell
    path.write_bytes(bytes(data))
    assert_as_pyreadstat(path)


def test_blank_records_between_are_kept_and_at_the_end_dropped(tmp_path):
    df = pd.DataFrame({"C": ["a", "", "", "b", "", ""], "D": ["x", "", "", "y", "", ""]})
    path = write(tmp_path, df)
    assert_as_pyreadstat(path)
    assert len(xpt_read.read_v5(path).frame) == 4


@pytest.mark.parametrize("change", ["nul", "latin1", "second member", "short number"])
def test_files_it_does_not_take_on_go_to_pyreadstat(tmp_path, change):
    path = write(tmp_path, pd.DataFrame({"N": [1.0, 2.0], "C": ["abc", "def"]}))
    data, first = _records_at(path, 11)
    if change == "nul":
        data[first + 9] = 0
    elif change == "latin1":
        data[first + 9] = 0xE9
    elif change == "second member":
        data += data[240:]
    else:   # the numeric variable declared 4 bytes long
        struct.pack_into(">h", data, 640 + 4, 4)
    path.write_bytes(bytes(data))
    assert xpt_read.read_v5(path) is None
    if change == "latin1":
        assert read_xpt(path).frame["C"].tolist() == ["aéc", "def"]
        assert read_xpt(path).encoding == "cp1252"


def test_read_xpt_gives_the_same_data_either_way(tmp_path, monkeypatch):
    df = pd.DataFrame({"USUBJID": ["S-1", "S-2"], "AGE": [30.0, np.nan], "SEX": ["F", ""]})
    path = write(tmp_path, df)
    fast = read_xpt(path)
    monkeypatch.setattr(xpt_read, "read_v5", lambda p: None)
    slow = read_xpt(path)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert (fast.name, fast.label, fast.labels, fast.widths, fast.encoding) == \
        (slow.name, slow.label, slow.labels, slow.widths, slow.encoding)


def test_ibm_conversion_matches_the_writer_round_trip():
    from cdisc_convert.io.xpt_v5 import ibm_floats
    values = np.random.default_rng(3).normal(size=2000) * 10.0 ** np.arange(-40, 40, 0.04)
    words = ibm_floats(values).view(">u8").ravel()
    assert (xpt_read.ibm_to_ieee(words) == values).all()
