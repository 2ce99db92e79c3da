"""The export's README: how it was made, a data dictionary, the subjects, the planted problems.

The dictionary is data (:data:`DICTIONARY`); :func:`expand` turns its column
groups back into column names so a test can check it covers every column.

>>> expand("date:ICDAT")
['ICDAT_RAW', 'ICDAT_YYYY', 'ICDAT_MM', 'ICDAT_DD', 'ICDAT']
"""

from __future__ import annotations

from .coding import meddra_column_names
from .rave import SYSTEM_COLUMNS, date_columns

SYS = ("system", "the 30 Rave system columns listed above")
DICTIONARY: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "dm.csv": ("Demographics (folder SCRN), one row per screened subject", [
        SYS, ("date:BRTHDAT", "birth date"), ("AGE AGEU", "age in years at consent (text)"),
        ("SEX SEX_STD", "sex decoded / code"), ("RACE RACE_STD", "race decoded / code"),
        ("ETHNIC ETHNIC_STD", "ethnicity decoded / code"),
        ("date:DMDAT", "date demographics collected")]),
    "ic.csv": ("Informed Consent (SCRN)", [
        SYS, ("date:ICDAT", "consent date"), ("ICVER", "protocol version consented")]),
    "ie.csv": ("Eligibility (SCRN): RecordPosition 0 holds IEYN; log lines 1.. list each "
               "criterion not met", [
                   SYS, ("IEYN IEYN_STD", "all criteria met? decoded / code"),
                   ("IECAT IETESTCD IETEST", "criterion not met: category, code, text")]),
    "sv.csv": ("Visit Date, one row per visit folder (scheduled, UNSn, ET)", [
        SYS, ("date:VISDAT", "visit date")]),
    "ex.csv": ("Study Drug Infusion (D1, WK4, WK8)", [
        SYS, ("date:EXSTDAT", "infusion date"), ("EXSTTIM EXENTIM", "infusion start / end"),
        ("EXDOSE_RAW EXDOSU", "total cells as typed (placebo `0`) / unit"),
        ("EXDOSKG", "cells x10^6/kg"), ("WEIGHT", "dosing weight, kg"),
        ("EXVOL", "infused volume, mL"), ("EXROUTE EXROUTE_STD", "route decoded / code"),
        ("KITNO EXLOT", "kit number and lot (from the kit label)"),
        ("EXADJ", "reason the infusion was interrupted or adjusted")]),
    "vs.csv": ("Vital Signs, one row per visit, or per timepoint on infusion days", [
        SYS, ("date:VSDAT", "measurement date"), ("VSTIM VSTPT", "time / timepoint text"),
        ("SYSBP SYSBP_UNIT DIABP DIABP_UNIT PULSE PULSE_UNIT TEMP TEMP_UNIT RESP RESP_UNIT",
         "result and unit per measure"),
        ("WEIGHT WEIGHT_UNIT HEIGHT HEIGHT_UNIT", "weight (not post-infusion), height "
         "(screening)")]),
    "ds.csv": ("Disposition: screen failures in SCRN, end of study in EOS", [
        SYS, ("DSCAT", "category"), ("DSDECOD DSDECOD_STD", "decoded / CT term"),
        ("DSTERM", "verbatim"), ("date:DSSTDAT", "disposition date"),
        ("DSEPOCH", "epoch of the event")]),
    "mh.csv": ("Medical History (SCRN log form)", [
        SYS, ("MHTERM", "verbatim"), ("meddra:MHTERM", "MedDRA coder output and version"),
        ("date:MHSTDAT", "onset"), ("date:MHENDAT", "end"),
        ("MHONGO MHONGO_STD", "ongoing decoded / code")]),
    "cm.csv": ("Concomitant Medications (LOG log form)", [
        SYS, ("CMTRT", "verbatim"),
        ("CMTRT_PREFERRED CMTRT_DRUGCODE CMTRT_ATC CMTRT_ATC_CODE WHODRUG_VERSION",
         "WHODrug coder output (ATC level 4)"),
        ("CMDOSE CMDOSU CMDOSFRQ", "dose, unit, frequency"),
        ("CMROUTE CMROUTE_STD", "route decoded / code"), ("CMINDC", "indication"),
        ("date:CMSTDAT", "start"), ("date:CMENDAT", "end"),
        ("CMONGO CMONGO_STD", "ongoing decoded / code")]),
    "ae.csv": ("Adverse Events (LOG log form); UTF-8 with byte-order mark", [
        SYS, ("AETERM", "verbatim"), ("meddra:AETERM", "MedDRA coder output and version"),
        ("date:AESTDAT", "start"), ("AESTTIM", "start time"), ("date:AEENDAT", "end"),
        ("AEONGO AEONGO_STD", "ongoing"), ("AESEV AESEV_STD", "severity"),
        ("AESER AESER_STD", "serious"),
        ("AESDTH AESDTH_STD AESLIFE AESLIFE_STD AESHOSP AESHOSP_STD AESDISAB AESDISAB_STD "
         "AESCONG AESCONG_STD AESMIE AESMIE_STD", "seriousness criteria (blank if not serious)"),
        ("AEREL AEREL_STD", "causality"), ("AEACN AEACN_STD", "action taken"),
        ("AEOUT AEOUT_STD", "outcome"), ("AECOMM", "comment")]),
    "ixrs_rand_blinded.csv": ("IxRS randomization, blinded (vendor file, no Rave columns)", [
        ("STUDYID SITEID SUBJID", "study, site, subject (as `Subject`)"),
        ("RANDNO RANDDTC STRATUM", "randomization number, date-time, stratum")]),
    "ixrs_rand_unblinded.csv": ("IxRS randomization, unblinded", [
        ("STUDYID SITEID SUBJID RANDNO", "keys"), ("ARMCD ARM", "planned arm")]),
    "ixrs_kits.csv": ("IxRS kit dispensing, one row per infusion", [
        ("STUDYID SITEID SUBJID VISIT", "keys (VISIT = folder name)"),
        ("KITNO KITARMCD LOTNO DISPDTC", "kit, arm the kit contained, lot (text), dispensed")]),
    "lab.csv": ("Central lab, long: one row per accession x test (+ appended corrections)", [
        ("STUDYID SITEID SUBJID ACCSNNUM", "keys; accession number per draw"),
        ("VISIT COLLDATE COLLTIME", "lab visit label, collection date and time"),
        ("LBCAT LBTESTCD LBTEST LOINC SPECIMEN FASTING",
         "test (CDISC CT codes), LOINC, specimen, fasting Y/N"),
        ("RESULT RESULTN UNIT", "result as reported (text), numeric or blank, reported unit"),
        ("SIRESULT SIUNIT", "vendor SI result / unit (blank when not converted)"),
        ("RANGELO RANGEHI ALERTFL", "reference range in reported unit, H/L flag"),
        ("TRANSTYPE TRANSDTM COMMENT", "INSERT/UPDATE/CANCEL, transfer time, vendor comment")]),
}


def expand(group: str) -> list[str]:
    """Column names of one dictionary group."""
    kind, _, name = group.partition(":")
    if group == "system":
        return list(SYSTEM_COLUMNS)
    if kind == "date":
        return date_columns(name)
    if kind == "meddra":
        return meddra_column_names(name)
    return group.split()


def _label(group: str) -> str:
    kind, _, name = group.partition(":")
    if group == "system":
        return "system columns"
    if kind == "date":
        return f"`{name}_RAW`, `_YYYY`, `_MM`, `_DD`, `{name}`"
    if kind == "meddra":
        return f"`{name}_LLT/_PT/_HLT/_HLGT/_SOC` (+`_CODE`), `MEDDRA_VERSION`"
    return ", ".join(f"`{c}`" for c in group.split())


def _where(inst: dict[str, str]) -> str:
    keys = [k for k in ("file", "RecordId", "Folder", "ACCSNNUM", "VISIT", "LBTESTCD", "KITNO")
            if k in inst]
    vals = [f"{k} {inst[k]}" for k in keys]
    shown = [f"{k} `{inst[k]}`" for k in (
        "AETERM", "AESTDAT_RAW", "AEENDAT_RAW", "AEONGO", "AESER_STD", "VISDAT_RAW",
        "MHSTDAT_RAW", "EXDOSE_RAW", "RESULT", "UNIT", "UPDATE_RESULT", "LOTNO", "EXLOT", "SEX",
        "SEX_STD", "AGE", "COLLTIME", "EXSTTIM", "SYSBP", "TEMP", "ARMCD", "KITARMCD")
        if inst.get(k)]
    who = inst.get("subject", "")
    return " ".join(x for x in (who, ", ".join(vals + shown)) if x)


def _problem_rows(report: dict) -> list[str]:
    lines = ["| # | problem | file, subject, record (RecordId or row) | expected outcome |",
             "|---|---|---|---|"]
    for p in report["problems"]:
        shown = [_where(i) for i in p["instances"][:4]]
        more = p["count"] - len(shown)
        where = "; ".join(shown) + (f"; (+{more} more)" if more > 0 else "")
        lines.append(f"| {p['id']} | {p['problem']} | {p['file']}: {where} | {p['expected']} |")
    return lines


def _subject_rows(report: dict) -> list[str]:
    lines = ["| Subject | site | status | sex | age | RANDNO | arm | actual arm | "
             "screening HbA1c | carries |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["roster"][:60]:
        lines.append(f"| {r['subject']} | {r['site']} | {r['status']} | {r['sex']} | {r['age']}"
                     f" | {r['randno']} | {r['arm']} | {r['actual_arm']} | "
                     f"{r['screening_hba1c']} | {r['roles']} |")
    return lines


def _dictionary(shapes: dict[str, tuple[list[str], int]]) -> list[str]:
    lines = []
    for name, (cols, nrows) in shapes.items():
        title, groups = DICTIONARY[name]
        lines.append(f"\n### `{name}` ({nrows} rows, {len(cols)} columns)\n{title}.\n")
        lines += [f"- {_label(g)}: {meaning}" for g, meaning in groups]
    return lines


INTRO = """# CHEC2023-226 raw export (synthetic)

A synthetic **Medidata Rave CSV export** for the sample study CHEC2023-226
(NCT06727721: phase 2, randomized, triple-blind, placebo (albumin injection) vs
UC-MSC vs OCN19-overexpressing UC-MSC in refractory type 2 diabetes), with the
vendor files a real study receives: IxRS randomization (blinded and unblinded)
and kit dispensing, and a central-lab long file. No real patient data.

Generated, not edited by hand ({subjects} subjects, seed {seed}):

    cdisc-convert synth --subjects {subjects} --seed {seed} --out sample_raw/CHEC2023-226 --force

or `cdisc_convert.tools.synth.generate(Path("sample_raw/CHEC2023-226"), subjects={subjects},
seed={seed})`. The same arguments give byte-identical files; a test regenerates
this folder and compares every file. `planted_problems.json` lists every planted
problem with the subject and key values of each instance (tests read it rather
than hard-coding rows).

Conventions: UTF-8, `\\n` line ends, QUOTE_MINIMAL quoting; only `ae.csv` has a
byte-order mark. Every EDC form starts with the 30 Rave system columns
`{system}`. Date fields come as `X_RAW` (as typed: `06 NOV 2023`, partials
`UN NOV 2023`, `UN UNK 2023`, `15 UNK 2024`, rarely `2023-11-06` or
`11/06/2023`), `X_YYYY`/`X_MM`/`X_DD` (numbers, blank when unknown) and `X`
(Rave decoded `06 Nov 2023`, blank when partial). Coded fields: `F` decoded
text, `F_STD` code. Folders: `SCRN`, `D1`, `WK4`, `WK8`, `WK12`, `WK24`, `WK36`,
`WK48`, `UNS1`.., `ET`, plus `EOS` (disposition) and `LOG` (AE, CM).
"""

NOTES = """
## Notes and assumptions
- Visit windows: Screening day -21..-7, Day 1, Wk4 D29+/-3, Wk8 D57+/-3, Wk12 D85+/-7,
  Wk24 D169+/-7, Wk36 D253+/-7, Wk48 D337+/-14. Infusions (1.0e6 cells/kg, 100 mL)
  on Day 1, Wk4, Wk8; the dosing weight is that day's pre-infusion weight.
- Lab: 60 tests per draw (+4 serology tests at screening). LBTESTCD/LBTEST from
  CDISC CT (C65047/C67154); no LB code exists for the serology tests, so they use
  Microbiology (HBSAG, HCV, HIV12P24) and Immunogenicity (REAAB) test codes.
  Urinalysis dipstick tests share codes with blood tests (GLUC, PROT) and differ by
  SPECIMEN. Day 1 samples are pre-dose (07:30-08:30) except the planted one.
  At 100+ subjects each post-baseline visit gets two extra retest draws
  (VISIT `UNSCHEDULED`, `lab_repeats`), so 1,000 subjects give about a million rows.
- Coder columns: MedDRA PT and SOC codes are real; LLT/HLT/HLGT codes and the
  WHODrug drug codes are illustrative (both dictionaries are licensed).
- Screen-failure eligibility codes (IN03, IN04, EX07, EX17) are provisional; the
  study spec holds the full list of criteria.
- Planted problems scale with the study: about one subject in ten randomized
  carries each subject-level problem; at this size there is one of each.
"""


def render_readme(report: dict, shapes: dict[str, tuple[list[str], int]]) -> str:
    """The README.md text for one generated export."""
    parts = [INTRO.format(subjects=report["subjects"], seed=report["seed"],
                          system=",".join(SYSTEM_COLUMNS)),
             "## Subjects\n", *_subject_rows(report),
             "\n## Data dictionary", *_dictionary(shapes),
             "\n## Planted problems\n", *_problem_rows(report), NOTES]
    return "\n".join(parts).rstrip("\n") + "\n"
