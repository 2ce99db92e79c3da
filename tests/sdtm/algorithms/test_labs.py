import pandas as pd
import pytest

from cdisc_convert.sdtm.algorithms.labs import (
    assign_unit,
    derive_lab_range,
    derive_lab_standard,
    derive_nrind,
)
from cdisc_convert.spec.model import StudySpec

TABLE = {"GLUC": {"unit": "mmol/L", "from": {"mg/dL": 0.055506}, "decimals": 2},
         "CREAT": {"unit": "umol/L", "from": {"mg/dL": 88.4}, "decimals": 1},
         "HBA1C": {"unit": "%", "decimals": 1}}
STUDY = StudySpec("S1", design={"conversions": {"lab": TABLE}})


def frame(**cols):
    return {k: list(v) for k, v in cols.items()}


def test_units_normalised_to_cdisc_spelling(make_ctx):
    ctx = make_ctx({"lab.U": ["µmol/L", "μmol/L", "umol/L", "mmol/l", "%", None]})
    assert assign_unit(ctx, from_="lab.U").tolist() == [
        "umol/L", "umol/L", "umol/L", "mmol/L", "%", None]


def test_conversion_text_results_and_limits(make_ctx):
    ctx = make_ctx(frame(
        R=["130", "7.2", ">33.3", "<0.1", "1.1", "8.6", "NEG", "TRACE"],
        U=["mg/dL", "mmol/L", "mmol/L", "mg/dL", "mg/dL", "%", None, None],
        T=["GLUC", "GLUC", "GLUC", "CREAT", "CREAT", "HBA1C", "KETONES", "GLUC"]), study=STUDY)
    get = lambda part: derive_lab_standard(ctx, result="R", unit="U", test="T",  # noqa: E731
                                           conversions="lab", part=part).tolist()
    assert get("STRESC") == ["7.22", "7.2", ">33.3", "<8.8", "97.2", "8.6", "NEG", "TRACE"]
    n = get("STRESN")
    assert n[:2] == [7.22, 7.2] and n[4:6] == [97.2, 8.6]
    assert all(pd.isna(x) for x in (n[2], n[3], n[6]))
    assert get("STRESU") == ["mmol/L"] * 3 + ["umol/L"] * 2 + ["%", None, None]
    assert ctx.findings == []


def test_standard_terms_spell_text_results_one_way(make_ctx):
    ctx = make_ctx(frame(R=["NEG", "NEGATIVE", "POS", "130", "TRACE"],
                         U=[None, None, None, "mg/dL", None],
                         T=["KETONES", "HIV", "NITRITE", "GLUC", "GLUC"]), study=STUDY)
    terms = {"NEG": "NEGATIVE", "POS": "POSITIVE", "130": "never a number"}
    got = derive_lab_standard(ctx, result="R", unit="U", test="T", conversions="lab",
                              part="STRESC", standard_terms=terms).tolist()
    assert got == ["NEGATIVE", "NEGATIVE", "POSITIVE", "7.22", "TRACE"]
    plain = derive_lab_standard(ctx, result="R", unit="U", test="T", conversions="lab",
                                part="STRESC").tolist()
    assert plain[0] == "NEG"                      # the original spelling without the map


def test_unit_without_factor_is_reported_not_guessed(make_ctx):
    ctx = make_ctx(frame(R=["5"], U=["g/L"], T=["GLUC"]), study=STUDY)
    out = derive_lab_standard(ctx, result="R", unit="U", test="T", conversions="lab",
                              part="STRESN")
    assert pd.isna(out.iloc[0])
    assert ctx.findings[0].code == "MAP-UNIT" and "'g/L' to 'mmol/L'" in ctx.findings[0].message


def test_ranges_and_nrind(make_ctx):
    ctx = make_ctx(frame(LO=["70", "3.9"], HI=["110", "6.1"], U=["mg/dL", "mmol/L"],
                         T=["GLUC", "GLUC"], V=["7.5", "5.0"]), study=STUDY)
    assert derive_lab_range(ctx, value="LO", unit="U", test="T", conversions="lab").tolist() == \
        [3.89, 3.9]
    ctx.frame["LO2"], ctx.frame["HI2"] = [3.9, 3.9], [6.1, 6.1]
    assert derive_nrind(ctx, value="V", low="LO2", high="HI2").tolist() == ["HIGH", "NORMAL"]


def test_tests_without_a_conversion_keep_numbers_and_units(make_ctx):
    ctx = make_ctx(frame(R=["4.2", "<0.1"], U=["mg/L", "mg/L"], T=["CRP", "CRP"]), study=STUDY)
    get = lambda part: derive_lab_standard(ctx, result="R", unit="U", test="T",  # noqa: E731
                                           conversions="lab", part=part).tolist()
    assert get("STRESN")[0] == 4.2 and pd.isna(get("STRESN")[1])
    assert get("STRESC") == ["4.2", "<0.1"] and get("STRESU") == ["mg/L", "mg/L"]


VS_TABLE = {"TEMP": {"unit": "C", "from": {"F": {"subtract": 32, "multiply": "5/9"}},
                     "decimals": 1},
            "HEIGHT": {"unit": "cm", "from": {"in": 2.54}},
            "PULSE": {"unit": "beats/min"}}


def test_a_linear_conversion_fahrenheit_to_celsius(make_ctx):
    ctx = make_ctx(frame(R=["98.6", "37.2", "<95", "101.3"], U=["F", "C", "F", "F"],
                         T=["TEMP"] * 4))
    get = lambda part: derive_lab_standard(ctx, result="R", unit="U", test="T",  # noqa: E731
                                           conversions=VS_TABLE, part=part).tolist()
    n = get("STRESN")
    assert (n[0], n[1], n[3]) == (37.0, 37.2, 38.5) and pd.isna(n[2])
    assert get("STRESC") == ["37", "37.2", "<35", "38.5"]
    assert get("STRESU") == ["C"] * 4 and ctx.findings == []


def test_collected_precision_in_stresc(make_ctx):
    ctx = make_ctx(frame(R=["070", "36.60", "98.60", "65.0", "NEG", "<1.50", "6.5E1"],
                         U=["beats/min", "C", "F", "in", None, "C", "beats/min"],
                         T=["PULSE", "TEMP", "TEMP", "HEIGHT", "PULSE", "TEMP", "PULSE"]))
    get = lambda part, p: derive_lab_standard(  # noqa: E731
        ctx, result="R", unit="U", test="T", conversions=VS_TABLE, part=part,
        precision=p).tolist()
    assert get("STRESC", None) == ["70", "36.6", "37", "165.1", "NEG", "<1.50", "65"]
    assert get("STRESC", "collected") == ["70", "36.6", "37.0", "165.1", "NEG", "<1.50", "65"]
    ctx = make_ctx(frame(R=["070", "9.70", "NEG"], U=["x", "x", None], T=["A", "A", "A"]))
    plain = derive_lab_standard(ctx, result="R", unit="U", test="T", conversions={},
                                part="STRESC").tolist()
    collected = derive_lab_standard(ctx, result="R", unit="U", test="T", conversions={},
                                    part="STRESC", precision="collected").tolist()
    assert plain == ["070", "9.70", "NEG"]            # as typed (the default)
    assert collected == ["70", "9.70", "NEG"]         # the number, to its collected precision


@pytest.mark.parametrize("table, why", [
    ({"HT": {"unit": "cm", "from": {"IN": 2.54}}}, "unit 'IN' is not the CDISC UNIT spelling "
                                                   "(did you mean 'in'?)"),
    ({"HT": {"unit": "CM"}}, "(did you mean 'cm'?)"),
    ({"T": {"unit": "C", "from": {"F": {"minus": 32}}}}, "a factor or {subtract, multiply, add}"),
    ({"T": {"unit": "C", "from": {"F": "five"}}}, "'five' is not a number"),
    ({"T": {"unit": "C", "decimal": 1}}, "an entry is {unit, from, decimals}"),
])
def test_a_bad_conversion_table_is_a_spec_error(make_ctx, table, why):
    from cdisc_convert.errors import SpecError
    study = StudySpec("S1", design={"conversions": {"vs": table}})
    ctx = make_ctx(frame(R=["1"], U=["cm"], T=["HT"]), study=study)
    with pytest.raises(SpecError) as err:
        derive_lab_standard(ctx, result="R", unit="U", test="T", conversions="vs",
                            part="STRESN")
    assert why in str(err.value) and "design.conversions.vs" in str(err.value)
