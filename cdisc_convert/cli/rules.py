"""``cdisc-convert rules``: what the product can report, and which rules it runs."""

from __future__ import annotations

import click

from cdisc_convert.findings import catalogue_reference


@click.group()
def rules() -> None:
    """List the finding codes and validation rules."""


@rules.command("codes")
@click.option("--markdown", is_flag=True, help="Write the catalogue as Markdown (docs/).")
def rules_codes(markdown: bool) -> int:
    """Every code a finding can carry, with its severity, title and message template."""
    click.echo(catalogue_reference(markdown), nl=False)
    return 0


@rules.command("list")
@click.option("--standard", type=click.Choice(["sdtmig"], case_sensitive=False),
              default="sdtmig", show_default=True)
@click.option("--version", "ig_version", metavar="VERSION", default=None,
              help="Only the rules that hold for this SDTMIG version.")
def rules_list(standard: str, ig_version: str | None) -> int:
    """Every validation rule: id, authority, versions, type, executable or not, message."""
    from cdisc_convert.validate.catalogue_list import rule_rows
    for row in rule_rows(ig_version):
        click.echo("\t".join(row))
    return 0
