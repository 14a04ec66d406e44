"""HTML templating (Jinja2, autoescaped): every page the pipeline writes goes through here.

Text from articles is always data, never markup: autoescape is on for every template and there
is no ``|safe`` on article text anywhere.
"""

from __future__ import annotations

import functools

import jinja2


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


def mmss(ms: int | float) -> str:
    """Milliseconds as m:ss (or h:mm:ss)."""
    s = int(round(ms / 1000))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
