"""Excel workbooks (.xlsx) as plain rows: written with fixed bytes, read with cell addresses.

Writing: one sheet per table, a bold frozen header row; the workbook's created/modified
times and every zip entry's time are the timestamp given (the spec's, or SOURCE_DATE_EPOCH),
so the same tables give byte-identical files. Reading: every sheet as header + rows, each
value with its ``Sheet!B12`` address for error messages.

>>> import tempfile
>>> from datetime import datetime
>>> path = Path(tempfile.mkdtemp()) / "t.xlsx"
>>> write_workbook(path, {"Study": [["Attribute", "Value"], ["StudyName", "S1"]]},
...                datetime(2024, 1, 1))
>>> sheet = read_workbook(path)["Study"]
>>> sheet.header, sheet.rows[0].values, sheet.rows[0].address(1)
(['Attribute', 'Value'], ['StudyName', 'S1'], 'Study!B2')
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from cdisc_convert.errors import UsageError
from cdisc_convert.io.atomic import write_bytes
from cdisc_convert.spec.workbook.cells import Row, Sheet

#: Excel's limit on the characters of one cell.
CELL_LIMIT = 32_767


def workbook_bytes(tables: dict[str, list[list[Any]]], stamp: datetime) -> bytes:
    """The .xlsx bytes of ``tables`` (sheet name -> rows, the first row the header)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    book.properties.creator = "cdisc-convert"
    book.properties.created = book.properties.modified = stamp
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip_times(raw.getvalue(), stamp)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and len(value) > CELL_LIMIT:
        raise UsageError(f"a workbook cell would hold {len(value):,} characters; Excel allows "
                         f"{CELL_LIMIT:,}: {value[:60]!r}...")
    return value


def _fixed_zip_times(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry dated ``stamp`` and the workbook's modified time
    ``stamp`` (openpyxl dates both now when it saves)."""
    modified = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
            stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = modified.sub(rb"\g<1>" + iso + rb"\g<2>", body)
            dst.writestr(entry, body)
    return out.getvalue()


def write_workbook(path: Path, tables: dict[str, list[list[Any]]], stamp: datetime) -> None:
    """Write ``tables`` to ``path`` atomically (temp file, size checked, renamed)."""
    write_bytes(Path(path), workbook_bytes(tables, stamp))


def read_workbook(path: Path) -> dict[str, Sheet]:
    """Every sheet of the workbook at ``path``: header (first row) and the non-empty rows.

    A missing file or one that is not an .xlsx workbook is a UsageError naming it."""
    from openpyxl import load_workbook
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such workbook")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise UsageError(f"{path}: not an Excel workbook (.xlsx): {exc}") from None
    try:
        return {ws.title: _sheet(ws.title, ws.iter_rows(values_only=True))
                for ws in book.worksheets}
    finally:
        book.close()


def _sheet(name: str, rows) -> Sheet:
    header: list[str] | None = None
    sheet = Sheet(name, [])
    for number, values in enumerate(rows, start=1):
        cells = [_clean(v) for v in values]
        if header is None:
            if any(v is not None for v in cells):
                header = ["" if v is None else str(v).strip() for v in cells]
                sheet.header = header
            continue
        if any(v is not None for v in cells):
            sheet.rows.append(Row(name, number, cells + [None] * (len(header) - len(cells))))
    return sheet


def _clean(value: Any) -> Any:
    """Empty text is an empty cell; text is stripped of surrounding spaces."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
