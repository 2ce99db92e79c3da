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

Older versions: SDTMIG 3.1.2/3.1.3 datasets and variables, 3.2 variables, 3.3 special-purpose
variables (``ig-metadata/older``; the run-time fallbacks for the gaps are in
:data:`cdisc_convert.standards.ig.PLANS`), the SDTM model variables v1.2-2.0 in one file, and
the 39 older SDTM CT releases (``controlled-terminology/sdtm-older``) as one table of distinct
codelist and term rows with a release bitmask (:func:`convert_ct_history`).
``manifest.csv`` names each file's source, origin (repository, path, commit) and licence.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import sys
import tarfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from cdisc_convert.standards import ct, versions

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


#: Columns of the ADaM and Define-XML CT CSV exports, in the order the package data keeps
#: (the columns of an NCI EVS terminology file).
CT_CSV_COLUMNS = ct.EVS_HEADER


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
    ig, terms = "ig-metadata", "controlled-terminology"
    return {
        "sdtmig_datasets": f"{ig}/sdtm_ig_v{versions.SDTMIG}_Datasets.csv",
        "sdtmig_variables": f"{ig}/sdtm_ig_v{versions.SDTMIG}_Variables.csv",
        "adamig_structures": f"{ig}/adam_ig_v{versions.ADAMIG}_DataStructures.csv",
        "adamig_variables": f"{ig}/adam_ig_v{versions.ADAMIG}_Variables.csv",
        "ct_sdtm": f"{terms}/SDTM_Terminology_{versions.CT_SDTM}.tar.xz",
        "ct_adam": f"{terms}/ADaM_CT_{versions.CT_ADAM}.csv",
        "ct_define": f"{terms}/Define-XML_CT_{versions.CT_DEFINE}.csv",
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
        out.append((*_variable_head(r), ";".join(codes), ";".join(names), r["Value List"],
                    r["Described Value Domain(s)"]))
    return out


def _variable_head(r: dict[str, str]) -> tuple[str, ...]:
    """The first columns of a variable row, alike in every SDTMIG version's source."""
    return (r["Dataset Name"], str(int(r["Variable Order"])), r["Variable Name"],
            r["Variable Label"], r["Type"], r["Core"], r["Role"])


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


# --------------------------------------------------------------------------- older SDTMIG

#: Older SDTMIG sources in ``ig-metadata/older``: version -> (datasets file or '', variables file).
#: 3.2 has no dataset table and 3.3 only its special-purpose domains; the fallbacks that stand
#: in for the rest are applied at run time by :mod:`cdisc_convert.standards.ig`.
OLDER_SDTMIG = {
    "3.1.2": ("SDTMIG_v3.1.2_Datasets.csv", "SDTMIG_v3.1.2_Variables.csv"),
    "3.1.3": ("SDTMIG_v3.1.3_Datasets.csv", "SDTMIG_v3.1.3_Variables.csv"),
    "3.2": ("", "SDTMIG_v3.2_Variables.csv"),
    "3.3": ("", "SDTMIG_v3.3_Variables_special-purpose-only.csv"),
}
#: SDTM model files in ``ig-metadata/older`` (class variables).
SDTM_MODEL_SOURCES = (
    "SDTM_v1.2_Variables.csv",
    "SDTM_v1.3_Variables.csv",
    "SDTM_v1.4-1.7_model_variables.csv",
    "SDTM_v2.0_Variables.csv",
)
SDTM_MODEL_FIELDS = ("version", "class", "dataset", "order", "name", "label", "type", "role")
#: Class spellings of SDTMIG 3.1.x -> the SDTMIG 3.4 spelling the package uses.
CLASS_NAMES = {
    "Findings Observation Class": "Findings",
    "Events Observation Class": "Events",
    "Interventions Observation Class": "Interventions",
    "Special Purpose Domain": "Special-Purpose",
    "Trial Design Domain": "Trial Design",
    "Relationship Dataset": "Relationship",
}
#: SDTM model groupings (v1.2/1.3) and tables (v1.4-1.7) -> class; others keep class ''
#: with the table name as ``dataset``.
MODEL_GROUPS = {
    "Findings Observation Class Variables": "Findings",
    "Event Observation Class Variables": "Events",
    "Interventions Observation Class Variables": "Interventions",
    "General Observation Class Timing Variables": "General Observations",
    "General Observation Class Identifier Variables": "General Observations",
    "Findings About Events or Interventions Variables": "Findings About",
    "FindingsAboutVariables": "Findings About",
    "Findings_Observation_Class": "Findings",
    "Events_Observation_Class": "Events",
    "Interventions_Observation_Class": "Interventions",
    "Interventions_Observations_Class": "Interventions",
    "Identifiers_for_All_Classes": "General Observations",
    "Timing_Variables_for_All_Classes": "General Observations",
    "Findings_About_Events_or_Interventions": "Findings About",
    "Variables_Used_in_Associated_Persons_Data": "Associated Persons",
}
_CODELIST_REF = re.compile(r"\(?\b([A-Z][A-Z0-9_]*)\)")


def older_file_names() -> dict[str, str]:
    """Package data files for the older SDTMIG versions and the SDTM model, keyed by role."""
    out = {}
    for version, (datasets, _) in OLDER_SDTMIG.items():
        if datasets:
            out[f"sdtmig_{version}_datasets"] = f"sdtmig_{version}_datasets.csv"
        out[f"sdtmig_{version}_variables"] = f"sdtmig_{version}_variables.csv"
    out["sdtm_model_variables"] = "sdtm_model_variables.csv"
    return out


def older_source_names() -> dict[str, str]:
    """Reference paths of :func:`older_file_names` (the model row lists all four files)."""
    out = {}
    for version, (datasets, variables) in OLDER_SDTMIG.items():
        if datasets:
            out[f"sdtmig_{version}_datasets"] = f"ig-metadata/older/{datasets}"
        out[f"sdtmig_{version}_variables"] = f"ig-metadata/older/{variables}"
    out["sdtm_model_variables"] = ";".join(f"ig-metadata/older/{f}" for f in SDTM_MODEL_SOURCES)
    return out


def convert_older_datasets(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    """SDTMIG 3.1.x datasets with the class spelt as in SDTMIG 3.4."""
    return [
        (r["Dataset Name"], r["Dataset Label"], CLASS_NAMES.get(r["Class"], r["Class"]),
         r["Structure"])
        for r in rows
    ]


def split_controlled_terms(text: str) -> tuple[list[str], str]:
    """'Controlled Terms, Codelist or Format' -> (codelist names, the rest of the text).

    >>> split_controlled_terms("(COUNTRY) ISO 3166")
    (['COUNTRY'], 'ISO 3166')
    >>> split_controlled_terms("ETHNIC)"), split_controlled_terms("ISO 8601")
    ((['ETHNIC'], ''), ([], 'ISO 8601'))
    """
    names = _CODELIST_REF.findall(text)
    rest = " ".join(_CODELIST_REF.sub(" ", text).split())
    return names, rest


def convert_older_variables(
    rows: list[dict[str, str]], ct_codes: dict[str, str]
) -> list[tuple[str, ...]]:
    """Older SDTMIG variables in the 3.4 layout.

    The sources name codelists by submission value, ``(NY)``: ``codelist_names`` keeps the
    names and ``codelists`` the C-codes looked up by name in the SDTM CT (2025-03-28, then
    the older releases; '' when no release knows the name). A bare name equal to the
    variable's own name and to a codelist (3.2's ``TSPARMCD``) is that codelist. The rest
    of the text (``ISO 8601``, ``*``, a fixed value such as ``AE``) goes to
    ``described_value_domain``.
    """
    out: list[tuple[str, ...]] = []
    for r in rows:
        names, rest = split_controlled_terms(r["Controlled Terms, Codelist or Format"])
        if not names and rest == r["Variable Name"] and rest in ct_codes:
            names, rest = [rest], ""   # 3.2 writes TSPARMCD's codelist bare: TSPARMCD
        out.append((*_variable_head(r), ";".join(ct_codes.get(n, "") for n in names),
                    ";".join(names), "", rest))
    return out


def _model_row(r: dict[str, str]) -> tuple[str, ...]:
    version = r["Version"].removeprefix("SDTM v")
    if "Table" in r:
        group, dataset = r["Table"], ""
    elif "Variable Grouping" in r:
        group, dataset = r["Variable Grouping"], ""
    else:
        group, dataset = r["Class"], r["Dataset Name"]
    class_ = MODEL_GROUPS.get(group, group if "Class" in r else "")
    if not class_ and group.startswith("Domain"):
        class_ = "General Observations"
    if not class_:
        dataset = group
    return (version, class_, dataset, str(int(r["Variable Order"])), r["Variable Name"],
            r["Variable Label"], r["Type"], r["Role"])


def convert_sdtm_model(sources: Iterable[list[dict[str, str]]]) -> list[tuple[str, ...]]:
    """SDTM model variables of all versions; rows without a name (blank in v1.2/1.3) dropped.

    ``class`` is the observation class ('General Observations' for the identifiers and
    timing variables of all classes); a model table that is not class-level (v1.4-1.7
    Demographics, Trial_Arms, ...) keeps class '' and its name as ``dataset``.
    """
    return [_model_row(r) for rows in sources for r in rows if r["Variable Name"]]


# --------------------------------------------------------------------------- older SDTM CT

CT_OLDER_DIR = "controlled-terminology/sdtm-older"
CT_HISTORY_FILE = "ct_sdtm_history.csv.gz"
CT_RELEASES_FILE = "ct_sdtm_releases.csv"
CT_HISTORY_FIELDS = (
    "releases", "code", "codelist_code", "extensible", "name", "submission_value",
    "synonyms", "preferred_term",
)
CT_RELEASES_FIELDS = ("index", "release", "form", "codelists", "terms", "source", "core_commit")
TermKey = tuple[str, str]  # (codelist code, submission value)


class _Release:
    """One older CT release read into codelist headers and terms (or allowed values)."""

    def __init__(self, form: str) -> None:
        self.form = form
        self.headers: dict[str, tuple[str, str, str]] = {}  # code -> (ext, name, value)
        self.terms: list[tuple[str, str, str, str, str]] = []  # (cl, code, value, syn, pterm)
        self.allowed: dict[str, set[str]] = {}


def _read_older_release(path: Path, form: str) -> _Release:
    if form not in ("full", "terms", "allowed_terms"):
        raise ValueError(f"{path}: unknown CT form {form!r}")
    rel = _Release(form)
    text = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text, newline=""))
    index = {name: i for i, name in enumerate(next(rows, []))}

    def columns(*names: str) -> list[int]:
        return [index[n] for n in names]     # a missing column is a KeyError naming it

    if form == "full":
        head = columns("Codelist Code", "Code", "Codelist Extensible (Yes/No)", "Codelist Name",
                       "CDISC Submission Value", "CDISC Synonym(s)", "NCI Preferred Term")
    else:
        head = columns("Codelist Code", "Codelist Extensible (Yes/No)", "Codelist Name (joined)",
                       "Codelist Submission Value (joined)",
                       *(("CDISC Submission Value", "CDISC Synonym(s)", "NCI Preferred Term")
                         if form == "terms" else ("Allowed Value",)))
    width = len(index)
    for row in rows:
        if len(row) < width:
            row += [""] * (width - len(row))
        v = [(row[i] or "").strip() for i in head]
        if form == "full":
            cl, code, ext, name, value, syn, pterm = v
            if not cl:
                rel.headers[code] = (ext, name, value)
            else:
                rel.terms.append((cl, code, value, syn, pterm))
            continue
        cl, ext, name, value = v[:4]
        rel.headers[cl] = (ext, name, value)
        if form == "terms":
            rel.terms.append((cl, "", v[4], v[5], v[6]))
        else:
            rel.allowed.setdefault(cl, set()).add(v[4])
    return rel


def read_older_ct(reference: Path) -> tuple[list[dict[str, str]], list[_Release]]:
    """``releases_summary.csv`` rows (sorted by date) and each release read."""
    folder = reference / CT_OLDER_DIR
    summary = sorted(_read_csv(folder / "releases_summary.csv"), key=lambda r: r["release"])
    return summary, [_read_older_release(folder / s["file"], s["pickle_format"]) for s in summary]


class _TermIndex:
    """What the structured releases (older ones and the pinned one) say about terms."""

    def __init__(self, releases: list[_Release], pinned: list[tuple[str, ...]]) -> None:
        self.codes: dict[TermKey, str] = {}
        self.info: dict[TermKey, list[tuple[int, str, str]]] = {}  # (release index, syn, pt)
        self.aliases: dict[str, set[str]] = {}
        pinned_terms = [(r[1], r[0], r[4], r[5], r[6]) for r in pinned if r[1]]
        for i, rel in [*enumerate(releases), (len(releases), None)]:
            terms = rel.terms if rel is not None else pinned_terms
            for cl, code, value, syn, pterm in terms:
                if code:
                    self.codes[(cl, value)] = code
                self.info.setdefault((cl, value), []).append((i, syn, pterm))
                self.aliases.setdefault(cl, set()).update(_split_syn(syn), [pterm])

    def allowed_terms(self, i: int, cl: str, allowed: set[str]) -> list[tuple[str, str, str]]:
        """(value, syn, pt) of the terms behind the allowed values of codelist ``cl``.

        An allowed value that a structured release knows as a submission value of ``cl`` is a
        term. Its synonyms and preferred term come from the nearest structured release before
        ``i`` (else the pinned one) that has the term, kept only where they are allowed values
        too. Any other allowed value that is not such a synonym or preferred term of a term
        is kept as a term of its own, so every allowed value is a term or a term's alias.
        """
        out: list[tuple[str, str, str]] = []
        attached: set[str] = set()
        for value in sorted(allowed):
            info = self.info.get((cl, value))
            if info is None:
                continue
            best = ([x for x in info if x[0] < i] or info)[-1]
            syn = [x for x in _split_syn(best[1]) if x in allowed]
            pt = best[2] if best[2] in allowed else ""
            attached.update(syn, [pt])
            out.append((value, "; ".join(syn), pt))
        kept = {v for v, _, _ in out}
        out += [(v, "", "") for v in sorted(allowed - kept - attached)]
        return sorted(out)


def _split_syn(text: str) -> list[str]:
    return text.split("; ") if text else []


def convert_ct_history(
    releases: list[_Release], pinned: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """Distinct codelist and term rows of all older releases, each with the hex bitmask of the
    releases holding it (bit i: release i of ``ct_sdtm_releases.csv``).

    Codelist rows carry code, extensible, name and submission value; term rows the codelist
    code, term code, submission value, synonyms and preferred term. Term codes absent from a
    release's form (2016 on) are filled from the releases that give them (2014-2015, the
    pinned one) for the same codelist and submission value. Definitions are not kept.
    Codelists are in name order, each codelist's header rows before its terms.
    """
    index = _TermIndex(releases, pinned)
    masks: dict[tuple[str, ...], int] = {}
    for i, rel in enumerate(releases):
        bit = 1 << i
        for code, (ext, name, value) in rel.headers.items():
            key = (code, "", ext, name, value, "", "")
            masks[key] = masks.get(key, 0) | bit
        rows = [(cl, code or index.codes.get((cl, value), ""), value, syn, pt)
                for cl, code, value, syn, pt in rel.terms]
        for cl, allowed in rel.allowed.items():
            rows += [(cl, index.codes.get((cl, v), ""), v, syn, pt)
                     for v, syn, pt in index.allowed_terms(i, cl, allowed)]
        for cl, code, value, syn, pt in rows:
            key = (code, cl, "", "", value, syn, pt)
            masks[key] = masks.get(key, 0) | bit
    return _order_history(masks)


def _order_history(masks: dict[tuple[str, ...], int]) -> list[tuple[str, ...]]:
    latest_name: dict[str, tuple[int, str]] = {}
    for key, mask in masks.items():
        if not key[1]:
            latest_name[key[0]] = max(latest_name.get(key[0], (0, "")), (mask, key[3]))
    order = sorted(latest_name, key=lambda c: (latest_name[c][1].casefold(), c))
    rank = {c: n for n, c in enumerate(order)}

    def sort_key(item: tuple[tuple[str, ...], int]) -> tuple:
        key, mask = item
        cl = key[1] or key[0]
        low = (mask & -mask).bit_length()
        return (rank[cl], bool(key[1]), key[4], low, key)

    return [(f"{mask:x}", *key) for key, mask in sorted(masks.items(), key=sort_key)]


def ct_release_rows(
    summary: list[dict[str, str]], releases: list[_Release], history: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """One row per older release: index (bit), date, source form, codelists, terms kept."""
    out: list[tuple[str, ...]] = []
    for i, (s, rel) in enumerate(zip(summary, releases, strict=True)):
        bit = 1 << i
        n_terms = sum(1 for r in history if r[2] and int(r[0], 16) & bit)
        out.append((str(i), s["release"], rel.form, str(len(rel.headers)), str(n_terms),
                    f"{CT_OLDER_DIR}/{s['file']}", s["cdisc-rules-engine commit of pickle"]))
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


#: Where each reference folder came from and on what terms (README of the reference folder).
ORIGINS = {
    "ig-metadata/older/SDTM_v2.0": (
        "rubentalstra/Trial-Submission-Studio docs/SDTM_v2.0/ fa2974d6166a",
        "CDISC content: reference facts, attribute to CDISC",
    ),
    "ig-metadata/older": (
        "phuse-org/rdf.cdisc.org import-files/ 67f5cd902525; "
        "billdenney/Rsdtm data-raw/ 500e471c0171",
        "CDISC content: reference facts, attribute to CDISC",
    ),
    "ig-metadata": (
        "rubentalstra/Trial-Submission-Studio crates/tss-standards/data/ 222938d890fb",
        "CDISC Library content: reference facts, attribute to CDISC",
    ),
    f"{CT_OLDER_DIR}": (
        "cdisc-org/cdisc-rules-engine resources/cache/sdtmct-*.pkl (commit per release in "
        f"{CT_RELEASES_FILE})",
        "NCI EVS / CDISC Controlled Terminology: public with attribution",
    ),
    "controlled-terminology/SDTM_Terminology": (
        "patterninstitute/sdtm.terminology data-raw/ e4fdc5f0f869",
        "NCI EVS / CDISC Controlled Terminology: public with attribution",
    ),
    "controlled-terminology": (
        "rubentalstra/Trial-Submission-Studio crates/tss-standards/data/terminology/ "
        "222938d890fb",
        "NCI EVS / CDISC Controlled Terminology: public with attribution",
    ),
}
MANIFEST_FIELDS = ("file", "source", "rows", "sha256_uncompressed", "origin", "licence")


def origin(source: str) -> tuple[str, str]:
    """(repository path commit, licence) of a reference path (the longest matching prefix).

    >>> origin("controlled-terminology/ADaM_CT_2025-03-28.csv")[1][:7]
    'NCI EVS'
    """
    for prefix in sorted(ORIGINS, key=len, reverse=True):
        if source.startswith(prefix):
            return ORIGINS[prefix]
    raise KeyError(f"no origin recorded for {source}")


Table = tuple[Sequence[str], list[tuple[str, ...]]]


def _pinned_tables(src: dict[str, Path]) -> tuple[dict[str, Table], list[tuple[str, ...]]]:
    sdtm_ct = convert_ct(_read_sdtm_ct(src["ct_sdtm"]))
    adam_ct = convert_ct(_read_csv_ct(src["ct_adam"], "ADaM CT", versions.CT_ADAM))
    define_ct = convert_ct(_read_csv_ct(src["ct_define"], "Define-XML CT", versions.CT_DEFINE))
    ct_names = {r[0]: r[4] for r in sdtm_ct if not r[1]}
    tables: dict[str, Table] = {
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
    return tables, sdtm_ct


def _older_tables(reference: Path, sdtm_ct: list[tuple[str, ...]]) -> dict[str, Table]:
    summary, releases = read_older_ct(reference)
    history = convert_ct_history(releases, sdtm_ct)
    ct_codes: dict[str, str] = {}
    for row in history:  # older releases first, so the pinned CT's code wins below
        if not row[2]:
            ct_codes[row[5]] = row[1]
    ct_codes.update({r[4]: r[0] for r in sdtm_ct if not r[1]})
    src = {k: reference / v for k, v in older_source_names().items() if ";" not in v}
    tables: dict[str, Table] = {}
    for version, (datasets, _) in OLDER_SDTMIG.items():
        if datasets:
            tables[f"sdtmig_{version}_datasets"] = (
                SDTMIG_DATASET_FIELDS,
                convert_older_datasets(_read_csv(src[f"sdtmig_{version}_datasets"])),
            )
        tables[f"sdtmig_{version}_variables"] = (
            IG_VARIABLE_FIELDS,
            convert_older_variables(_read_csv(src[f"sdtmig_{version}_variables"]), ct_codes),
        )
    model = [_read_csv(reference / "ig-metadata" / "older" / f) for f in SDTM_MODEL_SOURCES]
    tables["sdtm_model_variables"] = (SDTM_MODEL_FIELDS, convert_sdtm_model(model))
    tables["ct_sdtm_releases"] = (
        CT_RELEASES_FIELDS, ct_release_rows(summary, releases, history)
    )
    tables["ct_sdtm_history"] = (CT_HISTORY_FIELDS, history)
    return tables


def _all_names() -> tuple[dict[str, str], dict[str, str]]:
    names = {**file_names(), **older_file_names(),
             "ct_sdtm_releases": CT_RELEASES_FILE, "ct_sdtm_history": CT_HISTORY_FILE}
    sources = {**source_names(), **older_source_names(),
               "ct_sdtm_releases": f"{CT_OLDER_DIR}/releases_summary.csv",
               "ct_sdtm_history": f"{CT_OLDER_DIR}/SDTM_CT_*.csv.gz"}
    return names, sources


def build(reference: Path) -> dict[str, bytes]:
    """All generated package data files (name -> bytes), plus ``manifest.csv``."""
    names, sources = _all_names()
    paths = [reference / p for v in sources.values() for p in v.split(";") if "*" not in p]
    absent = [str(p) for p in paths if not p.is_file()]
    if absent:
        raise FileNotFoundError(f"reference files missing: {absent}")
    src = {k: reference / v for k, v in source_names().items()}
    tables, sdtm_ct = _pinned_tables(src)
    tables.update(_older_tables(reference, sdtm_ct))
    out: dict[str, bytes] = {}
    manifest = []
    for key, (header, rows) in tables.items():
        data = csv_bytes(header, rows)
        name = names[key]
        out[name] = gzip_bytes(data) if name.endswith(".gz") else data
        manifest.append(
            (name, sources[key], str(len(rows)), hashlib.sha256(data).hexdigest(),
             *origin(sources[key]))
        )
    out["manifest.csv"] = csv_bytes(MANIFEST_FIELDS, manifest)
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
