"""``spec export`` / ``spec import``: a spec folder <-> a spec workbook (.xlsx) on disk.

Export loads the specs (the one loader) and writes their workbook with the study's
timestamp (byte-identical run to run). Import reads a workbook and writes study.yaml,
sdtm/*.yaml and adam/*.yaml, each atomically; files of the folder the workbook does not
describe (expectations/, other specs) are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cdisc_convert.clock import output_timestamp
from cdisc_convert.errors import UsageError
from cdisc_convert.io.atomic import write_text
from cdisc_convert.io.xlsx import read_workbook, write_workbook

#: Written at the top of every imported spec file.
HEADER = "# Imported from the spec workbook {name} by cdisc-convert spec import.\n"


def export_workbook(specs_dir: Path, path: Path) -> dict[str, int]:
    """Write the workbook of ``specs_dir`` to ``path``; returns the rows of each sheet."""
    from cdisc_convert.spec.loader import load_specs
    from cdisc_convert.spec.workbook.export import workbook_tables
    specs = load_specs(Path(specs_dir))
    tables = workbook_tables(specs)
    write_workbook(Path(path), tables, output_timestamp(specs.study.timestamp))
    return {name: len(rows) - 1 for name, rows in tables.items()}


@dataclass
class Imported:
    written: list[Path] = field(default_factory=list)
    to_write: list[str] = field(default_factory=list)


def import_workbook(path: Path, specs_dir: Path, force: bool = False) -> Imported:
    """Write the spec files ``path`` describes into ``specs_dir``.

    A file that exists already is replaced only with ``force``."""
    from cdisc_convert.errors import WorkbookError
    from cdisc_convert.spec.workbook.read_back import read_spec_workbook
    from cdisc_convert.spec.workbook.yamltext import dump
    try:
        docs = read_spec_workbook(read_workbook(Path(path)))
    except WorkbookError as exc:
        raise WorkbookError(exc.detail, cell=exc.cell, file=path) from None
    targets = {Path(specs_dir) / rel: doc for rel, doc in docs.files.items()}
    existing = sorted(str(p) for p in targets if p.exists())
    if existing and not force:
        raise UsageError(f"{specs_dir}: would replace {', '.join(existing)}; give --force to "
                         "replace them, or import into a new folder")
    out = Imported(to_write=docs.to_write)
    header = HEADER.format(name=Path(path).name)
    for target, doc in targets.items():
        write_text(target, header + dump(doc))
        out.written.append(target)
    return out
