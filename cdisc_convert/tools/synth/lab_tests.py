"""Central-lab test catalogue: codes (CDISC CT where one exists), LOINC, units, ranges, values.

LBTESTCD/LBTEST come from the SDTM CT LB test codelists (C65047/C67154).
No LBTESTCD exists for the screening serology, so those use the Microbiology
(C120527: HBSAG, HCV, HIV12P24) and Immunogenicity (C120525: REAAB) test codes.
Units are as a Chinese central lab reports them (glucose mmol/L, creatinine umol/L,
haemoglobin g/L).

>>> TESTS_BY_CODE[("GLUC", "PLASMA")].unit, TESTS_BY_CODE[("GLUC", "URINE")].kind
('mmol/L', 'text')
>>> len(TESTS)
64
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabTest:
    """One reported test. ``mean``/``sd`` are between-subject; values are clipped at 0."""

    code: str
    name: str
    cat: str
    spec: str
    loinc: str
    unit: str
    lo: float | None
    hi: float | None
    mean: float
    sd: float
    dec: int
    si_unit: str = ""
    si_factor: float | None = 1.0
    kind: str = "num"  # num | text | pct (derived from the absolute count)
    scope: str = "all"  # all | scr (screening only)
    female: tuple[float, float, float] | None = None  # (lo, hi, mean) for women
    log: bool = False  # log-normal between and within subjects


def _t(*args, **kw) -> LabTest:
    return LabTest(*args, **kw)


HEMATOLOGY = (
    _t("WBC", "Leukocytes", "HEMATOLOGY", "BLOOD", "6690-2", "10^9/L", 3.5, 9.5, 6.4, 1.3, 2,
       "10^9/L"),
    _t("RBC", "Erythrocytes", "HEMATOLOGY", "BLOOD", "789-8", "10^12/L", 4.3, 5.8, 4.9, 0.35,
       2, "10^12/L", female=(3.8, 5.1, 4.4)),
    _t("HGB", "Hemoglobin", "HEMATOLOGY", "BLOOD", "718-7", "g/L", 130, 175, 148, 11, 0, "g/L",
       female=(115, 150, 131)),
    _t("HCT", "Hematocrit", "HEMATOLOGY", "BLOOD", "4544-3", "%", 40, 50, 44, 2.8, 1, "L/L",
       0.01, female=(35, 45, 39.5)),
    _t("MCV", "Ery. Mean Corpuscular Volume", "HEMATOLOGY", "BLOOD", "787-2", "fL", 82, 100,
       90, 4, 1, "fL"),
    _t("MCH", "Ery. Mean Corpuscular Hemoglobin", "HEMATOLOGY", "BLOOD", "785-6", "pg", 27,
       34, 30.2, 1.4, 1, "pg"),
    _t("MCHC", "Ery. Mean Corpuscular HGB Concentration", "HEMATOLOGY", "BLOOD", "786-4",
       "g/L", 316, 354, 334, 7, 0, "g/L"),
    _t("RDW", "Erythrocytes Distribution Width", "HEMATOLOGY", "BLOOD", "788-0", "%", 11.0,
       16.0, 12.9, 0.7, 1, "%"),
    _t("PLAT", "Platelets", "HEMATOLOGY", "BLOOD", "777-3", "10^9/L", 125, 350, 228, 45, 0,
       "10^9/L"),
    _t("MPV", "Mean Platelet Volume", "HEMATOLOGY", "BLOOD", "32623-1", "fL", 7.4, 12.5, 10.1,
       0.9, 1, "fL"),
    _t("NEUT", "Neutrophils", "HEMATOLOGY", "BLOOD", "751-8", "10^9/L", 1.8, 6.3, 0.58, 0.06,
       2, "10^9/L"),
    _t("LYM", "Lymphocytes", "HEMATOLOGY", "BLOOD", "731-0", "10^9/L", 1.1, 3.2, 0.31, 0.05, 2,
       "10^9/L"),
    _t("MONO", "Monocytes", "HEMATOLOGY", "BLOOD", "742-7", "10^9/L", 0.1, 0.6, 0.065, 0.012,
       2, "10^9/L"),
    _t("EOS", "Eosinophils", "HEMATOLOGY", "BLOOD", "711-2", "10^9/L", 0.02, 0.52, 0.025,
       0.01, 2, "10^9/L"),
    _t("BASO", "Basophils", "HEMATOLOGY", "BLOOD", "704-7", "10^9/L", 0.0, 0.06, 0.005, 0.002,
       2, "10^9/L"),
    _t("NEUTLE", "Neutrophils/Leukocytes", "HEMATOLOGY", "BLOOD", "770-8", "%", 40, 75, 0, 0,
       1, "", None, kind="pct"),
    _t("LYMLE", "Lymphocytes/Leukocytes", "HEMATOLOGY", "BLOOD", "736-9", "%", 20, 50, 0, 0,
       1, "", None, kind="pct"),
    _t("MONOLE", "Monocytes/Leukocytes", "HEMATOLOGY", "BLOOD", "5905-5", "%", 3, 10, 0, 0, 1,
       "", None, kind="pct"),
    _t("EOSLE", "Eosinophils/Leukocytes", "HEMATOLOGY", "BLOOD", "713-8", "%", 0.4, 8.0, 0, 0,
       1, "", None, kind="pct"),
    _t("BASOLE", "Basophils/Leukocytes", "HEMATOLOGY", "BLOOD", "706-2", "%", 0, 1, 0, 0, 1,
       "", None, kind="pct"),
    _t("PT", "Prothrombin Time", "HEMATOLOGY", "PLASMA", "5902-2", "sec", 9.4, 12.5, 11.0,
       0.6, 1, "sec"),
    _t("INR", "Prothrombin Intl. Normalized Ratio", "HEMATOLOGY", "PLASMA", "6301-6", "", 0.8,
       1.2, 1.0, 0.06, 2, "", None),
    _t("APTT", "Activated Partial Thromboplastin Time", "HEMATOLOGY", "PLASMA", "14979-9",
       "sec", 25.1, 36.5, 30.2, 2.4, 1, "sec"),
    _t("FIBRINO", "Fibrinogen", "HEMATOLOGY", "PLASMA", "3255-7", "g/L", 2.0, 4.0, 3.0, 0.5,
       2, "g/L"),
)
# The five differential counts are generated as fractions of WBC (mean/sd above are
# fractions), then reported as absolute counts; the /Leukocytes tests are the percentages.
DIFFERENTIALS = ("NEUT", "LYM", "MONO", "EOS", "BASO")

CHEMISTRY = (
    _t("ALT", "Alanine Aminotransferase", "CHEMISTRY", "SERUM", "1742-6", "U/L", 9, 50, 24,
       0.35, 0, "U/L", female=(7, 40, 20), log=True),
    _t("AST", "Aspartate Aminotransferase", "CHEMISTRY", "SERUM", "1920-8", "U/L", 15, 40, 22,
       0.25, 0, "U/L", female=(13, 35, 20), log=True),
    _t("ALP", "Alkaline Phosphatase", "CHEMISTRY", "SERUM", "6768-6", "U/L", 45, 125, 76, 16,
       0, "U/L"),
    _t("GGT", "Gamma Glutamyl Transferase", "CHEMISTRY", "SERUM", "2324-2", "U/L", 10, 60, 27,
       0.4, 0, "U/L", female=(7, 45, 22), log=True),
    _t("BILI", "Bilirubin", "CHEMISTRY", "SERUM", "1975-2", "umol/L", 3.4, 20.5, 10.5, 0.35,
       1, "umol/L", log=True),
    _t("BILDIR", "Direct Bilirubin", "CHEMISTRY", "SERUM", "1968-7", "umol/L", 0, 6.8, 3.0,
       0.35, 1, "umol/L", log=True),
    _t("PROT", "Protein", "CHEMISTRY", "SERUM", "2885-2", "g/L", 65, 85, 72, 4, 1, "g/L"),
    _t("ALB", "Albumin", "CHEMISTRY", "SERUM", "1751-7", "g/L", 40, 55, 44.5, 2.8, 1, "g/L"),
    _t("UREA", "Urea", "CHEMISTRY", "SERUM", "22664-7", "mmol/L", 3.1, 8.0, 5.6, 1.2, 2,
       "mmol/L"),
    _t("CREAT", "Creatinine", "CHEMISTRY", "SERUM", "14682-9", "umol/L", 57, 111, 80, 12, 1,
       "umol/L", female=(41, 81, 61)),
    _t("URATE", "Urate", "CHEMISTRY", "SERUM", "14933-6", "umol/L", 208, 428, 345, 60, 0,
       "umol/L", female=(155, 357, 280)),
    _t("SODIUM", "Sodium", "CHEMISTRY", "SERUM", "2951-2", "mmol/L", 137, 147, 141, 1.8, 1,
       "mmol/L"),
    _t("K", "Potassium", "CHEMISTRY", "SERUM", "2823-3", "mmol/L", 3.5, 5.3, 4.2, 0.3, 2,
       "mmol/L"),
    _t("CL", "Chloride", "CHEMISTRY", "SERUM", "2075-0", "mmol/L", 99, 110, 104, 2, 1,
       "mmol/L"),
    _t("CA", "Calcium", "CHEMISTRY", "SERUM", "2000-8", "mmol/L", 2.11, 2.52, 2.32, 0.08, 2,
       "mmol/L"),
    _t("PHOS", "Phosphate", "CHEMISTRY", "SERUM", "14879-1", "mmol/L", 0.85, 1.51, 1.15, 0.14,
       2, "mmol/L"),
    _t("CK", "Creatine Kinase", "CHEMISTRY", "SERUM", "2157-6", "U/L", 50, 310, 105, 0.35, 0,
       "U/L", female=(40, 200, 85), log=True),
    _t("LDH", "Lactate Dehydrogenase", "CHEMISTRY", "SERUM", "2532-0", "U/L", 120, 250, 172,
       24, 0, "U/L"),
    _t("CHOL", "Cholesterol", "CHEMISTRY", "SERUM", "14647-2", "mmol/L", 2.8, 5.17, 4.8, 0.9,
       2, "mmol/L"),
    _t("TRIG", "Triglycerides", "CHEMISTRY", "SERUM", "14927-8", "mmol/L", 0.56, 1.7, 1.8,
       0.4, 2, "mmol/L", log=True),
    _t("HDL", "HDL Cholesterol", "CHEMISTRY", "SERUM", "14646-4", "mmol/L", 1.04, 1.55, 1.15,
       0.2, 2, "mmol/L"),
    _t("LDL", "LDL Cholesterol", "CHEMISTRY", "SERUM", "22748-8", "mmol/L", 0, 3.37, 2.8, 0.7,
       2, "mmol/L"),
    _t("CRP", "C Reactive Protein", "CHEMISTRY", "SERUM", "1988-5", "mg/L", 0, 10, 1.2, 1.1,
       2, "mg/L", log=True),
)

# Efficacy tests: values come from the subject's response model, not mean/sd.
DIABETES = (
    _t("HBA1C", "Hemoglobin A1C", "DIABETES", "BLOOD", "4548-4", "%", 4.0, 6.0, 0, 0, 1,
       "mmol/mol", 10.929),  # IFCC = 10.929 x (NGSP - 2.15), see lab._si
    _t("GLUC", "Glucose", "DIABETES", "PLASMA", "14771-0", "mmol/L", 3.9, 6.1, 0, 0, 2,
       "mmol/L"),
    _t("CPEPTIDE", "C-peptide", "DIABETES", "SERUM", "1986-9", "ng/mL", 1.1, 4.4, 0, 0, 2,
       "nmol/L", 0.331),
    _t("INSULIN", "Insulin", "DIABETES", "SERUM", "20448-7", "uIU/mL", 2.6, 24.9, 0, 0, 2,
       "pmol/L", 6.0),
)

URINALYSIS = (
    _t("PH", "pH", "URINALYSIS", "URINE", "5803-2", "", 5.0, 8.0, 6.0, 0.6, 1, "", None),
    _t("SPGRAV", "Specific Gravity", "URINALYSIS", "URINE", "5811-5", "", 1.003, 1.030, 1.018,
       0.006, 3, "", None),
    _t("GLUC", "Glucose", "URINALYSIS", "URINE", "25428-4", "", None, None, 0, 0, 0,
       kind="text"),
    _t("KETONES", "Ketones", "URINALYSIS", "URINE", "2514-8", "", None, None, 0, 0, 0,
       kind="text"),
    _t("PROT", "Protein", "URINALYSIS", "URINE", "20454-5", "", None, None, 0, 0, 0,
       kind="text"),
    _t("OCCBLD", "Occult Blood", "URINALYSIS", "URINE", "5794-3", "", None, None, 0, 0, 0,
       kind="text"),
    _t("LEUKASE", "Leukocyte Esterase", "URINALYSIS", "URINE", "5799-2", "", None, None, 0, 0,
       0, kind="text"),
    _t("NITRITE", "Nitrite", "URINALYSIS", "URINE", "5802-4", "", None, None, 0, 0, 0,
       kind="text"),
    _t("UROBIL", "Urobilinogen", "URINALYSIS", "URINE", "5818-0", "", None, None, 0, 0, 0,
       kind="text"),
)

SEROLOGY = tuple(
    _t(code, name, "SEROLOGY", "SERUM", loinc, "", None, None, 0, 0, 0, kind="text",
       scope="scr")
    for code, name, loinc in (
        ("HBSAG", "Hepatitis B Virus Surface Antigen", "5196-1"),
        ("HCV", "Hepatitis C Virus", "13955-0"),
        ("HIV12P24", "HIV-1/2 Antibody + HIV-1 p24 Antigen", "56888-1"),
        ("REAAB", "Reagin Antibody", "20507-0"),
    )
)

TESTS = DIABETES + HEMATOLOGY + CHEMISTRY + URINALYSIS + SEROLOGY
TESTS_BY_CODE = {(t.code, t.spec): t for t in TESTS}

# Text results: (values, probabilities) per urinalysis/serology test.
TEXT_RESULTS = {
    "GLUC": (("NEG", "TRACE", "1+", "2+", "3+"), (0.45, 0.15, 0.2, 0.12, 0.08)),
    "KETONES": (("NEG", "TRACE", "1+"), (0.93, 0.05, 0.02)),
    "PROT": (("NEG", "TRACE", "1+", "2+"), (0.70, 0.15, 0.12, 0.03)),
    "OCCBLD": (("NEG", "TRACE", "1+"), (0.90, 0.06, 0.04)),
    "LEUKASE": (("NEG", "TRACE", "1+"), (0.88, 0.07, 0.05)),
    "NITRITE": (("NEG", "POS"), (0.96, 0.04)),
    "UROBIL": (("NORMAL", "1+"), (0.97, 0.03)),
    "HBSAG": (("NEGATIVE",), (1.0,)),
    "HCV": (("NEGATIVE",), (1.0,)),
    "HIV12P24": (("NEGATIVE",), (1.0,)),
    "REAAB": (("NEGATIVE",), (1.0,)),
}
