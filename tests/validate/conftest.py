"""Shared fixtures of the validation tests: the PHUSE submission of the reference folder, specs,
sample SDTM."""

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
def sample_out(tmp_path_factory) -> Path:
    """``cdisc-convert sdtm`` output of the sample study (OUT/sdtm + OUT/logs)."""
    if not (SAMPLE_RAW / "dm.csv").is_file():
        pytest.skip(f"sample raw export not found at {SAMPLE_RAW}")
    from cdisc_convert.pipeline import RunConfig, run
    out = tmp_path_factory.mktemp("sample")
    run(RunConfig(SPECS, SAMPLE_RAW, out, steps=("sdtm",), quiet=True))
    return out
