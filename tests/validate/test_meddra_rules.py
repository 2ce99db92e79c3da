"""The MedDRA rules (P21 SD0008, SD2007-SD2016): run with the user's dictionary
(``validate --meddra DIR``, or a case folder's ``.env`` MEDDRA), else listed as not
executed, saying how to give it."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli, main
from cdisc_convert.validate.own_rules import own_case_dirs

CASE = next(p for p in own_case_dirs() if p.parent.parent.parent.name == "SD0008"
            and p.parent.name == "negative")


def validate(data: Path, out: Path, *extra: str) -> dict:
    res = CliRunner().invoke(cli, ["validate", str(data), "--out", str(out), "--only",
                                   "SD0008,SD0008C", "-q", *extra])
    assert res.exit_code in (0, 1), res.output
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_a_case_naming_its_dictionary_finds_the_term_missing_from_it(tmp_path):
    report = validate(CASE / "data", tmp_path / "v")
    found = [(f["code"], f["dataset"], f["row"], f["value"]) for f in report["findings"]
             if f["code"].startswith("SD0008")]
    assert found == [("SD0008", "AE", 2, "Not a MedDRA term")]
    assert any(n.startswith("MedDRA 99.0 from") for n in report["notes"])


def test_without_a_dictionary_the_rules_are_not_executed_and_say_how(tmp_path):
    data = shutil.copytree(CASE / "data", tmp_path / "data")
    meddra = shutil.move(str(data / "meddra"), str(tmp_path / "my-meddra"))
    env = data / ".env"
    env.write_text("".join(line for line in env.read_text().splitlines(keepends=True)
                           if not line.startswith("MEDDRA")))
    report = validate(data, tmp_path / "none")
    status = {s["id"]: s for s in report["rule_status"]}
    assert status["SD0008"]["status"] == "not executed"
    assert "--meddra DIR" in status["SD0008"]["reason"]
    given = validate(data, tmp_path / "given", "--meddra", meddra)
    assert [f["row"] for f in given["findings"] if f["code"] == "SD0008"] == [2]


def test_a_folder_that_is_not_meddra_is_one_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["validate", str(CASE / "data"), "--out", str(tmp_path / "v"), "--meddra",
              str(tmp_path)])
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and "llt.asc" in err and "Traceback" not in err
    assert not (tmp_path / "v").exists()                # nothing half-written


def test_other_code_systems_are_given_by_name_and_a_malformed_item_is_a_usage_error(
        tmp_path, capsys):
    case = next(p for p in own_case_dirs() if p.parent.parent.parent.name == "SD2285"
                and p.parent.name == "negative")
    data = shutil.copytree(case / "data", tmp_path / "data")
    loinc = shutil.move(str(data / "loinc"), str(tmp_path / "my-loinc"))
    (data / ".env").write_text("PRODUCT=SDTMIG\nVERSION=3-3\n")
    res = CliRunner().invoke(cli, ["validate", str(data), "--out", str(tmp_path / "v"),
                                   "--only", "SD2285", "-q", "--dictionary", f"loinc={loinc}"])
    report = json.loads((tmp_path / "v" / "report.json").read_text(encoding="utf-8"))
    assert res.exit_code == 0 and [f["row"] for f in report["findings"]] == [2]   # a warning
    with pytest.raises(SystemExit) as exit_:
        main(["validate", str(data), "--dictionary", "loinc"])
    assert exit_.value.code == 2 and "expected NAME=PATH" in capsys.readouterr().err
