"""``--SEQ``: a number unique per subject, in key order.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, StudySpec
>>> from cdisc_convert.sdtm.context import MapContext
>>> ctx = MapContext(DatasetSpec("AE", "x", "SDTMIG"), StudySpec("S"),
...                  pd.DataFrame({"USUBJID": ["A", "A", "B"]}))
>>> derive_seq(ctx).tolist()
[1.0, 2.0, 1.0]
"""

from __future__ import annotations

import pandas as pd

from cdisc_convert.registry import SDTM_VARIABLE
from cdisc_convert.sdtm.context import MapContext


@SDTM_VARIABLE.register("derive_seq", phase="final")
def derive_seq(ctx: MapContext, *, by: list[str] | None = None) -> pd.Series:
    """1, 2, ... within ``by`` (default USUBJID), after records are sorted by the dataset keys."""
    by = by or ["USUBJID"]
    for b in by:
        ctx.col(b)
    return (ctx.frame.groupby(by, sort=False, dropna=False).cumcount() + 1).astype(float)
