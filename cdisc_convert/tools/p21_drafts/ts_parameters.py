"""Trial Summary parameter rules: a parameter missing from TS (SD2201-SD2235, SD2273-SD2282,
one finding per TS dataset), TSVAL missing for a parameter another parameter's value calls
for (SD1306-SD1312), and the values of RANDOM, RANDQT, ADDON, ADAPT, FCNTRY, TSVALNF and
PCLAS's TSVCDREF.

P21's ``Find`` rules search TS for a record of the parameter (among the records its
``When`` keeps) and report the dataset when none is found, only when some record meets its
``If``. Each becomes a dataset-level Check over record counts of TS (``record_count``
operations, broadcast to every record): the ``If`` counts at least one record, the searched
parameter's count is zero. A record of a parameter "with TSVAL" is counted with the filter
``TSVAL: "&"``: starts with the empty text, i.e. any non-blank value (blanks are missing).
Without a TS dataset nothing runs (SD1115 reports the dataset missing).

>>> sorted(DRAFTS)[:3], len(DRAFTS)
(['SD1223', 'SD1269', 'SD1295'], 58)
>>> DRAFTS["SD2216"]["check"][0]
{'name': '$if_1', 'operator': 'greater_than', 'value': 0}
"""

from __future__ import annotations

from cdisc_convert.tools.p21_drafts.helpers import NUMBER, _d, cond, literal, optional_empty

#: The parameters P21 expects in TS: P21 id -> (TSPARMCD, the ``If`` as the (TSPARMCD,
#: TSVAL) pairs of which one must be present, or none).
MISSING: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "SD2201": ("ADDON", ()), "SD2202": ("AGEMAX", ()), "SD2203": ("AGEMIN", ()),
    "SD2204": ("LENGTH", ()), "SD2205": ("PLANSUB", ()), "SD2206": ("RANDOM", ()),
    "SD2207": ("SEXPOP", ()), "SD2208": ("STOPRULE", ()), "SD2209": ("TBLIND", ()),
    "SD2210": ("TCNTRL", ()), "SD2211": ("TDIGRP", (("HLTSUBJI", "N"),)),
    "SD2212": ("TINDTP", (("STYPE", "INTERVENTIONAL"),)), "SD2213": ("TITLE", ()),
    "SD2214": ("TPHASE", ()), "SD2215": ("TTYPE", ()),
    "SD2216": ("CURTRT", (("ADDON", "Y"),)), "SD2217": ("OBJPRIM", ()),
    "SD2218": ("SPONSOR", ()), "SD2219": ("TRT", (("STYPE", "INTERVENTIONAL"),)),
    "SD2221": ("REGID", ()), "SD2222": ("OUTMSPRI", ()),
    "SD2223": ("PCLAS", (("INTTYPE", "BIOLOGIC"), ("INTTYPE", "DRUG"))),
    "SD2224": ("FCNTRY", ()), "SD2225": ("ADAPT", ()), "SD2226": ("DCUTDTC", ()),
    "SD2227": ("DCUTDESC", ()), "SD2228": ("INTMODEL", (("STYPE", "INTERVENTIONAL"),)),
    "SD2229": ("NARMS", ()), "SD2230": ("STYPE", ()),
    "SD2231": ("INTTYPE", (("STYPE", "INTERVENTIONAL"),)), "SD2232": ("SSTDTC", ()),
    "SD2233": ("SENDTC", ()), "SD2234": ("ACTSUB", ()), "SD2235": ("HLTSUBJI", ()),
    "SD2273": ("EXTTIND", ()), "SD2274": ("NCOHORT", ()), "SD2275": ("OBJSEC", ()),
    "SD2276": ("PDPSTIND", ()), "SD2277": ("PDSTIND", ()), "SD2278": ("PIPIND", ()),
    "SD2279": ("RDIND", ()), "SD2280": ("SDTIGVER", ()), "SD2281": ("SDTMVER", ()),
    "SD2282": ("THERAREA", ()),
}
#: TSVAL missing for a parameter (``filled``: P21's When ``TSVAL != ''``; SD1306 looks for
#: the parameter with TSVAL null instead) while another parameter holds a value.
WITHOUT_VALUE: dict[str, tuple[str, tuple[str, str], bool]] = {
    "SD1306": ("TDIGRP", ("HLTSUBJI", "Y"), False),
    "SD1307": ("TDIGRP", ("HLTSUBJI", "N"), True),
    "SD1308": ("CURTRT", ("ADDON", "Y"), True),
    "SD1309": ("TRT", ("STYPE", "INTERVENTIONAL"), True),
    "SD1310": ("INTMODEL", ("STYPE", "INTERVENTIONAL"), True),
    "SD1311": ("INTTYPE", ("STYPE", "INTERVENTIONAL"), True),
    "SD1312": ("PCLAS", ("STYPE", "INTERVENTIONAL"), True),
}
#: ISO 21090 null flavours (SD2283's terms).
NULL_FLAVOURS = ["NI", "INV", "OTH", "PINF", "NINF", "UNC", "DER", "UNK", "ASKU", "NAV",
                 "NASK", "QS", "TRC", "MSK", "NA"]
#: ISO 3166-1 alpha-3 country codes, as SD1323's terms list them.
ISO3166 = (
    "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA "
    "BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN "
    "CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU "
    "EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB "
    "GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL "
    "ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO "
    "LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR "
    "MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER "
    "PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM "
    "SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK "
    "TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM "
    "VUT WLF WSM YEM ZAF ZMB ZWE").split()

#: The filter value of a non-blank TSVAL (any text starts with the empty text).
FILLED = "&"


def _count(op_id: str, parm: str, filled: bool = False, value: str | None = None) -> dict:
    """Operation: the number of TS records of ``parm`` (with a TSVAL, or with ``value``)."""
    wanted = {"TSPARMCD": parm}
    if filled or value is not None:
        wanted["TSVAL"] = FILLED if value is None else value
    return {"id": op_id, "operator": "record_count", "name": "TSPARMCD", "domain": "TS",
            "filter": wanted}


def _if(pairs: tuple[tuple[str, str], ...]) -> tuple[list[dict], list[dict]]:
    """Operations and Check conditions: one of ``pairs`` (TSPARMCD, TSVAL) is in TS."""
    ops = [_count(f"$if_{i}", parm, value=value) for i, (parm, value) in enumerate(pairs, 1)]
    held = [cond(op["id"], "greater_than", 0) for op in ops]
    if len(held) > 1:
        held = [{"any": held}]
    return ops, held


def _header() -> list[str]:
    return ["STUDYID", "DOMAIN", "TSSEQ", "TSPARMCD", "TSVAL"]


def _ts(rows: list[tuple[str, str]]) -> list[list[str]]:
    return [_header(), *(["S1", "TS", str(i), p, v] for i, (p, v) in enumerate(rows, 1))]


def missing(parm: str, pairs: tuple[tuple[str, str], ...]) -> dict:
    """TS has no record of ``parm`` (when one of ``pairs`` is in TS)."""
    ops, held = _if(pairs)
    given = list(pairs[-1:])
    when = f" while TS holds {' or '.join(f'{p} = {v}' for p, v in pairs)}" if pairs else ""
    negative = _ts([*given, ("OTHER", "1")])
    positive = _ts([*given, (parm, "X")])
    return _d([*held, cond("TSPARMCD", "not_contains_all", [parm])], ["TSPARMCD"],
              f"TS has no record of parameter {parm}{when}.",
              {"ds": "TS", "expect": [None],
               "tables": {"positive": {"TS": positive}, "negative": {"TS": negative}}},
              operations=[*ops], sensitivity="Dataset")


def without_value(parm: str, given: tuple[str, str], filled: bool) -> dict:
    """TS has no record of ``parm`` with a TSVAL (``filled``) or with TSVAL null (not
    ``filled``: it counts records of ``parm`` and those with a TSVAL, and finds them equal)
    while ``given`` (TSPARMCD, TSVAL) is in TS."""
    ops, held = _if((given,))
    what = "with a TSVAL" if filled else "with TSVAL null"
    if filled:
        ops.append(_count("$filled", parm, filled=True))
        found = [cond("$filled", "equal_to", 0)]
        negative, positive = [(parm, "")], [(parm, "X")]
    else:
        ops += [_count("$all", parm), _count("$filled", parm, filled=True)]
        found = [cond("$all", "equal_to", "$filled")]
        negative, positive = [(parm, "X")], [(parm, "")]
    return _d([*held, *found], ["TSPARMCD"],
              f"TS has no record of parameter {parm} {what} while {given[0]} is {given[1]}.",
              {"ds": "TS", "expect": [None],
               "tables": {"positive": {"TS": _ts([given, *positive])},
                          "negative": {"TS": _ts([given, *negative])}}},
              operations=ops, sensitivity="Dataset")


def _value_case(parm: str, good: str, bad: str) -> dict:
    return {"ds": "TS", "cols": ["TSPARMCD", "TSVAL"], "expect": [1],
            "pass": [[parm, good], [parm, ""], ["OTHER", bad]],
            "fail": [[parm, bad], [parm, good], ["OTHER", bad]]}


def invalid_value(parm: str, terms: list[str], good: str, bad: str) -> dict:
    """TSVAL of ``parm`` (populated) is not one of ``terms``."""
    shown = ", ".join(terms) if len(terms) < 5 else "an ISO 3166 alpha-3 code"
    return _d([literal("TSPARMCD", "equal_to", parm), cond("TSVAL", "non_empty"),
               cond("TSVAL", "is_not_contained_by", terms)], ["TSVAL", "TSPARMCD"],
              f"TSVAL of TSPARMCD {parm} is not {shown}.", _value_case(parm, good, bad))


DRAFTS: dict[str, dict] = {
    **{pid: missing(parm, pairs) for pid, (parm, pairs) in MISSING.items()},
    **{pid: without_value(*spec) for pid, spec in WITHOUT_VALUE.items()},
    "SD1223": invalid_value("RANDOM", ["Y", "N"], "Y", "YES"),
    "SD1295": invalid_value("ADDON", ["Y", "N"], "N", "No"),
    "SD1296": invalid_value("ADAPT", ["Y", "N"], "N", "U"),
    "SD1323": invalid_value("FCNTRY", ISO3166, "USA", "US"),
    "SD1269": _d([literal("TSPARMCD", "equal_to", "RANDQT"), cond("TSVAL", "non_empty"),
                  {"any": [cond("TSVAL", "not_matches_regex", NUMBER),
                           literal("TSVAL", "less_than_or_equal_to", 0),
                           literal("TSVAL", "greater_than", 1)]}], ["TSVAL", "TSPARMCD"],
                 "TSVAL of TSPARMCD RANDQT is not a number greater than 0 and at most 1.",
                 {"ds": "TS", "cols": ["TSPARMCD", "TSVAL"], "expect": [1, 3, 4],
                  "pass": [["RANDQT", "0.5"], ["RANDQT", "1"], ["RANDQT", ""], ["OTHER", "2"]],
                  "fail": [["RANDQT", "0"], ["RANDQT", "0.25"], ["RANDQT", "1.5"],
                           ["RANDQT", "half"], ["OTHER", "2"]]}),
    "SD2283": _d([cond("TSVALNF", "non_empty"),
                  cond("TSVALNF", "is_not_contained_by", NULL_FLAVOURS)],
                 ["TSVALNF", "TSPARMCD"], "TSVALNF is not an ISO 21090 null flavour.",
                 {"ds": "TS", "cols": ["TSPARMCD", "TSVALNF"], "expect": [1],
                  "pass": [["AGEMAX", "PINF"], ["AGEMIN", ""]],
                  "fail": [["AGEMAX", "INFINITY"], ["AGEMIN", "NA"]]}),
    "SD2243": _d([literal("TSPARMCD", "equal_to", "PCLAS"), optional_empty("TSVALNF"),
                  cond("TSVCDREF", "is_not_contained_by", ["NDF-RT", "MED-RT"])],
                 ["TSVCDREF", "TSPARMCD"], "TSVCDREF is neither NDF-RT nor MED-RT for "
                 "TSPARMCD PCLAS.",
                 {"ds": "TS", "cols": ["TSPARMCD", "TSVCDREF"], "expect": [1, 2],
                  "pass": [["PCLAS", "NDF-RT"], ["PCLAS", "MED-RT"], ["OTHER", ""]],
                  "fail": [["PCLAS", "ATC"], ["PCLAS", ""], ["PCLAS", "MED-RT"],
                           ["OTHER", ""]]}),
}
