"""``cdisc-convert validate PATH...``: validate any folder of SDTM/ADaM datasets.

Exit codes: 0 clean (below ``--fail-on``), 1 findings at or above ``--fail-on``,
2 bad usage or bad specs.
"""

from __future__ import annotations

from pathlib import Path

import click

from cdisc_convert.cli.options import fail_on_option, max_details_option, quiet_option
from cdisc_convert.findings import exit_code


def _ids(text: str | None) -> set[str] | None:
    """``A,B`` -> {'A', 'B'} (None when not given)."""
    return {t.strip() for t in text.split(",") if t.strip()} if text else None


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
@click.option("--standard", type=click.Choice(["sdtmig"], case_sensitive=False),
              default="sdtmig", show_default=True, help="Standard the data follows.")
@click.option("--version", "ig_version", metavar="VERSION", default=None,
              help="SDTMIG version (3.1.2, 3.1.3, 3.2, 3.3, 3.4); default: what define.xml, "
                   "TS or a CORE case's .env declare, else the latest.")
@click.option("--ct", "ct_release", metavar="DATE|FILE", default=None,
              help="CDISC CT release date (e.g. 2016-06-24) or an NCI EVS SDTM Terminology "
                   "file; default: what define.xml or TS declare, else the pinned release.")
@click.option("--adamig", "adamig_version", metavar="VERSION", default=None,
              help="ADaMIG version of ADaM datasets (1.0, 1.1, 1.2, 1.3); default: what "
                   "define.xml declares, else 1.3.")
@click.option("--meddra", type=click.Path(path_type=Path, file_okay=False), default=None,
              metavar="DIR", help="Your MedDRA ASCII files (llt.asc, pt.asc, hlt.asc, "
                   "hlgt.asc, soc.asc): the MedDRA rules (P21 SD0008, SD2007-SD2016) look "
                   "--DECOD, --PTCD, --BODSYS ... up in it; without it they are not run.")
@click.option("--dictionary", "dictionaries", metavar="NAME=PATH", multiple=True,
              help="Another code system you have, for the rules that look codes up in it: "
                   "loinc=Loinc.csv, snomed=an RF2 description file, unii=FDA's UNII names "
                   "file (a file or its folder; repeat for several).")
@click.option("--only", metavar="ID[,ID...]", default=None, help="Run only these rules.")
@click.option("--exclude", metavar="ID[,ID...]", default=None, help="Do not run these rules.")
@max_details_option
@quiet_option
def validate(paths: tuple[Path, ...], specs: Path | None, out: Path, fail_on: str,
             define: Path | None, limit: int, standard: str, ig_version: str | None,
             ct_release: str | None, adamig_version: str | None, only: str | None,
             meddra: Path | None, dictionaries: tuple[str, ...], exclude: str | None,
             max_details: int | None, quiet: bool) -> int:
    """Check SDTM/ADaM datasets against SDTMIG/ADaMIG, CDISC CT, CDISC CORE's published
    rules and the study's suites.

    PATHS are dataset files or folders (a folder with no datasets is searched one level
    down). Formats read: SAS transport XPT v5 (.xpt); CDISC Dataset-JSON 1.1 as JSON
    (.json), NDJSON (.ndjson), gzip-compressed (.json.gz, .ndjson.gz) or zlib-compressed
    NDJSON (.dsjc); CDISC CORE test-case folders (CSV datasets listed in _datasets.csv).
    A dataset present in several formats is read once, XPT first. A Dataset-JSON dataset is
    named by its "name" (or itemGroupOID), an XPT file by its file name; XPT v5 limits
    (ASCII, 200 bytes, names of 8, labels of 40) are findings for XPT data only.

    \b
    Example:
      cdisc-convert validate out/sdtm out/adam --specs specs/CHEC2023-226 --out validation
    """
    from cdisc_convert.progress import Progress
    from cdisc_convert.validate.report.console import summary_lines
    from cdisc_convert.validate.step import validate_folders
    report, written = validate_folders(list(paths), specs, define, out, fail_on,
                                       version=ig_version, ct_release=ct_release,
                                       only=_ids(only), exclude=_ids(exclude) or set(),
                                       adamig=adamig_version, max_details=max_details,
                                       progress=Progress(quiet), meddra=meddra,
                                       dictionaries=_named_paths(dictionaries))
    for line in summary_lines(report, limit):
        click.echo(line)
    click.echo(f"Reports: {', '.join(str(p) for p in written)}")
    return exit_code(report.findings, fail_on)


def _named_paths(items: tuple[str, ...]) -> dict[str, Path]:
    """``("loinc=Loinc.csv", ...)`` -> {"loinc": Path}; a malformed item is a usage error."""
    out: dict[str, Path] = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name.strip() or not path.strip():
            raise click.BadParameter(f"{item!r}: expected NAME=PATH (e.g. loinc=Loinc.csv)",
                                     param_hint="--dictionary")
        out[name.strip().lower()] = Path(path.strip())
    return out
