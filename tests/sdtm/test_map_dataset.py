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




def test_default_studyid_domain_usubjid_are_built(tmp_path):
    frame, findings = _build(tmp_path, """\
        dataset: DM
        keys: [STUDYID, USUBJID]
        sources:
          dm: {file: dm.csv}
        records: dm
        variables:
          - {name: SEX, make: {algorithm: assign_no_ct, from: dm.SEX}}
        """, study='study: {studyid: S1}\nusubjid: {separator: "-"}\n')
    assert list(frame.columns[:4]) == ["STUDYID", "DOMAIN", "USUBJID", "SEX"]
    assert frame["STUDYID"].tolist() == ["S1", "S1"]
    assert frame["DOMAIN"].tolist() == ["DM", "DM"]
    assert frame["USUBJID"].tolist() == ["S1-101-001", "S1-101-002"]     # sorted by the keys
    assert frame["SEX"].tolist() == ["M", "F"]
    assert findings == []


def test_explicit_usubjid_overrides_the_default(tmp_path):
    frame, _ = _build(tmp_path, """\
        dataset: DM
        sources:
          dm: {file: dm.csv}
        records: dm
        variables:
          - {name: USUBJID, make: {algorithm: derive_usubjid, subject: dm.Subject, separator: "."}}
        """, study='study: {studyid: S1}\nusubjid: {separator: "-"}\n')
    assert frame["USUBJID"].tolist() == ["S1.101-002", "S1.101-001"]


SV_SPEC = """\
    dataset: SV
    keys: [STUDYID, USUBJID, VISITNUM]
    sources:
      sv: {file: sv.csv}
    records: sv
    depends_on: [DM, LB]
    steps:
      - {algorithm: add_domain_visits, domains: [LB]}
    variables:
      - name: VISITNUM
        make: {algorithm: derive_visit, from: sv.Folder, date: SVSTDTC, part: VISITNUM}
      - {name: VISIT, make: {algorithm: derive_visit, from: sv.Folder, date: SVSTDTC, part: VISIT}}
      - {name: SVPRESP, make: {algorithm: hardcode_no_ct, value: "Y"}}
      - name: VISITDY
        make: {algorithm: derive_visit, from: sv.Folder, date: SVSTDTC, part: VISITDY}
      - {name: SVSTDTC, make: {algorithm: assign_datetime, date: sv.DAT}}
      - {name: SVENDTC, make: {algorithm: assign_datetime, date: sv.DAT}}
      - {name: SVSTDY, make: {algorithm: derive_study_day, dtc: SVSTDTC}}
      - {name: SVUPDES, make: {algorithm: hardcode_no_ct, value: ~}}
    """


def test_sv_gets_the_visits_only_other_domains_hold(tmp_path):
    import pandas as pd
    specs_dir, raw = tmp_path / "specs", tmp_path / "raw"
    (specs_dir / "sdtm").mkdir(parents=True)
    raw.mkdir()
    (specs_dir / "study.yaml").write_text(textwrap.dedent("""\
        study: {studyid: S1}
        usubjid: {separator: "-"}
        visits:
          - {visitnum: 1, visit: SCREENING, aliases: [SCRN], day: -7}
          - {visitnum: 2, visit: WEEK 4, aliases: [WK4], day: 29}
        unscheduled: [UNS]
        """))
    (specs_dir / "sdtm" / "sv.yaml").write_text(textwrap.dedent(SV_SPEC))
    (raw / "sv.csv").write_text("Subject,Folder,DAT\n101,SCRN,2024-01-02\n")
    specs = load_specs(specs_dir)
    dm = pd.DataFrame({"USUBJID": ["S1-101"], "RFSTDTC": ["2024-01-09"]})
    lb = pd.DataFrame({"USUBJID": ["S1-101"] * 4, "VISITNUM": [1.0, 1.01, 1.01, 2.0],
                       "VISIT": ["SCREENING", "UNSCHEDULED 1.01", "UNSCHEDULED 1.01", "WEEK 4"],
                       "LBDTC": ["2024-01-02", "2024-01-05T08:00", "2024-01-06", "2024-02-06"],
                       "_file": "lab.csv", "_row": [1, 2, 3, 4]})
    findings: list = []
    sv = build_dataset(specs.sdtm["SV"], specs.study, RawExport(raw), {"DM": dm, "LB": lb},
                       findings)
    got = sv[["VISITNUM", "VISIT", "SVPRESP", "SVSTDTC", "SVENDTC", "SVSTDY", "_row"]]
    assert got.values.tolist() == [
        [1.0, "SCREENING", "Y", "2024-01-02", "2024-01-02", -7.0, 1],
        [1.01, "UNSCHEDULED 1.01", None, "2024-01-05", "2024-01-06", -4.0, 2],
        [2.0, "WEEK 4", "Y", "2024-02-06", "2024-02-06", 29.0, 4]]
    assert sv["VISITDY"].fillna(0).tolist() == [-7.0, 0, 29.0]
    assert sv["SVUPDES"].tolist()[1].startswith("Unscheduled visit without a visit date record")
    assert sv["SVUPDES"].tolist()[0] is None and sv["SVUPDES"].tolist()[2] is None
    assert findings == []


def test_a_missing_raw_column_is_reported_at_the_line_of_the_variable_naming_it(tmp_path):
    import pytest

    from cdisc_convert.errors import DataError
    with pytest.raises(DataError) as err:
        _build(tmp_path, """\
            dataset: DM
            keys: [STUDYID, USUBJID]
            sources:
              dm: {file: dm.csv}
            records: dm
            variables:
              - {name: STUDYID, make: {algorithm: hardcode_no_ct, value: S1}}
              - {name: USUBJID, make: {algorithm: derive_usubjid, subject: dm.Subject}}
              - {name: SEX, make: {algorithm: assign_no_ct, from: dm.Sex}}
            """)
    text = str(err.value)
    assert "dm.yaml:9 (variable SEX)" in text and "column Sex" in text
    assert "(did you mean 'SEX'?)" in text and "expected one of Subject, SEX" in text
