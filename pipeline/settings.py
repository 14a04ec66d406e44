"""The run's settings: one validated :class:`Settings`, from (highest first) command-line options,
environment variables, ``pipeline.toml`` at the project root, and the defaults below.

This is the only module that reads ``os.environ`` (besides the places that build a child process's
environment). Every problem is found before any work starts, and all of them are reported at once:
one ``error[config]`` line each, naming the file and line (or the variable, or the option).

``pipeline.toml`` (every key optional)::

    base_url = "https://example.org/narrations/"   # public URL of output/ (feed and catalogue links)

    [voices]
    default = "en-GB"                 # voice profile in voices/ when nothing more specific says
    [voices.by_language]
    en-US = "en-US-natural"           # article language (BCP 47, or its primary subtag) -> profile

    [feed]
    title = "Article narrations"      # also: description, author, owner_name, owner_email,
    category = "News"                 #       language, copyright, artwork (path from the root),
                                      #       subcategory, explicit, type ("episodic"/"serial")

    [batch]
    workers = 0                       # worker processes; 0 = all cores

    [input]
    max_bytes = 10485760              # largest article file accepted

The voice profile for an article is chosen by :func:`pipeline.speech.voices.choose_profile`:
``profile`` in ``seeds/<stem>.meta.toml``, then ``--profile`` / ``$PIPELINE_PROFILE``, then
``[voices.by_language]``, then ``[voices] default`` when that profile speaks the article's language,
then the built-in default for the language (en-GB: British espeak-ng; other English: the natural
voice; other languages: espeak-ng's voice for it).

(Over 300 lines on purpose: one place builds and validates every setting, so the precedence and
the error messages stay the same for every key.)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import ConfigError, UsageError
from .tomlfile import load_toml

CONFIG_FILE = "pipeline.toml"
DEFAULT_MAX_INPUT_BYTES = 10 * 1024 * 1024
DEFAULT_BASE_URL = "http://localhost:8000/"
LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: later dates cannot be written in any output
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Feed:
    """Channel metadata of ``output/feed.xml``."""

    title: str = "Article narrations"
    description: str = "Narrated articles with accessible EPUBs and plain-language summaries."
    author: str = "tts-publish-pipeline"
    owner_name: str = ""
    owner_email: str = ""
    category: str = "News"
    language: str = ""  # "" = the first article's language
    copyright: str = ""
    artwork: Path | None = None
    subcategory: str = ""  # an Apple Podcasts subcategory of ``category``
    explicit: bool = False
    type: str = "episodic"  # itunes:type: "episodic" or "serial"


@dataclass(frozen=True)
class Settings:
    root: Path = Path(".")
    config_file: Path | None = None  # the pipeline.toml that was read, if any
    profile: str | None = None  # --profile / $PIPELINE_PROFILE: the run's profile for every article
    voices_default: str | None = None  # pipeline.toml [voices] default
    voices_by_language: tuple[tuple[str, str], ...] = ()  # (language tag, profile), as in the file
    base_url: str = DEFAULT_BASE_URL
    feed: Feed = field(default_factory=Feed)
    workers: int = 0  # batch worker processes; 0 = all cores
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    source_date_epoch: int | None = None  # SOURCE_DATE_EPOCH: fixes every date a build writes
    reviewer: str = ""  # $PIPELINE_REVIEWER
    a11y_certifier: str = ""  # --certified-by / $PIPELINE_A11Y_CERTIFIER
    summary_generated: bool = False  # --generated / $PIPELINE_SUMMARY_GENERATED=1 / [summary] source = "generated"
    tts_workers: int = 0  # synthesis processes per article; 0 = all cores ($PIPELINE_TTS_WORKERS)
    tts_timeout_s: float = 30.0  # per sentence, + 0.02 s a word ($PIPELINE_TTS_TIMEOUT)
    tts_plugins: tuple[str, ...] = ()  # modules that register extra engines ($PIPELINE_TTS_PLUGINS)
    nltk_data: Path | None = None  # $PIPELINE_NLTK_DATA

    def build_time(self) -> dt.datetime | None:
        """SOURCE_DATE_EPOCH as an aware UTC datetime, or None when it is not set."""
        if self.source_date_epoch is None:
            return None
        return dt.datetime.fromtimestamp(self.source_date_epoch, dt.timezone.utc)


# --- where each setting comes from --------------------------------------------------------------
# setting -> (environment variable, pipeline.toml key path, parser)

def _int(minimum: int) -> Callable[[Any], int]:
    def parse(v):
        if isinstance(v, bool):
            raise ValueError("must be a whole number")
        try:
            n = int(v) if isinstance(v, (int, str)) else None
        except ValueError:
            n = None
        if n is None or (isinstance(v, str) and not v.strip().lstrip("-").isdigit()):
            raise ValueError("must be a whole number")
        if n < minimum:
            raise ValueError(f"must be {minimum} or more")
        return n
    return parse


def _positive_float(v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise ValueError("must be a number of seconds") from None
    if not f > 0 or f == float("inf"):
        raise ValueError("must be more than 0 seconds")
    return f


def _text(v) -> str:
    if not isinstance(v, str):
        raise ValueError("must be a string")
    return v.strip()


def _profile_name(v) -> str:
    v = _text(v)
    if not _PROFILE_NAME.match(v):
        raise ValueError("must be a voice profile name in voices/ (letters, digits, '-', '_', '.')")
    return v


def _url(v) -> str:
    v = _text(v)
    if not re.match(r"^https?://[^\s/]+", v):
        raise ValueError("must be an http:// or https:// URL")
    return v if v.endswith("/") else v + "/"


def _email(v) -> str:
    v = _text(v)
    if v and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", v):
        raise ValueError("must be an e-mail address")
    return v


def _flag(v) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip() in ("", "0", "1", "true", "false"):
        return v.strip() in ("1", "true")
    raise ValueError("must be 1 or 0 (true or false)")


def _summary_source(v) -> bool:
    """pipeline.toml [summary] source = "editor" | "generated" (issue 14); the variable takes 1 or 0."""
    if isinstance(v, str) and v.strip() in ("editor", "generated"):
        return v.strip() == "generated"
    if isinstance(v, str) and v.strip() not in ("", "0", "1", "true", "false"):
        raise ValueError('must be "editor" or "generated"')
    return _flag(v)


def _plugins(v) -> tuple[str, ...]:
    return tuple(m.strip() for m in _text(v).split(",") if m.strip())


def _choice(v, allowed: tuple[str, ...]) -> str:
    v = _text(v)
    if v not in allowed:
        raise ValueError("must be " + " or ".join(f'"{a}"' for a in allowed))
    return v


def _path(v) -> Path:
    return Path(_text(v))


def parse_epoch(raw) -> int:
    """SOURCE_DATE_EPOCH: whole seconds since 1970 that every output can write as a date."""
    text = raw.strip() if isinstance(raw, str) else raw
    if isinstance(text, bool) or not (isinstance(text, int) or (isinstance(text, str) and text.isdigit())):
        raise ValueError("must be whole seconds since 1970-01-01 (e.g. 1700000000)")
    n = int(text)
    if n > LATEST_EPOCH:
        raise ValueError(f"is after the year 9999 (at most {LATEST_EPOCH})")
    return n


def _by_language(v) -> tuple[tuple[str, str], ...]:
    raise ValueError('must be a table: [voices.by_language] with lines like en-US = "en-US-natural"')


SOURCES: dict[str, tuple[str | None, tuple[str, ...] | None, Callable]] = {
    "profile": ("PIPELINE_PROFILE", None, _text),  # checked where the profile is loaded (voices/)
    "voices_default": (None, ("voices", "default"), _profile_name),  # the file's: line-numbered errors
    "voices_by_language": (None, ("voices", "by_language"), _by_language),
    "base_url": ("PIPELINE_BASE_URL", ("base_url",), _url),
    "workers": ("PIPELINE_WORKERS", ("batch", "workers"), _int(0)),
    "max_input_bytes": ("PIPELINE_MAX_INPUT_BYTES", ("input", "max_bytes"), _int(1)),
    "source_date_epoch": ("SOURCE_DATE_EPOCH", None, parse_epoch),
    "reviewer": ("PIPELINE_REVIEWER", None, _text),
    "a11y_certifier": ("PIPELINE_A11Y_CERTIFIER", ("epub", "certified_by"), _text),
    "summary_generated": ("PIPELINE_SUMMARY_GENERATED", ("summary", "source"), _summary_source),
    "tts_workers": ("PIPELINE_TTS_WORKERS", ("speech", "workers"), _int(0)),
    "tts_timeout_s": ("PIPELINE_TTS_TIMEOUT", ("speech", "timeout_s"), _positive_float),
    "tts_plugins": ("PIPELINE_TTS_PLUGINS", None, _plugins),
    "nltk_data": ("PIPELINE_NLTK_DATA", None, _path),
}
OPTION_NAMES = {"a11y_certifier": "certified-by", "summary_generated": "generated"}
FEED_KEYS: dict[str, Callable] = {
    "title": _text, "description": _text, "author": _text, "owner_name": _text, "owner_email": _email,
    "category": _text, "language": _text, "copyright": _text, "artwork": _path,
    "subcategory": _text, "explicit": _flag, "type": lambda v: _choice(v, ("episodic", "serial")),
}
TABLES = {"voices": {"default", "by_language"}, "feed": set(FEED_KEYS), "batch": {"workers"},
          "input": {"max_bytes"}, "speech": {"workers", "timeout_s"}, "epub": {"certified_by"},
          "summary": {"source"}}
TOP_KEYS = {"base_url"}


def load_settings(root: Path | None = None, options: Mapping[str, Any] | None = None,
                  env: Mapping[str, str] | None = None) -> Settings:
    """Settings for one run. ``options``: command-line values by setting name (None = not given)."""
    env = os.environ if env is None else env
    root = Path(root) if root else project_root(env)
    problems: list[str] = []
    values: dict[str, Any] = {}
    config = root / CONFIG_FILE
    file_values, feed = _from_file(config, problems) if config.is_file() else ({}, {})
    values.update(file_values)
    for name, (var, _, parser) in SOURCES.items():
        raw = env.get(var) if var else None
        if raw is None or (raw == "" and name not in ("source_date_epoch",)):
            continue
        try:
            values[name] = parser(raw)
        except ValueError as e:
            problems.append(f"${var}={raw!r}: {e}")
    wrong_options = []
    for name, raw in (options or {}).items():
        if raw is None:
            continue
        try:
            values[name] = SOURCES[name][2](raw)
        except ValueError as e:
            wrong_options.append(f"--{OPTION_NAMES.get(name, name.replace('_', '-'))} {raw!r}: {e}")
    if wrong_options:
        raise UsageError(wrong_options[0], problems=wrong_options)
    if feed.get("artwork") is not None and not feed["artwork"].is_absolute():
        feed["artwork"] = root / feed["artwork"]
    if problems:
        raise ConfigError(problems[0], problems=problems,
                          hint=f"see the README, 'Settings': {CONFIG_FILE} keys and PIPELINE_* variables")
    known = {f.name for f in fields(Settings)}
    return Settings(root=root, config_file=config if config.is_file() else None, feed=Feed(**feed),
                    **{k: v for k, v in values.items() if k in known})


def project_root(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("PIPELINE_ROOT") or Path.cwd())


def folders(root: Path | None = None, *, seeds=None, output=None, voices=None,
            env: Mapping[str, str] | None = None) -> tuple[Path, Path, Path, Path]:
    """(root, seeds, output, voices): options, else $PIPELINE_SEEDS etc., else under the root."""
    env = os.environ if env is None else env
    root = Path(root) if root else project_root(env)
    return (root, Path(seeds or env.get("PIPELINE_SEEDS") or root / "seeds"),
            Path(output or env.get("PIPELINE_OUTPUT") or root / "output"),
            Path(voices or env.get("PIPELINE_VOICES") or root / "voices"))


_ENV_CACHE: dict[tuple, Settings] = {}


def from_environment() -> Settings:
    """Settings from the environment and ``pipeline.toml`` alone: for library use without a CLI run
    (a Project made in code). Re-read when the environment or the file changes."""
    root = project_root()
    config = root / CONFIG_FILE
    try:
        stamp = config.stat().st_mtime_ns
    except OSError:
        stamp = None
    key = (str(root), stamp, tuple(sorted((k, v) for k, v in os.environ.items()
                                          if k.startswith("PIPELINE_") or k == "SOURCE_DATE_EPOCH")))
    if key not in _ENV_CACHE:
        _ENV_CACHE.clear()
        _ENV_CACHE[key] = load_settings(root)
    return _ENV_CACHE[key]


# --- pipeline.toml ------------------------------------------------------------------------------

def _from_file(path: Path, problems: list[str]) -> tuple[dict, dict]:
    data = load_toml(path)
    lines = _key_lines(path)

    def where(*keys: str) -> str:
        line = lines.get(keys) or lines.get(keys[:1]) or 0
        return f"{path}:{line}" if line else str(path)

    values: dict[str, Any] = {}
    feed: dict[str, Any] = {}
    for key, value in data.items():
        if key in TOP_KEYS:
            _parse_into(values, "base_url", value, _url, where(key), key, problems)
        elif key in TABLES:
            if not isinstance(value, dict):
                problems.append(f"{where(key)}: [{key}] must be a table")
                continue
            for sub, v in value.items():
                if sub not in TABLES[key]:
                    problems.append(f"{where(key, sub)}: unknown key '{key}.{sub}' "
                                    f"(allowed in [{key}]: {', '.join(sorted(TABLES[key]))})")
                elif (key, sub) == ("voices", "by_language") and isinstance(v, dict):
                    by_lang: dict[str, str] = {}
                    for lang, name in v.items():
                        if not _LANGUAGE_TAG.match(lang):
                            problems.append(f"{where(key, sub, lang)}: voices.by_language: {lang!r} is not a "
                                            "language tag (e.g. en-US, cy)")
                        else:
                            _parse_into(by_lang, lang, name, _profile_name, where(key, sub, lang),
                                        f"voices.by_language.{lang}", problems)
                    values["voices_by_language"] = tuple(by_lang.items())
                elif key == "feed":
                    _parse_into(feed, sub, v, FEED_KEYS[sub], where(key, sub), f"feed.{sub}", problems)
                else:
                    name = next(n for n, (_, p, _) in SOURCES.items() if p == (key, sub))
                    _parse_into(values, name, v, SOURCES[name][2], where(key, sub), f"{key}.{sub}", problems)
        else:
            problems.append(f"{where(key)}: unknown key {key!r} (allowed: "
                            f"{', '.join(sorted(TOP_KEYS | {f'[{t}]' for t in TABLES}))})")
    return values, feed


def _parse_into(out: dict, name: str, value, parser, where: str, key: str, problems: list[str]) -> None:
    try:
        out[name] = parser(value)
    except ValueError as e:
        problems.append(f"{where}: {key} = {value!r}: {e}")


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|[A-Za-z0-9_\-]+)\s*=")


def _key_lines(path: Path) -> dict[tuple[str, ...], int]:
    """(table..., key) -> 1-based line, for messages (tomllib keeps no positions)."""
    out: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for n, line in enumerate(path.read_text("utf-8-sig", errors="replace").splitlines(), 1):
        m = _HEADER.match(line)
        if m:
            table = tuple(p.strip().strip('"') for p in m.group(1).split("."))
            out.setdefault(table, n)
            continue
        m = _KEY.match(line)
        if m:
            key = table + (m.group(1).strip('"'),)
            out.setdefault(key, n)
    return out
