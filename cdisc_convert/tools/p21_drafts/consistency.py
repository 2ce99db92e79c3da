"""P21's ``Unique`` rules: duplicate records and values inconsistent within a group.

P21 checks a ``Unique`` rule on the records its ``When`` admits: without ``Matching`` the
``Variable`` must not repeat within its ``GroupBy`` group (a duplicate record), with
``Matching`` every record of a group must hold the group's value of ``Variable``.
Variables listed as ``Optional`` may be absent; the others must exist.

In CORE's vocabulary:

- a duplicate is ``is_not_unique_set`` over the Variable and every GroupBy variable (an
  absent one is left out, a blank one is a value, as P21 reads them). A ``When`` that
  tests a variable's value is honoured by keying on that variable too (each set is then
  wholly in or out of the ``When``). P21 reports each record after the first of a set;
  these rules report every record of the set.
- an inconsistent value is ``is_inconsistent_across_dataset`` within the GroupBy
  variables: records holding other than the group's most common value (P21: other than
  the group's first record's value; the two agree where the first record holds the most
  common value).

>>> sorted(DRAFTS)[:3]
['SD0007', 'SD1117', 'SD1201']
>>> table("LB", ["LBTESTCD"], [["01", "ALT"], ["01", "AST"]])[2]
['S1', 'LB', '01', '2', 'AST']
"""

from __future__ import annotations

from cdisc_convert.tools.p21_drafts.helpers import _d, cond, literal, not_in


def table(ds: str, cols: list[str], rows: list[list[str]]) -> list[list[str]]:
    """A case dataset: STUDYID, DOMAIN, USUBJID (each row's first value), --SEQ 1, 2, ...
    then ``cols``."""
    return [["STUDYID", "DOMAIN", "USUBJID", f"{ds}SEQ", *cols],
            *(["S1", ds, r[0], str(i + 1), *r[1:]] for i, r in enumerate(rows))]


def cases(ds: str, cols: list[str], passing: list[list[str]], failing: list[list[str]],
          expect: list[int]) -> dict:
    """Whole-table cases (USUBJID given per row, so records of one subject can repeat)."""
    return {"ds": ds, "tables": {"positive": {ds: table(ds, cols, passing)},
                                 "negative": {ds: table(ds, cols, failing)}},
            "expect": expect}


def duplicate(target: str, keys: list[str], required: list[str]) -> list[dict]:
    """``target`` repeats with the same ``keys`` values (``required`` must exist)."""
    return [*(cond(name, "exists") for name in required),
            cond(target, "is_not_unique_set", keys)]


def inconsistent(target: str, within: list[str], required: list[str]) -> list[dict]:
    """``target`` differs from the most common value of its ``within`` group."""
    return [*(cond(name, "exists") for name in required),
            cond(target, "is_inconsistent_across_dataset", within)]


#: SD1117's GroupBy besides USUBJID and --TESTCD: all optional (as is --DTC, its Variable).
FINDINGS_KEYS = ["POOLID", "SPDEVID", "FETUSID", "--OBJ", "--CAT", "--SCAT", "--POS",
                 "ICIMPLBL", "--RESLOC", "--METHOD", "--SPEC", "--ANTREG", "--LOC", "--LAT",
                 "--DIR", "--PORTOT", "--DRVFL", "--EVAL", "--EXCLFL", "VISITNUM", "VISITDY",
                 "--ENDTC", "--DY", "--ENDY", "--NOMDY", "--TPTNUM", "--RFTDTC", "--STINT",
                 "--ENINT"]
EVENTS_KEYS = ["--DECOD", "--CAT", "--SCAT", "--OCCUR", "--LOC", "--LAT", "--DIR", "--SEV",
               "--TOXGR", "VISITNUM", "VISITDY", "--STTPT"]
INTERVENTIONS_KEYS = ["POOLID", "SPDEVID", "--DECOD", "--CAT", "--SCAT", "--ROUTE", "--LOC",
                      "--LAT", "--DIR", "--TRTV", "--ENDTC", "--TPT", "--TPTNUM"]
UNIT_KEYS = ["--TESTCD", "--OBJ", "--TSTDTL", "--CAT", "--SCAT", "--SPEC", "--METHOD"]
BASELINE_KEYS = ["USUBJID", "--CAT", "--SCAT", "--METHOD", "--SPEC", "--LOC", "--LAT", "--DIR"]
LOBX_KEYS = ["USUBJID", "--CAT", "--SCAT", "--POS", "--METHOD", "--SPEC", "--LOC", "--LAT"]
#: SD1290: COMPLETED disposition events keyed apart from the others (P21 counts the others).
COMPLETED = [{"id": "$completed", "operator": "map",
              "map": [{"DSTERM": "COMPLETED", "output": "Y"}]}]


def _coding(pid: str, name: str) -> dict:
    """SD1440-SD1444: ``--<name>`` consistent within --TERM (records with a --DECOD)."""
    var = f"--{name}"
    col = f"AE{name}"
    head = ["AETERM", "AEDECOD"] + ([] if name == "DECOD" else [col])
    if name == "DECOD":
        good, bad = ["HEADACHE", "Headache"], ["HEADACHE", "Migraine"]
    else:
        good, bad = ["HEADACHE", "Headache", "X1"], ["HEADACHE", "Headache", "X2"]
    return _d([cond("--DECOD", "non_empty"),
               *inconsistent(var, ["--TERM"], ["--TERM"])],
              [var, "--TERM"],
              f"{var} differs from the {var} most records of the same --TERM hold.",
              cases("AE", head, [["01", *good], ["02", *good], ["03", *good]],
                    [["01", *good], ["02", *good], ["03", *bad],
                     ["04", "HEADACHE", "", *([] if name == "DECOD" else [""])]], [3]))


DRAFTS: dict[str, dict] = {
    "SD0007": _d([cond("--STRESU", "non_empty"),
                  *inconsistent("--STRESU", UNIT_KEYS, ["--TESTCD"])],
                 ["--STRESU", "--TESTCD"],
                 "--STRESU differs from the --STRESU most records of the same test (--TESTCD, "
                 "--OBJ, --TSTDTL, --CAT, --SCAT, --SPEC, --METHOD) hold.",
                 cases("LB", ["LBTESTCD", "LBCAT", "LBSTRESU"],
                       [["01", "GLUC", "CHEM", "mmol/L"], ["02", "GLUC", "CHEM", "mmol/L"],
                        ["03", "GLUC", "URIN", "mg/dL"], ["03", "ALT", "CHEM", ""]],
                       [["01", "GLUC", "CHEM", "mmol/L"], ["02", "GLUC", "CHEM", "mmol/L"],
                        ["03", "GLUC", "CHEM", "mg/dL"], ["03", "GLUC", "URIN", "mg/dL"]],
                       [3])),
    "SD1117": _d([cond("--TESTCD", "non_empty"),
                  {"any": [cond("EGCAT", "not_exists"),
                           not_in("EGCAT", ["INTERPRETATION", "DIAGNOSIS"])]},
                  *duplicate("--TESTCD", ["USUBJID", "--DTC", *FINDINGS_KEYS], ["USUBJID"])],
                 ["--DTC", "--TESTCD", "VISITNUM"],
                 "Another record of the subject has the same --TESTCD, --DTC, timing and "
                 "qualifiers (--CAT, --SCAT, --POS, --METHOD, --SPEC, --LOC, --LAT, VISITNUM, "
                 "--TPTNUM, ...).",
                 cases("LB", ["LBTESTCD", "LBCAT", "VISITNUM", "LBDTC"],
                       [["01", "ALT", "CHEM", "1", "2020-01-01"],
                        ["01", "ALT", "CHEM", "2", "2020-01-01"],
                        ["01", "AST", "CHEM", "1", "2020-01-01"],
                        ["02", "ALT", "CHEM", "1", "2020-01-01"]],
                       [["01", "ALT", "CHEM", "1", "2020-01-01"],
                        ["01", "ALT", "CHEM", "1", "2020-01-01"],
                        ["01", "ALT", "URIN", "1", "2020-01-01"],
                        ["02", "ALT", "CHEM", "1", "2020-01-01"]], [1, 2])),
    "SD1201": _d([cond("--TERM", "non_empty"),
                  *duplicate("--TERM", ["USUBJID", "--STDTC", *EVENTS_KEYS],
                             ["USUBJID", "--STDTC"])],
                 ["--STDTC", "--TERM", "--DECOD"],
                 "Another record of the subject has the same --TERM, --STDTC, --DECOD, --CAT, "
                 "--SCAT, --OCCUR, --LOC, --LAT, --DIR, --SEV, --TOXGR, VISITNUM, VISITDY and "
                 "--STTPT.",
                 cases("AE", ["AETERM", "AEDECOD", "AESEV", "AESTDTC"],
                       [["01", "HEADACHE", "Headache", "MILD", "2020-01-01"],
                        ["01", "HEADACHE", "Headache", "MODERATE", "2020-01-01"],
                        ["01", "HEADACHE", "Headache", "MILD", "2020-01-05"],
                        ["02", "HEADACHE", "Headache", "MILD", "2020-01-01"]],
                       [["01", "HEADACHE", "Headache", "MILD", "2020-01-01"],
                        ["01", "NAUSEA", "Nausea", "MILD", "2020-01-01"],
                        ["01", "HEADACHE", "Headache", "MILD", "2020-01-01"],
                        ["02", "HEADACHE", "Headache", "MILD", "2020-01-01"]], [1, 3])),
    "SD1352": _d([cond("--TRT", "non_empty"),
                  *duplicate("--TRT", ["USUBJID", "--STDTC", *INTERVENTIONS_KEYS],
                             ["USUBJID"])],
                 ["--STDTC", "--TRT"],
                 "Another record of the subject has the same --TRT, --STDTC, --ENDTC, "
                 "--DECOD, --CAT, --SCAT, --ROUTE, --LOC, --LAT, --DIR, --TRTV, --TPT and "
                 "--TPTNUM.",
                 cases("EX", ["EXTRT", "EXROUTE", "EXSTDTC", "EXENDTC"],
                       [["01", "DRUG A", "ORAL", "2020-01-01", "2020-01-10"],
                        ["01", "DRUG A", "ORAL", "2020-01-11", "2020-01-20"],
                        ["02", "DRUG A", "ORAL", "2020-01-01", "2020-01-10"]],
                       [["01", "DRUG A", "ORAL", "2020-01-01", "2020-01-10"],
                        ["01", "DRUG A", "ORAL", "2020-01-01", "2020-01-10"],
                        ["02", "DRUG A", "ORAL", "2020-01-01", "2020-01-10"]], [1, 2])),
    "SD1236": _d([cond("--SEQ", "non_empty"),
                  *duplicate("--SEQ", ["SPDEVID", "USUBJID"], ["SPDEVID"])],
                 ["--SEQ", "SPDEVID", "USUBJID"],
                 "--SEQ repeats within a device (SPDEVID) and subject (USUBJID).",
                 {"ds": "DU", "expect": [1, 2], "tables": {
                     "positive": {"DU": [["STUDYID", "DOMAIN", "USUBJID", "SPDEVID", "DUSEQ"],
                                         ["S1", "DU", "01", "D1", "1"],
                                         ["S1", "DU", "01", "D2", "1"],
                                         ["S1", "DU", "02", "D1", "1"]]},
                     "negative": {"DU": [["STUDYID", "DOMAIN", "USUBJID", "SPDEVID", "DUSEQ"],
                                         ["S1", "DU", "01", "D1", "1"],
                                         ["S1", "DU", "01", "D1", "1"],
                                         ["S1", "DU", "02", "D1", "1"]]}}}),
    "SD1453": _d([cond("--SEQ", "non_empty"), *duplicate("--SEQ", ["SPDEVID"], ["SPDEVID"])],
                 ["--SEQ", "SPDEVID"], "--SEQ repeats within a device (SPDEVID).",
                 {"ds": "DI", "expect": [1, 2], "tables": {
                     "positive": {"DI": [["STUDYID", "DOMAIN", "SPDEVID", "DISEQ", "DIPARMCD"],
                                         ["S1", "DI", "D1", "1", "TYPE"],
                                         ["S1", "DI", "D1", "2", "MODEL"],
                                         ["S1", "DI", "D2", "1", "TYPE"]]},
                     "negative": {"DI": [["STUDYID", "DOMAIN", "SPDEVID", "DISEQ", "DIPARMCD"],
                                         ["S1", "DI", "D1", "1", "TYPE"],
                                         ["S1", "DI", "D1", "1", "MODEL"],
                                         ["S1", "DI", "D2", "1", "TYPE"]]}}}),
    "SD1237": _d([cond("SPDEVID", "non_empty"),
                  *duplicate("DOTESTCD", ["SPDEVID"], ["SPDEVID"])],
                 ["DOTESTCD", "SPDEVID"],
                 "DOTESTCD is on more than one DO record of a device (SPDEVID).",
                 {"ds": "DO", "expect": [1, 2], "tables": {
                     "positive": {"DO": [["STUDYID", "DOMAIN", "SPDEVID", "DOSEQ", "DOTESTCD"],
                                         ["S1", "DO", "D1", "1", "DIAM"],
                                         ["S1", "DO", "D1", "2", "LENGTH"],
                                         ["S1", "DO", "D2", "1", "DIAM"]]},
                     "negative": {"DO": [["STUDYID", "DOMAIN", "SPDEVID", "DOSEQ", "DOTESTCD"],
                                         ["S1", "DO", "D1", "1", "DIAM"],
                                         ["S1", "DO", "D1", "2", "DIAM"],
                                         ["S1", "DO", "D2", "1", "DIAM"],
                                         ["S1", "DO", "", "1", "DIAM"],
                                         ["S1", "DO", "", "2", "DIAM"]]}}}),
    "SD1290": _d([literal("DSCAT", "equal_to", "DISPOSITION EVENT"),
                  literal("DSTERM", "not_equal_to", "COMPLETED"),
                  *duplicate("USUBJID", ["EPOCH", "DSCAT", "$completed"], ["EPOCH"])],
                 ["DSSEQ", "EPOCH", "DSTERM"],
                 "The subject has another disposition event (DSCAT 'DISPOSITION EVENT', "
                 "DSTERM not 'COMPLETED') in the same EPOCH.",
                 cases("DS", ["DSTERM", "DSCAT", "EPOCH"],
                       [["01", "ADVERSE EVENT", "DISPOSITION EVENT", "TREATMENT"],
                        ["01", "COMPLETED", "DISPOSITION EVENT", "TREATMENT"],
                        ["01", "FINAL VISIT", "OTHER EVENT", "TREATMENT"],
                        ["01", "DEATH", "DISPOSITION EVENT", "FOLLOW-UP"],
                        ["02", "COMPLETED", "DISPOSITION EVENT", "TREATMENT"],
                        ["02", "COMPLETED", "DISPOSITION EVENT", "TREATMENT"]],
                       [["01", "ADVERSE EVENT", "DISPOSITION EVENT", "TREATMENT"],
                        ["01", "COMPLETED", "DISPOSITION EVENT", "TREATMENT"],
                        ["01", "DEATH", "DISPOSITION EVENT", "TREATMENT"],
                        ["02", "DEATH", "DISPOSITION EVENT", "TREATMENT"]], [1, 3]),
                 operations=COMPLETED),
    "SD1439": _d([literal("--BLFL", "equal_to", "Y"),
                  *duplicate("--TESTCD", [*BASELINE_KEYS, "--BLFL"], ["USUBJID"])],
                 ["--TESTCD", "--BLFL"],
                 "Another baseline record (--BLFL 'Y') of the subject has the same --TESTCD, "
                 "--CAT, --SCAT, --METHOD, --SPEC, --LOC, --LAT and --DIR.",
                 cases("LB", ["LBTESTCD", "LBSPEC", "LBBLFL"],
                       [["01", "GLUC", "BLOOD", "Y"], ["01", "GLUC", "URINE", "Y"],
                        ["01", "GLUC", "BLOOD", ""], ["01", "GLUC", "BLOOD", ""],
                        ["02", "GLUC", "BLOOD", "Y"]],
                       [["01", "GLUC", "BLOOD", "Y"], ["01", "GLUC", "BLOOD", "Y"],
                        ["01", "GLUC", "BLOOD", ""], ["02", "GLUC", "BLOOD", "Y"]], [1, 2])),
    "SD1445": _d([literal("--LOBXFL", "equal_to", "Y"),
                  *duplicate("--TESTCD", [*LOBX_KEYS, "--LOBXFL"], ["USUBJID"])],
                 ["--TESTCD", "--LOBXFL"],
                 "Another last-observation-before-exposure record (--LOBXFL 'Y') of the "
                 "subject has the same --TESTCD, --CAT, --SCAT, --POS, --METHOD, --SPEC, --LOC "
                 "and --LAT.",
                 cases("VS", ["VSTESTCD", "VSPOS", "VSLOBXFL"],
                       [["01", "SYSBP", "SITTING", "Y"], ["01", "SYSBP", "STANDING", "Y"],
                        ["01", "SYSBP", "SITTING", ""], ["01", "SYSBP", "SITTING", ""],
                        ["02", "SYSBP", "SITTING", "Y"]],
                       [["01", "SYSBP", "SITTING", "Y"], ["01", "SYSBP", "SITTING", "Y"],
                        ["01", "SYSBP", "SITTING", ""], ["02", "SYSBP", "SITTING", "Y"]],
                       [1, 2])),
    **{pid: _coding(pid, name) for pid, name in (
        ("SD1440", "DECOD"), ("SD1441", "HLT"), ("SD1442", "HLGT"), ("SD1443", "BODSYS"),
        ("SD1444", "SOC"))},
}
