"""The ``define`` step of ``cdisc-convert run``: ``OUT/sdtm/define.xml`` and
``OUT/adam/define.xml`` (each with ``define2-1.xsl`` and ``define.html``) from the in-memory
datasets, checked for dangling references before the run goes on.

>>> from cdisc_convert.define.checker import Problem
>>> as_finding(Problem("error", "DEF-REF", 12, "no ItemDef"), "out/sdtm/define.xml").location()
'out/sdtm/define.xml record 12'
"""

from __future__ import annotations

from pathlib import Path

from cdisc_convert.clock import output_timestamp
from cdisc_convert.define.builder import build_define
from cdisc_convert.define.checker import Problem, check_bytes
from cdisc_convert.define.render import write_define
from cdisc_convert.errors import Finding


def as_finding(problem: Problem, path: str) -> Finding:
    """A define.xml problem as a run finding (the line is the source row)."""
    return Finding(code=problem.code, severity=problem.severity, message=problem.message,
                   source_file=path, source_row=problem.line)


def run_step(config, specs, progress, result, sdtm: dict, adam: dict) -> None:
    """Write one define.xml per standard that has datasets; add paths, notes and findings."""
    stamp = output_timestamp(specs.study.timestamp)
    for kind, frames, dataset_specs in (("sdtm", sdtm, specs.sdtm), ("adam", adam, specs.adam)):
        if not frames:
            continue
        path = Path(config.out) / kind / "define.xml"
        with progress.step(f"Define-XML {kind.upper()}") as info:
            built = build_define(specs.study, dataset_specs, frames, stamp)
            result.written += write_define(built, path)
            info["detail"] = f"{len(built.datasets)} datasets"
        for note in built.notes:
            result.findings.append(Finding(code="DEF-META", severity="warning",
                                           message=f"{kind}/define.xml: {note}"))
        result.findings += [as_finding(p, str(path)) for p in check_bytes(built.xml)]
