"""cdisc_convert/adam/build.py: the spec as template; errors name the spec line."""

import textwrap

import pandas as pd
import pytest

from cdisc_convert.adam.build_adam import adam_order, build_adam
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
    with pytest.raises(SpecError, match=r"adsl.yaml:7: ADSL derive_vars_dt"):
        build_adam(specs, {"DM": pd.DataFrame({"USUBJID": ["A"], "AGE": [1.0]})})


def test_adsl_first_then_dependencies(specs):
    order = adam_order(specs.adam)
    assert order[0] == "ADSL" and sorted(order) == ["ADAE", "ADEX", "ADLB", "ADSL"]
