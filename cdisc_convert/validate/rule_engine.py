"""Run CORE-schema rules over whole datasets at once.

For each rule that holds for the standard version asked for, and each dataset in its
Scope: build the frame its Rule Type evaluates, run its Operations, evaluate its Check
tree as boolean masks (one vectorised operator call per condition), and report by its
Sensitivity: a finding per record, one per dataset, or one for the study. A rule the
engine cannot run is listed in ``skipped`` with the reason; a rule that raises is listed
in ``errors`` (a check-error, never a silent pass); a dataset lacking a variable or
dataset the rule needs is listed in ``not_applicable``.

>>> import pandas as pd
>>> from cdisc_convert.validate.rulefile import core_rules
>>> ie = pd.DataFrame({"DOMAIN": ["IE", "IE"], "USUBJID": ["1", "2"], "IESEQ": [1, 1],
...                    "IECAT": ["INCLUSION", "INCLUSION"], "IEORRES": ["N", "Y"]})
>>> run = run_rules({"IE": ie}, rules=[r for r in core_rules() if r.id == "CORE-000001"])
>>> [(f.rule_id, f.dataset, f.row, f.usubjid, f.seq) for f in run.findings]
[('CORE-000001', 'IE', 2, '2', 1.0)]
>>> run.executed
['CORE-000001']
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype

from cdisc_convert import progress
from cdisc_convert.findings import Finding
from cdisc_convert.memory import release_free_memory
from cdisc_convert.registry import RULE_OPERATION, RULE_OPERATOR, UnknownName
from cdisc_convert.validate.operations.context import (
    MissingDataset,
    OpContext,
    Study,
    Target,
)
from cdisc_convert.validate.operations.views import (
    VIEWS,
    NotExecutable,
    domain_presence,
    rule_names,
    value_chunks,
)
from cdisc_convert.validate.operators._values import (
    MissingVariable,
    blank,
    broadcast,
    distinct,
    distinct_codes,
    mask,
    shared_views,
)
from cdisc_convert.validate.rulefile import Check, Rule, Scope, core_rules, normalise_version

#: Rule Types that need a define.xml (skipped without one: reading it comes later).
DEFINE_TYPES = ("Define", "define")
#: Severity of a CORE finding: the published rules carry none, so every issue is an error.
SEVERITY = "error"
_NOT_APPLICABLE = (MissingVariable, MissingDataset)


@dataclass
class RuleRun:
    """What a run did: findings, rules executed, skipped (why), errors (message)."""

    findings: list[Finding] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    not_applicable: dict[str, dict[str, str]] = field(default_factory=dict)
    records_checked: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)   # wall time per rule


def load_core_rules(version: str | None = None, standard: str = "SDTMIG") -> list[Rule]:
    """The shipped CORE rules that hold for ``standard`` ``version`` (None: all of them).

    >>> len(load_core_rules()), len(load_core_rules("3.4")), len(load_core_rules("3-2"))
    (331, 330, 259)
    """
    rules = core_rules()
    return list(rules) if version is None else [r for r in rules
                                                if r.applies_to(standard, version)]


# ----------------------------------------------------------------------------- scope


def _name_matches(pattern: str, target: Target) -> bool:
    if pattern == "ALL":
        return True
    if pattern.endswith("--"):
        stem = pattern[:-2]
        return target.name.startswith(stem) and len(target.name) > len(stem)
    return pattern in (target.name, target.domain)


def in_scope(scope: Scope, target: Target) -> bool:
    """True when the dataset is one the rule's Scope includes and does not exclude.

    >>> t = Target("SUPPAE", "SUPPAE", "RELATIONSHIP", pd.DataFrame())
    >>> in_scope(Scope(domains_include=("SUPP--",)), t), in_scope(Scope(("FINDINGS",)), t)
    (True, False)
    """
    classes = {target.class_} | ({"FINDINGS"} if target.class_ == "FINDINGS ABOUT" else set())
    classes_in = scope.classes_include
    if classes_in and "ALL" not in classes_in and not classes & set(classes_in):
        return False
    if classes & set(scope.classes_exclude):
        return False
    domains_in = scope.domains_include
    if domains_in and not any(_name_matches(p, target) for p in domains_in):
        return False
    return not any(_name_matches(p, target) for p in scope.domains_exclude if p != "ALL")


# --------------------------------------------------------------------- evaluation


class _Evaluator:
    """Evaluates one rule's Check tree on one frame (operation results in ``ctx``)."""

    def __init__(self, ctx: OpContext):
        self.ctx = ctx

    @property
    def frame(self) -> pd.DataFrame:
        return self.ctx.target.frame

    def resolve_target(self, name: Any) -> str:
        name = self.ctx.prefix(name)
        if isinstance(name, str) and name.startswith("$") and name not in self.frame.columns \
                and name in self.ctx.results:
            self.ctx.target.frame = self.frame.assign(
                **{name: broadcast(self.ctx.results[name], self.frame.index)})
        return name

    def _compare_value(self, value: Any, literal: bool, domain_value: bool) -> Any:
        if isinstance(value, list):
            return self._flatten(value)
        if not isinstance(value, str) or literal:
            return value
        if value.startswith("$"):
            if value in self.frame.columns:
                return self.frame[value]
            return self.ctx.results.get(value)
        name = self.ctx.prefix(value)
        if name in self.frame.columns:
            col = self.frame[name]
            return col.iloc[:, 0] if isinstance(col, pd.DataFrame) else col
        if domain_value and value == "DOMAIN":
            return self.ctx.target.domain
        return name

    def _flatten(self, items: list) -> list:
        out: list = []
        for item in items:
            found = self.ctx.results.get(item) if isinstance(item, str) and \
                item.startswith("$") else None
            if isinstance(found, (list, tuple, set, frozenset)):
                out.extend(found)
            else:
                out.append(item)
        return out

    def resolve_value(self, cond: Check, meta: dict) -> Any:
        kind = meta.get("value_kind", "compare")
        if kind == "regex":
            return cond.value
        if kind == "names":
            return self.ctx.names(cond.value) if cond.value is not None else []
        if kind == "raw":
            return _prefix_all(self.ctx, cond.value)
        return self._compare_value(cond.value, bool(cond.params.get("value_is_literal")),
                                   bool(meta.get("domain_value")))

    def condition(self, cond: Check) -> pd.Series:
        entry = RULE_OPERATOR.get(cond.operator)
        target = self.resolve_target(cond.name)
        value = self.resolve_value(cond, entry.meta)
        params = {k: (self.ctx.names(v) if k == "within" and isinstance(v, list)
                      else self.ctx.prefix(v)) for k, v in cond.params.items()}
        params.pop("value_is_literal", None)
        try:
            result = entry.func(self.frame, target, value, **params)
        except MissingVariable:  # a condition on a variable the dataset lacks does not hold
            return pd.Series(False, index=self.frame.index)
        return mask(result, self.frame.index)

    def evaluate(self, node: Check) -> pd.Series:
        if node.kind == "condition":
            return self.condition(node)
        if node.kind == "not":
            return ~self.evaluate(node.children[0])
        out = pd.Series(node.kind == "all", index=self.frame.index)
        for child in node.children:
            part = self.evaluate(child)
            out = (out & part) if node.kind == "all" else (out | part)
            if node.kind == "all" and not out.any():
                return out
        return out


def _could_hold(rule: Rule, ctx: OpContext) -> bool:
    """False when the conditions of the rule's top ``all`` that use no operation result
    already fail every record: its operations (a record count per group over a million
    records) need not run. ``LBREPNUM exists`` failing on an LB without it is an example."""
    if rule.check.kind != "all":
        return True
    ids = {op.id for op in rule.operations}
    plain = [c for c in rule.check.children if not _mentions(c, ids)]
    if not plain:
        return True
    evaluator = _Evaluator(ctx)
    out = pd.Series(True, index=ctx.frame.index)
    for child in plain:
        out &= evaluator.evaluate(child)
        if not out.any():
            return False
    return True


def _mentions(node: Check, ids: set[str]) -> bool:
    """Whether ``node`` (or a condition below it) names one of ``ids`` anywhere."""
    def names(item: Any) -> bool:
        if isinstance(item, str):
            return item in ids
        if isinstance(item, (list, tuple)):
            return any(names(i) for i in item)
        if isinstance(item, dict):
            return any(names(v) for v in item.values())
        return False
    return any(names(c.name) or names(c.value) or names(c.params) for c in node.conditions())


def _prefix_all(ctx: OpContext, value: Any) -> Any:
    if isinstance(value, list):
        return [_prefix_all(ctx, v) for v in value]
    if isinstance(value, dict):
        return {k: (ctx.prefix(v) if k == "name" else v) for k, v in value.items()}
    return ctx.prefix(value)


def _run_operations(rule: Rule, ctx: OpContext) -> None:
    for op in rule.operations:
        result = RULE_OPERATION.get(op.operator).func(ctx, **op.params)
        if isinstance(result, pd.Series):
            ctx.target.frame = ctx.frame.assign(**{op.id: result.reindex(ctx.frame.index)})
        else:
            ctx.results[op.id] = result


# ----------------------------------------------------------------------- findings


def _public_ids(rule: Rule) -> dict[str, list[str]]:
    return rule.public_ids()


def _value(v: Any) -> Any:
    if v.__class__ is float and v != v:   # NaN (the common case first: no pandas call)
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    return v


def _record_findings(rule: Rule, ctx: OpContext, hits: pd.Series) -> list[Finding]:
    """One finding per record hit, its values taken from the row that hit (a Value Check
    view or a merge holds several rows per record: the first that hit is shown)."""
    hit = ctx.frame[hits.to_numpy(dtype=bool)]
    hit = hit[~hit.index.duplicated()]
    return _row_findings(rule, ctx, list(hit.index), hit)


def _row_findings(rule: Rule, ctx: OpContext, rows: Any, first: pd.DataFrame) -> list[Finding]:
    """One finding per record number in ``rows`` (values shown from ``first``)."""
    target = ctx.target
    shown = [ctx.prefix(v) for v in rule.outcome.variables]
    seq_name = f"{target.prefix}SEQ"
    rows = list(rows)
    if not rows:
        return []
    if first.columns.has_duplicates or not any(
            d == np.dtype(object) or isinstance(d, ExtensionDtype) for d in first.dtypes):
        return [_row_finding(rule, ctx, shown, seq_name, first.loc[row], first, row)
                for row in rows]
    # a record of a frame with text columns holds each column's own elements (as
    # ``first.loc[row]`` would): take them column by column for every row at once
    position = first.index.get_indexer(rows)

    def picked(name: str) -> list:
        col = first[name]
        values = col.array if isinstance(col.dtype, ExtensionDtype) else col.to_numpy()
        return list(values[position])
    columns = {v: picked(v) for v in shown if v in first.columns}
    fixed = {v: _value(ctx.results.get(v)) for v in shown if v not in first.columns}
    data = target.data if rule.rule_type in RECORD_VIEWS else target.data.iloc[:0]
    usubjids = picked("USUBJID") if "USUBJID" in first.columns else \
        _record_values(data, "USUBJID", rows)
    seqs = picked(seq_name) if seq_name in first.columns else \
        _record_values(data, seq_name, rows)
    ids = _public_ids(rule)
    out = []
    for i, row in enumerate(rows):
        variables = {v: _value(columns[v][i]) if v in columns else fixed[v] for v in shown}
        out.append(_finding(rule, target, variables, int(row) + 1, usubjids[i], seqs[i], ids))
    return out


#: Rule Types whose view rows are the dataset's records (numbered as they are): a row's
#: USUBJID and --SEQ are its record's. The other views' rows are variables or datasets.
RECORD_VIEWS = frozenset({"Record Data", "Value Check with Dataset Metadata",
                          "Value Check with Variable Metadata"})
#: The column of a metadata view (Variable Metadata Check, Value Check with metadata) that
#: names the variable a row is about.
VIEW_NAME = "variable_name"


def _record_values(data: pd.DataFrame, name: str, rows: list) -> list:
    """``name`` of the dataset's records ``rows`` (numbered 0..n-1), for a view that does
    not carry it (a Value Check's one row per record and variable); None where absent."""
    if name not in data.columns:
        return [None] * len(rows)
    values = data[name].array
    return [values[int(r)] if 0 <= int(r) < len(values) else None for r in rows]


def _row_finding(rule: Rule, ctx: OpContext, shown: list[str], seq_name: str,
                 rec: pd.Series, first: pd.DataFrame, row: Any) -> Finding:
    variables = {v: _value(rec[v]) if v in first.columns else
                 _value(ctx.results.get(v)) for v in shown}
    data = ctx.target.data if rule.rule_type in RECORD_VIEWS else ctx.target.data.iloc[:0]
    usubjid, seq = (rec.get(n) if n in first.columns else
                    _record_values(data, n, [row])[0] for n in ("USUBJID", seq_name))
    return _finding(rule, ctx.target, variables, int(row) + 1, usubjid, seq)


def _finding(rule: Rule, target: Target, variables: dict, row: int | None, usubjid: Any = None,
             seq: Any = None, ids: dict[str, list[str]] | None = None) -> Finding:
    # the variable a finding names: the first output variable that is a variable (an
    # operation's result such as $dataset_variables is shown, not named)
    first = next((v for v in variables if not v.startswith("$")), None)
    value = variables.get(first) if first else None
    if first == VIEW_NAME and isinstance(value, str):
        # a metadata view's row names the variable it is about (variable_name = AEDECOD):
        # the finding names that variable, and shows the next output (its value, label...)
        rest = [v for v in variables if v != VIEW_NAME and not v.startswith("$")]
        first, value = value, variables[rest[0]] if rest else None
    ids = _public_ids(rule) if ids is None else {k: list(v) for k, v in ids.items()}
    extra = {"variables": variables, **ids}
    seq = _value(seq)
    try:
        seq = float(seq) if seq is not None else None
    except (TypeError, ValueError):
        seq = None
    return Finding(code=rule.id, severity=SEVERITY, message=rule.outcome.message,
                   dataset=target.name, variable=first, row=row,
                   usubjid=None if blank(usubjid) else str(usubjid), seq=seq,
                   value=value, rule_id=rule.id,
                   extra=extra)


def _report(rule: Rule, ctx: OpContext, hits: pd.Series) -> list[Finding]:
    if not hits.any():
        return []
    if rule.sensitivity == "Record" and rule.rule_type != "Domain Presence Check":
        return _record_findings(rule, ctx, hits)
    if rule.sensitivity == "Group" and rule.grouping:
        firsts = ctx.frame[hits].drop_duplicates([ctx.prefix(g) for g in rule.grouping])
        return _record_findings(rule, ctx, pd.Series(True, index=firsts.index))
    shown = {ctx.prefix(v): _value(ctx.results.get(ctx.prefix(v))) for v in
             rule.outcome.variables}
    return [_finding(rule, ctx.target, shown, None)]


# ------------------------------------------------------------------------- driver


def _not_runnable(rule: Rule, study: Study) -> str | None:
    """Why the engine cannot run this rule on this study (None when it can)."""
    why = runnable_reason(rule)
    if why is None and not rule.applies_to(study.standard, study.version):
        return f"not a rule of {study.standard} {study.version}"
    return why


def runnable_reason(rule: Rule) -> str | None:
    """Why the engine cannot run this rule on any data (None when it can)."""
    if any(not m.child and m.name != "RELREC" and m.wildcard for m in rule.match_datasets):
        return "a Match Datasets Wildcard outside RELREC is not supported"
    if rule.rule_type not in VIEWS and rule.rule_type != "Domain Presence Check":
        needs = "a define.xml" if "Define" in rule.rule_type else "support"
        return f"Rule Type {rule.rule_type!r} is not executed (needs {needs})"
    for cond in rule.check.conditions():
        if cond.operator not in RULE_OPERATOR:
            return f"operator {cond.operator!r} is not implemented"
    for op in rule.operations:
        if op.operator not in RULE_OPERATION:
            return f"operation {op.operator!r} is not implemented"
    return None


def _targets(rule: Rule, study: Study) -> list[Target]:
    if rule.rule_type == "Domain Presence Check":
        first = next(iter(study.datasets), None)
        if first is None:
            return []
        target = study.target(first)
        target.name, target.frame = "STUDY", domain_presence(study)
        return [target]
    return [t for t in (study.target(n) for n in study.datasets) if in_scope(rule.scope, t)]


#: Operators whose result on a record depends on that record only (and on the frame's
#: columns): a Value Check runs them one variable at a time.
ELEMENTWISE = frozenset({
    "empty", "non_empty", "exists", "not_exists", "equal_to", "not_equal_to",
    "equal_to_case_insensitive", "not_equal_to_case_insensitive", "less_than",
    "less_than_or_equal_to", "greater_than", "greater_than_or_equal_to", "is_contained_by",
    "is_not_contained_by", "is_contained_by_case_insensitive",
    "is_not_contained_by_case_insensitive", "matches_regex", "not_matches_regex",
    "longer_than", "longer_than_or_equal_to", "shorter_than", "shorter_than_or_equal_to"})
#: Operations whose value does not depend on the frame the rule evaluates.
FRAME_FREE_OPERATIONS = frozenset({
    "required_variables", "expected_variables", "permissible_variables", "codelist_terms",
    "study_domains", "dataset_names", "domain_label"})
#: Columns of a Value Check piece that vary from record to record (the rest are the
#: variable's or the dataset's metadata: one value per piece).
_PER_RECORD = frozenset({"row_number", "variable_value", "variable_value_length"})
#: A Value Check view of at least this many values (records x variables) is evaluated one
#: variable at a time (the whole view would hold every value of the dataset as a row).
PIECES_FROM = 1_000_000


def _in_pieces(rule: Rule) -> bool:
    """True when a Value Check can run one variable at a time with the same outcome."""
    return rule.rule_type.startswith("Value Check") and rule.sensitivity == "Record" and \
        all(c.operator in ELEMENTWISE for c in rule.check.conditions()) and \
        all(op.operator in FRAME_FREE_OPERATIONS for op in rule.operations)


class _PieceEvaluator(_Evaluator):
    """Evaluates a Value Check on one variable's rows: a condition that reads only the
    variable's metadata (the same on every row of the piece) runs on the first row."""

    def _constant(self, cond: Check) -> bool:
        if cond.operator in ("exists", "not_exists"):
            return True
        columns = self.frame.columns

        def fixed(name: Any) -> bool:
            if not isinstance(name, str):
                return True
            if name.startswith("$"):
                return name in columns or not isinstance(self.ctx.results.get(name), pd.Series)
            return name not in columns or name not in _PER_RECORD
        kind = RULE_OPERATOR.get(cond.operator).meta.get("value_kind", "compare")
        value = cond.value
        if kind == "compare" and not cond.params.get("value_is_literal"):
            values = value if isinstance(value, list) else [value]
            if not all(fixed(self.ctx.prefix(v)) for v in values):
                return False
        return fixed(self.ctx.prefix(cond.name))

    def condition(self, cond: Check) -> pd.Series:
        frame = self.frame
        if len(frame) < 2 or not self._constant(cond):
            return super().condition(cond)
        self.ctx.target.frame = frame.iloc[:1]
        try:
            head = super().condition(cond)
            added = [c for c in self.frame.columns if c not in frame.columns]
        finally:
            self.ctx.target.frame = frame
        if added:  # operation results named as targets: on every record, as on the head
            self.ctx.target.frame = frame.assign(
                **{n: broadcast(self.ctx.results[n], frame.index) for n in added})
        return pd.Series(bool(head.iloc[0]), index=frame.index)


def _run_in_pieces(rule: Rule, study: Study, target: Target) -> list[Finding]:
    """A Value Check one variable at a time: findings as the whole view would give.

    Where no condition looks at the record number, each variable is judged on its
    distinct values only (:func:`~.operations.views.value_chunks`); a record is reported
    once, with the variable and value of the first piece that hit it.
    """
    by_value = not _names_row_number(rule)
    shown: list[pd.DataFrame] = []
    first: OpContext | None = None
    results: dict[str, Any] | None = None
    for piece, codes in value_chunks(study, target, rule, by_value):
        target.frame = piece
        ctx = OpContext(study, target)
        if results is None:
            _run_operations(rule, ctx)
            results = ctx.results
        ctx.results = results
        hits = _PieceEvaluator(ctx).evaluate(rule.check).to_numpy(dtype=bool)
        first = first or ctx
        if not hits.any():
            continue
        if codes is None:
            shown.append(ctx.frame[hits])
            continue
        records = np.flatnonzero(hits[codes])
        part = ctx.frame.iloc[codes[records]].copy()
        part.index = target.data.index[records]
        part["row_number"] = records + 1
        shown.append(part)
    if first is None or not shown:
        return []
    frame = pd.concat(shown) if len(shown) > 1 else shown[0]
    frame = frame[~frame.index.duplicated()]
    return _row_findings(rule, first, list(frame.index), frame)


def _names_row_number(rule: Rule) -> bool:
    """Whether a condition of ``rule`` names the record number (then every record counts)."""
    for cond in rule.check.conditions():
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        if cond.name == "row_number" or "row_number" in values:
            return True
    return False


def run_rule_on(rule: Rule, study: Study, target: Target) -> list[Finding]:
    """Findings of one rule on one dataset (exceptions propagate to the caller)."""
    if target.frame is None and target.data.size >= PIECES_FROM and _in_pieces(rule):
        return _run_in_pieces(rule, study, target)
    ctx = OpContext(study, target)
    if target.frame is None:
        target.frame = VIEWS[rule.rule_type](study, target, rule)
    if rule.operations and not _could_hold(rule, ctx):
        return []                  # a condition without operations fails every record
    _run_operations(rule, ctx)
    hits = _hits_by_distinct(rule, ctx)
    if hits is None:
        hits = _Evaluator(ctx).evaluate(rule.check)
    return _report(rule, ctx, hits)


#: Operators that judge a record by its own values only (and constants): a record rule
#: made of them gives a record the verdict of any record with the same values.
RECORD_LOCAL = ELEMENTWISE | frozenset({
    "is_complete_date", "is_incomplete_date", "invalid_date", "invalid_duration",
    "matches_regex", "not_matches_regex", "prefix_matches_regex", "not_prefix_matches_regex",
    "suffix_matches_regex", "not_suffix_matches_regex", "starts_with", "ends_with",
    "contains", "does_not_contain", "contains_case_insensitive",
    "does_not_contain_case_insensitive", "prefix_equal_to", "prefix_not_equal_to",
    "suffix_equal_to", "suffix_not_equal_to", "prefix_is_contained_by",
    "prefix_is_not_contained_by", "suffix_is_contained_by", "suffix_is_not_contained_by"})
#: Records from which a record rule is judged on distinct value combinations, and the
#: largest share of distinct combinations for which that still pays.
DISTINCT_FROM = 50_000
DISTINCT_SHARE = 0.5


def _hits_by_distinct(rule: Rule, ctx: OpContext) -> pd.Series | None:
    """The rule's verdict on every record, judged once per distinct combination of the
    values it reads (None when the rule or the data do not allow it).

    A Record Data rule whose conditions are all :data:`RECORD_LOCAL` and whose operations
    gave constants says the same of two records with the same values in every column it
    names; a lab dataset of a million records holds far fewer such combinations.
    """
    frame = ctx.target.frame
    if rule.rule_type != "Record Data" or rule.sensitivity != "Record" or \
            frame is None or len(frame) < DISTINCT_FROM or frame is not ctx.target.data or \
            frame.columns.has_duplicates or \
            not all(c.operator in RECORD_LOCAL and not c.params.get("value_is_reference")
                    for c in rule.check.conditions()) or \
            any(isinstance(v, pd.Series) for v in ctx.results.values()):
        return None
    names = {ctx.prefix(n) for n in rule_names(rule)} & set(frame.columns)
    key = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for name in sorted(names):
        codes, firsts = distinct(frame[name])
        if size * len(firsts) >= 2 ** 62:   # keep the combined key in 64 bits
            key, seen = _renumber(key)
            size = len(seen)
        key = key * len(firsts) + codes
        size *= len(firsts)
    number, firsts = _renumber(key)
    if len(firsts) > DISTINCT_SHARE * len(frame):
        return None
    ctx.target.frame = frame.iloc[firsts]
    try:
        verdict = _Evaluator(ctx).evaluate(rule.check).to_numpy(dtype=bool)
    finally:
        ctx.target.frame = frame
    return pd.Series(verdict[number], index=frame.index)


def _renumber(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(number of each record's key by first appearance, first record of each key)."""
    return distinct_codes(pd.Series(key))


def _run_one(rule: Rule, study: Study, run: RuleRun) -> None:
    for target in _targets(rule, study):
        try:
            run.findings.extend(run_rule_on(rule, study, target))
            run.records_checked.setdefault(rule.id, {})[target.name] = len(target.data)
        except _NOT_APPLICABLE as exc:
            run.not_applicable.setdefault(rule.id, {})[target.name] = str(exc)
        except NotExecutable as exc:
            run.skipped[rule.id] = str(exc)
            return
        except (UnknownName, Exception) as exc:  # noqa: BLE001  (a check-error, reported)
            run.errors[rule.id] = f"{target.name}: {type(exc).__name__}: {exc}"
    run.executed.append(rule.id)


def run_rules(datasets: dict[str, pd.DataFrame], *, sdtmig_version: str = "3.4",
              rules: list[Rule] | None = None, dataset_meta: dict | None = None,
              define: Any = None, standard: str = "SDTMIG",
              dictionaries: dict[str, Any] | None = None) -> RuleRun:
    """Run ``rules`` (default: every shipped CORE rule) on ``datasets`` (name -> records).

    ``dataset_meta``: per dataset ``{"label", "file", "size", "variables": {NAME:
    {"label", "type", "length", "format"}}}``; what is absent comes from the records.
    """
    with shared_views():   # text and blank views of a column: once for every rule
        study = Study.of(datasets, dataset_meta, standard, normalise_version(sdtmig_version),
                         define, dictionaries)
        run = RuleRun()
        chosen = core_rules() if rules is None else rules
        progress.add_total(len(chosen))
        for rule in chosen:
            progress.advance()
            reason = _not_runnable(rule, study)
            if reason:
                run.skipped[rule.id] = reason
            else:
                start = time.perf_counter()
                _run_one(rule, study, run)
                run.seconds[rule.id] = time.perf_counter() - start
                release_free_memory()          # the rule's views of the records are gone
    run.executed = [r for r in run.executed if r not in run.skipped]
    return run
