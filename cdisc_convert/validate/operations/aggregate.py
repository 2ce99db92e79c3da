"""Aggregating operations: distinct values, max / min / mean, latest and earliest dates,
record counts (optionally filtered and per group), variable counts, study days.

Without ``group`` an operation returns one value for the whole dataset; with ``group``
it returns a Series: each record of the frame the rule runs on gets the value of its
group (``group_aliases`` rename the group columns to the frame's names first).

>>> from cdisc_convert.validate.operations.context import OpContext, Study
>>> study = Study.of({"DM": pd.DataFrame({"USUBJID": ["1", "2"]}),
...                   "EX": pd.DataFrame({"USUBJID": ["1", "1"],
...                                       "EXSTDTC": ["2020-01-05", "2020-01-02"]})})
>>> ctx = OpContext(study, study.target("DM"))
>>> distinct(ctx, name="USUBJID", domain="EX")
['1']
>>> max_date(ctx, name="EXSTDTC", domain="EX", group=["USUBJID"]).tolist()
['2020-01-05', None]
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from cdisc_convert.registry import RULE_OPERATION
from cdisc_convert.validate.operations.context import OpContext
from cdisc_convert.validate.operators._values import blank, column, per_value, text
from cdisc_convert.validate.operators.dates import _table, date_keys


def filtered(ctx: OpContext, frame: pd.DataFrame, filter_: dict | None) -> pd.DataFrame:
    """Records whose columns hold the ``filter`` values (``X&`` / ``X%``: starts with X)."""
    if not filter_:
        return frame
    keep = pd.Series(True, index=frame.index)
    for name, wanted in filter_.items():
        values = text(column(frame, ctx.prefix(name)))
        wanted = str(wanted)
        if wanted.endswith(("&", "%")):
            keep &= values.map(lambda x, w=wanted[:-1]: isinstance(x, str) and x.startswith(w))
        else:
            keep &= values == wanted
    return frame[keep.astype(bool)]


def attach(ctx: OpContext, table: pd.Series, group: list[str],
           aliases: list[str] | None = None, fill: Any = None) -> pd.Series:
    """Per-group values (``table`` indexed by the group columns) onto the frame's records."""
    keys = list(group)
    for i, alias in enumerate(aliases or []):
        if i < len(keys):
            keys[i] = ctx.prefix(alias)
    frame = ctx.frame
    left = pd.DataFrame({k: text(column(frame, k)) for k in keys}, index=frame.index)
    right = table.rename("__value").reset_index()
    right.columns = [*keys, "__value"]
    for k in keys:
        right[k] = text(right[k])
    merged = left.reset_index().merge(right, how="left", on=keys).set_index("index")
    out = merged["__value"].reindex(frame.index)
    out.index.name = None
    if fill is not None:
        out = out.where(out.notna(), fill)
    return out.astype(object).where(out.notna(), None)


def _grouped(ctx: OpContext, params: dict) -> tuple[pd.DataFrame, list[str]]:
    source = filtered(ctx, ctx.source(params.get("domain")), params.get("filter"))
    group = ctx.names(params.get("group") or [])
    return source, group


def _unique(values: pd.Series) -> list:
    kept = values[~blank(values)]
    return list(pd.unique(text(kept) if not kept.dtype == object else kept))


def _referenced_names(ctx: OpContext, source: pd.DataFrame, name: str) -> list:
    """Names held in ``name`` that are variables of the dataset RDOMAIN names."""
    pairs = pd.DataFrame({"RDOMAIN": column(source, "RDOMAIN"), name: column(source, name)})
    pairs = pairs.dropna().drop_duplicates()
    out = []
    for rdomain, var in pairs.itertuples(index=False):
        frame = ctx.study.datasets.get(str(rdomain).upper())
        if frame is not None and var in frame.columns and var not in out:
            out.append(var)
    return out


@RULE_OPERATION.register("distinct")
def distinct(ctx: OpContext, **params: Any) -> Any:
    """Distinct non-blank values of ``name`` (in ``domain``), per ``group`` when given.

    >>> from cdisc_convert.validate.operations.context import Study
    >>> s = Study.of({"TV": pd.DataFrame({"VISITNUM": [1.0, 2.0, 1.0]})})
    >>> distinct(OpContext(s, s.target("TV")), name="VISITNUM")
    ['1', '2']
    """
    source, group = _grouped(ctx, params)
    name = ctx.prefix(params.get("name"))
    if params.get("value_is_reference"):
        return _referenced_names(ctx, source, name)
    values = column(source, name)
    if not group:
        return _unique(values)
    keyed = source.assign(__v=text(values))
    table = keyed[~blank(values)].groupby([text(column(source, g)) for g in group])["__v"] \
        .agg(lambda s: list(pd.unique(s)))
    return attach(ctx, table, group, params.get("group_aliases"))


def _aggregate(ctx: OpContext, params: dict, how: str) -> Any:
    source, group = _grouped(ctx, params)
    values = pd.to_numeric(column(source, ctx.prefix(params.get("name"))), errors="coerce")
    if not group:
        result = getattr(values, how)()
        return None if pd.isna(result) else result
    table = values.groupby([text(column(source, g)) for g in group]).agg(how)
    return attach(ctx, table, group, params.get("group_aliases"))


@RULE_OPERATION.register("max")
def max_(ctx: OpContext, **params: Any) -> Any:
    """Largest number in ``name`` (per ``group``)."""
    return _aggregate(ctx, params, "max")


@RULE_OPERATION.register("min")
def min_(ctx: OpContext, **params: Any) -> Any:
    """Smallest number in ``name`` (per ``group``)."""
    return _aggregate(ctx, params, "min")


@RULE_OPERATION.register("mean")
def mean(ctx: OpContext, **params: Any) -> Any:
    """Mean of the numbers in ``name`` (per ``group``)."""
    return _aggregate(ctx, params, "mean")


def _extreme_date(ctx: OpContext, params: dict, latest: bool) -> Any:
    source, group = _grouped(ctx, params)
    values = text(column(source, ctx.prefix(params.get("name"))))
    keys = date_keys(values)
    ranked = pd.DataFrame({"v": values, "k": keys}).dropna(subset=["k"])
    ranked = ranked.sort_values("k", ascending=not latest, kind="stable")
    if not group:
        return ranked["v"].iloc[0] if len(ranked) else None
    by = [text(column(source, g)).loc[ranked.index] for g in group]
    return attach(ctx, ranked.groupby(by)["v"].first(), group, params.get("group_aliases"))


@RULE_OPERATION.register("max_date")
def max_date(ctx: OpContext, **params: Any) -> Any:
    """Latest ISO 8601 date in ``name`` (per ``group``), as written."""
    return _extreme_date(ctx, params, True)


@RULE_OPERATION.register("min_date")
def min_date(ctx: OpContext, **params: Any) -> Any:
    """Earliest ISO 8601 date in ``name`` (per ``group``), as written.

    >>> from cdisc_convert.validate.operations.context import Study
    >>> s = Study.of({"DS": pd.DataFrame({"DSSTDTC": ["2020-02", "2019-12-31", ""]})})
    >>> min_date(OpContext(s, s.target("DS")), name="DSSTDTC")
    '2019-12-31'
    """
    return _extreme_date(ctx, params, False)


@RULE_OPERATION.register("record_count")
def record_count(ctx: OpContext, **params: Any) -> Any:
    """Number of (filtered) records, per ``group`` when given (0 for a group with none).

    >>> from cdisc_convert.validate.operations.context import Study
    >>> s = Study.of({"TS": pd.DataFrame({"TSPARMCD": ["AGE", "AGE", "SEX"]})})
    >>> record_count(OpContext(s, s.target("TS")), filter={"TSPARMCD": "AGE"})
    2
    """
    source, group = _grouped(ctx, params)
    if not group:
        return len(source)
    regex = params.get("regex")
    by = []
    for g in group:
        keys = text(column(source, g))
        if regex:
            keys = _leading_match(keys, regex)
        by.append(keys.fillna("\x00"))
    table = source.groupby(by, dropna=False).size()
    if not regex:
        return attach(ctx, table, group, params.get("group_aliases"), fill=0)
    frame_by = []
    for g in group:
        keys = text(column(ctx.frame, g))
        frame_by.append(_leading_match(keys, regex).fillna("\x00"))
    counts = pd.Series(1, index=ctx.frame.index).groupby(frame_by, dropna=False) \
        .transform("size")
    return counts.astype(float)


def _leading_match(keys: pd.Series, regex: str) -> pd.Series:
    """Each key's first match of ``regex`` (the key itself where none), once per distinct key
    (as ``str.extract`` with the key filled in where nothing matched)."""
    rx = re.compile(f"({regex})")

    def first(s: Any) -> Any:
        found = rx.search(s) if isinstance(s, str) else None
        return found.group(1) if found else s
    return per_value(keys, first)


@RULE_OPERATION.register("variable_count")
def variable_count(ctx: OpContext, **params: Any) -> Any:
    """Number of datasets of the study that have ``name`` (``--`` per dataset's domain).

    >>> from cdisc_convert.validate.operations.context import Study
    >>> s = Study.of({"AE": pd.DataFrame(columns=["DOMAIN", "AELNKID"]),
    ...               "LB": pd.DataFrame(columns=["DOMAIN", "LBLNKID"])})
    >>> variable_count(OpContext(s, s.target("AE")), name="--LNKID")
    2
    """
    name = str(params.get("name"))
    count = 0
    for ds in ctx.study.datasets:
        target = ctx.study.target(ds)
        wanted = target.prefix + name[2:] if name.startswith("--") else name
        count += wanted in target.data.columns
    return count


def _day_numbers(values: pd.Series) -> np.ndarray:
    parts = _table(values, values.index)
    complete = parts[:, 6] >= 3
    ymd = pd.DataFrame({"year": parts[:, 0], "month": parts[:, 1], "day": parts[:, 2]})
    dates = pd.to_datetime(ymd[complete].reindex(range(len(ymd))), errors="coerce")
    return (dates - pd.Timestamp("1960-01-01")).dt.days.to_numpy(dtype=float)


@RULE_OPERATION.register("dy")
def dy(ctx: OpContext, **params: Any) -> Any:
    """Study day of the date in ``name`` relative to RFSTDTC (no day 0).

    >>> from cdisc_convert.validate.operations.context import Study
    >>> s = Study.of({"AE": pd.DataFrame({"AESTDTC": ["2020-01-10", "2020-01-01", "2020"],
    ...                                   "RFSTDTC": ["2020-01-05"] * 3})})
    >>> dy(OpContext(s, s.target("AE")), name="--STDTC").tolist()
    [6.0, -4.0, nan]
    """
    frame = ctx.frame
    day = _day_numbers(column(frame, ctx.prefix(params.get("name"))))
    ref = _day_numbers(column(frame, "RFSTDTC"))
    diff = day - ref
    return pd.Series(np.where(diff >= 0, diff + 1, diff), index=frame.index)
