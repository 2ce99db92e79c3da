"""Cross-dataset checks: subjects in DM, arms in TA, reference dates against EX, visits.

Each builder computes what it compares against (a value set, or a helper column
merged from another dataset) with pandas, then states the check as an ordinary
expectation, so a cross-dataset rule is reported like any other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cdisc_convert import vector
from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.validate.model import NOT_ASSIGNED, Check, Workspace
from cdisc_convert.validate.suites.common import complete_day, row_condition, value_set

IN_SET = "expect_column_values_to_be_in_set"
EQUAL = "expect_column_pair_values_to_be_equal"
TRIAL_DESIGN = ("TA", "TE", "TI", "TS", "TV", "TD", "TM")


def _subjects(frame: pd.DataFrame | None) -> list[str] | None:
    if frame is None or "USUBJID" not in frame.columns:
        return None
    return sorted(frame["USUBJID"].dropna().astype(str).unique())


@VALIDATION_SUITE.register("subjects", per_dataset=False)
def subject_checks(ws: Workspace) -> list[Check]:
    """Every SDTM USUBJID is in DM; every ADaM USUBJID is in ADSL."""
    out = []
    for ref, kind, rid in (("DM", "SDTM", "X-USUBJID-DM"), ("ADSL", "ADaM", "X-USUBJID-ADSL")):
        subjects = _subjects(ws.frames.get(ref))
        if subjects is None:
            continue
        for name in ws.datasets(kind):
            if name != ref and name not in TRIAL_DESIGN and "USUBJID" in ws.frames[name].columns:
                out.append(Check(rid, name, IN_SET, {"column": "USUBJID", "value_set":
                                                     value_set(ws.frames[name], "USUBJID",
                                                               subjects)}))
    return out


@VALIDATION_SUITE.register("arms", per_dataset=False, kinds=("SDTM",))
def arm_checks(ws: Workspace) -> list[Check]:
    """DM ARMCD and ACTARMCD are arms of TA (screen failures and the like excepted)."""
    dm, ta = ws.frames.get("DM"), ws.frames.get("TA")
    if dm is None or ta is None or "ARMCD" not in ta.columns:
        return []
    arms = set(ta["ARMCD"].dropna().astype(str)) | set(NOT_ASSIGNED)
    for col in ("ARMCD", "ACTARMCD"):     # screen failures spelled in any case ('Scrnfail')
        if col in dm.columns:
            values = dm[col].dropna().astype(str)
            arms |= set(values[values.str.upper().isin(NOT_ASSIGNED)])
    value_set = sorted(arms)
    return [Check(rid, "DM", IN_SET, {"column": col, "value_set": value_set})
            for col, rid in (("ARMCD", "X-ARMCD-TA"), ("ACTARMCD", "X-ACTARMCD-TA"))
            if col in dm.columns]


def _by_subject(frame: pd.DataFrame, column: str, how: str) -> pd.Series:
    values = frame[["USUBJID", column]].dropna()
    grouped = values.groupby("USUBJID")[column]
    return grouped.min() if how == "min" else grouped.max()


@VALIDATION_SUITE.register("reference-dates", per_dataset=False, kinds=("SDTM",))
def reference_date_checks(ws: Workspace) -> list[Check]:
    """RFXSTDTC/RFSTDTC = first EXSTDTC, RFXENDTC = last EXENDTC; EX within RFXSTDTC..RFXENDTC."""
    dm, ex = ws.frames.get("DM"), ws.first("EX")
    if dm is None or ex is None or "EXSTDTC" not in ex.columns or "USUBJID" not in dm.columns:
        return []
    end_col = "EXENDTC" if "EXENDTC" in ex.columns else "EXSTDTC"
    ex_end = ex[end_col].where(ex[end_col].notna(), ex["EXSTDTC"])
    first = ws.add("DM", "_EXFIRST", dm["USUBJID"].map(_by_subject(ex, "EXSTDTC", "min")))
    last = ws.add("DM", "_EXLAST", dm["USUBJID"].map(
        _by_subject(ex.assign(**{end_col: ex_end}), end_col, "max")))
    out = []
    for col, helper, rid in (("RFXSTDTC", first, "X-RFXSTDTC-EX"),
                             ("RFSTDTC", first, "X-RFSTDTC-EX"),
                             ("RFXENDTC", last, "X-RFXENDTC-EX")):
        if col in dm.columns:
            out.append(Check(rid, "DM", EQUAL, {"column_A": col, "column_B": helper,
                                                "ignore_row_if": "either_value_is_missing"},
                             expected_from=helper))
    if {"RFXSTDTC", "RFXENDTC"} <= set(dm.columns):
        out += _ex_window(ws, dm)
    return out


def _ex_window(ws: Workspace, dm: pd.DataFrame) -> list[Check]:
    subj = dm.drop_duplicates("USUBJID").set_index("USUBJID")
    out = []
    for name in ws.by_domain("EX"):
        ex = ws.frames[name]
        lo = ws.add(name, "_RFXST", complete_day(ex["USUBJID"].map(subj["RFXSTDTC"])))
        hi = ws.add(name, "_RFXEN", complete_day(ex["USUBJID"].map(subj["RFXENDTC"])))
        window = ex["USUBJID"].map(subj["RFXSTDTC"].astype(str) + ".." +
                                   subj["RFXENDTC"].astype(str))
        ws.add(name, "_RFXWIN", window)
        for col in ("EXSTDTC", "EXENDTC"):
            if col not in ex.columns:
                continue
            day = ws.add(name, f"_D_{col}", complete_day(ex[col]))
            pair = "expect_column_pair_values_a_to_be_greater_than_b"
            common = {"or_equal": True, "ignore_row_if": "either_value_is_missing"}
            out += [Check("X-EX-WINDOW", name, pair, {"column_A": day, "column_B": lo, **common},
                          variable=col, value_from=col, expected_from="_RFXWIN"),
                    Check("X-EX-WINDOW", name, pair, {"column_A": hi, "column_B": day, **common},
                          variable=col, value_from=col, expected_from="_RFXWIN")]
    return out


@VALIDATION_SUITE.register("visits", kinds=("SDTM",))
def visit_checks(ws: Workspace, name: str) -> list[Check]:
    """VISITNUM/VISIT one-to-one in the dataset; planned visits are in TV."""
    frame = ws.frames[name]
    if not {"VISITNUM", "VISIT"} <= set(frame.columns) or name in TRIAL_DESIGN:
        return []
    num = pd.to_numeric(frame["VISITNUM"], errors="coerce").round(6)   # 9.3 stored as 9.2999..
    n_visit = frame["VISIT"].groupby(num).transform("nunique")
    n_num = num.groupby(frame["VISIT"]).transform("nunique")
    a, b = ws.add(name, "_NVISIT", n_visit), ws.add(name, "_NVISITNUM", n_num)
    out = [Check("X-VISIT-VISITNUM", name, "expect_column_values_to_be_between",
                 {"column": a, "max_value": 1}, variable="VISIT", value_from="VISITNUM"),
           Check("X-VISITNUM-VISIT", name, "expect_column_values_to_be_between",
                 {"column": b, "max_value": 1}, variable="VISITNUM", value_from="VISIT")]
    tv = ws.frames.get("TV")
    if tv is not None and {"VISITNUM", "VISIT"} <= set(tv.columns):
        key = ws.add(name, "_VISITKEY", _visit_key(frame))
        planned = ws.add(name, "_PLANNED", np.where(
            frame["VISITNUM"].notna() & (frame["VISITNUM"] % 1 == 0), "Y", "N"))
        out.append(Check("X-VISIT-TV", name, IN_SET,
                         {"column": key, "value_set": value_set(frame, key,
                                                                _visit_key(tv).dropna()),
                          **row_condition(f'{planned} == "Y"')}, variable="VISIT", value_from=key))
    return out


def _visit_key(frame: pd.DataFrame) -> pd.Series:
    """'VISITNUM VISIT' of each record (missing without VISITNUM), worded once per distinct
    pair: a record points at its pair's text, no text is made per record."""
    num = pd.to_numeric(frame["VISITNUM"], errors="coerce").round(6)
    group = vector.group_codes([num, frame["VISIT"]])
    first = np.flatnonzero(~pd.Series(group).duplicated().to_numpy())
    pairs = frame.iloc[first]
    text = (num.iloc[first].astype(str) + " " + pairs["VISIT"].astype(str)).where(
        pairs["VISITNUM"].notna(), None)
    # groups are numbered in order of first appearance: group g's first record is first[g]
    return pd.Series(text.to_numpy(dtype=object)[group], index=frame.index, dtype=text.dtype)


@VALIDATION_SUITE.register("baseline", per_dataset=False, kinds=("SDTM",))
def baseline_checks(ws: Workspace) -> list[Check]:
    """Every randomized subject has a baseline LB record (LBBLFL or LBLOBXFL = 'Y')."""
    dm, lb = ws.frames.get("DM"), ws.first("LB")
    if dm is None or lb is None or "_ENRL" not in dm.columns:
        return []
    flags = [c for c in ("LBBLFL", "LBLOBXFL") if c in lb.columns]
    if not flags:
        return []
    has = lb.loc[(lb[flags] == "Y").any(axis=1), "USUBJID"].unique()
    ws.add("DM", "_LBBL", np.where(dm["USUBJID"].isin(has), "Y", "N"))
    return [Check("X-LB-BASELINE", "DM", IN_SET, {"column": "_LBBL", "value_set": ["Y"],
                                                  **row_condition('_ENRL == "Y"')},
                  variable="USUBJID", value_from="USUBJID")]
