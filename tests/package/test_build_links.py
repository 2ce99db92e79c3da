"""The package holds no second copy: hard links where the file system allows, else a copy
read once; the manifest reuses the digests computed while writing (issue 16)."""

from __future__ import annotations

import errno
import os

from cdisc_convert.io import digests
from cdisc_convert.package import build_package as build_module
from cdisc_convert.package.build_package import build_package
from cdisc_convert.package.manifest import check_manifest
from tests.package.test_build import SDTM, tree


def test_packaged_files_are_hard_links_to_out(out, specs):
    pkg = build_package(out, specs)
    packaged = pkg.root / SDTM / "dm.xpt"
    assert os.stat(packaged).st_ino == os.stat(out / "sdtm" / "dm.xpt").st_ino
    assert os.stat(pkg.root / "validation" / "report.json").st_ino == os.stat(
        out / "validation" / "report.json").st_ino
    assert check_manifest(pkg.root) == []


def test_where_links_fail_files_are_copied_and_the_package_is_the_same(out, specs,
                                                                        monkeypatch):
    linked = tree(build_package(out, specs).root)

    def no_link(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")
    monkeypatch.setattr(build_module.os, "link", no_link)
    pkg = build_package(out, specs)
    assert os.stat(pkg.root / SDTM / "dm.xpt").st_ino != os.stat(out / "sdtm" / "dm.xpt").st_ino
    assert tree(pkg.root) == linked
    assert check_manifest(pkg.root) == []


def test_the_manifest_does_not_read_the_datasets_again(out, specs, monkeypatch):
    read = []
    original = digests.read_sha256
    monkeypatch.setattr(digests, "read_sha256", lambda p: read.append(p.name) or original(p))
    build_package(out, specs)
    assert "dm.xpt" not in read and "adsl.xpt" not in read      # hashed by write_xpt
    assert "reviewers-guide.html" in read                        # written without a digest


def test_a_rerun_replaces_out_files_without_touching_the_packaged_links(out, specs):
    from tests.package.conftest import write_dm
    pkg = build_package(out, specs)
    before = (pkg.root / SDTM / "dm.xpt").read_bytes()
    (out / "sdtm" / "dm.xpt").unlink()
    (out / "sdtm" / "dm.xpt").write_bytes(b"changed")           # a new file, not the link
    assert (pkg.root / SDTM / "dm.xpt").read_bytes() == before
    write_dm(out / "sdtm")
    assert check_manifest(pkg.root) == []


def test_check_manifest_reads_the_files_not_the_remembered_digests(out, specs):
    pkg = build_package(out, specs)
    packaged = pkg.root / SDTM / "dm.xpt"
    data = bytearray(packaged.read_bytes())
    data[-1] ^= 1
    st = os.stat(packaged)
    with open(packaged, "r+b") as fh:                            # changed in place
        fh.write(bytes(data))
    os.utime(packaged, ns=(st.st_atime_ns, st.st_mtime_ns))      # even with the same mtime
    assert check_manifest(pkg.root) == [f"{SDTM}/dm.xpt: size or checksum differs"]
