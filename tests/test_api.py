"""The Python API: the walkthrough of docs/api.md runs (so it cannot go stale), the public
names are all there and typed, and ``import cdisc_convert`` stays light."""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import cdisc_convert
from cdisc_convert import api
from cdisc_convert.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "api.md"
SPECS, RAW = ROOT / "specs" / "CHEC2023-226", ROOT / "sample_raw" / "CHEC2023-226"


def python_blocks(text: str) -> list[str]:
    """The ```python blocks of a markdown text, in order."""
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)


def test_python_blocks_are_found():
    assert python_blocks("a\n```python\nx = 1\n```\n```text\nno\n```\n") == ["x = 1\n"]


def test_the_walkthrough_runs(tmp_path, monkeypatch):
    """Every block, in order, in one namespace, from a copy of the sample study's folders."""
    for name in ("specs", "sample_raw"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for i, block in enumerate(blocks, start=1):
            exec(compile(block, f"{DOC}:block {i}", "exec"), namespace)  # noqa: S102
    dm = namespace["dm"]
    assert len(dm) > 0 and (tmp_path / "api-walkthrough" / "dm.xpt").is_file()
    assert "CHEC2023-226" in printed.getvalue()


def test_every_public_name_is_exported_documented_and_typed():
    for name in cdisc_convert.__all__:
        func = getattr(api, name)
        assert callable(getattr(cdisc_convert, name)), name
        assert ">>>" in (func.__doc__ or ""), f"{name}: no docstring example"
        hints = inspect.signature(func)
        assert hints.return_annotation is not inspect.Signature.empty, name
        assert all(p.annotation is not inspect.Parameter.empty
                   for p in hints.parameters.values()), name
        assert name in DOC.read_text(encoding="utf-8"), f"{name} not in docs/api.md"


def test_import_is_light_and_the_api_comes_on_first_use():
    code = ("import sys, cdisc_convert; light = 'pandas' not in sys.modules; "
            "f = cdisc_convert.build_sdtm; print(light, 'cdisc_convert.api' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.split() == ["True", "True"]


def test_validate_and_package_are_callable_and_still_subpackages():
    import cdisc_convert.validate.engine as engine  # the subpackage keeps working
    assert engine.validate_frames is not None
    report = cdisc_convert.validate({"DM": pd.DataFrame({"USUBJID": ["S-1"], "SEX": ["X"]})},
                                    core=False, only={"CT-NONEXT"})
    assert [(f.variable, f.value) for f in report.findings] == [("SEX", "X")]
    with pytest.raises(UsageError, match="does not exist"):
        cdisc_convert.package("no/such/out", SPECS)
    assert inspect.signature(cdisc_convert.validate) == inspect.signature(api.validate)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'build_sdtmm'"):
        _ = cdisc_convert.build_sdtmm


def test_trace_columns_only_when_asked():
    plain = api.build_sdtm(SPECS, RAW, domains=["DM"])["DM"]
    traced = api.build_sdtm(SPECS, RAW, domains=["DM"], trace=True)["DM"]
    assert not [c for c in plain.columns if c.startswith("_")]
    assert list(traced.columns) == list(plain.columns) + ["_file", "_row"]
    assert traced.drop(columns=["_file", "_row"]).equals(plain)
    assert set(traced["_file"]) == {"dm.csv"}


def test_write_xpt_needs_a_known_dataset(tmp_path):
    with pytest.raises(UsageError, match=r"no dataset spec named ZZ \(known: .*DM"):
        api.write_xpt(pd.DataFrame({"USUBJID": ["S-1"]}), tmp_path / "zz.xpt", specs=SPECS)


def test_findings_frame_has_one_row_per_finding():
    report = api.validate({"DM": pd.DataFrame({"USUBJID": ["S-1", "S-2"], "SEX": ["X", "Y"]})},
                          core=False, only={"CT-NONEXT"})
    table = api.findings_frame(report)
    assert list(table.columns) == list(api.FINDING_COLUMNS)
    assert table["value"].tolist() == ["X", "Y"] and set(table["rule"]) == {"CT-NONEXT"}
