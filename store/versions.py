"""Reading a page's history back: its versions and captures, as typed rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from functools import partial

from sqlite_utils import Database

from store.exchange import Exchange, header_pairs, redirect_hops
from store.schema import ASKED_URL
from store.urls import canonical_url


def _columns(row_type: type) -> str:
    """The SELECT list for a row dataclass: its fields, in order, so rows unpack straight into it."""
    return ", ".join(f.name for f in fields(row_type))


@dataclass(frozen=True)
class Version:
    url: str
    version: int
    title: str | None
    published: str | None
    author: str | None
    source: str | None
    text: str
    text_sha256: str
    first_seen: str
    last_seen: str
    changed_chars: int | None
    capture_id: int | None
    subtitle: str | None = None  # (a store before schema 6 has none)


@dataclass(frozen=True)
class Page:
    url: str
    source: str | None
    first_seen: str
    last_seen: str
    gone_at: str | None
    back_at: str | None
    latest_version: int | None


def versions(db: Database, url: str) -> list[Version]:
    rows = db.execute(f"SELECT {_present_columns(db, 'snapshots', Version)} FROM snapshots WHERE url = ?"
                      " ORDER BY version", [url])
    return [Version(*row) for row in rows.fetchall()]


def reread_versions(db: Database, url: str) -> set[int]:
    """The page's versions read anew from the bytes of the one before (event `reread`): no edit of the page."""
    rows = db.execute("SELECT version FROM events WHERE url = ? AND kind = 'reread'", [url])
    return {number for (number,) in rows.fetchall()}


def version(db: Database, url: str, number: int) -> Version | None:
    row = db.execute(f"SELECT {_present_columns(db, 'snapshots', Version)} FROM snapshots"
                     " WHERE url = ? AND version = ?", [url, number]).fetchone()
    return Version(*row) if row else None


def page(db: Database, url: str) -> Page | None:
    row = db.execute("SELECT url, source, first_seen, last_seen, gone_at, back_at, latest_version FROM pages"
                     " WHERE url = ?", [url]).fetchone()
    return Page(*row) if row else None


def stored_url(db: Database, url: str) -> str | None:
    """The URL the archive keeps the page `url` names under: `url` itself when it is stored so, else its canonical
    form, as fetch and crawl store it (HTTP://x/新闻/a.html#top is http://x/%E6%96%B0%E9%97%BB/a.html), else the page
    a first fetch of it was redirected to; None when none is a page of the archive. A page of the address without a
    version (a first try that failed, then a fetch redirected) is the page it landed on, as the pipeline stored it."""
    candidates = [candidate for candidate in dict.fromkeys((url, canonical_url(url))) if candidate]
    held = next((found for found in map(partial(page, db), candidates) if found is not None), None)
    if held is not None and held.latest_version:
        return held.url
    return _landed(db, candidates) or (held.url if held is not None else None)


def _landed(db: Database, candidates: list[str]) -> str | None:
    """The page a first fetch of one of `candidates` was redirected to and archived under (not the address's own)."""
    if "redirects" not in db["captures"].columns_dict:  # (a store before schema 5, read without migrating it)
        return None
    for candidate in candidates:
        row = db.execute(f"SELECT url FROM captures WHERE {ASKED_URL} = ? AND redirects IS NOT NULL AND url != ?"
                         " ORDER BY id DESC LIMIT 1", [candidate, candidate]).fetchone()
        if row:
            return row[0]
    return None


def without_versions(db: Database, url: str) -> str:
    """What the readers say of a page that has no version to show: that the archive does not hold it at all, or that
    it holds only captures of it without an article (failed, gone, not an article, a later page of one), counted
    by their outcome as `export` counts what it leaves out."""
    if page(db, url) is None:
        return "not in the archive"
    rows = db.execute("SELECT coalesce(error, outcome), count(*) FROM captures WHERE url = ? GROUP BY 1 ORDER BY 1",
                      [url]).fetchall()
    held = ", ".join(f"{count} {outcome}" for outcome, count in rows)
    said = "in the archive, but no versions stored" + (f" (its captures: {held})" if held else "")
    if first := article_of(db, url):
        said += f": a later page of the article {first}, whose versions hold its text"
    return said


def article_of(db: Database, url: str) -> str | None:
    """The first page of the article whose later page `url` is (its versions hold the text of all its pages): the
    Referer its latest `part` capture was asked for with (the pipeline sends the first page's), when that page has
    versions; None for any other page, or a part fetched before palimpsest sent one."""
    if "request_headers" not in db["captures"].columns_dict:  # (a store before schema 5, read without migrating it)
        return None
    row = db.execute("SELECT request_headers FROM captures WHERE url = ? AND outcome = 'part'"
                     " AND request_headers IS NOT NULL ORDER BY id DESC LIMIT 1", [url]).fetchone()
    referer = next((value for name, value in header_pairs(row[0]) if name.lower() == "referer"), None) if row else None
    found = page(db, referer) if referer else None
    return found.url if found is not None and found.latest_version else None


@dataclass(frozen=True)
class Absence:
    """A time the page was gone: from its gone event to its back event (None: gone still)."""

    gone_at: str
    back_at: str | None


def absences(db: Database, url: str) -> list[Absence]:
    """Each time the page was gone, oldest first, from its gone and back events: `pages` keeps only the latest
    (gone_at is cleared when the page comes back)."""
    found: list[Absence] = []
    rows = db.execute("SELECT kind, at FROM events WHERE url = ? AND kind IN ('gone', 'back') ORDER BY at, id", [url])
    for kind, at in rows.fetchall():
        if kind == "gone":
            found.append(Absence(at, None))
        elif found and found[-1].back_at is None:
            found[-1] = Absence(found[-1].gone_at, at)
    return found


@dataclass(frozen=True)
class FileBytes:
    """A file's bytes as kept from one capture to the last before other bytes (a file has no text to version)."""

    sha256: str
    size: int | None
    first_seen: str
    last_seen: str


def file_history(db: Database, url: str) -> list[FileBytes]:
    """The bytes a file (an attachment, a PDF) was kept with, oldest first, each run of captures with the same
    bytes one entry (A, B, A: three); a 304 confirms the bytes before it."""
    found: list[FileBytes] = []
    rows = db.execute("SELECT outcome, body_sha256, bytes, fetched_at FROM captures WHERE url = ? AND"
                      " (outcome = 'raw' AND body_sha256 IS NOT NULL OR outcome = 'not_modified') ORDER BY id", [url])
    for outcome, sha256, size, at in rows.fetchall():
        if outcome == "not_modified" or found and found[-1].sha256 == sha256:
            if found:
                found[-1] = FileBytes(found[-1].sha256, found[-1].size, found[-1].first_seen, at)
        else:
            found.append(FileBytes(sha256, size, at, at))
    return found


@dataclass(frozen=True)
class Capture:
    id: int
    url: str
    fetched_at: str
    status: int | None
    outcome: str
    error: str | None
    bytes: int | None
    content_type: str | None
    charset: str | None
    body_sha256: str | None
    headers: str | None  # JSON list of [name, value] pairs
    version: int | None
    final_url: str | None = None  # where the redirects ended: the body is that page's
    request_headers: str | None = None  # JSON list of [name, value] pairs, as sent
    server_ip: str | None = None
    redirects: str | None = None  # JSON list of the hops before the final response (store/exchange.py)

    def exchange(self) -> Exchange:
        """The final request and response, read from their JSON columns (status 0: no response came)."""
        return Exchange(self.final_url or self.url, self.fetched_at, self.status or 0, header_pairs(self.headers),
                        header_pairs(self.request_headers), self.server_ip)

    def hops(self) -> tuple[Exchange, ...]:
        """The redirects followed before the final response, in order."""
        return redirect_hops(self.redirects)


def _present_columns(db: Database, table: str, row_type: type) -> str:
    """The SELECT list for a row dataclass of `table`; NULL for a column that a store of an older schema, opened
    read-only and so not yet migrated, lacks."""
    present = set(db[table].columns_dict)
    return ", ".join(f.name if f.name in present else f"NULL AS {f.name}" for f in fields(row_type))


def _capture_columns(db: Database) -> str:
    return _present_columns(db, "captures", Capture)


def captures(db: Database, url: str) -> list[Capture]:
    rows = db.execute(f"SELECT {_capture_columns(db)} FROM captures WHERE url = ? ORDER BY fetched_at, id", [url])
    return [Capture(*row) for row in rows.fetchall()]


def selected_captures(db: Database, *, sources: Sequence[str] = (), urls: Sequence[str] = (),
                      since: str | None = None) -> Iterator[Capture]:
    """Every capture of these sources and URLs (all, when none are named) fetched at or after `since`, in the order
    they were made; one row at a time (a whole archive's captures are many)."""
    where, params = ["1 = 1"], []
    for column, values in (("source", sources), ("url", urls)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if since:
        where.append("fetched_at >= ?")
        params.append(since)
    rows = db.execute(f"SELECT {_capture_columns(db)} FROM captures WHERE {' AND '.join(where)} ORDER BY id", params)
    for row in rows:
        yield Capture(*row)


def has_source(db: Database, name: str) -> bool:
    """Whether any capture is of the source `name`."""
    return db.execute("SELECT 1 FROM captures WHERE source = ? LIMIT 1", [name]).fetchone() is not None


def capture(db: Database, capture_id: int) -> Capture | None:
    row = db.execute(f"SELECT {_capture_columns(db)} FROM captures WHERE id = ?", [capture_id]).fetchone()
    return Capture(*row) if row else None


@dataclass(frozen=True)
class Event:
    """Something a reader may want to hear about: a page new, changed, gone or back, as the store recorded it."""

    id: int
    at: str
    url: str
    source: str | None
    kind: str  # new, changed, gone, back
    version: int | None
    changed_chars: int | None
    title: str | None


_EVENT_COLUMNS = _columns(Event)


def last_event_id(db: Database) -> int:
    """The id of the newest event (0 when there is none): note it before a run, pass it to `events_after`."""
    return db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]


def events_after(db: Database, event_id: int, *, source: str | None = None) -> list[Event]:
    """Events recorded after `event_id`, oldest first."""
    sql = f"SELECT {_EVENT_COLUMNS} FROM events WHERE id > ?" + (" AND source = ?" if source else "")
    rows = db.execute(sql + " ORDER BY id", [event_id, source] if source else [event_id])
    return [Event(*row) for row in rows.fetchall()]


def recent_events(db: Database, *, source: str | None = None, kinds: tuple[str, ...] = ("new", "changed", "gone"),
                  limit: int = 100) -> list[Event]:
    """The newest events of the given kinds, newest first."""
    marks = ", ".join("?" for _ in kinds)
    sql = f"SELECT {_EVENT_COLUMNS} FROM events WHERE kind IN ({marks})" + (" AND source = ?" if source else "")
    params: list[object] = [*kinds, *([source] if source else []), limit]
    return [Event(*row) for row in db.execute(sql + " ORDER BY at DESC, id DESC LIMIT ?", params).fetchall()]
