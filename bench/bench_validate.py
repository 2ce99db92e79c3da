"""Benchmark: validate a generated study of N subjects (1,000 -> about a million LB rows).

    python bench/bench_validate.py [--subjects 1000] [--work DIR] [--json FILE]

Steps: ``cdisc_convert.tools.synth.generate`` (cached in --work), ``build_sdtm`` with the
CHEC2023-226 specs, then the same checks twice: with Great Expectations (the product
path, ``validate_workspace``) and as plain pandas (bench/pandas_checks.py). Reports
seconds, rows per second and the GE/pandas factor, and checks both found the same
failing rows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generate(work: Path, subjects: int) -> Path:
    from cdisc_convert.tools.synth import generate as synth
    raw = work / f"raw-{subjects}"
    if not (raw / "lab.csv").is_file():
        synth(raw, subjects=subjects)
    return raw


def build(raw: Path, cache: bool = False):
    """SDTM of the raw export (``cache``: pickled beside it, for repeated timing runs)."""
    import pickle

    from cdisc_convert.io.raw import RawExport
    from cdisc_convert.sdtm.build_sdtm import build_sdtm
    from cdisc_convert.spec.loader import load_specs
    specs = load_specs(ROOT / "specs" / "CHEC2023-226")
    stored = raw.with_name(raw.name + "-sdtm.pickle")
    if cache and stored.is_file():
        return specs, pickle.loads(stored.read_bytes())
    datasets = build_sdtm(specs, RawExport(raw)).datasets
    if cache:
        stored.write_bytes(pickle.dumps(datasets))
    return specs, datasets


def time_ge(sdtm: dict, specs) -> tuple[float, object, object]:
    from cdisc_convert.validate.engine import validate_workspace
    from cdisc_convert.validate.frames import workspace
    from cdisc_convert.validate.gx import _engine
    _engine()                                   # import and context: not part of the run
    start = time.perf_counter()
    ws = workspace(sdtm, {}, specs=specs)
    report = validate_workspace(ws)
    return time.perf_counter() - start, report, ws


def time_pandas(sdtm: dict, specs) -> tuple[float, float, dict]:
    """(total seconds, seconds spent preparing frames and building checks, failing rows)."""
    from bench.pandas_checks import failing_rows
    from cdisc_convert.validate.engine import build_checks, study_checks
    from cdisc_convert.validate.frames import workspace
    start = time.perf_counter()
    ws = workspace(sdtm, {}, specs=specs)
    checks, _ = build_checks(ws)
    s_checks, _, _, params = study_checks(ws)
    prepared = time.perf_counter()
    failing = {}
    for check in checks + s_checks:
        failing[id(check)] = (check, failing_rows(ws.frames[check.frame], check, params))
    return time.perf_counter() - start, prepared - start, failing


def _per_rule(report, failing) -> dict:
    """Rules whose failing-row counts differ between GE and pandas."""
    from collections import Counter
    ge = Counter(f.rule_id for f in report.findings if f.code != "truncated")
    pd_ = Counter()
    for check, rows in failing.values():
        pd_[check.rule_id] += min(len(rows), 5000)
    return {r: (ge[r], pd_[r]) for r in set(ge) | set(pd_) if ge[r] != pd_[r]}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/cdisc-convert-bench"))
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--cache", action="store_true", help="keep the mapped SDTM between runs")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    raw = generate(args.work, args.subjects)
    t1 = time.perf_counter()
    specs, sdtm = build(raw, args.cache)
    t2 = time.perf_counter()
    ge_s, report, _ = time_ge(sdtm, specs)
    pd_s, prep_s, failing = time_pandas(sdtm, specs)
    rows = sum(len(f) for f in sdtm.values())
    ge_rows = sum(1 for f in report.findings if f.code != "truncated")
    pd_rows = sum(min(len(rows_), 5000) for _, rows_ in failing.values())
    result = {"subjects": args.subjects, "datasets": len(sdtm), "rows": rows,
              "lb_rows": len(sdtm.get("LB", [])), "checks": len(report.checks),
              "generate_s": round(t1 - t0, 1), "build_sdtm_s": round(t2 - t1, 1),
              "ge_s": round(ge_s, 2), "pandas_s": round(pd_s, 2),
              "ge_rows_per_s": round(rows / ge_s), "pandas_rows_per_s": round(rows / pd_s),
              "factor": round(ge_s / pd_s, 2), "shared_prepare_s": round(prep_s, 2),
              "checks_only_factor": round((ge_s - prep_s) / (pd_s - prep_s), 2),
              "differences": _per_rule(report, failing), "ge_failing_rows": ge_rows,
              "pandas_failing_rows": pd_rows, "counts": dict(report.counts())}
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
