"""Package metadata: identity, dates and accessibility metadata (EPUB Accessibility 1.1).

The accessibility metadata describes the book as built, never more: ``synchronizedAudioText``
and the auditory access mode only when media overlays are there, ``ttsMarkup`` (the vocabulary's term for
pronunciation hints such as PLS) only when a PLS lexicon is included. The conformance claim is WCAG 2.2 AA because the build is checked with
EPUBCheck and axe-core's WCAG 2.0-2.2 A/AA rules (tests/test_epub_validate.py, check-ace).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from ..model import Document

PIPELINE_NAME = "tts-publish-pipeline"
CERTIFIER_ENV = "PIPELINE_A11Y_CERTIFIER"  # read by pipeline.settings (a11y_certifier)
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
# When neither SOURCE_DATE_EPOCH nor the article's date is known: a fixed instant, so that
# rebuilding the same input gives the same bytes.
FALLBACK_MODIFIED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"https://example.invalid/{PIPELINE_NAME}/epub")


def identifier(slug: str) -> str:
    """Stable book identifier derived from the slug: the same article keeps its identity."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, slug)}"


def parse_date(text: str) -> dt.datetime | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?", (text or "").strip())
    if not m:
        return None
    try:
        parts = [int(x) if x else 0 for x in m.groups()]
        return dt.datetime(*parts, tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def modified(doc: Document, settings) -> dt.datetime:
    """``dcterms:modified``: SOURCE_DATE_EPOCH when set, else the article's date, else a fixed value."""
    return settings.build_time() or parse_date(doc.meta.date) or FALLBACK_MODIFIED


def certifier(explicit: str | None, settings) -> str:
    """``--certified-by``, else the settings' ``a11y_certifier`` ($PIPELINE_A11Y_CERTIFIER), else us."""
    return (explicit or settings.a11y_certifier or "").strip() or PIPELINE_NAME


@dataclass(frozen=True)
class Features:
    overlays: bool
    pronunciation: bool
    parts: int
    narrator: str = ""


def accessibility(features: Features, certified_by: str) -> list[tuple[str, str]]:
    """(property, value) pairs for the package metadata."""
    modes = ["textual"] + (["auditory"] if features.overlays else [])
    feats = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "unlocked"]
    if features.overlays:
        feats.append("synchronizedAudioText")
    if features.pronunciation:
        feats.append("ttsMarkup")  # schema.org / W3C a11y vocabulary term for PLS pronunciation hints
    summary = ("A news article as an EPUB 3 book: semantic headings, byline, pull quote and paragraphs in "
               "reading order, a table of contents, text that follows the reader's font, size and colour "
               "settings, no images, no hazards.")
    if features.overlays:
        who = f" ({features.narrator})" if features.narrator else ""
        summary += (f" Every sentence has synchronised narration{who}: media overlays highlight the "
                    "sentence being read, so the book can be read, heard, or both.")
    else:
        summary += " There is no narration in this edition."
    if features.pronunciation:
        summary += " A pronunciation lexicon (PLS) is included for text-to-speech."
    summary += (" Meets WCAG 2.2 Level AA as checked with EPUBCheck and axe-core (Ace); "
                "the text is generated automatically from a reviewed source.")
    pairs = [("schema:accessMode", m) for m in modes]
    pairs += [("schema:accessModeSufficient", "textual")]
    if features.overlays:
        pairs += [("schema:accessModeSufficient", "auditory")]
    pairs += [("schema:accessibilityFeature", f) for f in feats]
    pairs += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary)]
    pairs += [("schema:accessibilityAPI", "ARIA"), ("schema:accessibilityControl", "fullKeyboardControl"),
              ("schema:accessibilityControl", "fullMouseControl"), ("schema:accessibilityControl", "fullTouchControl")]
    pairs += [("dcterms:conformsTo", CONFORMANCE), ("a11y:certifiedBy", certified_by)]
    return pairs
