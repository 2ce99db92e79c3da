"""A minimal, independent XPT v5 reader for the tests (SAS technical note TS-140).

It shares no code with cdisc_convert or pyreadstat: it parses the 80-byte header records,
the 140-byte NAMESTRs and the IBM 370 doubles itself, one value at a time, so a test can
check the writer against a second reading of the same bytes.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field

NAMESTR = struct.Struct(">hhhh8s40s8shhhh8shhl52s")
MISSING = {0x2E: ".", 0x5F: "_", **{c: chr(c) for c in range(ord("A"), ord("Z") + 1)}}


@dataclass
class Var:
    name: str
    label: str
    numeric: bool
    length: int
    position: int
    format: str
    varnum: int


@dataclass
class Member:
    name: str
    label: str
    created: str
    variables: list[Var] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)


def ibm_to_float(b: bytes) -> float | str:
    """An 8-byte IBM 370 double; a SAS missing value as its letter ('.', 'A'.. 'Z', '_')."""
    if b[0] in MISSING and not any(b[1:]):
        return MISSING[b[0]]
    sign = -1.0 if b[0] & 0x80 else 1.0
    exponent = (b[0] & 0x7F) - 64
    fraction = int.from_bytes(b[1:], "big")
    return sign * math.ldexp(fraction, 4 * exponent - 56)


def _format(name: bytes, width: int, decimals: int) -> str:
    text = name.decode("ascii").rstrip()
    if not text and not width and not decimals:
        return ""
    return f"{text}{width or ''}.{decimals or ''}"


def _records(data: bytes, at: int) -> bytes:
    return data[at:at + 80]


def read(data: bytes) -> Member:
    """Parse one-member XPT v5 bytes."""
    assert len(data) % 80 == 0, "not whole 80-byte records"
    assert _records(data, 0).startswith(b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!")
    assert _records(data, 240).startswith(b"HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!")
    assert _records(data, 320).startswith(b"HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!")
    member_rec, label_rec = _records(data, 400), _records(data, 480)
    assert member_rec[:8] == b"SAS     " and member_rec[16:24] == b"SASDATA "
    namestr_head = _records(data, 560)
    assert namestr_head.startswith(b"HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!")
    count = int(namestr_head[54:58])
    member = Member(member_rec[8:16].decode("ascii").rstrip(),
                    label_rec[32:72].decode("ascii").rstrip(), member_rec[64:80].decode())
    for i in range(count):
        f = NAMESTR.unpack(data[640 + i * 140:640 + (i + 1) * 140])
        member.variables.append(Var(f[4].decode("ascii").rstrip(), f[5].decode("ascii").rstrip(),
                                    f[0] == 1, f[2], f[14], _format(f[6], f[7], f[8]), f[3]))
    obs = 640 + -(-count * 140 // 80) * 80
    assert _records(data, obs).startswith(b"HEADER RECORD*******OBS     HEADER RECORD!!!!!!!")
    body = data[obs + 80:]
    width = sum(v.length for v in member.variables)
    n = len(body) // width if width else 0
    while n and len(body) - (n - 1) * width < 80 and not body[(n - 1) * width:].strip(b" "):
        n -= 1     # trailing blanks are the padding of the last 80-byte record
    for r in range(n):
        rec = body[r * width:(r + 1) * width]
        member.rows.append([
            ibm_to_float(rec[v.position:v.position + 8]) if v.numeric
            else rec[v.position:v.position + v.length].rstrip(b" ").decode("ascii")
            for v in member.variables])
    return member
