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
@click.option("--standard", type=click.Choice(["sdtmig", "adamig"], case_sensitive=False),
              default="sdtmig", show_default=True,
              help="sdtmig: the SDTM rules; adamig: our ADaM rules and every Pinnacle 21 FDA "
                   "ADaM rule, implemented or not executable with the reason.")
@click.option("--version", "ig_version", metavar="VERSION", default=None,
              help="Only the rules that hold for this SDTMIG (ADaMIG) version.")
def rules_list(standard: str, ig_version: str | None) -> int:
    """Every validation rule: id, authority, versions, type, executable or not, message."""
    if standard.lower() == "adamig":
        from cdisc_convert.validate.adam_coverage import adam_rows
        from cdisc_convert.validate.choose import normalise_adamig
        rows = adam_rows(normalise_adamig(ig_version) if ig_version else None)
    else:
        from cdisc_convert.validate.catalogue_list import rule_rows
        rows = rule_rows(ig_version)
    for row in rows:
        click.echo("\t".join(row))
    return 0
