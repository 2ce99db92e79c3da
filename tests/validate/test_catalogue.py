"""docs/validation/rules.md is the generated catalogue, up to date."""

from __future__ import annotations

from cdisc_convert.validate.catalogue import render
from tests.validate.conftest import ROOT, SPECS


def test_catalogue_is_up_to_date():
    doc = (ROOT / "docs" / "validation" / "rules.md").read_text(encoding="utf-8")
    assert doc == render(SPECS), ("regenerate: python -m cdisc_convert.validate.catalogue "
                                  "specs/CHEC2023-226 > docs/validation/rules.md")


def test_public_ids_are_paired():
    from cdisc_convert.validate.rules import builtin_rules
    for r in builtin_rules().values():
        if r.p21.startswith("AD"):   # P21 ADaM rules have no FDA id; they cite ADaM CR numbers
            assert not r.fda and (r.adam_cr or r.id == "ADAM-CONSISTENT"), r.id
            continue
        assert bool(r.p21) == bool(r.fda), r.id          # both from the same P21 Rules row
