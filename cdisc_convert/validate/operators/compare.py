"""Relational operators: equal_to and its variants, numeric order comparisons.

Equality follows CORE's truth table for clinical data: two blanks are neither equal nor
unequal; a blank and a value are unequal; otherwise the values are compared. When either
side is numeric, both are compared as numbers (``"5"`` equals ``5.0``).

>>> f = pd.DataFrame({"A": ["X", "Y", "", None], "B": ["X", "Z", "", "Q"]})
>>> equal_to(f, "A", f["B"]).tolist(), not_equal_to(f, "A", f["B"]).tolist()
([True, False, False, False], [False, True, False, True])
>>> greater_than(pd.DataFrame({"N": [1, 5, None]}), "N", 2).tolist()
[False, True, False]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.registry import RULE_OPERATOR
from cdisc_convert.validate.operators._values import (
    as_number,
    blank,
    column,
    is_series,
    mask,
    per_value,
    text,
)


def _numeric(value: Any) -> bool:
    if is_series(value):
        return pd.api.types.is_numeric_dtype(value.dtype) and not \
            pd.api.types.is_bool_dtype(value.dtype)
    return isinstance(value, (int, float, np.integer, np.floating)) and \
        not isinstance(value, bool)


def _normal_text(value: Any) -> Any:
    """CORE's type-insensitive view: '200.00' -> '200', 3.0 -> '3', 'A ' -> 'A'.

    Numbers keep 15 significant digits, so a value that went through a SAS transport
    float (8.55 read back as 8.549999999999999) still equals its text.

    >>> _normal_text(8.549999999999999), _normal_text("8.55"), _normal_text(3.0)
    ('8.55', '8.55', '3')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value).strip()
    if np.isnan(number):
        return str(value).strip()
    return str(int(number)) if number.is_integer() else f"{number:.15g}"


def _as_normal_text(value: Any) -> Any:
    if is_series(value):
        uniques = {u: _normal_text(u) for u in pd.unique(value.dropna().astype(object))}
        return value.astype(object).map(uniques)
    return _normal_text(value)


def _rounded(value: Any) -> Any:
    number = as_number(value)
    return number.round() if is_series(number) else np.round(number)


def _lower(value: Any) -> Any:
    if is_series(value):
        return per_value(text(value), lambda x: x.lower() if isinstance(x, str) else x)
    return value.lower() if isinstance(value, str) else value


def _same(a: pd.Series, b: Any, case_insensitive: bool) -> pd.Series:
    """Element-wise equality of a column and a column or literal (blanks unequal)."""
    if isinstance(b, bool):
        truth = a.map(lambda x: {"true": True, "false": False}.get(str(x).lower(), x))
        return mask(truth.astype(object) == b, a.index)
    if _numeric(a) or _numeric(b):
        return mask(as_number(a) == as_number(b), a.index)
    left, right = (_lower(a), _lower(b)) if case_insensitive else (text(a), b)
    if is_series(right):
        right = text(right) if not case_insensitive else right
    elif right is not None and not isinstance(right, str):
        right = str(right)
    return mask(left.astype(object) == right, a.index)


def referenced(frame: pd.DataFrame, names: pd.Series) -> pd.Series:
    """Per record, the value of the column whose name the record holds in ``names``.

    >>> f = pd.DataFrame({"IDVAR": ["AESEQ", "AEGRPID"], "AESEQ": [1, 2], "AEGRPID": ["G", "H"]})
    >>> referenced(f, f["IDVAR"]).tolist()
    [1, 'H']
    """
    out = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for name in pd.unique(names.dropna()):
        rows = names == name
        if name in frame.columns:
            out[rows] = frame.loc[rows, name].astype(object)
    return out


def _prepare(frame: pd.DataFrame, target: str, value: Any, params: dict) -> tuple[Any, Any]:
    a = column(frame, target)
    b = value
    if params.get("value_is_reference") and is_series(b):
        b = referenced(frame, b)
    if params.get("round_values"):
        a, b = _rounded(a), _rounded(b)
    if params.get("type_insensitive"):
        a, b = _as_normal_text(a), _as_normal_text(b)
    return a, b


def _equality(frame: pd.DataFrame, target: str, value: Any, params: dict,
              case_insensitive: bool) -> tuple[pd.Series, pd.Series]:
    """(equal, both blank) masks."""
    a, b = _prepare(frame, target, value, params)
    a_blank, b_blank = mask(blank(a), frame.index), mask(blank(b), frame.index)
    same = _same(a, b, case_insensitive) & ~a_blank & ~b_blank
    return same, a_blank & b_blank


@RULE_OPERATOR.register("equal_to")
def equal_to(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where ``target`` equals ``value`` (a column or a literal); blanks never equal.

    >>> equal_to(pd.DataFrame({"S": ["1.0", "2"]}), "S", 1, type_insensitive=True).tolist()
    [True, False]
    """
    return _equality(frame, target, value, params, False)[0]


@RULE_OPERATOR.register("not_equal_to")
def not_equal_to(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Complement of equal_to, except that two blanks are not unequal.

    >>> not_equal_to(pd.DataFrame({"S": ["N", "", "Y"]}), "S", "Y").tolist()
    [True, True, False]
    """
    same, both_blank = _equality(frame, target, value, params, False)
    return ~same & ~both_blank


@RULE_OPERATOR.register("equal_to_case_insensitive")
def equal_to_case_insensitive(frame: pd.DataFrame, target: str, value: Any,
                              **params: Any) -> pd.Series:
    """equal_to ignoring case.

    >>> equal_to_case_insensitive(pd.DataFrame({"S": ["Yes", "no"]}), "S", "YES").tolist()
    [True, False]
    """
    return _equality(frame, target, value, params, True)[0]


@RULE_OPERATOR.register("not_equal_to_case_insensitive")
def not_equal_to_case_insensitive(frame: pd.DataFrame, target: str, value: Any,
                                  **params: Any) -> pd.Series:
    """not_equal_to ignoring case.

    >>> not_equal_to_case_insensitive(pd.DataFrame({"S": ["Yes", "no"]}), "S", "YES").tolist()
    [False, True]
    """
    same, both_blank = _equality(frame, target, value, params, True)
    return ~same & ~both_blank


def _order(frame: pd.DataFrame, target: str, value: Any, op: str) -> pd.Series:
    a = as_number(column(frame, target))
    b = as_number(value)
    result = {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]
    return mask(result, frame.index)


@RULE_OPERATOR.register("less_than")
def less_than(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Numeric ``target < value``; text that is not a number compares False.

    >>> less_than(pd.DataFrame({"N": ["1", "x", 9]}), "N", 5).tolist()
    [True, False, False]
    """
    return _order(frame, target, value, "lt")


@RULE_OPERATOR.register("less_than_or_equal_to")
def less_than_or_equal_to(frame: pd.DataFrame, target: str, value: Any,
                          **params: Any) -> pd.Series:
    """Numeric ``target <= value``.

    >>> less_than_or_equal_to(pd.DataFrame({"N": [5, 6]}), "N", 5).tolist()
    [True, False]
    """
    return _order(frame, target, value, "le")


@RULE_OPERATOR.register("greater_than")
def greater_than(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Numeric ``target > value``.

    >>> greater_than(pd.DataFrame({"N": [5, 6]}), "N", 5).tolist()
    [False, True]
    """
    return _order(frame, target, value, "gt")


@RULE_OPERATOR.register("greater_than_or_equal_to")
def greater_than_or_equal_to(frame: pd.DataFrame, target: str, value: Any,
                             **params: Any) -> pd.Series:
    """Numeric ``target >= value``.

    >>> greater_than_or_equal_to(pd.DataFrame({"N": [4, 5]}), "N", 5).tolist()
    [False, True]
    """
    return _order(frame, target, value, "ge")
