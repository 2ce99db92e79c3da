"""All SDTM datasets of a study: build in dependency order, shape, write XPT.

>>> from pathlib import Path
>>> from cdisc_convert.spec.loader import load_specs
>>> result = build_sdtm(load_specs(Path("specs/CHEC2023-226")),
...                     RawExport(Path("sample_raw/CHEC2023-226")))   # doctest: +SKIP
>>> sorted(result.datasets)                                           # doctest: +SKIP
['AE', 'DM', 'EX', 'LB']
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.errors import SpecError
from cdisc_convert.io.raw import RawExport
from cdisc_convert.memory import release_free_memory
from cdisc_convert.metadata import apply_metadata
from cdisc_convert.progress import Progress
from cdisc_convert.results import BuildResult
from cdisc_convert.sdtm.map_dataset import build_dataset
from cdisc_convert.sdtm.steps import check_selections
from cdisc_convert.spec.model import DatasetSpec, Specs


def build_order(specs: dict[str, DatasetSpec]) -> list[str]:
    """Datasets in dependency order (DM first: every other dataset may need it)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            raise SpecError(f"dependency cycle through {name}", file=specs[name].where.file)
        visiting.add(name)
        deps = set(specs[name].depends_on) | ({"DM"} if name != "DM" and "DM" in specs else set())
        for dep in sorted(deps):
            if dep not in specs:
                raise SpecError(f"depends on {dep}, which has no spec",
                                file=specs[name].where.file, key="depends_on")
            visit(dep)
        visiting.discard(name)
        order.append(name)
    for name in sorted(specs):
        visit(name)
    return order


def last_reads(order: list[str], specs: dict[str, DatasetSpec]) -> dict[str, int]:
    """Dataset -> position in ``order`` of the last dataset that reads its built records
    (``depends_on``; DM is read by every dataset, so it is kept to the end); a dataset no
    later one reads is absent.

    >>> from types import SimpleNamespace as S
    >>> last_reads(["DM", "LB", "VS", "SV"], {"DM": S(depends_on=[]), "LB": S(depends_on=[]),
    ...            "VS": S(depends_on=[]), "SV": S(depends_on=["LB", "VS"])})
    {'LB': 3, 'VS': 3, 'DM': 3}
    """
    out = {dep: at for at, name in enumerate(order) for dep in specs[name].depends_on}
    if "DM" in order:
        out["DM"] = len(order) - 1
    return out


def check_rest_to(specs: Specs) -> None:
    """Every dataset a ``select_rows`` step leaves records to is one of the study's specs."""
    for name, spec in sorted(specs.sdtm.items()):
        for step in spec.steps:
            if step.algorithm != "select_rows":
                continue
            for other in step.params.get("rest_to") or []:
                if other not in specs.sdtm or other == name:
                    where = step.where if step.where.file else spec.where
                    raise SpecError(f"select_rows of {name} leaves records to {other!r}, which "
                                    "is not another SDTM dataset spec of the study (known: "
                                    f"{', '.join(sorted(specs.sdtm))})", file=where.file,
                                    line=where.line, key="steps.rest_to")


def build_sdtm(specs: Specs, raw: RawExport, progress: Progress | None = None,
               only: list[str] | None = None) -> BuildResult:
    """Build every SDTM dataset of ``specs`` from ``raw``."""
    progress = progress or Progress(quiet=True)
    result = BuildResult()
    built: dict[str, pd.DataFrame] = {}
    selections: dict[str, dict[str, dict]] = {}
    check_rest_to(specs)
    order = [n for n in build_order(specs.sdtm) if not only or n in only or n == "DM"]
    last_use = last_reads(order, specs.sdtm)
    with progress.task("SDTM", len(order), "datasets") as task:
        for at, name in enumerate(order):
            spec = specs.sdtm[name]
            with task.part(name) as info:
                frame = build_dataset(spec, specs.study, raw, built, result.findings,
                                      selections)
                built[name] = frame
                for done in [n for n in built if last_use.get(n, -1) <= at]:
                    del built[done]        # no later dataset reads its built records
                shaped, problems = apply_metadata(frame, spec)
                result.findings.extend(problems)
                result.datasets[name] = shaped
                result.trace[name] = frame[["_file", "_row"]]
                release_free_memory()      # the dataset's raw reads and steps are done
                info["detail"] = f"{len(shaped)} records"
    result.findings.extend(check_selections(selections, set(order)))
    result.notes = raw.notes
    return result
