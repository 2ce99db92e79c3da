"""Text algorithms: templates, substrings, regular expressions, case."""

import pandas as pd
import pytest

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.algorithms.text import (
    assign_case,
    assign_regex,
    assign_substring,
    assign_template,
    template_fields,
)


def codes(ctx):
    return [(f.code, f.source_row, f.value) for f in ctx.findings]


def test_template_joins_raw_columns_and_built_variables(make_ctx):
    ctx = make_ctx({"STUDYID": "ABC-1", "dm.SITE": [" 017", "004", "004"],
                    "dm.SUBJ": ["003", "011", None]}, dataset="DM")
    out = assign_template(ctx, template="{STUDYID}-{dm.SITE}-{dm.SUBJ}")
    assert out.tolist() == ["ABC-1-017-003", "ABC-1-004-011", None]
    assert codes(ctx) == [("MAP-TEMPLATE", 3, None)]
    assert ctx.findings[0].message == ("None left missing: dm.SUBJ is empty on this record "
                                       "(template '{STUDYID}-{dm.SITE}-{dm.SUBJ}')")


def test_template_names_the_first_missing_piece_once_and_keeps_literal_braces(make_ctx):
    ctx = make_ctx({"a.X": [None, "x"], "a.Y": [None, "y"]})
    assert assign_template(ctx, template="{{{a.X}}}/{a.Y}", case="upper").tolist() == \
        [None, "{X}/Y"]
    assert [f.extra.get("column") for f in ctx.findings] == [None]
    assert "a.X is empty" in ctx.findings[0].message


@pytest.mark.parametrize("template, why", [
    ("no fields", "names no column"), ("{a.X", "unbalanced brace"), ("{}", "names no column")])
def test_bad_templates_are_spec_errors(template, why):
    with pytest.raises(ValueError, match=why):
        template_fields(template)
    with pytest.raises(ValueError, match=why):
        SDTM_VARIABLE.get("assign_template").check({"template": template})


def test_substring_from_start_or_end(make_ctx):
    ctx = make_ctx({"dm.PT": ["101-003", "7-1", "AB", None]})
    assert assign_substring(ctx, from_="dm.PT", start=1, length=3).tolist() == \
        ["101", "7-1", "AB", None]
    assert assign_substring(ctx, from_="dm.PT", start=-3).tolist() == \
        ["003", "7-1", None, None]
    assert codes(ctx) == [("MAP-SUBSTRING", 3, "AB")]
    assert ctx.findings[0].message == ("value 'AB' in raw column PT has no character at "
                                       "position -3; left missing")


def test_substring_parameters_checked_when_the_spec_loads():
    check = SDTM_VARIABLE.get("assign_substring").check
    for bad in ({"start": 0}, {"start": "1"}, {"start": 1, "length": 0},
                {"start": 1, "case": "title"}):
        with pytest.raises(ValueError):
            check(bad)


def test_regex_group_whole_match_and_no_match(make_ctx):
    ctx = make_ctx({"dm.SITE": ["Site 17", "site 4", "Central"]})
    assert assign_regex(ctx, from_="dm.SITE", pattern=r"(\d+)$").tolist() == ["17", "4", None]
    assert assign_regex(ctx, from_="dm.SITE", pattern=r"(?i)site",
                        case="upper").tolist() == ["SITE", "SITE", None]
    assert assign_regex(ctx, from_="dm.SITE", pattern=r"(?P<word>\w+) (?P<n>\d+)",
                        group="n").tolist() == ["17", "4", None]
    assert codes(ctx) == [("MAP-REGEX", 3, "Central")] * 3
    assert "does not match the pattern '(\\\\d+)$'" in ctx.findings[0].message


def test_regex_checked_when_the_spec_loads():
    check = SDTM_VARIABLE.get("assign_regex").check
    with pytest.raises(ValueError, match="not a regular expression"):
        check({"pattern": "(unclosed"})
    with pytest.raises(ValueError, match="is not a group"):
        check({"pattern": "(a)", "group": 2})


def test_case(make_ctx):
    ctx = make_ctx({"ae.T": [" Headache ", "FEVER", None]})
    assert assign_case(ctx, from_="ae.T", case="upper").tolist() == ["HEADACHE", "FEVER", None]
    assert assign_case(ctx, from_="ae.T", case="lower").tolist() == ["headache", "fever", None]
    assert isinstance(assign_case(ctx, from_="ae.T", case="lower"), pd.Series)
