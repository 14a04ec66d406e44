"""HTML templating (Jinja2, autoescaped): every page the pipeline writes goes through here.

Text from articles is always data, never markup: autoescape is on for every template and there
is no ``|safe`` on article text anywhere.
"""

from __future__ import annotations

import functools

import jinja2

from .clock import mmss


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=True,  # all templates, whatever their suffix
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["mmss"] = mmss
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


