"""Build one SDTM dataset from its spec: records, joins, variables, sort, sequence.

The spec is the template: ``records`` names the raw source giving one record
per row, ``steps`` prepare those records, joined sources add columns, and each
variable's algorithm makes one column. Variables are made in three phases
(``map`` from raw, ``derive`` from mapped variables, ``final`` after sorting by
the keys, e.g. ``--SEQ``).
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.errors import DataError
from cdisc_convert.findings import Finding, finding
from cdisc_convert.io.raw import FILE, ROW, RawExport, RawTable
from cdisc_convert.io.redcap import instrument_source
from cdisc_convert.registry import SDTM_STEP, SDTM_VARIABLE
from cdisc_convert.sdtm.context import SUBJECT, MapContext, close_column, tidy
from cdisc_convert.sdtm.study_tables import domain_table, study_table
from cdisc_convert.spec.model import DatasetSpec, SourceSpec, StudySpec, strings_in

PHASES = ("map", "derive", "final")


def _referenced_columns(spec: DatasetSpec) -> dict[str, dict[str, str]]:
    """Raw columns named anywhere in the spec as ``alias.COLUMN``, each with where it is
    first named (the variable's or step's spec line)."""
    found: dict[str, dict[str, str]] = {a: {} for a in spec.sources}
    named = [(v.make.params, f"{v.where} (variable {v.name})") for v in spec.variables
             if v.make]
    named += [(s.params, f"{s.where if s.where.file else spec.where} (step {s.algorithm})")
              for s in spec.steps]
    for params, where in named:
        for text in strings_in(params):
            alias, _, col = text.partition(".")
            if col and alias in found:
                found[alias].setdefault(col, where)
    return found


def check_columns(spec: DatasetSpec, ctx: MapContext) -> None:
    """Every raw column the spec names must exist (error names file, column, spec line)."""
    for alias, cols in _referenced_columns(spec).items():
        table = ctx.sources[alias]
        for col in sorted(cols):
            if col not in table.columns:
                raise DataError(f"column named by {cols[col]} (dataset {spec.name}, source "
                                f"{alias}) is not in the raw file"
                                f"{close_column(col, table.columns)}",
                                file=table.path, column=col,
                                expected="one of " + ", ".join(table.columns))


def _records(ctx: MapContext) -> pd.DataFrame:
    spec = ctx.dataset
    if spec.records is None:
        raise ctx.spec_error("the dataset names no records source (records:)")
    frame = ctx.source_frame(spec.records).copy()
    for alias, src in spec.sources.items():
        if alias == spec.records or src.join is None:
            continue
        frame = _join(ctx, frame, alias, list(src.join))
    for step in spec.steps:
        entry = SDTM_STEP.get(step.algorithm)
        if entry.phase == "map":
            frame = entry.func(ctx, frame, **_kwargs(step.params))
    if spec.steps and ctx.one_per_subject and frame[SUBJECT].notna().any():
        frame = ctx.first_per_subject(frame, spec.sources[spec.records].subject)
    return frame.reset_index(drop=True) if spec.steps else frame


def _records_after_variables(ctx: MapContext) -> None:
    """Steps that add records once the variables are made (phase ``derive``, e.g. SV visits
    seen in other domains). The step names what it filled (``attrs["filled"]``); every other
    variable is made for the new records by its own algorithm."""
    for step in ctx.dataset.steps:
        entry = SDTM_STEP.get(step.algorithm)
        if entry.phase != "derive":
            continue
        before = ctx.frame.reset_index(drop=True)
        out = entry.func(ctx, before, **_kwargs(step.params))
        filled = set(out.attrs.get("filled", ()))
        if len(out) == len(before):
            ctx.frame = before
            continue
        out = out.reset_index(drop=True)
        out.attrs = {}
        rows = MapContext(ctx.dataset, ctx.study, out.iloc[len(before):].copy(), ctx.sources,
                          ctx.domains, ctx.findings)
        for phase in PHASES[:2]:
            _make(rows, phase, skip=filled)
        frame = pd.concat([before, rows.frame], ignore_index=True)
        for var in ctx.dataset.variables:
            if var.type != "Num" and var.name in frame.columns:
                frame[var.name] = tidy(frame[var.name])
        ctx.frame = frame


def _join(ctx: MapContext, frame: pd.DataFrame, alias: str, on: list[str]) -> pd.DataFrame:
    right = ctx.source_frame(alias)
    if on == [ROW]:                  # same raw record: a built domain joined to its raw file
        right = right.rename(columns={ROW: "_join_row"})
        left_keys, right_keys = [ROW], ["_join_row"]
        right = right.drop(columns=[SUBJECT])
        merged = frame.merge(right.drop(columns=[FILE]), how="left", left_on=left_keys,
                             right_on=right_keys).drop(columns=["_join_row"])
        merged.index = frame.index
        return merged
    left_keys = [SUBJECT] + [f"{ctx.dataset.records}.{c}" for c in on]
    right_keys = [SUBJECT] + [f"{alias}.{c}" for c in on]
    dup = right.duplicated(subset=right_keys, keep="first")
    for _, rec in right[dup].iterrows():
        ctx.findings.append(finding(
            "MAP-JOIN-DUP", dataset=ctx.dataset.name, source_file=rec[FILE],
            source_row=int(rec[ROW]), source=alias, keys="/".join(["subject"] + on)))
    right = right[~dup].drop(columns=[FILE, ROW])
    merged = frame.merge(right, how="left", left_on=left_keys, right_on=right_keys,
                         suffixes=("", f"__{alias}"))
    merged.index = frame.index
    return merged.drop(columns=[c for c in merged.columns if c.endswith(f"__{alias}")])


def _kwargs(params: dict) -> dict:
    return {(k + "_" if k in ("from", "else") else k): v for k, v in params.items()}


def _make(ctx: MapContext, phase: str, skip: set[str] | None = None) -> None:
    for var in ctx.dataset.variables:
        if var.make is None or (skip and var.name in skip):   # the loader gives every
            continue                                            # SDTM variable a make
        entry = SDTM_VARIABLE.get(var.make.algorithm)
        if entry.phase != phase:
            continue
        ctx.variable = var
        value = entry.func(ctx, **_kwargs(var.make.params))
        if isinstance(value, pd.Series):
            value = value.reindex(ctx.frame.index)
            ctx.frame[var.name] = value if var.type == "Num" else tidy(value)
        else:
            ctx.frame[var.name] = value
    ctx.variable = None


def sort_keys(spec: DatasetSpec) -> list[str]:
    """The keys to sort by: the dataset keys without variables made after sorting."""
    final = {v.name for v in spec.variables
             if v.make is not None and SDTM_VARIABLE.get(v.make.algorithm).phase == "final"}
    return [k for k in spec.keys if k not in final]


def load_source(name: str, study: StudySpec, raw: RawExport,
                domains: dict[str, pd.DataFrame], src: SourceSpec | None = None) -> RawTable:
    """A raw file, a table from the study spec (``study:...``), a built domain (``domain:XX``)
    or one instrument of a REDCap export (a source with ``instrument`` and ``dictionary``)."""
    if src is not None and src.instrument and src.dictionary:
        return instrument_source(raw, name, src.instrument, src.dictionary)
    if name.startswith("study:"):
        return study_table(study, name)
    if name.startswith("domain:"):
        return domain_table(domains, name)
    return raw.table(name)


def build_dataset(spec: DatasetSpec, study: StudySpec, raw: RawExport,
                  domains: dict[str, pd.DataFrame], findings: list[Finding],
                  selections: dict[str, dict[str, dict]] | None = None) -> pd.DataFrame:
    """Build ``spec`` from the raw export; returns variables in spec order + trace keys.
    ``selections`` is shared by the datasets of one build (``select_rows``)."""
    if not spec.records:
        raise DataError(f"dataset spec {spec.name} ({spec.where}) has no 'records' source")
    findings.extend(spec.notices)          # e.g. SPEC-DEPRECATED: an algorithm's old name
    sources = {alias: load_source(src.file, study, raw, domains, src)
               for alias, src in spec.sources.items()}
    ctx = MapContext(spec, study, pd.DataFrame(), sources, domains, findings,
                     selections={} if selections is None else selections)
    check_columns(spec, ctx)
    ctx.frame = _records(ctx).copy()
    for phase in PHASES[:2]:
        _make(ctx, phase)
    _records_after_variables(ctx)
    keys = sort_keys(spec)
    if keys:
        ctx.frame = ctx.frame.sort_values(keys + [FILE, ROW], kind="stable", na_position="first")
    _make(ctx, "final")
    out = ctx.frame[spec.variable_names + [FILE, ROW]].reset_index(drop=True)
    return out
