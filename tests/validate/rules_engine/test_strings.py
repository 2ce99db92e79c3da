"""String operators."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.validate.operators import strings as op

F = pd.DataFrame({"T": ["AB12", "ab", None, "", 7.0]})


def test_regex_matches_from_the_start():
    assert op.matches_regex(F, "T", r"[A-Z]+\d").tolist() == [True, False, False, False, False]
    assert op.not_matches_regex(F, "T", r"[A-Z]+\d").tolist() == [False, True, False, True, True]


def test_prefix_and_suffix_regex():
    assert op.prefix_matches_regex(F, "T", "^A", prefix=1).tolist() == [True, False, False,
                                                                         False, False]
    assert op.suffix_matches_regex(F, "T", r"\d\d", suffix=2).tolist() == [True, False, False,
                                                                            False, False]


def test_lengths():
    assert op.longer_than(F, "T", 2).tolist() == [True, False, False, False, False]
    assert op.shorter_than(F, "T", 2).tolist() == [False, False, False, True, True]


def test_contains_text_and_lists():
    f = pd.DataFrame({"D": ["-P1D", "P1D"], "L": [["A", "B"], ["C"]]})
    assert op.contains(f, "D", "-").tolist() == [True, False]
    assert op.contains(f, "L", "A").tolist() == [True, False]


def test_prefix_equal_to_and_string_part():
    f = pd.DataFrame({"N": ["FAMH", "LB"], "R": ["AE", "LB"]})
    assert op.prefix_equal_to(f, "N", "FA", prefix=2).tolist() == [True, False]
    assert op.does_not_equal_string_part(f, "R", "SUPPLB", regex=".{4}(..).*").tolist() == [
        True, False]


def test_starts_and_ends_with():
    f = pd.DataFrame({"D": ["APFA", "FA"]})
    assert op.starts_with(f, "D", "AP").tolist() == [True, False]
    assert op.ends_with(f, "D", "FA").tolist() == [True, True]
