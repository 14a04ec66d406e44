"""HTML ingestion against Readability's reference extractions (../shared/corpus/readability-pages).

For every page: token-level F1 of all extracted block texts joined against the text of
``expected.html``, and whether ``doc.meta.title`` equals ``expected-metadata.json``'s title.
Targets: mean F1 >= 0.97, no page below 0.85, title match on >= 90% of pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html as lhtml

from readability import Document as Readability

from pipeline.errors import PipelineError
from pipeline.ingest.furniture import load_furniture
from pipeline.ingest.html import ingest_html
from pipeline.ingest.measure import same_title, token_f1

REPO = Path(__file__).resolve().parents[2]
CANDIDATES = (Path("/work/shared/corpus/readability-pages"), REPO.parent / "shared" / "corpus" / "readability-pages")
TARGET_MEAN, TARGET_MIN, TARGET_TITLES = 0.97, 0.85, 0.90


def corpus_dir() -> Path | None:
    return next((p for p in CANDIDATES if p.is_dir()), None)


def reference_text(path: Path) -> str:
    return lhtml.fromstring(path.read_text(encoding="utf-8")).text_content()


def evaluate(corpus: Path) -> list[dict]:
    furniture = load_furniture(REPO / "seeds" / "furniture.toml")
    rows = []
    for page in sorted(p for p in corpus.iterdir() if (p / "source.html").is_file()):
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        source = (page / "source.html").read_text(encoding="utf-8", errors="replace")
        try:
            doc = ingest_html(source, slug=page.name, source=f"{page.name}/source.html", furniture=furniture)
            got, title, error = doc.text(), doc.meta.title, ""
        except PipelineError as e:
            got, title, error = "", "", str(e)
        reference = reference_text(page / "expected.html")
        # the baseline: readability-lxml's own summary text, as the corpus README measured it
        reader = Readability(source)
        base_title = reader.short_title() or ""
        plain = lhtml.fromstring(reader.summary(html_partial=True) or "<div></div>").text_content()
        rows.append({
            "page": page.name,
            "f1": token_f1(got, reference),
            "base_f1": token_f1(plain, reference),
            "title_ok": same_title(title, expected.get("title") or ""),
            "base_title_ok": same_title(base_title, expected.get("title") or ""),
            "title": title,
            "expected_title": expected.get("title") or "",
            "error": error,
        })
    return rows


def run() -> None:
    corpus = corpus_dir()
    if corpus is None:
        print("eval_html: SKIPPED: no corpus at ../shared/corpus/readability-pages (nothing measured)")
        return
    rows = evaluate(corpus)
    for r in rows:
        line = (f"{r['page']:<18} F1 {r['f1']:.3f} (readability-lxml alone {r['base_f1']:.3f})"
                f"  title {'ok ' if r['title_ok'] else 'NO '}")
        if not r["title_ok"]:
            line += f" got {r['title']!r}, expected {r['expected_title']!r}"
        if r["error"]:
            line += f"  ERROR {r['error']}"
        print(line)
    f1s = [r["f1"] for r in rows]
    mean, low = sum(f1s) / len(f1s), min(f1s)
    titles = sum(r["title_ok"] for r in rows) / len(rows)
    base = [r["base_f1"] for r in rows]
    base_titles = sum(r["base_title_ok"] for r in rows) / len(rows)
    print(f"baseline readability-lxml alone: mean F1 {sum(base) / len(base):.3f}, min F1 {min(base):.3f}, "
          f"titles (short_title) {base_titles:.0%}")
    print(f"pages {len(rows)}: mean F1 {mean:.3f} (target >= {TARGET_MEAN}), min F1 {low:.3f} "
          f"(target >= {TARGET_MIN}), titles {titles:.0%} (target >= {TARGET_TITLES:.0%})")
    met = mean >= TARGET_MEAN and low >= TARGET_MIN and titles >= TARGET_TITLES
    print(f"targets {'MET' if met else 'NOT MET'}")


if __name__ == "__main__":
    run()
