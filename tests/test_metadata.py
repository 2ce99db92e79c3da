import pandas as pd

from cdisc_convert.metadata import apply_metadata
from cdisc_convert.spec.model import DatasetSpec, VariableSpec

SPEC = DatasetSpec("XX", "Demo", "SDTMIG", variables=(
    VariableSpec("A", "Char var", length=3), VariableSpec("N", "Num var", "Num"),
    VariableSpec("M", "Missing var")))


def test_order_types_and_missing_columns():
    df, findings = apply_metadata(pd.DataFrame({"N": ["1", None], "A": ["a", None]}), SPEC)
    assert list(df.columns) == ["A", "N", "M"]
    assert df["A"].tolist() == ["a", ""] and df["M"].tolist() == ["", ""]
    assert df["N"].dtype == float and findings == []


def test_non_numbers_and_overlong_values_are_findings():
    df, findings = apply_metadata(pd.DataFrame({"N": ["x"], "A": ["abcd"]}), SPEC)
    assert [(f.code, f.variable, f.row, f.value) for f in findings] == [
        ("META-LENGTH", "A", 1, "abcd"), ("META-TYPE", "N", 1, "x")]
