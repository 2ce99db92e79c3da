"""Conversion tables: factors and linear formulas, checked when the spec loads."""

import pytest

from cdisc_convert.spec.conversions import Linear, check_table


def test_linear_conversions():
    assert Linear.of(2.54)(10) == 25.4
    assert round(Linear.of({"subtract": 32, "multiply": "5/9"})(98.6), 6) == 37.0
    assert Linear.of({"add": -273.15})(300) == pytest.approx(26.85)
    assert Linear().identity and not Linear.of(2).identity


@pytest.mark.parametrize("value, why", [
    ({"times": 2}, "a factor or {subtract, multiply, add}"), ({}, "a factor or"),
    ("five", "'five' is not a number"), (True, "True is not a number"),
    ("1/0", "is not a number")])
def test_bad_conversions(value, why):
    with pytest.raises(ValueError) as err:
        Linear.of(value)
    assert why in str(err.value)


def test_units_must_be_the_cdisc_spelling():
    check_table({"HEIGHT": {"unit": "cm", "from": {"in": 2.54}}, "X": {"unit": "furlong"}})
    with pytest.raises(ValueError, match="did you mean 'ug/L'"):
        check_table({"CPEP": {"unit": "nmol/L", "from": {"ng/mL": 0.331}}})
    with pytest.raises(ValueError, match="decimals must be a whole number"):
        check_table({"G": {"unit": "g/L", "decimals": 1.5}})
