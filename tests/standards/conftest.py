"""Fixtures for the standards tests: where the public reference files are, if anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _reference_dir() -> Path:
    env = os.environ.get("CDISC_CONVERT_REFERENCE")
    return Path(env) if env else REPO.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The public reference folder (``$CDISC_CONVERT_REFERENCE`` or ``../shared/reference``)."""
    ref = _reference_dir()
    if not (ref / "ig-metadata").is_dir() or not (ref / "controlled-terminology").is_dir():
        pytest.skip(f"reference material not found at {ref} (set CDISC_CONVERT_REFERENCE)")
    return ref
