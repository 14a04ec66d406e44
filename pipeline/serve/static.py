"""Serving ``output/``: Starlette's StaticFiles (Range, ETag, Last-Modified, 304), made stricter.

Starlette's ``FileResponse`` answers ``Range: bytes=...`` with 206 and an exact ``Content-Range``
(416 with ``Content-Range: bytes */<size>`` when the range starts past the end), and
``StaticFiles`` refuses paths whose real location (symlinks resolved) is outside the folder.
On top of that this module:

- answers 404, before touching the disk, for any path with a ``..`` or ``.`` segment, an encoded
  slash or backslash (``%2F``, ``%5C``), a NUL, or a hidden segment (``.batch.lock``, ``.x.part``);
- never serves the batch ledger (``ledger.sqlite`` and its WAL files);
- never lists a folder (a folder is a 404; the catalogue is the only index);
- sends the MIME types podcast apps and browsers need: ``audio/mpeg``, ``text/vtt``,
  ``application/epub+zip``, ``application/rss+xml`` for the feed (``mimetypes`` on Python 3.11
  knows neither .vtt nor .epub, and calls the feed ``text/xml``).
"""

from __future__ import annotations

import mimetypes
import os
import re

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

MEDIA_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".epub": "application/epub+zip",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".smil": "application/smil+xml",
    ".txt": "text/plain; charset=utf-8",
}
FEED_NAMES = {"feed.xml"}
PRIVATE_NAMES = {"ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm", "ledger.sqlite-journal"}
_BAD_RAW = re.compile(rb"%(2f|5c|00)|\\|\x00", re.IGNORECASE)


def media_type(name: str) -> str:
    if name in FEED_NAMES:
        return "application/rss+xml"
    ext = os.path.splitext(name)[1].lower()
    return MEDIA_TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def refused(scope: Scope) -> bool:
    """True for request paths that may never reach the file system (see the module docstring)."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if _BAD_RAW.search(raw.split(b"?", 1)[0]):
        return True
    segments = scope["path"].split("/")
    return any(s in (".", "..") or s.startswith(".") or s in PRIVATE_NAMES or "\x00" in s for s in segments)


class OutputFiles(StaticFiles):
    """``output/`` as static files: GET and HEAD only, no listing, no escapes, exact MIME types."""

    def __init__(self, directory):
        super().__init__(directory=directory, html=False, follow_symlink=False, check_dir=False)

    async def get_response(self, path: str, scope: Scope) -> Response:
        if refused(scope):
            raise HTTPException(status_code=404)
        return await super().get_response(path, scope)

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if isinstance(response, FileResponse):
            response.media_type = media_type(os.path.basename(str(full_path)))
            response.headers["content-type"] = response.media_type
        response.headers.setdefault("x-content-type-options", "nosniff")
        return response
