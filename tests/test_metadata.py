import pandas as pd

from cdisc_convert import vector
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


def test_apply_metadata_seeds_the_distinct_values_of_its_text_columns() -> None:
    n = vector.SHARED_FROM + 5
    frame = pd.DataFrame({"X": (["b", None, 3.0, "b", "a"] * n)[:n]})
    spec = DatasetSpec("DS", "Test", "SDTMIG", variables=[VariableSpec("X", type="Char")])
    with vector.shared_columns():
        shaped, _ = apply_metadata(frame, spec)
        computed: list[pd.Series] = []
        found = vector.remember("factorize", shaped["X"],
                                lambda v: computed.append(v) or vector.factorize(v))
        assert not computed                      # seeded: not found again
        want = pd.factorize(shaped["X"])
        assert found[0].tolist() == want[0].tolist()
        assert list(found[1]) == ["b", "", "3", "a"] == list(want[1])
