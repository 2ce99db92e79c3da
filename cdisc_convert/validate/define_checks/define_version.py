"""def:DefineVersion matches the Define-XML namespace (P21 DD0020: 1.0.0, 2.0.0 or 2.1.n).

>>> from cdisc_convert.define.reader import read_define_bytes
>>> m = read_define_bytes(b'<ODM xmlns:def="http://www.cdisc.org/ns/def/v2.0"><Study>'
...     b'<MetaDataVersion def:DefineVersion="2.1.0"/></Study></ODM>')
>>> [(f.code, f.value) for f in define_version(DefineContext(m))]
[('DD0020', '2.1.0')]
"""

from __future__ import annotations

import re

from cdisc_convert.findings import Finding
from cdisc_convert.registry import DEFINE_CHECK
from cdisc_convert.validate.define_checks.base import DefineContext

ALLOWED = {"1.0": re.compile(r"^1\.0\.0$"), "2.0": re.compile(r"^2\.0\.0$"),
           "2.1": re.compile(r"^2\.1\.\d+$")}


@DEFINE_CHECK.register("define_version", codes=("DD0020",))
def define_version(ctx: DefineContext) -> list[Finding]:
    """The MetaDataVersion's def:DefineVersion is the one its namespace stands for."""
    pattern = ALLOWED.get(ctx.model.version or "")
    value = ctx.model.define_version
    if pattern is None or (value is not None and pattern.match(value)):
        return []
    mdv = ctx.elements("MetaDataVersion")
    return [ctx.at("DD0020", mdv[0].sourceline if mdv else None, value=value,
                   version=ctx.model.version)]
