"""Report writers by name: console summary, report.json, report.html, junit.xml, report.xlsx.

Each writer is ``f(report, folder, fail_on) -> Path`` registered in :data:`WRITERS`;
:func:`write_reports` runs them all and returns the written paths.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cdisc_convert.validate.report.common import RANK, rows_by_rule, sorted_findings

WRITERS: dict[str, Callable] = {}


def writer(name: str):
    def register(fn: Callable) -> Callable:
        WRITERS[name] = fn
        return fn
    return register


def write_reports(report, folder: Path, fail_on: str = "error") -> list[Path]:
    """Write every registered report into ``folder``; returns the paths written."""
    from cdisc_convert.validate.report import html, json_report, junit, xlsx  # noqa: F401
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fn in WRITERS.values():
        path = fn(report, folder, fail_on)
        if path is not None:
            written.append(path)
    return written


__all__ = ["RANK", "WRITERS", "rows_by_rule", "sorted_findings", "write_reports", "writer"]
