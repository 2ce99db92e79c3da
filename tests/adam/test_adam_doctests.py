"""Run the docstring examples of the ADaM modules."""

import doctest
import importlib

import pytest

MODULES = ["bds", "build", "conditions", "context", "dates", "merge", "occds", "params", "steps",
           "subject", "visits"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(f"cdisc_convert.adam.{name}")
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
