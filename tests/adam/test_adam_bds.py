"""cdisc_convert/adam/bds.py: baseline, change, flags, reference ranges, criteria."""

import pandas as pd
import pytest

from cdisc_convert.adam.bds import (
    compute_decimals,
    compute_difference,
    derive_var_analysis_flag,
    derive_var_anrind,
    derive_var_base,
    derive_var_chg,
    derive_var_extreme_flag,
    derive_var_ontrtfl,
    derive_var_pchg,
    derive_var_shift,
    derive_vars_crit_flag,
)

TRTSDTM = pd.Timestamp("2024-02-22 09:30")
POST = {"column": "ADTM", "gt_var": "TRTSDTM"}
PRE = {"all": [{"column": "AVAL", "not_null": True}, {"column": "ADTM", "le_var": "TRTSDTM"}]}


def _labs(times, values):
    return pd.DataFrame({"USUBJID": "1", "PARAMCD": "HBA1C", "ADTM": pd.to_datetime(times),
                         "TRTSDTM": TRTSDTM, "AVAL": values})


def _baseline(f):
    f = derive_var_extreme_flag(f, by_vars=["USUBJID", "PARAMCD"], order=["ADTM"], mode="last",
                                new_var="ABLFL", filter=PRE)
    return derive_var_pchg(derive_var_chg(derive_var_base(f, by_vars=["USUBJID", "PARAMCD"]),
                                          filter=POST), filter=POST)


def test_baseline_skips_missing_predose_value():
    # screening 9.6, Day 1 pre-dose result missing -> baseline is screening
    f = _baseline(_labs(["2024-02-01 07:43", "2024-02-22 08:00", "2024-08-03 08:52"],
                        [9.6, None, 8.3]))
    assert f["ABLFL"].tolist() == ["Y", "", ""]
    assert f["BASE"].tolist() == [9.6] * 3
    assert f["CHG"].round(6).tolist()[2] == -1.3
    assert f["PCHG"].round(4).tolist()[2] == -13.5417


def test_predose_sample_after_infusion_start_is_not_baseline():
    # the Day 1 "pre-dose" sample was drawn at 10:05, after the 09:30 infusion start
    f = _baseline(_labs(["2024-02-01 07:43", "2024-02-22 10:05"], [9.6, 9.5]))
    assert f["ABLFL"].tolist() == ["Y", ""]
    assert f["CHG"].round(6).tolist()[1] == -0.1


def test_subject_without_post_baseline_value():
    f = _baseline(_labs(["2024-02-01 07:43"], [9.6]))
    assert f["ABLFL"].tolist() == ["Y"] and f["BASE"].tolist() == [9.6]
    assert f["CHG"].isna().all() and f["PCHG"].isna().all()


def test_subject_without_baseline_has_no_change():
    f = _baseline(_labs(["2024-03-20 08:00"], [9.0]))
    assert f["ABLFL"].tolist() == [""] and f["BASE"].isna().all() and f["CHG"].isna().all()


def test_two_baselines_is_an_error():
    f = pd.DataFrame({"USUBJID": ["1", "1"], "AVAL": [1.0, 2.0], "ABLFL": ["Y", "Y"]})
    with pytest.raises(ValueError, match="more than one baseline"):
        derive_var_base(f, by_vars=["USUBJID"])


def test_pchg_base_zero_is_missing():
    f = pd.DataFrame({"AVAL": [1.0], "BASE": [0.0]})
    assert derive_var_pchg(f)["PCHG"].isna().all()


def test_anrind_and_shift():
    f = pd.DataFrame({"AVAL": [3.5, 5.0, 7.0], "ANRLO": [3.9] * 3, "ANRHI": [6.1] * 3,
                      "BNRIND": ["NORMAL", "LOW", ""]})
    f = derive_var_shift(derive_var_anrind(f))
    assert f["ANRIND"].tolist() == ["LOW", "NORMAL", "HIGH"]
    assert f["SHIFT1"].tolist() == ["NORMAL to LOW", "LOW to NORMAL", "MISSING to HIGH"]


def test_analysis_flag_closest_to_target_then_earliest():
    f = pd.DataFrame({"USUBJID": ["1"] * 4, "PARAMCD": ["HBA1C"] * 4,
                      "AVISITN": [6.0, 6.0, 6.0, float("nan")], "AVISIT": ["WEEK 24"] * 3 + [""],
                      "AWTDIFF": [5.0, 1.0, 1.0, float("nan")], "ADTM": [3, 2, 1, 4],
                      "AVAL": [8.0, 7.9, 7.8, 7.0]})
    out = derive_var_analysis_flag(f, by_vars=["USUBJID", "PARAMCD", "AVISITN"],
                                   order=["AWTDIFF", "ADTM"],
                                   filter={"column": "AVISIT", "not_null": True})
    assert out["ANL01FL"].tolist() == ["", "", "Y", ""]


def test_ontrtfl_predose_on_first_day_is_not_on_treatment():
    f = pd.DataFrame({"ADT": pd.to_datetime(["2024-02-22", "2024-02-22", "2024-05-18",
                                             "2024-05-19"]),
                      "ADTM": pd.to_datetime(["2024-02-22 08:00", "2024-02-22 10:05",
                                              "2024-05-18 08:00", "2024-05-19 08:00"]),
                      "TRTSDTM": TRTSDTM, "TRTSDT": pd.Timestamp("2024-02-22"),
                      "TRTEDT": pd.Timestamp("2024-04-20")})
    out = derive_var_ontrtfl(f, ref_end_window=28,
                             filter_pre_timepoint={"column": "ADTM", "le_var": "TRTSDTM"})
    assert out["ONTRTFL"].tolist() == ["", "Y", "Y", ""]


def test_crit1_hba1c_below_7():
    f = pd.DataFrame({"PARAMCD": ["HBA1C"] * 3 + ["GLUC"], "AVAL": [6.9, 7.0, None, 5.0]})
    out = derive_vars_crit_flag(f, condition={"column": "AVAL", "lt": 7.0},
                                description="HbA1c < 7.0 %",
                                filter={"column": "PARAMCD", "equals": "HBA1C"})
    assert out["CRIT1FL"].tolist() == ["Y", "N", "", ""]
    assert out["CRIT1"].tolist() == ["HbA1c < 7.0 %", "HbA1c < 7.0 %", "", ""]


def test_change_is_rounded_to_the_precision_of_the_data():
    f = pd.DataFrame({"AVAL": [7.3, 10.6, 162.0, 0.125, 3.4948],
                      "BASE": [7.1, 7.2, 150.5, 0.1, 3.0],
                      "ADTM": [TRTSDTM + pd.Timedelta(days=1)] * 5, "TRTSDTM": [TRTSDTM] * 5})
    assert (7.3 - 7.1) != 0.2                                  # the noise being removed
    out = derive_var_pchg(derive_var_chg(f, filter=POST), filter=POST)
    assert out["CHG"].tolist() == [0.2, 3.4, 11.5, 0.025, 0.4948]
    assert out["PCHG"].tolist()[0] == 0.2 / 7.1 * 100
    assert compute_decimals(pd.Series([1e-7, 250.0])).tolist() == [7, 0]


def test_difference_keeps_missing_values_missing():
    got = compute_difference(pd.Series([1.0, None, 2.5]), pd.Series([None, 1.0, 2.25]))
    assert got.isna().tolist() == [True, True, False] and got.iloc[2] == 0.25
