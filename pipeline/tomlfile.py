"""Reading the TOML data files, with errors that name file, line and key."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Iterable

from .errors import ConfigError


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error names the file and line."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 (byte {e.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        line = m.group(1) if m else (len(text.splitlines()) or 1) if "end of document" in str(e) else None
        where = f"{path}:{line}" if line else str(path)
        raise ConfigError(f"{where}: TOML syntax error: {e}") from None


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (0 when not found): for error messages."""
    try:
        for i, line in enumerate(Path(path).read_text("utf-8", errors="replace").splitlines(), 1):
            if needle in line:
                return i
    except OSError:
        pass
    return 0


def check_keys(entry: dict[str, Any], allowed: Iterable[str], where: str) -> list[str]:
    """Problems for unknown keys in ``entry`` (a list, so that all problems are reported at once)."""
    allowed = set(allowed)
    return [f"{where}: unknown key {k!r} (allowed: {', '.join(sorted(allowed))})" for k in entry if k not in allowed]


def raise_all(problems: list[str], path: Path) -> None:
    if problems:
        head = f"{path}: {len(problems)} problem(s)"
        raise ConfigError(head + "\n  " + "\n  ".join(problems))
