"""DD0101 (P21 "Missing define.xml file") and SD1071 (a dataset file of 5 GB or more) in a
validation of files: what only the folder and its files can say."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdisc_convert.validate import engine
from cdisc_convert.validate.engine import validate_paths
from cdisc_convert.validate.frames import read_datasets


def _case(folder: Path, version: str) -> Path:
    """A CORE-layout folder with one DM dataset, judged by SDTMIG ``version``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".env").write_text(f"PRODUCT=SDTMIG\nVERSION={version.replace('.', '-')}\n")
    (folder / "_datasets.csv").write_text("Filename,Label\ndm.xpt,Demographics\n")
    (folder / "dm.csv").write_text("STUDYID,DOMAIN,USUBJID\nS1,DM,01\n")
    return folder


def _status(report, rule_id: str) -> str:
    return next(s.status for s in report.status if s.id == rule_id)


def test_a_folder_without_define_gets_dd0101_once(tmp_path):
    report = validate_paths([_case(tmp_path / "s", "3.3")], only={"DD0101"})
    found = [f for f in report.findings if f.rule_id == "DD0101"]
    assert [(f.dataset, f.row, f.severity) for f in found] == [(None, None, "error")]
    assert _status(report, "DD0101") == "issues" and "DD0101" in report.rules


def test_dd0101_holds_for_the_versions_of_its_p21_configurations(tmp_path):
    report = validate_paths([_case(tmp_path / "s", "3.4")], only={"DD0101"})
    assert not [f for f in report.findings if f.rule_id == "DD0101"]
    assert _status(report, "DD0101") == "not applicable"


def test_dd0101_is_excluded_like_any_rule(tmp_path):
    report = validate_paths([_case(tmp_path / "s", "3.2")], exclude={"DD0101"})
    assert not [f for f in report.findings if f.rule_id == "DD0101"]
    assert all(s.id != "DD0101" for s in report.status)


def test_a_given_define_passes_dd0101(tmp_path):
    define = Path(__file__).parents[2] / "../shared/reference/phuse-tdf-sdtm/define.xml"
    if not define.is_file():
        pytest.skip("reference define.xml not present")
    report = validate_paths([_case(tmp_path / "s", "3.2")], define=define.resolve(),
                            only={"DD0101"}, version="3.2")
    assert _status(report, "DD0101") == "passed"


def test_read_datasets_gives_each_files_size(tmp_path):
    folder = _case(tmp_path / "s", "3.3")
    sizes: dict[str, int] = {}
    read_datasets([folder], sizes=sizes)
    assert sizes == {"DM": (folder / "dm.csv").stat().st_size}


@pytest.mark.parametrize(("size", "found"), [(5 * 1024 ** 3 - 1, 0), (5 * 1024 ** 3, 1)])
def test_sd1071_judges_the_size_of_the_file_read(tmp_path, monkeypatch, size, found):
    real = engine.read_datasets

    def sized(paths, widths=None, formats=None, sizes=None):
        out = real(paths, widths, formats, sizes)
        sizes.update({name: size for name in sizes})     # the file as large as asked
        return out

    monkeypatch.setattr(engine, "read_datasets", sized)
    report = validate_paths([_case(tmp_path / "s", "3.3")], only={"SD1071"})
    assert len([f for f in report.findings if f.rule_id == "SD1071"]) == found
