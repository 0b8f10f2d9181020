"""How far each alert target has been sent the events: kept in the store, so what a run stopped before its alerts,
or a target down at the time, stored is sent by the next process to alert, and two processes alerting from one
store (the daemon, a `crawl` beside it) never send one event twice.

A target is named by a hash of its URL: apprise URLs carry tokens and passwords, which the store must not keep.

While a claim's events are being sent, a file beside the store records it (`archive.db.alert-<target>-<upto>.claim`,
the mark before it inside), held locked: the kernel releases the lock of a process that dies mid-send (`kill -9`, a
crash), and the next process to alert that target gives such a claim back, so its events are sent, not lost (a
target that had them already may get them twice).
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from sqlite_utils import Database

from store.runs import held


def target_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def mark(db: Database, key: str, start: int) -> int:
    """The id of the last event the target was sent (`start` for a target new to the store, recorded so)."""
    with db.atomic():
        db.execute("INSERT OR IGNORE INTO alert_marks (target, event_id) VALUES (?, ?)", [key, start])
        return db.execute("SELECT event_id FROM alert_marks WHERE target = ?", [key]).fetchone()[0]


def claim(db: Database, key: str, sent: int, upto: int) -> bool:
    """Take the events after `sent` up to `upto` for sending: False when another process took them first."""
    with db.atomic():
        return db.execute("UPDATE alert_marks SET event_id = ? WHERE target = ? AND event_id = ?",
                          [upto, key, sent]).rowcount == 1


def release(db: Database, key: str, upto: int, sent: int) -> bool:
    """Give back events claimed and not delivered: the next process to alert sends them. False when another process
    claimed later events meanwhile: the mark is theirs, and moving it back would send theirs twice."""
    with db.atomic():
        return db.execute("UPDATE alert_marks SET event_id = ? WHERE target = ? AND event_id = ?",
                          [sent, key, upto]).rowcount == 1


@contextmanager
def claimed(db: Database, key: str, sent: int, upto: int) -> Iterator[bool]:
    """`claim`, its file held beside the store while the caller sends the events (and gives them back, if it must).
    Yields False when another process took them first. (Where no file can be made, the claim is made without it.)"""
    prefix = _claims_prefix(db, key)
    path = Path(f"{prefix}-{upto}.claim") if prefix else None
    handle = _held_file(path, f"{sent}\n") if path else None
    try:
        yield claim(db, key, sent, upto)
    finally:
        if path is not None and handle is not None:
            with suppress(OSError):
                path.unlink()
            handle.close()


def give_back_abandoned(db: Database, key: str) -> list[tuple[int, int]]:
    """Give back the claims of target `key` that a process which died while sending them left: their events are sent
    again. Returns the (sent, upto) of each given back."""
    prefix = _claims_prefix(db, key)
    given: list[tuple[int, int]] = []
    for path in prefix.parent.glob(f"{prefix.name}-*.claim") if prefix else ():
        claim_range = _claim_range(path)
        if claim_range is None or held(path):  # (being sent by a live process, or not yet written)
            continue
        if release(db, key, claim_range[1], claim_range[0]):
            given.append(claim_range)
        with suppress(OSError):
            path.unlink()
    return given


def _claims_prefix(db: Database, key: str) -> Path | None:
    """Where the claim files of target `key` are: beside the store, named by its real path (None: a store in
    memory)."""
    store = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(f"{Path(store).resolve()}.alert-{key[:16]}") if store else None


def _claim_range(path: Path) -> tuple[int, int] | None:
    """(sent, upto) of a claim file, None when it cannot be read (not yet written)."""
    try:
        sent, upto = path.read_text(encoding="ascii").strip(), path.name.rsplit("-", 1)[1].removesuffix(".claim")
    except OSError:
        return None
    return (int(sent), int(upto)) if sent.isdigit() and upto.isdigit() else None


def _held_file(path: Path, text: str) -> IO[str] | None:
    """`path`, written with `text` and held locked; None where it cannot be made."""
    try:  # (not "w": that would empty a file another process holds, before this one knows it cannot lock it)
        handle = open(path, "a", encoding="ascii")  # noqa: SIM115 (held open while the claim is sent)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.truncate(0)
        handle.write(text)
        handle.flush()
    except OSError:
        handle.close()
        return None
    return handle
