"""ADaM flag values: ``*FL`` Y/N/null, record-level flags Y/null, population flags never
null in ADSL, ``*FN`` 0/1/null and agreeing with their ``*FL`` (ADaMIG 1.3 section 3.1.4;
P21 AD0005, AD0006, AD0010, AD0011, AD0019, AD0033, AD0034, AD0176, AD0178, AD0269,
AD0272).

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace(adam={"ADLB": pd.DataFrame({"ABLFL": ["Y", "N"], "CRIT1FL": ["Y", "X"]})})
>>> sorted((c.rule_id, c.variable) for c in flag_checks(ws, "ADLB"))
[('ADAM-ABLFL-VALUE', 'ABLFL'), ('ADAM-FL-VALUE', 'CRIT1FL')]
>>> flag_kind("ANL01FL"), flag_kind("TRTEMFL"), flag_kind("SAFFL"), flag_kind("DTHFL")
('ADAM-ANLFL-VALUE', 'ADAM-TRTFL-VALUE', 'ADAM-FL-VALUE', 'ADAM-FL-VALUE')
"""

from __future__ import annotations

import re

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.validate.model import Check, Workspace
from cdisc_convert.validate.suites.adam_common import (
    POPULATION_FLAGS,
    adam_columns,
    applies,
    bad_check,
    number,
    text,
)

#: (rule, name pattern) of the record-level flags whose values are Y or null, first match.
RECORD_FLAGS = (
    ("ADAM-ABLFL-VALUE", re.compile(r"^ABLFL$")),
    ("ADAM-ANLFL-VALUE", re.compile(r"^ANL\d{2}FL$")),
    ("ADAM-TRTFL-VALUE", re.compile(r"^(TRTEMFL|PREFL|FUPFL|ONTRTFL|LVOTFL)$")),
    ("ADAM-AOCCFL-VALUE", re.compile(r"^AOCC\w*FL$")),
    ("ADAM-RFL-VALUE", re.compile(r"^\w+RFL$")),
    ("ADAM-PFL-VALUE", re.compile(r"^\w+PFL$")),
)
#: Numeric record flags (1 or null), mirroring RECORD_FLAGS.
_RECORD_FN = re.compile(r"^(ABLFN|ANL\d{2}FN|\w+RFN|\w+PFN)$")


def flag_kind(name: str) -> str:
    """The rule judging the values of character flag ``name``."""
    return next((rule for rule, rx in RECORD_FLAGS if rx.match(name)), "ADAM-FL-VALUE")


def _flags(frame) -> list[str]:
    return [c for c in adam_columns(frame) if c.endswith("FL") and len(c) > 2
            and frame[c].dtype.kind not in "fiub"]


@VALIDATION_SUITE.register("adam-flags", kinds=("ADaM",))
def flag_checks(ws: Workspace, name: str) -> list[Check]:
    """Each ``*FL`` in its allowed values; ADSL population flags populated."""
    frame = ws.frames[name]
    out = []
    for col in _flags(frame):
        rule = flag_kind(col)
        if not applies(rule):
            continue
        allowed = ["Y"] if rule != "ADAM-FL-VALUE" else ["Y", "N"]
        out.append(Check(rule, name, "expect_column_values_to_be_in_set",
                         {"column": col, "value_set": allowed}, variable=col,
                         params={"allowed": " or ".join(allowed + ["null"])}))
        if name == "ADSL" and col in POPULATION_FLAGS and applies("ADAM-POPFL-NULL"):
            out.append(Check("ADAM-POPFL-NULL", name, "expect_column_values_to_not_be_null",
                             {"column": col}, variable=col))
    return out


@VALIDATION_SUITE.register("adam-flag-numbers", kinds=("ADaM",))
def flag_number_checks(ws: Workspace, name: str) -> list[Check]:
    """Each ``*FN`` 0/1/null (record flags: 1/null) and 1 where its ``*FL`` is Y, 0 where N."""
    frame = ws.frames[name]
    out = []
    for col in adam_columns(frame):
        if not col.endswith("FN") or len(col) <= 2:
            continue
        value = number(frame, col)
        allowed = {1.0} if _RECORD_FN.match(col) else {0.0, 1.0}
        if applies("ADAM-FN-VALUE"):
            bad = frame[col].notna() & ~value.isin(allowed)
            out.append(bad_check(ws, name, "ADAM-FN-VALUE", bad, col,
                                 params={"allowed": " or ".join(
                                     str(int(a)) for a in sorted(allowed)) + " or null"}))
        flag = col[:-1] + "L"
        if flag not in frame.columns:
            continue
        fl = text(frame, flag)
        for rule, letter, expected in (("ADAM-FN-Y", "Y", 1.0), ("ADAM-FN-N", "N", 0.0)):
            if applies(rule):
                bad = fl.eq(letter).fillna(False).astype(bool) & value.ne(expected)
                out.append(bad_check(ws, name, rule, bad, col, params={"flag": flag}))
    return out
