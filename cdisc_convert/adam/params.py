"""Parameters: PARAMCD/PARAM/PARAMN from a table, and new parameters computed from others.

Formulas are arithmetic on parameter codes (``GLUC * INSULIN / 6.945 / 22.5``),
parsed into a tree and evaluated here: numbers, codes, ``+ - * /`` and
parentheses only; nothing is ever passed to ``eval``.

>>> compute_formula("GLUC * INSULIN / 6.945 / 22.5", {"GLUC": 9.0, "INSULIN": 69.45})
4.0
"""

from __future__ import annotations

import ast
import operator

import numpy as np
import pandas as pd

from cdisc_convert.adam.conditions import where
from cdisc_convert.handover import concat_rows, freeable

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv}


def _constant(node: ast.Constant) -> float:
    """A number written in a formula (``float`` of the literal, as Python reads it)."""
    if isinstance(node.value, (str, bytes, int, float)):
        return float(node.value)
    raise TypeError(f"formula constant {node.value!r} is not a number")


def _binop(node: ast.AST) -> ast.BinOp:
    """The node left once the other kinds are handled (``formula_names`` allows no other)."""
    if not isinstance(node, ast.BinOp):
        raise TypeError(f"unexpected formula node {type(node).__name__}")
    return node


def formula_names(formula: str) -> list[str]:
    """Parameter codes named in a formula (checks the formula on the way).

    >>> formula_names("(CPEPTIDE / GLUC) * 100")
    ['CPEPTIDE', 'GLUC']
    """
    tree = ast.parse(formula, mode="eval")
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif not isinstance(node, (ast.Expression, ast.BinOp, ast.Constant, ast.Load,
                                   ast.UnaryOp, ast.USub, *_OPS)):
            raise ValueError(f"formula {formula!r}: only numbers, parameter codes and "
                             f"+ - * / are allowed, not {type(node).__name__}")
    return sorted(set(names), key=names.index)


def compute_formula(formula: str, values: dict[str, float]) -> float:
    """Value of ``formula`` for one set of parameter values (NaN if any is missing)."""
    formula_names(formula)

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant):
            return _constant(node)
        if isinstance(node, ast.Name):
            v = values.get(node.id)
            return float("nan") if v is None or pd.isna(v) else float(v)
        if isinstance(node, ast.UnaryOp):
            return -value(node.operand)
        node = _binop(node)
        left, right = value(node.left), value(node.right)
        if isinstance(node.op, ast.Div) and right == 0:
            return float("nan")
        return _OPS[type(node.op)](left, right)
    return value(ast.parse(formula, mode="eval"))


def _evaluate(node: ast.AST, frame: pd.DataFrame):
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, frame)
    if isinstance(node, ast.Constant):
        return _constant(node)
    if isinstance(node, ast.Name):
        return pd.to_numeric(frame[node.id], errors="coerce")
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, frame)
    node = _binop(node)
    left, right = _evaluate(node.left, frame), _evaluate(node.right, frame)
    if isinstance(node.op, ast.Div):
        right = right.replace(0, float("nan")) if isinstance(right, pd.Series) else (
            float("nan") if right == 0 else right)
    return _OPS[type(node.op)](left, right)


def derive_var_formula(dataset: pd.DataFrame, *, new_var: str, formula: str,
                       digits: int | None = None) -> pd.DataFrame:
    """``new_var`` = arithmetic of variables of the same record (e.g. dose per kg).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"EXDOSE": [6.5e7, 0.0], "WEIGHT": [65.0, 70.0]})
    >>> derive_var_formula(f, new_var="DOSEKG", formula="EXDOSE / WEIGHT / 1000000",
    ...                    digits=3)["DOSEKG"].tolist()
    [1.0, 0.0]
    """
    formula_names(formula)
    out = dataset.copy(deep=False)
    value = _evaluate(ast.parse(formula, mode="eval"), out)
    value = pd.Series(value, index=out.index, dtype=float)
    out[new_var] = value.round(digits) if digits is not None else value
    return out


def derive_vars_params(dataset: pd.DataFrame, *, params: list[dict],
                       set_default: bool = True, unit_var: str = "LBSTRESU",
                       test_var: str = "LBTESTCD", label_var: str = "LBTEST",
                       category_var: str | None = None) -> pd.DataFrame:
    """``PARAMCD``/``PARAM``/``PARAMN`` (and ``PARCAT1``) from a table.

    Each entry of ``params`` has ``where`` (a condition picking the records),
    ``PARAMCD``, ``PARAM``, ``PARAMN`` and optionally ``PARCAT1``. Records no entry
    picks get, when ``set_default``, ``PARAMCD = <test code>`` and
    ``PARAM = "<test> (<unit>)"`` numbered after the table. With ``category_var``
    (``LBCAT``), a record whose entry gives no ``PARCAT1`` takes that variable's value;
    a parameter whose records hold more than one category is an error (give each
    category its own parameter in the table).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"LBTESTCD": ["GLUC", "GLUC", "ALT"],
    ...                   "LBSPEC": ["PLASMA", "URINE", "SERUM"],
    ...                   "LBTEST": ["Glucose", "Glucose", "Alanine Aminotransferase"],
    ...                   "LBSTRESU": ["mmol/L", "", "U/L"]})
    >>> p = [{"where": {"column": "LBSPEC", "equals": "URINE"}, "PARAMCD": "GLUCU",
    ...       "PARAM": "Glucose, urine", "PARAMN": 30}]
    >>> derive_vars_params(f, params=p)[["PARAMCD", "PARAMN"]].values.tolist()
    [['GLUC', 31.0], ['GLUCU', 30.0], ['ALT', 32.0]]
    >>> f["LBCAT"] = ["CHEMISTRY", "URINALYSIS", "CHEMISTRY"]
    >>> derive_vars_params(f, params=p, category_var="LBCAT")["PARCAT1"].tolist()
    ['CHEMISTRY', 'URINALYSIS', 'CHEMISTRY']
    """
    out = dataset.copy(deep=False)
    for col in ("PARAMCD", "PARAM", "PARCAT1"):
        out[col] = pd.Series("", index=out.index, dtype=object)
    out["PARAMN"] = float("nan")
    free = pd.Series(True, index=out.index)
    for p in params:
        hit = free & where(out, p["where"])
        out.loc[hit, "PARAMCD"], out.loc[hit, "PARAM"] = p["PARAMCD"], p["PARAM"]
        out.loc[hit, "PARAMN"] = float(p["PARAMN"])
        out.loc[hit, "PARCAT1"] = p.get("PARCAT1", "")
        free &= ~hit
    free &= out[test_var].astype(object).fillna("").astype(str).str.strip() != ""
    if set_default and free.any():
        last = max([float(p["PARAMN"]) for p in params] or [0.0])
        keys = out.loc[free, [test_var, unit_var, label_var]].astype(object).fillna("")
        first = keys.drop_duplicates(subset=[test_var, unit_var]).copy()   # in data order
        first["_N"] = last + np.arange(1, len(first) + 1)
        unit = first[unit_var].astype(str).str.strip()
        first["_PARAM"] = np.where(unit != "", first[label_var].astype(str) + " (" + unit + ")",
                                   first[label_var])
        got = keys.merge(first[[test_var, unit_var, "_N", "_PARAM"]], how="left",
                         on=[test_var, unit_var])
        out.loc[free, "PARAMCD"] = keys[test_var].to_numpy()
        out.loc[free, "PARAM"] = got["_PARAM"].to_numpy()
        out.loc[free, "PARAMN"] = got["_N"].to_numpy()
    if category_var:
        out["PARCAT1"] = _categories(out, category_var)
    _check_one_param(out)
    return out


def _categories(frame: pd.DataFrame, category_var: str) -> pd.Series:
    """PARCAT1 as given by the table, else ``category_var``; one category per PARAMCD."""
    given = frame["PARCAT1"].astype(object).fillna("")
    source = frame[category_var].astype(object).fillna("").astype(str).str.strip()
    cat = given.where(given != "", source)
    named = frame["PARAMCD"] != ""
    per_code = cat[named].groupby(frame.loc[named, "PARAMCD"]).unique()
    mixed = {code: sorted(v) for code, v in per_code.items() if len(v) > 1}
    if mixed:
        code, values = next(iter(sorted(mixed.items())))
        raise ValueError(f"PARAMCD {code} has records of more than one {category_var} "
                         f"({', '.join(repr(v) for v in values)}): give each its own "
                         "parameter in params")
    return cat


def _check_one_param(frame: pd.DataFrame) -> None:
    """Each PARAMCD has one PARAM (e.g. serum and urine protein need two codes)."""
    per_code = frame[frame["PARAMCD"] != ""].groupby("PARAMCD")["PARAM"].nunique()
    clash = sorted(per_code[per_code > 1].index)
    if clash:
        raise ValueError(f"PARAMCD {', '.join(clash)} would mean more than one PARAM: "
                         "list the specimens/units apart in the parameter table")


def derive_param_computed(dataset: pd.DataFrame, *, by_vars: list[str], parameters: list[str],
                          formula: str, set_values_to: dict,
                          filter: dict | None = None) -> pd.DataFrame:
    """New records: ``AVAL = formula`` of the ``parameters`` sharing the same ``by_vars``.

    The new records hold ``by_vars`` and ``set_values_to`` (e.g. PARAMCD, PARAM,
    PARAMN, AVALU); only groups with every parameter get one.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"USUBJID": ["1", "1", "2"], "ADT": ["d1", "d1", "d1"],
    ...                   "PARAMCD": ["GLUC", "INSULIN", "GLUC"], "AVAL": [9.0, 69.45, 8.0]})
    >>> out = derive_param_computed(f, by_vars=["USUBJID", "ADT"], parameters=["GLUC", "INSULIN"],
    ...     formula="GLUC * INSULIN / 6.945 / 22.5", set_values_to={"PARAMCD": "HOMAIR"})
    >>> out[out.PARAMCD == "HOMAIR"][["USUBJID", "AVAL"]].values.tolist()
    [['1', 4.0]]
    """
    missing = set(formula_names(formula)) - set(parameters)
    if missing:
        raise ValueError(f"formula names {', '.join(sorted(missing))}, not in parameters")
    src = dataset[where(dataset, filter) & dataset["PARAMCD"].isin(parameters)]
    src = src[pd.to_numeric(src["AVAL"], errors="coerce").notna()]
    if src.duplicated(subset=by_vars + ["PARAMCD"]).any():
        raise ValueError(f"more than one record per {', '.join(by_vars)} and parameter: "
                         "add variables to by_vars")
    wide = None
    for code in parameters:
        part = src[src["PARAMCD"] == code][by_vars + ["AVAL"]].rename(columns={"AVAL": code})
        wide = part if wide is None else wide.merge(part, on=by_vars, how="inner")
    if wide is None or wide.empty:
        return dataset.copy(deep=False)
    values = _evaluate(ast.parse(formula, mode="eval"), wide)     # whole columns at once
    new = wide[by_vars].assign(AVAL=pd.Series(values, index=wide.index, dtype=float))
    for var, val in set_values_to.items():
        new[var] = val
    new = new[new["AVAL"].notna()]
    return concat_rows(dataset, new, free=freeable(dataset))


def derive_params_from_vars(dataset: pd.DataFrame, *, params: list[dict],
                            keep_vars: list[str] | None = None) -> pd.DataFrame:
    """One record per source record and parameter: ``params`` entries give ``source``
    (the variable whose value becomes AVAL) and ``set_values_to`` (PARAMCD ...).
    Records with a missing source value are not created.

    >>> import pandas as pd
    >>> ex = pd.DataFrame({"USUBJID": ["1"], "EXDOSE": [6.5e7], "DUR": [45.0]})
    >>> p = [{"source": "EXDOSE", "set_values_to": {"PARAMCD": "DOSE"}},
    ...      {"source": "DUR", "set_values_to": {"PARAMCD": "INFDUR"}}]
    >>> derive_params_from_vars(ex, params=p)[["PARAMCD", "AVAL"]].values.tolist()
    [['DOSE', 65000000.0], ['INFDUR', 45.0]]
    """
    parts = []
    for p in params:
        part = dataset if keep_vars is None else dataset[keep_vars]
        part = part.copy()
        part["AVAL"] = pd.to_numeric(dataset[p["source"]], errors="coerce")
        for var, val in p.get("set_values_to", {}).items():
            part[var] = val
        parts.append(part[part["AVAL"].notna()])
    return pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)


def derive_param_exposure(dataset: pd.DataFrame, *, by_vars: list[str], input_code: str,
                          set_values_to: dict, summary_fun: str = "sum",
                          analysis_var: str = "AVAL", filter: dict | None = None,
                          dates: bool = True) -> pd.DataFrame:
    """A summary parameter per ``by_vars`` from the records of ``input_code``
    (``summary_fun``: sum, count, mean, min, max); ``ASTDT``/``AENDT`` span the records.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"USUBJID": ["1", "1"], "PARAMCD": ["DOSE", "DOSE"],
    ...                   "AVAL": [6.5e7, 7.0e7]})
    >>> out = derive_param_exposure(f, by_vars=["USUBJID"], input_code="DOSE", dates=False,
    ...                             set_values_to={"PARAMCD": "TDOSE"})
    >>> out[out.PARAMCD == "TDOSE"]["AVAL"].tolist()
    [135000000.0]
    """
    src = dataset[where(dataset, filter) & (dataset["PARAMCD"] == input_code)]
    if src.empty:
        return dataset.copy(deep=False)
    groups = src.groupby(by_vars, sort=False, dropna=False)
    fun = "count" if summary_fun == "count" else summary_fun
    new = getattr(groups[analysis_var], fun)().astype(float).rename("AVAL").reset_index()
    if dates and "ASTDT" in src:
        new = new.merge(groups["ASTDT"].min().reset_index(), on=by_vars)
        end = "AENDT" if "AENDT" in src and src["AENDT"].notna().any() else "ASTDT"
        new = new.merge(groups[end].max()
                        .rename("AENDT").reset_index(), on=by_vars)
    for var, val in set_values_to.items():
        new[var] = val
    return pd.concat([dataset, new], ignore_index=True)
