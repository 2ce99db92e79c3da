"""Reading a built define.xml back: what it says about datasets, variables, terms and VLM."""

from __future__ import annotations

from lxml import etree

from cdisc_convert.define.odm import NS


def parse(xml: bytes):
    return etree.fromstring(xml)


def item_groups(root) -> dict[str, list[str]]:
    """Dataset name -> variable names in order."""
    out = {}
    for ig in root.xpath("//odm:ItemGroupDef", namespaces=NS):
        out[ig.get("Name")] = [root.xpath(f'//odm:ItemDef[@OID="{r.get("ItemOID")}"]/@Name',
                                          namespaces=NS)[0]
                               for r in ig.xpath("odm:ItemRef", namespaces=NS)]
    return out


def item_def(root, oid: str):
    found = root.xpath(f'//odm:ItemDef[@OID="{oid}"]', namespaces=NS)
    return found[0] if found else None


def codelist_values(root, oid: str) -> set[str]:
    return set(root.xpath(f'//odm:CodeList[@OID="{oid}"]/*/@CodedValue', namespaces=NS))


def vlm_where_values(root, vl_oid: str) -> set[str]:
    """The CheckValues of the where clauses a value list uses."""
    wcs = root.xpath(f'//def:ValueListDef[@OID="{vl_oid}"]/odm:ItemRef/def:WhereClauseRef/'
                     "@WhereClauseOID", namespaces=NS)
    return {v for wc in wcs for v in root.xpath(
        f'//def:WhereClauseDef[@OID="{wc}"]/odm:RangeCheck/odm:CheckValue/text()', namespaces=NS)}
