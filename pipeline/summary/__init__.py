"""The plain-language summary page: ``output/<slug>/summary.html``.

``build_summary(doc, project, out_dir)`` chooses and simplifies the key points (or takes an
editor's), explains hard words from the reviewed glossary, measures the reading level, and writes
an accessible page with the narration player and the full transcript. See ``page.py``.
"""

from .page import build, build_summary, summarise

__all__ = ["build", "build_summary", "summarise"]
