"""Write files so that nothing is ever half-written: temp file in the same folder, checked,
then renamed into place; a folder is staged whole and replaces the old one only when done.

A write that fails (full disk, file size limit, no permission, ``--out`` a regular file) is
one :class:`~cdisc_convert.errors.DataError` naming the path and the cause; the previous
output stays as it was. Staging folders left by a run that was killed are removed by the
next run (each names the process that made it; a live process's folder is left alone).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> write_bytes(p, b"x"); p.read_bytes()
b'x'
>>> write_bytes(p / "b.txt", b"y")
Traceback (most recent call last):
...
cdisc_convert.errors.DataError: .../a.txt/b.txt: cannot write: ...
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cdisc_convert.errors import DataError

#: File in every staging folder naming the process that made it.
OWNER = ".owner"


def _cannot(path: Path, exc: OSError) -> DataError:
    return DataError(f"cannot write: {exc.strerror or exc}", file=path)


@contextmanager
def atomic_path(path: Path, verify: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield a temp path beside ``path``; when the block succeeds (and ``verify(tmp)`` does
    not raise) rename it into place, else remove it. OS errors become a DataError."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())   # mkstemp makes 0600; outputs are shared files
    except OSError as exc:
        raise _cannot(path, exc) from None
    try:
        yield Path(tmp)
        if verify is not None:
            verify(Path(tmp))
        os.replace(tmp, path)
    except OSError as exc:
        raise _cannot(path, exc) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_size(expected: int) -> Callable[[Path], None]:
    """A ``verify`` for :func:`atomic_path`: the file holds exactly ``expected`` bytes."""
    def verify(tmp: Path) -> None:
        size = tmp.stat().st_size
        if size != expected:
            raise DataError(f"written file holds {size:,} bytes, expected {expected:,} "
                            "(disk full or a file size limit?)", file=tmp)
    return verify


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path, check_size(len(data))) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_stages(target: Path) -> list[Path]:
    """Staging folders of ``target`` left by a process that no longer runs; removed."""
    removed = []
    for stage in Path(target).parent.glob(f".{Path(target).name}.*"):
        owner = stage / OWNER
        try:
            pid = int(owner.read_text(encoding="ascii").strip()) if owner.is_file() else None
        except (OSError, ValueError):
            pid = None
        if stage.is_dir() and pid is not None and not _alive(pid):
            shutil.rmtree(stage, ignore_errors=True)
            removed.append(stage)
    return removed


@contextmanager
def staged_dir(target: Path) -> Iterator[Path]:
    """Fill a fresh folder beside ``target``; on success it replaces ``target`` whole."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and not target.is_dir():
            raise NotADirectoryError(20, "exists and is not a folder")
        remove_stale_stages(target)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        os.chmod(stage, 0o777 & ~_umask())
        (stage / OWNER).write_text(str(os.getpid()), encoding="ascii")
    except OSError as exc:
        raise _cannot(target, exc) from None
    try:
        yield stage
        (stage / OWNER).unlink()
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            (old / OWNER).write_text(str(os.getpid()), encoding="ascii")
            os.replace(target, old / "x")
        os.replace(stage, target)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise _cannot(target, exc) from None
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
