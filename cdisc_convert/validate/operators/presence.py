"""Presence operators: empty / non_empty values, exists / not_exists variables (or
domains, in a Domain Presence Check), emptiness along an ordered group, enumerated columns.

>>> f = pd.DataFrame({"A": ["X", "", None]})
>>> empty(f, "A", None).tolist(), non_empty(f, "A", None).tolist()
([False, True, True], [True, False, False])
>>> exists(f, "A", None).tolist(), not_exists(f, "B", None).tolist()
([True, True, True], [True, True, True])
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from cdisc_convert.registry import RULE_OPERATOR
from cdisc_convert.validate.operators._values import blank, column


@RULE_OPERATOR.register("empty")
def empty(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where ``target`` is missing or the empty string (or an empty list).

    >>> empty(pd.DataFrame({"N": [1.0, float("nan")]}), "N", None).tolist()
    [False, True]
    """
    return blank(column(frame, target))


@RULE_OPERATOR.register("non_empty")
def non_empty(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Complement of empty.

    >>> non_empty(pd.DataFrame({"N": ["", "Y"]}), "N", None).tolist()
    [False, True]
    """
    return ~blank(column(frame, target))


@RULE_OPERATOR.register("exists", value_kind="raw")
def exists(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True on every record when ``target`` is a column of the frame.

    >>> exists(pd.DataFrame({"A": [1, 2]}), "B", None).tolist()
    [False, False]
    """
    return pd.Series(target in frame.columns, index=frame.index, dtype=bool)


@RULE_OPERATOR.register("not_exists", value_kind="raw")
def not_exists(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True on every record when ``target`` is not a column of the frame.

    >>> not_exists(pd.DataFrame({"A": [1]}), "A", None).tolist()
    [False]
    """
    return ~exists(frame, target, value)


def _not_last(frame: pd.DataFrame, value: Any, ordering: str | None) -> pd.Series:
    """True for records that are not the last of their group (``value``) in ``ordering``."""
    groups = [value] if isinstance(value, str) else list(value)
    keys = groups + ([ordering] if ordering else [])
    for k in keys:
        column(frame, k)
    ordered = frame[keys].sort_values(keys, kind="stable")
    last = ordered.groupby(groups, dropna=False, sort=False).cumcount(ascending=False) == 0
    return ~last.reindex(frame.index).fillna(True).astype(bool)


@RULE_OPERATOR.register("empty_within_except_last_row", value_kind="names")
def empty_within_except_last_row(frame: pd.DataFrame, target: str, value: Any, *,
                                 ordering: str | None = None, **params: Any) -> pd.Series:
    """True where ``target`` is empty on a record that is not the last of its group.

    Groups are the values of ``value`` (e.g. USUBJID), ordered by ``ordering``.

    >>> f = pd.DataFrame({"U": ["1", "1", "2"], "O": [2, 1, 1], "E": ["", "", ""]})
    >>> empty_within_except_last_row(f, "E", ["U"], ordering="O").tolist()
    [False, True, False]
    """
    return blank(column(frame, target)) & _not_last(frame, value, ordering)


@RULE_OPERATOR.register("non_empty_within_except_last_row", value_kind="names")
def non_empty_within_except_last_row(frame: pd.DataFrame, target: str, value: Any, *,
                                     ordering: str | None = None, **params: Any) -> pd.Series:
    """True where ``target`` is populated on a record that is not the last of its group.

    >>> f = pd.DataFrame({"U": ["1", "1"], "O": [1, 2], "E": ["x", "y"]})
    >>> non_empty_within_except_last_row(f, "E", ["U"], ordering="O").tolist()
    [True, False]
    """
    return ~blank(column(frame, target)) & _not_last(frame, value, ordering)


@RULE_OPERATOR.register("inconsistent_enumerated_columns")
def inconsistent_enumerated_columns(frame: pd.DataFrame, target: str, value: Any,
                                    **params: Any) -> pd.Series:
    """True where VARn+1 is populated but VARn (``target``, ``target1``, ...) is not.

    >>> f = pd.DataFrame({"TSVAL": ["a", ""], "TSVAL1": ["b", "c"]})
    >>> inconsistent_enumerated_columns(f, "TSVAL", None).tolist()
    [False, True]
    """
    pattern = re.compile(rf"^{re.escape(target)}(\d*)$")
    names = sorted((c for c in frame.columns if pattern.match(str(c))), key=lambda c: (len(c), c))
    out = pd.Series(False, index=frame.index)
    for before, after in zip(names, names[1:], strict=False):
        out |= blank(frame[before]) & ~blank(frame[after])
    return out
