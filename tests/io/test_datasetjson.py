"""Dataset-JSON v1.1: schema-valid JSON and NDJSON, exact round trip through XPT, byte-identical
output, numeric dates as ISO text with targetDataType, clear errors on broken files."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import datetime

import pandas as pd
import pytest

import cdisc_convert.io.datasetjson as dj
from cdisc_convert.errors import DataError
from cdisc_convert.io.datasetjson import read_dataset_json, write_dataset_json
from cdisc_convert.io.xpt import read_xpt
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.model import DatasetSpec, StudySpec, VariableSpec
from tests.conftest import SPECS, reference_part

TS = datetime(2025, 6, 30, 12, 0, 0)
STUDY = StudySpec("S1", sponsor="Acme")
SPEC = DatasetSpec("ADSL", "Subject-Level Analysis Dataset", "ADaMIG", keys=("USUBJID",),
                   variables=(VariableSpec("USUBJID", "Unique Subject Identifier"),
                              VariableSpec("AGE", "Age", "Num"),
                              VariableSpec("HBA1CBL", "Baseline HbA1c (%)", "Num"),
                              VariableSpec("TRTSDT", "Date of First Exposure", "Num",
                                           display_format="DATE9."),
                              VariableSpec("TRTSDTM", "Datetime of First Exposure", "Num",
                                           display_format="DATETIME20."),
                              VariableSpec("AETERM", "Reported Term")))


def frame() -> pd.DataFrame:
    return pd.DataFrame({"USUBJID": ["S1-001", "S1-002"], "AGE": [62.0, float("nan")],
                         "HBA1CBL": [9.6, 8.25], "TRTSDT": [23338.0, float("nan")],
                         "TRTSDTM": [2016435000.0, float("nan")],
                         "AETERM": ["头痛 headache", ""]})


@pytest.fixture(scope="module")
def schemas(reference):
    """The published Dataset-JSON v1.1 schemas of the reference folder."""
    return reference_part(reference, "dataset-json-1.1", "schema", what="Dataset-JSON schema")


def schema(folder, name: str) -> dict:
    """A published schema; the NDJSON one is UTF-16 and its ``$ref``s point at definitions
    nested one level too deep, so they are lifted to ``$defs`` before use."""
    path = reference_part(folder, name, what="Dataset-JSON schema")
    raw = path.read_bytes()
    doc = json.loads(raw.decode("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"))
    defs = doc["$defs"]
    if "DatasetMetadata" in defs:
        props = defs["DatasetMetadata"]["properties"]
        defs.setdefault("Column", props["columns"]["items"]["Column"])
        defs.setdefault("DataTypesEnum", props["columns"]["items"]["DataTypesEnum"])
        defs.setdefault("SourceSystem", props["sourceSystem"]["SourceSystem"])
    return doc


def assert_valid(path, ndjson: bool, schemas) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    lines = path.read_text(encoding="utf-8").splitlines()
    if ndjson:
        meta = json.loads(lines[0])
        ndjson_schema = schema(schemas, "dataset-ndjson-schema.json")
        jsonschema.Draft201909Validator(ndjson_schema).validate(meta)
        rows = [json.loads(ln) for ln in lines[1:]]
        assert len(rows) == meta["records"] and all(len(r) == len(meta["columns"]) for r in rows)
    else:
        assert len(lines) == 1
        json_schema = schema(schemas, "dataset.schema.json")
        jsonschema.Draft201909Validator(json_schema).validate(json.loads(lines[0]))


def test_metadata_columns_and_rows(tmp_path):
    p = tmp_path / "adsl.json"
    write_dataset_json(frame(), p, spec=SPEC, study=STUDY, timestamp=TS)
    doc = json.loads(p.read_text(encoding="utf-8"))
    assert doc["datasetJSONCreationDateTime"] == "2025-06-30T12:00:00"
    assert doc["datasetJSONVersion"] == "1.1"
    assert (doc["itemGroupOID"], doc["name"], doc["records"]) == ("IG.ADSL", "ADSL", 2)
    assert (doc["studyOID"], doc["metaDataVersionOID"]) == ("STDY.S1", "MDV.S1.ADaMIG.1.3")
    cols = {c["name"]: c for c in doc["columns"]}
    assert cols["USUBJID"] == {"itemOID": "IT.ADSL.USUBJID", "name": "USUBJID",
                               "label": "Unique Subject Identifier", "dataType": "string",
                               "length": 6, "keySequence": 1}
    assert cols["AGE"]["dataType"] == "integer" and cols["HBA1CBL"]["dataType"] == "double"
    assert (cols["TRTSDT"]["dataType"], cols["TRTSDT"]["targetDataType"]) == ("date", "integer")
    assert cols["TRTSDTM"]["dataType"] == "datetime"
    assert cols["AETERM"]["length"] == len("头痛 headache".encode())
    assert doc["rows"] == [
        ["S1-001", 62, 9.6, "2023-11-24", "2023-11-24T08:50:00", "头痛 headache"],
        ["S1-002", None, 8.25, None, None, None]]
    assert "头痛" in p.read_text(encoding="utf-8")          # ensure_ascii=False


def test_spec_data_type_integer_and_non_whole_dates_fall_back_to_double(tmp_path):
    spec = DatasetSpec("X", "x", "SDTMIG", variables=(
        VariableSpec("N", "n", "Num", data_type="float"),
        VariableSpec("D", "d", "Num", display_format="DATE9.")))
    meta = dj.dataset_metadata(pd.DataFrame({"N": [1.0], "D": [0.5]}), spec, STUDY, TS)
    assert [c["dataType"] for c in meta["columns"]] == ["double", "double"]


@pytest.mark.parametrize("ndjson", [False, True])
def test_round_trip_and_schema(tmp_path, ndjson, schemas):
    p = tmp_path / ("adsl.ndjson" if ndjson else "adsl.json")
    write_dataset_json(frame(), p, spec=SPEC, study=STUDY, timestamp=TS, ndjson=ndjson)
    assert_valid(p, ndjson, schemas)
    back = read_dataset_json(p)
    pd.testing.assert_frame_equal(back.frame, frame().astype({"USUBJID": "str", "AETERM": "str"}))
    assert back.name == "ADSL" and back.label == SPEC.label
    assert back.labels["TRTSDT"] == "Date of First Exposure" and back.widths["USUBJID"] == 6


def test_same_inputs_same_bytes(tmp_path):
    a, b = tmp_path / "a.ndjson", tmp_path / "b.ndjson"
    for p in (a, b):
        write_dataset_json(frame(), p, spec=SPEC, study=STUDY, timestamp=TS, ndjson=True)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().count(b"\n") == 3                  # metadata + 2 rows


@pytest.mark.parametrize("pack", ["gzip", "zlib", "write-gz"])
def test_reads_gzip_and_zlib_streams(tmp_path, pack):
    plain = tmp_path / "adsl.ndjson"
    write_dataset_json(frame(), plain, spec=SPEC, study=STUDY, timestamp=TS, ndjson=True)
    packed = tmp_path / ("adsl.ndjson.gz" if pack != "zlib" else "adsl.dsjc")
    if pack == "write-gz":
        write_dataset_json(frame(), packed, spec=SPEC, study=STUDY, timestamp=TS, ndjson=True)
        assert zlib.decompress(packed.read_bytes(), 47) == plain.read_bytes()
    else:
        packed.write_bytes((gzip.compress if pack == "gzip" else zlib.compress)(plain.read_bytes()))
    pd.testing.assert_frame_equal(read_dataset_json(packed).frame, read_dataset_json(plain).frame)


@pytest.mark.parametrize("text, message", [
    ("not json", "not JSON"),
    ('{"name": "AE"}', "no 'columns'"),
    ('{"name":"AE","records":2,"columns":[{"name":"A","dataType":"string"}],"rows":[["x"]]}',
     "'records' says 2"),
    ('{"columns":[{"name":"A","dataType":"string"}],"rows":[["x", "y"]]}', "row has 2 values"),
    ('{"columns":[{"name":"A","dataType":"double"}],"rows":[["x"]]}', "dataType"),
])
def test_broken_files_are_data_errors(tmp_path, text, message):
    p = tmp_path / "ae.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_dataset_json(p)


def test_reads_cdisc_example_files(reference):
    path = reference_part(reference, "dataset-json-1.1", "examples", "i18n_ae.json",
                          what="Dataset-JSON examples")
    data = read_dataset_json(path)
    assert data.name == "AE" and len(data.frame) == 1191
    assert data.frame["AESEQ"].dtype == "float64" and data.labels["AESEV"] == "Severity/Intensity"


@pytest.fixture(scope="module")
def sample_out(sample_run):
    return sample_run, load_specs(SPECS)


def test_sample_xpt_to_json_round_trip_equals_xpt(sample_out, tmp_path, schemas):
    """XPT -> JSON -> frame equals XPT -> frame, for every SDTM and ADaM dataset of the sample."""
    out, specs = sample_out
    files = sorted(out.glob("sdtm/*.xpt")) + sorted(out.glob("adam/*.xpt"))
    assert len(files) >= 8
    for i, xpt in enumerate(files):
        x = read_xpt(xpt)
        ndjson = i % 2 == 1
        p = tmp_path / (xpt.stem + (".ndjson" if ndjson else ".json"))
        write_dataset_json(x.frame, p, spec=specs.dataset(x.name), study=specs.study,
                           timestamp=TS, ndjson=ndjson)
        assert_valid(p, ndjson, schemas)
        back = read_dataset_json(p)
        pd.testing.assert_frame_equal(back.frame, x.frame, obj=xpt.name)
        assert (back.name, back.label, back.labels, back.widths) == (
            x.name, x.label, x.labels, x.widths), xpt.name


def test_write_datasets_json_names_ndjson_for_large(tmp_path):
    paths = dj.write_datasets_json({"ADSL": frame()}, {"ADSL": SPEC}, tmp_path, STUDY, TS,
                                   ndjson_min_rows=2)
    assert [p.name for p in paths] == ["adsl.ndjson"]



def test_a_value_of_the_wrong_type_names_its_column_row_and_value(tmp_path):
    doc = {"datasetJSONVersion": "1.1", "name": "DM", "label": "Demographics", "records": 2,
           "columns": [{"itemOID": "IT.DM.AGE", "name": "AGE", "label": "Age",
                        "dataType": "integer"}],
           "rows": [[30], ["thirty"]]}
    (tmp_path / "dm.json").write_text(json.dumps(doc))
    with pytest.raises(DataError, match=r"record 2, column AGE, value 'thirty': value does not "
                                        r"match the column's dataType 'integer'"):
        dj.read_dataset_json(tmp_path / "dm.json")


def test_declared_name_from_name_then_item_group_oid_then_file_name():
    from pathlib import Path

    from cdisc_convert.io.datasetjson import declared_name
    assert declared_name({"name": "ae", "itemGroupOID": "IG.XX"}, Path("i18n_ae.json")) == "AE"
    assert declared_name({"name": " ", "itemGroupOID": "IG.AE"}, Path("i18n_ae.json")) == "AE"
    assert declared_name({"itemGroupOID": "IG.LZZT.LB"}, Path("x.json")) == "LB"
    assert declared_name({}, Path("i18n_ae.ndjson.gz")) == "I18N_AE"
