"""The one normalisation pass of ingest: what every later stage may take for granted.

Applied once, to every piece of text an article yields (plain text, HTML blocks, titles and other
metadata), before any block is built:

- Unicode NFC (composed accents: "é" is one character, as the lexicon and the speech rules expect);
- invisible characters removed: soft hyphens (U+00AD, else "Vladi­mir" is spoken "Vladi mir" and
  kept in the captions), zero-width spaces (U+200B), word joiners (U+2060), byte-order marks, the
  bidi controls (U+200E/F, U+202A-E, U+2066-9, U+061C: the EPUB marks direction itself), and the
  zero-width joiners U+200C/U+200D except between two letters of a joining script (Arabic,
  Persian, Indic), where they change how a word is written;
- a drop cap rejoined: "Z imbabwe" (a capital set apart by the page's styling) -> "Zimbabwe".
  In HTML the drop-cap element itself is recognised (:mod:`.html`); in any text, a paragraph that
  starts with a lone capital other than the English words "A" and "I" followed by a lower-case
  word fragment is rejoined.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\u180e]")
_JOINING = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc\u0900-\u0dff"
# a joiner not between two letters of a joining script
STRAY_JOINER = re.compile(f"(?<![{_JOINING}])[\u200c\u200d]|[\u200c\u200d](?![{_JOINING}])")
DROP_CAP = re.compile(r"^([\"“‘'«]?)([B-HJ-Z]) ([a-z]{2,})")


def strip_invisible(text: str) -> str:
    """NFC and no invisible characters (see the module docstring). Idempotent."""
    text = unicodedata.normalize("NFC", text or "")
    return STRAY_JOINER.sub("", INVISIBLE.sub("", text))


def rejoin_drop_cap(paragraph: str) -> str:
    """"Z imbabwe's ..." -> "Zimbabwe's ..." at the start of a paragraph."""
    return DROP_CAP.sub(r"\1\2\3", paragraph, count=1)
