"""``python -m cdisc_convert.cli``: the same as the ``cdisc-convert`` command."""

from cdisc_convert.cli import main

main()
