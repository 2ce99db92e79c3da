"""``cdisc-convert validate PATH...``: validate any folder of SDTM/ADaM datasets.

Exit codes: 0 clean (below ``--fail-on``), 1 findings at or above ``--fail-on``,
2 bad usage or bad specs.
"""

from __future__ import annotations

from pathlib import Path

import click

FAIL_ON = click.Choice(["error", "warning", "never"])


def exit_code(report, fail_on: str) -> int:
    """1 when a finding is at or above ``fail_on`` (never: always 0)."""
    from cdisc_convert.validate.report import RANK
    if fail_on == "never":
        return 0
    return int(any(RANK[f.severity] >= RANK[fail_on] for f in report.findings))


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--specs", type=click.Path(path_type=Path), default=None,
              help="Study spec folder: adds the study's own suites (expectations/*.json), "
                   "dataset keys and codelists.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("validation"),
              show_default=True, help="Folder for report.json/.html/.xlsx and junit.xml.")
@click.option("--fail-on", type=FAIL_ON, default="error", show_default=True,
              help="Exit 1 when findings of this severity (or worse) exist.")
@click.option("--define", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="define.xml to compare variables with (default: define.xml beside the data).")
@click.option("--limit", type=click.IntRange(0), default=15, show_default=True,
              help="Rules and findings listed on the console.")
def command(paths: tuple[Path, ...], specs: Path | None, out: Path, fail_on: str,
            define: Path | None, limit: int) -> int:
    """Check SDTM/ADaM datasets (XPT) against SDTMIG/ADaMIG, CDISC CT and study suites."""
    from cdisc_convert.errors import UsageError
    from cdisc_convert.validate.engine import validate_paths
    from cdisc_convert.validate.report import write_reports
    from cdisc_convert.validate.report.console import summary_lines
    loaded = None
    if specs is not None:
        from cdisc_convert.spec.loader import load_specs
        loaded = load_specs(specs)
    if define is not None and not define.is_file():
        raise UsageError(f"{define}: define.xml not found")
    report = validate_paths(list(paths), specs=loaded, define=define)
    written = write_reports(report, out, fail_on)
    for line in summary_lines(report, limit):
        click.echo(line)
    click.echo(f"Reports: {', '.join(str(p) for p in written)}")
    return exit_code(report, fail_on)
