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


def test_json_sdtm_feeds_adam_and_equals_xpt(tmp_path):
    common = ["--specs", str(SPECS), "--raw", str(RAW), "-q"]
    invoke("sdtm", *common, "--out", str(tmp_path / "j"), "--format", "both",
           "--ndjson-rows", "1000")
    sdtm = tmp_path / "j" / "sdtm"
    assert (sdtm / "lb.ndjson").exists() and (sdtm / "dm.json").exists()
    assert (sdtm / "dm.xpt").exists()
    only_json = tmp_path / "only_json"
    only_json.mkdir()
    for p in sdtm.iterdir():
        if p.suffix in (".json", ".ndjson"):
            (only_json / p.name).write_bytes(p.read_bytes())
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


def test_validate_reads_dataset_json_like_xpt(tmp_path):
    import json
    common = ["--specs", str(SPECS), "--raw", str(RAW), "-q"]
    invoke("sdtm", *common, "--out", str(tmp_path / "x"), "--format", "xpt")
    invoke("sdtm", *common, "--out", str(tmp_path / "j"), "--format", "json")
    counts = []
    for fmt in ("x", "j"):
        res = CliRunner().invoke(cli, ["validate", str(tmp_path / fmt / "sdtm"), "--specs",
                                       str(SPECS), "--out", str(tmp_path / f"v{fmt}"),
                                       "--fail-on", "never"], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        report = json.loads((tmp_path / f"v{fmt}" / "report.json").read_text())
        counts.append(sorted((f["rule_id"], f["dataset"], f.get("row"))
                             for f in report["findings"]))
    assert counts[0] == counts[1] and counts[0]
