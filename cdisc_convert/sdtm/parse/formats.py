"""Raw dates and times read by a declared format, as sdtm.oak's ``raw_fmt`` reads them.

A spec says how a column is written (``raw_fmt: dd-mm-yyyy``, or a list tried in order);
each value is read by the first format it fits, into ISO 8601 with SDTM truncation
(unknown parts ``UN``, ``UNK``, ``--`` ... leave the ISO value shorter, never guessed).
A value that fits none is a problem saying why (the caller reports it with the file,
record, column and the formats expected).

Tokens (anything else is a literal character; a space matches one or more spaces):

- ``yyyy`` year; ``MMM`` (any case) month name (``NOV``); ``MM``/``mm`` month number;
  ``dd`` day; then, once an hour has appeared, ``MM``/``mm`` minutes;
- ``HH`` hour (00-23), ``ss`` seconds;
- a one-letter token (``d``, ``m``, ``M``, ``H``) is one or two digits, as is a two-letter one
  followed by a separator (``1-2-2014`` fits ``dd-mm-yyyy``); between two tokens with no
  separator (``yyyyMMdd``) a token has its exact width.

>>> parse_formatted("01-02-2014", ["mm-dd-yyyy"])
('2014-01-02', None)
>>> parse_formatted("UN-NOV-2023", ["dd-MMM-yyyy"]), parse_formatted("20231106", ["yyyyMMdd"])
(('2023-11', None), ('2023-11-06', None))
>>> parse_formatted("13/02/2014", ["mm/dd/yyyy", "dd/mm/yyyy"])
('2014-02-13', None)
>>> parse_formatted("2014-02-13 9:05", ["yyyy-mm-dd HH:MM"])
('2014-02-13T09:05', None)
>>> parse_formatted("2014-02-13 09:00", ["yyyy-mm-dd HH:MM"])    # 00 minutes are a time
('2014-02-13T09:00', None)
>>> parse_formatted("31-02-2014", ["dd-mm-yyyy"])[1]
'day 31 does not exist in 2014-02'
>>> parse_formatted("Feb 3 2014", ["dd-mm-yyyy"])[1]
'it has the shape of none of them (dd-mm-yyyy is written like 01-02-2014)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from cdisc_convert.sdtm.parse.dates import MONTHS, UNKNOWN, iso_from_parts
from cdisc_convert.vector import map_unique

#: Tokens, longest first; the value is the part it reads.
_TOKENS = (("yyyy", "year"), ("MMM", "monthname"), ("mmm", "monthname"), ("MM", "mm"),
           ("mm", "mm"), ("M", "m1"), ("m", "m1"), ("dd", "day"), ("DD", "day"), ("d", "day1"),
           ("HH", "hour"), ("hh", "hour"), ("H", "hour1"), ("ss", "second"), ("SS", "second"))
_UNKNOWN_RE = r"[A-Za-z]{2,4}|-{2,4}"
_EXAMPLE = {"year": "2014", "monthname": "FEB", "month": "02", "day": "01", "hour": "09",
            "minute": "05", "second": "00"}


class FormatError(ValueError):
    """A declared format that reads no date part (a spec error, found when loading)."""


@dataclass(frozen=True)
class RawFormat:
    """One declared format compiled: its text, the pattern and the part each group reads."""

    text: str
    pattern: re.Pattern
    parts: tuple[str, ...]

    @property
    def example(self) -> str:
        """``01-02-2014`` for ``dd-mm-yyyy``: what a value in this format looks like."""
        return "".join(_EXAMPLE[p.rstrip("1")] if t else p for t, p in _tokens(self.text))


def _tokens(fmt: str) -> list[tuple[str, str]]:
    """(token text, part) for each token of ``fmt`` in order; literals as ("", char)."""
    out: list[tuple[str, str]] = []
    i, seen_hour = 0, False
    while i < len(fmt):
        for token, part in _TOKENS:
            if fmt.startswith(token, i):
                if part in ("mm", "m1"):
                    part = ("minute" if seen_hour else "month") + ("1" if part == "m1" else "")
                seen_hour = seen_hour or part.startswith("hour")
                out.append((token, part))
                i += len(token)
                break
        else:
            out.append(("", fmt[i]))
            i += 1
    return out


@lru_cache(maxsize=256)
def compile_format(fmt: str) -> RawFormat:
    """Compile a declared format; a format that names no date or time part is an error.

    >>> compile_format("yyyyMMdd").parts
    ('year', 'month', 'day')
    >>> compile_format("dd.mm.yyyy HH:mm:ss").example
    '01.02.2014 09:05:00'
    """
    toks = _tokens(fmt)
    regex, parts = [], []
    for n, (token, part) in enumerate(toks):
        if not token:
            regex.append(r"\s+" if part == " " else re.escape(part))
            continue
        base = part.rstrip("1")
        parts.append(base)
        nxt = toks[n + 1] if n + 1 < len(toks) else ("", "")
        loose = part.endswith("1") or not nxt[0]
        if base == "year":
            digits = r"\d{4}"
        elif base == "monthname":
            digits = r"[A-Za-z]{3,9}"
        else:
            digits = r"\d{1,2}" if loose else r"\d{2}"
        regex.append(f"({digits}|{_UNKNOWN_RE})")
    if not parts:
        raise FormatError(f"raw format {fmt!r} reads no date or time part; use tokens such "
                          "as dd, mm, MMM, yyyy, HH, MM, ss (e.g. dd-mm-yyyy)")
    if len(set(parts)) != len(parts):
        raise FormatError(f"raw format {fmt!r} reads a part twice ({', '.join(parts)})")
    return RawFormat(fmt, re.compile("^" + "".join(regex) + "$", re.IGNORECASE), tuple(parts))


class _Bad(ValueError):
    pass


_CLOCK_PARTS = ("hour", "hour1", "minute", "minute1", "second")


def _value(part: str, text: str) -> int | None:
    t = text.upper()
    if part in _CLOCK_PARTS and t.isdigit():
        return int(t)                      # 00 minutes is a time, not an unknown part
    if t in UNKNOWN or set(t) == {"-"}:
        return None
    if part == "monthname":
        if t[:3] not in MONTHS or (len(t) > 3 and not any(
                m.startswith(t) for m in _FULL_MONTHS)):
            raise _Bad(f"{text!r} is not a month name")
        return MONTHS[t[:3]]
    if not t.isdigit():
        raise _Bad(f"{text!r} is not a number nor an unknown part (UN, UNK, --)")
    return int(t)


_FULL_MONTHS = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
                "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER")


def _read(fmt: RawFormat, text: str) -> tuple[str | None, str | None] | None:
    """(ISO, problem) when ``text`` has the shape of ``fmt``, else None."""
    m = fmt.pattern.match(text)
    if not m:
        return None
    try:
        got = {("month" if p == "monthname" else p): _value(p, g)
               for p, g in zip(fmt.parts, m.groups(), strict=True)}
    except _Bad as exc:
        return None, str(exc)
    date_parts = [got.get(k) for k in ("year", "month", "day")]
    has_date = any(k in got for k in ("year", "month", "day"))
    iso, problem = iso_from_parts(*date_parts) if has_date else ("", None)
    if problem:
        return None, problem
    clock, problem = _clock(got.get("hour"), got.get("minute"), got.get("second"))
    if problem:
        return None, problem
    if not has_date:
        return clock, None
    if clock and iso and len(iso) == 10:
        iso = f"{iso}T{clock}"
    return iso, None


def _clock(h: int | None, mi: int | None, s: int | None) -> tuple[str | None, str | None]:
    if h is None:
        return None, None
    if h > 23 or (mi is not None and mi > 59) or (s is not None and s > 59):
        return None, f"time {h:02d}:{mi if mi is not None else 0:02d} does not exist"
    out = f"{h:02d}"
    if mi is not None:
        out += f":{mi:02d}" + (f":{s:02d}" if s is not None else "")
    return out, None


def formats_list(raw_fmt: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A ``raw_fmt`` parameter (one format or a list) as a tuple of formats."""
    return (raw_fmt,) if isinstance(raw_fmt, str) else tuple(str(f) for f in raw_fmt)


def parse_formatted(text: object, formats: list[str] | tuple[str, ...]
                    ) -> tuple[str | None, str | None]:
    """One raw value read by the first of ``formats`` it fits -> (ISO or None, problem)."""
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return None, None
    s = str(text).strip()
    if not s or s.upper() in UNKNOWN:
        return None, None
    first_problem = None
    for f in formats:
        got = _read(compile_format(f), s)
        if got is None:
            continue
        if got[1] is None:
            return got
        first_problem = first_problem or got[1]
    if first_problem:
        return None, first_problem
    example = compile_format(formats[0]).example if formats else ""
    return None, (f"it has the shape of none of them ({formats[0]} is written like "
                  f"{example})")


def parse_formatted_series(values: pd.Series, formats: list[str] | tuple[str, ...]
                           ) -> tuple[pd.Series, pd.Series]:
    """Vectorised :func:`parse_formatted`: (ISO values, problems) aligned to ``values``.

    >>> iso, why = parse_formatted_series(pd.Series(["01-02-2014", "x", None]), ["dd-mm-yyyy"])
    >>> iso.tolist(), why.notna().tolist()
    (['2014-02-01', None, None], [False, True, False])
    """
    parsed = map_unique(values, lambda v: parse_formatted(v, formats), na=(None, None))
    return map_unique(parsed, lambda p: p[0]), map_unique(parsed, lambda p: p[1])
