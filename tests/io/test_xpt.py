"""XPT v5: limits checked before writing, v5 header, deterministic bytes, faithful reread."""

from datetime import datetime

import pandas as pd
import pyreadstat
import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.io.xpt import check_xpt, is_xpt_v5, read_xpt, write_xpt

TS = datetime(2025, 6, 30, 12, 0, 0)
LABELS = {"USUBJID": "Unique Subject Identifier", "AGE": "Age"}


def frame(**extra):
    return pd.DataFrame({"USUBJID": ["S-1", "S-2"], "AGE": [40.0, float("nan")], **extra})


def test_writes_v5_with_names_labels_and_lengths(tmp_path):
    p = tmp_path / "dm.xpt"
    write_xpt(frame(), p, name="DM", label="Demographics", labels=LABELS, timestamp=TS)
    head = p.read_bytes()[:80]
    assert head.startswith(b"HEADER RECORD*******LIBRARY HEADER RECORD") and b"LIBV8" not in head
    assert is_xpt_v5(p)
    df, meta = pyreadstat.read_xport(str(p))
    assert meta.table_name == "DM" and meta.file_label == "Demographics"
    assert meta.column_labels == ["Unique Subject Identifier", "Age"]
    assert meta.variable_storage_width["USUBJID"] == 3 and meta.variable_storage_width["AGE"] == 8
    assert df["USUBJID"].tolist() == ["S-1", "S-2"] and pd.isna(df["AGE"].iloc[1])


def test_same_data_same_bytes_and_timestamp_from_caller(tmp_path):
    a, b = tmp_path / "a.xpt", tmp_path / "b.xpt"
    write_xpt(frame(), a, name="DM", label="Demographics", labels=LABELS, timestamp=TS)
    write_xpt(frame(), b, name="DM", label="Demographics", labels=LABELS, timestamp=TS)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().count(b"30JUN25:12:00:00") == 4


@pytest.mark.parametrize("kwargs, code, where", [
    ({"name": "DEMOGRAPHICS"}, "XPT-NAME", (None, None)),
    ({"label": "x" * 41}, "XPT-LABEL", (None, None)),
    ({"labels": {"USUBJID": "y" * 41, "AGE": "Age"}}, "XPT-LABEL", ("USUBJID", None)),
    ({"df": frame(AETERM=["Fièvre", "ok"])}, "XPT-ASCII", ("AETERM", 1)),
    ({"df": frame(AETERM=["x" * 201, "ok"])}, "XPT-LENGTH", ("AETERM", 1)),
    ({"df": frame(LONGNAME9=["a", "b"])}, "XPT-NAME", ("LONGNAME9", None)),
])
def test_a_broken_limit_is_an_error_naming_what_and_where(tmp_path, kwargs, code, where):
    args = {"df": frame(), "name": "DM", "label": "Demographics", "labels": LABELS} | kwargs
    p = tmp_path / "dm.xpt"
    with pytest.raises(DataError) as err:
        write_xpt(args.pop("df"), p, timestamp=TS, **args)
    found = [(f.code, f.variable, f.row) for f in err.value.findings]
    assert (code, *where) in found
    assert not p.exists() and list(tmp_path.iterdir()) == []     # nothing half-written


def test_200_bytes_is_allowed_and_checks_count_bytes_not_characters():
    assert check_xpt(frame(AETERM=["x" * 200, "y"]), "AE", "Adverse Events", LABELS) == []


def test_read_xpt_round_trip(tmp_path):
    p = tmp_path / "dm.xpt"
    write_xpt(frame(), p, name="DM", label="Demographics", labels=LABELS, timestamp=TS)
    x = read_xpt(p)
    assert (x.name, x.label, x.labels["AGE"], x.widths["USUBJID"]) == ("DM", "Demographics",
                                                                        "Age", 3)


def test_read_xpt_missing_file(tmp_path):
    with pytest.raises(DataError, match="dataset file not found"):
        read_xpt(tmp_path / "nope.xpt")


@pytest.mark.parametrize("keep", [0.6, 0.93, 0.999])
def test_a_file_cut_short_is_an_error_not_fewer_records(tmp_path, sample_run, keep):
    """dm.xpt cut to part of its size is 'not a whole SAS transport file', never a DM with
    fewer (or no) records; validate reports it and exits 1."""
    from cdisc_convert.cli import main
    from cdisc_convert.errors import DataError
    from cdisc_convert.io.xpt import read_xpt
    data = (sample_run / "sdtm" / "dm.xpt").read_bytes()
    cut = tmp_path / "data" / "dm.xpt"
    cut.parent.mkdir()
    cut.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(DataError, match="not a whole SAS transport file"):
        read_xpt(cut)
    with pytest.raises(SystemExit) as exit_:
        main(["validate", str(cut.parent), "--out", str(tmp_path / "v"), "--only",
              "DATASET-UNREADABLE"])
    assert exit_.value.code == 1
    report = (tmp_path / "v" / "report.json").read_text()
    assert "DATASET-UNREADABLE" in report and "dm.xpt" in report


def test_sas_formats_are_written_and_read_back_as_dates(tmp_path):
    p = tmp_path / "adsl.xpt"
    df = pd.DataFrame({"USUBJID": ["S-1", "S-2"], "TRTSDT": [23338.0, float("nan")],
                       "TRTSDTM": [23338 * 86400.0 + 3600, float("nan")], "ATM": [3600.0, 0.0]})
    write_xpt(df, p, name="ADSL", label="Subject-Level", labels={}, timestamp=TS,
              formats={"TRTSDT": "DATE9.", "TRTSDTM": "DATETIME20.", "ATM": "TIME8."})
    back, meta = pyreadstat.read_xport(str(p))
    assert {k: meta.original_variable_types[k] for k in ("TRTSDT", "TRTSDTM", "ATM")} == {
        "TRTSDT": "DATE9.", "TRTSDTM": "DATETIME20.", "ATM": "TIME8."}
    assert str(back["TRTSDT"].iloc[0]) == "2023-11-24"
    assert str(back["TRTSDTM"].iloc[0]) == "2023-11-24 01:00:00"
    assert str(back["ATM"].iloc[0]) == "01:00:00"
    # our own reader keeps SAS numbers (Num columns are float64 whatever the format)
    ours = read_xpt(p).frame
    assert ours["TRTSDT"].tolist()[0] == 23338.0 and ours["TRTSDT"].dtype.kind == "f"


def test_read_xpt_gives_the_sas_formats(sample_run):
    data = read_xpt(sample_run / "adam" / "adsl.xpt")
    assert data.formats is not None
    assert data.formats["TRTSDT"] == "DATE9." and data.formats["TRTSDTM"] == "DATETIME20."
    assert "AGE" not in data.formats
