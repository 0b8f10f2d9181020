"""Fixity: does the archive still hold what it recorded?

Every raw body is stored under the SHA-256 of its bytes and every version under the SHA-256 of its text, so
damage (a failing disk, a copy cut short, a hand edit in a SQL shell) shows as a hash that no longer matches.
This reads everything once, a body at a time, and names each problem; it never writes.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from store.bodies import COMPRESSION


@dataclass
class FixityReport:
    bodies: int = 0
    body_bytes: int = 0
    captures: int = 0
    versions: int = 0
    problems: list[str] = field(default_factory=list)
    stopped: bool = False  # asked to stop before the end: what it read is no check of the whole store

    @property
    def sound(self) -> bool:
        return not self.problems


class _Stopped(Exception):
    """The check was asked to stop."""


def _never() -> bool:
    return False


def verify(db: Database, stopped: Callable[[], bool] = _never) -> FixityReport:
    """Check SQLite's own structure, every body against its hash and size, every capture's body and every
    version's text against its hash. `stopped` is asked between rows, and by SQLite as a long statement runs (its
    own check of a large store takes minutes): once it says so, the check ends with `stopped` set."""
    report = FixityReport()
    if stopped is not _never:
        db.conn.set_progress_handler(stopped, STOP_CHECK_STEPS)  # (a true answer interrupts the statement)
    try:
        _check(db, report, stopped)
    finally:
        if stopped is not _never:
            db.conn.set_progress_handler(None, 0)
    return report


STOP_CHECK_STEPS = 100_000  # SQLite's virtual machine steps between two questions to `stopped` (a few ms)


def _check(db: Database, report: FixityReport, stopped: Callable[[], bool]) -> None:
    try:
        if stopped():
            raise _Stopped
        report.problems.extend(_sqlite_problems(db))
        report.problems.extend(_body_problems(db, report, stopped))
        report.problems.extend(_missing_bodies(db))
        report.captures = db.execute("SELECT count(*) FROM captures").fetchone()[0]
        report.problems.extend(_version_problems(db, report, stopped))
    except _Stopped:
        report.stopped = True
    except sqlite3.DatabaseError as exc:  # (a file damaged past reading: what was found so far, and why it stopped)
        if stopped():  # (interrupted: no damage)
            report.stopped = True
        else:
            report.problems.append(f"sqlite: {exc} (the check stopped here)")


def _sqlite_problems(db: Database) -> list[str]:
    rows = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    if rows == ["ok"]:
        return []
    # (a row may hold several lines under a "*** in database main ***" heading: one problem a line)
    return [f"sqlite: {line}" for row in rows for line in row.splitlines() if not line.startswith("***")]


def _body_problems(db: Database, report: FixityReport, stopped: Callable[[], bool]) -> Iterator[str]:
    for digest, size, compression, content in db.execute("SELECT sha256, size, compression, content FROM bodies"):
        if stopped():
            raise _Stopped
        report.bodies += 1
        try:
            data = zlib.decompress(content) if compression == COMPRESSION else bytes(content or b"")
        except zlib.error as exc:
            yield f"body {digest}: cannot be decompressed ({exc})"
            continue
        report.body_bytes += len(data)
        if (actual := hashlib.sha256(data).hexdigest()) != digest:
            yield f"body {digest}: its bytes hash to {actual} (damaged)"
        elif len(data) != size:
            yield f"body {digest}: {len(data)} bytes where {size} were recorded"


def _missing_bodies(db: Database) -> Iterator[str]:
    rows = db.execute("SELECT c.id, c.url, c.body_sha256 FROM captures c LEFT JOIN bodies b ON b.sha256 = c.body_sha256"
                      " WHERE c.body_sha256 IS NOT NULL AND b.sha256 IS NULL ORDER BY c.id")
    for capture_id, url, digest in rows:
        yield f"capture {capture_id} ({url}): its body {digest} is missing"


def _version_problems(db: Database, report: FixityReport, stopped: Callable[[], bool]) -> Iterator[str]:
    # (the text's bytes as stored, not decoded: bytes damaged past UTF-8 are a mismatch to name, not a crash)
    rows = db.execute("SELECT s.url, s.version, CAST(s.text AS BLOB), s.text_sha256, s.capture_id, c.id"
                      " FROM snapshots s LEFT JOIN captures c ON c.id = s.capture_id ORDER BY s.id")
    for url, version, text, digest, capture_id, found in rows:
        if stopped():
            raise _Stopped
        report.versions += 1
        if hashlib.sha256(text or b"").hexdigest() != digest:
            yield f"{url} v{version}: its text no longer matches its hash {digest[:12]} (edited or damaged)"
        if capture_id is not None and found is None:
            yield f"{url} v{version}: the capture it was extracted from ({capture_id}) is missing"
