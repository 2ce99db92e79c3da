"""Helpers the operator families share: blanks, text views of columns, per-value maps.

An operator receives whole columns and returns a boolean Series aligned with the frame.
A comparator (``value``) reaches an operator already resolved by the engine: a Series
(another column or an operation result per record) or a literal (scalar, list, set).

>>> s = pd.Series(["A", "", None, 3.0])
>>> blank(s).tolist()
[False, True, True, False]
>>> text(s).tolist()
['A', '', None, '3']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert import vector


class MissingVariable(KeyError):
    """A variable the rule names is not in the dataset: the rule does not apply to it."""

    def __str__(self) -> str:
        return f"variable {self.args[0]} not in dataset"


#: Columns shorter than this are not worth remembering (see :mod:`cdisc_convert.vector`).
SHARED_FROM = vector.SHARED_FROM


def shared_views() -> AbstractContextManager[None]:
    """Within the block, the text and blank views and the distinct values of each large
    column are computed once (:func:`cdisc_convert.vector.shared_columns`)."""
    return vector.shared_columns()


def _memo(kind: str, values: pd.Series, make: Callable[[pd.Series], Any]) -> Any:
    """``make(values)``, remembered per column data (same memory, length, dtype, index)."""
    return vector.remember(kind, values, make)


def distinct(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, firsts)``: for each record, the number of its distinct value (missing
    values count as one value), numbered in order of first appearance; and for each
    distinct value, the position of its first record. Computed once per column.

    >>> codes, firsts = distinct(pd.Series(["b", "a", "b", None, None]))
    >>> codes.tolist(), firsts.tolist()
    ([0, 1, 0, 2, 2], [0, 1, 3])
    """
    return _memo("distinct", values, distinct_codes)


def distinct_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`distinct`, from the column's distinct values (:func:`vector.distinct_values`,
    numbered by first appearance; missing values made one more value)."""
    try:
        codes, _ = vector.distinct_values(values)
    except TypeError:     # values that cannot be hashed
        return _distinct_codes_afresh(values)
    number = np.asarray(codes)      # the smallest integer type that holds them
    before = vector.seen_before_missing(number)
    if before is not None:
        missing = number < 0
        number = number.copy()
        number[number >= before] += 1
        number[missing] = before
    firsts = pd.Series(number).drop_duplicates().index.to_numpy(dtype=np.intp)
    if len(firsts) > 1 and not (np.diff(firsts) > 0).all():    # not by first appearance
        return _distinct_codes_afresh(values)
    return number, firsts


def _distinct_codes_afresh(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, _ = pd.factorize(values, use_na_sentinel=False)
    codes = np.asarray(codes, dtype=np.intp)
    firsts = pd.Series(codes).drop_duplicates().index.to_numpy(dtype=np.intp)
    number = np.empty(len(firsts), dtype=np.intp)   # renumbered by first appearance
    number[codes[firsts]] = np.arange(len(firsts), dtype=np.intp)
    return number[codes], firsts


def column(frame: pd.DataFrame, name: Any) -> pd.Series:
    """The column ``name`` of ``frame``; :class:`MissingVariable` when absent.

    >>> column(pd.DataFrame({"A": [1]}), "B")
    Traceback (most recent call last):
    ...
    cdisc_convert.validate.operators._values.MissingVariable: variable B not in dataset
    """
    if not isinstance(name, str) or name not in frame.columns:
        raise MissingVariable(name)
    col = frame[name]
    if isinstance(col, pd.DataFrame):  # duplicated column names after a merge
        col = col.iloc[:, 0]
    return col


def is_series(value: Any) -> bool:
    return isinstance(value, pd.Series)


def blank(values: Any) -> Any:
    """True where a value is missing: None, NaN or the empty string (also empty lists).

    >>> blank(pd.Series([[], ["X"], " "])).tolist(), blank(""), blank(0)
    ([True, False, False], True, False)
    """
    if not is_series(values):
        if isinstance(values, (list, tuple, set, frozenset)):
            return len(values) == 0
        return values is None or (isinstance(values, float) and np.isnan(values)) or \
            values == "" or values is pd.NA
    return _memo("blank", values, _blank)


def _blank(values: pd.Series) -> pd.Series:
    if values.dtype != object and not pd.api.types.is_string_dtype(values.dtype):
        return values.isna().astype(bool)
    try:
        codes, uniques = vector.distinct_values(values)
    except TypeError:     # lists: judged record by record
        return _blank_records(values)
    collections = len(uniques) > 0 and isinstance(uniques[0], (list, tuple, set, frozenset))
    table = np.ones(len(uniques) + 1, dtype=bool)       # the last one: missing (code -1)
    for i, u in enumerate(uniques):
        table[i] = (isinstance(u, str) and u == "") or (collections and _empty_collection(u))
    return pd.Series(table[codes], index=values.index, dtype=bool)


def _blank_records(values: pd.Series) -> pd.Series:
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        items = values.to_numpy(dtype=object, na_value=None)
        return pd.Series(pd.isna(items) | (items == ""), index=values.index, dtype=bool)
    out = values.isna()
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        out = out | values.eq("").fillna(False).astype(bool)
        if values.dtype == object and _has_collections(values):
            out = out | values.map(_empty_collection, na_action="ignore").fillna(False)
    return out.astype(bool)


def _has_collections(values: pd.Series) -> bool:
    present = values.dropna()
    return len(present) > 0 and isinstance(present.iloc[0], (list, tuple, set, frozenset))


def _empty_collection(x: Any) -> bool:
    return isinstance(x, (list, tuple, set, frozenset, dict)) and len(x) == 0


#: Significant digits a number keeps as text: what a double holds reliably (DBL_DIG), so
#: 1.3 written by one SAS step and 1.3000000000000003 (1.2 + 0.1) by another read alike.
NUMBER_DIGITS = 15


def _number_text(x: Any) -> Any:
    """3.0 -> '3', 2.5 -> '2.5', 'A' -> 'A' (CORE's view of numbers as text); a number
    keeps :data:`NUMBER_DIGITS` significant digits.

    >>> _number_text(1.2 + 0.1), _number_text(9.299999999999999), _number_text(0.1234)
    ('1.3', '9.3', '0.1234')
    >>> _number_text(1.0000000000000002), _number_text(1.0)
    ('1', '1')
    """
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        if np.isnan(x):
            return None
        return f"{x:.0f}" if float(x).is_integer() else _decimal(float(x))
    return x if isinstance(x, str) else str(x)


def _decimal(x: float) -> str:
    """A number with :data:`NUMBER_DIGITS` significant digits (whole after rounding: as a
    whole number is written, without '.0')."""
    return f"{x:.{NUMBER_DIGITS}g}"


def text(values: pd.Series) -> pd.Series:
    """The column as text (object dtype), numbers without a trailing '.0'; missing -> None."""
    return _memo("text", values, _text)


def _text(values: pd.Series) -> pd.Series:
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        return values.astype(object).where(values.notna(), None)
    if pd.api.types.is_float_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype):
        return _numbers_as_text(values)
    return per_value(values, _number_text, na=None)


def _numbers_as_text(values: pd.Series) -> pd.Series:
    """Numbers as text, whole numbers without '.0' (each distinct number written once)."""
    arr = values.to_numpy(dtype=float, na_value=np.nan)
    codes, uniques = pd.factorize(arr)
    finite = np.isfinite(uniques)
    whole = finite & (uniques == np.round(uniques)) & (np.abs(uniques) < 1e15)
    shown = np.full(len(uniques) + 1, None, dtype=object)   # the last one: missing (code -1)
    shown[:-1][whole] = [str(int(x)) for x in uniques[whole]]
    other = finite & ~whole
    shown[:-1][other] = [_decimal(float(x)) for x in uniques[other]]
    return pd.Series(shown[codes], index=values.index, dtype=object)


def per_value(values: pd.Series, func: Callable[[Any], Any], na: Any = None) -> pd.Series:
    """``func`` applied once per distinct non-missing value, mapped back to every record.

    >>> per_value(pd.Series(["a", "b", "a", None]), str.upper).tolist()
    ['A', 'B', 'A', None]
    """
    try:
        codes, uniques = vector.distinct_values(values)
    except TypeError:     # values that cannot be hashed
        return _per_record(values, func, na)
    table = np.empty(len(uniques) + 1, dtype=object)
    same = True
    for i, u in enumerate(uniques):
        table[i] = func(u)
        same = same and table[i] is u
    table[-1] = na
    if same and na is None and vector.missing_are_none(values, codes):
        return values.copy(deep=False)   # every value kept: the column itself, no copy
    return pd.Series(table[codes], index=values.index, dtype=object)


def _per_record(values: pd.Series, func: Callable[[Any], Any], na: Any) -> pd.Series:
    present = values.notna()
    out = pd.Series([na] * len(values), index=values.index, dtype=object)
    if present.any():
        out[present] = [func(v) for v in values[present].astype(object)]
    return out


def as_number(values: Any) -> Any:
    """Numbers from a column or a literal; text that is not a number -> NaN.

    >>> as_number(pd.Series(["1", "x", 2])).tolist(), as_number("2.5")
    ([1.0, nan, 2.0], 2.5)
    """
    if is_series(values):
        return pd.to_numeric(values, errors="coerce").astype(float)
    try:
        return float(values)
    except (TypeError, ValueError):
        return np.nan


def mask(values: Any, index: pd.Index) -> pd.Series:
    """A boolean Series on ``index`` from a Series, an array or one boolean."""
    if is_series(values):
        return values.reindex(index).fillna(False).astype(bool)
    if np.ndim(values) == 0:
        return pd.Series(bool(values), index=index)
    return pd.Series(np.asarray(values, dtype=bool), index=index)


def as_collection(value: Any) -> list:
    """A literal comparator as a list (a scalar is a list of one)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    if isinstance(value, dict):
        return list(value)
    return [value]


def holds_collections(values: Any) -> bool:
    """True when a Series holds a list or set in every non-missing record."""
    if not is_series(values) or values.dtype != object:
        return False
    try:
        uniques = vector.distinct_values(values)[1]
        return len(uniques) > 0 and all(isinstance(u, (list, tuple, set, frozenset))
                                        for u in uniques)
    except TypeError:     # lists
        pass
    present = values.dropna()
    return len(present) > 0 and present.map(
        lambda x: isinstance(x, (list, tuple, set, frozenset))).all()


def rowwise(func: Callable[[Any, Any], bool], left: Iterable, right: Iterable,
            index: pd.Index) -> pd.Series:
    """``func(a, b)`` record by record, for comparators that hold a collection per record.

    ``func`` runs once per distinct pair: a left value (missing values each on their own)
    with a right object (records of one group share one list object). A left value that
    cannot be hashed (a list) makes every record its own pair.

    >>> shared = ["1", "2"]
    >>> rowwise(lambda a, b: a in b, ["1", "3", "1", None], [shared] * 4, pd.RangeIndex(4)
    ...         ).tolist()
    [True, False, True, False]
    """
    lefts, rights = list(left), list(right)
    codes = None
    if len(lefts) >= SHARED_FROM:   # small columns: pairing would cost more than it saves
        try:
            codes = _pair_codes(lefts, rights)
        except TypeError:   # unhashable left values: every record on its own
            codes = None
    if codes is None:
        return pd.Series([bool(func(a, b)) for a, b in zip(lefts, rights, strict=False)],
                         index=index, dtype=bool)
    number, firsts = codes
    verdict = np.fromiter((bool(func(lefts[i], rights[i])) for i in firsts), dtype=bool,
                          count=len(firsts))
    return pd.Series(verdict[number], index=index, dtype=bool)


def _pair_codes(lefts: list, rights: list) -> tuple[np.ndarray, np.ndarray]:
    """(pair number per record, first record of each pair) for :func:`rowwise`."""
    a = pd.Series(lefts, dtype=object)
    missing = a.isna().to_numpy()
    left_codes = pd.factorize(a, use_na_sentinel=True)[0].astype(np.int64)
    # a missing value is its own pair (None and NaN may answer differently)
    left_codes[missing] = -1 - np.flatnonzero(missing)
    right_codes = pd.factorize(np.fromiter((id(b) for b in rights), dtype=np.int64,
                                           count=len(rights)))[0].astype(np.int64)
    key = pd.Series(left_codes * (int(right_codes.max(initial=0)) + 1) + right_codes)
    return distinct_codes(key)


def broadcast(value: Any, index: pd.Index) -> pd.Series:
    """A literal repeated over ``index`` (a Series is reindexed)."""
    if is_series(value):
        return value.reindex(index)
    return pd.Series([value] * len(index), index=index, dtype=object)
