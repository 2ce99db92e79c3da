"""Controlled terminology operations, answered from the pinned CT package
(:mod:`cdisc_convert.standards.ct`; one release today, multi-release CT comes later).

>>> from cdisc_convert.validate.operations.context import OpContext, Study
>>> s = Study.of({"DM": pd.DataFrame({"SEX": ["M"]})})
>>> ctx = OpContext(s, s.target("DM"))
>>> sorted(codelist_terms(ctx, codelists=["SEX"], level="term", returntype="value"))
['F', 'INTERSEX', 'M', 'U']
>>> codelist_extensible(ctx, codelist="SEX")
False
>>> lb = Study.of({"LB": pd.DataFrame({"DOMAIN": ["LB"] * 3, "LBTESTCD": ["ALT", "AST", "X"],
...                                    "LBTEST": ["Alanine Aminotransferase", "Albumin", ""]})})
>>> term_code(OpContext(lb, lb.target("LB")), name="--TESTCD").tolist()
['C64433', 'C64467', None]
>>> term_code(OpContext(lb, lb.target("LB")), name="--TEST").tolist()
['C64433', 'C64431', None]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.registry import RULE_OPERATION
from cdisc_convert.standards import ct, ig
from cdisc_convert.validate.operations.context import NotExecutable, OpContext
from cdisc_convert.validate.operators._values import per_value, text
from cdisc_convert.vector import group_codes


def _codelists(params: dict) -> list:
    keys = params.get("codelists") or params.get("codelist") or []
    keys = keys if isinstance(keys, list) else [keys]
    if [str(k).upper() for k in keys] == ["ALL"]:
        return ct.all_codelists()
    return [c for c in (ct.find_codelist(str(k)) for k in keys) if c is not None]


@RULE_OPERATION.register("codelist_terms")
def codelist_terms(ctx: OpContext, **params: Any) -> list[str]:
    """Terms (``level: term``) or codelists (``level: codelist``) of ``codelists``, as
    submission values (``returntype: value``), C-codes (``code``) or preferred terms."""
    kind = params.get("returntype", "value")
    out: list[str] = []
    for cl in _codelists(params):
        items = cl.terms if params.get("level", "term") == "term" else [cl]
        for item in items:
            out.append({"code": item.code, "pref_term": item.preferred_term}
                       .get(kind, item.submission_value))
    return out


@RULE_OPERATION.register("codelist_extensible")
def codelist_extensible(ctx: OpContext, **params: Any) -> Any:
    """Whether ``codelist`` is extensible (None when the codelist is unknown)."""
    found = _codelists({"codelists": [params.get("codelist")]})
    return found[0].extensible if found else None


@RULE_OPERATION.register("define_extensible_codelists")
def define_extensible_codelists(ctx: OpContext, **params: Any) -> list[str]:
    """Submission values of the terms of the extensible codelists among ``codelists``."""
    return [t.submission_value for cl in _codelists(params) if cl.extensible for t in cl.terms]


def _variable_codelist(domain: str, name: str) -> ct.Codelist | None:
    """The one codelist the IG gives variable ``name`` of ``domain`` (None: none or several)."""
    found = ig.sdtmig_variables(domain) if ig.sdtmig_dataset(domain) else []
    variable = next((v for v in found if v.name == name), None)
    keys = [k for k in (variable.codelists or variable.codelist_names) if k] if variable else []
    lists = {c.code: c for c in (ct.find_codelist(k) for k in keys) if c is not None}
    return next(iter(lists.values())) if len(lists) == 1 else None


@RULE_OPERATION.register("term_code")
def term_code(ctx: OpContext, **params: Any) -> pd.Series:
    """Per record, the C-code of the term whose submission value ``name`` holds (exactly,
    blanks trimmed) in ``codelist`` (default: the one codelist the IG gives the variable in
    the dataset's domain); None when the value is blank or not a term, or the variable has
    no single codelist. Not a CORE operation: it lets a rule compare coded and decoded
    values by code (P21 CT2003: --TESTCD and --TEST terms with different C-codes)."""
    frame = ctx.frame
    name = ctx.prefix(params.get("name"))
    none = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    if name not in frame.columns:
        return none
    key = params.get("codelist")
    found = ct.find_codelist(str(key)) if key else _variable_codelist(ctx.target.domain, name)
    if found is None:
        return none
    codes = {t.submission_value: t.code for t in found.terms}
    return per_value(text(frame[name]), lambda v: codes.get(str(v).strip()))


#: Dictionaries an operation may read, and how a user gives one.
DICTIONARY_OPTIONS = {
    "MEDDRA": ("MedDRA", "validate --meddra DIR, the MedDRA ASCII files"),
    "LOINC": ("LOINC", "validate --dictionary loinc=PATH, Loinc.csv"),
    "SNOMED": ("SNOMED CT", "validate --dictionary snomed=PATH, an RF2 description file"),
    "UNII": ("UNII", "validate --dictionary unii=PATH, FDA's UNII names file"),
}


def _dictionary(ctx: OpContext, params: dict) -> Any:
    """The external dictionary ``external_dictionary_type`` names (the user's: never
    shipped); without it the rule is not executed, saying how to give it."""
    name = str(params.get("external_dictionary_type") or "").upper()
    found = ctx.study.dictionaries.get(name)
    if found is None:
        label, how = DICTIONARY_OPTIONS.get(name, (name.lower() or "external", "a path to it"))
        raise NotExecutable(f"needs a {label} dictionary (not shipped: give {how})")
    return found


def _valid_in(ctx: OpContext, params: dict, returntype: str, fold: bool) -> pd.Series:
    """Per record: the value of ``name`` is a term (or code) of ``dictionary_term_type``."""
    found = _dictionary(ctx, params)
    frame = ctx.frame
    name = ctx.prefix(params.get("name"))
    if name not in frame.columns:
        return pd.Series(False, index=frame.index)
    level = str(params.get("dictionary_term_type") or "PT")
    terms = found.terms(level, returntype)
    pool = {t.casefold() for t in terms} if fold else set(terms)
    values = text(frame[name])
    return per_value(values, lambda v: (str(v).strip().casefold() if fold else
                                        str(v).strip()) in pool, na=False).astype(bool)


@RULE_OPERATION.register("valid_external_dictionary_value")
def valid_external_dictionary_value(ctx: OpContext, **params: Any) -> pd.Series:
    """True where ``name`` holds a term of level ``dictionary_term_type`` (MedDRA: LLT, PT,
    HLT, HLGT, SOC) of the ``external_dictionary_type`` the user gave (``meddra``: validate
    --meddra DIR); ``case_sensitive: false`` ignores case. Each distinct value judged once.
    """
    fold = params.get("case_sensitive") is False
    return _valid_in(ctx, params, "name", fold)


@RULE_OPERATION.register("valid_external_dictionary_code")
def valid_external_dictionary_code(ctx: OpContext, **params: Any) -> pd.Series:
    """True where ``name`` holds a code of level ``dictionary_term_type`` of the
    ``external_dictionary_type`` the user gave (numbers compared as text: 10019211)."""
    return _valid_in(ctx, params, "code", False)


@RULE_OPERATION.register("valid_external_dictionary_code_term_pair")
def valid_external_dictionary_code_term_pair(ctx: OpContext, **params: Any) -> pd.Series:
    """True where the code in ``name`` and the term in ``external_dictionary_term_variable``
    are a code and one of its names in the ``external_dictionary_type`` the user gave (case
    ignored); False where either is blank or they do not belong together."""
    found = _dictionary(ctx, params)
    frame = ctx.frame
    code, term = ctx.prefix(params.get("name")), ctx.prefix(
        params.get("external_dictionary_term_variable"))
    if code not in frame.columns or term not in frame.columns:
        return pd.Series(False, index=frame.index)
    codes, terms = text(frame[code]), text(frame[term])
    group = group_codes([codes, terms])          # each distinct (code, term) judged once
    first = np.unique(group, return_index=True)[1]  # a record of each group, in group order
    verdict = np.array([isinstance(c, str) and isinstance(t, str) and found.has_pair(c, t)
                        for c, t in zip(codes.to_numpy()[first], terms.to_numpy()[first],
                                        strict=True)], dtype=bool)
    return pd.Series(verdict[group], index=frame.index)
