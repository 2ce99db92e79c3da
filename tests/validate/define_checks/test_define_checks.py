"""Pass and fail cases of every define.xml check: a clean define with its data passes every
check; each planted defect fires exactly its own code (and the codes it implies)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from cdisc_convert.define.reader import read_define_model
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_run import run_define_checks
from cdisc_convert.validate.frames import workspace
from tests.validate.define_checks.conftest import DATASET_LABELS, DEFINE, LABELS, dm, vs

Frames = dict[str, pd.DataFrame]


def build(tmp: Path, define: str = DEFINE, frames: Frames | None = None,
          labels: dict | None = None, files: bool = True):
    (tmp / "define.xml").write_text(define, encoding="utf-8")
    if files:
        for name in ("dm.xpt", "vs.xpt", "define2-1.xsl"):
            (tmp / name).write_text("", encoding="utf-8")
    frames = frames if frames is not None else {"DM": dm(), "VS": vs()}
    ws = workspace(frames, labels=labels or LABELS, dataset_labels=DATASET_LABELS)
    return read_define_model(tmp / "define.xml"), ws


def codes(tmp: Path, **kw) -> list[str]:
    model, ws = build(tmp, **kw)
    return sorted({f.code for f in run_define_checks(model, ws).findings})


def test_clean_define_and_data_pass_every_check(tmp_path):
    model, ws = build(tmp_path)
    outcome = run_define_checks(model, ws)
    assert [f.message for f in outcome.findings] == []
    assert {s.status for s in outcome.status} == {"passed"}


def _swap(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return edit


def _frames(change: Callable[[Frames], None]) -> Frames:
    frames = {"DM": dm(), "VS": vs()}
    change(frames)
    return frames


def _set(name: str, column: str, row: int, value) -> Callable[[Frames], None]:
    def change(frames: Frames) -> None:
        frames[name].loc[row, column] = value
    return change


#: code -> (define edit, frames change, also expected codes)
DEFECTS: dict[str, tuple] = {
    "OD0030": (_swap('OID="IG.VS"', 'OID="IG.DM"'), None, set()),
    "OD0031": (_swap('OID="IT.VS.VSDY" Name="VSDY"', 'OID="IT.DM.AGE" Name="VSDY"'), None,
               {"OD0046"}),
    "OD0032": (_swap('<CodeList OID="CL.POS"', '<CodeList OID="CL.SEX"'), None, {"OD0048"}),
    "DD0012": (_swap('leaf ID="LF.VS"', 'leaf ID="LF.DM"'), None, {"DD0015"}),
    "DD0013": (_swap('</MetaDataVersion>', '<MethodDef OID="MT.DY" Name="x" Type="Computation">'
                     '<Description><TranslatedText>x</TranslatedText></Description></MethodDef>'
                     '</MetaDataVersion>'), None, set()),
    "DD0014": (_swap('</MetaDataVersion>', '<def:ValueListDef OID="VL.VS.VSORRES"/>'
                     '</MetaDataVersion>'), None, set()),
    "DD0083": (_swap('</MetaDataVersion>', '<def:CommentDef OID="C1"><Description>'
                     '<TranslatedText>a</TranslatedText></Description></def:CommentDef>'
                     '<def:CommentDef OID="C1"><Description><TranslatedText>b</TranslatedText>'
                     '</Description></def:CommentDef></MetaDataVersion>'), None, {"DD0079"}),
    "DD0051": (_swap('SASDatasetName="VS"', 'SASDatasetName="DM"'), None,
               {"SD1063", "DD0052"}),
    "DD0131": (_swap('Name="Position"', 'Name="Sex"'), None, set()),
    "OD0041": (_swap('<ItemRef ItemOID="IT.DM.AGE" OrderNumber="4"',
                     '<ItemRef ItemOID="IT.DM.SEX" OrderNumber="4"'), None,
               {"DD0067"}),
    "DD0041": (_swap('ItemOID="IT.VS.VSTESTCD" OrderNumber="3" Mandatory="Yes" KeySequence="3"',
                     'ItemOID="IT.VS.VSTESTCD" OrderNumber="3" Mandatory="Yes" KeySequence="2"'),
               None, set()),
    "OD0042": (_swap('ItemOID="IT.DM.SEX" OrderNumber="5"', 'ItemOID="IT.DM.SEX" OrderNumber="4"'),
               None, set()),
    "OD0046": (_swap('def:ItemOID="IT.VS.VSTESTCD" Comparator="EQ"',
                     'def:ItemOID="IT.VS.NOPE" Comparator="EQ"'), None, set()),
    "OD0048": (_swap('<CodeListRef CodeListOID="CL.SEX"/>', '<CodeListRef CodeListOID="CL.SX"/>'),
               None, {"DD0082"}),
    "DD0015": (_swap('def:ArchiveLocationID="LF.VS"', 'def:ArchiveLocationID="LF.V"'), None,
               {"DD0078"}),
    "DD0016": (_swap('MethodOID="MT.DY"', 'MethodOID="MT.D"'), None, {"DD0080"}),
    "DD0017": (_swap('ValueListOID="VL.VS.VSORRES"', 'ValueListOID="VL.X"'), None,
               {"DD0081"}),
    "DD0071": (_swap('<ItemDef OID="IT.DM.AGE"', '<ItemDef def:CommentOID="C.X" OID="IT.DM.AGE"'),
               None, set()),
    "DD0122": (_swap('def:StandardOID="STD.IG" def:ArchiveLocationID="LF.VS"',
                     'def:StandardOID="STD.X" def:ArchiveLocationID="LF.VS"'), None, set()),
    "DEFINE-WHERE-REF": (_swap('WhereClauseOID="WC.VS.POS"', 'WhereClauseOID="WC.X"'), None,
                         set()),
    "DD0067": (_swap('</MetaDataVersion>', '<ItemDef OID="IT.X" Name="X" DataType="text" '
                     'Length="1"/></MetaDataVersion>'), None, set()),
    "DD0078": (_swap('</MetaDataVersion>', '<def:leaf ID="LF.X" xlink:href="dm.xpt"/>'
                     '</MetaDataVersion>'), None, set()),
    "DD0079": (_swap('</MetaDataVersion>', '<def:CommentDef OID="C1"><Description>'
                     '<TranslatedText>a</TranslatedText></Description></def:CommentDef>'
                     '</MetaDataVersion>'), None, set()),
    "DD0080": (_swap(' MethodOID="MT.DY"', ''), None, {"DD0042"}),
    "DD0081": (_swap('</MetaDataVersion>', '<def:ValueListDef OID="VL.X"/></MetaDataVersion>'),
               None, set()),
    "DD0082": (_swap('<CodeListRef CodeListOID="CL.POS"/>', ''), None, set()),
    "DD0139": (_swap('</def:Standards>', '<def:Standard OID="STD.X" Name="SDTMIG" Type="IG" '
                     'Version="3.3" Status="Final"/></def:Standards>'), None, set()),
    "DD0084": (_swap('xlink:href="vs.xpt"', 'xlink:href="vs2.xpt"'), None, {"DD0052"}),
    "DD0085": (_swap('href="define2-1.xsl"', 'href="gone.xsl"'), None, set()),
    "DD0072": (_swap('<def:Origin Type="Collected" Source="Investigator"/></ItemDef>\n<ItemDef '
                     'OID="IT.DM.SEX"', '</ItemDef>\n<ItemDef OID="IT.DM.SEX"'), None, set()),
    "DD0042": (_swap(' MethodOID="MT.DY"', ''), None, {"DD0080"}),
    "DD0061": (_swap('<def:Origin Type="Collected" Source="Investigator"/></ItemDef>\n<ItemDef '
                     'OID="IT.DM.SEX"', '<def:Origin Type="Predecessor"/></ItemDef>\n<ItemDef '
                     'OID="IT.DM.SEX"'), None, set()),
    "DD0105": (_swap('<def:Origin Type="Derived" Source="Sponsor"/>',
                     '<def:Origin Type="Collected" Source="Sponsor"/>'), None, set()),
    "DD0106": (_swap('<def:Origin Type="Assigned" Source="Sponsor"/></ItemDef>\n<ItemDef '
                     'OID="IT.USUBJID"', '<def:Origin Type="Protocol"/></ItemDef>\n<ItemDef '
                     'OID="IT.USUBJID"'), None, set()),
    "DD0108": (_swap('<def:Origin Type="Protocol" Source="Sponsor"/>',
                     '<def:Origin Type="Assigned" Source="Sponsor"/>'), None, set()),
    "OD0075": (_swap('Name="AGE" DataType="integer"', 'Name="AGE" DataType="number"'), None,
               set()),
    "OD0070": (_swap('Name="AGE" DataType="integer" Length="2"', 'Name="AGE" DataType="integer"'),
               None, set()),
    "DD0068": (_swap('Name="AGE" DataType="integer" Length="2"', 'Name="AGE" DataType="date" '
                     'Length="2"'), None, {"SD0059"}),
    "OD0071": (_swap('Name="AGE" DataType="integer"', 'Name="AGE" DataType="float"'), None, set()),
    "DD0069": (_swap('Name="AGE" DataType="integer"', 'Name="AGE" DataType="integer" '
                     'SignificantDigits="1"'), None, set()),
    "DD0058": (_swap('<Description><TranslatedText xml:lang="en">Age</TranslatedText>'
                     '</Description>', ''), None, set()),
    "OD0081": (_swap('<EnumeratedItem CodedValue="SUP"/><EnumeratedItem CodedValue="SIT"/>', ''),
               None, set()),
    "OD0079": (_swap('<EnumeratedItem CodedValue="SIT"/>', '<EnumeratedItem CodedValue="SUP"/>'),
               None, set()),
    "OD0082": (_swap('<CodeListItem CodedValue="POS"><Decode><TranslatedText xml:lang="en">'
                     'Position</TranslatedText>\n    </Decode></CodeListItem>',
                     '<EnumeratedItem CodedValue="POS"/>'), None, set()),
    "DD0076": (_swap('<EnumeratedItem CodedValue="SUP"/>', '<EnumeratedItem CodedValue="SUP" '
                     'Rank="1"/>'), None, set()),
    "DD0077": (_swap('<EnumeratedItem CodedValue="M" OrderNumber="2"/>',
                     '<EnumeratedItem CodedValue="M"/>'), None, set()),
    "OD0080": (_swap('<CodeList OID="CL.SEX" Name="Sex" DataType="text">',
                     '<CodeList OID="CL.SEX" Name="Sex" DataType="integer">'), None, {"OD0077"}),
    "OD0077": (_swap('<CodeList OID="CL.SEX" Name="Sex" DataType="text">',
                     '<CodeList OID="CL.SEX" Name="Sex" DataType="float">'), None, {"OD0080"}),
    "DD0047": (_swap(' SASDatasetName="VS"', ''), None, set()),
    "DD0056": (_swap(' def:ArchiveLocationID="LF.VS"', ''), None, {"DD0078"}),
    "DD0057": (_swap('<Description><TranslatedText xml:lang="en">Vital Signs</TranslatedText>'
                     '</Description>', ''), None, set()),
    "DD0054": (_swap('<def:Class Name="FINDINGS"/>', ''), None, set()),
    "DD0045": (_swap('Domain="VS" ', ''), None, set()),
    "DD0040": (lambda t: _swap('Mandatory="Yes" KeySequence="2"/>\n  <ItemRef ItemOID="IT.DM.AGE"',
                               'Mandatory="Yes"/>\n  <ItemRef ItemOID="IT.DM.AGE"')(
        _swap('KeySequence="1"/>\n  <ItemRef ItemOID="IT.DM.DOMAIN"',
              '/>\n  <ItemRef ItemOID="IT.DM.DOMAIN"')(t)), None, set()),
    "DD0052": (_swap('xlink:href="dm.xpt"', 'xlink:href="dm1.xpt"'), None, {"DD0084"}),
    "DD0123": (_swap('<ItemDef OID="IT.VS.VSORRES.POS" Name="VSORRES" DataType="text" Length="3"',
                     '<ItemDef OID="IT.VS.VSORRES.POS" Name="VSORRES" DataType="text" Length="9"'),
               None, set()),
    "DD0020": (_swap('def:DefineVersion="2.1.0"', 'def:DefineVersion="2.0.0"'), None, set()),
    "SD1063": (None, lambda f: f.update(AE=pd.DataFrame({"STUDYID": ["S"]})), set()),
    "SD0061": (None, lambda f: f.pop("VS"), set()),
    "SD0054": (None, lambda f: f.update(DM=f["DM"].drop(columns="AGE")), set()),
    "SD0059": (None, lambda f: f["DM"].__setitem__("AGE", ["40", "51"]), set()),
    "SD1324": (None, None, set()),
    "SD1325": (None, None, set()),
    "SD1082": (_swap('Name="SEX" DataType="text" Length="1"', 'Name="SEX" DataType="text" '
                     'Length="8"'), None, set()),
    "DEFINE-LENGTH": (None, _set("DM", "SEX", 0, "FF"), {"SD0037"}),
    "DEFINE-LENGTH-XPT": (None, None, {"SD1082"}),
    "DEFINE-ORDER": (None, lambda f: f.update(DM=f["DM"][["STUDYID", "DOMAIN", "USUBJID",
                                                         "SEX", "AGE"]]), set()),
    "DEFINE-KEYS": (None, _set("VS", "VSTESTCD", 1, "PULSE"), {"SD1230"}),
    "SD0037": (None, _set("DM", "SEX", 0, "U"), set()),
    "SD1228": (None, _set("VS", "VSORRES", 1, "STA"), set()),
    "SD1229": (None, _set("VS", "VSORRES", 0, ""), set()),
    "SD1230": (None, _set("VS", "VSORRES", 0, "6.5"), set()),
    "SD1231": (_swap('<ItemDef OID="IT.VS.VSORRES.PULSE" Name="VSORRES" DataType="integer" '
                     'Length="2"', '<ItemDef OID="IT.VS.VSORRES.PULSE" Name="VSORRES" '
                     'DataType="text" Length="1"'), None, set()),
}
LABEL_DEFECTS = {"SD1324": ("DM", "AGE", "Age in Years"), "SD1325": ("DM", None, "Demography")}


@pytest.mark.parametrize("code", sorted(DEFECTS))
def test_planted_defect_fires_its_code(code, tmp_path):
    edit, change, implied = DEFECTS[code]
    define = edit(DEFINE) if edit else DEFINE
    frames = _frames(change) if change else None
    labels = {k: dict(v) for k, v in LABELS.items()}
    dataset_labels = dict(DATASET_LABELS)
    if code in LABEL_DEFECTS:
        name, variable, label = LABEL_DEFECTS[code]
        if variable:
            labels[name][variable] = label
        else:
            dataset_labels[name] = label
    model, ws = build(tmp_path, define, frames, labels)
    ws.dataset_labels.update(dataset_labels)
    ws.widths = {"DM": {"STUDYID": 1, "DOMAIN": 2, "USUBJID": 3, "SEX": 1}}
    if code == "DEFINE-LENGTH-XPT":
        ws.widths["DM"]["USUBJID"] = 8      # the XPT file allocates 8, define.xml says 3
    if code == "SD1082":
        ws.widths["DM"]["SEX"] = 8          # XPT and define allocate 8 for one-letter values
    found = sorted({f.code for f in run_define_checks(model, ws).findings})
    assert found == sorted({code} | implied)


def test_every_define_check_code_has_a_fail_case():
    emitted = {c for entry in DEFINE_CHECK for c in entry.meta["codes"]}
    # DD0107 needs an RDOMAIN variable the base define lacks: test_rdomain_origin_convention
    assert sorted(emitted - set(DEFECTS)) == ["DD0107"], "codes without a planted defect"
    assert set(DEFECTS) <= emitted, "planted defects of codes no check emits"


def test_rdomain_origin_convention(tmp_path):
    define = DEFINE.replace('<ItemRef ItemOID="IT.DM.SEX" OrderNumber="5" Mandatory="Yes"/>',
                            '<ItemRef ItemOID="IT.DM.SEX" OrderNumber="5" Mandatory="Yes"/>'
                            '<ItemRef ItemOID="IT.RDOMAIN" OrderNumber="6" Mandatory="No"/>')
    define = define.replace('</MetaDataVersion>', '<ItemDef OID="IT.RDOMAIN" Name="RDOMAIN" '
                            'DataType="text" Length="2"><Description><TranslatedText>Related '
                            'Domain</TranslatedText></Description><def:Origin Type="Derived"/>'
                            '</ItemDef></MetaDataVersion>')
    model, _ = build(tmp_path, define)
    found = [f for f in run_define_checks(model).findings if f.code == "DD0107"]
    assert [(f.dataset, f.variable, f.value) for f in found] == [("DM", "RDOMAIN", "Derived")]


def test_data_checks_need_data(tmp_path):
    model, _ = build(tmp_path)
    outcome = run_define_checks(model)
    assert outcome.findings == []
    skipped = {s.id for s in outcome.status if s.status == "not executed"}
    assert {"SD0037", "SD1063", "SD1230"} <= skipped


def test_selection_runs_only_wanted_codes(tmp_path):
    model, ws = build(tmp_path, DEFINE.replace('href="define2-1.xsl"', 'href="gone.xsl"'),
                      _frames(_set("DM", "SEX", 0, "U")))
    outcome = run_define_checks(model, ws, wants=lambda c: c == "SD0037")
    assert {f.code for f in outcome.findings} == {"SD0037"}
    assert [s.id for s in outcome.status] == ["SD0037"]
