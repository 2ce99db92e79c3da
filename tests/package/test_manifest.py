"""manifest.json: every file, sorted, with size and SHA-256; changes are detected."""

from __future__ import annotations

import hashlib
import json

from cdisc_convert.package.manifest import check_manifest, write_manifest


def test_entries_sorted_with_size_and_checksum(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.xpt").write_bytes(b"12345")
    (tmp_path / "a.html").write_bytes(b"")
    (tmp_path / ".stage.tmp").write_bytes(b"ignored")
    write_manifest(tmp_path, study="S1")
    doc = json.loads((tmp_path / "manifest.json").read_text())
    assert doc["study"] == "S1" and doc["files_count"] == 2 and doc["total_bytes"] == 5
    assert doc["files"] == [
        {"path": "a.html", "bytes": 0, "sha256": hashlib.sha256(b"").hexdigest()},
        {"path": "b/x.xpt", "bytes": 5, "sha256": hashlib.sha256(b"12345").hexdigest()}]


def test_check_finds_changed_missing_and_extra_files(tmp_path):
    (tmp_path / "a.xpt").write_bytes(b"a")
    (tmp_path / "b.xpt").write_bytes(b"b")
    write_manifest(tmp_path)
    assert check_manifest(tmp_path) == []
    (tmp_path / "a.xpt").write_bytes(b"A")
    (tmp_path / "b.xpt").unlink()
    (tmp_path / "c.xpt").write_bytes(b"c")
    assert check_manifest(tmp_path) == ["b.xpt: listed but absent", "c.xpt: present but not listed",
                                        "a.xpt: size or checksum differs"]

