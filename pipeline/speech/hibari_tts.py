"""The natural (neural) voice: hibari-tts, an ONNX model distilled from Kokoro-82M, in the wheel.

``engine = "hibari"`` in a voice profile. What makes it fit the pipeline's rules:

- **Loaded once, in the parent.** ``preload`` builds the ONNX session, the G2P (lexicons, tagger,
  out-of-vocabulary net) and runs one warm-up sentence before the synthesis workers fork, so a
  child only runs the model (measured: 0.2 s for an 8 s sentence, against ~2 s to load it).
- **One onnxruntime thread per worker**: ``Hibari(threads=1)``; the pool runs one worker per core.
- **Deterministic**: hibari adds a noise component from a random generator; with ``seed=0`` on
  every call the samples are identical across calls, processes and threads (without it, every call
  differs). The seed and the package version are in :attr:`HibariEngine.version`, so in every cache key.
- **Offline**: only voices inside the package are used (``heart``, American English). hibari's
  other voices (including the British ``emma``/``fable``) download on first use; the engine refuses
  them with a configuration error instead of reaching for the network.
- **Pronunciation**: hibari reads misaki phonemes inline (``[Salford](/sˈɔlfəd/)``), so lexicon
  entries with a ``misaki`` field are sent that way (``PRONUNCIATION = "misaki"``).
- **Pace**: the profile's ``rate`` is hibari's own ``speed`` (1.0 = the model's pace, about
  160 words a minute; 0.5-2.0).

Output is 24 kHz mono; the mastering chain takes any rate.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError, DependencyError
from .engine import Engine, EngineFailure, register

SEED = 0  # fixed noise seed: deterministic audio
WPM_AT_SPEED_1 = 160  # measured on the seed's sentences (voice heart)
INSTALL_HINT = "install it with: pip install hibari-tts==0.2.1"



def installed_version() -> str:
    """hibari-tts's installed version, without importing it (numpy, onnxruntime, scipy: ~1 s) and,
    when its ``.dist-info`` sits beside the package as pip puts it, without importlib.metadata
    (~30 ms of imports): a warm run that synthesises nothing still needs it for its cache keys."""
    import importlib.util

    spec = importlib.util.find_spec("hibari")
    if spec is None or not spec.origin:
        return "missing"
    found = sorted(Path(spec.origin).parent.parent.glob("hibari_tts-*.dist-info"))
    if len(found) == 1:
        return found[0].name[len("hibari_tts-"):-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version("hibari-tts")
    except metadata.PackageNotFoundError:
        return "missing"


_VERSION = installed_version()

_TTS: dict = {}  # voice -> loaded hibari.Hibari, made in the parent by preload()


def bundled_voices() -> dict[str, dict]:
    """hibari's voices whose model ships inside the package (usable offline), name -> registry row."""
    from hibari.voices import VOICES

    return {name: v for name, v in VOICES.items() if v.get("bundled")}


def check_voice(voice: str) -> None:
    try:
        from hibari.voices import VOICES
    except ImportError as e:
        raise DependencyError(f"hibari-tts is not installed ({e})", hint=INSTALL_HINT) from None
    usable = bundled_voices()
    if voice in usable:
        return
    if voice in VOICES:
        raise ConfigError(f"hibari voice {voice!r} is not inside the package (hibari downloads it on first use, "
                          "and the pipeline never downloads at run time)",
                          hint=f"use a voice in the package: {', '.join(sorted(usable))}")
    raise ConfigError(f"unknown voice {voice!r} for engine 'hibari'", hint=f"available voices: {', '.join(sorted(usable))}")


@register
class HibariEngine(Engine):
    """hibari-tts 0.2.x, one bundled voice, deterministic (``seed=0``)."""

    name = "hibari"
    version = f"hibari-tts-{_VERSION}+seed{SEED}/1"
    RATE = ((int, float), 0.5, 2.0, 1.0)
    PRONUNCIATION = "misaki"
    LABEL = "hibari-tts"
    ONE_SENTENCE_PER_PROCESS = False  # seed=0 on every call: the audio depends on the text alone

    @classmethod
    def preload(cls, settings: dict | None = None) -> None:
        voice = (settings or {}).get("voice", "heart")
        check_voice(voice)
        if voice in _TTS:
            return
        try:
            from hibari import Hibari
        except ImportError as e:  # pragma: no cover - the package is a dependency
            raise DependencyError(f"hibari-tts is not installed ({e})", hint=INSTALL_HINT) from None
        tts = Hibari(voice=voice, threads=1)
        tts.g2p.oov  # noqa: B018 - load the G2P and its out-of-vocabulary net now, not in every child
        tts("Ready.", seed=SEED)  # first run initialises onnxruntime's kernels and scipy's FFT plans
        _TTS[voice] = tts

    @classmethod
    def words_per_minute(cls, settings: dict) -> int:
        return int(WPM_AT_SPEED_1 * float(settings.get("rate", 1.0)))

    @classmethod
    def voices(cls) -> list[str]:
        return sorted(bundled_voices())

    def __init__(self, settings: dict):
        super().__init__(settings)
        self.voice = settings.get("voice", "heart")
        if self.voice not in _TTS:  # not preloaded (e.g. used directly, not through the pool)
            self.preload(settings)
        self.tts = _TTS[self.voice]
        self.speed = float(settings.get("rate", 1.0))

    def synthesise(self, text: str, path: Path) -> None:
        from hibari import write_wav

        try:
            audio = self.tts(text, speed=self.speed, seed=SEED)
        except (KeyError, ValueError, RuntimeError) as e:
            raise EngineFailure(f"hibari failed: {type(e).__name__}: {e}") from None
        write_wav(str(path), audio, self.tts.sample_rate)
