"""``cdisc-convert init``: draft a spec folder from a raw export (every proposal for review)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--study", required=True, help="The study identifier (STUDYID).")
@click.option("--raw", type=click.Path(path_type=Path), required=True,
              help="Raw export folder (CSV files; a REDCap export with its data dictionary).")
@click.option("--to", "to", type=click.Path(path_type=Path), required=True,
              help="Spec folder to write (new or empty).")
@click.option("--force", is_flag=True, help="Write into a non-empty folder.")
def init(study: str, raw: Path, to: Path, force: bool) -> int:
    """Draft study.yaml and sdtm/*.yaml from a raw export, each proposal marked REVIEW.

    One source per raw file (per instrument of a REDCap export), its subject column
    guessed, SDTMIG variables matched to raw columns by name; REVIEW.md lists it all.

    Example: cdisc-convert init --study ABC-001 --raw raw/ --to specs/ABC-001
    """
    from cdisc_convert.tools.draft_specs import draft_specs
    written = draft_specs(study, raw, to, force=force)
    click.echo(f"Wrote {len(written)} files to {to}; review {to / 'REVIEW.md'}, then "
               f"`cdisc-convert spec check {to}`", err=True)
    return 0
