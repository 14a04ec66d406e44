"""Ingest: an article file (scraped plain text or HTML) -> ingest-stage Document."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from ..config import Project, check_keys, line_of, load_toml, raise_all
from ..decode import decode_bytes, normalise, read_input
from ..errors import ConfigError, InputError, UsageError
from ..files import slugify
from ..model import Document
from .furniture import load_furniture
from .language import guess_language
from .invisible import strip_invisible
from .text import ingest_text

META_KEYS = ("title", "author", "date", "language", "source", "publisher", "slug", "profile")  # profile: the voice


def is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    head = _PROLOGUE.sub("", text.lstrip()[:2000]).lower()  # an XHTML page may open with <?xml ...?> or a comment
    return head.startswith(("<!doctype html", "<html"))


_PROLOGUE = re.compile(r"^(?:\s*(?:<\?xml[^>]*\?>|<!--.*?-->))+\s*", re.S)
_WORD = re.compile(r"[^\W_]")


def read_article(path: Path, limit: int | None = None) -> tuple[str, str]:
    """(decoded text, encoding) of an article file, with clear errors for unreadable files."""
    try:
        data = read_input(path, limit)  # the size limit before reading (issue 12 item 7)
    except FileNotFoundError:
        raise InputError(f"{path}: no such article") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    return decode_bytes(data, str(path), limit)


def ingest_file(path: Path, project: Project) -> Document:
    path = Path(path)
    text, _encoding = read_article(path, project.settings.max_input_bytes)
    meta = load_sidecar_meta(project.sidecar(path, "meta"))
    slug = article_slug(path, project, meta)
    furniture = load_furniture(project.furniture_file)
    if is_html(path, text):
        from .html import ingest_html

        doc = ingest_html(text, slug=slug, source=path.name, furniture=furniture)
    else:
        doc = ingest_text(normalise(strip_invisible(text)), slug=slug, source=path.name, furniture=furniture)
    for key in ("title", "author", "date", "language", "source", "publisher"):
        if meta.get(key):
            setattr(doc.meta, key, str(meta[key]))
    if not doc.blocks or not any(b.kind in ("paragraph", "quote", "list") for b in doc.blocks):
        raise InputError(f"{path}: no article text found (only headings, furniture or nothing)")
    if not any(_WORD.search(b.text) for b in doc.blocks):
        raise InputError(f"{path}: the article has no words to read (only symbols, emoji or punctuation)")
    if not meta.get("language") and doc.meta.source_format == "text":
        doc.meta.language = guess_language(doc.text()) or doc.meta.language  # plain text states no language
    return doc


def article_slug(path: Path, project: Project, meta: dict | None = None) -> str:
    """The article's slug (its output folder name): the sidecar's ``slug`` or the file stem, made safe."""
    sidecar = project.sidecar(Path(path), "meta")
    if meta is None:
        meta = load_sidecar_meta(sidecar)
    try:
        return slugify(meta.get("slug") or Path(path).stem)
    except UsageError as e:
        if not meta.get("slug"):
            raise
        raise ConfigError(f"{sidecar}:{line_of(sidecar, 'slug')}: 'slug': {e.message}",
                          hint="a slug needs letters or digits (a-z, 0-9, '-', '_')") from None


def load_sidecar_meta(path: Path) -> dict:
    """``seeds/<stem>.meta.toml``: metadata an editor knows better than the scrape."""
    if not path.exists():
        return {}
    data = load_toml(path)
    problems = check_keys(data, META_KEYS, str(path))
    for k, v in data.items():
        if k == "date" and isinstance(v, (_dt.date, _dt.datetime)):
            data[k] = v.isoformat()
        elif k in META_KEYS and not isinstance(v, str):
            problems.append(f"{path}: {k!r} must be a string")
    raise_all(problems, path)
    return data
