"""``cdisc-convert package``: package what is already in OUT (sdtm/, adam/, validation/).

    cdisc-convert package --out out --specs specs/CHEC2023-226

Exit 0 when the package is complete, 1 when something expected is missing (the package
is still written, and the reviewer's guide lists what is missing) or a file is too large.

>>> command.name
'package'
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.errors import UsageError
from cdisc_convert.package.build import build_package
from cdisc_convert.standards import versions


@click.command("package")
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Output folder holding sdtm/, adam/ and validation/.")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path),
              default=Path("specs/CHEC2023-226"), show_default=True, help="Study spec folder.")
@click.option("--format", "fmt", type=click.Choice(["present", "xpt", "json", "both"]),
              default="present", show_default=True,
              help="Dataset formats to package ('present': every format found).")
def command(out: Path, specs_dir: Path, fmt: str) -> int:
    """Write OUT/submission: eCTD m5 tree, validation report, reviewer's guide, manifest."""
    from cdisc_convert.spec.loader import load_specs
    if not out.is_dir():
        raise UsageError(f"output folder {out} does not exist: run 'cdisc-convert run' first")
    specs = load_specs(specs_dir)
    formats = {"present": None, "both": ("xpt", "json")}.get(fmt, (fmt,))
    pkg = build_package(out, specs, formats=formats, max_bytes=versions.XPT_MAX_FILE_BYTES)
    for what in pkg.missing:
        click.echo(f"missing: {what}", err=True)
    click.echo(f"Wrote {pkg.root}: {len(pkg.files)} files, {pkg.total_bytes:,} bytes", err=True)
    code = 1 if pkg.missing else 0
    if code:
        click.get_current_context().exit(code)
    return code
