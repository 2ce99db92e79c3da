"""Definitions nothing refers to (P21 DD0067 variable, DD0078 document, DD0079 comment,
DD0080 method, DD0081 value list, DD0082 codelist, DD0139 standard).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemDef OID="IT.A" Name="A"/>'
...                       b'</MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in unreferenced(DefineContext(m))]
[('DD0067', 'IT.A')]
"""

from __future__ import annotations

from cdisc_convert.define.reader import attr
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

#: (defined element, its id attribute, [(referring element or *, attribute)], code)
USED = (
    ("ItemDef", "OID", (("ItemRef", "ItemOID"),), "DD0067"),
    ("leaf", "ID", (("DocumentRef", "leafID"), ("ItemGroupDef", "ArchiveLocationID")),
     "DD0078"),
    ("CommentDef", "OID", (("*", "CommentOID"),), "DD0079"),
    ("MethodDef", "OID", (("ItemRef", "MethodOID"), ("*", "ComputationMethodOID")), "DD0080"),
    ("ValueListDef", "OID", (("ValueListRef", "ValueListOID"),), "DD0081"),
    ("CodeList", "OID", (("CodeListRef", "CodeListOID"),), "DD0082"),
    ("Standard", "OID", (("*", "StandardOID"),), "DD0139"),
)


@DEFINE_CHECK.register("unreferenced", codes=tuple(code for *_, code in USED))
def unreferenced(ctx: DefineContext) -> list[Finding]:
    """A variable, document, comment, method, value list, codelist or standard the define
    defines but never refers to."""
    root = ctx.model.tree.getroot() if ctx.model.tree is not None else None
    every = [e for e in root.iter() if isinstance(e.tag, str)] if root is not None else []
    out = []
    for tag, id_key, users, code in USED:
        used = set()
        for source, key in users:
            for el in every if source == "*" else ctx.elements(source):
                if (value := attr(el, key)) is not None:
                    used.add(value)
        for el in ctx.elements(tag):
            if el.get(id_key) not in used:
                out.append(ctx.at(code, el.sourceline, value=el.get(id_key), element=tag))
    return sorted(out, key=lambda f: f.source_row or 0)
