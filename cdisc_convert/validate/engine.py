"""Validate a workspace: build every suite, run it (natively, or with Great Expectations for
the study's suites), then CORE's rules and our rule files; collect findings.

>>> import pandas as pd
>>> report = validate_frames({"DM": pd.DataFrame({
...     "STUDYID": ["S"], "DOMAIN": ["DM"], "USUBJID": ["S-1"], "SUBJID": ["1"],
...     "SITEID": ["01"], "SEX": ["X"], "COUNTRY": ["CHN"], "ARMNRS": [""],
...     "ACTARMUD": [""]})}, core=False)
>>> [(f.rule_id, f.variable, f.row, f.value) for f in report.findings if f.severity == "error"]
[('CT-NONEXT', 'SEX', 1, 'X')]
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from cdisc_convert import progress, vector
from cdisc_convert.findings import Finding, catalogue, drop_reported_twice
from cdisc_convert.io.core_case import is_case_folder, read_env
from cdisc_convert.io.datasets import is_dataset_json
from cdisc_convert.io.xpt import check_xpt
from cdisc_convert.memory import release_free_memory
from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.standards import ct, ig
from cdisc_convert.validate.choose import Choice, choose
from cdisc_convert.validate.core_run import RuleStatus, Selection, own_rules_run, run_core
from cdisc_convert.validate.define_run import define_presence, run_define_checks
from cdisc_convert.validate.dictionaries import dictionary_notes, find_dictionaries
from cdisc_convert.validate.expect import evaluate, supported
from cdisc_convert.validate.frames import dataset_kind, read_datasets, workspace
from cdisc_convert.validate.gx import CheckResult, run_suite
from cdisc_convert.validate.locate import check_error, to_findings
from cdisc_convert.validate.model import ROW, Check, Workspace
from cdisc_convert.validate.read_define import find_define, read_define_model
from cdisc_convert.validate.rules import Rule, builtin_rules, make_rule
from cdisc_convert.validate.study import flatten_parameters, load_suites, suite_checks

MAPPING_GROUP = "mapping"
#: Frames with at least this many rows get one GE suite per column set, not per frame.
LARGE = 50_000


@dataclass
class ValidationReport:
    """Everything a report writer needs: findings, rules, datasets, standards, timing."""

    findings: list[Finding]
    rules: dict[str, Rule]
    checks: list[Check]
    datasets: dict[str, dict[str, Any]]
    standards: dict[str, str]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0          # shown on the console only: files stay byte-identical
    created: str | None = None    # the spec's timestamp (files written from it, not the clock)
    own: int | None = None        # the first ``own`` findings are the validation's own
    choice: Choice = field(default_factory=Choice)   # standard, version, CT and why
    status: list[RuleStatus] = field(default_factory=list)   # every rule's outcome
    inputs: list[str] = field(default_factory=list)   # folders or files validated (reports)

    def counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def build_checks(ws: Workspace) -> tuple[list[Check], list[Finding]]:
    """Every built-in suite for every dataset; a builder that crashes is a check-error."""
    checks: list[Check] = []
    errors: list[Finding] = []
    for builder in VALIDATION_SUITE:
        kinds = builder.meta.get("kinds", ("SDTM", "ADaM"))
        targets = [n for n in ws.datasets() if ws.kind[n] in kinds] \
            if builder.meta.get("per_dataset", True) else [None]
        for name in targets:
            try:
                checks += builder.func(ws, name) if name else builder.func(ws)
            except Exception as exc:  # noqa: BLE001 - reported, never swallowed
                probe = Check("CHECK-ERROR", name or "*", f"suite:{builder.name}", {})
                errors.append(check_error(probe, f"{type(exc).__name__}: {exc}", name))
    return checks, errors


def study_checks(ws: Workspace) -> tuple[list[Check], dict[str, Rule], list[str], dict]:
    """Checks of the study's suite files, their rules, notes, and suite parameters."""
    if ws.specs is None:
        return [], {}, [], {}
    checks, rules, notes = [], {}, []
    for suite in load_suites(ws.specs.expectations):
        rules.update(suite.rules)
        found, skipped = suite_checks(ws, suite)
        checks += found
        notes += skipped
    return checks, rules, notes, flatten_parameters(ws.specs.study.eligibility)


def run_checks(ws: Workspace, checks: list[Check], rules: dict[str, Rule],
               parameters: dict, study: frozenset[int] = frozenset(),
               records: dict[str, dict[str, int]] | None = None) -> list[Finding]:
    """Every check's findings: built-in checks evaluated natively (:mod:`.expect`, GE's
    semantics without GE), the study's suites (``study``: ids of their checks) and any
    check outside the native set by Great Expectations, one suite run per frame.
    ``records`` (when given) receives, per rule and dataset, the records its checks looked
    at (the most of any one check: a rule on five columns of a dataset checked its records
    once), where that is known."""
    per_frame: dict[str, set] = {}
    for check in checks:
        per_frame.setdefault(check.frame, set()).update(needed(check))
    by_frame: dict[tuple, list[Check]] = {}
    for check in checks:   # large frames: one suite per column set (row conditions copy less)
        frame = ws.frames[check.frame]
        wanted = needed(check) if len(frame) >= LARGE else per_frame[check.frame]
        columns = tuple(c for c in frame.columns if c in wanted)
        by_frame.setdefault((check.frame, columns), []).append(check)
    findings: list[Finding] = []
    progress.add_total(len(checks))
    for (frame, columns), group in by_frame.items():
        progress.advance(len(group))
        results = {id(c): evaluate(ws.frames[frame], c) for c in group
                   if id(c) not in study and supported(c)}
        by_ge = [c for c in group if id(c) not in results]
        try:
            if by_ge:
                ge = run_suite(ws.frames[frame][list(columns)], by_ge, parameters)
                results.update((id(r.check), r) for r in ge)
        except Exception as exc:  # noqa: BLE001 - the whole frame failed: one error per check
            results.update((id(c), CheckResult(c, False, error=f"{type(exc).__name__}: {exc}"))
                           for c in by_ge)
        for check in group:
            result = results[id(check)]
            findings += to_findings(result, ws, rules)
            if records is not None and result.tested is not None and frame in ws.kind:
                seen = records.setdefault(check.rule_id, {})
                seen[frame] = max(seen.get(frame, 0), result.tested)
    return findings


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def needed(check: Check) -> set:
    """Columns a check reads (GE copies the frame for every row condition, so less is faster)."""
    k = check.kwargs
    wanted = {ROW, k.get("column"), k.get("column_A"), k.get("column_B"), check.value_from,
              check.expected_from, check.variable_from, check.params.get("end"), check.variable}
    wanted |= set(k.get("column_list") or ()) | set(check.fields_from.values())
    wanted |= set(check.value_join)
    wanted |= set(_NAME.findall(str(k.get("row_condition") or "")))
    return wanted


def mapping_rules(findings: list[Finding]) -> dict[str, Rule]:
    """Rules for findings made while building the datasets (their own rule group), titled
    from the findings catalogue."""
    out = {}
    for f in findings:
        rid = f.rule_id or f.code
        if rid not in out:
            c = catalogue().get(f.code)
            out[rid] = make_rule({"id": rid, "code": f.code, "severity": f.severity,
                                  "group": MAPPING_GROUP, "title": c.title if c else f.message,
                                  "message": c.message if c else f.message,
                                  "source": "mapping"}, "mapping")
    return out


def validate_workspace(ws: Workspace, *, extra: list[Finding] | None = None,
                       mapping: list[Finding] | None = None,
                       only: set[str] | None = None, exclude: set[str] | None = None,
                       choice: Choice | None = None, core: bool = True) -> ValidationReport:
    """Validate prepared frames; ``mapping`` findings join the report as their own group.

    ``only`` / ``exclude``: run just these rule ids / all but these (built-in, study and
    CORE ids alike). ``choice``: the standard version and CT judged by (default: pinned).
    ``core``: also run CDISC CORE's published rules.
    """
    start = time.perf_counter()
    choice = choice or Choice()
    with choice.judging(), vector.shared_columns():
        report = _validate(ws, extra or [], mapping or [], Selection(only, exclude or set()),
                           choice, core)
    report.seconds = time.perf_counter() - start
    return report


def _validate(ws: Workspace, extra: list[Finding], mapping: list[Finding],
              selection: Selection, choice: Choice, core: bool) -> ValidationReport:
    rules = builtin_rules()
    as_files = {r.id for r in own_rules_run(choice.version)} if core else set()
    # the built-in suites are built only when a rule they check is selected (``--only
    # CORE-000001`` on a CORE case runs that rule, not every suite first)
    suites = selection.only is None or any(i in rules and i not in as_files
                                           for i in selection.only)
    checks, findings = build_checks(ws) if suites else ([], [])
    s_checks, s_rules, notes, parameters = study_checks(ws)
    rules = {**rules, **s_rules}
    checks = [c for c in checks if selection.wants(c.rule_id) and c.rule_id not in as_files]
    s_checks = [c for c in s_checks if selection.wants(c.rule_id)]
    records: dict[str, dict[str, int]] = {}
    findings += run_checks(ws, checks + s_checks, rules, parameters,
                           study=frozenset(map(id, s_checks)), records=records)
    status = suite_status(checks + s_checks, findings, records)
    if ws.define_model is not None:
        defined = run_define_checks(ws.define_model, ws, selection.wants)
        findings += defined.findings
        status += defined.status
    datasets = _datasets(ws)
    if core:
        ws.drop_helpers()          # the suites' findings are taken: free their columns
        ws.drop_datasets("ADaM")   # CORE's rules read SDTM datasets only
        release_free_memory()
        outcome = run_core(ws, selection, choice)
        findings += outcome.findings
        rules.update(outcome.rules)
        status += outcome.status
    findings += extra
    mapped = [f if f.rule_id else _with_rule(f) for f in mapping]
    rules.update(mapping_rules(mapped))
    created = ws.specs.study.timestamp if ws.specs is not None else None
    # validation findings first (never dropped); a build finding whose records a
    # validation rule reports too is dropped, so each record is reported once
    combined = drop_reported_twice(findings + mapped)
    notes.append(ig.metadata_source(choice.version))
    return ValidationReport(combined, rules, checks + s_checks, datasets,
                            standards(choice), notes, 0.0, created,
                            own=len(findings), choice=choice, status=status)


def suite_status(checks: list[Check], findings: list[Finding],
                 records: dict[str, dict[str, int]] | None = None) -> list[RuleStatus]:
    """Issues or passed for every built-in and study rule that had checks to run, with the
    records its checks looked at per dataset where known."""
    found = {f.rule_id or f.code for f in findings}
    ids = sorted({c.rule_id for c in checks})
    return [RuleStatus(i, "cdisc-convert", "issues" if i in found else "passed",
                       records=dict(sorted((records or {}).get(i, {}).items())))
            for i in ids]


def _with_rule(f: Finding) -> Finding:
    return replace(f, rule_id=f.code)


def _datasets(ws: Workspace) -> dict[str, dict[str, Any]]:
    return {n: {"kind": ws.kind[n], "domain": ws.domain[n], "records": len(ws.frames[n]),
                "variables": sum(not c.startswith("_") for c in ws.frames[n].columns),
                "source": ws.source.get(n, "")} for n in ws.datasets()}


def standards(choice: Choice | None = None) -> dict[str, str]:
    """The standard versions and CT releases every finding was judged against."""
    choice = choice or Choice()
    out = {"SDTMIG": choice.version, "ADaMIG": choice.adamig}
    out.update(ct.ct_release())
    return out


def validate_frames(sdtm: dict[str, pd.DataFrame] | None = None,
                    adam: dict[str, pd.DataFrame] | None = None, *, specs=None,
                    mapping: list[Finding] | None = None, only: set[str] | None = None,
                    core: bool = True, **kw) -> ValidationReport:
    """Validate in-memory datasets (Char columns str with '' for missing, Num float);
    ``release=True`` empties the two dicts as their frames are prepared (:func:`workspace`)."""
    ws = workspace(sdtm, adam, specs=specs, **kw)
    return validate_workspace(ws, mapping=mapping, only=only, core=core)


def validate_paths(paths: list[Path], *, specs=None, define: Path | None = None,
                   version: str | None = None, ct_release: str | None = None,
                   only: set[str] | None = None, exclude: set[str] | None = None,
                   adamig: str | None = None, meddra: Path | None = None,
                   dictionaries: dict[str, Path] | None = None) -> ValidationReport:
    """Read every dataset under ``paths`` (with define.xml when given or beside them) and
    validate them for the SDTMIG ``version`` (ADaMIG ``adamig``) and CT release given or
    declared. What is computed of a column (distinct values, text views) is computed once
    for every check."""
    with vector.shared_columns():
        return _validate_paths(paths, specs=specs, define=define, version=version,
                               ct_release=ct_release, only=only, exclude=exclude,
                               adamig=adamig, meddra=meddra, dictionaries=dictionaries)


def _validate_paths(paths: list[Path], *, specs, define: Path | None, version: str | None,
                    ct_release: str | None, only: set[str] | None,
                    exclude: set[str] | None, adamig: str | None,
                    meddra: Path | None = None,
                    dictionaries: dict[str, Path] | None = None) -> ValidationReport:
    widths: dict[str, dict[str, int]] = {}
    formats: dict[str, dict[str, str]] = {}
    sizes: dict[str, int] = {}
    frames, labels, dlabels, sources, read_findings = read_datasets(paths, widths, formats,
                                                                    sizes)
    sdtm = {k: v for k, v in frames.items() if dataset_kind(k, v) == "SDTM"}
    adam = {k: v for k, v in frames.items() if k not in sdtm}
    ws = workspace(sdtm, adam, specs=specs, labels=labels, dataset_labels=dlabels,
                   sources=sources, formats=formats)
    ws.widths = {k.upper(): v for k, v in widths.items()}
    ws.sizes = {k.upper(): v for k, v in sizes.items()}
    ws.dictionaries = find_dictionaries(paths, meddra, dictionaries)
    ts = frames.get("TS")
    del frames, sdtm, adam   # the workspace holds prepared copies: the read ones can go
    given_define = define is not None
    define = define or find_define(paths)
    if define is not None:
        ws.define_model = read_define_model(define)
        ws.define = ws.define_model.names()
    choice = choose(given_version=version, given_ct=ct_release, define=define,
                    ts=ts, env=case_env(paths), given_adamig=adamig)
    if define is not None:
        choice.reasons["define"] = "given on the command line" if given_define \
            else "found beside the datasets"
    xpt_notes: list[str] = []
    xpt = xpt_findings(ws, xpt_notes)
    logs = build_logs(paths)
    presence = define_presence(ws, define, choice.version, choice.standard,
                               Selection(only, exclude or set()).wants)
    report = validate_workspace(ws, extra=read_findings + xpt + presence.findings,
                                mapping=[f for log in logs for f in read_log(log)],
                                only=only, exclude=exclude, choice=choice)
    report.status += presence.status
    report.notes += [f"mapping findings read from {log}" for log in logs] + xpt_notes \
        + dictionary_notes(ws.dictionaries)
    if define is not None:
        report.notes.append(f"define.xml: {define}")
    return report


def case_env(paths: list[Path]) -> dict[str, str]:
    """The ``.env`` of the first CORE case folder among ``paths`` ({} when none)."""
    for path in paths:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        if is_case_folder(folder):
            return read_env(folder)
    return {}


def build_logs(paths: list[Path]) -> list[Path]:
    """``OUT/logs/<step>.json`` written by ``cdisc-convert run`` beside ``OUT/<step>/``."""
    out = []
    for path in paths:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        log = folder.parent / "logs" / f"{folder.name}.json"
        if log.is_file():
            out.append(log)
    return out


def read_log(path: Path) -> list[Finding]:
    """The findings of a build log (unknown keys ignored; an unreadable log is skipped)."""
    import json
    from dataclasses import fields
    names = {f.name for f in fields(Finding)}
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8")).get("findings", [])
        return [Finding(**{k: v for k, v in item.items() if k in names}) for item in items]
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def xpt_findings(ws: Workspace, notes: list[str] | None = None) -> list[Finding]:
    """XPT v5 limits (names, labels, ASCII, 200 bytes) via io.xpt.check_xpt.

    They are limits of the XPT format, so they apply to datasets read from XPT (and CORE
    case folders, which stand for XPT data) but not to those read from Dataset-JSON, which
    holds UTF-8 text of any length: for these, when ``notes`` is given, one note says how
    the dataset would not fit XPT v5, and no finding is made.
    """
    out = []
    for name in ws.datasets():
        frame = ws.frames[name]
        cols = [c for c in frame.columns if not c.startswith("_")]
        found = check_xpt(frame, name, ws.dataset_labels.get(name, ""),
                          ws.labels.get(name, {}), cols)
        source = ws.source.get(name, "")
        if source and is_dataset_json(Path(source)):
            if found and notes is not None:
                codes = Counter(f.code for f in found)
                notes.append(f"{name} ({source}): read from Dataset-JSON, so XPT v5 limits are "
                             f"not findings; as XPT v5 it would break them: "
                             + ", ".join(f"{c} x{n}" for c, n in sorted(codes.items())))
            continue
        out += [replace(f, usubjid=_usubjid(frame, f.row)) for f in found]
    return out


def _usubjid(frame: pd.DataFrame, row: int | None):
    if row is None or "USUBJID" not in frame.columns:
        return None
    return frame["USUBJID"].iloc[row - 1]
