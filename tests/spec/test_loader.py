"""The one loader: typed objects from YAML, every mistake located by file, line and key."""

import shutil
import textwrap

import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.spec.loader import load_specs
from tests.conftest import SPECS

DM_OK = """\
dataset: DM
class: SPECIAL PURPOSE
keys: [STUDYID, USUBJID]
sources:
  dm: {file: dm.csv}
records: dm
variables:
  - name: STUDYID
    origin: Protocol
    make: {algorithm: hardcode_no_ct, value: S1}
  - name: USUBJID
    make: {algorithm: derive_usubjid, subject: dm.Subject}
"""


def specs_dir(tmp_path, dm=DM_OK, study="study: {studyid: S1}\n"):
    (tmp_path / "sdtm").mkdir()
    (tmp_path / "study.yaml").write_text(study)
    (tmp_path / "sdtm" / "dm.yaml").write_text(textwrap.dedent(dm))
    return tmp_path


def load_error(tmp_path, **kw) -> SpecError:
    with pytest.raises(SpecError) as err:
        load_specs(specs_dir(tmp_path, **kw))
    return err.value


def test_sample_specs_load_with_standard_metadata():
    specs = load_specs(SPECS)
    assert specs.study.studyid == "CHEC2023-226"
    assert {"DM", "EX", "LB", "AE"} <= set(specs.sdtm)
    sex = specs.sdtm["DM"].variable("SEX")
    assert (sex.label, sex.type, sex.core, sex.codelist) == ("Sex", "Char", "Req", "SEX")
    assert specs.sdtm["EX"].variable("VISITNUM").label == "Visit Number"   # class-level variable


def test_minimal_spec_gets_label_from_the_ig(tmp_path):
    specs = load_specs(specs_dir(tmp_path))
    assert specs.sdtm["DM"].label == "Demographics"
    assert specs.sdtm["DM"].variable("USUBJID").label == "Unique Subject Identifier"


def test_unknown_algorithm_names_file_line_and_known_ones(tmp_path):
    err = load_error(tmp_path, dm=DM_OK.replace("derive_usubjid", "derive_usubjd"))
    assert err.file.endswith("dm.yaml") and err.line == 12
    assert "unknown SDTM variable algorithm 'derive_usubjd'" in str(err)
    assert "assign_ct" in str(err) and "derive_usubjid" in str(err)


def test_unknown_parameter_lists_accepted_ones(tmp_path):
    err = load_error(tmp_path, dm=DM_OK.replace("subject: dm.Subject", "subj: dm.Subject"))
    assert err.line == 12
    assert "no parameter 'subj' (did you mean 'subject'?); accepted: subject, separator" \
        in str(err)


def test_missing_required_parameter(tmp_path):
    err = load_error(tmp_path, dm=DM_OK.replace(", value: S1", ""))
    assert err.line == 10 and "needs parameter 'value'" in str(err)


def test_variable_without_make(tmp_path):
    err = load_error(tmp_path, dm=DM_OK.replace(
        "    make: {algorithm: derive_usubjid, subject: dm.Subject}\n", ""))
    assert "USUBJID has no 'make'" in str(err)


def test_unknown_key_and_duplicate_key(tmp_path):
    err = load_error(tmp_path, dm=DM_OK.replace("records: dm", "record: dm"))
    assert err.line == 6 and "unknown key" in str(err)
    err = load_error(tmp_path / "b", dm=DM_OK + "records: dm\n") if (tmp_path / "b").mkdir() \
        is None else None
    assert err.line == 13 and "duplicate key 'records'" in str(err)


def test_non_standard_variable_needs_label_and_type(tmp_path):
    dm = DM_OK + "  - name: XXFLAG\n    make: {algorithm: hardcode_no_ct, value: Y}\n"
    err = load_error(tmp_path, dm=dm)
    assert "XXFLAG is not a SDTMIG variable of DM: give its label and type" in str(err)


def test_long_label_rejected(tmp_path):
    dm = DM_OK.replace("  - name: STUDYID\n", "  - name: STUDYID\n    label: " + "x" * 41 + "\n")
    err = load_error(tmp_path, dm=dm)
    assert "label is 41 characters; XPT v5 allows 40" in str(err)


def test_undeclared_source_alias(tmp_path):
    err = load_error(tmp_path, dm=DM_OK.replace("subject: dm.Subject", "subject: ae.Subject"))
    assert "names source 'ae', not declared in sources" in str(err)


def test_yaml_syntax_error_has_line(tmp_path):
    err = load_error(tmp_path, dm=DM_OK.replace("keys: [STUDYID, USUBJID]", "keys: [STUDYID"))
    assert err.line is not None and "not valid YAML" in str(err)


def test_wrong_standard_version_in_study(tmp_path):
    err = load_error(tmp_path, study="study: {studyid: S1}\nstandards: {SDTMIG: '3.3'}\n")
    assert "SDTMIG 3.3 requested" in str(err) and "implements SDTMIG 3.4" in str(err)


def test_yaml_merge_keys_may_be_overridden(tmp_path):
    shutil.copytree(SPECS, tmp_path / "s")
    specs = load_specs(tmp_path / "s")
    assert specs.sdtm["DM"].variable("ARM").make.params["part"] == "ARM"


def test_adam_formula_is_checked_when_the_spec_loads(tmp_path):
    shutil.copytree(SPECS, tmp_path / "s")
    p = tmp_path / "s" / "adam" / "adlb.yaml"
    p.write_text(p.read_text().replace("formula: GLUC * (INSULIN / 6.945) / 22.5",
                                       'formula: __import__("os").getcwd()'))
    with pytest.raises(SpecError) as err:
        load_specs(tmp_path / "s")
    assert err.value.file.endswith("adlb.yaml") and err.value.line
    assert "only numbers, parameter codes and + - * / are allowed, not Call" in str(err.value)


def test_non_ascii_label_rejected(tmp_path):
    dm = DM_OK.replace("  - name: STUDYID\n", "  - name: STUDYID\n    label: Étude\n")
    err = load_error(tmp_path, dm=dm)
    assert "not ASCII" in str(err) and err.line == 9
