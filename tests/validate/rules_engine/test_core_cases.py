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
