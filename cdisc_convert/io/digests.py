"""SHA-256 of the files this process wrote, computed once while writing and reused.

A writer that hashes its bytes as it writes them (``write_xpt``, the package's copy)
:func:`remember` s the digest under the file's identity (device, inode, size, modification
time in ns); :func:`sha256` answers from there and reads the file only when it does not
know it. A hard link is the same inode, so a file linked into the submission package is
never read again for its manifest entry. Every writer replaces files whole (write beside,
then rename), which gives a new inode. Only digests computed from the bytes written are
kept; checking a package (:func:`read_sha256`) always reads the files.

>>> import tempfile, pathlib, hashlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_bytes(b"abc")
>>> sha256(p)[:16]
'ba7816bf8f01cfea'
>>> remember(p, "not-really"); sha256(p)
'not-really'
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

BLOCK = 1 << 20
_KNOWN: dict[tuple[int, int, int, int], str] = {}


def _identity(path: Path) -> tuple[int, int, int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def remember(path: Path, digest: str) -> None:
    """``digest`` is the SHA-256 of ``path`` as it is now."""
    _KNOWN[_identity(path)] = digest


def sha256(path: Path) -> str:
    """The file's SHA-256 (hex): the one a writer of this process gave, else read now."""
    return _KNOWN.get(_identity(path)) or read_sha256(path)


def read_sha256(path: Path) -> str:
    """The file's SHA-256 (hex), always read from the file (to check, not to write)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


class HashingWriter:
    """A binary file that hashes what is written to it.

    >>> import io
    >>> w = HashingWriter(io.BytesIO()); _ = w.write(b"abc"); w.hexdigest()[:8]
    'ba7816bf'
    """

    def __init__(self, fh: BinaryIO):
        self.fh, self.digest = fh, hashlib.sha256()

    def write(self, data: bytes | memoryview) -> int:
        self.digest.update(data)
        return self.fh.write(data)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def copy_hashed(src: Path, dest: Path) -> str:
    """Copy ``src`` to ``dest`` reading it once; returns (and remembers) ``dest``'s digest."""
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        out = HashingWriter(fout)
        for block in iter(lambda: fin.read(BLOCK), b""):
            out.write(block)
    digest = out.hexdigest()
    remember(dest, digest)
    return digest
