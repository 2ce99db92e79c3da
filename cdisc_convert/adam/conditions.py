"""Spec conditions on ADaM frames: the project's condition language plus column comparisons.

Besides every operator of :mod:`cdisc_convert.spec.conditions`, a condition may
compare two variables of the same record: ``{column: ADTM, le_var: TRTSDTM}``
(``eq_var``, ``ne_var``, ``lt_var``, ``le_var``, ``gt_var``, ``ge_var``; a
missing value on either side is False). Dates, numbers and text all compare.

>>> import pandas as pd
>>> f = pd.DataFrame({"ARMCD": ["MSC", "MSC"], "ACTARMCD": ["MSC", "OCNMSC"],
...                   "AGE": [50.0, 72.0]})
>>> where(f, {"all": [{"column": "ARMCD", "eq_var": "ACTARMCD"},
...                   {"column": "AGE", "le": 70}]}).tolist()
[True, False]
>>> where(f, None).tolist()
[True, True]
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.spec import conditions
from cdisc_convert.vector import map_unique

VAR_OPERATORS = {"eq_var": operator.eq, "ne_var": operator.ne, "lt_var": operator.lt,
                 "le_var": operator.le, "gt_var": operator.gt, "ge_var": operator.ge}


def _missing(s: pd.Series) -> pd.Series:
    blank = map_unique(s, lambda v: isinstance(v, str) and not v.strip(), na=True, dtype=bool)
    return s.isna() | blank


def _compare(frame: pd.DataFrame, name: str, op: str, other: str) -> pd.Series:
    for col in (name, other):
        if col not in frame:
            raise conditions.ConditionError(f"condition names column {col!r}, which does "
                                            "not exist")
    left, right = frame[name], frame[other]
    known = ~(_missing(left) | _missing(right))
    result = pd.Series(False, index=frame.index)
    if known.any():
        result[known] = VAR_OPERATORS[op](left[known], right[known]).astype(bool)
    return result


def _rewrite(cond: Any, frame: pd.DataFrame, extra: dict[str, pd.Series]) -> Any:
    """Replace column-comparison nodes by flags computed here (the base language has none)."""
    if not isinstance(cond, dict):
        return cond
    for key in ("all", "any"):
        if key in cond:
            return {key: [_rewrite(c, frame, extra) for c in cond[key]]}
    if "not" in cond:
        return {"not": _rewrite(cond["not"], frame, extra)}
    ops = [k for k in cond if k in VAR_OPERATORS]
    if not ops:
        return cond
    name = f"__cmp{len(extra)}"
    extra[name] = _compare(frame, cond.get("column", ""), ops[0], cond[ops[0]])
    return {"column": name, "equals": "True"}


#: Frames at least this long are judged once per distinct combination of the named columns.
DISTINCT_FROM = 5_000


def condition_columns(cond: Any) -> list[str]:
    """The columns a condition names (``column`` and the ``*_var`` of a comparison).

    >>> condition_columns({"all": [{"column": "ADTM", "le_var": "TRTSDTM"},
    ...                            {"not": {"column": "AVAL", "is_null": True}}]})
    ['ADTM', 'TRTSDTM', 'AVAL']
    """
    if isinstance(cond, list):
        return list(dict.fromkeys(n for c in cond for n in condition_columns(c)))
    if not isinstance(cond, dict):
        return []
    if "all" in cond or "any" in cond or "not" in cond:
        return condition_columns(cond.get("all") or cond.get("any") or [cond.get("not")])
    names = [cond.get("column")] + [cond[k] for k in VAR_OPERATORS if k in cond]
    return list(dict.fromkeys(n for n in names if isinstance(n, str)))


def distinct_rows(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """(code of each record, the first record of each code): records share a code when
    every column holds the same value (missing values alike).

    >>> codes, firsts = distinct_rows(pd.DataFrame({"A": ["x", "y", "x"], "B": [1, 2, 1]}))
    >>> codes.tolist(), firsts["A"].tolist()
    ([0, 1, 0], ['x', 'y'])
    """
    combined = np.zeros(len(frame), dtype=np.int64)
    for col in frame.columns:
        codes, uniques = pd.factorize(frame[col], use_na_sentinel=True)
        combined = combined * (len(uniques) + 1) + (codes + 1)
        combined, _ = pd.factorize(combined)        # keep the numbers small
    _, first = np.unique(combined, return_index=True)
    return combined, frame.iloc[first]


def where(frame: pd.DataFrame, cond: dict | None) -> pd.Series:
    """Boolean Series: the records of ``frame`` meeting ``cond`` (all records when None).

    A condition is judged record by record on the columns it names, so a long frame is
    judged once per distinct combination of those columns and the answer spread back."""
    if cond is None:
        return pd.Series(True, index=frame.index)
    names = condition_columns(cond)
    if len(frame) >= DISTINCT_FROM and names and all(n in frame for n in names):
        codes, firsts = distinct_rows(frame[names])
        if len(firsts) < len(frame) // 2:
            hits = _where(firsts.reset_index(drop=True), cond).to_numpy(bool)
            return pd.Series(hits[codes], index=frame.index)
    return _where(frame, cond)


def _where(frame: pd.DataFrame, cond: dict) -> pd.Series:
    extra: dict[str, pd.Series] = {}
    plain = _rewrite(cond, frame, extra)

    def column(name: str) -> pd.Series | None:
        if name in extra:
            return extra[name].astype(str)
        return frame[name].astype(object) if name in frame else None
    return conditions.evaluate(plain, column, frame.index).astype(bool)
