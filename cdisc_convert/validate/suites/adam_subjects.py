"""ADaM subject-level conformance: ADSL present, labelled and with a population flag; ADSL
agreeing with SDTM DM; every ADaM subject in DM; ADSL variables copied into other ADaM
datasets keeping their ADSL values; TRTP/TRTA among the subject's ADSL TRTxxP/TRTxxA
(ADaMIG 1.3 sections 3.1, 3.2; P21 AD0001, AD0048, AD0053, AD0204-AD0210, AD0320, AD0367).

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace(adam={"ADLB": pd.DataFrame({"USUBJID": ["S1"], "PARAMCD": ["ALB"]})})
>>> [c.rule_id for c in study_checks(ws)]
['ADAM-ADSL-MISSING']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.validate.model import ROW, Check, Workspace
from cdisc_convert.validate.suites.adam_common import (
    adam_columns,
    adsl_subjects,
    applies,
    bad_check,
    number,
    text,
)
from cdisc_convert.vector import distinct_values

#: ADSL variables that must equal DM's for the same subject (P21 AD0204-AD0210, AD0367 and
#: the ADaMIG rule that a variable copied from SDTM keeps its value).
DM_VARIABLES = ("SUBJID", "SITEID", "AGE", "AGEU", "SEX", "RACE", "ETHNIC", "ARM", "ARMCD",
                "ACTARM", "ACTARMCD", "COUNTRY")
ADSL_LABEL = "Subject-Level Analysis Dataset"
_TRT = {"TRTP": re.compile(r"^TRT(\d{2})P$"), "TRTA": re.compile(r"^TRT(\d{2})A$")}


@VALIDATION_SUITE.register("adam-study", per_dataset=False, kinds=("ADaM",))
def study_checks(ws: Workspace) -> list[Check]:
    """ADaM datasets without ADSL (one study-level finding)."""
    adam = ws.datasets("ADaM")
    if not adam or "ADSL" in adam or not applies("ADAM-ADSL-MISSING"):
        return []
    ws.frames["ADAMSTUDY"] = pd.DataFrame({"DATASETS": [", ".join(sorted(adam))],
                                           "ADSL": ["N"], ROW: [None]})
    return [Check("ADAM-ADSL-MISSING", "ADAMSTUDY", "expect_column_values_to_be_in_set",
                  {"column": "ADSL", "value_set": ["Y"]}, dataset="ADSL",
                  value_from="DATASETS", covers=tuple(adam))]


def _first_record(frame: pd.DataFrame) -> pd.Series:
    first = pd.Series(False, index=frame.index)
    if len(first):
        first.iloc[0] = True
    return first


def _no_variable(ws: Workspace, name: str) -> str:
    """A helper column naming no variable, for findings about the dataset as a whole."""
    frame = ws.frames[name]
    return ws.add(name, "_NOVAR", pd.Series([None] * len(frame), index=frame.index, dtype=object))


@VALIDATION_SUITE.register("adam-adsl", kinds=("ADaM",))
def adsl_checks(ws: Workspace, name: str) -> list[Check]:
    """ADSL's dataset label and at least one ``*FL`` variable (one finding on record 1)."""
    if name != "ADSL":
        return []
    frame = ws.frames[name]
    out = []
    label = ws.dataset_labels.get(name)
    if label is not None and label.strip() != ADSL_LABEL and applies("ADAM-ADSL-LABEL"):
        shown = ws.add(name, "_DSLABEL", pd.Series(label, index=frame.index))
        out.append(bad_check(ws, name, "ADAM-ADSL-LABEL", _first_record(frame), None,
                             value_from=shown, variable_from=_no_variable(ws, name),
                             params={"expected": ADSL_LABEL}))
    flags = [c for c in adam_columns(frame) if c.endswith("FL")]
    if not flags and applies("ADAM-POPFL-MISSING"):
        out.append(bad_check(ws, name, "ADAM-POPFL-MISSING", _first_record(frame), None,
                             value_from="USUBJID", variable_from=_no_variable(ws, name)))
    return out


def _compare(ws: Workspace, name: str, col: str, reference: pd.DataFrame, rule: str,
             ref_name: str, pos: np.ndarray) -> Check:
    """``col`` differs from the reference subject's value (both populated, or one not);
    ``pos``: each record's subject in ``reference`` (:func:`subject_positions`)."""
    frame = ws.frames[name]
    mine, ref = frame[col], reference[col]
    known = pd.Series(pos >= 0, index=frame.index)
    if mine.dtype.kind in "fiub" or ref.dtype.kind in "fiub":
        a = number(frame, col)
        b = pd.Series(take_or_missing(pd.to_numeric(ref, errors="coerce"), pos),
                      index=frame.index)
        differ = (a - b).abs().gt(1e-9) | (a.isna() != b.isna())
    else:
        a = text(frame, col)
        b = pd.Series(take_or_missing(text(reference, col), pos), index=frame.index)
        differ = a.ne(b).fillna(True).astype(bool) & ~(a.isna() & b.isna())
    expected = ws.add(name, f"_{ref_name}_{col}", subject_values(ref, pos, frame.index))
    return bad_check(ws, name, rule, known & differ, col, expected_from=expected,
                     params={"source": ref_name})


def subject_values(values: pd.Series, pos: np.ndarray, index: pd.Index) -> pd.Series:
    """Each record's subject value (``values`` at ``pos``, missing where -1), categorical:
    a few bytes a record for a column of 1 M records.

    >>> subject_values(pd.Series(["X", "Y"]), np.array([1, -1, 0]), pd.RangeIndex(3)).tolist()
    ['Y', nan, 'X']
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    by_record = np.append(codes, -1)[np.where(pos >= 0, pos, len(codes))]
    return pd.Series(pd.Categorical.from_codes(by_record, categories=pd.Index(uniques)),
                     index=index)


def subject_positions(usubjid: pd.Series, subjects: pd.Index) -> np.ndarray:
    """Each record's position in ``subjects`` (-1: not there), looked up once a subject.

    >>> subject_positions(pd.Series(["B", "A", "C", None, "B"]), pd.Index(["A", "B"])).tolist()
    [1, 0, -1, -1, 1]
    """
    codes, uniques = distinct_values(usubjid)
    found = np.append(subjects.get_indexer(pd.Index(uniques, dtype=object)), -1)
    return found[codes]


def take_or_missing(values: pd.Series, pos: np.ndarray) -> np.ndarray:
    """``values`` at positions ``pos``; missing (NaN for numbers, None else) where -1."""
    data = values.to_numpy(dtype=float if values.dtype.kind in "fiub" else object)
    missing = np.array([np.nan if data.dtype == float else None], dtype=data.dtype)
    out = np.concatenate([data, missing])
    return out[np.where(pos >= 0, pos, len(data))]


@VALIDATION_SUITE.register("adam-dm", kinds=("ADaM",))
def dm_checks(ws: Workspace, name: str) -> list[Check]:
    """Subjects of an ADaM dataset are in DM; ADSL agrees with DM (SDTM beside)."""
    frame = ws.frames[name]
    dm = ws.first("DM") if ws.by_domain("DM") else None
    if dm is None or "USUBJID" not in dm.columns or "USUBJID" not in frame.columns:
        return []
    subjects = dm.dropna(subset=["USUBJID"]).drop_duplicates("USUBJID").set_index("USUBJID")
    out = []
    if applies("ADAM-USUBJID-DM"):
        out.append(bad_check(ws, name, "ADAM-USUBJID-DM", frame["USUBJID"].notna()
                             & ~frame["USUBJID"].isin(subjects.index), "USUBJID"))
    if name == "ADSL" and applies("ADAM-ADSL-DM"):
        pos = subject_positions(frame["USUBJID"], subjects.index)
        out += [_compare(ws, name, col, subjects, "ADAM-ADSL-DM", "DM", pos)
                for col in DM_VARIABLES if col in frame.columns and col in subjects.columns]
    return out


@VALIDATION_SUITE.register("adam-adsl-copies", kinds=("ADaM",))
def copy_checks(ws: Workspace, name: str) -> list[Check]:
    """Variables of another ADaM dataset named as ADSL's hold the subject's ADSL value."""
    subjects = adsl_subjects(ws)
    frame = ws.frames[name]
    if name == "ADSL" or subjects is None or "USUBJID" not in frame.columns \
            or not applies("ADAM-ADSL-COPY"):
        return []
    common = [c for c in adam_columns(frame) if c in subjects.columns and c != "USUBJID"]
    pos = subject_positions(frame["USUBJID"], subjects.index)
    return [_compare(ws, name, col, subjects, "ADAM-ADSL-COPY", "ADSL", pos) for col in common]


def _treatments(subjects: pd.DataFrame, which: str) -> dict[str, str]:
    """ADSL's TRTxxP (or TRTxxA) columns by period number."""
    return {m.group(1): c for c in subjects.columns if (m := _TRT[which].match(c))}


def _period_keys(frame: pd.DataFrame) -> pd.Series:
    """APERIOD as the two-digit xx of TRTxxP ('01'), missing where not populated."""
    if "APERIOD" not in frame.columns:
        return pd.Series(None, index=frame.index, dtype=object)
    period = pd.to_numeric(frame["APERIOD"], errors="coerce")
    return period.map(lambda p: f"{int(p):02d}" if p == p else None)


@VALIDATION_SUITE.register("adam-treatment", kinds=("ADaM",))
def treatment_checks(ws: Workspace, name: str) -> list[Check]:
    """TRTP (TRTA) equals the subject's ADSL TRTxxP (TRTxxA) of its APERIOD, or, without
    APERIOD, one of them."""
    subjects = adsl_subjects(ws)
    frame = ws.frames[name]
    if name == "ADSL" or subjects is None or "USUBJID" not in frame.columns:
        return []
    out = []
    for var, rule in (("TRTP", "ADAM-TRTP-ADSL"), ("TRTA", "ADAM-TRTA-ADSL")):
        periods = _treatments(subjects, var)
        if var not in frame.columns or not periods or not applies(rule):
            continue
        value = text(frame, var)
        known = frame["USUBJID"].isin(subjects.index) & value.notna()
        by_period = {p: frame["USUBJID"].map(subjects[c]) for p, c in periods.items()}
        keys = _period_keys(frame)
        match = pd.Series(False, index=frame.index)
        for p, values in by_period.items():
            same = values.eq(value).fillna(False).astype(bool)
            match |= same & (keys.isna() | keys.eq(p).fillna(False).astype(bool))
        out.append(bad_check(ws, name, rule, known & ~match, var,
                             params={"expected": " / ".join(periods.values())}))
    return out
