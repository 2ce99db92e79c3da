"""Load a rule written in CDISC CORE's rule schema into a typed :class:`Rule`.

A rule file is data: a ``Check`` tree (``all`` / ``any`` / ``not`` over conditions
``{name, operator, value, ...}``), a ``Scope``, a ``Sensitivity``, ``Operations`` that
compute values first, an ``Outcome``, the ``Rule Type``, and ``Authorities`` naming the
standards and versions it holds for. Nothing in it is ever evaluated as code; operator
and operation names are looked up in registries by the engine. A malformed rule is a
:class:`RuleFileError` naming the file, the key and (where known) the line.

>>> rule = load_rule_text('''
... Core: {Id: CORE-000001, Status: Published}
... Authorities:
...   - Organization: CDISC
...     Standards:
...       - {Name: SDTMIG, Version: "3.4", References: [{Rule Identifier: {Id: CG0176}}]}
... Check: {all: [{name: IECAT, operator: equal_to, value: INCLUSION}]}
... Outcome: {Message: bad IE, Output Variables: [IECAT]}
... Rule Type: Record Data
... Scope: {Domains: {Include: [IE]}}
... Sensitivity: Record
... ''', "demo.yml")
>>> rule.id, rule.check.kind, rule.check.children[0].operator, rule.outcome.variables
('CORE-000001', 'all', 'equal_to', ('IECAT',))
>>> rule.applies_to("SDTMIG", "3.4"), rule.applies_to("SDTMIG", "3-2"), rule.public_ids()
(True, False, {'cdisc': ['CG0176']})
>>> load_rule_text("Core: {Id: X}\\nCheck: 3", "bad.yml")
Traceback (most recent call last):
...
cdisc_convert.validate.rulefile.RuleFileError: bad.yml:2: Check: must be a mapping ...
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

#: Keys of a condition that are not parameters of its operator.
CONDITION_KEYS = ("name", "operator", "value")
#: Sensitivities the engine reports by.
SENSITIVITIES = ("Record", "Dataset", "Study", "Group")
#: Keys a rule may have at its top level.
RULE_KEYS = {"Authorities", "Check", "Core", "Description", "Executability", "Outcome",
             "Rule Type", "Scope", "Sensitivity", "Operations", "Match Datasets",
             "Grouping Variables", "Datasets", "Rule Identifier"}


class RuleFileError(ValueError):
    """A rule file that does not follow CORE's rule schema (file, line and key named)."""


@dataclass(frozen=True)
class Check:
    """A node of the Check tree: ``all`` / ``any`` / ``not`` with children, or a condition.

    A condition has ``kind == "condition"``, the ``name`` it tests, the ``operator``, the
    ``value`` (``None`` when absent) and the other keys as ``params``.
    """

    kind: str
    children: tuple[Check, ...] = ()
    name: Any = None
    operator: str = ""
    value: Any = None
    params: dict = field(default_factory=dict, compare=False)

    def conditions(self) -> Iterator[Check]:
        """Every condition below (and including) this node, in order."""
        if self.kind == "condition":
            yield self
        for child in self.children:
            yield from child.conditions()


@dataclass(frozen=True)
class Scope:
    """Which datasets a rule runs on (upper-case names; empty include means all)."""

    classes_include: tuple[str, ...] = ()
    classes_exclude: tuple[str, ...] = ()
    domains_include: tuple[str, ...] = ()
    domains_exclude: tuple[str, ...] = ()
    include_split: bool = False


@dataclass(frozen=True)
class Operation:
    """One entry of ``Operations``: ``id`` (``$name``), operation name, parameters."""

    id: str
    operator: str
    params: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class MatchDataset:
    """One entry of ``Match Datasets``: another dataset merged on ``keys`` first."""

    name: str
    keys: tuple[str, ...] = ()
    child: bool = False
    wildcard: str = ""


@dataclass(frozen=True)
class Outcome:
    """The rule's message and the variables a finding shows."""

    message: str
    variables: tuple[str, ...] = ()


@dataclass(frozen=True)
class StandardRef:
    """One standard an authority lists: organisation, name, version, cited rule ids."""

    organization: str
    name: str
    version: str
    rule_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A CORE-schema rule, typed. ``source`` is the file it came from."""

    id: str
    rule_type: str
    sensitivity: str
    check: Check
    scope: Scope
    outcome: Outcome
    standards: tuple[StandardRef, ...] = ()
    operations: tuple[Operation, ...] = ()
    match_datasets: tuple[MatchDataset, ...] = ()
    grouping: tuple[str, ...] = ()
    executability: str = ""
    description: str = ""
    source: str = ""

    def versions(self, standard: str = "SDTMIG") -> set[str]:
        """Versions of ``standard`` the rule holds for, as ``3.4`` (never ``3-4``)."""
        return {s.version for s in self.standards if s.name.upper() == standard.upper()}

    def applies_to(self, standard: str, version: str) -> bool:
        """True when the Authorities list ``standard`` at ``version`` (``3-4`` or ``3.4``)."""
        return normalise_version(version) in self.versions(standard)

    def public_ids(self) -> dict[str, list[str]]:
        """Cited rule ids per organisation: ``{"cdisc": [...], "fda": [...]}``."""
        out: dict[str, list[str]] = {}
        for s in self.standards:
            ids = out.setdefault(s.organization.lower(), [])
            ids.extend(i for i in s.rule_ids if i not in ids)
        return {k: v for k, v in out.items() if v}


def normalise_version(version: str) -> str:
    """``3-4`` -> ``3.4`` (CORE's case files spell versions with dashes).

    >>> normalise_version("3-4"), normalise_version(" 3.2 ")
    ('3.4', '3.2')
    """
    return str(version).strip().replace("-", ".")


def _fail(source: str, key: str, message: str, lines: Any) -> RuleFileError:
    line = lines.get(key.split(".")[0])
    where = f"{source}:{line}" if line else source
    return RuleFileError(f"{where}: {key}: {message}")


def _top_lines(text: str) -> dict[str, int]:
    """Line number (1-based) of each top-level key of a YAML mapping document."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


class _LazyLines:
    """Top-level key -> line, composed from the text only when an error needs a line."""

    def __init__(self, text: str):
        self.text = text
        self.found: dict[str, int] | None = None

    def get(self, key: str, default: int | None = None) -> int | None:
        if self.found is None:
            self.found = _top_lines(self.text)
        return self.found.get(key, default)


#: The C (libyaml) safe loader when PyYAML has it (ten times faster), else the Python one.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reader:
    """Parses one rule document, raising :class:`RuleFileError` with file, line, key."""

    def __init__(self, doc: dict, source: str, lines: Any):
        self.doc, self.source, self.lines = doc, source, lines

    def fail(self, key: str, message: str) -> RuleFileError:
        return _fail(self.source, key, message, self.lines)

    def mapping(self, key: str, required: bool = True) -> dict:
        value = self.doc.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping (got {type(value).__name__})")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        value = self.doc.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty text")
        return value.strip()

    def check(self, node: Any, key: str = "Check") -> Check:
        if isinstance(node, list):
            return Check("all", tuple(self.check(n, f"{key}[{i}]") for i, n in enumerate(node)))
        if not isinstance(node, dict):
            raise self.fail(key, f"must be a mapping with all/any/not or a condition, "
                                 f"got {node!r}")
        for kind in ("all", "any"):
            if kind in node:
                items = node[kind]
                items = items if isinstance(items, list) else [items]
                return Check(kind, tuple(self.check(n, f"{key}.{kind}[{i}]")
                                         for i, n in enumerate(items)))
        if "not" in node:
            return Check("not", (self.check(node["not"], f"{key}.not"),))
        return self.condition(node, key)

    def condition(self, node: dict, key: str) -> Check:
        operator = node.get("operator")
        if not isinstance(operator, str) or not operator:
            raise self.fail(key, f"a condition needs an operator (got keys {sorted(node)})")
        params = {k: v for k, v in node.items() if k not in CONDITION_KEYS}
        return Check("condition", (), node.get("name"), operator, node.get("value"), params)


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(v).strip().upper() for v in items)


def _scope(r: _Reader) -> Scope:
    scope = r.mapping("Scope", required=False)
    classes = scope.get("Classes") or {}
    domains = scope.get("Domains") or {}
    if not isinstance(classes, dict) or not isinstance(domains, dict):
        raise r.fail("Scope", "Classes and Domains must be mappings with Include/Exclude")
    return Scope(_names(classes.get("Include")), _names(classes.get("Exclude")),
                 _names(domains.get("Include")), _names(domains.get("Exclude")),
                 bool(domains.get("include_split_datasets")))


def _operations(r: _Reader) -> tuple[Operation, ...]:
    ops = r.doc.get("Operations") or []
    if not isinstance(ops, list):
        raise r.fail("Operations", "must be a list")
    out = []
    for i, op in enumerate(ops):
        if not isinstance(op, dict) or not op.get("id") or not op.get("operator"):
            raise r.fail(f"Operations[{i}]", "needs an id and an operator")
        params = {k: v for k, v in op.items() if k not in ("id", "operator")}
        out.append(Operation(str(op["id"]), str(op["operator"]), params))
    return tuple(out)


def _match_datasets(r: _Reader) -> tuple[MatchDataset, ...]:
    items = r.doc.get("Match Datasets") or []
    if not isinstance(items, list):
        raise r.fail("Match Datasets", "must be a list")
    out = []
    for i, m in enumerate(items):
        if not isinstance(m, dict) or not m.get("Name"):
            raise r.fail(f"Match Datasets[{i}]", "needs a Name")
        keys = m.get("Keys") or []
        out.append(MatchDataset(str(m["Name"]).upper(), tuple(str(k) for k in keys),
                                bool(m.get("Child")), str(m.get("Wildcard") or "")))
    return tuple(out)


def _standards(r: _Reader) -> tuple[StandardRef, ...]:
    authorities = r.doc.get("Authorities")
    if not isinstance(authorities, list) or not authorities:
        raise r.fail("Authorities", "must be a non-empty list")
    out = []
    for i, a in enumerate(authorities):
        if not isinstance(a, dict) or not isinstance(a.get("Standards"), list):
            raise r.fail(f"Authorities[{i}]", "needs an Organization and a Standards list")
        for s in a["Standards"]:
            refs = s.get("References") or []
            ids = tuple(str((ref.get("Rule Identifier") or {}).get("Id", "")) for ref in refs
                        if isinstance(ref, dict) and ref.get("Rule Identifier"))
            out.append(StandardRef(str(a.get("Organization", "")), str(s.get("Name", "")),
                                   normalise_version(s.get("Version", "")), ids))
    return tuple(out)


def _outcome(r: _Reader) -> Outcome:
    out = r.mapping("Outcome")
    message = out.get("Message")
    if not isinstance(message, str) or not message.strip():
        raise r.fail("Outcome.Message", "must be a non-empty text")
    return Outcome(message.strip(), tuple(str(v) for v in out.get("Output Variables") or ()))


def rule_from_dict(doc: Any, source: str = "<rule>", lines: Any = None) -> Rule:
    """A :class:`Rule` from an already parsed rule document."""
    r = _Reader(doc if isinstance(doc, dict) else {}, source, lines or {})
    if not isinstance(doc, dict):
        raise r.fail("<document>", "a rule file must hold one mapping")
    unknown = set(doc) - RULE_KEYS
    if unknown:
        raise r.fail(sorted(unknown)[0], f"unknown key (known: {', '.join(sorted(RULE_KEYS))})")
    core = r.mapping("Core")
    if not isinstance(core.get("Id"), str):
        raise r.fail("Core.Id", "must be the rule id, e.g. CORE-000001")
    check = r.check(doc.get("Check"))
    sensitivity = r.text("Sensitivity", "Record")
    if sensitivity not in SENSITIVITIES:
        raise r.fail("Sensitivity", f"must be one of {', '.join(SENSITIVITIES)}")
    return Rule(core["Id"], r.text("Rule Type"), sensitivity, check, _scope(r), _outcome(r),
                _standards(r), _operations(r), _match_datasets(r),
                tuple(doc.get("Grouping Variables") or ()),
                str(doc.get("Executability") or ""), str(doc.get("Description") or ""),
                source)


def load_rule_text(text: str, source: str = "<rule>") -> Rule:
    """Parse one rule from YAML text; ``source`` names it in error messages."""
    try:
        doc = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506  (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RuleFileError(f"{source}{line}: not valid YAML: {exc}") from None
    return rule_from_dict(doc, source, _LazyLines(text))


def load_rule(path: str | Path) -> Rule:
    """Parse one rule file."""
    path = Path(path)
    return load_rule_text(path.read_text(encoding="utf-8"), str(path))


def core_rule_files() -> list:
    """The shipped CORE rule files (package data ``rules/core``), sorted by name."""
    folder = resources.files("cdisc_convert").joinpath("rules/core")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yml")),
                  key=lambda f: f.name)


#: The shipped CORE rules, parsed (package data): ``{"rules": {file name: {"sha256", "doc"}}}``,
#: written by ``python -m cdisc_convert.tools.rules_index``. ``json.loads`` of all 331 takes
#: about 10 ms where YAML takes 400 ms; a file whose text no longer matches its hash is
#: parsed from its YAML, so the YAML files stay the authority.
CORE_INDEX = "rules/core.json"


def text_hash(text: str) -> str:
    """The SHA-256 of a rule file's text, as the index records it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: Our own rules (``rules/cdisc-convert/<ID>/rule.yml``), parsed the same way: keyed by the
#: rule's folder name.
OWN_INDEX = "rules/cdisc-convert.json"


def read_index(name: str) -> dict[str, Any]:
    """The ``rules`` of a shipped index (``CORE_INDEX`` or ``OWN_INDEX``); {} when absent."""
    try:
        text = resources.files("cdisc_convert").joinpath(name).read_text("utf-8")
        rules = json.loads(text).get("rules")
    except (OSError, ValueError, AttributeError):
        return {}
    return rules if isinstance(rules, dict) else {}


def _core_index() -> dict[str, Any]:
    return read_index(CORE_INDEX)


def rule_from_text(text: str, source: str, entry: Any) -> Rule:
    """The rule of a file's ``text``: from its index ``entry`` while the entry's hash is the
    text's, else parsed from the YAML (which stays the authority)."""
    if isinstance(entry, dict) and entry.get("sha256") == text_hash(text):
        return rule_from_dict(entry.get("doc"), source, _LazyLines(text))
    return load_rule_text(text, source)


@lru_cache(maxsize=1)
def core_rules() -> tuple[Rule, ...]:
    """Every shipped CORE rule, parsed once (from the index where it is current).

    >>> len(core_rules()), core_rules()[0].id
    (331, 'CORE-000001')
    """
    index = _core_index()
    out = []
    for f in core_rule_files():
        text = f.read_text(encoding="utf-8")
        out.append(rule_from_text(text, f"rules/core/{f.name}", index.get(f.name)))
    return tuple(out)
