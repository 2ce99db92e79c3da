"""Build OUT/submission: the tree, the manifest checksums, byte-identical rebuilds, staging,
the run step and the command."""

from __future__ import annotations

import json
import shutil

import pytest

from cdisc_convert.cli import main
from cdisc_convert.findings import Finding
from cdisc_convert.package.build_package import build_package
from cdisc_convert.package.layout import PackageError
from cdisc_convert.package.manifest import check_manifest
from cdisc_convert.package.step import package_output
from cdisc_convert.progress import Progress
from cdisc_convert.spec.loader import load_specs
from tests.conftest import RAW, SPECS

SDTM = "m5/datasets/chec-1/tabulations/sdtm"


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_tree_manifest_and_guide(out, specs):
    pkg = build_package(out, specs)
    files = tree(pkg.root)
    assert sorted(files) == sorted([
        f"{SDTM}/dm.json", f"{SDTM}/dm.xpt", f"{SDTM}/define.html", f"{SDTM}/define.xml",
        f"{SDTM}/define2-1.xsl", f"{SDTM}/csdrg.pdf",
        "m5/datasets/chec-1/analysis/adam/datasets/adsl.xpt",
        "m5/datasets/chec-1/analysis/adam/datasets/adrg.pdf",
        "validation/report.html", "validation/report.json", "reviewers-guide.html",
        "csdrg.html", "adrg.html", "manifest.json"])
    assert files[f"{SDTM}/dm.xpt"] == (out / "sdtm" / "dm.xpt").read_bytes()
    assert check_manifest(pkg.root) == []
    listed = json.loads(files["manifest.json"])
    assert [f["path"] for f in listed["files"]] == sorted(set(files) - {"manifest.json"})
    assert listed["total_bytes"] == pkg.total_bytes == sum(
        len(b) for k, b in files.items() if k != "manifest.json")
    page = files["reviewers-guide.html"].decode()
    assert "<td>DM</td><td>Demographics</td><td>SPECIAL PURPOSE</td>" in page
    assert f"<code>{SDTM}/dm.json</code><br><code>{SDTM}/dm.xpt</code>" in page
    assert "Dataset-JSON" in page and "A query is open." in page
    assert pkg.missing == ["SDTM TS dataset (required by the FDA technical rejection criteria)",
                           "ADaM define.xml", "ADaM Define-XML stylesheet", "ADaM define.html"]


def test_same_out_same_bytes_wherever_it_lives(out, specs, tmp_path):
    first = tree(build_package(out, specs).root)
    again = tree(build_package(out, specs).root)
    elsewhere = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(out, elsewhere, ignore=shutil.ignore_patterns("submission"))
    moved = tree(build_package(elsewhere, specs).root)
    assert first == again == moved


def test_refused_package_leaves_the_previous_one_whole(out, specs):
    before = tree(build_package(out, specs).root)
    with pytest.raises(PackageError):
        build_package(out, specs, max_bytes=100)
    assert tree(out / "submission") == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_no_define_no_report_still_packages(out, specs):
    shutil.rmtree(out / "validation")
    for name in ("define.xml", "define2-1.xsl", "define.html"):
        (out / "sdtm" / name).unlink()
    pkg = build_package(out, specs)
    page = (pkg.root / "reviewers-guide.html").read_text()
    assert "No validation report in the package" in page and "<li>SDTM define.xml</li>" in page


def test_package_output_adds_files_and_missing_warnings(out, specs):
    result = package_output(out, specs, ("xpt",), Progress(quiet=True))
    assert (out / "submission" / "manifest.json") in result.written
    assert not (out / "submission" / SDTM / "dm.json").exists()        # formats of the run
    assert all(isinstance(f, Finding) and f.code == "PKG-MISSING" and f.severity == "warning"
               for f in result.findings) and len(result.findings) == 4


def test_command_exit_codes(out, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["package", "--out", str(out), "--specs", str(SPECS)])
    assert exit_.value.code == 1                       # things missing: still written
    assert "missing: SDTM TS dataset" in capsys.readouterr().err
    assert (out / "submission" / "m5" / "datasets" / "chec2023-226").is_dir()
    with pytest.raises(SystemExit) as exit_:
        main(["package", "--out", str(tmp_path / "nope"), "--specs", str(SPECS)])
    assert exit_.value.code == 2 and "does not exist" in capsys.readouterr().err


@pytest.mark.e2e
@pytest.mark.skipif(not (RAW / "dm.csv").exists(), reason="sample raw export absent")
def test_sample_study_package(sample_run, tmp_path):
    """The package step on the sample's datasets and defines (no validation report): it
    writes the tree; a rebuild is byte-identical."""
    from cdisc_convert.pipeline import RunConfig, run
    out = tmp_path / "out"
    for area in ("sdtm", "adam"):
        shutil.copytree(sample_run / area, out / area)
    result = run(RunConfig(SPECS, RAW, out, steps=("package",), quiet=True))
    root = out / "submission"
    study = root / "m5" / "datasets" / "chec2023-226"
    assert {"dm.xpt", "lb.xpt", "define.xml", "define2-1.xsl"} <= {
        p.name for p in (study / "tabulations" / "sdtm").iterdir()}
    assert {"adsl.xpt", "adlb.xpt", "define.xml"} <= {
        p.name for p in (study / "analysis" / "adam" / "datasets").iterdir()}
    assert check_manifest(root) == [] and root / "manifest.json" in result.written
    assert all(p.name == p.name.lower() for p in root.rglob("*"))
    first = tree(root)
    build_package(out, load_specs(SPECS))
    assert tree(root) == first
    assert any("validation report" in f.message for f in result.findings
               if f.code == "PKG-MISSING")

