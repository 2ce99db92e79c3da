"""validate/frames.py and engine.xpt_findings: reading other people's datasets (issue 15
item 5): Dataset-JSON named by its declared name, XPT limits only for XPT data."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli, main
from cdisc_convert.errors import UsageError
from cdisc_convert.io.datasets import PREFERENCE
from cdisc_convert.validate.engine import xpt_findings
from cdisc_convert.validate.frames import read_datasets, workspace
from tests.conftest import reference_part


@pytest.fixture()
def i18n(reference, tmp_path):
    src = reference_part(reference, "dataset-json-1.1", "examples", "i18n_ae.json",
                         what="CDISC's Dataset-JSON i18n example")
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(src, folder / "i18n_ae.json")
    return folder


def test_cdisc_i18n_ae_is_read_as_ae(i18n):
    frames, _, dlabels, sources, findings = read_datasets([i18n])
    assert list(frames) == ["AE"] and sources == {"AE": "i18n_ae.json"} and not findings
    assert dlabels["AE"] == "Adverse Events" and len(frames["AE"]) == 1191
    assert set(frames["AE"]["DOMAIN"]) == {"AE"}


def test_validate_reports_ae_and_no_xpt_limits_for_dataset_json(i18n, tmp_path):
    out = tmp_path / "v"
    result = CliRunner().invoke(cli, ["validate", str(i18n), "--out", str(out),
                                      "--only", "XPT-ASCII,XPT-LENGTH,DOMAIN-VALUE"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert list(report["datasets"]) == ["AE"]
    assert not [f for f in report["findings"] if f.get("code", "").startswith("XPT-")]
    assert any("AE (i18n_ae.json): read from Dataset-JSON" in n and "XPT-ASCII x200" in n
               for n in report["notes"])


def _ws(source: str):
    frame = pd.DataFrame({"STUDYID": ["S"], "DOMAIN": ["AE"], "USUBJID": ["S-1"],
                          "AETERM": ["Céphalée"]})
    return workspace({"AE": frame}, sources={"AE": source})


@pytest.mark.parametrize("source", ["ae.xpt", "ae.csv", ""])
def test_xpt_limits_stay_findings_for_xpt_data(source):
    notes: list[str] = []
    found = xpt_findings(_ws(source), notes)
    assert [(f.code, f.variable, f.usubjid) for f in found] == [("XPT-ASCII", "AETERM", "S-1")]
    assert notes == []


@pytest.mark.parametrize("source", ["ae.json", "ae.ndjson", "ae.json.gz", "ae.dsjc"])
def test_xpt_limits_are_a_note_for_dataset_json(source):
    notes: list[str] = []
    assert xpt_findings(_ws(source), notes) == []
    assert notes == [f"AE ({source}): read from Dataset-JSON, so XPT v5 limits are not "
                     "findings; as XPT v5 it would break them: XPT-ASCII x1"]


def test_a_folder_with_no_datasets_is_a_usage_error_naming_it_and_the_formats(tmp_path,
                                                                               capsys):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError) as err:
        read_datasets([tmp_path])
    assert str(tmp_path) in str(err.value)
    assert all("." + k in str(err.value) for k in PREFERENCE) and "CORE case" in str(err.value)
    with pytest.raises(SystemExit) as exit_:
        main(["validate", str(tmp_path), "--out", str(tmp_path / "v")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"error: no dataset files in {tmp_path}" in err
    assert "Traceback" not in err


def test_validate_help_names_every_format_read():
    text = " ".join(CliRunner().invoke(cli, ["validate", "--help"]).output.split())
    for kind in PREFERENCE:
        assert "." + kind in text, kind
    assert "CORE" in text and "_datasets.csv" in text


def test_helper_columns_of_the_checks_are_dropped_before_core_rules_run():
    from cdisc_convert.validate.model import Workspace
    ws = Workspace(frames={"LB": pd.DataFrame({"LBTESTCD": ["GLUC"], "_ARMCD": ["A"]})})
    ws.add("LB", "_RULE_LBTESTCD", [1])
    ws.add("LB", "_RULE_LBTESTCD", [2])           # a check may write its helper again
    ws.drop_helpers()
    assert list(ws.frames["LB"].columns) == ["LBTESTCD", "_ARMCD"] and ws.helpers == {}


def test_adam_frames_are_let_go_before_the_sdtm_only_core_rules_yet_still_reported(monkeypatch):
    import cdisc_convert.validate.engine as engine
    seen = {}

    def fake_core(ws, *args, **kwargs):
        seen["frames"] = sorted(ws.frames)
        return real(ws, *args, **kwargs)

    real = engine.run_core
    monkeypatch.setattr(engine, "run_core", fake_core)
    sdtm = {"DM": pd.DataFrame({"STUDYID": ["S"], "DOMAIN": ["DM"], "USUBJID": ["S-1"]})}
    adam = {"ADSL": pd.DataFrame({"STUDYID": ["S"], "USUBJID": ["S-1"]})}
    report = engine.validate_frames(sdtm, adam)
    assert "ADSL" not in seen["frames"] and "DM" in seen["frames"]
    assert report.datasets["ADSL"] == {"kind": "ADaM", "domain": "ADSL", "records": 1,
                                       "variables": 2, "source": ""}
