"""cdisc_convert/tools/rules_crosswalk.py: the shipped crosswalk is what a rebuild gives."""

from __future__ import annotations

from cdisc_convert.tools import rules_crosswalk
from cdisc_convert.validate.core_run import crosswalk


def test_the_shipped_crosswalk_is_a_rebuild_of_the_reference(reference):
    assert rules_crosswalk.OUT.read_text(encoding="utf-8") == rules_crosswalk.build(reference)


def test_every_core_rule_has_a_row_and_cited_ids_map_to_p21():
    rows = crosswalk()
    assert len(rows) == 331
    assert rows["CORE-000266"]["cdisc_ids"].split()[0] == "CG0042"   # AESER Y, no criterion
    assert rows["CORE-000266"]["p21_ids"] == "SD0009"
    assert sum(bool(r["p21_ids"]) for r in rows.values()) > 150
