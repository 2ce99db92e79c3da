"""Shared fixtures: repository paths and a small mapping context factory."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs" / "CHEC2023-226"
RAW = ROOT / "sample_raw" / "CHEC2023-226"
SHARED = Path(__import__("os").environ.get("CDISC_CONVERT_SHARED", ROOT.parent / "shared"))


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
