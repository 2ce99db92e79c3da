"""SDTM origin conventions (P21 DD0105 study days Derived, DD0106 DOMAIN Assigned, DD0107
RDOMAIN Assigned, DD0108 STUDYID Protocol). Only for SDTM defines (tabulation datasets).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.AE" Name="AE" '
...     b'Purpose="Tabulation"><ItemRef ItemOID="IT.DY"/></ItemGroupDef><ItemDef OID="IT.DY" '
...     b'Name="AESTDY"><Origin Type="Collected"/></ItemDef></MetaDataVersion></Study></ODM>')
>>> [(f.code, f.variable, f.value) for f in origin_conventions(DefineContext(m))]
[('DD0105', 'AESTDY', 'Collected')]
"""

from __future__ import annotations

import re

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

_STUDY_DAY = re.compile(r"^[A-Z]{2}(DY|STDY|ENDY)$")
#: (variable pattern, expected origin, code)
EXPECTED = ((_STUDY_DAY, "Derived", "DD0105"), (re.compile(r"^DOMAIN$"), "Assigned", "DD0106"),
            (re.compile(r"^RDOMAIN$"), "Assigned", "DD0107"),
            (re.compile(r"^STUDYID$"), "Protocol", "DD0108"))


@DEFINE_CHECK.register("origin_conventions", codes=tuple(c for *_, c in EXPECTED))
def origin_conventions(ctx: DefineContext) -> list[Finding]:
    """--DY/--STDY/--ENDY Derived, DOMAIN and RDOMAIN Assigned, STUDYID Protocol."""
    out = []
    for ds in ctx.model.datasets:
        if (ds.purpose or "Tabulation").lower() != "tabulation":
            continue
        for ref in ctx.model.variables(ds):
            item = ref.item
            if item is None or not item.origin_type:
                continue
            for pattern, expected, code in EXPECTED:
                if pattern.match(item.name.upper()) and item.origin_type != expected:
                    out.append(ctx.at(code, item.line, dataset=ds.key, variable=item.name,
                                      value=item.origin_type, expected=expected))
    return out
