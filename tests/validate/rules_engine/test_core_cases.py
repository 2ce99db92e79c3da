"""CORE's own test cases, run in-process: every case listed in passing_cases.txt must pass.

Regenerate the list after an improvement with
``python -m tests.validate.rules_engine.core_cases --write-passing``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.validate.rules_engine.core_cases import cases_dir, score_all, summary

PASSING = Path(__file__).with_name("passing_cases.txt")


def listed() -> set[str]:
    return {line.strip() for line in PASSING.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


@pytest.fixture(scope="module")
def scores():
    if not cases_dir().is_dir():
        pytest.skip(f"CORE cases not found at {cases_dir()} (set CDISC_REFERENCE)")
    return score_all()


def test_listed_cases_still_pass(scores, capsys):
    with capsys.disabled():
        print("\n" + summary(scores).splitlines()[-1])
    broken = sorted(s.case.id + ": " + s.detail for s in scores
                    if s.case.id in listed() and not s.passed)
    assert not broken, "cases that passed before fail now:\n" + "\n".join(broken)


def test_listed_cases_exist(scores):
    known = {s.case.id for s in scores}
    assert listed() <= known, sorted(listed() - known)[:10]


def test_pass_rate_floor(scores):
    rate = sum(s.passed for s in scores) / len(scores)
    assert rate >= 0.90, summary(scores).splitlines()[-1]


def test_the_large_data_paths_pass_the_same_cases(scores, monkeypatch):
    """Judging by distinct values (records, value-check pieces, shared column views, rowwise
    pairs) is what large datasets get: forced on CORE's small cases, the same cases pass."""
    from cdisc_convert.validate import rule_engine
    from cdisc_convert.validate.operators import _values
    monkeypatch.setattr(rule_engine, "DISTINCT_FROM", 1)
    monkeypatch.setattr(rule_engine, "DISTINCT_SHARE", 1.0)
    monkeypatch.setattr(rule_engine, "PIECES_FROM", 1)
    monkeypatch.setattr(_values, "SHARED_FROM", 1)
    forced = score_all()
    normal = {s.case.id: s.passed for s in scores}
    changed = sorted(s.case.id for s in forced if s.passed != normal.get(s.case.id))
    assert not changed, changed
