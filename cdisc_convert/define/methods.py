"""The method of a derived item, in words: the spec's own ``method:`` text (when given) and the
description of the registered algorithm that makes the variable, with the parameters the spec
gives it (and the study tables it uses: conversion factors, visits, epochs, elements).

SDTM: the variable's ``make`` algorithm (and, for a value a record step made, such as SE's
``_SESTDTC``, the dataset's steps). ADaM: every step of the dataset that makes the variable
(``new_var``, ``new_vars``, a date prefix, or the variables a derivation always makes). An
algorithm with no entry in the method tables is described by its docstring summary and its
parameters, so a new algorithm is never without a method (``tests/define`` requires a table
entry for every registered name all the same).

>>> from cdisc_convert.spec.model import DatasetSpec, Make, Origin, StudySpec, VariableSpec
>>> dy = VariableSpec("AESTDY", origin=Origin("Derived"),
...                   make=Make("derive_study_day", {"dtc": "AESTDTC"}))
>>> method_text(dy, DatasetSpec("AE", "Adverse Events", "SDTMIG"), StudySpec("S"))[:83]
'Study day of AESTDTC relative to DM.RFSTDTC: date - RFSTDTC + 1 on or after RFSTDTC'
"""

from __future__ import annotations

import inspect

from cdisc_convert.define.method_adam import ADAM_METHODS, outputs
from cdisc_convert.define.method_sdtm import SDTM_METHODS, Context, Params, step_outputs
from cdisc_convert.define.words import sentence, value
from cdisc_convert.registry import ADAM_STEP, SDTM_STEP, SDTM_VARIABLE, Registry, UnknownName
from cdisc_convert.spec.model import DatasetSpec, Make, StudySpec, VariableSpec

#: Registry -> its method-text table.
TABLES = ((SDTM_VARIABLE, SDTM_METHODS), (SDTM_STEP, SDTM_METHODS), (ADAM_STEP, ADAM_METHODS))


def with_defaults(registry: Registry, make: Make) -> Params:
    """The spec parameters of ``make`` with the algorithm's own defaults filled in."""
    params: dict = {}
    try:
        func = registry.get(make.algorithm).func
        for p in inspect.signature(func).parameters.values():
            if p.kind is p.KEYWORD_ONLY and p.default is not p.empty and p.default is not None:
                params[p.name.rstrip("_")] = p.default
    except (UnknownName, TypeError, ValueError):
        pass
    return Params(params | dict(make.params))


def algorithm_text(registry: Registry, make: Make, ctx: Context) -> str:
    """One algorithm call in words (its table entry, else its docstring and parameters)."""
    params = with_defaults(registry, make)
    table = next(t for r, t in TABLES if r is registry)
    if make.algorithm in table:
        return sentence(table[make.algorithm](params, ctx))
    try:
        summary = registry.get(make.algorithm).summary.replace("``", "")
    except UnknownName:
        summary = make.algorithm
    given = "; ".join(f"{k} = {value(v)}" for k, v in make.params.items())
    return sentence(summary) + (f" Parameters: {given}." if given else "")


#: Algorithms that only carry a value over: a step's working column they read is described
#: by the step alone.
CARRY = ("assign_no_ct", "assign_number")


def sdtm_text(var: VariableSpec, ds: DatasetSpec, study: StudySpec) -> str:
    """The make algorithm in words, after the record steps whose working column it reads."""
    if var.make is None:
        return ""
    ctx = Context(var.name, ds, study)
    read = {v for v in var.make.params.values() if isinstance(v, str) and v.startswith("_")}
    steps = [algorithm_text(SDTM_STEP, s, ctx) for s in ds.steps
             if read & set(step_outputs(s.algorithm, with_defaults(SDTM_STEP, s)))]
    own = [] if steps and var.make.algorithm in CARRY else \
        [algorithm_text(SDTM_VARIABLE, var.make, ctx)]
    return " ".join(steps + own)


def adam_text(var: VariableSpec, ds: DatasetSpec, study: StudySpec) -> str:
    ctx = Context(var.name, ds, study)
    texts = [algorithm_text(ADAM_STEP, s, ctx) for s in ds.steps
             if var.name in outputs(s.algorithm, with_defaults(ADAM_STEP, s))]
    return " Then: ".join(dict.fromkeys(texts))


def method_text(var: VariableSpec, ds: DatasetSpec, study: StudySpec) -> str | None:
    """The MethodDef description of a derived variable; ``None`` when nothing says how it
    is made (no spec text and no algorithm)."""
    adam = ds.standard.upper().startswith("ADAM")
    made = adam_text(var, ds, study) if adam else sdtm_text(var, ds, study)
    parts = [sentence(var.method or ""), made]
    text = " ".join(p for p in parts if p)
    return text or None
