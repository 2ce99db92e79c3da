"""Dataset and domain operations: the study's dataset names and domains, whether a
domain is custom, its IG label, one dataset's metadata, its variables, list arithmetic.

>>> from cdisc_convert.validate.operations.context import OpContext, Study
>>> s = Study.of({"AE": pd.DataFrame({"DOMAIN": ["AE"]}), "XZ": pd.DataFrame({"DOMAIN": ["XZ"]})})
>>> ctx = OpContext(s, s.target("XZ"))
>>> study_domains(ctx), domain_is_custom(ctx), extract_metadata(ctx, name="dataset_name")
(['AE', 'XZ'], True, 'XZ')
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import pandas as pd

from cdisc_convert.registry import RULE_OPERATION
from cdisc_convert.standards import ig
from cdisc_convert.validate.operations.context import OpContext
from cdisc_convert.validate.operators._values import blank, column, text


def _standard_names() -> set[str]:
    return {d.name for d in ig.sdtmig_datasets()}


@RULE_OPERATION.register("dataset_names")
def dataset_names(ctx: OpContext, **params: Any) -> list[str]:
    """Names of the submitted dataset files, upper case, without extension."""
    return [PurePath(m.file).stem.upper() or n for n, m in ctx.study.meta.items()]


@RULE_OPERATION.register("study_domains")
def study_domains(ctx: OpContext, **params: Any) -> list[str]:
    """Domains of the study (DOMAIN values, else dataset names)."""
    return ctx.study.domains()


@RULE_OPERATION.register("domain_is_custom")
def domain_is_custom(ctx: OpContext, **params: Any) -> bool:
    """True when the dataset's domain is not a domain of the IG."""
    return ctx.target.domain not in _standard_names()


@RULE_OPERATION.register("related_domain_is_custom")
def related_domain_is_custom(ctx: OpContext, **params: Any) -> bool:
    """True when the parent domain of a SUPP-- dataset is not a domain of the IG."""
    name = ctx.target.name
    parent = name[4:] if name.startswith("SUPP") else name
    return parent not in _standard_names()


@RULE_OPERATION.register("standard_domains")
def standard_domains(ctx: OpContext, **params: Any) -> list[str]:
    """Every dataset name of the IG."""
    return sorted(_standard_names())


@RULE_OPERATION.register("domain_label")
def domain_label(ctx: OpContext, **params: Any) -> Any:
    """The IG's label of the dataset's domain (None for a custom domain)."""
    found = ig.sdtmig_dataset(ctx.target.domain)
    return found.label if found else None


def _metadata(ctx: OpContext) -> dict[str, Any]:
    meta = ctx.study.meta.get(ctx.target.name)
    name, domain = ctx.target.name, ctx.target.domain
    size = meta.size if meta and meta.size is not None else \
        int(ctx.target.data.memory_usage(deep=False).sum())
    is_ap = domain.startswith("AP") and len(domain) == 4
    return {"dataset_name": name, "dataset_label": meta.label if meta else "",
            "dataset_location": meta.file if meta else f"{name.lower()}.xpt",
            "dataset_size": size, "domain": domain, "dataset_domain": domain,
            "is_ap": is_ap, "ap_suffix": domain[2:4] if is_ap else ""}


@RULE_OPERATION.register("extract_metadata")
def extract_metadata(ctx: OpContext, **params: Any) -> Any:
    """One metadata value of the dataset: dataset_name, dataset_label, dataset_location,
    dataset_size, domain, is_ap or ap_suffix."""
    return _metadata(ctx).get(str(params.get("name")))


@RULE_OPERATION.register("variable_exists")
def variable_exists(ctx: OpContext, **params: Any) -> bool:
    """True when the submitted dataset has the variable ``name`` (in a Domain Presence
    Check, which runs on the whole study: when any dataset has it)."""
    name = ctx.prefix(params.get("name"))
    if ctx.target.name == "STUDY":
        return any(name in frame.columns for frame in ctx.study.datasets.values())
    return name in ctx.target.data.columns


@RULE_OPERATION.register("variable_is_null")
def variable_is_null(ctx: OpContext, **params: Any) -> bool:
    """True when ``name`` is missing or blank on every record (``source``: submission or
    evaluation frame)."""
    frame = ctx.target.data if params.get("source") == "submission" else ctx.frame
    name = ctx.prefix(params.get("name"))
    return name not in frame.columns or bool(blank(frame[name]).all())


@RULE_OPERATION.register("get_column_order_from_dataset")
def get_column_order_from_dataset(ctx: OpContext, **params: Any) -> list[str]:
    """The dataset's variables in their order."""
    return [str(c) for c in ctx.target.data.columns]


@RULE_OPERATION.register("get_dataset_filtered_variables")
def get_dataset_filtered_variables(ctx: OpContext, **params: Any) -> list[str]:
    """The dataset's variables whose IG metadata has ``key_name`` = ``key_value``."""
    from cdisc_convert.validate.operations.library import library_variables, matches
    wanted = {v.name for v in library_variables(ctx) if matches(v, params)}
    return [str(c) for c in ctx.target.data.columns if c in wanted]


@RULE_OPERATION.register("minus")
def minus(ctx: OpContext, **params: Any) -> list:
    """Elements of result ``name`` that are not in result ``subtract``, in order."""
    first = ctx.results.get(str(params.get("name"))) or []
    second = set(ctx.results.get(str(params.get("subtract"))) or [])
    return [x for x in first if x not in second]


@RULE_OPERATION.register("split_by")
def split_by(ctx: OpContext, **params: Any) -> pd.Series:
    """Per record, the value of ``name`` split at ``delimiter``."""
    values = text(column(ctx.frame, ctx.prefix(params.get("name"))))
    sep = str(params.get("delimiter", ";"))
    return values.map(lambda x: x.split(sep) if isinstance(x, str) else None)


@RULE_OPERATION.register("map")
def map_(ctx: OpContext, **params: Any) -> pd.Series:
    """Per record, the ``output`` of the first ``map`` entry whose columns all match."""
    frame = ctx.frame
    out = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for entry in reversed(params.get("map") or []):
        keep = pd.Series(True, index=frame.index)
        for name, wanted in entry.items():
            if name != "output":
                keep &= text(column(frame, ctx.prefix(name))) == str(wanted)
        out[keep] = entry.get("output")
    return out
