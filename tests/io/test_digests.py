"""Digests computed while writing, reused by the file's identity (tests for io/digests.py)."""

from __future__ import annotations

import hashlib
import os

from cdisc_convert.io import digests


def test_a_remembered_digest_holds_for_hard_links_and_not_for_a_new_file(tmp_path):
    a = tmp_path / "a.bin"
    a.write_bytes(b"abc")
    digests.remember(a, "remembered")
    os.link(a, tmp_path / "b.bin")
    assert digests.sha256(tmp_path / "b.bin") == "remembered"
    a.unlink()
    a.write_bytes(b"abd")                         # a new file at the same path
    assert digests.sha256(a) == hashlib.sha256(b"abd").hexdigest()
    assert digests.read_sha256(tmp_path / "b.bin") == hashlib.sha256(b"abc").hexdigest()


def test_copy_hashed_reads_once_and_remembers_the_copy(tmp_path):
    src, dest = tmp_path / "src.bin", tmp_path / "dest.bin"
    data = os.urandom(3 * digests.BLOCK + 17)
    src.write_bytes(data)
    assert digests.copy_hashed(src, dest) == hashlib.sha256(data).hexdigest()
    assert dest.read_bytes() == data
    assert digests._KNOWN[digests._identity(dest)] == hashlib.sha256(data).hexdigest()


def test_write_xpt_remembers_the_digest_of_the_bytes_it_wrote(tmp_path):
    import datetime

    import pandas as pd

    from cdisc_convert.io.xpt import write_xpt
    p = tmp_path / "dm.xpt"
    write_xpt(pd.DataFrame({"A": ["x"] * 5000, "N": range(5000)}), p, name="DM", label="",
              labels={}, timestamp=datetime.datetime(2025, 1, 1))
    assert digests._KNOWN[digests._identity(p)] == hashlib.sha256(p.read_bytes()).hexdigest()
