"""YAML specs -> workbook -> YAML specs build the same datasets and define.xml, byte for byte,
and the workbook's bytes do not change run to run."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdisc_convert.io.spec_workbook import export_workbook, import_workbook
from cdisc_convert.pipeline import RunConfig, run

ROOT = Path(__file__).resolve().parents[3]
SPECS = ROOT / "specs" / "CHEC2023-226"
RAW = ROOT / "sample_raw" / "CHEC2023-226"


def _outputs(out: Path) -> dict[str, bytes]:
    files = [*sorted((out / "sdtm").glob("*.xpt")), *sorted((out / "adam").glob("*.xpt")),
             *sorted(out.glob("*/define.xml"))]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files}


@pytest.mark.e2e
def test_yaml_to_workbook_to_yaml_builds_identical_datasets(tmp_path, sample_run):
    """The session's run of the YAML specs against a run of the re-imported ones."""
    book = tmp_path / "spec.xlsx"
    export_workbook(SPECS, book)
    imported = import_workbook(book, tmp_path / "specs")
    assert imported.to_write == []
    steps = ("sdtm", "adam", "define")
    run(RunConfig(tmp_path / "specs", RAW, tmp_path / "from_book", steps=steps, quiet=True))
    before, after = _outputs(sample_run), _outputs(tmp_path / "from_book")
    assert any(name.startswith("sdtm/") for name in before)
    assert any(name.startswith("adam/") for name in before)
    assert {"sdtm/define.xml", "adam/define.xml"} <= set(before)
    assert sorted(before) == sorted(after)
    differ = [name for name in before if before[name] != after[name]]
    assert differ == []


def test_export_is_byte_identical_and_exports_the_imported_specs_the_same(tmp_path):
    export_workbook(SPECS, tmp_path / "a.xlsx")
    export_workbook(SPECS, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    import_workbook(tmp_path / "a.xlsx", tmp_path / "specs")
    export_workbook(tmp_path / "specs", tmp_path / "c.xlsx")
    assert (tmp_path / "c.xlsx").read_bytes() == (tmp_path / "a.xlsx").read_bytes()
