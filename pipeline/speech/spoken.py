"""Text -> spoken form. Minimal first version: white space only (lexicon and normalisation to come)."""

from __future__ import annotations

from .voices import VoiceProfile


def to_spoken(text: str, profile: VoiceProfile, fired: dict) -> str:
    """What the engine should say for ``text``; records what fired in ``fired``."""
    return " ".join(text.split())
