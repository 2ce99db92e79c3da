"""Registries of named algorithms: the only way a spec can make code run.

A spec names an algorithm (``make: {algorithm: assign_ct, ...}``); the name is
looked up here, never evaluated. Each registry kind knows which modules fill it,
so a lookup imports them on first use.

>>> reg = Registry("demo")
>>> @reg.register("double")
... def double(x, *, factor=2):
...     return x * factor
>>> reg.get("double").func(3)
6
>>> reg.get("triple")
Traceback (most recent call last):
...
KeyError: "unknown demo algorithm 'triple'; known: double"
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """A registered algorithm: its name, function, phase and accepted parameters."""

    name: str
    func: Callable
    phase: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    check: Callable[[dict], None] | None = None   # raises ValueError for bad spec parameters

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""


def _param_names(func: Callable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    required, optional = [], []
    for p in inspect.signature(func).parameters.values():
        if p.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        name = p.name[:-1] if p.name.endswith("_") else p.name  # from_ <- from
        (required if p.default is inspect.Parameter.empty else optional).append(name)
    return tuple(required), tuple(optional)


class Registry:
    """Name -> algorithm. Spec parameters are the function's keyword-only arguments."""

    def __init__(self, kind: str, modules: tuple[str, ...] = ()):
        self.kind = kind
        self._modules = modules
        self._entries: dict[str, Entry] = {}
        self._loaded = not modules

    def register(self, name: str, *, phase: str = "map",
                 check: Callable[[dict], None] | None = None) -> Callable[[Callable], Callable]:
        """Register under ``name``; ``check(params)`` (optional) validates spec parameters
        when the spec is loaded, raising ValueError with the reason."""
        def deco(func: Callable) -> Callable:
            if name in self._entries and self._entries[name].func is not func:
                raise ValueError(f"{self.kind} algorithm {name!r} registered twice")
            req, opt = _param_names(func)
            self._entries[name] = Entry(name, func, phase, req, opt, check)
            return func
        return deco

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for mod in self._modules:
                importlib.import_module(mod)

    def names(self) -> list[str]:
        self._load()
        return sorted(self._entries)

    def get(self, name: str) -> Entry:
        self._load()
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(
                f"unknown {self.kind} algorithm {name!r}; known: {', '.join(self.names())}"
            ) from None

    def __contains__(self, name: str) -> bool:
        self._load()
        return name in self._entries


#: Variable-level SDTM mapping algorithms (one column each).
SDTM_VARIABLE = Registry("SDTM variable", ("cdisc_convert.sdtm.algorithms",
                                            "cdisc_convert.sdtm.derive"))
#: Record-level SDTM steps (filter, de-duplicate, unpivot raw records before mapping).
SDTM_STEP = Registry("SDTM record step", ("cdisc_convert.sdtm.steps",))
#: ADaM dataset derivations (admiral-style, DataFrame -> DataFrame).
ADAM_STEP = Registry("ADaM derivation", ("cdisc_convert.adam.steps",))

REGISTRIES = {"sdtm.variable": SDTM_VARIABLE, "sdtm.step": SDTM_STEP, "adam.step": ADAM_STEP}
