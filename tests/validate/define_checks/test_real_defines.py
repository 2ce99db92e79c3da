"""The define checks on real defines: the PHUSE TDF submission (Define-XML 2.0 with its data,
against the P21 report run on it) and the published Define-XML examples."""

from __future__ import annotations

from collections import Counter

from cdisc_convert.define.reader import read_define_model
from cdisc_convert.validate.define_run import run_define_checks
from cdisc_convert.validate.frames import read_datasets, workspace
from tests.conftest import reference_part

#: Rules P21's FDA configuration ran on the PHUSE data that reported nothing: ours agree.
P21_SILENT = {"SD0037", "SD0054", "SD0059", "SD1063"}


def test_phuse_submission(reference):
    folder = reference_part(reference, "phuse-tdf-sdtm", what="PHUSE TDF SDTM")
    frames, labels, dlabels, sources, _ = read_datasets([folder])
    ws = workspace(frames, labels=labels, dataset_labels=dlabels, sources=sources)
    found = run_define_checks(read_define_model(folder / "define.xml"), ws).findings
    codes = Counter(f.code for f in found)
    assert not P21_SILENT & set(codes), codes
    # the folder holds 17 of the 31 datasets the define describes (SD0061, and DD0084 for
    # their files); the define's own defects, each checked by hand:
    assert codes["SD0061"] == 17 and codes["DD0084"] == 18
    assert {(f.variable, f.value) for f in found if f.code == "DD0107"} == {
        ("RDOMAIN", "Derived")}
    assert {f.value for f in found if f.code == "OD0046"} == {"IT.SUPPLB.QNAM"}
    alb = [f for f in found if f.code == "SD1230" and f.dataset == "LBCH" and f.row == 1]
    assert [(f.variable, f.value) for f in alb] == [("LBORRES", "3.8")]  # slice says integer


def test_published_examples_have_no_reference_errors(reference):
    for name in ("defineV21-SDTM.xml", "defineV21-ADaM.xml"):
        path = reference_part(reference, "define-xml-2.1-examples", name, what=name)
        found = run_define_checks(read_define_model(path)).findings
        broken = [f.message for f in found if f.code in {"OD0046", "OD0048", "DD0016", "DD0017",
                                                         "DD0071", "DD0122", "DD0015"}]
        assert broken == []
