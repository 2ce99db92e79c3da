"""Coverage of the Pinnacle 21 FDA ADaM rules: each is run by one of our codes (the code's
``p21`` in ``findings.yaml`` names it) or listed as not executable, with the reason.

The P21 rules come from ``rules/adam-p21.csv`` (built from the FDA ADaM configurations by
``tools/adam_catalogue.py``); which of them run is read from the findings catalogue, so the
table never disagrees with what the suites emit.

>>> rows = {r.p21_id: r for r in p21_rules()}
>>> rows["AD0223"].implemented_by, rows["AD0223"].severity
('ADAM-CHG', 'error')
>>> rows["AD0253"].implemented_by, rows["AD0253"].reason
('', 'ADAE/AE record traceability: not built')
>>> header, *rest = adam_rows("1.1")
>>> header[:3], len(rest) > 300
(('id', 'authority', 'versions'), True)
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cdisc_convert.findings import catalogue
from cdisc_convert.validate.suites.adam_common import EVERY_VERSION, rule_versions

HEADER = ("id", "authority", "versions", "type", "executable", "message")
AUTHORITY = "Pinnacle 21 (FDA ADaM)"
_ID = re.compile(r"\b(?:AD\d{4}[A-Z]?|SD\d{4}|CT\d{4}|DD\d{4})\b")


@dataclass(frozen=True)
class P21Rule:
    """One rule of the FDA ADaM configurations and how cdisc-convert covers it."""

    p21_id: str
    publisher_ids: str
    message: str
    rule_type: str
    category: str
    severity: str
    adamig: tuple[str, ...]
    reason: str
    implemented_by: str = ""

    @property
    def executable(self) -> str:
        return f"yes: {self.implemented_by}" if self.implemented_by else f"no: {self.reason}"


@lru_cache(maxsize=1)
def implementing_codes() -> dict[str, str]:
    """P21 rule id -> the catalogued validation codes naming it (comma separated)."""
    out: dict[str, list[str]] = {}
    for code in {c.id: c for c in catalogue().values()}.values():
        if code.step == "validate":
            for pid in _ID.findall(code.p21):
                out.setdefault(pid, []).append(code.id)
    return {k: ", ".join(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=1)
def p21_rules() -> list[P21Rule]:
    """Every P21 FDA ADaM rule with its coverage."""
    text = resources.files("cdisc_convert").joinpath("rules/adam-p21.csv").read_text("utf-8")
    codes = implementing_codes()
    return [P21Rule(r["p21_id"], r["publisher_ids"], r["message"], r["rule_type"],
                    r["category"], r["severity"], tuple(r["adamig"].split()), r["reason"],
                    codes.get(r["p21_id"], ""))
            for r in csv.DictReader(text.splitlines())]


def _our_versions(code_id: str) -> str:
    held = None if code_id in EVERY_VERSION else rule_versions(code_id)
    return "ADaMIG " + " ".join(sorted(held)) if held else "ADaMIG (every version)"


def adam_rows(version: str | None = None) -> list[tuple[str, ...]]:
    """Our ADaM codes, then the P21 ADaM rules (header first); ``version``: only those
    holding for that ADaMIG version (a P21 rule: in that version's FDA configuration)."""
    rows: list[tuple[str, ...]] = [HEADER]
    for code in sorted({c.id: c for c in catalogue().values()}.values(), key=lambda c: c.id):
        if code.step != "validate" or code.group != "adam":
            continue
        held = None if code.id in EVERY_VERSION else rule_versions(code.id)
        if version and held is not None and version not in held:
            continue
        ids = code.public_ids()
        rows.append((code.id, "cdisc-convert", _our_versions(code.id), "adam", "yes",
                     code.title + (f" [{ids}]" if ids else "")))
    for rule in p21_rules():
        if version and version not in rule.adamig:
            continue
        rows.append((rule.p21_id, AUTHORITY, "ADaMIG " + " ".join(rule.adamig),
                     f"{rule.rule_type} / {rule.category}", rule.executable,
                     f"{rule.message} ({rule.severity})"))
    return rows
