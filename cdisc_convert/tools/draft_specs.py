"""``cdisc-convert init``: draft a spec folder from a raw export, every proposal for review.

:func:`survey` reads the header of each raw file (a REDCap export: each instrument of the
records file, its fields from the data dictionary) and guesses its subject column and its
SDTM domain from the file or instrument name. :func:`draft_specs` writes ``study.yaml``, one
``sdtm/<domain>.yaml`` per source whose domain it recognised (variables of the SDTMIG domain
matched to raw columns by name, each marked ``# REVIEW``) and ``REVIEW.md`` listing every
source, its columns, what was guessed and what is left to write. ``spec check`` accepts the
folder; nothing is run and no value is read beyond the headers.

>>> guess_domain("adverse_events"), guess_domain("vs.csv"), guess_domain("ixrs_kits.csv")
('AE', 'VS', None)
>>> guess_subject(["STUDYID", "SUBJID", "VISIT"]), guess_subject(["record_id", "sex"])
('SUBJID', 'record_id')
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from cdisc_convert.errors import UsageError
from cdisc_convert.io.raw import decode
from cdisc_convert.standards import ig, versions

#: Words in a file or instrument name that name an SDTM domain (first match wins).
DOMAIN_WORDS = (
    ("DM", ("dm", "demog", "demographics")), ("AE", ("ae", "adverse")),
    ("CM", ("cm", "conmed", "conmeds", "medication", "medications")),
    ("MH", ("mh", "history")), ("VS", ("vs", "vital", "vitals")),
    ("LB", ("lb", "lab", "labs", "laboratory")),
    ("EX", ("ex", "exposure", "drug", "dosing", "infusion")),
    ("DS", ("ds", "disposition")), ("SV", ("sv", "visit")), ("IE", ("ie", "eligibility")))
#: Subject columns, most specific first (case ignored).
SUBJECT_COLUMNS = ("SUBJID", "Subject", "SUBJECT_ID", "SUBJECTID", "record_id", "PATID",
                   "PATIENT", "USUBJID", "PT")
#: Variables every dataset gets from the engine (STUDYID, DOMAIN, USUBJID) or init itself.
MADE_BY_DEFAULT = ("STUDYID", "DOMAIN", "USUBJID")
REDCAP_HEADER = ("Variable / Field Name", "Form Name", "Field Type")


@dataclass
class Source:
    """One raw input: a file, or one instrument of a REDCap records file."""

    alias: str
    file: str
    columns: list[str]
    subject: str | None
    domain: str | None
    instrument: str | None = None
    dictionary: str | None = None
    coded: dict[str, str] = field(default_factory=dict)   # REDCap field -> radio/checkbox...


def guess_domain(name: str) -> str | None:
    """The SDTM domain a file or instrument name suggests (None: not recognised)."""
    words = [w for w in re.split(r"[^a-z0-9]+", Path(name).stem.lower()) if w]
    for domain, names in DOMAIN_WORDS:
        if any(w in names for w in words):
            return domain
    return None


def guess_subject(columns: list[str]) -> str | None:
    """The column most likely holding the subject identifier (None: none found)."""
    folded = {c.casefold(): c for c in columns}
    for name in SUBJECT_COLUMNS:
        if name.casefold() in folded:
            return folded[name.casefold()]
    return next((c for c in columns if "subj" in c.casefold()), None)


def _header(path: Path) -> list[str]:
    text, _, _ = decode(path.read_bytes()[:200_000], path.name)
    first = next(csv.reader(io.StringIO(text)), [])
    return [c.strip() for c in first]


def _redcap_sources(raw: Path, dictionary: Path, taken: set[str]) -> list[Source]:
    from cdisc_convert.io.redcap import read_dictionary
    fields = read_dictionary(dictionary)
    records = next((p for p in sorted(raw.glob("*.csv")) if p != dictionary and
                    fields.record_id in _header(p) and "redcap_event_name" in _header(p)), None)
    if records is None:
        raise UsageError(f"{raw}: a REDCap data dictionary ({dictionary.name}) but no records "
                         f"export (a CSV with {fields.record_id} and redcap_event_name)")
    taken.add(records.name)
    out = []
    for form in fields.forms:
        own = [f for f in fields.of_form(form) if f.name != fields.record_id]
        out.append(Source(form, records.name, [f.name for f in own], fields.record_id,
                          guess_domain(form), form, dictionary.name,
                          {f.name: f.type for f in own if f.choices}))
    return out


def survey(raw: Path) -> list[Source]:
    """Every source of the raw export ``raw`` (REDCap recognised by its data dictionary)."""
    raw = Path(raw)
    if not raw.is_dir():
        raise UsageError(f"--raw {raw}: not a folder")
    files = sorted(p for p in raw.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        raise UsageError(f"--raw {raw}: no CSV file to draft specs from")
    taken: set[str] = set()
    sources: list[Source] = []
    for path in files:
        if tuple(_header(path)[:1]) == REDCAP_HEADER[:1] and set(REDCAP_HEADER) <= set(
                _header(path)):
            taken.add(path.name)
            sources += _redcap_sources(raw, path, taken)
    for path in files:
        if path.name in taken:
            continue
        cols = _header(path)
        sources.append(Source(re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_"),
                              path.name, cols, guess_subject(cols), guess_domain(path.name)))
    return sources


def _candidates(var: str, domain: str) -> list[str]:
    """Raw column names (folded) that would hold ``var``, best first."""
    stem = var[len(domain):] if var.startswith(domain) and var != domain else var
    names = [var + "_STD", var]
    if var.endswith("DTC"):
        dat = var[:-3] + "DAT"
        names = [dat + "_RAW", dat, var]
    if len(stem) >= 3 and stem != var:
        names.append(stem)
    return [n.casefold() for n in names]


def _make(var: ig.IGVariable, src: Source, column: str) -> str:
    ref = f"{src.alias}.{column}"
    if var.name.endswith("DTC"):
        return f"{{algorithm: assign_datetime, date: {ref}}}"
    kind = src.coded.get(column)
    if kind == "checkbox":
        return f"{{algorithm: assign_checkbox, from: {ref}}}"
    if kind:
        return f"{{algorithm: assign_choice, from: {ref}}}"
    if var.codelist_names and any(var.codelist_names):
        return f"{{algorithm: assign_ct, from: {ref}}}"
    if var.type == "Num":
        return f"{{algorithm: assign_number, from: {ref}}}"
    # XPT v5 holds ASCII only: letters with an ASCII form are folded (MAP-NONASCII says so),
    # so a draft runs on an export with accented or CJK text and reports each such value
    return f"{{algorithm: assign_no_ct, from: {ref}, ascii: true}}"


def propose(src: Source) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(variable, raw column, make) proposed for the source's domain, and the Req variables
    no column matched."""
    assert src.domain is not None
    by_folded = {c.casefold(): c for c in src.columns}
    found, missing, used = [], [], set()
    for var in ig.sdtmig_variables(src.domain):
        if var.name in MADE_BY_DEFAULT or var.name.endswith("SEQ"):
            continue
        if var.name == "SUBJID" and src.subject:
            used.add(src.subject)
            found.append((var.name, src.subject,
                          f"{{algorithm: assign_no_ct, from: {src.alias}.{src.subject}}}"))
            continue
        column = next((by_folded[n] for n in _candidates(var.name, src.domain)
                       if n in by_folded and by_folded[n] not in used), None)
        if column is None:
            if var.core == "Req":
                missing.append(var.name)
            continue
        used.add(column)
        found.append((var.name, column, _make(var, src, column)))
    return found, missing


def _q(text: str) -> str:
    """A YAML scalar: JSON-quoted (valid YAML) when plain text would be misread."""
    return text if re.fullmatch(r"[A-Za-z0-9_.][A-Za-z0-9_. -]*", text) else json.dumps(text)


def _source_line(src: Source) -> str:
    parts = [f"file: {_q(src.file)}"]
    if src.instrument:
        parts += [f"dictionary: {_q(src.dictionary or '')}", f"instrument: {src.instrument}"]
    parts.append(f"subject: {_q(src.subject)}" if src.subject else "subject: none")
    return f"  {src.alias}: {{{', '.join(parts)}}}"


def dataset_yaml(src: Source) -> str:
    """The draft spec of the source's domain (variables matched by name, marked REVIEW)."""
    assert src.domain is not None
    meta = ig.sdtmig_dataset(src.domain)
    found, missing = propose(src)
    seq = [] if src.domain == "DM" else [f"{src.domain}SEQ"]
    lines = [f"# Drafted by `cdisc-convert init` from {src.file}"
             + (f" (REDCap instrument {src.instrument})" if src.instrument else "")
             + ". Every variable below is a PROPOSAL", "# matched by column name: review each "
             "line marked REVIEW, then add what is missing (see REVIEW.md).",
             f"dataset: {src.domain}", f"label: {_q(meta.label if meta else src.domain)}",
             f"structure: {_q(meta.structure if meta and meta.structure else 'REVIEW')}",
             f"keys: [{', '.join(['STUDYID', 'USUBJID', *seq])}]",
             "sources:", _source_line(src), f"records: {src.alias}", "variables:"]
    if seq:
        lines.append(f"  - {{name: {seq[0]}, origin: Derived, make: {{algorithm: derive_seq}}}}")
    for name, column, make in found:
        lines.append(f"  # REVIEW: proposed from raw column {column} (name match)")
        lines.append(f"  - {{name: {name}, origin: {{type: Collected, source: Investigator}}, "
                     f"make: {make}}}")
    for name in missing:
        lines.append(f"  # TODO: {name} is required and no raw column matched its name")
    return "\n".join(lines) + "\n"


def study_yaml(study: str) -> str:
    return "\n".join([
        "# Drafted by `cdisc-convert init`: fill in the study (docs/spec-guide.md).",
        "study:", f"  studyid: {_q(study)}", "  title: REVIEW (the protocol title)",
        f"  sponsor: {_q(study)} sponsor (REVIEW)", "usubjid: {separator: \"-\"}",
        "standards:", f"  SDTMIG: {_q(versions.SDTMIG)}",
        "# Planned visits (visitnum, visit, aliases = the raw visit labels), arms, epochs,",
        "# codelists and design: see docs/spec-guide.md.", ""])


def review_md(study: str, sources: list[Source], drafted: dict[str, Source]) -> str:
    lines = [f"# {study}: what `cdisc-convert init` drafted, for review", "",
             "| source | file | instrument | subject column | domain | columns |",
             "|---|---|---|---|---|---|"]
    for s in sources:
        dom = s.domain if drafted.get(s.domain or "") is s else \
            (f"{s.domain} (drafted from another source)" if s.domain else "not recognised")
        lines.append(f"| {s.alias} | {s.file} | {s.instrument or ''} | "
                     f"{s.subject or 'NONE FOUND'} | {dom} | {', '.join(s.columns)} |")
    lines += ["", "Each `sdtm/*.yaml` lists the SDTMIG variables whose name matched a raw column "
              "(`# REVIEW` lines) and the required ones nothing matched (`# TODO`). Sources no "
              "domain was drafted from are yours to map (join them into a dataset with "
              "`join:`, or write their dataset spec).", ""]
    return "\n".join(lines)


def draft_specs(study: str, raw: Path, to: Path, *, force: bool = False) -> list[Path]:
    """Write the draft spec folder ``to`` for study ``study`` from raw export ``raw``."""
    to = Path(to)
    if to.exists() and any(to.iterdir()) and not force:
        raise UsageError(f"--to {to} is not empty; give a new folder (or --force to write "
                         "over the files init writes)")
    sources = survey(raw)
    drafted: dict[str, Source] = {}
    for src in sources:
        if src.domain and src.domain not in drafted and src.subject:
            drafted[src.domain] = src
    (to / "sdtm").mkdir(parents=True, exist_ok=True)
    written = [to / "study.yaml", to / "REVIEW.md"]
    written[0].write_text(study_yaml(study), encoding="utf-8")
    written[1].write_text(review_md(study, sources, drafted), encoding="utf-8")
    for domain, src in sorted(drafted.items()):
        path = to / "sdtm" / f"{domain.lower()}.yaml"
        path.write_text(dataset_yaml(src), encoding="utf-8")
        written.append(path)
    return written
