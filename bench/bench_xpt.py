"""Benchmark: write a ROWS x 20 frame (10 character, 10 numeric columns, some missing) as
XPT v5, through pyreadstat (the writer before issue 16) and through ``write_xpt``.

    python bench/bench_xpt.py [--rows 1000000] [--work DIR] [--repeat 1]

Prints wall and CPU seconds (the CPU time of this process is what a shared machine does
not inflate) for: the FDA limit checks (``check_xpt``, part of ``write_xpt``), pyreadstat's
``write_xport`` (with the old preparation), our byte writer alone, and the whole
``write_xpt`` (checks + write + verify); and whether both files hold the same bytes. R haven
writes 1 M x 20 in about 2 s on the reference machine. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TS = dt.datetime(2025, 1, 1)


def frame(rows: int, seed: int = 16) -> pd.DataFrame:
    """10 character columns (2 to 40 bytes, some empty) and 10 numeric (some missing)."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {}
    for i in range(10):
        width = 2 + 4 * i
        pool = np.array([f"{'V' * (k % width)}{k}"[:width] for k in range(500)] + [""],
                        dtype=object)
        cols[f"C{i}"] = pool[rng.integers(0, len(pool), rows)]
    for i in range(10):
        x = rng.normal(0, 10.0 ** i, rows)
        x[rng.random(rows) < 0.1] = np.nan
        cols[f"N{i}"] = x
    return pd.DataFrame(cols)


def pyreadstat_write(df: pd.DataFrame, path: Path) -> None:
    """What ``write_xpt`` did before issue 16 (without the checks it shares with ours)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype.kind not in "fiub":
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    pyreadstat.write_xport(out, str(path), file_label="Bench", table_name="BENCH",
                           column_labels=list(out.columns), file_format_version=5)


def timed(fn, repeat: int) -> tuple[float, float]:
    """Best (wall seconds, CPU seconds of this process) of ``repeat`` calls."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - t, time.process_time() - c))
    return best


def main() -> None:
    from cdisc_convert.io import xpt_v5
    from cdisc_convert.io.xpt import check_xpt, write_xpt

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cdisc-bench-xpt")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    df = frame(args.rows)
    labels = {c: c for c in df.columns}
    ref, ours, raw = args.work / "ref.xpt", args.work / "ours.xpt", args.work / "raw.xpt"

    def write_raw() -> None:
        columns = [xpt_v5.to_column(df[c], c, None) for c in df.columns]
        with open(raw, "wb") as fh:
            xpt_v5.write_member(fh, columns, len(df), name="BENCH", label="Bench", ts=TS)

    rows = [("check_xpt (FDA limits)", timed(lambda: check_xpt(df, "BENCH", "Bench", labels),
                                             args.repeat)),
            ("pyreadstat write_xport", timed(lambda: pyreadstat_write(df, ref), args.repeat)),
            ("xpt_v5 byte writer (no checks)", timed(write_raw, args.repeat)),
            ("write_xpt (checks + write + verify)",
             timed(lambda: write_xpt(df, ours, name="BENCH", label="Bench", labels=labels,
                                     timestamp=TS), args.repeat))]
    print(f"{args.rows:,} rows x {df.shape[1]} columns, {ours.stat().st_size:,} bytes; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  {'':38} {'wall s':>7} {'CPU s':>7}")
    for what, (wall, cpu) in rows:
        print(f"  {what:38} {wall:7.2f} {cpu:7.2f}")
    a, b = ref.read_bytes(), ours.read_bytes()
    same = a[800:] == b[800:]               # the first 10 records hold the timestamps
    print(f"  same bytes after the header stamps: {same}")


if __name__ == "__main__":
    main()
