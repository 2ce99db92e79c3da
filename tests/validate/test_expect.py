"""Built-in checks evaluated natively give what Great Expectations gives, row for row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cdisc_convert.validate.engine import build_checks
from cdisc_convert.validate.expect import condition_mask, evaluate, supported
from cdisc_convert.validate.frames import workspace
from cdisc_convert.validate.gx import run_suite
from cdisc_convert.validate.model import Check

FRAME = pd.DataFrame({
    "A": ["Y", "N", "", None, "Y", "x"],
    "B": ["Y", "Y", "", "Y", None, "x"],
    "N": [1.0, np.nan, 3.0, -2.0, 3.0, 10.0],
    "M": [0.0, 1.0, np.nan, -2.0, 4.0, 10.0],
    "D": ["2020-01-02", "2020-1-2", "", None, "2020-01", "2021-13-01T10:00"],
})

CASES = [
    ("expect_column_values_to_be_in_set", {"column": "A", "value_set": ["Y", "N"]}),
    ("expect_column_values_to_be_in_set", {"column": "A", "value_set": ["Y"],
                                           "row_condition": 'B == "Y"',
                                           "condition_parser": "pandas"}),
    ("expect_column_values_to_not_be_in_set", {"column": "B", "value_set": ["", "x"]}),
    ("expect_column_values_to_be_between", {"column": "N", "min_value": 0, "max_value": 3}),
    ("expect_column_values_to_be_between", {"column": "N", "min_value": 1, "strict_min": True}),
    ("expect_column_values_to_be_between", {"column": "M", "max_value": 4, "strict_max": True,
                                            "row_condition": 'A != "Y" & D.notna()',
                                            "condition_parser": "pandas"}),
    ("expect_column_values_to_match_regex", {"column": "D", "regex": r"^\d{4}(-\d{2}){2}$"}),
    ("expect_column_values_to_match_regex", {"column": "D", "regex": r"(-\d{2})"}),
    ("expect_column_values_to_be_unique", {"column": "A"}),
    ("expect_column_values_to_be_null", {"column": "B", "row_condition": "A.isna()",
                                         "condition_parser": "pandas"}),
    ("expect_column_values_to_not_be_null", {"column": "D"}),
    ("expect_column_pair_values_to_be_equal", {"column_A": "A", "column_B": "B"}),
    ("expect_column_pair_values_to_be_equal", {"column_A": "A", "column_B": "B",
                                               "ignore_row_if": "either_value_is_missing"}),
    ("expect_column_pair_values_to_be_equal", {"column_A": "N", "column_B": "M",
                                               "ignore_row_if": "neither"}),
    ("expect_column_pair_values_a_to_be_greater_than_b", {
        "column_A": "N", "column_B": "M", "or_equal": True,
        "ignore_row_if": "either_value_is_missing"}),
    ("expect_column_pair_values_a_to_be_greater_than_b", {"column_A": "N", "column_B": "M"}),
    ("expect_compound_columns_to_be_unique", {"column_list": ["A", "B"]}),
    ("expect_compound_columns_to_be_unique", {"column_list": ["A", "B"],
                                              "ignore_row_if": "any_value_is_missing"}),
    ("expect_compound_columns_to_be_unique", {"column_list": ["B", "N"],
                                              "row_condition": 'A != "x"',
                                              "condition_parser": "pandas"}),
    ("expect_column_values_to_be_in_set", {"column": "A", "value_set": ["Y"], "mostly": 0.5}),
]


def _key(result):
    return (result.success, sorted(result.index) if not result.success else [],
            result.unexpected_count if not result.success else 0, result.error is None)


@pytest.mark.parametrize(("kind", "kwargs"), CASES, ids=[f"{k}-{i}" for i, (k, _) in
                                                          enumerate(CASES)])
def test_native_equals_great_expectations(kind, kwargs):
    check = Check("X", "F", kind, kwargs)
    assert supported(check)
    assert _key(evaluate(FRAME, check)) == _key(run_suite(FRAME, [check])[0])


def test_native_fails_the_right_rows():
    check = Check("X", "F", "expect_column_values_to_be_in_set",
                  {"column": "A", "value_set": ["Y", "N"]})
    result = evaluate(FRAME, check)
    assert (result.success, result.index, result.unexpected_count) == (False, [2, 5], 2)


def test_row_conditions_are_parsed_not_evaluated():
    assert condition_mask(FRAME, 'A == "Y" & B.notna()').tolist() == [
        True, False, False, False, False, False]
    with pytest.raises(ValueError, match="refused"):
        condition_mask(FRAME, "A.str.len() > 0")


def test_a_check_outside_the_native_set_goes_to_great_expectations():
    assert not supported(Check("X", "F", "expect_column_values_to_be_in_set",
                               {"column": "A", "value_set": {"$PARAMETER": "codes"}}))
    assert not supported(Check("X", "F", "expect_column_mean_to_be_between", {"column": "N"}))
    assert not supported(Check("X", "F", "expect_column_values_to_be_in_set",
                               {"column": "A", "value_set": ["Y"], "result_format": "SUMMARY"}))


def test_a_missing_column_is_an_error_not_a_pass():
    result = evaluate(FRAME, Check("X", "F", "expect_column_values_to_not_be_null",
                                   {"column": "NOPE"}))
    assert not result.success and "NOPE" in (result.error or "")


def test_every_built_in_check_on_the_sample_runs_natively_as_ge_would(sample_sdtm):
    """The built-in suites of DM, AE and VS (every kind they use) agree with GE exactly."""
    ws = workspace({k: sample_sdtm[k] for k in ("DM", "AE", "VS", "EX")})
    checks, errors = build_checks(ws)
    assert not errors and checks
    assert all(supported(c) for c in checks), [c.describe() for c in checks if not supported(c)]
    by_frame: dict[str, list[Check]] = {}
    for check in checks:
        by_frame.setdefault(check.frame, []).append(check)
    for frame, group in by_frame.items():
        ge = run_suite(ws.frames[frame], group)
        assert [_key(evaluate(ws.frames[frame], c)) for c in group] == [_key(r) for r in ge]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("how", ["all_values_are_missing", "any_value_is_missing", "never"])
def test_compound_uniqueness_is_pandas_duplicated_of_the_kept_records(seed, how):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 40))
    frame = pd.DataFrame({"U": rng.choice(np.array(["S1", "S2", None], dtype=object), size),
                          "T": rng.choice(np.array(["A", "", None], dtype=object), size),
                          "N": rng.choice([1.0, 2.0, np.nan], size)},
                         index=pd.RangeIndex(size) * 2)
    where = rng.random(size) < 0.8
    check = Check("X", "F", "expect_compound_columns_to_be_unique",
                  {"column_list": ["U", "T", "N"], "ignore_row_if": how,
                   "row_condition": "U.notna() | U.isna()", "condition_parser": "pandas"})
    part = frame[where]
    missing = part.isna()
    keep = ~missing.all(axis=1) if how == "all_values_are_missing" else (
        ~missing.any(axis=1) if how == "any_value_is_missing" else missing.any(axis=1) | True)
    part = part[keep]
    expected = sorted(part.index[part.duplicated(keep=False)])
    from cdisc_convert.validate.expect import _duplicates
    index, tested = _duplicates(frame, ["U", "T", "N"], where, how)
    assert (sorted(index), tested) == (expected, len(part))
    assert supported(check)
