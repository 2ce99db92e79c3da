"""Shared fixtures: repository paths, the public reference folder, the sample study built once
per session, and a small mapping context factory.

The reference folder (CDISC's public schemas, examples, IG metadata, CT and the PHUSE
submission) is ``$CDISC_REFERENCE``, by default ``../shared/reference`` beside the repository;
tests that need it take the ``reference`` fixture and skip, saying why, when it is absent.

The sample study (``specs/CHEC2023-226`` on ``sample_raw/CHEC2023-226``) is converted once per
session by ``cdisc-convert run``: ``sample_run`` is its output folder, ``sample_sdtm`` and
``sample_adam`` the datasets that run wrote. They are shared: tests only read them (a test that
changes inputs or needs a run of its own makes it itself).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs" / "CHEC2023-226"
RAW = ROOT / "sample_raw" / "CHEC2023-226"
REFERENCE_ENV = "CDISC_REFERENCE"
#: CDISC CORE rules that report errors on the sample study's own SDTM, and why: planted
#: problems CORE finds too, and open conformance defects of the sample's specs (to be fixed
#: in the specs; a rule that starts or stops firing fails the tests that use this).
CORE_ON_SAMPLE = {
    "CORE-000266": "planted P26: AESER Y without a seriousness criterion",
    "CORE-000356": "planted P24: AEDECOD (Required) empty",
    "CORE-000708": "planted P06: AESTDY after AEENDY",
    "CORE-000718": "planted P06: AESTDTC after AEENDTC",
    "CORE-000289": "explained: LBORNRHI kept on censored results (<0.1, >33.3), see study.yaml",
    "CORE-000290": "explained: LBORNRLO kept on censored results (<0.1, >33.3), see study.yaml",
    "CORE-000298": "explained: LBSTNRLO kept on censored results (<0.1, >33.3), see study.yaml",
    "CORE-000299": "explained: LBSTNRHI kept on censored results (<0.1, >33.3), see study.yaml",
}


def reference_path() -> Path:
    """Where the reference folder should be: ``$CDISC_REFERENCE`` or ``../shared/reference``."""
    env = os.environ.get(REFERENCE_ENV)
    return Path(env) if env else ROOT.parent / "shared" / "reference"


def reference_dir() -> Path | None:
    """The reference folder, or None when it is absent."""
    path = reference_path()
    return path if path.is_dir() else None


def skip_reason(tried: Path) -> str:
    return ("../shared/reference not found: set CDISC_REFERENCE to the folder holding CDISC's "
            f"public reference material (tried {tried})")


def reference_part(reference: Path, *parts: str, what: str) -> Path:
    """``reference / parts`` or a skip naming the missing part (a partial reference folder)."""
    path = reference.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{what} not found at {path} (part of the reference folder ${REFERENCE_ENV})")
    return path


@pytest.fixture(scope="session")
def reference() -> Path:
    """The public reference folder; skips the test, saying where it looked, when absent."""
    found = reference_dir()
    if found is None:
        pytest.skip(skip_reason(reference_path()))
    return found


@dataclass(frozen=True)
class SampleBuild:
    """One ``cdisc-convert run`` of the sample study: its OUT folder and the frames it wrote."""

    out: Path
    sdtm: dict[str, pd.DataFrame]
    adam: object           # cdisc_convert.results.BuildResult of the ADaM step


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> SampleBuild:
    """``cdisc-convert run`` of the sample into a session tmp folder, once.

    The SDTM and ADaM frames are the step results of that same run (recorded on their way
    through the pipeline), so nothing is built twice.
    """
    if not (RAW / "dm.csv").is_file():
        pytest.skip(f"sample raw export not found at {RAW} (cdisc-convert synth)")
    from click.testing import CliRunner

    import cdisc_convert.pipeline as pipeline
    from cdisc_convert.cli import cli

    built: dict[str, object] = {}

    def recording(step, name):
        def call(*args, **kwargs):
            built[name] = step(*args, **kwargs)
            return built[name]
        return call

    out = tmp_path_factory.mktemp("sample_run") / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "build_sdtm", recording(pipeline.build_sdtm, "sdtm"))
        mp.setattr(pipeline, "build_adam", recording(pipeline.build_adam, "adam"))
        res = CliRunner().invoke(cli, ["run", "--specs", str(SPECS), "--raw", str(RAW),
                                       "--out", str(out), "-q"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return SampleBuild(out, built["sdtm"].datasets, built["adam"])


@pytest.fixture(scope="session")
def sample_run(sample_build) -> Path:
    """OUT folder of one full ``cdisc-convert run`` of the sample study (read only)."""
    return sample_build.out


@pytest.fixture(scope="session")
def sample_sdtm(sample_build) -> dict[str, pd.DataFrame]:
    """The sample's SDTM frames (dataset name -> frame) as ``sample_run`` wrote them."""
    return sample_build.sdtm


@pytest.fixture(scope="session")
def sample_adam(sample_build):
    """The sample's ADaM step result (``.datasets``, ``.findings``) of ``sample_run``."""
    return sample_build.adam


@pytest.fixture
def make_ctx():
    """``make_ctx(frame, dataset='AE', study=StudySpec(...), domains={})`` -> MapContext."""
    from cdisc_convert.sdtm.context import MapContext
    from cdisc_convert.spec.model import DatasetSpec, StudySpec

    def factory(frame: dict | pd.DataFrame, dataset: str = "AE", study=None, domains=None,
                sources=None, variable=None):
        f = pd.DataFrame(frame)
        if "_file" not in f:
            f["_file"] = "raw.csv"
        if "_row" not in f:
            f["_row"] = range(1, len(f) + 1)
        spec = DatasetSpec(dataset, "test", "SDTMIG", sources=sources or {})
        return MapContext(spec, study or StudySpec("S1"), f, domains=domains or {},
                          variable=variable)
    return factory


@pytest.hookimpl(tryfirst=True)          # before xdist reads the groups into the node ids
def pytest_collection_modifyitems(config, items):
    """With ``--dist loadgroup`` (pyproject): the tests of a module that uses a module- or
    class-scoped fixture run on one worker, so the fixture is built once; a module may name
    a group it shares with others (``XDIST_GROUP = "phuse"``: one PHUSE validation for two
    modules). Every other test is handed to whichever worker is free."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        module = getattr(item, "module", None)
        if info is None or module is None:
            continue
        group = getattr(module, "XDIST_GROUP", None)
        if group is None and any(defs[-1].scope in ("module", "class")
                                 for defs in info.name2fixturedefs.values() if defs):
            group = module.__name__
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def phuse_validated(reference, tmp_path_factory):
    """``cdisc-convert validate`` of the PHUSE submission with ``--ct 2016-06-24`` (the CT
    release of its Pinnacle 21 report), once: (click result, OUT folder)."""
    from click.testing import CliRunner

    from cdisc_convert.cli import cli
    folder = reference_part(reference, "phuse-tdf-sdtm", "dm.xpt",
                            what="PHUSE reference submission").parent
    out = tmp_path_factory.mktemp("phuse")
    res = CliRunner().invoke(cli, ["validate", str(folder), "--ct", "2016-06-24", "--out",
                                   str(out), "--fail-on", "error"], standalone_mode=False)
    assert res.exception is None, res.output
    return res, out
