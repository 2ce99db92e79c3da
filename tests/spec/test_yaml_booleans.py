"""YAML 1.2 booleans in specs: unquoted Yes/No/NO/on/off/y/n stay text (and match text)."""

import textwrap

import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.spec.conditions import evaluate
from cdisc_convert.spec.loader import load_specs
from cdisc_convert.spec.yamlio import load_yaml_text

AE = """\
dataset: AE
sources:
  ae: {file: ae.csv}
records: ae
variables:
  - {name: STUDYID, make: {algorithm: hardcode_no_ct, value: S1}}
  - {name: DOMAIN, make: {algorithm: hardcode_no_ct, value: AE}}
  - name: AEENRTPT
    make:
      algorithm: condition_add
      where: {column: ae.AEONGO, equals: Yes}
      then: ONGOING
  - {name: AESER, make: {algorithm: hardcode_no_ct, value: NO}}
  - {name: AETERM, make: {algorithm: assign_no_ct, from: ae.AETERM, ascii: ASCII}}
"""


def _load(tmp_path, text=AE):
    (tmp_path / "sdtm").mkdir()
    (tmp_path / "study.yaml").write_text("study: {studyid: S1}\n")
    (tmp_path / "sdtm" / "ae.yaml").write_text(textwrap.dedent(text))
    return load_specs(tmp_path)


@pytest.mark.parametrize("word", ["Yes", "No", "NO", "on", "off", "y", "n", "YES", "Off"])
def test_yes_no_words_stay_strings(word):
    assert load_yaml_text(f"v: {word}\n", "x.yaml")["v"] == word


def test_true_false_are_still_booleans():
    doc = load_yaml_text("a: true\nb: False\nc: TRUE\n", "x.yaml")
    assert (doc["a"], doc["b"], doc["c"]) == (True, False, True)


def test_condition_value_yes_matches_the_raw_text(tmp_path):
    specs = _load(tmp_path, AE.replace("ascii: ASCII", "ascii: true"))
    make = specs.sdtm["AE"].variable("AEENRTPT").make
    assert make.params["where"]["equals"] == "Yes"
    raw = pd.DataFrame({"ae.AEONGO": ["Yes", "No", "True"]})
    assert evaluate(make.params["where"], raw.get).tolist() == [True, False, False]


def test_hardcoded_value_no_stays_text(tmp_path):
    specs = _load(tmp_path, AE.replace("ascii: ASCII", "ascii: true"))
    assert specs.sdtm["AE"].variable("AESER").make.params["value"] == "NO"
    assert specs.sdtm["AE"].variable("AETERM").make.params["ascii"] is True


@pytest.mark.parametrize("word", ["yes", "no", "on", "ASCII"])
def test_boolean_parameter_needs_true_or_false(tmp_path, word):
    with pytest.raises(SpecError) as err:
        _load(tmp_path, AE.replace("ascii: ASCII", f"ascii: {word}"))
    assert err.value.file.endswith("ae.yaml") and err.value.line == 14
    assert f"ascii must be true or false, not '{word}'" in str(err.value)
