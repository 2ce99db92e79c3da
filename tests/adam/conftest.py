"""Shared fixtures: the sample's SDTM and ADaM, built once per test session (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "sample_raw" / "CHEC2023-226"
SPECS = ROOT / "specs" / "CHEC2023-226"
SAS_EPOCH = pd.Timestamp("1960-01-01")

needs_sample = pytest.mark.skipif(not (RAW / "dm.csv").is_file(),
                                  reason="sample_raw/CHEC2023-226/dm.csv not generated yet")


def sas_date(value: float) -> str:
    """SAS date number -> 'YYYY-MM-DD'."""
    return (SAS_EPOCH + pd.Timedelta(days=value)).strftime("%Y-%m-%d")


def sas_datetime(value: float) -> str:
    return (SAS_EPOCH + pd.Timedelta(seconds=value)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="session")
def specs():
    from cdisc_convert.spec.loader import load_specs
    return load_specs(SPECS)


@pytest.fixture(scope="session")
def sdtm(sample_sdtm):
    """The sample's SDTM frames, from the session's one ``cdisc-convert run``."""
    return sample_sdtm


@pytest.fixture(scope="session")
def adam(sample_adam):
    """The ADaM step result (``.datasets``, ``.findings``) of that same run."""
    return sample_adam


def subject(frame: pd.DataFrame, subjid: str) -> pd.DataFrame:
    return frame[frame["USUBJID"] == f"CHEC2023-226-{subjid}"]
