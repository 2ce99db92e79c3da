"""Where each OUT file goes, lower-case names, what is missing, and the size limit."""

from __future__ import annotations

import pytest

from cdisc_convert.package.layout import PackageError, check_sizes, plan_package

SDTM = "m5/datasets/chec-1/tabulations/sdtm"
ADAM = "m5/datasets/chec-1/analysis/adam/datasets"


def rels(plan):
    return [str(r) for r, _ in plan.files]


def test_tree_lower_case_and_only_packaged_files(out):
    plan = plan_package(out, "CHEC-1", expect_adam=True)
    assert rels(plan) == [f"{SDTM}/dm.json", f"{SDTM}/dm.xpt", f"{SDTM}/define.html",
                          f"{SDTM}/define.xml", f"{SDTM}/define2-1.xsl", f"{ADAM}/adsl.xpt",
                          "validation/report.html", "validation/report.json"]
    assert all(r == r.lower() for r in rels(plan))          # ADSL.xpt -> adsl.xpt
    assert sorted(plan.datasets["sdtm"]) == ["DM"] and len(plan.datasets["sdtm"]["DM"]) == 2
    assert plan.missing == [
        "SDTM TS dataset (required by the FDA technical rejection criteria)",
        "ADaM define.xml", "ADaM Define-XML stylesheet", "ADaM define.html"]


def test_format_filter(out):
    assert f"{SDTM}/dm.json" not in rels(plan_package(out, "CHEC-1", formats=("xpt",)))
    only_json = plan_package(out, "CHEC-1", formats=("json",))
    assert f"{SDTM}/dm.xpt" not in rels(only_json) and "ADaM" not in only_json.datasets


def test_absent_parts_are_listed_not_fatal(tmp_path):
    plan = plan_package(tmp_path, "S", expect_adam=True)
    assert plan.files == [] and plan.missing == [
        "SDTM datasets (nothing in OUT/sdtm/)", "ADaM datasets (nothing in OUT/adam/)",
        "validation report (OUT/validation/report.json): run 'cdisc-convert validate' first"]


def test_names_that_collide_when_lower_cased_are_refused(out):
    (out / "sdtm" / "DM.XPT").write_bytes((out / "sdtm" / "dm.xpt").read_bytes())
    with pytest.raises(PackageError, match="both be packaged as .*dm.xpt"):
        plan_package(out, "CHEC-1")


def test_file_over_the_limit_is_refused_with_the_split_rule(out):
    plan = plan_package(out, "CHEC-1")
    check_sizes(plan)                                        # 5 GB: fine
    with pytest.raises(PackageError) as err:
        check_sizes(plan, max_bytes=500)
    text = str(err.value)
    assert f"{SDTM}/dm.xpt" in text and "LB by LBCAT into lb1.xpt" in text
    assert "define.xml" in text and err.value.exit_code == 1

