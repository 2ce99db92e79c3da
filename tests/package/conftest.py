"""A small OUT folder (tiny datasets, define files, a validation report) to package."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from cdisc_convert.io.datasetjson import write_dataset_json
from cdisc_convert.io.xpt import write_xpt
from cdisc_convert.spec.model import DatasetSpec, Specs, StudySpec, VariableSpec

TS = datetime(2025, 6, 30, 12)
STUDY = StudySpec("CHEC-1", title="A <b>bold</b> & brave study", sponsor="Acme",
                  registry_id="NCT00000000", timestamp="2025-06-30T12:00:00",
                  assumptions=("Baseline is the last value before the first dose.",),
                  explanations={"MAP-NONASCII": "A query is open.", "ct-ext": "Sponsor terms."})
DM = DatasetSpec("DM", "Demographics", "SDTMIG", class_="SPECIAL PURPOSE", keys=("USUBJID",),
                 variables=(VariableSpec("USUBJID", "Unique Subject Identifier"),
                            VariableSpec("AGE", "Age", "Num")))
ADSL = DatasetSpec("ADSL", "Subject-Level Analysis Dataset", "ADaMIG",
                   variables=(VariableSpec("USUBJID", "Unique Subject Identifier"),))
REPORT = {"counts": {"error": 2, "warning": 3, "notice": 1},
          "rules": [{"id": "CT-EXT", "code": "ct-ext"}],
          "summary": [
              {"dataset": "AE", "rule_id": "MAP-NONASCII", "severity": "error", "found": 1,
               "title": "non-ASCII '头痛'"},
              {"dataset": "DM", "rule_id": "REQ-NULL", "severity": "error", "found": 1,
               "title": "NULL <value>"},
              {"dataset": "LB", "rule_id": "CT-EXT", "severity": "warning", "found": 3,
               "title": "Value not found in extensible codelist"},
              {"dataset": "LB", "rule_id": "MAP-DROPPED", "severity": "notice", "found": 1,
               "title": "dropped"}]}


@pytest.fixture
def specs(tmp_path):
    return Specs(tmp_path, STUDY, {"DM": DM}, {"ADSL": ADSL})


def write_dm(folder, json_too=False):
    frame = pd.DataFrame({"USUBJID": ["S-1", "S-2"], "AGE": [40.0, 51.0]})
    write_xpt(frame, folder / "dm.xpt", name="DM", label="Demographics",
              labels={"USUBJID": "Unique Subject Identifier", "AGE": "Age"}, timestamp=TS)
    if json_too:
        write_dataset_json(frame, folder / "dm.json", spec=DM, study=STUDY, timestamp=TS)


@pytest.fixture
def out(tmp_path):
    """OUT with SDTM (dm.xpt + define files), ADaM (adsl.xpt only) and a validation report."""
    root = tmp_path / "out"
    (root / "sdtm").mkdir(parents=True)
    write_dm(root / "sdtm", json_too=True)
    for name in ("define.xml", "define2-1.xsl", "define.html"):
        (root / "sdtm" / name).write_text(f"<{name}/>", encoding="utf-8")
    (root / "adam").mkdir()
    write_xpt(pd.DataFrame({"USUBJID": ["S-1"]}), root / "adam" / "ADSL.xpt", name="ADSL",
              label="Subject-Level Analysis Dataset", labels={}, timestamp=TS)
    (root / "validation").mkdir()
    (root / "validation" / "report.json").write_text(json.dumps(REPORT), encoding="utf-8")
    (root / "validation" / "report.html").write_text("<html></html>", encoding="utf-8")
    (root / "logs").mkdir()
    (root / "logs" / "sdtm.json").write_text("{}", encoding="utf-8")
    return root
