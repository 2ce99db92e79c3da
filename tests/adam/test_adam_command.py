"""cdisc_convert/adam/command.py: ``cdisc-convert adam`` on SDTM XPT files from ``sdtm``."""

import pytest
from click.testing import CliRunner

from cdisc_convert.cli import cli
from cdisc_convert.io.xpt import read_xpt
from tests.adam.conftest import SPECS, needs_sample


@pytest.fixture(scope="module")
def sdtm_folder(tmp_path_factory, sdtm, specs):
    from cdisc_convert.clock import output_timestamp
    from cdisc_convert.io.datasets import write_datasets
    folder = tmp_path_factory.mktemp("sdtm")
    write_datasets(sdtm, specs.sdtm, folder, output_timestamp(specs.study.timestamp))
    return folder


@needs_sample
def test_adam_from_sdtm_xpt_folder(sdtm_folder, tmp_path, adam):
    res = CliRunner().invoke(cli, ["adam", "--sdtm", str(sdtm_folder), "--specs", str(SPECS),
                                   "--out", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in (tmp_path / "adam").glob("*.xpt"))
    assert files == ["adae.xpt", "adex.xpt", "adlb.xpt", "adsl.xpt"]
    adsl = read_xpt(tmp_path / "adam" / "adsl.xpt")
    assert adsl.name == "ADSL" and len(adsl.frame) == 10      # randomized subjects
    assert adsl.frame["TRT01A"].tolist() == adam.datasets["ADSL"]["TRT01A"].tolist()
    adlb = read_xpt(tmp_path / "adam" / "adlb.xpt").frame
    assert len(adlb) == len(adam.datasets["ADLB"])


def test_bad_sdtm_folder_is_usage_error(tmp_path):
    from cdisc_convert.cli import main
    with pytest.raises(SystemExit) as exc:
        main(["adam", "--sdtm", str(tmp_path / "missing"), "--specs", str(SPECS)])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["adam", "--sdtm", str(tmp_path), "--specs", str(SPECS)])   # no *.xpt
    assert exc.value.code == 2
