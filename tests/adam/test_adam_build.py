"""cdisc_convert/adam/build.py: the spec as template; errors name the spec line."""

import textwrap

import pandas as pd
import pytest

from cdisc_convert.adam.build_adam import adam_order, build_adam, build_dataset
from cdisc_convert.adam.context import AdamContext
from cdisc_convert.errors import DataError, SpecError
from cdisc_convert.spec.loader import load_specs

STUDY = "study: {studyid: XX}\nvisits:\n  - {visitnum: 2, visit: DAY 1, day: 1, window: [0, 0]}\n"


def _specs(tmp_path, adsl: str):
    (tmp_path / "adam").mkdir()
    (tmp_path / "study.yaml").write_text(STUDY)
    (tmp_path / "adam" / "adsl.yaml").write_text(textwrap.dedent(adsl))
    return load_specs(tmp_path)


ADSL = """\
    dataset: ADSL
    label: Subject-Level Analysis Dataset
    class: SUBJECT LEVEL ANALYSIS DATASET
    keys: [USUBJID]
    steps:
      - {algorithm: start_from, dataset_add: DM}
      - {algorithm: derive_vars_dt, new_vars_prefix: RFIC, dtc: RFICDTC}
    variables:
      - {name: USUBJID}
      - {name: RFICDT}
      - name: AGEGR1
        label: Pooled Age Group 1
        make: {algorithm: derive_vars_cat, source_var: AGE, new_var: AGEGR1,
               groups: [{value: "<65", lt: 65}]}
      - name: ANRIND
        label: Analysis Reference Range Indicator
        type: Char
        make: {algorithm: derive_var_anrind, value: AGE, low: AGE, high: AGE}
"""


def test_dataset_built_from_spec_with_variable_make(tmp_path):
    specs = _specs(tmp_path, ADSL)
    dm = pd.DataFrame({"USUBJID": ["B", "A"], "RFICDTC": ["1960-01-03", ""], "AGE": [50.0, 70.0]})
    out = build_adam(specs, {"dm": dm}).datasets["ADSL"]
    assert out["USUBJID"].tolist() == ["A", "B"]            # sorted by the keys
    assert pd.isna(out["RFICDT"].iloc[0]) and out["RFICDT"].iloc[1] == 2.0   # SAS date
    assert out["AGEGR1"].tolist() == ["", "<65"]
    assert out["ANRIND"].tolist() == ["NORMAL", "NORMAL"]   # new_var from the variable name


def test_missing_source_dataset_is_data_error(tmp_path):
    specs = _specs(tmp_path, ADSL)
    with pytest.raises(DataError, match="needs dataset DM"):
        build_adam(specs, {})


def test_unknown_parameter_is_spec_error_with_line(tmp_path):
    with pytest.raises(SpecError, match=r"adsl.yaml:7.*no parameter 'bogus'"):
        _specs(tmp_path, ADSL.replace("dtc: RFICDTC}", "dtc: RFICDTC, bogus: 1}"))


def test_unknown_variable_in_step_names_spec_line(tmp_path):
    specs = _specs(tmp_path, ADSL.replace("dtc: RFICDTC", "dtc: NOPE"))
    with pytest.raises(SpecError, match=r"adsl.yaml:7: dtc: ADSL derive_vars_dt: column 'NOPE' "
                                        "named by the spec is not in the data"):
        build_adam(specs, {"DM": pd.DataFrame({"USUBJID": ["A"], "AGE": [1.0]})})


def test_missing_column_inside_a_formula_is_the_spec_line(tmp_path):
    specs = _specs(tmp_path, ADSL.replace(
        "- {algorithm: derive_vars_dt, new_vars_prefix: RFIC, dtc: RFICDTC}",
        "- {algorithm: derive_vars_dt, new_vars_prefix: RFIC, dtc: RFICDTC}\n"
        "      - {algorithm: derive_var_formula, new_var: AGEM, formula: AGE * MONTHS}"))
    dm = pd.DataFrame({"USUBJID": ["A"], "RFICDTC": [""], "AGE": [1.0]})
    with pytest.raises(SpecError) as err:
        build_adam(specs, {"DM": dm})
    assert (err.value.line, err.value.key) == (8, "formula")
    assert "column 'MONTHS' named by the spec" in str(err.value)


def test_key_error_inside_a_derivation_is_a_bug_not_a_spec_error(tmp_path, monkeypatch):
    """A KeyError on a column the spec never names propagates (exit with a traceback)."""
    from cdisc_convert.registry import ADAM_STEP

    def broken(ctx, dataset, **kw):
        return dataset["_INTERNAL_SCRATCH"]          # a bug: the spec names no such column
    entry = ADAM_STEP.get("derive_vars_dt")
    monkeypatch.setitem(ADAM_STEP._entries, "derive_vars_dt",
                        type(entry)(entry.name, broken, entry.phase, entry.required,
                                    entry.optional))
    specs = _specs(tmp_path, ADSL)
    dm = pd.DataFrame({"USUBJID": ["A"], "RFICDTC": [""], "AGE": [1.0]})
    with pytest.raises(KeyError, match="_INTERNAL_SCRATCH") as err:
        build_adam(specs, {"DM": dm})
    assert not isinstance(err.value, SpecError)


def test_declared_variable_made_by_nothing_is_a_spec_error_at_its_line(tmp_path):
    specs = _specs(tmp_path, ADSL.replace("- {name: RFICDT}\n",
                                          "- {name: RFICDT}\n      - {name: TRTSDT}\n"
                                          "      - {name: BMIBL, label: BMI, type: Num}\n"))
    dm = pd.DataFrame({"USUBJID": ["A"], "RFICDTC": [""], "AGE": [1.0]})
    with pytest.raises(SpecError) as err:
        build_adam(specs, {"DM": dm})
    assert err.value.file.endswith("adsl.yaml") and err.value.line == 11
    assert "ADSL.TRTSDT is declared but made by nothing" in str(err.value)
    assert "also made by nothing: BMIBL" in str(err.value)


def test_variable_made_by_a_step_or_copied_from_the_source_is_not_flagged(tmp_path):
    specs = _specs(tmp_path, ADSL.replace("- {name: RFICDT}\n",
                                          "- {name: RFICDT}\n      - {name: AGE}\n"))
    dm = pd.DataFrame({"USUBJID": ["A"], "RFICDTC": ["1960-01-02"], "AGE": [1.0]})
    out = build_adam(specs, {"DM": dm}).datasets["ADSL"]
    assert out["AGE"].tolist() == [1.0]                   # copied by start_from
    assert out["RFICDT"].tolist() == [1.0]                # made by new_vars_prefix: RFIC


def test_adsl_first_then_dependencies(specs):
    order = adam_order(specs.adam)
    assert order[0] == "ADSL" and sorted(order) == ["ADAE", "ADEX", "ADLB", "ADSL"]


ADXX = """\
    dataset: ADXX
    label: Reads a column ADSL does not keep
    class: OTHER
    keys: [USUBJID]
    steps:
      - {algorithm: start_from, dataset_add: DM}
      - {algorithm: derive_vars_merged, dataset_add: ADSL, by_vars: [USUBJID], new_vars: [RFICDTC]}
    variables:
      - {name: USUBJID, label: Unique Subject Identifier, type: Char}
      - {name: RFICDTC, label: Informed consent, type: Char}
"""


def test_a_dataset_read_later_keeps_its_helper_columns_for_the_reader(tmp_path):
    specs = _specs(tmp_path, ADSL)
    (tmp_path / "adam" / "adxx.yaml").write_text(textwrap.dedent(ADXX))
    specs = load_specs(tmp_path)
    dm = pd.DataFrame({"USUBJID": ["B", "A"], "RFICDTC": ["1960-01-03", ""], "AGE": [50.0, 70.0]})
    built = build_adam(specs, {"DM": dm}).datasets
    assert "RFICDTC" not in built["ADSL"]            # not an ADSL variable: not written
    assert built["ADXX"]["RFICDTC"].tolist() == ["", "1960-01-03"]   # but ADXX could read it


def test_a_dataset_nobody_reads_is_sorted_with_its_variables_only(tmp_path):
    specs = _specs(tmp_path, ADSL)
    ctx = AdamContext(specs.study, {"DM": pd.DataFrame({"USUBJID": ["B", "A"], "AGE": [1.0, 2.0],
                                                        "RFICDTC": ["", ""]})})
    kept = build_dataset(specs.adam["ADSL"], ctx, helpers=False)
    assert list(kept.columns) == ["USUBJID", "RFICDT", "AGEGR1", "ANRIND"]
    assert kept["USUBJID"].tolist() == ["A", "B"]
    full = build_dataset(specs.adam["ADSL"], ctx)
    assert {"AGE", "RFICDTC"} <= set(full.columns)


def test_a_step_handing_back_a_held_dataset_never_empties_it(tmp_path, monkeypatch):
    """A step may return a dataset the context holds (here: DM itself); the next step
    and the final sort free columns only of the build's own frames (handover)."""
    from cdisc_convert.registry import ADAM_STEP

    def as_is(ctx, dataset, **kw):
        return ctx.dataset("DM")                      # the held frame, not a copy
    entry = ADAM_STEP.get("start_from")
    monkeypatch.setitem(ADAM_STEP._entries, "start_from",
                        type(entry)(entry.name, as_is, entry.phase, entry.required,
                                    entry.optional))
    specs = _specs(tmp_path, ADSL.replace(
        "- {algorithm: derive_vars_dt, new_vars_prefix: RFIC, dtc: RFICDTC}",
        "- {algorithm: derive_var_obs_number, new_var: N, order: [USUBJID]}"
        ).replace("- {name: RFICDT}", "- {name: N, label: Number, type: Num}"))
    dm = pd.DataFrame({"USUBJID": ["B", "A"], "RFICDTC": ["", ""], "AGE": [50.0, 70.0]})
    kept = dm.copy()
    ctx = AdamContext(specs.study, {"DM": dm})
    out = build_dataset(specs.adam["ADSL"], ctx)
    pd.testing.assert_frame_equal(ctx.datasets["DM"], kept)
    assert out["N"].tolist() == [1.0, 2.0]


def test_handed_over_steps_build_what_pandas_copies_build(tmp_path, monkeypatch):
    """Sort, filter and appended records freeing the working frame as they copy give the
    dataset the plain pandas copies give."""
    import cdisc_convert.handover as handover
    specs = _specs(tmp_path, ADSL.replace(
        "- {algorithm: derive_vars_dt, new_vars_prefix: RFIC, dtc: RFICDTC}",
        "- {algorithm: derive_var_obs_number, new_var: N, order: [desc(AGE)]}\n"
        "      - {algorithm: derive_param_computed, by_vars: [USUBJID], parameters: [X],"
        " formula: 'X', set_values_to: {PARAMCD: Y}}"
        ).replace("- {name: RFICDT}", "- {name: N, label: Number, type: Num}\n"
                  "      - {name: PARAMCD, label: Code, type: Char}"))
    dm = pd.DataFrame({"USUBJID": ["B", "A", "C"], "AGE": [50.0, 70.0, 60.0],
                       "PARAMCD": ["X", "X", "Z"], "AVAL": [1.0, 2.0, 3.0]})
    freeing = build_dataset(specs.adam["ADSL"], AdamContext(specs.study, {"DM": dm}))
    monkeypatch.setattr(handover, "may_free", lambda frame: False)   # nothing handed over
    plain = build_dataset(specs.adam["ADSL"], AdamContext(specs.study, {"DM": dm}))
    pd.testing.assert_frame_equal(freeing, plain, check_exact=True)
    assert freeing["PARAMCD"].tolist() == ["X", "Y", "X", "Y", "Z"]
