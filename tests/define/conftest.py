"""Small SDTM frames shaped by the study specs, and the Define-XML parts of the reference folder
(skip when absent)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cdisc_convert.spec.loader import load_specs
from tests.conftest import reference_dir, reference_part

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "define-xml-2.1-schema"          # folders of the reference folder
EXAMPLES = "define-xml-2.1-examples"
STAMP = datetime(2025, 6, 30, 12, 0, 0)

#: Hand-picked values per variable (cycled over the rows); others get a generic value.
VALUES = {
    "STUDYID": ["CHEC2023-226"], "USUBJID": ["CHEC2023-226-001", "CHEC2023-226-002"],
    "SEX": ["F", "M"], "RACE": ["ASIAN"], "ETHNIC": ["NOT HISPANIC OR LATINO"],
    "AGEU": ["YEARS"], "AESEV": ["MILD", "SEVERE"], "AEOUT": ["RECOVERED/RESOLVED"],
    "AEACN": ["DOSE NOT CHANGED"], "AEREL": ["RELATED", "NOT RELATED"],
    "AEDECOD": ["Pyrexia", "Headache"], "AESOC": ["General disorders"],
    "EXTRT": ["UC-MSC", "PLACEBO"], "EXDOSU": ["10^6 cells/kg"], "EXROUTE": ["INTRAVENOUS"],
    "EXDOSFRM": ["INJECTION"], "EXDOSFRQ": ["ONCE"], "EPOCH": ["TREATMENT", "SCREENING"],
    "LBTESTCD": ["GLUC", "HBA1C", "UCOLOR"], "LBTEST": ["Glucose", "Hemoglobin A1C", "Color"],
    "LBORRES": ["98.5", "7.25", "YELLOW"], "LBORRESU": ["mg/dL", "%", ""],
    "LBSTRESC": ["5.47", "7.25", "YELLOW"], "LBSTRESN": [5.47, 7.25, np.nan],
    "LBSTRESU": ["mmol/L", "%", ""], "LBSPEC": ["SERUM", "BLOOD", "URINE"],
    "LBNRIND": ["NORMAL", "HIGH", ""], "LBCAT": ["CHEMISTRY", "CHEMISTRY", "URINALYSIS"],
    "AEENRTPT": ["ONGOING"], "AEENRF": ["ONGOING"], "ARMNRS": ["SCREEN FAILURE", ""],
    "COUNTRY": ["CHN"], "VISIT": ["DAY 1", "WEEK 4"], "VISITNUM": [2.0, 3.0],
}


def _column(name: str, xpt: str, rows: int, codelist: str | None) -> list:
    if name.endswith("FL") or codelist == "NY":
        pool = ["Y", "N"]
    elif name in VALUES:
        pool = VALUES[name]
    elif name.endswith("DTC"):
        pool = ["2024-03-01T09:30", "2024-03-15"]
    elif xpt == "Num":
        pool = [float(i + 1) for i in range(rows)]
    else:
        pool = [f"{name} value {i}" for i in range(rows)]
    return [pool[i % len(pool)] for i in range(rows)]


def small_frames(specs, kind: str = "sdtm", rows: int = 6) -> dict[str, pd.DataFrame]:
    """One small frame per dataset spec, every spec variable filled."""
    frames = {}
    for name, ds in getattr(specs, kind).items():
        data = {}
        for v in ds.variables:
            data[v.name] = _column(v.name, v.type, rows, v.codelist)
            if name in ("DM",) and v.name == "DOMAIN" or v.name == "DOMAIN":
                data[v.name] = [name] * rows
        frames[name] = pd.DataFrame(data)
    return frames


@pytest.fixture(scope="session")
def specs():
    return load_specs(ROOT / "specs" / "CHEC2023-226")


@pytest.fixture(scope="session")
def sdtm_frames(specs):
    return small_frames(specs)


def schema_or_none() -> Path | None:
    """The Define-XML 2.1 schema folder when the reference folder has it (optional checks)."""
    ref = reference_dir()
    return ref / SCHEMA if ref is not None and (ref / SCHEMA).is_dir() else None


@pytest.fixture(scope="session")
def schema_dir(reference) -> Path:
    """The Define-XML 2.1 schema folder of the reference folder."""
    reference_part(reference, SCHEMA, "cdisc-define-2.1", "define2-1-0.xsd",
                   what="Define-XML 2.1 schema")
    return reference / SCHEMA


@pytest.fixture(scope="session")
def define_examples(reference) -> Path:
    """CDISC's Define-XML 2.1 example files of the reference folder."""
    return reference_part(reference, EXAMPLES, what="CDISC Define-XML 2.1 examples")
