import pandas as pd

from cdisc_convert.sdtm.algorithms.baseline import derive_baseline_flag

DM = pd.DataFrame({"USUBJID": ["A", "B"], "RFXSTDTC": ["2023-11-06T09:30", "2023-11-07"]})


def test_pre_dose_sample_taken_after_infusion_start_is_not_baseline(make_ctx):
    """The baseline trap: Day 1 'pre-dose' at 10:05, infusion started 09:30."""
    ctx = make_ctx({
        "USUBJID": ["A", "A", "A", "B", "B", "B"],
        "LBTESTCD": ["HBA1C"] * 6,
        "LBDTC": ["2023-10-25T08:00", "2023-11-06T10:05", "2023-12-04T08:00",
                  "2023-10-26", "2023-11-07T08:00", "2023-11-08"],
        "LBORRES": ["8.6", "8.4", "7.9", "9.1", "", "8.0"]}, domains={"DM": DM})
    flags = derive_baseline_flag(ctx, dtc="LBDTC", result="LBORRES", by=["USUBJID", "LBTESTCD"])
    # A: screening is baseline. B: Day 1 value missing, so screening again; date-only compare.
    assert flags.tolist() == ["Y", None, None, "Y", None, None]


def test_same_day_without_time_counts_as_on_or_before(make_ctx):
    ctx = make_ctx({"USUBJID": ["A", "A"], "LBTESTCD": ["G", "G"],
                    "LBDTC": ["2023-10-25", "2023-11-06"], "LBORRES": ["7", "8"]},
                   domains={"DM": DM})
    assert derive_baseline_flag(ctx, dtc="LBDTC", result="LBORRES",
                                by=["USUBJID", "LBTESTCD"]).tolist() == [None, "Y"]


def test_no_pre_dose_value_no_flag(make_ctx):
    ctx = make_ctx({"USUBJID": ["A"], "LBTESTCD": ["G"], "LBDTC": ["2023-12-01"],
                    "LBORRES": ["7"]}, domains={"DM": DM})
    assert derive_baseline_flag(ctx, dtc="LBDTC", result="LBORRES",
                                by=["USUBJID", "LBTESTCD"]).tolist() == [None]
