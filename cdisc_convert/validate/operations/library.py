"""IG and model operations: the variables the implementation guide (SDTMIG 3.4 metadata
of :mod:`cdisc_convert.standards.ig`) or the SDTM class defines for a dataset.

A domain of the IG takes its own variables; a custom domain (or a SUPP--'s parent, for
``get_parent_model_column_order``) takes the variables of its class, prefix filled in.

>>> from cdisc_convert.validate.operations.context import OpContext, Study
>>> s = Study.of({"AE": pd.DataFrame({"DOMAIN": ["AE"]})})
>>> required_variables(OpContext(s, s.target("AE")))
['STUDYID', 'DOMAIN', 'USUBJID', 'AESEQ', 'AETERM', 'AEDECOD']
"""

from __future__ import annotations

from typing import Any

import pandas as pd  # noqa: F401  (doctest)

from cdisc_convert.registry import RULE_OPERATION
from cdisc_convert.standards import ig
from cdisc_convert.validate.operations.context import NotExecutable, OpContext

_KEYS = {"role": "role", "core": "core", "label": "label", "name": "name",
         "ordinal": "order", "simpleDatatype": "type"}
_CLASS_NAMES = {"SPECIAL PURPOSE": "Special-Purpose"}


#: Identifiers of associated-persons datasets (SDTMIG-AP), in place of USUBJID.
AP_IDENTIFIERS = ("STUDYID", "DOMAIN", "APID", "RSUBJID", "RDEVID", "SREL", "POOLID")


def _class_variables(class_: str, domain: str) -> list[ig.IGVariable]:
    """The SDTM class's variables for ``domain`` (SDTMIG 3.4 metadata stands in for the
    model and for every SDTMIG version)."""
    if not class_:
        return []
    found = ig.sdtmig_class_variables(_CLASS_NAMES.get(class_, class_))
    prefix = domain[2:] if domain.startswith("AP") and len(domain) == 4 else domain
    out = [v.for_domain(prefix) for v in found]
    if prefix != domain:
        ids = [ig.IGVariable(domain, n, "", "Char", "Req", "Identifier", 0) for n in AP_IDENTIFIERS]
        out = ids + [v for v in out if v.name not in AP_IDENTIFIERS and v.name != "USUBJID"]
    return out


def merged_order(first: list[str], second: list[str]) -> list[str]:
    """``first`` with the names only ``second`` has inserted after their predecessor there.

    >>> merged_order(["A", "C"], ["A", "B", "C", "D"])
    ['A', 'B', 'C', 'D']
    """
    out = list(first)
    previous = -1
    for name in second:
        if name not in out:
            out.insert(previous + 1, name)
        previous = out.index(name)
    return out


def library_variables(ctx: OpContext, domain: str | None = None,
                      class_: str | None = None) -> list[ig.IGVariable]:
    """IG variables of ``domain`` (default: the dataset's), else its class's variables."""
    if ctx.study.standard.upper() != "SDTMIG":
        raise NotExecutable(f"no {ctx.study.standard} metadata (only SDTMIG 3.4 is shipped)")
    domain = domain or ctx.target.domain
    found = ig.sdtmig_variables(domain) if ig.sdtmig_dataset(domain) else []
    if found and found[0].dataset != "SUPPQUAL" or domain.startswith("SUPP"):
        return found
    return _class_variables(class_ or ctx.target.class_, domain)


def matches(variable: ig.IGVariable, params: dict) -> bool:
    """True when ``key_name`` / ``key_value`` of an operation select ``variable``."""
    key = params.get("key_name")
    if not key:
        return True
    return str(getattr(variable, _KEYS.get(key, key), "")) == str(params.get("key_value"))


def _by_core(ctx: OpContext, core: str) -> list[str]:
    return [v.name for v in library_variables(ctx) if v.core == core]


@RULE_OPERATION.register("required_variables")
def required_variables(ctx: OpContext, **params: Any) -> list[str]:
    """Variables with core Req for the dataset's domain."""
    return _by_core(ctx, "Req")


@RULE_OPERATION.register("expected_variables")
def expected_variables(ctx: OpContext, **params: Any) -> list[str]:
    """Variables with core Exp for the dataset's domain."""
    return _by_core(ctx, "Exp")


@RULE_OPERATION.register("permissible_variables")
def permissible_variables(ctx: OpContext, **params: Any) -> list[str]:
    """Variables with core Perm for the dataset's domain."""
    return _by_core(ctx, "Perm")


def model_order(class_: str, domain: str, sdtmig_version: str) -> list[ig.IGVariable]:
    """The SDTM model's order of a general-observation class's variables for ``domain``:
    identifiers, the class's own variables, then the timing variables (the model version
    of ``sdtmig_version``). Empty for other classes: their IG tables are complete.

    >>> [v.name for v in model_order("EVENTS", "AE", "3.2")][:5]
    ['STUDYID', 'DOMAIN', 'USUBJID', 'POOLID', 'SPDEVID']
    >>> names = [v.name for v in model_order("EVENTS", "AE", "3.2")]
    >>> names.index("AETOXGR") < names.index("EPOCH") < names.index("AEDTC"), model_order(
    ...     "SPECIAL PURPOSE", "SE", "3.2")
    (True, [])
    >>> fa = [v.name for v in model_order("FINDINGS ABOUT", "FA", "3.4")]
    >>> fa.index("FATEST") < fa.index("FAOBJ") < fa.index("FAORRES") < fa.index("FASTNRLO")
    True
    """
    classes = {c.upper(): c for c in ig.GENERAL_OBSERVATION_CLASSES}
    if class_.upper() not in classes:
        return []
    model = ig.sdtm_model_version(sdtmig_version)
    common = ig.sdtm_model_variables("General Observations", model)
    timing = next((i for i, v in enumerate(common) if v.name == "VISITNUM"), len(common))
    own = ig.sdtm_model_variables(classes[class_.upper()], model)
    if class_.upper() == "FINDINGS ABOUT":
        # the model lists only --OBJ for Findings About: its domains take the Findings
        # class's variables, --OBJ after --TEST (as the IG's FA does)
        findings = ig.sdtm_model_variables("Findings", model)
        after = next((i + 1 for i, v in enumerate(findings) if v.name == "--TEST"), 0)
        extra = [v for v in own if v.name not in {f.name for f in findings}]
        own = [*findings[:after], *extra, *findings[after:]]
    return [v.for_domain(domain) for v in (*common[:timing], *own, *common[timing:])]


@RULE_OPERATION.register("get_column_order_from_library")
def get_column_order_from_library(ctx: OpContext, **params: Any) -> list[str]:
    """The domain's IG variables in IG order with the other variables its class allows
    merged in where the SDTM model puts them (filtered by ``key_name``/``key_value``).
    A class outside the general observation classes has no variables to merge in."""
    own = [v for v in library_variables(ctx) if matches(v, params)]
    model = [v.name for v in model_order(ctx.target.class_, ctx.target.domain,
                                         ctx.study.version) if matches(v, params)]
    return merged_order([v.name for v in own], model)


@RULE_OPERATION.register("get_model_column_order")
def get_model_column_order(ctx: OpContext, **params: Any) -> list[str]:
    """The variables the dataset's SDTM class allows, in model order."""
    return [v.name for v in _class_variables(ctx.target.class_, ctx.target.domain)]


@RULE_OPERATION.register("get_parent_model_column_order")
def get_parent_model_column_order(ctx: OpContext, **params: Any) -> list[str]:
    """For a SUPP-- dataset, the variables the parent domain's class allows."""
    name = ctx.target.name
    parent = name[4:] if name.startswith("SUPP") else name
    frame = ctx.study.datasets.get(parent)
    target = ctx.study.target(parent) if frame is not None else None
    class_ = target.class_ if target else ""
    if not class_:
        found = ig.sdtmig_dataset(parent)
        class_ = found.class_.upper().replace("-", " ") if found else ""
    return [v.name for v in _class_variables(class_, parent)]


@RULE_OPERATION.register("get_model_filtered_variables")
def get_model_filtered_variables(ctx: OpContext, **params: Any) -> list[str]:
    """Class variables of the dataset whose ``key_name`` is ``key_value`` (e.g. role
    Timing)."""
    variables = _class_variables(ctx.target.class_, ctx.target.domain)
    return [v.name for v in variables if matches(v, params)]


@RULE_OPERATION.register("variable_names")
def variable_names(ctx: OpContext, **params: Any) -> list[str]:
    """Every variable name of the IG."""
    return sorted({v.name for d in ig.sdtmig_datasets() for v in ig.sdtmig_variables(d.name)})
