"""cdisc_convert/sdtm/map_dataset.py: one SDTM dataset from its spec and a raw folder."""

import textwrap

from cdisc_convert.io.raw import RawExport
from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.map_dataset import build_dataset
from cdisc_convert.spec.loader import load_specs

DM_CSV = "Subject,SEX\n101-002,F\n101-001,M\n"


def _build(tmp_path, dm: str, study: str = "study: {studyid: S1}\n"):
    specs_dir, raw = tmp_path / "specs", tmp_path / "raw"
    (specs_dir / "sdtm").mkdir(parents=True)
    raw.mkdir()
    (specs_dir / "study.yaml").write_text(study)
    (specs_dir / "sdtm" / "dm.yaml").write_text(textwrap.dedent(dm))
    (raw / "dm.csv").write_text(DM_CSV)
    specs = load_specs(specs_dir)
    findings: list = []
    frame = build_dataset(specs.sdtm["DM"], specs.study, RawExport(raw), {}, findings)
    return frame, findings


def test_old_algorithm_name_builds_and_its_notice_reaches_the_findings(tmp_path, monkeypatch):
    SDTM_VARIABLE.names()
    monkeypatch.setitem(SDTM_VARIABLE._aliases, "copy_raw_v0", "assign_no_ct")
    frame, findings = _build(tmp_path, """\
        dataset: DM
        keys: [STUDYID, USUBJID]
        sources:
          dm: {file: dm.csv}
        records: dm
        variables:
          - {name: STUDYID, make: {algorithm: hardcode_no_ct, value: S1}}
          - {name: DOMAIN, make: {algorithm: hardcode_no_ct, value: DM}}
          - {name: USUBJID, make: {algorithm: derive_usubjid, subject: dm.Subject}}
          - {name: SEX, make: {algorithm: copy_raw_v0, from: dm.SEX}}
        """)
    assert frame["SEX"].tolist() == ["M", "F"]
    assert [(f.code, f.variable) for f in findings] == [("SPEC-DEPRECATED", "SEX")]
    assert "'copy_raw_v0' is now called 'assign_no_ct'" in findings[0].message


