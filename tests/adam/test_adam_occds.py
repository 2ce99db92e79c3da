"""cdisc_convert/adam/occds.py: treatment-emergent flag (with imputed start dates)."""

import pandas as pd

from cdisc_convert.adam.dates import derive_vars_dt
from cdisc_convert.adam.occds import derive_var_trtemfl


def test_partial_start_in_first_dose_month_is_treatment_emergent():
    # "UN NOV 2023" with first infusion 24 NOV 2023: imputed to 2023-11-24 -> TEAE
    f = pd.DataFrame({"AESTDTC": ["2023-11", "2023-10", "", "2023-11-30"],
                      "AEENDTC": ["2023-11-29", "2023-10-20", "2023-11-01", "2023-12-01"],
                      "TRTSDT": pd.Timestamp("2023-11-24"), "TRTEDT": pd.Timestamp("2024-01-19")})
    f = derive_vars_dt(f, new_vars_prefix="AST", dtc="AESTDTC", highest_imputation="M",
                       min_dates=["TRTSDT"])
    f = derive_vars_dt(f, new_vars_prefix="AEN", dtc="AEENDTC")
    out = derive_var_trtemfl(f)
    assert out["TRTEMFL"].tolist() == ["Y", "", "", "Y"]


def test_end_window_and_untreated_subject():
    f = pd.DataFrame({"ASTDT": pd.to_datetime(["2024-03-01", "2024-03-01"]),
                      "AENDT": pd.to_datetime([None, None]),
                      "TRTSDT": pd.to_datetime(["2024-01-01", None]),
                      "TRTEDT": pd.to_datetime(["2024-01-15", None])})
    assert derive_var_trtemfl(f, end_window=28)["TRTEMFL"].tolist() == ["", ""]
    assert derive_var_trtemfl(f)["TRTEMFL"].tolist() == ["Y", ""]
