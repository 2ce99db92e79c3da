"""The one spec loader: YAML files -> typed :mod:`cdisc_convert.spec.model` objects.

Every mistake is a :class:`~cdisc_convert.errors.SpecError` naming file, line and
key; an unknown algorithm lists the known ones. No other module reads spec files.

>>> specs = load_specs(Path("specs/CHEC2023-226"))          # doctest: +SKIP
>>> specs.sdtm["DM"].variable("SEX").codelist               # doctest: +SKIP
'SEX'
"""

from __future__ import annotations

import inspect
import re
from dataclasses import replace
from pathlib import Path, PureWindowsPath
from typing import Any

from cdisc_convert.errors import SpecError
from cdisc_convert.findings import Finding, finding
from cdisc_convert.registry import ADAM_STEP, SDTM_STEP, SDTM_VARIABLE, Registry
from cdisc_convert.spec import model as m
from cdisc_convert.spec.hardcoded_terms import check_hardcoded_terms
from cdisc_convert.spec.study import parse_study
from cdisc_convert.spec.yamlio import LDict, load_yaml
from cdisc_convert.standards.adam_templates import adam_date_format, label_placeholder

_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,7}$")
DATASET_KEYS = {"dataset", "label", "class", "subclass", "structure", "keys", "sources",
                "records", "steps", "variables", "depends_on", "comment", "documents",
                "reference_data", "standard"}
VARIABLE_KEYS = {"name", "label", "type", "data_type", "length", "significant_digits",
                 "display_format", "origin", "codelist", "core", "role", "method", "comment",
                 "make", "value_level"}
CORES = ("Req", "Exp", "Perm", "Cond")
#: Keys of one entry of ``sources:`` (docs/spec-guide.md says what each does).
SOURCE_KEYS = {"file", "subject", "join", "duplicates", "instrument", "dictionary"}
#: ``duplicates:`` of a source: what happens to a record identical to an earlier one.
DUPLICATE_POLICIES = ("drop", "keep")
#: The type each key of a dataset spec and of a variable must have (others: any).
DATASET_TYPES: dict[str, type | tuple[type, ...]] = {
    "dataset": str, "label": str, "class": str, "subclass": str, "structure": str,
    "keys": list, "sources": dict, "records": str, "steps": list, "variables": list,
    "depends_on": list, "comment": str, "standard": str}
VARIABLE_TYPES: dict[str, type | tuple[type, ...]] = {
    "name": str, "label": str, "type": str, "data_type": str, "length": int,
    "significant_digits": int, "display_format": str, "origin": (str, dict), "codelist": str,
    "core": str, "role": str, "method": str, "comment": str, "make": (dict, str),
    "value_level": list}
_TYPE_WORDS = {str: "text", int: "a whole number", list: "a list", dict: "a mapping"}
ADAM_STRUCTURES = {"SUBJECT LEVEL ANALYSIS DATASET": "ADSL", "BASIC DATA STRUCTURE": "BDS",
                   "OCCURRENCE DATA STRUCTURE": "OCCDS", "ADAM OTHER": "OTHER"}


def fail(doc: LDict | None, key: str | None, message: str) -> SpecError:
    """A SpecError located at ``key`` of ``doc`` (or at the mapping itself)."""
    if not isinstance(doc, LDict):
        return SpecError(message, key=key)
    line = doc.line_of(key) if key is not None else doc.line
    return SpecError(message, file=doc.file, line=line, key=key)


def require(doc: LDict, key: str, kind: type | tuple = str) -> Any:
    if key not in doc or doc[key] in (None, ""):
        raise fail(doc, None, f"missing required key {key!r}")
    value = doc[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise fail(doc, key, f"expected {names}, got {type(value).__name__} {value!r}")
    return value


def check_keys(doc: LDict, allowed: set[str], what: str,
               types: dict[str, type | tuple[type, ...]] | None = None) -> None:
    """Every key known, and of the type the spec model expects (``length: abc`` or
    ``label: 123`` is an error at its line, never a crash later)."""
    for key in doc:
        if key not in allowed:
            raise fail(doc, key, f"unknown key in {what}{did_you_mean(key, allowed)}; "
                       f"allowed: {', '.join(sorted(allowed))}")
        want = (types or {}).get(key)
        value = doc[key]
        if want is None or value is None:
            continue
        wanted = want if isinstance(want, tuple) else (want,)
        if isinstance(value, bool) or not isinstance(value, wanted):
            words = " or ".join(_TYPE_WORDS.get(t, t.__name__) for t in wanted)
            raise fail(doc, key, f"{key} must be {words}, not {value!r}")


def did_you_mean(name: object, known: Any) -> str:
    """`` (did you mean 'subject'?)`` when a known name is close (case ignored), else ``""``.

    >>> did_you_mean("Subject", {"file", "subject"}), did_you_mean("zzz", {"file"})
    (" (did you mean 'subject'?)", '')
    """
    import difflib
    names = sorted(str(k) for k in known)
    folded = {n.casefold(): n for n in names}
    text = str(name)
    if text.casefold() in folded and folded[text.casefold()] != text:
        return f" (did you mean {folded[text.casefold()]!r}?)"
    close = difflib.get_close_matches(text, names, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def where(doc: LDict, key: str | None = None) -> m.Where:
    return m.Where(doc.file, doc.line_of(key) if key else doc.line)


def check_params(entry: Any, params: dict, loc: LDict | None) -> None:
    """Parameters an algorithm accepts, all required ones given, and its own check."""
    for p in params:
        if p not in entry.required + entry.optional:
            accepted = ", ".join(entry.required + entry.optional) or "none"
            raise fail(loc, p, f"{entry.name} has no parameter {p!r}"
                       f"{did_you_mean(p, entry.required + entry.optional)}; "
                       f"accepted: {accepted}")
    for p in entry.required:
        if p not in params:
            raise fail(loc, "algorithm", f"{entry.name} needs parameter {p!r}")
    for p in bool_params(entry):
        if p in params and not isinstance(params[p], bool):
            raise fail(loc, p, f"{entry.name}: {p} must be true or false, not {params[p]!r}")
    if entry.check is not None:
        try:
            entry.check(params)
        except ValueError as exc:
            raise fail(loc, "algorithm", f"{entry.name}: {exc}") from None


def bool_params(entry: Any) -> list[str]:
    """The spec parameters of ``entry`` its function declares ``bool`` (``ascii: true``).

    >>> from cdisc_convert.registry import SDTM_VARIABLE
    >>> bool_params(SDTM_VARIABLE.get("assign_no_ct"))
    ['ascii']
    """
    try:
        params = inspect.signature(entry.func).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name.rstrip("_") for p in params
            if p.kind is inspect.Parameter.KEYWORD_ONLY and p.annotation in (bool, "bool")]


def parse_make(doc: Any, registry: Registry, context: str) -> m.Make:
    """``{algorithm: name, param: value ...}`` -> Make, checked against the registry."""
    if isinstance(doc, str):
        doc_name, params, loc = doc, {}, None
    elif isinstance(doc, LDict):
        doc_name = require(doc, "algorithm")
        params = {k: v for k, v in doc.items() if k != "algorithm"}
        loc = doc
    else:
        raise SpecError(f"{context}: expected a mapping with 'algorithm'")
    try:
        entry, alias = registry.resolve(doc_name)
    except KeyError as exc:
        if loc is None:
            raise SpecError(f"{context}: {exc.args[0]}") from None
        raise fail(loc, "algorithm", exc.args[0]) from None
    check_params(entry, params, loc)
    return m.Make(entry.name, dict(params), where(loc) if loc is not None else m.Where(),
                  renamed_from=alias)


def deprecation_notices(spec: m.DatasetSpec) -> tuple[Finding, ...]:
    """A ``SPEC-DEPRECATED`` notice for each make or step naming an algorithm by an old name.

    >>> make = m.Make("new_name", where=m.Where("ae.yaml", 9), renamed_from="old_name")
    >>> spec = m.DatasetSpec("AE", "Adverse Events", "SDTMIG", steps=(make,))
    >>> print(deprecation_notices(spec)[0].message)  # doctest: +NORMALIZE_WHITESPACE
    ae.yaml:9: algorithm 'old_name' is now called 'new_name'; the old name still works,
    write new_name to keep the spec working when it is removed
    """
    named = [(None, s) for s in spec.steps] + [(v.name, v.make) for v in spec.variables]
    return tuple(finding("SPEC-DEPRECATED", dataset=spec.name, variable=var, where=str(mk.where),
                         old=mk.renamed_from, new=mk.algorithm)
                 for var, mk in named if mk is not None and mk.renamed_from)


def parse_origin(value: Any, doc: LDict) -> m.Origin:
    if isinstance(value, str):
        value = LDict(type=value)
    if not isinstance(value, dict):
        raise fail(doc, "origin", "origin must be a type name or {type, source}")
    typ = value.get("type", "Derived")
    if typ not in m.ORIGIN_TYPES:
        raise fail(doc, "origin", f"origin type {typ!r} not one of {', '.join(m.ORIGIN_TYPES)}")
    return m.Origin(typ, value.get("source"), value.get("predecessor"), value.get("page"))


def _standard_variable(ds: LDict, standard: str, dataset: str, name: str,
                       predecessor: str | None = None):
    from cdisc_convert.standards import ig
    if standard == "SDTMIG":
        found = ig.sdtmig_variable(dataset, name)
        if found is None and (ds_meta := ig.sdtmig_dataset(dataset)) is not None:
            found = class_variable(ds_meta.class_, dataset, name)
        return found
    structure = ADAM_STRUCTURES.get(str(ds.get("class", "")).upper(), "OTHER")
    return ig.adamig_spec_variable(structure, name, predecessor) \
        if structure != "OTHER" else None


def standard_variable(standard: str, dataset: str, name: str, class_: str = "",
                      predecessor: str | None = None):
    """The standard's metadata of a variable (label, type, core, role, codelists), as the
    loader fills a spec from it; None when the standard does not have it.

    >>> standard_variable("SDTMIG", "AE", "AESEV").label
    'Severity/Intensity'
    """
    return _standard_variable(LDict({"class": class_}), standard, dataset, name, predecessor)


def _predecessor(doc: LDict) -> str | None:
    origin = doc.get("origin")
    return origin.get("predecessor") if isinstance(origin, dict) else None


def check_no_template(doc: LDict, name: str, label: str) -> None:
    """A label the spec gives must not keep ADaMIG template text (SPEC-LABEL-TEMPLATE)."""
    left = label_placeholder(label)
    if left:
        f = finding("SPEC-LABEL-TEMPLATE", variable=name, value=label, placeholder=left)
        raise fail(doc, "label", f"{f.code}: {f.message}")


def variable_label(doc: LDict, name: str, std: Any) -> str | None:
    """The spec's label, else the standard's; ADaMIG template text left in either
    (``xx``, ``y``, ``zz``, ``{Start Date}``) is a spec error at the variable's line."""
    label = doc.get("label")
    if label:
        check_no_template(doc, name, str(label))
        return str(label)
    label = std.label if std else None
    if label and label_placeholder(label):
        raise fail(doc, "name", f"{name}: the ADaMIG label {label!r} is a template ({std.name}):"
                                " give the variable's label")
    return label


def class_variable(class_: str, dataset: str, name: str):
    """A general-observation-class variable allowed in ``dataset`` (e.g. VISITNUM in EX),
    as Permissible, with the domain prefix filled in."""
    from cdisc_convert.standards import ig
    generic = "--" + name[2:] if name.startswith(dataset[:2]) else name
    for v in ig.sdtmig_class_variables(class_):
        if v.name == generic:
            label = v.label
            return replace(v, dataset=dataset, name=name, label=label, core="Perm")
    return None


def parse_value_level(items: Any, doc: LDict) -> tuple[m.ValueLevel, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise fail(doc, "value_level", "value_level must be a list")
    out = []
    for item in items:
        if not isinstance(item, LDict) or not isinstance(item.get("where"), dict):
            raise SpecError("each value_level entry needs a 'where' mapping", file=doc.file,
                            line=getattr(item, "line", doc.line_of("value_level")))
        origin = parse_origin(item["origin"], item) if "origin" in item else None
        if item.get("label"):
            check_no_template(item, str(doc.get("name", "")), str(item["label"]))
        out.append(m.ValueLevel(
            where=dict(item["where"]), type=item.get("type"), length=item.get("length"),
            unit=item.get("unit"), origin=origin, codelist=item.get("codelist"),
            significant_digits=item.get("significant_digits"), method=item.get("method"),
            label=item.get("label"), spec_where=where(item)))
    return tuple(out)


def check_label(doc: LDict, label: str) -> None:
    """XPT v5 labels: at most 40 characters, ASCII."""
    if len(label) > 40:
        raise fail(doc, "label", f"label is {len(label)} characters; XPT v5 allows 40")
    if not label.isascii():
        raise fail(doc, "label", f"label {label!r} is not ASCII (XPT v5 holds ASCII only)")


#: Variables every SDTM dataset gets by default (when its IG dataset has them), in order.
DEFAULT_VARIABLES = ("STUDYID", "DOMAIN", "USUBJID")


def default_makes(name: str, study: m.StudySpec | None, sources: dict[str, m.SourceSpec],
                  records: str | None) -> dict[str, tuple[str, m.Make]]:
    """Variable -> (origin, make) of the SDTM defaults for dataset ``name``.

    STUDYID is study.yaml's studyid, DOMAIN the dataset name; USUBJID, when study.yaml
    says ``usubjid: {separator: ...}``, is STUDYID + separator + the subject column of
    the records source. Only variables the IG lists for the dataset get a default.

    >>> study = m.StudySpec("S1", usubjid_separator="-")
    >>> src = {"ae": m.SourceSpec("ae", "ae.csv", "Subject")}
    >>> {k: (o, mk.algorithm, mk.params) for k, (o, mk) in default_makes("AE", study, src,
    ...                                                                  "ae").items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'STUDYID': ('Protocol', 'hardcode_no_ct', {'value': 'S1'}),
     'DOMAIN': ('Assigned', 'hardcode_no_ct', {'value': 'AE'}),
     'USUBJID': ('Derived', 'derive_usubjid', {'subject': 'ae.Subject', 'separator': '-'})}
    >>> list(default_makes("TA", study, {}, None))
    ['STUDYID', 'DOMAIN']
    """
    from cdisc_convert.standards import ig
    if study is None:
        return {}
    out = {"STUDYID": ("Protocol", m.Make("hardcode_no_ct", {"value": study.studyid})),
           "DOMAIN": ("Assigned", m.Make("hardcode_no_ct", {"value": name}))}
    src = sources.get(records or "")
    if study.usubjid_separator is not None and src is not None \
            and src.subject not in ("", None, "none") and not src.file.startswith("study:"):
        out["USUBJID"] = ("Derived", m.Make("derive_usubjid", {
            "subject": f"{records}.{src.subject}", "separator": study.usubjid_separator}))
    return {k: v for k, v in out.items() if ig.sdtmig_variable(name, k) is not None}


def with_defaults(variables: list, ds: LDict, defaults: dict) -> list:
    """``variables`` with each default variable the spec does not list inserted after the
    default before it (STUDYID, DOMAIN, USUBJID first), as a name-only entry."""
    out = list(variables)
    names = [v.get("name") if isinstance(v, dict) else None for v in out]
    at = 0
    for var in DEFAULT_VARIABLES:
        if var in names:
            at = names.index(var) + 1
        elif var in defaults:
            entry = LDict(name=var)
            entry.file, entry.line = ds.file, ds.line_of("variables")
            out.insert(at, entry)
            names.insert(at, var)
            at += 1
    return out


def known_codelist(name: str, study: m.StudySpec) -> bool:
    """A name a spec may give as ``codelist:``: a study codelist of study.yaml, an external
    dictionary (MedDRA, or one study.yaml names), or a CDISC CT codelist (name, submission
    value or C-code), as define.xml and ``assign_ct`` resolve it."""
    from cdisc_convert.standards import ct
    folded = name.strip().casefold()
    dictionaries = {"meddra"} | {str(k).casefold() for k in study.standards} | \
        {str(k).casefold() for k in (study.design.get("dictionaries") or {})
         if isinstance(study.design.get("dictionaries"), dict)}
    return name in study.codelists or folded in dictionaries or \
        ct.find_codelist(name) is not None


def check_codelist(doc: LDict, key: str, study: m.StudySpec | None) -> None:
    """``doc[key]`` names a known codelist (:func:`known_codelist`); an unknown one is a
    spec error at its line listing close matches (study and CDISC codelists)."""
    import difflib

    from cdisc_convert.standards import ct
    name = doc.get(key)
    if study is None or not isinstance(name, str) or not name.strip() or \
            known_codelist(name, study):
        return
    try:
        ct.codelist(name)
        hint = ""
    except KeyError as exc:
        hint = str(exc.args[0]).split("; ", 1)[-1]
    own = difflib.get_close_matches(name, list(study.codelists), n=3, cutoff=0.6)
    if own:
        hint = f"close study codelists: {', '.join(own)}; CDISC CT {hint}"
    study_names = ", ".join(study.codelists) or "none"
    raise fail(doc, key, f"unknown codelist {name!r}: not a study codelist (study.yaml "
                         f"codelists: {study_names}), nor a CDISC CT codelist, nor MedDRA; "
                         f"{hint}")


def check_make_codelists(doc: Any, study: m.StudySpec | None) -> None:
    """Every ``codelist:`` parameter of a make, nested makes (``then``/``otherwise``) too."""
    if isinstance(doc, LDict):
        if "codelist" in doc:
            check_codelist(doc, "codelist", study)
        for value in doc.values():
            check_make_codelists(value, study)
    elif isinstance(doc, list):
        for item in doc:
            check_make_codelists(item, study)


def check_variable_codelists(doc: LDict, study: m.StudySpec | None) -> None:
    """The variable's ``codelist``, its make's and its value-level ones are all known."""
    check_codelist(doc, "codelist", study)
    check_make_codelists(doc.get("make"), study)
    for item in doc.get("value_level") or []:
        if isinstance(item, LDict):
            check_codelist(item, "codelist", study)


def parse_variable(doc: Any, ds: LDict, standard: str, dataset: str,
                   defaults: dict | None = None,
                   study: m.StudySpec | None = None) -> m.VariableSpec:
    if not isinstance(doc, LDict):
        raise SpecError("each variable must be a mapping", file=ds.file,
                        line=ds.line_of("variables"))
    check_keys(doc, VARIABLE_KEYS, "variable", VARIABLE_TYPES)
    name = require(doc, "name")
    if not _NAME.match(name):
        raise fail(doc, "name", f"variable name {name!r} must be 1-8 upper-case letters/digits")
    std = _standard_variable(ds, standard, dataset, name, _predecessor(doc))
    label = variable_label(doc, name, std)
    typ = doc.get("type") or (std.type if std else None)
    if not label or not typ:
        raise fail(doc, "name", f"{name} is not a {standard} variable of {dataset}: "
                                "give its label and type")
    if typ not in ("Char", "Num"):
        raise fail(doc, "type", f"type must be Char or Num, not {typ!r}")
    check_label(doc, label)
    core = doc.get("core") or (std.core if std else "Perm")
    if core not in CORES:
        core = {"Required": "Req", "Expected": "Exp", "Permissible": "Perm"}.get(core, core)
        if core not in CORES:
            raise fail(doc, "core", f"core must be one of {', '.join(CORES)}")
    registry = SDTM_VARIABLE if standard == "SDTMIG" else ADAM_STEP
    make = parse_make(doc["make"], registry, f"{name}.make") if doc.get("make") else None
    default_origin, default_make = (defaults or {}).get(name, ("Derived", None))
    if make is None and default_make is not None:
        make = replace(default_make, where=where(doc))
    if make is None and standard == "SDTMIG":
        raise fail(doc, "name", f"{name} has no 'make' and no default: say how the value is made")
    check_variable_codelists(doc, study)
    codelist = doc.get("codelist")
    if codelist is None and std is not None and std.codelist_names and "codelist" not in doc:
        codelist = std.codelist_names[0]
    check_hardcoded_terms(doc.get("make"), codelist, study)
    return m.VariableSpec(
        name=name, label=label, type=typ, data_type=doc.get("data_type"),
        length=doc.get("length"), significant_digits=doc.get("significant_digits"),
        display_format=doc.get("display_format") or (
            adam_date_format(name) if standard != "SDTMIG" and typ == "Num" else None),
        origin=parse_origin(doc.get("origin", default_origin), doc), codelist=codelist, core=core,
        role=doc.get("role") or (std.role if std else None), method=doc.get("method"),
        comment=doc.get("comment"), make=make,
        value_level=parse_value_level(doc.get("value_level"), doc),
        in_standard=std is not None, where=where(doc))


def check_every_variable_made(variables: list, defaults: dict) -> None:
    """Every SDTM variable has a ``make`` or a default; else one error at the first one
    naming all of them (a spec imported from a P21 workbook lists what is left to write).

    >>> from cdisc_convert.spec.yamlio import load_yaml_text
    >>> doc = load_yaml_text("v:\\n- {name: AETERM}\\n- {name: AESEV}\\n", "ae.yaml")
    >>> check_every_variable_made(doc["v"], {})
    Traceback (most recent call last):
    cdisc_convert.errors.SpecError: ae.yaml:2: name: AETERM has no 'make' and no default: \
say how the value is made; AESEV has none either
    """
    unmade = [v for v in variables if isinstance(v, LDict) and isinstance(v.get("name"), str)
              and not v.get("make") and v["name"] not in defaults]
    if not unmade:
        return
    names = [v["name"] for v in unmade]
    rest = f"; {', '.join(names[1:])} {'has' if len(names) == 2 else 'have'} none either" \
        if len(names) > 1 else ""
    raise fail(unmade[0], "name", f"{names[0]} has no 'make' and no default: say how the "
               f"value is made{rest}")


def unsafe_path(name: object) -> str | None:
    """Why a file a spec names could leave the study's raw folder (None when it cannot).

    >>> [unsafe_path(p) for p in ("lab.csv", "edc/ae.csv", "../x.csv", "/etc/passwd")]
    [None, None, "has a '..' segment", 'is an absolute path']
    """
    if not isinstance(name, str) or not name.strip():
        return "is not a file name"
    if "\0" in name:
        return "holds a NUL byte"
    text = name.replace("\\", "/")
    if text.startswith(("/", "~")) or PureWindowsPath(name).is_absolute() or \
            PureWindowsPath(name).drive:
        return "is an absolute path"
    if ".." in text.split("/"):
        return "has a '..' segment"
    return None


#: The subject column of a REDCap source unless ``subject:`` says otherwise.
REDCAP_SUBJECT = "record_id"


def _redcap_keys(alias: str, src: dict, ds: LDict) -> tuple[str | None, str | None]:
    """``instrument`` and ``dictionary`` of a REDCap source: both, or neither."""
    instrument, dictionary = src.get("instrument"), src.get("dictionary")
    if instrument is None and dictionary is None:
        return None, None
    doc = src if isinstance(src, LDict) else ds
    if not isinstance(instrument, str) or not instrument.strip():
        raise fail(doc, "dictionary", f"source {alias!r}: a REDCap source names its "
                   "instrument (instrument: adverse_events) besides its dictionary")
    if not isinstance(dictionary, str):
        raise fail(doc, "instrument", f"source {alias!r}: a REDCap source names its data "
                   "dictionary CSV (dictionary: data_dictionary.csv) besides its instrument")
    problem = unsafe_path(dictionary)
    if problem:
        raise fail(doc, "dictionary", f"source {alias!r}: dictionary {dictionary!r} {problem}; "
                   "a spec reads only inside its study's raw folder")
    return instrument.strip(), dictionary


def parse_sources(ds: LDict) -> dict[str, m.SourceSpec]:
    raw = ds.get("sources") or {}
    if not isinstance(raw, dict):
        raise fail(ds, "sources", "sources must map alias -> {file, subject, join}")
    out = {}
    for alias, src in raw.items():
        if isinstance(src, str):
            src = LDict(file=src)
        if not isinstance(src, dict) or "file" not in src:
            raise fail(ds, "sources", f"source {alias!r} needs a 'file'")
        problem = unsafe_path(src["file"])
        if problem:
            located = isinstance(src, LDict) and bool(src.file)
            raise fail(src if located and isinstance(src, LDict) else ds,
                       "file" if located else "sources",
                       f"source {alias!r}: file {src['file']!r} {problem}; a spec reads only "
                       "inside its study's raw folder")
        if isinstance(src, LDict):
            check_keys(src, SOURCE_KEYS, f"source {alias!r}")
        join = src.get("join")
        if join is not None and (not isinstance(join, list) or not all(
                isinstance(c, str) for c in join)):
            raise fail(src if isinstance(src, LDict) else ds, "join" if isinstance(
                src, LDict) else "sources", f"source {alias!r}: join must be a list of raw "
                "column names (besides the subject), e.g. [VISIT]")
        duplicates = src.get("duplicates", "drop")
        if duplicates not in DUPLICATE_POLICIES:
            raise fail(src if isinstance(src, LDict) else ds, "duplicates",
                       f"source {alias!r}: duplicates must be "
                       f"{' or '.join(DUPLICATE_POLICIES)}, not {duplicates!r}")
        instrument, dictionary = _redcap_keys(alias, src, ds)
        out[alias] = m.SourceSpec(alias, src["file"],
                                  src.get("subject", REDCAP_SUBJECT if instrument else "Subject"),
                                  tuple(join) if join is not None else None,
                                  where(src) if isinstance(src, LDict) else where(ds, "sources"),
                                  duplicates, instrument, dictionary)
    return out


def _check_references(spec: m.DatasetSpec, ds: LDict) -> None:
    names = set(spec.variable_names)
    for key in spec.keys:
        if key not in names:
            raise fail(ds, "keys", f"key variable {key!r} is not in the variables list")
    if spec.records and spec.records not in spec.sources:
        raise fail(ds, "records", f"records source {spec.records!r} is not in sources")
    aliases = set(spec.sources)
    for var in spec.variables:
        for value in m.strings_in(var.make.params if var.make else {}):
            alias = value.split(".", 1)[0] if "." in value else None
            if alias and alias.islower() and alias.isidentifier() and alias not in aliases \
                    and alias.upper() not in (spec.depends_on + ("DM",)) and " " not in value:
                raise SpecError(f"{var.name}: {value!r} names source {alias!r}, "
                                f"not declared in sources ({', '.join(sorted(aliases))})",
                                file=var.where.file, line=var.where.line, key="make")


def parse_dataset(ds: LDict, standard: str, study: m.StudySpec | None = None) -> m.DatasetSpec:
    """One dataset spec; SDTM datasets get STUDYID, DOMAIN (and USUBJID) by default."""
    check_keys(ds, DATASET_KEYS, "dataset spec", DATASET_TYPES)
    name = require(ds, "dataset").upper()
    if not _NAME.match(name):
        raise fail(ds, "dataset", f"dataset name {name!r} must be 1-8 letters/digits")
    label = ds.get("label")
    if not label and standard == "SDTMIG":
        from cdisc_convert.standards import ig
        std = ig.sdtmig_dataset(name)
        label = std.label if std else None
    if not label:
        raise fail(ds, "dataset", "dataset needs a label")
    if ds.get("label"):
        check_label(ds, label)       # the one the XPT header will carry
    variables = ds.get("variables")
    if not isinstance(variables, list) or not variables:
        raise fail(ds, "variables", "variables must be a non-empty list")
    sources = parse_sources(ds)
    defaults = default_makes(name, study, sources, ds.get("records")) \
        if standard == "SDTMIG" else {}
    variables = with_defaults(variables, ds, defaults)
    if standard == "SDTMIG":
        check_every_variable_made(variables, defaults)
    parsed = tuple(parse_variable(v, ds, standard, name, defaults, study) for v in variables)
    dup = {v.name for v in parsed if [p.name for p in parsed].count(v.name) > 1}
    if dup:
        raise fail(ds, "variables", f"variable listed twice: {', '.join(sorted(dup))}")
    step_registry = SDTM_STEP if standard == "SDTMIG" else ADAM_STEP
    steps = tuple(parse_make(s, step_registry, f"{name}.steps") for s in ds.get("steps") or [])
    spec = m.DatasetSpec(
        name=name, label=label, standard=standard, class_=ds.get("class", ""),
        subclass=ds.get("subclass"), structure=ds.get("structure", ""),
        keys=tuple(ds.get("keys") or ()), sources=sources, records=ds.get("records"),
        steps=steps, variables=parsed,
        depends_on=tuple(d.upper() for d in ds.get("depends_on") or ()),
        comment=ds.get("comment"), documents=tuple(ds.get("documents") or ()),
        reference_data=bool(ds.get("reference_data", False)), where=where(ds))
    _check_references(spec, ds)
    return replace(spec, notices=deprecation_notices(spec))


def load_dataset_specs(folder: Path, standard: str,
                       study: m.StudySpec | None = None) -> dict[str, m.DatasetSpec]:
    out: dict[str, m.DatasetSpec] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        spec = parse_dataset(load_yaml(path), standard, study)
        if spec.name in out:
            raise SpecError(f"dataset {spec.name} also defined in {out[spec.name].where.file}",
                            file=path)
        out[spec.name] = spec
    return out


def load_specs(root: Path) -> m.Specs:
    """Load ``root/study.yaml``, ``root/sdtm/*.yaml``, ``root/adam/*.yaml``."""
    root = Path(root)
    if not (root / "study.yaml").is_file():
        raise SpecError("no study.yaml here: is this a specs folder (specs/<STUDYID>)?",
                        file=root)
    study = parse_study(load_yaml(root / "study.yaml"))
    return m.Specs(root=root, study=study,
                   sdtm=load_dataset_specs(root / "sdtm", "SDTMIG", study),
                   adam=load_dataset_specs(root / "adam", "ADaMIG", study),
                   expectations=tuple(sorted((root / "expectations").glob("*.json"))))
