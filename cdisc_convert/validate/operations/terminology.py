"""Controlled terminology operations, answered from the pinned CT package
(:mod:`cdisc_convert.standards.ct`; one release today, multi-release CT comes later).

>>> from cdisc_convert.validate.operations.context import OpContext, Study
>>> s = Study.of({"DM": pd.DataFrame({"SEX": ["M"]})})
>>> ctx = OpContext(s, s.target("DM"))
>>> sorted(codelist_terms(ctx, codelists=["SEX"], level="term", returntype="value"))
['F', 'INTERSEX', 'M', 'U']
>>> codelist_extensible(ctx, codelist="SEX")
False
"""

from __future__ import annotations

from typing import Any

import pandas as pd  # noqa: F401  (doctest)

from cdisc_convert.registry import RULE_OPERATION
from cdisc_convert.standards import ct
from cdisc_convert.validate.operations.context import OpContext


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
