"""Draft our rule files for Pinnacle 21 FDA rules that no CDISC CORE rule covers.

Each draft below is written by hand from the P21 rule's ``When``/``Test`` expressions (in
``p21-config/SDTM-IG_<v>_FDA.csv``) as a CORE-schema ``Check`` of registered operators,
with one positive and one negative case. This tool adds what the configuration says of the
rule: its message, the SDTMIG versions whose configuration holds it, its publisher ids
(``CG...``, ``FDAB...``), and writes

    rules/cdisc-convert/<P21 ID>/rule.yml
    rules/cdisc-convert/<P21 ID>/cases/{positive,negative}/01/{data,results}/...

    python -m cdisc_convert.tools.p21_rules --reference ../shared/reference [--check]

The rule id is the P21 id, so a finding shows it as its rule id. Its findings-catalogue
entry (``findings.yaml``: severity, title, message template, ``p21``, ``fda``) is written
by hand. The tool is not imported at run time.

>>> sorted(p for p in DRAFTS if p in EXPECT)[:3]      # the drafts held here
['SD0011', 'SD0012', 'SD0014']
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import sys
from pathlib import Path

import yaml

from cdisc_convert.tools import p21_drafts
from cdisc_convert.tools.p21_coverage import P21_LIST, config_rules
from cdisc_convert.tools.p21_drafts.helpers import (
    ARMS_OUT,
    ASSIGNED,
    DAY,
    DS_LATEST,
    DS_OTHER,
    DURATION,
    NOT_TREATED,
    NRNR,
    NUM_SUFFIXES,
    NUMBER,
    P21_NUMBER,
    RR,
    _d,
    after,
    cond,
    distinct_in,
    latest_ds,
    literal,
    not_in,
    only_once,
    optional_empty,
    pair_mismatch,
    scope_of,
    ts_case,
    ts_format,
    ts_ref,
)
from cdisc_convert.validate.suites.standard import ISO8601_PATTERN

OUT = Path(__file__).resolve().parents[1] / "rules" / "cdisc-convert"


#: The drafts: P21 id -> Check (an ``all`` list), Outcome
#: variables, description, and a case: dataset, columns, rows that pass, rows that fail.
DRAFTS: dict[str, dict] = {
    "SD1131": _d([literal("--BLFL", "equal_to_case_insensitive", "Y"),
                            cond("--STRESC", "empty")], ["--STRESC", "--BLFL", "--TESTCD"],
                 "--STRESC is empty on a baseline record (--BLFL = 'Y').",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBBLFL", "LBSTRESC"],
                  "pass": [["ALT", "Y", "12"], ["AST", "", ""]],
                  "fail": [["ALT", "Y", ""], ["AST", "", ""], ["AST", "y", ""]]}),
    "SD0012": _d([cond("--STDY", "non_empty"), cond("--ENDY", "non_empty"),
                       cond("--STDY", "greater_than", "--ENDY")], ["--STDY", "--ENDY"],
                 "--STDY is greater than --ENDY (both populated).",
                 {"ds": "AE", "cols": ["AESTDY", "AEENDY"], "pass": [["1", "1"], ["2", ""]],
                  "fail": [["5", "3"], ["-2", "1"]]}),
    "SD0014": _d([cond("--DOSE", "non_empty"), literal("--DOSE", "less_than", 0)], ["--DOSE"],
                 "--DOSE is negative.",
                 {"ds": "EX", "cols": ["EXDOSE"], "pass": [["0"], ["5"], [""]],
                  "fail": [["-1"], ["10"]]}),
    "SD0084": _d([cond("AGE", "non_empty"), literal("AGE", "less_than_or_equal_to", 0)],
                 ["AGE"], "AGE is zero or negative.",
                 {"ds": "DM", "cols": ["AGE"], "pass": [["34"], [""]],
                  "fail": [["0"], ["40"], ["-3"]]}),
    "SD1002": _d(after("RFSTDTC", "RFENDTC"), ["RFSTDTC", "RFENDTC"],
                 "RFSTDTC is a later day than RFENDTC.",
                 {"ds": "DM", "cols": ["RFSTDTC", "RFENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["2020-01-05T10:00", "2020-01-05"],
                           ["2020-01", "2019-12-01"]],
                  "fail": [["2020-03-01", "2020-02-01"], ["2020-01-01", ""]]}),
    "SD1208": _d(after("RFXSTDTC", "RFXENDTC"), ["RFXSTDTC", "RFXENDTC"],
                 "RFXSTDTC is a later day than RFXENDTC.",
                 {"ds": "DM", "cols": ["RFXSTDTC", "RFXENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["2020-01-05", "2020-01-05T08:00"]],
                  "fail": [["2020-03-01", "2020-02-01"]]}),
    "SD1209": _d([cond("RFXSTDTC", "non_empty"), cond("RFXENDTC", "empty")],
                 ["RFXENDTC", "RFXSTDTC"], "RFXENDTC is empty while RFXSTDTC is populated.",
                 {"ds": "DM", "cols": ["RFXSTDTC", "RFXENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["", ""]],
                  "fail": [["2020-01-01", ""], ["", ""]]}),
    "SD0025": _d(after("--DTC", "--ENDTC"), ["--DTC", "--ENDTC"],
                 "--DTC is a later day than --ENDTC.",
                 {"ds": "LB", "cols": ["LBDTC", "LBENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["2020-01-01", ""]],
                  "fail": [["2020-03-01", "2020-02-01"], ["2020-01-01", "2020-01-01"]]}),
    "SD0028": _d([cond("--STNRHI", "non_empty"), cond("--STNRLO", "non_empty"),
                            cond("--STNRHI", "less_than", "--STNRLO")],
                 ["--STNRHI", "--STNRLO"], "--STNRHI is less than --STNRLO.",
                 {"ds": "LB", "cols": ["LBSTNRLO", "LBSTNRHI"],
                  "pass": [["1", "5"], ["3", "3"], ["", "2"]], "fail": [["5", "1"]]}),
    "SD1123": _d([literal("--STAT", "equal_to", "NOT DONE"),
                            cond("--ORRES", "non_empty")], ["--ORRES", "--STAT"],
                 "--ORRES is populated on a record whose --STAT is 'NOT DONE'.",
                 {"ds": "VS", "cols": ["VSSTAT", "VSORRES"],
                  "pass": [["NOT DONE", ""], ["", "120"]],
                  "fail": [["NOT DONE", "120"], ["", "80"]]}),
    "SD1124": _d([literal("--STAT", "equal_to", "NOT DONE"), cond("--REASND", "empty")],
                 ["--REASND", "--STAT"],
                 "--REASND is empty on a record whose --STAT is 'NOT DONE'.",
                 {"ds": "VS", "cols": ["VSSTAT", "VSREASND"],
                  "pass": [["NOT DONE", "REFUSED"], ["", ""]],
                  "fail": [["NOT DONE", ""], ["", ""]]}),
    "SD1121": _d([cond("ARMCD", "non_empty"), not_in("ARMCD", ARMS_OUT),
                      cond("AGE", "empty"),
                      {"any": [cond("AGETXT", "not_exists"), cond("AGETXT", "empty")]}],
                 ["AGE", "AGETXT", "ARMCD"],
                 "Neither AGE nor AGETXT is populated for a subject assigned to an arm.",
                 {"ds": "DM", "cols": ["ARMCD", "AGE", "AGETXT"],
                  "pass": [["A", "30", ""], ["A", "", "18-65"], ["SCRNFAIL", "", ""]],
                  "fail": [["A", "", ""], ["B", "40", ""]]}),
    "SD0040": _d([cond("--TEST", "non_empty"),
                       cond("--TEST", "is_inconsistent_across_dataset", ["--TESTCD"])],
                 ["--TEST", "--TESTCD"],
                 "--TEST differs from the --TEST most records of the same --TESTCD hold.",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBTEST"],
                  "pass": [["ALT", "Alanine Aminotransferase"],
                           ["ALT", "Alanine Aminotransferase"]],
                  "fail": [["ALT", "Alanine Aminotransferase"],
                           ["ALT", "Alanine Aminotransferase"], ["ALT", "ALT"]]}),
    "SD1043": _d([cond("--TESTCD", "non_empty"),
                       cond("--TESTCD", "is_inconsistent_across_dataset", ["--TEST"])],
                 ["--TESTCD", "--TEST"],
                 "--TESTCD differs from the --TESTCD most records of the same --TEST hold.",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBTEST"],
                  "pass": [["ALT", "Alanine Aminotransferase"], ["AST", "Aspartate"]],
                  "fail": [["ALT", "Alanine Aminotransferase"],
                           ["ALT", "Alanine Aminotransferase"],
                           ["SGPT", "Alanine Aminotransferase"]]}),
    "SD1069": _d([cond("--PARM", "non_empty"),
                       cond("--PARM", "is_inconsistent_across_dataset", ["--PARMCD"])],
                 ["--PARM", "--PARMCD"],
                 "--PARM differs from the --PARM most records of the same --PARMCD hold.",
                 {"ds": "TS", "cols": ["TSPARMCD", "TSPARM"],
                  "pass": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Planned Minimum Age of Subjects"]],
                  "fail": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Minimum Age"]]}),
    "SD1070": _d([cond("--PARMCD", "non_empty"),
                       cond("--PARMCD", "is_inconsistent_across_dataset", ["--PARM"])],
                 ["--PARMCD", "--PARM"],
                 "--PARMCD differs from the --PARMCD most records of the same --PARM hold.",
                 {"ds": "TS", "cols": ["TSPARMCD", "TSPARM"],
                  "pass": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMAX", "Planned Maximum Age of Subjects"]],
                  "fail": [["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMIN", "Planned Minimum Age of Subjects"],
                           ["AGEMN", "Planned Minimum Age of Subjects"]]}),
    "SD1150": _d([cond("IETEST", "non_empty"),
                       cond("IETEST", "is_inconsistent_across_dataset", ["IETESTCD"])],
                 ["IETEST", "IETESTCD"],
                 "IETEST differs from the IETEST most records of the same IETESTCD hold.",
                 {"ds": "TI", "cols": ["IETESTCD", "IETEST"],
                  "pass": [["IN01", "Age 18"], ["IN01", "Age 18"]],
                  "fail": [["IN01", "Age 18"], ["IN01", "Age 18"], ["IN01", "Adult"]]}),
    "SD1151": _d([cond("IETESTCD", "non_empty"),
                       cond("IETESTCD", "is_inconsistent_across_dataset", ["IETEST"])],
                 ["IETESTCD", "IETEST"],
                 "IETESTCD differs from the IETESTCD most records of the same IETEST hold.",
                 {"ds": "TI", "cols": ["IETESTCD", "IETEST"],
                  "pass": [["IN01", "Age 18"], ["IN02", "Consent"]],
                  "fail": [["IN01", "Age 18"], ["IN01", "Age 18"], ["IN1", "Age 18"]]}),
    "SD0046": _d([cond("QLABEL", "non_empty"),
                        cond("QLABEL", "is_inconsistent_across_dataset", ["QNAM"])],
                 ["QLABEL", "QNAM"],
                 "QLABEL differs from the QLABEL most records of the same QNAM hold.",
                 {"ds": "SUPPAE", "cols": ["QNAM", "QLABEL"],
                  "pass": [["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Treatment Emergent Flag"]],
                  "fail": [["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Emergent"]]}),
    "SD1130": _d([cond("QNAM", "non_empty"),
                        cond("QNAM", "is_inconsistent_across_dataset", ["QLABEL"])],
                 ["QNAM", "QLABEL"],
                 "QNAM differs from the QNAM most records of the same QLABEL hold.",
                 {"ds": "SUPPAE", "cols": ["QNAM", "QLABEL"],
                  "pass": [["AETRTEM", "Treatment Emergent Flag"], ["AESOSP", "Other"]],
                  "fail": [["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEM", "Treatment Emergent Flag"],
                           ["AETRTEMF", "Treatment Emergent Flag"]]}),
    "SD1249": _d([literal("EXTRT", "equal_to_case_insensitive", "PLACEBO"),
                                     literal("EXDOSE", "not_equal_to", 0)],
                 ["EXDOSE", "EXTRT"], "EXDOSE is not 0 on a placebo record.",
                 {"ds": "EX", "cols": ["EXTRT", "EXDOSE"],
                  "pass": [["PLACEBO", "0"], ["DRUG A", "10"]],
                  "fail": [["Placebo", "5"], ["DRUG A", "10"]]}),
    "SD1019": _d([cond("SVUPDES", "non_empty"), cond("VISITDY", "non_empty")],
                 ["VISITDY", "SVUPDES"], "VISITDY is populated on an unplanned visit.",
                 {"ds": "SV", "cols": ["SVUPDES", "VISITDY"],
                  "pass": [["", "1"], ["Unscheduled", ""]],
                  "fail": [["Unscheduled", "15"], ["", "1"]]}),
    "SD0087": _d([cond("ARMCD", "non_empty"), not_in("ARMCD", ARMS_OUT),
                      cond("RFSTDTC", "empty")], ["RFSTDTC", "ARMCD"],
                 "RFSTDTC is empty for a subject assigned to an arm.",
                 {"ds": "DM", "cols": ["ARMCD", "RFSTDTC"],
                  "pass": [["A", "2020-01-01"], ["SCRNFAIL", ""], ["", ""]],
                  "fail": [["A", ""], ["Scrnfail", ""]]}),
    "SD1213": _d([cond("ACTARMCD", "non_empty"),
                      not_in("ACTARMCD", [*ARMS_OUT, "NOTTRT"]), cond("RFSTDTC", "empty")],
                 ["RFSTDTC", "ACTARMCD"], "RFSTDTC is empty for a treated subject.",
                 {"ds": "DM", "cols": ["ACTARMCD", "RFSTDTC"],
                  "pass": [["A", "2020-01-01"], ["NOTTRT", ""]],
                  "fail": [["A", ""], ["NOTTRT", ""]]}),
    "SD0024": _d([cond("--ENDTC", "non_empty"), cond("--DTC", "empty")],
                 ["--DTC", "--ENDTC"], "--DTC is empty while --ENDTC is populated.",
                 {"ds": "LB", "cols": ["LBDTC", "LBENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["", ""]],
                  "fail": [["", "2020-02-01"], ["", ""]]}),
    "SD0049": _d([cond("--STRTPT", "non_empty"), cond("--STTPT", "empty")],
                 ["--STTPT", "--STRTPT"], "--STTPT is empty while --STRTPT is populated.",
                 {"ds": "CM", "cols": ["CMSTRTPT", "CMSTTPT"],
                  "pass": [["BEFORE", "SCREENING"], ["", ""]],
                  "fail": [["BEFORE", ""], ["", ""]]}),
    "SD0050": _d([cond("--ENRTPT", "non_empty"), cond("--ENTPT", "empty")],
                 ["--ENTPT", "--ENRTPT"], "--ENTPT is empty while --ENRTPT is populated.",
                 {"ds": "CM", "cols": ["CMENRTPT", "CMENTPT"],
                  "pass": [["ONGOING", "END OF STUDY"], ["", ""]],
                  "fail": [["ONGOING", ""], ["", ""]]}),
    "SD1122": _d([cond("--STRESC", "matches_regex", NUMBER),
                            literal("--TESTCD", "not_equal_to", "PH"),
                            cond("--STRESN", "empty")], ["--STRESN", "--STRESC", "--TESTCD"],
                 "--STRESN is empty while --STRESC holds a number (pH excepted).",
                 {"ds": "LB", "cols": ["LBTESTCD", "LBSTRESC", "LBSTRESN"],
                  "pass": [["ALT", "12", "12"], ["PH", "7", ""], ["ALT", "<5", ""]],
                  "fail": [["ALT", "12.5", ""], ["ALT", "12", "12"]]}),
    "SD1035": _d([cond("DSCAT", "empty")], ["DSCAT"], "DSCAT is empty.",
                 {"ds": "DS", "cols": ["DSCAT"], "pass": [["DISPOSITION EVENT"]],
                  "fail": [[""], ["PROTOCOL MILESTONE"]]}),
    "SD1313": _d([literal("DSCAT", "equal_to", "DISPOSITION EVENT"),
                      cond("EPOCH", "empty")], ["EPOCH", "DSCAT"],
                 "EPOCH is empty on a disposition event record.",
                 {"ds": "DS", "cols": ["DSCAT", "EPOCH"],
                  "pass": [["DISPOSITION EVENT", "TREATMENT"], ["PROTOCOL MILESTONE", ""]],
                  "fail": [["DISPOSITION EVENT", ""], ["PROTOCOL MILESTONE", ""]]}),
    "SD1105": _d([literal("DSCAT", "equal_to", "PROTOCOL MILESTONE"),
                      cond("EPOCH", "non_empty")], ["EPOCH", "DSCAT"],
                 "EPOCH is populated on a protocol milestone record.",
                 {"ds": "DS", "cols": ["DSCAT", "EPOCH"],
                  "pass": [["PROTOCOL MILESTONE", ""], ["DISPOSITION EVENT", "TREATMENT"]],
                  "fail": [["PROTOCOL MILESTONE", "SCREENING"], ["DISPOSITION EVENT", ""]]}),
    "SD1265": _d([literal("QORIG", "equal_to_case_insensitive", "ASSIGNED"),
                        cond("QEVAL", "empty")], ["QEVAL", "QORIG"],
                 "QEVAL is empty on a supplemental qualifier whose QORIG is ASSIGNED.",
                 {"ds": "SUPPAE", "cols": ["QORIG", "QEVAL"],
                  "pass": [["ASSIGNED", "INVESTIGATOR"], ["CRF", ""]],
                  "fail": [["Assigned", ""], ["CRF", ""]]}),
    "SD1238": _d([cond("--RFTDTC", "non_empty"), cond("--TPTREF", "empty")],
                 ["--RFTDTC", "--TPTREF"], "--RFTDTC is populated while --TPTREF is empty.",
                 {"ds": "PC", "cols": ["PCTPTREF", "PCRFTDTC"],
                  "pass": [["DOSE 1", "2020-01-01T08:00"], ["", ""]],
                  "fail": [["", "2020-01-01T08:00"], ["", ""]]}),

    # ---- batch 2: TS, trial design, DM/DS/EX consistency, presence of timing variables
    **{pid: _d(only_once(parm), ["TSPARMCD", "TSVAL"],
               f"More than one TS record has TSPARMCD {parm}.", ts_case(parm))
       for pid, parm in (("SD1214", "ADDON"), ("SD1216", "AGEMAX"), ("SD1218", "AGEMIN"),
                         ("SD1220", "LENGTH"), ("SD1222", "PLANSUB"), ("SD1224", "RANDOM"),
                         ("SD1225", "SEXPOP"), ("SD1227", "NARMS"))},
    **{pid: _d([literal("TSPARMCD", "equal_to", parm), cond("TSVAL", "non_empty"),
                cond("TSVAL", "not_matches_regex", DURATION)], ["TSVAL", "TSPARMCD"],
               f"TSVAL of TSPARMCD {parm} is not an ISO 8601 duration.",
               {"ds": "TS", "cols": ["TSPARMCD", "TSVAL"],
                "pass": [[parm, "P18Y"], ["OTHER", "18"]],
                "fail": [[parm, "18 years"], [parm, "P2W"]]})
       for pid, parm in (("SD1217", "AGEMIN"), ("SD1219", "LENGTH"))},
    **{pid: _d([*ASSIGNED, cond("USUBJID", "is_not_contained_by", f"${domain.lower()}_usubjid")],
               ["USUBJID", "ARMCD", "ACTARMCD"],
               f"A subject assigned to an arm (and treated) has no {domain} record.",
               {"ds": "DM", "cols": ["ARMCD", "ACTARMCD"],
                "pass": [["A", "A"], ["SCRNFAIL", "SCRNFAIL"]],
                "fail": [["A", "A"], ["B", "B"], ["A", "NOTTRT"]],
                "other": {"ds": domain, "cols": ["USUBJID"], "rows": [["01"]]}},
               operations=distinct_in(domain, f"${domain.lower()}_usubjid"))
       for pid, domain in (("SD0069", "DS"), ("SD0070", "EX"))},
    **{pid: _d([cond(name, "non_empty"), cond(name, "is_inconsistent_across_dataset", [by])],
               [name, by], f"{name} differs from the {name} most records of the same {by} hold.",
               {"ds": "DM", "cols": [name, by], "pass": [["A", "Drug"], ["A", "Drug"]],
                "fail": [["A", "Drug"], ["A", "Drug"], ["B", "Drug"]] if name.endswith("CD")
                else [["A", "Drug"], ["A", "Drug"], ["Other", "Drug"]]})
       for pid, name, by in (("SD1033", "ARMCD", "ARM"), ("SD1034", "ARM", "ARMCD"),
                             ("SD1133", "ACTARMCD", "ACTARM"), ("SD1134", "ACTARM", "ACTARMCD"))},
    **{pid: _d([cond(name, "non_empty"), cond(name, "is_not_unique_set", ["STUDYID"])], [name],
               f"{name} is on more than one TE record.",
               {"ds": "TE", "cols": ["ETCD", "ELEMENT"],
                "pass": [["SCRN", "Screening"], ["TRT", "Treatment"]],
                "fail": [["SCRN", "Screening"], ["SCRN", "Screening"], ["TRT", "Treatment"]]})
       for pid, name in (("SD1064", "ETCD"), ("SD1068", "ELEMENT"))},
    "SD1050": _d([cond("ETCD", "non_empty"),
                  cond("ETCD", "is_inconsistent_across_dataset", ["ELEMENT"])],
                 ["ETCD", "ELEMENT"],
                 "ETCD differs from the ETCD most records of the same ELEMENT hold.",
                 {"ds": "TA", "cols": ["ETCD", "ELEMENT"],
                  "pass": [["SCRN", "Screening"], ["SCRN", "Screening"]],
                  "fail": [["SCRN", "Screening"], ["SCRN", "Screening"], ["SCR", "Screening"]]}),
    "SD1286": _d([cond("IETESTCD", "non_empty"),
                  {"any": [{"all": [cond("TIVERS", "exists"),
                                    cond("IETESTCD", "is_not_unique_set", ["TIVERS"])]},
                           {"all": [cond("TIVERS", "not_exists"),
                                    cond("IETESTCD", "is_not_unique_set", ["STUDYID"])]}]}],
                 ["IETESTCD", "TIVERS"], "IETESTCD is on more than one TI record of a TIVERS.",
                 {"ds": "TI", "cols": ["IETESTCD", "TIVERS"],
                  "pass": [["IN01", "1"], ["IN01", "2"]],
                  "fail": [["IN01", "1"], ["IN01", "1"], ["IN02", "1"]]}),
    "SD0015": _d([cond("--DUR", "matches_regex", r"^\s*-")], ["--DUR"], "--DUR is negative.",
                 {"ds": "AE", "cols": ["AEDUR"], "pass": [["P2D"], [""]],
                  "fail": [["-P2D"], ["P1D"]]}),
    "SD1118": _d([cond("--STDTC", "empty"), optional_empty("--STDY"), optional_empty("--DTC")],
                 ["--STDTC", "--DTC"], "None of --STDTC, --DTC and --STDY is populated.",
                 {"ds": "DS", "cols": ["DSSTDTC", "DSDTC"],
                  "pass": [["2020-01-01", ""], ["", "2020-01-01"]],
                  "fail": [["", ""], ["2020-01-01", ""]]}),
    "SD0022": _d([cond("--STDTC", "empty"), optional_empty("--STRTPT"),
                  {"any": [cond("--OCCUR", "not_exists"),
                           literal("--OCCUR", "not_equal_to", "N")]},
                  optional_empty("--STRF"), optional_empty("--STAT")],
                 ["--STDTC", "--STRTPT", "--OCCUR"],
                 "--STDTC, --STRTPT, --STRF and --STAT are empty and --OCCUR is not N.",
                 {"ds": "CM", "cols": ["CMSTDTC", "CMSTRTPT", "CMOCCUR"],
                  "pass": [["2020-01-01", "", ""], ["", "BEFORE", ""], ["", "", "N"]],
                  "fail": [["", "", ""], ["2020-01-01", "", ""]]}),
    "SD1084": _d([cond("--DY", "empty"), cond("--DTC", "matches_regex", DAY),
                  cond("RFSTDTC", "matches_regex", DAY)], ["--DY", "--DTC", "RFSTDTC"],
                 "--DY is empty while --DTC and the subject's RFSTDTC are full dates.",
                 {"ds": "LB", "cols": ["LBDTC", "LBDY"],
                  "pass": [["2020-01-02", "2"], ["2020-01", ""]],
                  "fail": [["2020-01-02", ""], ["2020-01-03", "3"]],
                  "other": {"ds": "DM", "cols": ["USUBJID", "RFSTDTC"],
                            "rows": [["01", "2020-01-01"], ["02", "2020-01-01"]]}},
                 match="DM"),
    **{pid: _d([cond(dtc, "exists"), cond(dy, "not_exists")], [dtc],
               f"The dataset has {dtc} but no {dy}.",
               {"ds": "CM", "cols": [dtc.replace("--", "CM")],
                "pass": [["2020-01-01"]], "fail": [["2020-01-01"]],
                "pass_cols": [dtc.replace("--", "CM"), dy.replace("--", "CM")],
                "pass_rows": [["2020-01-01", "1"]]}, sensitivity="Dataset")
       for pid, dtc, dy in (("SD1083", "--DTC", "--DY"), ("SD1087", "--STDTC", "--STDY"),
                            ("SD1091", "--ENDTC", "--ENDY"))},
    **{pid: _d(after(first, second), [first.replace("RFX", "EX") if first.startswith("RFX")
                                      else first, second if first.startswith("EX") else first],
               f"{first} is a later day than the subject's {second}."
               if first.startswith("EX") else
               f"{second} is an earlier day than the subject's {first}.",
               {"ds": "EX", "cols": [col], "pass": [[ok], ["2020-01-05"]],
                "fail": [[bad], ["2020-01-05"]],
                "other": {"ds": "DM", "cols": ["USUBJID", "RFXSTDTC", "RFXENDTC"],
                          "rows": [["01", "2020-01-01", "2020-01-10"],
                                   ["02", "2020-01-01", "2020-01-10"]]}}, match="DM")
       for pid, first, second, col, ok, bad in (
           ("SD1205", "RFXSTDTC", "EXSTDTC", "EXSTDTC", "2020-01-01", "2019-12-31"),
           ("SD1206", "EXSTDTC", "RFXENDTC", "EXSTDTC", "2020-01-10T08:00", "2020-01-11"),
           ("SD1207", "EXENDTC", "RFXENDTC", "EXENDTC", "2020-01-10", "2020-01-11"))},

    # ---- batch 3: DM dates and arms, TS values, AE outcome, STRESC/STRESN, EPOCH
    "SD0011": _d(pair_mismatch("ARMCD", "ARM", "SCRNFAIL", "Screen Failure"), ["ARMCD", "ARM"],
                 "ARMCD is SCRNFAIL or ARM is 'Screen Failure', but not both.",
                 {"ds": "DM", "cols": ["ARMCD", "ARM"],
                  "pass": [["SCRNFAIL", "Screen Failure"], ["A", "Drug"]],
                  "fail": [["SCRNFAIL", "Screen fail"], ["A", "Drug"]]}),
    "SD0053": _d(pair_mismatch("ARMCD", "ARM", "NOTASSGN", "Not Assigned"), ["ARMCD", "ARM"],
                 "ARMCD is NOTASSGN or ARM is 'Not Assigned', but not both.",
                 {"ds": "DM", "cols": ["ARMCD", "ARM"],
                  "pass": [["NOTASSGN", "Not Assigned"], ["A", "Drug"]],
                  "fail": [["NOTASSGN", "Unassigned"], ["A", "Drug"]]}),
    "SD0031": _d([{"any": [cond("--ENDTC", "non_empty"), cond("--ENRF", "non_empty"),
                           cond("--ENRTPT", "non_empty")]},
                  optional_empty("--STDTC"), optional_empty("--STRF"), optional_empty("--STRTPT")],
                 ["--STDTC", "--ENDTC"],
                 "--STDTC, --STRF and --STRTPT are empty while an end is given.",
                 {"ds": "CM", "cols": ["CMSTDTC", "CMENDTC"],
                  "pass": [["2020-01-01", "2020-01-05"], ["", ""]],
                  "fail": [["", "2020-01-05"], ["", ""]]}),
    "SD1053": _d([cond("ARMCD", "is_contained_by", ["SCRNFAIL", "NOTASSGN"])], ["ARMCD"],
                 "ARMCD is SCRNFAIL or NOTASSGN in a trial design dataset.",
                 {"ds": "TA", "cols": ["ARMCD"], "pass": [["A"]], "fail": [["SCRNFAIL"], ["A"]]}),
    "SD1120": _d([cond("QLABEL", "matches_regex",
                       r"^(|.*\s+)[Cc][Oo][Mm][Mm][Ee][Nn][Tt][Ss]?(\s+.*|)$")],
                 ["QLABEL", "QNAM"], "QLABEL names a comment (comments belong in CO).",
                 {"ds": "SUPPAE", "cols": ["QNAM", "QLABEL"],
                  "pass": [["AETRTEM", "Treatment Emergent Flag"], ["X", "Commentary"]],
                  "fail": [["AECOM", "Investigator Comments"], ["X", "Commentary"]]}),
    "SD1210": _d([cond("RFICDTC", "empty")], ["RFICDTC"], "RFICDTC is empty.",
                 {"ds": "DM", "cols": ["RFICDTC"], "pass": [["2020-01-01"]],
                  "fail": [[""], ["2020-01-01"]]}),
    **{pid: ts_format(parm, r"^[0-9]*$", "a whole number", "200", "two hundred")
       for pid, parm in (("SD1221", "PLANSUB"), ("SD2246", "NARMS"), ("SD2249", "ACTSUB"))},
    **{pid: ts_format(parm, ISO8601_PATTERN, "an ISO 8601 date", "2020-01-15", "15JAN2020")
       for pid, parm in (("SD2245", "DCUTDTC"), ("SD2247", "SSTDTC"), ("SD2248", "SENDTC"))},
    "SD1251": _d([optional_empty("--TRTV"), cond("--VAMTU", "non_empty")], ["--VAMTU", "--TRTV"],
                 "--VAMTU is populated while --TRTV is empty.",
                 {"ds": "EX", "cols": ["EXTRTV", "EXVAMTU"],
                  "pass": [["SALINE", "mL"], ["", ""]], "fail": [["", "mL"], ["", ""]]}),
    **{pid: _d([{"any": [cond("ACTARM", "is_contained_by_case_insensitive", NOT_TREATED),
                         cond("ACTARM", "empty")]}, cond(name, "non_empty")],
               [name, "ACTARM"], f"{name} is populated for a subject who was not treated.",
               {"ds": "DM", "cols": ["ACTARM", name],
                "pass": [["Drug", "2020-01-01"], ["Screen Failure", ""]],
                "fail": [["Not Treated", "2020-01-01"], ["Drug", "2020-01-01"]]})
       for pid, name in (("SD1258", "RFSTDTC"), ("SD1375", "RFENDTC"))},
    "SD1260": _d([cond("TSVCDREF", "is_contained_by_case_insensitive",
                       ["CDISC", "SNOMED", "UNII", "NDF-RT", "MED-RT"]),
                  cond("TSVCDVER", "empty")], ["TSVCDVER", "TSVCDREF"],
                 "TSVCDVER is empty while TSVCDREF names a versioned terminology.",
                 {"ds": "TS", "cols": ["TSVCDREF", "TSVCDVER"],
                  "pass": [["CDISC", "2020-03-27"], ["ISO 8601", ""]],
                  "fail": [["SNOMED", ""], ["ISO 8601", ""]]}),
    "SD1263": _d([literal("MBTESTCD", "equal_to", "ORGANISM"),
                  literal("MBSTRESC", "not_equal_to", "NO GROWTH"),
                  {"any": [cond("MBMETHOD", "not_exists"),
                           literal("MBMETHOD", "not_equal_to", "GRAM STAIN")]},
                  cond("MBRESCAT", "empty")], ["MBRESCAT", "MBTESTCD"],
                 "MBRESCAT is empty on an ORGANISM record with growth.",
                 {"ds": "MB", "cols": ["MBTESTCD", "MBSTRESC", "MBRESCAT"],
                  "pass": [["ORGANISM", "E. COLI", "INFECTING"], ["ORGANISM", "NO GROWTH", ""]],
                  "fail": [["ORGANISM", "E. COLI", ""], ["ORGANISM", "NO GROWTH", ""]]}),
    "SD1268": _d([cond("TSVCDVER", "non_empty"), cond("TSVCDREF", "empty")],
                 ["TSVCDREF", "TSVCDVER"], "TSVCDREF is empty while TSVCDVER is populated.",
                 {"ds": "TS", "cols": ["TSVCDREF", "TSVCDVER"],
                  "pass": [["CDISC", "2020-03-27"], ["", ""]],
                  "fail": [["", "2020-03-27"], ["", ""]]}),
    "SD1315": _d([literal("DSCAT", "equal_to", "PROTOCOL MILESTONE"),
                  cond("DSDECOD", "not_equal_to", "DSTERM")], ["DSDECOD", "DSTERM"],
                 "DSDECOD differs from DSTERM on a protocol milestone record.",
                 {"ds": "DS", "cols": ["DSCAT", "DSTERM", "DSDECOD"],
                  "pass": [["PROTOCOL MILESTONE", "RANDOMIZED", "RANDOMIZED"],
                           ["DISPOSITION EVENT", "Finished", "COMPLETED"]],
                  "fail": [["PROTOCOL MILESTONE", "Randomised", "RANDOMIZED"],
                           ["DISPOSITION EVENT", "Finished", "COMPLETED"]]}),
    "SD1330": _d([cond("--DY", "non_empty"), cond("--ENDY", "non_empty"),
                  cond("--DY", "greater_than", "--ENDY")], ["--DY", "--ENDY"],
                 "--DY is greater than --ENDY (both populated).",
                 {"ds": "LB", "cols": ["LBDY", "LBENDY"], "pass": [["1", "2"], ["3", ""]],
                  "fail": [["5", "2"], ["1", "2"]]}),
    "SD1331": _d(after("--STDTC", "--DTC"), ["--STDTC", "--DTC"],
                 "--STDTC is a later day than --DTC.",
                 {"ds": "CM", "cols": ["CMSTDTC", "CMDTC"],
                  "pass": [["2020-01-01", "2020-01-05"], ["2020-01-05T10:00", "2020-01-05"]],
                  "fail": [["2020-01-06", "2020-01-05"], ["2020-01-01", "2020-01-05"]]}),
    "SD1332": _d([literal("AEOUT", "equal_to", NRNR),
                  cond("AEENDTC", "non_empty")], ["AEENDTC", "AEOUT"],
                 "AEENDTC is populated for an AE not recovered/not resolved.",
                 {"ds": "AE", "cols": ["AEOUT", "AEENDTC"],
                  "pass": [[NRNR, ""], [RR, "2020-01-05"]],
                  "fail": [[NRNR, "2020-01-05"], ["FATAL", "2020-01-05"]]}),
    "SD1333": _d([literal("AEOUT", "equal_to", RR), cond("AEENDTC", "empty"),
                  optional_empty("AEDUR")], ["AEENDTC", "AEOUT"],
                 "AEENDTC (and AEDUR) is empty for a recovered/resolved AE.",
                 {"ds": "AE", "cols": ["AEOUT", "AEENDTC"],
                  "pass": [[RR, "2020-01-05"], [NRNR, ""]],
                  "fail": [[RR, ""], [NRNR, ""]]}),
    **{pid: _d(after("RFICDTC", other), ["RFICDTC", other],
               f"RFICDTC is a later day than {other}.",
               {"ds": "DM", "cols": ["RFICDTC", other],
                "pass": [["2020-01-01", "2020-01-05"], ["2020-01-05", "2020-01-05T09:00"]],
                "fail": [["2020-01-06", "2020-01-05"], ["2020-01-01", "2020-01-05"]]})
       for pid, other in (("SD1334", "RFSTDTC"), ("SD1335", "RFXSTDTC"))},
    "SD1339": _d([{"any": [cond("--STDTC", "matches_regex", DAY),
                           cond("--DTC", "matches_regex", DAY)]}, cond("EPOCH", "empty")],
                 ["EPOCH", "--STDTC", "--DTC"],
                 "EPOCH is empty on a record with a full start or observation date.",
                 {"ds": "LB", "cols": ["LBDTC", "EPOCH"],
                  "pass": [["2020-01-01", "TREATMENT"], ["2020-01", ""]],
                  "fail": [["2020-01-01", ""], ["2020-01", ""]]}),
    "SD1342": _d([cond("RFXENDTC", "non_empty"), cond("RFXSTDTC", "empty")],
                 ["RFXSTDTC", "RFXENDTC"], "RFXSTDTC is empty while RFXENDTC is populated.",
                 {"ds": "DM", "cols": ["RFXSTDTC", "RFXENDTC"],
                  "pass": [["2020-01-01", "2020-02-01"], ["", ""]],
                  "fail": [["", "2020-02-01"], ["", ""]]}),
    **{pid: _d([cond("ACTARMCD", "non_empty"),
                not_in("ACTARMCD", [*ARMS_OUT, "NOTTRT"]), cond(name, "empty")],
               [name, "ACTARMCD"], f"{name} is empty for a treated subject.",
               {"ds": "DM", "cols": ["ACTARMCD", name],
                "pass": [["A", "2020-01-01"], ["NOTTRT", ""]],
                "fail": [["A", ""], ["NOTTRT", ""]]})
       for pid, name in (("SD1343", "RFXSTDTC"), ("SD1376", "RFENDTC"))},
    **{pid: _d([cond(given, "non_empty"), cond(missing, "empty")], [missing, given],
               f"{missing} is empty while {given} is populated.",
               {"ds": "PP", "cols": [given.replace("--", "PP"), missing.replace("--", "PP")],
                "pass": [["-PT1H", "PT2H"], ["", ""]], "fail": [["-PT1H", ""], ["", ""]]})
       for pid, given, missing in (("SD1350", "--STINT", "--ENINT"),
                                   ("SD1351", "--ENINT", "--STINT"))},
    "SD1368": _d([cond("SMSTDTC", "empty")], ["SMSTDTC"], "SMSTDTC is empty.",
                 {"ds": "SM", "cols": ["SMSTDTC"], "pass": [["2020-01-01"]],
                  "fail": [[""], ["2020-01-01"]]}),
    "SD1452": _d([cond("--VAMT", "non_empty"), literal("--VAMT", "less_than", 0)], ["--VAMT"],
                 "--VAMT is negative.",
                 {"ds": "EX", "cols": ["EXVAMT"], "pass": [["0"], ["5"]],
                  "fail": [["-1"], ["5"]]}),
    "SD1448": _d([cond("--STRESC", "non_empty"), cond("--STRESC", "not_matches_regex",
                                                       P21_NUMBER),
                  cond("--STRESN", "non_empty")], ["--STRESN", "--STRESC"],
                 "--STRESN is populated while --STRESC is not a number.",
                 {"ds": "LB", "cols": ["LBSTRESC", "LBSTRESN"],
                  "pass": [["12", "12"], ["NEGATIVE", ""]],
                  "fail": [["<5", "5"], ["12", "12"]]}),
    "SD2005": _d([literal("DTHFL", "equal_to", "Y"), cond("DTHDTC", "empty")],
                 ["DTHDTC", "DTHFL"], "DTHDTC is empty while DTHFL is Y.",
                 {"ds": "DM", "cols": ["DTHFL", "DTHDTC"],
                  "pass": [["Y", "2020-01-01"], ["", ""]], "fail": [["Y", ""], ["", ""]]}),
    "SD2017": _d([optional_empty("--VALNF"), cond("--VAL", "empty")], ["--VAL", "--VALNF"],
                 "--VAL and --VALNF are both empty.",
                 {"ds": "TS", "cols": ["TSVAL", "TSVALNF"], "pass": [["1", ""], ["", "NA"]],
                  "fail": [["", ""], ["1", ""]]}),
    "SD2018": _d([cond("--VALNF", "non_empty"), cond("--VAL", "non_empty")],
                 ["--VAL", "--VALNF"], "--VAL and --VALNF are both populated.",
                 {"ds": "TS", "cols": ["TSVAL", "TSVALNF"], "pass": [["1", ""], ["", "NA"]],
                  "fail": [["1", "NA"], ["1", ""]]}),
    "SD2020": _d([cond("AGE", "non_empty"), cond("AGETXT", "non_empty")], ["AGE", "AGETXT"],
                 "AGE and AGETXT are both populated.",
                 {"ds": "DM", "cols": ["AGE", "AGETXT"], "pass": [["30", ""], ["", "18-65"]],
                  "fail": [["30", "18-65"], ["30", ""]]}),
    "SD2022": _d([{"any": [cond("AGE", "non_empty"), cond("AGETXT", "non_empty")]},
                  cond("AGEU", "empty")], ["AGEU", "AGE"],
                 "AGEU is empty while AGE or AGETXT is populated.",
                 {"ds": "DM", "cols": ["AGE", "AGEU"], "pass": [["30", "YEARS"], ["", ""]],
                  "fail": [["30", ""], ["", ""]]}),
    "SD2023": _d([cond("BRTHDTC", "non_empty"), cond("AGE", "empty")], ["AGE", "BRTHDTC"],
                 "AGE is empty while BRTHDTC is populated.",
                 {"ds": "DM", "cols": ["BRTHDTC", "AGE"], "pass": [["1980-01-01", "40"], ["", ""]],
                  "fail": [["1980-01-01", ""], ["", ""]]}),
    "SD2237": _d([cond("ACTARM", "non_empty"), cond("ARM", "non_empty"),
                  cond("ACTARM", "not_equal_to", "ARM")], ["ACTARM", "ARM"],
                 "ACTARM differs from ARM.",
                 {"ds": "DM", "cols": ["ARM", "ACTARM"], "pass": [["Drug", "Drug"]],
                  "fail": [["Drug", "Placebo"], ["Drug", "Drug"]]}),
    **{pid: ts_ref(parm, ref) for pid, parm, ref in (
        ("SD2240", "INDIC", "SNOMED"), ("SD2241", "CURTRT", "UNII"), ("SD2242", "TRT", "UNII"),
        ("SD2244", "FCNTRY", "ISO 3166"), ("SD2256", "COMPTRT", "UNII"),
        ("SD2266", "TDIGRP", "SNOMED"))},
    **{pid: _d(latest_ds(first), [first, "$ds_latest"],
               f"{first} is a later day than the subject's latest DSSTDTC.",
               {"ds": ds, "cols": [first], "pass": [["2020-02-01"], ["2020-01-10T10:00"]],
                "fail": [["2020-02-02"], ["2020-01-10"]], "other": DS_OTHER},
               operations=DS_LATEST)
       for pid, first, ds in (("SD0080", "AESTDTC", "AE"), ("SD0082", "EXENDTC", "EX"),
                              ("SD1446", "EXSTDTC", "EX"))},
    "SD1347": _d([literal("AEOUT", "equal_to", "FATAL"), cond("DTHDTC", "non_empty"),
                  cond("AEENDTC", "non_empty"), cond("AEENDTC", "not_equal_to", "DTHDTC")],
                 ["AEENDTC", "DTHDTC"], "AEENDTC of a fatal AE is not the subject's DTHDTC.",
                 {"ds": "AE", "cols": ["AEOUT", "AEENDTC"],
                  "pass": [["FATAL", "2020-01-10"], ["RECOVERED/RESOLVED", "2020-01-05"]],
                  "fail": [["FATAL", "2020-01-09"], ["RECOVERED/RESOLVED", "2020-01-05"]],
                  "other": {"ds": "DM", "cols": ["USUBJID", "DTHDTC"],
                            "rows": [["01", "2020-01-10"], ["02", "2020-01-10"]]}},
                 match="DM"),
}


def _references(pid: str, publisher: str, fda: str) -> list[dict]:
    refs = [{"Origin": "Pinnacle 21 FDA configuration (P21 rule id)",
             "Rule Identifier": {"Id": pid}, "Version": "1.6"}]
    if fda:
        refs.append({"Origin": "FDA (cdisc-convert findings catalogue, fda id)",
                     "Rule Identifier": {"Id": fda}, "Version": "1"})
    refs += [{"Origin": "Publisher id in the P21 configuration",
              "Rule Identifier": {"Id": p}, "Version": "1"}
             for p in publisher.split() if p.startswith(("CG", "FDAB"))]
    return refs


def rule_document(pid: str, draft: dict, config: dict, fda: str = "",
                  domains: str = "ALL") -> dict:
    """The rule file's content for one draft (versions and message from the config, scope
    from the P21 list's ``Domains``)."""
    row = config["row"]
    publisher = " ".join(p.strip() for p in row["PublisherID"].split(","))
    refs = _references(pid, publisher, fda)
    return {
        "Authorities": [{"Organization": "cdisc-convert", "Standards": [
            {"Name": "SDTMIG", "Version": v, "References": copy.deepcopy(refs)}
            for v in config["versions"]]}],
        "Check": {"all": draft["check"]},
        "Core": {"Id": pid, "Status": "Draft", "Version": "1"},
        "Description": draft["description"] + f" Pinnacle 21 rule {pid}: "
        + " ".join(row["Description"].split()),
        "Executability": "Fully Executable",
        "Outcome": {"Message": title(row["Message"]), "Output Variables": draft["outputs"]},
        "Rule Type": draft.get("rule_type", "Record Data"),
        "Scope": draft.get("scope") or scope_of(domains),
        "Sensitivity": draft.get("sensitivity", "Record"),
        **({"Operations": draft["operations"]} if draft.get("operations") else {}),
        **({"Match Datasets": [{"Name": draft["match"], "Keys": ["USUBJID"]}]}
           if draft.get("match") else {}),
    }


def title(message: str) -> str:
    """P21's message with its ``%Domain%`` placeholders as ``--``.

    >>> title("Missing %Domain%STRESC value for Baseline record")
    'Missing --STRESC value for Baseline record'
    """
    return " ".join(message.replace("%Domain%", "--").split())


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _num(name: str) -> bool:
    return name in ("AGE", "VISITNUM", "VISITDY") or name[2:] in NUM_SUFFIXES


def _records(ds: str, cols: list[str], rows: list[list[str]]) -> list[list[str]]:
    """A case dataset: the identifiers (USUBJID 01, 02, ...; --SEQ or IDVAR) then ``cols``."""
    supp = ds.startswith("SUPP")
    head = ["STUDYID", "RDOMAIN" if supp else "DOMAIN", "USUBJID",
            "IDVAR" if supp else f"{ds[:2]}SEQ"]
    body = [["S1", ds[4:] if supp else ds, f"0{i + 1}", "" if supp else str(i + 1), *r]
            for i, r in enumerate(rows)]
    return [head + list(cols), *body]


def _other(case: dict) -> list[list[str]]:
    """The case's second dataset (``other``), its columns as given after STUDYID, DOMAIN."""
    other = case["other"]
    return [["STUDYID", "DOMAIN", *other["cols"]],
            *(["S1", other["ds"], *r] for r in other["rows"])]


def case_files(draft: dict, kind: str, version: str) -> dict[str, str]:
    """File name -> text of one case (``positive``: the passing rows, else failing)."""
    case = draft["case"]
    ds = case["ds"]
    if "tables" in case:     # whole tables per kind: {kind: {DATASET: [header, *rows]}}
        tables = {name: [list(r) for r in rows] for name, rows in case["tables"][kind].items()}
    elif kind == "positive" and "pass_cols" in case:
        tables = {ds: _records(ds, case["pass_cols"], case["pass_rows"])}
    else:
        tables = {ds: _records(ds, case["cols"], case["pass" if kind == "positive" else "fail"])}
    if "other" in case and "tables" not in case:
        tables[case["other"]["ds"]] = _other(case)
    variables = [["dataset", "variable", "label", "type", "length"]] + [
        [name.lower(), c, c, "Num" if _num(c) else "Char", "8" if _num(c) else "200"]
        for name, table in tables.items() for c in table[0]]
    sizes = case.get("sizes", {}).get(kind)      # bytes each dataset's file stands for
    listed = [["Filename", "Label", *(["Size"] if sizes else [])],
              *([name.lower(), name, *([str(sizes[name])] if sizes else [])]
                for name in tables)]
    env = "".join(f"{k}={v}\n" for k, v in case.get("env", {}).items())
    files = {"data/.env": f"PRODUCT=SDTMIG\nVERSION={version.replace('.', '-')}\n{env}",
             "data/_datasets.csv": _csv(listed),
             "data/_variables.csv": _csv(variables)}
    files.update({f"data/{name.lower()}.csv": _csv(table) for name, table in tables.items()})
    # files beside the datasets the case's .env names (a dictionary: MEDDRA=meddra)
    files.update({f"data/{name}": text for name, text in case.get("files", {}).items()})
    results = [["Dataset", "Record", "Variable", "Value"]]
    if kind == "negative":
        results += [[ds, "" if n is None else str(n), "", ""] for n in case["expect"]]
    files["results/results.csv"] = _csv(results)
    return files


def write_all(reference: Path, check: bool = False) -> list[str]:
    """Write (or, with ``check``, compare) every drafted rule; returns files that differ.
    The FDA id a rule cites is its findings-catalogue entry's."""
    from cdisc_convert.findings import catalogue
    fda = {pid: catalogue()[pid].fda for pid in DRAFTS if pid in catalogue()}
    configs = config_rules(reference)
    with (reference / P21_LIST).open(encoding="utf-8", newline="") as fh:
        domains = {r["Rule ID"].strip(): r["Domains"] for r in csv.DictReader(fh)}
    differ = []
    for pid, draft in sorted(DRAFTS.items()):
        doc = rule_document(pid, draft, configs[pid], fda.get(pid, ""),
                            domains.get(pid) or "ALL")
        text = f"# {pid}: {doc['Outcome']['Message']}\n" + yaml.safe_dump(
            doc, sort_keys=True, allow_unicode=True, width=100)
        files = {"rule.yml": text}
        version = configs[pid]["versions"][-1]
        for kind in ("positive", "negative"):
            for name, body in case_files(draft, kind, version).items():
                files[f"cases/{kind}/01/{name}"] = body
        for name, body in files.items():
            path = OUT / pid / name
            if path.is_file() and path.read_text(encoding="utf-8") == body:
                continue
            differ.append(str(path))
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
    return differ


#: Records of each failing case the rule must report (1-based; the other rows pass).
EXPECT = {"SD1131": [1, 3], "SD0012": [1], "SD0014": [1], "SD0084": [1, 3], "SD1002": [1],
          "SD1208": [1], "SD1209": [1], "SD0025": [1], "SD0028": [1], "SD1123": [1],
          "SD1124": [1], "SD1121": [1], "SD0040": [3], "SD1043": [3], "SD1069": [3],
          "SD1070": [3], "SD1150": [3], "SD1151": [3], "SD0046": [3], "SD1130": [3],
          "SD1249": [1], "SD1019": [1], "SD0087": [1], "SD1213": [1], "SD0024": [1],
          "SD0049": [1], "SD0050": [1], "SD1122": [1], "SD1035": [1], "SD1313": [1],
          "SD1105": [1], "SD1265": [1], "SD1238": [1],
          **{p: [1, 2] for p in ("SD1214", "SD1216", "SD1218", "SD1220", "SD1222", "SD1224",
                                 "SD1225", "SD1227", "SD1064", "SD1068", "SD1286")},
          "SD1217": [1], "SD1219": [1], "SD0069": [2], "SD0070": [2], "SD1033": [3],
          "SD1034": [3], "SD1133": [3], "SD1134": [3], "SD1050": [3], "SD0015": [1],
          "SD1118": [1], "SD0022": [1], "SD1084": [1], "SD1083": [None], "SD1087": [None],
          "SD1091": [None], "SD1205": [1], "SD1206": [1], "SD1207": [1],
          **{p: [1] for p in (
              "SD0011", "SD0053", "SD0031", "SD1053", "SD1120", "SD1210", "SD1221", "SD2246",
              "SD2249", "SD2245", "SD2247", "SD2248", "SD1251", "SD1258", "SD1375", "SD1260",
              "SD1263", "SD1268", "SD1315", "SD1330", "SD1331", "SD1332", "SD1333", "SD1334",
              "SD1335", "SD1339", "SD1342", "SD1343", "SD1376", "SD1350", "SD1351", "SD1368",
              "SD1452", "SD1448", "SD2005", "SD2017", "SD2018", "SD2020", "SD2022", "SD2023",
              "SD2237", "SD2240", "SD2241", "SD2242", "SD2244", "SD2256", "SD2266", "SD0080",
              "SD0082", "SD1446", "SD1347")}}
for _pid, _draft in DRAFTS.items():
    _draft["case"]["expect"] = EXPECT[_pid]
DRAFTS.update(p21_drafts.collect(DRAFTS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    differ = write_all(args.reference, args.check)
    verb = "differ from a rebuild" if args.check else "written"
    print(f"{len(DRAFTS)} rules; {len(differ)} files {verb}")
    if differ and not args.check:      # the parsed index follows the rule files
        from cdisc_convert.tools.rules_index import OWN_OUT, own_index_text
        OWN_OUT.write_text(own_index_text(), encoding="utf-8")
        print(f"rebuilt {OWN_OUT.name}")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
