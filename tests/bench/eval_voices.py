"""Every non-English corpus page narrated in its own language, with the voice the pipeline chose.

For each page of ../shared/corpus/readability-pages-2 whose reference metadata says it is not in
English (Czech, German, French, Spanish, Portuguese, Chinese, Japanese): ``pipeline audio PAGE``
as a user runs it (no --profile: the choice is the pipeline's), then ``check-audio`` on the MP3
(target: ACX 9/9). Printed per page: the reference language, the language ingest found, the
voice profile and why, the result. A page in a language without a usable voice must fail with
exit 4 naming the language (Japanese: espeak-ng's voice reads kana only), never be read by the
English voice. Speech recognition is not measured here (the recogniser is English only).
``python -m tests.bench eval voices``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "readability-pages-2"
CHECKS = REPO.parent / "shared" / "checks" / "bin"


def _pages() -> list[tuple[str, str]]:
    out = []
    for d in sorted(CORPUS.iterdir()):
        meta = d / "expected-metadata.json"
        if not (d / "source.html").is_file() or not meta.is_file():
            continue
        lang = (json.loads(meta.read_text("utf-8")).get("lang") or "").strip()
        if lang and not lang.lower().startswith("en"):
            out.append((d.name, lang))
        elif not lang and d.name in ("la-nacion", "qq"):  # no lang in the reference; Spanish, Chinese
            out.append((d.name, {"la-nacion": "es", "qq": "zh"}[d.name]))
    return out


def run() -> None:
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} not found")
        return
    with tempfile.TemporaryDirectory(prefix="eval-voices-") as tmp:
        root = Path(tmp)
        (root / "seeds").mkdir()
        shutil.copytree(REPO / "voices", root / "voices")
        pages = _pages()
        for name, _ in pages:
            shutil.copy(CORPUS / name / "source.html", root / "seeds" / f"{name}.html")
        ok = 0
        for name, ref_lang in pages:
            cmd = [sys.executable, "-m", "pipeline", "--seeds", str(root / "seeds"), "--output", str(root / "output"),
                   "--voices", str(root / "voices"), "audio", name, "--no-progress"]
            res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
            chose = re.search(r"voice profile (.+)", res.stderr)
            out = root / "output" / name
            lang = ""
            if (out / "report.json").is_file():
                lang = json.loads((out / "report.json").read_text("utf-8")).get("audio", {}).get("language", "")
            if res.returncode != 0:
                err = next((ln for ln in res.stderr.splitlines() if ln.startswith("error[")), res.stderr[-200:])
                print(f"{name:18s} ref {ref_lang:6s} exit {res.returncode}: {err}")
                continue
            verdict = "check-audio not available"
            if (CHECKS / "check-audio").exists():
                chk = subprocess.run([str(CHECKS / "check-audio"), str(out / f"{name}.mp3")], capture_output=True,
                                     text=True)
                verdict = (chk.stdout.strip().splitlines() or ["?"])[-1]
                ok += chk.returncode == 0
            print(f"{name:18s} ref {ref_lang:6s} narrated as {lang:6s} by {chose.group(1) if chose else '?'}\n"
                  f"{'':18s} {verdict}")
        print(f"non-English pages: {len(pages)}; narrated with ACX 9/9: {ok}")


if __name__ == "__main__":
    run()
