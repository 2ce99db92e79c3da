"""Write a define.xml with its stylesheet and the ``define.html`` rendered from it.

The stylesheet's source is ``define/define2-1.xsl`` at the top of the repository; the package
ships an identical copy in ``cdisc_convert/define/assets/`` (a test keeps them identical).

>>> b"<html" in render_html(_MINIMAL)
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from cdisc_convert.define.builder import STYLESHEET, Define
from cdisc_convert.errors import DataError
from cdisc_convert.io.atomic import write_bytes

_MINIMAL = (b'<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"><Study OID="S"><GlobalVariables>'
            b"<StudyName>S</StudyName></GlobalVariables><MetaDataVersion OID='M' Name='M'/>"
            b"</Study></ODM>")


def stylesheet_bytes() -> bytes:
    """The packaged XSLT 1.0 stylesheet."""
    assets = resources.files("cdisc_convert.define").joinpath("assets")
    return assets.joinpath(STYLESHEET).read_bytes()


@lru_cache(maxsize=1)
def _transform() -> etree.XSLT:
    return etree.XSLT(etree.fromstring(stylesheet_bytes()))


def render_html(xml: bytes) -> bytes:
    """define.html: the document as the stylesheet shows it in a browser."""
    try:
        doc = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        raise DataError(f"define.xml is not well-formed: {exc}") from None
    return bytes(_transform()(doc))


def write_define(define: Define, path: Path) -> list[Path]:
    """Write ``path`` (define.xml), the stylesheet beside it and ``define.html``; the paths."""
    path = Path(path)
    xsl = path.parent / STYLESHEET
    html = path.with_suffix(".html")
    write_bytes(path, define.xml)
    write_bytes(xsl, stylesheet_bytes())
    write_bytes(html, render_html(define.xml))
    return [path, xsl, html]
