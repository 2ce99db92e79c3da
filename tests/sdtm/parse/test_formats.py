"""Dates and times read by a declared raw format (sdtm.oak's raw_fmt)."""

import pandas as pd
import pytest

from cdisc_convert.sdtm.parse.formats import (
    FormatError,
    compile_format,
    parse_formatted,
    parse_formatted_series,
)


@pytest.mark.parametrize("text, fmt, iso", [
    ("01-02-2014", "dd-mm-yyyy", "2014-02-01"),
    ("01-02-2014", "mm-dd-yyyy", "2014-01-02"),
    ("1-2-2014", "dd-mm-yyyy", "2014-02-01"),
    ("12/31/2013", "mm/dd/yyyy", "2013-12-31"),
    ("2013-12-31", "yyyy-mm-dd", "2013-12-31"),
    ("31-Dec-2013", "dd-MMM-yyyy", "2013-12-31"),
    ("31-DEC-2013", "dd-mmm-yyyy", "2013-12-31"),
    ("20131231", "yyyyMMdd", "2013-12-31"),
    ("UN-DEC-2013", "dd-MMM-yyyy", "2013-12"),
    ("UNK-UNK-2013", "dd-MMM-yyyy", "2013"),
    ("--/--/2013", "dd/mm/yyyy", "2013"),
    ("UN-12-UNKN", "dd-mm-yyyy", "--12"),
    ("15-UN-2013", "dd-mm-yyyy", "2013---15"),
    ("31.12.2013 14:05", "dd.mm.yyyy HH:MM", "2013-12-31T14:05"),
    ("2013-12-31T14:05:09", "yyyy-mm-ddTHH:MM:ss", "2013-12-31T14:05:09"),
    ("UN-12-2013 14:05", "dd-mm-yyyy HH:MM", "2013-12"),       # no time on a partial date
    ("14:05", "HH:MM", "14:05"), ("1405", "HHMM", "14:05"), ("9:05", "H:MM", "09:05"),
    ("14:UN", "HH:MM", "14"), ("UN:UN", "HH:MM", None), ("", "dd-mm-yyyy", None),
    ("UNK", "dd-mm-yyyy", None), (None, "dd-mm-yyyy", None),
])
def test_declared_formats(text, fmt, iso):
    assert parse_formatted(text, [fmt]) == (iso, None)


def test_formats_are_tried_in_order():
    fmts = ["mm-dd-yyyy", "dd-mm-yyyy", "dd-MMM-yyyy"]
    assert parse_formatted("01-02-2014", fmts) == ("2014-01-02", None)    # first one wins
    assert parse_formatted("13-02-2014", fmts) == ("2014-02-13", None)    # month 13: next
    assert parse_formatted("13-FEB-2014", fmts) == ("2014-02-13", None)


@pytest.mark.parametrize("text, fmts, why", [
    ("31-02-2014", ["dd-mm-yyyy"], "day 31 does not exist in 2014-02"),
    ("13-13-2014", ["dd-mm-yyyy", "mm-dd-yyyy"], "month 13 does not exist"),
    ("01-FOO-2014", ["dd-MMM-yyyy"], "'FOO' is not a month name"),
    ("2014/02/01", ["dd-mm-yyyy"], "it has the shape of none of them (dd-mm-yyyy is written "
                                   "like 01-02-2014)"),
    ("25:00", ["HH:MM"], "time 25:00 does not exist"),
    ("AB-02-2014", ["dd-mm-yyyy"], "'AB' is not a number nor an unknown part"),
])
def test_a_value_that_fits_none_says_why(text, fmts, why):
    iso, problem = parse_formatted(text, fmts)
    assert iso is None and problem.startswith(why)


def test_compiled_formats_and_their_examples():
    assert compile_format("yyyyMMdd").parts == ("year", "month", "day")
    assert compile_format("dd-MMM-yyyy HH:mm").parts == ("day", "monthname", "year", "hour",
                                                             "minute")
    assert compile_format("dd-MMM-yyyy").example == "01-FEB-2014"
    with pytest.raises(FormatError, match="reads no date or time part"):
        compile_format("T-X")
    with pytest.raises(FormatError, match="reads a part twice"):
        compile_format("dd-dd-yyyy")


def test_series_reads_each_distinct_value_once():
    iso, why = parse_formatted_series(pd.Series(["01-02-2014", "01-02-2014", "x", None]),
                                      ["dd-mm-yyyy"])
    assert iso.tolist() == ["2014-02-01", "2014-02-01", None, None]
    assert why.notna().tolist() == [False, False, True, False]
