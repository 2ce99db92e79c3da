"""Shared fixtures of the validation tests: reference data location, specs, sample SDTM."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(os.environ.get("CDISC_REFERENCE", ROOT.parent / "shared" / "reference"))
PHUSE = REFERENCE / "phuse-tdf-sdtm"
SPECS = ROOT / "specs" / "CHEC2023-226"
SAMPLE_RAW = ROOT / "sample_raw" / "CHEC2023-226"


@pytest.fixture(scope="session")
def specs():
    from cdisc_convert.spec.loader import load_specs
    return load_specs(SPECS)


@pytest.fixture(scope="session")
def phuse() -> Path:
    if not (PHUSE / "dm.xpt").is_file():
        pytest.skip(f"PHUSE reference submission not found at {PHUSE} (set CDISC_REFERENCE)")
    return PHUSE


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """``cdisc-convert sdtm`` output of the sample study (OUT/sdtm + OUT/logs)."""
    if not (SAMPLE_RAW / "dm.csv").is_file():
        pytest.skip(f"sample raw export not found at {SAMPLE_RAW}")
    from cdisc_convert.pipeline import RunConfig, run
    out = tmp_path_factory.mktemp("sample")
    run(RunConfig(SPECS, SAMPLE_RAW, out, steps=("sdtm",), quiet=True))
    return out
