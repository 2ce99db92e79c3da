"""Trial design and supporting domains on the sample study, checked against the study spec
and against each other (SE dates vs EX and DS)."""

import pandas as pd
import pytest

from cdisc_convert.spec.loader import load_specs
from cdisc_convert.standards import versions
from tests.conftest import RAW, SPECS

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not (RAW / "dm.csv").exists(), reason="sample raw export absent")]
REQUIRED_TS = ("TITLE SPONSOR REGID TPHASE STYPE INTMODEL INTTYPE TBLIND TCNTRL RANDOM NARMS "
               "PLANSUB AGEMIN AGEMAX SEXPOP HLTSUBJI INDIC TDIGRP TRT SSTDTC SDTIGVER SDTMVER "
               "ADDON LENGTH ACTSUB OBJPRIM OUTMSPRI TTYPE TINDTP STOPRULE ADAPT RANDQT DOSE DOSU "
               "DOSFRQ ROUTE SENDTC DCUTDTC DCUTDESC FCNTRY COMPTRT").split()


@pytest.fixture(scope="module")
def specs():
    return load_specs(SPECS)


@pytest.fixture(scope="module")
def sdtm(sample_sdtm):
    """The sample's SDTM frames of the session's one run (tests/conftest.py)."""
    return sample_sdtm


def test_ts_has_every_parameter_exactly_as_the_study_spec_says(sdtm, specs):
    ts = sdtm["TS"]
    assert set(REQUIRED_TS) <= set(ts.TSPARMCD)
    rows = specs.study.design["trial_summary"]
    for row in rows:
        got = ts[ts.TSPARMCD == row["TSPARMCD"]]
        if "TSVAL" in row:
            assert str(row["TSVAL"]) in set(got.TSVAL), row
        if "TSVALNF" in row:
            assert set(got.TSVALNF) == {row["TSVALNF"]} and set(got.TSVAL) == {""}
    value = dict(zip(ts.TSPARMCD, ts.TSVAL, strict=False))
    assert value["REGID"] == "NCT06727721" and value["SDTIGVER"] == versions.SDTMIG
    assert value["SDTMVER"] == versions.SDTM and value["NARMS"] == "3"
    assert value["PLANSUB"] == "10" and value["ACTSUB"] == "10"
    assert (value["AGEMIN"], value["AGEMAX"], value["LENGTH"]) == ("P18Y", "P70Y", "P48W")
    assert value["RANDQT"] == "0.4"                   # 4 of 10 planned on the EXPERIMENTAL arm
    assert value["SENDTC"] == max(sdtm["DM"].RFPENDTC.str[:10])
    country = ts[ts.TSPARMCD == "FCNTRY"].iloc[0]
    assert (country.TSVALCD, country.TSVCDREF, country.TSVCDVER) == (
        "CHN", "ISO 3166", specs.study.design["dictionaries"]["ISO 3166"])
    phase = ts[ts.TSPARMCD == "TPHASE"].iloc[0]
    assert (phase.TSVALCD, phase.TSVCDREF, phase.TSVCDVER) == ("C15601", "CDISC CT",
                                                               versions.CT_SDTM)
    assert ts[ts.TSPARMCD == "TCNTRL"].TSSEQ.tolist() == [1.0, 2.0]
    assert (ts.TSPARM != "").all()


def test_ti_has_the_28_registry_criteria(sdtm):
    ti = sdtm["TI"]
    assert len(ti) == 28 and ti.IETESTCD.is_unique
    assert ti.IECAT.value_counts().to_dict() == {"EXCLUSION": 22, "INCLUSION": 6}
    assert ti.IETESTCD.str.len().max() <= 8 and ti.IETEST.str.len().max() <= 200


def test_ta_te_tv_consistent_with_the_study_spec(sdtm, specs):
    ta, te, tv = sdtm["TA"], sdtm["TE"], sdtm["TV"]
    assert set(ta.ARMCD) == {a.armcd for a in specs.study.arms}
    for arm in specs.study.arms:
        rows = ta[ta.ARMCD == arm.armcd].sort_values("TAETORD")
        assert rows.ETCD.tolist() == list(arm.elements) and set(rows.ARM) == {arm.arm}
    assert set(ta.ETCD) == set(te.ETCD)
    assert tv.VISITNUM.tolist() == [v.visitnum for v in specs.study.visits]
    assert tv.VISIT.tolist() == [v.visit for v in specs.study.visits]
    dm = sdtm["DM"]
    assert set(dm.ARMCD[dm.ARMCD != ""]) <= set(ta.ARMCD)
    sv = sdtm["SV"]
    planned = sv[~sv.VISIT.str.startswith("UNSCHEDULED")]
    assert set(zip(planned.VISITNUM, planned.VISIT, strict=True)) <= set(
        zip(tv.VISITNUM, tv.VISIT, strict=True))


def test_se_dates_consistent_with_ex_and_ds(sdtm):
    se, ex, ds, dm = sdtm["SE"], sdtm["EX"], sdtm["DS"], sdtm["DM"]
    for subj, rec in dm.set_index("USUBJID").iterrows():
        elems = se[se.USUBJID == subj].sort_values("SESTDTC")
        if rec.ACTARMCD == "":
            assert elems.ETCD.tolist() == ["SCRN"]          # screen failure: screening only
            continue
        assert elems.ETCD.tolist() == ["SCRN", rec.ACTARMCD, "FU"]
        doses = ex[ex.USUBJID == subj]
        treat = elems.iloc[1]
        assert treat.SESTDTC == doses.EXSTDTC.min()                     # first infusion
        last = pd.Timestamp(doses.EXENDTC.max()[:10]) + pd.Timedelta(days=1)
        assert treat.SEENDTC == elems.iloc[2].SESTDTC == last.strftime("%Y-%m-%d")
        assert elems.iloc[0].SEENDTC == treat.SESTDTC                    # contiguous
        end = ds[(ds.USUBJID == subj) & (ds.DSCAT == "DISPOSITION EVENT")].DSSTDTC.max()
        assert elems.iloc[2].SEENDTC >= end[:10]
    assert (se.groupby("USUBJID").SESEQ.apply(lambda s: s.is_unique)).all()


def test_supporting_domains(sdtm):
    ds = sdtm["DS"]
    assert set(ds[ds.DSCAT == "PROTOCOL MILESTONE"].DSDECOD) == {"INFORMED CONSENT OBTAINED",
                                                                  "RANDOMIZED"}
    assert (ds.DSDECOD == "RANDOMIZED").sum() == 10
    vs = sdtm["VS"]
    bmi = vs[(vs.VSTESTCD == "BMI") & (vs.USUBJID.str.endswith("101-006")) &
             (vs.VISIT == "SCREENING")].iloc[0]
    # vs.csv SCRN for 101-006: WEIGHT 73.9 kg, HEIGHT 171.6 cm -> 73.9 / 1.716^2 = 25.1
    assert (bmi.VSORRES, bmi.VSORRESU, bmi.VSDRVFL) == ("25.1", "kg/m2", "Y")
    assert sdtm["IE"].IETESTCD.tolist() == ["EX17", "IN04"]
    supp = sdtm["SUPPDM"]
    assert set(supp.QNAM) == {"RANDNO", "RANDDTC", "STRATUM", "ICVER"}
    assert (supp.QNAM.str.len() <= 8).all() and (supp.QLABEL.str.len() <= 40).all()
    ae = sdtm["SUPPAE"].iloc[0]
    assert (ae.IDVAR, ae.QNAM) == ("AESEQ", "AECOMM")
    parent = sdtm["AE"]
    assert not parent[(parent.USUBJID == ae.USUBJID) &
                      (parent.AESEQ == float(ae.IDVARVAL))].empty
