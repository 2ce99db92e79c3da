"""The sample's ADaM XPTs as a reviewer opens them: dates carry their SAS formats (the
ones define.xml gives) and no label keeps ADaMIG template text."""

import re

import pyreadstat
import pytest
from lxml import etree

from cdisc_convert.standards.adam_templates import label_placeholder
from tests.adam.conftest import needs_sample

pytestmark = [needs_sample, pytest.mark.e2e]
ODM = {"odm": "http://www.cdisc.org/ns/odm/v1.3", "def": "http://www.cdisc.org/ns/def/v2.1"}


def _define_formats(sample_run):
    tree = etree.parse(str(sample_run / "adam" / "define.xml"))
    out = {}
    for item in tree.iterfind(".//odm:ItemDef", ODM):
        fmt = item.get(f"{{{ODM['def']}}}DisplayFormat")
        if fmt:
            out[item.get("OID")] = fmt
    return out


@pytest.mark.parametrize("name", ["adsl", "adae", "adex", "adlb"])
def test_dates_have_the_define_formats_and_read_as_dates(sample_run, name):
    df, meta = pyreadstat.read_xport(str(sample_run / "adam" / f"{name}.xpt"))
    in_define = {oid.split(".")[-1]: fmt for oid, fmt in _define_formats(sample_run).items()
                 if oid.startswith(f"IT.{name.upper()}.")}
    in_xpt = {k: v for k, v in meta.original_variable_types.items()
              if v and not v.startswith("$")}
    assert in_xpt and in_xpt == in_define
    for var, fmt in in_xpt.items():
        assert re.fullmatch(r"(DATE9|DATETIME20|TIME8)\.", fmt)
        kind = "M" if fmt == "DATETIME20." else "O"   # pyreadstat: datetime64 / datetime.date
        assert df[var].dtype.kind == kind, var
        assert df[var].dropna().map(lambda v: hasattr(v, "year")).all(), var


@pytest.mark.parametrize("name", ["adsl", "adae", "adex", "adlb"])
def test_no_label_keeps_template_text(sample_run, name):
    _, meta = pyreadstat.read_xport(str(sample_run / "adam" / f"{name}.xpt"),
                                    metadataonly=True)
    left = {k: v for k, v in meta.column_names_to_labels.items() if label_placeholder(v)}
    assert left == {}


def test_numbered_and_adsl_labels(sample_run):
    labels = {}
    for name in ("adsl", "adlb", "adex"):
        _, meta = pyreadstat.read_xport(str(sample_run / "adam" / f"{name}.xpt"),
                                        metadataonly=True)
        labels[name] = meta.column_names_to_labels
    assert labels["adsl"]["TRT01P"] == "Planned Treatment for Period 01"
    assert labels["adsl"]["TRT01AN"] == "Actual Treatment for Period 01 (N)"
    assert labels["adlb"]["ANL02FL"] == "Analysis Flag 02"
    assert labels["adlb"]["CRIT1"] == "Analysis Criterion 1"
    for name in ("adlb", "adex"):                 # ADSL-origin: ADSL's row, not '*SDT'
        assert labels[name]["TRTSDT"] == labels["adsl"]["TRTSDT"] == \
            "Date of First Exposure to Treatment"
        assert labels[name]["TRTEDT"] == "Date of Last Exposure to Treatment"
