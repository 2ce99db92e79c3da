"""The examples in the rule engine's docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cdisc_convert.validate.operations as operations
import cdisc_convert.validate.operators as operators

MODULES = ["cdisc_convert.validate.rulefile", "cdisc_convert.validate.rule_engine",
           operators.__name__, operations.__name__] + [
    f"{pkg.__name__}.{m.name}" for pkg in (operators, operations)
    for m in pkgutil.iter_modules(pkg.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
