"""The bytes of a SAS transport (XPORT) v5 file, per SAS technical note TS-140, vectorised.

A file is 80-byte records: the library header (3 records), the member and descriptor
headers (5 records: dataset name, label, stamps), one 140-byte NAMESTR per variable (padded
with blanks to a whole record), the OBS header, then the observations: fixed-width records
(character values blank-padded, numbers as 8-byte IBM 370 floats) written back to back and
blank-padded at the end to a whole 80-byte record. The layout and header texts are those
pyreadstat (ReadStat) writes, so the bytes are the same as before this writer replaced it.

Numbers are converted for all rows at once: IEEE 754 binary64 -> IBM hexadecimal float,
exactly (53 significant bits fit the 56 of IBM; no rounding). NaN is the SAS missing
value ``.`` (0x2E then zeros). As in TS-140's ``ieee2xpt`` (and so pyreadstat), a value with
|x| >= 2**249 (and +-inf) is written as the largest IBM value of its sign and one below
2**-260 (and -0.0) as 0.

Where the bytes can differ from pyreadstat's (neither occurs in our datasets): a format
name over 8 characters (pyreadstat cuts it; here it is refused) and text holding NUL
characters (pyreadstat ends the value at the first; here they are kept, trailing ones
written as blanks).

>>> ibm_floats(np.array([1.0, -118.625, 0.0, np.nan])).view(">u8").ravel().tolist() == [
...     0x4110000000000000, 0xC276A00000000000, 0, 0x2E00000000000000]
True
>>> parse_format("DATE9."), parse_format("8.2"), parse_format("$CHAR20.")
(('DATE', 9, 0), ('', 8, 2), ('$CHAR', 20, 0))
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Protocol

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

RECORD = 80
#: Bytes of observations converted per block (bounds the memory a large dataset needs).
BLOCK_BYTES = 1 << 25
_FORMAT = re.compile(r"^(\$?(?:[A-Za-z_](?:[A-Za-z_0-9]*[A-Za-z_])?)?)(\d*)\.?(\d*)$")
_MISSING = np.uint64(0x2E << 56)


def ibm_floats(values: np.ndarray) -> np.ndarray:
    """IEEE doubles -> big-endian IBM 370 doubles (uint8 array of shape (n, 8)).

    >>> ibm_floats(np.array([0.1])).tobytes().hex()
    '401999999999999a'
    """
    v = np.ascontiguousarray(values, dtype=np.float64)
    bits = v.view(np.uint64)
    exp = ((bits >> np.uint64(52)) & np.uint64(0x7FF)).astype(np.int64) - 1023
    shift = (exp & 3).astype(np.uint64)
    mantissa = (bits & np.uint64(0x000FFFFFFFFFFFFF)) | np.uint64(1 << 52)
    sign = (bits >> np.uint64(63)) << np.uint64(63)
    hexexp = ((exp >> 2) + 65).astype(np.uint64) & np.uint64(0x7F)
    out = sign | (hexexp << np.uint64(56)) | (mantissa << shift)
    out[exp < -260] = 0                                   # too small, zero, -0.0, subnormal
    out[exp > 248] = sign[exp > 248] | np.uint64(0x7FFFFFFFFFFFFFFF)  # too large, +-inf
    out[np.isnan(v)] = _MISSING
    return out.astype(">u8").view(np.uint8).reshape(-1, 8)


def parse_format(fmt: str) -> tuple[str, int, int]:
    """A SAS format (``DATE9.``, ``8.2``, ``$CHAR20.``) as NAMESTR's (name, width, decimals).

    >>> parse_format("E8601DT19.3"), parse_format("IS8601DT.")
    (('E8601DT', 19, 3), ('IS8601DT', 0, 0))
    """
    m = _FORMAT.match(fmt.strip())
    if not m or not fmt.strip() or len(m.group(1)) > 8:
        raise ValueError(f"{fmt!r} is not a SAS format an XPT v5 file can hold (a name of at "
                         "most 8 characters, then width.decimals, e.g. DATE9. or 8.2)")
    return m.group(1), int(m.group(2) or 0), int(m.group(3) or 0)


class Sink(Protocol):
    """Where bytes go: a binary file, or a wrapper that hashes them on the way."""

    def write(self, data: bytes | memoryview, /) -> int: ...


@dataclass
class Column:
    """One variable as written: name, label, numeric or character, width, format, values."""

    name: str
    label: str
    numeric: bool
    width: int
    values: np.ndarray          # float64 for numbers, else blank-padded bytes (S<width>)
    format: tuple[str, int, int] | None = None


def _char_values(values: np.ndarray) -> np.ndarray:
    """Text as blank-padded fixed-width bytes, as wide as the longest value (at least 1;
    the caller has checked it is ASCII)."""
    if infer_dtype(values, skipna=False) != "string":
        values = np.array([str(v) for v in values], dtype=object)
    if not len(values):
        return np.array([], dtype="S1")
    out = np.array(values, dtype="S")
    grid = out.view(np.uint8).reshape(len(out), -1)
    if not grid[:, -1].any():             # all empty: numpy picks a wider itemsize
        used = np.flatnonzero(grid.any(axis=0))
        out = out.astype(f"S{int(used[-1]) + 1 if len(used) else 1}")
        grid = out.view(np.uint8).reshape(len(out), -1)
    grid[grid == 0] = 32                  # fixed-width bytes are NUL-padded: blanks
    return out


_EPOCH = datetime(1960, 1, 1)
#: Python date/time types pyreadstat writes as SAS numbers: (SAS value, default format).
_SAS_TIME: dict[type, tuple[Callable[[Any], float], str]] = {
    date: (lambda v: float((v - _EPOCH.date()).days), "DATE"),
    datetime: (lambda v: (v.replace(tzinfo=None) - _EPOCH).total_seconds(), "DATETIME"),
    time: (lambda v: (datetime.combine(date.min, v) - datetime.min).total_seconds(), "TIME"),
}


def _same_type(values: np.ndarray) -> type | None:
    """The one type of every value (None when they differ or there is none); all text (the
    usual case, checked in C) is ``str``."""
    if not len(values):
        return None
    if infer_dtype(values, skipna=False) == "string":
        return str
    first = type(values[0])
    return first if all(type(v) is first for v in values) else None


def to_column(col: pd.Series, label: str, fmt: str | None) -> Column:
    """One frame column ready to be laid out, typed as pyreadstat types it: numeric dtypes
    (NaN: missing), object columns of only int, float or bool (numbers), of only dates,
    datetimes or times (SAS numbers with DATE / DATETIME / TIME formats), else text (missing
    values as '', other objects as ``str(value)``).

    >>> c = to_column(pd.Series(["a", None, "abc"], name="X"), "Ex", None)
    >>> (c.numeric, c.width, c.values.tolist())
    (False, 3, [b'a  ', b'   ', b'abc'])
    """
    name = str(col.name)
    parsed = parse_format(fmt) if fmt else None
    if col.dtype.kind in "fiub":
        values = col.to_numpy(dtype=np.float64, na_value=np.nan)
        return Column(name, label, True, 8, values, parsed)
    filled = col.astype(object).where(col.notna(), "").to_numpy(dtype=object)
    kind = _same_type(filled)
    if kind in (int, float, bool):
        return Column(name, label, True, 8, filled.astype(np.float64), parsed)
    if kind in _SAS_TIME:
        convert, default = _SAS_TIME[kind]
        values = np.array([convert(v) for v in filled], dtype=np.float64)
        return Column(name, label, True, 8, values, parsed or parse_format(default))
    values = _char_values(filled)
    return Column(name, label, False, max(values.dtype.itemsize, 1), values, parsed)


def _pad(text: str | bytes, width: int) -> bytes:
    data = text.encode("ascii") if isinstance(text, str) else text
    return data[:width].ljust(width, b" ")


def _header(name: str, numbers: str = "0" * 30) -> bytes:
    return _pad(f"HEADER RECORD*******{name:<8}HEADER RECORD!!!!!!!{numbers}", RECORD)


def sas_stamp(ts: datetime) -> str:
    """``ddMMMyy:hh:mm:ss`` as the headers hold it.

    >>> sas_stamp(datetime(2025, 6, 30, 12, 0, 0))
    '30JUN25:12:00:00'
    """
    return ts.strftime("%d%b%y:%H:%M:%S").upper()


def header_bytes(name: str, label: str, columns: list[Column], ts: datetime) -> bytes:
    """Everything before the first observation: library, member, NAMESTRs, OBS header."""
    stamp = sas_stamp(ts)
    out = [_header("LIBRARY"),
           _pad(f"{'SAS':<8}{'SAS':<8}{'SASLIB':<8}{'6.06':<8}{'bsd4.2':<8}{'':<24}{stamp}",
                RECORD),
           _pad(stamp, RECORD),
           _header("MEMBER", "000000000000000001600000000140"),
           _header("DSCRPTR"),
           _pad(f"{'SAS':<8}{name:<8}{'SASDATA':<8}{'6.06':<8}{'bsd4.2':<8}{'':<24}{stamp}",
                RECORD),
           _pad(f"{stamp}{'':16}{label:<40}", RECORD),
           _header("NAMESTR", f"000000{len(columns):04d}" + "0" * 20)]
    names, pos = bytearray(), 0
    for i, c in enumerate(columns):
        fname, fwidth, fdec = c.format or ("", 0, 0)
        names += struct.pack(">hhhh8s40s8shhhh8shhl52s", 1 if c.numeric else 2, 0, c.width,
                             i + 1, _pad(c.name, 8), _pad(c.label, 40), _pad(fname, 8),
                             fwidth, fdec, 1 if c.numeric else 0, 0, b" " * 8, 0, 0, pos,
                             b"\0" * 52)
        pos += c.width
    names += b" " * (-len(names) % RECORD)
    return b"".join(out) + bytes(names) + _header("OBS")


def write_observations(fh: Sink, columns: list[Column], rows: int) -> int:
    """Write the observations block by block; returns the bytes written (padding included)."""
    width = sum(c.width for c in columns)
    step = max(1, BLOCK_BYTES // max(width, 1))
    written = 0
    for start in range(0, rows if width else 0, step):
        stop = min(rows, start + step)
        block = np.empty((stop - start, width), dtype=np.uint8)
        pos = 0
        for c in columns:
            part = block[:, pos:pos + c.width]
            if c.numeric:
                part[:] = ibm_floats(c.values[start:stop])
            else:
                part[:] = c.values[start:stop].view(np.uint8).reshape(-1, c.width)
            pos += c.width
        written += fh.write(memoryview(block.data).cast("B"))
    written += fh.write(b" " * (-written % RECORD))
    return written


def write_member(fh: Sink, columns: list[Column], rows: int, *, name: str, label: str,
                 ts: datetime) -> None:
    """Write the columns (see :func:`to_column`) as a one-member XPT v5 file to ``fh``
    (the limits already checked)."""
    fh.write(header_bytes(name, label, columns, ts))
    write_observations(fh, columns, rows)
