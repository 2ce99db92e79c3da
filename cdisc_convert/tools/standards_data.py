"""Convert the public CDISC reference files into the compact package data in ``data/``.

Run by hand when a pinned version in :mod:`cdisc_convert.standards.versions` changes;
never at run time (the product only reads ``data/``)::

    python -m cdisc_convert.tools.standards_data --reference ../shared/reference
    python -m cdisc_convert.tools.standards_data --reference ../shared/reference --check

Output is deterministic: CSV with ``\\n`` line ends in source order, gzip with
``mtime=0`` and no file name, so a rebuild from the same sources is byte-identical.
``--check`` rebuilds into memory and exits 1 if any committed file differs.

What is kept: every SDTMIG dataset and variable (the long CDISC notes are dropped),
every ADaMIG variable, and *all* codelists and terms of the SDTM, ADaM and Define-XML
CT packages including definitions. SDTMIG codelist submission values (blank in the
source) are filled from the SDTM CT by C-code.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import sys
import tarfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from cdisc_convert.standards import versions

DATA_DIR = Path(__file__).resolve().parents[1] / "standards" / "data"
DEFAULT_REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"

SDTMIG_DATASET_FIELDS = ("name", "label", "class", "structure")
IG_VARIABLE_FIELDS = (
    "dataset",
    "order",
    "name",
    "label",
    "type",
    "core",
    "role",
    "codelists",
    "codelist_names",
    "value_list",
    "described_value_domain",
)
ADAMIG_STRUCTURE_FIELDS = ("name", "label", "class", "subclass", "structure")
CT_FIELDS = (
    "code",
    "codelist_code",
    "extensible",
    "name",
    "submission_value",
    "synonyms",
    "preferred_term",
    "definition",
)
#: ADaMIG 'Data Structure Name' values in the Variables CSV -> short structure names.
ADAM_STRUCTURE_NAMES = {
    "Subject-Level Analysis Dataset": "ADSL",
    "Basic Data Structure": "BDS",
    "Occurrence Data Structure": "OCCDS",
}


#: Columns of the ADaM and Define-XML CT CSV exports, in the order the package data keeps.
CT_CSV_COLUMNS = (
    "Code",
    "Codelist Code",
    "Codelist Extensible (Yes/No)",
    "Codelist Name",
    "CDISC Submission Value",
    "CDISC Synonym(s)",
    "CDISC Definition",
    "NCI Preferred Term",
)


def file_names() -> dict[str, str]:
    """Package data file names, keyed by role, for the pinned versions."""
    return {
        "sdtmig_datasets": f"sdtmig_{versions.SDTMIG}_datasets.csv",
        "sdtmig_variables": f"sdtmig_{versions.SDTMIG}_variables.csv",
        "adamig_structures": f"adamig_{versions.ADAMIG}_structures.csv",
        "adamig_variables": f"adamig_{versions.ADAMIG}_variables.csv",
        "ct_sdtm": f"ct_sdtm_{versions.CT_SDTM}.csv.gz",
        "ct_adam": f"ct_adam_{versions.CT_ADAM}.csv.gz",
        "ct_define": f"ct_define_{versions.CT_DEFINE}.csv.gz",
    }


def source_names() -> dict[str, str]:
    """Reference file paths (relative to the reference folder), keyed like :func:`file_names`."""
    ig = "ig-metadata"
    ct = "controlled-terminology"
    return {
        "sdtmig_datasets": f"{ig}/sdtm_ig_v{versions.SDTMIG}_Datasets.csv",
        "sdtmig_variables": f"{ig}/sdtm_ig_v{versions.SDTMIG}_Variables.csv",
        "adamig_structures": f"{ig}/adam_ig_v{versions.ADAMIG}_DataStructures.csv",
        "adamig_variables": f"{ig}/adam_ig_v{versions.ADAMIG}_Variables.csv",
        "ct_sdtm": f"{ct}/SDTM_Terminology_{versions.CT_SDTM}.tar.xz",
        "ct_adam": f"{ct}/ADaM_CT_{versions.CT_ADAM}.csv",
        "ct_define": f"{ct}/Define-XML_CT_{versions.CT_DEFINE}.csv",
    }


# --------------------------------------------------------------------------- reading


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _read_sdtm_ct(path: Path) -> list[list[str]]:
    """Rows of the NCI EVS tab-delimited file inside the ``.tar.xz``, header dropped."""
    with tarfile.open(path, mode="r:xz") as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")]
        if len(members) != 1:
            raise ValueError(f"{path}: expected one .txt member, found {len(members)}")
        member = tar.extractfile(members[0])
        if member is None:   # only regular files are kept above; extractfile gives those
            raise ValueError(f"{path}: cannot read {members[0].name}")
        raw = member.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter="\t"))
    header, body = rows[0], rows[1:]
    if header[:2] != ["Code", "Codelist Code"] or len(header) != 8:
        raise ValueError(f"{path}: unexpected header {header}")
    return [[c.strip() for c in row] for row in body if row]


def _read_csv_ct(path: Path, package: str, release: str) -> list[list[str]]:
    """Rows of an ADaM/Define-XML CT CSV export, checked against the pinned release."""
    rows = _read_csv(path)
    expected = f"{package} {release}"
    bad = {r["Standard and Date"] for r in rows} - {expected}
    if bad:
        raise ValueError(f"{path}: release {sorted(bad)} does not match pinned {expected!r}")
    return [[r[c] for c in CT_CSV_COLUMNS] for r in rows]


# --------------------------------------------------------------------------- converting


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def convert_ct(rows: Iterable[Sequence[str]]) -> list[tuple[str, ...]]:
    """NCI EVS rows -> CT_FIELDS rows: each codelist row followed by its terms, source order.

    The codelist name and extensible flag are kept on the codelist row only.
    """
    codelists: dict[str, tuple[str, ...]] = {}
    terms: dict[str, list[tuple[str, ...]]] = {}
    for code, cl_code, ext, name, value, syn, definition, pterm in rows:
        if not cl_code:
            if code in codelists:
                raise ValueError(f"duplicate codelist {code}")
            if ext not in ("Yes", "No"):
                raise ValueError(f"codelist {code}: extensible is {ext!r}")
            codelists[code] = (code, "", ext, name, value, syn, pterm, definition)
            terms.setdefault(code, [])
        else:
            terms.setdefault(cl_code, []).append(
                (code, cl_code, "", "", value, syn, pterm, definition)
            )
    orphans = set(terms) - set(codelists)
    if orphans:
        raise ValueError(f"terms without a codelist row: {sorted(orphans)[:5]}")
    out: list[tuple[str, ...]] = []
    for code, row in codelists.items():
        out.append(row)
        out.extend(terms[code])
    return out


def convert_sdtmig_datasets(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    return [(r["Dataset Name"], r["Dataset Label"], r["Class"], r["Structure"]) for r in rows]


def convert_sdtmig_variables(
    rows: list[dict[str, str]], ct_names: dict[str, str]
) -> list[tuple[str, ...]]:
    """SDTMIG variables; codelist submission values looked up in the SDTM CT by C-code.

    A C-code absent from the pinned CT (retired since the IG was published: only
    MS.MSRESCAT's C85495 in CT 2025-03-28) keeps an empty name, with a warning.
    """
    out: list[tuple[str, ...]] = []
    for r in rows:
        codes = _split(r["CDISC CT Codelist Code(s)"])
        for c in codes:
            if c not in ct_names:
                print(
                    f"warning: {r['Dataset Name']}.{r['Variable Name']}: codelist {c} "
                    "is not in the pinned SDTM CT",
                    file=sys.stderr,
                )
        names = [ct_names.get(c, "") for c in codes]
        out.append(
            (
                r["Dataset Name"],
                str(int(r["Variable Order"])),
                r["Variable Name"],
                r["Variable Label"],
                r["Type"],
                r["Core"],
                r["Role"],
                ";".join(codes),
                ";".join(names),
                r["Value List"],
                r["Described Value Domain(s)"],
            )
        )
    return out


def convert_adamig_structures(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    """ADaM structures; the CDISC notes ("One record per subject.") become ``structure``."""
    return [
        (
            r["Data Structure Name"],
            r["Data Structure Description"],
            r["Class"],
            r["Subclass"],
            r["CDISC Notes"],
        )
        for r in rows
    ]


def convert_adamig_variables(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    """ADaMIG variables with the structure mapped to ADSL/BDS; order counted per structure."""
    out: list[tuple[str, ...]] = []
    counters: dict[str, int] = {}
    for r in rows:
        long_name = r["Data Structure Name"]
        if long_name not in ADAM_STRUCTURE_NAMES:
            raise ValueError(f"unknown ADaM data structure name {long_name!r}")
        structure = ADAM_STRUCTURE_NAMES[long_name]
        counters[structure] = counters.get(structure, 0) + 1
        codes = _split(r["CDISC CT Codelist Code(s)"])
        names = _split(r["CDISC CT Codelist Submission Value(s)"])
        if len(codes) != len(names):
            raise ValueError(f"{structure}.{r['Variable Name']}: codes/names mismatch")
        out.append(
            (
                structure,
                str(counters[structure]),
                r["Variable Name"],
                r["Variable Label"],
                r["Type"],
                r["Core"],
                r["Variable Set"],
                ";".join(codes),
                ";".join(names),
                r["Value List Value"],
                r["Described Value Domain(s)"],
            )
        )
    return out


# --------------------------------------------------------------------------- writing


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Reproducible gzip: no file name, mtime 0, level 9."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def build(reference: Path) -> dict[str, bytes]:
    """All generated package data files (name -> bytes), plus ``manifest.csv``."""
    src = {k: reference / v for k, v in source_names().items()}
    absent = [str(p) for p in src.values() if not p.is_file()]
    if absent:
        raise FileNotFoundError(f"reference files missing: {absent}")
    names = file_names()
    sdtm_ct = convert_ct(_read_sdtm_ct(src["ct_sdtm"]))
    adam_ct = convert_ct(_read_csv_ct(src["ct_adam"], "ADaM CT", versions.CT_ADAM))
    define_ct = convert_ct(_read_csv_ct(src["ct_define"], "Define-XML CT", versions.CT_DEFINE))
    ct_names = {r[0]: r[4] for r in sdtm_ct if not r[1]}
    tables: dict[str, tuple[Sequence[str], list[tuple[str, ...]]]] = {
        "sdtmig_datasets": (
            SDTMIG_DATASET_FIELDS,
            convert_sdtmig_datasets(_read_csv(src["sdtmig_datasets"])),
        ),
        "sdtmig_variables": (
            IG_VARIABLE_FIELDS,
            convert_sdtmig_variables(_read_csv(src["sdtmig_variables"]), ct_names),
        ),
        "adamig_structures": (
            ADAMIG_STRUCTURE_FIELDS,
            convert_adamig_structures(_read_csv(src["adamig_structures"])),
        ),
        "adamig_variables": (
            ("structure", *IG_VARIABLE_FIELDS[1:6], "variable_set", *IG_VARIABLE_FIELDS[7:]),
            convert_adamig_variables(_read_csv(src["adamig_variables"])),
        ),
        "ct_sdtm": (CT_FIELDS, sdtm_ct),
        "ct_adam": (CT_FIELDS, adam_ct),
        "ct_define": (CT_FIELDS, define_ct),
    }
    out: dict[str, bytes] = {}
    manifest = []
    for key, (header, rows) in tables.items():
        data = csv_bytes(header, rows)
        name = names[key]
        out[name] = gzip_bytes(data) if name.endswith(".gz") else data
        manifest.append(
            (name, source_names()[key], str(len(rows)), hashlib.sha256(data).hexdigest())
        )
    out["manifest.csv"] = csv_bytes(("file", "source", "rows", "sha256_uncompressed"), manifest)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        help="folder holding ig-metadata/ and controlled-terminology/",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="package data folder")
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the files in --out differ"
    )
    args = parser.parse_args(argv)
    files = build(args.reference)
    differ = []
    for name, data in files.items():
        target = args.out / name
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                differ.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"{target}  {len(data):>9,} bytes")
    if differ:
        print("out of date: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
