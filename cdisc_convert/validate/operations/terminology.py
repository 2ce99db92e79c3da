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

import pandas as pd  # noqa: F401  (doctest)

from cdisc_convert.registry import RULE_OPERATION
from cdisc_convert.standards import ct, ig
from cdisc_convert.validate.operations.context import OpContext
from cdisc_convert.validate.operators._values import per_value, text


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
