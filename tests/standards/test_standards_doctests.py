"""Run the docstring examples of the standards modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["__init__", "_data", "ct", "ig", "units", "versions", "build_data"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(
        "cdisc_convert.standards" + ("" if name == "__init__" else f".{name}")
    )
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
