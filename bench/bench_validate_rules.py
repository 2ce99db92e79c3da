"""Benchmark: ``cdisc-convert validate`` and the CORE rule run on a generated study of N subjects.

    python bench/bench_validate_rules.py [--subjects 1000] [--work DIR] [--json FILE]

Steps: ``cdisc-convert synth`` and ``cdisc-convert sdtm`` (cached in --work), then
``cdisc-convert validate`` of the SDTM folder (wall time, in a child process) and the CORE
rule run alone on the same datasets (wall time, record-rules per second: records checked
by each rule, summed, over the rule run's wall time; peak RSS of the process; the 10
slowest rules); and the validate run's record-rules per second (records checked by every
rule it ran, from its report.json, over its wall time). Prints one table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from cdisc_convert.cli import main; "
            "sys.argv = ['cdisc-convert', *sys.argv[1:]]; main()", *args]


def sdtm_folder(work: Path, subjects: int) -> Path:
    """The SDTM XPT folder of a synthetic study (built once per --work and size)."""
    raw, out = work / f"raw-{subjects}", work / f"sdtm-{subjects}"
    if not (raw / "lab.csv").is_file():
        subprocess.run(_cli("synth", "--subjects", str(subjects), "--out", str(raw)),
                       check=True, stdout=subprocess.DEVNULL)
    if not (out / "sdtm" / "lb.xpt").is_file():
        subprocess.run(_cli("sdtm", "--specs", str(ROOT / "specs" / "CHEC2023-226"), "--raw",
                            str(raw), "--out", str(out), "-q"), check=True,
                       stdout=subprocess.DEVNULL)
    return out / "sdtm"


def time_validate(folder: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of ``cdisc-convert validate FOLDER`` in a child process."""
    start = time.perf_counter()
    subprocess.run(_cli("validate", str(folder), "--out", str(out)), check=False,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def report_records(report: Path) -> int:
    """Records checked by every rule of a validate run, summed (report.json's rule_status:
    records per dataset; the issue's numerator of record-rules per second)."""
    if not report.is_file():
        return 0
    status = json.loads(report.read_text()).get("rule_status", [])
    return sum(sum((s.get("records") or {}).values()) for s in status)


def time_rules(folder: Path) -> dict:
    """The CORE rule run alone on the folder's datasets (as validate's rule step)."""
    from cdisc_convert.validate.rule_engine import load_core_rules, run_rules
    from tests.validate.rules_engine.timing import read_folder
    datasets, meta = read_folder(folder)
    load_core_rules()
    start = time.perf_counter()
    run = run_rules(datasets, dataset_meta=meta)
    wall = time.perf_counter() - start
    checked = sum(sum(v.values()) for v in run.records_checked.values())
    slowest = sorted(run.seconds.items(), key=lambda kv: -kv[1])[:10]
    return {"records": sum(len(d) for d in datasets.values()),
            "lb_records": len(datasets.get("LB", [])), "rules_s": round(wall, 2),
            "record_rules": checked, "record_rules_per_s": round(checked / wall),
            "executed": len(run.executed), "errors": len(run.errors),
            "findings": len(run.findings),
            "rules_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "slowest": [(r, round(s, 3), sum(run.records_checked.get(r, {}).values()))
                        for r, s in slowest]}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/cdisc-convert-bench"))
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--no-validate", action="store_true", help="time the rule run only")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    folder = sdtm_folder(args.work, args.subjects)
    result: dict = {"subjects": args.subjects}
    if not args.no_validate:
        wall, rss = time_validate(folder, args.work / f"validation-{args.subjects}")
        checked = report_records(args.work / f"validation-{args.subjects}" / "report.json")
        result.update(validate_s=round(wall, 2), validate_peak_rss_mb=round(rss),
                      validate_record_rules=checked,
                      validate_record_rules_per_s=round(checked / wall))
    result.update(time_rules(folder))
    rows = [("subjects", f"{result['subjects']:,}"), ("records (LB)",
            f"{result['records']:,} ({result['lb_records']:,})")]
    if "validate_s" in result:
        rows += [("validate wall", f"{result['validate_s']:.2f} s"),
                 ("validate peak RSS", f"{result['validate_peak_rss_mb']:,} MB"),
                 ("validate record-rules", f"{result['validate_record_rules']:,}"),
                 ("validate record-rules/s", f"{result['validate_record_rules_per_s']:,}")]
    rows += [("CORE rule run", f"{result['rules_s']:.2f} s"),
             ("record-rules", f"{result['record_rules']:,}"),
             ("record-rules/s", f"{result['record_rules_per_s']:,}"),
             ("rules executed / errors", f"{result['executed']} / {result['errors']}"),
             ("findings", f"{result['findings']:,}"),
             ("rule run peak RSS", f"{result['rules_peak_rss_mb']:,} MB")]
    rows += [(f"slow {r}", f"{s:.3f} s, {n:,} records") for r, s, n in result["slowest"]]
    width = max(len(k) for k, _ in rows)
    print("\n".join(f"{k:<{width}}  {v}" for k, v in rows))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
