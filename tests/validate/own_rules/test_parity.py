"""Each own rule reports exactly the (dataset, row) pairs today's built-in Great
Expectations check of the same id reports: on the sample study's SDTM, on the sample with
planted defects, and on every case of the rule.

The rule engine reads the frames the built-in checks read (``frames.workspace``: blank and
whitespace-only text as missing), without their helper columns, as ``core_run`` does.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cdisc_convert.validate.engine import validate_frames
from cdisc_convert.validate.frames import workspace
from cdisc_convert.validate.own_rules import load_own_rules, own_case_dirs
from cdisc_convert.validate.rule_engine import run_rules
from tests.validate.rules_engine.core_cases import read_case_data

RULES = load_own_rules("3.4")
IDS = [r.id for r in RULES]


def built_in(sdtm: dict[str, pd.DataFrame], rule_id: str) -> set[tuple[str | None, int | None]]:
    report = validate_frames(sdtm, only={rule_id}, core=False)
    return {(f.dataset, f.row) for f in report.findings if f.code == rule_id}


_ALL: dict[int, list] = {}


def built_in_all(sdtm: dict[str, pd.DataFrame], rule_id: str
                 ) -> set[tuple[str | None, int | None]]:
    """As :func:`built_in`, the built-in checks of every rule in IDS run once per frames
    (a check reports the same records whatever else runs: findings are never deduplicated
    across validation rules)."""
    if id(sdtm) not in _ALL:
        _ALL[id(sdtm)] = validate_frames(sdtm, only=set(IDS), core=False).findings
    return {(f.dataset, f.row) for f in _ALL[id(sdtm)] if f.code == rule_id}


def test_one_rule_alone_reports_what_it_reports_among_all(sample_sdtm):
    for rule_id in ("END-MISSING", "X-USUBJID-DM"):
        assert built_in(sample_sdtm, rule_id) == built_in_all(sample_sdtm, rule_id)


def as_rule(sdtm: dict[str, pd.DataFrame], rule) -> set[tuple[str | None, int | None]]:
    ws = workspace(sdtm)
    frames, meta = {}, {}
    for name in ws.datasets("SDTM"):
        frame = ws.frames[name]
        frames[name] = frame[[c for c in frame.columns if not c.startswith("_")]]
        meta[name] = {"variables": {c: {"type": "Num" if frame[c].dtype.kind in "fiub"
                                        else "Char"} for c in frames[name].columns}}
    run = run_rules(frames, rules=[rule], dataset_meta=meta, sdtmig_version="3.4")
    assert not run.errors and not run.skipped, (run.errors, run.skipped)
    return {(f.dataset, f.row) for f in run.findings}


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_parity_on_the_sample(sample_sdtm, rule):
    assert as_rule(sample_sdtm, rule) == built_in_all(sample_sdtm, rule.id)


def _set(frame: pd.DataFrame, row: int, column: str, value) -> None:
    frame.loc[row, column] = value


@pytest.fixture(scope="module")
def planted(sample_sdtm) -> dict[str, pd.DataFrame]:
    """The sample with one defect planted for every rule that finds none on it."""
    sdtm = {k: v.copy() for k, v in sample_sdtm.items()}
    ae, dm, vs, lb, cm = (sdtm[k] for k in ("AE", "DM", "VS", "LB", "CM"))
    _set(ae, 2, "DOMAIN", "AX")                                   # DOMAIN-VALUE
    _set(ae, 3, "AESTDY", 0.0)                                    # DY-ZERO
    _set(ae, 4, "AEENDTC", "")                                    # END-MISSING
    for col in ("AEENRF", "AEENRTPT"):
        if col in ae.columns:
            _set(ae, 4, col, "")
    _set(cm, 1, "CMSTDTC", "2024/01/05")                          # DTC-ISO8601
    _set(ae, 5, "AESEQ", ae.loc[6, "AESEQ"])                      # SEQ-UNIQUE
    _set(ae, 5, "USUBJID", ae.loc[6, "USUBJID"])
    _set(dm, 1, "USUBJID", dm.loc[2, "USUBJID"])                  # USUBJID-UNIQUE
    _set(dm, 3, "ARMCD", "ZZ")                                    # X-ARMCD-TA
    _set(dm, 4, "ACTARMCD", "YY")                                 # X-ACTARMCD-TA
    _set(lb, 7, "USUBJID", "NOT-IN-DM")                           # X-USUBJID-DM
    first = vs["VISITNUM"].dropna().iloc[0]
    _set(vs, vs.index[vs["VISITNUM"] == first][0], "VISIT", "ANOTHER NAME")  # X-VISIT-VISITNUM
    _set(vs, 10, "VISITNUM", 99.0)                                # X-VISITNUM-VISIT
    return sdtm


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_parity_on_the_sample_with_planted_defects(planted, rule):
    assert as_rule(planted, rule) == built_in_all(planted, rule.id)


def _ge_frames(data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Case frames in the built-in checks' convention: Num as float, Char '' for missing."""
    def one(s: pd.Series) -> pd.Series:
        if pd.api.types.is_numeric_dtype(s.dtype):
            return s.astype(float)
        return s.astype(object).where(s.notna(), "")
    return {n: f.apply(one) for n, f in data.items()}


# the rules with a built-in check of the same id (the P21 rule files have none: their own
# cases hold them, tests/validate/own_rules/test_cases.py)
CASES = [c for c in own_case_dirs() if c.parent.parent.parent.name in set(IDS)]


@pytest.mark.parametrize("case", CASES, ids=["/".join(p.parts[-3:]) for p in CASES])
def test_parity_on_the_cases(case):
    rule_id = case.parent.parent.parent.name
    data, _ = read_case_data(case / "data")
    found = {(d, str(r)) for d, r in built_in(_ge_frames(data), rule_id)}
    with (case / "results" / "results.csv").open(encoding="utf-8") as fh:
        want = {(line.split(",")[0], line.split(",")[1]) for line in fh.read().splitlines()[1:]}
    assert found == want
