"""Benchmark: map a generated study of N subjects to SDTM and write it (1,000 subjects ->
about 1.1 million central-lab rows).

    python bench/bench_sdtm.py [--subjects 1000] [--work DIR] [--json FILE]

Times reading the raw export, building each SDTM dataset and writing XPT v5, and reports
seconds and rows per second per dataset. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from cdisc_convert.clock import output_timestamp
    from cdisc_convert.io.datasets import write_datasets
    from cdisc_convert.io.raw import RawExport
    from cdisc_convert.metadata import apply_metadata
    from cdisc_convert.sdtm.build_sdtm import build_order
    from cdisc_convert.sdtm.map_dataset import build_dataset
    from cdisc_convert.spec.loader import load_specs
    from cdisc_convert.tools.synth import generate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cdisc-bench")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    raw_dir = args.work / f"raw-{args.subjects}"
    if not (raw_dir / "lab.csv").is_file():
        generate(raw_dir, subjects=args.subjects)
    specs = load_specs(ROOT / "specs" / "CHEC2023-226")
    raw = RawExport(raw_dir)
    t0 = time.perf_counter()
    for name in sorted({s.file for d in specs.sdtm.values() for s in d.sources.values()
                        if ":" not in s.file}):
        raw.table(name)
    timings = {"read raw": time.perf_counter() - t0}
    built, shaped, findings, rows = {}, {}, [], {}
    for name in build_order(specs.sdtm):
        t = time.perf_counter()
        built[name] = build_dataset(specs.sdtm[name], specs.study, raw, built, findings)
        shaped[name], _ = apply_metadata(built[name], specs.sdtm[name])
        timings[name], rows[name] = time.perf_counter() - t, len(shaped[name])
    t = time.perf_counter()
    write_datasets(shaped, specs.sdtm, args.work / "sdtm", output_timestamp(None))
    timings["write XPT"] = time.perf_counter() - t
    total = sum(timings.values())
    for k, v in timings.items():
        rate = f"{rows[k] / v:>12,.0f} rows/s" if k in rows and v > 0 else ""
        print(f"{k:12} {v:8.2f} s {rows.get(k, ''):>10} {rate}")
    print(f"{'total':12} {total:8.2f} s {sum(rows.values()):>10,} records")
    if args.json:
        args.json.write_text(json.dumps({"subjects": args.subjects, "seconds": timings,
                                         "records": rows}, indent=1))


if __name__ == "__main__":
    main()
