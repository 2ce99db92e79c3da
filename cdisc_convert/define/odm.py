"""Namespaces and tiny element helpers shared by the Define-XML builder and checker.

>>> el = E("ItemRef", ItemOID="IT.DM.AGE", OrderNumber=3, Mandatory=None)
>>> el.tag, dict(el.attrib)
('{http://www.cdisc.org/ns/odm/v1.3}ItemRef', {'ItemOID': 'IT.DM.AGE', 'OrderNumber': '3'})
>>> safe_oid_part("mg/dL x 10^3")
'mg_dL_x_10_3'
"""

from __future__ import annotations

import re

from lxml import etree

ODM_NS = "http://www.cdisc.org/ns/odm/v1.3"
DEF_NS = "http://www.cdisc.org/ns/def/v2.1"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: ODM_NS, "def": DEF_NS, "xlink": XLINK_NS}
#: Prefixes for XPath over a define.xml.
NS = {"odm": ODM_NS, "def": DEF_NS, "xlink": XLINK_NS}

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def qname(name: str) -> str:
    """``def:Origin`` -> Clark notation; a bare name is in the ODM namespace."""
    if ":" in name:
        prefix, local = name.split(":", 1)
        ns = {"def": DEF_NS, "xlink": XLINK_NS, "xml": XML_NS}[prefix]
        return f"{{{ns}}}{local}"
    return f"{{{ODM_NS}}}{name}"


def E(tag: str, *children: etree._Element | None, **attrs: object) -> etree._Element:
    """An element with attributes in the given order; ``None`` attributes and children are left
    out. Attribute names use ``def_X`` / ``xlink_X`` for prefixed ones."""
    el = etree.Element(qname(tag), nsmap=NSMAP)
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.replace("_", ":", 1) if key.startswith(("def_", "xlink_", "xml_")) else key
        el.set(qname(name) if ":" in name else name, str(value))
    for child in children:
        if child is not None:
            el.append(child)
    return el


def text_el(tag: str, text: str) -> etree._Element:
    """``<Description><TranslatedText xml:lang="en">text</TranslatedText></Description>``."""
    tt = E("TranslatedText", xml_lang="en")
    tt.text = text
    return E(tag, tt)


def simple(tag: str, text: str, **attrs: object) -> etree._Element:
    """An element holding plain text (``StudyName``, ``CheckValue``, ``def:title``)."""
    el = E(tag, **attrs)
    el.text = text
    return el


def safe_oid_part(text: object) -> str:
    """Text usable inside an OID: runs of other characters become ``_``."""
    return _UNSAFE.sub("_", str(text)).strip("_") or "X"
