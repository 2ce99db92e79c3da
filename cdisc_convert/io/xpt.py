"""SAS transport (XPORT) v5 files as the FDA accepts them.

pyreadstat writes v8 unless told otherwise, cuts labels over 40 characters and
writes non-ASCII bytes or 200+ byte values into a "v5" file without a word, so
:func:`check_xpt` looks first and :func:`write_xpt` refuses to write a file that
breaks a limit. The header timestamps come from the caller (spec or
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

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyreadstat

from cdisc_convert.errors import DataError
from cdisc_convert.findings import Finding, finding
from cdisc_convert.io.atomic import atomic_path
from cdisc_convert.standards import versions
from cdisc_convert.vector import map_unique

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


def check_values(df: pd.DataFrame, name: str) -> list[Finding]:
    """Character values: ASCII only, at most 200 bytes. Vectorised per column."""
    out: list[Finding] = []
    for col in df.columns:
        if df[col].dtype.kind in "fiub":
            continue
        s = map_unique(df[col], str, na="")
        nbytes = map_unique(s, lambda v: len(v.encode("utf-8")), na=0, dtype=int)
        ascii_ok = map_unique(s, str.isascii, na=True, dtype=bool)
        for mask, code in ((~ascii_ok, "XPT-ASCII"),
                           (nbytes > versions.XPT_MAX_CHAR_BYTES, "XPT-LENGTH")):
            for i in mask[mask].index[:MAX_FINDINGS]:
                out.append(_bad(code, name, col, row=int(i) + 1, value=s.iloc[i]))
    return out


def check_xpt(df: pd.DataFrame, name: str, label: str, labels: dict[str, str]) -> list[Finding]:
    """Every FDA/XPT v5 limit this frame would break, one finding per problem."""
    return check_names(name, label, labels, list(df.columns)) + check_values(
        df.reset_index(drop=True), name)


def sas_datetime(ts: datetime) -> bytes:
    return ts.strftime("%d%b%y:%H:%M:%S").upper().encode("ascii")


def set_header_timestamps(data: bytes, ts: datetime) -> bytes:
    """Overwrite the created/modified stamps of the library and member headers."""
    stamp, buf = sas_datetime(ts), bytearray(data)
    pos = 0
    while pos + 80 <= len(buf):
        rec = bytes(buf[pos:pos + 80])
        if rec.startswith(b"HEADER RECORD*******NAMESTR"):
            pos += 80
            while pos + 80 <= len(buf) and not bytes(buf[pos:pos + 80]).startswith(
                    b"HEADER RECORD*******MEMBER"):
                pos += 80
            continue
        if rec.startswith((b"HEADER RECORD*******LIBRARY", b"HEADER RECORD*******DSCRPTR")):
            buf[pos + 80 + 64:pos + 160] = stamp
            buf[pos + 160:pos + 176] = stamp
            pos += 240
            continue
        pos += 80
    return bytes(buf)


def is_xpt_v5(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(V5_HEADER)) == V5_HEADER


def write_xpt(df: pd.DataFrame, path: Path, *, name: str, label: str, labels: dict[str, str],
              timestamp: datetime, formats: Mapping[str, str] | None = None) -> None:
    """Write one dataset as XPT v5 or raise a DataError listing every broken limit.

    ``formats`` gives SAS display formats by variable (``{"TRTSDT": "DATE9."}``), so a
    reader shows a numeric date as a date.
    """
    problems = check_xpt(df, name, label, labels)
    if problems:
        lines = [f"  {p.dataset}.{p.variable or ''} row {p.row or '-'}: {p.message}: "
                 f"{p.value!r}" for p in problems[:10]]
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        err = DataError(f"cannot write {path.name} as XPT v5:\n" + "\n".join(lines) + more)
        err.findings = problems
        raise err
    frame = df.copy()
    for col in frame.columns:
        if frame[col].dtype.kind not in "fiub":
            frame[col] = frame[col].astype(object).where(frame[col].notna(), "")
    with atomic_path(path) as tmp:
        pyreadstat.write_xport(frame, str(tmp), file_label=label, table_name=name,
                               column_labels=[labels.get(c, "") for c in frame.columns],
                               variable_format=dict(formats or {}), file_format_version=5)
        data = set_header_timestamps(tmp.read_bytes(), timestamp)
        tmp.write_bytes(data)
        if not is_xpt_v5(tmp):
            raise DataError("pyreadstat did not write an XPT v5 header", file=path)
        check_written(tmp.read_bytes(), len(frame), len(frame.columns), path)


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


def check_written(data: bytes, rows: int, columns: int, path: Path) -> None:
    """The XPT v5 bytes hold ``columns`` variables and room for exactly ``rows`` records
    (a file cut short by a full disk or a size limit is refused before it is moved in).

    >>> import tempfile, datetime
    >>> p = Path(tempfile.mkdtemp()) / "dm.xpt"
    >>> write_xpt(pd.DataFrame({"A": ["x", "y"], "N": [1.0, 2.0]}), p, name="DM", label="",
    ...           labels={}, timestamp=datetime.datetime(2025, 1, 1))
    >>> check_written(p.read_bytes()[:-80], 2, 2, p)
    Traceback (most recent call last):
    ...
    cdisc_convert.errors.DataError: .../dm.xpt: written XPT holds ... records, expected 2 ...
    """
    found = layout(data)
    if found is None or len(data) % 80:
        raise DataError("written XPT is incomplete (no variable or record section, or not a "
                        "whole number of 80-byte records)", file=path)
    count, first, length = found
    body = len(data) - first
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


@dataclass
class XptData:
    """A dataset read back: frame, name, label, variable labels and character widths."""

    frame: pd.DataFrame
    name: str
    label: str
    labels: dict[str, str]
    widths: dict[str, int]
    encoding: str


def read_xpt(path: Path) -> XptData:
    """Read an XPT file (v5 or v8); bytes that are not UTF-8 are read as Windows-1252.
    Numeric dates stay SAS numbers whatever their display format."""
    path = Path(path)
    if not path.is_file():
        raise DataError("dataset file not found", file=path)
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
    return XptData(df, name, meta.file_label or "", {k: v or "" for k, v in labels.items()},
                   dict(meta.variable_storage_width or {}), encoding)
