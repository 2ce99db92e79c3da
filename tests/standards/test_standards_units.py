"""Unit spellings to the CDISC UNIT codelist."""

from __future__ import annotations

import pytest

from cdisc_convert.standards import ct, units


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u00b5mol/L", "umol/L"),
        ("\u03bcmol/L", "umol/L"),
        ("umol/l", "umol/L"),
        ("mmol/l", "mmol/L"),
        ("mg/dl", "mg/dL"),
        ("10^9/L", "10^9/L"),
        ("10*9/L", "10^9/L"),
        ("x10^9/L", "10^9/L"),
        ("x 10^9 /L", "10^9/L"),
        ("\u00d710\u2079/L", "10^9/L"),
        ("10E12/L", "10^12/L"),
        ("%", "%"),
        ("g/l", "g/L"),
        ("IU/ml", "IU/mL"),
        ("fl", "fL"),
        ("bpm", "beats/min"),
        ("mm Hg", "mmHg"),
        ("\u00b0C", "C"),
        ("kg/m\u00b2", "kg/m2"),
        ("years", "YEARS"),
        ("K/uL", "10^9/L"),
        ("mL/min/1.73m2", "mL/min/1.73 m2"),
        ("  mg  ", "mg"),
        # CDISC lists these as synonyms of an equivalent submission value:
        ("uIU/mL", "mIU/L"),
        ("\u00b5IU/mL", "mIU/L"),
        ("mIU/mL", "IU/L"),
        ("ng/mL", "ug/L"),
        ("ug/mL", "mg/L"),
    ],
)
def test_normalise_unit(raw, expected):
    assert units.normalise_unit(raw) == expected
    assert expected in ct.codelist("UNIT")


@pytest.mark.parametrize("raw", ["cells", "10^6 cells/kg", "furlongs", "", "pa"])
def test_unknown_or_ambiguous_returned_unchanged(raw):
    assert units.normalise_unit(raw) == raw
    assert units.find_unit(raw) is None


def test_every_submission_value_maps_to_itself():
    for value in ct.codelist("UNIT").values():
        assert units.normalise_unit(value) == value


def test_alias_table_targets_are_cdisc_units():
    unit = ct.codelist("UNIT")
    table = units.unit_alias_table()
    assert table
    for alias, target in table.items():
        assert target in unit, (alias, target)
        assert alias not in unit, f"alias {alias!r} shadows a submission value"
        assert units.normalise_unit(alias) == target


def test_is_cdisc_unit():
    assert units.is_cdisc_unit("mg/dL")
    assert not units.is_cdisc_unit("mg/dl")
    assert not units.is_cdisc_unit(None)
