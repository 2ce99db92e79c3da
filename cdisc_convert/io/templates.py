"""HTML pages from Jinja2 templates shipped as package data, always autoescaped.

Every value a template shows is escaped by Jinja2 (``autoescape=True``); an undefined name
is an error (``StrictUndefined``), so a template cannot silently print nothing.

>>> render_string("<p>{{ v }}</p>", v="A & <b>")
'<p>A &amp; &lt;b&gt;</p>'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=8)
def environment(package: str | None = None):
    """The Jinja2 environment of ``package``'s ``templates/`` folder (None: no loader)."""
    import jinja2
    loader = jinja2.PackageLoader(package, "templates") if package else None
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=True,
                              lstrip_blocks=True)


def render(package: str, template: str, **context: Any) -> str:
    """``package/templates/<template>`` rendered with ``context``."""
    return environment(package).get_template(template).render(**context)


def render_string(source: str, **context: Any) -> str:
    """A template given as text (tests, doctests), rendered with ``context``."""
    return environment().from_string(source).render(**context)
