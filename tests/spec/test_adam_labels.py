"""ADaM labels and date formats from the loader: ADaMIG template numbers filled in from the
name, ADSL-origin variables labelled by ADSL's rows, template text in a label a spec error."""

import shutil

import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.spec.loader import load_specs
from tests.conftest import SPECS


def _specs(tmp_path, old: str, new: str):
    shutil.copytree(SPECS, tmp_path / "s")
    p = tmp_path / "s" / "adam" / "adlb.yaml"
    text = p.read_text()
    assert old in text
    p.write_text(text.replace(old, new))
    return tmp_path / "s"


def test_defaults_fill_numbers_and_take_adsl_rows():
    adlb = load_specs(SPECS).adam["ADLB"]
    assert adlb.variable("ANL01FL").label == "Analysis Flag 01"
    assert adlb.variable("ANL02FL").label == "Analysis Flag 02"
    assert adlb.variable("PARCAT1").label == "Parameter Category 1"
    assert adlb.variable("CRIT1FL").label == "Criterion 1 Evaluation Result Flag"
    assert adlb.variable("TRTSDT").label == "Date of First Exposure to Treatment"
    assert adlb.variable("SUBJID").core == "Perm"        # BDS's own row, not ADSL's Req
    adsl = load_specs(SPECS).adam["ADSL"]
    assert adsl.variable("TRT01PN").label == "Planned Treatment for Period 01 (N)"


def test_explicit_template_label_is_a_spec_error_at_its_line(tmp_path):
    folder = _specs(tmp_path, "  - {name: ANL02FL, origin: Derived,",
                    "  - {name: ANL02FL, label: Analysis Flag zz, origin: Derived,")
    with pytest.raises(SpecError) as err:
        load_specs(folder)
    assert err.value.file.endswith("adlb.yaml") and err.value.line and err.value.key == "label"
    assert "SPEC-LABEL-TEMPLATE" in str(err.value) and "'zz'" in str(err.value)


def test_a_wildcard_template_label_must_be_given(tmp_path):
    folder = _specs(tmp_path, "  - {name: ADT, origin: Derived,",
                    "  - {name: LBCOLDT, origin: Derived, method: Collection date.}\n"
                    "  - {name: ADT, origin: Derived,")
    with pytest.raises(SpecError) as err:
        load_specs(folder)
    assert "LBCOLDT" in str(err.value) and "{Date}" in str(err.value) and err.value.line


def test_numeric_dates_default_to_their_sas_format(tmp_path):
    folder = _specs(tmp_path, "  - {name: ADT, origin: Derived, display_format: DATE9.,",
                    "  - {name: ADT, origin: Derived,")
    adlb = load_specs(folder).adam["ADLB"]
    assert adlb.variable("ADT").display_format == "DATE9."
    assert adlb.variable("ADTM").display_format == "DATETIME20."
    assert adlb.variable("AVAL").display_format is None


def test_a_value_level_label_with_template_text_is_a_spec_error(tmp_path):
    shutil.copytree(SPECS, tmp_path / "s")
    p = tmp_path / "s" / "sdtm" / "suppdm.yaml"
    text = p.read_text()
    assert "type: Char, label: Randomization Number" in text
    p.write_text(text.replace("type: Char, label: Randomization Number",
                              "type: Char, label: Randomization Number xx"))
    with pytest.raises(SpecError) as err:
        load_specs(tmp_path / "s")
    assert err.value.file.endswith("suppdm.yaml") and err.value.line and err.value.key == "label"
    assert "SPEC-LABEL-TEMPLATE" in str(err.value) and "'xx'" in str(err.value)
