"""P21 cross-dataset and condition rules: dates after the subject's RFPENDTC, results and
codes that disagree, subject status against DM and DS, related subjects, MedDRA coding,
study day and format checks, and records another dataset should (or should not) hold.

A P21 ``Lookup`` (a record of another dataset must exist) is a ``distinct`` or
``record_count`` operation on that dataset; ``SUB:`` (the subject's DM record) is a
``Match Datasets`` of DM on USUBJID.

>>> sorted(DRAFTS)[:3]
['SD0079', 'SD1014', 'SD1017']
>>> DRAFTS["SD1212"]["check"][-1]["type_insensitive"]
True
"""

from __future__ import annotations

from cdisc_convert.tools.p21_drafts.helpers import (
    DS_LATEST,
    DS_OTHER,
    DURATION,
    P21_NUMBER,
    _d,
    after,
    cond,
    literal,
    optional_empty,
    scope_of,
)

#: SSSTRESC of a dead subject (P21 also takes the Chinese term).
DEAD = ["DEAD", "死亡"]
#: The MedDRA variables SD1449 wants populated (after the domain prefix).
MEDDRA = ("LLT", "LLTCD", "DECOD", "PTCD", "HLT", "HLTCD", "HLGT", "HLGTCD", "BODSYS",
          "BDSYCD", "SOC", "SOCCD")
#: SD2006: QNAMs (by their ending) and QLABELs of MedDRA coding held in a SUPP-- dataset.
MEDDRA_QNAM = r"^.*(LLT|LLTCD|HLT|HLTCD|HLGT|HLGTCD|BDSYCD|SOC|SOCCD)$"
MEDDRA_QLABEL = ["High Level Group Term", "High Level Term", "Lowest Level Term",
                 "Lowest Level Term Code", "Preferred Term Code", "High Level Term Code",
                 "High Level Group Term Code", "System Organ Class Code"]
#: SD1365: supplemental qualifiers of ADSL population flags.
POPULATION_FLAGS = ["COMPLT", "COMPLFL", "FASFL", "FULLSET", "ITT", "ITTFL", "PPROTFL",
                    "PPROT", "SAFFL", "SAFETY", "RANDFL", "ENRLFL"]
#: SD1021: a leading blank or tab, only dots, or a line break anywhere (P21's regex
#: ``^((?!^[ \\t]|^\\.+$).)*$``: Java's ``.`` matches no line terminator).
UNEXPECTED_TEXT = "^([ \\t]|\\.+$|.*[\\r\\n\\x85\\u2028\\u2029])"
#: SD1322: the ISO 3166 alpha-3 codes of P21's configuration.
ISO3166 = """
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA
BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN
CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU
EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB
GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL
ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO
LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR
MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER
PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM
SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK
TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM
VUT WLF WSM YEM ZAF ZMB ZWE""".split()

_DM_END = {"ds": "DM", "cols": ["USUBJID", "RFPENDTC"],
           "rows": [["01", "2020-01-15"], ["02", "2020-01-15"]]}
_DM_ARMS = {"ds": "DM", "cols": ["USUBJID", "ARMCD", "ACTARMCD"],
            "rows": [["01", "A", "A"], ["02", "SCRNFAIL", "NOTTRT"], ["03", "", ""]]}
_SS = ["STUDYID", "DOMAIN", "USUBJID", "SSSEQ", "SSTESTCD", "SSSTRESC", "SSDTC"]
_RELSUB = ["STUDYID", "USUBJID", "POOLID", "RSUBJID", "SREL"]
_APRELSUB = ["STUDYID", "APID", "RSUBJID", "RDEVID", "SREL"]


def _pend(name: str, ds: str) -> dict:
    """``name`` is a later day than the subject's RFPENDTC (SD1202-SD1204)."""
    col = name.replace("--", ds)
    return _d(after(name, "RFPENDTC"), [name, "RFPENDTC"],
              f"{name} is a later day than the subject's RFPENDTC.",
              {"ds": ds, "cols": [col], "pass": [["2020-01-10"], ["2020-01-15T10:00"]],
               "fail": [["2020-01-16"], ["2020-01-15"]], "other": _DM_END, "expect": [1]},
              match="DM")


def _ex_when(armcd: str, out: list[str]) -> dict:
    """EX records (not run-in) of a subject whose DM ``armcd`` is empty or in ``out``."""
    return _d([cond("USUBJID", "non_empty"),
               literal("EPOCH", "not_equal_to_case_insensitive", "RUN-IN"),
               {"any": [cond(armcd, "empty"),
                        cond(armcd, "is_contained_by_case_insensitive", out)]}],
              [armcd, "EPOCH"],
              f"An EX record (EPOCH not RUN-IN) of a subject whose {armcd} is empty or "
              f"{' or '.join(out)}.",
              {"ds": "EX", "cols": ["EPOCH"], "pass": [["TREATMENT"]],
               "fail": [["TREATMENT"], ["TREATMENT"], ["RUN-IN"]], "other": _DM_ARMS,
               "expect": [2]}, match="DM")


def _ss(rows: list[list[str]]) -> list[list[str]]:
    return [_SS, *(["S1", "SS", u, str(i + 1), "SURVSTAT", res, dtc]
                   for i, (u, res, dtc) in enumerate(rows))]


DRAFTS: dict[str, dict] = {
    "SD1202": _pend("--STDTC", "AE"),
    "SD1203": _pend("--DTC", "LB"),
    "SD1204": _pend("--ENDTC", "AE"),
    "SD1212": _d([cond("--STRESC", "non_empty"), cond("--STRESN", "non_empty"),
                  cond("--STRESC", "matches_regex", P21_NUMBER),
                  cond("--STRESN", "not_equal_to", "--STRESC", type_insensitive=True)],
                 ["--STRESN", "--STRESC"],
                 "--STRESN differs from the number --STRESC holds.",
                 {"ds": "LB", "cols": ["LBSTRESC", "LBSTRESN"],
                  "pass": [["5", "5"], ["5.0", "5"], ["<5", "5"], ["NEGATIVE", ""]],
                  "fail": [["5.1", "5"], ["7", "7"], ["-2", "2"]], "expect": [1, 3]}),
    "SD1261": _d([cond("USUBJID", "non_empty"), cond("SSDTC", "non_empty"),
                  cond("SSSTRESC", "is_contained_by", DEAD), *after("DTHDTC", "SSDTC")],
                 ["SSDTC", "DTHDTC"],
                 "SSDTC of a DEAD status is an earlier day than the subject's DTHDTC.",
                 {"ds": "SS", "tables": {
                     "positive": {"SS": _ss([["01", "DEAD", "2020-01-10"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DM": [["STUDYID", "DOMAIN", "USUBJID", "DTHDTC"],
                                         ["S1", "DM", "01", "2020-01-10"],
                                         ["S1", "DM", "02", "2020-01-05"]]},
                     "negative": {"SS": _ss([["01", "DEAD", "2020-01-09"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DM": [["STUDYID", "DOMAIN", "USUBJID", "DTHDTC"],
                                         ["S1", "DM", "01", "2020-01-10"],
                                         ["S1", "DM", "02", "2020-01-05"]]}},
                  "expect": [1]}, match="DM"),
    "SD1262": _d([cond("USUBJID", "non_empty"), cond("SSDTC", "non_empty"),
                  cond("SSSTRESC", "is_contained_by", DEAD), *after("$ds_latest", "SSDTC")],
                 ["SSDTC", "$ds_latest"],
                 "SSDTC of a DEAD status is an earlier day than the subject's latest DSSTDTC.",
                 {"ds": "SS", "tables": {
                     "positive": {"SS": _ss([["01", "DEAD", "2020-02-01"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DS": [["STUDYID", "DOMAIN", *r] for r in
                                         [DS_OTHER["cols"]]] +
                                  [["S1", "DS", *r] for r in DS_OTHER["rows"]]},
                     "negative": {"SS": _ss([["01", "DEAD", "2020-01-31"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DS": [["STUDYID", "DOMAIN", *r] for r in
                                         [DS_OTHER["cols"]]] +
                                  [["S1", "DS", *r] for r in DS_OTHER["rows"]]}},
                  "expect": [1]}, operations=DS_LATEST),
    "SD1326": _d([cond("RSUBJID", "non_empty"), cond("RDEVID", "non_empty")],
                 ["RDEVID", "RSUBJID"], "RDEVID and RSUBJID are both populated.",
                 {"ds": "APRELSUB", "tables": {
                     "positive": {"APRELSUB": [_APRELSUB, ["S1", "P1", "01", "", "MOTHER"],
                                               ["S1", "P2", "", "D1", "DEVICE"]]},
                     "negative": {"APRELSUB": [_APRELSUB, ["S1", "P1", "01", "D1", "MOTHER"],
                                               ["S1", "P2", "", "D1", "DEVICE"]]}},
                  "expect": [1]}),
    "SD1327": _d([cond("RSUBJID", "non_empty"), cond("POOLID", "non_empty"),
                  cond("RSUBJID", "equal_to", "POOLID")], ["RSUBJID", "POOLID"],
                 "RSUBJID equals POOLID.",
                 {"ds": "RELSUB", "tables": {
                     "positive": {"RELSUB": [_RELSUB, ["S1", "", "P1", "01", "POOL MEMBER"],
                                             ["S1", "01", "", "02", "SIBLING"]]},
                     "negative": {"RELSUB": [_RELSUB, ["S1", "", "P1", "P1", "POOL MEMBER"],
                                             ["S1", "01", "", "02", "SIBLING"]]}},
                  "expect": [1]}),
    "SD1328": _d([cond("RSUBJID", "non_empty"), cond("RSUBJID", "equal_to", "USUBJID")],
                 ["RSUBJID", "USUBJID"], "RSUBJID equals USUBJID.",
                 {"ds": "RELSUB", "tables": {
                     "positive": {"RELSUB": [_RELSUB, ["S1", "01", "", "02", "SIBLING"],
                                             ["S1", "02", "", "01", "SIBLING"]]},
                     "negative": {"RELSUB": [_RELSUB, ["S1", "01", "", "01", "SIBLING"],
                                             ["S1", "02", "", "01", "SIBLING"]]}},
                  "expect": [1]}),
    "SD1348": _d([cond("--TEST", "matches_regex", r".*T1 to T2"),
                  {"any": [optional_empty("--STINT"), optional_empty("--ENINT")]}],
                 ["--STINT", "--ENINT", "--TEST"],
                 "--STINT or --ENINT is empty while --TEST is over an interval 'T1 to T2'.",
                 {"ds": "PP", "cols": ["PPTEST", "PPSTINT", "PPENINT"],
                  "pass": [["AUC from T1 to T2", "PT0H", "PT12H"], ["Cmax", "", ""]],
                  "fail": [["AUC from T1 to T2", "PT0H", ""], ["Cmax", "", ""],
                           ["AUC from T1 to T2", "PT0H", "PT12H"]], "expect": [1]}),
    "SD1363": _d([{"any": [cond("ARMCD", "is_contained_by_case_insensitive",
                                ["SCRNFAIL", "NOTASSGN", "NOTTRT"]),
                           cond("ARM", "is_contained_by_case_insensitive",
                                ["SCREEN FAILURE", "NOT ASSIGNED", "NOT TREATED",
                                 "ASSIGNED, NOT TREATED", "UNPLANNED TREATMENT"])]}],
                 ["ARMCD", "ARM"],
                 "ARMCD or ARM holds a not-assigned value (SCRNFAIL, NOTASSGN, ...): SDTMIG "
                 "3.3 leaves them null and gives ARMNRS.",
                 {"ds": "DM", "cols": ["ARMCD", "ARM", "ARMNRS"],
                  "pass": [["A", "Drug A", ""], ["", "", "SCREEN FAILURE"]],
                  "fail": [["SCRNFAIL", "Screen Failure", ""], ["A", "Drug A", ""],
                           ["", "Not Assigned", "NOT ASSIGNED"]], "expect": [1, 3]}),
    "SD1364": _d([{"any": [cond("ACTARMCD", "is_contained_by_case_insensitive",
                                ["SCRNFAIL", "NOTASSGN", "NOTTRT"]),
                           cond("ACTARM", "is_contained_by_case_insensitive",
                                ["SCREEN FAILURE", "NOT ASSIGNED", "NOT TREATED",
                                 "ASSIGNED, NOT TREATED"])]}],
                 ["ACTARMCD", "ACTARM"],
                 "ACTARMCD or ACTARM holds a not-treated value (NOTTRT, SCRNFAIL, ...): "
                 "SDTMIG 3.3 leaves them null and gives ACTARMUD/ARMNRS.",
                 {"ds": "DM", "cols": ["ACTARMCD", "ACTARM"],
                  "pass": [["A", "Drug A"], ["", ""]],
                  "fail": [["NOTTRT", "Not Treated"], ["A", "Drug A"]], "expect": [1]}),
    "SD1365": _d([cond("QNAM", "is_contained_by", POPULATION_FLAGS)], ["QNAM"],
                 "QNAM is an ADSL population flag (COMPLT, ITT, SAFFL, ...).",
                 {"ds": "SUPPDM", "cols": ["QNAM", "QVAL"],
                  "pass": [["RACEOTH", "OTHER"], ["SAFFLX", "Y"]],
                  "fail": [["SAFFL", "Y"], ["RACEOTH", "OTHER"]], "expect": [1]}),
    "SD1449": _d([cond("--TERM", "non_empty"),
                  *(cond(f"--{v}", "exists") for v in MEDDRA),
                  {"any": [cond(f"--{v}", "empty") for v in MEDDRA]}],
                 ["--TERM", *(f"--{v}" for v in MEDDRA)],
                 "A MedDRA variable (--LLT ... --SOCCD) is empty while --TERM is populated.",
                 {"ds": "AE", "cols": ["AETERM", *(f"AE{v}" for v in MEDDRA)],
                  "pass": [["Headache", *(["X"] * len(MEDDRA))],
                           ["", *([""] * len(MEDDRA))]],
                  "fail": [["Headache", *(["X"] * (len(MEDDRA) - 1)), ""],
                           ["Headache", *(["X"] * len(MEDDRA))]], "expect": [1]}),
    "SD2006": _d([cond("RDOMAIN", "is_contained_by", ["AE", "MH", "CE"]),
                  {"any": [cond("QNAM", "matches_regex", MEDDRA_QNAM),
                           cond("QLABEL", "is_contained_by_case_insensitive", MEDDRA_QLABEL)]},
                  cond("QNAM", "not_matches_regex", r"^.*REASOC$")],
                 ["QNAM", "QLABEL", "RDOMAIN"],
                 "A SUPPAE/SUPPMH/SUPPCE record holds MedDRA coding (QNAM ending in LLT, "
                 "HLT, SOC, ... or a MedDRA QLABEL); --REASOC excepted.",
                 {"ds": "SUPPAE", "cols": ["QNAM", "QLABEL"],
                  "pass": [["AETRTEM", "Treatment Emergent Flag"],
                           ["AEREASOC", "Reason for Additional SOC"]],
                  "fail": [["AELLT", "Lowest Level Term"], ["AETRTEM", "Treatment Emergent"],
                           ["AEX", "high level term"]], "expect": [1, 3]}),
    "SD2024": _d([cond("USUBJID", "non_empty"), cond("POOLID", "non_empty")],
                 ["USUBJID", "POOLID"], "USUBJID and POOLID are both populated.",
                 {"ds": "RELSUB", "tables": {
                     "positive": {"RELSUB": [_RELSUB, ["S1", "", "P1", "01", "POOL MEMBER"],
                                             ["S1", "01", "", "02", "SIBLING"]]},
                     "negative": {"RELSUB": [_RELSUB, ["S1", "01", "P1", "02", "POOL MEMBER"],
                                             ["S1", "01", "", "02", "SIBLING"]]}},
                  "expect": [1]},
                 scope={"Classes": {"Include": ["INTERVENTIONS", "EVENTS", "FINDINGS",
                                                "FINDINGS ABOUT", "SPECIAL PURPOSE",
                                                "RELATIONSHIP"]},
                        "Domains": {"Exclude": ["DI", "DM", "DR", "SE", "SM", "RELREC"]}}),
    "SD1021": _d([literal("variable_data_type", "equal_to", "Char"),
                  cond("variable_name", "not_matches_regex", r"^(COVAL|TSVAL)\d*$"),
                  cond("variable_value", "non_empty"),
                  cond("variable_value", "matches_regex", UNEXPECTED_TEXT)],
                 ["variable_name", "variable_value"],
                 "A character value starts with a blank or a tab, is only dots, or holds a "
                 "line break (COVALn and TSVALn excepted).",
                 {"ds": "AE", "cols": ["AETERM", "AEDECOD"],
                  "pass": [["Headache", "HEADACHE"], ["Rash. Mild", "RASH"]],
                  "fail": [[" Headache", "HEADACHE"], ["Nausea", "NAUSEA"], ["Rash", "..."]],
                  "expect": [1, 3]}, rule_type="Value Check with Variable Metadata"),
    "SD1135": _d([{"any": [literal(v, "less_than", 0) for v in ("--DY", "--STDY", "--ENDY")]}],
                 ["--STDY", "--ENDY"], "A study day (--DY, --STDY, --ENDY) is negative.",
                 {"ds": "EX", "cols": ["EXSTDY", "EXENDY"], "pass": [["1", "5"], ["", ""]],
                  "fail": [["-3", "5"], ["1", "5"], ["1", "-1"]], "expect": [1, 3]}),
    "SD1301": _d([cond("TDSTOFF", "non_empty"), literal("TDSTOFF", "not_equal_to", "0"),
                  cond("TDSTOFF", "not_matches_regex", DURATION)], ["TDSTOFF"],
                 "TDSTOFF is neither 0 nor an ISO 8601 duration.",
                 {"ds": "TD", "cols": ["TDSTOFF"], "pass": [["0"], ["P2W"], [""]],
                  "fail": [["2 weeks"], ["P2W"]], "expect": [1]}),
    "SD2019": _d([cond("AGETXT", "non_empty"),
                  cond("AGETXT", "not_matches_regex", r"^[0-9]+-+[0-9]+$")], ["AGETXT"],
                 "AGETXT is not a range 'number-number'.",
                 {"ds": "DM", "cols": ["AGETXT"], "pass": [["18-65"], [""]],
                  "fail": [["18 to 65"], ["18-65"], [">65"]], "expect": [1, 3]}),
    "SD0079": _ex_when("ARMCD", ["NOTASSGN", "SCRNFAIL"]),
    "SD1340": _ex_when("ACTARMCD", ["NOTTRT"]),
    "SD1014": _d([cond("TAETORD", "non_empty"),
                  cond("TAETORD", "is_not_contained_by", "$ta_taetord")], ["TAETORD"],
                 "TAETORD is not a TAETORD of TA.",
                 {"ds": "SE", "cols": ["TAETORD"], "pass": [["1"], ["2"], [""]],
                  "fail": [["3"], ["1"]], "expect": [1],
                  "other": {"ds": "TA", "cols": ["ARMCD", "TAETORD"],
                            "rows": [["A", "1"], ["A", "2"]]}},
                 operations=[{"id": "$ta_taetord", "operator": "distinct", "name": "TAETORD",
                              "domain": "TA"}]),
    "SD1017": _d([cond("VISITNUM", "non_empty"), cond("SVUPDES", "empty"),
                  cond("VISITNUM", "is_not_contained_by", "$tv_visitnum")],
                 ["VISITNUM", "SVUPDES"], "VISITNUM of a planned visit is not a VISITNUM of TV.",
                 {"ds": "SV", "cols": ["VISITNUM", "SVUPDES"],
                  "pass": [["1", ""], ["2.1", "Unscheduled"]],
                  "fail": [["3", ""], ["1", ""]], "expect": [1],
                  "other": {"ds": "TV", "cols": ["VISITNUM", "VISIT"],
                            "rows": [["1", "SCREENING"], ["2", "WEEK 1"]]}},
                 operations=[{"id": "$tv_visitnum", "operator": "distinct", "name": "VISITNUM",
                              "domain": "TV"}]),
    "SD1032": _d([literal("ARMCD", "equal_to_case_insensitive", "SCRNFAIL"),
                  cond("USUBJID", "is_not_contained_by", "$ie_usubjid")],
                 ["USUBJID", "ARMCD"], "A screen failure (ARMCD SCRNFAIL) has no IE record.",
                 {"ds": "DM", "cols": ["ARMCD"], "pass": [["SCRNFAIL"], ["A"]],
                  "fail": [["SCRNFAIL"], ["scrnfail"], ["A"]], "expect": [2],
                  "other": {"ds": "IE", "cols": ["USUBJID", "IETESTCD"], "rows": [["01", "IN01"]]}},
                 operations=[{"id": "$ie_usubjid", "operator": "distinct", "name": "USUBJID",
                              "domain": "IE"}]),
    "SD1096": _d([cond("USUBJID", "non_empty"), cond("--TERM", "matches_regex", r"^.{200}\Z"),
                  cond("$supp_qnams", "does_not_contain", "--TERM1")], ["--TERM"],
                 "--TERM is exactly 200 characters long (perhaps cut at the SAS limit) and "
                 "the record has no SUPP-- record of QNAM --TERM1.",
                 {"ds": "AE", "cols": ["AETERM"], "pass": [["A" * 200], ["Headache"]],
                  "fail": [["A" * 200], ["B" * 200], ["Headache"]], "expect": [2],
                  "other": {"ds": "SUPPAE", "cols": ["RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL",
                                                     "QNAM", "QVAL"],
                            "rows": [["AE", "01", "AESEQ", "1", "AETERM1", "rest of it"],
                                     ["AE", "02", "AESEQ", "2", "AETRTEM", "Y"]]}},
                 operations=[{"id": "$supp_qnams", "operator": "distinct", "name": "QNAM",
                              "domain": "SUPP--", "group": ["USUBJID", "IDVARVAL"],
                              "group_aliases": ["USUBJID", "--SEQ"]}]),
    "SD1097": _d([cond("USUBJID", "non_empty"), literal("$trtem", "equal_to", 0)],
                 ["USUBJID", "AESEQ"],
                 "An AE record has no SUPPAE record of QNAM AETRTEM (by USUBJID and "
                 "IDVARVAL = AESEQ).",
                 {"ds": "AE", "cols": ["AETERM"], "pass": [["Headache"]],
                  "fail": [["Headache"], ["Rash"], ["Nausea"]], "expect": [2, 3],
                  "other": {"ds": "SUPPAE", "cols": ["RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL",
                                                     "QNAM", "QVAL"],
                            "rows": [["AE", "01", "AESEQ", "1", "AETRTEM", "Y"],
                                     ["AE", "02", "AESEQ", "5", "AETRTEM", "N"],
                                     ["AE", "03", "AESEQ", "3", "AESOSP", "X"]]}},
                 operations=[{"id": "$trtem", "operator": "record_count", "domain": "SUPPAE",
                              "filter": {"QNAM": "AETRTEM"}, "group": ["USUBJID", "IDVARVAL"],
                              "group_aliases": ["USUBJID", "AESEQ"]}],
                 scope={"Classes": {"Include": ["ALL"]}, "Domains": {"Include": ["AE"]}}),
    "SD1321": _d([literal("$datasets", "does_not_contain", "SUPPAE")], ["$datasets"],
                 "The study has an AE dataset but no SUPPAE (no treatment-emergent flag).",
                 {"ds": "AE", "tables": {
                     "positive": {"AE": [["STUDYID", "DOMAIN", "USUBJID", "AESEQ", "AETERM"],
                                         ["S1", "AE", "01", "1", "Headache"]],
                                  "SUPPAE": [["STUDYID", "RDOMAIN", "USUBJID", "IDVAR",
                                              "IDVARVAL", "QNAM", "QVAL"],
                                             ["S1", "AE", "01", "AESEQ", "1", "AETRTEM", "Y"]]},
                     "negative": {"AE": [["STUDYID", "DOMAIN", "USUBJID", "AESEQ", "AETERM"],
                                         ["S1", "AE", "01", "1", "Headache"]]}},
                  "expect": [None]},
                 operations=[{"id": "$datasets", "operator": "dataset_names"}],
                 rule_type="Dataset Metadata Check", sensitivity="Dataset",
                 scope={"Classes": {"Include": ["ALL"]}, "Domains": {"Include": ["AE"]}}),
    "SD1233": _d([cond("SPDEVID", "non_empty"),
                  cond("SPDEVID", "is_not_contained_by", "$di_spdevid")], ["SPDEVID"],
                 "SPDEVID is not a device of DI.",
                 {"ds": "AE", "cols": ["SPDEVID"], "pass": [["D1"], [""]],
                  "fail": [["D2"], ["D1"]], "expect": [1],
                  "other": {"ds": "DI", "cols": ["SPDEVID", "DIPARMCD"], "rows": [["D1", "TYPE"]]}},
                 operations=[{"id": "$di_spdevid", "operator": "distinct", "name": "SPDEVID",
                              "domain": "DI"}],
                 scope=scope_of("CO, DR, INTERVENTIONS, FINDINGS, EVENTS, FINDINGS ABOUT")),
    "SD1252": _d([cond("USUBJID", "non_empty"), cond("SSSTRESC", "is_contained_by", DEAD),
                  literal("DTHFL", "not_equal_to", "Y")], ["DTHFL", "SSSTRESC"],
                 "The subject's DTHFL is not Y while SSSTRESC is DEAD.",
                 {"ds": "SS", "tables": {
                     "positive": {"SS": _ss([["01", "DEAD", "2020-01-10"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DM": [["STUDYID", "DOMAIN", "USUBJID", "DTHFL"],
                                         ["S1", "DM", "01", "Y"], ["S1", "DM", "02", ""]]},
                     "negative": {"SS": _ss([["01", "DEAD", "2020-01-10"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DM": [["STUDYID", "DOMAIN", "USUBJID", "DTHFL"],
                                         ["S1", "DM", "01", ""], ["S1", "DM", "02", ""]]}},
                  "expect": [1]}, match="DM"),
    "SD1316": _d([cond("SSSTRESC", "is_contained_by_case_insensitive", DEAD),
                  cond("USUBJID", "is_not_contained_by", "$ds_death")],
                 ["USUBJID", "SSSTRESC"],
                 "A subject whose SSSTRESC is DEAD has no DS record of DSDECOD DEATH.",
                 {"ds": "SS", "tables": {
                     "positive": {"SS": _ss([["01", "DEAD", "2020-01-10"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DS": [["STUDYID", "DOMAIN", "USUBJID", "DSDECOD"],
                                         ["S1", "DS", "01", "DEATH"]]},
                     "negative": {"SS": _ss([["01", "DEAD", "2020-01-10"],
                                             ["02", "ALIVE", "2020-01-01"]]),
                                  "DS": [["STUDYID", "DOMAIN", "USUBJID", "DSDECOD"],
                                         ["S1", "DS", "01", "COMPLETED"]]}},
                  "expect": [1]},
                 operations=[{"id": "$ds_death", "operator": "distinct", "name": "USUBJID",
                              "domain": "DS", "filter": {"DSDECOD": "DEATH"}}]),
    "SD1318": _d([cond("DSDECOD", "is_contained_by_case_insensitive",
                       ["PROTOCOL DEVIATION", "PROTOCOL VIOLATION", "方案违背"]),
                  cond("USUBJID", "is_not_contained_by", "$dv_usubjid")],
                 ["USUBJID", "DSDECOD"],
                 "A subject with a protocol deviation disposition has no DV record.",
                 {"ds": "DS", "cols": ["DSDECOD"],
                  "pass": [["PROTOCOL DEVIATION"], ["COMPLETED"]],
                  "fail": [["PROTOCOL DEVIATION"], ["Protocol Violation"], ["COMPLETED"]],
                  "expect": [2],
                  "other": {"ds": "DV", "cols": ["USUBJID", "DVTERM"], "rows": [["01", "X"]]}},
                 operations=[{"id": "$dv_usubjid", "operator": "distinct", "name": "USUBJID",
                              "domain": "DV"}]),
    "SD1354": _d([cond("ARMCD", "non_empty"),
                  cond("ARMCD", "is_not_contained_by", "$dm_armcd")], ["ARMCD"],
                 "ARMCD of TA is assigned to no subject in DM.",
                 {"ds": "TA", "cols": ["ARMCD", "TAETORD"], "pass": [["A", "1"], ["A", "2"]],
                  "fail": [["B", "1"], ["A", "1"]], "expect": [1],
                  "other": {"ds": "DM", "cols": ["USUBJID", "ARMCD"], "rows": [["01", "A"]]}},
                 operations=[{"id": "$dm_armcd", "operator": "distinct", "name": "ARMCD",
                              "domain": "DM"}]),
    "SD1128": _d([cond("IDVARVAL", "empty"), cond("RELTYPE", "non_empty"),
                  cond("RELTYPE", "is_not_contained_by", ["ONE", "MANY"])], ["RELTYPE"],
                 "RELTYPE of a dataset-level relationship is not ONE or MANY.",
                 {"ds": "RELREC", "tables": {kind: {"RELREC": [
                     ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "RELTYPE", "RELID"],
                     ["S1", "AE", "", "AESEQ", "", first, "R1"],
                     ["S1", "CM", "", "CMSEQ", "", "MANY", "R1"],
                     ["S1", "AE", "01", "AESEQ", "1", "", "R2"]]}
                     for kind, first in (("positive", "ONE"), ("negative", "One"))},
                  "expect": [1]}),
    "SD1322": _d([cond("COUNTRY", "non_empty"), cond("COUNTRY", "is_not_contained_by", ISO3166)],
                 ["COUNTRY"], "COUNTRY is not an ISO 3166 alpha-3 code.",
                 {"ds": "DM", "cols": ["COUNTRY"], "pass": [["USA"], ["DEU"]],
                  "fail": [["US"], ["USA"], ["usa"]], "expect": [1, 3]}),
}
