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
    env.filters["long_date"] = long_date
    env.filters["plain_level"] = plain_level
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


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


# Flesch-Kincaid grade -> plain words for readers (the grade itself is jargon to them)
_LEVELS = ((3.5, "Very easy to read: about the level of a children's book"),
           (6.5, "Easy to read: about the level of a text for 10 to 12-year-olds"),
           (9.5, "Fairly easy to read: about the level of a text for 13 to 15-year-olds"),
           (12.5, "Fairly hard to read: about the level of a text for 16 to 18-year-olds"),
           (16.5, "Hard to read: about the level of a university text"))


def plain_level(grade: float) -> str:
    """How hard a text is to read, in words ("Hard to read: about the level of a university text")."""
    return next((words for top, words in _LEVELS if grade <= top),
                "Very hard to read: about the level of a specialist or academic text")
