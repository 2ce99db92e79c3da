"""The user's MedDRA ASCII files: read per level; a folder that is not one is a clear error."""

from pathlib import Path

import pytest

from cdisc_convert.errors import DataError
from cdisc_convert.standards.meddra import LEVEL_FILES, load_meddra
from cdisc_convert.tools.p21_drafts.dictionaries import TEST_MEDDRA


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="latin-1")
    return folder


def test_each_level_gives_its_names_and_codes_and_the_release_its_version(tmp_path):
    m = load_meddra(write(tmp_path / "m", TEST_MEDDRA))
    assert m.version == "99.0"
    assert m.terms("PT") == ["Headache"] and m.terms("LLT", "code") == ["90000002", "90000001"]
    assert m.terms("soc") == ["Nervous system disorders"]
    with pytest.raises(ValueError, match="MedDRA level 'XX'"):
        m.terms("XX")


def test_the_files_may_sit_in_a_medascii_folder_and_be_latin_1(tmp_path):
    files = {**TEST_MEDDRA, "pt.asc": "90000001$Céphalée$$90000005$\n"}
    m = load_meddra(write(tmp_path / "dist" / "MedAscii", files).parent)
    assert m.terms("PT") == ["Céphalée"]


@pytest.mark.parametrize("files, expected", [
    ({k: v for k, v in TEST_MEDDRA.items() if k != "hlt.asc"}, "hlt.asc missing"),
    ({**TEST_MEDDRA, "pt.asc": "90000001$Headache\nno dollar here\n"}, "line 2: expected code"),
])
def test_a_folder_that_is_not_meddra_names_what_is_wrong(tmp_path, files, expected):
    with pytest.raises(DataError, match=expected):
        load_meddra(write(tmp_path / "m", files))
    with pytest.raises(DataError, match="not found"):
        load_meddra(tmp_path / "absent")
    assert set(LEVEL_FILES) == {"LLT", "PT", "HLT", "HLGT", "SOC"}


def test_a_byte_order_mark_is_not_part_of_the_first_code(tmp_path):
    folder = write(tmp_path / "m", TEST_MEDDRA)
    (folder / "pt.asc").write_bytes(b"\xef\xbb\xbf90000001$Headache$$90000005$\n")
    assert load_meddra(folder).terms("PT", "code") == ["90000001"]
