"""The Trial Summary parameter rule files (cdisc_convert/tools/p21_drafts/ts_parameters.py)
beyond their one passing and one failing case: P21's ``If`` gates a missing-parameter rule,
no TS dataset means no finding, a dataset-level finding is reported once, and SD1306 counts a
TDIGRP record with TSVAL null among records with a value."""

from __future__ import annotations

import pandas as pd
import pytest

from cdisc_convert.validate.frames import prepare
from cdisc_convert.validate.own_rules import load_own_rules
from cdisc_convert.validate.rule_engine import run_rules


def _ts(*rows: tuple[str, str]) -> pd.DataFrame:
    return prepare(pd.DataFrame({"STUDYID": "S1", "DOMAIN": "TS",
                                 "TSSEQ": [float(i) for i in range(1, len(rows) + 1)],
                                 "TSPARMCD": [p for p, _ in rows],
                                 "TSVAL": [v for _, v in rows]}))


def _fired(rule_id: str, datasets: dict[str, pd.DataFrame]) -> list:
    rules = [r for r in load_own_rules("3.3") if r.id == rule_id]
    assert rules, rule_id
    run = run_rules(datasets, sdtmig_version="3.3", rules=rules)
    assert not run.errors
    return [(f.dataset, f.row) for f in run.findings]


@pytest.mark.parametrize("rows, fired", [
    ((("ADDON", "Y"), ("OTHER", "1")), [("TS", None)]),     # If holds, CURTRT missing
    ((("ADDON", "N"), ("OTHER", "1")), []),                 # If does not hold
    ((("OTHER", "1"),), []),                                 # no ADDON record at all
    ((("ADDON", "Y"), ("CURTRT", "Aspirin")), []),
])
def test_the_if_gates_a_missing_parameter(rows, fired):
    assert _fired("SD2216", {"TS": _ts(*rows)}) == fired


def test_one_finding_per_ts_and_none_without_ts():
    assert _fired("SD2201", {"TS": _ts(("AGEMIN", "P18Y"), ("AGEMAX", "P65Y"))}) == \
        [("TS", None)]
    dm = prepare(pd.DataFrame({"STUDYID": ["S1"], "DOMAIN": ["DM"], "USUBJID": ["01"]}))
    assert _fired("SD2201", {"DM": dm}) == []


@pytest.mark.parametrize("rows, fired", [
    ((("HLTSUBJI", "Y"), ("TDIGRP", "Diabetes")), [("TS", None)]),
    ((("HLTSUBJI", "Y"),), [("TS", None)]),                            # no TDIGRP
    ((("HLTSUBJI", "Y"), ("TDIGRP", "Diabetes"), ("TDIGRP", "")), []),  # one with TSVAL null
    ((("HLTSUBJI", "N"), ("TDIGRP", "Diabetes")), []),
])
def test_sd1306_looks_for_tdigrp_with_tsval_null(rows, fired):
    assert _fired("SD1306", {"TS": _ts(*rows)}) == fired


def test_sd2223_if_is_either_intervention_type():
    assert _fired("SD2223", {"TS": _ts(("INTTYPE", "BIOLOGIC"))}) == [("TS", None)]
    assert _fired("SD2223", {"TS": _ts(("INTTYPE", "DEVICE"))}) == []
