"""XHTML content for the EPUB: the cleaned document split into parts, one element per sentence.

Every sentence becomes ``<span id="p003s02">`` (its id is the SMIL fragment and the timing-map
key). Blocks keep their meaning: the headline is ``h1``, sub-headings ``h2``.., the byline a
``p.byline``, the pull quote a ``figure`` holding a ``blockquote`` and its attribution as the
``figcaption``, paragraphs ``p``; a list is ``ol``/``ul`` (one ``li`` per item), a standfirst a
``p.standfirst`` (not a heading), a figure a ``figure`` with its image's text alternative and its
caption as ``figcaption`` (no sentence spans: figures are not narrated). Long articles are split into several content documents at block
boundaries (preferring section headings) so that reading systems stay fast.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import Block, Document, Sentence
from ..render import render

# Splitting long articles: a part closes once it holds MAX_WORDS words (at the next block
# boundary), or at a section heading once it holds MIN_WORDS_BEFORE_HEADING words.
MAX_WORDS = 6000
MIN_WORDS_BEFORE_HEADING = 1500

DEFAULT_TITLE = "Untitled article"
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Characters XML 1.0 cannot hold (C0 controls except tab/newline/CR, surrogates, U+FFFE/U+FFFF),
# plus C1 controls and other invisible format controls that have no business in a book.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that is safe inside XML (escaping is the template's job): no control characters,
    white space collapsed."""
    return " ".join(_XML_BAD.sub("", unicodedata.normalize("NFC", text or "")).split())


def book_language(doc: Document) -> str:
    lang = (doc.meta.language or "").strip().replace("_", "-")
    return lang if _LANG_RE.match(lang) else "en"


def base_direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def text_direction(text: str) -> str | None:
    """Direction of the first strong character ('ltr'/'rtl'), None when there is none."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi == "L":
            return "ltr"
        if bidi in ("R", "AL"):
            return "rtl"
    return None


def book_title(doc: Document) -> str:
    return xml_text(doc.meta.title) or next(
        (xml_text(b.text) for b in doc.blocks if b.kind == "heading" and xml_text(b.text)), DEFAULT_TITLE)


@dataclass
class Part:
    """One content document: consecutive blocks of the article."""

    index: int  # 1-based
    blocks: list[Block] = field(default_factory=list)
    words: int = 0

    @property
    def name(self) -> str:
        return f"part-{self.index:03d}"

    @property
    def href(self) -> str:  # relative to the package document
        return f"text/{self.name}.xhtml"

    @property
    def item_id(self) -> str:
        return f"text-{self.index:03d}"

    def sentences(self) -> list[Sentence]:
        return [s for b in self.blocks for s in b.all_sentences()]


def split_parts(doc: Document, *, max_words: int | None = None,
                min_words_before_heading: int | None = None) -> list[Part]:
    max_words = max_words or MAX_WORDS
    min_words_before_heading = min_words_before_heading or MIN_WORDS_BEFORE_HEADING
    parts = [Part(1)]
    for b in doc.blocks:
        cur = parts[-1]
        n = len(b.text.split()) + (len(b.attribution.text.split()) if b.attribution else 0)
        if cur.blocks:
            at_section = b.kind == "heading" and b.level > 1 and cur.words >= min_words_before_heading
            too_long = cur.words + n > max_words and cur.blocks[-1].kind != "heading"
            if at_section or too_long:
                cur = Part(len(parts) + 1)
                parts.append(cur)
        cur.blocks.append(b)
        cur.words += n
    return parts


@dataclass
class TocEntry:
    label: str
    href: str  # relative to the package document
    level: int
    uid: str


def toc_entries(parts: list[Part], title: str) -> list[TocEntry]:
    """Every heading; a part that does not start with one gets an entry named by its first words."""
    entries = []
    for part in parts:
        first = part.blocks[0] if part.blocks else None
        if first is not None and first.kind != "heading":
            words = xml_text(" ".join(s.text for s in part.sentences())).split()
            label = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            entries.append(TocEntry(label or title, part.href, 1, f"toc-{part.name}"))
        for b in part.blocks:
            if b.kind == "heading" and xml_text(b.text):
                entries.append(TocEntry(xml_text(b.text), f"{part.href}#{b.id}", 1 if b.level <= 1 else 2,
                                        f"toc-{b.id}"))
    if not entries:
        entries.append(TocEntry(title, parts[0].href, 1, "toc-start"))
    return entries


def nested_toc(entries: list[TocEntry]) -> list[dict]:
    """Two levels: sub-headings nest under the entry before them."""
    tree: list[dict] = []
    for e in entries:
        if e.level > 1 and tree:
            tree[-1]["children"].append({"entry": e, "children": []})
        else:
            tree.append({"entry": e, "children": []})
    return tree


def outline_levels(part: Part) -> dict[str, int]:
    """Heading levels as rendered: never deeper than one below the heading before (h1 -> h3 becomes
    h1 -> h2), since a skipped level misleads screen-reader users. Every part starts under an h1
    (the headline or the running head)."""
    levels, prev = {}, 1
    for b in part.blocks:
        if b.kind == "heading":
            prev = levels[b.id] = max(1, min(b.level or 1, prev + 1))
    return levels


def _view(block: Block, base_dir: str, level: int = 1) -> dict:
    def spans(sentences):
        return [{"id": s.id, "text": xml_text(s.text)} for s in sentences]

    d = text_direction(xml_text(block.text))
    return {
        "id": block.id,
        "kind": block.kind,
        "level": min(level, 6),
        "dir": d if d and d != base_dir else None,
        "sentences": spans(block.sentences) if block.sentences else [],
        "attribution": spans([block.attribution])[0] if block.attribution else None,
        "list_items": [spans(group) for group in block.item_sentences()] if block.kind == "list" else [],
        "ordered": block.ordered,
        "caption": xml_text(block.text) if block.kind == "figure" else "",
        "alt": xml_text(block.alt),
    }


def render_part(part: Part, *, title: str, lang: str, pls_href: str | None, total: int) -> str:
    direction = base_direction(lang)
    levels = outline_levels(part)
    return render(
        "epub/content.xhtml",
        title=title if total == 1 else f"{title} ({part.index}/{total})",
        lang=lang, dir=direction, pls=pls_href,
        # a part without the headline (a continuation, or an untitled article) is headed by the
        # book's title: every content document has one level-one heading (not a sentence: not narrated)
        running_head=None if any(b.kind == "heading" and b.level <= 1 for b in part.blocks) else title,
        blocks=[_view(b, direction, levels.get(b.id, 1)) for b in part.blocks],
    )


def render_nav(entries: list[TocEntry], parts: list[Part], *, title: str, lang: str) -> str:
    ui_lang = None if lang.lower().startswith("en") else "en"  # the nav's own labels are English
    return render("epub/nav.xhtml", title=title, lang=lang, dir=base_direction(lang), ui_lang=ui_lang,
                  toc=nested_toc(entries), start=parts[0].href)
