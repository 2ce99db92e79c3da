"""Benchmark: load the Controlled Terminology package data (SDTM CT: about 1,160 codelists and
44,000 terms) from the package files, as the first CT lookup of a run does.

    python bench/bench_ct.py [--repeat 3] [--budget 0.5] [--json FILE]

Reports the best of --repeat uncached loads per CT package and the time to build the lookup
index over all of them. Exits 1 when the full SDTM CT load takes longer than --budget seconds
(0 disables the check; the budget is for an idle machine). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def best_of(repeat: int, call) -> float:
    """Fastest of ``repeat`` calls of ``call()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    from cdisc_convert.standards import ct

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=0.5,
                    help="seconds the full SDTM CT load may take (0: no check)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    timings, sizes = {}, {}
    for package in ct.PACKAGES:
        timings[package] = best_of(args.repeat, lambda p=package: ct.load_package.__wrapped__(p))
        codelists = ct.load_package(package)
        sizes[package] = (len(codelists), sum(len(cl) for cl in codelists.values()))

    def index() -> None:
        ct._index.cache_clear()
        ct._index()

    timings["lookup index"] = best_of(args.repeat, index)
    for name, seconds in timings.items():
        size = f"{sizes[name][0]:>6,} codelists {sizes[name][1]:>7,} terms" if name in sizes else ""
        print(f"{name:14} {seconds:8.3f} s  {size}".rstrip())
    if args.json:
        args.json.write_text(json.dumps({"repeat": args.repeat, "seconds": timings,
                                         "sizes": sizes}, indent=1))
    full = timings["SDTM CT"]
    if args.budget and full > args.budget:
        print(f"full SDTM CT took {full:.3f} s, over the {args.budget} s budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
