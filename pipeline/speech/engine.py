"""Speech engines behind one small interface, and the checks every synthesised sentence must pass.

An engine turns one piece of text into a mono 16-bit WAV file. ``ENGINES`` maps the name a voice
profile gives (``engine = "pyttsx3"``) to its class. An engine object lives in ONE short-lived
process (see :mod:`pipeline.speech.pool`): it is made with the profile's settings, says one
sentence, and the process ends. That is deliberate: espeak-ng keeps synthesis state from one
utterance to the next (its pitch-flutter phase is a static counter in wavegen.c), so an engine
reused for many sentences makes a sentence sound slightly different depending on what it said
before; a fresh engine per sentence makes every sentence's audio a function of its text alone,
which is what a content-addressed cache and byte-identical outputs need. ``preload()`` runs in
the parent first, so a child only pays espeak-ng's own initialisation (~8 ms), not the imports.

pyttsx3 2.99 (the default engine) is wrapped with care: ``runAndWait`` can return before the
WAV is written (the espeak driver writes it from a callback thread), so we wait for the
``finished-utterance`` notification and verify the file; its "Audio saved to ..." print goes to
a descriptor the worker has pointed at /dev/null.

Tests (and anyone) can add engines: ``PIPELINE_TTS_PLUGINS="pkg.mod,other.mod"`` imports those
modules, which call :func:`register`.

(Over 300 lines on purpose: the engine interface, the pyttsx3/espeak-ng engine with its race and
word-event handling, and the espeak-ng data checks belong together: they are what an engine is.)
"""

from __future__ import annotations

import abc
import functools
import importlib
import re
import subprocess
import threading
import wave
from pathlib import Path

from ..errors import ConfigError, DependencyError, PipelineError

INSTALL_HINT = "install them with: apt-get install espeak-ng ffmpeg"
ESPEAK_LIBS = ("libespeak-ng.so.1", "/usr/local/lib/libespeak-ng.so.1", "libespeak.so.1")
MAX_CHUNK_WORDS = 60  # longer unpunctuated runs are said in pieces and joined


class EngineFailure(Exception):
    """One synthesis attempt failed (no file, silence, implausible length): the pool retries it."""


class Engine(abc.ABC):
    """Interface. Subclasses set ``name`` and ``version`` and implement ``synthesise``."""

    name = "base"
    version = "1"  # part of every cache key: bump when the same text would sound different
    RATE = (int, 80, 450, 165)  # what a profile's ``rate`` may be: (type, lowest, highest, default)
    PRONUNCIATION = "alias"  # which lexicon field the engine is sent: "alias" (respelling) or "misaki"
    LABEL = "eSpeak NG"  # how the narrator label names the engine
    # True: a fresh process for every sentence (an engine that keeps state from one utterance to the
    # next, like espeak-ng). False: the engine's output is a function of the text alone, so a worker
    # process may say many sentences and the fork is paid once per worker (see pipeline.speech.pool).
    ONE_SENTENCE_PER_PROCESS = True

    @classmethod
    def preload(cls, settings: dict | None = None) -> None:
        """Runs once in the parent before workers start: import libraries, load models, check
        dependencies. Raise DependencyError (with what to install) when something is missing."""

    @classmethod
    def words_per_minute(cls, settings: dict) -> int:
        """About how fast the voice speaks (to check that audio is plausibly the text)."""
        return int(settings.get("rate", cls.RATE[3]))

    @classmethod
    def voices(cls) -> list[str]:
        """Voice ids this engine can use here (for ``doctor`` and error messages)."""
        return []

    def __init__(self, settings: dict):
        self.settings = dict(settings)

    @abc.abstractmethod
    def synthesise(self, text: str, path: Path) -> list[tuple[int, int]] | None:
        """Say ``text`` into a mono 16-bit WAV at ``path``; raise EngineFailure when it cannot.

        Return the word starts the engine reports, as ``(character offset in text, sample offset in
        the WAV)`` pairs in order, or None when the engine reports none (the captions then place
        words by their share of the sentence's characters: see :mod:`pipeline.speech.captions`)."""


class Pyttsx3Engine(Engine):
    """espeak-ng through pyttsx3's espeak driver."""

    name = "pyttsx3"
    version = "pyttsx3-2.99+espeak-ng/1"

    @classmethod
    def voices(cls) -> list[str]:
        return sorted(espeak_voices())

    @classmethod
    def preload(cls, settings: dict | None = None) -> None:
        import ctypes

        for lib in ESPEAK_LIBS:
            try:
                ctypes.CDLL(lib)
                break
            except OSError:
                continue
        else:
            raise DependencyError("espeak-ng is not installed (the library libespeak-ng.so.1 was not found)",
                                  hint=INSTALL_HINT)
        try:
            import pyttsx3  # noqa: F401
            import pyttsx3.drivers.espeak  # noqa: F401  (loads libespeak-ng; no synthesis state yet)
        except (ImportError, RuntimeError, OSError) as e:
            raise DependencyError(f"pyttsx3 cannot load espeak-ng: {e}", hint=INSTALL_HINT) from None
        data = espeak_data_path()  # espeak-ng exits the process when its data is missing: check first
        missing = [f for f in ESPEAK_DATA_FILES if data is None or not (data / f).is_file()]
        if missing:
            raise DependencyError(f"espeak-ng's data is missing or broken: no {', '.join(missing)} in {data}",
                                  hint=DATA_HINT)

    def __init__(self, settings: dict):
        super().__init__(settings)
        import pyttsx3

        voice = settings["voice"]
        try:  # pyttsx3 first sets its default voice (gmw/en): missing from the data, that fails here
            self.tts = pyttsx3.init("espeak")
        except (RuntimeError, ValueError) as e:
            raise ConfigError(f"espeak-ng cannot load a voice from its data at {espeak_data_path()} (it failed on "
                              f"{str(e).rsplit(' ', 1)[-1]!r}; the profile asks for {voice!r}): the voice is missing",
                              hint=DATA_HINT) from None
        voices = sorted(v.id for v in self.tts.getProperty("voices"))
        if voice not in voices:
            raise ConfigError(f"unknown voice {voice!r} for engine {self.name!r}",
                              hint=f"available voices: {', '.join(voices)}")
        # Set the voice straight on the driver and wait for espeak-ng to apply it. Going through
        # pyttsx3's command queue is racy: its endLoop() calls espeak_Cancel() while the settings
        # may still sit in espeak's command FIFO, silently dropping them (measured: 4 of 31 seed
        # sentences came out at the default 200 wpm instead of 165).
        from pyttsx3.drivers import _espeak
        from pyttsx3.drivers.espeak import EspeakDriver

        _espeak.Synchronize()
        wanted = {_espeak.RATE: int(settings.get("rate", 165)), _espeak.PITCH: int(settings.get("pitch", 50)),
                  _espeak.VOLUME: int(round(float(settings.get("volume", 1.0)) * 100))}
        _check_voice_data(voice)
        try:
            EspeakDriver.setProperty("voice", voice)
        except (RuntimeError, ValueError) as e:  # listed, but espeak-ng cannot load it
            raise ConfigError(f"voice {voice!r} is listed by espeak-ng but cannot be loaded from "
                              f"{espeak_data_path()}", hint=DATA_HINT) from None
        EspeakDriver.setProperty("rate", wanted[_espeak.RATE])
        EspeakDriver.setProperty("pitch", wanted[_espeak.PITCH])
        EspeakDriver.setProperty("volume", float(settings.get("volume", 1.0)))
        _espeak.Synchronize()
        got = {k: _espeak.dll.espeak_GetParameter(k, 1) for k in wanted}
        if got != wanted:
            raise EngineFailure(f"espeak-ng did not take the voice settings (wanted {wanted}, has {got})")
        self._done = threading.Event()
        self.tts.connect("finished-utterance", lambda name=None, completed=True: self._done.set())
        # Word timings: pyttsx3 passes espeak-ng's word events on without their audio position, so
        # we read the events first (sample offset of each word's start) and hand on to the driver.
        self._words: list[tuple[int, int]] = []
        driver = self.tts.proxy._driver

        def on_synth(wav, numsamples, events):
            i = 0
            while events[i].type != _espeak.EVENT_LIST_TERMINATED:
                e = events[i]
                if e.type == _espeak.EVENT_WORD and driver._speaking:
                    self._words.append((max(0, e.text_position - 1), int(e.sample)))
                i += 1
            return driver._onSynth(wav, numsamples, events)

        self._on_synth = on_synth  # keep a reference: ctypes holds only a pointer
        _espeak.SetSynthCallback(on_synth)

    def synthesise(self, text: str, path: Path) -> list[tuple[int, int]] | None:
        self._done.clear()
        self._words = []
        self.tts.save_to_file(text, str(path))
        self.tts.runAndWait()
        # runAndWait may return before espeak's callback thread has written the file
        if not self._done.wait(timeout=max(10.0, len(text) * 0.05)):
            raise EngineFailure("pyttsx3 never finished the utterance")
        if not path.is_file() or path.stat().st_size <= 44:
            raise EngineFailure("pyttsx3 wrote no audio")
        return sorted(set(self._words))


ESPEAK_DATA_FILES = ("phontab", "phondata", "phonindex", "intonations")
DATA_HINT = "run `pipeline doctor`; reinstall the data with: apt-get install --reinstall espeak-ng-data"


def espeak_data_path() -> Path | None:
    """The data folder libespeak-ng will use (it honours ESPEAK_DATA_PATH), asked of the library."""
    import ctypes

    for lib in ESPEAK_LIBS:
        try:
            dll = ctypes.CDLL(lib)
            break
        except OSError:
            continue
    else:
        return None
    try:
        dll.espeak_ng_InitializePath.argtypes = [ctypes.c_char_p]
        dll.espeak_ng_InitializePath(None)
        dll.espeak_Info.restype = ctypes.c_char_p
        where = ctypes.c_char_p()
        dll.espeak_Info(ctypes.byref(where))
    except AttributeError:  # an espeak (not espeak-ng) library
        return None
    return Path(where.value.decode()) if where.value else None


def _check_voice_data(voice: str) -> None:
    """The voice's pronunciation dictionary must be there (without it espeak-ng reads letters as
    noise, or refuses the voice with EE_INTERNAL_ERROR)."""
    data = espeak_data_path()
    lang = voice.split("/")[-1].split("-")[0].lower()
    if data is not None and lang and not (data / f"{lang}_dict").is_file():
        raise DependencyError(f"espeak-ng has no dictionary for {lang!r} (voice {voice!r}): "
                              f"{data / (lang + '_dict')} is missing", hint=DATA_HINT)


@functools.lru_cache(maxsize=1)
def espeak_voices() -> dict[str, tuple[str, ...]]:
    """espeak-ng's voices as pyttsx3 names them: voice id (lower case, e.g. "gmw/en-us") -> the
    language tags it speaks, its own first (e.g. ("en-us", "en")). Read from ``espeak-ng --voices``;
    mbrola voices (separate, non-free data) are left out. Empty when espeak-ng is not installed."""
    try:
        out = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    voices: dict[str, tuple[str, ...]] = {}
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 5 or cols[4].startswith("mb/"):
            continue
        others = tuple(t.lower() for t in re.findall(r"\(([\w-]+) \d+\)", line))
        voices.setdefault(cols[4].lower(), (cols[1].lower(), *others))
    return voices


ENGINES: dict[str, type[Engine]] = {"pyttsx3": Pyttsx3Engine}
# built-in engines whose module is imported only when a profile names them (their libraries are big)
ENGINE_MODULES: dict[str, str] = {"hibari": "pipeline.speech.hibari_tts"}


def register(cls: type[Engine]) -> type[Engine]:
    """Add an engine class under ``cls.name`` (usable as a decorator)."""
    ENGINES[cls.name] = cls
    return cls


def _load_plugins(plugins: tuple[str, ...]) -> None:
    for mod in plugins:
        try:
            importlib.import_module(mod)
        except ImportError as e:
            raise ConfigError(f"PIPELINE_TTS_PLUGINS: cannot import {mod!r}: {e}") from None


def known_engine(name) -> type[Engine] | None:
    """The class of an engine already registered or built in (no plugin loading), else None."""
    if isinstance(name, str) and name not in ENGINES and name in ENGINE_MODULES:
        importlib.import_module(ENGINE_MODULES[name])
    return ENGINES.get(name) if isinstance(name, str) else None


def engine_class(name: str, plugins: tuple[str, ...] | None = None) -> type[Engine]:
    """The engine class registered as ``name``, after importing the plugin modules (default: the
    settings' ``tts_plugins``, $PIPELINE_TTS_PLUGINS)."""
    if plugins is None:
        from ..settings import from_environment

        plugins = from_environment().tts_plugins
    _load_plugins(plugins)
    if name not in ENGINES and name in ENGINE_MODULES:
        importlib.import_module(ENGINE_MODULES[name])  # registers itself
    if name not in ENGINES:
        known = sorted(set(ENGINES) | set(ENGINE_MODULES))
        raise ConfigError(f"unknown speech engine {name!r}", hint=f"available engines: {', '.join(known)}")
    return ENGINES[name]


# --- what a sentence may look like to an engine -------------------------------------------------

_WORD = re.compile(r"\w+")
# Han characters and kana: written without spaces, about one syllable each (a word is ~1.5 of them)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> float:
    """Words in ``text`` as a speaker would count them: runs of letters or digits, except that
    Chinese and Japanese characters (no spaces between words) count 1/1.5 of a word each."""
    cjk = len(_CJK.findall(text))
    rest = _CJK.sub(" ", text)
    return len(_WORD.findall(rest)) + cjk / 1.5


def speakable(text: str) -> bool:
    """True when the text has a letter or digit (symbols alone may legitimately give silence)."""
    return bool(_WORD.search(text))


def chunks(text: str, max_words: int = MAX_CHUNK_WORDS) -> list[str]:
    """Split a very long run into pieces of at most ``max_words`` words, at punctuation when there
    is some in the second half of a piece, else at a space. Short text comes back whole."""
    words = text.split()
    if len(words) <= max_words:
        return [" ".join(words)] if words else []
    out, i = [], 0
    while i < len(words):
        end = min(i + max_words, len(words))
        if end < len(words):
            for j in range(end, i + max_words // 2, -1):
                if words[j - 1][-1:] in ",;:.!?)\u2013\u2014-":
                    end = j
                    break
        out.append(" ".join(words[i:end]))
        i = end
    return out


def read_wav(path: Path):
    """(int16 samples as a numpy array, sample rate) of an engine's WAV, read with pydub and
    conformed to mono 16-bit whatever the engine wrote (stereo, 8/24/32-bit)."""
    import numpy as np
    from pydub import AudioSegment

    try:
        seg = AudioSegment.from_wav(str(path))
    except Exception as e:  # noqa: BLE001 - pydub raises several kinds for a broken file
        raise EngineFailure(f"engine wrote an unreadable WAV: {e}") from None
    if seg.channels != 1:
        seg = seg.set_channels(1)
    if seg.sample_width != 2:
        seg = seg.set_sample_width(2)
    return np.frombuffer(seg.raw_data, dtype="<i2"), seg.frame_rate


def write_wav(path: Path, samples, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())


SILENT_PEAK = 100  # int16: below about -50 dBFS everywhere = silence


def verify(samples, rate: int, text: str, words_per_minute: int) -> None:
    """Raise EngineFailure unless the audio is plausibly ``text`` said at ``words_per_minute``:
    not empty, not silent, and neither far too short (a truncated file) nor far too long."""
    import numpy as np

    n = len(samples)
    if n == 0:
        raise EngineFailure("empty audio")
    peak = int(np.abs(samples.astype(np.int32)).max())
    words = word_count(text)
    if peak < SILENT_PEAK:
        raise EngineFailure(f"silent audio (peak {20 * np.log10(max(peak, 1) / 32768):.0f} dBFS) for {words:g} word(s)")
    seconds = n / rate
    expected = words * 60.0 / max(words_per_minute, 1)
    if seconds < expected / 4:
        raise EngineFailure(f"audio too short: {seconds:.2f} s for {words:g} words (expected about {expected:.1f} s)")
    if seconds > expected * 4 + 0.25 * len(text) + 2:
        raise EngineFailure(f"audio too long: {seconds:.1f} s for {words:g} words (expected about {expected:.1f} s)")


def say(engine: Engine, text: str, tmp_dir: Path):
    """Say ``text`` (in chunks when very long), verify each piece; return (int16 samples, rate,
    words): ``words`` are the engine's word starts as ``[character offset, sample]`` in
    ``" ".join(text.split())`` and the returned samples, or None when the engine reports none.

    Text with no letter or digit may come back as silence (empty array): there was nothing to say.
    """
    import numpy as np

    pieces, rate, words, char0, sample0 = [], None, [], 0, 0
    rpm = engine.words_per_minute(engine.settings)
    for i, piece in enumerate(chunks(text)):
        path = tmp_dir / f"chunk{i:04d}.wav"
        try:
            got = engine.synthesise(piece, path)
            if got is None:
                words = None
            elif words is not None:
                words += [[char0 + c, sample0 + n] for c, n in got]
            samples, r = read_wav(path)
            if speakable(piece):
                verify(samples, r, piece, rpm)
        except EngineFailure:
            if speakable(piece):
                raise
            samples, r = np.zeros(0, dtype="<i2"), rate or 22050
        finally:
            path.unlink(missing_ok=True)
        if rate not in (None, r):
            raise EngineFailure(f"engine changed sample rate mid-sentence ({rate} -> {r} Hz)")
        rate = r
        pieces.append(samples)
        char0, sample0 = char0 + len(piece) + 1, sample0 + len(samples)
    if not pieces:
        return np.zeros(0, dtype="<i2"), 22050, words
    return (pieces[0] if len(pieces) == 1 else np.concatenate(pieces)), rate, words


__all__ = ["ENGINES", "Engine", "EngineFailure", "PipelineError", "Pyttsx3Engine", "chunks", "engine_class",
           "read_wav", "register", "say", "speakable", "verify", "word_count", "write_wav"]
