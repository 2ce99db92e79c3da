"""Shared fixtures of the validation tests: the PHUSE submission of the reference folder, specs,
the sample's SDTM (from the session's one ``cdisc-convert run``, tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RAW as SAMPLE_RAW
from tests.conftest import ROOT, SPECS, reference_part

__all__ = ["ROOT", "SAMPLE_RAW", "SPECS"]


@pytest.fixture(scope="session")
def specs():
    from cdisc_convert.spec.loader import load_specs
    return load_specs(SPECS)


@pytest.fixture(scope="session")
def phuse(reference) -> Path:
    """The PHUSE test data factory submission (CDISC pilot) and its Pinnacle 21 report."""
    return reference_part(reference, "phuse-tdf-sdtm", "dm.xpt",
                          what="PHUSE reference submission").parent


@pytest.fixture(scope="session")
def sample_out(sample_run) -> Path:
    """OUT of the sample study (OUT/sdtm + OUT/logs and the rest of a full run; read only)."""
    return sample_run
