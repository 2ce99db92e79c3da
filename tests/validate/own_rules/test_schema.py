"""Every own rule file validates against CORE's rule schema (CORE-base.json), as CORE's
shipped rules do (same validator and stand-ins as tests/validate/rules_engine/test_schema),
with our own operations (``validate.operations.OWN_OPERATIONS``) added to its Operations."""

from __future__ import annotations

import pytest
import yaml

from cdisc_convert.validate.operations import OWN_OPERATIONS, OWN_PROPERTIES
from cdisc_convert.validate.own_rules import own_rule_dirs
from tests.validate.rules_engine.test_schema import make_validator


@pytest.fixture(scope="module")
def validator():
    return make_validator(OWN_OPERATIONS, OWN_PROPERTIES)


def test_every_own_rule_follows_the_schema(validator):
    dirs = own_rule_dirs()
    assert dirs
    bad = {}
    for d in dirs:
        doc = yaml.safe_load((d / "rule.yml").read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            bad[d.name] = f"{list(errors[0].path)}: {errors[0].message[:200]}"
    assert not bad, bad
