"""Specs are data: study-suite conditions are structured, never strings for pandas query."""

import json

import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.validate.gx import safe_condition
from cdisc_convert.validate.model import Workspace
from cdisc_convert.validate.study import load_suite, where_column


def suite(tmp_path, kwargs, meta_extra=None):
    doc = {"name": "s", "meta": {"dataset": "LB"}, "expectations": [{
        "type": "expect_column_values_to_be_between", "kwargs": kwargs,
        "meta": {"rule_id": "X-1", "severity": "error", "message": "m", **(meta_extra or {})}}]}
    p = tmp_path / "s.json"
    p.write_text(json.dumps(doc))
    return p


def test_row_condition_string_in_a_suite_is_refused(tmp_path):
    p = suite(tmp_path, {"column": "LBSTRESN", "min_value": 1,
                         "row_condition": '__import__("os").system("echo hi")',
                         "condition_parser": "pandas"})
    with pytest.raises(SpecError) as err:
        load_suite(p)
    assert "s.json" in str(err.value) and "meta.where" in str(err.value)


def test_meta_where_becomes_a_helper_column(tmp_path):
    load_suite(suite(tmp_path, {"column": "LBSTRESN", "min_value": 1},
                     {"where": {"column": "LBTESTCD", "equals": "HBA1C"}}))
    ws = Workspace()
    ws.frames["LB"] = pd.DataFrame({"LBTESTCD": ["HBA1C", "GLUC"]})
    helper, note = where_column(ws, "LB", {"column": "LBTESTCD", "equals": "HBA1C"}, "s_0")
    assert ws.frames["LB"][helper].tolist() == ["Y", "N"] and note is None
    helper, note = where_column(ws, "LB", {"column": "NOPE", "equals": "x"}, "s_1")
    assert ws.frames["LB"][helper].tolist() == ["N", "N"] and "NOPE" in note


@pytest.mark.parametrize("text", ['A == "Y"', 'AESER == "Y" & AEENRF.isna()',
                                  '_W_lb_0 == "Y"', 'VISIT != "SCREENING 1.01"'])
def test_plain_comparisons_pass_the_guard(text):
    assert safe_condition(text) == text


@pytest.mark.parametrize("text", ['A == "Y" | B == "N"', "A == @x", 'A.str.len() > 3',
                                  '__import__("os")', 'A == "x" & B == "y\\" or 1"'])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        safe_condition(text)
