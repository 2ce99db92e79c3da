"""End to end: `cdisc-convert sdtm` on the sample study, checked against values read by hand
from sample_raw/CHEC2023-226 (not recomputed by the code under test)."""

import json

import pandas as pd
import pyreadstat
import pytest

from cdisc_convert.cli import main
from cdisc_convert.spec.loader import load_specs
from tests.conftest import RAW, SPECS

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not (RAW / "dm.csv").exists(), reason="sample raw export absent")]
S = "CHEC2023-226-"


def run_sdtm(out):
    with pytest.raises(SystemExit) as exit_:
        main(["sdtm", "--specs", str(SPECS), "--raw", str(RAW), "--out", str(out), "-q"])
    assert exit_.value.code == 0
    return out / "sdtm"


@pytest.fixture(scope="module")
def sdtm_dir(sample_run):
    """OUT/sdtm of the session's one ``cdisc-convert run`` (its SDTM step is ``sdtm``'s)."""
    return sample_run / "sdtm"


@pytest.fixture(scope="module")
def data(sdtm_dir):
    return {n: pyreadstat.read_xport(str(sdtm_dir / f"{n}.xpt"))[0]
            for n in ("dm", "ex", "lb", "ae")}


def one(df, **where):
    mask = pd.Series(True, index=df.index)
    for k, v in where.items():
        mask &= df[k] == v
    hits = df[mask]
    assert len(hits) == 1, f"{len(hits)} records for {where}"
    return hits.iloc[0]


def test_four_xpt_files_v5_with_spec_names_labels_and_lengths(sdtm_dir):
    specs = load_specs(SPECS)
    for name in ("DM", "EX", "LB", "AE"):
        path = sdtm_dir / f"{name.lower()}.xpt"
        assert path.read_bytes()[:48] == b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!"
        df, meta = pyreadstat.read_xport(str(path))
        spec = specs.sdtm[name]
        assert meta.table_name == name and meta.file_label == spec.label
        assert list(df.columns) == spec.variable_names
        assert meta.column_labels == [v.label for v in spec.variables]
        for var in spec.variables:
            width = meta.variable_storage_width[var.name]
            if var.type == "Num":
                assert width == 8
            else:
                longest = df[var.name].astype(str).str.len().max()
                assert width == max(longest, 1) and width <= 200, var.name


def test_dm_arms_and_reference_dates(data):
    dm = data["dm"]
    assert len(dm) == 12
    mixup = one(dm, USUBJID=S + "102-002")                  # P18 kit mix-up
    assert (mixup.ARMCD, mixup.ACTARMCD, mixup.ARMNRS) == ("MSC", "OCNMSC", "")
    for sf in ("102-003", "101-007"):                       # P19 screen failures
        rec = one(dm, USUBJID=S + sf)
        assert (rec.ARMCD, rec.ACTARMCD, rec.ARMNRS, rec.RFSTDTC) == ("", "", "SCREEN FAILURE", "")
    s6 = one(dm, USUBJID=S + "101-006")                     # ex.csv D1: 22 FEB 2024 09:30
    assert (s6.RFSTDTC, s6.RFXSTDTC) == ("2024-02-22T09:30", "2024-02-22T09:30")
    assert one(dm, USUBJID=S + "102-004").SEX == "M"        # P20 typed 'M'
    assert one(dm, USUBJID=S + "101-005").SEX == "M"        # P21 code wins over 'Female'
    assert one(dm, USUBJID=S + "102-002").AGE == 72         # P23
    assert set(dm.AGEU) == {"YEARS"} and set(dm.COUNTRY) == {"CHN"}


def test_ex_doses_lots_and_actual_treatment(data):
    ex = data["ex"]
    assert len(ex) == 30
    s3 = ex[ex.USUBJID == S + "101-003"]                    # P16 6.5E7 / 6.5x10^7 / 65,000,000
    assert s3.EXDOSE.tolist() == [65_000_000.0] * 3
    assert set(ex[ex.USUBJID == S + "102-001"].EXLOT) == {"00123"}   # P17
    assert set(ex[ex.USUBJID == S + "102-002"].EXTRT) == {"OCN19-OVEREXPRESSING UC-MSC"}
    assert one(ex, USUBJID=S + "101-006", VISIT="DAY 1").EXSTDTC == "2024-02-22T09:30"


def test_lb_baseline_trap_units_text_results_and_transmissions(data):
    lb = data["lb"]
    hba = lb[(lb.USUBJID == S + "101-006") & (lb.LBTESTCD == "HBA1C")]
    assert one(hba, VISIT="SCREENING").LBLOBXFL == "Y"     # P15: 9.6 at 07:43 on 2024-02-01
    day1 = one(hba, VISIT="DAY 1")                          # 10:05, after the 09:30 infusion
    assert (day1.LBDTC, day1.LBORRES, day1.LBLOBXFL) == ("2024-02-22T10:05", "9.5", "")
    g = one(lb, USUBJID=S + "101-001", LBTESTCD="GLUC", VISIT="WEEK 12", LBSPEC="PLASMA")
    assert (g.LBORRES, g.LBORRESU, g.LBSTRESN, g.LBSTRESU) == ("162", "mg/dL", 8.99, "mmol/L")
    lim = one(lb, USUBJID=S + "101-002", LBTESTCD="GLUC", LBORRES=">33.3")   # P09
    assert (lim.LBSTRESC, pd.isna(lim.LBSTRESN)) == (">33.3", True)
    assert lim.VISIT.startswith("UNSCHEDULED")
    urine = lb[(lb.USUBJID == S + "101-001") & (lb.LBTESTCD == "GLUC") & (lb.LBSPEC == "URINE")]
    assert set(urine.LBSTRESC) >= {"NEGATIVE", "TRACE", "1+"} and urine.LBSTRESN.isna().all()
    assert not set(lb.LBORRESU) & {"µmol/L", "μmol/L", "mmol/l"}      # P12
    alt = one(lb, USUBJID=S + "101-005", LBTESTCD="ALT", VISIT="WEEK 24")   # P13
    assert alt.LBORRES == "34"
    assert lb[(lb.USUBJID == S + "101-001") & (lb.LBTESTCD == "K") &
              (lb.VISIT == "WEEK 24")].empty                                # P14 cancelled
    assert one(lb, USUBJID=S + "101-004", LBTESTCD="HBA1C", VISIT="SCREENING").LBSTRESN == 10.6
    assert (lb.groupby(["USUBJID", "LBSEQ"]).size() == 1).all()


def test_ae_dates_coding_and_dropped_records(data, sdtm_dir):
    ae = data["ae"]
    assert len(ae) == 32                                    # 34 rows - duplicate - deleted
    assert ae.AESPID.tolist().count("5000364") == 1         # P27
    assert "5000366" not in set(ae.AESPID)                  # P28
    for spid, iso in (("5000338", "2023-11"), ("5000341", "2023"), ("5000363", "2024---15")):
        rec = one(ae, AESPID=spid)                          # P01-P03
        assert rec.AESTDTC == iso and pd.isna(rec.AESTDY)
    uncoded = one(ae, AESPID="5000342")                     # P24
    assert (uncoded.AEDECOD, uncoded.AETERM) == ("", "?? headache")
    assert one(ae, AESPID="5000356").AEDECOD == "Hypoglycaemia"   # P25
    assert one(ae, AESPID="5000359").AEENRTPT == "ONGOING"       # P07 (validation warns)
    log = json.loads((sdtm_dir.parent / "logs" / "sdtm.json").read_text())
    codes = {(f["code"], f.get("source_file"), f.get("source_row")) for f in log["findings"]}
    assert ("MAP-NONASCII", "ae.csv", 9) in codes and ("MAP-MISSING", "ae.csv", 9) in codes
    assert any("exact duplicate" in n for n in log["notes"])
    assert any("RecordActive=0" in n for n in log["notes"])


def test_second_run_is_byte_identical(sdtm_dir, tmp_path):
    again = run_sdtm(tmp_path / "out")
    for name in ("dm", "ex", "lb", "ae"):
        assert (again / f"{name}.xpt").read_bytes() == (sdtm_dir / f"{name}.xpt").read_bytes()
