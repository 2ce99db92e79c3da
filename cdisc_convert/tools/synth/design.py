"""Study constants the generator draws from (CHEC2023-226, as assumed in SAMPLE_STUDY.md).

These are *generation* constants only: the study spec (``specs/CHEC2023-226``)
is the authority for mapping and checks. Nothing here is read by the engine.

>>> VISITS["WK4"].target_day, VISITS["WK4"].window
(29, 3)
>>> ARMS["OCNMSC"]
'OCN19-overexpressing UC-MSC'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STUDYID = "CHEC2023-226"
PROJECT_ID = "412"
RAVE_STUDY_ID = "1873"
ENVIRONMENT = "PROD"
SITE_GROUP = "CHN"
STUDY_START = dt.date(2023, 11, 6)
PROTOCOL_VERSION = "2.0"
MEDDRA_VERSION = "27.0"
WHODRUG_VERSION = "B3 2024MAR"

# Arm code -> arm label (IxRS unblinded file). Allocation 4:3:3.
ARMS = {
    "PBO": "Placebo (albumin injection)",
    "MSC": "UC-MSC",
    "OCNMSC": "OCN19-overexpressing UC-MSC",
}
ALLOCATION_BLOCK = ("OCNMSC",) * 4 + ("MSC",) * 3 + ("PBO",) * 3

# Kit lots per arm: the first lot is used before LOT_SWITCH, the second after.
LOTS = {
    "PBO": ("00123", "00131"),
    "MSC": ("M23-0457", "M24-0012"),
    "OCNMSC": ("OC23-0918", "OC24-0103"),
}
LOT_SWITCH = dt.date(2024, 3, 1)
DOSE_PER_KG = 1.0e6  # cells per kg
INFUSION_VOLUME_ML = "100"


@dataclass(frozen=True)
class Visit:
    """One planned visit: Rave folder OID and name, order, target day and window."""

    folder: str
    name: str
    seq: int
    target_day: int | None
    window: int
    lab_label: str
    infusion: bool = False


VISITS = {
    v.folder: v
    for v in (
        Visit("SCRN", "Screening", 1, None, 0, "SCREENING"),
        Visit("D1", "Day 1", 2, 1, 0, "DAY 1", True),
        Visit("WK4", "Week 4", 3, 29, 3, "WEEK 4", True),
        Visit("WK8", "Week 8", 4, 57, 3, "WEEK 8", True),
        Visit("WK12", "Week 12", 5, 85, 7, "WEEK 12"),
        Visit("WK24", "Week 24", 6, 169, 7, "WEEK 24"),
        Visit("WK36", "Week 36", 7, 253, 7, "WEEK 36"),
        Visit("WK48", "Week 48", 8, 337, 14, "WEEK 48"),
        Visit("ET", "Early Termination", 9, None, 0, "EARLY TERMINATION"),
    )
}
SCHEDULED = ("SCRN", "D1", "WK4", "WK8", "WK12", "WK24", "WK36", "WK48")
INFUSION_FOLDERS = ("D1", "WK4", "WK8")
UNSCHEDULED_LAB_LABEL = "UNSCHEDULED"

# Non-visit folders used by forms that are not tied to a visit.
EOS_FOLDER = ("EOS", "End of Study", 10)
LOG_FOLDER = ("LOG", "Logs", 11)

# Eligibility criteria used for screen failures (provisional numbering; the
# full list of 6 inclusion and 22 exclusion criteria lives in the study spec).
SCREEN_FAIL_REASONS = (
    ("INCLUSION", "IN04", "HbA1c 7.5% to 10.0% at screening", "hba1c_high"),
    ("EXCLUSION", "EX17", "HBsAg, anti-HCV, HIV or syphilis antibody positive", "hbsag_pos"),
    ("INCLUSION", "IN03", "BMI 20 to 30 kg/m2", "bmi"),
    ("EXCLUSION", "EX07", "Abnormal white blood cell, neutrophil or platelet count", "wbc_low"),
)

SITES = {
    "101": "Endocrinology Center, University Hospital 101",
    "102": "Metabolic Disease Clinic, Municipal Hospital 102",
}
