"""Benchmark: the whole ``run`` on a synthetic study, one table: step, seconds, share, peak
memory, records; then the I/O floor of the same data (issue 16).

    PYTHONPATH=. python bench/bench_run.py --subjects 250 [--work DIR] [--seed 7] [--no-floor]
        [--skip validate]
    PYTHONPATH=. python bench/bench_run.py --growth 250,1000,4000   # growth table, slopes

The code timed is whichever ``cdisc_convert`` PYTHONPATH names (the table says which), so
the same script measures main and a branch:
``cd /work/main && PYTHONPATH=/work/main python /path/to/bench/bench_run.py ...``.
The raw export is made by ``python -m cdisc_convert.cli synth`` once per size and seed.
Each progress task of the run (SDTM and ADaM, Define-XML, validation, package) and each of
its datasets is a row, and so is each write of OUT/sdtm and OUT/adam; peak memory is the
highest resident set size sampled (every 10 ms) while the step ran. The floor: reading every
raw CSV with pandas plus writing every SDTM and ADaM dataset the run wrote with pyreadstat
as XPT v5.
Not part of the test suite; numbers depend on the machine's load (printed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


class PeakSampler(threading.Thread):
    """Highest RSS since the last :meth:`reset`, sampled every 10 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak, self.stop = rss(), threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.01):
            self.peak = max(self.peak, rss())

    def reset(self) -> int:
        peak, self.peak = max(self.peak, rss()), rss()
        return peak


@dataclass
class Row:
    step: str
    seconds: float
    peak: int
    records: int | None
    depth: int


@dataclass
class Recorder:
    sampler: PeakSampler
    rows: list[Row] = field(default_factory=list)
    depth: int = 0

    @contextlib.contextmanager
    def timing(self, name: str, info: dict | None = None):
        if self.depth == 0:
            self.sampler.reset()
        start, self.depth = time.perf_counter(), self.depth + 1
        try:
            yield
        finally:
            self.depth -= 1
            seconds = time.perf_counter() - start
            detail = str((info or {}).get("detail", ""))
            found = re.search(r"([\d,]+) (?:records|rows)", detail)
            records = int(found.group(1).replace(",", "")) if found else None
            peak = self.sampler.reset() if self.depth == 0 else self.sampler.peak
            self.rows.append(Row(name, seconds, peak, records, self.depth))


def instrument(recorder: Recorder) -> None:
    """Time every progress task (SDTM, ADaM, Define-XML, validation, package), each of its
    named parts (one dataset) and every dataset write of the run."""
    from cdisc_convert import pipeline, progress

    task_of, part_of = progress.Progress.task, progress.Task.part

    def task(self, title, total=0, unit=""):
        @contextlib.contextmanager
        def timed():
            info: dict = {}
            with recorder.timing(title, info), task_of(self, title, total, unit) as t:
                yield t
                info["detail"] = t.detail
        return timed()

    def part(self, name):
        if name is None:                      # a one-part step: the task row says it all
            return part_of(self, name)

        @contextlib.contextmanager
        def timed():
            with part_of(self, name) as info, recorder.timing(f"{self.title} {name}", info):
                yield info
        return timed()

    progress.Progress.task = task
    progress.Task.part = part
    original = pipeline.write_built

    def write_built(config, specs, folder, built, dataset_specs):
        rows = sum(len(df) for df in built.datasets.values())
        info = {"detail": f"{rows} records"}
        with recorder.timing(f"write OUT/{folder} ({', '.join(config.formats)})", info):
            return original(config, specs, folder, built, dataset_specs)

    pipeline.write_built = write_built


def synth(raw: Path, subjects: int, seed: int) -> None:
    if (raw / ".synth-done").is_file():
        return
    subprocess.run([sys.executable, "-m", "cdisc_convert.cli", "synth", "--subjects",
                    str(subjects), "--seed", str(seed), "--out", str(raw), "--force"],
                   check=True)
    (raw / ".synth-done").write_text("ok")


def floor(raw: Path, out: Path) -> list[tuple[str, float]]:
    """Read every raw CSV with pandas; write every dataset of the run with pyreadstat."""
    import pandas as pd
    import pyreadstat

    t = time.perf_counter()
    for path in sorted(raw.rglob("*.csv")):
        pd.read_csv(path, dtype=str, keep_default_na=False)
    read_s = time.perf_counter() - t
    frames = []
    for path in sorted(out.glob("sdtm/*.xpt")) + sorted(out.glob("adam/*.xpt")):
        df, meta = pyreadstat.read_xport(str(path))
        frames.append((df, meta))
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        for i, (df, meta) in enumerate(frames):
            pyreadstat.write_xport(df, os.path.join(tmp, f"{i}.xpt"), file_format_version=5,
                                   table_name=meta.table_name, file_label=meta.file_label,
                                   column_labels=meta.column_labels)
        write_s = time.perf_counter() - t
    return [("read raw CSVs (pandas)", read_s), ("write SDTM+ADaM XPT (pyreadstat)", write_s)]


def table(rows: list[Row], total: float, peak: int) -> str:
    out = [f"{'step':44} {'seconds':>8} {'share':>6} {'peak MB':>8} {'records':>10}"]
    for r in rows:
        rec = f"{r.records:,}" if r.records is not None else ""
        out.append(f"{'  ' * r.depth + r.step:44} {r.seconds:8.2f} {r.seconds / total:6.1%} "
                   f"{r.peak / 2**20:8.0f} {rec:>10}")
    other = total - sum(r.seconds for r in rows if r.depth == 0)
    out.append(f"{'(other: loading specs, reading raw, ...)':44} {other:8.2f} "
               f"{other / total:6.1%}")
    out.append(f"{'run total':44} {total:8.2f} {1:6.1%} {peak / 2**20:8.0f}")
    return "\n".join(out)


def growth_table(results: dict[int, dict]) -> str:
    """Seconds and peak memory of each top-level step at each size, the slope between the
    two largest sizes (seconds per 1,000 subjects) and the growth exponent
    log(t2 / t1) / log(n2 / n1) between them: 1 is linear, 2 quadratic.

    >>> print(growth_table({250: {"steps": {"SDTM": 10.0}, "total": 10.0, "peak": 2**30},
    ...                     1000: {"steps": {"SDTM": 40.0}, "total": 40.0, "peak": 2**31}}))
    ... # doctest: +NORMALIZE_WHITESPACE
    step        250 s    1000 s  s / 1000 subj  exponent
    SDTM        10.00     40.00          40.00      1.00
    run total   10.00     40.00          40.00      1.00
    peak MB      1024      2048
    """
    sizes = sorted(results)
    steps = list(dict.fromkeys(k for n in sizes for k in results[n]["steps"]))
    head = f"{'step':44}" + "".join(f"{f'{n} s':>10}" for n in sizes) + \
        f"{'s / 1000 subj':>15}{'exponent':>10}"
    lines = [head]
    rows = [(k, [results[n]["steps"].get(k) for n in sizes]) for k in steps]
    rows.append(("run total", [results[n]["total"] for n in sizes]))
    for name, secs in rows:
        cells = "".join(f"{x:10.2f}" if x is not None else f"{'':10}" for x in secs)
        pairs = list(zip(sizes, secs, strict=True))
        (n1, t1), (n2, t2) = pairs[-2:] if len(pairs) > 1 else [(0, None), (0, None)]
        tail = ""
        if t1 and t2:
            tail = f"{(t2 - t1) / (n2 - n1) * 1000:15.2f}" \
                f"{math.log(t2 / t1) / math.log(n2 / n1):10.2f}"
        lines.append(f"{name:44}{cells}{tail}")
    lines.append(f"{'peak MB':44}" + "".join(f"{results[n]['peak'] / 2**20:10.0f}"
                                             for n in sizes))
    return "\n".join(lines)


def growth(sizes: list[int], args: argparse.Namespace) -> None:
    """Run each size in a process of its own (memory measured afresh) and print the table."""
    results = {}
    for n in sizes:
        with tempfile.NamedTemporaryFile(suffix=".json") as fh:
            subprocess.run([sys.executable, __file__, "--subjects", str(n), "--seed",
                            str(args.seed), "--work", str(args.work), "--no-floor",
                            "--json", fh.name] + [f"--skip={s}" for s in args.skip],
                           check=True)
            results[n] = json.loads(Path(fh.name).read_text())
    print(growth_table(results))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=250)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cdisc-bench")
    ap.add_argument("--specs", type=Path, default=None)
    ap.add_argument("--no-floor", action="store_true")
    ap.add_argument("--skip", action="append", default=[], metavar="STEP",
                    help="leave a step of the run out (e.g. validate); repeatable")
    ap.add_argument("--growth", default=None, metavar="N,N,...",
                    help="run these sizes (each in its own process) and print the growth "
                    "table: seconds per step and size, slope, exponent")
    ap.add_argument("--json", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.growth:
        growth([int(n) for n in args.growth.split(",")], args)
        return

    import cdisc_convert
    from cdisc_convert.pipeline import STEPS, RunConfig, run

    code = Path(cdisc_convert.__file__).resolve().parents[1]
    specs = args.specs or code / "specs" / "CHEC2023-226"
    raw = args.work / f"raw-{args.subjects}-{args.seed}"
    synth(raw, args.subjects, args.seed)
    out = Path(tempfile.mkdtemp(prefix=f"run-{args.subjects}-", dir=args.work))
    sampler = PeakSampler()
    sampler.start()
    recorder = Recorder(sampler)
    instrument(recorder)
    load = os.getloadavg()
    start = time.perf_counter()
    steps = tuple(s for s in STEPS if s not in args.skip)
    run(RunConfig(specs, raw, out, steps=steps, quiet=True))
    total = time.perf_counter() - start
    peak = max([r.peak for r in recorder.rows] + [sampler.peak])
    print(f"cdisc_convert from {code}; {args.subjects} subjects (seed {args.seed}); "
          f"steps {', '.join(steps)}; "
          f"load average before {load[0]:.1f}, after {os.getloadavg()[0]:.1f}; out {out}")
    print(table(recorder.rows, total, peak))
    if args.json is not None:
        top = {r.step: r.seconds for r in recorder.rows if r.depth == 0}
        top["(other)"] = total - sum(top.values())
        args.json.write_text(json.dumps({"steps": top, "total": total, "peak": peak}))
    if not args.no_floor:
        parts = floor(raw, out)
        for what, secs in parts:
            print(f"floor: {what:38} {secs:8.2f} s")
        base = sum(s for _, s in parts)
        print(f"floor total {base:.2f} s; run / floor = {total / base:.2f}")


if __name__ == "__main__":
    main()
