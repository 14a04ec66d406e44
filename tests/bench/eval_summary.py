"""Summary pages on the seed and the shared corpus: reading level of the summary section
(check-readability --max-grade 6), targets met, hard words left for an editor, and axe-core
violations (check-axe, then our own run in dark mode and at 200% zoom).

Corpus pages are copied into a temporary seeds/ folder (never into the repository); skipped
clearly when ../shared/corpus is absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

from pipeline.config import Project
from pipeline.files import output_dir_for
from pipeline.stages import build_document
from pipeline.summary import build_summary

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "readability-pages"
CHECKS = REPO.parent / "shared" / "checks" / "bin"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _section(page: Path) -> Path:
    sec = BeautifulSoup(page.read_text("utf-8"), "lxml").find(id="summary")
    path = page.with_name("summary-section.html")
    path.write_text(f"<!DOCTYPE html><html lang=en><head><title>Summary</title></head><body>{sec}</body></html>")
    return path


def _own_axe(pages: list[Path]) -> dict[str, int]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    counts = {"dark": 0, "zoom200": 0}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        for mode, kw in {"dark": {"color_scheme": "dark"},
                         "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}}.items():
            ctx = b.new_context(**kw)
            page = ctx.new_page()
            for path in pages:
                page.goto(path.as_uri())
                res = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}}).response
                for v in res["violations"]:
                    counts[mode] += 1
                    print(f"  {mode}: {path.parent.name}: {v['id']} ({v['impact']})")
            ctx.close()
        b.close()
    return counts


def run() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="eval-summary-"))
    try:
        seeds = tmp / "seeds"
        shutil.copytree(REPO / "seeds", seeds)
        if CORPUS.is_dir():
            for d in sorted(CORPUS.iterdir()):
                if (d / "source.html").is_file():
                    shutil.copy(d / "source.html", seeds / f"corpus-{d.name}.html")
        else:
            print(f"corpus not found at {CORPUS}: seed only")
        project = Project(seeds=seeds, output=tmp / "output", voices=REPO / "voices")
        pages, rows, gen_rows = [], [], []
        for article in project.articles():
            try:
                doc = build_document(article, project)
                out = output_dir_for(project.output, doc.meta.slug)
                build_summary(doc, project, out)
            except Exception as e:  # one bad page must not hide the others
                print(f"{article.name}: FAILED {type(e).__name__}: {e}")
                continue
            page = out / "summary.html"
            pages.append(page)
            s = json.loads((out / "report.json").read_text())["summary"]
            check = "n/a"
            if (CHECKS / "check-readability").is_file():
                r = subprocess.run([str(CHECKS / "check-readability"), "--max-grade", "6", str(_section(page))],
                                   capture_output=True, text=True)
                check = r.stdout.strip().splitlines()[-1].split("readability: ")[-1] if r.stdout else r.stderr
            rows.append((doc.meta.slug, s["origin"], len(s["points"]), s["reading"], s["targets_met"],
                         len(s["hard_words_unexplained"]), check))
            # the generator alone (the editor's summary ignored), judged by the real checker
            gen_out = out.with_name(out.name + "-generated")
            build_summary(doc, project, gen_out, generated=True)
            g = json.loads((gen_out / "report.json").read_text())["summary"]
            gcheck, gok = "n/a", True
            if (CHECKS / "check-readability").is_file():
                r = subprocess.run([str(CHECKS / "check-readability"), "--max-grade", "6",
                                    str(_section(gen_out / "summary.html"))], capture_output=True, text=True)
                gok = r.returncode == 0
                gcheck = r.stdout.strip().splitlines()[-1].split("readability: ")[-1] if r.stdout else r.stderr
            gen_rows.append((doc.meta.slug, len(g["points"]), g["reading"], g["targets_met"] and gok, gcheck))
        print(f"{'article':34s} {'origin':9s} pts words grade avg  max  ok  hard  check-readability (section)")
        for slug, origin, n, r, ok, hard, check in rows:
            print(f"{slug[:34]:34s} {origin:9s} {n:3d} {r['words']:5d} {r['grade']:5.1f} {r['avg_sentence']:4.1f} "
                  f"{r['longest_sentence']:4d} {'yes' if ok else 'no ':3s} {hard:4d}  {check}")
        print("\ngenerated points only (editor's summary ignored; pass = grade <= 6, avg <= 15, max <= 25, "
              "60-250 words, links check, and check-readability --max-grade 6 on the section):")
        print(f"{'article':34s} pts words grade  avg  max pass  check-readability (section)")
        for slug, n, r, ok, check in gen_rows:
            print(f"{slug[:34]:34s} {n:3d} {r['words']:5d} {r['grade']:5.1f} {r['avg_sentence']:4.1f} "
                  f"{r['longest_sentence']:4d} {'yes' if ok else 'no ':4s}  {check}")
        gmet = sum(1 for row in gen_rows if row[3])
        print(f"generated points pass: {gmet}/{len(gen_rows)} pages; mean grade "
              f"{sum(r[2]['grade'] for r in gen_rows) / max(len(gen_rows), 1):.1f}\n")
        met = sum(1 for row in rows if row[4])
        print(f"summary targets met: {met}/{len(rows)} pages; mean grade "
              f"{sum(r[3]['grade'] for r in rows) / max(len(rows), 1):.1f}")
        if (CHECKS / "check-axe").is_file() and pages:
            r = subprocess.run([str(CHECKS / "check-axe"), *map(str, pages)], capture_output=True, text=True)
            print(f"check-axe on {len(pages)} pages: {r.stdout.strip().splitlines()[-1] if r.stdout else r.stderr}")
        if pages:
            counts = _own_axe(pages)
            print(f"own axe-core run on {len(pages)} pages: dark {counts['dark']} violations, "
                  f"200% zoom {counts['zoom200']} violations")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    run()
