import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.sdtm.algorithms.timing import derive_epoch, derive_study_day, derive_visit
from cdisc_convert.spec.model import EpochSpec, StudySpec, VisitSpec

STUDY = StudySpec(
    "S1",
    visits=(VisitSpec(1, "SCREENING", ("SCRN",)), VisitSpec(2, "DAY 1", ("D1",), day=1),
            VisitSpec(3, "WEEK 4", ("WK4", "Week 4"), day=29)),
    epochs=(EpochSpec("SCREENING", "RFICDTC"), EpochSpec("TREATMENT", "RFXSTDTC"),
            EpochSpec("FOLLOW-UP", "RFXENDTC", 1)))
DM = pd.DataFrame({"USUBJID": ["A"], "RFSTDTC": ["2023-11-06T09:30"], "RFICDTC": ["2023-10-20"],
                   "RFXSTDTC": ["2023-11-06T09:30"], "RFXENDTC": ["2024-01-01T10:00"]})


def test_study_day_has_no_day_zero_and_skips_partials(make_ctx):
    ctx = make_ctx({"USUBJID": ["A"] * 5, "AESTDTC": ["2023-11-05", "2023-11-06T08:00",
                   "2023-11-07", "2023-11", None]}, domains={"DM": DM})
    assert derive_study_day(ctx, dtc="AESTDTC").tolist()[:3] == [-1.0, 1.0, 2.0]
    assert derive_study_day(ctx, dtc="AESTDTC").isna().tolist()[3:] == [True, True]


def test_study_day_needs_dm(make_ctx):
    ctx = make_ctx({"USUBJID": ["A"], "X": ["2023-11-06"]})
    with pytest.raises(SpecError, match="needs DM.RFSTDTC"):
        derive_study_day(ctx, dtc="X")


def test_visits_by_alias_and_unscheduled_numbered_after_previous_visit(make_ctx):
    ctx = make_ctx({"USUBJID": ["A"] * 6,
                    "f": ["SCRN", "D1", "UNS1", "Week 4", "UNS2", "UNS3"],
                    "DTC": ["2023-10-25", "2023-11-06", "2023-11-20", "2023-12-04",
                            "2023-12-10", "2023-12-10"]}, study=STUDY)
    nums = derive_visit(ctx, from_="f", date="DTC", part="VISITNUM").tolist()
    names = derive_visit(ctx, from_="f", date="DTC", part="VISIT").tolist()
    assert nums == [1.0, 2.0, 2.01, 3.0, 3.01, 3.01]
    assert names == ["SCREENING", "DAY 1", "UNSCHEDULED 2.01", "WEEK 4", "UNSCHEDULED 3.01",
                     "UNSCHEDULED 3.01"]
    assert derive_visit(ctx, from_="f", date="DTC", part="VISITDY").tolist()[1] == 1.0


def test_unknown_visit_label_is_reported(make_ctx):
    ctx = make_ctx({"USUBJID": ["A"], "f": ["WEEK 99"], "DTC": ["2023-11-06"]}, study=STUDY)
    assert pd.isna(derive_visit(ctx, from_="f", date="DTC", part="VISITNUM").iloc[0])
    assert ctx.findings[0].code == "MAP-VISIT" and ctx.findings[0].value == "WEEK 99"


def test_epoch_uses_time_when_both_have_it(make_ctx):
    ctx = make_ctx({"USUBJID": ["A"] * 5, "DTC": [
        "2023-10-25", "2023-11-06T09:00", "2023-11-06T10:05", "2024-01-01", "2024-01-02"]},
        study=STUDY, domains={"DM": DM})
    assert derive_epoch(ctx, dtc="DTC").tolist() == [
        "SCREENING", "SCREENING", "TREATMENT", "TREATMENT", "FOLLOW-UP"]


def test_unscheduled_labels_step_and_name_come_from_the_study(make_ctx):
    from dataclasses import replace
    study = replace(STUDY, unscheduled=("UNPLANNED",), unscheduled_step=0.1,
                    unscheduled_name="UNSCHED {visitnum}")
    ctx = make_ctx({"USUBJID": ["A"] * 4, "f": ["D1", "Unplanned 1", "Unplanned 2", "UNS1"],
                    "DTC": ["2023-11-06", "2023-11-07", "2023-11-09", "2023-11-10"]},
                   study=study)
    assert derive_visit(ctx, from_="f", date="DTC", part="VISITNUM").tolist()[:3] == \
        [2.0, 2.1, 2.2]
    assert derive_visit(ctx, from_="f", date="DTC", part="VISIT").tolist()[:3] == \
        ["DAY 1", "UNSCHED 2.1", "UNSCHED 2.2"]
    assert [(f.code, f.value) for f in ctx.findings] == [("MAP-VISIT", "UNS1")]   # not a prefix


def test_no_unscheduled_labels_means_every_label_must_be_planned(make_ctx):
    from dataclasses import replace
    ctx = make_ctx({"USUBJID": ["A"], "f": ["UNS1"], "DTC": ["2023-11-06"]},
                   study=replace(STUDY, unscheduled=()))
    assert derive_visit(ctx, from_="f", date="DTC", part="VISITNUM").isna().all()
    assert [f.code for f in ctx.findings] == ["MAP-VISIT"]
