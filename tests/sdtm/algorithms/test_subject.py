import pandas as pd

from cdisc_convert.io.raw import RawTable
from cdisc_convert.sdtm.algorithms.subject import (
    derive_age,
    derive_arm,
    derive_ref_date,
    derive_subject_flag,
)
from cdisc_convert.sdtm.context import SUBJECT, MapContext
from cdisc_convert.spec.model import ArmSpec, DatasetSpec, SourceSpec, StudySpec

STUDY = StudySpec("S1", arms=(ArmSpec("PBO", "Placebo"), ArmSpec("MSC", "UC-MSC"),
                              ArmSpec("OCNMSC", "OCN19-MSC")))


def ctx_with_sources(records: dict, sources: dict[str, dict]) -> MapContext:
    specs = {a: SourceSpec(a, f"{a}.csv") for a in sources}
    tables = {}
    for alias, cols in sources.items():
        f = pd.DataFrame(cols)
        f["_file"], f["_row"] = f"{alias}.csv", range(1, len(f) + 1)
        tables[alias] = RawTable(f"{alias}.csv", None, f, "utf-8")
    frame = pd.DataFrame(records)
    frame[SUBJECT] = frame["dm.Subject"]
    frame["_file"], frame["_row"] = "dm.csv", range(1, len(frame) + 1)
    return MapContext(DatasetSpec("DM", "Demographics", "SDTMIG", sources=specs), STUDY, frame,
                      tables)


def test_arms_planned_actual_and_null_reasons():
    ctx = ctx_with_sources(
        {"dm.Subject": ["1", "2", "3", "4"], "rand.ARMCD": ["MSC", "PBO", None, "PBO"]},
        {"kits": {"Subject": ["1", "1", "2"], "KITARMCD": ["OCNMSC", "OCNMSC", "PBO"]},
         "ex": {"Subject": ["1", "2"]},
         "ds": {"Subject": ["3"], "DECOD": ["SCREEN FAILURE"]}})
    args = dict(planned="rand.ARMCD", actual_source="kits", actual="KITARMCD",
                treated_source="ex", screen_failure={"source": "ds", "where": {
                    "column": "ds.DECOD", "equals": "SCREEN FAILURE"}})
    get = lambda part: derive_arm(ctx, part=part, **args).tolist()  # noqa: E731
    assert get("ARMCD") == ["MSC", "PBO", None, "PBO"]
    assert get("ACTARMCD") == ["OCNMSC", "PBO", None, None]     # kit mix-up for subject 1
    assert get("ACTARM") == ["OCN19-MSC", "Placebo", None, None]
    assert get("ARMNRS") == [None, None, "SCREEN FAILURE", "ASSIGNED, NOT TREATED"]
    assert [f.code for f in ctx.findings] == ["MAP-ARM-ACTUAL"]


def test_mixed_kits_are_unplanned_treatment():
    ctx = ctx_with_sources({"dm.Subject": ["1"], "rand.ARMCD": ["MSC"]},
                           {"kits": {"Subject": ["1", "1"], "KITARMCD": ["MSC", "PBO"]}})
    assert derive_arm(ctx, part="ARMNRS", planned="rand.ARMCD", actual_source="kits",
                      actual="KITARMCD").tolist() == ["UNPLANNED TREATMENT"]


def test_reference_dates_first_and_last_with_time():
    ctx = ctx_with_sources({"dm.Subject": ["1", "2"]}, {"ex": {
        "Subject": ["1", "1", "2"], "D": ["04 DEC 2023", "06 NOV 2023", "UN NOV 2023"],
        "T": ["10:00", "09:30", None]}})
    first = derive_ref_date(ctx, dates=[{"source": "ex", "date": "D", "time": "T"}], agg="min")
    last = derive_ref_date(ctx, dates=[{"source": "ex", "date": "D", "time": "T"}], agg="max")
    assert first.tolist() == ["2023-11-06T09:30", None]   # a partial date is no reference
    assert last.tolist() == ["2023-12-04T10:00", None]


def test_subject_flag():
    ctx = ctx_with_sources({"dm.Subject": ["1", "2"]},
                           {"ds": {"Subject": ["2"], "DECOD": ["DEATH"]}})
    assert derive_subject_flag(ctx, source="ds", where={"column": "ds.DECOD", "equals": "DEATH"}
                               ).tolist() == [None, "Y"]


def test_age_collected_checked_against_dates(make_ctx):
    ctx = make_ctx({"AGE": ["72", "40", None], "BRTHDTC": ["1951-07-14", "1990-01-01",
                    "1980-06-01"], "RFICDTC": ["2023-11-01", "2023-11-01", "2023-11-01"]},
                   dataset="DM")
    out = derive_age(ctx, collected="AGE", birth="BRTHDTC", ref="RFICDTC")
    assert out.tolist() == [72.0, 40.0, 43.0]
    assert [(f.code, f.value) for f in ctx.findings] == [("MAP-AGE", 40.0)]


def test_subject_value_first_or_last_matching_record():
    from cdisc_convert.sdtm.algorithms.subject import derive_subject_value
    ctx = ctx_with_sources({"dm.Subject": ["1", "2", "3"]}, {"ds": {
        "Subject": ["1", "1", "2"], "DECOD": ["DEATH", "DEATH", "COMPLETED"],
        "DT": ["01 JAN 2024", "05 JAN 2024", "02 FEB 2024"]}})
    where = {"column": "ds.DECOD", "equals": "DEATH"}
    assert derive_subject_value(ctx, source="ds", column="DT", where=where).tolist() == [
        "01 JAN 2024", None, None]
    assert derive_subject_value(ctx, source="ds", column="DT", pick="last").tolist() == [
        "05 JAN 2024", "02 FEB 2024", None]


def test_an_unreadable_reference_date_is_reported_not_dropped():
    ctx = ctx_with_sources(
        {"dm.Subject": ["1", "2"]},
        {"ds": {"Subject": ["1", "2", "2"], "DSSTDAT": ["05 MAR 2024", "03-01-2024", "garbage"]}})
    from cdisc_convert.spec.model import VariableSpec
    ctx.variable = VariableSpec("RFENDTC", "End")
    out = derive_ref_date(ctx, dates=[{"source": "ds", "date": "DSSTDAT"}], agg="max")
    assert out.tolist() == ["2024-03-05", None]
    got = [(f.code, f.source_file, f.source_row, f.value, f.variable) for f in ctx.findings]
    assert got == [("MAP-REF-DATE", "ds.csv", 2, "03-01-2024", "RFENDTC"),
                   ("MAP-REF-DATE", "ds.csv", 3, "garbage", "RFENDTC")]
    assert ctx.findings[0].message.startswith(
        "date '03-01-2024' in raw column DSSTDAT cannot be read (cannot read '03-01-2024' as a "
        "date like 06 NOV 2023")
    assert "so RFENDTC does not use it; expected a date like 06 NOV 2023" in \
        ctx.findings[0].message


def test_a_reference_date_in_a_declared_format():
    ctx = ctx_with_sources(
        {"dm.Subject": ["1", "2"]},
        {"ds": {"Subject": ["1", "2", "2"], "DSSTDAT": ["01-02-2014", "12-31-2013", "13-13-2014"]}})
    out = derive_ref_date(ctx, dates=[{"source": "ds", "date": "DSSTDAT",
                                       "raw_fmt": "mm-dd-yyyy"}], agg="max")
    assert out.tolist() == ["2014-01-02", "2013-12-31"]
    (f,) = ctx.findings
    assert (f.code, f.source_row, f.value) == ("MAP-REF-DATE", 3, "13-13-2014")
    assert "month 13 does not exist" in f.message and "declared format mm-dd-yyyy" in f.message


def test_a_planned_code_meaning_no_arm_comes_from_the_study():
    from dataclasses import replace
    ctx = ctx_with_sources({"dm.Subject": ["1", "2"], "rand.ARMCD": ["SCRNFAIL", "PBO"]},
                           {"ex": {"Subject": ["2"]}})
    args = dict(planned="rand.ARMCD", treated_source="ex")
    assert derive_arm(ctx, part="ARMCD", **args).tolist() == [None, "PBO"]
    assert [(f.code, f.value) for f in ctx.findings] == [("MAP-ARM", "SCRNFAIL")]   # default
    ctx = ctx_with_sources({"dm.Subject": ["1", "2"], "rand.ARMCD": ["SCRNFAIL", "PBO"]},
                           {"ex": {"Subject": ["2"]}})
    ctx.study = replace(STUDY, no_arm_codes={"SCRNFAIL": "SCREEN FAILURE"})
    assert derive_arm(ctx, part="ARMCD", **args).tolist() == [None, "PBO"]
    assert derive_arm(ctx, part="ARMNRS", **args).tolist() == ["SCREEN FAILURE", None]
    assert not ctx.findings


def test_an_unreadable_reference_time_is_reported_and_the_date_kept():
    ctx = ctx_with_sources({"dm.Subject": ["1"]}, {"ex": {
        "Subject": ["1"], "D": ["06 NOV 2023"], "T": ["25:70"]}})
    out = derive_ref_date(ctx, dates=[{"source": "ex", "date": "D", "time": "T"}])
    assert out.tolist() == ["2023-11-06"]
    (f,) = ctx.findings
    assert (f.code, f.value, f.extra["column"]) == ("MAP-REF-DATE", "25:70", "T")
    assert f.message.startswith("time '25:70' in raw column T cannot be read")


def test_a_collected_age_that_is_no_number_is_reported_and_derived(make_ctx):
    ctx = make_ctx({"dm.AGE": ["forty", "41"], "BRTHDTC": ["1980-06-01", "1980-06-01"],
                    "RFICDTC": ["2023-11-01", "2023-11-01"]}, dataset="DM")
    out = derive_age(ctx, collected="dm.AGE", birth="BRTHDTC", ref="RFICDTC")
    assert out.tolist() == [43.0, 41.0]
    assert [(f.code, f.value) for f in ctx.findings] == [("RAW-NUMBER", "forty"),
                                                         ("MAP-AGE", 41.0)]
