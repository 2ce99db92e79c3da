"""Issue 15 item 7: ``cdisc-convert --help`` starts without the heavy libraries."""

import subprocess
import sys

import yaml

from cdisc_convert.spec import yamlio
from tests.conftest import ROOT

PROBE = """
import sys
from cdisc_convert.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
heavy = [m for m in ("pandas", "numpy", "great_expectations", "scipy", "openpyxl",
                    "pyreadstat", "tqdm") if m in sys.modules]
print("HEAVY", ",".join(heavy))
"""


def test_help_imports_no_heavy_library():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(ROOT)}).stdout
    assert "HEAVY \n" in out, out.splitlines()[-1]


def test_specs_are_parsed_by_libyaml_when_pyyaml_has_it():
    if getattr(yaml, "__with_libyaml__", False):
        assert issubclass(yamlio._Loader, yaml.CSafeLoader)
    doc = yamlio.load_yaml_text("a: yes\nb: true\nc:\n  - x\n", "t.yaml")
    assert doc == {"a": "yes", "b": True, "c": ["x"]} and doc.line_of("c") == 3
