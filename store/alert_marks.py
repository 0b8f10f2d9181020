"""How far each alert target has been sent the events: kept in the store, so what a run stopped before its alerts,
or a target down at the time, stored is sent by the next process to alert, and two processes alerting from one
store (the daemon, a `crawl` beside it) never send one event twice.

A target is named by a hash of its URL: apprise URLs carry tokens and passwords, which the store must not keep.
"""

from __future__ import annotations

import hashlib

from sqlite_utils import Database


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
