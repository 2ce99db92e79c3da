"""SD1082 on split datasets: the splits of a domain share their lengths."""

from __future__ import annotations

import pandas as pd

from cdisc_convert.define.reader import read_define_bytes
from cdisc_convert.validate.define_checks.base import DefineContext
from cdisc_convert.validate.define_checks.lengths import lengths
from cdisc_convert.validate.frames import workspace

DEFINE = (b'<ODM><Study><MetaDataVersion>'
          b'<ItemGroupDef OID="IG.LBCH" Name="LBCH" Domain="LB"><ItemRef ItemOID="IT.T"/>'
          b'</ItemGroupDef><ItemGroupDef OID="IG.LBHE" Name="LBHE" Domain="LB">'
          b'<ItemRef ItemOID="IT.T"/></ItemGroupDef>'
          b'<ItemDef OID="IT.T" Name="LBTESTCD" DataType="text" Length="6"/>'
          b'</MetaDataVersion></Study></ODM>')


def _sd1082(frames: dict[str, pd.DataFrame]) -> list[tuple[str, int]]:
    ws = workspace(frames)
    ws.widths = {name: {"LBTESTCD": 6} for name in frames}
    return [(f.dataset, f.value) for f in lengths(DefineContext(read_define_bytes(DEFINE), ws))
            if f.code == "SD1082"]


def test_a_split_is_judged_by_the_longest_value_of_all_splits():
    ch = pd.DataFrame({"LBTESTCD": ["ALB", "ALT"]})
    assert _sd1082({"LBCH": ch, "LBHE": pd.DataFrame({"LBTESTCD": ["HCT", "BASOLE"]})}) == []
    short = pd.DataFrame({"LBTESTCD": ["HCT"]})
    assert _sd1082({"LBCH": ch, "LBHE": short}) == [("LBCH", 6), ("LBHE", 6)]


def test_a_split_is_not_judged_when_another_split_is_missing():
    assert _sd1082({"LBCH": pd.DataFrame({"LBTESTCD": ["ALB"]})}) == []
