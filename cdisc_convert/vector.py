"""Compute on distinct values, broadcast to all rows: raw data repeat a lot
(dates, units, codes), so a Python function runs once per distinct value.

Inside :func:`shared_columns` (``validate`` runs in one), what is computed from a large
column (its distinct values, and the views other modules ask :func:`remember` to keep) is
computed once for every caller that reads the same column.

>>> map_unique(pd.Series([" a", "b", " a", None]), str.strip).tolist()
['a', 'b', 'a', None]
>>> with shared_columns():
...     codes, uniques = distinct_values(pd.Series(["b", None, "a", "b"]))
>>> codes.tolist(), list(uniques)
([0, -1, 1, 0], ['b', 'a'])
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

#: What is remembered of the columns read under :func:`shared_columns`: key -> (a weak
#: reference to the memory the column lives in, its index, the result). None outside.
_SHARED: ContextVar[dict | None] = ContextVar("shared_columns", default=None)
#: Columns shorter than this are not worth remembering.
SHARED_FROM = 10_000


@contextmanager
def shared_columns() -> Iterator[None]:
    """Within the block, what :func:`remember` computes of a large column is computed once
    (an enclosing block's memory is used when there is one). An entry goes when the memory
    of its column is freed, so columns made on the way cost nothing once dropped."""
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _memory(values: pd.Series) -> tuple[tuple, np.ndarray] | None:
    """(where the column's data are: address, shape, strides, dtype; the array owning them)."""
    try:
        data = np.asarray(values.array)
        iface = data.__array_interface__
    except (TypeError, ValueError, AttributeError):
        return None
    owner = data
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    return (iface["data"][0], data.shape, data.strides, str(values.dtype)), owner


def _entry(kind: str, values: pd.Series) -> tuple[dict, tuple, np.ndarray] | None:
    cache = _SHARED.get()
    if cache is None or len(values) < SHARED_FROM:
        return None
    found = _memory(values)
    return None if found is None else (cache, (kind, *found[0]), found[1])


def remember(kind: str, values: pd.Series, make: Callable[[pd.Series], Any]) -> Any:
    """``make(values)``, remembered per column data (same memory, length, dtype, index)
    inside :func:`shared_columns`; a Series result is handed out as a shallow copy."""
    entry = _entry(kind, values)
    if entry is None:
        return make(values)
    cache, key, owner = entry
    found = cache.get(key)
    if found is not None and found[0]() is owner and (
            found[1] is values.index or found[1].equals(values.index)):
        return _shallow(found[2])
    result = make(values)
    _store(cache, key, owner, values.index, result)
    return _shallow(result)


def _store(cache: dict, key: tuple, owner: np.ndarray, index: pd.Index, result: Any) -> None:
    try:
        ref = weakref.ref(owner, functools.partial(_forget, cache, key))
    except TypeError:   # memory that cannot be watched is not remembered
        return
    cache[key] = (ref, index, result)


def _forget(cache: dict, key: tuple, _gone: object) -> None:
    cache.pop(key, None)


def seed(kind: str, values: pd.Series, result: Any) -> None:
    """Tell :func:`remember` what ``kind`` of ``values`` is (computed by the caller on the
    way, e.g. the distinct values of a column it has just made)."""
    entry = _entry(kind, values)
    if entry is not None:
        _store(entry[0], entry[1], entry[2], values.index, result)


def seed_mapped(values: pd.Series, codes: np.ndarray, results: np.ndarray) -> None:
    """Tell :func:`remember` the distinct values of ``values`` = ``results[codes]`` (a
    column made from another one's distinct values: ``results[i]`` for code ``i``,
    ``results[-1]`` where the code is -1), so they are not found again record by record."""
    entry = _entry("factorize", values)
    if entry is not None:
        _store(entry[0], entry[1], entry[2], values.index, factorize_mapped(codes, results))


def factorize_mapped(codes: np.ndarray, results: np.ndarray) -> tuple[np.ndarray, Any]:
    """:func:`factorize` of ``results[codes]`` from the codes of the column it was made
    from (in order of first appearance, -1 for missing, which takes ``results[-1]``): only
    the distinct results are hashed, not each record.

    >>> codes, uniques = factorize_mapped(np.array([0, -1, 1, 2, -1]),
    ...                                    np.array(["a", "b", "a", ""], dtype=object))
    >>> codes.tolist(), list(uniques)
    ([0, 1, 2, 0, 1], ['a', '', 'b'])
    """
    codes = np.asarray(codes)
    known = len(results) - 1                     # results of codes 0 .. known-1; then missing
    before = seen_before_missing(codes)
    order = np.arange(known) if before is None else \
        np.concatenate([np.arange(before), [known], np.arange(before, known)])
    seen, uniques = factorize(pd.Series(results[order], dtype=object))
    code_of = np.full(known + 1, -1, dtype=seen.dtype)
    code_of[order] = seen
    return code_of[codes], uniques


def seen_before_missing(codes: np.ndarray) -> int | None:
    """How many distinct values (codes by first appearance) come before the first missing
    record (code -1): where missing ranks as a value of its own; None when none is missing.

    >>> seen_before_missing(np.array([0, 1, 0, -1, 2])), seen_before_missing(np.array([0]))
    (2, None)
    """
    missing = codes < 0
    if not missing.any():
        return None
    at = int(np.argmax(missing))
    return int(codes[:at].max()) + 1 if at else 0


def _shallow(result: Any) -> Any:
    return result.copy(deep=False) if isinstance(result, pd.Series) else result


def factorize(values: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize(values)``: (code of each record, -1 when missing; distinct values
    in order of first appearance)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes).astype(code_dtype(len(uniques)), copy=False), uniques


def code_dtype(distinct: int) -> np.dtype:
    """The smallest signed integer type for codes -1 .. ``distinct``, with room for one
    more (a caller may number missing values as a value of their own): a column's codes are
    remembered as long as it lives, so a Y/N flag's take a byte a record, not four.

    >>> code_dtype(2), code_dtype(125), code_dtype(126), code_dtype(40_000)
    (dtype('int8'), dtype('int8'), dtype('int16'), dtype('int32'))
    """
    for kind in (np.int8, np.int16, np.int32):
        if distinct + 2 <= np.iinfo(kind).max:
            return np.dtype(kind)
    return np.dtype(np.int64)


def distinct_values(values: pd.Series) -> tuple[np.ndarray, Any]:
    """:func:`factorize` of the column, once per column inside :func:`shared_columns`.
    Values that cannot be hashed (lists) raise TypeError."""
    return remember("factorize", values, factorize)


def map_unique(values: pd.Series, func: Callable, na: object = None,
               dtype: npt.DTypeLike = object) -> pd.Series:
    """``values.map(func)`` with ``func`` called once per distinct non-missing value;
    missing values give ``na``."""
    codes, uniques = distinct_values(values)
    results = np.empty(len(uniques) + 1, dtype=dtype)
    for i, u in enumerate(uniques):
        results[i] = func(u)
    results[-1] = na
    out = results[codes]          # code -1 picks the trailing ``na``
    return pd.Series(out, index=values.index, dtype=dtype)


def group_codes(columns: list[pd.Series]) -> np.ndarray:
    """One group number per record for the combination of ``columns`` (missing is a value
    of its own), numbered in order of first appearance, from each column's distinct values.

    >>> group_codes([pd.Series(["a", "b", "a", None]), pd.Series([1, 1, 1, 1])]).tolist()
    [0, 1, 0, 2]
    """
    group = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    bound = 1                                 # group < bound
    for values in columns:
        codes, uniques = distinct_values(values)
        if bound * (len(uniques) + 1) >= 2 ** 62:
            group = pd.factorize(group)[0]    # renumbered when it would overflow
            bound = int(group.max()) + 1 if len(group) else 1
        group = group * (len(uniques) + 1) + (np.asarray(codes, dtype=np.int64) + 1)
        bound *= len(uniques) + 1
    return np.asarray(pd.factorize(group)[0])     # numbered in order of first appearance


def duplicated(columns: list[pd.Series], keep: str | bool = "first",
               positions: np.ndarray | None = None) -> np.ndarray:
    """``DataFrame.duplicated(keep=...)`` of the records of ``columns`` (only those at
    ``positions``, when given), on their group numbers: no copy of the columns.

    >>> duplicated([pd.Series(["a", "b", "a", None, None])]).tolist()
    [False, False, True, False, True]
    >>> duplicated([pd.Series(["a", "b", "a"])], keep=False, positions=np.array([1, 2])).tolist()
    [False, False]
    """
    key = group_codes(columns)
    return pd.Series(key if positions is None else key[positions]).duplicated(keep=keep).to_numpy()


def rows_in(keys: list[pd.Series], other: list[pd.Series]) -> np.ndarray:
    """Which records of the columns ``keys`` occur as a record of the columns ``other``
    (as many, compared in order; missing matches missing), found on group numbers, not
    tuples: no Python object is made per record.

    >>> rows_in([pd.Series(["a", "b", None]), pd.Series([1.0, 2.0, 3.0])],
    ...         [pd.Series(["b", None, "a"]), pd.Series([2.0, 3.0, 2.0])]).tolist()
    [False, True, True]
    """
    n = len(keys[0]) if keys else 0
    group = group_codes([pd.concat([a, b], ignore_index=True)
                         for a, b in zip(keys, other, strict=True)])
    return np.isin(group[:n], group[n:])


def missing_are_none(values: pd.Series, codes: np.ndarray) -> bool:
    """True when every missing value (code -1) of an object column is ``None``, not NaN.

    >>> s = pd.Series(["a", None, float("nan")], dtype=object)
    >>> missing_are_none(s, distinct_values(s)[0]), missing_are_none(s[:2], np.array([0, -1]))
    (False, True)
    """
    return values.dtype == object and all(v is None for v in values.to_numpy()[codes < 0])


def distinct_rows(frame: pd.DataFrame, columns: list[str],
                  where: np.ndarray | None = None) -> pd.DataFrame:
    """``frame[columns]`` at the first record of each distinct combination of their values
    (among the records ``where`` is True), in record order, index kept: what depends only on
    the values present (maxima, sets, first pairs) reads a few rows, not every record.

    >>> f = pd.DataFrame({"T": ["A", "A", "B", "A"], "U": ["x", "x", "y", "z"]})
    >>> distinct_rows(f, ["T", "U"]).index.tolist()
    [0, 2, 3]
    >>> distinct_rows(f, ["T"], np.array([False, True, True, True]))["T"].tolist()
    ['A', 'B']
    """
    positions = np.arange(len(frame)) if where is None else np.flatnonzero(where)
    first = ~duplicated([frame[c] for c in columns], positions=positions)   # hashed: no sort
    return frame.iloc[positions[first]][columns]

