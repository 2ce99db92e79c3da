"""The synthetic raw export: reproducible, the committed sample is its output, plants present."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from cdisc_convert.errors import UsageError
from cdisc_convert.tools.synth import generate
from cdisc_convert.tools.synth.planted import SLUGS
from cdisc_convert.tools.synth.readme import DICTIONARY, expand

SAMPLE = Path(__file__).resolve().parents[3] / "sample_raw" / "CHEC2023-226"
RAVE_DATE = "%d %b %Y"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "CHEC2023-226"
    generate(out)
    return out


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    return {f.stem: pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            for f in sorted(SAMPLE.glob("*.csv"))}


@pytest.fixture(scope="module")
def planted() -> dict[str, dict]:
    report = json.loads((SAMPLE / "planted_problems.json").read_text(encoding="utf-8"))
    return {p["slug"]: p for p in report["problems"]}


def test_regenerated_files_are_byte_identical_to_the_committed_sample(fresh):
    committed = sorted(p.name for p in SAMPLE.iterdir())
    assert sorted(p.name for p in fresh.iterdir()) == committed
    for name in committed:
        assert (fresh / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_another_seed_gives_other_data(tmp_path, fresh):
    generate(tmp_path, seed=227)
    for name in ("dm.csv", "ae.csv", "lab.csv"):
        assert (tmp_path / name).read_bytes() != (fresh / name).read_bytes()


def test_returns_the_files_written(tmp_path):
    paths = generate(tmp_path / "new")
    assert all(p.parent == tmp_path / "new" and p.exists() for p in paths)
    assert {p.name for p in paths} == {p.name for p in SAMPLE.iterdir()}


def test_too_few_subjects_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        generate(tmp_path, subjects=5)


def test_subject_counts_and_allocation(raw):
    assert raw["dm"]["Subject"].nunique() == 12
    assert set(raw["dm"]["SiteNumber"]) == {"101", "102"}
    assert all(re.fullmatch(r"10[12]-\d{3}", s) for s in raw["dm"]["Subject"])
    rand = raw["ixrs_rand_unblinded"]
    assert len(rand) == 10 == len(raw["ixrs_rand_blinded"])
    assert rand["ARMCD"].value_counts().to_dict() == {"OCNMSC": 4, "MSC": 3, "PBO": 3}
    failures = raw["ds"].loc[raw["ds"]["DSDECOD_STD"] == "SCREEN FAILURE", "Subject"]
    assert len(failures) == 2 and not set(failures) & set(rand["SUBJID"])


def test_early_terminator_stops_after_week_24(raw):
    ds = raw["ds"]
    (who,) = ds.loc[ds["DSDECOD_STD"] == "WITHDRAWAL BY SUBJECT", "Subject"]
    folders = raw["sv"].loc[raw["sv"]["Subject"] == who, "Folder"].tolist()
    assert folders[-2:] == ["WK24", "ET"] and "WK36" not in folders
    assert (ds["DSDECOD_STD"] == "COMPLETED").sum() == 9


def test_visits_follow_the_windows(raw):
    sv = raw["sv"]
    assert "UNS1" in set(sv["Folder"])
    dates = pd.to_datetime(sv["VISDAT"], format=RAVE_DATE)
    d1 = dates[sv["Folder"] == "D1"].groupby(sv["Subject"]).first()
    day = (dates - sv["Subject"].map(d1)).dt.days + 1
    for folder, target, window in (("WK4", 29, 3), ("WK8", 57, 3), ("WK12", 85, 7),
                                   ("WK24", 169, 7), ("WK36", 253, 7), ("WK48", 337, 14)):
        assert day[sv["Folder"] == folder].between(target - window, target + window).all()
    assert day[sv["Folder"] == "SCRN"].dropna().between(-21, -1).all()


def test_lab_has_the_panel_at_every_visit(raw):
    lab = raw["lab"]
    assert {"SCREENING", "DAY 1", "WEEK 4", "WEEK 48", "UNSCHEDULED", "EARLY TERMINATION"} <= \
        set(lab["VISIT"])
    assert {"HBA1C", "GLUC", "CPEPTIDE", "INSULIN", "ALT", "CREAT", "HBSAG"} <= set(lab["LBTESTCD"])
    assert set(lab["LBCAT"]) == {"CHEMISTRY", "HEMATOLOGY", "URINALYSIS", "SEROLOGY", "DIABETES"}
    assert lab.groupby("ACCSNNUM")["SUBJID"].nunique().max() == 1


def test_every_catalogued_problem_is_planted(planted):
    assert set(planted) == set(SLUGS)
    assert {slug for slug, p in planted.items() if p["count"] == 0} == set()


def _ae(raw, inst) -> pd.Series:
    hit = raw["ae"][raw["ae"]["RecordId"] == inst["RecordId"]].drop_duplicates()
    assert len(hit) == 1
    return hit.iloc[0]


def _lab(raw, inst, transtype: str = "INSERT") -> pd.Series:
    lab = raw["lab"]
    hit = lab[(lab["ACCSNNUM"] == inst["ACCSNNUM"]) & (lab["LBTESTCD"] == inst["LBTESTCD"])
              & (lab["SPECIMEN"] == inst["SPECIMEN"]) & (lab["TRANSTYPE"] == transtype)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_partial_dates(raw, planted):
    patterns = {"partial_no_day": r"UN [A-Z]{3} \d{4}", "partial_year_only": r"UN UNK \d{4}",
                "partial_no_month": r"\d{2} UNK \d{4}"}
    for slug, pattern in patterns.items():
        row = _ae(raw, planted[slug]["instances"][0])
        assert re.fullmatch(pattern, row["AESTDAT_RAW"]) and row["AESTDAT"] == ""
    assert _ae(raw, planted["partial_no_day"]["instances"][0])["AESTDAT_RAW"] == "UN NOV 2023"
    assert _ae(raw, planted["partial_year_only"]["instances"][0])["AESTDAT_RAW"] == "UN UNK 2023"
    mh = raw["mh"]
    assert (mh.loc[mh["RecordId"] == planted["mh_partial_year"]["instances"][0]["RecordId"],
                   "MHSTDAT_RAW"] == "UN UNK 2012").all()


def test_other_date_formats_in_visit_dates(raw, planted):
    typed = {i["VISDAT_RAW"] for i in planted["date_formats"]["instances"]}
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in typed)
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", t) for t in typed)
    assert typed <= set(raw["sv"]["VISDAT_RAW"])


def test_ae_date_conflicts(raw, planted):
    row = _ae(raw, planted["ae_end_before_start"]["instances"][0])
    start, end = (dt.datetime.strptime(row[c].title(), RAVE_DATE) for c in
                  ("AESTDAT_RAW", "AEENDAT_RAW"))
    assert end < start
    row = _ae(raw, planted["ae_ongoing_with_end"]["instances"][0])
    assert row["AEONGO"] == "Yes" and row["AEENDAT_RAW"] != ""


def test_ae_coding_and_seriousness(raw, planted):
    row = _ae(raw, planted["ae_uncoded_nonascii"]["instances"][0])
    assert not row["AETERM"].isascii()
    assert all(row[c] == "" for c in raw["ae"].columns if c.startswith("AETERM_"))
    row = _ae(raw, planted["ae_misspelled_coded"]["instances"][0])
    assert (row["AETERM"], row["AETERM_PT"], row["AETERM_PT_CODE"]) == \
        ("Hypoglycemia episod", "Hypoglycaemia", "10021005")
    row = _ae(raw, planted["sae_no_criterion"]["instances"][0])
    crit = ("AESDTH", "AESLIFE", "AESHOSP", "AESDISAB", "AESCONG", "AESMIE")
    assert row["AESER_STD"] == "Y" and all(row[f"{c}_STD"] == "N" for c in crit)


def test_ae_file_problems(raw, planted):
    ae = raw["ae"]
    dup = planted["duplicate_row"]["instances"][0]["RecordId"]
    assert (ae[ae.duplicated(keep=False)]["RecordId"] == dup).all()
    assert ae.duplicated().sum() == 1
    inactive = planted["record_inactive"]["instances"][0]["RecordId"]
    assert ae.loc[ae["RecordActive"] == "0", "RecordId"].tolist() == [inactive]
    assert (SAMPLE / "ae.csv").read_bytes().startswith(b"\xef\xbb\xbfprojectid,")
    others = [f for f in SAMPLE.glob("*.csv") if f.name != "ae.csv"]
    assert not any(f.read_bytes().startswith(b"\xef\xbb\xbf") for f in others)
    assert ae["AECOMM"].str.contains("\n").sum() == 1
    assert ae.columns[0] == "projectid"


def test_lab_text_results_and_units(raw, planted):
    for slug in ("lab_text_lt", "lab_text_gt", "lab_text_urine"):
        for inst in planted[slug]["instances"]:
            row = _lab(raw, inst)
            assert row["RESULT"] == inst["RESULT"] and row["RESULTN"] == ""
    assert {i["RESULT"] for i in planted["lab_text_urine"]["instances"]} == {"NEG", "TRACE", "1+"}
    row = _lab(raw, planted["glucose_mgdl"]["instances"][0])
    assert row["UNIT"] == "mg/dL" and float(row["RESULT"]) > 100
    units = set(raw["lab"]["UNIT"])
    assert {"umol/L", "\u00b5mol/L", "\u03bcmol/L", "mmol/l", "mmol/L"} <= units


def test_lab_transactions(raw, planted):
    inst = planted["lab_retransmission"]["instances"][0]
    first, fix = _lab(raw, inst, "INSERT"), _lab(raw, inst, "UPDATE")
    assert first["RESULT"] != fix["RESULT"] == inst["UPDATE_RESULT"]
    assert fix["TRANSDTM"] > first["TRANSDTM"]
    row = _lab(raw, planted["lab_cancel"]["instances"][0], "CANCEL")
    assert row["RESULT"] == "" and row["RESULTN"] == ""


def test_baseline_trap_sample_after_infusion_start(raw, planted):
    inst = planted["baseline_trap"]["instances"][0]
    ex = raw["ex"]
    (start,) = ex.loc[(ex["Subject"] == inst["subject"]) & (ex["Folder"] == "D1"), "EXSTTIM"]
    assert start == inst["EXSTTIM"] < inst["COLLTIME"]
    lab = raw["lab"]
    others = lab[(lab["VISIT"] == "DAY 1") & (lab["SUBJID"] != inst["subject"])]
    assert (others["COLLTIME"] < "08:30").all()


def test_dosing_problems(raw, planted):
    doses = {i["EXDOSE_RAW"] for i in planted["dose_formats"]["instances"]}
    assert doses == {"6.5E7", "6.5x10^7", "65,000,000"}
    assert "00123" in set(raw["ixrs_kits"]["LOTNO"]) and "00123" in set(raw["ex"]["EXLOT"])
    who = planted["kit_mixup"]["instances"][0]["subject"]
    rand, kits = raw["ixrs_rand_unblinded"], raw["ixrs_kits"]
    assert rand.loc[rand["SUBJID"] == who, "ARMCD"].tolist() == ["MSC"]
    assert kits.loc[kits["SUBJID"] == who, "KITARMCD"].tolist() == ["OCNMSC"] * 3


def test_demographic_and_eligibility_problems(raw, planted):
    dm = raw["dm"].set_index("Subject")
    typed = planted["sex_typed_m"]["instances"][0]["subject"]
    assert tuple(dm.loc[typed, ["SEX", "SEX_STD"]]) == ("M", "M")
    clash = planted["sex_mismatch"]["instances"][0]["subject"]
    assert tuple(dm.loc[clash, ["SEX", "SEX_STD"]]) == ("Female", "M")
    rand = set(raw["ixrs_rand_unblinded"]["SUBJID"])
    old = planted["age72"]["instances"][0]["subject"]
    assert dm.loc[old, "AGE"] == "72" and old in rand
    ages = dm.loc[dm.index != old, "AGE"].astype(int)
    assert ages.between(35, 68).all()
    high = planted["hba1c_106"]["instances"][0]
    assert _lab(raw, high)["RESULT"] == "10.6" and high["subject"] in rand


def test_vital_sign_problems(raw, planted):
    vs = raw["vs"].set_index("RecordId")
    fever = planted["vs_fever"]["instances"][0]
    assert float(vs.loc[fever["RecordId"], "TEMP"]) >= 38.0
    assert vs.loc[fever["RecordId"], "VSTPT"] == "POST-INFUSION 1H"
    assert vs.loc[planted["vs_implausible"]["instances"][0]["RecordId"], "SYSBP"] == "1200"


def test_readme_dictionary_lists_every_column(raw):
    for name, (_, groups) in DICTIONARY.items():
        columns = [c for g, _ in groups for c in expand(g)]
        assert columns == list(raw[name.removesuffix(".csv")].columns), name


def test_fifty_subjects_scale_the_design(tmp_path):
    generate(tmp_path, subjects=50, seed=7)
    dm = pd.read_csv(tmp_path / "dm.csv", dtype=str, keep_default_na=False)
    rand = pd.read_csv(tmp_path / "ixrs_rand_unblinded.csv", dtype=str)
    assert len(dm) == 50 and len(rand) == 50 - round(50 * 0.17)
    report = json.loads((tmp_path / "planted_problems.json").read_text(encoding="utf-8"))
    assert all(p["count"] >= 1 for p in report["problems"])
    assert {p["slug"]: p["count"] for p in report["problems"]}["kit_mixup"] == 3 * 4


def test_lab_repeats_add_unscheduled_retests(tmp_path):
    generate(tmp_path, lab_repeats=2)
    lab = pd.read_csv(tmp_path / "lab.csv", dtype=str, keep_default_na=False)
    base = pd.read_csv(SAMPLE / "lab.csv", dtype=str, keep_default_na=False)
    assert len(lab) > 1.7 * len(base)
    assert (lab["VISIT"] == "UNSCHEDULED").sum() > (base["VISIT"] == "UNSCHEDULED").sum()
