"""cdisc_convert/tools/adam_catalogue.py: the shipped ADaM tables are what a rebuild gives."""

from __future__ import annotations

from cdisc_convert.tools import adam_catalogue


def test_the_shipped_tables_are_a_rebuild_of_the_reference(reference):
    for name, body in adam_catalogue.render(reference).items():
        assert (adam_catalogue.RULES / name).read_text(encoding="utf-8") == body, name


def test_check_mode_reports_a_stale_table(reference, tmp_path, monkeypatch):
    monkeypatch.setattr(adam_catalogue, "RULES", tmp_path)
    assert adam_catalogue.main(["--reference", str(reference), "--check"]) == 1
    assert adam_catalogue.main(["--reference", str(reference)]) == 0
    assert adam_catalogue.main(["--reference", str(reference), "--check"]) == 0
