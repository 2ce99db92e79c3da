"""SAS transport (XPORT) v5 files as the FDA accepts them.

A v5 file cannot hold names over 8 characters, labels over 40, non-ASCII bytes or
character values over 200 bytes, so :func:`check_xpt` looks first and :func:`write_xpt`
refuses to write a file that breaks a limit. The bytes are laid out by
:mod:`cdisc_convert.io.xpt_v5` (vectorised, the same bytes pyreadstat wrote);
:mod:`cdisc_convert.io.xpt_read` reads plain v5 files (numpy, the frame pyreadstat reads),
pyreadstat the others. The header timestamps come from the caller (spec or
SOURCE_DATE_EPOCH), so the same data give the same bytes.

>>> import pandas as pd, tempfile, pathlib, datetime
>>> p = pathlib.Path(tempfile.mkdtemp()) / "dm.xpt"
>>> write_xpt(pd.DataFrame({"USUBJID": ["S-1"]}), p, name="DM", label="Demographics",
...           labels={"USUBJID": "Unique Subject Identifier"},
...           timestamp=datetime.datetime(2024, 1, 2, 3, 4, 5))
>>> p.read_bytes()[:48], is_xpt_v5(p)
(b'HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!', True)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from cdisc_convert.errors import DataError
from cdisc_convert.findings import Finding, finding
from cdisc_convert.io import digests, xpt_read, xpt_v5
from cdisc_convert.io.atomic import atomic_path
from cdisc_convert.standards import versions
from cdisc_convert.vector import distinct_values, map_unique

_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
V5_HEADER = b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!"
V8_HEADER = b"HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!"
MAX_FINDINGS = 200


def _bad(code: str, dataset: str, var: str | None = None, row: int | None = None,
         value: object = None) -> Finding:
    return finding(code, dataset=dataset, variable=var, row=row, value=value)


def check_names(name: str, label: str, labels: dict[str, str], columns: list[str]) -> list[Finding]:
    """Dataset and variable names (<= 8, A-Z 0-9 _) and labels (<= 40, ASCII)."""
    out = []
    if len(name) > versions.XPT_MAX_NAME or not _NAME.match(name):
        out.append(_bad("XPT-NAME", name,
                        value=name))
    if len(label) > versions.XPT_MAX_DATASET_LABEL or not label.isascii():
        out.append(_bad("XPT-LABEL", name, value=label))
    for col in columns:
        if len(col) > versions.XPT_MAX_NAME or not _NAME.match(col):
            out.append(_bad("XPT-NAME", name, col, value=col))
        lab = labels.get(col, "")
        if len(lab) > versions.XPT_MAX_LABEL or not lab.isascii():
            out.append(_bad("XPT-LABEL", name, col, value=lab))
    return out


def check_values(df: pd.DataFrame, name: str, columns: list[str] | None = None
                 ) -> list[Finding]:
    """Character values (of ``columns``, default all): ASCII only, at most 200 bytes.
    Vectorised per column; rows are counted from 1 by position."""
    out: list[Finding] = []
    for col in df.columns if columns is None else columns:
        if df[col].dtype.kind in "fiub" or _clean_text(df[col]):
            continue
        s = map_unique(df[col], str, na="")
        nbytes = map_unique(s, lambda v: len(v.encode("utf-8")), na=0, dtype=int)
        ascii_ok = map_unique(s, str.isascii, na=True, dtype=bool)
        for mask, code in ((~ascii_ok, "XPT-ASCII"),
                           (nbytes > versions.XPT_MAX_CHAR_BYTES, "XPT-LENGTH")):
            for i in mask[mask].index[:MAX_FINDINGS]:
                out.append(_bad(code, name, col, row=int(i) + 1, value=s.iloc[i]))
    return out


def _clean_text(values: pd.Series) -> bool:
    """True when every distinct value is ASCII text of at most 200 characters (so at most
    200 bytes): nothing to report, without a look at each record.

    >>> _clean_text(pd.Series(["a", None, "b"])), _clean_text(pd.Series(["é"]))
    (True, False)
    """
    try:
        distinct = list(distinct_values(values)[1])
    except TypeError:   # values that cannot be hashed
        return False
    if not all(isinstance(v, str) for v in distinct):
        return False
    return "".join(distinct).isascii() and \
        max(map(len, distinct), default=0) <= versions.XPT_MAX_CHAR_BYTES


def check_xpt(df: pd.DataFrame, name: str, label: str, labels: dict[str, str],
              columns: list[str] | None = None) -> list[Finding]:
    """Every FDA/XPT v5 limit this frame (its ``columns``, default all) would break, one
    finding per problem."""
    columns = list(df.columns) if columns is None else columns
    if not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 or df.index.step != 1:
        df = df.reset_index(drop=True)
    return check_names(name, label, labels, columns) + check_values(df, name, columns)


def is_xpt_v5(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(V5_HEADER)) == V5_HEADER


def _refuse(path: Path, problems: list[Finding]) -> DataError:
    lines = [f"  {p.dataset}.{p.variable or ''} row {p.row or '-'}: {p.message}: "
             f"{p.value!r}" for p in problems[:10]]
    more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
    err = DataError(f"cannot write {path.name} as XPT v5:\n" + "\n".join(lines) + more)
    err.findings = problems
    return err


def prepare_columns(frame: pd.DataFrame, labels: Mapping[str, str],
                    formats: Mapping[str, str]) -> tuple[list[xpt_v5.Column], list[str]]:
    """The columns as the writer lays them out, and the names of the columns whose values
    :func:`check_values` must still look at: text that is not all ASCII (it cannot be made
    into bytes) or wider than 200 bytes, and objects written as numbers. Text that converts
    cleanly has passed both value checks, so no column is looked at twice."""
    columns, look = [], []
    for name in frame.columns:
        col = frame[name]
        try:
            out = xpt_v5.to_column(col, labels.get(name, ""), formats.get(name))
        except UnicodeEncodeError:
            look.append(name)
            continue
        if col.dtype.kind not in "fiub" and (
                out.numeric or out.width > versions.XPT_MAX_CHAR_BYTES):
            look.append(name)
        columns.append(out)
    return columns, look


def _check_formats(path: Path, formats: Mapping[str, str]) -> None:
    for var, fmt in formats.items():
        try:
            xpt_v5.parse_format(fmt)
        except ValueError as exc:
            raise DataError(f"cannot write {path.name} as XPT v5: variable {var}: {exc}",
                            file=path) from None


def write_xpt(df: pd.DataFrame, path: Path, *, name: str, label: str, labels: dict[str, str],
              timestamp: datetime, formats: Mapping[str, str] | None = None) -> None:
    """Write one dataset as XPT v5 or raise a DataError listing every broken limit.

    ``formats`` (variable -> SAS format such as ``DATE9.`` or ``8.2``) fill the NAMESTR
    format fields, as pyreadstat's ``variable_format`` does. Nothing is written until every
    limit holds (the findings are those of :func:`check_xpt`); the file is written beside
    ``path``, checked, then moved into place.
    """
    formats = dict(formats or {})
    _check_formats(path, formats)
    frame = df.reset_index(drop=True)
    columns, look = prepare_columns(frame, labels, formats)
    problems = check_names(name, label, labels, list(frame.columns)) + check_values(
        frame[look], name)
    if problems:
        raise _refuse(path, problems)
    if len(columns) != len(frame.columns):        # not reached: non-ASCII text is a finding
        raise DataError(f"cannot write {path.name} as XPT v5: text that is not ASCII",
                        file=path)
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            sink = digests.HashingWriter(fh)
            xpt_v5.write_member(sink, columns, len(frame), name=name, label=label,
                                ts=timestamp)
        with open(tmp, "rb") as fh:
            head = fh.read(_head_bytes(len(columns)))
            size = os.fstat(fh.fileno()).st_size
        if not is_xpt_v5(tmp):
            raise DataError("the writer did not write an XPT v5 header", file=path)
        check_written(head, len(frame), len(columns), path, size=size)
    digests.remember(path, sink.hexdigest())      # the package's manifest reads it from here


def _head_bytes(columns: int) -> int:
    """Bytes of an XPT v5 file before its first record, for ``columns`` variables."""
    return 80 * 8 + -(-columns * 140 // 80) * 80 + 80


_NAMESTR = b"HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!"
_OBS = b"HEADER RECORD*******OBS     HEADER RECORD!!!!!!!"


def layout(head: bytes) -> tuple[int, int, int] | None:
    """(variables, offset of the first record, record length) of XPT v5 header bytes;
    None when the bytes hold no variable or record section."""
    at, obs = head.find(_NAMESTR), head.find(_OBS)
    if at < 0 or obs < 0:
        return None
    count = int(head[at + 54:at + 58].decode("ascii") or 0)
    start = at + 80
    names = [head[start + i * 140:start + (i + 1) * 140] for i in range(count)]
    length = max((int.from_bytes(n[84:88], "big") + int.from_bytes(n[4:6], "big")
                  for n in names), default=0)
    return count, obs + 80, length


def check_written(data: bytes, rows: int, columns: int, path: Path,
                  size: int | None = None) -> None:
    """The XPT v5 bytes hold ``columns`` variables and room for exactly ``rows`` records
    (a file cut short by a full disk or a size limit is refused before it is moved in).
    ``data`` may be the headers only, with ``size`` the size of the whole file.

    >>> import tempfile, datetime
    >>> p = Path(tempfile.mkdtemp()) / "dm.xpt"
    >>> write_xpt(pd.DataFrame({"A": ["x", "y"], "N": [1.0, 2.0]}), p, name="DM", label="",
    ...           labels={}, timestamp=datetime.datetime(2025, 1, 1))
    >>> check_written(p.read_bytes()[:-80], 2, 2, p)
    Traceback (most recent call last):
    ...
    cdisc_convert.errors.DataError: .../dm.xpt: written XPT holds ... records, expected 2 ...
    """
    size = len(data) if size is None else size
    found = layout(data)
    if found is None or size % 80:
        raise DataError("written XPT is incomplete (no variable or record section, or not a "
                        "whole number of 80-byte records)", file=path)
    count, first, length = found
    body = size - first
    if count != columns or (length and not rows * length <= body < rows * length + 80):
        held = body // length if length else 0
        raise DataError(f"written XPT holds {count} variables and room for {held:,} records, "
                        f"expected {columns} and {rows:,} (disk full or a size limit?)",
                        file=path)


def cut_short(path: Path, rows_read: int) -> str | None:
    """Why an XPT v5 file is not whole (None when it is): its size is not a whole number
    of 80-byte records, or it has room for more records than a reader returned."""
    size = Path(path).stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    found = layout(head)
    if found is None:
        return "no variable or record section (the file is cut short)"
    _, first, length = found
    if size % 80:
        return f"{size:,} bytes is not a whole number of 80-byte records (the file is cut short)"
    leftover = size - first - rows_read * length
    if leftover >= 80 and length and leftover >= length:
        return f"room for {(size - first) // length:,} records but {rows_read:,} could be read"
    if leftover >= 80:
        return (f"{rows_read:,} whole records, then {leftover} bytes of a record cut off "
                "(the file is cut short)")
    if leftover > 0:    # the last 80-byte record is padded with blanks, nothing else
        with open(path, "rb") as fh:
            fh.seek(size - leftover)
            if fh.read().strip(b" "):
                return (f"{leftover} bytes after the last whole record are not padding "
                        "(the file is cut short)")
    return None


def _trailing_blank(fh, first: int, length: int, rows: int) -> int:
    """How many of the last records of ``rows`` are all blanks (a reader takes them as the
    padding of the last 80-byte record, as ReadStat does)."""
    blank, step = 0, max(1, (1 << 20) // length)
    while blank < rows:
        take = min(step, rows - blank)
        fh.seek(first + (rows - blank - take) * length)
        block = np.frombuffer(fh.read(take * length), dtype=np.uint8).reshape(take, length)
        filled = np.flatnonzero((block != 32).any(axis=1))
        if len(filled):
            return blank + take - 1 - int(filled[-1])
        blank += take
    return blank


def xpt_records(path: Path) -> tuple[str, int]:
    """(dataset label, number of records) of an XPT v5 file from its headers and size,
    without reading the values; the count is the one :func:`read_xpt` returns.

    >>> import tempfile, datetime
    >>> p = Path(tempfile.mkdtemp()) / "dm.xpt"
    >>> write_xpt(pd.DataFrame({"A": ["x", "y", ""]}), p, name="DM", label="Demographics",
    ...           labels={}, timestamp=datetime.datetime(2025, 1, 1))
    >>> xpt_records(p)
    ('Demographics', 2)
    """
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
        found = layout(head)
        at = head.find(b"HEADER RECORD*******DSCRPTR")
        if found is None or at < 0 or not head.startswith(V5_HEADER):
            raise DataError("not a whole SAS transport (XPT v5) file", file=path)
        _, first, length = found
        size = os.fstat(fh.fileno()).st_size
        rows = (size - first) // length if length else 0
        rows -= _trailing_blank(fh, first, length, rows) if rows else 0
    problem = cut_short(path, rows)
    if problem:
        raise DataError(f"not a whole SAS transport file: {problem}", file=path)
    raw = head[at + 160 + 32:at + 160 + 72]
    try:
        label = raw.decode("utf-8")
    except UnicodeDecodeError:
        label = raw.decode("cp1252", errors="replace")
    return label.rstrip(), rows


@dataclass
class XptData:
    """A dataset read back: frame, name, label, variable labels and character widths;
    ``formats``: the SAS display format of each variable that has one (None when the file
    kind cannot carry formats, e.g. a CORE case CSV)."""

    frame: pd.DataFrame
    name: str
    label: str
    labels: dict[str, str]
    widths: dict[str, int]
    encoding: str
    formats: dict[str, str] | None = None


def _from_member(path: Path, member: xpt_read.XptMember) -> XptData:
    problem = cut_short(path, len(member.frame))
    if problem:
        raise DataError(f"not a whole SAS transport file: {problem}", file=path)
    return XptData(member.frame, (member.name or path.stem).upper(), member.label,
                   {v.name: v.label for v in member.variables},
                   {v.name: v.width for v in member.variables}, "utf-8",
                   {v.name: v.format for v in member.variables
                    if v.format and v.format.upper() not in ("NUMBER", "$")})


def read_xpt(path: Path) -> XptData:
    """Read an XPT file (v5 or v8); bytes that are not UTF-8 are read as Windows-1252.
    Numeric dates stay SAS numbers whatever their display format. A plain XPT v5 file is
    read by :mod:`~cdisc_convert.io.xpt_read` (numpy, the frame pyreadstat reads), any
    other by pyreadstat."""
    path = Path(path)
    if not path.is_file():
        raise DataError("dataset file not found", file=path)
    fast = xpt_read.read_v5(path)
    if fast is not None:
        return _from_member(path, fast)
    encoding = "utf-8"
    try:
        df, meta = pyreadstat.read_xport(str(path), disable_datetime_conversion=True)
    except UnicodeDecodeError:
        encoding = "cp1252"
        df, meta = pyreadstat.read_xport(str(path), encoding="cp1252",
                                         disable_datetime_conversion=True)
    except pyreadstat.ReadstatError as exc:
        raise DataError(f"not a readable SAS transport file: {exc}", file=path) from None
    problem = cut_short(path, len(df)) if is_xpt_v5(path) else None
    if problem:
        raise DataError(f"not a whole SAS transport file: {problem}", file=path)
    labels = dict(zip(meta.column_names, meta.column_labels or [], strict=False))
    name = (meta.table_name or path.stem).upper()
    formats = {k: v for k, v in (meta.original_variable_types or {}).items()
               if v and v.upper() not in ("NUMBER", "$")}
    return XptData(df, name, meta.file_label or "", {k: v or "" for k, v in labels.items()},
                   dict(meta.variable_storage_width or {}), encoding, formats)
