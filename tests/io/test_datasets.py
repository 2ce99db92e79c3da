"""Format-agnostic dataset reading: dispatch on suffix, folders with mixed formats."""

from __future__ import annotations

import gzip
from datetime import datetime

import pandas as pd
import pytest

import cdisc_convert.io.datasets as ds
from cdisc_convert.errors import DataError
from cdisc_convert.io.datasetjson import write_dataset_json
from cdisc_convert.io.datasets import dataset_kind, read_dataset, read_folder
from cdisc_convert.io.xpt import write_xpt
from cdisc_convert.spec.model import DatasetSpec, StudySpec, VariableSpec

TS = datetime(2025, 6, 30, 12)
SPEC = DatasetSpec("DM", "Demographics", "SDTMIG",
                   variables=(VariableSpec("USUBJID", "Unique Subject Identifier"),
                              VariableSpec("AGE", "Age", "Num")))
FRAME = pd.DataFrame({"USUBJID": ["S-1", "S-2"], "AGE": [40.0, float("nan")]})


def write(path):
    if path.suffix == ".xpt":
        write_xpt(FRAME, path, name="DM", label="Demographics",
                  labels={"USUBJID": "Unique Subject Identifier", "AGE": "Age"}, timestamp=TS)
    else:
        write_dataset_json(FRAME, path, spec=SPEC, study=StudySpec("S1"), timestamp=TS,
                           ndjson=".ndjson" in path.name)
    return path


@pytest.mark.parametrize("name", ["dm.xpt", "dm.json", "dm.ndjson", "DM.JSON", "dm.ndjson.gz"])
def test_read_dataset_same_shape_whatever_the_format(tmp_path, name):
    path = write(tmp_path / name)
    if name.endswith(".gz"):                    # gzip stream from another tool (mtime set)
        path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()), mtime=12345))
    data = read_dataset(path)
    assert data.name == "DM" and data.label == "Demographics"
    assert data.labels == {"USUBJID": "Unique Subject Identifier", "AGE": "Age"}
    assert data.frame["USUBJID"].tolist() == ["S-1", "S-2"]
    assert data.frame["AGE"].dtype == "float64" and pd.isna(data.frame["AGE"][1])
    assert data.widths == {"USUBJID": 3, "AGE": 8}


def test_kinds():
    assert [dataset_kind(p) for p in ("lb.xpt", "LB.NDJSON", "lb.json.gz", "lb.dsjc",
                                      "define.xml", "lb.csv")] == [
        "xpt", "ndjson", "json.gz", "dsjc", None, None]
    assert ds.dataset_stem("lb.ndjson.gz") == "LB"


def test_unknown_type_is_a_clear_data_error(tmp_path):
    p = tmp_path / "dm.sas7bdat"
    p.write_bytes(b"x")
    with pytest.raises(DataError, match=r"unknown dataset file type \(known: \.xpt, \.json"):
        read_dataset(p)


def test_folder_prefers_xpt_and_notes_the_other_file(tmp_path):
    write(tmp_path / "dm.xpt")
    write(tmp_path / "dm.json")
    (tmp_path / "define.xml").write_text("<ODM/>")
    ae = tmp_path / "ae.ndjson"
    write_dataset_json(FRAME, ae, spec=SPEC, study=StudySpec("S1"), timestamp=TS, ndjson=True)
    notes: list[str] = []
    data = read_folder(tmp_path, notes)
    assert sorted(data) == ["AE", "DM"]
    assert notes == ["DM: read dm.xpt; also present and not read: dm.json"]


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(DataError, match="dataset folder not found"):
        read_folder(tmp_path / "nope")
    assert read_folder(tmp_path) == {}



def test_write_datasets_gives_numeric_dates_their_spec_formats(tmp_path):
    import pyreadstat

    from cdisc_convert.spec.model import DatasetSpec, VariableSpec
    spec = DatasetSpec("ADSL", "Subject-Level", "ADaMIG", variables=(
        VariableSpec("USUBJID", "Unique Subject Identifier"),
        VariableSpec("TRTSDT", "Date of First Exposure", "Num", display_format="DATE9."),
        VariableSpec("AGE", "Age", "Num")))
    frame = pd.DataFrame({"USUBJID": ["S-1"], "TRTSDT": [23338.0], "AGE": [61.0]})
    ds.write_datasets({"ADSL": frame}, {"ADSL": spec}, tmp_path, datetime(2025, 1, 1))
    _, meta = pyreadstat.read_xport(str(tmp_path / "adsl.xpt"), metadataonly=True)
    assert meta.original_variable_types["TRTSDT"] == "DATE9."
    assert meta.original_variable_types["AGE"] is None
    assert read_folder(tmp_path)["ADSL"].frame["TRTSDT"].tolist() == [23338.0]


def test_a_dataset_json_file_is_named_by_the_name_it_declares(tmp_path):
    """CDISC's i18n_ae.json holds AE: the file name is not the dataset name."""
    path = write(tmp_path / "i18n_dm.json")            # declares name DM, itemGroupOID IG.DM
    assert ds.dataset_name(path, read_dataset(path)) == "DM"
    assert sorted(read_folder(tmp_path)) == ["DM"]
    xpt = write(tmp_path / "extra_dm.xpt")             # an XPT file goes by its file name
    assert ds.dataset_name(xpt, read_dataset(xpt)) == "EXTRA_DM"


def test_two_files_declaring_one_name_are_both_kept(tmp_path):
    write(tmp_path / "dm.xpt")
    write(tmp_path / "old_dm.json")                    # declares DM too
    assert sorted(read_folder(tmp_path)) == ["DM", "OLD_DM"]


def test_an_empty_folder_names_the_formats_looked_for(tmp_path):
    from cdisc_convert.errors import UsageError
    with pytest.raises(UsageError, match=r"--sdtm .*: no dataset files found \(looked for "
                                         r"\.xpt, \.json, \.ndjson, \.json\.gz"):
        ds.read_frames(tmp_path, "--sdtm")
