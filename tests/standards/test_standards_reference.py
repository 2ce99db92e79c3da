"""Package data against the public reference files (skipped when they are absent)."""

from __future__ import annotations

import csv
import gzip
import io
import tarfile
from collections import Counter

import pytest

from cdisc_convert.standards import ct, ig, versions
from cdisc_convert.tools import standards_data as build_data


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(text):
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def test_build_reproduces_committed_data_byte_identically(standards_reference, monkeypatch):
    rebuilt = build_data.build(standards_reference)
    for name, data in rebuilt.items():
        committed = (build_data.DATA_DIR / name).read_bytes()
        assert committed == data, f"{name} differs from a rebuild: rerun build_data"
    # the command's --check compares the same rebuild (built once: it takes most of a minute)
    monkeypatch.setattr(build_data, "build", lambda reference: rebuilt)
    assert build_data.main(["--reference", str(standards_reference), "--check"]) == 0


def test_package_data_size():
    total = sum(p.stat().st_size for p in build_data.DATA_DIR.iterdir() if p.is_file())
    assert total < 4 * 1024 * 1024


def test_sdtmig_datasets_round_trip(standards_reference):
    src = _rows(standards_reference / build_data.source_names()["sdtmig_datasets"])
    assert len(src) == 63
    got = ig.sdtmig_datasets()
    assert [(d.name, d.label, d.class_, d.structure) for d in got] == [
        (r["Dataset Name"], r["Dataset Label"], r["Class"], r["Structure"]) for r in src
    ]


def test_sdtmig_variables_round_trip(standards_reference):
    src = _rows(standards_reference / build_data.source_names()["sdtmig_variables"])
    assert len(src) == 1917
    got = [v for d in ig.sdtmig_datasets() for v in ig.sdtmig_variables(d.name)]
    assert len(got) == 1917
    for r, v in zip(src, got, strict=True):
        assert (v.dataset, v.name, v.label, v.type, v.core, v.role, v.order) == (
            r["Dataset Name"],
            r["Variable Name"],
            r["Variable Label"],
            r["Type"],
            r["Core"],
            r["Role"],
            int(r["Variable Order"]),
        )
        assert v.codelists == _split(r["CDISC CT Codelist Code(s)"])
        assert v.value_list == r["Value List"].strip()
        for code, name in zip(v.codelists, v.codelist_names, strict=True):
            assert name == "" or ct.codelist(code).submission_value == name


def test_adamig_variables_round_trip(standards_reference):
    src = _rows(standards_reference / build_data.source_names()["adamig_variables"])
    assert len(src) == 336
    counts = Counter(r["Data Structure Name"] for r in src)
    assert set(counts) == {"Subject-Level Analysis Dataset", "Basic Data Structure"}
    got = ig.adamig_variables("ADSL") + ig.adamig_variables("BDS")
    assert len(got) == 336
    for r, v in zip(src, got, strict=True):
        assert (v.name, v.label, v.type, v.core, v.variable_set) == (
            r["Variable Name"],
            r["Variable Label"],
            r["Type"],
            r["Core"],
            r["Variable Set"],
        )
        assert v.codelists == _split(r["CDISC CT Codelist Code(s)"])
        assert v.codelist_names == _split(r["CDISC CT Codelist Submission Value(s)"])


def _sdtm_ct_rows(standards_reference):
    path = standards_reference / build_data.source_names()["ct_sdtm"]
    with tarfile.open(path, mode="r:xz") as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".txt"))
        text = tar.extractfile(member).read().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))[1:]


def _check_ct(rows, package):
    codelists = ct.load_package(package)
    n_terms = 0
    for code, cl_code, ext, name, value, syn, definition, pterm in rows:
        syns = tuple(syn.split("; ")) if syn else ()
        if not cl_code:
            cl = codelists[code]
            assert (cl.name, cl.submission_value, cl.extensible) == (name, value, ext == "Yes")
            assert (cl.synonyms, cl.preferred_term, cl.definition) == (syns, pterm, definition)
            continue
        n_terms += 1
        term = codelists[cl_code].term(value)
        assert term is not None, (cl_code, value)
        assert (term.code, term.synonyms, term.preferred_term, term.definition) == (
            code,
            syns,
            pterm,
            definition,
        )
    assert sum(len(cl) for cl in codelists.values()) == n_terms
    assert len(codelists) == sum(1 for r in rows if not r[1])


def test_sdtm_ct_round_trip(standards_reference):
    rows = _sdtm_ct_rows(standards_reference)
    assert len(rows) == 1158 + 43698
    _check_ct(rows, "SDTM CT")


def test_adam_and_define_ct_round_trip(standards_reference):
    from cdisc_convert.tools.standards_data import CT_CSV_COLUMNS as cols
    for key, package, release in [
        ("ct_adam", "ADaM CT", versions.CT_ADAM),
        ("ct_define", "Define-XML CT", versions.CT_DEFINE),
    ]:
        src = _rows(standards_reference / build_data.source_names()[key])
        assert {r["Standard and Date"] for r in src} == {f"{package} {release}"}
        _check_ct([[(r[c] or "").strip() for c in cols] for r in src], package)


# --------------------------------------------------------------------------- older versions


def test_package_data_added_for_older_versions_is_small():
    older = {*build_data.older_file_names().values(), build_data.CT_HISTORY_FILE,
             build_data.CT_RELEASES_FILE}
    added = sum((build_data.DATA_DIR / name).stat().st_size for name in older)
    assert added < 6 * 1024 * 1024


def _older_rows(reference, version):
    _, variables = build_data.OLDER_SDTMIG[version]
    return _rows(reference / "ig-metadata" / "older" / variables)


@pytest.mark.parametrize("version", ["3.1.2", "3.1.3", "3.2", "3.3"])
def test_older_sdtmig_variables_round_trip(standards_reference, version):
    src = _older_rows(standards_reference, version)
    own = {r["Dataset Name"] for r in src}
    got = [v for d in ig.sdtmig_datasets(version) if d.name in own
           for v in ig.sdtmig_variables(d.name, version)]
    assert len(got) == len(src)
    by_key = {(v.dataset, v.name, v.order): v for v in got}
    for r in src:
        v = by_key[(r["Dataset Name"], r["Variable Name"].strip(), int(r["Variable Order"]))]
        assert (v.label, v.type, v.core, v.role) == (
            r["Variable Label"].strip(), r["Type"].strip(), r["Core"].strip(), r["Role"].strip())
        names, rest = build_data.split_controlled_terms(r["Controlled Terms, Codelist or Format"])
        if not names and rest == v.name and v.codelists:
            names = [rest]           # a bare codelist name equal to the variable's (TSPARMCD)
        assert list(v.codelist_names) == names


def test_a_bare_codelist_name_equal_to_the_variable_is_that_codelist():
    """SDTMIG 3.2 writes TS's codelists bare (TSPARMCD), not as (TSPARMCD)."""
    assert ig.sdtmig_variable("TS", "TSPARMCD", "3.2").codelists == ("C66738",)
    assert ig.sdtmig_variable("TS", "TSPARM", "3.2").codelists == ("C67152",)
    assert ig.sdtmig_variable("TS", "TSVAL", "3.2").codelists == ()


def test_dthfl_facts_against_the_reference(standards_reference):
    dm312 = {r["Variable Name"] for r in _older_rows(standards_reference, "3.1.2")
             if r["Dataset Name"] == "DM"}
    dm313 = {r["Variable Name"] for r in _older_rows(standards_reference, "3.1.3")
             if r["Dataset Name"] == "DM"}
    assert "DTHFL" not in dm312 and "DTHFL" in dm313
    assert {v.name for v in ig.sdtmig_variables("DM", "3.1.2")} == dm312


def _older_ct(reference, release):
    path = reference / build_data.CT_OLDER_DIR / f"SDTM_CT_{release}.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


@pytest.mark.parametrize("release", ["2014-12-19", "2016-06-24", "2021-12-17"])
def test_structured_ct_release_round_trip(standards_reference, release):
    loaded = ct.load_release(release)
    rows = _older_ct(standards_reference, release)
    value = "CDISC Submission Value"
    if "Code" in rows[0]:  # full NCI columns: codelist rows have no codelist code
        heads = {r["Code"]: r["Codelist Extensible (Yes/No)"] for r in rows
                 if not r["Codelist Code"]}
        terms = {(r["Codelist Code"], r[value]) for r in rows if r["Codelist Code"]}
    else:
        heads = {r["Codelist Code"]: r["Codelist Extensible (Yes/No)"] for r in rows}
        terms = {(r["Codelist Code"], r[value]) for r in rows}
    assert {c: ("Yes" if cl.extensible else "No") for c, cl in loaded.items()} == heads
    assert {(c, t.submission_value) for c, cl in loaded.items() for t in cl} == terms


def test_allowed_values_ct_release(standards_reference):
    """From 2022-12 the source lists allowed values: each is a term or a term's alias."""
    loaded = ct.load_release("2023-12-15")
    rows = _older_ct(standards_reference, "2023-12-15")
    assert {r["Codelist Code"] for r in rows} == set(loaded)
    for r in rows:
        cl = loaded[r["Codelist Code"]]
        assert r["Allowed Value"] in cl or cl.match(r["Allowed Value"]) is not None, r
    sex = {r["Allowed Value"] for r in rows if r["Codelist Code"] == "C66731"}
    assert "INTERSEX" in sex and "UNDIFFERENTIATED" not in sex


def test_evs_reader_reads_the_pinned_release_file(standards_reference):
    path = standards_reference / build_data.source_names()["ct_sdtm"]
    evs = ct.load_evs_file(path)
    pinned = ct.load_package("SDTM CT")
    assert list(evs) == list(pinned)
    assert all(evs[c].terms == pinned[c].terms for c in pinned)
    assert evs["C66731"].release == versions.CT_SDTM


def test_manifest_names_origin_and_licence():
    rows = list(csv.DictReader(io.StringIO((build_data.DATA_DIR / "manifest.csv").read_text())))
    assert {r["file"] for r in rows} == {
        p.name for p in build_data.DATA_DIR.iterdir()
        if p.name not in ("manifest.csv", "unit_aliases.csv")
    }
    for r in rows:
        assert r["origin"] and r["licence"], r
