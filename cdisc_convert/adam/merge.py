"""Adding variables from another dataset, and records from a source dataset (admiral names).

``order`` lists variables to sort by; ``desc(X)`` sorts ``X`` descending. Missing
values sort first (as in SAS), so ``mode: last`` never picks a missing date.

>>> import pandas as pd
>>> dm = pd.DataFrame({"USUBJID": ["1", "2"], "AGE": [50.0, 61.0]})
>>> lb = pd.DataFrame({"USUBJID": ["1", "1", "2"], "LBTESTCD": ["HBA1C", "HBA1C", "GLUC"],
...                    "LBDTC": ["2023-10-20", "2023-11-06", "2023-11-06"],
...                    "LBSTRESN": [8.1, 8.3, 9.0]})
>>> derive_vars_merged(dm, dataset_add=lb, by_vars=["USUBJID"], order=["LBDTC"], mode="last",
...     new_vars={"HBA1CBL": "LBSTRESN"},
...     filter_add={"column": "LBTESTCD", "equals": "HBA1C"})["HBA1CBL"].tolist()
[8.3, nan]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cdisc_convert.adam.conditions import where
from cdisc_convert.handover import freeable, take_rows
from cdisc_convert.vector import map_unique, rows_in

SUMMARIES = ("count", "sum", "min", "max", "mean", "first", "last")


def sort_by(frame: pd.DataFrame, order: list[str] | None,
            free: Sequence[pd.DataFrame] = ()) -> pd.DataFrame:
    """Stable sort by ``order`` (``desc(X)`` descending; missing first); ``free``: frames
    whose columns go once copied (:func:`cdisc_convert.handover.take_rows`).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"U": ["1", "1", "2"], "ADT": [2.0, 1.0, None]})
    >>> sort_by(f, ["desc(U)", "ADT"])["ADT"].tolist()
    [nan, 1.0, 2.0]
    """
    if not order:
        return frame
    names, ascending = [], []
    for item in order:
        desc = item.startswith("desc(") and item.endswith(")")
        names.append(item[5:-1] if desc else item)
        ascending.append(not desc)
    if not free:
        return frame.sort_values(names, ascending=ascending, kind="stable",
                                 na_position="first")
    positions = frame[names].reset_index(drop=True).sort_values(
        names, ascending=ascending, kind="stable", na_position="first").index
    return take_rows(frame, positions.to_numpy(), free=free)


def _new_vars(new_vars: list[str] | dict[str, str] | None, columns) -> dict[str, str]:
    if new_vars is None:
        return {c: c for c in columns}
    if isinstance(new_vars, list):
        return {c: c for c in new_vars}
    return dict(new_vars)


def derive_vars_merged(dataset: pd.DataFrame, *, dataset_add: pd.DataFrame,
                       by_vars: list[str], new_vars: list[str] | dict[str, str] | None = None,
                       filter_add: dict | None = None, order: list[str] | None = None,
                       mode: str | None = None) -> pd.DataFrame:
    """Left-join variables of ``dataset_add`` (``new_vars``: names or ``{new: old}``).

    With ``order``/``mode`` (``first``/``last``) one record per ``by_vars`` is taken;
    without them ``dataset_add`` must already be unique per ``by_vars``.
    """
    add = sort_by(dataset_add[where(dataset_add, filter_add)], order)
    if mode:
        add = add.drop_duplicates(subset=by_vars, keep=mode)
    elif add.duplicated(subset=by_vars).any():
        raise ValueError(f"dataset_add is not unique by {', '.join(by_vars)}: give order and mode")
    rename = _new_vars(new_vars, [c for c in add.columns if c not in by_vars])
    add = pd.DataFrame({**{b: add[b] for b in by_vars},
                        **{new: add[old] for new, old in rename.items()}})
    keep = dataset.drop(columns=[c for c in rename if c in dataset.columns])
    out = keep.merge(add, how="left", on=by_vars, validate="many_to_one")
    out.index = dataset.index
    return out


def derive_var_merged_exist_flag(dataset: pd.DataFrame, *, dataset_add: pd.DataFrame,
                                 by_vars: list[str], new_var: str, condition: dict | None = None,
                                 filter_add: dict | None = None, true_value: str = "Y",
                                 false_value: str = "N") -> pd.DataFrame:
    """``new_var`` = Y when ``dataset_add`` has a record (meeting ``condition``) for the keys.

    >>> import pandas as pd
    >>> adsl = pd.DataFrame({"USUBJID": ["1", "2"]})
    >>> ex = pd.DataFrame({"USUBJID": ["1"], "EXDOSE": [0.0]})
    >>> derive_var_merged_exist_flag(adsl, dataset_add=ex, by_vars=["USUBJID"],
    ...     new_var="SAFFL", condition={"column": "EXDOSE", "ge": 0})["SAFFL"].tolist()
    ['Y', 'N']
    """
    add = dataset_add[where(dataset_add, filter_add)]
    hits = add[where(add, condition)][by_vars].drop_duplicates()
    found = keys_in(dataset[by_vars], hits)
    out = dataset.copy(deep=False)
    out[new_var] = pd.Series(found, index=dataset.index).map({True: true_value,
                                                               False: false_value})
    return out


def derive_var_merged_summary(dataset: pd.DataFrame, *, dataset_add: pd.DataFrame,
                              by_vars: list[str], new_var: str, analysis_var: str | None = None,
                              summary_fun: str = "count", filter_add: dict | None = None,
                              missing_value: float | None = None) -> pd.DataFrame:
    """``new_var`` = a summary (count, sum, min, max, mean) of ``analysis_var`` per ``by_vars``.

    >>> import pandas as pd
    >>> adsl = pd.DataFrame({"USUBJID": ["1", "2"]})
    >>> ex = pd.DataFrame({"USUBJID": ["1", "1"], "EXDOSE": [6.5e7, 7e7]})
    >>> derive_var_merged_summary(adsl, dataset_add=ex, by_vars=["USUBJID"], new_var="NINF",
    ...                           missing_value=0)["NINF"].tolist()
    [2.0, 0.0]
    """
    if summary_fun not in SUMMARIES:
        raise ValueError(f"summary_fun must be one of {', '.join(SUMMARIES)}")
    add = dataset_add[where(dataset_add, filter_add)]
    groups = add.groupby(by_vars, sort=False, dropna=False)
    if summary_fun == "count":
        values = groups.size() if analysis_var is None else groups[analysis_var].count()
    else:
        values = getattr(groups[analysis_var], summary_fun)()
    values = values.astype(float).rename(new_var).reset_index()
    out = dataset.drop(columns=[new_var], errors="ignore").merge(values, how="left", on=by_vars)
    out.index = dataset.index
    if missing_value is not None:
        out[new_var] = out[new_var].fillna(float(missing_value))
    return out


def derive_var_flag(dataset: pd.DataFrame, *, new_var: str, condition: dict,
                    true_value: str = "Y", false_value: str = "N",
                    filter: dict | None = None) -> pd.DataFrame:
    """``new_var`` = Y where ``condition`` holds, else N; blank outside ``filter``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"ARMCD": ["MSC", ""]})
    >>> derive_var_flag(f, new_var="ITTFL", condition={"column": "ARMCD", "not_null": True}
    ...                 )["ITTFL"].tolist()
    ['Y', 'N']
    """
    out = dataset.copy(deep=False)
    hit = where(out, condition)
    value = hit.map({True: true_value, False: false_value}).astype(object)
    out[new_var] = value.where(where(out, filter), "")
    return out


def derive_vars_cat(dataset: pd.DataFrame, *, source_var: str, new_var: str,
                    groups: list[dict], new_var_n: str | None = None) -> pd.DataFrame:
    """Categories of a numeric variable: ``groups`` are ``{value, n, gt/ge/lt/le ...}``.

    The first group whose bounds hold wins; values in no group stay blank.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"AGE": [45.0, 65.0, None]})
    >>> g = [{"value": "<65", "n": 1, "lt": 65}, {"value": ">=65", "n": 2, "ge": 65}]
    >>> out = derive_vars_cat(f, source_var="AGE", new_var="AGEGR1", new_var_n="AGEGR1N", groups=g)
    >>> out["AGEGR1"].tolist(), out["AGEGR1N"].tolist()
    (['<65', '>=65', ''], [1.0, 2.0, nan])
    """
    out = dataset.copy(deep=False)
    value = pd.to_numeric(out[source_var], errors="coerce")
    text = pd.Series("", index=out.index, dtype=object)
    num = pd.Series(float("nan"), index=out.index)
    done = pd.Series(False, index=out.index)
    for group in groups:
        hit = value.notna() & ~done
        for op, fn in (("gt", value.gt), ("ge", value.ge), ("lt", value.lt), ("le", value.le)):
            if op in group:
                hit &= fn(group[op])
        text[hit] = group["value"]
        num[hit] = float(group["n"]) if group.get("n") is not None else float("nan")
        done |= hit
    out[new_var] = text
    if new_var_n:
        out[new_var_n] = num
    return out


def derive_vars_copy(dataset: pd.DataFrame, *, new_vars: dict[str, str],
                     filter: dict | None = None) -> pd.DataFrame:
    """Copy variables under new names (``{AVAL: LBSTRESN}``), only where ``filter`` holds
    (other records keep their value of the new variable, or get none).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"LBSTRESN": [1.5, None], "LBSTRESC": ["1.5", "NEG"]})
    >>> derive_vars_copy(f, new_vars={"AVALC": "LBSTRESC"},
    ...                  filter={"column": "LBSTRESN", "is_null": True})["AVALC"].tolist()
    [nan, 'NEG']
    """
    out = dataset.copy(deep=False)
    keep = where(out, filter)
    for new, old in new_vars.items():
        if filter is None:
            out[new] = out[old]
        else:                                          # elsewhere keep what is there
            out[new] = out[old].where(keep, out[new] if new in out else None)
    return out


def derive_vars_constant(dataset: pd.DataFrame, *, new_vars: dict[str, object],
                         filter: dict | None = None) -> pd.DataFrame:
    """Assign fixed values (``{SRCDOM: LB}``) where ``filter`` holds (blank elsewhere).

    >>> import pandas as pd
    >>> derive_vars_constant(pd.DataFrame({"A": [1, 2]}), new_vars={"SRCDOM": "LB"}
    ...                      )["SRCDOM"].tolist()
    ['LB', 'LB']
    """
    out = dataset.copy(deep=False)
    keep = where(out, filter)
    for new, value in new_vars.items():
        out[new] = pd.Series([value] * len(out), index=out.index, dtype=object).where(keep, "")
    return out


def derive_var_source_name(dataset: pd.DataFrame, *, source_vars: list[str],
                           new_var: str = "SRCVAR") -> pd.DataFrame:
    """``new_var`` (``SRCVAR``) = the name of the first of ``source_vars`` that holds a
    value on the record (the variable the analysis value came from); blank when none does.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"LBSTRESN": [1.5, None, None], "LBSTRESC": ["1.5", "NEG", ""]})
    >>> derive_var_source_name(f, source_vars=["LBSTRESN", "LBSTRESC"])["SRCVAR"].tolist()
    ['LBSTRESN', 'LBSTRESC', '']
    """
    out = dataset.copy(deep=False)
    name = pd.Series("", index=out.index, dtype=object)
    for var in reversed(source_vars):     # the first listed wins
        held = map_unique(out[var], lambda v: bool(str(v).strip()), na=False, dtype=bool)
        name[held] = var
    out[new_var] = name
    return out


def derive_var_recode(dataset: pd.DataFrame, *, source_var: str, new_var: str,
                      values: dict, default: object = None) -> pd.DataFrame:
    """``new_var`` = ``values[source_var]`` (``default`` for values not listed).

    >>> import pandas as pd
    >>> derive_var_recode(pd.DataFrame({"ASEV": ["MILD", "SEVERE"]}), source_var="ASEV",
    ...     new_var="ASEVN", values={"MILD": 1, "MODERATE": 2, "SEVERE": 3})["ASEVN"].tolist()
    [1, 3]
    """
    out = dataset.copy(deep=False)
    out[new_var] = out[source_var].astype(object).map(
        lambda v: values.get(v, default) if isinstance(v, str) or pd.notna(v) else default)
    return out


def derive_var_obs_number(dataset: pd.DataFrame, *, new_var: str = "ASEQ",
                          by_vars: list[str] | None = None,
                          order: list[str] | None = None) -> pd.DataFrame:
    """Sequence number 1, 2, ... within ``by_vars`` in ``order`` (rows are sorted so).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"USUBJID": ["2", "1", "1"], "ADT": [3, 2, 1]})
    >>> derive_var_obs_number(f, by_vars=["USUBJID"], order=["USUBJID", "ADT"])["ASEQ"].tolist()
    [1.0, 2.0, 1.0]
    """
    ranked = sort_by(dataset, order, free=freeable(dataset))
    out = ranked.copy(deep=False)
    counter = out.groupby(by_vars, sort=False).cumcount() if by_vars else pd.Series(
        range(len(out)), index=out.index)
    out[new_var] = (counter + 1).astype(float)
    return out


def filter_exist(dataset: pd.DataFrame, *, dataset_add: pd.DataFrame, by_vars: list[str],
                 filter_add: dict | None = None) -> pd.DataFrame:
    """Keep the records whose ``by_vars`` occur in ``dataset_add`` (meeting ``filter_add``).

    >>> import pandas as pd
    >>> adsl = pd.DataFrame({"USUBJID": ["1", "2"], "ITTFL": ["Y", "N"]})
    >>> lb = pd.DataFrame({"USUBJID": ["1", "2", "3"]})
    >>> filter_exist(lb, dataset_add=adsl, by_vars=["USUBJID"],
    ...              filter_add={"column": "ITTFL", "equals": "Y"})["USUBJID"].tolist()
    ['1']
    """
    add = dataset_add[where(dataset_add, filter_add)][by_vars].drop_duplicates()
    kept = np.flatnonzero(keys_in(dataset[by_vars], add))
    return take_rows(dataset, kept, free=freeable(dataset))


def keys_in(keys: pd.DataFrame, other: pd.DataFrame) -> np.ndarray:
    """Which rows of ``keys`` occur in ``other`` (same columns; missing matches missing),
    on group numbers (:func:`~cdisc_convert.vector.rows_in`).

    >>> keys_in(pd.DataFrame({"U": ["1", "2"]}), pd.DataFrame({"U": ["2"]})).tolist()
    [False, True]
    """
    return rows_in([keys[c] for c in keys.columns], [other[c] for c in keys.columns])


def filter_records(dataset: pd.DataFrame, *, condition: dict) -> pd.DataFrame:
    """Keep the records meeting ``condition``."""
    return dataset[where(dataset, condition)].copy(deep=False)
