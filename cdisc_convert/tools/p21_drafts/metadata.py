"""P21 dataset and variable metadata rules: a dataset file of 5 GB or more (SD1071), a
variable the FDA expects (EPOCH) that the IG or model lists for the domain but the dataset
lacks (SD1077), a permissible variable empty on every record (SD1078).

SD1071's case folders declare the size of the file each dataset stands for (a ``Size``
column of ``_datasets.csv``, our extension of CORE's layout); a validation run takes the
size of the file it read.

>>> sorted(DRAFTS)
['SD1071', 'SD1077', 'SD1078']
>>> DRAFTS["SD1071"]["check"][0]["value"]
5368709120
"""

from __future__ import annotations

from cdisc_convert.tools.p21_drafts.helpers import _d, cond, literal

#: P21's limit: ``FileSize @lt 5368709120`` (5 GiB) passes.
FIVE_GB = 5 * 1024 ** 3
#: Permissible variables of the domain: its library (IG and model) less Req and Exp ones.
PERMISSIBLE = [
    {"id": "$library", "operator": "get_column_order_from_library"},
    {"id": "$required", "operator": "required_variables"},
    {"id": "$expected", "operator": "expected_variables"},
    {"id": "$not_required", "operator": "minus", "name": "$library", "subtract": "$required"},
    {"id": "$permissible", "operator": "minus", "name": "$not_required",
     "subtract": "$expected"},
]


def _ae(*extra: tuple[str, list[str]]) -> list[list[str]]:
    """An AE table of two records: identifiers, AETERM, then ``extra`` (name, values)."""
    head = ["STUDYID", "DOMAIN", "USUBJID", "AESEQ", "AETERM", *(n for n, _ in extra)]
    return [head, *(["S1", "AE", f"0{i + 1}", str(i + 1), "Headache",
                     *(v[i] for _, v in extra)] for i in range(2))]


DRAFTS: dict[str, dict] = {
    "SD1071": _d([literal("$dataset_size", "greater_than_or_equal_to", FIVE_GB)],
                 ["$dataset_size"], "The dataset's file is 5 GB (5,368,709,120 bytes) or more.",
                 {"ds": "AE", "expect": [None],
                  "tables": {"positive": {"AE": _ae()}, "negative": {"AE": _ae()}},
                  "sizes": {"positive": {"AE": FIVE_GB - 1}, "negative": {"AE": FIVE_GB}}},
                 operations=[{"id": "$dataset_size", "operator": "extract_metadata",
                              "name": "dataset_size"}],
                 rule_type="Dataset Metadata Check", sensitivity="Dataset"),
    "SD1077": _d([literal("$library", "contains", "EPOCH"), cond("EPOCH", "not_exists")], [],
                 "The IG or the SDTM model lists EPOCH for the domain, but the dataset has no "
                 "EPOCH.",
                 {"ds": "AE", "expect": [None],
                  "tables": {"positive": {"AE": _ae(("EPOCH", ["TREATMENT", "TREATMENT"]))},
                             "negative": {"AE": _ae()}}},
                 operations=[{"id": "$library", "operator": "get_column_order_from_library"}],
                 sensitivity="Dataset"),
    "SD1078": _d([cond("variable_name", "is_contained_by", "$permissible"),
                  cond("variable_name", "not_matches_regex", ".*DY$"),
                  literal("variable_is_empty", "equal_to", True)], ["variable_name"],
                 "A permissible variable (of the IG's domain or added from the SDTM model), "
                 "study days (*DY) excepted, is empty on every record.",
                 {"ds": "AE", "expect": [6],
                  "tables": {"positive": {"AE": _ae(("AESEV", ["MILD", ""]),
                                                    ("AESTDY", ["", ""]))},
                             "negative": {"AE": _ae(("AESEV", ["", ""]), ("AESTDY", ["", ""]),
                                                    ("AELLT", ["", ""]))}}},
                 operations=PERMISSIBLE, rule_type="Variable Metadata Check"),
}
