"""cdisc-convert: raw EDC exports to CDISC SDTM/ADaM, validated, as XPT v5 and Define-XML 2.1."""

__version__ = "0.1.0"
