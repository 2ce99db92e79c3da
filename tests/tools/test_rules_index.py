"""rules/core.json and rules/cdisc-convert.json are current, and rules read from them equal
rules read from their YAML."""

from __future__ import annotations

from cdisc_convert.tools.rules_index import OUT, OWN_OUT, index_text, own_index_text
from cdisc_convert.validate import own_rules, rulefile
from cdisc_convert.validate.rulefile import core_rule_files, load_rule_text


def _read_afresh(loader):
    """``loader()`` with its parse cache cleared before and after."""
    loader.cache_clear()
    try:
        return loader()
    finally:
        loader.cache_clear()


def _stale(index: dict, key: str) -> dict:
    """``index`` with the entry ``key`` no longer matching its file."""
    return {**index, key: {"sha256": "0" * 64, "doc": {"Core": {"Id": "WRONG"}}}}


def test_the_shipped_index_is_current():
    assert OUT.read_text(encoding="utf-8") == index_text(), \
        "run: python -m cdisc_convert.tools.rules_index"


def test_the_shipped_own_index_is_current():
    assert OWN_OUT.read_text(encoding="utf-8") == own_index_text(), \
        "run: python -m cdisc_convert.tools.rules_index"


def test_own_rules_from_the_index_equal_rules_from_yaml():
    from_yaml = tuple(load_rule_text((d / "rule.yml").read_text(encoding="utf-8"),
                                     f"rules/cdisc-convert/{d.name}/rule.yml")
                      for d in own_rules.own_rule_dirs())
    assert _read_afresh(own_rules._all_rules) == from_yaml


def test_an_own_rule_that_changed_is_read_from_its_yaml(monkeypatch):
    first = own_rules.own_rule_dirs()[0].name
    stale = _stale(rulefile.read_index(rulefile.OWN_INDEX), first)
    monkeypatch.setattr(own_rules, "read_index", lambda name: stale)
    assert _read_afresh(own_rules._all_rules)[0].id == first


def test_rules_from_the_index_equal_rules_from_yaml():
    from_yaml = tuple(load_rule_text(f.read_text(encoding="utf-8"), f"rules/core/{f.name}")
                      for f in core_rule_files())
    assert _read_afresh(rulefile.core_rules) == from_yaml


def test_a_file_that_changed_is_read_from_its_yaml(monkeypatch):
    """An entry whose hash no longer matches the file is not used."""
    first = core_rule_files()[0].name
    stale = _stale(rulefile._core_index(), first)
    monkeypatch.setattr(rulefile, "_core_index", lambda: stale)
    assert _read_afresh(rulefile.core_rules)[0].id == first.removesuffix(".yml")
