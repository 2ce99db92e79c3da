"""String operators: regular expressions, prefixes and suffixes, substrings, lengths.

Regexes come from rule files and are compiled with :mod:`re` (never evaluated as code);
``matches_regex`` uses ``re.match`` (anchored at the start, as CORE's ``str.match``).
Each regex runs once per distinct value. Blank values never match and never fail.

>>> f = pd.DataFrame({"T": ["AB1", "ab", None, 12.0]})
>>> matches_regex(f, "T", r"^[A-Z]+\\d$").tolist()
[True, False, False, False]
>>> not_matches_regex(f, "T", r"^[A-Z]+\\d$").tolist()
[False, True, False, True]
>>> longer_than(f, "T", 2).tolist()
[True, False, False, False]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pandas as pd

from cdisc_convert.registry import RULE_OPERATOR
from cdisc_convert.validate.operators._values import (
    as_collection,
    blank,
    column,
    is_series,
    mask,
    per_value,
    rowwise,
    text,
)
from cdisc_convert.validate.operators.compare import _same


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(str(pattern))


def _test(frame: pd.DataFrame, target: str, func: Callable[[str], bool]) -> pd.Series:
    """``func`` on the text of every populated value (once per distinct value)."""
    values = text(column(frame, target))
    return mask(per_value(values, func, na=False).fillna(False), frame.index)


def _populated(frame: pd.DataFrame, target: str) -> pd.Series:
    return mask(column(frame, target).notna(), frame.index)


@RULE_OPERATOR.register("matches_regex", value_kind="regex")
def matches_regex(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where the value matches ``value`` from its start.

    >>> matches_regex(pd.DataFrame({"T": ["x1", "1x"]}), "T", r"\\d").tolist()
    [False, True]
    """
    rx = _regex(value)
    return _test(frame, target, lambda s: rx.match(s) is not None)


@RULE_OPERATOR.register("not_matches_regex", value_kind="regex")
def not_matches_regex(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where a populated value does not match ``value``.

    >>> not_matches_regex(pd.DataFrame({"T": ["x1", None]}), "T", r"\\d").tolist()
    [True, False]
    """
    return _populated(frame, target) & ~matches_regex(frame, target, value)


def _part(s: str, prefix: int | None, suffix: int | None) -> str:
    if prefix is not None:
        return s[:int(prefix)]
    return s[-int(suffix):] if suffix else s


@RULE_OPERATOR.register("prefix_matches_regex", value_kind="regex")
def prefix_matches_regex(frame: pd.DataFrame, target: str, value: Any, *, prefix: int = 0,
                         **params: Any) -> pd.Series:
    """True where the first ``prefix`` characters contain a match of ``value``.

    >>> prefix_matches_regex(pd.DataFrame({"D": ["APFA", "FA"]}), "D", "AP", prefix=2).tolist()
    [True, False]
    """
    rx = _regex(value)
    return _test(frame, target, lambda s: rx.search(s[:int(prefix)]) is not None)


@RULE_OPERATOR.register("not_prefix_matches_regex", value_kind="regex")
def not_prefix_matches_regex(frame: pd.DataFrame, target: str, value: Any, *, prefix: int = 0,
                             **params: Any) -> pd.Series:
    """Populated values whose first ``prefix`` characters do not match.

    >>> not_prefix_matches_regex(pd.DataFrame({"D": ["APFA", "FA"]}), "D", "AP", prefix=2).tolist()
    [False, True]
    """
    return _populated(frame, target) & ~prefix_matches_regex(frame, target, value, prefix=prefix)


@RULE_OPERATOR.register("suffix_matches_regex", value_kind="regex")
def suffix_matches_regex(frame: pd.DataFrame, target: str, value: Any, *, suffix: int = 0,
                         **params: Any) -> pd.Series:
    """True where the last ``suffix`` characters contain a match of ``value``.

    >>> suffix_matches_regex(pd.DataFrame({"Q": ["RACE1", "RACE"]}), "Q", r"\\d", suffix=1).tolist()
    [True, False]
    """
    rx = _regex(value)
    return _test(frame, target, lambda s: rx.search(s[-int(suffix):]) is not None)


@RULE_OPERATOR.register("not_suffix_matches_regex", value_kind="regex")
def not_suffix_matches_regex(frame: pd.DataFrame, target: str, value: Any, *, suffix: int = 0,
                             **params: Any) -> pd.Series:
    """Populated values whose last ``suffix`` characters do not match.

    >>> not_suffix_matches_regex(pd.DataFrame({"Q": ["RACE1", "RACE"]}), "Q", r"\\d",
    ...                          suffix=1).tolist()
    [False, True]
    """
    return _populated(frame, target) & ~suffix_matches_regex(frame, target, value, suffix=suffix)


def _ends(frame: pd.DataFrame, target: str, value: Any, start: bool) -> pd.Series:
    values = text(column(frame, target))
    if is_series(value):
        return rowwise(lambda a, b: isinstance(a, str) and isinstance(b, str) and
                       (a.startswith(b) if start else a.endswith(b)),
                       values, text(value), frame.index)
    probe = tuple(str(v) for v in as_collection(value))
    return _test(frame, target, lambda s: s.startswith(probe) if start else s.endswith(probe))


@RULE_OPERATOR.register("starts_with")
def starts_with(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where the value starts with ``value``.

    >>> starts_with(pd.DataFrame({"D": ["APFA", "FA"]}), "D", "AP").tolist()
    [True, False]
    """
    return _ends(frame, target, value, True)


@RULE_OPERATOR.register("ends_with")
def ends_with(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where the value ends with ``value``.

    >>> ends_with(pd.DataFrame({"D": ["APFA", "FA"]}), "D", "PFA").tolist()
    [True, False]
    """
    return _ends(frame, target, value, False)


def _contains_one(container: Any, item: Any, fold: bool) -> bool:
    if container is None or (isinstance(container, float) and pd.isna(container)):
        return False
    if isinstance(container, (list, tuple, set, frozenset)):
        items = [str(c).lower() for c in container] if fold else container
        return (str(item).lower() if fold else item) in items
    whole, part = str(container), str(item)
    return part.lower() in whole.lower() if fold else part in whole


def _contains(frame: pd.DataFrame, target: str, value: Any, fold: bool) -> pd.Series:
    values = column(frame, target)
    if is_series(value):
        return rowwise(lambda a, b: not blank(b) and _contains_one(a, b, fold), values, value,
                       frame.index)
    shown = values if values.dtype == object else text(values)
    return mask(per_value(shown.map(lambda x: tuple(x) if isinstance(x, list) else x),
                          lambda x: _contains_one(x, value, fold), na=False).fillna(False),
                frame.index)


@RULE_OPERATOR.register("contains")
def contains(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """True where the value (text or list) contains ``value``.

    >>> contains(pd.DataFrame({"D": ["P1D", "-P1D", None]}), "D", "-").tolist()
    [False, True, False]
    """
    return _contains(frame, target, value, False)


@RULE_OPERATOR.register("does_not_contain")
def does_not_contain(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
    """Complement of contains.

    >>> does_not_contain(pd.DataFrame({"L": [["A", "B"], ["C"]]}), "L", "A").tolist()
    [False, True]
    """
    return ~_contains(frame, target, value, False)


@RULE_OPERATOR.register("contains_case_insensitive")
def contains_case_insensitive(frame: pd.DataFrame, target: str, value: Any,
                              **params: Any) -> pd.Series:
    """contains, ignoring case.

    >>> contains_case_insensitive(pd.DataFrame({"T": ["Informed Consent"]}), "T",
    ...                           "CONSENT").tolist()
    [True]
    """
    return _contains(frame, target, value, True)


@RULE_OPERATOR.register("does_not_contain_case_insensitive")
def does_not_contain_case_insensitive(frame: pd.DataFrame, target: str, value: Any,
                                      **params: Any) -> pd.Series:
    """does_not_contain, ignoring case.

    >>> does_not_contain_case_insensitive(pd.DataFrame({"T": ["abc"]}), "T", "B").tolist()
    [False]
    """
    return ~_contains(frame, target, value, True)


def _lengths(frame: pd.DataFrame, target: str, value: Any) -> tuple[pd.Series, Any]:
    values = text(column(frame, target))
    length = per_value(values, lambda x: len(x) if isinstance(x, str) else None).astype(float)
    if is_series(value):
        if pd.api.types.is_numeric_dtype(value.dtype):
            return length, value.astype(float)
        return length, text(value).map(lambda x: len(x) if isinstance(x, str) else None)
    return length, float(value)


def _length_rule(name: str, op: str, doc: str) -> Callable:
    """Register a length comparison ``op`` of the text of ``target`` with ``value``."""
    def check(frame: pd.DataFrame, target: str, value: Any, **params: Any) -> pd.Series:
        length, other = _lengths(frame, target, value)
        result = {"gt": length > other, "ge": length >= other, "lt": length < other,
                  "le": length <= other, "eq": length == other, "ne": length != other}[op]
        return mask(result & length.notna(), frame.index)
    check.__name__ = check.__qualname__ = name
    check.__doc__ = doc
    return RULE_OPERATOR.register(name)(check)


longer_than = _length_rule("longer_than", "gt", """More than ``value`` characters.

>>> longer_than(pd.DataFrame({"S": ["ABCDEFGHI", "A"]}), "S", 8).tolist()
[True, False]
""")
longer_than_or_equal_to = _length_rule("longer_than_or_equal_to", "ge", """At least ``value``
characters.

>>> longer_than_or_equal_to(pd.DataFrame({"S": ["AB", "A"]}), "S", 2).tolist()
[True, False]
""")
shorter_than = _length_rule("shorter_than", "lt", """Fewer than ``value`` characters.

>>> shorter_than(pd.DataFrame({"S": ["AB", "A"]}), "S", 2).tolist()
[False, True]
""")
shorter_than_or_equal_to = _length_rule("shorter_than_or_equal_to", "le", """At most ``value``
characters.

>>> shorter_than_or_equal_to(pd.DataFrame({"S": ["AB", "ABC"]}), "S", 2).tolist()
[True, False]
""")
has_equal_length = _length_rule("has_equal_length", "eq", """As long as ``value`` (a number or
the values of another column).

>>> f = pd.DataFrame({"A": ["2020-01", "2020"], "B": ["2020-02", "2020-02"]})
>>> has_equal_length(f, "A", f["B"]).tolist()
[True, False]
""")
has_not_equal_length = _length_rule("has_not_equal_length", "ne", """Not as long as ``value``.

>>> f = pd.DataFrame({"A": ["2020-01", "2020"], "B": ["2020-02", "2020-02"]})
>>> has_not_equal_length(f, "A", f["B"]).tolist()
[False, True]
""")


def _string_part(frame: pd.DataFrame, target: str, value: Any, prefix: Any,
                 suffix: Any) -> pd.Series:
    values = text(column(frame, target))
    part = per_value(values, lambda s: _part(s, prefix, suffix))
    return _same(part, value, False) & part.notna()


@RULE_OPERATOR.register("prefix_equal_to", domain_value=True)
def prefix_equal_to(frame: pd.DataFrame, target: str, value: Any, *, prefix: int = 0,
                    **params: Any) -> pd.Series:
    """True where the first ``prefix`` characters equal ``value``.

    >>> prefix_equal_to(pd.DataFrame({"N": ["FAMH", "AE"]}), "N", "FA", prefix=2).tolist()
    [True, False]
    """
    return _string_part(frame, target, value, prefix, None)


@RULE_OPERATOR.register("prefix_not_equal_to", domain_value=True)
def prefix_not_equal_to(frame: pd.DataFrame, target: str, value: Any, *, prefix: int = 0,
                        **params: Any) -> pd.Series:
    """Complement of prefix_equal_to.

    >>> prefix_not_equal_to(pd.DataFrame({"N": ["FAMH", "AE"]}), "N", "FA", prefix=2).tolist()
    [False, True]
    """
    return ~prefix_equal_to(frame, target, value, prefix=prefix)


@RULE_OPERATOR.register("suffix_equal_to", domain_value=True)
def suffix_equal_to(frame: pd.DataFrame, target: str, value: Any, *, suffix: int = 0,
                    **params: Any) -> pd.Series:
    """True where the last ``suffix`` characters equal ``value``.

    >>> suffix_equal_to(pd.DataFrame({"N": ["SUPPAE"]}), "N", "AE", suffix=2).tolist()
    [True]
    """
    return _string_part(frame, target, value, None, suffix)


@RULE_OPERATOR.register("suffix_not_equal_to", domain_value=True)
def suffix_not_equal_to(frame: pd.DataFrame, target: str, value: Any, *, suffix: int = 0,
                        **params: Any) -> pd.Series:
    """Complement of suffix_equal_to.

    >>> suffix_not_equal_to(pd.DataFrame({"N": ["SUPPAE"]}), "N", "AE", suffix=2).tolist()
    [False]
    """
    return ~suffix_equal_to(frame, target, value, suffix=suffix)


def _first_group(rx: re.Pattern, s: Any) -> Any:
    if not isinstance(s, str):
        return None
    found = rx.findall(s)
    return found[0] if found else None


@RULE_OPERATOR.register("equals_string_part")
def equals_string_part(frame: pd.DataFrame, target: str, value: Any, *, regex: str = "(.*)",
                       **params: Any) -> pd.Series:
    """True where ``target`` equals the part of ``value`` that ``regex`` captures.

    >>> f = pd.DataFrame({"RDOMAIN": ["AE", "LB"]})
    >>> equals_string_part(f, "RDOMAIN", "SUPPAE", regex=".{4}(..).*").tolist()
    [True, False]
    """
    rx = _regex(regex)
    if is_series(value):
        part = per_value(text(value), lambda s: _first_group(rx, s))
    else:
        part = _first_group(rx, None if value is None else str(value))
    a = column(frame, target)
    return _same(a, part, False) & ~blank(a) & ~mask(blank(part), frame.index)


@RULE_OPERATOR.register("does_not_equal_string_part")
def does_not_equal_string_part(frame: pd.DataFrame, target: str, value: Any, *,
                               regex: str = "(.*)", **params: Any) -> pd.Series:
    """Complement of equals_string_part.

    >>> does_not_equal_string_part(pd.DataFrame({"R": ["AE"]}), "R", "SUPPLB",
    ...                            regex=".{4}(..).*").tolist()
    [True]
    """
    return ~equals_string_part(frame, target, value, regex=regex)


def _split_equal(s: str, separator: str) -> bool:
    parts = s.split(separator)
    return len(parts) == 1 or (len(parts) == 2 and len(parts[0]) == len(parts[1]))


@RULE_OPERATOR.register("split_parts_have_equal_length")
def split_parts_have_equal_length(frame: pd.DataFrame, target: str, value: Any, *,
                                  separator: str = "/", **params: Any) -> pd.Series:
    """True where both parts around ``separator`` have the same length (or no split).

    >>> split_parts_have_equal_length(pd.DataFrame({"D": ["2003-12/2004-01", "2003/2004-01"]}),
    ...                               "D", None).tolist()
    [True, False]
    """
    result = _test(frame, target, lambda s: _split_equal(s, separator))
    return result | blank(column(frame, target))


@RULE_OPERATOR.register("split_parts_have_unequal_length")
def split_parts_have_unequal_length(frame: pd.DataFrame, target: str, value: Any, *,
                                    separator: str = "/", **params: Any) -> pd.Series:
    """Complement of split_parts_have_equal_length.

    >>> split_parts_have_unequal_length(pd.DataFrame({"D": ["2003/2004-01"]}), "D", None).tolist()
    [True]
    """
    return ~split_parts_have_equal_length(frame, target, value, separator=separator)
