"""Record steps that add records: append_source, subject_elements, add_bmi."""

import pandas as pd

from cdisc_convert.io.raw import RawTable
from cdisc_convert.sdtm.context import SUBJECT, MapContext
from cdisc_convert.sdtm.steps import add_bmi, append_source, subject_elements
from cdisc_convert.spec.model import ArmSpec, DatasetSpec, SourceSpec, StudySpec

STUDY = StudySpec("S1", arms=(ArmSpec("A", "Arm A", elements=("SCRN", "A", "FU")),
                              ArmSpec("B", "Arm B", elements=("SCRN", "B", "FU"))))


def ctx_for(frame: pd.DataFrame, sources: dict | None = None) -> MapContext:
    specs, tables = {}, {}
    for alias, cols in (sources or {}).items():
        specs[alias] = SourceSpec(alias, f"{alias}.csv")
        f = pd.DataFrame(cols)
        f["_file"], f["_row"] = f"{alias}.csv", range(1, len(f) + 1)
        tables[alias] = RawTable(f"{alias}.csv", None, f, "utf-8")
    return MapContext(DatasetSpec("XX", "x", "SDTMIG", sources=specs), STUDY, frame, tables)


def test_append_source_adds_milestones_with_their_own_trace():
    frame = pd.DataFrame({"ds.TERM": ["COMPLETED"], SUBJECT: ["1"], "_file": "ds.csv",
                          "_row": [1]})
    ctx = ctx_for(frame, {"rand": {"Subject": ["1", "2"], "DT": ["2023-11-20", "2023-11-21"]}})
    out = append_source(ctx, frame, source="rand", columns={
        "ds.TERM": {"value": "RANDOMIZED"}, "ds.DATE": "rand.DT"})
    assert out["ds.TERM"].tolist() == ["COMPLETED", "RANDOMIZED", "RANDOMIZED"]
    assert out["_file"].tolist() == ["ds.csv", "rand.csv", "rand.csv"]
    assert out[SUBJECT].tolist() == ["1", "1", "2"]


def test_subject_elements_from_reference_dates():
    dm = pd.DataFrame({"dm.ACTARMCD": ["B", ""], "dm.RFICDTC": ["2023-10-01", "2023-10-05"],
                       "dm.RFXSTDTC": ["2023-10-20T09:00", ""],
                       "dm.RFXENDTC": ["2023-12-15T10:00", ""],
                       "dm.RFPENDTC": ["2024-10-01", "2023-10-12"],
                       SUBJECT: ["1", "2"], "_file": "dm", "_row": [1, 2]})
    out = subject_elements(ctx_for(dm), dm, arm="dm.ACTARMCD", elements=[
        {"etcd": "SCRN", "start": "dm.RFICDTC", "end": "dm.RFXSTDTC", "end_else": "dm.RFPENDTC"},
        {"etcd_from": "dm.ACTARMCD", "start": "dm.RFXSTDTC",
         "end": {"ref": "dm.RFXENDTC", "offset_days": 1}},
        {"etcd": "FU", "start": {"ref": "dm.RFXENDTC", "offset_days": 1}, "end": "dm.RFPENDTC"}])
    got = out[[SUBJECT, "_ETCD", "_SESTDTC", "_SEENDTC", "_TAETORD"]].values.tolist()
    assert got == [["1", "SCRN", "2023-10-01", "2023-10-20T09:00", "1"],
                   ["1", "B", "2023-10-20T09:00", "2023-12-16", "2"],
                   ["1", "FU", "2023-12-16", "2024-10-01", "3"],
                   ["2", "SCRN", "2023-10-05", "2023-10-12", "1"]]   # screen failure


def test_add_bmi_uses_first_height():
    f = pd.DataFrame({"_TESTCD": ["HEIGHT", "WEIGHT", "WEIGHT"], "_ORRES": ["170", "72.3", None],
                      "_ORRESU": ["cm", "kg", "kg"], SUBJECT: ["1", "1", "1"],
                      "_file": "vs.csv", "_row": [1, 1, 2]})
    out = add_bmi(ctx_for(f), f)
    bmi = out[out["_TESTCD"] == "BMI"]
    assert bmi["_ORRES"].tolist() == ["25"] and bmi["_ORRESU"].tolist() == ["kg/m2"]
    assert bmi["_DRVFL"].tolist() == ["Y"] and bmi["_row"].tolist() == [1]


def test_long_text_is_split_over_numbered_qualifiers():
    from cdisc_convert.sdtm.steps import split_long_text
    text = ("word " * 90).strip()                      # 449 bytes
    f = pd.DataFrame({"_QNAM": ["AECOMM", "AECOMM"], "_QVAL": [text, "short"],
                      SUBJECT: ["1", "2"], "_file": "ae.csv", "_row": [1, 2]})
    out = split_long_text(ctx_for(f), f)
    assert out["_QNAM"].tolist() == ["AECOMM", "AECOMM1", "AECOMM2", "AECOMM"]
    assert all(len(v.encode()) <= 200 for v in out["_QVAL"])
    assert " ".join(out["_QVAL"].tolist()[:3]) == text
