"""Safe paths and atomic writes: a crash leaves either the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Iterator

from .errors import OutputError, UsageError

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_SLUG = 80


def sha256_file(*paths: Path, extra: bytes = b"") -> str:
    """Hex SHA-256 of the files' bytes, one after another (then ``extra``), read in 1 MiB blocks."""
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    h.update(extra)
    return h.hexdigest()


def slugify(name: str) -> str:
    """A file-system-safe slug: lower-case ASCII letters, digits, '-' and '_', at most 80 chars.

    Raises UsageError when nothing usable is left (e.g. ``..`` or ``/``).
    """
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9_-]+", "-", s).strip("-_")
    s = re.sub(r"-{2,}", "-", s)[:MAX_SLUG].strip("-_")
    if not s:
        raise UsageError(f"cannot make a safe article name from {name!r}")
    if s in _RESERVED:
        s = f"{s}-article"
    return s


def output_dir_for(root: Path, slug: str) -> Path:
    """``root/slug``, refusing any slug that would escape ``root``."""
    try:
        safe = slugify(slug)
    except UsageError:
        safe = None
    if slug != safe:
        raise OutputError(f"unsafe article slug {slug!r}: slugs may hold only a-z, 0-9, '-' and '_'")
    root = Path(root).resolve()
    target = (root / slug).resolve()
    if target.parent != root:
        raise OutputError(f"article slug {slug!r} would write outside {root}")
    return target


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success rename it over ``path``.

    On any error the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
    except OSError as e:
        raise _output_error(path, e) from e
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
        _fsync_dir(path.parent)
    except OSError as e:
        tmp_path.unlink(missing_ok=True)
        raise _output_error(path, e) from e
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes(path: Path | str, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: Path | str, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def _output_error(path: Path, e: OSError) -> OutputError:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"disk full while writing {path}", hint="free some space and run again")
    if e.errno == errno.EFBIG:
        return OutputError(f"file too large while writing {path} (a file-size limit: ulimit -f, or the file system's)",
                           hint="raise the limit or free some space and run again")
    if e.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return OutputError(f"cannot write {path}: {e.strerror}", hint="check the output directory is writable")
    return OutputError(f"cannot write {path}: {e.strerror or e}")


PARTIAL_GLOB = ".*.part"


def sweep_partials(root: Path) -> list[Path]:
    """Remove temporary files that a killed process left behind under ``root``.

    Call only while holding the output lock (no other writer is running), e.g. at batch start.
    """
    removed = []
    for p in Path(root).rglob(PARTIAL_GLOB):
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed


@contextlib.contextmanager
def exclusive_lock(path: Path, what: str) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock on ``path`` (released when the process dies)."""
    import fcntl

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise _output_error(path, e) from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"{what} is already running on {path.parent}",
                             hint="wait for it to finish (the lock is released when it ends or dies)") from None
        yield
    finally:
        os.close(fd)
