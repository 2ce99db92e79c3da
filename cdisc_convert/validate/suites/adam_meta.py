"""ADaM variable metadata, judged on one table (``ADAMVARS``: a row per variable of every
ADaM dataset): dataset names starting with AD, variable names (8 characters, letter first,
A-Z 0-9 _), labels (40 characters, no IG template text left, the IG's label where the IG
fixes it) and the type and SAS format of ``*DT``/``*TM``/``*DTM`` variables (ADaMIG 1.3
sections 3.1.1, 3.1.5, 3.1.6; P21 AD0013, AD0016, AD0018, AD0041-AD0043(A), AD0058-AD0060).

>>> import pandas as pd
>>> from cdisc_convert.validate.frames import workspace
>>> ws = workspace(adam={"ADLB": pd.DataFrame({"PARAMCD": ["ALB"], "ADT": [23000.0]})},
...                labels={"ADLB": {"PARAMCD": "Parameter Code", "ADT": "Analysis Date"}},
...                formats={"ADLB": {}})
>>> checks = variable_checks(ws)
>>> [c.rule_id for c in checks if ws.frames["ADAMVARS"][c.kwargs["column"]].notna().any()]
['ADAM-DT-NOFMT']
>>> ws.frames["ADAMVARS"][["NAME", "KIND", "FORMAT"]].values.tolist()
[['PARAMCD', None, None], ['ADT', 'DT', None]]
"""

from __future__ import annotations

import re

import pandas as pd

from cdisc_convert.registry import VALIDATION_SUITE
from cdisc_convert.standards import ig
from cdisc_convert.standards.adam_templates import fill_label, label_placeholder
from cdisc_convert.validate.model import ROW, Check, Workspace
from cdisc_convert.validate.suites.adam_common import adam_columns, applies, bad_check
from cdisc_convert.validate.suites.adam_dates import format_family, timing_kind

TABLE = "ADAMVARS"
NAME_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{0,7}$")
MAX_LABEL = 40
#: (timing kind) -> (type rule, missing-format rule, wrong-format rule)
TIMING_RULES = {"DT": ("ADAM-DT-NUM", "ADAM-DT-NOFMT", "ADAM-DT-FMT"),
                "TM": ("ADAM-TM-NUM", "ADAM-TM-NOFMT", "ADAM-TM-FMT"),
                "DTM": ("ADAM-DTM-NUM", "ADAM-DTM-NOFMT", "ADAM-DTM-FMT")}
#: IG labels a producer completes: names with y/zz/w indexes, labels with *, {...} or ...
_FREE_NAME = re.compile(r"(y|zz|w)")
_FREE_LABEL = re.compile(r"[*{]|\.\.\.")


def structure(ws: Workspace, name: str) -> str | None:
    """'ADSL', 'BDS' (a PARAMCD) or None: the ADaMIG structures whose metadata is shipped."""
    if name == "ADSL":
        return "ADSL"
    return "BDS" if "PARAMCD" in ws.frames[name].columns else None


def ig_label(structure_name: str | None, variable: str) -> str | None:
    """The label the ADaMIG fixes for ``variable`` (numbers filled in), or None where the IG
    lets the producer word it (or does not list the variable).

    >>> ig_label("BDS", "PARAMCD"), ig_label("BDS", "CRIT1"), ig_label("ADSL", "TRT01P")
    ('Parameter Code', None, 'Planned Treatment for Period 01')
    """
    if structure_name is None:
        return None
    std = ig.adamig_variable(structure_name, variable)
    if std is None or not std.label or _FREE_LABEL.search(std.label):
        return None
    if _FREE_NAME.search(std.name.replace("xx", "")):
        return None
    return fill_label(std.name, variable, std.label)


def _rows(ws: Workspace, name: str) -> list[dict]:
    frame = ws.frames[name]
    labels = ws.labels.get(name, {})
    formats = ws.formats.get(name)
    kind_of = structure(ws, name)
    rows = []
    for col in adam_columns(frame):
        label = labels.get(col, "")
        rows.append({"DATASET": name, "NAME": col, "LABEL": label,
                     "TYPE": "Num" if frame[col].dtype.kind in "fiub" else "Char",
                     "EMPTY": bool(frame[col].isna().all()), "KIND": timing_kind(col),
                     "FORMAT": (formats or {}).get(col) or None,
                     "FORMATS": formats is not None, "IGLABEL": ig_label(kind_of, col)})
    return rows


def variables_table(ws: Workspace, names: list[str]) -> pd.DataFrame:
    """One row per variable of the ADaM datasets ``names``."""
    rows = [r for n in names for r in _rows(ws, n)]
    table = pd.DataFrame(rows, columns=["DATASET", "NAME", "LABEL", "TYPE", "EMPTY", "KIND",
                                        "FORMAT", "FORMATS", "IGLABEL"])
    table = table.astype(object).where(table.notna(), None)
    table[ROW] = None
    return table


def _checks(ws: Workspace, rule: str, bad: pd.Series, value: str, names: list[str],
            **kw) -> list[Check]:
    if not applies(rule):
        return []
    fields = {"dataset": "DATASET", **kw.pop("fields", {})}
    return [bad_check(ws, TABLE, rule, bad, None, variable_from="NAME", value_from=value,
                      covers=tuple(names), fields_from=fields, **kw)]


def _timing_checks(ws: Workspace, table: pd.DataFrame, names: list[str]) -> list[Check]:
    out = []
    family = table["FORMAT"].map(format_family)
    for kind, (num_rule, missing_rule, wrong_rule) in TIMING_RULES.items():
        mine = table["KIND"].eq(kind).fillna(False).astype(bool)
        numeric = table["TYPE"].eq("Num") | table["EMPTY"].astype(bool)
        judged = mine & numeric & table["FORMATS"].astype(bool)
        out += _checks(ws, num_rule, mine & ~numeric, "TYPE", names)
        out += _checks(ws, missing_rule, judged & table["FORMAT"].isna(), "NAME", names)
        out += _checks(ws, wrong_rule, judged & table["FORMAT"].notna() & family.ne(kind),
                       "FORMAT", names)
    return out


@VALIDATION_SUITE.register("adam-variables", per_dataset=False, kinds=("ADaM",))
def variable_checks(ws: Workspace) -> list[Check]:
    """Names, labels, and timing types and formats of every ADaM variable."""
    names = ws.datasets("ADaM")
    if not names:
        return []
    table = ws.frames[TABLE] = variables_table(ws, names)
    label = table["LABEL"].fillna("").astype(str)
    placeholder = label.map(label_placeholder)
    ws.add(TABLE, "_PLACEHOLDER", placeholder)
    first = ~table["DATASET"].duplicated()
    out = _checks(ws, "ADAM-DSNAME", first & ~table["DATASET"].str.startswith("AD"), "DATASET",
                  names)
    out += _checks(ws, "ADAM-VARNAME", ~table["NAME"].str.match(NAME_PATTERN), "NAME", names)
    out += _checks(ws, "ADAM-LABEL-LEN", label.str.len() > MAX_LABEL, "LABEL", names)
    out += _checks(ws, "ADAM-LABEL-TEMPLATE", placeholder.notna(), "LABEL", names,
                   fields={"placeholder": "_PLACEHOLDER"})
    differs = table["IGLABEL"].notna() & label.ne("") & label.str.strip().ne(
        table["IGLABEL"].fillna(""))
    out += _checks(ws, "ADAM-LABEL-IG", differs, "LABEL", names, expected_from="IGLABEL")
    return out + _timing_checks(ws, table, names)
