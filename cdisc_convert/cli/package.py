"""``cdisc-convert package``: package what is already in OUT (sdtm/, adam/, validation/).

    cdisc-convert package --out out --specs specs/CHEC2023-226

Exit 0 when the package is complete, 1 when something expected is missing (the package
is still written, and the reviewer's guide lists what is missing) or a file is too large.

>>> package.name
'package'
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.cli.options import out_option, specs_option


@click.command("package")
@out_option("Output folder holding sdtm/, adam/ and validation/.")
@specs_option("Study spec folder.", name="specs_dir")
@click.option("--format", "fmt", type=click.Choice(["present", "xpt", "json", "both"]),
              default="present", show_default=True,
              help="Dataset formats to package ('present': every format found).")
def package(out: Path, specs_dir: Path, fmt: str) -> int:
    """Write OUT/submission: eCTD m5 tree, validation report, reviewer's guide, manifest."""
    formats = {"present": None, "both": ("xpt", "json")}.get(fmt, (fmt,))
    from cdisc_convert.package.step import package_folder
    pkg = package_folder(out, specs_dir, formats)
    for what in pkg.missing:
        click.echo(f"missing: {what}", err=True)
    click.echo(f"Wrote {pkg.root}: {len(pkg.files)} files, {pkg.total_bytes:,} bytes", err=True)
    return 1 if pkg.missing else 0
