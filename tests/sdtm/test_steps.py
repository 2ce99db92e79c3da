import pandas as pd

from cdisc_convert.sdtm.steps import filter_rows, keep_latest_transaction, unpivot


def test_retransmission_keeps_update_and_cancel_drops_the_test(make_ctx):
    f = pd.DataFrame({"lb.ACC": ["A1", "A1", "A1", "A2"], "lb.T": ["GLUC", "GLUC", "HBA1C", "GLUC"],
                      "lb.TYPE": ["INSERT", "UPDATE", "INSERT", "CANCEL"],
                      "lb.AT": ["2023-11-06 12:00", "2023-11-07 08:00", "2023-11-06 12:00",
                                "2023-11-06 12:00"], "lb.RES": ["7.1", "7.4", "8.6", None],
                      "_file": "lab.csv", "_row": [1, 2, 3, 4]})
    ctx = make_ctx(f, dataset="LB")
    out = keep_latest_transaction(ctx, f, by=["lb.ACC", "lb.T"], order=["lb.AT"],
                                  drop_where={"column": "lb.TYPE", "equals": "CANCEL"})
    assert out["lb.RES"].tolist() == ["7.4", "8.6"]
    assert [(x.code, x.source_row) for x in ctx.findings] == [("MAP-DROPPED", 1),
                                                               ("MAP-DROPPED", 4)]
    assert "superseded" in ctx.findings[0].message and "cancelled" in ctx.findings[1].message


def test_filter_rows_notes_what_it_drops(make_ctx):
    f = pd.DataFrame({"x.A": ["1", "0"], "_file": "x.csv", "_row": [1, 2]})
    ctx = make_ctx(f)
    out = filter_rows(ctx, f, where={"column": "x.A", "equals": "1"}, reason="not done")
    assert out["_row"].tolist() == [1] and ctx.findings[0].message == "not done"


def test_unpivot_wide_to_long(make_ctx):
    f = pd.DataFrame({"vs.SYSBP": ["120", None], "vs.PULSE": ["70", "80"],
                      "_file": "vs.csv", "_row": [1, 2]})
    ctx = make_ctx(f)
    out = unpivot(ctx, f, tests={"SYSBP": {"value": "vs.SYSBP", "unit": "mmHg"},
                                 "PULSE": {"value": "vs.PULSE", "unit": "beats/min"}})
    assert out[["_row", "_TESTCD", "_ORRES", "_ORRESU"]].values.tolist() == [
        [1, "PULSE", "70", "beats/min"], [1, "SYSBP", "120", "mmHg"],
        [2, "PULSE", "80", "beats/min"]]


def test_unpivot_test_where_creates_records_only_where_it_holds(make_ctx):
    f = pd.DataFrame({"dm.race": ["2", "2,5", None], "_file": "r.csv", "_row": [1, 2, 3]})
    ctx = make_ctx(f)
    out = unpivot(ctx, f, tests={"RACE1": {"value": "dm.race", "unit": "CRF",
                                           "where": {"column": "dm.race", "contains": ","}}})
    assert out[["_row", "_TESTCD", "_ORRES"]].values.tolist() == [[2, "RACE1", "2,5"]]


def test_design_columns_number_time_points_and_report_unknown_ones(make_ctx):
    from cdisc_convert.sdtm.steps import add_design_columns
    from cdisc_convert.spec.model import StudySpec
    study = StudySpec("S1", design={"timepoints": [
        {"TPT": "PRE-DOSE", "TPTNUM": 1, "TPTREF": "DOSE"},
        {"TPT": "POST-DOSE 1H", "TPTNUM": 2, "TPTREF": "DOSE"}]})
    f = pd.DataFrame({"vs.TPT": ["post-dose 1h", None, "PRE-DOSE", "2H"]})
    ctx = make_ctx(f, dataset="VS", study=study)
    out = add_design_columns(ctx, ctx.frame, on="vs.TPT", columns=["TPTNUM", "TPTREF"])
    assert out["_TPTNUM"].tolist() == ["2", None, "1", None]
    assert out["_TPTREF"].tolist() == ["DOSE", None, "DOSE", None]
    assert [(x.code, x.source_row, x.value) for x in ctx.findings] == [("MAP-TIMEPOINT", 4, "2H")]


def test_dictionary_versions_come_from_the_study_spec(make_ctx):
    from cdisc_convert.sdtm.steps import add_dictionary_versions
    from cdisc_convert.spec.model import StudySpec
    study = StudySpec("S1", design={"dictionaries": {"SNOMED": "2024-03-01", "ISO 3166": 2020}})
    f = pd.DataFrame({"ts.REF": ["snomed", "ISO 3166", "ISO 8601", None, "SNOMED"],
                      "ts.VER": [None, None, None, None, "2023-09-01"]})
    ctx = make_ctx(f, dataset="TS", study=study)
    out = add_dictionary_versions(ctx, ctx.frame, reference="ts.REF")
    assert out["_DICTVER"].tolist() == ["2024-03-01", "2020", None, None, "2024-03-01"]
    out = add_dictionary_versions(ctx, ctx.frame, reference="ts.REF", version="ts.VER")
    assert out["_DICTVER"].tolist()[-1] == "2023-09-01"


def test_line_breaks_become_one_space_and_each_change_is_noted(make_ctx):
    from cdisc_convert.sdtm.steps import replace_line_breaks
    f = pd.DataFrame({"_QVAL": ["Phoned.\r\n  No treatment.", "one line", None, "a\u2028b\n"]})
    ctx = make_ctx(f, dataset="SUPPAE")
    out = replace_line_breaks(ctx, ctx.frame, columns=["_QVAL"])
    assert out["_QVAL"].tolist() == ["Phoned. No treatment.", "one line", None, "a b"]
    assert [(x.code, x.source_row) for x in ctx.findings] == [("MAP-LINEBREAK", 1),
                                                               ("MAP-LINEBREAK", 4)]
    assert "'Phoned.\\r\\n  No treatment.'" in ctx.findings[0].message


def test_equal_codes_of_two_dictionary_levels_are_reported_not_changed(make_ctx):
    from cdisc_convert.sdtm.steps import check_code_levels
    f = pd.DataFrame({"mh.PT": ["10062060", "10020772", None],
                      "mh.HLT": ["10062060", "10047074", None],
                      "mh.SOC": ["10027433", "10047065", None]})
    ctx = make_ctx(f, dataset="MH")
    out = check_code_levels(ctx, ctx.frame, columns=["mh.PT", "mh.HLT", "mh.SOC"])
    assert out.equals(ctx.frame)
    assert [(x.code, x.source_row, x.value) for x in ctx.findings] == [
        ("MAP-CODE-LEVELS", 1, "10062060")]
    assert ctx.findings[0].message.startswith("PT and HLT have the same code '10062060'")


def test_unpivot_makes_not_done_records_with_stat_and_reason(make_ctx):
    f = pd.DataFrame({"vs.SYSBP": ["120", None, None], "vs.SYSBP_ND": [None, "Y", None],
                      "vs.PULSE": [None, None, "80"], "vs.ALL_ND": [None, None, None],
                      "vs.REASON": [None, "Cuff broken", None],
                      "_file": "vs.csv", "_row": [1, 2, 3]})
    f.loc[0, "vs.ALL_ND"] = "Yes"
    f = f.astype(object).where(f.notna(), None)        # as the raw reader gives them
    ctx = make_ctx(f)
    out = unpivot(ctx, f, tests={
        "SYSBP": {"value": "vs.SYSBP", "unit": "mmHg", "not_done": "vs.SYSBP_ND",
                  "reason": "vs.REASON"},
        "PULSE": {"value": "vs.PULSE", "unit": "beats/min"}},
        not_done="vs.ALL_ND")
    assert out[["_row", "_TESTCD", "_ORRES", "_STAT", "_REASND"]].values.tolist() == [
        [1, "PULSE", None, "NOT DONE", None],     # the whole form not done
        [1, "SYSBP", "120", None, None],          # a value: done, whatever the flag
        [2, "SYSBP", None, "NOT DONE", "Cuff broken"],
        [3, "PULSE", "80", None, None]]


def test_unpivot_without_not_done_makes_no_stat_columns(make_ctx):
    f = pd.DataFrame({"vs.X": ["1"], "_file": "vs.csv", "_row": [1]})
    out = unpivot(make_ctx(f), f, tests={"X": {"value": "vs.X"}})
    assert "_STAT" not in out and len(out) == 1


def test_unpivot_test_entries_checked_when_the_spec_loads():
    import pytest

    from cdisc_convert.registry import SDTM_STEP
    with pytest.raises(ValueError, match="test X: give"):
        SDTM_STEP.get("unpivot").check({"tests": {"X": {"value": "a.X", "notdone": "a.N"}}})
