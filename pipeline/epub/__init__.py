"""Accessible EPUB 3 with synchronised narration: ``build_epub(doc, project, out_dir)``.

Reads the cleaned, segmented document and, for narration, the audio stage's ``timing.json`` and
``<slug>.mp3`` in ``out_dir``; writes ``out_dir/<slug>.epub`` atomically and the ``epub`` section
of report.json. Modules: :mod:`.content` (XHTML and navigation), :mod:`.overlays` (SMIL and the
narration audio), :mod:`.metadata` (identity and accessibility metadata), :mod:`.package`
(ebooklib assembly, reproducible zip).
"""

from __future__ import annotations

from pathlib import Path

from ebooklib import epub as _ebooklib

from .. import clock
from ..config import Project
from ..errors import ConfigError, InputError
from ..files import write_bytes
from ..model import Document
from ..render import render
from ..report import update_report
from ..speech.voices import VoiceProfile
from ..timing import Timing, read_timing, read_timing_if_any
from . import content, metadata, overlays
from .package import Item, Package, build as zip_package

__all__ = ["build", "build_epub", "narration_available"]

ACTIVE_CLASS = "-epub-media-overlay-active"
PLS_HREF = "lexicon/pronunciation.pls"
CACHE_DIR = ".cache"  # inside out_dir: the EPUB's re-encoded narration, keyed by the master's hash


def narration_available(out_dir: Path) -> bool:
    """True when the audio stage's timing map and narration are both in ``out_dir``."""
    timing, _ = read_timing_if_any(out_dir)
    return timing is not None and (Path(out_dir) / timing.audio).is_file()


def build(ctx) -> list[Path]:
    """The ``epub`` output (see pipeline/outputs.py): overlays when the run narrates."""
    return build_epub(ctx.doc, ctx.project, ctx.out_dir, narration=ctx.narrated, profile=ctx.profile,
                      timing=ctx.made.get("timing"))


def build_epub(doc: Document, project: Project, out_dir: Path, *, narration: bool = True,
               profile: VoiceProfile | None = None, certified_by: str | None = None,
               timing: Timing | None = None) -> list[Path]:
    """Write ``out_dir/<slug>.epub``; returns the paths written (the EPUB and report.json).

    ``narration=True`` needs the narration in ``out_dir`` and its timing map (``timing``, else read
    from ``out_dir/timing.json``; InputError when missing or stale); ``narration=False`` builds a
    text-only edition. ``certified_by`` (default: $PIPELINE_A11Y_CERTIFIER
    or the pipeline's name) names who vouches for the accessibility claims.
    """
    out_dir = Path(out_dir)
    sentences = list(doc.sentences())
    if not sentences:
        raise InputError(f"{doc.meta.slug}: the document has no sentences; run the segment stage first")
    ids = [s.id for s in sentences]
    if len(set(ids)) != len(ids):
        raise InputError(f"{doc.meta.slug}: sentence ids are not unique")
    if not narration:
        timing = None
    elif timing is None:
        timing = read_timing(out_dir, ids)
    else:
        timing.check_sentences(ids)
    narration_mp3 = overlays.narration_audio(out_dir, timing) if timing is not None else None
    if profile is None:
        profile = _profile(project, doc, required=narration)

    lang = content.book_language(doc)
    title = content.book_title(doc)
    parts = content.split_parts(doc)
    pls = _pronunciation_lexicon(profile, lang)
    items: list[Item] = [Item("css", "css/book.css", "text/css", render("epub/book.css").encode())]
    if pls:
        items.append(Item("pls", PLS_HREF, "application/pls+xml", pls.encode("utf-8")))
    entries = content.toc_entries(parts, title)
    items.append(Item("nav", "nav.xhtml", "application/xhtml+xml",
                      content.render_nav(entries, parts, title=title, lang=lang).encode(), ["nav"]))
    meta: list[tuple[str, str, str | None]] = []
    total_ms = 0
    audio_href = f"audio/{doc.meta.slug}.mp3"
    for part in parts:
        xhtml = content.render_part(part, title=title, lang=lang, pls_href=PLS_HREF if pls else None,
                                    total=len(parts))
        smil_id = None
        if timing is not None:
            smil_id = f"smil-{part.index:03d}"
            smil, ms = overlays.render_overlay(part, timing, audio_href)
            items.append(Item(smil_id, f"smil/{part.name}.smil", "application/smil+xml", smil.encode()))
            meta.append(("media:duration", clock.smil(ms), f"#{smil_id}"))
            total_ms += ms
        items.append(Item(part.item_id, part.href, "application/xhtml+xml", xhtml.encode(),
                          media_overlay=smil_id, in_spine=True))
    if timing is not None:
        audio = overlays.epub_audio(narration_mp3, timing, out_dir / CACHE_DIR)
        _prune_cache(out_dir / CACHE_DIR, keep=audio)
        items.append(Item("narration", audio_href, "audio/mpeg", audio.read_bytes()))
        meta.append(("media:duration", clock.smil(total_ms), None))
        meta.append(("media:active-class", ACTIVE_CLASS, None))
        if profile is not None and profile.narrator:
            meta.append(("media:narrator", content.xml_text(profile.narrator), None))

    features = metadata.Features(overlays=timing is not None, pronunciation=bool(pls), parts=len(parts),
                                 narrator=content.xml_text(profile.narrator) if profile and timing else "")
    meta += [(p, v, None) for p, v in metadata.accessibility(features, metadata.certifier(certified_by, project.settings))]
    when = metadata.modified(doc, project.settings)
    pkg = Package(
        identifier=metadata.identifier(doc.meta.slug), title=title, language=lang,
        direction=content.base_direction(lang), modified=when,
        creator=content.xml_text(doc.meta.author), publisher=content.xml_text(doc.meta.publisher),
        source=content.xml_text(doc.meta.source),
        date=_iso_date(doc.meta.date), meta=meta, items=items,
        ncx_toc=_ncx(entries),
    )
    path = write_bytes(out_dir / f"{doc.meta.slug}.epub", zip_package(pkg))
    report = update_report(out_dir, "epub", {
        "file": path.name, "content_documents": len(parts), "sentences": len(sentences),
        "narration": timing is not None, "media_duration_ms": total_ms if timing else 0,
        "pronunciation_lexicon": bool(pls), "language": lang, "title": title,
        "identifier": pkg.identifier, "modified": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "conforms_to": metadata.CONFORMANCE,
    })
    return [path, report]


def _profile(project: Project, doc: Document, *, required: bool) -> VoiceProfile | None:
    """The voice profile chosen for the article (as the audio stage chooses it)."""
    from ..speech.choose import choose_profile

    try:
        return choose_profile(project, doc)[0]
    except ConfigError:
        if required:
            raise
        return None


def _pronunciation_lexicon(profile: VoiceProfile | None, lang: str) -> str | None:
    """W3C PLS for the voice's lexicons, when there are any (None when they have no entry)."""
    if profile is None or not profile.lexicons:
        return None
    from ..speech.lexicon import load_lexicons

    pls = load_lexicons(list(profile.lexicons)).to_pls(lang)
    return pls if pls and "<lexeme" in pls else None


def _prune_cache(cache: Path, keep: Path) -> None:
    for old in cache.glob("narration-*.mp3"):
        if old != keep:
            old.unlink(missing_ok=True)


def _iso_date(text: str) -> str:
    d = metadata.parse_date(text)
    return d.strftime("%Y-%m-%d") if d else ""


def _ncx(entries: list[content.TocEntry]) -> list:
    out: list = []
    for e in entries:
        link = _ebooklib.Link(e.href, e.label, e.uid)
        if e.level > 1 and out:
            head = out[-1]
            if isinstance(head, tuple):
                head[1].append(link)
            else:
                out[-1] = (head, [link])
        else:
            out.append(link)
    return out
