"""The catalogue of planted data problems and the record of where each one landed.

Builders call :meth:`Plants.hit` with the record they planted; the result is
written as ``planted_problems.json`` and the README's "Planted problems" table,
so tests and docs never hard-code row numbers.

>>> p = Plants()
>>> p.hit("lot_leading_zeros", subject="101-002", KITNO="K12345", LOTNO="00123")
>>> p.to_json(subjects=12, seed=226)["problems"][16]["instances"][0]["LOTNO"]
'00123'
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 100  # instances listed per problem; ``count`` always has the total


@dataclass(frozen=True)
class Problem:
    slug: str
    problem: str
    file: str
    expected: str


CATALOGUE = tuple(Problem(*p) for p in (
    ("partial_no_day", "Partial date, day unknown (`UN MON YYYY`)", "ae.csv",
     "AESTDTC ISO 8601 truncated to `YYYY-MM` (e.g. `2023-11`); no AESTDY"),
    ("partial_year_only", "Partial date, day and month unknown (`UN UNK YYYY`)", "ae.csv",
     "AESTDTC truncated to `YYYY` (e.g. `2023`); no AESTDY"),
    ("partial_no_month", "Partial date, month unknown (`DD UNK YYYY`)", "ae.csv",
     "AESTDTC `YYYY---DD` (e.g. `2024---15`); no AESTDY"),
    ("mh_partial_year", "Diagnosis date `UN UNK 2012` (year only)", "mh.csv",
     "MHSTDTC `2012`; no study day"),
    ("date_formats", "Several date formats in one column (`2023-11-06`, `11/06/2023`)",
     "sv.csv", "parsed to ISO 8601 (SVSTDTC `YYYY-MM-DD`)"),
    ("ae_end_before_start", "AE end date before start date", "ae.csv",
     "validation error (AE start after end)"),
    ("ae_ongoing_with_end", "AEONGO=`Yes` and an end date", "ae.csv",
     "validation warning (ongoing with end date)"),
    ("lab_text_lt", "Lab text result `<0.1`", "lab.csv",
     "LBORRES/LBSTRESC keep the text; LBSTRESN null"),
    ("lab_text_gt", "Glucose above assay limit `>33.3`", "lab.csv",
     "LBORRES/LBSTRESC keep the text; LBSTRESN null"),
    ("lab_text_urine", "Urinalysis text results `NEG`, `TRACE`, `1+`", "lab.csv",
     "LBORRES/LBSTRESC keep the text; LBSTRESN null"),
    ("glucose_mgdl", "Glucose reported in mg/dL at one visit (mmol/L elsewhere)", "lab.csv",
     "converted to mmol/L (/18.016) in LBSTRESN/LBSTRESU"),
    ("unit_spellings", "Unit spellings `umol/L`, `µmol/L` (U+00B5), `μmol/L` (U+03BC), "
     "`mmol/l`", "lab.csv", "normalised to `umol/L` / `mmol/L` in LBORRESU"),
    ("lab_retransmission", "Re-transmission: INSERT then corrected UPDATE (same ACCSNNUM + "
     "LBTESTCD, later TRANSDTM)", "lab.csv",
     "only the UPDATE value kept (note of the dropped superseded record)"),
    ("lab_cancel", "Cancelled test (TRANSTYPE `CANCEL`, RESULT blank)", "lab.csv",
     "no LB record"),
    ("baseline_trap", "Day 1 \"pre-dose\" sample collected after the infusion started",
     "lab.csv + ex.csv", "not baseline; LBLOBXFL on the screening record instead"),
    ("dose_formats", "Dose typed `6.5E7`, `6.5x10^7`, `65,000,000`", "ex.csv",
     "EXDOSE 65000000 each"),
    ("lot_leading_zeros", "Lot number `00123` (leading zeros)", "ixrs_kits.csv + ex.csv",
     "EXLOT `00123`"),
    ("kit_mixup", "Kit mix-up: randomized to MSC, every kit dispensed was OCNMSC",
     "ixrs_kits.csv", "ARMCD `MSC`, ACTARMCD `OCNMSC`"),
    ("screen_failure", "Screen failures absent from the randomization files", "dm.csv + ixrs",
     "ARMNRS `SCREEN FAILURE`; ARMCD/ACTARMCD null"),
    ("sex_typed_m", "SEX typed `M` (others decoded `Male`)", "dm.csv", "SEX `M`"),
    ("sex_mismatch", "SEX decoded `Female` but SEX_STD `M`", "dm.csv",
     "code used (SEX `M`); warning finding"),
    ("hba1c_106", "Enrolled subject with screening HbA1c 10.6 % (outside 7.5-10)", "lab.csv",
     "protocol-deviation finding from the study suite"),
    ("age72", "Enrolled subject aged 72", "dm.csv",
     "protocol-deviation finding (eligibility age range in the study spec)"),
    ("ae_uncoded_nonascii", "Uncoded verbatim AE term with non-ASCII characters", "ae.csv",
     "AEDECOD null, finding \"uncoded term\"; error finding: non-ASCII value in AETERM"),
    ("ae_misspelled_coded", "Misspelled verbatim `Hypoglycemia episod` that is coded",
     "ae.csv", "AEDECOD from the coder (`Hypoglycaemia`)"),
    ("sae_no_criterion", "Serious AE (AESER_STD `Y`) with no seriousness criterion ticked",
     "ae.csv", "validation error"),
    ("duplicate_row", "Exact duplicate row (every column identical)", "ae.csv",
     "dropped with a note"),
    ("record_inactive", "Deleted record (RecordActive=0)", "ae.csv", "dropped with a note"),
    ("bom", "UTF-8 byte-order mark", "ae.csv", "header read correctly"),
    ("newline_in_comment", "Newline inside a quoted comment (AECOMM)", "ae.csv",
     "one record"),
    ("vs_fever", "Temperature >= 38.0 C within 24 h after an infusion", "vs.csv",
     "kept as collected; infusion-reaction fever flag in ADaM"),
    ("vs_implausible", "Implausible value: SYSBP 1200 (typo for 120)", "vs.csv",
     "kept as collected; validation warning (value outside plausible range)"),
))
SLUGS = tuple(p.slug for p in CATALOGUE)


class Plants:
    """Where each planted problem landed, in planting order."""

    def __init__(self, catalogue: tuple[Problem, ...] = CATALOGUE,
                 study: str = "CHEC2023-226", *, strict: bool = True) -> None:
        self.catalogue, self.study, self.strict = catalogue, study, strict
        self.instances: dict[str, list[dict[str, str]]] = {p.slug: [] for p in catalogue}

    def hit(self, slug: str, **where: str) -> None:
        """Record one planted instance; keys are column names (plus ``subject``/``row``).

        A slug outside the catalogue is an error, or (``strict=False``, for a builder
        shared with another export shape) ignored."""
        if slug not in self.instances:
            if not self.strict:
                return
            raise KeyError(f"unknown planted problem {slug!r}; known: "
                           f"{', '.join(self.instances)}")
        self.instances[slug].append({k: str(v) for k, v in where.items()})

    def to_json(self, subjects: int, seed: int, roster: list[dict[str, str]] | None = None
                ) -> dict:
        problems = []
        for n, p in enumerate(self.catalogue, start=1):
            found = self.instances[p.slug]
            problems.append({"id": f"P{n:02d}", "slug": p.slug, "problem": p.problem,
                             "file": p.file, "expected": p.expected, "count": len(found),
                             "instances": found[:MAX_LISTED]})
        return {"study": self.study, "subjects": subjects, "seed": seed,
                "roster": roster or [], "problems": problems}
