"""Typed access to the cells of one workbook sheet, by column name, with ``Sheet!B12``
in every error.

>>> table = Table(Sheet("Variables", ["Variable", "Length"],
...                     [Row("Variables", 2, ["AETERM", "x8"])]))
>>> row = table.rows[0]
>>> table.text(row, "Variable"), table.text(row, "Label")
('AETERM', None)
>>> table.whole(row, "Length")
Traceback (most recent call last):
cdisc_convert.errors.WorkbookError: Variables!B2: Length must be a whole number, not 'x8'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdisc_convert.errors import SpecError, WorkbookError
from cdisc_convert.spec.workbook.sheets import column_key
from cdisc_convert.spec.workbook.yamltext import parse_cell


def column_letter(index: int) -> str:
    """Excel's letters of the 0-based column ``index``.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Row:
    """One worksheet row: its values (``None`` for an empty cell) and where it is."""

    sheet: str
    number: int
    values: list[Any]

    def address(self, column: int) -> str:
        """``Sheet!C12`` of the 0-based ``column`` of this row."""
        return f"{self.sheet}!{column_letter(column)}{self.number}"


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)


class Table:
    """One sheet's rows, read by column name (case and spaces ignored); a column the sheet
    does not have reads as empty."""

    def __init__(self, sheet: Sheet):
        self.name = sheet.name
        self.rows = sheet.rows
        self.columns = {column_key(h): i for i, h in reversed(list(enumerate(sheet.header)))
                        if h}

    def has(self, column: str) -> bool:
        return column_key(column) in self.columns

    def address(self, row: Row, column: str) -> str:
        index = self.columns.get(column_key(column))
        return row.address(index) if index is not None else f"{self.name}!{row.number}"

    def fail(self, row: Row, column: str, message: str) -> WorkbookError:
        return WorkbookError(message, cell=self.address(row, column))

    def value(self, row: Row, column: str) -> Any:
        index = self.columns.get(column_key(column))
        return row.values[index] if index is not None and index < len(row.values) else None

    def text(self, row: Row, column: str) -> str | None:
        """The cell as text (a number typed in Excel as its digits: 8.0 -> ``8``)."""
        value = self.value(row, column)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() or None

    def whole(self, row: Row, column: str) -> int | None:
        """The cell as a whole number (``8``, ``8.0``, ``"8"``), or None when empty."""
        value = self.value(row, column)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(row, column, f"{column} must be a whole number, not {value!r}")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.isdigit():
            return int(text)
        raise self.fail(row, column, f"{column} must be a whole number, not {value!r}")

    def names(self, row: Row, column: str) -> list[str]:
        """A list cell: names separated by commas or spaces (``STUDYID, USUBJID``)."""
        text = self.text(row, column) or ""
        return [n for n in text.replace(",", " ").split() if n]

    def yes(self, row: Row, column: str) -> bool | None:
        """A Yes/No cell (Y/N, true/false too); None when empty."""
        text = (self.text(row, column) or "").casefold()
        if not text:
            return None
        if text in ("yes", "y", "true", "1"):
            return True
        if text in ("no", "n", "false", "0"):
            return False
        raise self.fail(row, column, f"{column} must be Yes or No, not {text!r}")

    def yaml(self, row: Row, column: str) -> Any:
        """The YAML a cell of our columns holds (Parameters, Sources, Steps, Study values)."""
        value = self.value(row, column)
        if value is None:
            return None
        if not isinstance(value, str):
            return value
        address = self.address(row, column)
        try:
            return parse_cell(value, address)
        except SpecError as exc:
            raise WorkbookError(exc.detail, cell=address) from None


def require_columns(table: Table, columns: tuple[str, ...]) -> None:
    """The sheet has every column of ``columns`` in its header row."""
    missing = [c for c in columns if not table.has(c)]
    if missing:
        raise WorkbookError(f"no column {', '.join(repr(c) for c in missing)} in the header "
                            "row", cell=f"{table.name}!1")
