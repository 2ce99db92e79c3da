"""cdisc_convert/tools/p21_agreement.py: the agreement measure, on made-up reports and on
the PHUSE submission with its Pinnacle 21 report (skips without the reference)."""

from __future__ import annotations

import json

import pytest

from cdisc_convert.tools import p21_agreement as agreement
from tests.conftest import reference_part

#: Floors held on PHUSE (docs/validation/phuse-comparison.md gives today's figures).
PAIR_FLOOR, RECORD_FLOOR = 0.8, 0.9


def _p21(domain, rule, record=None, values=None, count=None):
    return {"Domain": domain, "Pinnacle 21 ID": rule, "Record": record, "Values": values,
            "Count": count}


def _report(*findings):
    return {"datasets": {"AE": {"domain": "AE"}, "LBCH": {"domain": "LB"}},
            "rules": [{"id": "END-MISSING", "p21": "SD0021"}], "findings": list(findings)}


def test_pairs_records_absent_datasets_and_beyond():
    rows = [_p21("AE", "SD0021", 3), _p21("AE", "SD0021", 4), _p21("LB", "SD1076", None, "EPOCH"),
            _p21("LB (LBHE)", "SD0029", 7), _p21("CM", "SD1076", None, "CMDY")]
    report = _report(
        {"rule_id": "END-MISSING", "dataset": "AE", "row": 3},
        {"rule_id": "VAR-PERM-ADDED", "dataset": "LBCH", "variable": "EPOCH", "row": None,
         "extra": {"p21": ["SD1076"]}},
        {"rule_id": "SD1131", "dataset": "LBCH", "row": 9})
    got = agreement.measure(rows, report)
    assert got.pairs == {("AE", "SD0021"), ("LB", "SD1076")} == got.pairs_found
    assert (got.records, got.records_found) == (3, 2)           # AE record 4 missed
    assert dict(got.absent) == {"LB (LBHE)": 1, "CM": 1}        # not in the folder
    assert dict(got.beyond) == {("LBCH", "SD1131", "SD1131"): 1}
    assert "SD1131" in agreement.render(got)


def test_a_rule_reported_under_another_p21_id_does_not_count():
    got = agreement.measure([_p21("AE", "SD0021", 1, count=2)],
                            _report({"rule_id": "X", "dataset": "AE", "row": 1,
                                     "extra": {"p21": ["SD0022"]}}))
    assert (got.pair_share, got.records, got.record_share) == (0.0, 2, 0.0)


XDIST_GROUP = "phuse"      # one PHUSE validation with tests/validate/test_phuse.py


@pytest.fixture(scope="module")
def phuse_measure(reference, phuse_validated):
    pytest.importorskip("openpyxl")
    folder = reference_part(reference, "phuse-tdf-sdtm", "pinnacle21-report-2018-10-08.xlsx",
                            what="PHUSE submission and its Pinnacle 21 report").parent
    _, out = phuse_validated
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return agreement.measure(agreement.read_p21(folder / "pinnacle21-report-2018-10-08.xlsx"),
                             report)


def test_phuse_pairs_and_records_reported_under_the_p21_id(phuse_measure):
    assert phuse_measure.pairs, "no P21 issue on the datasets present"
    assert phuse_measure.pair_share >= PAIR_FLOOR, phuse_measure.as_dict()["missed_pairs"]
    assert phuse_measure.record_share >= RECORD_FLOOR


def test_phuse_only_present_datasets_are_counted(phuse_measure):
    absent = set(phuse_measure.absent)
    assert {"LB (LBHE)", "LB (LBUR)", "CM", "MH"} <= absent
    assert not {s for s, _ in phuse_measure.pairs} & absent
