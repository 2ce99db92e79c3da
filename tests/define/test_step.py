"""The ``define`` step of ``run`` and the ``define`` build command."""

from __future__ import annotations

import shutil
from dataclasses import replace

from click.testing import CliRunner
from test_builder import ADLB, adlb_frame

from cdisc_convert.cli import cli
from cdisc_convert.define.checker import check_file
from cdisc_convert.define.step import write_defines
from cdisc_convert.progress import Progress
from tests.define.conftest import ROOT, STAMP, schema_or_none


def test_write_defines_writes_sdtm_and_adam_defines(specs, sdtm_frames, tmp_path):
    specs = replace(specs, adam={"ADLB": ADLB})
    result = write_defines(tmp_path, specs, sdtm_frames, {"ADLB": adlb_frame()},
                           Progress(quiet=True))
    names = sorted(str(p.relative_to(tmp_path)) for p in result.written)
    assert names == ["adam/define.html", "adam/define.xml", "adam/define2-1.xsl",
                     "sdtm/define.html", "sdtm/define.xml", "sdtm/define2-1.xsl"]
    assert not [f for f in result.findings if f.severity == "error"]
    assert {f.code for f in result.findings} <= {"DEF-META"}


def test_write_defines_skips_adam_when_there_is_none(specs, sdtm_frames, tmp_path):
    write_defines(tmp_path, specs, sdtm_frames, {}, Progress(quiet=True))
    assert not (tmp_path / "adam").exists()


def test_define_command_builds_from_a_folder_of_xpt(specs, sdtm_frames, tmp_path):
    from cdisc_convert.io.xpt import write_xpt
    data = tmp_path / "sdtm"
    data.mkdir()
    for name in ("DM", "AE"):
        frame = sdtm_frames[name]
        labels = {v.name: v.label for v in specs.sdtm[name].variables}
        write_xpt(frame, data / f"{name.lower()}.xpt", name=name, label=specs.sdtm[name].label,
                  labels=labels, timestamp=STAMP)
    spec_dir = tmp_path / "specs"          # SDTM specs only: keeps the test off ADaM work
    shutil.copytree(ROOT / "specs" / "CHEC2023-226", spec_dir,
                    ignore=lambda folder, names: ["adam"] if "adam" in names else [])
    out = tmp_path / "define.xml"
    result = CliRunner().invoke(cli, ["define", "--specs", str(spec_dir),
                                          "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    problems, _ = check_file(out, schema_or_none())
    assert [p for p in problems if p.severity == "error"] == []
    assert b'<ItemGroupDef OID="IG.DM"' in out.read_bytes()
    assert (tmp_path / "define.html").is_file() and (tmp_path / "define2-1.xsl").is_file()


def test_define_command_needs_data_and_out():
    result = CliRunner().invoke(cli, ["define"])
    assert result.exit_code != 0


def test_leaves_name_the_dataset_json_files_written(specs, sdtm_frames, tmp_path):
    from lxml import etree

    from cdisc_convert.define.odm import NS
    (tmp_path / "sdtm").mkdir()
    for name in ("DM", "AE"):                      # as `run --format json` leaves them
        (tmp_path / "sdtm" / f"{name.lower()}.json").write_text("{}")
    frames = {n: sdtm_frames[n] for n in ("DM", "AE")}
    write_defines(tmp_path, specs, frames, {}, Progress(quiet=True))
    root = etree.parse(str(tmp_path / "sdtm" / "define.xml"))
    hrefs = root.xpath("//odm:ItemGroupDef/def:leaf/@xlink:href", namespaces=NS)
    assert sorted(hrefs) == ["ae.json", "dm.json"]


def test_leaves_name_xpt_when_nothing_was_written(specs, sdtm_frames, tmp_path):
    write_defines(tmp_path, specs, {"DM": sdtm_frames["DM"]}, {}, Progress(quiet=True))
    assert b'xlink:href="dm.xpt"' in (tmp_path / "sdtm" / "define.xml").read_bytes()
