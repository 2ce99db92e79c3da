"""LOINC, SNOMED CT and UNII files the user has: codes, names and pairs, in their layouts."""

from pathlib import Path

import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.standards.code_systems import load_code_system
from cdisc_convert.tools.p21_drafts.dictionaries import TEST_FILES


def written(tmp_path: Path, system: str) -> Path:
    for name, text in TEST_FILES[system].items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / next(iter(TEST_FILES[system])).split("/")[0]


def test_snomed_keeps_active_descriptions_only(tmp_path):
    snomed = load_code_system("snomed", written(tmp_path, "SNOMED"))
    assert snomed.terms("", "code") == ["99000001"] and snomed.terms() == ["Test disorder"]
    assert snomed.has_pair("99000001", "TEST DISORDER") and not snomed.has_pair("99000002",
                                                                                 "Retired disorder")


def test_unii_names_come_from_its_display_name_and_a_file_may_be_given_directly(tmp_path):
    folder = written(tmp_path, "UNII")
    unii = load_code_system("UNII", next(folder.iterdir()))
    assert unii.terms("", "code") == ["ZZTEST0001"] and unii.terms() == ["TEST SUBSTANCE"]


def test_a_file_without_the_expected_columns_or_no_file_is_one_clear_error(tmp_path):
    (tmp_path / "Loinc.csv").write_text("CODE,NAME\n1,x\n")
    with pytest.raises(DataError, match="no LOINC_NUM and LONG_COMMON_NAME or COMPONENT"):
        load_code_system("loinc", tmp_path)
    with pytest.raises(DataError, match="SNOMED file not found"):
        load_code_system("snomed", tmp_path)
    with pytest.raises(DataError, match="unknown code system 'icd10'"):
        load_code_system("icd10", tmp_path)
