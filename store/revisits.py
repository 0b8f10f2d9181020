"""The revisit ladder: known articles are refetched on a decaying schedule, reset when a change is seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlite_utils import Database

from store.schema import ASKED_URL
from store.times import iso, parse


def due_pages(db: Database, source: str, now: str, limit: int = 10_000) -> list[str]:
    """Article pages of `source` whose next visit is due, most overdue first (gone ones too: they may return)."""
    rows = db.execute("SELECT url FROM pages WHERE source = ? AND is_article = 1 AND next_visit <= ?"
                      " ORDER BY next_visit LIMIT ?", [source, now, limit]).fetchall()
    return [url for (url,) in rows]


# A visit that could not read the page (an outage, a firewall's page, a page with no text) says nothing of whether
# it changed: the page stays on its rung, so an outage of days does not leave a new article on a monthly one.
FAILED_OUTCOMES = frozenset({"error", "robots", "empty"})


def schedule(db: Database, url: str, change: str, now: str, ladder: Sequence[float],
             outcome: str | None = None) -> None:
    """Move the page along the ladder: back to the first rung on any change, one rung slower when seen unchanged,
    on the same rung when the visit failed (`outcome`, the capture's)."""
    row = db.execute("SELECT revisit_step, is_article FROM pages WHERE url = ?", [url]).fetchone()
    if row is None or not row[1]:
        return  # only articles are revisited
    current = min(row[0] or 0, len(ladder) - 1)
    if change in ("new", "changed", "back"):
        step = 0
    else:
        step = current if outcome in FAILED_OUTCOMES else min(current + 1, len(ladder) - 1)
    next_visit = iso(parse(now) + timedelta(seconds=ladder[step]))
    with db.atomic():
        db.execute("UPDATE pages SET revisit_step = ?, next_visit = ? WHERE url = ?", [step, next_visit, url])


# A page is known once it has been read: archived, or found to be no article, a file or a part of one. One whose
# fetches have all failed (an outage, a timeout, a firewall's page, a 404 before the article went up, a page with
# no text) is still to be read: a listing that links it again has it fetched again, until it has failed this often.
READ_OUTCOMES = ("ok", "not_modified", "not_article", "raw", "not_html", "part")
FAILURES_BEFORE_GIVING_UP = 5


def known(db: Database, url: str) -> str | None:
    """When `url` was last seen, or None if it was never read: as a page of its own, as an address whose page
    names another canonical URL, or as one a first fetch was redirected from (their captures are stored under the
    page they name or land on)."""
    row = db.execute("SELECT last_seen, latest_version FROM pages WHERE url = ?", [url]).fetchone()
    if row is not None and (row[1] is not None or _read_or_given_up(db, url)):
        return row[0]
    return elsewhere_seen(db, url)


def elsewhere_seen(db: Database, url: str) -> str | None:
    """When a capture stored under another page last read `url`: landed on it (a page naming another canonical URL)
    or was redirected from it (a first fetch, archived under the address it landed on). Not while that page is gone:
    a site that moves an article back to its old address (the new one 404) has it read there again, as a page of its
    own, where it was known by the page it had led to for good and the article seen gone."""
    live = "NOT EXISTS (SELECT 1 FROM pages p WHERE p.url = captures.url AND p.gone_at IS NOT NULL)"
    row = db.execute(
        "SELECT max(fetched_at) FROM (SELECT fetched_at FROM captures WHERE final_url = ? AND outcome = 'ok'"
        f" AND {live} UNION ALL SELECT fetched_at FROM captures WHERE {ASKED_URL} = ? AND redirects IS NOT NULL"
        f" AND url != ? AND outcome = 'ok' AND {live})", [url, url, url]).fetchone()
    return row[0] if row else None


def _read_or_given_up(db: Database, url: str) -> bool:
    """Whether a page without a version was read (a no-article page with no text at all, a firewall's script
    alone, was not), or has failed FAILURES_BEFORE_GIVING_UP times (its retried attempts aside, and its visits while
    its host was paused as down, `host_down`: its server was never asked)."""
    marks = ", ".join("?" * len(READ_OUTCOMES))
    read, failed = db.execute(
        f"SELECT count(*) FILTER (WHERE outcome IN ({marks}) AND NOT (outcome = 'not_article' AND"
        " coalesce(article_score, 0) = 0)), count(*) FILTER (WHERE outcome != 'retried'"
        " AND coalesce(error, '') != 'host_down') FROM captures WHERE url = ?",
        [*READ_OUTCOMES, url]).fetchone()
    return read > 0 or failed >= FAILURES_BEFORE_GIVING_UP
