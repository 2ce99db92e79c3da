"""Build ADaM datasets from SDTM: each dataset's spec is its template.

A dataset's ``steps`` run in order (the first is usually ``start_from``), then
each variable's ``make`` (a step whose ``new_var`` defaults to the variable),
then the records are sorted by the spec keys, dates become SAS numbers and the
spec's metadata is applied in one step. ADSL is built first; every other dataset
can use it (``dataset_add: ADSL``).

>>> from pathlib import Path
>>> from cdisc_convert.spec.loader import load_specs
>>> specs = load_specs(Path("specs/CHEC2023-226"))                # doctest: +SKIP
>>> build_adam(specs, sdtm).datasets["ADSL"]                       # doctest: +SKIP
"""

from __future__ import annotations

import inspect
import re
from contextlib import AbstractContextManager, nullcontext

import pandas as pd

from cdisc_convert.adam.context import AdamContext
from cdisc_convert.adam.dates import sas_number_kind, to_sas_numbers
from cdisc_convert.adam.merge import sort_by
from cdisc_convert.errors import CdiscConvertError, DataError, SpecError
from cdisc_convert.handover import handed_over
from cdisc_convert.memory import release_free_memory
from cdisc_convert.metadata import apply_metadata
from cdisc_convert.progress import Progress
from cdisc_convert.registry import ADAM_STEP
from cdisc_convert.results import BuildResult
from cdisc_convert.spec.conditions import ConditionError
from cdisc_convert.spec.model import DatasetSpec, Make, Specs, strings_in

_NAME_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def adam_order(specs: dict[str, DatasetSpec]) -> list[str]:
    """ADSL first, then each dataset after those it ``depends_on``."""
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in path:
            raise SpecError(f"dependency cycle: {' -> '.join(path + (name,))}",
                            file=specs[name].where.file, key="depends_on")
        for dep in specs[name].depends_on:
            if dep in specs:
                visit(dep, path + (name,))
        order.append(name)
    for name in (["ADSL"] if "ADSL" in specs else []) + sorted(specs):
        visit(name, ())
    return order


def names_read(spec: DatasetSpec) -> set[str]:
    """Every name ``spec`` mentions that could be a dataset it reads: its ``depends_on``
    and each name-like word of its steps' and makes' parameters (``dataset_add: ADSL``,
    ``ADSL.TRTSDT``, ``VS?``), upper-cased: more than it reads, never less.

    >>> from cdisc_convert.spec.model import Make
    >>> spec = DatasetSpec("ADAE", "AE", "ADaMIG", depends_on=["AE"],
    ...                    steps=[Make("derive_vars_merged", {"dataset_add": "adsl"})])
    >>> sorted(names_read(spec))
    ['ADSL', 'AE', 'DERIVE_VARS_MERGED']
    """
    makes = list(spec.steps) + [v.make for v in spec.variables if v.make is not None]
    words = {w.upper() for make in makes
             for text in strings_in([make.algorithm, make.params])
             for w in _NAME_TOKEN.findall(text)}
    return words | {d.upper() for d in spec.depends_on}


def _kwargs(params: dict) -> dict:
    return {(k + "_" if k in ("from", "else") else k): v for k, v in params.items()}


def run_step(ctx: AdamContext, frame: pd.DataFrame, make: Make,
             new_var: str | None = None) -> pd.DataFrame:
    """Run one registered step; its failures name the dataset, algorithm and spec line."""
    entry = ADAM_STEP.get(make.algorithm)
    kwargs = _kwargs(make.params)
    if new_var and "new_var" in inspect.signature(entry.func).parameters \
            and "new_var" not in kwargs:
        kwargs["new_var"] = new_var
    ctx.step = make
    spec = ctx.spec
    if spec is None:
        raise RuntimeError("an ADaM step ran without its dataset spec")
    where = f"{spec.name} {make.algorithm} ({make.where})"
    try:
        return entry.func(ctx, frame, **kwargs)
    except CdiscConvertError:
        raise
    except ConditionError as exc:
        raise SpecError(f"{spec.name} {make.algorithm}: {exc} (a variable not derived "
                        "yet, or a malformed condition)", file=make.where.file,
                        line=make.where.line) from None
    except KeyError as exc:
        error = _spec_column_error(spec, make, exc)
        if error is None:
            raise                        # a bug in the derivation, not the user's mistake
        raise error from None
    except ValueError as exc:
        raise DataError(f"{where}: {exc}") from None
    finally:
        ctx.step = None


def missing_names(exc: KeyError) -> set[str]:
    """The column names a pandas KeyError says are missing.

    >>> sorted(missing_names(KeyError("AVAL")))
    ['AVAL']
    >>> sorted(missing_names(KeyError("['A', 'B'] not in index")))
    ['A', 'B']
    """
    arg = exc.args[0] if exc.args else None
    if not isinstance(arg, str):
        return set()
    return set(re.findall(r"'([^']+)'", arg)) or {arg}


def _naming_param(params: dict, name: str) -> str | None:
    """The spec parameter whose value names ``name`` (also inside a formula or condition)."""
    for key, value in params.items():
        if any(name in _NAME_TOKEN.findall(text) for text in strings_in(value)):
            return key
    return None


def _spec_column_error(spec: DatasetSpec, make: Make, exc: KeyError) -> SpecError | None:
    """A SpecError when the missing column is one the spec names (the user's mistake);
    None for any other KeyError: that is a bug of the derivation, left to propagate."""
    for name in sorted(missing_names(exc)):
        key = _naming_param(make.params, name)
        if key is not None:
            return SpecError(f"{spec.name} {make.algorithm}: column {name!r} named by the "
                             "spec is not in the data (a variable not derived yet, or not in "
                             "the source dataset)", file=make.where.file,
                             line=make.where.line, key=key)
    return None


def to_xpt_values(frame: pd.DataFrame, spec: DatasetSpec) -> pd.DataFrame:
    """Date and date-time columns -> SAS numbers as their display format says (seconds for
    ``DATETIME20.``, seconds since midnight for ``TIME8.``, else days); without one, as
    the name's suffix says (``*DTM``, ``*TM``, else a date)."""
    out = frame.copy(deep=False)
    for var in spec.variables:
        if var.name in out and pd.api.types.is_datetime64_any_dtype(out[var.name]):
            kind = sas_number_kind(var.name, var.display_format)
            out[var.name] = to_sas_numbers(out[var.name], kind == "datetime", kind == "time")
    return out


def check_made(spec: DatasetSpec, frame: pd.DataFrame) -> None:
    """Every declared variable was made (by its ``make`` or a step): never a blank column.

    A variable made by nothing is a SpecError at its line in the spec.
    """
    missing = [v for v in spec.variables if v.name not in frame]
    if not missing:
        return
    var, others = missing[0], ", ".join(v.name for v in missing[1:])
    raise SpecError(f"{spec.name}.{var.name} is declared but made by nothing: no make, and no "
                    "step of the spec creates it (give it a make, or add the step that derives "
                    f"it){'; also made by nothing: ' + others if others else ''}",
                    file=var.where.file, line=var.where.line, key="name")


def _held(ctx: AdamContext, frame: pd.DataFrame) -> bool:
    """``frame`` is one of the datasets the context holds (a step handed back its input
    dataset itself): never emptied by a later step."""
    return any(frame is held for held in ctx.datasets.values())


def _handed_over(ctx: AdamContext, frame: pd.DataFrame) -> AbstractContextManager:
    """The working frame handed over to a step (:mod:`cdisc_convert.handover`), unless
    the context holds it."""
    return nullcontext() if _held(ctx, frame) else handed_over(frame)


def build_dataset(spec: DatasetSpec, ctx: AdamContext, *, helpers: bool = True
                  ) -> pd.DataFrame:
    """Run ``spec``'s steps and variable makes; sort by the keys. Values as derived.
    ``helpers=False``: only the spec's variables (and keys) are kept and sorted, for a
    dataset no later dataset reads (its helper columns would only be copied, then
    dropped by the metadata)."""
    ctx.spec = spec
    frame = pd.DataFrame()
    for make in spec.steps:
        with _handed_over(ctx, frame):    # a step may free its columns as it copies them
            frame = run_step(ctx, frame, make)
        release_free_memory()      # the step's temporaries (and the frame it replaced)
    for var in spec.variables:
        if var.make is not None:
            with _handed_over(ctx, frame):
                frame = run_step(ctx, frame, var.make, new_var=var.name)
    check_made(spec, frame)
    keys = [k for k in spec.keys if k in frame]
    if not helpers:
        frame = frame[list(dict.fromkeys([v.name for v in spec.variables] + keys))]
    if keys:
        frame = sort_by(frame, keys, free=[] if _held(ctx, frame) else [frame])
    return frame.reset_index(drop=True)


def build_adam(specs: Specs, sdtm: dict[str, pd.DataFrame],
               progress: Progress | None = None) -> BuildResult:
    """Every ADaM dataset of ``specs`` from the SDTM datasets; metadata applied."""
    progress = progress or Progress(quiet=True)
    ctx = AdamContext(specs.study, {k.upper(): v for k, v in sdtm.items()})
    result = BuildResult()
    order = adam_order(specs.adam)
    reads = [names_read(specs.adam[n]) for n in order]
    with progress.task("ADaM", len(order), "datasets") as task:
        for at, name in enumerate(order):
            spec = specs.adam[name]
            with task.part(name) as info:
                result.findings.extend(spec.notices)   # e.g. SPEC-DEPRECATED
                read_later = any(name in later for later in reads[at + 1:])
                frame = build_dataset(spec, ctx, helpers=read_later)
                if read_later:
                    ctx.datasets[name] = frame
                xpt = to_xpt_values(frame, spec)
                # a dataset no later one reads: its columns go as they are shaped
                shaped, problems = apply_metadata(xpt, spec,
                                                  free=[xpt, frame] if not read_later else [])
                del frame, xpt
                result.findings.extend(problems)
                result.datasets[name] = shaped
                release_free_memory()
                info["detail"] = f"{len(shaped)} records"
    result.findings.extend(ctx.findings)
    return result
