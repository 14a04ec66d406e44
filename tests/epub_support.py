"""Test and bench support for the EPUB stage: a real narration made with espeak-ng.

Until (and independently of) the audio stage, the EPUB tests need ``timing.json`` and an MP3 that
agree the way the audio stage's do: each sentence synthesised by espeak-ng, joined with the voice
profile's pauses and head/tail silence, encoded with ffmpeg, and a timing map built from the real
sample counts. Nothing here is faked: a wrong clip would point at the wrong stretch of speech.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import wave
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.model import Block, Document, Metadata, Sentence
from pipeline.speech.voices import VoiceProfile
from pipeline.timing import Chapter, SentenceTiming, Timing

HEAD_MS, TAIL_MS = 750, 1500


def _speak(args: tuple[int, str, Path]) -> Path:
    i, text, folder = args
    out = folder / f"{i:05d}.wav"
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "175", "-w", str(out), "--", text or "."],
                   check=True, capture_output=True, timeout=120)
    return out


def make_narration(doc: Document, out_dir: Path, profile: VoiceProfile | None = None) -> dict:
    """Write ``out_dir/<slug>.mp3`` and ``out_dir/timing.json`` (current schema); return the timing map."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pauses = dict(profile.pauses) if profile else {"sentence": 350, "paragraph": 750, "heading": 1000}
    plan = []  # (sentence, pause after)
    for b in doc.blocks:
        ss = list(b.all_sentences())
        for j, s in enumerate(ss):
            last = j == len(ss) - 1
            pause = pauses["heading"] if b.kind == "heading" and last else (
                pauses["paragraph"] if last else pauses["sentence"])
            plan.append((s, pause))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with ThreadPoolExecutor(4) as pool:
            wavs = list(pool.map(_speak, [(i, s.text, folder) for i, (s, _) in enumerate(plan)]))
        with wave.open(str(wavs[0])) as w:
            params = w.getparams()
        rate, width = params.framerate, params.sampwidth * params.nchannels
        frames = bytearray(b"\0" * (rate * HEAD_MS // 1000) * width)
        rows = []
        for (s, pause), path in zip(plan, wavs):
            with wave.open(str(path)) as w:
                data = w.readframes(w.getnframes())
            start = len(frames) // width
            frames += data
            end = len(frames) // width
            rows.append(SentenceTiming(s.id, round(start * 1000 / rate), round(end * 1000 / rate)))
            frames += b"\0" * (rate * pause // 1000) * width
        frames += b"\0" * ((rate * TAIL_MS // 1000) * width)
        joined = folder / "joined.wav"
        with wave.open(str(joined), "wb") as w:
            w.setparams(params)
            w.writeframes(bytes(frames))
        mp3 = out_dir / f"{doc.meta.slug}.mp3"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(joined), "-ar", "44100",
                        "-c:a", "libmp3lame", "-b:a", "192k", str(mp3)], check=True, timeout=600)
        duration = round(len(frames) // width * 1000 / rate)
    timing = Timing(slug=doc.meta.slug, audio=mp3.name, duration_ms=duration, sentences=rows,
                    chapters=[Chapter("Headline", rows[0].id, 0, duration)])
    timing.write(out_dir)
    return timing.to_dict()


# --- reading an EPUB back, as a reading system would --------------------------------------------
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "smil": "http://www.w3.org/ns/SMIL",
      "epub": "http://www.idpf.org/2007/ops"}


@dataclass
class Book:
    path: Path
    zip: zipfile.ZipFile
    opf: etree._Element
    manifest: dict  # id -> (href relative to the zip root, media-type, item element)
    spine: list  # zip paths of the spine's content documents, in order (without the cover page)
    cover_page: str | None = None  # zip path of the cover page (first in the spine)
    meta: dict = field(default_factory=dict)  # property -> [values] (no refines)
    refines: dict = field(default_factory=dict)  # (property, refines) -> value

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def spans(self) -> list[tuple[str, str, str]]:
        """(document, id, text) of every sentence span, in reading order."""
        out = []
        for doc in self.spine:
            for el in self.xml(doc).iter("{%s}span" % NS["x"]):
                if el.get("id"):
                    out.append((doc, el.get("id"), "".join(el.itertext())))
        return out

    def pars(self) -> list[dict]:
        """Every ``par`` of every overlay: id fragment, text document, clip (ms), overlay item id."""
        out = []
        for item_id, (href, mt, _el) in self.manifest.items():
            if mt != "application/smil+xml":
                continue
            base = Path(href).parent
            for par in self.xml(href).iter("{%s}par" % NS["smil"]):
                text = par.find("smil:text", NS).get("src")
                audio = par.find("smil:audio", NS)
                doc, frag = text.split("#")
                out.append({"id": frag, "doc": _norm(base / doc), "overlay": item_id,
                            "audio": _norm(base / audio.get("src")),
                            "begin": parse_clock(audio.get("clipBegin")), "end": parse_clock(audio.get("clipEnd"))})
        return out


def _norm(p: Path) -> str:
    parts = []
    for x in p.parts:
        if x == "..":
            parts.pop()
        elif x != ".":
            parts.append(x)
    return "/".join(parts)


def parse_clock(v: str) -> int:
    m = re.fullmatch(r"(\d+):(\d{2}):(\d{2})\.(\d{3})", v)
    assert m, f"not a full clock value: {v!r}"
    h, mi, s, ms = map(int, m.groups())
    return ((h * 60 + mi) * 60 + s) * 1000 + ms


def read_epub(path: Path) -> Book:
    z = zipfile.ZipFile(path)
    container = etree.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
    opf = etree.fromstring(z.read(opf_path))
    base = Path(opf_path).parent
    manifest = {i.get("id"): (_norm(base / i.get("href")), i.get("media-type"), i)
                for i in opf.find("opf:manifest", NS)}
    spine = [manifest[r.get("idref")][0] for r in opf.find("opf:spine", NS)]
    cover_page = next((d for d in spine if b'role="doc-cover"' in z.read(d)), None)
    book = Book(path, z, opf, manifest, [d for d in spine if d != cover_page], cover_page=cover_page)
    for m in opf.find("opf:metadata", NS).findall("opf:meta", NS):
        if m.get("property"):
            if m.get("refines"):
                book.refines[(m.get("property"), m.get("refines"))] = m.text
            else:
                book.meta.setdefault(m.get("property"), []).append(m.text)
    return book


def make_doc(slug: str, blocks: list[tuple], *, title: str = "", author: str = "", language: str = "en") -> Document:
    """A segmented Document from (kind, [sentences], attribution-or-None[, level]) tuples."""
    out = []
    for i, spec in enumerate(blocks, 1):
        kind, texts = spec[0], spec[1]
        att = spec[2] if len(spec) > 2 else None
        level = spec[3] if len(spec) > 3 else (1 if kind == "heading" else 0)
        bid = f"p{i:03d}"
        out.append(Block(id=bid, kind=kind, text=" ".join(texts), level=level,
                         attribution=Sentence(f"{bid}a01", att) if att else None,
                         sentences=[Sentence(f"{bid}s{j:02d}", t) for j, t in enumerate(texts, 1)]))
    return Document(meta=Metadata(slug=slug, title=title, author=author, language=language),
                    blocks=out, stage="segment")
