"""Time the whole shipped CORE catalogue on a folder of SDTM XPT files.

``python -m tests.validate.rules_engine.timing out/sdtm [--slowest N]`` prints the wall
and CPU time, the rules executed / skipped / in error, the findings per rule, the
record-rules per second (records checked by each rule, summed, over wall time), the peak
resident memory and the slowest rules.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import pyreadstat

from cdisc_convert.validate.rule_engine import load_core_rules, run_rules


def read_folder(folder: Path) -> tuple[dict, dict]:
    datasets, meta = {}, {}
    for path in sorted(folder.glob("*.xpt")):
        frame, info = pyreadstat.read_xport(str(path))
        name = path.stem.upper()
        datasets[name] = frame
        meta[name] = {"label": info.file_label, "file": path.name, "variables": {
            c: {"label": lab, "length": info.variable_storage_width.get(c)}
            for c, lab in zip(info.column_names, info.column_labels, strict=False)}}
    return datasets, meta


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux: ru_maxrss is in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=Path("out/sdtm"))
    ap.add_argument("--slowest", type=int, default=10)
    ap.add_argument("--quiet", action="store_true", help="no findings per rule")
    ap.add_argument("--exclude", default="", help="rule ids not to run (comma-separated)")
    ap.add_argument("--dump", type=Path, default=None,
                    help="write findings, errors and records checked to this JSON file")
    args = ap.parse_args(argv)
    datasets, meta = read_folder(args.folder)
    excluded = {r.strip() for r in args.exclude.split(",") if r.strip()}
    rules = [r for r in load_core_rules() if r.id not in excluded]
    wall, cpu = time.perf_counter(), time.process_time()
    run = run_rules(datasets, dataset_meta=meta, rules=rules)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    checked = sum(sum(v.values()) for v in run.records_checked.values())
    print(f"{len(datasets)} datasets, {sum(len(d) for d in datasets.values())} records")
    print(f"wall {wall:.2f} s, cpu {cpu:.2f} s; executed {len(run.executed)}, skipped "
          f"{len(run.skipped)}, errors {len(run.errors)}; {len(run.findings)} findings; "
          f"{checked / wall:,.0f} record-rules/s; peak RSS {peak_rss_mb():,.0f} MB")
    for rule_id, seconds in sorted(run.seconds.items(), key=lambda kv: -kv[1])[:args.slowest]:
        records = sum(run.records_checked.get(rule_id, {}).values())
        print(f"  slow {rule_id}: {seconds:.3f} s, {records:,} records")
    if not args.quiet:
        for rule_id, n in Counter(f.rule_id for f in run.findings).most_common():
            print(f"  {rule_id}: {n}")
    for rule_id, why in sorted(run.errors.items()):
        print(f"  error {rule_id}: {why}")
    for rule_id, why in sorted(run.skipped.items()):
        print(f"  skipped {rule_id}: {why}")
    if args.dump:
        dump(run, args.dump)
    return 0


def dump(run, path: Path) -> None:
    """The run's outcome (no timing) as JSON, to compare two runs."""
    import dataclasses
    import json
    out = {"findings": [dataclasses.asdict(f) for f in run.findings],
           "executed": run.executed, "skipped": run.skipped, "errors": run.errors,
           "not_applicable": run.not_applicable, "records_checked": run.records_checked}
    path.write_text(json.dumps(out, default=str, indent=0, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
