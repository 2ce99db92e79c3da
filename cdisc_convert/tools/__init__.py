"""Not part of the data flow: the sample-study generator and maintainer scripts.

- :mod:`cdisc_convert.tools.synth`: synthetic raw EDC exports of any size
  (``cdisc-convert synth``, ``--style rave`` or ``redcap``), for the sample studies and
  benchmarks.
- :mod:`cdisc_convert.tools.draft_specs`: drafts a spec folder from a raw export
  (``cdisc-convert init``), every proposal marked for review.
- :mod:`cdisc_convert.tools.standards_data`: rebuilds ``standards/data/`` from the
  public CDISC sources (a maintainer runs it when a standard or CT release is added).

Nothing in the runtime (spec, io, sdtm, adam, validate, define, package) imports this
package; a test holds that.
"""
