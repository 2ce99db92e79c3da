"""Benchmark: load SDTMIG metadata of every shipped version and every shipped SDTM CT release
from the package files, as the first lookup of a validate run for a declared version does.

    python bench/bench_standards.py [--repeat 3] [--budget 0.5] [--json FILE]

Reports the first (uncached) load of the older-CT table plus one release, the best of
--repeat uncached loads of each release, and the SDTMIG load per version. Exits 1 when the
first release load or any release load takes longer than --budget seconds (0: no check; the
budget is for an idle machine). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def seconds(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> int:
    from cdisc_convert.standards import ct, ig

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=0.5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    timings: dict[str, float] = {"first release (table parse + build)": seconds(
        lambda: ct.load_release.__wrapped__("2016-06-24"))}
    for release in ct.releases():
        timings[f"CT {release}"] = min(
            seconds(lambda r=release: ct.load_release.__wrapped__(r)) for _ in range(args.repeat))
    for version in ig.sdtmig_versions():
        ig._sdtmig.cache_clear()
        timings[f"SDTMIG {version}"] = seconds(lambda v=version: ig._sdtmig(v))
    for name, value in timings.items():
        print(f"{name:40} {value:7.3f} s")
    if args.json:
        args.json.write_text(json.dumps({"repeat": args.repeat, "seconds": timings}, indent=1))
    worst = max(v for k, v in timings.items() if not k.startswith("SDTMIG"))
    if args.budget and worst > args.budget:
        print(f"a CT release load took {worst:.3f} s, over {args.budget} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
