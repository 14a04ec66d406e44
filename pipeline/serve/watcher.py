"""Watching ``seeds/`` (and ``voices/``) with watchfiles, and queueing rebuilds.

watchfiles (Rust ``notify``: inotify on Linux) reports changes; this module only decides what they
mean:

- a new or changed article (``.txt``/``.html``/``.htm``) is queued once it is **complete**: its size
  and modification time have not changed for ``settle`` seconds (a file still being copied keeps
  changing; one written elsewhere and renamed in is complete at once but is checked the same way);
- an edited data file (corrections, glossary, plain words, furniture, an article's ``.meta.toml``,
  a voice profile or lexicon) queues a batch over every article: the runner's input hashes decide
  which articles it really touches;
- hidden and temporary files (``.x.part``, ``x~``, ``.swp``) are ignored; a deleted article is left
  alone (its outputs stay until someone removes them).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from ..config import ARTICLE_SUFFIXES, Project
from .rebuild import Rebuilder

TEMP_SUFFIXES = (".part", ".tmp", ".swp", ".swx", "~", ".crdownload")
DATA_SUFFIXES = (".toml", ".pls")


def _ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.name.endswith(TEMP_SUFFIXES)


class Watcher:
    def __init__(self, project: Project, rebuilder: Rebuilder, *, settle: float = 1.0):
        self.project = project
        self.rebuilder = rebuilder
        self.settle = settle
        self.stop = threading.Event()
        self._waiting: dict[Path, tuple[tuple[int, int], float]] = {}  # article -> (size, mtime), since

    def folders(self) -> list[Path]:
        return [p for p in (self.project.seeds, self.project.voices) if p.is_dir()]

    def run(self) -> None:
        """Watch until ``stop`` is set (blocks; run it in a thread next to a server)."""
        from watchfiles import Change, watch

        folders = self.folders()
        if not folders:
            return
        self.rebuilder.log(f"watching {', '.join(str(f) for f in folders)} for new articles and edited data")
        # wake every 250 ms even when nothing happens, to see whether a waiting file has settled
        for changes in watch(*folders, stop_event=self.stop, yield_on_timeout=True, rust_timeout=250,
                             debounce=800, step=50, recursive=False):
            data_changed = []
            for change, name in changes:
                path = Path(name)
                if _ignored(path):
                    continue
                if path.parent == self.project.seeds and path.suffix.lower() in ARTICLE_SUFFIXES:
                    if change != Change.deleted:
                        self._waiting[path] = ((-1, -1), time.monotonic())
                elif path.suffix.lower() in DATA_SUFFIXES:
                    data_changed.append(path.name)
            if data_changed:
                self.rebuilder.request(None, f"edited {', '.join(sorted(set(data_changed)))}")
            ready = self._settled()
            if ready:
                self.rebuilder.request(ready, "new or changed article " + ", ".join(p.name for p in ready))

    def _settled(self) -> list[Path]:
        """Articles whose size and mtime have stayed the same for ``settle`` seconds."""
        ready, now = [], time.monotonic()
        for path, (seen, since) in list(self._waiting.items()):
            try:
                st = os.stat(path)
            except OSError:  # gone again (renamed away, deleted)
                del self._waiting[path]
                continue
            current = (st.st_size, st.st_mtime_ns)
            if current != seen:
                self._waiting[path] = (current, now)
            elif now - since >= self.settle and st.st_size > 0:
                ready.append(path)
                del self._waiting[path]
        return sorted(ready)
