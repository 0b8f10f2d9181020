"""Fixity: does the archive still hold what it recorded?

Every raw body is stored under the SHA-256 of its bytes and every version under the SHA-256 of its text, so
damage (a failing disk, a copy cut short, a hand edit in a SQL shell) shows as a hash that no longer matches. What
is recorded twice is compared too: a capture's size with its body's, a version's title with its event's, the raw
bytes it was read from with the bodies. A field kept once (a version's date) can change unseen.
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
    """Check SQLite's own structure, every body against its hash and size, every capture's body (present, of the
    size fetched), every version's text against its hash, its title against its event's and its raw bytes against
    the bodies. `stopped` is asked between rows, and by SQLite as a long statement runs (its
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
        report.problems.extend(_capture_sizes(db))
        report.captures = db.execute("SELECT count(*) FROM captures").fetchone()[0]
        report.problems.extend(_version_problems(db, report, stopped))
        report.problems.extend(_event_titles(db))
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


def _capture_sizes(db: Database) -> Iterator[str]:
    """A capture records the size of the body it fetched: a body of another size is not the one it fetched (its
    pointer was changed, or its size)."""
    rows = db.execute("SELECT c.id, c.url, c.body_sha256, c.bytes, b.size FROM captures c JOIN bodies b"
                      " ON b.sha256 = c.body_sha256 WHERE c.bytes IS NOT b.size AND c.bytes IS NOT NULL ORDER BY c.id")
    for capture_id, url, digest, fetched, size in rows:
        yield f"capture {capture_id} ({url}): its body {digest[:12]} is {size} bytes, where {fetched} were fetched"


def _version_problems(db: Database, report: FixityReport, stopped: Callable[[], bool]) -> Iterator[str]:
    # (the text's bytes as stored, not decoded: bytes damaged past UTF-8 are a mismatch to name, not a crash)
    rows = db.execute("SELECT s.url, s.version, CAST(s.text AS BLOB), s.text_sha256, s.capture_id, c.id,"
                      " s.raw_sha256, c.body_sha256 FROM snapshots s LEFT JOIN captures c ON c.id = s.capture_id"
                      " ORDER BY s.id")
    for url, version, text, digest, capture_id, found, raw, body in rows:
        if stopped():
            raise _Stopped
        report.versions += 1
        if hashlib.sha256(text or b"").hexdigest() != digest:
            yield f"{url} v{version}: its text no longer matches its hash {digest[:12]} (edited or damaged)"
        if capture_id is not None and found is None:
            yield f"{url} v{version}: the capture it was extracted from ({capture_id}) is missing"
        if found is not None and raw is not None and raw != body and _read_from_one_page(db, url, capture_id):
            yield from _raw_problems(db, f"{url} v{version}", raw, body, capture_id)


def _read_from_one_page(db: Database, url: str, capture_id: int) -> bool:
    """Whether a version was read from its capture's page alone: an article over several pages records its further
    pages (outcome part) between the page's capture before and its own, and hashes their hashes (raw_sha256), which
    is then no body's."""
    (before,) = db.execute("SELECT coalesce(max(id), 0) FROM captures WHERE url = ? AND id < ?",
                           [url, capture_id]).fetchone()
    return db.execute("SELECT 1 FROM captures WHERE outcome = 'part' AND id > ? AND id < ? LIMIT 1",
                      [before, capture_id]).fetchone() is None


def _raw_problems(db: Database, version: str, raw: str, body: str | None, capture_id: int) -> Iterator[str]:
    """A version read from one page was read from its capture's body, or (on a 304, which keeps none) from a body
    the store holds."""
    if db.execute("SELECT 1 FROM bodies WHERE sha256 = ?", [raw]).fetchone() is None:
        yield f"{version}: the raw bytes it was read from ({raw[:12]}) are not in the store"
    elif body is not None:
        yield f"{version}: read from {raw[:12]}, which is not the body of its capture {capture_id} ({body[:12]})"


def _event_titles(db: Database) -> Iterator[str]:
    """Each version's event (new, changed, reread) records its title as stored: a title that differs was changed
    since."""
    rows = db.execute("SELECT s.url, s.version, s.title, e.title FROM snapshots s JOIN events e ON e.url = s.url"
                      " AND e.version = s.version AND e.kind IN ('new', 'changed', 'reread')"
                      " WHERE e.title IS NOT s.title ORDER BY s.id")
    for url, version, title, recorded in rows:
        yield f"{url} v{version}: its title {title!r} is not the one recorded when it was stored ({recorded!r})"
