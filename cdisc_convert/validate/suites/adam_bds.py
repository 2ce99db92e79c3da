"""ADaM BDS consistency: baseline (ABLFL, BASE, BNRIND), percent change, PARAM/PARAMCD one
to one and the form of PARAMCD (ADaMIG 1.3 section 3.3; P21 AD0127, AD0132B, AD0141,
AD0142, AD0143, AD0152, AD0168, AD0225, AD0225A). CHG and one baseline per subject are
in :mod:`.adam`.

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace(adam={"ADLB": pd.DataFrame({
...     "USUBJID": ["S1", "S1"], "PARAMCD": ["ALB", "ALB"], "ABLFL": ["Y", ""],
...     "AVAL": [4.0, 5.0], "BASE": [4.5, 4.5]})})
>>> [c.rule_id for c in baseline_checks(ws, "ADLB")]
['ADAM-ABLFL-BASE', 'ADAM-BASE-NOABLFL']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.suites.adam_common import applies, bad_check, number, present, text

#: Relative tolerance of a derived value (stored doubles, as P21's calculation rules).
TOLERANCE = 1e-6
#: PARAMCD: a letter or underscore first, then letters, digits, underscores; 8 at most.
PARAMCD_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,7}$"


def _group_keys(frame: pd.DataFrame) -> list[str]:
    keys = ["USUBJID", "PARAMCD"]
    return keys + (["BASETYPE"] if "BASETYPE" in frame.columns else [])


def _baseline_value(frame: pd.DataFrame, keys: list[str], column: str) -> pd.Series:
    """Per record: ``column`` of its group's baseline record (ABLFL = Y), else missing."""
    base = frame.loc[text(frame, "ABLFL").eq("Y").fillna(False).astype(bool), keys + [column]]
    base = base.drop_duplicates(keys)
    merged = frame[keys].merge(base, on=keys, how="left")
    return pd.Series(merged[column].to_numpy(), index=frame.index)


@VALIDATION_SUITE.register("adam-baseline", kinds=("ADaM",))
def baseline_checks(ws: Workspace, name: str) -> list[Check]:
    """BASE = AVAL on the baseline record; BASE only where the group has a baseline record;
    BNRIND = ANRIND on the baseline record."""
    frame = ws.frames[name]
    cols = set(frame.columns)
    if not {"USUBJID", "PARAMCD", "ABLFL"} <= cols:
        return []
    is_base = text(frame, "ABLFL").eq("Y").fillna(False).astype(bool)
    out = []
    if {"BASE", "AVAL"} <= cols and applies("ADAM-ABLFL-BASE"):
        aval, base = number(frame, "AVAL"), number(frame, "BASE")
        bad = is_base & base.notna() & ~np.isclose(base, aval, rtol=TOLERANCE, atol=TOLERANCE)
        out.append(bad_check(ws, name, "ADAM-ABLFL-BASE", bad, "BASE",
                             expected_from=ws.add(name, "_AVAL_N", aval)))
    if "BASE" in cols and applies("ADAM-BASE-NOABLFL"):
        keys = _group_keys(frame)
        has_base = is_base.groupby([frame[k].fillna("") for k in keys]).transform("any")
        bad = present(frame, "BASE") & ~has_base.astype(bool)
        out.append(bad_check(ws, name, "ADAM-BASE-NOABLFL", bad, "BASE"))
    if {"BNRIND", "ANRIND"} <= cols and applies("ADAM-BNRIND"):
        bad = is_base & present(frame, "BNRIND") & text(frame, "BNRIND").ne(
            text(frame, "ANRIND")).fillna(True).astype(bool)
        out.append(bad_check(ws, name, "ADAM-BNRIND", bad, "BNRIND", expected_from="ANRIND"))
    return out


@VALIDATION_SUITE.register("adam-change", kinds=("ADaM",))
def change_checks(ws: Workspace, name: str) -> list[Check]:
    """PCHG = (AVAL - BASE) / BASE * 100; no PCHG where BASE is 0; CHG or PCHG only with
    AVAL and BASE."""
    frame = ws.frames[name]
    cols = set(frame.columns)
    out = []
    aval, base = number(frame, "AVAL"), number(frame, "BASE")
    if {"PCHG", "AVAL", "BASE"} <= cols:
        pchg = number(frame, "PCHG")
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = (aval - base) / base * 100
        if applies("ADAM-PCHG"):
            ok = np.isclose(pchg, expected, rtol=TOLERANCE, atol=TOLERANCE)
            bad = pchg.notna() & base.ne(0) & aval.notna() & base.notna() & ~ok
            out.append(bad_check(ws, name, "ADAM-PCHG", bad, "PCHG",
                                 expected_from=ws.add(name, "_X_PCHG", expected.round(6))))
        if applies("ADAM-PCHG-BASE0"):
            out.append(bad_check(ws, name, "ADAM-PCHG-BASE0", pchg.notna() & base.eq(0), "PCHG"))
    if applies("ADAM-CHG-NOBASE"):
        for col in ("CHG", "PCHG", "R2BASE"):
            if col in cols:
                bad = present(frame, col) & (aval.isna() | base.isna())
                out.append(bad_check(ws, name, "ADAM-CHG-NOBASE", bad, col))
    return out


def _one_to_one(ws: Workspace, name: str, rule: str, value: str, key: str) -> Check:
    """More than one ``value`` for a ``key`` (both populated): every such record fails."""
    frame = ws.frames[name]
    both = frame[value].notna() & frame[key].notna()
    counts = frame.loc[both].groupby(frame.loc[both, key].astype(str))[value].nunique()
    many = set(counts[counts > 1].index)
    bad = both & frame[key].astype(str).isin(many)
    return bad_check(ws, name, rule, bad, value, params={"key": key},
                     fields_from={"key_value": key})


@VALIDATION_SUITE.register("adam-param", kinds=("ADaM",))
def param_checks(ws: Workspace, name: str) -> list[Check]:
    """PARAM and PARAMCD one to one; PARAMCD at most 8 characters, a letter or underscore
    first, then letters, digits and underscores."""
    frame = ws.frames[name]
    cols = set(frame.columns)
    out = []
    if {"PARAM", "PARAMCD"} <= cols:
        if applies("ADAM-PARAM-1TO1"):
            out.append(_one_to_one(ws, name, "ADAM-PARAM-1TO1", "PARAM", "PARAMCD"))
        if applies("ADAM-PARAMCD-1TO1"):
            out.append(_one_to_one(ws, name, "ADAM-PARAMCD-1TO1", "PARAMCD", "PARAM"))
    if "PARAMCD" in cols and applies("ADAM-PARAMCD"):
        out.append(Check("ADAM-PARAMCD", name, "expect_column_values_to_match_regex",
                         {"column": "PARAMCD", "regex": PARAMCD_PATTERN}, variable="PARAMCD"))
    return out
