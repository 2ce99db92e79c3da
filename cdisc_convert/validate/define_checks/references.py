"""References to definitions the define does not hold (P21 OD0046 ItemDef, OD0048 CodeList,
DD0016 Method, DD0017 value list, DD0071 Comment, DD0015 document, DD0122 standard;
DEFINE-WHERE-REF where clause).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM><Study><MetaDataVersion><ItemGroupDef OID="IG.A" Name="A">'
...     b'<ItemRef ItemOID="IT.X" MethodOID="MT.X"/></ItemGroupDef>'
...     b'</MetaDataVersion></Study></ODM>')
>>> [(f.code, f.value) for f in missing_references(DefineContext(m))]
[('OD0046', 'IT.X'), ('DD0016', 'MT.X')]
"""

from __future__ import annotations

from cdisc_convert.define.reader import attr
from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

#: (referring element, attribute (local name), target element, target id attribute, code)
REFERENCES = (
    ("ItemRef", "ItemOID", "ItemDef", "OID", "OD0046"),
    ("RangeCheck", "ItemOID", "ItemDef", "OID", "OD0046"),
    ("ItemRef", "MethodOID", "MethodDef", "OID", "DD0016"),
    ("ItemRef", "ComputationMethodOID", "MethodDef", "OID", "DD0016"),
    ("ItemDef", "ComputationMethodOID", "MethodDef", "OID", "DD0016"),
    ("CodeListRef", "CodeListOID", "CodeList", "OID", "OD0048"),
    ("ValueListRef", "ValueListOID", "ValueListDef", "OID", "DD0017"),
    ("WhereClauseRef", "WhereClauseOID", "WhereClauseDef", "OID", "DEFINE-WHERE-REF"),
    ("DocumentRef", "leafID", "leaf", "ID", "DD0015"),
    ("ItemGroupDef", "ArchiveLocationID", "leaf", "ID", "DD0015"),
    ("*", "CommentOID", "CommentDef", "OID", "DD0071"),
    ("*", "StandardOID", "Standard", "OID", "DD0122"),
)


@DEFINE_CHECK.register("missing_references", codes=tuple(sorted({r[-1] for r in REFERENCES})))
def missing_references(ctx: DefineContext) -> list[Finding]:
    """Every OID or leaf ID referenced must be defined in the same define."""
    out = []
    everything = ctx.model.tree.getroot().iter() if ctx.model.tree is not None else iter(())
    all_elements = [e for e in everything if isinstance(e.tag, str)]
    for source, key, target, id_key, code in REFERENCES:
        known = {el.get(id_key) for el in ctx.elements(target)}
        referring = all_elements if source == "*" else ctx.elements(source)
        for el in referring:
            value = attr(el, key)
            if value is not None and value not in known:
                out.append(ctx.at(code, el.sourceline, value=value, key=key, target=target))
    return sorted(out, key=lambda f: f.source_row or 0)
