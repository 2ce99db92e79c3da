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
            "cdisc_convert.sdtm.algorithms.assign", "cdisc_convert.io.raw"} <= set(MODULES)
    # a folder without __init__.py is a namespace package walk_packages does not enter
    from pathlib import Path
    root = Path(cdisc_convert.__file__).parent
    files = {".".join(("cdisc_convert", *p.relative_to(root).with_suffix("").parts))
             for p in root.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert files <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
