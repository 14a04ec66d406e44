"""Voice profiles: ``voices/<name>.toml``, one per voice, validated up front.

    name = "en-GB"                  # the profile's name (defaults to the file stem)
    engine = "pyttsx3"              # "pyttsx3" (espeak-ng) or "hibari" (the natural voice)
    voice = "gmw/en"                # engine voice id (``pipeline doctor`` / errors list what exists)
    language = "en-GB"
    rate = 165                      # the engine's own pace: pyttsx3 words per minute (80-450),
                                    # hibari its speed factor (0.5-2.0, 1.0 = about 160 wpm)
    pitch = 50                      # 0-99 (espeak-ng scale; hibari has no pitch control)
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

DEFAULT_PROFILE = "en-GB"  # the British espeak-ng voice (also what ``load_profile`` loads by default)
NATURAL_PROFILE = "en-US-natural"  # hibari-tts, American English
ESPEAK_PREFIX = "espeak-"  # "espeak-de": the built-in profile for espeak-ng's voice for a language
KEYS = ("name", "engine", "voice", "language", "rate", "pitch", "volume", "narrator", "lexicons", "pauses")
PAUSE_KEYS = ("sentence", "paragraph", "heading")


@dataclass(frozen=True)
class VoiceProfile:
    name: str
    engine: str
    voice: str
    language: str
    rate: int | float = 165
    pitch: int = 50
    volume: float = 1.0
    narrator: str = ""
    lexicons: tuple[Path, ...] = ()
    pauses: dict = field(default_factory=lambda: {"sentence": 350, "paragraph": 750, "heading": 1000})
    path: Path | None = None

    def pause_ms(self, kind: str) -> int:
        return int(self.pauses[kind])

    def words_per_minute(self) -> int:
        """About how fast this voice speaks (``rate`` is the engine's own pace, not always wpm)."""
        from .engine import Engine, known_engine

        return (known_engine(self.engine) or Engine).words_per_minute(self.settings())

    def settings(self) -> dict:
        """What changes the sound of a sentence: part of every synthesis cache key."""
        return {"engine": self.engine, "voice": self.voice, "rate": self.rate, "pitch": self.pitch,
                "volume": self.volume}


def available_profiles(voices_dir: Path) -> list[str]:
    return sorted(p.stem for p in Path(voices_dir).glob("*.toml") if not p.name.endswith(".lexicon.toml"))


def _rate(engine) -> tuple:
    """(type, lowest, highest, default) of the profile's ``rate``: the engine's own pace. An
    unknown engine is reported when the profile is used; its rate is checked as espeak-ng's."""
    from .engine import Engine, known_engine

    return (known_engine(engine) or Engine).RATE


def load_profile(voices_dir: Path, name: str = DEFAULT_PROFILE) -> VoiceProfile:
    voices_dir = Path(voices_dir)
    path = voices_dir / f"{name}.toml"
    if not path.is_file() and name.startswith(ESPEAK_PREFIX):
        return espeak_profile(name[len(ESPEAK_PREFIX):], name=name)
    if not path.is_file():
        raise ConfigError(
            f"no voice profile {name!r} in {voices_dir}",
            hint=f"available profiles: {', '.join(available_profiles(voices_dir)) or 'none'}, "
                 f"or {ESPEAK_PREFIX}<language> (espeak-ng's voice for a language, e.g. {ESPEAK_PREFIX}de)",
        )
    d = load_toml(path)
    where = str(path)
    problems = check_keys(d, KEYS, where)
    for k in ("engine", "voice", "language"):
        if not isinstance(d.get(k), str) or not d.get(k):
            problems.append(f"{where}: {k!r} is required and must be text")
    checks = {"rate": _rate(d.get("engine"))[:3], "pitch": (int, 0, 99), "volume": ((int, float), 0.0, 1.0)}
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
        rate=d.get("rate", _rate(d["engine"])[3]), pitch=d.get("pitch", 50), volume=float(d.get("volume", 1.0)),
        narrator=d.get("narrator", ""), lexicons=tuple(voices_dir / x for x in lex),
        pauses={"sentence": 350, "paragraph": 750, "heading": 1000, **pauses}, path=path,
    )


# --- which profile reads an article ------------------------------------------------------------

# English by region: en-GB keeps the British espeak-ng voice (hibari's British voices are not in its
# package); every other English (en, en-US, en-AU, ...) gets the natural voice.
BUILTIN_ENGLISH = {"en-gb": DEFAULT_PROFILE}
ENGLISH_DEFAULT = NATURAL_PROFILE
# Languages espeak-ng names differently from BCP 47, or has a voice for that cannot read the script
ESPEAK_LANGUAGE = {"zh": "cmn", "zh-cn": "cmn", "zh-tw": "cmn", "zh-sg": "cmn", "zh-hans": "cmn",
                   "zh-hant": "cmn", "zh-hk": "yue", "zh-mo": "yue"}
NO_USABLE_VOICE = {
    "ja": "espeak-ng's Japanese voice (jpx/ja) reads kana only and says \"Chinese letter\" for every kanji "
          "(checked with espeak-ng 1.51: espeak-ng -v ja -x -q 東京), so it cannot read Japanese text",
}


@dataclass(frozen=True)
class Choice:
    """The profile that reads an article, and why (``pipeline script`` prints both)."""

    profile: VoiceProfile
    reason: str


def language_name(tag: str) -> str:
    """English name of a BCP 47 tag ("de" -> "German", "zh-TW" -> "Chinese (Taiwan)"), else the tag."""
    try:
        from babel import Locale, UnknownLocaleError

        try:
            name = Locale.parse(tag.replace("-", "_")).english_name or tag
        except (UnknownLocaleError, ValueError):
            name = Locale.parse(tag.split("-")[0]).english_name or tag
        return name.replace(" (", ", ").replace(")", "")
    except Exception:  # noqa: BLE001 - babel raises several kinds for odd tags; a name is only a label
        return tag


def espeak_voice_for(language: str) -> str | None:
    """espeak-ng's voice for a BCP 47 tag (exact tag, then its language alone; espeak-ng's own
    preference order), or None when espeak-ng has none (or has one that cannot read the script)."""
    from .engine import espeak_voices

    tag = language.lower().replace("_", "-")
    voices = espeak_voices()
    for cand in dict.fromkeys((tag, tag.split("-")[0])):
        if cand in NO_USABLE_VOICE:
            return None
        want = ESPEAK_LANGUAGE.get(cand, cand)
        found = [(langs.index(want), "-latn-" in v, len(v), v)
                 for v, langs in voices.items() if want in langs]
        if found:
            return min(found)[3]
    return None


def espeak_profile(language: str, name: str | None = None) -> VoiceProfile:
    """The built-in profile for espeak-ng's voice for ``language`` (``espeak-<language>``)."""
    from ..errors import DependencyError
    from .engine import INSTALL_HINT, Pyttsx3Engine, espeak_voices

    if not espeak_voices():
        raise DependencyError(f"espeak-ng is not installed (needed to read {language_name(language)})",
                              hint=INSTALL_HINT)
    voice = espeak_voice_for(language)
    if voice is None:
        raise no_voice(language)
    return VoiceProfile(name=name or f"{ESPEAK_PREFIX}{language}", engine=Pyttsx3Engine.name, voice=voice,
                        language=language, narrator=f"eSpeak NG synthetic voice ({language_name(language)})")


def no_voice(language: str) -> ConfigError:
    base = language.lower().split("-")[0]
    why = NO_USABLE_VOICE.get(base, "espeak-ng has no voice for it (espeak-ng --voices lists what it has)")
    return ConfigError(
        f"no voice for language {language!r} ({language_name(language)}): {why}",
        hint=f"add a voice profile for {language} to voices/ and name it in pipeline.toml's voice defaults or "
             f"as 'profile' in the article's meta.toml, or set 'language' in meta.toml if the article is not "
             f"in {language_name(language)}")


def _configured(language: str, defaults: dict[str, str]) -> str | None:
    tag = language.lower()
    by = {k.lower(): v for k, v in (defaults or {}).items()}
    return by.get(tag) or by.get(tag.split("-")[0])


def _speaks(profile: VoiceProfile, language: str) -> bool:
    return profile.language.lower().split("-")[0] == language.lower().split("-")[0]


def choose_profile(voices_dir: Path, language: str | None, *, meta_profile: str | None = None,
                   meta_file: str = "meta.toml", cli_profile: str | None = None, cli_from: str = "--profile",
                   configured: dict[str, str] | None = None, configured_default: str | None = None,
                   configured_from: str = "pipeline.toml") -> Choice:
    """The voice profile for one article, first match wins:

    1. ``profile`` in the article's ``<stem>.meta.toml`` (an editor's choice for this article);
    2. the ``--profile`` option (or ``$PIPELINE_PROFILE``);
    3. the configured default for the article's language (``configured``: pipeline.toml's
       ``[voices.by_language]``, language tag -> profile; exact tag first, then the language alone),
       then ``[voices] default`` (``configured_default``) when that profile speaks the article's
       language (a German article is not read by an English default);
    4. the built-in default: en-GB -> the British espeak-ng voice, any other English -> the natural
       voice, another language -> espeak-ng's voice for it. No voice: ConfigError (exit 4) naming
       the language and what to install or configure.
    """
    language = (language or "en").strip().replace("_", "-") or "en"
    if meta_profile:
        return Choice(load_profile(voices_dir, meta_profile), f"profile = {meta_profile!r} in {meta_file}")
    if cli_profile:
        return Choice(load_profile(voices_dir, cli_profile), f"{cli_from} {cli_profile}")
    name = _configured(language, configured or {})
    if name:
        return Choice(load_profile(voices_dir, name), f"{configured_from} [voices.by_language] for {language}")
    if configured_default:
        profile = load_profile(voices_dir, configured_default)
        if _speaks(profile, language):
            return Choice(profile, f"{configured_from} [voices] default (it speaks {language})")
    tag = language.lower()
    if tag.split("-")[0] == "en":
        name = next((p for t, p in BUILTIN_ENGLISH.items() if tag == t or tag.startswith(t + "-")), ENGLISH_DEFAULT)
        which = \
            "the British espeak-ng voice" if name == DEFAULT_PROFILE else "the natural voice (English other than en-GB)"
        return Choice(load_profile(voices_dir, name), f"built-in default for {language}: {which}")
    profile = espeak_profile(language)
    return Choice(profile, f"built-in default for {language}: espeak-ng's {language_name(language)} voice {profile.voice}")

