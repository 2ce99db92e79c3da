"""CDISC CORE's published rules (``rules/core``) run on a validation workspace.

The rules that hold for the chosen SDTMIG version run once over the workspace's SDTM
datasets (helper columns dropped); their findings join the report beside the built-in and
study suites, each under its CORE id, and every rule gets a status: issues, passed, not
applicable (the data lacks what it needs), not executed (with the reason) or check error.

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace({"IE": pd.DataFrame({"DOMAIN": ["IE"], "USUBJID": ["1"], "IESEQ": [1.0],
...                 "IECAT": ["INCLUSION"], "IEORRES": ["Y"]})})
>>> out = run_core(ws, Selection(only={"CORE-000001"}))
>>> [(f.code, f.dataset, f.row) for f in out.findings], out.status[0].status
([('CORE-000001', 'IE', 1)], 'issues')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import pandas as pd

from cdisc_convert.findings import Finding, catalogue, code, finding
from cdisc_convert.validate.choose import Choice
from cdisc_convert.validate.model import Workspace
from cdisc_convert.validate.own_rules import load_own_rules
from cdisc_convert.validate.rule_engine import RuleRun, load_core_rules, run_rules
from cdisc_convert.validate.rulefile import Rule as CoreRule
from cdisc_convert.validate.rules import Rule


@dataclass(frozen=True)
class Selection:
    """Which rules run: ``only`` these ids (None: all), minus ``exclude``."""

    only: frozenset[str] | set[str] | None = None
    exclude: frozenset[str] | set[str] = frozenset()

    def wants(self, rule_id: str) -> bool:
        return (self.only is None or rule_id in self.only) and rule_id not in self.exclude


@dataclass(frozen=True)
class RuleStatus:
    """What became of one rule in a run (as CORE's Rules Report lists it)."""

    id: str
    source: str
    status: str          # issues | passed | not applicable | not executed | check error
    reason: str = ""
    records: dict[str, int] = field(default_factory=dict)


@dataclass
class CoreOutcome:
    findings: list[Finding]
    rules: dict[str, Rule]
    status: list[RuleStatus]


def _frames(ws: Workspace) -> tuple[dict[str, pd.DataFrame], dict[str, dict]]:
    """SDTM datasets without helper columns, and their metadata for the rule engine (the
    size is the dataset file's, when it was read from one)."""
    frames: dict[str, pd.DataFrame] = {}
    meta: dict[str, dict] = {}
    for name in ws.datasets("SDTM"):
        frame = ws.frames[name]
        frames[name] = frame[[c for c in frame.columns if not c.startswith("_")]]
        labels = ws.labels.get(name, {})
        meta[name] = {"label": ws.dataset_labels.get(name, ""),
                      "file": ws.source.get(name) or f"{name.lower()}.xpt",
                      "variables": {c: {"label": labels.get(c, ""),
                                        "type": "Num" if frame[c].dtype.kind in "fiub"
                                        else "Char"} for c in frames[name].columns}}
        if name in ws.sizes:
            meta[name]["size"] = ws.sizes[name]
    return frames, meta


@lru_cache(maxsize=1)
def crosswalk() -> dict[str, dict[str, str]]:
    """CORE id -> its CDISC, FDA and Pinnacle 21 ids (``rules/crosswalk.csv``, built by
    ``python -m cdisc_convert.tools.rules_crosswalk`` from the P21 rule list).

    >>> crosswalk()["CORE-000266"]["p21_ids"]
    'SD0009'
    """
    text = resources.files("cdisc_convert").joinpath("rules/crosswalk.csv").read_text("utf-8")
    return {row["core_id"]: row for row in csv.DictReader(io.StringIO(text))}


def as_rule(rule: CoreRule) -> Rule:
    """A CORE rule as a report rule (title and message from its Outcome, public ids from
    the crosswalk)."""
    message = rule.outcome.message or rule.description or rule.id
    ids = crosswalk().get(rule.id, {})
    return Rule(id=rule.id, code="core", severity="error", group="core",
                title=message.strip(), message=message.strip(), core=rule.id,
                p21=ids.get("p21_ids", ""), fda=ids.get("fda_ids", ""),
                description=rule.description, source="CDISC CORE")


def _status(rule_id: str, run: RuleRun, found: set[str], source: str) -> RuleStatus:
    records = run.records_checked.get(rule_id, {})
    if rule_id in run.skipped:
        return RuleStatus(rule_id, source, "not executed", run.skipped[rule_id])
    if rule_id in run.errors:
        return RuleStatus(rule_id, source, "check error", run.errors[rule_id], records)
    if rule_id in found:
        return RuleStatus(rule_id, source, "issues", "", records)
    if rule_id in run.executed and records:
        return RuleStatus(rule_id, source, "passed", "", records)
    why = "; ".join(f"{d}: {r}" for d, r in sorted(run.not_applicable.get(rule_id, {}).items()))
    return RuleStatus(rule_id, source, "not applicable", why or "no dataset in scope")


#: Where a finding's location is all its catalogue template needs.
_LOCATION = {"dataset", "variable", "row", "usubjid", "seq", "value", "source_file",
             "source_row"}


#: Rule files whose built-in check still runs instead, and why.
KEPT_AS_BUILT_IN = {
    "REQ-NULL": "the rule file covers SDTM only; the built-in check covers ADaM too",
    "USUBJID-UNIQUE": "the rule file covers SDTM only; the built-in check covers ADaM too",
    "DY-ZERO": "the engine names the first --DY variable, not the study day that is 0",
    "DTC-ISO8601": "as a Value Check it builds one row per value: too slow on a large LB",
    "X-VISIT-VISITNUM": "the engine's distinct values take 9.3 and 9.2999... (the same "
                        "VISITNUM read from XPT) as two; the built-in check rounds first",
    "X-VISITNUM-VISIT": "the engine's distinct values take 9.3 and 9.2999... (the same "
                        "VISITNUM read from XPT) as two; the built-in check rounds first",
}


def own_rules_run(version: str) -> list[CoreRule]:
    """Our rule files the engine runs in place of the built-in check of the same id: those
    whose catalogue template words a finding from its location alone (dataset, variable,
    value, ...) and that are not kept as built-in checks (:data:`KEPT_AS_BUILT_IN`). The
    others run as built-in checks until their template's fields can be taken from the
    rule's output variables.

    >>> sorted(r.id for r in own_rules_run("3.4"))[:3]
    ['END-MISSING', 'SEQ-UNIQUE', 'X-ACTARMCD-TA']
    """
    return [r for r in load_own_rules(version) if r.id not in KEPT_AS_BUILT_IN
            and r.id in catalogue() and code(r.id).fields <= _LOCATION]


def _worded(f: Finding) -> Finding:
    """A finding of one of our rule files, worded and ranked by the findings catalogue."""
    return finding(f.code, dataset=f.dataset, variable=f.variable, row=f.row,
                   usubjid=f.usubjid, seq=f.seq, value=f.value, extra=f.extra)


def run_core(ws: Workspace, selection: Selection = Selection(),
             choice: Choice | None = None) -> CoreOutcome:
    """Run the CORE rules for the chosen standard version on the workspace's SDTM datasets."""
    choice = choice or Choice()
    own = [r for r in own_rules_run(choice.version) if selection.wants(r.id)]
    core = [r for r in load_core_rules(choice.version, choice.standard) if selection.wants(r.id)]
    rules = core + own
    frames, meta = _frames(ws)
    run = run_rules(frames, sdtmig_version=choice.version, rules=rules, dataset_meta=meta,
                    standard=choice.standard, define=ws.define_model,
                    dictionaries=ws.dictionaries) \
        if frames and rules else RuleRun()
    cross, own_ids = crosswalk(), {r.id for r in own}
    findings = [_worded(f) if f.code in own_ids else
                replace(f, extra={**f.extra, "p21": cross[f.code]["p21_ids"].split()})
                if f.code in cross and cross[f.code]["p21_ids"] else f for f in run.findings]
    found = {f.rule_id or f.code for f in findings}
    findings += [finding("CHECK-ERROR", rule_id=rule_id, check=rule_id, error=error,
                         extra={"error": error}) for rule_id, error in sorted(run.errors.items())]
    status = [_status(r.id, run, found, "cdisc-convert" if r.id in own_ids else "CDISC CORE")
              for r in rules]
    return CoreOutcome(findings, {r.id: as_rule(r) for r in core}, status)
