"""Value consistency rules of the P21 FDA ADaM configurations, run from their data
(``rules/adam-unique.csv``): within each combination of the group-by variables a variable
holds one value (TRTPN per TRTP, AVISITN per PARAMCD and AVISIT, PARCATy per PARAMCD ...).

A rule names its variable by a pattern: ``*`` is any prefix, ``#`` a number (1-99), ``##``
two digits; ``%Variable.1%``, ``%Variable.2%`` in the group-by are the parts the pattern
matched and ``%Variable%`` the whole name; ``;!PATTERN`` leaves names out. The records
judged are those on which the variables the rule's ``When`` requires are populated. The
first value seen in a group is taken as the group's; every later record with another value
is a finding (Pinnacle 21 reports the same records). The ADaMIG 1.0 configuration holds
for ADaMIG 1.0 data, the 1.1 configuration for 1.1 and later.

>>> expand("%Variables[TRT##PN]%", ["TRT01PN", "TRT01P", "TRTPN"])
[('TRT01PN', ('01',))]
>>> expand("%Variables[*CAT#;!PARCAT#]%", ["AVALCAT1", "PARCAT1", "CRIT1"])
[('AVALCAT1', ('AVAL', '1'))]
>>> substitute("STUDYID,TRT%Variable.1%P", "TRT01PN", ("01",))
['STUDYID', 'TRT01P']
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.standards import judging
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.suites.adam_common import adam_columns, bad_check
from cdisc_convert.vector import distinct_values, group_codes

RULE = "ADAM-CONSISTENT"
_PARTS = {"##": r"(\d{2})", "#": r"([1-9]\d?)", "*": r"([A-Z][A-Z0-9_]*?)"}
_WHEN_NAME = re.compile(r"([%A-Za-z0-9_.]+)\s*!=\s*''")
#: P21 rules a specific code of ours runs already (with its own id and message).
OWN = frozenset({"AD0141", "AD0142"})


@dataclass(frozen=True)
class UniqueRule:
    """One P21 value-consistency rule as its configuration gives it."""

    p21_id: str
    variable: str
    group_by: str
    when: str
    adamig: tuple[str, ...]


@lru_cache(maxsize=1)
def unique_rules() -> list[UniqueRule]:
    """The shipped value-consistency rules."""
    text = resources.files("cdisc_convert").joinpath("rules/adam-unique.csv").read_text("utf-8")
    return [UniqueRule(r["p21_id"], r["variable"], r["group_by"], r["when"],
                       tuple(r["adamig"].split())) for r in csv.DictReader(text.splitlines())]


def _pattern(text: str) -> re.Pattern[str]:
    out = re.escape(text)
    for token, rx in _PARTS.items():
        out = out.replace(re.escape(token), rx)
    return re.compile(out + r"\Z")


def expand(variable: str, columns: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The dataset's variables a rule's variable (or pattern) names, with matched parts."""
    found = re.fullmatch(r"%Variables\[(.+)\]%", variable)
    if found is None:
        return [(variable, ())] if variable in columns else []
    include, *exclude = found.group(1).split(";")
    keep, drop = _pattern(include), [_pattern(e.lstrip("!")) for e in exclude]
    out = []
    for col in columns:
        m = keep.match(col)
        if m and not any(d.match(col) for d in drop):
            out.append((col, m.groups()))
    return out


def substitute(text: str, name: str, parts: tuple[str, ...]) -> list[str]:
    """``text`` (comma-separated names) with ``%Variable%`` and ``%Variable.N%`` filled."""
    text = text.replace("%Variable%", name)
    for i, part in enumerate(parts, start=1):
        text = text.replace(f"%Variable.{i}%", part)
    return [t.strip() for t in text.split(",") if t.strip()]


def _config_version() -> str:
    return "1.0" if judging.adamig_version() == "1.0" else "1.1"


def inconsistent(frame: pd.DataFrame, column: str, keys: list[str],
                 required: list[str]) -> pd.Series:
    """Records whose ``column`` differs from the first value of their ``keys`` group, among
    those with every ``required`` variable populated."""
    judged = pd.Series(True, index=frame.index)
    for name in required:
        judged &= frame[name].notna()
    rows = np.flatnonzero(judged.to_numpy(dtype=bool))
    out = np.zeros(len(frame), dtype=bool)
    if not len(rows):
        return pd.Series(out, index=frame.index)
    group = group_codes([frame[k] for k in keys])[rows]
    values = distinct_values(frame[column])[0][rows]      # compared by distinct value
    groups, first = np.unique(group, return_index=True)  # each group's first record
    starts = np.empty(group.max() + 1, dtype=np.int64)
    starts[groups] = first
    out[rows] = values != values[starts[group]]
    return pd.Series(out, index=frame.index)


def _one_rule(ws: Workspace, name: str, rule: UniqueRule) -> list[Check]:
    frame = ws.frames[name]
    columns = adam_columns(frame)
    out = []
    for col, parts in expand(rule.variable, columns):
        keys = [k for k in substitute(rule.group_by, col, parts) if k != "STUDYID"]
        required = substitute(",".join(_WHEN_NAME.findall(rule.when)), col, parts)
        if not keys or not all(k in columns for k in keys + required):
            continue
        bad = inconsistent(frame, col, keys, sorted(set(required + [col])))
        out.append(bad_check(ws, name, RULE, bad, col, params={
            "rule": rule.p21_id, "keys": ", ".join(keys)}, value_from=col))
    return out


@VALIDATION_SUITE.register("adam-consistent", kinds=("ADaM",))
def consistency_checks(ws: Workspace, name: str) -> list[Check]:
    """Every value-consistency rule of the configuration for the ADaMIG version judged."""
    version = _config_version()
    out = []
    for rule in unique_rules():
        if version in rule.adamig and rule.p21_id not in OWN:
            out += _one_rule(ws, name, rule)
    return out
