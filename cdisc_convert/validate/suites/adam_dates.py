"""ADaM dates and times (the type and format of ``*DT``/``*TM``/``*DTM`` are judged in
:mod:`.adam_meta`, with the other variable metadata): imputation flags (``*DTF`` Y/M/D,
``*TMF`` H/M/S) only beside a value, the date part of ``*DTM`` equal to ``*DT``, starts
not after ends and no relative day 0 (ADaMIG 1.3 section 3.1.5; P21 AD0044-AD0046,
AD0121, AD0263, AD0264, AD0361).

>>> timing_kind("ASTDT"), timing_kind("ADTM"), timing_kind("ATM"), timing_kind("AVAL")
('DT', 'DTM', 'TM', None)
>>> format_family("DATE9."), format_family("E8601DT19."), format_family("8.2")
('DT', 'DTM', None)
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.suites.adam_common import (
    adam_columns,
    applies,
    bad_check,
    number,
    present,
)

#: SAS format names (without width) of each family, as P21's AD0041-AD0043 list them.
DATE_FORMATS = frozenset((
    "B8601DA B8601DN DATE DAY DDMMYY DDMMYYB DDMMYYC DDMMYYD DDMMYYN DDMMYYP DDMMYYS "
    "DOWNAME DTMONYY E8601DA JULDAY JULIAN MMDDYY MMDDYYB MMDDYYC MMDDYYD MMDDYYN MMDDYYP "
    "MMDDYYS MMYY MMYYB MMYYC MMYYD MMYYN MMYYP MMYYS MONNAME MONTH MONYY PDJULG PDJULI QTR "
    "QTRR WEEKDATE WEEKDATX WEEKDAY WEEKU WEEKV WEEKW WORDDATE WORDDATX YEAR YYMM YYMMDD "
    "YYMMDDB YYMMDDC YYMMDDD YYMMDDN YYMMDDP YYMMDDS YYMMB YYMMC YYMMD YYMMN YYMMP YYMMS "
    "YYMON YYQ YYQB YYQC YYQD YYQN YYQP YYQS YYQR YYQRB YYQRC YYQRD YYQRN YYQRP YYQRS "
    "IS8601DA").split())
TIME_FORMATS = frozenset("B8601LZ B8601TM B8601TZ E8601LZ E8601TM E8601TZ HHMM HOUR MMSS "
                         "TIME TIMEAMPM TOD IS8601TM IS8601TZ IS8601LZ".split())
DATETIME_FORMATS = frozenset("B8601DN B8601DT B8601DZ DATEAMPM DATETIME DTDATE DTMONYY "
                             "DTWKDATX DTYEAR DTYYQC E8601DN E8601DT E8601DZ MDYAMPM "
                             "IS8601DT IS8601DZ IS8601DN".split())
_FAMILIES = (("DT", DATE_FORMATS), ("TM", TIME_FORMATS), ("DTM", DATETIME_FORMATS))
_FORMAT_NAME = re.compile(r"^\$?([A-Z][A-Z0-9]*?)(\d+)?\.?(\d+)?$")
#: Imputation flag values (CDISC CT DATEFL and TIMEFL).
DATE_FLAGS = ["Y", "M", "D"]
TIME_FLAGS = ["H", "M", "S"]
SECONDS_PER_DAY = 86400
SAS_EPOCH = pd.Timestamp("1960-01-01")


def timing_kind(name: str) -> str | None:
    """'DTM', 'DT' or 'TM' by the variable's suffix (ADaM naming), else None."""
    upper = name.upper()
    return next((k for k in ("DTM", "DT", "TM") if upper.endswith(k) and len(upper) > len(k)),
                None)


def format_family(fmt: str | None) -> str | None:
    """The family ('DT', 'TM', 'DTM') a SAS format belongs to, or None."""
    found = _FORMAT_NAME.match(str(fmt or "").strip().upper())
    if found is None:
        return None
    return next((k for k, names in _FAMILIES if found.group(1) in names), None)


def _imputation_checks(ws: Workspace, name: str, col: str) -> list[Check]:
    frame = ws.frames[name]
    out = []
    kind = "DTF" if col.endswith("DTF") else "TMF"
    stem = col[:-3]
    allowed, rule_value, rule_alone = (
        (DATE_FLAGS, "ADAM-DTF-VALUE", "ADAM-DTF-NODATE") if kind == "DTF"
        else (TIME_FLAGS, "ADAM-TMF-VALUE", "ADAM-TMF-NOTIME"))
    if applies(rule_value):
        out.append(Check(rule_value, name, "expect_column_values_to_be_in_set",
                         {"column": col, "value_set": allowed}, variable=col,
                         params={"allowed": ", ".join(allowed)}))
    partners = [p for p in (stem + kind[:2], stem + "DTM") if p in frame.columns]
    if partners and applies(rule_alone):
        alone = present(frame, col)
        for p in partners:
            alone &= ~present(frame, p)
        out.append(bad_check(ws, name, rule_alone, alone, col,
                             params={"partners": " or ".join(partners)}))
    return out


@VALIDATION_SUITE.register("adam-date-values", kinds=("ADaM",))
def date_value_checks(ws: Workspace, name: str) -> list[Check]:
    """Imputation flags; ``*DT`` = date of ``*DTM``; ``*SDT`` <= ``*EDT``, ASTDT <= AENDT;
    no ``*DY`` = 0."""
    frame = ws.frames[name]
    cols = adam_columns(frame)
    out = []
    for col in cols:
        if (col.endswith("DTF") or col.endswith("TMF")) and len(col) > 3 \
                and frame[col].dtype.kind not in "fiub":
            out += _imputation_checks(ws, name, col)
        if col.endswith("DTM") and col[:-1] in frame.columns and applies("ADAM-DT-DTM"):
            dt, dtm = number(frame, col[:-1]), number(frame, col)
            bad = dt.notna() & dtm.notna() & np.floor(dtm / SECONDS_PER_DAY).ne(dt)
            out.append(bad_check(ws, name, "ADAM-DT-DTM", bad, col[:-1], params={"dtm": col}))
        if col.endswith("SDT") and col[:-3] + "EDT" in frame.columns:
            out += _order_check(ws, name, col, col[:-3] + "EDT", "ADAM-SDT-EDT")
        if col.endswith("DY") and frame[col].dtype.kind in "fiub" and applies("ADAM-DY-ZERO"):
            out.append(bad_check(ws, name, "ADAM-DY-ZERO", number(frame, col).eq(0), col))
    if {"ASTDT", "AENDT"} <= set(cols):
        out += _order_check(ws, name, "ASTDT", "AENDT", "ADAM-ASTDT-AENDT")
    return out


def _order_check(ws: Workspace, name: str, start: str, end: str, rule: str) -> list[Check]:
    if not applies(rule):
        return []
    frame = ws.frames[name]
    s, e = number(frame, start), number(frame, end)
    bad = s.notna() & e.notna() & (s > e)
    shown = {}
    if bad.any():          # the failing records' dates as dates, not SAS day numbers
        for col, values in ((start, s), (end, e)):
            helper = f"_{rule}_{col}_shown"
            ws.add(name, helper, sas_date_text(values.where(bad), timing_kind(col)))
            shown[col] = helper
    # both dates as dates in the message: the value and the end value it is compared with
    shown_kw: dict = {"value_from": shown[start], "fields_from": {"end_value": shown[end]}} \
        if shown else {}
    return [bad_check(ws, name, rule, bad, start, expected_from=shown.get(end, end),
                      params={"end": end}, **shown_kw)]


def sas_date_text(values: pd.Series, kind: str | None) -> pd.Series:
    """SAS dates (days), datetimes (seconds) or times as ISO 8601 text; others unchanged.

    >>> sas_date_text(pd.Series([23660.0, None]), "DT").tolist()
    ['2024-10-11', None]
    >>> sas_date_text(pd.Series([2044224000.0 + 3600]), "DTM").tolist()
    ['2024-10-11T01:00:00']
    """
    if kind not in ("DT", "DTM", "TM"):
        return values.astype(object).where(values.notna(), None)
    unit = "D" if kind == "DT" else "s"
    stamps = SAS_EPOCH + pd.to_timedelta(values, unit=unit)
    fmt = {"DT": "%Y-%m-%d", "DTM": "%Y-%m-%dT%H:%M:%S", "TM": "%H:%M:%S"}[kind]
    return stamps.dt.strftime(fmt).astype(object).where(values.notna(), None)
