"""The timing map: when each sentence of the narration is spoken. One type, one reader, one writer.

The audio stage makes a :class:`Timing` from its millisecond layout and writes it as
``output/<slug>/timing.json``; the EPUB's media overlays, the summary page and the catalogue take
it as an argument (in memory when the audio ran in the same process, else :func:`read_timing`).
Tests build one by hand with :class:`Timing` / :class:`SentenceTiming`.

File format (``schema`` 2; schema 1 had no ``parts``, and is still read)::

    {"schema": 1, "slug": ..., "audio": "<slug>.mp3", "duration_ms": N,
     "sentences": [{"id": "p001s01", "start_ms": 0, "end_ms": 1830,
                    "parts": [{"start_ms": 0, "end_ms": 900, "text": "..."}]}],   # parts: optional
     "chapters": [{"title": ..., "sentence": "p001s01", "start_ms": 0, "end_ms": N}]}

``parts`` are the sentence's caption cues (the ``.vtt`` cues ``p001s01``, ``p001s01-2``, ...: at
most 2 lines, the line break written as "\n"), timed from the engine's word boundaries; absent
when there are none. Schema 2 (this version) added them for every narrated sentence; the media
overlays stay per sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .files import write_text

SCHEMA = 2  # 2: caption cues in 'parts' (see the module docstring)
READS = (1, 2)  # schemas this reader accepts
FILE_NAME = "timing.json"


@dataclass(frozen=True)
class Cue:
    """A part of a sentence (a phrase or a word) and when it is spoken."""

    start_ms: int
    end_ms: int
    text: str

    def to_dict(self) -> dict:
        return {"start_ms": self.start_ms, "end_ms": self.end_ms, "text": self.text}


@dataclass(frozen=True)
class SentenceTiming:
    id: str
    start_ms: int
    end_ms: int
    parts: tuple[Cue, ...] = ()

    @property
    def ms(self) -> int:
        return self.end_ms - self.start_ms

    def to_dict(self) -> dict:
        d: dict = {"id": self.id, "start_ms": self.start_ms, "end_ms": self.end_ms}
        if self.parts:
            d["parts"] = [p.to_dict() for p in self.parts]
        return d


@dataclass(frozen=True)
class Chapter:
    title: str
    sentence: str  # id of the sentence it starts at
    start_ms: int
    end_ms: int

    def to_dict(self) -> dict:
        return {"title": self.title, "sentence": self.sentence, "start_ms": self.start_ms, "end_ms": self.end_ms}


@dataclass(frozen=True)
class Timing:
    slug: str
    audio: str  # the narration's file name, beside timing.json
    duration_ms: int
    sentences: tuple[SentenceTiming, ...]
    chapters: tuple[Chapter, ...] = ()
    schema: int = SCHEMA
    source: str = field(default=FILE_NAME, compare=False)  # where it was read from (for messages)

    def __post_init__(self):
        object.__setattr__(self, "sentences", tuple(self.sentences))
        object.__setattr__(self, "chapters", tuple(self.chapters))

    @property
    def by_id(self) -> dict[str, SentenceTiming]:
        return {s.id: s for s in self.sentences}

    def to_dict(self) -> dict:
        return {"schema": self.schema, "slug": self.slug, "audio": self.audio, "duration_ms": self.duration_ms,
                "sentences": [s.to_dict() for s in self.sentences],
                "chapters": [c.to_dict() for c in self.chapters]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def write(self, out_dir: Path) -> Path:
        return write_text(Path(out_dir) / FILE_NAME, self.to_json())

    def check_sentences(self, ids: list[str]) -> None:
        """InputError unless the map times exactly these sentences, in this order."""
        _same_ids([s.id for s in self.sentences], list(ids), self.source)

    @classmethod
    def from_dict(cls, data, where: str = FILE_NAME, ids: list[str] | None = None) -> "Timing":
        """Check the stamp and every field (and, given ``ids``, that it times exactly those sentences
        in that order); an InputError names the file and the problem."""
        if not isinstance(data, dict) or data.get("schema") not in READS:
            got = data.get("schema") if isinstance(data, dict) else None
            raise InputError(f"{where}: timing map schema {got!r}; this pipeline reads schema "
                             f"{' or '.join(map(str, READS))}")
        audio = data.get("audio")
        if not isinstance(audio, str) or not audio or Path(audio).name != audio:
            raise InputError(f"{where}: 'audio' must be the narration's file name beside it, not {audio!r}")
        duration, rows = data.get("duration_ms"), data.get("sentences")
        if not _whole(duration) or duration <= 0 or not isinstance(rows, list):
            raise InputError(f"{where}: needs a positive whole 'duration_ms' and a 'sentences' list")
        if ids is not None:
            _same_ids([r.get("id") if isinstance(r, dict) else None for r in rows], list(ids), where)
        sentences, prev_end = [], 0
        for r in rows:
            sid = r.get("id") if isinstance(r, dict) else None
            a, b = (r.get("start_ms"), r.get("end_ms")) if isinstance(r, dict) else (None, None)
            if not isinstance(sid, str) or not (_whole(a) and _whole(b) and prev_end <= a < b <= duration):
                raise InputError(f"{where}: sentence {sid}: times {a!r}..{b!r} must be whole ms, start < end, "
                                 f"after the previous sentence ({prev_end}) and within the narration ({duration})")
            sentences.append(SentenceTiming(sid, a, b, _parts(r.get("parts", []), sid, a, b, where)))
            prev_end = b
        chapters = []
        for c in data.get("chapters") or []:
            try:
                chapters.append(Chapter(str(c["title"]), str(c["sentence"]), int(c["start_ms"]), int(c["end_ms"])))
            except (KeyError, TypeError, ValueError):
                raise InputError(f"{where}: a chapter needs title, sentence, start_ms and end_ms: {c!r}") from None
        return cls(slug=str(data.get("slug", "")), audio=audio, duration_ms=duration, sentences=tuple(sentences),
                   chapters=tuple(chapters), schema=data["schema"], source=where)


def _same_ids(got: list, ids: list[str], where: str) -> None:
    if got != ids:
        missing = [i for i in ids if i not in set(got)]
        extra = [i for i in got if i not in set(ids)]
        detail = (f"missing {missing[:5]}" if missing else "") + (f" extra {extra[:5]}" if extra else "")
        raise InputError(f"{where}: the timing map does not match the document's sentences "
                         f"({detail.strip() or 'order differs'})",
                         hint="the text changed since the narration was built: rebuild it (pipeline audio)")


def _whole(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _parts(rows, sid, a, b, where) -> tuple[Cue, ...]:
    if not isinstance(rows, list):
        raise InputError(f"{where}: sentence {sid}: 'parts' must be a list")
    out, prev = [], a
    for p in rows:
        s, e, t = (p.get("start_ms"), p.get("end_ms"), p.get("text")) if isinstance(p, dict) else (None, None, None)
        if not (_whole(s) and _whole(e) and isinstance(t, str) and prev <= s <= e <= b):
            raise InputError(f"{where}: sentence {sid}: part {p!r} must have whole ms inside {a}..{b}, in order, "
                             "and a text")
        out.append(Cue(s, e, t))
        prev = e
    return tuple(out)


def timing_path(out_dir: Path) -> Path:
    return Path(out_dir) / FILE_NAME


def read_timing(out_dir: Path, ids: list[str] | None = None) -> Timing:
    """``out_dir/timing.json`` as a checked :class:`Timing` (for exactly the sentences ``ids`` when
    given); InputError when missing or wrong."""
    path = timing_path(out_dir)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no timing map; build the narration first (pipeline audio)",
                         hint="or build a text-only EPUB with --no-narration") from None
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read the timing map: {e}") from None
    return Timing.from_dict(data, str(path), ids)


def read_timing_if_any(out_dir: Path, ids: list[str] | None = None) -> tuple[Timing | None, str]:
    """(the timing map, "") when there is a usable one, else (None, why): for outputs where the
    narration is optional (summary page, catalogue)."""
    if not timing_path(out_dir).is_file():
        return None, f"no {FILE_NAME}"
    try:
        return read_timing(out_dir, ids), ""
    except InputError as e:
        return None, str(e)
