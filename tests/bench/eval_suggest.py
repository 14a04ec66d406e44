"""Suggestion recall and precision on the 24 real pages of ../shared/corpus with planted artefacts.

Each page is ingested (the project's HTML ingest when it exists, else the expected article text),
damaged by the seeded generator (``pipeline.suggest.plant``: letters swapped, dropped or doubled in
common words and names), and run through the detectors. A planted artefact is found when a
suggestion covers it; a suggestion is right when it covers a planted artefact. Also printed:
how often the proposed fix is the original word, and the flags on the undamaged pages.
"""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.model import Block, Document, Metadata
from pipeline.suggest import find_suggestions
from pipeline.suggest.plant import plant

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "readability-pages"
SEEDS = (1, 2, 3)


def load_page(folder: Path) -> tuple[Document, str]:
    """The page's cleaned document: the project's HTML ingest, else the expected article text."""
    try:
        from pipeline.corrections import CorrectionsList
        from pipeline.ingest.furniture import load_furniture
        from pipeline.ingest.html import ingest_html
        from pipeline.stages import clean

        html = (folder / "source.html").read_text("utf-8", errors="replace")
        furniture = load_furniture(REPO / "seeds" / "furniture.toml")
        doc = ingest_html(html, slug=folder.name.replace(".", "-"), source="source.html", furniture=furniture)
        return clean(doc, CorrectionsList(path=REPO / "seeds" / "corrections.toml")), "pipeline ingest_html"
    except Exception as e:  # the HTML ingest is absent (or failing on this page): say so, use the text
        from bs4 import BeautifulSoup

        print(f"  {folder.name}: expected.html text used ({type(e).__name__}: {str(e)[:80]})")

        soup = BeautifulSoup((folder / "expected.html").read_text("utf-8", errors="replace"), "lxml")
        blocks = []
        for el in soup.find_all(["h1", "h2", "h3", "p", "li", "blockquote"]):
            text = " ".join(el.get_text(" ").split())
            if text and not el.find_parent(["p", "li", "blockquote"]):
                blocks.append(Block(id=f"p{len(blocks) + 1:03d}", kind="paragraph", text=text))
        return Document(meta=Metadata(slug=folder.name), blocks=blocks), "expected.html text"


def run() -> dict | None:
    if not CORPUS.is_dir():
        print(f"SKIPPED: corpus not found at {CORPUS}")
        return None
    pages = sorted(p for p in CORPUS.iterdir() if (p / "source.html").exists())
    planted_n = found = flagged = right_flags = fix_ok = clean_flags = 0
    by_kind: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    source = ""
    misses, false = [], []
    for page in pages:
        doc, source = load_page(page)
        clean_flags += len(find_suggestions(doc))
        for seed in SEEDS:
            damaged, planted = plant(doc, seed)
            sugg = find_suggestions(damaged)
            flagged += len(sugg)
            planted_n += len(planted)
            for p in planted:
                hit = [s for s in sugg if s.block == p.block and s.start < p.end and p.start < s.end]
                k = by_kind.setdefault(("name " if p.name else "word ") + p.kind, [0, 0])
                k[1] += 1
                if hit:
                    found += 1
                    k[0] += 1
                    fix_ok += any(s.right == p.right for s in hit)
                else:
                    misses.append(f"{p.wrong}->{p.right}")
            for s in sugg:
                if any(s.block == p.block and s.start < p.end and p.start < s.end for p in planted):
                    right_flags += 1
                else:
                    false.append(f"{s.wrong}->{s.right}")
    dt = time.perf_counter() - t0
    recall = found / planted_n if planted_n else 0.0
    precision = right_flags / flagged if flagged else 0.0
    print(f"pages: {len(pages)} ({source}); seeds {SEEDS}; planted {planted_n}, suggestions {flagged}")
    print(f"recall    {recall:.1%}  ({found}/{planted_n})   target >= 80%")
    print(f"precision {precision:.1%}  ({right_flags}/{flagged})   target >= 50%")
    print(f"fix = original word: {fix_ok}/{found} found")
    print(f"flags on the undamaged pages: {clean_flags} over {len(pages)} pages")
    for k, (f, n) in sorted(by_kind.items()):
        print(f"  {k:13s} {f}/{n}")
    print("  missed (first 30):", ", ".join(misses[:30]))
    print("  false flags (first 40):", ", ".join(false[:40]))
    print(f"time: {dt:.1f} s")
    return {"recall": recall, "precision": precision}


if __name__ == "__main__":
    run()
