import pandas as pd
import pytest

from cdisc_convert.sdtm.parse.numbers import parse_number, parse_numbers


@pytest.mark.parametrize("text, value", [
    ("6.5E7", 65_000_000.0), ("6.5e+07", 65_000_000.0), ("6.5x10^7", 65_000_000.0),
    ("6.5 X 10^7", 65_000_000.0), ("65,000,000", 65_000_000.0), ("0", 0.0), ("  12.5 ", 12.5),
    ("", None), (None, None)])
def test_parse_number(text, value):
    assert parse_number(text) == (value, None)


@pytest.mark.parametrize("text", ["1,5", "six", "6.5E", "10^7"])
def test_unreadable_numbers_reported(text):
    value, problem = parse_number(text)
    assert value is None and text in problem


def test_parse_numbers_vectorised():
    values, problems = parse_numbers(pd.Series(["1", "6.5x10^7", "x", None]))
    assert values.tolist()[:2] == [1.0, 65_000_000.0]
    assert problems.notna().tolist() == [False, False, True, False]


@pytest.mark.parametrize("text, why", [
    ("1e400", "beyond the range"), ("-1E999", "beyond the range"), ("nan", "not a finite"),
    ("inf", "not a finite"), ("-Infinity", "not a finite"), ("9,6", "decimal comma"),
    ("1e5x10^400", None)])
def test_numbers_that_are_no_numbers_are_problems_never_inf(text, why):
    value, problem = parse_number(text)
    assert value is None and problem is not None and (why is None or why in problem)


def test_overflow_in_the_vectorised_fast_path_is_a_problem():
    values, problems = parse_numbers(pd.Series(["1e400", "2", "nan"], dtype=object))
    assert values.isna().tolist() == [True, False, True]
    assert problems.notna().tolist() == [True, False, True]


def test_lost_digits_and_comma_decimal():
    from cdisc_convert.sdtm.parse.numbers import comma_decimal, lost_digits
    assert lost_digits("1" * 30) and lost_digits("0.12345678901234567891")
    assert not any(lost_digits(t) for t in ("9.70", "6.5E7", "0.1", "NEG", "1,5", "1e400"))
    assert comma_decimal("9,6") and comma_decimal("<0,5")
    assert comma_decimal("1,500") is None and comma_decimal("1,500.5") is None


@pytest.mark.parametrize("text, read", [
    ("1,500", "1500"), ("65,000,000", "65000000"), ("+1,500.25", "1500.25"), (" 2,000 ", "2000"),
    ("1500", None), ("1,5", None), ("12,34", None), ("NEG", None), (None, None)])
def test_thousands_comma_says_what_the_value_was_read_as(text, read):
    from cdisc_convert.sdtm.parse.numbers import thousands_comma
    assert thousands_comma(text) == read


@pytest.mark.parametrize("text, read", [
    ("1,500", "1500"), ("-2,000", "-2000"), ("65,000,000", None), ("1,500.5", None),
    ("1500", None), ("1,5", None)])
def test_only_one_comma_group_is_ambiguous(text, read):
    from cdisc_convert.sdtm.parse.numbers import ambiguous_thousands
    assert ambiguous_thousands(text) == read
