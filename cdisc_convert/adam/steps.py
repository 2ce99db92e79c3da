"""Registers every ADaM derivation in :data:`~cdisc_convert.registry.ADAM_STEP`.

A registered step is called as ``step(ctx, dataset, **params)`` with the spec's
parameters. Pure derivations are registered through :func:`pure`: a parameter
named ``dataset_add`` given as a name (``ADSL``, ``LB``, ``VS?`` for optional) is
replaced by that dataset; when an optional one is absent the step is skipped
(a notice says so). Steps needing study facts (visits, arms) are small wrappers.

>>> from cdisc_convert.registry import ADAM_STEP
>>> ADAM_STEP.get("derive_var_chg").optional
('filter',)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd

from cdisc_convert.adam import bds, dates, merge, occds, params, subject, visits
from cdisc_convert.adam.conditions import where
from cdisc_convert.adam.context import AdamContext
from cdisc_convert.errors import DataError
from cdisc_convert.registry import ADAM_STEP


def _check_formula(spec_params: dict) -> None:
    """A formula must be arithmetic of names and numbers (refused at spec load)."""
    if isinstance(spec_params.get("formula"), str):
        params.formula_names(spec_params["formula"])


def pure(func: Callable, name: str | None = None) -> Callable:
    """Register ``func(dataset, **params)`` under its own name (or ``name``)."""
    @functools.wraps(func)
    def step(ctx: AdamContext, dataset: pd.DataFrame, **kw) -> pd.DataFrame:
        if isinstance(kw.get("dataset_add"), str):
            kw["dataset_add"] = ctx.dataset(kw["dataset_add"])
            if kw["dataset_add"] is None:
                return _with_blank_outputs(dataset, kw)
        return func(dataset, **kw)
    check = _check_formula if "formula" in func.__code__.co_varnames else None
    ADAM_STEP.register(name or func.__name__, check=check)(step)
    return func


def _with_blank_outputs(dataset: pd.DataFrame, kw: dict) -> pd.DataFrame:
    """A skipped step still adds its (empty) output variables, so later steps can run."""
    out = dataset.copy(deep=False)
    names = list(kw.get("new_vars") or []) + [kw[k] for k in ("new_var",) if kw.get(k)]
    if kw.get("new_vars_prefix"):
        names.append(kw["new_vars_prefix"] + "DTM")
    for name in names:
        if name not in out:
            out[name] = pd.Series(pd.NaT if name.endswith("DTM") else float("nan"),
                                  index=out.index)
    return out


for _f in (dates.derive_vars_dt, dates.derive_vars_dtm, dates.derive_vars_dtm_to_dt,
           dates.derive_vars_dy, dates.derive_var_trtdurd, dates.derive_vars_duration,
           merge.derive_vars_merged, merge.derive_var_merged_exist_flag,
           merge.derive_var_merged_summary, merge.derive_var_flag, merge.derive_vars_cat,
           merge.derive_vars_copy, merge.derive_vars_constant, merge.derive_var_source_name,
           merge.derive_var_recode, merge.derive_var_obs_number,
           merge.filter_exist,
           bds.derive_var_extreme_flag, bds.derive_var_analysis_flag, bds.derive_var_base,
           bds.derive_var_chg, bds.derive_var_pchg, bds.derive_var_anrind, bds.derive_var_shift,
           bds.derive_var_ontrtfl, bds.derive_vars_crit_flag,
           params.derive_vars_params, params.derive_var_formula, params.derive_param_computed,
           params.derive_params_from_vars, params.derive_param_exposure,
           subject.derive_vars_merged_dtm, occds.derive_var_trtemfl):
    pure(_f)


@ADAM_STEP.register("start_from")
def start_from(ctx: AdamContext, dataset: pd.DataFrame, *, dataset_add: str,
               filter: dict | None = None) -> pd.DataFrame:
    """The dataset's records: a copy of ``dataset_add`` (an SDTM domain or ADaM dataset)
    meeting ``filter``; always the first step."""
    source = ctx.dataset(dataset_add)
    if source is None:
        raise DataError(f"start_from: dataset {dataset_add.rstrip('?')} is not available; "
                        f"the first step cannot be optional")
    return source[where(source, filter)].reset_index(drop=True)


def study_visits(ctx: AdamContext, include: list[str] | None) -> list[dict]:
    """The study's planned visits with a planned day, as analysis windows."""
    out: list[dict[str, Any]] = [
        {"avisit": v.visit, "avisitn": v.visitnum, "day": v.day,
         "before": (v.window or (0, 0))[0], "after": (v.window or (0, 0))[1]}
        for v in ctx.study.visits if v.day is not None]
    if include is not None:
        unknown = set(include) - {v["avisit"] for v in out}
        if unknown:
            raise ValueError(f"include names {', '.join(sorted(unknown))}, not study visits "
                             f"with a planned day ({', '.join(v['avisit'] for v in out)})")
        out = [v for v in out if v["avisit"] in include]
    return out


@ADAM_STEP.register("derive_vars_avisit")
def derive_vars_avisit(ctx: AdamContext, dataset: pd.DataFrame, *,
                       include: list[str] | None = None, day_var: str = "ADY",
                       baseline: dict | None = None,
                       baseline_filter: dict | None = None) -> pd.DataFrame:
    """``AVISIT``/``AVISITN`` and window variables from the study spec's visit windows
    (``include``: the visits to use; default all with a planned day)."""
    return visits.derive_vars_avisit(dataset, visits=study_visits(ctx, include),
                                     day_var=day_var, baseline=baseline,
                                     baseline_filter=baseline_filter)


@ADAM_STEP.register("derive_locf_records")
def derive_locf_records(ctx: AdamContext, dataset: pd.DataFrame, *, by_vars: list[str],
                        include: list[str], filter: dict | None = None,
                        order: list[str] | None = None,
                        keep_blank: list[str] | None = None) -> pd.DataFrame:
    """``DTYPE = LOCF`` records for the ``include``d study visits a subject missed."""
    return visits.derive_locf_records(dataset, by_vars=by_vars,
                                      visits=study_visits(ctx, include), filter=filter,
                                      order=order, keep_blank=keep_blank)


@ADAM_STEP.register("derive_vars_treatment")
def derive_vars_treatment(ctx: AdamContext, dataset: pd.DataFrame, *, period: str = "01",
                          numbers: dict[str, int] | None = None) -> pd.DataFrame:
    """``TRTxxP/PN`` (planned arm) and ``TRTxxA/AN`` (actual arm); numbers follow the
    study spec's arm order unless ``numbers`` maps arm codes."""
    numbers = numbers or {a.armcd: i for i, a in enumerate(ctx.study.arms, start=1)}
    return subject.derive_vars_treatment(dataset, numbers=numbers, period=period)


@ADAM_STEP.register("derive_vars_disposition")
def derive_vars_disposition(ctx: AdamContext, dataset: pd.DataFrame, *, dataset_add: str,
                            completed: list[str], filter_add: dict | None = None,
                            end_dtc: str = "RFENDTC", reference_date: str = "TRTSDT",
                            complete_from_day: int | None = None,
                            screen_failure: dict | None = None) -> pd.DataFrame:
    """``EOSSTT``/``EOSDT``/``DCSREAS`` from DS, or by the DM fallback rule without DS."""
    return subject.derive_vars_disposition(
        dataset, dataset_add=ctx.dataset(dataset_add), completed=completed,
        filter_add=filter_add, end_dtc=end_dtc, reference_date=reference_date,
        complete_from_day=complete_from_day, screen_failure=screen_failure)


@ADAM_STEP.register("filter_records")
def filter_records(ctx: AdamContext, dataset: pd.DataFrame, *, condition: dict,
                   reason: str = "record excluded by the spec's filter") -> pd.DataFrame:
    """Keep the records meeting ``condition``; a notice counts the others (``reason``)."""
    kept = merge.filter_records(dataset, condition=condition)
    if len(kept) < len(dataset):
        ctx.notice(f"{len(dataset) - len(kept)} record(s) dropped: {reason}")
    return kept
