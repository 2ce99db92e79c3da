"""Helpers shared by the ADaM conformance suites: which rules hold for the ADaMIG version
judged by, the failing-row helper column every check reads, and ADSL values by subject.

A check here is computed with pandas into a helper column (``FAIL`` on a failing record,
missing elsewhere; categorical, one byte a record) and handed to the engine as one plain
expectation on it, so the finding names the real variable and value.

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace(adam={"ADLB": pd.DataFrame({"PARAMCD": ["ALB", "TOOLONGCODE"]})})
>>> c = bad_check(ws, "ADLB", "ADAM-PARAMCD", ws.frames["ADLB"]["PARAMCD"].str.len() > 8,
...               "PARAMCD")
>>> ws.frames["ADLB"][c.kwargs["column"]].eq(FAIL).tolist()
[False, True]
>>> applies("ADAM-PARAMCD")
True
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.findings import catalogue
from cdisc_convert.standards import judging
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.vector import distinct_values, map_unique

FAIL = "FAIL"
#: ADSL's subject-level population flags (ADaMIG 1.3 section 3.1.4).
POPULATION_FLAGS = ("COMPLFL", "FASFL", "ITTFL", "PPROTFL", "SAFFL", "RANDFL", "ENRLFL")
#: Rules whose conformance checks (176, 178) the rules list for ADaMIG 1.0-1.1 only while
#: the later IGs' variable tables still give the values (ABLFL, ANLzzFL: Y or null).
EVERY_VERSION = frozenset({"ADAM-ABLFL-VALUE", "ADAM-ANLFL-VALUE"})


@lru_cache(maxsize=1)
def cr_versions() -> dict[str, frozenset[str]]:
    """ADaM Conformance Rules v4.0 check number -> the ADaMIG versions it is listed for
    (``rules/adam-cr-versions.csv``, built by ``tools/adam_catalogue.py``)."""
    text = resources.files("cdisc_convert").joinpath("rules/adam-cr-versions.csv").read_text(
        "utf-8")
    return {r["check"]: frozenset(r["versions"].split()) for r in csv.DictReader(text.splitlines())}


def rule_versions(rule_id: str) -> frozenset[str] | None:
    """The ADaMIG versions a catalogued ADaM code holds for: the union over its ADaM
    conformance check numbers (``adam_cr``); None when it names none (every version)."""
    code = catalogue().get(rule_id)
    numbers = re.findall(r"\d+(?:\.\d+)?", code.adam_cr if code else "")
    found = [cr_versions().get(n if "." in n else f"{n}.0") for n in numbers]
    known = [v for v in found if v is not None]
    return frozenset().union(*known) if known else None


def applies(rule_id: str) -> bool:
    """Whether ``rule_id`` holds for the ADaMIG version judged by."""
    held = None if rule_id in EVERY_VERSION else rule_versions(rule_id)
    return held is None or judging.adamig_version() in held


def bad_check(ws: Workspace, name: str, rule_id: str, bad: pd.Series, variable: str | None,
              **kw: Any) -> Check:
    """A check of ``rule_id`` failing exactly where ``bad`` is True (a helper column, named
    after the rule, the variable and the ``params`` ``rule`` when several share them)."""
    tag = kw.get("params", {}).get("rule", "")
    helper = f"_{rule_id}_{variable or ''}{'_' + tag if tag else ''}"
    failing = bad.fillna(False).to_numpy(dtype=bool)
    # one byte a record (categorical), not an object pointer: many checks on 1 M records
    marks = pd.Categorical.from_codes(failing.astype(np.int8) - 1, categories=[FAIL])
    ws.add(name, helper, pd.Series(marks, index=ws.frames[name].index))
    kw.setdefault("value_from", variable)
    return Check(rule_id, name, "expect_column_values_to_not_be_in_set",
                 {"column": helper, "value_set": [FAIL]}, variable=variable, **kw)


def present(frame: pd.DataFrame, column: str) -> pd.Series:
    """True where ``column`` holds a value (a missing column: nowhere)."""
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].notna()


def number(frame: pd.DataFrame, column: str) -> pd.Series:
    """``column`` as float (missing when absent or not a number)."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    values = frame[column]
    if pd.api.types.is_numeric_dtype(values):
        return pd.to_numeric(values, errors="coerce")
    codes, uniques = distinct_values(values)       # each distinct text converted once
    table = np.append(pd.to_numeric(pd.Series(np.asarray(uniques, dtype=object)),
                                    errors="coerce").to_numpy(dtype=float), np.nan)
    return pd.Series(table[codes], index=values.index)


def text(frame: pd.DataFrame, column: str) -> pd.Series:
    """``column`` as stripped text, missing values kept missing (as None)."""
    return map_unique(frame[column], lambda v: str(v).strip())


def adsl_subjects(ws: Workspace) -> pd.DataFrame | None:
    """ADSL one row per USUBJID (the first of duplicates), or None without ADSL."""
    adsl = ws.frames.get("ADSL")
    if adsl is None or "USUBJID" not in adsl.columns or ws.kind.get("ADSL") != "ADaM":
        return None
    return adsl.dropna(subset=["USUBJID"]).drop_duplicates("USUBJID").set_index("USUBJID")


def adam_columns(frame: pd.DataFrame) -> list[str]:
    """The dataset's own variables (helper columns, which start with '_', left out)."""
    return [c for c in frame.columns if not c.startswith("_")]
