"""Shared fixtures: repository paths, the public reference folder and a small mapping context
factory.

The reference folder (CDISC's public schemas, examples, IG metadata, CT and the PHUSE
submission) is ``$CDISC_REFERENCE``, by default ``../shared/reference`` beside the repository;
tests that need it take the ``reference`` fixture and skip, saying why, when it is absent.

"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs" / "CHEC2023-226"
RAW = ROOT / "sample_raw" / "CHEC2023-226"
REFERENCE_ENV = "CDISC_REFERENCE"


def reference_path() -> Path:
    """Where the reference folder should be: ``$CDISC_REFERENCE`` or ``../shared/reference``."""
    env = os.environ.get(REFERENCE_ENV)
    return Path(env) if env else ROOT.parent / "shared" / "reference"


def reference_dir() -> Path | None:
    """The reference folder, or None when it is absent."""
    path = reference_path()
    return path if path.is_dir() else None


def skip_reason(tried: Path) -> str:
    return ("../shared/reference not found: set CDISC_REFERENCE to the folder holding CDISC's "
            f"public reference material (tried {tried})")


def reference_part(reference: Path, *parts: str, what: str) -> Path:
    """``reference / parts`` or a skip naming the missing part (a partial reference folder)."""
    path = reference.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{what} not found at {path} (part of the reference folder ${REFERENCE_ENV})")
    return path


@pytest.fixture(scope="session")
def reference() -> Path:
    """The public reference folder; skips the test, saying where it looked, when absent."""
    found = reference_dir()
    if found is None:
        pytest.skip(skip_reason(reference_path()))
    return found


@pytest.fixture
def make_ctx():
    """``make_ctx(frame, dataset='AE', study=StudySpec(...), domains={})`` -> MapContext."""
    from cdisc_convert.sdtm.context import MapContext
    from cdisc_convert.spec.model import DatasetSpec, StudySpec

    def factory(frame: dict | pd.DataFrame, dataset: str = "AE", study=None, domains=None,
                sources=None, variable=None):
        f = pd.DataFrame(frame)
        if "_file" not in f:
            f["_file"] = "raw.csv"
        if "_row" not in f:
            f["_row"] = range(1, len(f) + 1)
        spec = DatasetSpec(dataset, "test", "SDTMIG", sources=sources or {})
        return MapContext(spec, study or StudySpec("S1"), f, domains=domains or {},
                          variable=variable)
    return factory
