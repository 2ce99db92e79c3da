"""Read a SAS transport (XPORT) v5 file with numpy: every row of a column at once.

The values are what pyreadstat (ReadStat) reads from the same bytes, so the frame is equal
to pyreadstat's (``tests/io/test_xpt_read.py`` compares both on every XPT file at hand):

- the NAMESTRs give names, labels and widths; as in ReadStat, values follow one another
  in NAMESTR order (``npos`` is not read) and a number takes 8 bytes;
- text loses its trailing blanks (leading ones stay) and is UTF-8; numbers are IBM 370
  doubles converted as TS-140's ``xpt2ieee`` converts them (the bits ReadStat gives); a
  number whose last 7 bytes are zero and first is not (the SAS missing values ``.``,
  ``.A``-``.Z``, ``._``) is NaN;
- all-blank records at the end are the padding of the last 80-byte record and are dropped
  (blank records before a filled one are kept).

A file this reader does not take on (XPT v8, several members, 136-byte NAMESTRs, a number
shorter than 8 bytes, text holding NUL bytes or not UTF-8, no records) gives None: the
caller reads it with pyreadstat. Text is decoded once per distinct value, so a column of a
million records holding a hundred values makes a hundred strings, shared by the records.

>>> raw = bytes.fromhex("4110000000000000 C276A00000000000 0000000000000000 2E00000000000000")
>>> ibm_to_ieee(np.frombuffer(raw, dtype=">u8")).tolist()
[1.0, -118.625, 0.0, nan]
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

RECORD = 80
V5_LIBRARY = b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!"
_MEMBER = b"HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!"
_NAMESTR = b"HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!"
_OBS = b"HEADER RECORD*******OBS     HEADER RECORD!!!!!!!"
_NAMESTR_LAYOUT = struct.Struct(">hhhh8s40s8shhhh8shhl52s")
#: Text up to this many bytes is told apart as 64-bit words, wider text as bytes objects.
WORDS_UP_TO = 64
#: pandas' text dtype, as pyreadstat's frames hold it.
TEXT = pd.StringDtype(na_value=np.nan)


@dataclass(frozen=True)
class Variable:
    """One NAMESTR: name, label, numeric or not, width (bytes in a record) and the SAS
    display format as ReadStat spells it (``DATE9.``, ``8.2``; '' when none)."""

    name: str
    label: str
    numeric: bool
    width: int
    format: str = ""


@dataclass
class XptMember:
    """What :func:`read_v5` read: the frame and the header metadata pyreadstat gives."""

    frame: pd.DataFrame
    name: str
    label: str
    variables: list[Variable]


def ibm_to_ieee(words: np.ndarray) -> np.ndarray:
    """IBM 370 doubles (as big-endian 64-bit words) -> float64, bit for bit as TS-140's
    ``xpt2ieee``; missing values (last 7 bytes zero, first not) -> NaN.

    >>> ibm_to_ieee(np.array([0x401999999999999A, 0x7FFFFFFFFFFFFFFF], dtype=np.uint64))
    array([0.1, inf])
    """
    x = np.asarray(words, dtype=np.uint64)
    hi = x >> np.uint64(32)
    lo = x & np.uint64(0xFFFFFFFF)
    shift = np.zeros(len(x), dtype=np.uint64)
    for bit, n in ((0x00200000, 1), (0x00400000, 2), (0x00800000, 3)):
        shift[(hi & np.uint64(bit)) != 0] = n      # the highest set bit wins (set last)
    frac_hi = (hi & np.uint64(0x00FFFFFF)) >> shift
    carried = (hi & np.uint64(7)) << (np.uint64(32) - shift)
    frac_lo = np.where(shift > 0, (lo >> shift) | (carried & np.uint64(0xFFFFFFFF)), lo)
    frac_hi &= np.uint64(0xFFEFFFFF)
    exponent = (((hi >> np.uint64(24)) & np.uint64(0x7F)).astype(np.int64) - 65) * 4 \
        + shift.astype(np.int64) + 1023
    top = frac_hi | (exponent.astype(np.uint64) << np.uint64(20)) | (hi & np.uint64(0x80000000))
    out = ((top << np.uint64(32)) | frac_lo).view(np.float64)
    out[x == 0] = 0.0
    infinite = ((hi & np.uint64(0x7FFFFFFF)) == 0x7FFFFFFF) & (lo == 0xFFFFFFFF)
    out[infinite] = np.where(hi[infinite] >> np.uint64(31), -np.inf, np.inf)
    missing = (x >> np.uint64(56) != 0) & ((x & np.uint64(0x00FFFFFFFFFFFFFF)) == 0)
    out[missing] = np.nan
    return out


def _text(raw: bytes) -> str:
    """A header field as ReadStat gives it: trailing blanks dropped, UTF-8."""
    return raw.rstrip(b" ").decode("utf-8")


def _format(name: str, width: int, decimals: int) -> str:
    """A NAMESTR's format as ReadStat spells it.

    >>> _format("DATE", 9, 0), _format("", 8, 2), _format("$", 0, 0), _format("", 0, 0)
    ('DATE9.', '8.2', '$.', '')
    """
    if not name and not width:
        return ""
    if decimals:
        return f"{name}{width}.{decimals}"
    return f"{name}{width}." if width else f"{name}."


def _variables(head: bytes, at: int, count: int) -> list[Variable] | None:
    out = []
    for i in range(count):
        f = _NAMESTR_LAYOUT.unpack_from(head, at + i * 140)
        if f[0] not in (1, 2) or (f[0] == 1 and f[2] != 8) or f[2] <= 0:
            return None
        out.append(Variable(_text(f[4]), _text(f[5]), f[0] == 1, f[2],
                            _format(_text(f[6]), f[7], f[8])))
    names = [v.name for v in out]
    return out if all(names) and len(set(names)) == len(names) else None


def _header(data: np.ndarray) -> tuple[str, str, list[Variable], int] | None:
    """(dataset name, label, variables, offset of the first record), or None."""
    head = data[:RECORD * 8].tobytes()
    if not head.startswith(V5_LIBRARY) or head[240:288] != _MEMBER or \
            head[240 + 74:240 + 78] != b"0140" or head[560:608] != _NAMESTR:
        return None
    count = int(head[560 + 54:560 + 58] or b"0")
    first = 640 + -(-count * 140 // RECORD) * RECORD + RECORD
    head = data[:first].tobytes()
    if len(head) < first or head[first - RECORD:first - RECORD + 48] != _OBS or not count:
        return None
    variables = _variables(head, 640, count)
    if variables is None:
        return None
    return _text(head[408:416]), _text(head[480 + 32:480 + 72]), variables, first


def _records(data: np.ndarray, first: int, width: int) -> np.ndarray:
    """The records as an (n, width) byte grid, trailing all-blank records dropped."""
    rows = (len(data) - first) // width
    grid = data[first:first + rows * width].reshape(rows, width)
    while rows:
        take = min(rows, 4096)
        filled = np.flatnonzero((grid[rows - take:rows] != 32).any(axis=1))
        if len(filled):
            return grid[:rows - take + int(filled[-1]) + 1]
        rows -= take
    return grid[:0]


def _row_codes(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code of each row's bytes, first row of each code), codes by first appearance: the
    cells are read as 64-bit words and the words' codes combined column by column."""
    n, width = cells.shape
    words = np.zeros((n, -(-width // 8) * 8), dtype=np.uint8)
    words[:, :width] = cells
    grid = words.view(np.uint64)
    key = pd.factorize(grid[:, 0])[0]
    for j in range(1, grid.shape[1]):
        codes, uniques = pd.factorize(grid[:, j])
        if len(uniques) > 1:
            key = pd.factorize(key * len(uniques) + codes)[0]
    firsts = pd.Series(key).drop_duplicates().index.to_numpy()
    return key, firsts


def _text_column(cells: np.ndarray) -> pd.Series | None:
    """Blank-padded text cells (n, width) as pandas text, each distinct value decoded once;
    None when a value is not UTF-8 or holds a NUL byte (ReadStat ends the value there)."""
    n, width = cells.shape
    if width <= WORDS_UP_TO:
        codes, firsts = _row_codes(cells)
        distinct = cells[firsts]
    else:
        codes, uniques = pd.factorize(
            np.ascontiguousarray(cells).view(f"S{width}").ravel().astype(object))
        distinct = np.array(uniques, dtype=f"S{width}").view(np.uint8).reshape(-1, width)
    if not distinct.all():
        return None
    try:
        shown = np.array([bytes(u).rstrip(b" ").decode("utf-8") for u in distinct],
                         dtype=object)
    except UnicodeDecodeError:
        return None
    return pd.Series(pd.array(shown[codes], dtype=TEXT))


def read_v5(path: Path) -> XptMember | None:
    """The one member of an XPT v5 file as pyreadstat reads it; None when the file is not
    one this reader takes on (see the module docstring)."""
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size < RECORD * 9:
            return None
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    data = np.frombuffer(mapped, dtype=np.uint8)
    found = _header(data)
    if found is None:
        return None
    name, label, variables, first = found
    width = sum(v.width for v in variables)
    if mapped.find(_MEMBER, first) >= 0:    # a second member: pyreadstat's case
        return None
    grid = _records(data, first, width)
    if not len(grid):
        return None
    columns: dict[str, pd.Series] = {}
    pos = 0
    for v in variables:
        cells = grid[:, pos:pos + v.width]
        pos += v.width
        if v.numeric:
            words = np.ascontiguousarray(cells).view(">u8").ravel()
            codes, uniques = pd.factorize(words.astype(np.uint64))  # numbers repeat
            columns[v.name] = pd.Series(ibm_to_ieee(np.asarray(uniques))[codes])
            continue
        text = _text_column(cells)
        if text is None:
            return None
        columns[v.name] = text
    return XptMember(pd.DataFrame(columns, copy=False), name, label, variables)
