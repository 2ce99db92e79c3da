"""The one registry type: name -> entry, the only way a spec or rule can make code run.

A spec names an algorithm (``make: {algorithm: assign_ct, ...}``), a rule names an
operator (``operator: equal_to``), a report format names a writer: each name is looked
up in a :class:`Registry`, never evaluated. A registry knows the package that fills it
and imports that package on first lookup (the package's ``__init__`` imports its
modules, as frictionless-py's ``checks/__init__.py`` does), so a new module is found by
being placed in its package and listed there; nothing imports back up into this module's
users, and this module imports nothing of the project.

>>> reg = Registry("demo")
>>> @reg.register("double", aliases=("twice",))
... def double(x, *, factor=2):
...     return x * factor
>>> reg.get("double").func(3)
6
>>> reg.get("double").optional
('factor',)
>>> reg.get("dubble")
Traceback (most recent call last):
...
cdisc_convert.registry.UnknownName: unknown demo 'dubble' (did you mean 'double'?); known: double
>>> reg.resolve("twice")
(Entry(name='double', ...), 'twice')
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


class UnknownName(KeyError):
    """A name that no entry of the registry has; the message lists the known names."""

    def __str__(self) -> str:
        return str(self.args[0])


class DuplicateName(ValueError):
    """A name registered twice; the message names both places."""


@dataclass(frozen=True)
class Entry:
    """A registered function: its name, what it is, and the spec parameters it accepts.

    ``required`` / ``optional`` are the function's keyword-only parameters (a trailing
    ``_`` is dropped: ``from_`` is written ``from:`` in a spec); ``check(params)`` raises
    ValueError for bad spec parameters when the spec is loaded; ``meta`` holds what a
    registry of another kind needs (a report writer's file name, a suite's scope).
    """

    name: str
    func: Callable = field(repr=False)
    phase: str = field(default="map", repr=False)
    required: tuple[str, ...] = field(default=(), repr=False)
    optional: tuple[str, ...] = field(default=(), repr=False)
    check: Callable[[dict], None] | None = field(default=None, repr=False)
    aliases: tuple[str, ...] = field(default=(), repr=False)
    where: str = field(default="", repr=False)
    meta: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Entry(name={self.name!r}, ...)"

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""

    @property
    def summary(self) -> str:
        """The first paragraph of the docstring, on one line."""
        return self.doc.split("\n\n")[0].replace("\n", " ") if self.doc else ""


def _param_names(func: Callable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    required: list[str] = []
    optional: list[str] = []
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return (), ()
    for p in params:
        if p.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        name = p.name[:-1] if p.name.endswith("_") else p.name  # from_ <- from
        (required if p.default is inspect.Parameter.empty else optional).append(name)
    return tuple(required), tuple(optional)


def _where(func: Callable) -> str:
    """``module.qualname (file:line)`` of a function, for messages about it."""
    try:
        line = inspect.getsourcelines(func)[1]
        file = inspect.getsourcefile(func) or "?"
    except (OSError, TypeError):
        line, file = 0, "?"
    return f"{getattr(func, '__module__', '?')}.{getattr(func, '__qualname__', '?')} " \
           f"({file}:{line})"


class Registry:
    """Name -> :class:`Entry`, for one kind of thing (``kind`` is said in messages).

    ``package``: the dotted name of the package whose import registers the entries;
    imported on first lookup.
    """

    def __init__(self, kind: str, package: str | None = None):
        self.kind = kind
        self.package = package
        self._entries: dict[str, Entry] = {}
        self._aliases: dict[str, str] = {}
        self._loaded = package is None

    def register(self, name: str | None = None, *, phase: str = "map",
                 check: Callable[[dict], None] | None = None, aliases: tuple[str, ...] = (),
                 **meta: Any) -> Callable[[Callable], Callable]:
        """Decorator: register the function under ``name`` (default: its own name).

        ``aliases`` are old names that still resolve (a spec using one gets a
        deprecation notice from the loader)."""
        def deco(func: Callable) -> Callable:
            self.add(name or func.__name__, func, phase=phase, check=check, aliases=aliases,
                     **meta)
            return func
        return deco

    def add(self, name: str, func: Callable, *, phase: str = "map",
            check: Callable[[dict], None] | None = None, aliases: tuple[str, ...] = (),
            **meta: Any) -> Entry:
        """Register ``func`` under ``name``; a name (or alias) taken twice is an error."""
        where = _where(func)
        for key in (name, *aliases):
            self._refuse_taken(key, func, where)
        req, opt = _param_names(func)
        entry = Entry(name, func, phase, req, opt, check, tuple(aliases), where, dict(meta))
        self._entries[name] = entry
        self._aliases.update({a: name for a in aliases})
        return entry

    def _refuse_taken(self, key: str, func: Callable, where: str) -> None:
        holder = self._entries.get(key) or self._entries.get(self._aliases.get(key, ""))
        if holder is not None and holder.func is not func:
            raise DuplicateName(f"{self.kind} {key!r} registered twice: {holder.where} "
                                f"and {where}")

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            if self.package:
                importlib.import_module(self.package)

    def names(self) -> list[str]:
        """Registered names (aliases not included), sorted."""
        self._load()
        return sorted(self._entries)

    def resolve(self, name: str) -> tuple[Entry, str | None]:
        """The entry for ``name`` and the alias used (None when ``name`` is current)."""
        self._load()
        if name in self._entries:
            return self._entries[name], None
        if name in self._aliases:
            return self._entries[self._aliases[name]], name
        raise UnknownName(self.unknown_message(name))

    def get(self, name: str) -> Entry:
        """The entry for ``name`` (or one of its aliases)."""
        return self.resolve(name)[0]

    def unknown_message(self, name: str) -> str:
        known = self.names()
        close = difflib.get_close_matches(str(name), known + sorted(self._aliases), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown {self.kind} {name!r}{hint}; known: {', '.join(known)}"

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._entries or name in self._aliases

    def __iter__(self) -> Iterator[Entry]:
        self._load()
        return iter([self._entries[n] for n in sorted(self._entries)])

    def __len__(self) -> int:
        self._load()
        return len(self._entries)


#: Variable-level SDTM mapping algorithms (one column each).
SDTM_VARIABLE = Registry("SDTM variable algorithm", "cdisc_convert.sdtm.algorithms")
#: Record-level SDTM steps (filter, de-duplicate, unpivot raw records before mapping).
SDTM_STEP = Registry("SDTM record step", "cdisc_convert.sdtm.steps")
#: ADaM dataset derivations (admiral-style, DataFrame -> DataFrame).
ADAM_STEP = Registry("ADaM derivation", "cdisc_convert.adam.steps")
#: Built-in validation suites (checks on one dataset or across datasets).
VALIDATION_SUITE = Registry("validation suite", "cdisc_convert.validate.suites")
#: Rule operators of CORE's rule schema (``operator:`` of a check condition).
RULE_OPERATOR = Registry("rule operator", "cdisc_convert.validate.operators")
#: Rule operations of CORE's rule schema (``Operations:`` of a rule).
RULE_OPERATION = Registry("rule operation", "cdisc_convert.validate.operations")
#: Dataset readers by file kind (xpt, json, ndjson).
DATASET_READER = Registry("dataset reader", "cdisc_convert.io.datasets")
#: Validation report writers (html, json, junit, xlsx).
REPORT_WRITER = Registry("report writer", "cdisc_convert.validate.report")
#: Checks driven by a define.xml (P21 DD rules, and the SD rules comparing data to define).
DEFINE_CHECK = Registry("define check", "cdisc_convert.validate.define_checks")

#: The registries a spec can name, with the title of their section in the reference.
SPEC_REGISTRIES = {
    "sdtm.variable": (SDTM_VARIABLE, "SDTM variable algorithms (`make:` of a variable)"),
    "sdtm.step": (SDTM_STEP, "SDTM record steps (`steps:` of a dataset)"),
    "adam.step": (ADAM_STEP, "ADaM derivations (`steps:` of an ADaM dataset)"),
}


def algorithm_reference(markdown: bool = False) -> str:
    """Every algorithm a spec can name, with its parameters and the first paragraph of its doc.

    >>> "assign_ct(from, [codelist], [map], [decode])" in algorithm_reference()
    True
    """
    lines = ["# Spec algorithms", "",
             "Generated by `cdisc-convert spec algorithms --markdown`. Parameters in brackets",
             "are optional; `from` is written `from:` in a spec.", ""] if markdown else []
    for kind, (reg, title) in SPEC_REGISTRIES.items():
        lines += [f"## {title}", ""] if markdown else [f"[{kind}]"]
        for e in reg:
            params = ", ".join(list(e.required) + [f"[{o}]" for o in e.optional])
            alias = f" (old name{'s' if len(e.aliases) > 1 else ''}: " \
                    f"{', '.join(e.aliases)})" if e.aliases else ""
            if markdown:
                lines += [f"- `{e.name}({params})`{alias}: {e.summary}"]
            else:
                lines += [f"  {e.name}({params}){alias}", f"      {e.summary}"]
        lines.append("")
    return "\n".join(lines)
