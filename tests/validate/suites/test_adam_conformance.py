"""ADaM conformance on the sample study: what the plain run reports (every finding known and
explained), and each check finding exactly the defect planted into the run's ADaM data."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from cdisc_convert.validate.engine import validate_frames, validate_paths

#: ADaM findings expected on the plain sample, each explained in study.yaml.
EXPECTED = {("ADAM-ASTDT-AENDT", "ADAE", 10)}


def _adam_findings(report) -> set[tuple]:
    return {(f.rule_id, f.dataset, f.row) for f in report.findings
            if (f.rule_id or "").startswith("ADAM") or f.code == "CHECK-ERROR"}


def test_plain_sample_reports_only_the_known_adam_findings(sample_run, specs):
    report = validate_paths([sample_run / "adam", sample_run / "sdtm"])
    found = _adam_findings(report)
    assert found == EXPECTED
    explained = specs.study.explanations
    assert all(rule in explained or f"{ds}.{rule}" in explained for rule, ds, _ in found)
    assert report.standards["ADaMIG"] == "1.3"


def _copy(sample_adam) -> dict[str, pd.DataFrame]:
    return {k: v.copy() for k, v in copy.copy(sample_adam.datasets).items()}


def _row(frame: pd.DataFrame, mask) -> int:
    """Index (0-based) of the first record where ``mask`` holds."""
    return int(pd.Series(mask).to_numpy().nonzero()[0][0])


def _plant_popfl(adam):
    adam["ADSL"].loc[0, "SAFFL"] = ""
    return "ADAM-POPFL-NULL", "ADSL", 0


def _plant_fl_value(adam):
    adam["ADSL"].loc[1, "ITTFL"] = "X"
    return "ADAM-FL-VALUE", "ADSL", 1


def _plant_paramcd(adam):
    lb = adam["ADLB"]
    i = _row(lb, lb["PARAMCD"] == lb["PARAMCD"].iloc[0])
    lb.loc[i, "PARAMCD"] = "1" + lb.loc[i, "PARAMCD"]
    return "ADAM-PARAMCD", "ADLB", i


def _plant_chg(adam):
    lb = adam["ADLB"]
    i = _row(lb, lb["CHG"].notna())
    lb.loc[i, "CHG"] = lb.loc[i, "CHG"] + 1
    return "ADAM-CHG", "ADLB", i


def _plant_pchg(adam):
    lb = adam["ADLB"]
    i = _row(lb, lb["PCHG"].notna() & lb["BASE"].ne(0))
    lb.loc[i, "PCHG"] = lb.loc[i, "PCHG"] + 5
    return "ADAM-PCHG", "ADLB", i


def _plant_ablfl_base(adam):
    lb = adam["ADLB"]
    i = _row(lb, lb["ABLFL"] == "Y")
    lb.loc[i, "AVAL"] = lb.loc[i, "AVAL"] + 1000
    return "ADAM-ABLFL-BASE", "ADLB", i


def _plant_trtp(adam):
    lb, adsl = adam["ADLB"], adam["ADSL"]
    other = next(t for t in adsl["TRT01P"].unique() if t != lb.loc[0, "TRTP"])
    lb.loc[0, "TRTP"] = other
    return "ADAM-TRTP-ADSL", "ADLB", 0


def _plant_copy(adam):
    lb = adam["ADLB"]
    lb.loc[3, "SAFFL"] = "N" if lb.loc[3, "SAFFL"] == "Y" else "Y"
    return "ADAM-ADSL-COPY", "ADLB", 3


def _plant_dm(adam):
    adam["ADSL"].loc[2, "AGE"] = adam["ADSL"].loc[2, "AGE"] + 1
    return "ADAM-ADSL-DM", "ADSL", 2


def _plant_dtf(adam):
    adam["ADAE"].loc[4, "ASTDTF"] = "X"
    return "ADAM-DTF-VALUE", "ADAE", 4


def _plant_srcseq(adam):
    adam["ADLB"].loc[5, "SRCSEQ"] = 99999.0
    return "ADAM-SRCSEQ", "ADLB", 5


def _plant_consistent(adam):
    lb = adam["ADLB"]
    i = _row(lb, lb["TRTP"] == lb["TRTP"].iloc[0]) + 1
    i = _row(lb, (lb.index >= i) & (lb["TRTP"] == lb["TRTP"].iloc[0]))
    lb.loc[i, "TRTPN"] = lb.loc[i, "TRTPN"] + 10
    return "ADAM-CONSISTENT", "ADLB", i


def _plant_dy(adam):
    lb = adam["ADLB"]
    i = _row(lb, lb["ADY"].notna())
    lb.loc[i, "ADY"] = 0.0
    return "ADAM-DY-ZERO", "ADLB", i


PLANTS = [_plant_popfl, _plant_fl_value, _plant_paramcd, _plant_chg, _plant_pchg,
          _plant_ablfl_base, _plant_trtp, _plant_copy, _plant_dm, _plant_dtf, _plant_srcseq,
          _plant_consistent, _plant_dy]


@pytest.fixture(scope="module")
def plain_adam(sample_sdtm, sample_adam, specs):
    """The built-in checks' ADaM findings on the plain sample, run once for every rule
    (findings of one rule never depend on which other rules run)."""
    return _adam_findings(validate_frames(sample_sdtm, _copy(sample_adam), specs=specs,
                                          core=False))


@pytest.mark.parametrize("plant", PLANTS, ids=[p.__name__[7:] for p in PLANTS])
def test_planted_defect_is_found_on_its_record(plant, sample_sdtm, sample_adam, specs,
                                               plain_adam):
    adam = _copy(sample_adam)
    rule, dataset, index = plant(adam)
    planted = validate_frames(sample_sdtm, adam, specs=specs, only={rule}, core=False)
    before = {f for f in plain_adam if f[0] == rule}
    after = _adam_findings(planted)
    assert after - before == {(rule, dataset, index + 1)}


def test_missing_date_format_is_found(sample_sdtm, sample_adam, specs):
    formats = {n: {v.name: v.display_format for v in d.variables if v.display_format}
               for n, d in specs.adam.items()}
    formats["ADLB"].pop("ADT")
    report = validate_frames(sample_sdtm, _copy(sample_adam), specs=specs, core=False,
                             only={"ADAM-DT-NOFMT"}, formats=formats)
    assert {(f.dataset, f.variable) for f in report.findings
            if f.rule_id == "ADAM-DT-NOFMT"} == {("ADLB", "ADT")}


def test_template_label_is_found(sample_sdtm, sample_adam, specs):
    labels = {n: {v.name: v.label for v in d.variables} for n, d in specs.adam.items()}
    labels["ADLB"]["ANL01FL"] = "Analysis Flag zz"
    report = validate_frames(sample_sdtm, _copy(sample_adam), specs=specs, core=False,
                             only={"ADAM-LABEL-TEMPLATE"}, labels=labels)
    found = [f for f in report.findings if f.rule_id == "ADAM-LABEL-TEMPLATE"]
    assert [(f.dataset, f.variable, f.value) for f in found] == [
        ("ADLB", "ANL01FL", "Analysis Flag zz")]
    assert "'zz'" in found[0].message


def test_start_after_end_message_shows_both_dates_as_dates(sample_run):
    report = validate_paths([sample_run / "adam", sample_run / "sdtm"])
    [found] = [f for f in report.findings if f.rule_id == "ADAM-ASTDT-AENDT"]
    # ADAE row 10: ASTDT 2024-10-11 (SAS 23660) after AENDT 2024-10-09 (SAS 23658)
    assert found.message == "ASTDT 2024-10-11 is after AENDT 2024-10-09"
