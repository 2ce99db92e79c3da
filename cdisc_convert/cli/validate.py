"""``cdisc-convert validate PATH...``: validate any folder of SDTM/ADaM datasets.

Exit codes: 0 clean (below ``--fail-on``), 1 findings at or above ``--fail-on``,
2 bad usage or bad specs.
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.cli.options import fail_on_option
from cdisc_convert.findings import exit_code
from cdisc_convert.validate.report.console import summary_lines
from cdisc_convert.validate.step import validate_folders


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--specs", type=click.Path(path_type=Path), default=None,
              help="Study spec folder: adds the study's own suites (expectations/*.json), "
                   "dataset keys and codelists.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("validation"),
              show_default=True, help="Folder for report.json/.html/.xlsx and junit.xml.")
@fail_on_option("error")
@click.option("--define", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="define.xml to compare variables with (default: define.xml beside the data).")
@click.option("--limit", type=click.IntRange(0), default=15, show_default=True,
              help="Rules and findings listed on the console.")
def validate(paths: tuple[Path, ...], specs: Path | None, out: Path, fail_on: str,
             define: Path | None, limit: int) -> int:
    """Check SDTM/ADaM datasets (XPT) against SDTMIG/ADaMIG, CDISC CT and study suites."""
    report, written = validate_folders(list(paths), specs, define, out, fail_on)
    for line in summary_lines(report, limit):
        click.echo(line)
    click.echo(f"Reports: {', '.join(str(p) for p in written)}")
    return exit_code(report.findings, fail_on)
