"""Renamed algorithms: an old name (registry alias) still works, with a SPEC-DEPRECATED notice."""

import textwrap

import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.findings import catalogue
from cdisc_convert.registry import ADAM_STEP, SDTM_VARIABLE
from cdisc_convert.spec.loader import load_specs

DM = """\
dataset: DM
sources:
  dm: {file: dm.csv}
records: dm
variables:
  - {name: STUDYID, make: {algorithm: hardcode_no_ct, value: S1}}
  - name: DOMAIN
    make: {algorithm: fixed_text_v0, value: DM}
"""

ADSL = """\
dataset: ADSL
label: Subject-Level Analysis Dataset
class: SUBJECT LEVEL ANALYSIS DATASET
steps:
  - {algorithm: copy_source_v0, dataset_add: DM}
variables:
  - {name: USUBJID}
"""


@pytest.fixture
def old_names(monkeypatch):
    """Temporary aliases: fixed_text_v0 -> hardcode_no_ct, copy_source_v0 -> start_from."""
    SDTM_VARIABLE.names(), ADAM_STEP.names()        # load the registries first
    monkeypatch.setitem(SDTM_VARIABLE._aliases, "fixed_text_v0", "hardcode_no_ct")
    monkeypatch.setitem(ADAM_STEP._aliases, "copy_source_v0", "start_from")


def _specs(tmp_path, dm=DM, adsl=None):
    (tmp_path / "sdtm").mkdir()
    (tmp_path / "study.yaml").write_text("study: {studyid: S1}\n")
    (tmp_path / "sdtm" / "dm.yaml").write_text(textwrap.dedent(dm))
    if adsl:
        (tmp_path / "adam").mkdir()
        (tmp_path / "adam" / "adsl.yaml").write_text(textwrap.dedent(adsl))
    return load_specs(tmp_path)


def test_old_name_still_works_with_a_notice_naming_file_line_old_and_new(tmp_path, old_names):
    specs = _specs(tmp_path)
    make = specs.sdtm["DM"].variable("DOMAIN").make
    assert (make.algorithm, make.renamed_from, make.params) == \
        ("hardcode_no_ct", "fixed_text_v0", {"value": "DM"})
    (notice,) = specs.notices
    assert (notice.code, notice.severity, notice.dataset, notice.variable) == \
        ("SPEC-DEPRECATED", "notice", "DM", "DOMAIN")
    assert notice.message.startswith(f"{tmp_path / 'sdtm' / 'dm.yaml'}:8: algorithm "
                                     "'fixed_text_v0' is now called 'hardcode_no_ct'")


def test_old_adam_step_name_gives_a_notice_too(tmp_path, old_names):
    specs = _specs(tmp_path, dm=DM.replace("fixed_text_v0", "hardcode_no_ct"), adsl=ADSL)
    assert specs.sdtm["DM"].notices == ()
    (notice,) = specs.adam["ADSL"].notices
    assert "adsl.yaml:5: algorithm 'copy_source_v0' is now called 'start_from'" in \
        notice.message
    assert specs.adam["ADSL"].steps[0].algorithm == "start_from"


def test_current_names_give_no_notice(tmp_path):
    assert _specs(tmp_path, dm=DM.replace("fixed_text_v0", "hardcode_no_ct")).notices == ()


def test_without_the_alias_the_old_name_is_unknown(tmp_path):
    with pytest.raises(SpecError, match="unknown SDTM variable algorithm 'fixed_text_v0'"):
        _specs(tmp_path)


def test_code_is_catalogued_as_a_spec_notice():
    c = catalogue()["SPEC-DEPRECATED"]
    assert (c.step, c.severity) == ("spec", "notice")
    assert c.fields == {"where", "old", "new"}
