"""P21 dictionary lookups: a coded term or code that is not in the user's MedDRA (SD0008,
SD1114, SD2007-SD2016, ignoring case as P21 does), and a term found only when case is
ignored (the ``C`` rules: SD0008C, SD1114C, SD2008C, SD2010C, SD2012C, SD2015C); TS
values not in UNII or SNOMED CT (SD2250-SD2262, SD2267-SD2269: names, codes and
code-name pairs of CURTRT, COMPTRT, TRT, INDIC, TDIGRP) and --LOINC not in LOINC (SD2285).

MedDRA is licensed and never shipped: the rules run when ``validate --meddra DIR`` names
the user's MedDRA ASCII files (else they are listed as not executed, saying so), through
CORE's own operations ``valid_external_dictionary_value`` / ``_code``. Each case
carries a small made-up dictionary in MedDRA's file layout (``data/meddra``, named by the
case's ``.env`` ``MEDDRA``), not MedDRA content.

>>> sorted(DRAFTS)[:4], len(DRAFTS)
(['SD0008', 'SD0008C', 'SD1114', 'SD1114C'], 32)
>>> op = DRAFTS["SD2007"]["operations"][0]
>>> op["operator"], op["dictionary_term_type"], DRAFTS["SD2007"]["case"]["fail"][1]
('valid_external_dictionary_code', 'PT', ['Headache', '90000099'])
"""

from __future__ import annotations

from typing import Any

from cdisc_convert.tools.p21_drafts.helpers import _d, cond, literal

#: A made-up dictionary in MedDRA's layout, one term a level (code$name$...).
TEST_MEDDRA = {
    "llt.asc": "90000002$Head pain$90000001$$$$$$$Y$\n90000001$Headache$90000001$$$$$$$Y$\n",
    "pt.asc": "90000001$Headache$$90000005$$$$$$$$\n",
    "hlt.asc": "90000003$Headaches NEC$$$$$$$$\n",
    "hlgt.asc": "90000004$Headaches$$$$$$$$\n",
    "soc.asc": "90000005$Nervous system disorders$Nerv$$$$$$$\n",
    "meddra_release.asc": "99.0$English$$$$\n",
}
#: P21 id -> (variable, MedDRA level, name or code, a value of that level).
LOOKUPS = {
    "SD0008": ("--DECOD", "PT", "name", "Headache"),
    "SD1114": ("--BODSYS", "SOC", "name", "Nervous system disorders"),
    "SD2007": ("--PTCD", "PT", "code", "90000001"),
    "SD2008": ("--LLT", "LLT", "name", "Head pain"),
    "SD2009": ("--LLTCD", "LLT", "code", "90000002"),
    "SD2010": ("--HLT", "HLT", "name", "Headaches NEC"),
    "SD2011": ("--HLTCD", "HLT", "code", "90000003"),
    "SD2012": ("--HLGT", "HLGT", "name", "Headaches"),
    "SD2013": ("--HLGTCD", "HLGT", "code", "90000004"),
    "SD2014": ("--BDSYCD", "SOC", "code", "90000005"),
    "SD2015": ("--SOC", "SOC", "name", "Nervous system disorders"),
    "SD2016": ("--SOCCD", "SOC", "code", "90000005"),
}


def _case(variable: str, passing: list[str], failing: list[str]) -> dict:
    name = "AE" + variable[2:]
    return {"ds": "AE", "cols": ["AETERM", name],
            "pass": [["Headache", v] for v in passing],
            "fail": [["Headache", v] for v in failing], "expect": [2],
            "files": {f"meddra/{f}": text for f, text in TEST_MEDDRA.items()},
            "env": {"MEDDRA": "meddra"}}


def _lookup(op_id: str, variable: str, level: str, kind: str, case_sensitive: bool) -> dict:
    """CORE's operation judging each record's ``variable`` against a MedDRA level."""
    op = {"id": op_id, "name": variable, "external_dictionary_type": "meddra",
          "dictionary_term_type": level,
          "operator": "valid_external_dictionary_code" if kind == "code"
          else "valid_external_dictionary_value"}
    return op if kind == "code" else {**op, "case_sensitive": case_sensitive}


def _drafts() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for pid, (variable, level, kind, good) in LOOKUPS.items():
        what = f"MedDRA {level} {'code' if kind == 'code' else 'term'}"
        other = "90000099" if kind == "code" else "Not a MedDRA term"
        out[pid] = _d([cond(variable, "non_empty"), literal("$valid", "equal_to", False)],
                      [variable], f"{variable} is populated but is no {what} of the MedDRA "
                      "version given (case ignored).",
                      _case(variable, [good, good.upper(), ""], [good, other]),
                      operations=[_lookup("$valid", variable, level, kind, False)])
        if kind == "name":
            out[f"{pid}C"] = _d([cond(variable, "non_empty"),
                                 literal("$exact", "equal_to", False),
                                 literal("$valid", "equal_to", True)],
                                [variable], f"{variable} is a {what} only when case is "
                                "ignored: MedDRA's own case is expected.",
                                _case(variable, [good, other], [good, good.upper()]),
                                operations=[_lookup("$exact", variable, level, kind, True),
                                            _lookup("$valid", variable, level, kind, False)])
    return out


#: Made-up files in each code system's published layout (not its content).
TEST_FILES = {
    "LOINC": {"loinc/Loinc.csv": '"LOINC_NUM","COMPONENT","LONG_COMMON_NAME"\n'
                                 '"99999-1","Test","Test component [Mass/volume] in Serum"\n'},
    "SNOMED": {"snomed/sct2_Description_Full-en_TEST.txt":
               "id\teffectiveTime\tactive\tmoduleId\tconceptId\tlanguageCode\ttypeId\tterm"
               "\tcaseSignificanceId\n1\t20200101\t1\t9\t99000001\ten\t9\tTest disorder\t9\n"
               "2\t20200101\t0\t9\t99000002\ten\t9\tRetired disorder\t9\n"},
    "UNII": {"unii/UNII_Names_TEST.txt": "Name\tType\tUNII\tDisplay Name\n"
                                         "Test substance\tPT\tZZTEST0001\tTEST SUBSTANCE\n"},
}
#: P21 id -> (TS parameter, code system, what is checked: name, code or pair).
TS_LOOKUPS = {
    "SD2250": ("CURTRT", "UNII", "name"), "SD2251": ("CURTRT", "UNII", "code"),
    "SD2253": ("COMPTRT", "UNII", "name"), "SD2254": ("COMPTRT", "UNII", "code"),
    "SD2260": ("TRT", "UNII", "name"), "SD2261": ("TRT", "UNII", "code"),
    "SD2262": ("TRT", "UNII", "pair"),
    "SD2257": ("INDIC", "SNOMED", "name"), "SD2258": ("INDIC", "SNOMED", "code"),
    "SD2259": ("INDIC", "SNOMED", "pair"),
    "SD2267": ("TDIGRP", "SNOMED", "name"), "SD2268": ("TDIGRP", "SNOMED", "code"),
    "SD2269": ("TDIGRP", "SNOMED", "pair"),
}
#: A good (name, code) of each made-up file.
GOOD = {"UNII": ("Test substance", "ZZTEST0001"), "SNOMED": ("Test disorder", "99000001")}


def _ts_table(parmcd: str, rows: list[tuple[str, str]]) -> list[list[str]]:
    head = ["STUDYID", "DOMAIN", "TSSEQ", "TSPARMCD", "TSPARM", "TSVAL", "TSVALCD"]
    return [head, *(["S1", "TS", str(i + 1), parmcd, parmcd, v, c]
                    for i, (v, c) in enumerate(rows))]


def _ts_drafts() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for pid, (parmcd, system, kind) in TS_LOOKUPS.items():
        name, code = GOOD[system]
        key = system.lower()
        # CORE's schema asks a term type of MedDRA's levels; a code system without levels
        # is looked up by its preferred names: PT
        base: dict[str, Any] = {"id": "$valid", "external_dictionary_type": key,
                                "dictionary_term_type": "PT"}
        if kind == "pair":
            op = {**base, "operator": "valid_external_dictionary_code_term_pair",
                  "name": "TSVALCD", "external_dictionary_term_variable": "TSVAL"}
            when = [literal("TSPARMCD", "equal_to", parmcd), cond("TSVAL", "non_empty"),
                    cond("TSVALCD", "non_empty")]
            good = [(name, code), (name.upper(), code)]
            bad = [(name, code), ("Some other name", code)]
            what = f"TSVALCD and TSVAL of {parmcd} are not a {system} code and its name"
        else:
            op = {**base, "name": "TSVAL" if kind == "name" else "TSVALCD",
                  "operator": "valid_external_dictionary_value" if kind == "name"
                  else "valid_external_dictionary_code",
                  **({"case_sensitive": False} if kind == "name" else {})}
            when = [literal("TSPARMCD", "equal_to", parmcd), cond("TSVAL", "non_empty")]
            good = [(name, code), (name.lower(), code)] if kind == "name" else \
                [(name, code), (name, code)]
            bad = [(name, code), ("Not in it", code)] if kind == "name" else \
                [(name, code), (name, "0000000000")]
            what = (f"TSVAL of {parmcd} is no {system} name (case ignored)" if kind == "name"
                    else f"TSVALCD of {parmcd} (TSVAL populated) is no {system} code")
        out[pid] = _d([*when, literal("$valid", "equal_to", False)],
                      ["TSPARMCD", "TSVAL", "TSVALCD"], what + ".",
                      {"ds": "TS", "expect": [2],
                       "tables": {"positive": {"TS": _ts_table(parmcd, good)},
                                  "negative": {"TS": _ts_table(parmcd, bad)}},
                       "files": TEST_FILES[system], "env": {system: key}},
                      operations=[op])
    out["SD2285"] = _d([cond("--LOINC", "non_empty"), literal("$valid", "equal_to", False)],
                       ["--LOINC"], "--LOINC is populated but is no LOINC code (LOINC_NUM).",
                       {"ds": "LB", "cols": ["LBTESTCD", "LBLOINC"],
                        "pass": [["GLUC", "99999-1"], ["GLUC", ""]],
                        "fail": [["GLUC", "99999-1"], ["GLUC", "12345-6"]], "expect": [2],
                        "files": TEST_FILES["LOINC"], "env": {"LOINC": "loinc"}},
                       operations=[{"id": "$valid", "operator": "valid_external_dictionary_code",
                                    "name": "--LOINC", "external_dictionary_type": "loinc",
                                    "dictionary_term_type": "PT"}])
    return out


DRAFTS: dict[str, dict] = {**_drafts(), **_ts_drafts()}
