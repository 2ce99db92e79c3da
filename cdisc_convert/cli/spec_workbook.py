"""``cdisc-convert spec export`` and ``spec import``: the spec workbook (.xlsx) both ways."""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.cli.options import SAMPLE_SPECS


@click.command("export")
@click.argument("folder", type=click.Path(path_type=Path), default=SAMPLE_SPECS)
@click.option("--to", "to", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Workbook to write (.xlsx).")
def spec_export(folder: Path, to: Path) -> int:
    """Write the specs of FOLDER as a Pinnacle 21 define-template-style workbook.

    Sheets Study, Datasets, Variables, ValueLevel, WhereClauses, Codelists, Dictionaries,
    Methods, Comments, Documents with P21's columns (filled from the specs and the pinned
    SDTMIG/ADaMIG and CT), plus how each dataset and variable is made (Sources, Steps,
    Algorithm, Parameters, Raw Source). Same specs, same bytes.

    \b
    Example:
      cdisc-convert spec export specs/CHEC2023-226 --to spec.xlsx
    """
    from cdisc_convert.io.spec_workbook import export_workbook
    counts = export_workbook(folder, to)
    click.echo(f"Wrote {to}: " + ", ".join(f"{n} {k}" for k, n in counts.items()
                                            if k in ("Datasets", "Variables", "Codelists")))
    return 0


@click.command("import")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "to", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Spec folder to write (study.yaml, sdtm/, adam/).")
@click.option("--force", is_flag=True, help="Replace spec files that exist already.")
def spec_import(workbook: Path, to: Path, force: bool) -> int:
    """Read a spec workbook back into YAML specs in a spec folder.

    A P21-shaped workbook filled by hand (without the Algorithm and Parameters columns)
    imports its metadata; each variable whose make is still to be written is listed, and
    `spec check` names them until they are written. A mistake in the workbook is reported as
    `Sheet!Cell: message` (exit 2).

    \b
    Example:
      cdisc-convert spec import spec.xlsx --to specs/MYSTUDY
    """
    from cdisc_convert.io.spec_workbook import import_workbook
    result = import_workbook(workbook, to, force)
    click.echo(f"Wrote {len(result.written)} spec files under {to}")
    if result.to_write:
        click.echo(f"{len(result.to_write)} variables have no make yet (Algorithm and "
                   "Parameters); write them in the workbook or the YAML:")
        for item in result.to_write:
            click.echo(f"  {item}")
        click.echo(f"Then: cdisc-convert spec check {to}")
    return 0
