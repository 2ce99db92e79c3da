"""cdisc_convert/adam/params.py: parameter table, computed parameters, exposure summaries."""

import pandas as pd
import pytest

from cdisc_convert.adam.params import (
    compute_formula,
    derive_param_computed,
    derive_param_exposure,
    derive_params_from_vars,
    derive_var_formula,
    derive_vars_params,
)

HOMA = "GLUC * (INSULIN / 6.945) / 22.5"


def test_homa_ir_from_same_draw_only():
    # 101-001 Day 1: glucose 9.47 mmol/L, insulin 10.65 uIU/mL -> 74.0 pmol/L in LB
    f = pd.DataFrame({"USUBJID": ["1", "1", "1", "2"], "LBREFID": ["A1", "A1", "A2", "B1"],
                      "PARAMCD": ["GLUC", "INSULIN", "GLUC", "GLUC"],
                      "AVAL": [9.47, 74.0, 8.8, 9.0], "LBFAST": ["Y", "Y", "Y", "N"]})
    out = derive_param_computed(f, by_vars=["USUBJID", "LBREFID"], parameters=["GLUC", "INSULIN"],
                                formula=HOMA, filter={"column": "LBFAST", "equals": "Y"},
                                set_values_to={"PARAMCD": "HOMAIR"})
    new = out[out["PARAMCD"] == "HOMAIR"]
    assert new["LBREFID"].tolist() == ["A1"]
    assert new["AVAL"].iloc[0] == pytest.approx(4.4846, abs=1e-4)


@pytest.mark.parametrize("formula, zero_divisors", [
    (HOMA, False), ("-(A - B) / (B * 0.1 + A)", False), ("A / (B - 2) + 1 / 3", True)])
def test_computed_parameter_on_whole_columns_agrees_with_one_record_at_a_time(formula,
                                                                               zero_divisors):
    """The records are computed column-wise; each value equals compute_formula's for that
    record, to the bit (zero divisors give no record, as missing values do)."""
    import numpy as np
    rng = np.random.default_rng(3)
    a, b = rng.choice([0.0, -0.0, 2.0, 1e-300, 7.25], 200), rng.normal(2, 3, 200).round(2)
    b[::7] = 2.0
    names = ["GLUC", "INSULIN"] if formula == HOMA else ["A", "B"]
    f = pd.DataFrame({"USUBJID": np.repeat([str(i) for i in range(200)], 2),
                      "PARAMCD": names * 200, "AVAL": np.column_stack([a, b]).ravel()})
    out = derive_param_computed(f, by_vars=["USUBJID"], parameters=names, formula=formula,
                                set_values_to={"PARAMCD": "NEW"})
    got = out[out["PARAMCD"] == "NEW"].set_index("USUBJID")["AVAL"]
    want = {str(i): compute_formula(formula, dict(zip(names, (a[i], b[i]), strict=True)))
            for i in range(200)}
    want = {k: v for k, v in want.items() if not pd.isna(v)}
    assert got.to_dict() == want and (len(want) < 200) == zero_divisors


@pytest.mark.parametrize("formula", ["__import__('os')", "GLUC ** 2", "f(GLUC)", "GLUC.x"])
def test_formula_rejects_anything_but_arithmetic(formula):
    with pytest.raises(ValueError):
        compute_formula(formula, {"GLUC": 1.0})


def test_formula_missing_and_division_by_zero():
    assert pd.isna(compute_formula("A / B", {"A": 1.0, "B": 0.0}))
    assert pd.isna(compute_formula("A + B", {"A": 1.0}))
    f = pd.DataFrame({"EXDOSE": [6.5e7], "W": [0.0]})
    assert derive_var_formula(f, new_var="X", formula="EXDOSE / W")["X"].isna().all()


def test_parameter_table_and_clash():
    f = pd.DataFrame({"LBTESTCD": ["PROT", "PROT"], "LBSPEC": ["SERUM", "URINE"],
                      "LBTEST": ["Protein", "Protein"], "LBSTRESU": ["g/L", ""]})
    with pytest.raises(ValueError, match="PROT"):
        derive_vars_params(f, params=[])
    p = [{"where": {"column": "LBSPEC", "equals": "URINE"}, "PARAMCD": "PROTU",
          "PARAM": "Protein, Urine", "PARAMN": 7}]
    out = derive_vars_params(f, params=p)
    assert out[["PARAMCD", "PARAM", "PARAMN"]].values.tolist() == [
        ["PROT", "Protein (g/L)", 8.0], ["PROTU", "Protein, Urine", 7.0]]


def test_exposure_records_and_summaries():
    ex = pd.DataFrame({"USUBJID": ["1"] * 3, "EXDOSE": [6.5e7] * 3, "DUR": [55.0, 60.0, 50.0],
                       "ASTDT": pd.to_datetime(["2024-01-24", "2024-02-22", "2024-03-20"])})
    recs = derive_params_from_vars(ex, params=[
        {"source": "EXDOSE", "set_values_to": {"PARAMCD": "DOSE"}},
        {"source": "DUR", "set_values_to": {"PARAMCD": "INFDUR"}}])
    assert recs["PARAMCD"].tolist() == ["DOSE", "INFDUR"] * 3
    out = derive_param_exposure(recs, by_vars=["USUBJID"], input_code="DOSE", summary_fun="count",
                                set_values_to={"PARAMCD": "TNINF"})
    out = derive_param_exposure(out, by_vars=["USUBJID"], input_code="DOSE",
                                set_values_to={"PARAMCD": "TDOSE"})
    out = derive_param_exposure(out, by_vars=["USUBJID"], input_code="INFDUR",
                                set_values_to={"PARAMCD": "TINFDUR"})
    summary = out[out["PARAMCD"].isin(["TNINF", "TDOSE", "TINFDUR"])]
    assert summary["AVAL"].tolist() == [3.0, 1.95e8, 165.0]
    assert summary["AENDT"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-20"] * 3


def test_parcat1_from_the_category_variable_unless_the_table_gives_it():
    f = pd.DataFrame({"LBTESTCD": ["HBA1C", "ALT", "HGB", "ALT"],
                      "LBTEST": ["Hemoglobin A1C", "Alanine Aminotransferase", "Hemoglobin",
                                 "Alanine Aminotransferase"],
                      "LBSTRESU": ["%", "U/L", "g/L", "U/L"],
                      "LBCAT": ["CHEMISTRY", "CHEMISTRY", "HEMATOLOGY", "CHEMISTRY"]})
    table = [{"where": {"column": "LBTESTCD", "equals": "HBA1C"}, "PARAMCD": "HBA1C",
              "PARAM": "HbA1c (%)", "PARAMN": 1, "PARCAT1": "DIABETES"}]
    out = derive_vars_params(f, params=table, category_var="LBCAT")
    assert out["PARCAT1"].tolist() == ["DIABETES", "CHEMISTRY", "HEMATOLOGY", "CHEMISTRY"]
    assert derive_vars_params(f, params=table)["PARCAT1"].tolist() == ["DIABETES", "", "", ""]


def test_a_parameter_in_two_categories_is_an_error():
    f = pd.DataFrame({"LBTESTCD": ["PROT", "PROT"], "LBTEST": ["Protein", "Protein"],
                      "LBSTRESU": ["g/L", "g/L"], "LBCAT": ["CHEMISTRY", "URINALYSIS"]})
    with pytest.raises(ValueError, match="PARAMCD PROT has records of more than one LBCAT"):
        derive_vars_params(f, params=[], category_var="LBCAT")
