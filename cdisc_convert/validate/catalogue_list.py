"""The rule catalogue as a table: built-in rules, CDISC CORE's, and every rule of the
Pinnacle 21 FDA configurations (implemented by ours, covered by CORE's, or not executable
and why), executable or not.

>>> rows = rule_rows("3.4")
>>> rows[0][:3]
('id', 'authority', 'versions')
>>> any(r[0] == "CORE-000001" and r[4] == "yes" for r in rows)
True
>>> next(r[3] for r in rows if r[0] == "END-MISSING")
'values (runs from its rule file rules/cdisc-convert/END-MISSING)'
>>> p21 = {r[0]: r for r in rule_rows("3.2") if r[1] == P21_AUTHORITY}
>>> p21["SD0021"][4], p21["SD1131"][4]
('implemented by END-MISSING', 'implemented by SD1131')
>>> next(r[4] for r in rule_rows("3.2") if r[0] == "SD0008")
"with the user's MedDRA (validate --meddra DIR, the MedDRA ASCII files)"
>>> p21["SD0008"][4], p21["SD1344"][4]
('implemented by SD0008', 'no: needs a WHODrug dictionary (not shipped)')
>>> "SD1252" in {r[0] for r in rule_rows("3.1.2") if r[1] == P21_AUTHORITY}
False

"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from cdisc_convert.standards import versions
from cdisc_convert.validate.choose import normalise
from cdisc_convert.validate.core_run import KEPT_AS_BUILT_IN, own_rules_run
from cdisc_convert.validate.operations.terminology import DICTIONARY_OPTIONS
from cdisc_convert.validate.own_rules import load_own_rules
from cdisc_convert.validate.rule_engine import load_core_rules, runnable_reason
from cdisc_convert.validate.rulefile import Rule
from cdisc_convert.validate.rules import builtin_rules

HEADER = ("id", "authority", "versions", "type", "executable", "message")
#: The authority column of a Pinnacle 21 rule's row.
P21_AUTHORITY = "Pinnacle 21 (FDA)"


@lru_cache(maxsize=1)
def p21_coverage() -> dict[str, dict[str, str]]:
    """P21 id -> its row of ``rules/p21_coverage.csv`` (built by
    ``python -m cdisc_convert.tools.p21_coverage`` from the P21 FDA configurations):
    versions, status (implemented / covered / not executable / not implemented), by, reason.

    >>> p21_coverage()["SD0009"]["status"], p21_coverage()["SD0009"]["by"]
    ('implemented', 'SER-CRITERIA')
    """
    text = resources.files("cdisc_convert").joinpath("rules/p21_coverage.csv").read_text("utf-8")
    return {row["p21_id"]: row for row in csv.DictReader(io.StringIO(text))}


def _p21_verdict(row: dict[str, str]) -> str:
    if row["status"] == "implemented":
        return f"implemented by {row['by']}"
    if row["status"] == "covered":
        return f"covered by {row['by']}"
    return f"no: {row['reason']}"


def p21_rows(version: str | None = None) -> list[tuple[str, ...]]:
    """One row per Pinnacle 21 FDA rule whose configuration holds SDTMIG ``version``."""
    return [(pid, P21_AUTHORITY, row["versions"], row["p21_type"], _p21_verdict(row),
             row["message"]) for pid, row in sorted(p21_coverage().items())
            if version is None or version in row["versions"].split()]


def dictionary_needed(rule: Rule) -> str | None:
    """The external dictionary a rule looks terms up in and how to give it, or None."""
    kinds = {str(op.params.get("external_dictionary_type") or "").upper()
             for op in rule.operations if op.operator.startswith("valid_external_dictionary")}
    found = [DICTIONARY_OPTIONS.get(k, (k.lower(), "a path to it")) for k in sorted(kinds)]
    return "; ".join(f"{label} ({how})" for label, how in found) or None


def rule_rows(version: str | None = None) -> list[tuple[str, ...]]:
    """One row per rule (header first); ``version``: only rules holding for that SDTMIG."""
    version = normalise(version) if version else None
    rows: list[tuple[str, ...]] = [HEADER]
    as_file = {r.id for r in load_own_rules(version)}
    runs = {r.id for r in own_rules_run(version or versions.SDTMIG)}
    own = load_own_rules()
    files = {r.id: sorted(r.versions()) for r in own}
    needs = {r.id: needed for r in own if (needed := dictionary_needed(r))}
    every = f"SDTMIG {versions.SDTMIG_VERSIONS[0]}-{versions.SDTMIG_VERSIONS[-1]}"
    for r in sorted(builtin_rules().values(), key=lambda r: r.id):
        if version and r.id in files and version not in files[r.id]:
            continue   # a rule file that does not hold for this version does not run
        ids = r.public_ids()
        kind = r.group
        if r.id in runs:
            kind += f" (runs from its rule file rules/cdisc-convert/{r.id})"
        elif r.id in as_file:
            kept = KEPT_AS_BUILT_IN.get(r.id, "its message needs fields beyond the location")
            kind += f" (rule file kept as a built-in check: {kept})"
        held = " ".join(files[r.id]) if r.id in files and len(files[r.id]) < 5 else every
        runnable = f"with the user's {needs[r.id]}" if r.id in needs else "yes"
        rows.append((r.id, "cdisc-convert", held, kind, runnable,
                     r.title + (f" [{ids}]" if ids else "")))
    for rule in load_core_rules(version):
        why = runnable_reason(rule)
        rows.append((rule.id, "CDISC CORE", " ".join(sorted(rule.versions("SDTMIG"))),
                     rule.rule_type, "yes" if why is None else f"no: {why}",
                     (rule.outcome.message or rule.description).strip().replace("\n", " ")))
    return rows + p21_rows(version)
