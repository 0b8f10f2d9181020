"""Reading a page's history back: its versions and captures, as typed rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


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


@dataclass(frozen=True)
class Page:
    url: str
    source: str | None
    first_seen: str
    last_seen: str
    gone_at: str | None
    back_at: str | None
    latest_version: int | None


_VERSION_COLUMNS = ("url, version, title, published, author, source, text, text_sha256, first_seen, last_seen,"
                    " changed_chars, capture_id")


def versions(db: Database, url: str) -> list[Version]:
    rows = db.execute(f"SELECT {_VERSION_COLUMNS} FROM snapshots WHERE url = ? ORDER BY version", [url])
    return [Version(*row) for row in rows.fetchall()]


def version(db: Database, url: str, number: int) -> Version | None:
    row = db.execute(f"SELECT {_VERSION_COLUMNS} FROM snapshots WHERE url = ? AND version = ?",
                     [url, number]).fetchone()
    return Version(*row) if row else None


def page(db: Database, url: str) -> Page | None:
    row = db.execute("SELECT url, source, first_seen, last_seen, gone_at, back_at, latest_version FROM pages"
                     " WHERE url = ?", [url]).fetchone()
    return Page(*row) if row else None
