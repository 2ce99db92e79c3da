"""rules/core.json is current, and rules read from it equal rules read from their YAML."""

from __future__ import annotations

from cdisc_convert.tools.rules_index import OUT, index_text
from cdisc_convert.validate import rulefile
from cdisc_convert.validate.rulefile import core_rule_files, load_rule_text


def test_the_shipped_index_is_current():
    assert OUT.read_text(encoding="utf-8") == index_text(), \
        "run: python -m cdisc_convert.tools.rules_index"


def test_rules_from_the_index_equal_rules_from_yaml():
    from_yaml = tuple(load_rule_text(f.read_text(encoding="utf-8"), f"rules/core/{f.name}")
                      for f in core_rule_files())
    rulefile.core_rules.cache_clear()
    try:
        assert rulefile.core_rules() == from_yaml
    finally:
        rulefile.core_rules.cache_clear()


def test_a_file_that_changed_is_read_from_its_yaml(monkeypatch):
    """An entry whose hash no longer matches the file is not used."""
    first = core_rule_files()[0].name
    index = rulefile._core_index()
    stale = {**index, first: {"sha256": "0" * 64, "doc": {"Core": {"Id": "WRONG"}}}}
    monkeypatch.setattr(rulefile, "_core_index", lambda: stale)
    rulefile.core_rules.cache_clear()
    try:
        assert rulefile.core_rules()[0].id == first.removesuffix(".yml")
    finally:
        rulefile.core_rules.cache_clear()
