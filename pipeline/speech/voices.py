"""Voice profiles: ``voices/<name>.toml``, one per voice, validated up front.

    name = "en-GB"                  # the profile's name (defaults to the file stem)
    engine = "pyttsx3"              # a key of pipeline.speech.engine.ENGINES
    voice = "gmw/en"                # engine voice id (``pipeline doctor`` / errors list what exists)
    language = "en-GB"
    rate = 165                      # words per minute
    pitch = 50                      # 0-99 (espeak-ng scale)
    volume = 1.0                    # 0.0-1.0
    narrator = "eSpeak NG, British English voice"   # credited in the EPUB (media:narrator)
    lexicons = ["en-GB.lexicon.toml"]               # files in voices/, applied in order

    [pauses]                        # silence after each kind of unit, in milliseconds
    sentence = 350
    paragraph = 750
    heading = 1000
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import check_keys, load_toml, raise_all
from ..errors import ConfigError

DEFAULT_PROFILE = "en-GB"
KEYS = ("name", "engine", "voice", "language", "rate", "pitch", "volume", "narrator", "lexicons", "pauses")
PAUSE_KEYS = ("sentence", "paragraph", "heading")


@dataclass(frozen=True)
class VoiceProfile:
    name: str
    engine: str
    voice: str
    language: str
    rate: int = 165
    pitch: int = 50
    volume: float = 1.0
    narrator: str = ""
    lexicons: tuple[Path, ...] = ()
    pauses: dict = field(default_factory=lambda: {"sentence": 350, "paragraph": 750, "heading": 1000})
    path: Path | None = None

    def pause_ms(self, kind: str) -> int:
        return int(self.pauses[kind])

    def settings(self) -> dict:
        """What changes the sound of a sentence: part of every synthesis cache key."""
        return {"engine": self.engine, "voice": self.voice, "rate": self.rate, "pitch": self.pitch,
                "volume": self.volume}


def available_profiles(voices_dir: Path) -> list[str]:
    return sorted(p.stem for p in Path(voices_dir).glob("*.toml") if not p.name.endswith(".lexicon.toml"))


def load_profile(voices_dir: Path, name: str = DEFAULT_PROFILE) -> VoiceProfile:
    voices_dir = Path(voices_dir)
    path = voices_dir / f"{name}.toml"
    if not path.is_file():
        raise ConfigError(
            f"no voice profile {name!r} in {voices_dir}",
            hint=f"available profiles: {', '.join(available_profiles(voices_dir)) or 'none'}",
        )
    d = load_toml(path)
    where = str(path)
    problems = check_keys(d, KEYS, where)
    for k in ("engine", "voice", "language"):
        if not isinstance(d.get(k), str) or not d.get(k):
            problems.append(f"{where}: {k!r} is required and must be text")
    checks = {"rate": (int, 80, 450), "pitch": (int, 0, 99), "volume": ((int, float), 0.0, 1.0)}
    for k, (typ, lo, hi) in checks.items():
        if k in d and (not isinstance(d[k], typ) or isinstance(d[k], bool) or not lo <= d[k] <= hi):
            problems.append(f"{where}: {k!r} must be a number from {lo} to {hi}, not {d[k]!r}")
    pauses = d.get("pauses", {})
    if not isinstance(pauses, dict):
        problems.append(f"{where}: 'pauses' must be a table")
        pauses = {}
    problems += check_keys(pauses, PAUSE_KEYS, f"{where} [pauses]")
    for k, v in pauses.items():
        if k in PAUSE_KEYS and (not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 10000):
            problems.append(f"{where}: pauses.{k} must be whole milliseconds from 0 to 10000, not {v!r}")
    lex = d.get("lexicons", [])
    if not isinstance(lex, list) or not all(isinstance(x, str) for x in lex):
        problems.append(f"{where}: 'lexicons' must be a list of file names")
        lex = []
    for x in lex:
        if not (voices_dir / x).is_file():
            problems.append(f"{where}: lexicon {x!r} not found in {voices_dir}")
    raise_all(problems, path)
    return VoiceProfile(
        name=d.get("name", name), engine=d["engine"], voice=d["voice"], language=d["language"],
        rate=d.get("rate", 165), pitch=d.get("pitch", 50), volume=float(d.get("volume", 1.0)),
        narrator=d.get("narrator", ""), lexicons=tuple(voices_dir / x for x in lex),
        pauses={"sentence": 350, "paragraph": 750, "heading": 1000, **pauses}, path=path,
    )
