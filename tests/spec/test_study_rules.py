"""Study rules from study.yaml, with today's behaviour as the default (issue 12 item 3)."""

import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.spec.study import parse_study
from cdisc_convert.spec.yamlio import load_yaml_text


def study(text: str = ""):
    return parse_study(load_yaml_text("study: {studyid: S1}\n" + text, "study.yaml"))


def test_defaults_when_study_yaml_says_nothing():
    s = study()
    assert (s.unscheduled, s.unscheduled_step, s.unscheduled_name, s.no_arm_codes) == \
        (("UNS", "UNSCHEDULED"), 0.01, "UNSCHEDULED {visitnum}", {})


def test_an_empty_unscheduled_list_means_none_not_the_defaults():
    assert study("unscheduled: []\n").unscheduled == ()


def test_unscheduled_as_a_mapping():
    s = study("unscheduled: {labels: [UNPL], step: 0.1, name: 'UNPLANNED {visitnum}'}\n")
    assert (s.unscheduled, s.unscheduled_step, s.unscheduled_name) == \
        (("UNPL",), 0.1, "UNPLANNED {visitnum}")


@pytest.mark.parametrize("text, why", [
    ("unscheduled: {labels: [U], step: 1}\n", "step must be a number between 0 and 1"),
    ("unscheduled: {labels: [U], name: UNSCHED}\n", "must be a text holding {visitnum}"),
    ("unscheduled: {prefixes: [U]}\n", "unscheduled must be a list"),
    ("no_arm_codes: {SCRNFAIL: SCREENFAIL}\n", "'SCREENFAIL' is not an ARMNRS term"),
    ("unscheduld: [U]\n", "unknown key (did you mean 'unscheduled'?)"),
])
def test_bad_study_rules_are_spec_errors_at_their_line(text, why):
    with pytest.raises(SpecError) as err:
        study(text)
    assert why in str(err.value) and err.value.line == 2


def test_no_arm_codes():
    assert study("no_arm_codes: {SCRNFAIL: SCREEN FAILURE, NOTASSGN: NOT ASSIGNED}\n"
                 ).no_arm_codes == {"SCRNFAIL": "SCREEN FAILURE", "NOTASSGN": "NOT ASSIGNED"}


def test_a_dictionary_version_under_standards_goes_to_design_dictionaries():
    s = study('standards: {MedDRA: "27.0"}\ndesign: {dictionaries: {WHODrug: B3 2024MAR}}\n')
    assert s.design["dictionaries"] == {"WHODrug": "B3 2024MAR", "MedDRA": "27.0"}
    assert "MedDRA" not in s.standards


def test_a_dictionary_version_given_twice_must_agree():
    with pytest.raises(SpecError, match="name the version once"):
        study('standards: {MedDRA: "27.0"}\ndesign: {dictionaries: {MedDRA: "26.1"}}\n')


def test_a_conversion_unit_not_in_cdisc_spelling_is_found_by_spec_check():
    with pytest.raises(SpecError) as err:
        study("design:\n  conversions:\n    vs:\n      HEIGHT: {unit: cm, from: {IN: 2.54}}\n")
    assert err.value.line == 5
    assert "design.conversions.vs: HEIGHT: unit 'IN' is not the CDISC UNIT spelling " \
        "(did you mean 'in'?)" in str(err.value)


def test_a_linear_conversion_loads():
    s = study("design:\n  conversions:\n    vs:\n"
              "      TEMP: {unit: C, from: {F: {subtract: 32, multiply: 5/9}}, decimals: 1}\n")
    assert s.design["conversions"]["vs"]["TEMP"]["unit"] == "C"
