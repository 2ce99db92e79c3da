"""cdisc_convert/validate/choose.py: which standard version and CT release, and why."""

from __future__ import annotations

import pandas as pd
import pytest

from cdisc_convert.errors import UsageError
from cdisc_convert.standards import ct, ig
from cdisc_convert.validate.choose import Choice, choose, define_standard, ts_standard

DEFINE_21 = """<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"
 xmlns:def="http://www.cdisc.org/ns/def/v2.1">
<Study><MetaDataVersion><def:Standards>
<def:Standard OID="STD.1" Name="SDTMIG" Type="IG" Version="3.3"/>
<def:Standard OID="STD.2" Name="CDISC/NCI" Type="CT" PublishingSet="SDTM" Version="2021-12-17"/>
<def:Standard OID="STD.3" Name="CDISC/NCI" Type="CT" PublishingSet="DEFINE-XML"
 Version="2021-06-25"/>
</def:Standards></MetaDataVersion></Study></ODM>"""
DEFINE_20 = """<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"
 xmlns:def="http://www.cdisc.org/ns/def/v2.0">
<Study><MetaDataVersion def:StandardName="SDTM-IG" def:StandardVersion="3.1.3"/></Study></ODM>"""


def test_define_21_and_20_declare_version_and_ct(tmp_path):
    (tmp_path / "a.xml").write_text(DEFINE_21)
    (tmp_path / "b.xml").write_text(DEFINE_20)
    assert define_standard(tmp_path / "a.xml") == ("3.3", "2021-12-17")
    assert define_standard(tmp_path / "b.xml") == ("3.1.3", None)


def test_an_sdtmig_supplement_named_in_the_define_is_not_the_sdtmig_version(tmp_path):
    """A define naming SDTMIG 3.3 and SDTMIG-MD 1.1 (CORE-000929's case) is judged as 3.3,
    in either order; a define naming only a supplement falls back to it."""
    md = '<def:Standard OID="STD.9" Name="SDTMIG-MD" Type="IG" Version="1.1"/>\n'
    first = DEFINE_21.replace('<def:Standard OID="STD.1"', md + '<def:Standard OID="STD.1"')
    last = DEFINE_21.replace("</def:Standards>", md + "</def:Standards>")
    alone = DEFINE_21.replace('Name="SDTMIG" Type="IG" Version="3.3"',
                              'Name="SDTMIG-MD" Type="IG" Version="1.1"')
    for name, text in (("first", first), ("last", last), ("alone", alone)):
        (tmp_path / f"{name}.xml").write_text(text)
    assert define_standard(tmp_path / "first.xml")[0] == "3.3"
    assert define_standard(tmp_path / "last.xml")[0] == "3.3"
    assert define_standard(tmp_path / "alone.xml")[0] == "1.1"


def test_ts_declares_version_and_ct():
    ts = pd.DataFrame({"TSPARMCD": ["SDTIGVER", "TITLE", "ADAPT"], "TSVAL": ["3.2", "x", "N"],
                       "TSVCDREF": ["", "", "CDISC CT"], "TSVCDVER": ["", "", "2016-06-24"]})
    assert ts_standard(ts) == ("3.2", "2016-06-24")
    assert ts_standard(None) == (None, None)


def test_order_given_then_define_then_ts_then_env(tmp_path):
    (tmp_path / "define.xml").write_text(DEFINE_21)
    ts = pd.DataFrame({"TSPARMCD": ["SDTIGVER"], "TSVAL": ["3.2"]})
    assert choose(given_version="3.4", define=tmp_path / "define.xml", ts=ts).version == "3.4"
    c = choose(define=tmp_path / "define.xml", ts=ts)
    assert (c.version, c.ct) == ("3.3", "2021-12-17") and "declared by" in c.reasons["version"]
    assert choose(ts=ts, env={"VERSION": "3-1-2"}).version == "3.2"
    assert choose(env={"VERSION": "3-1-2"}).version == "3.1.2"
    latest = choose()
    assert latest.version == "3.4" and "stood in" in latest.reasons["version"]
    assert "choose one with --ct" in latest.reasons["ct"]


def test_unknown_version_is_a_usage_error():
    with pytest.raises(UsageError, match="known: 3.1.2, 3.1.3, 3.2, 3.3, 3.4"):
        choose(given_version="3.9")


def test_a_date_between_releases_takes_the_release_before_it():
    c = choose(given_ct="2016-07-01")
    label, codelists = c.codelists()
    assert label == c.ct == "2016-06-24" and "stood in" in c.reasons["ct"]
    assert codelists and label in ct.releases()


def test_lookups_answer_for_the_chosen_version_and_release_inside_judging():
    c = Choice(version="3.1.2", ct="2016-06-24")
    pinned = len(ct.codelist("LBTESTCD").terms)
    with c.judging():
        assert len(ig.sdtmig_variables("AE")) == 41
        assert ct.ct_release()["SDTM CT"] == "2016-06-24"
        assert len(ct.codelist("LBTESTCD").terms) < pinned
    assert len(ig.sdtmig_variables("AE")) == 60 and ct.ct_release()["SDTM CT"] == "2025-03-28"


def test_adamig_given_then_define_then_pinned(tmp_path):
    from cdisc_convert.standards import versions
    define = tmp_path / "define.xml"
    define.write_text('<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" '
                      'xmlns:def="http://www.cdisc.org/ns/def/v2.1"><Study><MetaDataVersion>'
                      '<def:Standards><def:Standard Name="ADaMIG" Type="IG" Version="1.1"/>'
                      '</def:Standards></MetaDataVersion></Study></ODM>', encoding="utf-8")
    assert choose(define=define).adamig == "1.1"
    assert choose(define=define, given_adamig="1.2").adamig == "1.2"
    pinned = choose()
    assert pinned.adamig == versions.ADAMIG and "stood in" in pinned.reasons["adamig"]
    old = tmp_path / "define20.xml"
    old.write_text('<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" '
                   'xmlns:def="http://www.cdisc.org/ns/def/v2.0"><Study><MetaDataVersion '
                   'def:StandardName="ADaM-IG" def:StandardVersion="1.0"/></Study></ODM>',
                   encoding="utf-8")
    assert choose(define=old).adamig == "1.0"


def test_unknown_adamig_version_is_a_usage_error():
    with pytest.raises(UsageError, match="ADaMIG version"):
        choose(given_adamig="2.5")
