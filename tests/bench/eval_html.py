"""HTML ingestion against Readability's reference extractions, on both corpus folders.

``../shared/corpus/readability-pages`` (24 pages) and ``readability-pages-2`` (42 pages, 11 not in
English). For every page: token-level F1 of the article body (every block after the headline and
byline, figures included, the way the EPUB and the full text show it) against the text of
``expected.html``, next to the F1 of readability-lxml alone and of trafilatura alone on the same
page (they too return the body without headline or byline, like the reference), and whether
``doc.meta.title`` equals ``expected-metadata.json``'s title. The F1 of the full text (headline
and byline blocks included) is printed too (``+hdr``): on a 100-word page those two blocks alone
cost 0.02-0.04, so it is not the gated figure.

Floors (the run fails when one is missed): mean F1 >= 0.985, min F1 >= 0.93, no page more than
0.02 below the better of readability-lxml and trafilatura alone, titles right on >= 95% of pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import trafilatura
from lxml import html as lhtml
from readability import Document as Readability

from pipeline.errors import PipelineError
from pipeline.ingest.furniture import load_furniture
from pipeline.ingest.html import ingest_html
from pipeline.ingest.measure import same_title, token_f1

REPO = Path(__file__).resolve().parents[2]
FOLDERS = ("readability-pages", "readability-pages-2")
ROOTS = (Path("/work/shared/corpus"), REPO.parent / "shared" / "corpus")
TARGET_MEAN, TARGET_MIN, TARGET_TITLES, MAX_BELOW_BEST = 0.985, 0.93, 0.95, 0.02


def corpus_dirs() -> list[Path]:
    root = next((r for r in ROOTS if all((r / f).is_dir() for f in FOLDERS)), None)
    return [root / f for f in FOLDERS] if root else []


def reference_text(path: Path) -> str:
    return lhtml.fromstring(path.read_text(encoding="utf-8")).text_content()


def readability_text(source: str) -> str:
    reader = Readability(source)
    return lhtml.fromstring(reader.summary(html_partial=True) or "<div></div>").text_content()


def trafilatura_text(source: str) -> str:
    return trafilatura.extract(source, include_comments=False, include_tables=True) or ""


def evaluate(corpus: Path) -> list[dict]:
    furniture = load_furniture(REPO / "seeds" / "furniture.toml")
    rows = []
    for page in sorted(p for p in corpus.iterdir() if (p / "source.html").is_file()):
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        source = (page / "source.html").read_text(encoding="utf-8", errors="replace")
        try:
            doc = ingest_html(source, slug=page.name, source=f"{page.name}/source.html", furniture=furniture)
            body = "\n\n".join(b.text for b in doc.blocks if not _is_header(b))
            got, full, title, language, error = body, doc.text(), doc.meta.title, doc.meta.language, ""
        except PipelineError as e:
            got, full, title, language, error = "", "", "", "", str(e)
        reference = reference_text(page / "expected.html")
        rows.append({
            "folder": corpus.name,
            "page": page.name,
            "f1": token_f1(got, reference),
            "full_f1": token_f1(full, reference),
            "readability_f1": token_f1(readability_text(source), reference),
            "trafilatura_f1": token_f1(trafilatura_text(source), reference),
            "title_ok": same_title(title, expected.get("title") or ""),
            "title": title,
            "expected_title": expected.get("title") or "",
            "language": language,
            "error": error,
        })
    return rows


def _is_header(block) -> bool:
    return block.kind == "byline" or (block.kind == "heading" and block.level == 1)


def summary_line(label: str, rows: list[dict]) -> str:
    def stats(key: str) -> str:
        vals = [r[key] for r in rows]
        return f"mean {sum(vals) / len(vals):.3f} min {min(vals):.3f}"

    titles = sum(r["title_ok"] for r in rows) / len(rows)
    return (f"{label:<20} {len(rows):>2} pages | pipeline F1 {stats('f1')} (+hdr {stats('full_f1')}) | "
            f"readability-lxml {stats('readability_f1')} | trafilatura {stats('trafilatura_f1')} | titles {titles:.1%}")


def misses(rows: list[dict]) -> list[str]:
    """The floors this run misses (empty when all are met)."""
    f1s = [r["f1"] for r in rows]
    out = []
    if sum(f1s) / len(f1s) < TARGET_MEAN:
        out.append(f"mean F1 {sum(f1s) / len(f1s):.4f} < {TARGET_MEAN}")
    if min(f1s) < TARGET_MIN:
        out.append(f"min F1 {min(f1s):.3f} < {TARGET_MIN}")
    for r in rows:
        best = max(r["readability_f1"], r["trafilatura_f1"])
        if r["f1"] < best - MAX_BELOW_BEST:
            out.append(f"{r['page']}: F1 {r['f1']:.3f} more than {MAX_BELOW_BEST} below the best single extractor ({best:.3f})")
    titles = sum(r["title_ok"] for r in rows) / len(rows)
    if titles < TARGET_TITLES:
        out.append(f"titles {titles:.0%} < {TARGET_TITLES:.0%}")
    return out


def run() -> None:
    dirs = corpus_dirs()
    if not dirs:
        print("eval_html: SKIPPED: no corpus at ../shared/corpus/readability-pages{,-2} (nothing measured)")
        return
    rows = []
    for corpus in dirs:
        print(f"--- {corpus.name}")
        print(f"{'page':<30} {'F1':>5} {'+hdr':>5} {'rdblty':>6} {'trafil':>6}  lang   title")
        for r in evaluate(corpus):
            rows.append(r)
            best = max(r["readability_f1"], r["trafilatura_f1"])
            flag = " <<" if r["f1"] < best - MAX_BELOW_BEST else ""
            line = (f"{r['page']:<30} {r['f1']:.3f} {r['full_f1']:.3f} {r['readability_f1']:.3f} {r['trafilatura_f1']:.3f}  "
                    f"{r['language']:<6} {'ok' if r['title_ok'] else 'NO'}{flag}")
            if not r["title_ok"]:
                line += f"  got {r['title'][:60]!r}, expected {r['expected_title'][:60]!r}"
            if r["error"]:
                line += f"  ERROR {r['error']}"
            print(line, flush=True)
    for corpus in dirs:
        print(summary_line(corpus.name, [r for r in rows if r["folder"] == corpus.name]))
    print(summary_line("all", rows))
    missed = misses(rows)
    print(f"targets: mean F1 >= {TARGET_MEAN}, min F1 >= {TARGET_MIN}, no page > {MAX_BELOW_BEST} below the "
          f"better single extractor, titles >= {TARGET_TITLES:.0%}: {'MET' if not missed else 'NOT MET'}")
    if missed:
        raise AssertionError("; ".join(missed))


if __name__ == "__main__":
    try:
        run()
    except AssertionError as e:
        print(f"eval_html: FAILED: {e}")
        sys.exit(1)
