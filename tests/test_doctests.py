"""Every docstring example of every module of the package runs (examples are tests too)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cdisc_convert

MODULES = sorted(m.name for m in pkgutil.walk_packages(cdisc_convert.__path__, "cdisc_convert.")
                 if not m.name.endswith(".__main__"))   # running it is the command


def test_every_module_is_collected():
    assert {"cdisc_convert.findings", "cdisc_convert.registry",
            "cdisc_convert.sdtm.algorithms.assign"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
