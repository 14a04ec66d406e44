"""Text -> spoken form: what the engine is asked to say for one sentence.

Order (each step counted in ``fired``, see the README "Spoken form"):

1. white space collapsed;
2. the profile's pronunciation lexicons (``profile.lexicons``, in order): names respelt as the
   engine says them right, on the written words (so "Dr" or "MP" in a lexicon grapheme is seen
   before normalisation rewrites it); an engine that reads misaki phonemes (hibari) gets
   ``[Salford](/sˈɔlfəd/)`` instead, kept whole through normalisation;
3. speech normalisation (``normalise.Normaliser`` for ``profile.language``): quotes, URLs, money,
   years, times, abbreviations, initialisms, dashes, symbols.

The written text is never changed: only ``SpokenSentence.spoken`` is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .lexicon import Lexicon, load_lexicons
from .normalise import Normaliser
from .voices import VoiceProfile


def _stamp(paths: tuple[Path, ...]) -> tuple:
    out = []
    for p in paths:
        try:
            st = Path(p).stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), 0, 0))
    return tuple(out)


@lru_cache(maxsize=16)
def _lexicon(stamp: tuple, language: str) -> Lexicon:
    return load_lexicons([Path(p) for p, _, _ in stamp], language=language)


def lexicon_for(profile: VoiceProfile) -> Lexicon:
    """The profile's lexicons, loaded once (reloaded if a file changes). ``.digest()`` is for cache keys."""
    return _lexicon(_stamp(tuple(profile.lexicons)), profile.language)


@lru_cache(maxsize=16)
def normaliser_for(language: str) -> Normaliser:
    return Normaliser(language)


INLINE = re.compile(r"\[[^\]]+\]\(/[^)]*/\)")  # "[Salford](/sˈɔlfəd/)": phonemes for the engine


@lru_cache(maxsize=16)
def pronunciation_form(engine: str) -> str:
    from .engine import Engine, known_engine

    return (known_engine(engine) or Engine).PRONUNCIATION


def to_spoken(text: str, profile: VoiceProfile, fired: dict) -> str:
    """What the engine should say for ``text`` ("" = nothing speakable); records what fired in ``fired``."""
    s = " ".join(text.split())
    s = lexicon_for(profile).apply(s, fired, language=profile.language, form=pronunciation_form(profile.engine))
    inline = INLINE.findall(s)
    if not inline:
        return normaliser_for(profile.language)(s, fired)
    # normalisation must not touch the phonemes (it drops brackets as symbols): hold each in a
    # lower-case placeholder word no rule rewrites, then put it back
    holders = [f"zqxlex{chr(97 + i % 26)}{chr(97 + i // 26)}zqx" for i in range(len(inline))]
    it = iter(holders)
    s = INLINE.sub(lambda m: next(it), s)
    s = normaliser_for(profile.language)(s, fired)
    for h, original in zip(holders, inline):
        s = s.replace(h, original, 1)
    return s
