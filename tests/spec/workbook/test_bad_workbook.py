"""A bad workbook is one message naming ``Sheet!Cell`` (exit 2, no traceback), and nothing
is written."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from cdisc_convert.cli import main
from cdisc_convert.errors import CdiscConvertError, WorkbookError
from cdisc_convert.io.spec_workbook import export_workbook, import_workbook
from tests.spec.workbook.test_hand_filled import VARIABLES, p21_book

SPECS = "specs/CHEC2023-226"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "spec.xlsx"
    export_workbook(SPECS, path)
    return path


@pytest.fixture(scope="module")
def loaded(exported):
    """The exported workbook, loaded once (each edit below is undone after saving). Its
    Codelists sheet (about 9,000 rows, none edited here) is cut to its first term: the
    workbook still imports, and each case saves and reads a quarter of the bytes."""
    book = load_workbook(exported)
    book["Codelists"].delete_rows(3, book["Codelists"].max_row)
    return book


def _edit(loaded, tmp_path, sheet: str, column: str, row: int, value):
    """A copy of the exported workbook with one cell changed; returns (path, address)."""
    ws = loaded[sheet]
    col = [c.value for c in ws[1]].index(column) + 1
    cell = ws.cell(row=row, column=col)
    before, cell.value = cell.value, value
    path = tmp_path / "bad.xlsx"
    try:
        loaded.save(path)
    finally:
        cell.value = before
    return path, f"{sheet}!{cell.coordinate}"


@pytest.mark.parametrize("sheet, column, value, message", [
    ("Variables", "Length", "abc", "Length must be a whole number, not 'abc'"),
    ("Variables", "Algorithm", "asign_ct", "did you mean 'assign_ct'"),
    ("Variables", "Parameters", "{from: [unclosed", "not readable as YAML"),
    ("Variables", "Method", "MT.NOPE", "method 'MT.NOPE' is not an ID of the Methods sheet"),
    ("Variables", "Origin", "Typed", "origin 'Typed': one of Collected"),
    ("Variables", "Dataset", "XX", "dataset 'XX' is not on the Datasets sheet"),
    ("Variables", "XPT Type", "Text", "XPT type 'Text': Char or Num"),
    ("Datasets", "Sources", "[ae.csv]", "Sources must be a mapping"),
    ("Study", "Attribute", "Sponsr", "unknown study attribute 'Sponsr'"),
])
def test_bad_cell_is_named(loaded, tmp_path, sheet, column, value, message):
    path, address = _edit(loaded, tmp_path, sheet, column, 5, value)
    with pytest.raises(WorkbookError) as err:
        import_workbook(path, tmp_path / "specs")
    assert f"{address}: " in str(err.value)
    assert message in str(err.value)
    assert not (tmp_path / "specs").exists()


def test_missing_sheet_and_column(tmp_path):
    book = p21_book(tmp_path / "p21.xlsx", VARIABLES)
    wb = load_workbook(book)
    del wb["Datasets"]
    wb.save(book)
    with pytest.raises(WorkbookError, match=r"Datasets!A1: the workbook has no Datasets sheet"):
        import_workbook(book, tmp_path / "specs")
    book = p21_book(tmp_path / "p21.xlsx", VARIABLES)
    wb = load_workbook(book)
    wb["Variables"].delete_cols(3)
    wb.save(book)
    with pytest.raises(WorkbookError, match=r"Variables!1: no column 'Variable'"):
        import_workbook(book, tmp_path / "specs")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "spec.xlsx"
    path.write_text("Dataset,Variable\nDM,AGE\n")
    with pytest.raises(CdiscConvertError, match="not an Excel workbook"):
        import_workbook(path, tmp_path / "specs")


def test_existing_specs_are_replaced_only_with_force(exported, tmp_path):
    import_workbook(exported, tmp_path / "specs")
    with pytest.raises(CdiscConvertError, match="--force"):
        import_workbook(exported, tmp_path / "specs")
    assert import_workbook(exported, tmp_path / "specs", force=True).written


def test_cli_says_sheet_cell_and_exits_2_without_traceback(loaded, tmp_path, capsys):
    path, address = _edit(loaded, tmp_path, "Variables", "Length", 7, "long")
    with pytest.raises(SystemExit) as exit_:
        main(["spec", "import", str(path), "--to", str(tmp_path / "specs")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"{address}: Length must be a whole number" in err
    assert "Traceback" not in err
