"""Hostile specs: a source file outside the study's raw folder, and YAML alias bombs, are
spec errors at their line before anything is read or built."""

from __future__ import annotations

import os

import pytest

from cdisc_convert.errors import DataError, SpecError
from cdisc_convert.io.raw import RawExport
from cdisc_convert.spec.yamlio import load_yaml_text
from tests.spec.test_loader import DM_OK, load_error


@pytest.mark.parametrize("name, why", [
    ("../outside.csv", "has a '..' segment"),
    ("edc/../../x.csv", "has a '..' segment"),
    ("/etc/passwd", "is an absolute path"),
    ("C:\\\\data\\\\dm.csv", "is an absolute path"),
    ("~/dm.csv", "is an absolute path"),
])
def test_a_source_leaving_the_raw_folder_is_a_spec_error_at_its_line(tmp_path, name, why):
    err = load_error(tmp_path, dm=DM_OK.replace("{file: dm.csv}", f'{{file: "{name}"}}'))
    assert err.line == 5 and err.file.endswith("dm.yaml") and why in str(err)
    assert "inside its study's raw folder" in str(err)


def test_a_symbolic_link_out_of_the_raw_folder_is_refused_before_reading(tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("Subject\nplanted\n")
    raw = tmp_path / "raw"
    raw.mkdir()
    os.symlink(outside, raw / "dm.csv")
    with pytest.raises(DataError, match="resolves outside the raw folder"):
        RawExport(raw).table("dm.csv")
    with pytest.raises(DataError, match="resolves outside the raw folder"):
        RawExport(raw).table("../secret.csv")


def test_an_alias_bomb_is_refused_fast_at_its_line():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(SpecError, match="aliases expand to more than") as err:
        load_yaml_text("\n".join(levels) + "\n", "bomb.yaml")   # 9**9 values if built
    assert err.value.line == 1


def test_ordinary_anchors_and_merge_keys_still_work():
    doc = load_yaml_text("base: &b {algorithm: x, p: 1}\nuse: {<<: *b, p: 2}\n", "ok.yaml")
    assert doc["use"] == {"algorithm": "x", "p": 2}
