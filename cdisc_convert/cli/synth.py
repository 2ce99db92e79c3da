"""``cdisc-convert synth``: a synthetic raw export of the sample study, any size."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Folder to write (must be empty or made by an earlier synth, or --force).")
@click.option("--subjects", type=click.IntRange(1), default=12, show_default=True)
@click.option("--seed", type=int, default=226, show_default=True)
@click.option("--force", is_flag=True, help="Write into a non-empty folder synth did not make.")
@click.option("--style", type=click.Choice(["rave", "redcap"]), default="rave", show_default=True,
              help="Export shape: Medidata Rave (one CSV per form) or REDCap (records + data "
                   "dictionary + central lab).")
def synth(out: Path, subjects: int, seed: int, force: bool, style: str) -> int:
    """Generate a synthetic raw EDC export of the sample study (any size).

    Example: cdisc-convert synth --style redcap --subjects 200 --out raw_redcap
    """
    from cdisc_convert.tools.synth import generate_into
    files = generate_into(out, subjects=subjects, seed=seed, force=force, style=style)
    click.echo(f"Wrote {len(files)} files to {out}", err=True)
    return 0
