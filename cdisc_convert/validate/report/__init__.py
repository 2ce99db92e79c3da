"""Report writers, registered in ``REPORT_WRITER``: report.json, report.html, junit.xml,
report.xlsx (the console summary is :mod:`cdisc_convert.validate.report.console`).

Each writer is ``f(report, folder, fail_on) -> Path``; :func:`write_reports` runs them all
and returns the written paths. Importing this package registers them.
"""

from __future__ import annotations

from pathlib import Path

from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report import html, json_report, junit, xlsx  # noqa: F401


def write_reports(report, folder: Path, fail_on: str = "error") -> list[Path]:
    """Write every registered report into ``folder``; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in REPORT_WRITER:
        path = entry.func(report, folder, fail_on)
        if path is not None:
            written.append(path)
    return written


__all__ = ["write_reports"]
