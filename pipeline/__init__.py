"""One reviewed source -> audio narration, accessible EPUB 3 and a plain-language summary page."""

__version__ = "0.1.0"
