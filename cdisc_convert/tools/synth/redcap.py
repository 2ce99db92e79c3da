"""Synthetic REDCap-style export of the second sample study (``synth --style redcap``).

The same cohort model as the Rave-style sample (:mod:`.cohort`), written as a REDCap
project exports it: ``records.csv`` (one row per record and event, one per instance of a
repeating instrument or event; checkbox fields as ``race___1`` ...; radio and dropdown
fields as codes; each date in its field's validation format; ``<form>_complete``),
``data_dictionary.csv`` (REDCap's own columns), the central-lab vendor file ``lab.csv``,
``planted_problems.json`` and a README. The form contents come from the Rave-style builders
and are re-keyed; byte-identical for the same arguments.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "raw"
>>> [p.name for p in generate_redcap(out)]
['records.csv', 'data_dictionary.csv', 'lab.csv', 'planted_problems.json', 'README.md']
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from cdisc_convert.errors import UsageError

from .ae import build_ae, plan_events
from .cohort import Cohort, build_cohort, plant_count, rng_for
from .dosing import build_ex, build_kits
from .forms import build_dm, build_ds, build_ic, build_sv
from .history import build_cm, build_mh, conditions
from .lab import build_lab
from .planted import CATALOGUE, Plants, Problem
from .rave import RaveContext, write_csv
from .redcap_fields import (
    DICTIONARY_COLUMNS,
    INSTRUMENTS,
    Instrument,
    dictionary_rows,
    record_columns,
    value_of,
)
from .vs import build_vs

STUDYID = "IIT-T2D-031"
MIN_SUBJECTS = 12

_CARRIED = ("ae_end_before_start", "ae_ongoing_with_end", "ae_uncoded_nonascii",
            "ae_misspelled_coded", "sae_no_criterion", "newline_in_comment", "vs_fever",
            "vs_implausible", "dose_formats", "lot_leading_zeros", "kit_mixup", "screen_failure",
            "age72", "hba1c_106", "lab_text_lt", "lab_text_gt", "lab_text_urine", "glucose_mgdl",
            "unit_spellings", "lab_retransmission", "lab_cancel", "baseline_trap")
_FILES = {"ae.csv": "records.csv [adverse_events]", "vs.csv": "records.csv [vital_signs]",
          "ex.csv": "records.csv [study_drug]", "dm.csv": "records.csv [demographics]",
          "ixrs_kits.csv": "records.csv [study_drug]", "ixrs_kits.csv + ex.csv":
          "records.csv [study_drug]", "dm.csv + ixrs": "records.csv [demographics]"}

_OWN = tuple(Problem(*p) for p in (
    ("dates_by_validation", "Each date field in its own validation format: `brthdat` "
     "`date_mdy` (`02-21-1961`), `visdat`/`dmdat`/`exstdat` `date_dmy` (`06-11-2023`), `icdat` "
     "`date_ymd`, `rand_dtm` `datetime_ymd` (`2023-11-20 10:31`)",
     "records.csv + data_dictionary.csv",
     "read by the dictionary's validation type (no raw_fmt in the spec); ISO 8601 in --DTC"),
    ("free_text_partial", "Partial dates in free-text date fields (`UNK-11-2023`, "
     "`UNK-UNK-2012`)", "records.csv", "truncated ISO 8601 (`2023-11`, `2012`); no study day"),
    ("race_multiple", "Two races ticked (`race___2` = 1 and `race___5` = 1)", "records.csv",
     "RACE `MULTIPLE`; SUPPDM RACE1 `ASIAN`, RACE2 `WHITE`"),
    ("race_none", "No race ticked (every `race___n` = 0)", "records.csv",
     "RACE null; validation reports the missing RACE"),
    ("choice_not_in_dictionary", "Radio code `4` in `aesev`: not a choice of the field in the "
     "data dictionary (1-3)", "records.csv", "AESEV null; MAP-CHOICE error naming the record, "
     "the column and the choices"),
    ("repeating_unscheduled", "Unscheduled visits as instances of the repeating event "
     "`unscheduled_arm_1`", "records.csv", "VISITNUM numbered after the previous visit (x.1)"),
    ("form_status", "Forms left `Incomplete` (0) or `Unverified` (1) in `<form>_complete`",
     "records.csv", "kept as collected (a form status is not a deletion)"),
))
CATALOGUE_REDCAP = _OWN + tuple(Problem(p.slug, p.problem, _FILES.get(p.file, p.file),
                                        p.expected) for p in CATALOGUE if p.slug in _CARRIED)

#: Builder columns that identify a Rave record, not its content.
_RAVE_KEYS = ("RecordId", "Folder", "FolderName", "FolderSeq", "Subject", "RecordActive",
              "RecordPosition", "DataPageId", "instanceId", "SaveTs", "SaveTS", "MinCreated",
              "MaxUpdated", "RecordDate", "InstanceName", "PageRepeatNumber")


def event_of(folder: str, name: str) -> tuple[str, str]:
    """(``redcap_event_name``, repeat instance of a repeating event) of a builder folder.

    >>> event_of("WK4", "Week 4"), event_of("UNS2", "Unscheduled 2")
    (('week_4_arm_1', ''), ('unscheduled_arm_1', '2'))
    """
    match = re.fullmatch(r"UNS(\d+)", folder)
    if match:
        return "unscheduled_arm_1", match.group(1)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") + "_arm_1", ""


class Records:
    """The records export being assembled: one row per slot (record, event, repeat)."""

    def __init__(self) -> None:
        self.rows: dict[tuple, dict[str, str]] = {}
        self.where: dict[str, dict[str, str]] = {}   # Rave RecordId -> REDCap keys
        self.counts: dict[tuple, int] = {}

    def put(self, order: tuple, keys: dict[str, str], values: dict[str, str],
            rave_id: str = "") -> dict[str, str]:
        row = self.rows.setdefault(order, dict(keys))
        row.update(values)
        if rave_id:
            self.where[rave_id] = keys
        return row


def _content(row: dict[str, str]) -> tuple:
    return tuple(v for k, v in sorted(row.items()) if k not in _RAVE_KEYS and k not in (
        "instanceId", "DataPageId"))


def _add_form(rec: Records, inst: Instrument, rows: list[dict[str, str]],
              subject_order: dict[str, int], rng: np.random.Generator) -> None:
    last: dict[str, tuple] = {}
    for row in rows:
        if row.get("RecordActive", "1") == "0":
            continue                             # REDCap deletes a record; nothing exported
        content = _content(row)
        if last.get(row["Subject"]) == content:
            continue                             # a double entry is one REDCap instance
        last[row["Subject"]] = content
        event, ev_inst = event_of(row["Folder"], row["FolderName"])
        base = (subject_order[row["Subject"]], float(row["FolderSeq"]), event, ev_inst)
        keys = {"record_id": row["Subject"], "redcap_event_name": event,
                "redcap_repeat_instrument": "", "redcap_repeat_instance": ev_inst,
                "redcap_data_access_group": f"site_{row['SiteNumber']}"}
        if inst.repeating and not ev_inst:
            n = rec.counts[base + (inst.name,)] = rec.counts.get(base + (inst.name,), 0) + 1
            keys = keys | {"redcap_repeat_instrument": inst.name, "redcap_repeat_instance": str(n)}
            slot = base + (list(INSTRUMENTS).index(inst.name), n)
        else:
            slot = base + (-1, 0)
        status = rng.choice(["2", "2", "2", "2", "2", "2", "2", "2", "2", "1", "2", "0"])
        values = {f.name: value_of(f, row) for f in inst.fields if f.type != "checkbox"}
        values[f"{inst.name}_complete"] = str(status)
        rec.put(slot, keys, values, row.get("RecordId", ""))


def _rand_rows(c: Cohort, dm_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    by_subject = {s.subject: s for s in c.subjects}
    out = []
    for row in dm_rows:
        s = by_subject[row["Subject"]]
        if s.randomized and s.rand_dtm is not None:
            out.append(row | {"ARMCD": s.arm or "", "RANDNO": s.randno,
                              "RANDDTM": s.rand_dtm.strftime("%Y-%m-%d %H:%M"),
                              "RecordId": ""})
    return out


def _forms(c: Cohort, seed: int) -> tuple[list[tuple[str, list[dict[str, str]]]], Plants]:
    sink = Plants(strict=False)
    ctx = RaveContext(rng_for(seed, 2))
    kits = build_kits(c, rng_for(seed, 4), sink)[1]
    kit_arm = {(k["SUBJID"], k["VISIT"]): k["KITARMCD"] for k in kits}
    events = plan_events(c, rng_for(seed, 5))
    hist = conditions(c, rng_for(seed, 6))
    dm = build_dm(c, ctx, sink)[1]
    ex = [r | {"KITARMCD": kit_arm.get((r["Subject"], r["FolderName"]), "")}
          for r in build_ex(c, ctx, kits, sink)[1]]
    return [("demographics", dm), ("informed_consent", build_ic(c, ctx)[1]),
            ("randomization", _rand_rows(c, dm)), ("visit_date", build_sv(c, ctx, sink)[1]),
            ("vital_signs", build_vs(c, ctx, rng_for(seed, 7), sink)[1]), ("study_drug", ex),
            ("medical_history", build_mh(c, ctx, hist, rng_for(seed, 8), sink)[1]),
            ("conmeds", build_cm(c, ctx, hist, events, rng_for(seed, 9))[1]),
            ("adverse_events", build_ae(c, ctx, events, sink)[1]),
            ("disposition", build_ds(c, ctx)[1])], sink


def _races(c: Cohort, rec: Records, plants: Plants, rng: np.random.Generator) -> None:
    rand = [s for s in c.subjects if s.randomized]
    pool = [rand[int(i)] for i in rng.permutation(len(rand))]
    k = plant_count(len(rand))
    multiple, none = {s.subject for s in pool[:k]}, {pool[k].subject} if len(pool) > k else set()
    for row in rec.rows.values():
        if not row.get("demographics_complete"):
            continue
        rid = row["record_id"]
        ticked = {"2", "5"} if rid in multiple else set() if rid in none else {"2"}
        for code in "123456":
            row[f"race___{code}"] = "1" if code in ticked else "0"
        if rid in multiple:
            plants.hit("race_multiple", subject=rid, race___2="1", race___5="1")
        if rid in none:
            plants.hit("race_none", subject=rid)


def _plant_choice(rec: Records, plants: Plants) -> None:
    for row in rec.rows.values():
        if row.get("redcap_repeat_instrument") == "adverse_events" and row.get("aesev") == "1" \
                and row.get("aeser") == "0":
            row["aesev"] = "4"
            plants.hit("choice_not_in_dictionary", subject=row["record_id"],
                       redcap_repeat_instance=row["redcap_repeat_instance"], aesev="4")
            return


def _note_plants(rec: Records, plants: Plants) -> None:
    first = next(iter(rec.rows.values()))
    plants.hit("dates_by_validation", subject=first["record_id"], brthdat=first["brthdat"],
               icdat=first["icdat"], dmdat=first["dmdat"])
    partial = 0
    for row in rec.rows.values():
        for name in ("aestdat", "aeendat", "cmstdat", "cmendat", "mhstdat", "mhendat"):
            if "UNK" in row.get(name, "") and partial < 100:
                partial += 1
                plants.hit("free_text_partial", subject=row["record_id"],
                           redcap_repeat_instrument=row["redcap_repeat_instrument"],
                           redcap_repeat_instance=row["redcap_repeat_instance"],
                           **{name: row[name]})
        if row["redcap_event_name"] == "unscheduled_arm_1" and row.get("visdat"):
            plants.hit("repeating_unscheduled", subject=row["record_id"],
                       redcap_repeat_instance=row["redcap_repeat_instance"], visdat=row["visdat"])
        for key, value in row.items():
            if key.endswith("_complete") and value in ("0", "1") and \
                    len(plants.instances["form_status"]) < 20:
                plants.hit("form_status", subject=row["record_id"],
                           redcap_event_name=row["redcap_event_name"], **{key: value})


def _carry(sink: Plants, rec: Records, plants: Plants) -> None:
    """The Rave builders' plants, re-keyed to where they are in the REDCap export."""
    for slug in _CARRIED:
        for hit in sink.instances.get(slug, []):
            where = rec.where.get(hit.get("RecordId", ""), {})
            plain = {k: v for k, v in hit.items() if k not in _RAVE_KEYS and
                     not k.endswith(("_RAW", "_STD"))}
            plants.hit(slug, **({"subject": hit.get("subject", "")} | {
                k: v for k, v in where.items() if k.startswith("redcap_") and v} | plain))


def _write_lab(c: Cohort, seed: int, out_dir: Path, plants: Plants) -> Path:
    cols, data = build_lab(c, seed, plants)
    data["STUDYID"] = np.full(len(data["STUDYID"]), STUDYID, dtype=object)
    rows = [dict(zip(cols, vals, strict=True)) for vals in zip(*(data[k].tolist()
                                                                  for k in cols), strict=True)]
    return write_csv(out_dir / "lab.csv", cols, rows)


def generate_redcap(out_dir: Path, subjects: int = 12, seed: int = 226) -> list[Path]:
    """Write the REDCap-style export of ``subjects`` screened subjects into ``out_dir``."""
    if subjects < MIN_SUBJECTS:
        raise UsageError(f"synth needs at least {MIN_SUBJECTS} subjects, got {subjects}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cohort = build_cohort(subjects, seed)
    order = {s.subject: s.idx for s in cohort.subjects}
    rec, plants = Records(), Plants(CATALOGUE_REDCAP, STUDYID)
    forms, sink = _forms(cohort, seed)
    rng = rng_for(seed, 21)
    for name, rows in forms:
        _add_form(rec, INSTRUMENTS[name], rows, order, rng)
    _races(cohort, rec, plants, rng_for(seed, 20))
    _plant_choice(rec, plants)
    _note_plants(rec, plants)
    _carry(sink, rec, plants)
    rows = [rec.rows[k] for k in sorted(rec.rows)]
    paths = [write_csv(out_dir / "records.csv", record_columns(), rows),
             write_csv(out_dir / "data_dictionary.csv", list(DICTIONARY_COLUMNS),
                       dictionary_rows())]
    paths.append(_write_lab(cohort, seed, out_dir, plants))
    report = plants.to_json(subjects, seed)
    meta = out_dir / "planted_problems.json"
    meta.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8",
                    newline="\n")
    readme = out_dir / "README.md"
    readme.write_text(render_redcap_readme(report, len(rows)), encoding="utf-8", newline="\n")
    return [*paths, meta, readme]


def render_redcap_readme(report: dict, n_rows: int) -> str:
    """The README of the export: what each file is, the instruments, the planted problems."""
    lines = [f"# {report['study']}: synthetic REDCap export", "",
             f"Made by `cdisc-convert synth --style redcap --subjects {report['subjects']} "
             f"--seed {report['seed']}` from the cohort model of the sample study (same arms, "
             f"visits and data as the Rave-style sample, written as REDCap exports them). "
             f"Synthetic: no real person.", "",
             "## Files", "",
             f"- `records.csv`: REDCap's flat records export ({n_rows} rows): one row per record "
             "and event, one per instance of a repeating instrument (`redcap_repeat_instrument`, "
             "`redcap_repeat_instance`) or of the repeating event `unscheduled_arm_1`; "
             "`redcap_data_access_group` is the site; checkbox fields as `race___1` ... "
             "`race___6`; radio, dropdown and yes/no fields as codes; dates in each field's "
             "validation format; `<form>_complete` 0 Incomplete, 1 Unverified, 2 Complete.",
             "- `data_dictionary.csv`: the REDCap data dictionary (REDCap's column names): each "
             "field's form, type, label, choices (`1, Male | 2, Female`) and validation type.",
             "- `lab.csv`: the central-lab vendor file (one row per test result).",
             "- `planted_problems.json`: where each planted problem landed.", "",
             "## Instruments", "", "| instrument | repeating | fields |", "|---|---|---|"]
    for inst in INSTRUMENTS.values():
        lines.append(f"| {inst.name} | {'yes' if inst.repeating else 'no'} | "
                     f"{', '.join(f.name for f in inst.fields)} |")
    lines += ["", "## Planted problems", "", "| id | problem | file | expected | count |",
              "|---|---|---|---|---|"]
    for p in report["problems"]:
        lines.append(f"| {p['id']} | {p['problem']} | {p['file']} | {p['expected']} | "
                     f"{p['count']} |")
    return "\n".join(lines) + "\n"


__all__ = ["generate_redcap", "CATALOGUE_REDCAP", "STUDYID"]
