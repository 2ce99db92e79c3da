"""The rule catalogue as a table: built-in rules and CDISC CORE's, executable or not.

>>> rows = rule_rows("3.4")
>>> rows[0][:3]
('id', 'authority', 'versions')
>>> any(r[0] == "CORE-000001" and r[4] == "yes" for r in rows)
True
>>> next(r[3] for r in rows if r[0] == "END-MISSING")
'values (runs from its rule file rules/cdisc-convert/END-MISSING)'

"""

from __future__ import annotations

from cdisc_convert.standards import versions
from cdisc_convert.validate.choose import normalise
from cdisc_convert.validate.core_run import KEPT_AS_BUILT_IN, own_rules_run
from cdisc_convert.validate.own_rules import load_own_rules
from cdisc_convert.validate.rule_engine import load_core_rules, runnable_reason
from cdisc_convert.validate.rules import builtin_rules

HEADER = ("id", "authority", "versions", "type", "executable", "message")


def rule_rows(version: str | None = None) -> list[tuple[str, ...]]:
    """One row per rule (header first); ``version``: only rules holding for that SDTMIG."""
    version = normalise(version) if version else None
    rows: list[tuple[str, ...]] = [HEADER]
    as_file = {r.id for r in load_own_rules(version)}
    runs = {r.id for r in own_rules_run(version or versions.SDTMIG)}
    for r in sorted(builtin_rules().values(), key=lambda r: r.id):
        ids = r.public_ids()
        kind = r.group
        if r.id in runs:
            kind += f" (runs from its rule file rules/cdisc-convert/{r.id})"
        elif r.id in as_file:
            kept = KEPT_AS_BUILT_IN.get(r.id, "its message needs fields beyond the location")
            kind += f" (rule file kept as a built-in check: {kept})"
        rows.append((r.id, "cdisc-convert", f"SDTMIG {versions.SDTMIG_VERSIONS[0]}-"
                     f"{versions.SDTMIG_VERSIONS[-1]}", kind, "yes",
                     r.title + (f" [{ids}]" if ids else "")))
    for rule in load_core_rules(version):
        why = runnable_reason(rule)
        rows.append((rule.id, "CDISC CORE", " ".join(sorted(rule.versions("SDTMIG"))),
                     rule.rule_type, "yes" if why is None else f"no: {why}",
                     (rule.outcome.message or rule.description).strip().replace("\n", " ")))
    return rows
