"""cdisc_convert/adam/subject.py: treatment variables, exposure dates, disposition."""

import pandas as pd

from cdisc_convert.adam.subject import (
    derive_vars_disposition,
    derive_vars_merged_dtm,
    derive_vars_treatment,
)

NUMBERS = {"OCNMSC": 1, "MSC": 2, "PBO": 3}


def test_kit_mixup_shows_in_trt01a():
    dm = pd.DataFrame({"USUBJID": ["102-002", "101-007"], "ARMCD": ["MSC", ""],
                       "ARM": ["UC-MSC", ""], "ACTARMCD": ["OCNMSC", ""],
                       "ACTARM": ["OCN19-overexpressing UC-MSC", ""]})
    out = derive_vars_treatment(dm, numbers=NUMBERS)
    assert out.iloc[0][["TRT01P", "TRT01PN", "TRT01A", "TRT01AN"]].tolist() == [
        "UC-MSC", 2.0, "OCN19-overexpressing UC-MSC", 1.0]
    assert out.iloc[1]["TRT01P"] == "" and pd.isna(out.iloc[1]["TRT01AN"])   # screen failure


def test_first_and_last_exposure_datetimes():
    adsl = pd.DataFrame({"USUBJID": ["1", "2"]})
    ex = pd.DataFrame({"USUBJID": ["1", "1", "1"], "EXDOSE": [7.2e7, 7.16e7, 7.21e7],
                       "EXENDTC": ["2024-04-08T11:10", "2024-02-14T10:30", "2024-03-13"]})
    out = derive_vars_merged_dtm(adsl, dataset_add=ex, by_vars=["USUBJID"], dtc="EXENDTC",
                                 new_vars_prefix="TRTE", mode="last")
    assert str(out["TRTEDTM"].iloc[0]) == "2024-04-08 11:10:00" and pd.isna(out["TRTEDTM"].iloc[1])
    out = derive_vars_merged_dtm(adsl, dataset_add=ex, by_vars=["USUBJID"], dtc="EXENDTC",
                                 new_vars_prefix="TRTS", mode="first")
    assert out["TRTSTMF"].tolist()[0] == ""


def test_disposition_from_ds():
    adsl = pd.DataFrame({"USUBJID": ["1", "2", "3"]})
    ds = pd.DataFrame({"USUBJID": ["1", "2"], "DSCAT": ["DISPOSITION EVENT"] * 2,
                       "DSDECOD": ["COMPLETED", "WITHDRAWAL BY SUBJECT"],
                       "DSSTDTC": ["2024-10-24", "2024-09-28"]})
    out = derive_vars_disposition(adsl, dataset_add=ds, completed=["COMPLETED"])
    assert out["EOSSTT"].tolist() == ["COMPLETED", "DISCONTINUED", "ONGOING"]
    assert out["DCSREAS"].tolist() == ["", "WITHDRAWAL BY SUBJECT", ""]
    assert out["EOSDT"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2024-10-24", "2024-09-28"]


def test_disposition_fallback_without_ds():
    adsl = pd.DataFrame({"USUBJID": ["1", "2", "3", "4"],
                         "RFENDTC": ["2024-10-24", "2024-09-28", "", ""],
                         "TRTSDT": pd.to_datetime(["2023-11-24", "2024-02-14", None, "2024-01-01"]),
                         "ARMNRS": ["", "", "SCREEN FAILURE", ""]})
    out = derive_vars_disposition(adsl, dataset_add=None, completed=["COMPLETED"],
                                  complete_from_day=323,
                                  screen_failure={"column": "ARMNRS", "equals": "SCREEN FAILURE"})
    assert out["EOSSTT"].tolist() == ["COMPLETED", "DISCONTINUED", "DISCONTINUED", "ONGOING"]
    assert out["DCSREAS"].tolist() == ["", "", "SCREEN FAILURE", ""]
