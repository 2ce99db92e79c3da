"""The stylesheet, define.html, and the page as headless Chromium renders define.xml."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cdisc_convert.define.builder import STYLESHEET, build_define
from cdisc_convert.define.render import render_html, stylesheet_bytes, write_define
from tests.define.conftest import ROOT, STAMP

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--allow-file-access-from-files")


@pytest.fixture(scope="module")
def written(specs, sdtm_frames, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sdtm")
    built = build_define(specs.study, specs.sdtm, sdtm_frames, STAMP)
    return write_define(built, folder / "define.xml"), built


def test_packaged_stylesheet_is_the_repository_one():
    assert stylesheet_bytes() == (ROOT / "define" / STYLESHEET).read_bytes(), (
        "copy define/define2-1.xsl to cdisc_convert/define/assets/define2-1.xsl")


def test_write_define_writes_xml_stylesheet_and_html(written):
    paths, built = written
    assert [p.name for p in paths] == ["define.xml", STYLESHEET, "define.html"]
    assert paths[0].read_bytes() == built.xml
    assert paths[1].read_bytes() == stylesheet_bytes()


def test_define_html_shows_every_dataset_with_links(written, sdtm_frames):
    html = written[0][2].read_text(encoding="utf-8")
    for name in sdtm_frames:
        assert f'id="IG.{name}"' in html and f'href="{name.lower()}.xpt"' in html
    for anchor in ('href="#CL.NY"', 'href="#MT.LB.LBSTRESN"', 'href="#VL.LB.LBORRES"',
                   'id="VL.LB.LBORRES"', 'id="CL.NY"', 'id="MT.LB.LBSTRESN"'):
        assert anchor in html


def test_html_is_reproducible(written):
    paths, built = written
    assert render_html(built.xml) == paths[2].read_bytes()


def _chromium() -> str:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("headless Chromium not installed (Debian: apt-get install chromium); "
                "the browser rendering test needs it")


def _dump_dom(browser: str, url: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                              "--dump-dom", url], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


@pytest.mark.browser
@pytest.mark.parametrize("page", ["define.xml", "define.html"])
def test_chromium_shows_every_dataset(written, sdtm_frames, page):
    browser = _chromium()
    folder = Path(written[0][0]).parent
    dom = _dump_dom(browser, (folder / page).as_uri())
    if page == "define.xml" and "<table" not in dom:
        pytest.skip("this Chromium does not apply XSLT stylesheets (define.html covers it)")
    for name in sdtm_frames:
        assert f'id="IG.{name}"' in dom, name
