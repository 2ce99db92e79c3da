"""The Finding record and the one findings catalogue: every code the product can emit.

``findings.yaml`` (package data) lists each code once: its step, severity, title, message
template and, where one exists, the equivalent public rule ids (CDISC CORE, Pinnacle 21,
FDA). Code makes a finding only through :func:`finding`, which takes the severity and the
wording from the catalogue; a code that is not in it, or a template field left unfilled,
is an error (tests run every code path that emits). Severity order, exit codes and the
console summary live here too, once.

>>> f = finding("RAW-DATE", dataset="AE", variable="AESTDTC", value="31 FEB 2024",
...             source_file="ae.csv", source_row=4)
>>> f.severity, f.message
('error', "unreadable date '31 FEB 2024'")
>>> f.location()
'ae.csv record 4'
>>> exit_code([f], "error"), exit_code([f], "never")
(1, 0)
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

#: Severities, worst first.
SEVERITIES = ("error", "warning", "notice")
#: Severity rank: higher is worse.
RANK = {"error": 2, "warning": 1, "notice": 0}
#: ``--fail-on`` choices.
FAIL_ON = ("error", "warning", "never")
#: Steps a catalogued code belongs to, in the order of the data flow.
STEPS = ("spec", "raw", "map", "adam", "metadata", "xpt", "define", "validate", "package")
#: Keys a catalogue entry may have.
ENTRY_KEYS = {"step", "severity", "title", "message", "category", "group", "core", "p21",
              "fda", "description", "reported_as", "replaces", "unused", "adam_cr"}


@dataclass(frozen=True)
class Finding:
    """One located problem: what, where (dataset, row, subject, variable), and which rule."""

    code: str
    severity: str
    message: str
    dataset: str | None = None
    variable: str | None = None
    row: int | None = None
    usubjid: str | None = None
    seq: float | None = None
    value: Any = None
    rule_id: str | None = None
    source_file: str | None = None
    source_row: int | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def rule(self) -> str:
        """The rule a reader groups by: the rule id where a rule made it, else the code."""
        return self.rule_id or self.code

    def as_dict(self) -> dict:
        d = asdict(self)
        if not d["extra"]:
            d.pop("extra")
        return d

    def location(self) -> str:
        """Short human location: ``ae.csv record 12`` or ``AE row 3``."""
        if self.source_file:
            return f"{self.source_file} record {self.source_row}"
        if self.dataset:
            return f"{self.dataset} row {self.row}" if self.row is not None else self.dataset
        return ""


@dataclass(frozen=True)
class Code:
    """One catalogue entry: what a code means and how its findings are worded."""

    id: str
    step: str
    severity: str
    title: str
    message: str
    category: str = ""
    group: str = ""
    core: str = ""
    p21: str = ""
    fda: str = ""
    description: str = ""
    reported_as: str = ""        # the validation code that reports the same records
    replaces: tuple[str, ...] = ()   # old ids of this code
    #: "value" / "record": each finding is a raw value left missing / a raw record left
    #: out because it could not be used (the run summary counts them)
    unused: str = ""
    #: the ADaM Conformance Rules v4.0 check number(s) of the same check (ADaM codes)
    adam_cr: str = ""

    @property
    def fields(self) -> set[str]:
        """Names the message template needs."""
        return {f for _, f, _, _ in string.Formatter().parse(self.message) if f}

    def render(self, **values: Any) -> str:
        """The message with ``values`` filled in; a missing field is a :class:`KeyError`."""
        missing = self.fields - set(values)
        if missing:
            raise KeyError(f"finding {self.id}: template field(s) {sorted(missing)} not filled")
        return self.message.format(**values)

    def public_ids(self) -> str:
        """'CORE CORE-000001 / P21 SD0056 / FDA FDAC017' style cross-reference text."""
        return public_ids_text(self.core, self.p21, self.fda, self.adam_cr)


def public_ids_text(core: str, p21: str, fda: str, adam_cr: str = "") -> str:
    """The public ids of a code or rule as one text.

    >>> public_ids_text("", "SD0056", "FDAC017")
    'P21 SD0056 / FDA FDAC017'
    >>> public_ids_text("", "AD0223", "", "223")
    'P21 AD0223 / ADaM CR 223'
    """
    return " / ".join(f"{k} {v}" for k, v in (("CORE", core), ("P21", p21), ("FDA", fda),
                                                ("ADaM CR", adam_cr)) if v)


class CatalogueError(ValueError):
    """findings.yaml is malformed (a maintainer's mistake, caught by the tests)."""


def _entry(cid: str, doc: dict) -> Code:
    unknown = set(doc) - ENTRY_KEYS
    if unknown:
        raise CatalogueError(f"findings.yaml: {cid}: unknown key(s) {sorted(unknown)}")
    for key in ("step", "severity", "title", "message"):
        if not doc.get(key):
            raise CatalogueError(f"findings.yaml: {cid}: needs {key!r}")
    if doc["severity"] not in SEVERITIES or doc["step"] not in STEPS:
        raise CatalogueError(f"findings.yaml: {cid}: severity must be one of {SEVERITIES} "
                             f"and step one of {STEPS}")
    if doc.get("unused", "value") not in ("value", "record"):
        raise CatalogueError(f"findings.yaml: {cid}: unused must be value or record")
    replaces = doc.get("replaces") or ()
    return Code(cid, **{k: str(v) for k, v in doc.items() if k != "replaces"},
                replaces=tuple([replaces] if isinstance(replaces, str) else replaces))


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Code]:
    """Every catalogued code by id (old ids of renamed codes resolve too)."""
    text = resources.files("cdisc_convert").joinpath("findings.yaml").read_text("utf-8")
    doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    codes = {cid: _entry(cid, body) for cid, body in doc["codes"].items()}
    old = {o: c for c in codes.values() for o in c.replaces}
    return {**old, **codes}


def code(cid: str) -> Code:
    """The catalogue entry of ``cid``; an unknown code is a KeyError listing the close ones."""
    try:
        return catalogue()[cid]
    except KeyError:
        import difflib
        close = difflib.get_close_matches(cid, list(catalogue()), n=3)
        raise KeyError(f"finding code {cid!r} is not in findings.yaml"
                       + (f" (close: {', '.join(close)})" if close else "")) from None


def finding(cid: str, *, severity: str | None = None, dataset: str | None = None,
            variable: str | None = None, row: int | None = None, usubjid: str | None = None,
            seq: float | None = None, value: Any = None, rule_id: str | None = None,
            source_file: str | None = None, source_row: int | None = None,
            extra: dict | None = None, **fields: Any) -> Finding:
    """A :class:`Finding` of catalogued code ``cid``, worded by its template.

    The template may use the location (``dataset``, ``variable``, ``value``, ...) and any
    keyword in ``fields``; ``severity`` overrides the catalogue's (study suites set their
    own). ``rule_id`` defaults to the code for validation codes.
    """
    c = code(cid)
    where = {"dataset": dataset, "variable": variable, "row": row, "usubjid": usubjid,
             "seq": seq, "value": value, "source_file": source_file, "source_row": source_row}
    message = c.render(**where, **fields)
    if rule_id is None and c.step == "validate":
        rule_id = c.id
    return Finding(c.id, severity or c.severity, message, dataset, variable, row, usubjid, seq,
                   value, rule_id, source_file, source_row, dict(extra or {}))


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Worst first, then by rule, dataset and row."""
    return sorted(findings, key=lambda f: (-RANK[f.severity], f.rule_id or "", f.dataset or "",
                                           f.row if f.row is not None else -1))


def severity_counts(findings: Iterable[Finding]) -> Counter:
    return Counter(f.severity for f in findings)


def exit_code(findings: Iterable[Finding], fail_on: str) -> int:
    """1 when any finding is at or above ``fail_on`` severity (``never``: always 0)."""
    if fail_on == "never":
        return 0
    return int(any(RANK[f.severity] >= RANK[fail_on] for f in findings))


def drop_reported_twice(findings: list[Finding]) -> list[Finding]:
    """Drop a build finding whose records a validation code reports too.

    A mapping code whose catalogue entry says ``reported_as: CT-EXT`` is dropped for each
    (dataset, variable, value) that a CT-EXT finding names, so one record is reported once
    (by the rule with the public ids). Order is kept.
    """
    cat = catalogue()
    seen = {(f.code, f.dataset, f.variable, _key(f.value)) for f in findings}
    return [f for f in findings
            if not (cat.get(f.code) and cat[f.code].reported_as
                    and (cat[f.code].reported_as, f.dataset, f.variable, _key(f.value)) in seen)]


def _key(value: Any) -> str:
    return "" if value is None else str(value)


def summary_lines(findings: list[Finding], title: str, limit: int = 12) -> list[str]:
    """Counts by severity, then one line per rule (worst first) with a count and an example.

    >>> fs = [finding("MAP-MISSING", dataset="AE", variable="AEDECOD", value=None,
    ...               source_file="ae.csv", source_row=3, reason="uncoded term")]
    >>> print("\\n".join(summary_lines(fs, "Findings")))
    Findings: 0 error(s), 1 warning(s), 0 notice(s)
      WARNING MAP-MISSING      AE     AEDECOD  x1    e.g. ae.csv record 3: uncoded term
    """
    counts = severity_counts(findings)
    lines = [f"{title}: {counts.get('error', 0)} error(s), {counts.get('warning', 0)} "
             f"warning(s), {counts.get('notice', 0)} notice(s)"]
    if unused := unused_line(findings):
        lines.append(unused)
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.severity, f.rule, f.dataset or "", f.variable or ""), []).append(f)
    ordered = sorted(groups.items(), key=lambda kv: (-RANK[kv[0][0]], -len(kv[1]), kv[0]))
    for (sev, rule, ds, var), items in ordered[:limit]:
        first = items[0]
        lines.append(f"  {sev.upper():7} {rule:16} {ds:6} {var:8} x{len(items):<4} e.g. "
                     f"{first.location()}: {first.message}")
    if len(ordered) > limit:
        lines.append(f"  ... {len(ordered) - limit} more rules; every finding is in the log")
    return lines


def unused_line(findings: list[Finding]) -> str:
    """How many raw values and records could not be used (catalogue ``unused``), by code.

    >>> unused_line([finding("RAW-DATE", value="31 FEB 2024"), finding("RAW-DATE", value="x")])
    '  Not used: 2 raw value(s) left missing (RAW-DATE 2); each is a finding'
    """
    cat = catalogue()
    per: dict[str, Counter] = {"value": Counter(), "record": Counter()}
    for f in findings:
        kind = cat[f.code].unused if f.code in cat else ""
        if kind in per:
            per[kind][f.code] += 1 + int((f.extra or {}).get("not_listed", 0))
    parts = [f"{sum(c.values())} raw {kind}(s) {why} ("
             + ", ".join(f"{k} {n}" for k, n in sorted(c.items())) + ")"
             for kind, why, c in (("value", "left missing", per["value"]),
                                  ("record", "left out", per["record"])) if c]
    return f"  Not used: {'; '.join(parts)}; each is a finding" if parts else ""


def print_findings(findings: list[Finding], title: str,
                   echo: Callable[[str], None] | None = None, limit: int = 12) -> None:
    """Write :func:`summary_lines` to stderr (or through ``echo``)."""
    import sys
    out = echo or (lambda s: print(s, file=sys.stderr))
    for line in summary_lines(findings, title, limit):
        out(line)


def catalogue_reference(markdown: bool = False) -> str:
    """Every catalogued code by step: severity, title, template and public ids.

    >>> "| MAP-CT-EXT | warning |" in catalogue_reference(markdown=True)
    True
    """
    codes = sorted({c.id: c for c in catalogue().values()}.values(),
                   key=lambda c: (STEPS.index(c.step), c.id))
    if not markdown:
        return "\n".join(f"{c.id:20} {c.severity:8} {c.step:9} {c.title}" for c in codes) + "\n"
    lines = ["# Findings catalogue", "",
             "Generated from `cdisc_convert/findings.yaml` by `cdisc-convert rules codes "
             "--markdown`: every code the product can emit.", ""]
    for step in STEPS:
        rows = [c for c in codes if c.step == step]
        if not rows:
            continue
        lines += [f"## {step}", "", "| code | severity | title | message | public ids |",
                  "|---|---|---|---|---|"]
        lines += [f"| {c.id} | {c.severity} | {c.title} | `{c.message}` | {c.public_ids()} |"
                  for c in rows]
        lines.append("")
    return "\n".join(lines)
