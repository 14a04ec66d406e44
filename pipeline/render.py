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
    env.filters["long_date"] = long_date
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def mmss(ms: int | float) -> str:
    """Milliseconds as m:ss (or h:mm:ss)."""
    s = int(round(ms / 1000))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(value) -> str:
    """A date in words ("24 July 2015") from a date, datetime or ISO 8601 text; "" when there is none
    (or it cannot be read: the text is then shown as it is)."""
    import datetime as dt

    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
