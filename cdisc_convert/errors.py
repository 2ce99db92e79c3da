"""User-facing errors: a mistake the user can fix, shown as one message, never a traceback.

A user mistake (bad spec, bad usage, unreadable input) raises a subclass of
:class:`CdiscConvertError`; the CLI prints its message, no traceback, and exits
with its ``exit_code`` (2 for bad spec or usage, 1 for bad data).

Data problems that do not stop the run are findings
(:mod:`cdisc_convert.findings`), collected and reported once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdisc_convert.findings import Finding


class CdiscConvertError(Exception):
    """Base of every error shown to the user as a message, never a traceback."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(CdiscConvertError):
    """Wrong command-line usage or a missing input path."""

    exit_code = 2


class SpecError(CdiscConvertError):
    """A spec file is wrong: names the file, the line and the key.

    >>> str(SpecError("unknown algorithm 'x'", file="dm.yaml", line=7, key="make.algorithm"))
    "dm.yaml:7: make.algorithm: unknown algorithm 'x'"
    """

    exit_code = 2

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, key: str | None = None):
        self.file, self.line, self.key = (str(file) if file else None), line, key
        where = ""
        if self.file:
            where = self.file + (f":{line}" if line else "") + ": "
        if key:
            where += f"{key}: "
        super().__init__(where + message)
        self.detail = message


class DataError(CdiscConvertError):
    """Input data cannot be used: names file, row, column, value and what was expected."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | Path | None = None, row: int | None = None,
                 column: str | None = None, value: Any = None, expected: str | None = None):
        self.file, self.row, self.column, self.value, self.expected = (
            str(file) if file else None, row, column, value, expected)
        #: one finding per problem, when the error gathers several (XPT limits)
        self.findings: list[Finding] = []
        parts = []
        if self.file:
            parts.append(self.file + (f" record {row}" if row is not None else ""))
        if column:
            parts.append(f"column {column}")
        if value is not None:
            parts.append(f"value {value!r}")
        text = ", ".join(parts)
        text = (text + ": " if text else "") + message
        if expected:
            text += f" (expected {expected})"
        super().__init__(text)


class WorkbookError(CdiscConvertError):
    """A spec workbook is wrong: names the sheet and cell, as Excel does.

    >>> str(WorkbookError("Length must be a whole number, not 'abc'", cell="Variables!F12"))
    "Variables!F12: Length must be a whole number, not 'abc'"
    """

    exit_code = 2

    def __init__(self, message: str, *, cell: str, file: str | Path | None = None):
        self.cell, self.file, self.detail = cell, (str(file) if file else None), message
        super().__init__((f"{file}: " if file else "") + f"{cell}: {message}")
