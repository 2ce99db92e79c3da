"""Value checks generated from the standards metadata and CT, per dataset.

Required variables never null; DOMAIN; --SEQ unique within USUBJID; spec keys
unique; ISO 8601 --DTC; --DY never 0 and consistent with DM.RFSTDTC; CT
membership (non-extensible -> CT-NONEXT error, extensible -> CT-EXT warning);
units given with results; start not after end; end of events known.

>>> ISO8601.match("2024---15") is not None, ISO8601.match("2024-13") is None
(True, True)
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.standards import ct, ig
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.suites.common import complete_day, row_condition, value_set
from cdisc_convert.validate.suites.metadata import standard_variables

_Y, _M, _D = r"(\d{4}|-)", r"(0[1-9]|1[0-2]|-)", r"(0[1-9]|[12]\d|3[01]|-)"
_TIME = r"(T([01]\d|2[0-3]|-)(:([0-5]\d|-)(:([0-5]\d(\.\d+)?|-))?)?)?"
ISO8601_PATTERN = rf"^{_Y}(-{_M}(-{_D}{_TIME})?)?$"
ISO8601 = re.compile(ISO8601_PATTERN)
IN_SET = "expect_column_values_to_be_in_set"
#: Variables whose terminology depends on another variable's value (value-level CT in
#: define.xml; P21 CT2004/CT2005): not checked against the variable-level codelist.
VALUE_LEVEL_CT = ("--ORRES", "--STRESC", "DSDECOD", "TSVAL", "QVAL")
NOT_NULL = "expect_column_values_to_not_be_null"


def seq_column(ws: Workspace, name: str) -> str | None:
    col = f"{ws.domain[name][:2]}SEQ"
    return col if col in ws.frames[name].columns else None


@VALIDATION_SUITE.register("required")
def required_checks(ws: Workspace, name: str) -> list[Check]:
    """Required variables never null; DOMAIN equals the domain; DM one record per subject."""
    _, std = standard_variables(ws, name)
    frame = ws.frames[name]
    out = [Check("REQ-NULL", name, NOT_NULL, {"column": v.name}, variable=v.name)
           for v in std if v.core == "Req" and v.name in frame.columns]
    if "DOMAIN" in frame.columns and ws.kind[name] == "SDTM" and ws.domain[name] != "SUPPQUAL":
        out.append(Check("DOMAIN-VALUE", name, IN_SET, {"column": "DOMAIN", "value_set":
                         [ws.domain[name]]}, params={"expected": ws.domain[name]}))
    if ws.domain[name] in ("DM", "ADSL") and "USUBJID" in frame.columns:
        out.append(Check("USUBJID-UNIQUE", name, "expect_column_values_to_be_unique",
                         {"column": "USUBJID"}))
    return out


@VALIDATION_SUITE.register("keys")
def key_checks(ws: Workspace, name: str) -> list[Check]:
    """--SEQ unique within USUBJID; the spec's dataset keys (define.xml KeySequence) unique."""
    frame, seq = ws.frames[name], seq_column(ws, name)
    out = []
    if seq and "USUBJID" in frame.columns:
        out.append(Check("SEQ-UNIQUE", name, "expect_compound_columns_to_be_unique",
                         {"column_list": ["USUBJID", seq]}, variable=seq, value_from=seq))
    spec = ws.specs.dataset(name) if ws.specs is not None else None
    keys = [k for k in (spec.keys if spec else ()) if k in frame.columns]   # as declared
    if len(keys) >= 2:
        out.append(Check("KEYS-UNIQUE", name, "expect_compound_columns_to_be_unique",
                         {"column_list": keys}, variable=", ".join(keys), value_join=tuple(keys),
                         params={"keys": ", ".join(keys)}))
    return out


def dtc_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.endswith("DTC") and frame[c].dtype.kind not in "fiub"]


@VALIDATION_SUITE.register("dates")
def date_checks(ws: Workspace, name: str) -> list[Check]:
    """ISO 8601 for every --DTC; --STDTC not after --ENDTC (compared on complete dates)."""
    frame, prefix = ws.frames[name], ws.domain[name][:2]
    out = [Check("DTC-ISO8601", name, "expect_column_values_to_match_regex",
                 {"column": c, "regex": ISO8601_PATTERN}) for c in dtc_columns(frame)]
    start, end = f"{prefix}STDTC", f"{prefix}ENDTC"
    if start in frame.columns and end in frame.columns:
        a, b = ws.add(name, "_C_END", complete_day(frame[end])), ws.add(name, "_C_START",
                                                               complete_day(frame[start]))
        out.append(Check("START-AFTER-END", name,
                         "expect_column_pair_values_a_to_be_greater_than_b",
                         {"column_A": a, "column_B": b, "or_equal": True,
                          "ignore_row_if": "either_value_is_missing"}, variable=start,
                         value_from=start, params={"end": end}, expected_from=end))
    return out


def study_day(dates: pd.Series, ref: pd.Series) -> pd.Series:
    """SDTM study day: date - reference + 1 on/after the reference; missing for partial dates."""
    d = pd.to_datetime(complete_day(dates), errors="coerce")
    r = pd.to_datetime(complete_day(ref), errors="coerce")
    diff = (d - r).dt.days.astype("float64")
    return diff + (diff >= 0)


@VALIDATION_SUITE.register("study-days")
def study_day_checks(ws: Workspace, name: str) -> list[Check]:
    """--DY, --STDY, --ENDY never 0, equal to the day from DM.RFSTDTC, empty for partial dates."""
    frame, prefix = ws.frames[name], ws.domain[name][:2]
    dm = ws.frames.get("DM")
    out = []
    for dy, dtc in ((f"{prefix}DY", f"{prefix}DTC"), (f"{prefix}STDY", f"{prefix}STDTC"),
                    (f"{prefix}ENDY", f"{prefix}ENDTC")):
        if dy not in frame.columns:
            continue
        out.append(Check("DY-ZERO", name, "expect_column_values_to_not_be_in_set",
                         {"column": dy, "value_set": [0]}))
        if dtc not in frame.columns or dm is None or "RFSTDTC" not in dm.columns or name == "DM":
            continue
        ref = frame["USUBJID"].map(dm.drop_duplicates("USUBJID").set_index("USUBJID")["RFSTDTC"])
        expected = ws.add(name, f"_X_{dy}", study_day(frame[dtc], ref))
        partial = ws.add(name, f"_P_{dy}", np.where(
            frame[dtc].notna() & complete_day(frame[dtc]).isna(),
                                                    "Y", "N"))
        out += [Check("DY-CALC", name, "expect_column_pair_values_to_be_equal",
                      {"column_A": dy, "column_B": expected,
                       "ignore_row_if": "either_value_is_missing"}, expected_from=expected),
                Check("DY-PARTIAL", name, "expect_column_values_to_be_null",
                      {"column": dy, **row_condition(f'{partial} == "Y"')}, params={"dtc": dtc})]
    return out


def codelist_for(ws: Workspace, name: str, column: str, std_var) -> list:
    """Codelists of a variable: the spec's codelist, else the standard's."""
    spec = ws.specs.dataset(name) if ws.specs is not None else None
    var = spec.variable(column) if spec is not None else None
    keys = [var.codelist] if var is not None and var.codelist else (
        list(std_var.codelists) if std_var is not None else [])
    found = [ct.find_codelist(k) for k in keys]
    return [c for c in found if c is not None]


@VALIDATION_SUITE.register("terminology")
def ct_checks(ws: Workspace, name: str) -> list[Check]:
    """Every variable with a codelist holds its terms (MedDRA and value-level CT excluded)."""
    frame = ws.frames[name]
    _, std = standard_variables(ws, name)
    by_name = {v.name: v for v in std}
    out = []
    for col in frame.columns:
        generic = ig.generic_name(ws.domain[name][:2], col)
        if col.startswith("_") or frame[col].dtype.kind in "fiub" or \
                {generic, col} & set(VALUE_LEVEL_CT):
            continue
        std_var = by_name.get(col) or (ig.adamig_variable("ADSL" if name == "ADSL" else "BDS",
                                                          col) if ws.kind[name] == "ADaM" else None)
        lists = codelist_for(ws, name, col, std_var)
        if not lists:
            continue
        extensible = any(c.extensible for c in lists)
        values = sorted(set().union(*(c.values() for c in lists)))
        names = "/".join(c.submission_value for c in lists)
        release = "; ".join(sorted({f"{c.package} {c.release}" for c in lists}))
        out.append(Check("CT-EXT" if extensible else "CT-NONEXT", name, IN_SET,
                         {"column": col, "value_set": value_set(frame, col, values)},
                         params={"codelist": names, "ct": release}))
    return out


@VALIDATION_SUITE.register("results", kinds=("SDTM",))
def result_checks(ws: Workspace, name: str) -> list[Check]:
    """Findings: units given with results. Events: end date, ENRF or ENRTPT given."""
    frame, p = ws.frames[name], ws.domain[name][:2]
    cols = set(frame.columns)
    out = []
    for unit, result, rid in ((f"{p}ORRESU", f"{p}ORRES", "ORRESU-MISSING"),
                              (f"{p}STRESU", f"{p}STRESC", "STRESU-MISSING")):
        if unit in cols and result in cols:
            numeric = f"_N_{result}"
            ws.add(name, numeric, np.where(pd.to_numeric(frame[result], errors="coerce").notna(),
                                           "Y", "N"))
            out.append(Check(rid, name, NOT_NULL,
                             {"column": unit, **row_condition(f'{numeric} == "Y"')},
                             value_from=result, params={"result": result}))
    meta = ig.sdtmig_dataset(ws.domain[name])
    if meta is not None and meta.class_ == "Events" and f"{p}ENDTC" in cols:
        others = [c for c in (f"{p}ENRF", f"{p}ENRTPT") if c in cols]
        cond = " & ".join(f"{c}.isna()" for c in others)
        kwargs = {"column": f"{p}ENDTC", **(row_condition(cond) if cond else {})}
        out.append(Check("END-MISSING", name, NOT_NULL, kwargs))
    out += ongoing_checks(ws, name) + serious_checks(ws, name)
    if ws.domain[name] == "DM" and {"ARMCD", "ACTARMCD"} <= cols:
        out.append(Check("ACTARM-DIFF", name, "expect_column_pair_values_to_be_equal",
                         {"column_A": "ACTARMCD", "column_B": "ARMCD",
                          "ignore_row_if": "either_value_is_missing"}, expected_from="ARMCD"))
    return out


def ongoing_checks(ws: Workspace, name: str) -> list[Check]:
    """--ENDTC empty when --ENRTPT is ONGOING or --ENRF is ONGOING."""
    frame, p = ws.frames[name], ws.domain[name][:2]
    flags = [c for c in (f"{p}ENRTPT", f"{p}ENRF") if c in frame.columns]
    if f"{p}ENDTC" not in frame.columns or not flags:
        return []
    cond = " | ".join(f'{c} == "ONGOING"' for c in flags)
    return [Check("END-ONGOING", name, "expect_column_values_to_be_null",
                  {"column": f"{p}ENDTC", **row_condition(cond)})]


SERIOUS_CRITERIA = ("AESCAN", "AESCONG", "AESDISAB", "AESDTH", "AESHOSP", "AESLIFE", "AESOD",
                    "AESMIE")


def serious_checks(ws: Workspace, name: str) -> list[Check]:
    """AESER = 'Y' needs at least one seriousness criterion = 'Y' (P21 SD0009)."""
    frame = ws.frames[name]
    present = [c for c in SERIOUS_CRITERIA if c in frame.columns]
    if ws.domain[name] != "AE" or "AESER" not in frame.columns:
        return []
    count = (frame[present] == "Y").sum(axis=1) if present else 0
    helper = ws.add(name, "_NSERCRIT", count)
    return [Check("SER-CRITERIA", name, "expect_column_values_to_be_between",
                  {"column": helper, "min_value": 1, **row_condition('AESER == "Y"')},
                  variable="AESER", value_from="AESER",
                  params={"criteria": ", ".join(present) or "the criteria variables"})]
