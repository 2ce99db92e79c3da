"""The keys of ``sources:``: each checked when the spec loads, located by file and line."""

import pytest

from cdisc_convert.spec.loader import load_specs
from tests.spec.test_loader import DM_OK, load_error, specs_dir


def with_source(text: str) -> str:
    return DM_OK.replace("  dm: {file: dm.csv}", f"  dm: {text}")


def test_source_keys_and_the_duplicates_policy(tmp_path):
    specs = load_specs(specs_dir(tmp_path, dm=with_source(
        "{file: dm.csv, subject: SUBJID, join: [], duplicates: keep}")))
    src = specs.sdtm["DM"].sources["dm"]
    assert (src.file, src.subject, src.join, src.duplicates) == ("dm.csv", "SUBJID", (), "keep")


def test_the_default_duplicates_policy_is_drop(tmp_path):
    assert load_specs(specs_dir(tmp_path)).sdtm["DM"].sources["dm"].duplicates == "drop"


@pytest.mark.parametrize("text, message", [
    ("{file: dm.csv, Subject: SUBJID}", "unknown key in source 'dm' (did you mean 'subject'?)"),
    ("{file: dm.csv, joins: [VISIT]}", "unknown key in source 'dm' (did you mean 'join'?)"),
    ("{file: dm.csv, duplicates: remove}", "duplicates must be drop or keep, not 'remove'"),
    ("{file: dm.csv, join: VISIT}", "join must be a list of raw column names"),
])
def test_a_wrong_source_key_is_a_spec_error_at_its_line(tmp_path, text, message):
    err = load_error(tmp_path, dm=with_source(text))
    assert err.file.endswith("dm.yaml") and err.line == 5
    assert message in str(err)
