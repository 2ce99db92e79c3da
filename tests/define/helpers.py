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


def assert_complete(xml: bytes, frames: dict) -> None:
    """Every dataset, variable, codelist term and VLM slice in ``frames`` appears in the define,
    and every Length holds the longest value."""
    from cdisc_convert.define.facts import is_number, present
    root = parse(xml)
    groups = item_groups(root)
    assert set(groups) == set(frames)
    for name, frame in frames.items():
        assert groups[name] == list(frame.columns), name
        for column in frame.columns:
            el = item_def(root, f"IT.{name}.{column}")
            values = present(frame[column])
            if values.empty:
                continue
            text = el.get("DataType") == "text"
            if el.get("Length") is not None:
                longest = (values.astype(str).str.encode("utf-8").str.len().max() if text
                           else max(len(str(abs(int(v)))) for v in values.astype(float)))
                assert int(el.get("Length")) >= longest, (name, column)
            vl = el.find("{" + NS["def"] + "}ValueListRef")
            ref = el.find("{*}CodeListRef")
            external = ref is not None and root.xpath(
                f'//odm:CodeList[@OID="{ref.get("CodeListOID")}"]/odm:ExternalCodeList',
                namespaces=NS)
            if ref is not None and not external:
                used = set(values.astype(str)) if text else None
                if used is not None:
                    used = {v for v in used if not (vl is not None and is_number(v))}
                    assert used <= codelist_values(root, ref.get("CodeListOID")), (name, column)
            if vl is not None:
                wc = root.xpath(f'//def:ValueListDef[@OID="{vl.get("ValueListOID")}"]/'
                                "odm:ItemRef/def:WhereClauseRef/@WhereClauseOID", namespaces=NS)[0]
                topic = root.xpath(f'//def:WhereClauseDef[@OID="{wc}"]/odm:RangeCheck/'
                                   "@def:ItemOID", namespaces=NS)[0].rsplit(".", 1)[-1]
                tests = set(frame.loc[values.index, topic].astype(str)) - {""}
                assert vlm_where_values(root, vl.get("ValueListOID")) >= tests, (name, column)
