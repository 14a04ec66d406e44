"""Generated summaries on every English page of both corpus folders and the seed (issue 14).

For each article the generated points (the editor's summary set aside) are built as the page
builds them, and the eval reports: points, refused candidates by reason, gate failures among the
*shown* points (re-checked here; must be 0), reading grade, average and longest sentence, words,
coverage of headline entities and lead lemmas, and fallbacks (no faithful set met the targets).
Ten sample points are printed so a person can read them. ``--axe`` also runs check-axe on the
pages. On a busy machine run shards in parallel and combine them::

    python -m tests.bench.eval_summary --shard=0/2 --json=/tmp/s0.json &
    python -m tests.bench.eval_summary --shard=1/2 --json=/tmp/s1.json; wait
    python -m tests.bench.eval_summary --combine /tmp/s0.json /tmp/s1.json

Corpus pages are copied into a temporary seeds/ folder (never into the repository); skipped
clearly when ../shared/corpus is absent. Non-English pages (by ``expected-metadata.json``'s
language, else the page's own ``lang``) are left out.
"""

from __future__ import annotations

import collections
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pipeline.config import Project
from pipeline.files import output_dir_for
from pipeline.stages import build_document
from pipeline.summary import build_summary
from pipeline.summary.gate import Context, refusal
from pipeline.summary.glossary import load_word_lists
from pipeline.summary.readability import MAX_AVG_SENTENCE, MAX_GRADE, MAX_SENTENCE

REPO = Path(__file__).resolve().parents[2]
CORPORA = [REPO.parent / "shared" / "corpus" / "readability-pages", REPO.parent / "shared" / "corpus" / "readability-pages-2"]
CHECKS = REPO.parent / "shared" / "checks" / "bin"


def english(d: Path) -> bool:
    meta = d / "expected-metadata.json"
    if meta.is_file():
        lang = (json.loads(meta.read_text("utf-8")).get("lang") or "").lower()
        if lang:
            return lang.startswith("en")
    return True


def run(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    tmp = Path(tempfile.mkdtemp(prefix="eval-summary-"))
    try:
        seeds = tmp / "seeds"
        shutil.copytree(REPO / "seeds", seeds)
        skipped = []
        for corpus in CORPORA:
            if not corpus.is_dir():
                print(f"corpus not found at {corpus}: left out")
                continue
            for d in sorted(corpus.iterdir()):
                if (d / "source.html").is_file():
                    if english(d):
                        shutil.copy(d / "source.html", seeds / f"{corpus.name[-1]}-{d.name}.html")
                    else:
                        skipped.append(d.name)
        print(f"left out as not English: {', '.join(skipped) or 'none'}")
        project = Project(seeds=seeds, output=tmp / "output", voices=REPO / "voices")
        lists = load_word_lists(seeds)
        rows, samples, reasons = [], [], collections.Counter()
        shown_failures = []
        started = time.monotonic()
        shard = next((a.split("=", 1)[1] for a in argv if a.startswith("--shard=")), "0/1")
        k, n_shards = (int(x) for x in shard.split("/"))
        for article in project.articles()[k::n_shards]:
            t0 = time.monotonic()
            try:
                doc = build_document(article, project)
                if (doc.meta.language or "en")[:2] != "en":
                    continue
                out = output_dir_for(project.output, doc.meta.slug)
                build_summary(doc, project, out, generated=True)
            except Exception as e:  # one bad page must not hide the others
                print(f"{article.name}: FAILED {type(e).__name__}: {e}")
                continue
            s = json.loads((out / "report.json").read_text())["summary"]
            ctx = Context(doc, lists)
            for p in s["points"]:
                before = ""
                for ln in p["sentences"]:
                    why = refusal(ln["text"], ln["from"], ctx, before)
                    if why:
                        shown_failures.append((doc.meta.slug, ln["text"], why))
                    before += " " + ln["text"]
                samples.append((doc.meta.slug, " ".join(ln["text"] for ln in p["sentences"])))
            for r in s["refused"]:
                reasons[r["reason"].split(":")[0]] += 1
            rows.append((doc.meta.slug, s, time.monotonic() - t0))
        dump = next((a.split("=", 1)[1] for a in argv if a.startswith("--json=")), None)
        if dump:  # a shard's results, for --combine
            Path(dump).write_text(json.dumps({"rows": rows, "samples": samples, "reasons": reasons,
                                              "failures": shown_failures, "seconds": time.monotonic() - started}))
            return
        report(rows, samples, reasons, shown_failures, time.monotonic() - started)
        if "--axe" in argv:
            _checks(rows, project)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def combine(files: list[str]) -> None:
    """Print one report from shard files written with --json=FILE (run shards in parallel)."""
    rows, samples, reasons, failures, secs = [], [], collections.Counter(), [], 0.0
    for f in files:
        d = json.loads(Path(f).read_text())
        rows += [tuple(r) for r in d["rows"]]
        samples += [tuple(x) for x in d["samples"]]
        reasons.update(d["reasons"])
        failures += [tuple(x) for x in d["failures"]]
        secs = max(secs, d["seconds"])
    rows.sort(key=lambda r: r[0])
    samples.sort()
    report(rows, samples, reasons, failures, secs)


def report(rows, samples, reasons, shown_failures, seconds) -> None:
    print(f"\n{'article':30s} pts refused words grade  avg  max  ent  lead  fallback  secs")
    for slug, s, secs in rows:
        r, c = s["reading"], s["coverage"]
        ent = "  - " if c["headline_entity_coverage"] is None else f"{c['headline_entity_coverage']:.2f}"
        lead = "  - " if c["lead_lemma_coverage"] is None else f"{c['lead_lemma_coverage']:.2f}"
        print(f"{slug[:30]:30s} {len(s['points']):3d} {len(s['refused']):7d} {r['words']:5d} {r['grade']:5.1f} "
              f"{r['avg_sentence']:4.1f} {r['longest_sentence']:4d} {ent} {lead}  {'YES' if s['fallback'] else 'no ':8s} "
              f"{secs:5.1f}")
    corpus_rows = [x for x in rows if not x[0].startswith("000_")]
    n = len(corpus_rows) or 1
    with_points = [s for _, s, _ in corpus_rows if s["points"]]
    grade_ok = sum(1 for _, s, _ in corpus_rows if s["points"] and s["reading"]["grade"] <= MAX_GRADE)
    avg_ok = sum(1 for _, s, _ in corpus_rows if s["points"] and s["reading"]["avg_sentence"] <= MAX_AVG_SENTENCE)
    longest = max((s["reading"]["longest_sentence"] for _, s, _ in rows), default=0)
    ents = [s["coverage"]["headline_entity_coverage"] for _, s, _ in corpus_rows
            if s["coverage"]["headline_entity_coverage"] is not None]
    leads = [s["coverage"]["lead_lemma_coverage"] for _, s, _ in corpus_rows
             if s["coverage"]["lead_lemma_coverage"] is not None]
    print(f"\nEnglish corpus pages: {len(corpus_rows)} (+ the seed); pages with points: {len(with_points)}")
    print(f"points: {sum(len(s['points']) for _, s, _ in rows)} shown; refused candidates by reason: "
          + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    print(f"gate failures among shown points: {len(shown_failures)} (target 0)")
    for slug, text, why in shown_failures[:10]:
        print(f"  {slug}: {text!r}: {why}")
    print(f"grade <= {MAX_GRADE:g}: {grade_ok}/{n} corpus pages ({100 * grade_ok / n:.0f}%; target >= 85%); "
          f"mean grade {statistics.mean([s['reading']['grade'] for s in with_points] or [0]):.1f}")
    print(f"average sentence <= {MAX_AVG_SENTENCE:g} words: {avg_ok}/{n} pages; longest sentence anywhere: "
          f"{longest} words (target <= {MAX_SENTENCE})")
    print(f"mean words per summary: {statistics.mean([s['reading']['words'] for s in with_points] or [0]):.0f}")
    print(f"headline-entity coverage: mean {statistics.mean(ents or [0]):.2f} over {len(ents)} pages with "
          f"headline entities (target >= 0.80); lead-lemma coverage: mean {statistics.mean(leads or [0]):.2f}")
    print(f"fallbacks (flagged for an editor): {sum(1 for _, s, _ in corpus_rows if s['fallback'])}/{n} corpus pages; "
          f"seed: {'fallback' if any(s['fallback'] for slug, s, _ in rows if slug.startswith('000_')) else 'targets met'}")
    print(f"time: {seconds:.0f} s for {len(rows)} articles")
    print("\nten sample points (seeded random choice, to read as their reader would):")
    for slug, text in random.Random(14).sample(samples, min(10, len(samples))):
        print(f"  [{slug[:24]}] {text}")


def _checks(rows, project) -> None:
    import subprocess

    pages = [output_dir_for(project.output, slug) / "summary.html" for slug, _, _ in rows]
    if (CHECKS / "check-axe").is_file() and pages:
        r = subprocess.run([str(CHECKS / "check-axe"), *map(str, pages)], capture_output=True, text=True)
        print(f"check-axe on {len(pages)} pages: {r.stdout.strip().splitlines()[-1] if r.stdout else r.stderr}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--combine"]:
        combine(sys.argv[2:])
    else:
        run()
