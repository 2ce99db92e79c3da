"""Raw EDC dates and times -> ISO 8601, partial dates truncated, never failing silently.

Each parser returns the ISO value and, when the text cannot be read, a problem
message (the caller turns it into a located finding).

>>> parse_date("UN NOV 2023"), parse_date("UN UNK 2023"), parse_date("15 UNK 2024")
(('2023-11', None), ('2023', None), ('2024---15', None))
>>> parse_date("11/06/2023"), parse_date("2023-11-06"), parse_date("31 FEB 2024")[1]
(('2023-11-06', None), ('2023-11-06', None), 'day 31 does not exist in 2024-02')
>>> combine_datetime("2023-11-06", "9:30")
'2023-11-06T09:30'
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime

import numpy as np
import pandas as pd

from cdisc_convert.vector import map_unique

MONTHS = {m.upper(): i for i, m in enumerate(calendar.month_abbr) if m}
UNKNOWN = {"UN", "UK", "UNK", "UNKN", "NK", "--", "XX", "XXXX", "0000", "00"}

_DMY_TEXT = re.compile(  # 06 NOV 2023, 06NOV2023, 6-NOV-2023, UN UNK 2023
    r"^(\d{1,2}|[A-Za-z]{2,4}|--)[ \-/]?([A-Za-z]{2,3})[ \-/]?(\d{4}|[A-Za-z]{2,4}|-{4})$")
_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")

EXPECTED = "a date like 06 NOV 2023, 2023-11-06 or 11/06/2023 (UN/UNK for unknown parts)"


def iso_from_parts(year: int | None, month: int | None,
                   day: int | None) -> tuple[str | None, str | None]:
    """Assemble ISO 8601 with SDTM truncation rules; check the calendar."""
    if month is not None and not 1 <= month <= 12:
        return None, f"month {month} does not exist"
    if year is not None and month is not None and day is not None:
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None, f"day {day} does not exist in {year:04d}-{month:02d}"
    elif day is not None and not 1 <= day <= 31:
        return None, f"day {day} does not exist"
    if year is None:
        if month is None:
            return None, None
        return f"--{month:02d}" + (f"-{day:02d}" if day else ""), None
    iso = f"{year:04d}"
    if month is not None:
        iso += f"-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    elif day is not None:
        iso += f"---{day:02d}"
    return iso, None


class _BadPart(ValueError):
    """A date part that is neither a number, a month name nor unknown (UN, UNK, ...)."""


def _part(text: str) -> int | None:
    t = text.upper()
    if t in UNKNOWN:
        return None
    if not t.isdigit():
        raise _BadPart(text)
    return int(t)


def _month(name: str) -> int | None:
    if name in UNKNOWN:
        return None
    if name not in MONTHS:
        raise _BadPart(name)
    return MONTHS[name]


def parse_date(text: object, slash_order: str = "MDY") -> tuple[str | None, str | None]:
    """One raw date -> (ISO 8601 or None, problem or None)."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return None, None
    s = str(text).strip()
    if not s or s.upper() in UNKNOWN:
        return None, None
    if m := _ISO.match(s):
        y, mo, d = (int(g) if g else None for g in m.groups()[:3])
        iso, problem = iso_from_parts(y, mo, d)
        if iso and m.group(4) and d is not None:
            clock = f"{m.group(4)}:{m.group(5)}" + (f":{m.group(6)}" if m.group(6) else "")
            iso = combine_datetime(iso, clock)
        return iso, problem
    if m := _SLASH.match(s):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        mo, d = (a, b) if slash_order == "MDY" else (b, a)
        return iso_from_parts(y, mo, d)
    if m := _DMY_TEXT.match(s):
        try:
            day, month, year = _part(m.group(1)), _month(m.group(2).upper()), _part(m.group(3))
        except _BadPart:
            return None, f"cannot read {s!r} as {EXPECTED}"
        return iso_from_parts(year, month, day)
    return None, f"cannot read {s!r} as {EXPECTED}"


def parse_time(text: object) -> tuple[str | None, str | None]:
    """``9:30`` -> ``09:30``; unknown parts (``UN:UN``) -> None."""
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return None, None
    s = str(text).strip()
    if not s or s.upper().replace(":", "") in {"", "UNUN", "UNK", "UN"}:
        return None, None
    m = _TIME.match(s)
    if not m:
        return None, f"cannot read {s!r} as a time HH:MM[:SS]"
    h, mi, sec = int(m.group(1)), int(m.group(2)), m.group(3)
    if h > 23 or mi > 59 or (sec and int(sec) > 59):
        return None, f"time {s!r} does not exist"
    return f"{h:02d}:{mi:02d}" + (f":{sec}" if sec else ""), None


def parse_date_parts(year: object, month: object, day: object) -> tuple[str | None, str | None]:
    """Date typed in separate fields (Rave ``_YYYY``, ``_MM``, ``_DD``): unknown parts blank
    or UN/UNK. Month may be a number or a name.

    >>> parse_date_parts("2023", "11", ""), parse_date_parts("2024", "UNK", "15")
    (('2023-11', None), ('2024---15', None))
    """
    def part(v: object, months: bool = False) -> int | None:
        if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
            return None
        t = str(v).strip().upper()
        if not t or t in UNKNOWN:
            return None
        if months and t[:3] in MONTHS:
            return MONTHS[t[:3]]
        try:
            return int(float(t))
        except ValueError:
            raise _BadPart(t) from None
    try:
        y, m, d = part(year), part(month, months=True), part(day)
    except _BadPart:
        return None, f"cannot read date parts {year!r}/{month!r}/{day!r}"
    return iso_from_parts(y, m, d)


def combine_datetime(iso_date: str | None, time: str | None) -> str | None:
    """Add a time to a complete date; a partial date cannot carry a time."""
    if not iso_date:
        return None
    if not time or len(iso_date) != 10 or "T" in iso_date:
        return iso_date
    t, _ = parse_time(time)
    return f"{iso_date}T{t}" if t else iso_date


def parse_dates(values: pd.Series, slash_order: str = "MDY") -> tuple[pd.Series, pd.Series]:
    """Vectorised :func:`parse_date` (parses each distinct value once).

    Returns (ISO values, problems), both aligned to ``values``.
    """
    parsed = map_unique(values, lambda v: parse_date(v, slash_order), na=(None, None))
    return _pick(parsed, 0), _pick(parsed, 1)


def _pick(pairs: pd.Series, i: int) -> pd.Series:
    return map_unique(pairs, lambda p: p[i])


def parse_times(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised :func:`parse_time`."""
    parsed = map_unique(values, parse_time, na=(None, None))
    return _pick(parsed, 0), _pick(parsed, 1)


_FULL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?")


_NAT = np.datetime64("NaT", "s")


def _timestamp(text: object, with_time: bool) -> np.datetime64:
    m = _FULL.match(str(text))
    if not m:
        return _NAT
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        stamp = datetime(y, mo, d, h, mi, s) if with_time else datetime(y, mo, d)
    except ValueError:
        return _NAT
    return np.datetime64(stamp, "s")


def _stamps(iso: pd.Series, with_time: bool) -> pd.Series:
    codes, uniques = pd.factorize(iso, use_na_sentinel=True)
    values = np.array([_timestamp(u, with_time) for u in uniques] + [_NAT],
                      dtype="datetime64[s]")
    return pd.Series(values[codes].astype("datetime64[ns]"), index=iso.index)


def to_date(iso: pd.Series) -> pd.Series:
    """ISO strings -> datetime64 dates; partial or missing -> NaT."""
    return _stamps(iso, with_time=False)


def to_datetime(iso: pd.Series) -> pd.Series:
    """ISO strings -> datetime64 (date-only values at midnight); partial -> NaT."""
    return _stamps(iso, with_time=True)


def has_time(iso: pd.Series) -> pd.Series:
    return map_unique(iso, lambda v: "T" in str(v), na=False, dtype=bool)
