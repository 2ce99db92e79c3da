"""A small, clean Define-XML 2.1 with its data (DM, VS) for the define check tests."""

from __future__ import annotations

import pandas as pd

DEFINE = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="define2-1.xsl"?>
<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:def="http://www.cdisc.org/ns/def/v2.1"
     xmlns:xlink="http://www.w3.org/1999/xlink" FileType="Snapshot" FileOID="F" ODMVersion="1.3.2">
<Study OID="S"><GlobalVariables><StudyName>S</StudyName><StudyDescription>S</StudyDescription>
<ProtocolName>S</ProtocolName></GlobalVariables>
<MetaDataVersion OID="MDV" Name="S" def:DefineVersion="2.1.0">
<def:Standards><def:Standard OID="STD.IG" Name="SDTMIG" Type="IG" Version="3.2" Status="Final"/>
</def:Standards>
<ItemGroupDef OID="IG.DM" Domain="DM" Name="DM" SASDatasetName="DM" Repeating="No"
  IsReferenceData="No" Purpose="Tabulation" def:StandardOID="STD.IG" def:ArchiveLocationID="LF.DM">
  <Description><TranslatedText xml:lang="en">Demographics</TranslatedText></Description>
  <ItemRef ItemOID="IT.STUDYID" OrderNumber="1" Mandatory="Yes" KeySequence="1"/>
  <ItemRef ItemOID="IT.DM.DOMAIN" OrderNumber="2" Mandatory="Yes"/>
  <ItemRef ItemOID="IT.USUBJID" OrderNumber="3" Mandatory="Yes" KeySequence="2"/>
  <ItemRef ItemOID="IT.DM.AGE" OrderNumber="4" Mandatory="No"/>
  <ItemRef ItemOID="IT.DM.SEX" OrderNumber="5" Mandatory="Yes"/>
  <def:Class Name="SPECIAL PURPOSE"/>
  <def:leaf ID="LF.DM" xlink:href="dm.xpt"><def:title>dm.xpt</def:title></def:leaf>
</ItemGroupDef>
<ItemGroupDef OID="IG.VS" Domain="VS" Name="VS" SASDatasetName="VS" Repeating="Yes"
  IsReferenceData="No" Purpose="Tabulation" def:StandardOID="STD.IG" def:ArchiveLocationID="LF.VS">
  <Description><TranslatedText xml:lang="en">Vital Signs</TranslatedText></Description>
  <ItemRef ItemOID="IT.STUDYID" OrderNumber="1" Mandatory="Yes" KeySequence="1"/>
  <ItemRef ItemOID="IT.USUBJID" OrderNumber="2" Mandatory="Yes" KeySequence="2"/>
  <ItemRef ItemOID="IT.VS.VSTESTCD" OrderNumber="3" Mandatory="Yes" KeySequence="3"/>
  <ItemRef ItemOID="IT.VS.VSORRES" OrderNumber="4" Mandatory="No"/>
  <ItemRef ItemOID="IT.VS.VSDY" OrderNumber="5" Mandatory="No" MethodOID="MT.DY"/>
  <def:Class Name="FINDINGS"/>
  <def:leaf ID="LF.VS" xlink:href="vs.xpt"><def:title>vs.xpt</def:title></def:leaf>
</ItemGroupDef>
<ItemDef OID="IT.STUDYID" Name="STUDYID" DataType="text" Length="1" SASFieldName="STUDYID">
  <Description><TranslatedText xml:lang="en">Study Identifier</TranslatedText></Description>
  <def:Origin Type="Protocol" Source="Sponsor"/></ItemDef>
<ItemDef OID="IT.DM.DOMAIN" Name="DOMAIN" DataType="text" Length="2" SASFieldName="DOMAIN">
  <Description><TranslatedText xml:lang="en">Domain Abbreviation</TranslatedText></Description>
  <def:Origin Type="Assigned" Source="Sponsor"/></ItemDef>
<ItemDef OID="IT.USUBJID" Name="USUBJID" DataType="text" Length="3" SASFieldName="USUBJID">
  <Description><TranslatedText xml:lang="en">Unique Subject Identifier</TranslatedText>
  </Description>
  <def:Origin Type="Assigned" Source="Sponsor"/></ItemDef>
<ItemDef OID="IT.DM.AGE" Name="AGE" DataType="integer" Length="2" SASFieldName="AGE">
  <Description><TranslatedText xml:lang="en">Age</TranslatedText></Description>
  <def:Origin Type="Collected" Source="Investigator"/></ItemDef>
<ItemDef OID="IT.DM.SEX" Name="SEX" DataType="text" Length="1" SASFieldName="SEX">
  <Description><TranslatedText xml:lang="en">Sex</TranslatedText></Description>
  <CodeListRef CodeListOID="CL.SEX"/>
  <def:Origin Type="Collected" Source="Investigator"/></ItemDef>
<ItemDef OID="IT.VS.VSTESTCD" Name="VSTESTCD" DataType="text" Length="5" SASFieldName="VSTESTCD">
  <Description><TranslatedText xml:lang="en">Vital Signs Test Short Name</TranslatedText>
  </Description>
  <CodeListRef CodeListOID="CL.VSTESTCD"/>
  <def:Origin Type="Assigned" Source="Sponsor"/></ItemDef>
<ItemDef OID="IT.VS.VSORRES" Name="VSORRES" DataType="text" Length="3" SASFieldName="VSORRES">
  <Description><TranslatedText xml:lang="en">Result or Finding in Original Units</TranslatedText>
  </Description>
  <def:ValueListRef ValueListOID="VL.VS.VSORRES"/>
  <def:Origin Type="Collected" Source="Investigator"/></ItemDef>
<ItemDef OID="IT.VS.VSDY" Name="VSDY" DataType="integer" Length="1" SASFieldName="VSDY">
  <Description><TranslatedText xml:lang="en">Study Day of Vital Signs</TranslatedText></Description>
  <def:Origin Type="Derived" Source="Sponsor"/></ItemDef>
<ItemDef OID="IT.VS.VSORRES.PULSE" Name="VSORRES" DataType="integer" Length="2"
  SASFieldName="VSORRES">
  <def:Origin Type="Collected" Source="Investigator"/></ItemDef>
<ItemDef OID="IT.VS.VSORRES.POS" Name="VSORRES" DataType="text" Length="3" SASFieldName="VSORRES">
  <CodeListRef CodeListOID="CL.POS"/>
  <def:Origin Type="Collected" Source="Investigator"/></ItemDef>
<def:ValueListDef OID="VL.VS.VSORRES">
  <ItemRef ItemOID="IT.VS.VSORRES.PULSE" OrderNumber="1" Mandatory="Yes">
    <def:WhereClauseRef WhereClauseOID="WC.VS.PULSE"/></ItemRef>
  <ItemRef ItemOID="IT.VS.VSORRES.POS" OrderNumber="2" Mandatory="No">
    <def:WhereClauseRef WhereClauseOID="WC.VS.POS"/></ItemRef>
</def:ValueListDef>
<def:WhereClauseDef OID="WC.VS.PULSE">
  <RangeCheck SoftHard="Soft" def:ItemOID="IT.VS.VSTESTCD" Comparator="EQ">
    <CheckValue>PULSE</CheckValue></RangeCheck></def:WhereClauseDef>
<def:WhereClauseDef OID="WC.VS.POS">
  <RangeCheck SoftHard="Soft" def:ItemOID="IT.VS.VSTESTCD" Comparator="IN">
    <CheckValue>POS</CheckValue><CheckValue>VSPOS</CheckValue></RangeCheck></def:WhereClauseDef>
<CodeList OID="CL.SEX" Name="Sex" DataType="text">
  <EnumeratedItem CodedValue="F" OrderNumber="1"/><EnumeratedItem CodedValue="M" OrderNumber="2"/>
</CodeList>
<CodeList OID="CL.VSTESTCD" Name="Vital Signs Test Code" DataType="text">
  <CodeListItem CodedValue="PULSE"><Decode><TranslatedText xml:lang="en">Pulse Rate</TranslatedText>
    </Decode></CodeListItem>
  <CodeListItem CodedValue="POS"><Decode><TranslatedText xml:lang="en">Position</TranslatedText>
    </Decode></CodeListItem>
</CodeList>
<CodeList OID="CL.POS" Name="Position" DataType="text">
  <EnumeratedItem CodedValue="SUP"/><EnumeratedItem CodedValue="SIT"/>
</CodeList>
<MethodDef OID="MT.DY" Name="Study day" Type="Computation">
  <Description><TranslatedText xml:lang="en">VSDTC - RFSTDTC (+1 on or after)</TranslatedText>
  </Description>
</MethodDef>
</MetaDataVersion></Study></ODM>
"""


def dm() -> pd.DataFrame:
    return pd.DataFrame({"STUDYID": ["S", "S"], "DOMAIN": ["DM", "DM"],
                         "USUBJID": ["S-1", "S-2"], "AGE": [40.0, 51.0], "SEX": ["F", "M"]})


def vs() -> pd.DataFrame:
    return pd.DataFrame({"STUDYID": ["S"] * 3, "USUBJID": ["S-1", "S-1", "S-2"],
                         "VSTESTCD": ["PULSE", "POS", "PULSE"], "VSORRES": ["60", "SUP", "72"],
                         "VSDY": [1.0, 1.0, 2.0]})


LABELS = {"DM": {"STUDYID": "Study Identifier", "DOMAIN": "Domain Abbreviation",
                 "USUBJID": "Unique Subject Identifier", "AGE": "Age", "SEX": "Sex"},
          "VS": {"STUDYID": "Study Identifier", "USUBJID": "Unique Subject Identifier",
                 "VSTESTCD": "Vital Signs Test Short Name",
                 "VSORRES": "Result or Finding in Original Units",
                 "VSDY": "Study Day of Vital Signs"}}
DATASET_LABELS = {"DM": "Demographics", "VS": "Vital Signs"}
