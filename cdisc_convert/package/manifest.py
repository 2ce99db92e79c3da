"""``manifest.json``: every file of the package with its size and SHA-256, sorted by path.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_bytes(b"abc")
>>> _ = write_manifest(root); check_manifest(root)
[]
>>> manifest_entries(root)[0]["sha256"][:16]
'ba7816bf8f01cfea'
"""

from __future__ import annotations

import json
from pathlib import Path

from cdisc_convert.io import digests
from cdisc_convert.io.atomic import write_text

MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    """SHA-256 of the file as it is on disk (read now)."""
    return digests.read_sha256(path)


def manifest_entries(root: Path, *, written: bool = False) -> list[dict]:
    """``{path, bytes, sha256}`` for every file under ``root`` except the manifest itself.
    ``written``: the files were just written or linked by this process, so the digests their
    writers computed are used instead of reading the files again."""
    root = Path(root)
    digest = digests.sha256 if written else sha256
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST
                   and not p.name.startswith("."))
    return sorted(({"path": p.relative_to(root).as_posix(), "bytes": p.stat().st_size,
                    "sha256": digest(p)} for p in files), key=lambda e: e["path"])


def manifest_json(entries: list[dict], **header) -> str:
    """The manifest text: header fields, totals, then the files (stable key order)."""
    doc = {**header, "algorithm": "SHA-256", "files_count": len(entries),
           "total_bytes": sum(e["bytes"] for e in entries), "files": entries}
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def write_manifest(root: Path, **header) -> list[dict]:
    """Write ``root/manifest.json`` (digests computed while the files were written are
    reused); returns its entries."""
    entries = manifest_entries(root, written=True)
    write_text(Path(root) / MANIFEST, manifest_json(entries, **header))
    return entries


def check_manifest(root: Path) -> list[str]:
    """Problems between ``manifest.json`` and the files: missing, extra, changed."""
    root = Path(root)
    listed = {e["path"]: e for e in json.loads((root / MANIFEST).read_text("utf-8"))["files"]}
    actual = {e["path"]: e for e in manifest_entries(root)}
    problems = [f"{p}: listed but absent" for p in sorted(set(listed) - set(actual))]
    problems += [f"{p}: present but not listed" for p in sorted(set(actual) - set(listed))]
    problems += [f"{p}: size or checksum differs" for p in sorted(set(listed) & set(actual))
                 if listed[p] != actual[p]]
    return problems
