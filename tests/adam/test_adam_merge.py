"""cdisc_convert/adam/merge.py: merged variables, flags, categories, sequence numbers."""

import pandas as pd
import pytest

from cdisc_convert.adam.merge import (
    derive_var_flag,
    derive_var_merged_exist_flag,
    derive_var_merged_summary,
    derive_var_obs_number,
    derive_var_recode,
    derive_var_source_name,
    derive_vars_cat,
    derive_vars_copy,
    derive_vars_merged,
    filter_exist,
)

ADSL = pd.DataFrame({"USUBJID": ["1", "2", "3"], "AGE": [37.0, 50.0, 72.0]})
EX = pd.DataFrame({"USUBJID": ["1", "1", "2"], "EXDOSE": [7.16e7, 7.21e7, 0.0],
                   "EXSTDTC": ["2024-02-14", "2024-03-13", "2023-12-13"]})


def test_derive_vars_merged_last_by_order():
    out = derive_vars_merged(ADSL, dataset_add=EX, by_vars=["USUBJID"], order=["EXSTDTC"],
                             mode="last", new_vars={"LASTDOSE": "EXDOSE"})
    assert out["LASTDOSE"].tolist()[:2] == [7.21e7, 0.0] and pd.isna(out["LASTDOSE"].iloc[2])
    assert list(ADSL.columns) == ["USUBJID", "AGE"]        # input untouched


def test_derive_vars_merged_needs_mode_when_not_unique():
    with pytest.raises(ValueError, match="not unique"):
        derive_vars_merged(ADSL, dataset_add=EX, by_vars=["USUBJID"], new_vars=["EXDOSE"])


def test_exist_flag_and_summary():
    out = derive_var_merged_exist_flag(ADSL, dataset_add=EX, by_vars=["USUBJID"], new_var="SAFFL",
                                       condition={"column": "EXDOSE", "ge": 0})
    assert out["SAFFL"].tolist() == ["Y", "Y", "N"]
    out = derive_var_merged_summary(ADSL, dataset_add=EX, by_vars=["USUBJID"], new_var="TOT",
                                    analysis_var="EXDOSE", summary_fun="sum")
    assert out["TOT"].tolist()[:2] == [1.437e8, 0.0] and pd.isna(out["TOT"].iloc[2])


def test_flag_with_column_comparison():
    f = pd.DataFrame({"ARMCD": ["MSC", "MSC", ""], "ACTARMCD": ["MSC", "OCNMSC", ""]})
    out = derive_var_flag(f, new_var="ASRANDFL",
                          condition={"column": "ARMCD", "eq_var": "ACTARMCD"},
                          filter={"column": "ARMCD", "not_null": True})
    assert out["ASRANDFL"].tolist() == ["Y", "N", ""]


def test_age_groups():
    groups = [{"value": "<50", "n": 1, "lt": 50}, {"value": "50-64", "n": 2, "ge": 50, "lt": 65},
              {"value": ">=65", "n": 3, "ge": 65}]
    out = derive_vars_cat(ADSL, source_var="AGE", new_var="AGEGR1", new_var_n="AGEGR1N",
                          groups=groups)
    assert out["AGEGR1"].tolist() == ["<50", "50-64", ">=65"]
    assert out["AGEGR1N"].tolist() == [1.0, 2.0, 3.0]


def test_copy_with_filter_keeps_other_values():
    f = pd.DataFrame({"PARAMCD": ["DOSE", "DUR"], "AVAL": [1.0, None], "TRTDURD": [57.0, 57.0]})
    out = derive_vars_copy(f, new_vars={"AVAL": "TRTDURD"}, filter={"column": "PARAMCD",
                                                                     "equals": "DUR"})
    assert out["AVAL"].tolist() == [1.0, 57.0]


def test_recode_obs_number_filter_exist():
    f = pd.DataFrame({"USUBJID": ["2", "1", "1"], "ASEV": ["SEVERE", "MILD", "UNKNOWN"]})
    assert derive_var_recode(f, source_var="ASEV", new_var="ASEVN",
                             values={"MILD": 1, "SEVERE": 3})["ASEVN"].tolist()[:2] == [3, 1]
    assert derive_var_obs_number(f, by_vars=["USUBJID"], order=["USUBJID"])["ASEQ"].tolist() \
        == [1.0, 2.0, 1.0]
    assert filter_exist(f, dataset_add=ADSL.iloc[:1], by_vars=["USUBJID"])["USUBJID"].tolist() \
        == ["1", "1"]


def test_source_name_names_the_variable_the_value_came_from():
    f = pd.DataFrame({"LBSTRESN": [5.2, None, None, None],
                      "LBSTRESC": ["5.2", "NEGATIVE", " ", None]})
    out = derive_var_source_name(f, source_vars=["LBSTRESN", "LBSTRESC"])
    assert out["SRCVAR"].tolist() == ["LBSTRESN", "LBSTRESC", "", ""]
    assert "SRCVAR" not in f
