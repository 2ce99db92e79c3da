"""``--sample`` finds the sample study in a checkout and where a wheel installs it
(``<prefix>/share/cdisc-convert``, pyproject's data-files)."""

from __future__ import annotations

import glob
import shutil
import sysconfig
import tomllib
from pathlib import Path

import pytest

from cdisc_convert.cli import options
from cdisc_convert.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]


def test_every_file_of_the_sample_is_in_the_wheel():
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = doc["tool"]["setuptools"]["data-files"]
    shipped = {}
    for target, patterns in data_files.items():
        for pattern in patterns:
            for name in glob.glob(str(ROOT / pattern)):
                path = Path(name)
                assert path.is_file(), f"{pattern} matches a folder: setuptools cannot copy it"
                shipped[path.relative_to(ROOT).as_posix()] = target
    for folder in (options.SAMPLE_SPECS, options.SAMPLE_RAW):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file():
                rel = path.relative_to(ROOT).as_posix()
                assert rel in shipped, f"{rel} is not in pyproject's data-files"
                assert shipped[rel] == f"share/cdisc-convert/{Path(rel).parent.as_posix()}"


def test_sample_is_found_where_a_wheel_installs_it(tmp_path, monkeypatch):
    prefix = tmp_path / "venv"
    for folder in (options.SAMPLE_SPECS, options.SAMPLE_RAW):
        shutil.copytree(ROOT / folder, prefix / "share" / "cdisc-convert" / folder)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(options, "__file__", str(tmp_path / "site" / "cdisc_convert" / "cli"
                                                  / "options.py"))
    monkeypatch.setattr(sysconfig, "get_paths", lambda *a, **k: {"data": str(prefix)})
    specs, raw = options.find_sample()
    assert specs == prefix / "share" / "cdisc-convert" / options.SAMPLE_SPECS
    assert (specs / "study.yaml").is_file() and (raw / "dm.csv").is_file()


def test_no_sample_anywhere_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.setattr(options, "sample_places", lambda: [tmp_path])
    with pytest.raises(UsageError, match="synth"):
        options.find_sample()
