"""cdisc_convert/adam/visits.py: analysis windows and LOCF records."""

import pandas as pd

from cdisc_convert.adam.visits import derive_locf_records, derive_vars_avisit

VISITS = [{"avisit": "DAY 1", "avisitn": 2, "day": 1, "before": 0, "after": 0},
          {"avisit": "WEEK 24", "avisitn": 6, "day": 169, "before": 7, "after": 7},
          {"avisit": "WEEK 48", "avisitn": 8, "day": 337, "before": 14, "after": 14}]


def test_windows_baseline_and_out_of_window():
    f = pd.DataFrame({"ADY": [-19.0, 1.0, 162.0, 177.0, 228.0, 323.0],
                      "ABLFL": ["", "Y", "", "", "", ""]})
    out = derive_vars_avisit(f, visits=VISITS, baseline={"avisit": "BASELINE", "avisitn": 0})
    assert out["AVISIT"].tolist() == ["", "BASELINE", "WEEK 24", "", "", "WEEK 48"]
    assert out["AVISITN"].tolist()[1:3] == [0.0, 6.0]
    assert out[["AWLO", "AWHI", "AWTARGET", "AWTDIFF"]].iloc[2].tolist() == [162.0, 176.0,
                                                                              169.0, 7.0]


def test_locf_fills_missed_visits_only_after_an_observation():
    f = pd.DataFrame({"USUBJID": ["1", "1", "2"], "PARAMCD": ["HBA1C"] * 3,
                      "AVISIT": ["WEEK 12", "WEEK 24", "WEEK 48"], "AVISITN": [5.0, 6.0, 8.0],
                      "AVAL": [7.7, 7.2, 8.0], "ANL01FL": ["Y", "Y", "Y"]})
    out = derive_locf_records(f, by_vars=["USUBJID", "PARAMCD"],
                              visits=[{"avisit": "WEEK 24", "avisitn": 6},
                                      {"avisit": "WEEK 36", "avisitn": 7},
                                      {"avisit": "WEEK 48", "avisitn": 8}],
                              keep_blank=["ANL01FL"])
    new = out[out["DTYPE"] == "LOCF"]
    assert new[["USUBJID", "AVISIT", "AVAL", "ANL01FL"]].values.tolist() == [
        ["1", "WEEK 36", 7.2, ""], ["1", "WEEK 48", 7.2, ""]]
    assert len(out) == 5
