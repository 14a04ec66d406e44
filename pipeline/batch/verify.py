"""Is an output file that the ledger recorded still a good one? Checked before a stage is skipped.

Cheap structural checks, so that a batch with nothing to do stays fast: the file is not empty;
an EPUB opens as a zip whose first entry is ``mimetype`` and whose entries' local headers are
where the central directory says; an MP3 parses, with a length above zero and the bytes that length needs at its bit rate; JSON
parses; HTML, XML and VTT are not cut short. A truncated or emptied file makes the stage run again.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path


def output_ok(path: Path) -> bool:
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        suffix = path.suffix.lower()
        if suffix == ".epub":
            return _zip_ok(path)
        if suffix == ".mp3":
            return _mp3_ok(path)
        if suffix == ".json":
            json.loads(path.read_bytes())
            return True
        if suffix in (".html", ".xhtml", ".xml"):
            tail = _tail(path).rstrip().lower()
            return tail.endswith(b">")
        if suffix == ".vtt":
            return path.read_bytes()[:6] == b"WEBVTT"
        return True
    except (OSError, ValueError):
        return False


def _tail(path: Path, n: int = 64) -> bytes:
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - n))
        return f.read()


def _zip_ok(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if not infos or infos[0].filename != "mimetype":
                return False
            with open(path, "rb") as f:
                for info in infos:  # every local header where the central directory says
                    f.seek(info.header_offset)
                    if f.read(4) != b"PK\x03\x04":
                        return False
        return True
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _mp3_ok(path: Path) -> bool:
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(path).info
    except (MutagenError, OSError):
        return False
    if not (info.length > 0 and info.bitrate > 0):
        return False
    # the Xing header states the length, whatever is left of the file: the audio must be there too
    return path.stat().st_size >= 0.9 * info.length * info.bitrate / 8
