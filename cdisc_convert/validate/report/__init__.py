"""Report writers, registered in ``REPORT_WRITER``: report.json, report.html, junit.xml,
report.xlsx (the console summary is :mod:`cdisc_convert.validate.report.console`).

Each writer is ``f(report, folder, options) -> Path`` (``options`` a
:class:`~cdisc_convert.validate.report.common.ReportOptions`); :func:`write_reports` runs
them all and returns the written paths. Importing this package registers them.
"""

from __future__ import annotations

from pathlib import Path

from cdisc_convert.registry import REPORT_WRITER
from cdisc_convert.validate.report import html, json_report, junit, xlsx  # noqa: F401
from cdisc_convert.validate.report.common import ReportOptions


def write_reports(report, folder: Path, fail_on: str = "error",
                  max_details: int | None = None) -> list[Path]:
    """Write every registered report into ``folder``; returns the paths written.

    ``max_details`` caps the records listed per rule and dataset (the totals stay whole).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    options = ReportOptions(fail_on, max_details)
    written = []
    for entry in REPORT_WRITER:
        path = entry.func(report, folder, options)
        if path is not None:
            written.append(path)
    return written


__all__ = ["ReportOptions", "write_reports"]
