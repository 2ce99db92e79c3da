import pandas as pd
import pytest

from cdisc_convert.sdtm.parse.dates import (
    combine_datetime,
    parse_date,
    parse_dates,
    parse_time,
    to_date,
    to_datetime,
)


@pytest.mark.parametrize("text, iso", [
    ("06 NOV 2023", "2023-11-06"),
    ("06 Nov 2023", "2023-11-06"),
    ("06NOV2023", "2023-11-06"),
    ("6-NOV-2023", "2023-11-06"),
    ("2023-11-06", "2023-11-06"),
    ("11/06/2023", "2023-11-06"),
    ("UN NOV 2023", "2023-11"),
    ("UN UNK 2023", "2023"),
    ("UK UNK 2023", "2023"),
    ("15 UNK 2024", "2024---15"),
    ("2023-11", "2023-11"),
    ("2023", "2023"),
    ("2023-11-20 10:31", "2023-11-20T10:31"),
    ("29 FEB 2024", "2024-02-29"),
    ("", None),
    ("UNK", None),
    (None, None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == (iso, None)


@pytest.mark.parametrize("text, problem", [
    ("31 FEB 2024", "day 31 does not exist in 2024-02"),
    ("29 FEB 2023", "day 29 does not exist in 2023-02"),
    ("06 XYZ 2023", "cannot read"),
    ("13/13/2023", "month 13 does not exist"),
    ("yesterday", "cannot read"),
])
def test_unreadable_dates_say_why(text, problem):
    iso, why = parse_date(text)
    assert iso is None and problem in why


def test_day_first_slash_order():
    assert parse_date("06/11/2023", slash_order="DMY") == ("2023-11-06", None)


def test_times_and_combination():
    assert parse_time("9:30") == ("09:30", None)
    assert parse_time("UN:UN") == (None, None)
    assert parse_time("25:00")[1] == "time '25:00' does not exist"
    assert combine_datetime("2023-11-06", "09:30") == "2023-11-06T09:30"
    assert combine_datetime("2023-11", "09:30") == "2023-11"   # no time on a partial date


def test_vectorised_parse_keeps_index_and_problems():
    s = pd.Series(["06 NOV 2023", "bad", None], index=[10, 11, 12])
    iso, problems = parse_dates(s)
    assert iso.tolist() == ["2023-11-06", None, None]
    assert problems.notna().tolist() == [False, True, False]
    assert list(iso.index) == [10, 11, 12]


def test_to_date_ignores_partials_and_to_datetime_keeps_time():
    s = pd.Series(["2023-11-06T09:30", "2023-11", None])
    assert to_date(s).isna().tolist() == [False, True, True]
    assert to_datetime(s).iloc[0] == pd.Timestamp("2023-11-06 09:30")
