"""The cSDRG and ADRG drafts: what each section of the PHUSE templates states, gathered from
the study spec, the trial design and subject data, the specs' derivations and imputation
rules and the validation findings with their explanations.

Pure except :func:`trial_rows` and :func:`supp_rows`, which read the packaged trial design
and SUPP-- datasets. The pages are rendered from ``templates/csdrg.html.j2`` and
``templates/adrg.html.j2`` (autoescaped) by :mod:`cdisc_convert.package.guide`.

>>> from cdisc_convert.spec.model import DatasetSpec, Make, StudySpec
>>> ds = DatasetSpec("ADAE", "AE Analysis", "ADaMIG", steps=(Make("derive_vars_dt",
...     {"new_vars_prefix": "AST", "dtc": "AESTDTC", "highest_imputation": "M"}),))
>>> [name for name, _ in imputation_rules(StudySpec("S"), {"ADAE": ds})]
['ADAE.ASTDT']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cdisc_convert import __version__
from cdisc_convert.define.dictionaries import coded_by, study_dictionaries
from cdisc_convert.define.method_adam import outputs
from cdisc_convert.define.method_sdtm import Context
from cdisc_convert.define.methods import algorithm_text, method_text, with_defaults
from cdisc_convert.io.datasets import read_dataset
from cdisc_convert.io.templates import render
from cdisc_convert.package.guide import (
    GuideDataset,
    GuideFacts,
    common_context,
    counts_text,
    study_rows,
)
from cdisc_convert.package.openfindings import OpenFinding
from cdisc_convert.registry import ADAM_STEP
from cdisc_convert.spec.model import DatasetSpec, Specs, StudySpec

#: Trial design datasets, in the order the cSDRG describes them.
TRIAL_DESIGN = ("TA", "TE", "TV", "TI", "TS", "TD", "TM")
#: What the cSDRG says when no dataset is split.
SPLIT_RULE = ("No dataset file exceeds the 5 GB limit of the FDA Study Data Technical "
              "Conformance Guide.")
#: ADaM step parameters that state an imputation rule.
IMPUTATION_KEYS = ("highest_imputation", "date_imputation", "time_imputation")


@dataclass
class ReviewerGuide:
    """Everything one reviewer's guide (cSDRG or ADRG) states, beyond the common facts."""

    kind: str                                   # "cSDRG" | "ADRG"
    facts: GuideFacts
    datasets: list[GuideDataset] = field(default_factory=list)
    findings: list[OpenFinding] | None = None
    dictionaries: list[tuple[str, str, str]] = field(default_factory=list)  # name, ver, vars
    trial: dict[str, list[list[str]]] = field(default_factory=dict)   # dataset -> rows
    trial_columns: dict[str, list[str]] = field(default_factory=dict)
    supp: list[tuple[str, str, str, int]] = field(default_factory=list)  # ds, QNAM, QLABEL, n
    splits: list[str] = field(default_factory=list)
    subjects: int | None = None
    derivations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    imputations: list[tuple[str, str]] = field(default_factory=list)
    core_variables: list[str] = field(default_factory=list)
    dependencies: list[tuple[str, str]] = field(default_factory=list)
    acrf: bool = False
    programs: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return ("Clinical Study Data Reviewer's Guide" if self.kind == "cSDRG"
                else "Analysis Data Reviewer's Guide")


def dictionary_rows(study: StudySpec, specs: dict[str, DatasetSpec]
                    ) -> list[tuple[str, str, str]]:
    """(dictionary, version, variables it codes) for every dictionary the datasets use or
    the study spec names; a version the spec does not give is said to be missing."""
    used: dict[str, list[str]] = {}
    for ds in specs.values():
        for var in ds.variables:
            name = coded_by(var, ds.domain)
            if name:
                used.setdefault(name, []).append(f"{ds.domain}.{var.name}")
    versions = study_dictionaries(study)
    names = sorted(set(used) | set(versions))
    return [(n, versions.get(n, "version not given in study.yaml"), ", ".join(used.get(n, [])))
            for n in names]


def _files(rows: list[GuideDataset], name: str) -> list[Path]:
    return [Path(f) for d in rows if d.name.upper() == name for f in d.files]


def cell_text(value: object) -> str:
    """A dataset value as a table shows it: missing as blank, whole numbers without '.0'.

    >>> cell_text(float("nan")), cell_text(3.0), cell_text(2.5), cell_text("P8W")
    ('', '3', '2.5', 'P8W')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def trial_rows(rows: list[GuideDataset], root: Path, limit: int = 200
               ) -> tuple[dict[str, list[str]], dict[str, list[list[str]]]]:
    """(columns, rows) of each packaged trial design dataset (``root``: the package folder)."""
    columns: dict[str, list[str]] = {}
    out: dict[str, list[list[str]]] = {}
    for name in TRIAL_DESIGN:
        files = _files(rows, name)
        if not files:
            continue
        frame = read_dataset(root / files[0]).frame
        keep = [c for c in frame.columns if c not in ("STUDYID", "DOMAIN")]
        columns[name] = keep
        out[name] = [[cell_text(v) for v in r]
                     for r in frame[keep].head(limit).itertuples(index=False)]
    return columns, out


def supp_rows(rows: list[GuideDataset], root: Path) -> list[tuple[str, str, str, int]]:
    """(dataset, QNAM, QLABEL, records) of every packaged SUPP-- dataset."""
    out = []
    for d in rows:
        if not d.name.upper().startswith("SUPP"):
            continue
        frame = read_dataset(root / d.files[0]).frame
        if "QNAM" not in frame.columns:
            continue
        labels = frame["QLABEL"] if "QLABEL" in frame.columns else frame["QNAM"]
        for (qnam, qlabel), n in frame.groupby([frame["QNAM"], labels]).size().items():
            out.append((d.name, str(qnam), str(qlabel), int(n)))
    return out


def split_notes(rows: list[GuideDataset], specs: dict[str, DatasetSpec]) -> list[str]:
    """Datasets held in several files, and datasets that split a domain (LBCH of LB)."""
    out = [f"{d.name}: {len(d.files)} files ({', '.join(Path(f).name for f in d.files)})"
           for d in rows if len({Path(f).stem for f in d.files}) > 1]
    for d in rows:
        spec = specs.get(d.name.upper())
        if spec is not None and spec.domain != spec.name.upper():
            out.append(f"{d.name} is a split of domain {spec.domain}")
    return out


def derivations(study: StudySpec, specs: dict[str, DatasetSpec]
                ) -> dict[str, list[tuple[str, str]]]:
    """Dataset -> (variable, method in words) for every derived variable that has one."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, ds in specs.items():
        rows = [(v.name, text) for v in ds.variables if v.origin.type == "Derived"
                and (text := method_text(v, ds, study))]
        if rows:
            out[name] = rows
    return out


def imputation_rules(study: StudySpec, specs: dict[str, DatasetSpec]
                     ) -> list[tuple[str, str]]:
    """(dataset.variable, rule in words) for every step that imputes partial dates/times."""
    out = []
    for name, ds in specs.items():
        for step in ds.steps:
            if not any(k in step.params for k in IMPUTATION_KEYS):
                continue
            made = [v for v in outputs(step.algorithm, with_defaults(ADAM_STEP, step))
                    if v.endswith(("DT", "DTM"))] or ["?"]
            text = algorithm_text(ADAM_STEP, step, Context(made[0], ds, study))
            out.append((f"{name}.{made[0]}", text))
    return out


def core_variables(specs: dict[str, DatasetSpec]) -> list[str]:
    """ADSL variables merged into the other analysis datasets (the ADRG's core variables)."""
    found: list[str] = []
    for ds in specs.values():
        for step in ds.steps:
            if step.algorithm == "derive_vars_merged" and str(
                    step.params.get("dataset_add", "")).upper() == "ADSL":
                found += [str(v) for v in step.params.get("new_vars") or []]
    return list(dict.fromkeys(found))


def subjects(rows: list[GuideDataset], name: str = "DM") -> int | None:
    return next((d.records for d in rows if d.name.upper() == name), None)


def area_findings(findings: list[OpenFinding] | None, names: set[str], other: set[str]
                  ) -> list[OpenFinding] | None:
    """The open findings of one area: its datasets', and study-level ones not of the other."""
    if findings is None:
        return None
    return [f for f in findings if f.dataset.upper() in names
            or (f.dataset.upper() not in other and not f.dataset)]


def build_guides(facts: GuideFacts, specs: Specs, root: Path, acrf: bool = False
                 ) -> list[ReviewerGuide]:
    """The cSDRG (always) and the ADRG (when the package has ADaM datasets)."""
    sdtm_rows, adam_rows = facts.datasets.get("SDTM", []), facts.datasets.get("ADaM", [])
    sdtm_names = {d.name.upper() for d in sdtm_rows}
    adam_names = {d.name.upper() for d in adam_rows}
    cols, trial = trial_rows(sdtm_rows, root)
    study = specs.study
    csdrg = ReviewerGuide(
        "cSDRG", facts, sdtm_rows,
        area_findings(facts.findings, sdtm_names, adam_names),
        dictionary_rows(study, specs.sdtm), trial, cols, supp_rows(sdtm_rows, root),
        split_notes(sdtm_rows, specs.sdtm), subjects(sdtm_rows), acrf=acrf)
    guides = [csdrg]
    if adam_rows:
        guides.append(ReviewerGuide(
            "ADRG", facts, adam_rows, area_findings(facts.findings, adam_names, sdtm_names),
            dictionary_rows(study, specs.adam), subjects=subjects(adam_rows, "ADSL"),
            derivations=derivations(study, specs.adam),
            imputations=imputation_rules(study, specs.adam),
            core_variables=core_variables(specs.adam),
            dependencies=[(n, ", ".join(d.depends_on)) for n, d in sorted(specs.adam.items())
                          if d.depends_on],
            programs=sorted(f"adam/{p.name}" for p in (specs.root / "adam").glob("*.yaml"))))
    return guides


def conformance_rows(facts: GuideFacts) -> list[tuple[str, str]]:
    """Section 4.1/5.1: what the data was checked with."""
    rows = [("Validator", f"cdisc-convert {__version__} (CDISC CORE rules, FDA validator rules, "
                          "study suites)"),
            ("Standards", ", ".join(f"{k} {v}" for k, v in facts.standards.items()))]
    if facts.findings is not None:
        rows.append(("Findings", counts_text(facts.counts)))
    return rows


def render_reviewer_guide(guide: ReviewerGuide) -> str:
    """The cSDRG or ADRG page (HTML) from its template."""
    f, s = guide.facts, guide.facts.study
    return render(
        "cdisc_convert.package", f"{guide.kind.lower()}.html.j2",
        **common_context(f, f"{guide.title}: {s.studyid}"), guide=guide, study=s,
        standards=f.standards, study_rows=study_rows(f),
        arms=[(a.armcd, a.arm, a.type or "", a.planned_subjects, ", ".join(a.elements))
              for a in s.arms],
        epochs=[(e.name, e.starts or "", e.offset_days) for e in s.epochs],
        visits=[(v.visitnum, v.visit, v.day, f"-{v.window[0]}/+{v.window[1]}" if v.window
                 else "", v.epoch or "") for v in s.visits],
        split_rule=SPLIT_RULE, conformance=conformance_rows(f), missing=f.missing)
