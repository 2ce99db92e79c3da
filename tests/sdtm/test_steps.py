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
