"""relate_records: RELREC from records of two built domains that belong together."""

from pathlib import Path

import pandas as pd
import pytest

from cdisc_convert.errors import SpecError
from cdisc_convert.io.raw import RawTable
from cdisc_convert.sdtm.context import MapContext
from cdisc_convert.sdtm.relate import relate_records
from cdisc_convert.spec.model import DatasetSpec, SourceSpec, StudySpec

CM = {"USUBJID": ["S-1", "S-1", "S-1", "S-2"], "CMSEQ": ["1", "2", "3", "1"],
      "CMINDC": ["fever ", "Type 2 diabetes", "Fever", "Headache"],
      "CMSTDTC": ["2024-01-02", "2020", "2024-01-02T08:00", "2024-03-01"]}
AE = {"USUBJID": ["S-1", "S-1", "S-2"], "AESEQ": ["1", "2", "1"],
      "AETERM": ["Fever", "Fever", "Migraine"], "AELLT": ["Fever", "Fever", "Headache"],
      "AESTDTC": ["2024-01-01", "2024-06-01", "2024-02-28"],
      "AEENDTC": ["2024-01-03", None, None]}
RELATION = {"relid": "AECM", "records": ["cm", "ae"], "seq": ["cm.CMSEQ", "ae.AESEQ"],
            "match": {"cm.CMINDC": "ae.AETERM"},
            "within": {"date": "cm.CMSTDTC", "start": "ae.AESTDTC", "end": "ae.AEENDTC"}}


def ctx_for(cm: dict, ae: dict, sources: dict | None = None) -> MapContext:
    tables = {}
    for alias, cols in (("cm", cm), ("ae", ae)):
        f = pd.DataFrame(cols)
        f["_file"], f["_row"] = f"{alias}.csv", range(1, len(f) + 1)
        tables[alias] = RawTable(f"domain:{alias.upper()}", Path(alias), f, "utf-8")
    specs = sources or {a: SourceSpec(a, f"domain:{a.upper()}", subject="USUBJID")
                        for a in tables}
    spec = DatasetSpec("RELREC", "Related Records", "SDTMIG", sources=specs, records="cm")
    return MapContext(spec, StudySpec("S"), tables["cm"].frame, tables)


def related(ctx: MapContext, **relation) -> list[list]:
    out = relate_records(ctx, ctx.frame, relations=[{**RELATION, **relation}])
    return out[["_USUBJID", "_RDOMAIN", "_IDVARVAL", "_RELID"]].values.tolist()


def test_a_medication_for_an_ongoing_event_is_related_ignoring_case_and_spaces():
    ctx = ctx_for(CM, AE)
    # CM 1 and CM 3 ("fever ", "Fever") started during AE 1; AE 2 (June) was not ongoing
    assert related(ctx) == [["S-1", "CM", "1", "AECM1"], ["S-1", "CM", "3", "AECM1"],
                            ["S-1", "AE", "1", "AECM1"]]
    assert [f.code for f in ctx.findings] == []


def test_a_value_match_outside_every_events_dates_is_noted_not_related():
    cm = {**CM, "CMSTDTC": ["2023-12-31", "2020", "2024-01-02", "2024-03-01"]}
    ctx = ctx_for(cm, AE)
    assert [r[2] for r in related(ctx)] == ["3", "1"]
    notes = [f for f in ctx.findings if f.code == "MAP-RELATE-DATE"]
    assert [(f.source_file, f.source_row) for f in notes] == [("cm.csv", 1)]


def test_any_of_several_columns_may_match_and_groups_number_per_subject():
    ctx = ctx_for(CM, AE)
    rows = related(ctx, match={"cm.CMINDC": ["ae.AETERM", "ae.AELLT"]})
    assert ["S-2", "CM", "1", "AECM1"] in rows and ["S-2", "AE", "1", "AECM1"] in rows
    assert len(rows) == 5


def test_without_a_window_every_value_match_relates_and_shared_records_join_groups():
    rows = related(ctx_for(CM, AE), within=None)
    # CM 1 and CM 3 match both fever events: one group of four records
    assert sorted(r[1] + r[2] for r in rows) == ["AE1", "AE2", "CM1", "CM3"]
    assert {r[3] for r in rows} == {"AECM1"}


def test_partial_dates_compare_at_the_precision_both_have():
    cm = {**CM, "CMSTDTC": ["2024-01", "2020", "2024", "2024-03-01"]}
    # "2024-01" is within AE 1 only; "2024" within both (AE 2 starts 2024-06): one group
    assert [r[1] + r[2] for r in related(ctx_for(cm, AE))] == ["CM1", "CM3", "AE1", "AE2"]


@pytest.mark.parametrize("relation, expected", [
    ({"match": {"cm.CMINDC": "ae.NOPE"}}, "'ae.NOPE' is not a column"),
    ({"records": ["cm", "cm"]}, "two sources"),
    ({"seq": ["cm.CMSEQ"]}, "seq:"),
    ({"records": ["cm", "xx"]}, "'xx' is not a domain:XX source"),
])
def test_spec_mistakes_are_spec_errors(relation, expected):
    with pytest.raises(SpecError, match=expected):
        related(ctx_for(CM, AE), **relation)


def test_a_raw_file_source_is_not_a_domain():
    sources = {"cm": SourceSpec("cm", "domain:CM", subject="USUBJID"),
               "ae": SourceSpec("ae", "ae.csv", subject="USUBJID")}
    with pytest.raises(SpecError, match="'ae' is not a domain:XX source"):
        related(ctx_for(CM, AE, sources))


def test_the_samples_relrec_links_each_medication_to_an_event_of_its_subject(sample_sdtm):
    relrec, cm, ae = (sample_sdtm[d] for d in ("RELREC", "CM", "AE"))
    assert not relrec.empty
    for _, group in relrec.groupby(["USUBJID", "RELID"]):
        assert set(group["RDOMAIN"]) == {"AE", "CM"}
        meds = cm[(cm.USUBJID == group.USUBJID.iloc[0])
                  & cm.CMSEQ.astype(int).astype(str).isin(group[group.RDOMAIN == "CM"].IDVARVAL)]
        events = ae[(ae.USUBJID == group.USUBJID.iloc[0])
                    & ae.AESEQ.astype(int).astype(str).isin(group[group.RDOMAIN == "AE"].IDVARVAL)]
        assert len(meds) == (group.RDOMAIN == "CM").sum() and len(events) == \
            (group.RDOMAIN == "AE").sum()
        terms = {str(t).casefold() for t in [*events.AETERM, *events.AELLT]}
        assert {str(i).casefold() for i in meds.CMINDC} <= terms


def test_a_window_without_an_end_is_open_and_a_malformed_one_is_a_spec_error():
    rows = related(ctx_for(CM, AE), within={"date": "cm.CMSTDTC", "start": "ae.AESTDTC"})
    assert sorted(r[1] + r[2] for r in rows) == ["AE1", "CM1", "CM3"]   # AE 2 starts later
    for bad in ({"date": "cm.CMSTDTC"}, {"start": "ae.AESTDTC", "date": "cm.CMSTDTC",
                                          "until": "x"}, "cm.CMSTDTC"):
        with pytest.raises(SpecError, match="within needs date and start"):
            related(ctx_for(CM, AE), within=bad)
    with pytest.raises(SpecError, match="each relation needs"):
        related(ctx_for(CM, AE), match=["cm.CMINDC"])
