"""Apply the spec's metadata in one step: variable order, types, lengths, labels.

Builders compute values; this is the only place that shapes a dataset for
writing, and the same spec objects feed the XPT writer and Define-XML.

>>> import pandas as pd
>>> from cdisc_convert.spec.model import DatasetSpec, VariableSpec
>>> spec = DatasetSpec("XX", "Demo", "SDTMIG", variables=(
...     VariableSpec("A", "Char var"), VariableSpec("N", "Num var", "Num")))
>>> df, _ = apply_metadata(pd.DataFrame({"N": ["1", "x"], "A": ["a", None], "_row": [1, 2]}), spec)
>>> list(df.columns), df["N"].tolist()[0], df["A"].tolist()
(['A', 'N'], 1.0, ['a', ''])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cdisc_convert.findings import Finding, finding
from cdisc_convert.handover import release_column
from cdisc_convert.spec.model import DatasetSpec
from cdisc_convert.vector import distinct_values, seed_mapped


def apply_metadata(frame: pd.DataFrame, spec: DatasetSpec,
                   free: Sequence[pd.DataFrame] = ()) -> tuple[pd.DataFrame, list[Finding]]:
    """Spec order and types (Char -> text with '' for missing, Num -> float64).
    ``free``: frames (``frame`` or shallow copies of it) the caller does not read again;
    each variable's column goes from them once its shaped column is made."""
    findings: list[Finding] = []
    out = {}
    made: dict[str, tuple[np.ndarray, np.ndarray]] = {}   # Char: (source codes, results)
    for var in spec.variables:
        col = frame[var.name] if var.name in frame else pd.Series([None] * len(frame),
                                                                  index=frame.index)
        if var.type == "Num":
            num = pd.to_numeric(col, errors="coerce").astype(float)
            for i in _not_numbers(col, num):
                findings.append(finding("META-TYPE", dataset=spec.name, variable=var.name,
                                        row=int(i) + 1, value=col.iloc[i]))
            out[var.name] = num
        else:
            codes, uniques = distinct_values(col)      # each distinct value made text once
            results = np.array([*map(_as_text, uniques), ""], dtype=object)
            if col.dtype == object and (codes >= 0).all() and all(
                    r is u for r, u in zip(results[:-1], uniques, strict=True)):
                text = col              # text already, nothing missing: the column itself
            else:
                text = pd.Series(results[codes], index=col.index, dtype=object)
            if var.length:
                lengths = np.fromiter(map(len, results), dtype=np.int64, count=len(results))
                for i in np.flatnonzero(lengths[codes] > var.length):
                    findings.append(finding("META-LENGTH", dataset=spec.name,
                                            variable=var.name, row=int(i) + 1,
                                            value=text.iloc[i], length=var.length))
            out[var.name] = text
            made[var.name] = (codes, results)
        del col
        release_column(var.name, free)
    # the columns as made, not copied into blocks (a column unchanged is shared with
    # ``frame``: copy-on-write keeps each frame's values its own)
    shaped = pd.DataFrame(out, index=frame.index, copy=False).reset_index(drop=True)
    for name, (codes, results) in made.items():   # the XPT writer, define and validation
        seed_mapped(shaped[name], codes, results)  # read them: not found again per record
    return shaped, findings


def _not_numbers(col: pd.Series, num: pd.Series) -> np.ndarray:
    """Positions of values that are given (not missing, not blank) but no number; only the
    values that did not convert are looked at (most columns have none).

    >>> _not_numbers(pd.Series(["1", " ", None, "x"]), pd.Series([1.0, None, None, None]))
    array([3])
    """
    suspect = np.flatnonzero((col.notna() & num.isna()).to_numpy())
    if not len(suspect):
        return suspect
    given = col.iloc[suspect].astype(str).str.strip().ne("").to_numpy()
    return suspect[given]


def _as_text(v: object) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def labels(spec: DatasetSpec) -> dict[str, str]:
    return {v.name: v.label for v in spec.variables}


def formats(spec: DatasetSpec) -> dict[str, str]:
    """SAS display formats of the numeric variables that have one (ADaM dates and times),
    as define.xml gives them: the XPT carries the same, so a reader shows dates.

    >>> from cdisc_convert.spec.model import DatasetSpec, VariableSpec
    >>> formats(DatasetSpec("ADSL", "Subject-Level", "ADaMIG", variables=(
    ...     VariableSpec("TRTSDT", "Date", "Num", display_format="DATE9."),
    ...     VariableSpec("AGE", "Age", "Num"))))
    {'TRTSDT': 'DATE9.'}
    """
    return {v.name: v.display_format for v in spec.variables
            if v.type == "Num" and v.display_format}
