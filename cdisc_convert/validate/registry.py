"""Suite builders by name: ``@suite("metadata")`` registers ``f(ws, dataset) -> [Check]``.

Per-dataset builders run once for every dataset; workspace builders
(``per_dataset=False``) run once and may look across datasets.

>>> sorted(SUITES)[:0]
[]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SUITES: dict[str, SuiteBuilder] = {}


@dataclass(frozen=True)
class SuiteBuilder:
    name: str
    build: Callable
    per_dataset: bool
    kinds: tuple[str, ...]


def suite(name: str, *, per_dataset: bool = True, kinds: tuple[str, ...] = ("SDTM", "ADaM")):
    """Register a suite builder under ``name`` (unique)."""
    def register(fn: Callable) -> Callable:
        if name in SUITES:
            raise ValueError(f"suite {name!r} registered twice")
        SUITES[name] = SuiteBuilder(name, fn, per_dataset, kinds)
        return fn
    return register


def load_builtin_suites() -> dict[str, SuiteBuilder]:
    """Import the modules that register the built-in suites; returns the registry."""
    from cdisc_convert.validate import adam, cross, metadata, standard  # noqa: F401
    return SUITES
