"""Fixtures for the standards tests: the IG metadata and CT of the public reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import reference_part


@pytest.fixture(scope="session")
def standards_reference(reference) -> Path:
    """The reference folder, holding ``ig-metadata/`` and ``controlled-terminology/``."""
    reference_part(reference, "ig-metadata", what="SDTMIG/ADaMIG metadata")
    reference_part(reference, "controlled-terminology", what="Controlled Terminology")
    return reference
