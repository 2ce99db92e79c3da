"""cdisc_convert/adam/dates.py: ISO 8601 -> analysis dates, imputation flags, study days."""

import pandas as pd
import pytest

from cdisc_convert.adam.dates import (
    compute_dtc_parts,
    derive_var_trtdurd,
    derive_vars_dt,
    derive_vars_dtm,
    derive_vars_dtm_to_dt,
    derive_vars_duration,
    derive_vars_dy,
    sas_number_kind,
    to_sas_numbers,
)

TRT = pd.Timestamp("2023-11-24")


def _dates(series):
    return [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in series]


@pytest.mark.parametrize("dtc, how, flag, expected", [
    ("2023-11-30", "first", "", "2023-11-30"),      # complete: never imputed
    ("2023-11", "first", "D", "2023-11-24"),        # month of first dose: the first-dose date
    ("2023-10", "first", "D", "2023-10-01"),        # earlier month: first of month
    ("2023", "first", "M", "2023-11-24"),           # year of first dose: the first-dose date
    ("2024", "first", "M", "2024-01-01"),
    ("2024---15", "first", "M", "2024-01-01"),      # month unknown: day imputed too
    ("2024-02", "last", "D", "2024-02-29"),         # leap year
    ("2023", "last", "M", "2023-12-31"),
    ("", "first", "", None),
    ("--11-06", "first", "", None),                 # no year: not imputed
])
def test_derive_vars_dt_imputation(dtc, how, flag, expected):
    f = pd.DataFrame({"DTC": [dtc], "TRTSDT": [TRT]})
    out = derive_vars_dt(f, new_vars_prefix="AST", dtc="DTC", highest_imputation="M",
                         date_imputation=how, min_dates=["TRTSDT"])
    assert _dates(out["ASTDT"]) == [expected]
    assert out["ASTDTF"].tolist() == [flag]


def test_highest_imputation_day_leaves_year_only_missing():
    f = pd.DataFrame({"DTC": ["2023-11", "2023"]})
    out = derive_vars_dt(f, new_vars_prefix="AST", dtc="DTC", highest_imputation="D")
    assert _dates(out["ASTDT"]) == ["2023-11-01", None]
    assert out["ASTDTF"].tolist() == ["D", ""]


def test_no_imputation_has_no_flag_variable():
    out = derive_vars_dt(pd.DataFrame({"DTC": ["2023-11-06T10:00", "2023-11"]}),
                         new_vars_prefix="A", dtc="DTC")
    assert _dates(out["ADT"]) == ["2023-11-06", None]
    assert "ADTF" not in out


def test_end_date_capped_by_max_dates():
    f = pd.DataFrame({"DTC": ["2024-09"], "EOSDT": [pd.Timestamp("2024-09-28")]})
    out = derive_vars_dt(f, new_vars_prefix="AEN", dtc="DTC", highest_imputation="M",
                         date_imputation="last", max_dates=["EOSDT"])
    assert _dates(out["AENDT"]) == ["2024-09-28"] and out["AENDTF"].tolist() == ["D"]


def test_derive_vars_dtm_time_flags():
    f = pd.DataFrame({"DTC": ["2023-11-06T09:30:15", "2023-11-06T09:30", "2023-11-06T09",
                              "2023-11-06", "2023-11"]})
    out = derive_vars_dtm(f, new_vars_prefix="AST", dtc="DTC", highest_imputation="M",
                          time_imputation="last", ignore_seconds_flag=False)
    assert out["ASTDTM"].dt.strftime("%Y-%m-%d %H:%M:%S").tolist() == [
        "2023-11-06 09:30:15", "2023-11-06 09:30:59", "2023-11-06 09:59:59",
        "2023-11-06 23:59:59", "2023-11-01 23:59:59"]
    assert out["ASTTMF"].tolist() == ["", "S", "M", "H", "H"]
    assert out["ASTDTF"].tolist() == ["", "", "", "", "D"]


def test_compute_dtc_parts():
    assert compute_dtc_parts("2023-11-06T09:30") == (2023, 11, 6, 9, 30, None)
    assert compute_dtc_parts(float("nan")) == (None,) * 6


def test_study_day_has_no_day_zero():
    f = pd.DataFrame({"TRTSDT": [TRT] * 3,
                      "ASTDT": pd.to_datetime(["2023-11-23", "2023-11-24", None])})
    assert derive_vars_dy(f, source_vars=["ASTDT"])["ASTDY"].tolist()[:2] == [-1.0, 1.0]


def test_trtdurd_and_duration_minutes():
    f = pd.DataFrame({"TRTSDT": [pd.Timestamp("2024-02-14")],
                      "TRTEDT": [pd.Timestamp("2024-04-08")],
                      "S": pd.to_datetime(["2024-02-14 09:50"]),
                      "E": pd.to_datetime(["2024-02-14 10:30"])})
    assert derive_var_trtdurd(f)["TRTDURD"].tolist() == [55.0]
    out = derive_vars_duration(f, new_var="DUR", start_date="S", end_date="E", out_unit="minutes")
    assert out["DUR"].tolist() == [40.0]


def test_dtm_to_dt_and_sas_numbers():
    f = derive_vars_dtm_to_dt(pd.DataFrame({"TRTSDTM": pd.to_datetime(["1960-01-02 00:01"])}),
                              source_vars=["TRTSDTM"])
    assert to_sas_numbers(f["TRTSDT"], datetime=False).tolist() == [1.0]
    assert to_sas_numbers(f["TRTSDTM"], datetime=True).tolist() == [86460.0]
    assert to_sas_numbers(f["TRTSDTM"], datetime=False, time=True).tolist() == [60.0]


def test_the_display_format_decides_how_a_date_column_is_written():
    from cdisc_convert.adam.build_adam import to_xpt_values
    from cdisc_convert.spec.model import DatasetSpec, VariableSpec
    when = pd.to_datetime(["1960-01-02 00:01"])
    spec = DatasetSpec("ADXX", "X", "ADaMIG", variables=(
        VariableSpec("ASTDTM", "a", "Num", display_format="DATETIME20."),
        VariableSpec("ASTTM", "b", "Num", display_format="TIME8."),
        VariableSpec("ASTDT", "c", "Num", display_format="DATE9."),
        VariableSpec("AENDTM", "d", "Num")))
    got = to_xpt_values(pd.DataFrame({"ASTDTM": when, "ASTTM": when, "ASTDT": when,
                                      "AENDTM": when}), spec)
    assert got.iloc[0].tolist() == [86460.0, 60.0, 1.0, 86460.0]
    assert sas_number_kind("ADT", None) == "date"


def test_inputs_are_not_modified():
    f = pd.DataFrame({"DTC": ["2023-11"]})
    derive_vars_dt(f, new_vars_prefix="A", dtc="DTC", highest_imputation="D")
    assert list(f.columns) == ["DTC"]
