"""Facts read from the data that Define-XML states: data type, length, significant digits.

Pure functions over a pandas Series (Char columns hold ``''`` for missing, Num float64).

>>> import pandas as pd
>>> column_facts(pd.Series(["AB", "ABCD", ""]), "Char", "AETERM")
Facts(data_type='text', length=4, significant_digits=None)
>>> column_facts(pd.Series([1.5, 12.25, float("nan")]), "Num", "LBSTRESN")
Facts(data_type='float', length=4, significant_digits=2)
>>> column_facts(pd.Series(["2024-01-02T10:00", "2024-01"]), "Char", "LBDTC").data_type
'datetime'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cdisc_convert.vector import distinct_values, map_unique

#: Most decimals ever stated: beyond this a float is taken as binary noise.
MAX_DECIMALS = 8
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
#: Define-XML data types that carry no Length.
NO_LENGTH = frozenset({"date", "datetime", "time", "partialDate", "partialTime",
                       "partialDatetime", "incompleteDatetime", "durationDatetime"})


@dataclass(frozen=True)
class Facts:
    """What the data says about one column (or one value-level slice of it)."""

    data_type: str
    length: int | None
    significant_digits: int | None = None


def present(values: pd.Series) -> pd.Series:
    """The non-missing values: ``''``/blank for text, NaN for numbers."""
    if not pd.api.types.is_numeric_dtype(values):
        return values[present_mask(values)].astype(object)
    return values.dropna()


def present_mask(values: pd.Series) -> np.ndarray:
    """True where :func:`present` keeps the record.

    >>> present_mask(pd.Series(["A", " ", None])).tolist()
    [True, False, False]
    """
    if pd.api.types.is_numeric_dtype(values):
        return values.notna().to_numpy(dtype=bool)
    blank = map_unique(values, lambda v: not str(v).strip(), na=True, dtype=bool)
    return ~blank.to_numpy(dtype=bool)


def given_values(values: pd.Series) -> list:
    """The distinct non-blank values of a text column, in order of first appearance, each
    looked at once (a column's distinct values are shared inside ``vector.shared_columns``).

    >>> given_values(pd.Series(["B", "", "A", "B", None, "  "]))
    ['B', 'A']
    """
    _, uniques = distinct_values(values)
    return [u for u in uniques if str(u).strip()]


def distinct(values: Iterable) -> list:
    """The distinct values (facts are maxima, so each distinct value is looked at once)."""
    return list(pd.unique(pd.Series(list(values) if not isinstance(values, pd.Series)
                                    else values, dtype=object)))


def decimals(x: float) -> int:
    """Digits after the decimal point of ``x`` as it would be printed.

    >>> decimals(7.0), decimals(0.1 + 0.2), decimals(12.345)
    (0, 1, 3)
    """
    text = f"{x:.{MAX_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def number_facts(numbers: Iterable[float]) -> Facts:
    """``integer`` or ``float`` with Length = digits (sign included) and SignificantDigits.

    >>> number_facts([-12.0, 3.0])
    Facts(data_type='integer', length=3, significant_digits=None)
    """
    if isinstance(numbers, pd.Series) and pd.api.types.is_numeric_dtype(numbers):
        got = pd.unique(numbers.to_numpy(dtype=float))   # distinct floats, no objects
        nums = [float(x) for x in got if not math.isnan(x)]
    else:
        nums = [float(x) for x in distinct(numbers) if not math.isnan(float(x))]
    if not nums:
        return Facts("integer", 1)
    places = max(decimals(x) for x in nums)
    whole = max(len(str(int(abs(round(x, places))))) + (x < 0) for x in nums)
    if places == 0:
        return Facts("integer", whole)
    return Facts("float", whole + places, places)


_INTEGER = re.compile(r"^[-+]?\d+$")


def is_number(text: str) -> bool:
    """``True`` for text a reviewer would read as a number ('7.2', '-1', '1e3')."""
    return bool(_NUMBER.match(text.strip()))


def text_length(values: Iterable[str]) -> int:
    """Longest value in bytes (UTF-8, as XPT stores it); at least 1."""
    return max((len(str(v).encode("utf-8")) for v in distinct(values)), default=0) or 1


def char_type(name: str, values: pd.Series) -> str:
    """Define-XML type of a Char column: ISO 8601 types for ``--DTC``/``--DUR``, else text."""
    if name.endswith("DTC"):
        return "datetime" if any("T" in str(v) for v in distinct(values)) else "date"
    if name.endswith("DUR"):
        return "durationDatetime"
    return "text"


def column_facts(values: pd.Series, xpt_type: str, name: str) -> Facts:
    """Facts of a whole column of XPT type ``Char`` or ``Num``."""
    if xpt_type != "Char":
        return number_facts(present(values).astype(float))
    got = given_values(values)
    data_type = char_type(name, got)
    if data_type in NO_LENGTH:
        return Facts(data_type, None)
    return Facts(data_type, text_length(got))


def slice_facts(values: pd.Series, xpt_type: str) -> Facts:
    """Facts of a value-level slice: text that is all numbers is stated as integer/float, with
    Length still the longest text so the parent's Length holds."""
    if xpt_type != "Char":
        return number_facts(present(values).astype(float))
    texts = [str(t) for t in given_values(values)]
    if len(texts) and all(is_number(t) for t in texts):
        num = number_facts(float(t) for t in texts)
        if num.data_type == "integer" and not all(_INTEGER.match(t.strip()) for t in texts):
            written = max(len(t.strip().split(".")[1]) if "." in t else 0 for t in texts)
            num = Facts("float", num.length, max(written, 1))   # '2.0' is no integer literal
        return Facts(num.data_type, max(text_length(texts), num.length or 1),
                     num.significant_digits)
    return Facts("text", text_length(texts))
