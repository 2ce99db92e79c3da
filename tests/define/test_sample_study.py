"""The sample study end to end: SDTM and ADaM define.xml from ``run``, schema-valid and complete
against the XPT files written beside them."""

from __future__ import annotations

import pytest

from cdisc_convert.define.checker import check_file
from cdisc_convert.io.xpt import read_xpt
from tests.define.helpers import assert_complete


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["sdtm", "adam"])
def test_sample_define_is_valid_and_complete(sample_run, kind, schema_dir):
    folder = sample_run / kind
    if not (folder / "define.xml").is_file():
        pytest.skip(f"no {kind} datasets were written")
    problems, _ = check_file(folder / "define.xml", schema_dir)
    assert [str(p) for p in problems if p.severity == "error"] == []
    frames = {}
    for path in sorted(folder.glob("*.xpt")):
        data = read_xpt(path)
        frames[data.name] = data.frame
    assert_complete((folder / "define.xml").read_bytes(), frames)
    assert (folder / "define.html").is_file() and (folder / "define2-1.xsl").is_file()


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["sdtm", "adam"])
def test_sample_define_passes_every_define_check(sample_run, kind):
    """Our own define with its data: no P21 define rule and no data-vs-define rule fires."""
    from cdisc_convert.define.reader import read_define_model
    from cdisc_convert.validate.define_run import run_define_checks
    from cdisc_convert.validate.frames import read_datasets, workspace
    folder = sample_run / kind
    if not (folder / "define.xml").is_file():
        pytest.skip(f"no {kind} datasets were written")
    frames, labels, dlabels, sources, _ = read_datasets([folder])
    ws = workspace(frames if kind == "sdtm" else {}, frames if kind == "adam" else {},
                   labels=labels, dataset_labels=dlabels, sources=sources)
    found = run_define_checks(read_define_model(folder / "define.xml"), ws).findings
    assert [f"{f.code} {f.dataset}.{f.variable}: {f.message}" for f in found] == []
