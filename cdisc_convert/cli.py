"""The ``cdisc-convert`` command line: one subcommand per step; no logic here.

Exit codes: 0 done; 1 data errors (or findings at/above ``--fail-on``);
2 bad usage or bad spec.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from cdisc_convert import __version__
from cdisc_convert.errors import CdiscConvertError, Finding

FAIL_ON = click.Choice(["error", "warning", "never"])
RANK = {"error": 2, "warning": 1, "notice": 0}


def exit_code(findings: list[Finding], fail_on: str) -> int:
    """1 when any finding is at or above ``fail_on`` severity, else 0."""
    if fail_on == "never":
        return 0
    return int(any(RANK[f.severity] >= RANK[fail_on] for f in findings))


def print_findings(findings: list[Finding], title: str, limit: int = 12) -> None:
    """Counts by severity, then one line per rule (worst first) with a count and an example."""
    counts = Counter(f.severity for f in findings)
    click.echo(f"{title}: {counts.get('error', 0)} error(s), {counts.get('warning', 0)} "
               f"warning(s), {counts.get('notice', 0)} notice(s)", err=True)
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        rule = f.rule_id or f.code
        groups.setdefault((f.severity, rule, f.dataset or "", f.variable or ""), []).append(f)
    ordered = sorted(groups.items(), key=lambda kv: (-RANK[kv[0][0]], -len(kv[1]), kv[0]))
    for (sev, code, ds, var), items in ordered[:limit]:
        first = items[0]
        click.echo(f"  {sev.upper():7} {code:16} {ds:6} {var:8} x{len(items):<4} e.g. "
                   f"{first.location()}: {first.message}", err=True)
    if len(ordered) > limit:
        click.echo(f"  ... {len(ordered) - limit} more rules; every finding is in the log",
                   err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cdisc-convert")
def cli() -> None:
    """Raw EDC exports -> CDISC SDTM and ADaM, validated, as XPT v5 and Define-XML 2.1."""


def _paths(f):
    f = click.option("--out", type=click.Path(path_type=Path), default=Path("out"),
                     show_default=True, help="Output folder.")(f)
    f = click.option("--raw", type=click.Path(path_type=Path),
                     default=Path("sample_raw/CHEC2023-226"), show_default=True,
                     help="Raw EDC export folder.")(f)
    f = click.option("--specs", type=click.Path(path_type=Path),
                     default=Path("specs/CHEC2023-226"), show_default=True,
                     help="Study spec folder (study.yaml, sdtm/, adam/, expectations/).")(f)
    return f


def _formats(f):
    f = click.option("--ndjson-rows", type=click.IntRange(1), default=100_000, show_default=True,
                     help="Datasets with at least this many records are written as NDJSON.")(f)
    return click.option("--format", "fmt", type=click.Choice(["xpt", "json", "both"]),
                        default="xpt", show_default=True,
                        help="Dataset files: SAS XPT v5, Dataset-JSON v1.1, or both.")(f)


def _run(specs: Path, raw: Path, out: Path, fmt: str, ndjson_rows: int, quiet: bool,
         steps: tuple[str, ...] | None = None):
    from cdisc_convert.pipeline import RunConfig
    from cdisc_convert.pipeline import run as run_all
    config = RunConfig(specs, raw, out, formats=("xpt", "json") if fmt == "both" else (fmt,),
                       quiet=quiet, ndjson_min_rows=ndjson_rows)
    if steps:
        config.steps = steps
    return run_all(config)


def _build_options(f):
    """The options shared by the commands that build datasets (run, sdtm)."""
    f = click.option("-q", "--quiet", is_flag=True, help="No progress output.")(f)
    f = _formats(f)
    f = click.option("--fail-on", type=FAIL_ON, default="never", show_default=True,
                     help="Exit 1 when findings of this severity (or worse) exist.")(f)
    return _paths(f)


@cli.command()
@_build_options
def run(specs: Path, raw: Path, out: Path, fail_on: str, fmt: str, ndjson_rows: int,
        quiet: bool) -> int:
    """Everything: SDTM, ADaM, validation, Define-XML, submission folder."""
    result = _run(specs, raw, out, fmt, ndjson_rows, quiet)
    print_findings(result.findings, "Findings")
    click.echo(f"Wrote {len(result.written)} files under {out}", err=True)
    return exit_code(result.findings, fail_on)


@cli.command()
@_build_options
def sdtm(specs: Path, raw: Path, out: Path, fail_on: str, fmt: str, ndjson_rows: int,
         quiet: bool) -> int:
    """Map the raw export to SDTM and write OUT/sdtm/ (XPT v5 and/or Dataset-JSON)."""
    result = _run(specs, raw, out, fmt, ndjson_rows, quiet, steps=("sdtm",))
    print_findings(result.findings, "Mapping findings")
    return exit_code(result.findings, fail_on)


@cli.command()
@click.option("--subjects", type=click.IntRange(1), default=12, show_default=True)
@click.option("--seed", type=int, default=226, show_default=True)
@click.option("--out", type=click.Path(path_type=Path),
              default=Path("sample_raw/CHEC2023-226"), show_default=True)
def synth(subjects: int, seed: int, out: Path) -> int:
    """Generate a synthetic raw EDC export of the sample study (any size)."""
    from cdisc_convert.synth import generate
    files = generate(out, subjects=subjects, seed=seed)
    click.echo(f"Wrote {len(files)} files to {out}", err=True)
    return 0


@cli.group()
def spec() -> None:
    """Check specs and list the algorithms they can name."""


@spec.command("check")
@click.argument("folder", type=click.Path(path_type=Path), default=Path("specs/CHEC2023-226"))
def spec_check(folder: Path) -> int:
    """Load every spec and expectation suite in FOLDER; report the first mistake."""
    from cdisc_convert.spec.loader import load_specs
    from cdisc_convert.validate.study import load_suites
    specs = load_specs(folder)
    suites = load_suites(specs.expectations)
    click.echo(f"{folder}: study {specs.study.studyid}, {len(specs.sdtm)} SDTM and "
               f"{len(specs.adam)} ADaM dataset specs, {len(suites)} expectation suites: OK")
    return 0


@spec.command("algorithms")
@click.option("--markdown", is_flag=True, help="Write the reference as Markdown (docs/).")
def spec_algorithms(markdown: bool) -> int:
    """List the registered algorithms with their parameters."""
    from cdisc_convert.registry import algorithm_reference
    click.echo(algorithm_reference(markdown), nl=False)
    return 0


#: Subcommands living beside their step (each module exposes a click command named ``command``).
COMMAND_MODULES = ("cdisc_convert.adam.command", "cdisc_convert.validate.command",
                   "cdisc_convert.define.command", "cdisc_convert.package.command")


def _add_step_commands() -> None:
    import importlib
    for name in COMMAND_MODULES:
        cli.add_command(importlib.import_module(name).command)


_add_step_commands()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: user mistakes print one message and exit non-zero, no traceback."""
    try:
        code = cli.main(args=argv, prog_name="cdisc-convert", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except CdiscConvertError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
