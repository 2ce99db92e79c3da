"""The define reader reads Define-XML 2.1, 2.0 and 1.0 into the same model."""

from __future__ import annotations

import pytest

from cdisc_convert.define.reader import read_define_bytes, read_define_model
from cdisc_convert.errors import UsageError
from tests.conftest import reference_part

DEFINE_10 = b"""<ODM xmlns="http://www.cdisc.org/ns/odm/v1.2" xmlns:def="http://www.cdisc.org/ns/def/v1.0"
  xmlns:xlink="http://www.w3.org/1999/xlink"><Study OID="S"><MetaDataVersion OID="M"
  def:DefineVersion="1.0.0" def:StandardName="CDISC SDTM" def:StandardVersion="3.1.2">
<ItemGroupDef OID="DM" Name="DM" def:Label="Demographics" def:Class="SPECIAL PURPOSE"
  def:ArchiveLocationID="Location.DM">
  <ItemRef ItemOID="STUDYID" OrderNumber="1" Mandatory="Yes" KeySequence="1"/>
  <ItemRef ItemOID="DM.AGE" OrderNumber="2" Mandatory="No"/>
  <def:leaf ID="Location.DM" xlink:href="dm.xpt"><def:title>dm.xpt</def:title></def:leaf>
</ItemGroupDef>
<ItemDef OID="STUDYID" Name="STUDYID" DataType="text" Length="8" Origin="Protocol"
  def:Label="Study Identifier"/>
<ItemDef OID="DM.AGE" Name="AGE" DataType="integer" Length="2" Origin="CRF Page 3"
  def:Label="Age" Comment="Derived from BRTHDTC" def:ComputationMethodOID="MT.AGE"/>
</MetaDataVersion></Study></ODM>"""


def test_define_10_attributes_land_in_the_same_fields():
    m = read_define_bytes(DEFINE_10)
    assert (m.version, m.define_version, m.standard, m.standard_version) == \
        ("1.0", "1.0.0", "CDISC SDTM", "3.1.2")
    dm = m.dataset("dm")
    assert (dm.label, dm.class_, dm.archive_id) == ("Demographics", "SPECIAL PURPOSE",
                                                    "Location.DM")
    age = m.items["DM.AGE"]
    assert (age.label, age.origin_type, age.method_oid, age.length) == \
        ("Age", "CRF Page 3", "MT.AGE", 2)
    assert m.leaves["Location.DM"].href == "dm.xpt"
    assert m.names() == {"DM": {"STUDYID", "AGE"}}


@pytest.mark.parametrize(("parts", "version", "datasets"), [
    (("define-xml-2.1-examples", "defineV21-SDTM.xml"), "2.1", 11),
    (("define-xml-2.1-examples", "defineV21-ADaM.xml"), "2.1", 3),
    (("define-xml-2.0-schema", "define2-0-0-example-sdtm-2013-11-09.xml"), "2.0", 34),
    (("phuse-tdf-sdtm", "define.xml"), "2.0", 31),
])
def test_published_examples_read(reference, parts, version, datasets):
    m = read_define_model(reference_part(reference, *parts, what=parts[-1]))
    assert m.version == version
    assert len(m.datasets) == datasets
    refs = [r for d in m.datasets for r in d.refs]
    assert refs and all(r.item is not None for r in refs if r.item_oid in m.items)
    clauses = list(m.where_clauses.values())
    assert clauses and all(c.checks and c.checks[0].comparator for c in clauses)


def test_not_xml_is_a_usage_error_naming_the_line():
    with pytest.raises(UsageError, match=r"define.xml: line 1: not well-formed"):
        read_define_bytes(b"<ODM><Study>")
