"""Variable-level checks generated from the IG metadata, run on metadata tables.

Two small tables are built and checked with ordinary expectations: ``META`` (one
row per dataset variable: DATASET, NAME, TYPE, STDTYPE, STATUS, DECLARED, INDEFINE)
and ``IGVARS`` (one row per Required/Expected variable of the standard: DATASET,
NAME, CORE, PRESENT). STATUS is IG (listed for the
dataset), CLASS (a variable of the dataset's class, not listed for it) or NONE.

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace({"AE": pd.DataFrame({"STUDYID": ["X"], "AEXYZ": ["1"], "AEDY": [1.0]})})
>>> checks = metadata_checks(ws)
>>> ws.frames["META"][["NAME", "STATUS"]].values.tolist()
[['STUDYID', 'IG'], ['AEXYZ', 'NONE'], ['AEDY', 'CLASS']]
"""

from __future__ import annotations

from typing import TypedDict

import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.standards import ig, judging
from cdisc_convert.validate.model import ROW, Check, Workspace


class _CommonFields(TypedDict):
    """The Check fields every metadata check shares (META and IGVARS are combined tables)."""

    variable_from: str
    value_from: str
    covers: tuple[str, ...]
    fields_from: dict[str, str]


_CLASS_ALIASES = {"SPECIAL PURPOSE": "Special-Purpose", "FINDINGS ABOUT": "Findings About"}


def standard_variables(ws: Workspace, name: str) -> tuple[str, list]:
    """(standard name, IG variables) for a dataset; ADaM by structure (ADSL or BDS)."""
    frame = ws.frames[name]
    if ws.kind[name] == "ADaM":
        spec = ws.specs.dataset(name) if ws.specs is not None else None
        structure = "ADSL" if name == "ADSL" else (
            "BDS" if "PARAMCD" in frame.columns or (spec and "BASIC" in spec.class_.upper())
            else "")
        return "ADaMIG 1.3", ig.adamig_variables(structure) if structure else []
    return f"SDTMIG {judging.sdtmig_version()}", ig.sdtmig_variables(ws.domain[name])


def class_names(ws: Workspace, name: str) -> set[str]:
    """Generic names (--XXX) of the dataset's general observation class: the IG's class
    variables and the SDTM model's (the class, and the identifiers and timing variables of
    every general observation class) for the SDTMIG version judged by."""
    meta = ig.sdtmig_dataset(ws.domain[name])
    if meta is None:
        return set()
    model = ig.sdtm_model_version()
    general = {v.name for v in ig.sdtm_model_variables("General Observations", model)}
    if meta.class_ not in ig.GENERAL_OBSERVATION_CLASSES:   # special purpose: timing variables
        return {v.name for c in ig.GENERAL_OBSERVATION_CLASSES
                for v in ig.sdtmig_class_variables(c) if v.role == "Timing"} \
            if meta.class_.upper().startswith("SPECIAL") else set()
    return {v.name for v in ig.sdtmig_class_variables(meta.class_)} | general | {
        v.name for v in ig.sdtm_model_variables(meta.class_, model)}


def _adam_match(name: str, column: str):
    structure = "ADSL" if name == "ADSL" else "BDS"
    return ig.adamig_variable(structure, column)


def _declared(ws: Workspace, name: str) -> set[str]:
    spec = ws.specs.dataset(name) if ws.specs is not None else None
    return set(spec.variable_names) if spec is not None else set()


def meta_table(ws: Workspace, name: str) -> pd.DataFrame:
    """One row per variable of the dataset, with what the standard says about it."""
    frame = ws.frames[name]
    columns = [c for c in frame.columns if not c.startswith("_")]
    _, std = standard_variables(ws, name)
    by_name = {v.name: v for v in std}
    generic = class_names(ws, name)
    declared = _declared(ws, name)
    rows = []
    for col in columns:
        v = by_name.get(col) or (_adam_match(name, col) if ws.kind[name] == "ADaM" else None)
        status = "IG" if v is not None else (
            "CLASS" if ig.generic_name(ws.domain[name][:2], col) in generic else "NONE")
        rows.append({"NAME": col, "TYPE": "Num" if frame[col].dtype.kind in "fiub" else "Char",
                     "STDTYPE": v.type if v is not None else None, "STATUS": status,
                     "DECLARED": "Y" if col in declared else "N",
                     "INDEFINE": _in_define(ws, name, col)})
    table = pd.DataFrame(rows, columns=["NAME", "TYPE", "STDTYPE", "STATUS", "DECLARED",
                                        "INDEFINE"])
    table[ROW] = None
    return table


def _in_define(ws: Workspace, name: str, col: str) -> str | None:
    if ws.define is None or name not in ws.define:
        return None
    return "Y" if col in ws.define[name] else "N"


def igvars_table(ws: Workspace, name: str) -> pd.DataFrame:
    """One row per Required or Expected variable of the standard for this dataset."""
    _, std = standard_variables(ws, name)
    present = set(ws.frames[name].columns)
    rows = [{"NAME": v.name, "CORE": v.core, "PRESENT": "Y" if v.name in present else "N"}
            for v in std if v.core in ("Req", "Exp") and not _placeholder(v.name)]
    table = pd.DataFrame(rows, columns=["NAME", "CORE", "PRESENT"])
    table[ROW] = None
    return table


def _placeholder(name: str) -> bool:
    return any(p in name for p in ("xx", "zz", "*")) or name[-1:] in ("y", "w")


@VALIDATION_SUITE.register("metadata", per_dataset=False)
def metadata_checks(ws: Workspace) -> list[Check]:
    """Required/Expected variables present, no variables outside the model, types.

    One ``META`` and one ``IGVARS`` table for all datasets (DATASET and STANDARD
    columns), so five expectations cover every dataset.
    """
    names = [n for n in ws.datasets() if standard_variables(ws, n)[1]]
    if not names:
        return []
    metas, igvars = [], []
    for name in names:
        standard = standard_variables(ws, name)[0]
        metas.append(meta_table(ws, name).assign(DATASET=name, STANDARD=standard,
                                                 SDTM="Y" if ws.kind[name] == "SDTM" else "N"))
        igvars.append(igvars_table(ws, name).assign(DATASET=name, STANDARD=standard))
    ws.frames["META"] = pd.concat(metas, ignore_index=True)
    ws.frames["IGVARS"] = pd.concat(igvars, ignore_index=True)
    common: _CommonFields = {
        "variable_from": "NAME", "value_from": "NAME", "covers": tuple(names),
        "fields_from": {"dataset": "DATASET", "standard": "STANDARD"}}
    by_type: _CommonFields = {**common, "value_from": "TYPE"}
    present = "expect_column_values_to_be_in_set"
    undeclared = 'DECLARED == "N" & SDTM == "Y"'
    checks = [
        Check("VAR-REQ", "IGVARS", present, {"column": "PRESENT", "value_set": ["Y"],
                                             "row_condition": 'CORE == "Req"',
                                             "condition_parser": "pandas"}, **common),
        Check("VAR-EXP", "IGVARS", present, {"column": "PRESENT", "value_set": ["Y"],
                                             "row_condition": 'CORE == "Exp"',
                                             "condition_parser": "pandas"}, **common),
        Check("VAR-TYPE", "META", "expect_column_pair_values_to_be_equal",
              {"column_A": "TYPE", "column_B": "STDTYPE", "ignore_row_if":
               "either_value_is_missing"}, expected_from="STDTYPE",
              **by_type),
        Check("VAR-MODEL", "META", "expect_column_values_to_not_be_in_set",
              {"column": "STATUS", "value_set": ["NONE"], "row_condition": undeclared,
               "condition_parser": "pandas"}, **common),
        Check("VAR-PERM-ADDED", "META", "expect_column_values_to_not_be_in_set",
              {"column": "STATUS", "value_set": ["CLASS"], "row_condition": undeclared,
               "condition_parser": "pandas"}, **common)]
    if ws.define is not None:
        checks.append(Check("DEFINE-VAR", "META", present,
                            {"column": "INDEFINE", "value_set": ["Y"]}, **common))
    return checks
