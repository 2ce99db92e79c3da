"""The rule catalogue: every rule id with severity, message template and public rule ids.

Built-in rules are the validation codes of the one findings catalogue
(``cdisc_convert/findings.yaml``). Study suites add their own rules
from the ``meta`` of their expectations (see :mod:`cdisc_convert.validate.study`).

>>> r = rule("CT-NONEXT")
>>> r.severity, r.p21, r.fda
('error', 'CT2001', 'FDAC340')
>>> r.render(variable="SEX", value="X", codelist="SEX", ct="SDTM CT 2025-03-28")
"SEX 'X' is not in non-extensible codelist SEX (SDTM CT 2025-03-28)"
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

from cdisc_convert.errors import SpecError
from cdisc_convert.findings import SEVERITIES, catalogue, public_ids_text

RULE_KEYS = {"id", "code", "severity", "group", "title", "message", "p21", "fda", "core",
             "description", "source"}
GROUPS = ("metadata", "format", "values", "terminology", "cross", "adam", "study", "engine",
          "mapping")


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Rule:
    """One rule: what is checked, how bad a failure is, and how to say it."""

    id: str
    code: str
    severity: str
    group: str
    title: str
    message: str
    p21: str = ""
    fda: str = ""
    core: str = ""
    description: str = ""
    source: str = "cdisc-convert"
    adam_cr: str = ""             # ADaM Conformance Rules v4.0 check number(s)

    def render(self, **fields) -> str:
        """The message with ``fields`` filled in; unknown fields stay as ``{name}``."""
        try:
            return string.Formatter().vformat(self.message, (), _Blank(fields))
        except (ValueError, IndexError, KeyError):
            return self.message

    def public_ids(self) -> str:
        """'P21 SD0056 / FDA FDAC017' style cross-reference text."""
        return public_ids_text(self.core, self.p21, self.fda, self.adam_cr)


def make_rule(doc: dict, where: str) -> Rule:
    """A Rule from a mapping, checked: every mistake names ``where`` and the key."""
    unknown = set(doc) - RULE_KEYS
    if unknown:
        raise SpecError(f"unknown rule key(s) {sorted(unknown)}; allowed: "
                        f"{', '.join(sorted(RULE_KEYS))}", file=where, key=str(doc.get("id")))
    for key in ("id", "severity", "message"):
        if not doc.get(key):
            raise SpecError(f"rule needs {key!r}", file=where, key=str(doc.get("id")))
    if doc["severity"] not in SEVERITIES:
        raise SpecError(f"severity {doc['severity']!r} not one of {SEVERITIES}", file=where,
                        key=doc["id"])
    group = doc.get("group", "study")
    if group not in GROUPS:
        raise SpecError(f"group {group!r} not one of {GROUPS}", file=where, key=doc["id"])
    return Rule(id=str(doc["id"]), code=str(doc.get("code") or doc["id"]).lower(),
                severity=doc["severity"], group=group,
                title=str(doc.get("title") or doc["message"]), message=str(doc["message"]),
                p21=str(doc.get("p21") or ""), fda=str(doc.get("fda") or ""),
                core=str(doc.get("core") or ""), description=str(doc.get("description") or ""),
                source=str(doc.get("source") or "cdisc-convert"))


@lru_cache(maxsize=1)
def builtin_rules() -> dict[str, Rule]:
    """The validation codes of the findings catalogue (``findings.yaml``) as rules, by id."""
    return {c.id: Rule(id=c.id, code=c.category or c.id.lower(), severity=c.severity,
                       group=c.group or "engine", title=c.title, message=c.message, p21=c.p21,
                       fda=c.fda, core=c.core, description=c.description, adam_cr=c.adam_cr)
            for c in catalogue().values() if c.step == "validate" and c.group}


def rule(rule_id: str) -> Rule:
    """A built-in rule by id; KeyError lists the known ids."""
    try:
        return builtin_rules()[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; known: {', '.join(builtin_rules())}") from None
