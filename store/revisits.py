"""The revisit ladder: known articles are refetched on a decaying schedule, reset when a change is seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlite_utils import Database

from store.times import iso, parse


def due_pages(db: Database, source: str, now: str, limit: int = 10_000) -> list[str]:
    """Article pages of `source` whose next visit is due, most overdue first (gone ones too: they may return)."""
    rows = db.execute("SELECT url FROM pages WHERE source = ? AND is_article = 1 AND next_visit <= ?"
                      " ORDER BY next_visit LIMIT ?", [source, now, limit]).fetchall()
    return [url for (url,) in rows]


def schedule(db: Database, url: str, change: str, now: str, ladder: Sequence[float]) -> None:
    """Move the page along the ladder: back to the first rung on any change, one rung slower otherwise."""
    row = db.execute("SELECT revisit_step, is_article FROM pages WHERE url = ?", [url]).fetchone()
    if row is None or not row[1]:
        return  # only articles are revisited
    step = 0 if change in ("new", "changed", "back") else min((row[0] or 0) + 1, len(ladder) - 1)
    next_visit = iso(parse(now) + timedelta(seconds=ladder[step]))
    with db.atomic():
        db.execute("UPDATE pages SET revisit_step = ?, next_visit = ? WHERE url = ?", [step, next_visit, url])


def known(db: Database, url: str) -> str | None:
    """When `url` was last seen, or None if it was never captured: as a page of its own, or as an address
    whose page names another canonical URL (its captures are stored under that one)."""
    row = db.execute("SELECT last_seen FROM pages WHERE url = ?", [url]).fetchone()
    if row is None:
        row = db.execute("SELECT max(fetched_at) FROM captures WHERE final_url = ? AND outcome = 'ok'",
                         [url]).fetchone()
    return row[0] if row else None
