"""Definitions whose OID (ID, SASDatasetName, Name) repeats in the define (P21 OD0030,
OD0031, OD0032, DD0012, DD0013, DD0014, DD0083, DD0051, DD0131).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemDef OID="IT.A" Name="A"/>'
...                       b'<ItemDef OID="IT.A" Name="B"/></MetaDataVersion></Study></ODM>')
>>> [(f.code, f.source_row, f.value) for f in duplicate_oids(DefineContext(m))]
[('OD0031', 1, 'IT.A')]
"""

from __future__ import annotations

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

#: (element local name, identifying attribute, P21 code)
UNIQUE = (("ItemGroupDef", "OID", "OD0030"), ("ItemDef", "OID", "OD0031"),
          ("CodeList", "OID", "OD0032"), ("leaf", "ID", "DD0012"), ("MethodDef", "OID", "DD0013"),
          ("ValueListDef", "OID", "DD0014"), ("CommentDef", "OID", "DD0083"),
          ("ItemGroupDef", "SASDatasetName", "DD0051"), ("CodeList", "Name", "DD0131"))


@DEFINE_CHECK.register("duplicate_oids", codes=tuple(c for *_, c in UNIQUE))
def duplicate_oids(ctx: DefineContext) -> list[Finding]:
    """An OID, leaf ID, SASDatasetName or codelist Name given to two definitions."""
    out = []
    for tag, key, code in UNIQUE:
        first: dict[str, int | None] = {}
        for el in ctx.elements(tag):
            value = el.get(key)
            if value is None:
                continue
            if value in first:
                out.append(ctx.at(code, el.sourceline, value=value, element=tag, key=key,
                                  first=first[value]))
            else:
                first[value] = el.sourceline
    return out
