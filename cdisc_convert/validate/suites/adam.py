"""ADaM checks: CHG = AVAL - BASE, one baseline per subject and parameter, TRTEMFL vs dates."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.suites.common import row_condition

TOLERANCE = 1e-6


@VALIDATION_SUITE.register("adam-bds", kinds=("ADaM",))
def bds_checks(ws: Workspace, name: str) -> list[Check]:
    """CHG = AVAL - BASE (to 1e-6); at most one ABLFL = 'Y' per USUBJID, PARAMCD (BASETYPE)."""
    frame = ws.frames[name]
    cols = set(frame.columns)
    out = []
    if {"CHG", "AVAL", "BASE"} <= cols:
        num = {c: pd.to_numeric(frame[c], errors="coerce") for c in ("AVAL", "BASE", "CHG")}
        expected = ws.add(name, "_X_CHG", num["AVAL"] - num["BASE"])
        diff = ws.add(name, "_D_CHG", (num["CHG"] - frame[expected]).abs())
        out.append(Check("ADAM-CHG", name, "expect_column_values_to_be_between",
                         {"column": diff, "max_value": TOLERANCE}, variable="CHG",
                         value_from="CHG", expected_from=expected))
    if {"ABLFL", "USUBJID", "PARAMCD"} <= cols and frame["ABLFL"].notna().any():
        keys = ["USUBJID", "PARAMCD"] + (["BASETYPE"] if "BASETYPE" in cols else [])
        out.append(Check("ADAM-ABLFL", name, "expect_compound_columns_to_be_unique",
                         {"column_list": keys, **row_condition('ABLFL == "Y"')}, variable="ABLFL",
                         value_join=tuple(keys), params={"separator": " "}))
    return out


@VALIDATION_SUITE.register("adam-trtemfl", kinds=("ADaM",))
def trtemfl_checks(ws: Workspace, name: str) -> list[Check]:
    """TRTEMFL = 'Y' only on or after TRTSDT (from the dataset or ADSL)."""
    frame = ws.frames[name]
    if not {"TRTEMFL", "ASTDT"} <= set(frame.columns):
        return []
    if "TRTSDT" in frame.columns:
        trtsdt = frame["TRTSDT"]
    else:
        adsl = ws.frames.get("ADSL")
        if adsl is None or "TRTSDT" not in adsl.columns:
            return []
        subjects = adsl.drop_duplicates("USUBJID").set_index("USUBJID")
        trtsdt = frame["USUBJID"].map(subjects["TRTSDT"])
    start = ws.add(name, "_TRTSDT", pd.to_numeric(trtsdt, errors="coerce"))
    astdt = ws.add(name, "_ASTDT", pd.to_numeric(frame["ASTDT"], errors="coerce"))
    return [Check("ADAM-TRTEMFL", name, "expect_column_pair_values_a_to_be_greater_than_b",
                  {"column_A": astdt, "column_B": start, "or_equal": True,
                   "ignore_row_if": "either_value_is_missing", **row_condition('TRTEMFL == "Y"')},
                  variable="TRTEMFL", value_from="ASTDT", expected_from=start)]
