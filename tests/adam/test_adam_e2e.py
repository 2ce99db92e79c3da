"""ADSL/ADLB/ADAE/ADEX on the sample study, checked against numbers worked out by hand
from sample_raw/CHEC2023-226 (lab.csv, ex.csv, ae.csv, dm.csv, ixrs_kits.csv)."""

import pytest

from tests.adam.conftest import needs_sample, sas_date, sas_datetime, subject

pytestmark = [needs_sample, pytest.mark.e2e]


def one(frame, **where):
    for k, v in where.items():
        frame = frame[frame[k] == v]
    assert len(frame) == 1, where
    return frame.iloc[0]


def test_every_adam_subject_is_in_adsl(adam):
    ids = set(adam.datasets["ADSL"]["USUBJID"])
    assert len(ids) == 10 and adam.datasets["ADSL"]["USUBJID"].is_unique   # randomized
    for name in ("ADLB", "ADAE", "ADEX"):
        assert set(adam.datasets[name]["USUBJID"]) <= ids, name


def test_no_metadata_errors(adam):
    assert [f for f in adam.findings if f.severity == "error"] == []


def test_adsl_kit_mixup_and_populations(adam):
    adsl = adam.datasets["ADSL"]
    mix = one(subject(adsl, "102-002"))        # randomized MSC, every kit OCNMSC
    assert (mix.TRT01P, mix.TRT01PN, mix.TRT01A, mix.TRT01AN) == (
        "UC-MSC", 2.0, "OCN19-overexpressing UC-MSC", 1.0)
    assert (mix.ITTFL, mix.SAFFL, mix.PPROTFL, mix.AGEGR1) == ("Y", "Y", "N", ">=65")
    assert one(subject(adsl, "101-004")).PPROTFL == "N"     # screening HbA1c 10.6 %
    assert subject(adsl, "102-003").empty                  # screen failures stay in SDTM
    assert adsl.groupby("ITTFL").size().to_dict() == {"Y": 10}
    et = one(subject(adsl, "101-005"))                       # DS: withdrawal after Week 24
    assert (et.EOSSTT, et.DCSREAS, et.EOSDT) == (
        "DISCONTINUED", "WITHDRAWAL BY SUBJECT", 23647.0)      # SAS date of 2024-09-28
    assert (adsl["PPROTFL"] == "Y").sum() == 8


def test_adsl_dates_of_early_terminator(adam):
    et = one(subject(adam.datasets["ADSL"], "101-005"))
    # ex.csv: D1 14 FEB 2024 09:50, WK8 08 APR 2024 ends 11:10; ds.csv 28 SEP 2024
    assert sas_datetime(et.TRTSDTM) == "2024-02-14T09:50"
    assert sas_datetime(et.TRTEDTM) == "2024-04-08T11:10"
    assert et.TRTDURD == 55.0
    assert (et.EOSSTT, sas_date(et.EOSDT), et.COMPLFL) == ("DISCONTINUED", "2024-09-28", "N")
    assert et.HBA1CBL == 8.4                  # Day 1 07:56, before the 09:50 infusion


def test_adlb_baseline_trap(adam):
    lb = subject(adam.datasets["ADLB"], "101-006")
    hb = lb[lb.PARAMCD == "HBA1C"]
    # Day 1 "pre-dose" sample at 10:05 after the 09:30 infusion start: screening is baseline
    base = one(hb, ABLFL="Y")
    assert (base.VISIT, base.AVAL, base.AVISIT) == ("SCREENING", 9.6, "BASELINE")
    day1 = one(hb, VISIT="DAY 1")
    assert (day1.AVISIT, day1.CHG) == ("DAY 1", pytest.approx(-0.1))
    wk24 = one(hb, AVISIT="WEEK 24", ANL01FL="Y")
    assert (wk24.AVAL, wk24.BASE) == (8.3, 9.6)
    assert wk24.CHG == pytest.approx(-1.3) and wk24.PCHG == pytest.approx(-13.5417, abs=1e-4)
    assert wk24.CRIT1FL == "N" and wk24.SRCDOM == "LB" and wk24.SRCVAR == "LBSTRESN"


def test_adlb_early_termination_and_locf(adam):
    hb = subject(adam.datasets["ADLB"], "101-005")
    hb = hb[hb.PARAMCD == "HBA1C"]
    assert one(hb, AVISIT="WEEK 24", ANL01FL="Y").CHG == pytest.approx(-1.2)   # 7.2 - 8.4
    et = one(hb, VISIT="EARLY TERMINATION")      # day 228: outside every window
    assert (et.AVISIT, et.ANL01FL, et.ADY) == ("", "", 228.0)
    locf = hb[hb.DTYPE == "LOCF"]
    assert locf[["AVISIT", "AVAL", "ANL02FL", "ANL01FL"]].values.tolist() == [
        ["WEEK 36", 7.2, "Y", ""], ["WEEK 48", 7.2, "Y", ""]]


def test_adlb_homa_ir(adam):
    lb = subject(adam.datasets["ADLB"], "101-001")
    # lab.csv Day 1: glucose 9.47 mmol/L; insulin 10.65 uIU/mL = 74.0 pmol/L in LB
    homa = one(lb, PARAMCD="HOMAIR", VISIT="DAY 1")
    assert homa.AVAL == pytest.approx(9.47 * (74.0 / 6.945) / 22.5, abs=1e-6)
    assert (homa.ABLFL, homa.SRCDOM) == ("Y", "")
    # the Week 12 glucose was reported 162 mg/dL: 8.99 mmol/L in LB
    assert one(lb, PARAMCD="GLUC", VISIT="WEEK 12").AVAL == 8.99


def test_adlb_integrity(adam):
    lb = adam.datasets["ADLB"]
    post = lb[lb.CHG.notna()]
    assert len(post) > 1000
    assert ((post.AVAL - post.BASE) - post.CHG).abs().max() < 1e-9
    collected = post[post.PARAMCD != "HOMAIR"]           # HOMA-IR is computed, not collected
    assert (collected.CHG.map(lambda v: len(repr(v).partition(".")[2])) <= 4).all()
    assert (post.PCHG.isna() | post.BASE.eq(0) | post.CHG.notna()).all()
    assert lb[lb.ABLFL == "Y"].CHG.isna().all()
    anl = lb[lb.ANL01FL == "Y"]
    assert not anl.duplicated(["USUBJID", "PARAMCD", "AVISITN"]).any()
    assert (anl.AVISIT != "").all()
    assert lb.groupby("PARAMCD").PARAM.nunique().max() == 1
    assert not lb.duplicated(["USUBJID", "ASEQ"]).any()
    assert (lb.PARCAT1 != "").all() and lb.groupby("PARAMCD").PARCAT1.nunique().max() == 1
    assert one(lb.drop_duplicates("PARAMCD"), PARAMCD="ALT").PARCAT1 == "CHEMISTRY"


def test_adlb_srcvar_names_the_variable_the_value_came_from(adam):
    lb = adam.datasets["ADLB"]
    from_lb = lb[lb.SRCDOM == "LB"]
    numeric, text = from_lb[from_lb.AVAL.notna()], from_lb[from_lb.AVAL.isna()]
    assert (numeric.SRCVAR == "LBSTRESN").all()
    assert len(text) > 100 and (text.SRCVAR == "LBSTRESC").all() and (text.AVALC != "").all()
    assert (lb[lb.PARAMCD == "HOMAIR"].SRCVAR == "").all()             # derived parameter


def test_primary_endpoint_by_arm(adam):
    lb = adam.datasets["ADLB"]
    wk24 = lb[(lb.PARAMCD == "HBA1C") & (lb.AVISIT == "WEEK 24") & (lb.ANL01FL == "Y")]
    # baseline -> Week 24 HbA1c (%) from lab.csv, by randomized arm
    chg = {s[-7:]: round(c, 1) for s, c in zip(wk24.USUBJID, wk24.CHG, strict=True)}
    assert chg == {"101-001": -0.6, "101-002": -0.2, "101-003": -0.9, "101-004": -1.1,
                   "101-005": -1.2, "101-006": -1.3, "102-001": -0.2, "102-002": -1.3,
                   "102-004": -1.0, "102-005": 0.0}
    means = wk24.groupby("TRTP").CHG.mean().round(4).to_dict()
    assert means == {"OCN19-overexpressing UC-MSC": -1.125,
                     "Placebo (albumin injection)": -0.1333, "UC-MSC": -0.9667}


def test_adae_partial_dates_and_teae(adam):
    ae = adam.datasets["ADAE"]
    nausea = one(subject(ae, "101-001"), AEDECOD="Nausea")      # UN NOV 2023, D1 24 NOV 2023
    assert (sas_date(nausea.ASTDT), nausea.ASTDTF, nausea.TRTEMFL, nausea.ASTDY) == (
        "2023-11-24", "D", "Y", 1.0)
    tired = one(subject(ae, "102-001"), AEDECOD="Fatigue")     # UN UNK 2023, D1 03 DEC 2023
    assert (sas_date(tired.ASTDT), tired.ASTDTF) == ("2023-12-03", "M")
    hypo = subject(ae, "101-005")
    hypo = one(hypo, AESTDTC="2024---15")                      # 15 UNK 2024
    assert (sas_date(hypo.ASTDT), hypo.ASTDTF, hypo.AENDTF) == ("2024-02-14", "M", "")
    mix = subject(ae, "102-002")
    assert set(mix.TRTA) == {"OCN19-overexpressing UC-MSC"}
    first = ae[ae.AOCCFL == "Y"]
    assert first.USUBJID.is_unique and set(first.TRTEMFL) == {"Y"}
    assert set(ae.ASEVN.dropna()) <= {1.0, 2.0, 3.0}


def test_adex_dose_formats_and_summaries(adam):
    ex = subject(adam.datasets["ADEX"], "101-003")   # doses typed 6.5E7, 6.5x10^7, 65,000,000
    assert ex[ex.PARAMCD == "DOSE"].AVAL.tolist() == [6.5e7] * 3
    assert ex[ex.PARAMCD == "INFDUR"].AVAL.tolist() == [55.0, 60.0, 50.0]
    summary = {p: one(ex, PARAMCD=p).AVAL for p in ("TNINF", "TDOSE", "TINFDUR", "TRTDURD")}
    assert summary == {"TNINF": 3.0, "TDOSE": 1.95e8, "TINFDUR": 165.0, "TRTDURD": 57.0}
    assert one(ex, PARAMCD="TDOSE").SRCDOM == ""
