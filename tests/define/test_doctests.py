"""The docstring examples of the define package run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("odm", "facts", "codelists", "vlm", "items", "builder", "checker", "render", "step",
           "command")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"cdisc_convert.define.{name}")
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0
