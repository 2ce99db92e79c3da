"""Read a raw EDC export (one CSV per form) into frames that carry trace keys.

Every record keeps ``_file`` (the CSV name) and ``_row`` (its 1-based record
number), so a finding about an SDTM record can name the raw record it came
from. Deleted records (``RecordActive=0``) and exact duplicates are dropped,
and each drop is noted.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> data = b"\\xef\\xbb\\xbfSubject,AETERM,RecordActive\\n1,Fever,1\\n1,Fever,1\\n2,Cough,0\\n"
>>> _ = (d / "ae.csv").write_bytes(data)
>>> t = RawExport(d).table("ae.csv")
>>> list(t.frame.columns), len(t.frame), [n.split(":")[0] for n in t.notes]
(['Subject', 'AETERM', 'RecordActive', '_file', '_row'], 1, ['ae.csv', 'ae.csv', 'ae.csv'])
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert import vector
from cdisc_convert.errors import DataError

FILE, ROW = "_file", "_row"
RAW_SUFFIXES = (".csv", ".sas7bdat", ".xpt")
ACTIVE_COLUMN = "RecordActive"
#: Deletion flags an export may carry instead of ``RecordActive`` (first found is used).
DELETED_COLUMNS = ("RecordDeleted", "IsDeleted", "Deleted")
DELETED_YES = ("1", "Y", "YES", "TRUE", "T")
DELETED_NO = ("0", "N", "NO", "FALSE", "F", "")
#: Rave system columns: a file with two of them is an EDC form export, which has a status.
RAVE_COLUMNS = {"projectid", "RecordId", "RecordPosition", "DataPageId", "DataPageName",
                "instanceId", "SaveTs", "MinCreated", "MaxUpdated"}


@dataclass
class RawTable:
    """One raw file as read: all values text (missing = NA), plus trace keys."""

    name: str
    path: Path
    frame: pd.DataFrame
    encoding: str
    notes: list[str] = field(default_factory=list)
    dropped: pd.DataFrame | None = None
    #: Column -> code -> label, for coded columns a data dictionary describes (REDCap).
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Column -> its declared raw date/time format (``dd-mm-yyyy``), from a data dictionary.
    formats: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c not in (FILE, ROW)]


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Bytes -> text: UTF-8 (with or without BOM), else Windows-1252 with a note."""
    notes = []
    if data.startswith(b"\xef\xbb\xbf"):
        notes.append(f"{name}: UTF-8 byte-order mark removed")
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig", notes
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError as exc:
        notes.append(f"{name}: not UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start}); "
                     "read as Windows-1252")
        return data.decode("cp1252", errors="replace"), "cp1252", notes


def check_header(header: list[str], path: Path) -> None:
    """A column name given twice is an error (a reader would keep one and rename the other).

    >>> check_header(["Subject", "AGE", "AGE"], Path("dm.csv"))
    Traceback (most recent call last):
    ...
    cdisc_convert.errors.DataError: dm.csv, column AGE: the header names it twice ... and 3)...
    """
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        key = name.strip()
        if key in seen:
            raise DataError(f"the header names it twice (columns {seen[key]} and {i})",
                            file=path, column=key, expected="each column name once")
        seen[key] = i


def check_nul(text: str, path: Path) -> None:
    """A NUL byte would cut a value short in every reader after us: an error naming the
    record (a binary file is not a CSV export)."""
    at = text.find("\0")
    if at >= 0:
        record = text.count("\n", 0, at)
        raise DataError(f"holds a NUL byte in record {record} (line {record + 1}); a value "
                        "would be cut short there", file=path, expected="a text CSV export")


def check_field_counts(text: str, path: Path, encoded: bytes | None = None) -> None:
    """Every record must have as many fields as the header (a cut or merged line is an error,
    not a record padded with blanks); ``encoded``: the text as UTF-8, when the caller has it."""
    if '"' not in text and "\r" not in text and text[:1] not in ("", "\n"):
        _check_unquoted_counts(text.encode("utf-8") if encoded is None else encoded, path)
        return
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None:
            raise DataError("not a readable CSV file: the file is empty", file=path)
        check_header(header, path)
        width, bad = len(header), []
        for number, record in enumerate(reader, start=1):
            if len(record) != width and record:
                bad.append((number, len(record)))
    except csv.Error as exc:
        raise DataError(f"not a readable CSV file at line {reader.line_num}: {exc}",
                        file=path, expected="a text CSV export") from None
    _report_field_counts(bad[:5], len(bad), width, path)


#: Bytes looked at a time when counting fields (a boolean mask of this size at most).
COUNT_CHUNK = 1 << 22


def _check_unquoted_counts(data: bytes, path: Path) -> None:
    """:func:`check_field_counts` for a file without quotes or carriage returns, where a
    record is a line and its fields are its commas plus one: counted on the UTF-8 bytes
    (comma and newline are one byte each there), a chunk at a time, with no object made
    per line.

    >>> _check_unquoted_counts(b"A,B\\n1,2\\n\\n3,4\\n", Path("x.csv"))
    >>> _check_unquoted_counts(b"A,B\\n1,2\\n3\\n", Path("x.csv"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    cdisc_convert.errors.DataError: x.csv: ... fields: record 2 has 1 (expected 2 fields, ...)
    """
    view = np.frombuffer(data, dtype=np.uint8)
    ends, commas, total = [], [], 0
    for start in range(0, len(view), COUNT_CHUNK):
        part = view[start:start + COUNT_CHUNK]
        newline = np.flatnonzero(part == 10)
        comma = np.flatnonzero(part == 44)
        ends.append(newline + start)
        commas.append(total + np.searchsorted(comma, newline))   # commas before each newline
        total += len(comma)
    # line j ends at ends[j] (the last line at the end of the data); line 0 is the header
    end = np.concatenate([*ends, [len(view)]]).astype(np.int64)
    before = np.concatenate([*commas, [total]]).astype(np.int64)
    header = bytes(view[:end[0]]).decode("utf-8")
    check_header(header.split(","), path)
    width = header.count(",") + 1
    fields = np.diff(before) + 1                     # body lines: 1 ..
    blank = np.diff(end) == 1                        # nothing between two newlines
    numbers = np.flatnonzero((fields != width) & ~blank)       # a blank line is no record
    _report_field_counts([(int(n) + 1, int(fields[n])) for n in numbers[:5]], len(numbers),
                         width, path)


def _report_field_counts(first_bad: list[tuple[int, int]], count: int, width: int,
                         path: Path) -> None:
    """The error for ``count`` records of the wrong width (the first ones given)."""
    if count:
        first = ", ".join(f"record {n} has {k}" for n, k in first_bad)
        more = f" (and {count - 5} more records)" if count > 5 else ""
        raise DataError(f"records with the wrong number of fields: {first}{more}", file=path,
                        expected=f"{width} fields, as in the header")


def _as_text(value: object) -> str | None:
    """A SAS value as the text a CSV export would hold (dates ISO, whole numbers bare)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S" if (value.hour or value.minute or value.second)
                              else "%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    return text or None


def read_sas(path: Path) -> RawTable:
    """A raw export delivered as SAS data (``.sas7bdat`` or ``.xpt``): values as text."""
    import pyreadstat
    reader = pyreadstat.read_sas7bdat if path.suffix.lower() == ".sas7bdat" else \
        pyreadstat.read_xport
    try:
        frame, _ = reader(str(path))
    except UnicodeDecodeError:
        frame, _ = reader(str(path), encoding="cp1252")
    except Exception as exc:  # noqa: BLE001 - pyreadstat raises several types for bad files
        raise DataError(f"not a readable SAS file: {exc}", file=path) from None
    frame = frame.astype(object).apply(lambda col: col.map(_as_text))
    frame = frame.astype(object).where(frame.notna(), None)
    frame[FILE], frame[ROW] = path.name, range(1, len(frame) + 1)
    table = RawTable(path.name, path, frame, "sas")
    drop_inactive(table)
    drop_duplicates(table)
    return table


def read_raw(path: Path) -> RawTable:
    """Any raw export file: CSV, or SAS data (``.sas7bdat``, ``.xpt``)."""
    if path.suffix.lower() in (".sas7bdat", ".xpt"):
        return read_sas(path)
    return read_csv(path)


def read_csv(path: Path) -> RawTable:
    """Read one CSV export file; every value as text, blanks as missing."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError("raw file not found", file=path) from None
    text, encoding, notes = decode(data, name)
    del data
    check_nul(text, path)
    # the parser reads UTF-8 bytes (a StringIO of the text would hold 4 bytes a character)
    # straight into text (object) columns: no second copy of the frame
    encoded = text.encode("utf-8")
    check_field_counts(text, path, encoded)
    del text
    buffer = io.BytesIO(encoded)
    del encoded
    try:
        frame = pd.read_csv(buffer, dtype=object, encoding="utf-8", keep_default_na=False,
                            na_values=[""], skipinitialspace=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"not a readable CSV file: {exc}", file=path) from None
    del buffer
    names = [str(c).strip() for c in frame.columns]
    block = np.empty((len(frame), len(names)), dtype=object)   # one block: wide exports
    for i, column in enumerate(frame.columns):
        block[:, i] = _none_for_missing(frame[column])
    del frame
    frame = pd.DataFrame(block, columns=names, dtype=object, copy=False)
    frame[FILE] = name
    frame[ROW] = range(1, len(frame) + 1)
    table = RawTable(name, path, frame, encoding, notes)
    drop_inactive(table)
    drop_duplicates(table)
    return table


def _none_for_missing(values: pd.Series) -> np.ndarray:
    """A parsed text column as an object array with None (not NaN) for blanks."""
    out: np.ndarray = values.to_numpy(dtype=object, copy=False)
    missing = pd.isna(out)
    if missing.any():
        out = out.copy()
        out[missing] = None
    return out


def _note_drop(table: RawTable, mask: pd.Series, why: str) -> None:
    if not mask.any():
        return
    gone = table.frame[mask]
    rows = ", ".join(str(r) for r in gone[ROW].head(20))
    more = "" if len(gone) <= 20 else f" (+{len(gone) - 20} more)"
    table.notes.append(f"{table.name}: dropped {len(gone)} {why}: record {rows}{more}")
    table.dropped = gone if table.dropped is None else pd.concat([table.dropped, gone])
    table.frame = table.frame[~mask]     # a new frame (copy on write): nothing shared


def _column(table: RawTable, names: tuple[str, ...]) -> str | None:
    """The first column of ``table`` named one of ``names`` (ignoring case)."""
    by_folded = {c.casefold(): c for c in table.columns}
    return next((by_folded[n.casefold()] for n in names if n.casefold() in by_folded), None)


def drop_inactive(table: RawTable) -> None:
    """Drop records the EDC marks deleted, and say what "deleted" meant for the file.

    A Rave form export marks a deleted record ``RecordActive`` = 0. Without that column:

    - a deletion flag column (``RecordDeleted``, ``IsDeleted``, ``Deleted``) is honoured:
      ``1``/``Y``/``Yes``/``True`` is deleted, ``0``/``N``/``No``/``False``/blank is not,
      any other value is an error naming the record (its status cannot be known), and a
      note says which column was used instead of ``RecordActive``;
    - otherwise, for a file that is a Rave form (it has Rave system columns such as
      ``RecordId``, ``DataPageId``), a note says no record-status column was found, so no
      record was dropped as deleted: a record deleted in the EDC would be in the data.

    Vendor files (lab, IxRS) carry no Rave columns and no record status: nothing is said.

    >>> t = RawTable("ae.csv", Path("ae.csv"), pd.DataFrame(
    ...     {"RecordId": ["1", "2"], "IsDeleted": ["0", "Y"], FILE: "ae.csv", ROW: [1, 2]}),
    ...     "utf-8")
    >>> drop_inactive(t); t.frame[ROW].tolist(), t.notes[0]   # doctest: +ELLIPSIS
    ([1], 'ae.csv: dropped 1 deleted record(s) (IsDeleted=Y; no RecordActive column, ...: record 2')
    >>> t = RawTable("ae.csv", Path("ae.csv"), pd.DataFrame(
    ...     {"RecordId": ["1"], "DataPageId": ["7"], FILE: "ae.csv", ROW: [1]}), "utf-8")
    >>> drop_inactive(t); t.notes[0]      # doctest: +ELLIPSIS
    'ae.csv: no record-status column (RecordActive, or ...): no record was dropped as deleted...'
    """
    active = _column(table, (ACTIVE_COLUMN,))
    if active is not None:
        _note_drop(table, table.frame[active].astype(str).str.strip().eq("0"),
                   f"deleted record(s) ({active}=0)")
        return
    flag = _column(table, DELETED_COLUMNS)
    if flag is not None:
        values = table.frame[flag].map(lambda v: str(v).strip().upper() if v is not None else "")
        odd = ~values.isin(DELETED_YES + DELETED_NO)
        if odd.any():
            rec = table.frame[odd].iloc[0]
            raise DataError(f"record {rec[ROW]}: deletion flag {table.frame[flag][odd].iloc[0]!r} "
                            "is neither yes nor no, so whether the record is deleted cannot be "
                            "known", file=table.path, column=flag,
                            expected=f"one of {', '.join(DELETED_YES + DELETED_NO[:-1])} or blank")
        deleted = values.isin(DELETED_YES)
        shown = table.frame[flag][deleted].iloc[0] if deleted.any() else "1"
        _note_drop(table, deleted, f"deleted record(s) ({flag}={shown}; no {ACTIVE_COLUMN} "
                   f"column, so the {flag} column marks deleted records)")
        if not deleted.any():
            table.notes.append(f"{table.name}: no {ACTIVE_COLUMN} column; the {flag} column "
                               "marks deleted records and marks none")
        return
    if len(RAVE_COLUMNS & set(table.columns)) >= 2:
        table.notes.append(f"{table.name}: no record-status column ({ACTIVE_COLUMN}, or a "
                           f"deletion flag {'/'.join(DELETED_COLUMNS)}): no record was dropped "
                           "as deleted; a record deleted in the EDC would be kept")


def drop_duplicates(table: RawTable) -> None:
    """Drop records identical in every column to an earlier record."""
    frame = table.frame
    data_cols = [c for c in frame.columns if c not in (FILE, ROW)]
    if not data_cols:
        return
    # on each column's distinct values (missing equal to missing, as pandas duplicated)
    repeated = vector.duplicated([frame[c] for c in data_cols])
    _note_drop(table, pd.Series(repeated, index=frame.index), "exact duplicate record(s)")


class RawExport:
    """A folder of raw files, read on first use and cached."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise DataError("raw data folder not found", file=self.folder)
        self._tables: dict[str, RawTable] = {}
        #: Tables made from the raw files by a reader (REDCap instruments), by key.
        self.derived: dict[str, Any] = {}

    def table(self, name: str) -> RawTable:
        if name not in self._tables:
            path = self.inside(name)
            if not path.is_file():
                present = ", ".join(sorted(p.name for p in self.folder.iterdir()
                                           if p.suffix.lower() in RAW_SUFFIXES))
                raise DataError(f"raw file not found in {self.folder} (present: {present})",
                                file=name)
            self._tables[name] = read_raw(path)
        return self._tables[name]

    def inside(self, name: str) -> Path:
        """``folder/name``, refused (before anything is read) when it resolves outside the
        folder: a ``..`` segment, an absolute path, or a symbolic link that leads out."""
        path = self.folder / name
        root = self.folder.resolve()
        if Path(name).is_absolute() or not path.resolve().is_relative_to(root):
            raise DataError(f"resolves outside the raw folder {self.folder}; a spec reads "
                            "only inside its study's raw folder", file=name)
        return path

    @property
    def notes(self) -> list[str]:
        return [n for t in self._tables.values() for n in t.notes]
