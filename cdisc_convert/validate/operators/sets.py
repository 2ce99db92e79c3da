"""Set operators: membership in a list (literal, an operation result, a column, or a list
per record), prefixes and suffixes in a list, contains_all, shared elements, ordered subsets.

Membership compares text (``1.0`` is in ``["1"]``). A blank value is not contained by any
list, so ``is_not_contained_by`` is True on blanks (CORE's behaviour; rules pair it with
``non_empty``).

>>> f = pd.DataFrame({"SEX": ["M", "X", None]})
>>> is_contained_by(f, "SEX", ["M", "F"]).tolist()
[True, False, False]
>>> is_not_contained_by(f, "SEX", ["M", "F"]).tolist()
[False, True, True]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cdisc_convert.registry import RULE_OPERATOR
from cdisc_convert.validate.operators._values import (
    _number_text,
    as_collection,
    blank,
    broadcast,
    column,
    holds_collections,
    is_series,
    mask,
    per_value,
    rowwise,
    text,
)


def _fold(x: Any, fold: bool) -> Any:
    x = _number_text(x)
    return x.lower() if fold and isinstance(x, str) else x


def _member_of(values: pd.Series, value: Any, fold: bool) -> pd.Series:
    """Membership of each text value in ``value`` (literal, column, or per-record lists)."""
    shown = per_value(text(values), lambda x: _fold(x, fold) if isinstance(x, str) else x)
    if holds_collections(value):
        sets: dict[int, set] = {}  # records of one group share one list: fold it once

        def folded(b: Any) -> set:
            if id(b) not in sets:
                sets[id(b)] = {_fold(i, fold) for i in b}
            return sets[id(b)]
        return rowwise(lambda a, b: a is not None and isinstance(b, (list, tuple, set, frozenset))
                       and a in folded(b), shown, value.reindex(values.index), values.index)
    pool = value.dropna().tolist() if is_series(value) else as_collection(value)
    wanted = {_fold(v, fold) for v in pool if not blank(v)}
    return mask(shown.isin(wanted) & shown.notna(), values.index)


def _membership(frame: pd.DataFrame, target: str, value: Any, fold: bool) -> pd.Series:
    values = column(frame, target)
    if holds_collections(values):  # a list per record: any element in value
        pool = value if not is_series(value) else value.dropna().tolist()
        wanted = {_fold(v, fold) for v in as_collection(pool)}
        return rowwise(lambda a, _: isinstance(a, (list, tuple, set, frozenset)) and
                       any(_fold(i, fold) in wanted for i in a), values, values, frame.index)
    return _member_of(values, value, fold)


@RULE_OPERATOR.register("is_contained_by")
def is_contained_by(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where the value is one of ``value``.

    >>> f = pd.DataFrame({"U": ["1", "2"], "L": [["1"], ["3"]]})
    >>> is_contained_by(f, "U", f["L"]).tolist()
    [True, False]
    """
    return _membership(frame, target, value, False)


@RULE_OPERATOR.register("is_not_contained_by")
def is_not_contained_by(frame: pd.DataFrame, target: str, value: Any,
                        **params: Any) -> pd.Series:
    """Complement of is_contained_by.

    >>> is_not_contained_by(pd.DataFrame({"N": [1.0, 2.0]}), "N", ["1"]).tolist()
    [False, True]
    """
    return ~_membership(frame, target, value, False)


@RULE_OPERATOR.register("is_contained_by_case_insensitive")
def is_contained_by_case_insensitive(frame: pd.DataFrame, target: str, value: Any,
                                     **params: Any) -> pd.Series:
    """is_contained_by ignoring case.

    >>> is_contained_by_case_insensitive(pd.DataFrame({"S": ["male"]}), "S", ["MALE"]).tolist()
    [True]
    """
    return _membership(frame, target, value, True)


@RULE_OPERATOR.register("is_not_contained_by_case_insensitive")
def is_not_contained_by_case_insensitive(frame: pd.DataFrame, target: str, value: Any,
                                         **params: Any) -> pd.Series:
    """is_not_contained_by ignoring case.

    >>> is_not_contained_by_case_insensitive(pd.DataFrame({"S": ["male"]}), "S",
    ...                                      ["MALE"]).tolist()
    [False]
    """
    return ~_membership(frame, target, value, True)


def _affix(frame: pd.DataFrame, target: str, prefix: Any, suffix: Any) -> pd.Series:
    values = text(column(frame, target))
    if prefix is not None:
        return per_value(values, lambda s: s[:int(prefix)] if isinstance(s, str) else s)
    return per_value(values, lambda s: s[-int(suffix):] if isinstance(s, str) else s)


@RULE_OPERATOR.register("prefix_is_contained_by")
def prefix_is_contained_by(frame: pd.DataFrame, target: str, value: Any, *, prefix: int = 2,
                           **params: Any) -> pd.Series:
    """True where the first ``prefix`` characters are one of ``value``.

    >>> prefix_is_contained_by(pd.DataFrame({"V": ["AESTDTC", "XXTERM"]}), "V", ["AE"]).tolist()
    [True, False]
    """
    return _member_of(_affix(frame, target, prefix, None), value, False)


@RULE_OPERATOR.register("prefix_is_not_contained_by")
def prefix_is_not_contained_by(frame: pd.DataFrame, target: str, value: Any, *,
                               prefix: int = 2, **params: Any) -> pd.Series:
    """Complement of prefix_is_contained_by.

    >>> prefix_is_not_contained_by(pd.DataFrame({"V": ["AESTDTC"]}), "V", ["AE"]).tolist()
    [False]
    """
    return ~prefix_is_contained_by(frame, target, value, prefix=prefix)


@RULE_OPERATOR.register("suffix_is_contained_by")
def suffix_is_contained_by(frame: pd.DataFrame, target: str, value: Any, *, suffix: int = 2,
                           **params: Any) -> pd.Series:
    """True where the last ``suffix`` characters are one of ``value``.

    >>> suffix_is_contained_by(pd.DataFrame({"N": ["SUPPAE"]}), "N", ["AE"]).tolist()
    [True]
    """
    return _member_of(_affix(frame, target, None, suffix), value, False)


@RULE_OPERATOR.register("suffix_is_not_contained_by")
def suffix_is_not_contained_by(frame: pd.DataFrame, target: str, value: Any, *,
                               suffix: int = 2, **params: Any) -> pd.Series:
    """Complement of suffix_is_contained_by.

    >>> suffix_is_not_contained_by(pd.DataFrame({"N": ["FAXX"]}), "N", ["AE"]).tolist()
    [True]
    """
    return ~suffix_is_contained_by(frame, target, value, suffix=suffix)


def _as_set(x: Any) -> set:
    if isinstance(x, (list, tuple, set, frozenset)):
        return set(x)
    return set() if blank(x) else {x}


@RULE_OPERATOR.register("contains_all")
def contains_all(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True (on every record) when every element of ``value`` is among the target's values.

    >>> contains_all(pd.DataFrame({"V": ["A", "B"]}), "V", ["A", "B"]).tolist()
    [True, True]
    >>> contains_all(pd.DataFrame({"V": ["A", "B"]}), "V", ["A", "C"]).tolist()
    [False, False]
    """
    values = column(frame, target)
    if holds_collections(values) and holds_collections(value):
        return rowwise(lambda a, b: _as_set(b) <= _as_set(a), values, value, frame.index)
    pool = value.dropna().tolist() if is_series(value) else as_collection(value)
    present = set(text(values).dropna()) if not holds_collections(values) else \
        set().union(*values.dropna().map(_as_set))
    wanted = {_number_text(v) for v in pool}
    return pd.Series(wanted <= {_number_text(v) for v in present}, index=frame.index)


@RULE_OPERATOR.register("not_contains_all")
def not_contains_all(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Complement of contains_all.

    >>> not_contains_all(pd.DataFrame({"V": ["A"]}), "V", ["A", "C"]).tolist()
    [True]
    """
    return ~contains_all(frame, target, value)


def _shared(frame: pd.DataFrame, target: str, value: Any) -> pd.Series:
    """Number of elements the target (per record) shares with ``value``."""
    values = column(frame, target)
    other = broadcast(value, frame.index) if is_series(value) else \
        pd.Series([as_collection(value)] * len(frame), index=frame.index)
    counts = [len(_as_set(a) & _as_set(b)) for a, b in zip(values, other, strict=False)]
    return pd.Series(counts, index=frame.index)


@RULE_OPERATOR.register("shares_no_elements_with")
def shares_no_elements_with(frame: pd.DataFrame, target: str, value: Any,
                            **params: Any) -> pd.Series:
    """True where the target's elements and ``value`` have none in common.

    >>> shares_no_elements_with(pd.DataFrame({"L": [["A", "B"], ["C"]]}), "L", ["C"]).tolist()
    [True, False]
    """
    return _shared(frame, target, value) == 0


@RULE_OPERATOR.register("shares_at_least_one_element_with")
def shares_at_least_one_element_with(frame: pd.DataFrame, target: str, value: Any,
                                     **params: Any) -> pd.Series:
    """True where the target shares at least one element with ``value``.

    >>> shares_at_least_one_element_with(pd.DataFrame({"L": [["A"], ["C"]]}), "L",
    ...                                  ["C"]).tolist()
    [False, True]
    """
    return _shared(frame, target, value) >= 1


@RULE_OPERATOR.register("shares_exactly_one_element_with")
def shares_exactly_one_element_with(frame: pd.DataFrame, target: str, value: Any,
                                    **params: Any) -> pd.Series:
    """True where the target shares exactly one element with ``value``.

    >>> shares_exactly_one_element_with(pd.DataFrame({"L": [["A", "C"]]}), "L",
    ...                                 ["A", "C"]).tolist()
    [False]
    """
    return _shared(frame, target, value) == 1


def _ordered_subset(part: Any, whole: Any) -> bool:
    if not isinstance(part, (list, tuple)) or not isinstance(whole, (list, tuple)):
        return False
    position = {name: i for i, name in enumerate(whole)}
    if any(p not in position for p in part):
        return False
    order = [position[p] for p in part]
    return order == sorted(order)


@RULE_OPERATOR.register("is_ordered_subset_of")
def is_ordered_subset_of(frame: pd.DataFrame, target: str, value: Any,
                         **params: Any) -> pd.Series:
    """True where every element of the target list is in ``value``, in the same order.

    >>> f = pd.DataFrame({"L": [["A", "C"], ["C", "A"]]})
    >>> is_ordered_subset_of(f, "L", ["A", "B", "C"]).tolist()
    [True, False]
    """
    values = column(frame, target)
    other = value if is_series(value) else pd.Series([list(as_collection(value))] * len(frame),
                                                      index=frame.index)
    return rowwise(_ordered_subset, values, other, frame.index)


@RULE_OPERATOR.register("is_not_ordered_subset_of")
def is_not_ordered_subset_of(frame: pd.DataFrame, target: str, value: Any,
                             **params: Any) -> pd.Series:
    """Complement of is_ordered_subset_of.

    >>> is_not_ordered_subset_of(pd.DataFrame({"L": [["C", "A"]]}), "L", ["A", "C"]).tolist()
    [True]
    """
    return ~is_ordered_subset_of(frame, target, value)
