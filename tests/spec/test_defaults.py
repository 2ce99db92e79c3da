"""SDTM defaults: STUDYID, DOMAIN (and USUBJID when study.yaml says how) made unless overridden."""

import textwrap

import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.spec.loader import load_specs

STUDY = "study: {studyid: S1}\n"
STUDY_USUBJID = 'study: {studyid: S1}\nusubjid: {separator: "/"}\n'

AE = """\
dataset: AE
keys: [STUDYID, USUBJID, AESEQ]
sources:
  ae: {file: ae.csv, subject: SUBJ}
records: ae
variables:
  - {name: USUBJID, make: {algorithm: derive_usubjid, subject: ae.SUBJ}}
  - {name: AESEQ, make: {algorithm: derive_seq}}
"""


def _load(tmp_path, name: str, text: str, study: str = STUDY):
    (tmp_path / "sdtm").mkdir()
    (tmp_path / "study.yaml").write_text(study)
    (tmp_path / "sdtm" / f"{name.lower()}.yaml").write_text(textwrap.dedent(text))
    return load_specs(tmp_path).sdtm[name]


def _made(spec, name):
    v = spec.variable(name)
    return v.origin.type, v.make.algorithm, v.make.params


def test_studyid_and_domain_are_added_first(tmp_path):
    spec = _load(tmp_path, "AE", AE)
    assert spec.variable_names == ["STUDYID", "DOMAIN", "USUBJID", "AESEQ"]
    assert _made(spec, "STUDYID") == ("Protocol", "hardcode_no_ct", {"value": "S1"})
    assert _made(spec, "DOMAIN") == ("Assigned", "hardcode_no_ct", {"value": "AE"})
    assert spec.variable("DOMAIN").label == "Domain Abbreviation"        # from the IG


def test_usubjid_default_from_the_study_spec(tmp_path):
    spec = _load(tmp_path, "AE", AE.replace(
        "  - {name: USUBJID, make: {algorithm: derive_usubjid, subject: ae.SUBJ}}\n", ""),
        study=STUDY_USUBJID)
    assert spec.variable_names == ["STUDYID", "DOMAIN", "USUBJID", "AESEQ"]
    assert _made(spec, "USUBJID") == ("Derived", "derive_usubjid",
                                      {"subject": "ae.SUBJ", "separator": "/"})


def test_without_the_study_setting_usubjid_is_not_made_by_default(tmp_path):
    with pytest.raises(SpecError) as err:
        _load(tmp_path, "AE", AE.replace(
            "{name: USUBJID, make: {algorithm: derive_usubjid, subject: ae.SUBJ}}",
            "{name: USUBJID}"))
    assert err.value.line == 7
    assert "USUBJID has no 'make' and no default" in str(err.value)


def test_name_only_entry_gets_the_default_at_its_place_with_its_metadata(tmp_path):
    spec = _load(tmp_path, "AE", AE.replace(
        "  - {name: AESEQ", "  - {name: DOMAIN, comment: set by the engine}\n  - {name: AESEQ"))
    assert spec.variable_names == ["STUDYID", "USUBJID", "DOMAIN", "AESEQ"]
    assert spec.variable("DOMAIN").comment == "set by the engine"
    assert spec.variable("DOMAIN").where.line == 8
    assert _made(spec, "DOMAIN") == ("Assigned", "hardcode_no_ct", {"value": "AE"})


def test_explicit_make_and_origin_override_the_default(tmp_path):
    spec = _load(tmp_path, "AE", AE.replace(
        "  - {name: USUBJID", "  - {name: STUDYID, origin: Assigned, make: "
        "{algorithm: hardcode_no_ct, value: OTHER}}\n  - {name: USUBJID"), study=STUDY_USUBJID)
    assert _made(spec, "STUDYID") == ("Assigned", "hardcode_no_ct", {"value": "OTHER"})
    assert _made(spec, "USUBJID") == ("Derived", "derive_usubjid", {"subject": "ae.SUBJ"})


def test_defaults_follow_the_ig_dataset(tmp_path):
    ta = """\
    dataset: TA
    sources:
      ta: {file: "study:arms"}
    records: ta
    variables:
      - {name: ARMCD, make: {algorithm: assign_no_ct, from: ta.ARMCD}}
    """
    spec = _load(tmp_path, "TA", ta, study=STUDY_USUBJID)
    assert spec.variable_names == ["STUDYID", "DOMAIN", "ARMCD"]       # no USUBJID in TA


def test_supplemental_dataset_gets_no_domain(tmp_path):
    supp = """\
    dataset: SUPPAE
    sources:
      ae: {file: "domain:AE", subject: USUBJID}
    records: ae
    variables:
      - {name: RDOMAIN, make: {algorithm: hardcode_no_ct, value: AE}}
    """
    spec = _load(tmp_path, "SUPPAE", supp, study=STUDY_USUBJID)
    assert spec.variable_names == ["STUDYID", "USUBJID", "RDOMAIN"]
    assert _made(spec, "USUBJID")[2] == {"subject": "ae.USUBJID", "separator": "/"}


def test_a_name_only_variable_without_default_is_an_error_at_its_line(tmp_path):
    with pytest.raises(SpecError) as err:
        _load(tmp_path, "AE", AE + "  - {name: AETERM}\n")
    assert (err.value.line, err.value.key) == (9, "name")
    assert "AETERM has no 'make' and no default" in str(err.value)


@pytest.mark.parametrize("setting", ["usubjid: '-'", "usubjid: {sep: '-'}",
                                     "usubjid: {separator: 1}"])
def test_bad_usubjid_setting_is_a_spec_error(tmp_path, setting):
    with pytest.raises(SpecError) as err:
        _load(tmp_path, "AE", AE, study=f"study: {{studyid: S1}}\n{setting}\n")
    assert err.value.file.endswith("study.yaml") and err.value.line == 2
