"""The ledger: ``output/ledger.sqlite``, one row per article and stage.

Workers write their own rows as each stage finishes (WAL mode, busy timeout), so a ``kill -9``
loses at most the stage that was running: everything recorded as done really is done, and its
outputs were written atomically before the row was.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS stage_runs (
    article     TEXT NOT NULL,     -- slug
    stage       TEXT NOT NULL,
    input_hash  TEXT NOT NULL,
    status      TEXT NOT NULL,     -- done | failed | running
    started     REAL NOT NULL,
    finished    REAL,
    seconds     REAL,
    error       TEXT,
    outputs     TEXT NOT NULL DEFAULT '[]',  -- JSON list of paths relative to output/
    source      TEXT NOT NULL DEFAULT '',    -- the article file
    PRIMARY KEY (article, stage)
);
"""


@dataclass
class Row:
    article: str
    stage: str
    input_hash: str
    status: str
    started: float
    finished: float | None
    seconds: float | None
    error: str | None
    outputs: list[str]
    source: str


class Ledger:
    def __init__(self, output_dir: Path):
        self.path = Path(output_dir) / "ledger.sqlite"
        self.db = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as e:
            raise self._error(e) from None

    def _error(self, e: Exception) -> OutputError:
        return OutputError(f"cannot use the batch ledger {self.path}: {e}",
                           hint="check that the output folder is writable and the disk is not full")

    def _x(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """Run one statement; a full disk or read-only folder is an OutputError, not a traceback."""
        try:
            return self.db.execute(sql, params)
        except sqlite3.Error as e:
            raise self._error(e) from None

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    def get(self, article: str, stage: str) -> Row | None:
        cur = self._x("SELECT * FROM stage_runs WHERE article=? AND stage=?", (article, stage))
        r = cur.fetchone()
        return _row(r) if r else None

    def rows(self) -> list[Row]:
        return [_row(r) for r in self._x("SELECT * FROM stage_runs ORDER BY article, rowid")]

    def start(self, article: str, stage: str, input_hash: str, source: str) -> None:
        self._x(
            "INSERT OR REPLACE INTO stage_runs (article, stage, input_hash, status, started, source) "
            "VALUES (?, ?, ?, 'running', ?, ?)", (article, stage, input_hash, time.time(), source))

    def finish(self, article: str, stage: str, outputs: list[str], seconds: float) -> None:
        self._x(
            "UPDATE stage_runs SET status='done', finished=?, seconds=?, error=NULL, outputs=? "
            "WHERE article=? AND stage=?", (time.time(), seconds, json.dumps(outputs), article, stage))

    def fail(self, article: str, stage: str, error: str, seconds: float) -> None:
        self._x(
            "UPDATE stage_runs SET status='failed', finished=?, seconds=?, error=? WHERE article=? AND stage=?",
            (time.time(), seconds, error, article, stage))

    def forget(self, article: str, stage: str) -> None:
        """Remove the row of one article and stage (nothing when there is none)."""
        self._x("DELETE FROM stage_runs WHERE article=? AND stage=?", (article, stage))

    def is_current(self, article: str, stage: str, input_hash: str, output_root: Path) -> bool:
        """Done before with the same inputs, and every output it recorded is still there."""
        row = self.get(article, stage)
        return bool(row and row.status == "done" and row.input_hash == input_hash
                    and all((Path(output_root) / p).is_file() for p in row.outputs))


def _row(r) -> Row:
    return Row(article=r[0], stage=r[1], input_hash=r[2], status=r[3], started=r[4], finished=r[5], seconds=r[6],
               error=r[7], outputs=json.loads(r[8] or "[]"), source=r[9])
