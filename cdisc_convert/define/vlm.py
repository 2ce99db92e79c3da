"""Value-level metadata: result variables whose type, length and unit vary by test or parameter.

Read from the data (SDTM Findings ``--ORRES``/``--STRESC``/``--STRESN`` by ``--TESTCD``;
SUPPQUAL ``QVAL`` by ``QNAM``; ADaM BDS ``AVAL``/``AVALC`` by ``PARAMCD``) and from spec
``value_level`` entries, which win.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, VariableSpec
>>> lb = DatasetSpec("LB", "Laboratory Test Results", "SDTMIG", variables=(
...     VariableSpec("LBTESTCD"), VariableSpec("LBORRES"), VariableSpec("LBORRESU")))
>>> frame = pd.DataFrame({"LBTESTCD": ["GLUC", "GLUC", "UCOLOR"],
...                       "LBORRES": ["5.4", "10.25", "YELLOW"],
...                       "LBORRESU": ["mmol/L", "mmol/L", ""]})
>>> [(s.where, s.facts.data_type, s.units) for s in value_slices(lb, frame)["LBORRES"]]
[((('LBTESTCD', 'GLUC'),), 'float', ('mmol/L',)), ((('LBTESTCD', 'UCOLOR'),), 'text', ())]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from cdisc_convert.define.facts import Facts, column_facts, present, slice_facts
from cdisc_convert.spec.model import DatasetSpec, Origin, ValueLevel, VariableSpec
from cdisc_convert.vector import map_unique

#: Result variable suffix -> its unit variable suffix, for SDTM Findings (topic ``--TESTCD``).
SDTM_RESULTS = {"ORRES": "ORRESU", "STRESC": "STRESU", "STRESN": "STRESU"}
#: ADaM BDS results (topic ``PARAMCD``); units live in PARAM.
ADAM_RESULTS: dict[str, str | None] = {"AVAL": None, "AVALC": None}
_XPT_TO_DEFINE = {"Char": "text"}


@dataclass(frozen=True)
class Slice:
    """The metadata of one variable on the records where ``where`` holds."""

    where: tuple[tuple[str, str], ...]
    facts: Facts
    label: str = ""
    units: tuple[str, ...] = ()
    origin: Origin | None = None
    codelist: str | None = None
    method: str | None = None


def where_text(column: pd.Series) -> pd.Series:
    """A column as where clauses compare it: text, numbers as ``%g``, missing as ``''``."""
    if pd.api.types.is_numeric_dtype(column):
        return map_unique(column, lambda x: f"{x:g}", na="")
    return map_unique(column, str, na="")


def where_mask(frame: pd.DataFrame, where: tuple[tuple[str, str], ...]) -> pd.Series:
    """Rows of ``frame`` where every ``(variable, value)`` pair holds (compared as text)."""
    mask = pd.Series(True, index=frame.index)
    for name, value in where:
        mask &= (where_text(frame[name]) == str(value)).to_numpy()
    return mask


def result_variables(ds: DatasetSpec, frame: pd.DataFrame) -> tuple[str | None, dict]:
    """(topic variable, {result variable: unit variable}) for this dataset's data."""
    results: dict[str, str | None]
    if ds.standard.upper().startswith("ADAM"):
        topic, results = "PARAMCD", ADAM_RESULTS
    elif ds.domain.startswith("SUPP") or ds.domain == "SQAP":
        topic, results = "QNAM", {"QVAL": None}      # SUPPQUAL: QVAL by QNAM
    else:
        prefix = ds.domain[:2]
        topic = f"{prefix}TESTCD"
        results = {prefix + r: (prefix + u) for r, u in SDTM_RESULTS.items()}
    if topic not in frame.columns:
        return None, {}
    return topic, {r: u for r, u in results.items() if r in frame.columns}


def _data_slices(var: VariableSpec, topic: str, unit: str | None,
                 frame: pd.DataFrame) -> list[Slice]:
    got = frame.loc[present(frame[var.name]).index]
    codes = map_unique(got[topic], lambda v: str(v).strip(), na="")
    slices = []
    for code, rows in got.groupby(codes.to_numpy(), sort=True):
        if code == "":
            continue
        units = ()
        if unit and unit in frame.columns:
            units = tuple(sorted(present(rows[unit]).astype(str).unique()))
        slices.append(Slice(((topic, code),), slice_facts(rows[var.name], var.type),
                            units=units, origin=var.origin, codelist=None, method=var.method))
    return slices


def _spec_slice(var: VariableSpec, vl: ValueLevel, frame: pd.DataFrame,
                found: Slice | None) -> Slice:
    where = tuple(sorted((str(k), str(v)) for k, v in vl.where.items()))
    facts = found.facts if found else None
    if facts is None:
        rows = frame[where_mask(frame, where)] if all(k in frame for k, _ in where) else frame[:0]
        facts = slice_facts(rows[var.name], var.type) if var.name in rows else Facts("text", 1)
    data_type = _XPT_TO_DEFINE.get(vl.type or "", vl.type) if vl.type != "Num" else None
    facts = Facts(data_type or facts.data_type, max(vl.length or 0, facts.length or 0) or None,
                  vl.significant_digits or facts.significant_digits)
    base = found or Slice(where, facts, origin=var.origin, method=var.method)
    return replace(base, where=where, facts=facts, label=vl.label or base.label,
                   units=(vl.unit,) if vl.unit else base.units,
                   origin=vl.origin or base.origin, codelist=vl.codelist or base.codelist,
                   method=vl.method or base.method)


def value_slices(ds: DatasetSpec, frame: pd.DataFrame) -> dict[str, list[Slice]]:
    """Variable name -> its value-level slices, in where-clause order."""
    topic, results = result_variables(ds, frame)
    out: dict[str, list[Slice]] = {}
    for var in ds.variables:
        if var.name not in frame.columns:
            continue
        found = _data_slices(var, topic, results[var.name], frame) \
            if topic is not None and var.name in results else []
        by_where = {s.where: s for s in found}
        for vl in var.value_level:
            key = tuple(sorted((str(k), str(v)) for k, v in vl.where.items()))
            by_where[key] = _spec_slice(var, vl, frame, by_where.get(key))
        if by_where:
            out[var.name] = [by_where[k] for k in sorted(by_where)]
    return out


def parent_facts(var: VariableSpec, frame: pd.DataFrame) -> Facts:
    """Facts of the whole column (the parent ItemDef of value-level items)."""
    return column_facts(frame[var.name], var.type, var.name)
