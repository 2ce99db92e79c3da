"""cdisc_convert/tools/p21_coverage.py and p21_rules.py: the shipped coverage table and the
drafted rule files are what a rebuild from the reference gives; every P21 rule of the four
SDTM FDA configurations has one row, and the rows say what they should."""

from __future__ import annotations

from cdisc_convert.tools import p21_coverage, p21_rules
from cdisc_convert.validate.catalogue_list import P21_AUTHORITY, rule_rows
from cdisc_convert.validate.catalogue_list import p21_coverage as table
from cdisc_convert.validate.own_rules import load_own_rules

STATUSES = {"implemented", "covered", "not executable", "not implemented"}


def test_the_shipped_table_is_a_rebuild_of_the_reference(reference):
    assert p21_coverage.OUT.read_text(encoding="utf-8") == p21_coverage.build(reference)


def test_the_drafted_rule_files_are_a_rebuild(reference):
    assert p21_rules.write_all(reference, check=True) == []


def test_every_row_has_a_status_and_what_backs_it():
    rows = table()
    assert len(rows) > 500 and {r["status"] for r in rows.values()} <= STATUSES
    assert not [p for p, r in rows.items() if r["status"] == "not implemented"]
    for pid, row in rows.items():
        assert row["versions"] and set(row["versions"].split()) <= set(p21_coverage.VERSIONS)
        assert bool(row["by"]) == (row["status"] in ("implemented", "covered")), pid
        assert bool(row["reason"]) == (row["status"] not in ("implemented", "covered")), pid
    assert rows["SD0008"]["status"] == "implemented"     # runs with the user's MedDRA
    assert rows["SD1344"]["reason"].startswith("needs a WHODrug")
    assert rows["SD1131"]["status"] == "implemented" and rows["SD1131"]["by"] == "SD1131"


def test_rule_files_named_by_a_p21_id_hold_for_its_versions_only():
    rows = table()
    own = {r.id: r for r in load_own_rules()}
    for pid in p21_rules.DRAFTS:
        assert own[pid].versions() == set(rows[pid]["versions"].split())
    assert "SD1121" not in {r.id for r in load_own_rules("3.1.2")}   # 3.1.3 and later
    assert "SD1131" not in {r.id for r in load_own_rules("3.4")}     # no FDA 3.4 config


def test_rules_list_shows_p21_rules_by_version():
    rows = [r for r in rule_rows("3.1.2") if r[1] == P21_AUTHORITY]
    assert {r[0] for r in rows} == {p for p, r in table().items()
                                    if "3.1.2" in r["versions"].split()}
    verdicts = {r[4].split(" ")[0] for r in rows}
    assert verdicts == {"implemented", "covered", "no:"}
