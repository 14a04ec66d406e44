"""The spoken script: what the narration says, sentence by sentence, kept apart from the text.

The written text (EPUB, summary) never changes here; only ``spoken`` does: the pronunciation
lexicon and speech normalisation (numbers, abbreviations, ...) turn each sentence into what the
engine should say. ``pipeline script ARTICLE`` dumps this so a person can read what will be said.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..model import Document
from .voices import VoiceProfile


@dataclass
class SpokenSentence:
    id: str  # the sentence id, used verbatim as timing-map key and VTT cue id
    text: str  # written text
    spoken: str  # what the engine is asked to say ("" = nothing speakable: a short silence)
    pause_after_ms: int  # silence after this sentence (from the voice profile)
    chapter: str | None = None  # a chapter starts at this sentence (title for ID3 CHAP)


@dataclass
class SpokenScript:
    slug: str
    profile: str
    sentences: list[SpokenSentence] = field(default_factory=list)
    fired: dict = field(default_factory=dict)  # what the lexicon and normalisation changed (for the report)

    def to_dict(self) -> dict:
        return asdict(self)


CHAPTER_TITLE_CHARS = 60  # ID3 CHAP titles: players show about this much


def short_title(text: str, limit: int = CHAPTER_TITLE_CHARS) -> str:
    """``text`` on one line without enclosing quotation marks (a pull quote's would be left open
    by the cut), cut at a word boundary to at most ``limit`` characters (with "…")."""
    text = " ".join(text.split()).strip("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb ")
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.\u2013\u2014-")
    return (cut or text[:limit - 1]) + "\u2026"


def chapter_titles(doc: Document) -> dict[str, str]:
    """Sentence id -> chapter title at the document's structural points: the headline, a pull
    quote, the start of the body and each headed section. Titles are the heading's text, or the
    first words of the part, at most CHAPTER_TITLE_CHARS characters. A standfirst belongs to the
    headline's chapter; a figure has no sentences (never narrated)."""
    chapters: dict[str, str] = {}
    body_started = False
    for b in doc.blocks:
        first = next(iter(b.all_sentences()), None)
        if first is None:
            continue
        if b.kind == "heading":
            chapters[first.id] = short_title(b.text)
            if b.level > 1:
                body_started = True
        elif b.kind == "quote":
            chapters[first.id] = short_title(first.text)
        elif b.kind in ("paragraph", "list") and not body_started:
            chapters[first.id] = short_title(first.text)
            body_started = True
    return chapters


def pause_after(doc: Document, profile: VoiceProfile) -> dict[str, int]:
    """Sentence id -> pause: sentence pause inside a block, paragraph/heading pause at a block's end
    and after each list item."""
    out: dict[str, int] = {}
    for b in doc.blocks:
        ids = [s.id for s in b.all_sentences()]
        for sid in ids[:-1]:
            out[sid] = profile.pause_ms("sentence")
        if b.kind == "list":
            out.update({item[-1].id: profile.pause_ms("paragraph") for item in b.item_sentences() if item})
        if ids:
            out[ids[-1]] = profile.pause_ms("heading" if b.kind in ("heading", "byline") else "paragraph")
    return out


def spoken_script(doc: Document, profile: VoiceProfile) -> SpokenScript:
    """Build the spoken script. Speech normalisation and the lexicon are applied by ``to_spoken``."""
    from .spoken import to_spoken  # lexicon + normalisation (pipeline/speech/spoken.py)

    chapters = chapter_titles(doc)
    pauses = pause_after(doc, profile)
    script = SpokenScript(slug=doc.meta.slug, profile=profile.name)
    fired: dict = {}
    for s in doc.sentences():
        spoken = to_spoken(s.text, profile, fired)
        script.sentences.append(SpokenSentence(s.id, s.text, spoken, pauses[s.id], chapters.get(s.id)))
    script.fired = fired
    return script
