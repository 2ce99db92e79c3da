"""docs/validation/rules.md is the generated catalogue, up to date."""

from __future__ import annotations

from cdisc_convert.validate.catalogue import render
from tests.validate.conftest import ROOT, SPECS


def test_catalogue_is_up_to_date():
    doc = (ROOT / "docs" / "validation" / "rules.md").read_text(encoding="utf-8")
    assert doc == render(SPECS), ("regenerate: python -m cdisc_convert.validate.catalogue "
                                  "specs/CHEC2023-226 > docs/validation/rules.md")


def test_public_ids_are_paired(reference):
    """Every FDA id has its P21 id; a P21 SDTM rule goes without an FDA id only where the P21
    rule list names no FDA publisher id for it (a CDISC-published rule such as SD1105 /
    CG0073)."""
    import csv
    import re

    from cdisc_convert.validate.rules import builtin_rules
    from tests.conftest import reference_part
    path = reference_part(reference, "validation-rules",
                          "P21_validator_rules_SDTM_by_IG_version.csv", what="the P21 SDTM rules")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        publisher = {row["Rule ID"]: row["Publisher ID"] for row in csv.DictReader(fh)}
    for r in builtin_rules().values():
        if r.p21.startswith("AD"):   # P21 ADaM rules have no FDA id; they cite ADaM CR numbers
            assert not r.fda and (r.adam_cr or r.id == "ADAM-CONSISTENT"), r.id
            continue
        if r.fda:
            assert r.p21 and all(re.fullmatch(r"FDA[BC]\d{3}", i) for i in r.fda.split()), r.id
        elif r.p21 in publisher:
            assert "FDA" not in publisher[r.p21], (r.id, publisher[r.p21])
