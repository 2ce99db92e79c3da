"""Run the define.xml checks (``DEFINE_CHECK``) on one define, with or without data.

Without data only the define-only checks run; a data check is then "not executed" with
that reason. ``wants`` selects codes (``--only`` / ``--exclude``). A check that crashes is
one ``check-error`` finding naming it, and the run goes on.

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemDef OID="IT.A" Name="A" '
...     b'DataType="text" Length="1"/></MetaDataVersion></Study></ODM>')
>>> outcome = run_define_checks(m)
>>> [f.code for f in outcome.findings]
['DD0067']
>>> next(s.status for s in outcome.status if s.id == "SD0037")
'not executed'

A folder of SDTM datasets validated without a define.xml gets DD0101 (P21: Reject), for
the SDTMIG versions whose P21 FDA configuration holds the rule:

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace({"DM": pd.DataFrame({"DOMAIN": ["DM"]})})
>>> out = define_presence(ws, None, "3.3")
>>> [(f.code, f.dataset, f.severity) for f in out.findings], out.status[0].status
([('DD0101', None, 'error')], 'issues')
>>> define_presence(ws, None, "3.4").status[0].status
'not applicable'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cdisc_convert.define.reader import DefineModel
from cdisc_convert.findings import Finding, finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.core_run import RuleStatus
from cdisc_convert.validate.define_checks.base import DefineContext
from cdisc_convert.validate.model import Workspace

SOURCE = "cdisc-convert define"
#: The define.xml presence rule (P21 DD0101 "Missing define.xml file").
DEFINE_PRESENCE = "DD0101"


@dataclass
class DefineOutcome:
    findings: list[Finding] = field(default_factory=list)
    status: list[RuleStatus] = field(default_factory=list)


def _status(code: str, found: set[str], records: dict[str, int]) -> RuleStatus:
    return RuleStatus(code, SOURCE, "issues" if code in found else "passed", records=records)


def run_define_checks(model: DefineModel, ws: Workspace | None = None,
                      wants: Callable[[str], bool] = lambda code: True) -> DefineOutcome:
    """Every define check whose codes are wanted: findings, and each code's status."""
    outcome = DefineOutcome()
    ctx = DefineContext(model, ws)
    records = {n: len(ws.frames[n]) for n in ws.datasets()} if ws is not None else {}
    for entry in DEFINE_CHECK:
        codes = [c for c in entry.meta.get("codes", (entry.name,)) if wants(c)]
        if not codes:
            continue
        if entry.meta.get("data") and ws is None:
            outcome.status += [RuleStatus(c, SOURCE, "not executed", "needs the datasets "
                                          "(give a data folder)") for c in codes]
            continue
        try:
            found = [f for f in entry.func(ctx) if f.code in codes]
        except Exception as exc:  # noqa: BLE001 - reported as a finding, never swallowed
            outcome.findings.append(finding("CHECK-ERROR", rule_id=entry.name,
                                            error=f"{type(exc).__name__}: {exc}",
                                            check=f"define check {entry.name}"))
            outcome.status += [RuleStatus(c, SOURCE, "check error", str(exc)) for c in codes]
            continue
        outcome.findings += found
        codes_found = {f.code for f in found}
        outcome.status += [_status(c, codes_found, records if entry.meta.get("data") else {})
                           for c in codes]
    return outcome


def define_presence(ws: Workspace, define: Path | None, version: str, standard: str = "SDTMIG",
                    wants: Callable[[str], bool] = lambda code: True) -> DefineOutcome:
    """DD0101: one dataset-less finding when SDTM datasets are validated without a
    define.xml (``define``: the one given or found beside them), for the SDTMIG versions
    of the rule's P21 FDA configurations (``rules/p21_coverage.csv``)."""
    from cdisc_convert.validate.catalogue_list import p21_coverage
    outcome = DefineOutcome()
    if not wants(DEFINE_PRESENCE):
        return outcome
    versions = p21_coverage()[DEFINE_PRESENCE]["versions"].split()
    sdtm = ws.datasets("SDTM")
    if standard.upper() != "SDTMIG" or version not in versions or not sdtm:
        why = f"holds for SDTM datasets judged by SDTMIG {', '.join(versions)}"
        outcome.status.append(RuleStatus(DEFINE_PRESENCE, SOURCE, "not applicable", why))
        return outcome
    if define is None:
        outcome.findings.append(finding(DEFINE_PRESENCE, rule_id=DEFINE_PRESENCE))
    outcome.status.append(_status(DEFINE_PRESENCE, {f.code for f in outcome.findings},
                                  {n: len(ws.frames[n]) for n in sdtm}))
    return outcome
