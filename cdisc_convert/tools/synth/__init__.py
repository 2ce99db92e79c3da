"""Synthetic Medidata-Rave-style raw export for the sample study CHEC2023-226 (any size).

:func:`generate` writes one CSV per eCRF form, the IxRS and central-lab vendor
files, ``planted_problems.json`` (where each planted data problem landed) and a
README. Output is byte-identical for the same arguments: every random draw comes
from ``numpy.random.default_rng([seed, stream])``, nothing reads the clock.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "raw"
>>> [p.name for p in generate(out)][:3]
['dm.csv', 'ic.csv', 'ie.csv']
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from cdisc_convert.errors import UsageError

from .ae import build_ae, plan_events
from .cohort import Cohort, build_cohort, rng_for
from .dosing import build_ex, build_ixrs_blinded, build_ixrs_unblinded, build_kits
from .forms import build_dm, build_ds, build_ic, build_ie, build_sv
from .history import build_cm, build_mh, conditions
from .lab import build_lab
from .planted import Plants
from .rave import RaveContext, write_csv
from .readme import render_readme
from .vs import build_vs

__all__ = ["generate", "generate_into", "MIN_SUBJECTS", "MARKER", "STYLES"]

MIN_SUBJECTS = 12
#: Written into every folder synth makes, so a rerun may replace it without --force.
MARKER = ".cdisc-convert-synth"


def _write_columns(path: Path, columns: list[str], data: dict[str, np.ndarray],
                   chunk: int = 100_000) -> Path:
    """Write column arrays as CSV, a chunk of rows at a time (bounded memory)."""
    n = len(data[columns[0]])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(columns)
        for start in range(0, n, chunk):
            part = (data[c][start:start + chunk].tolist() for c in columns)
            writer.writerows(zip(*part, strict=True))
    return path


def _roster(c: Cohort) -> list[dict[str, str]]:
    notes: dict[int, list[str]] = {}
    for role, idx in c.roles.items():
        for i in idx:
            notes.setdefault(i, []).append(role)
    out = []
    for s in c.subjects:
        status = "screen failure" if s.sf_reasons else (
            f"early termination ({s.et_reason})" if s.et_reason else "completed")
        out.append({"subject": s.subject, "site": s.site, "status": status,
                    "sex": s.sex, "age": str(s.age), "randno": s.randno, "arm": s.arm or "",
                    "actual_arm": s.actual_arm or "",
                    "screening_hba1c": f"{s.hba1c0:.1f}",
                    "roles": ", ".join(r for r in notes.get(s.idx, []) if r != "screen_failure")})
    return out


def _forms(c: Cohort, seed: int, plants: Plants) -> dict[str, tuple[list[str], list[dict]]]:
    ctx = RaveContext(rng_for(seed, 2))
    kits = build_kits(c, rng_for(seed, 4), plants)
    events = plan_events(c, rng_for(seed, 5))
    hist = conditions(c, rng_for(seed, 6))
    return {
        "dm.csv": build_dm(c, ctx, plants),
        "ic.csv": build_ic(c, ctx),
        "ie.csv": build_ie(c, ctx),
        "sv.csv": build_sv(c, ctx, plants),
        "ex.csv": build_ex(c, ctx, kits[1], plants),
        "vs.csv": build_vs(c, ctx, rng_for(seed, 7), plants),
        "ds.csv": build_ds(c, ctx),
        "mh.csv": build_mh(c, ctx, hist, rng_for(seed, 8), plants),
        "cm.csv": build_cm(c, ctx, hist, events, rng_for(seed, 9)),
        "ae.csv": build_ae(c, ctx, events, plants),
        "ixrs_rand_blinded.csv": build_ixrs_blinded(c),
        "ixrs_rand_unblinded.csv": build_ixrs_unblinded(c),
        "ixrs_kits.csv": kits,
    }


def generate(out_dir: Path, subjects: int = 12, seed: int = 226, *,
             lab_repeats: int | None = None) -> list[Path]:
    """Write the raw export of ``subjects`` screened subjects into ``out_dir``.

    ``lab_repeats`` is the number of lab draws per post-baseline scheduled visit
    (the extra ones are unscheduled retests); default 1 below 100 subjects, 3 from
    100 (so 1,000 subjects give about a million lab rows). Returns the files written.
    """
    if subjects < MIN_SUBJECTS:
        raise UsageError(f"synth needs at least {MIN_SUBJECTS} subjects, got {subjects}")
    if lab_repeats is not None and lab_repeats < 1:
        raise UsageError(f"lab_repeats must be >= 1, got {lab_repeats}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cohort = build_cohort(subjects, seed)
    plants = Plants()
    paths, shapes = [], {}
    for name, (cols, rows) in _forms(cohort, seed, plants).items():
        paths.append(write_csv(out_dir / name, cols, rows, bom=name == "ae.csv"))
        shapes[name] = (cols, len(rows))
    lab_cols, lab_data = build_lab(cohort, seed, plants, lab_repeats)
    paths.append(_write_columns(out_dir / "lab.csv", lab_cols, lab_data))
    shapes["lab.csv"] = (lab_cols, len(lab_data[lab_cols[0]]))
    report = plants.to_json(subjects, seed, _roster(cohort))
    meta = out_dir / "planted_problems.json"
    meta.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8",
                    newline="\n")
    readme = out_dir / "README.md"
    readme.write_text(render_readme(report, shapes), encoding="utf-8", newline="\n")
    return [*paths, meta, readme]


#: Export shapes ``synth --style`` writes.
STYLES = ("rave", "redcap")


def generate_into(out_dir: Path, subjects: int = 12, seed: int = 226, *,
                  force: bool = False, style: str = "rave") -> list[Path]:
    """:func:`generate` into ``out_dir``, refusing a non-empty folder synth did not make.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "keep.csv").write_text("x")
    >>> generate_into(d)
    Traceback (most recent call last):
    ...
    cdisc_convert.errors.UsageError: --out ... is not empty and was not made by synth; ...
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir}: not a folder")
    made_by_us = (out_dir / MARKER).is_file()
    if out_dir.is_dir() and any(out_dir.iterdir()) and not made_by_us and not force:
        raise UsageError(f"--out {out_dir} is not empty and was not made by synth; "
                         "give an empty folder or --force to write into it")
    if style not in STYLES:
        raise UsageError(f"--style {style!r}: expected one of {', '.join(STYLES)}")
    if style == "redcap":
        from .redcap import generate_redcap
        files = generate_redcap(out_dir, subjects=subjects, seed=seed)
    else:
        files = generate(out_dir, subjects=subjects, seed=seed)
    (out_dir / MARKER).write_text(f"subjects={subjects} seed={seed} style={style}\n",
                                  encoding="utf-8")
    return files
