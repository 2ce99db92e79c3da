"""Run CDISC CORE's own test cases through the rule engine and score them.

A case folder ``cases/CORE-NNNNNN/{positive,negative}/NN/`` holds ``data/`` (``.env``,
``_datasets.csv``, ``_variables.csv``, one CSV per dataset) and ``results/results.csv``
(``Dataset,Record,Variable,Value``). A case passes when the set of (Dataset, Record) pairs
the rule reports equals the set in ``results.csv`` (a blank Record: a dataset-level issue).

The reference folder is ``$CDISC_REFERENCE`` or ``shared/reference`` beside the repository.
See the pass rate with ``python -m tests.validate.rules_engine.core_cases`` (``-v`` lists
every failing case).
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cdisc_convert.define.reader import read_define_model
from cdisc_convert.validate.choose import Choice, choose
from cdisc_convert.validate.read_define import find_define
from cdisc_convert.validate.rule_engine import run_rules
from cdisc_convert.validate.rulefile import Rule, core_rules


def repo_root() -> Path:
    """The folder holding pyproject.toml, above this file."""
    here = Path(__file__).resolve()
    return next(p for p in here.parents if (p / "pyproject.toml").is_file())


def reference_dir() -> Path:
    return Path(os.environ.get("CDISC_REFERENCE", repo_root().parent / "shared" / "reference"))


def cases_dir() -> Path:
    return reference_dir() / "core-open-rules" / "cases"


@dataclass(frozen=True)
class Case:
    """One CORE test case: its rule, kind (positive/negative), number and folder."""

    rule_id: str
    kind: str
    number: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.rule_id}/{self.kind}/{self.number}"


def list_cases(root: Path | None = None) -> list[Case]:
    """Every case folder under ``root`` (default: the reference cases), sorted."""
    root = root or cases_dir()
    out = []
    for data in sorted(root.glob("CORE-*/*/*/data")):
        case = data.parent
        out.append(Case(case.parent.parent.name, case.parent.name, case.name, case))
    return out


def read_env(data: Path) -> dict[str, str]:
    env = {}
    path = data / ".env"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                env[key.strip().upper()] = value.strip()
    return env


def _variables(data: Path) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    path = data / "_variables.csv"
    if path.is_file():
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                out[row["dataset"].strip().upper()][row["variable"].strip()] = {
                    "label": row.get("label", ""), "type": row.get("type", ""),
                    "length": row.get("length") or None}
    return out


def read_case_data(data: Path) -> tuple[dict[str, pd.DataFrame], dict[str, dict]]:
    """The datasets of a case (Num variables as numbers) and their metadata."""
    variables = _variables(data)
    datasets, meta = {}, {}
    with (data / "_datasets.csv").open(newline="", encoding="utf-8-sig") as fh:
        listed = list(csv.DictReader(fh))
    for row in listed:
        stem = Path(row["Filename"].strip()).stem
        path = data / f"{stem}.csv"
        if not path.is_file():
            path = data / f"{stem.lower()}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        name = stem.upper()
        for var, info in variables.get(name, {}).items():
            if info["type"].lower().startswith("num") and var in frame.columns:
                frame[var] = pd.to_numeric(frame[var], errors="coerce")
        datasets[name] = frame
        meta[name] = {"label": row.get("Label", ""), "file": f"{stem.lower()}.xpt",
                      "variables": variables.get(name, {})}
        if (row.get("Size") or "").strip():   # our cases' extension: the file's bytes
            meta[name]["size"] = int(row["Size"])
    return datasets, meta


def expected(case: Case) -> set[tuple[str, str]] | None:
    """(Dataset, Record) pairs of results.csv; None when the case has no results file."""
    path = case.path / "results" / "results.csv"
    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return {(r["Dataset"].strip().upper(), (r.get("Record") or "").strip())
                for r in csv.DictReader(fh)}


def reported(rule: Rule, case: Case) -> set[tuple[str, str]]:
    """(Dataset, Record) pairs the engine reports for ``rule`` on the case's data."""
    datasets, meta = read_case_data(case.path / "data")
    env = read_env(case.path / "data")
    standard = env.get("PRODUCT", "SDTMIG").upper()
    version = env.get("VERSION", "3-4")
    if not rule.applies_to(standard, version):  # run the rule even when CORE would not
        standard, version = "SDTMIG", sorted(rule.versions("SDTMIG") or {"3.4"})[-1]
    define, choice = None, Choice()
    found = find_define([case.path / "data"])   # the case's define.xml (.env DEFINE_XML)
    if found is not None:                        # judged by its CT, as validate would
        define = read_define_model(found)
        choice = choose(given_version=version, define=found, env=env)
    with choice.judging():
        run = run_rules(datasets, sdtmig_version=version, rules=[rule], dataset_meta=meta,
                        standard=standard, define=define)
    if rule.id in run.errors:
        raise RuntimeError(run.errors[rule.id])
    if rule.id in run.skipped:
        raise RuntimeError(f"not executed: {run.skipped[rule.id]}")
    return {(f.dataset or "", "" if f.row is None else str(f.row)) for f in run.findings}


@dataclass
class Score:
    """The outcome of one case: passed, or why not."""

    case: Case
    passed: bool
    detail: str = ""


def score(case: Case, rules: dict[str, Rule]) -> Score | None:
    """Run one case; None when it cannot be scored (no results file, unknown rule)."""
    want = expected(case)
    rule = rules.get(case.rule_id)
    if want is None or rule is None:
        return None
    try:
        got = reported(rule, case)
    except Exception as exc:  # noqa: BLE001  (a crashed rule fails its case)
        return Score(case, False, f"error: {exc}")
    if got == want:
        return Score(case, True)
    return Score(case, False, f"missing {sorted(want - got)[:5]} extra {sorted(got - want)[:5]}")


def score_all(cases: list[Case] | None = None) -> list[Score]:
    rules = {r.id: r for r in core_rules()}
    scores = [score(c, rules) for c in (cases if cases is not None else list_cases())]
    return [s for s in scores if s is not None]


def summary(scores: list[Score], verbose: bool = False) -> str:
    """Per-rule and overall pass rates, as text."""
    by_rule: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_rule[s.case.rule_id].append(s)
    lines = []
    for rule_id in sorted(by_rule):
        ok = sum(s.passed for s in by_rule[rule_id])
        lines.append(f"{rule_id}  {ok}/{len(by_rule[rule_id])}")
        if verbose:
            lines += [f"    {s.case.kind}/{s.case.number}: {s.detail}"
                      for s in by_rule[rule_id] if not s.passed]
    passed = sum(s.passed for s in scores)
    rules_ok = sum(all(s.passed for s in v) for v in by_rule.values())
    lines.append(f"cases passing: {passed}/{len(scores)} "
                 f"({100 * passed / max(len(scores), 1):.1f} %); rules with every case "
                 f"passing: {rules_ok}/{len(by_rule)}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not cases_dir().is_dir():
        print(f"CORE cases not found at {cases_dir()} (set CDISC_REFERENCE)")
        return 2
    start = time.perf_counter()
    scores = score_all()
    print(summary(scores, verbose="-v" in argv))
    if "--write-passing" in argv:
        path = Path(__file__).with_name("passing_cases.txt")
        ids = sorted(s.case.id for s in scores if s.passed)
        path.write_text("# CORE cases that pass today (regression guard; see core_cases.py)\n"
                        + "\n".join(ids) + "\n", encoding="utf-8")
        print(f"wrote {len(ids)} case ids to {path}")
    print(f"time: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
