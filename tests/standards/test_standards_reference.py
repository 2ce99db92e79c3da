"""Package data against the public reference files (skipped when they are absent)."""

from __future__ import annotations

import csv
import io
import tarfile
from collections import Counter

from cdisc_convert.standards import ct, ig, versions
from cdisc_convert.tools import standards_data as build_data


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(text):
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def test_build_reproduces_committed_data_byte_identically(standards_reference):
    rebuilt = build_data.build(standards_reference)
    for name, data in rebuilt.items():
        committed = (build_data.DATA_DIR / name).read_bytes()
        assert committed == data, f"{name} differs from a rebuild: rerun build_data"
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
