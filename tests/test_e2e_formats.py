"""Dataset-JSON through the CLI: `sdtm --format json` output feeds `adam` and matches XPT."""

import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli
from cdisc_convert.io.datasets import read_folder
from tests.conftest import RAW, SPECS

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not (RAW / "dm.csv").exists(), reason="sample raw export absent")]


def invoke(*args):
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One ``sdtm --format both`` build, its files split into an XPT and a JSON folder."""
    tmp = tmp_path_factory.mktemp("formats")
    invoke("sdtm", "--specs", str(SPECS), "--raw", str(RAW), "-q", "--out", str(tmp / "b"),
           "--format", "both", "--ndjson-rows", "1000")
    sdtm = tmp / "b" / "sdtm"
    folders = {"xpt": tmp / "only_xpt", "json": tmp / "only_json"}
    for folder in folders.values():
        folder.mkdir()
    for p in sdtm.iterdir():
        kind = "json" if p.suffix in (".json", ".ndjson") else "xpt" if p.suffix == ".xpt" \
            else None
        if kind:
            (folders[kind] / p.name).write_bytes(p.read_bytes())
    return sdtm, folders


def test_json_sdtm_feeds_adam_and_equals_xpt(built, tmp_path):
    sdtm, folders = built
    assert (sdtm / "lb.ndjson").exists() and (sdtm / "dm.json").exists()
    assert (sdtm / "dm.xpt").exists()
    only_json = folders["json"]
    invoke("adam", "--sdtm", str(only_json), "--specs", str(SPECS), "--out",
           str(tmp_path / "from_json"), "-q")
    invoke("adam", "--sdtm", str(sdtm), "--specs", str(SPECS), "--out",
           str(tmp_path / "from_xpt"), "-q")
    for name in ("adsl", "adlb", "adae", "adex"):
        a = (tmp_path / "from_json" / "adam" / f"{name}.xpt").read_bytes()
        b = (tmp_path / "from_xpt" / "adam" / f"{name}.xpt").read_bytes()
        assert a == b, name
    frames = read_folder(only_json)
    assert set(frames) >= {"DM", "LB", "AE", "EX", "TS"}


def test_validate_reads_dataset_json_like_xpt(built, tmp_path):
    import json
    _, folders = built
    counts = []
    for fmt in ("xpt", "json"):
        res = CliRunner().invoke(cli, ["validate", str(folders[fmt]), "--specs",
                                       str(SPECS), "--out", str(tmp_path / f"v{fmt}"),
                                       "--fail-on", "never"], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        report = json.loads((tmp_path / f"v{fmt}" / "report.json").read_text())
        counts.append(sorted((f["rule_id"], f["dataset"], f.get("row"))
                             for f in report["findings"]))
    assert counts[0] == counts[1] and counts[0]
