"""Date operators on ISO 8601 text: comparisons (also of one component or at the common
precision), complete / incomplete dates, invalid dates and durations.

Dates are parsed once per distinct value into their components (year .. second);
missing parts of a partial date count as the earliest value (``2020-05`` compares as
``2020-05-01T00:00:00``) unless ``date_component`` says which part to compare
(``year``, ``month``, ..., or ``auto``: the precision both dates have). A blank or
unreadable date makes every comparison False.

>>> f = pd.DataFrame({"S": ["2020-01-05", "2020-02", "", "2020-03-01T10:00"],
...                   "E": ["2020-01-04", "2020-02-10", "2020-01-01", "2020-03-01"]})
>>> date_less_than(f, "E", f["S"]).tolist()
[True, False, False, True]
>>> date_less_than(f, "E", f["S"], date_component="auto").tolist()
[True, False, False, False]
>>> is_complete_date(f, "S", None).tolist()
[True, False, False, True]
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from dateutil.parser import isoparse

from cdisc_convert.registry import RULE_OPERATOR
from cdisc_convert.validate.operators._values import column, is_series, mask, per_value, text

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2}))?)?)?)?)?")
_COMPONENTS = ("year", "month", "day", "hour", "minute", "second")
_DEFAULTS = (0, 1, 1, 0, 0, 0)
_WIDTH = (10000, 100, 100, 100, 100, 100)
_NONE = (np.nan,) * 7


def _parts(value: Any) -> tuple:
    """(year, month, day, hour, minute, second, precision) of an ISO 8601 text."""
    if not isinstance(value, str):
        return _NONE
    m = _ISO.match(value.strip())
    if not m:
        return _NONE
    found = [int(g) if g is not None else None for g in m.groups()]
    precision = sum(1 for g in found if g is not None)
    filled = [g if g is not None else d for g, d in zip(found, _DEFAULTS, strict=True)]
    return (*filled, precision)


def _table(values: Any, index: pd.Index) -> np.ndarray:
    """An (n, 7) float array of components and precision for a column or a literal."""
    if is_series(values):
        parsed = per_value(text(values.reindex(index)), _parts, na=_NONE)
        return np.array(parsed.tolist(), dtype=float).reshape(len(index), 7)
    return np.tile(np.array(_parts(values), dtype=float), (len(index), 1))


def _keys(table: np.ndarray) -> np.ndarray:
    """(n, 6) sortable keys: column i holds the date truncated to i + 1 components."""
    keys = np.zeros((len(table), 6))
    running = np.zeros(len(table))
    for i in range(6):
        running = running * _WIDTH[i] + table[:, i]
        keys[:, i] = running
    return keys


def _pick(a: np.ndarray, b: np.ndarray, component: str | None) -> tuple[np.ndarray, ...]:
    if component in _COMPONENTS:
        i = _COMPONENTS.index(component)
        return a[:, i], b[:, i]
    ka, kb = _keys(a), _keys(b)
    if component == "auto":
        level = np.nan_to_num(np.fmin(a[:, 6], b[:, 6]), nan=1).astype(int).clip(1, 6) - 1
        rows = np.arange(len(a))
        return ka[rows, level], kb[rows, level]
    return ka[:, 5], kb[:, 5]


def _compare(frame: pd.DataFrame, target: str, value: Any, op: str,
             component: str | None) -> pd.Series:
    a = _table(column(frame, target), frame.index)
    b = _table(value, frame.index)
    left, right = _pick(a, b, component)
    with np.errstate(invalid="ignore"):
        result = {"eq": left == right, "ne": left != right, "lt": left < right,
                  "le": left <= right, "gt": left > right, "ge": left >= right}[op]
    known = ~np.isnan(left) & ~np.isnan(right)
    return mask(result & known, frame.index)


def _date_operator(name: str, op: str, doc: str) -> Any:
    def check(frame: pd.DataFrame, target: str, value: Any, *, date_component: str | None = None,
              **params: Any) -> pd.Series:
        return _compare(frame, target, value, op, date_component)
    check.__name__ = check.__qualname__ = name
    check.__doc__ = doc
    return RULE_OPERATOR.register(name)(check)


date_equal_to = _date_operator("date_equal_to", "eq", """Same date (or component).

>>> date_equal_to(pd.DataFrame({"D": ["2020-01-02", "2021-01"]}), "D", "2020",
...               date_component="year").tolist()
[True, False]
""")
date_not_equal_to = _date_operator("date_not_equal_to", "ne", """Different dates.

>>> date_not_equal_to(pd.DataFrame({"D": ["2020-01-02", ""]}), "D", "2020-01-03").tolist()
[True, False]
""")
date_less_than = _date_operator("date_less_than", "lt", """Earlier than ``value``.

>>> date_less_than(pd.DataFrame({"D": ["2020-01-02"]}), "D", "2020-01-03").tolist()
[True]
""")
date_less_than_or_equal_to = _date_operator("date_less_than_or_equal_to", "le", """Not later.

>>> date_less_than_or_equal_to(pd.DataFrame({"D": ["2020-01-03"]}), "D", "2020-01-03").tolist()
[True]
""")
date_greater_than = _date_operator("date_greater_than", "gt", """Later than ``value``.

>>> date_greater_than(pd.DataFrame({"D": ["2022"]}), "D", "2021", date_component="year").tolist()
[True]
""")
date_greater_than_or_equal_to = _date_operator("date_greater_than_or_equal_to", "ge", """Not
earlier than ``value``.

>>> date_greater_than_or_equal_to(pd.DataFrame({"D": ["2020-01-02"]}), "D",
...                               "2020-01-03").tolist()
[False]
""")


def _complete(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@RULE_OPERATOR.register("is_complete_date")
def is_complete_date(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where the value is a complete ISO 8601 date (or date and time).

    >>> is_complete_date(pd.DataFrame({"D": ["2020-01-01", "2020-01", None]}), "D", None).tolist()
    [True, False, False]
    """
    return mask(per_value(text(column(frame, target)), _complete, na=False).fillna(False),
                frame.index)


@RULE_OPERATOR.register("is_incomplete_date")
def is_incomplete_date(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Complement of is_complete_date (a blank is incomplete).

    >>> is_incomplete_date(pd.DataFrame({"D": ["2020-01-01", "2020-01"]}), "D", None).tolist()
    [False, True]
    """
    return ~is_complete_date(frame, target, value)


_PART = r"(?:-?\d{4}|-)"
_TWO = r"(?:\d{2}|-)"
_ONE_DATE = (rf"{_PART}(?:-{_TWO}(?:-{_TWO}(?:T{_TWO}(?::{_TWO}(?::{_TWO}(?:\.\d+)?)?"
             rf"(?:Z|[+-]\d{{2}}:\d{{2}})?)?)?)?)?")
_DATE = re.compile(rf"^{_ONE_DATE}(?:/{_ONE_DATE})?$")
_RANGES = {1: (1, 12), 2: (1, 31), 3: (0, 23), 4: (0, 59), 5: (0, 59)}


def _valid_date(value: str) -> bool:
    """ISO 8601 text with real components; '-' stands for an unknown part."""
    if not _DATE.match(value):
        return False
    if "/" in value or "-:" in value or "--" in value or value.startswith("-"):
        return True
    try:
        isoparse(value)
    except (ValueError, OverflowError):
        return False
    return True


@RULE_OPERATOR.register("invalid_date")
def invalid_date(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where a populated value is not an ISO 8601 date, partial date or interval.

    >>> invalid_date(pd.DataFrame({"D": ["2020-02-30", "2020-02", "2020---15", "x", ""]}),
    ...              "D", None).tolist()
    [True, False, False, True, False]
    """
    values = text(column(frame, target))
    populated = values.notna() & values.ne("").fillna(False).astype(bool)
    return mask(populated & ~per_value(values, _valid_date, na=True).fillna(True).astype(bool),
                frame.index)


_NUM = r"\d+(?:[.,]\d+)?"
_DURATION = re.compile(rf"^(-)?P(?!$)(?:(?:({_NUM})Y)?(?:({_NUM})M)?(?:({_NUM})D)?"
                       rf"(?:T(?=\d)(?:({_NUM})H)?(?:({_NUM})M)?(?:({_NUM})S)?)?|({_NUM})W)$")


def _valid_duration(value: str, negative: bool) -> bool:
    m = _DURATION.match(value)
    if not m or (m.group(1) and not negative):
        return False
    parts = [g for g in m.groups()[1:] if g is not None]
    decimals = [i for i, g in enumerate(parts) if "." in g or "," in g]
    return not decimals or decimals == [len(parts) - 1]


@RULE_OPERATOR.register("invalid_duration")
def invalid_duration(frame: pd.DataFrame, target: str, value: Any, *, negative: bool = True,
                     **params: Any) -> pd.Series:
    """True where a populated value is not an ISO 8601 duration (``negative``: '-P1D' valid).

    >>> invalid_duration(pd.DataFrame({"D": ["P1DT2H", "PT", "-P2D", "P1.5D", None]}), "D",
    ...                  None, negative=False).tolist()
    [False, True, True, False, False]
    """
    values = text(column(frame, target))
    valid = per_value(values, lambda s: _valid_duration(s, bool(negative)), na=True)
    return mask(values.notna() & ~valid.fillna(True).astype(bool), frame.index)


def date_keys(values: pd.Series) -> pd.Series:
    """A sortable number per ISO 8601 value (partial dates at their earliest), NaN if none.

    >>> date_keys(pd.Series(["2020-01-02", "2020-01", None])).tolist()
    [20200102000000.0, 20200101000000.0, nan]
    """
    return pd.Series(_keys(_table(values, values.index))[:, 5], index=values.index)
