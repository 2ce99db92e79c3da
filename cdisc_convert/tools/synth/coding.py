"""Dictionary-coder output used by the AE, MH and CM forms (MedDRA-like, WHODrug-like).

PT and SOC codes are the real MedDRA codes; LLT/HLT/HLGT codes are illustrative
(MedDRA and WHODrug are licensed; this is synthetic coder output, not a dictionary).

>>> meddra_columns("AETERM", MEDDRA["PYREXIA"])["AETERM_PT"]
'Pyrexia'
>>> meddra_columns("AETERM", None)["AETERM_SOC_CODE"]
''
"""

from __future__ import annotations

from .design import MEDDRA_VERSION, WHODRUG_VERSION

LEVELS = ("LLT", "PT", "HLT", "HLGT", "SOC")
_GEN = ("General disorders and administration site conditions", "10018065")
_MET = ("Metabolism and nutrition disorders", "10027433")
_NER = ("Nervous system disorders", "10029205")
_INF = ("Infections and infestations", "10021881")
_GLU = ("Glucose metabolism disorders (incl diabetes mellitus)", "10018424")
_URTI = ("Upper respiratory tract infections NEC", "10046300")
_PATH = ("Infections - pathogen unspecified", "10021879")

# key -> ((LLT, code), (PT, code), (HLT, code), (HLGT, code), (SOC, code))
MEDDRA = {
    "PYREXIA": (("Fever", "10016558"), ("Pyrexia", "10037660"),
                ("Febrile disorders", "10016286"), ("Body temperature conditions", "10005908"),
                _GEN),
    "CHILLS": (("Chills", "10008531"), ("Chills", "10008531"),
               ("Feelings and sensations NEC", "10016334"),
               ("General system disorders NEC", "10018073"), _GEN),
    "HYPOGLYCAEMIA": (("Hypoglycaemia", "10021005"), ("Hypoglycaemia", "10021005"),
                      ("Hypoglycaemic conditions NEC", "10021000"), _GLU, _MET),
    "HYPOGLYCEMIA_US": (("Hypoglycemia", "10020993"), ("Hypoglycaemia", "10021005"),
                        ("Hypoglycaemic conditions NEC", "10021000"), _GLU, _MET),
    "HYPERGLYCAEMIA": (("Hyperglycaemia", "10020635"), ("Hyperglycaemia", "10020635"),
                       ("Hyperglycaemic conditions NEC", "10020638"), _GLU, _MET),
    "HEADACHE": (("Headache", "10019211"), ("Headache", "10019211"),
                 ("Headaches NEC", "10019233"), ("Headaches", "10019231"), _NER),
    "DIZZINESS": (("Dizziness", "10013573"), ("Dizziness", "10013573"),
                  ("Neurological signs and symptoms NEC", "10029315"),
                  ("Neurological disorders NEC", "10029305"), _NER),
    "IRR": (("Infusion related reaction", "10051792"), ("Infusion related reaction", "10051792"),
            ("Non-site specific procedural complications", "10069808"),
            ("Procedural related injuries and complications NEC", "10069888"),
            ("Injury, poisoning and procedural complications", "10022117")),
    "URTI": (("Upper respiratory tract infection", "10046306"),
             ("Upper respiratory tract infection", "10046306"), _URTI, _PATH, _INF),
    "NASOPHARYNGITIS": (("Common cold", "10010106"), ("Nasopharyngitis", "10028810"), _URTI,
                        _PATH, _INF),
    "NAUSEA": (("Nausea", "10028813"), ("Nausea", "10028813"),
               ("Nausea and vomiting symptoms", "10028817"),
               ("Gastrointestinal signs and symptoms", "10018012"),
               ("Gastrointestinal disorders", "10017947")),
    "FATIGUE": (("Fatigue", "10016256"), ("Fatigue", "10016256"),
                ("Asthenic conditions", "10003550"),
                ("General system disorders NEC", "10018073"), _GEN),
    "ARTHRALGIA": (("Joint pain", "10023222"), ("Arthralgia", "10003239"),
                   ("Joint related signs and symptoms", "10023226"),
                   ("Joint disorders", "10023213"),
                   ("Musculoskeletal and connective tissue disorders", "10028395")),
    "ALT_INCREASED": (("ALT increased", "10001551"),
                      ("Alanine aminotransferase increased", "10001551"),
                      ("Liver function analyses", "10024690"),
                      ("Hepatobiliary investigations", "10019805"),
                      ("Investigations", "10022891")),
    "T2DM": (("Type 2 diabetes mellitus", "10067585"), ("Type 2 diabetes mellitus", "10067585"),
             ("Diabetes mellitus", "10012613"), _GLU, _MET),
    "HYPERTENSION": (("Hypertension", "10020772"), ("Hypertension", "10020772"),
                     ("Vascular hypertensive disorders NEC", "10047074"),
                     ("Vascular hypertensive disorders", "10057166"),
                     ("Vascular disorders", "10047065")),
    "HYPERLIPIDAEMIA": (("Hyperlipidemia", "10020603"), ("Hyperlipidaemia", "10062060"),
                        ("Hyperlipidaemias NEC", "10062060"),
                        ("Lipid metabolism disorders", "10024586"), _MET),
    "DIABETIC_NEUROPATHY": (("Diabetic peripheral neuropathy", "10012681"),
                            ("Diabetic neuropathy", "10012680"),
                            ("Diabetic complications neurological", "10012656"),
                            ("Peripheral neuropathies", "10034606"), _NER),
}


def meddra_columns(prefix: str, entry: tuple | None) -> dict[str, str]:
    """Coder columns ``<prefix>_LLT``, ``_LLT_CODE`` ... ``_SOC_CODE`` and MEDDRA_VERSION."""
    out = {}
    for level, pair in zip(LEVELS, entry or ((("", ""),) * 5), strict=True):
        out[f"{prefix}_{level}"], out[f"{prefix}_{level}_CODE"] = pair
    out["MEDDRA_VERSION"] = MEDDRA_VERSION if entry else ""
    return out


def meddra_column_names(prefix: str) -> list[str]:
    return [f"{prefix}_{lvl}{sfx}" for lvl in LEVELS for sfx in ("", "_CODE")] + [
        "MEDDRA_VERSION"]


# key -> (verbatim, preferred name, drug code, ATC4 code, ATC4 text, dose, unit, freq, route,
#         indication)
WHODRUG = {
    "GLARGINE": ("Insulin glargine (Lantus)", "INSULIN GLARGINE", "01476201001", "A10AE",
                 "INSULINS AND ANALOGUES FOR INJECTION, LONG-ACTING", "", "IU", "QD",
                 "Subcutaneous", "Type 2 diabetes mellitus"),
    "ASPART": ("Novorapid", "INSULIN ASPART", "01321001001", "A10AB",
               "INSULINS AND ANALOGUES FOR INJECTION, FAST-ACTING", "", "IU", "TID",
               "Subcutaneous", "Type 2 diabetes mellitus"),
    "METFORMIN": ("Metformin", "METFORMIN HYDROCHLORIDE", "00082702001", "A10BA", "BIGUANIDES",
                  "500", "mg", "TID", "Oral", "Type 2 diabetes mellitus"),
    "ACARBOSE": ("Acarbose", "ACARBOSE", "00610101001", "A10BF",
                 "ALPHA GLUCOSIDASE INHIBITORS", "50", "mg", "TID", "Oral",
                 "Type 2 diabetes mellitus"),
    "ATORVASTATIN": ("Atorvastatin", "ATORVASTATIN CALCIUM", "01326101001", "C10AA",
                     "HMG COA REDUCTASE INHIBITORS", "20", "mg", "QD", "Oral",
                     "Hyperlipidaemia"),
    "AMLODIPINE": ("Amlodipine", "AMLODIPINE BESILATE", "00972401001", "C08CA",
                   "DIHYDROPYRIDINE DERIVATIVES", "5", "mg", "QD", "Oral", "Hypertension"),
    "PARACETAMOL": ("Paracetamol", "PARACETAMOL", "00020001001", "N02BE", "ANILIDES", "500",
                    "mg", "ONCE", "Oral", "Fever after infusion"),
}
ROUTE_STD = {"Subcutaneous": "SUBCUTANEOUS", "Oral": "ORAL"}


def whodrug_columns(key: str) -> dict[str, str]:
    """Coder columns of a concomitant medication (``CMTRT_*``) and WHODRUG_VERSION."""
    e = WHODRUG[key]
    return {"CMTRT_PREFERRED": e[1], "CMTRT_DRUGCODE": e[2], "CMTRT_ATC_CODE": e[3],
            "CMTRT_ATC": e[4], "WHODRUG_VERSION": WHODRUG_VERSION}
