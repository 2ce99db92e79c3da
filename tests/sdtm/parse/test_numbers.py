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
