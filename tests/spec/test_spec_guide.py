"""docs/spec-guide.md's worked example is a spec that loads and builds (the doc cannot rot)."""

import re

from cdisc_convert.io.raw import RawExport
from cdisc_convert.sdtm.map_dataset import build_dataset
from cdisc_convert.spec.loader import load_specs
from tests.conftest import ROOT

RECORDS = """\
record_id,redcap_event_name,sex,dob,consent_dt,demographics_complete
01-001,screening_arm_1,1,14-07-1961,2024-02-01 09:30,2
01-001,week_4_arm_1,,,,0
02-007,screening_arm_1,2,31-02-1970,2024-02-03 10:00,2
02-009,screening_arm_1,3,01-03-1955,2024-02-05 11:15,2
"""


def guide_dm_spec() -> str:
    text = (ROOT / "docs" / "spec-guide.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# specs/STUDY2/sdtm/dm.yaml\n(.*?)```", text, re.S)
    assert block, "the worked example's dm.yaml block is missing from docs/spec-guide.md"
    return block.group(1)


def test_the_worked_example_builds_dm_and_reports_what_it_cannot_use(tmp_path):
    specs, raw = tmp_path / "specs", tmp_path / "raw"
    (specs / "sdtm").mkdir(parents=True)
    raw.mkdir()
    (specs / "study.yaml").write_text("study: {studyid: STUDY2}\n")
    (specs / "sdtm" / "dm.yaml").write_text(guide_dm_spec())
    (raw / "records.csv").write_text(RECORDS)
    loaded = load_specs(specs)
    findings: list = []
    dm = build_dataset(loaded.sdtm["DM"], loaded.study, RawExport(raw), {}, findings)
    assert dm["USUBJID"].tolist() == ["STUDY2-01-001", "STUDY2-02-007", "STUDY2-02-009"]
    assert dm["SITEID"].tolist() == ["01", "02", "02"]
    assert dm["SEX"].tolist() == ["F", "M", None]
    assert dm["BRTHDTC"].tolist() == ["1961-07-14", None, "1955-03-01"]
    assert dm["RFICDTC"].tolist()[0] == "2024-02-01T09:30"
    got = sorted((f.code, f.source_row, f.value) for f in findings)
    assert got == [("MAP-CT", 4, "3"), ("MAP-DROPPED", 2, None),
                   ("RAW-DATE-FORMAT", 3, "31-02-1970")]
