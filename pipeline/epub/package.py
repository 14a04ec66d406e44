"""Assemble the EPUB with ebooklib and make its bytes reproducible.

ebooklib writes the package document (metadata, manifest, spine), the NCX (kept for older,
EPUB 2 reading systems) and the container. Its zip carries the current time and ebooklib's own
compression choices, so :func:`reproducible_zip` rewrites it: ``mimetype`` first and stored, every
entry with the same fixed date and permissions, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from ebooklib import epub

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_STORED_SUFFIXES = (".mp3", ".m4a", ".jpg", ".png")  # already compressed


@dataclass
class Item:
    id: str
    href: str  # relative to the package document
    media_type: str
    content: bytes
    properties: list[str] = field(default_factory=list)
    media_overlay: str | None = None
    in_spine: bool = False


@dataclass
class Package:
    identifier: str
    title: str
    language: str
    direction: str
    modified: dt.datetime
    creator: str = ""
    publisher: str = ""
    source: str = ""
    date: str = ""
    meta: list[tuple[str, str, str | None]] = field(default_factory=list)  # (property, value, refines)
    items: list[Item] = field(default_factory=list)
    ncx_toc: list = field(default_factory=list)  # ebooklib Links / (Link, [Links]) for the NCX
    cover_id: str = ""  # manifest id of the cover image (also named in an EPUB 2 <meta name="cover">)


def build(pkg: Package) -> bytes:
    book = epub.EpubBook()
    book.set_identifier(pkg.identifier)
    book.set_title(pkg.title)
    book.set_language(pkg.language)
    if pkg.direction == "rtl":
        book.set_direction("rtl")
    if pkg.creator:
        book.add_author(pkg.creator)
    for name, value in (("publisher", pkg.publisher), ("source", pkg.source), ("date", pkg.date)):
        if value:
            book.add_metadata("DC", name, value)
    if pkg.cover_id:
        book.add_metadata(None, "meta", "", {"name": "cover", "content": pkg.cover_id})
    for prop, value, refines in pkg.meta:
        attrs = {"property": prop}
        if refines:
            attrs["refines"] = refines
        book.add_metadata(None, "meta", value, attrs)
    spine = []
    for it in pkg.items:
        item = epub.EpubItem(uid=it.id, file_name=it.href, media_type=it.media_type, content=it.content)
        item.properties = list(it.properties)
        item.media_overlay = it.media_overlay
        book.add_item(item)
        if it.in_spine:
            spine.append(item)
    book.add_item(epub.EpubNcx())
    book.toc = pkg.ncx_toc
    book.spine = spine
    raw = io.BytesIO()
    writer = _Writer(raw, book, {
        "mtime": pkg.modified, "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False,
        "play_order": {"enabled": True, "start_from": 1}, "compresslevel": 0,
    })
    writer.process()
    writer.write()
    return reproducible_zip(raw.getvalue(), pkg.modified)


class _Writer(epub.EpubWriter):
    """ebooklib's writer, plus ``xml:lang`` on the package element (the OPF's own language)."""

    def _write_opf_file(self, root):
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


def zip_date(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    if when.year < 1980:
        return FIXED_ZIP_DATE
    when = when.astimezone(dt.timezone.utc)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def reproducible_zip(raw: bytes, when: dt.datetime) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(raw))
    names = src.namelist()
    ordered = ["mimetype"] + [n for n in names if n != "mimetype"]
    out = io.BytesIO()
    date = zip_date(when)
    with zipfile.ZipFile(out, "w") as z:
        for name in ordered:
            info = zipfile.ZipInfo(name, date)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = name == "mimetype" or name.endswith(_STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, src.read(name), compresslevel=None if stored else 9)
    return out.getvalue()
