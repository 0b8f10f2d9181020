"""The write API of the archive: captures, versioned snapshots, gone/back, runs, robots cache.

A page's writes for one fetch happen in one transaction, so a crash leaves no partial rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlite_utils import Database

from store import search
from store.bodies import get_body, put_body
from store.cells import CELL_SEPARATOR
from store.diff import Fields, version_changed_chars
from store.dispositions import disposition_name
from store.exchange import Exchange, header_pairs, hops_json, pairs_json
from store.hanzi import WIDE_CHARACTERS
from store.rows import insert_row
from store.schema import SCHEMA_VERSION, SEARCH_TOKENS_SINCE, ensure_schema

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never text; invalid in XML (the Atom feed)


def normalize_text(text: str) -> str:
    """The form whose hash decides whether a version is new: NFC, no control characters, trimmed lines, no
    blank lines."""
    lines = (" ".join(line.split()) for line in unicodedata.normalize("NFC", _CONTROL.sub("", text)).splitlines())
    return "\n".join(line for line in lines if line)


# A space beside a Chinese character or a curly quote is no difference between versions: a browser shows a line
# break between two Chinese characters as nothing, extractors disagree on it, and editors add or drop the spaces that
# set Latin words, numbers and quotes apart from Chinese text (5G 网络, 提出 “三个坚持”) without changing a word. So is
# one between a number and a Latin word (100 PFlops, 100PFlops; Windows 10): between two digits or two words it is.
_SPACED = f"{WIDE_CHARACTERS}\u2018\u2019\u201c\u201d"
_SPACE_BESIDE_WIDE = re.compile(f" (?:(?<=[{_SPACED}] )|(?=[{_SPACED}])"  # (the space first: found by a fast scan)
                                f"|(?<=[0-9] )(?=[A-Za-z])|(?<=[A-Za-z] )(?=[0-9]))")


def version_identity(title: str | None, text: str, published: str | None = None, author: str | None = None,
                     source: str | None = None, subtitle: str | None = None) -> str:
    """What a capture must differ in from the page's latest version to be a new version: its title and subtitle
    (a headline rewritten is an edit), its date, author and source (a notice re-dated or re-attributed is one too)
    and its normalized text, a space beside a Chinese character aside, and a table's row read as one line or a cell
    to a line alike (extractors before 2026-11 did the latter)."""
    text = text.replace(CELL_SEPARATOR, "\n") if CELL_SEPARATOR in text else text
    fields = "\n".join(" ".join((value or "").split()) for value in (title, published, author, source))
    if subtitle:  # (after a control character, which no text holds; a page without one keeps its old identity)
        fields += "\x1e" + " ".join(subtitle.split())
    return f"{fields}\n{_SPACE_BESIDE_WIDE.sub('', text)}"


def reading_identity(title: str | None, text: str, published: str | None = None, author: str | None = None,
                     source: str | None = None, subtitle: str | None = None) -> str:
    """`version_identity` of an article as the extractor gives it (normalized as the store keeps it)."""
    return version_identity(_CONTROL.sub("", title) if title else None, normalize_text(text), published, author,
                            source, _CONTROL.sub("", subtitle) if subtitle else None)


# Outcomes saying the page no longer exists (404/410, redirect to the home page; a "not found" page).
GONE_OUTCOMES = ("gone", "soft_404")


@dataclass(frozen=True)
class CaptureRecord:
    """One fetch attempt, as the store records it. `outcome` says what became of it."""

    url: str
    fetched_at: str
    # ok, not_modified, retried, error, robots, gone, soft_404, empty, not_article, raw, not_html, part (a further
    # page of an article, its text joined to the version of the article's first page)
    outcome: str
    status: int | None = None
    error: str | None = None  # reason code: timeout, too_large, http_404, robots, ...
    error_detail: str | None = None
    final_url: str | None = None
    attempt: int = 1
    duration_ms: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None
    charset_source: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    article_score: float | None = None
    source: str | None = None
    run_id: int | None = None
    request_headers: tuple[tuple[str, str], ...] = ()  # of the final request, as sent
    server_ip: str | None = None  # the address the final response came from
    redirects: tuple[Exchange, ...] = ()  # the hops before it, in order


@dataclass(frozen=True)
class SnapshotRecord:
    """The extracted article of a capture, as the store versions it."""

    title: str | None
    text: str
    published: str | None = None
    author: str | None = None
    source: str | None = None
    subtitle: str | None = None  # the line under or over the headline, outside the text (副题, 引题)
    language: str | None = None
    warnings: tuple[str, ...] = ()
    # The raw bytes the text was read from: the body's SHA-256, or for an article over several pages the SHA-256
    # of its pages' SHA-256s joined by newlines. The same bytes read to another text are no edit of the page.
    raw_sha256: str | None = None
    # The latest version's own bytes, read today, give this text: what changed is the reading, not the page
    # (the furniture around the text may have moved). Decided by the pipeline, which can read pages.
    read_anew: bool = False


@dataclass(frozen=True)
class StoreOutcome:
    capture_id: int
    version: int | None  # the page's latest version after this capture, if any
    # new, changed, reread (a new text read from the same bytes: the extractor or the site's rules changed),
    # unchanged, gone (newly, or still: no second event), back, none
    change: str


@dataclass(frozen=True)
class LatestReading:
    """A page's latest version and, when it was read from one stored body, that body's address and headers."""

    version: int
    title: str | None
    text: str
    published: str | None
    author: str | None
    source: str | None
    subtitle: str | None
    raw_sha256: str | None
    body_sha256: str | None  # None: read over several pages, or on a 304 (its capture keeps no body)
    headers: tuple[tuple[str, str], ...]
    final_url: str | None

    @property
    def identity(self) -> str:
        return version_identity(self.title, self.text, self.published, self.author, self.source, self.subtitle)

    @property
    def read_from(self) -> str | None:
        """The bytes it was read from (a version stored before raw_sha256 was recorded: its capture's body)."""
        return self.raw_sha256 or self.body_sha256


@dataclass(frozen=True)
class KeptPage:
    """A page's latest good capture with its raw body: what a 304 confirms is still current."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    final_url: str | None
    etag: str | None
    last_modified: str | None


class StoreError(Exception):
    """The store file cannot be used: not SQLite, not an archive, or not writable. One line, for users."""


def _unusable_reason(exc: BaseException, path: Path, waited: float, timeout: float) -> str:
    """Why SQLite could not open or write the store, in words a user can act on (`waited`: the seconds the failed
    attempt took)."""
    message = str(exc) if not isinstance(exc, OSError) else exc.strerror or str(exc)
    if path.is_dir():
        return "is a directory, not a store file"
    if not path.exists():  # (a new store: the folder it would be made in is the trouble)
        folder = next((parent for parent in path.parents if parent.exists()), path.parent)
        if not folder.is_dir():
            return f"cannot create the store: {folder} is a file, not a folder"
        return f"cannot create the store here ({message})"
    if "readonly" in message or "read-only" in message:
        return "read-only: palimpsest cannot write to it (check its and its directory's permissions)"
    if "locked" in message:
        return f"locked by another process writing to it ({_lock_wait(waited, timeout)}); try again when it is done"
    if "full" in message:
        return f"cannot write ({message})"
    if "disk I/O error" in message:  # (a write or read failed below SQLite: EIO, EFBIG past `ulimit -f`)
        return f"cannot read or write it ({message}: a failing disk, or a file size limit such as ulimit -f)"
    if "malformed" in message:
        return f"damaged ({message})"
    return f"not a palimpsest archive ({message})"


def _lock_wait(waited: float, timeout: float) -> str:
    # SQLite either waits out its busy timeout for the lock or, where its busy handler is not asked (a transaction
    # that read before it wrote, a lock another tool holds), may refuse at once: the message says which it was. (The
    # switch to WAL, which SQLite refuses so, is tried again for the timeout: see Archive._into_wal.)
    return f"waited {timeout:g} s" if waited >= timeout else "refused at once, without waiting"


_WAL_SWITCH_PAUSE = 0.02  # seconds between tries at the switch to WAL, while another process creates the store


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class Archive:
    """One SQLite archive file. Opens in WAL mode; `readonly` for readers such as `serve`."""

    busy_timeout = 30.0  # seconds a write waits for another connection's to end, before the store counts as locked
    # The most pages a writer lets the file grow to (SQLite's max_page_count), None: SQLite's own limit. Past it a
    # write fails as on a full disk ("database or disk is full"): how the tests fill a store.
    max_pages: int | None = None

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.outdated = False  # opened read-only, written by an older palimpsest: not migrated until opened to write
        self.outdated_search = False  # ...whose search index is made again then
        started = time.monotonic()
        if self.path.exists() and not (self.path.is_file() or self.path.is_dir()):  # (SQLite's open of a FIFO hangs)
            raise StoreError(f"{self.path}: not a regular file (a named pipe, socket or device): a store is an SQLite "
                             "file")
        try:
            self.db = self._open(readonly)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise self._unusable(exc, started) from None
        self._opened = _file_identity(self.path)

    def replaced(self) -> bool:
        """Whether the store's path no longer names the file opened: removed, or another file moved there (this
        connection would go on writing a file no one can open again)."""
        return _file_identity(self.path) != self._opened

    def _open(self, readonly: bool) -> Database:
        if readonly:
            db = self._open_to_read()
            version = self._schema_version(db)
            self.outdated, self.outdated_search = version < SCHEMA_VERSION, version < SEARCH_TOKENS_SINCE
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = Database(sqlite3.connect(self.path, check_same_thread=False, timeout=self.busy_timeout))
            self._schema_version(db)
            self._into_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            ensure_schema(db)
            # Can it be written? (SQLite opens a read-only file for reading without a word; this fails at once for
            # one, and after the busy timeout for a store another process keeps locked.)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if self.max_pages is not None:
                db.execute(f"PRAGMA max_page_count = {int(self.max_pages)}")
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def _into_wal(self, db: Database) -> None:
        """Switch the store to WAL (writing a new file's header at once, so a process opening it next finds WAL).
        SQLite refuses the switch at once, without its busy timeout, while another connection writes in the older
        journal mode (processes creating one new store together): it is tried again until that timeout is out."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(_WAL_SWITCH_PAUSE)

    def _open_to_read(self) -> Database:
        """The store opened read-only. (Its path as a URI: a # or ? in a file name is no query.) A WAL store in a
        folder the reader cannot write (a read-only mount, a backup, the daemon user's data) cannot have its -shm
        file made: it is read as immutable then, as no writer can be at work in such a folder."""
        uri = self.path.absolute().as_uri()
        try:
            return self._checked(sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False))
        except sqlite3.OperationalError:
            if os.access(self.path.parent, os.W_OK) or not self.path.is_file():
                raise
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size:  # (read as immutable, what it holds would go unseen)
            raise StoreError(f"{self.path}: its last writes are still in {wal.name}, which a reader can only merge "
                             "where it may write: open it once where it can be written (or copy it, with "
                             f"{wal.name}, to such a folder)")
        return self._checked(sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False))

    @staticmethod
    def _checked(connection: sqlite3.Connection) -> Database:
        db = Database(connection)
        db.execute("SELECT version, text_sha256 FROM snapshots LIMIT 0")  # is it an archive at all?
        return db

    def _unusable(self, exc: BaseException, started: float) -> StoreError:
        waited = time.monotonic() - started
        return StoreError(f"{self.path}: {_unusable_reason(exc, self.path, waited, self.busy_timeout)}")

    def _schema_version(self, db: Database) -> int:
        """The store's schema version; refuses a store of a newer palimpsest, and an SQLite file of something else
        (writing would add our tables to it)."""
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer palimpsest (schema {version}; this one knows up to "
                             f"{SCHEMA_VERSION}): upgrade palimpsest to use it")
        tables = set(db.table_names())
        if tables and "snapshots" not in tables:
            raise StoreError(f"{self.path}: not a palimpsest archive (an SQLite file with other tables: "
                             f"{', '.join(sorted(tables)[:3])}); give another --db")
        return version

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing ------------------------------------------------------------------------------------

    def record(self, capture: CaptureRecord, snapshot: SnapshotRecord | None = None, *,
               is_article: bool | None = None) -> StoreOutcome:
        """Record one capture (and its article, if any) in one transaction."""
        with self.writing():
            return self.record_in_transaction(capture, snapshot, is_article=is_article)

    def record_in_transaction(self, capture: CaptureRecord, snapshot: SnapshotRecord | None = None, *,
                              is_article: bool | None = None) -> StoreOutcome:
        """`record`, inside the caller's open transaction (`writing`), which may hold more of the page's writes:
        nested, `record` would make a savepoint, and each one makes FTS5 flush its pending entries early."""
        gone_at, version = self._touch_page(capture)
        capture_id = self._insert_capture(capture)
        if capture.outcome in GONE_OUTCOMES:
            return StoreOutcome(capture_id, version, self._mark_gone(capture, gone_at, version))
        change = "none"
        if capture.outcome in ("ok", "not_modified", "raw") and gone_at is not None:
            self._mark_back(capture, version)
            change = "back"
        if capture.outcome == "raw":
            file_change = self._file_change(capture, capture_id)
            change = file_change if change == "none" or file_change != "unchanged" else change
        if snapshot is not None:
            version, snap_change = self._store_snapshot(capture, capture_id, snapshot)
            change = snap_change if change == "none" or snap_change != "unchanged" else change
        elif capture.outcome == "not_modified" and version:
            self._see_version(capture.url, version, capture.fetched_at)
            change = "unchanged" if change == "none" else change
        if is_article is not None:
            self.db.execute("UPDATE pages SET is_article = ? WHERE url = ?", [int(is_article), capture.url])
        if version:
            self.db.execute("UPDATE captures SET version = ? WHERE id = ?", [version, capture_id])
        return StoreOutcome(capture_id, version, change)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction that takes the write lock before it reads (BEGIN IMMEDIATE, waiting its turn
        behind another connection's write): a deferred one that read first fails with "database is locked" if
        another connection writes meanwhile, as two crawls on one store do. Inside a caller's transaction, a
        savepoint. A store that cannot be written raises `StoreError`: the runs' and revisits' writes use it too."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        started = time.monotonic()
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.db.conn.in_transaction:  # (an error inside SQLite may have ended it already)
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:  # (the store, not the page: locked too long, read-only, disk full)
            raise self._unusable(exc, started) from None

    def _touch_page(self, capture: CaptureRecord) -> tuple[str | None, int | None]:
        """Create or update the page row; return its `gone_at` and `latest_version` from before this capture."""
        row = self.db.execute("SELECT gone_at, latest_version FROM pages WHERE url = ?", [capture.url]).fetchone()
        if row is None:
            insert_row(self.db, "pages", {"url": capture.url, "host": _host(capture.url), "source": capture.source,
                                          "first_seen": capture.fetched_at, "last_seen": capture.fetched_at,
                                          "revisit_step": 0})
            return None, None
        if capture.outcome in ("ok", "not_modified", "raw"):
            self.db.execute("UPDATE pages SET last_seen = ?, source = coalesce(source, ?) WHERE url = ?",
                            [capture.fetched_at, capture.source, capture.url])
        return row[0], row[1]

    def _insert_capture(self, c: CaptureRecord) -> int:
        body_sha = put_body(self.db, c.body) if c.body is not None else None
        row = {
            "url": c.url, "source": c.source, "run_id": c.run_id, "fetched_at": c.fetched_at,
            "attempt": c.attempt, "final_url": c.final_url, "status": c.status, "outcome": c.outcome,
            "error": c.error, "error_detail": c.error_detail, "duration_ms": c.duration_ms,
            "bytes": len(c.body) if c.body is not None else None, "content_type": c.content_type,
            "etag": c.etag, "last_modified": c.last_modified, "charset": c.charset,
            "charset_source": c.charset_source, "body_sha256": body_sha,
            "headers": pairs_json(c.headers),
            "article_score": c.article_score,
            "request_headers": pairs_json(c.request_headers), "server_ip": c.server_ip,
            "redirects": hops_json(c.redirects),
        }
        return insert_row(self.db, "captures", row)

    def _store_snapshot(self, capture: CaptureRecord, capture_id: int,
                        snap: SnapshotRecord) -> tuple[int, str]:
        text = normalize_text(snap.text)
        title = _CONTROL.sub("", snap.title) if snap.title else None
        subtitle = _CONTROL.sub("", snap.subtitle) if snap.subtitle else None
        latest = self.latest_reading(capture.url)
        fields = (snap.published, snap.author, snap.source, subtitle)
        if latest and latest.identity == version_identity(title, text, *fields):
            self._see_version(capture.url, latest.version, capture.fetched_at)
            return latest.version, "unchanged"
        version = latest.version + 1 if latest else 1
        changed = version_changed_chars(Fields.of(latest) if latest else None, Fields(title, text, *fields))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        snapshot_id = insert_row(self.db, "snapshots", {
            "url": capture.url, "version": version, "title": title, "published": snap.published,
            "author": snap.author, "source": snap.source, "text": text, "text_sha256": digest,
            "chars": len(text), "changed_chars": changed, "language": snap.language,
            "warnings": json.dumps(list(snap.warnings), ensure_ascii=False) if snap.warnings else None,
            "first_seen": capture.fetched_at, "last_seen": capture.fetched_at, "capture_id": capture_id,
            "raw_sha256": snap.raw_sha256, "subtitle": subtitle,
        })
        search.index_snapshot(self.db, snapshot_id, title, text, subtitle)
        self.db.execute("UPDATE pages SET latest_version = ? WHERE url = ?", [version, capture.url])
        # (a version, since the text is not what the latest one says; but no edit: the page is byte for byte the same)
        reread = latest is not None and (snap.read_anew or snap.raw_sha256 is not None
                                         and latest.read_from == snap.raw_sha256)
        kind = "reread" if reread else "changed" if latest else "new"
        self._event(capture, kind, version, changed, title)
        return version, kind

    def _see_version(self, url: str, version: int, at: str) -> None:
        self.db.execute("UPDATE snapshots SET last_seen = ? WHERE url = ? AND version = ?", [at, url, version])

    def _mark_gone(self, capture: CaptureRecord, gone_at: str | None, version: int | None) -> str:
        if not version and self._file_bytes(capture.url) is None:
            return "none"  # never had a version or a file's bytes: nothing disappeared (a dead link, an error)
        if gone_at is not None:
            return "gone"  # still gone: its event was recorded when it went
        self.db.execute("UPDATE pages SET gone_at = ?, back_at = NULL WHERE url = ?",
                        [capture.fetched_at, capture.url])
        self._event(capture, "gone", version, None, self._title(capture.url) if version else self._file_title(capture))
        return "gone"

    def _mark_back(self, capture: CaptureRecord, version: int | None) -> None:
        self.db.execute("UPDATE pages SET gone_at = NULL, back_at = ? WHERE url = ?",
                        [capture.fetched_at, capture.url])
        self._event(capture, "back", version, None, self._title(capture.url) if version else self._file_title(capture))

    def _file_change(self, capture: CaptureRecord, capture_id: int) -> str:
        """A file kept as it came (a PDF, an article's attachment) has no text to version: its bytes are what
        changes. New the first time, changed when they differ from the last ones kept under its address."""
        before = self._file_bytes(capture.url, before=capture_id)
        (now,) = self.db.execute("SELECT body_sha256 FROM captures WHERE id = ?", [capture_id]).fetchone()
        if before == now:
            return "unchanged"
        kind = "new" if before is None else "changed"
        self._event(capture, kind, None, None, self._file_title(capture))
        return kind

    def _file_title(self, capture: CaptureRecord) -> str | None:
        """A file's name, and the title of the article that links it (its request's Referer) when that is
        archived: an alert's "changed: 名单.xlsx" says which notice's list it is."""
        name = disposition_name(capture.headers) or self._served_name(capture.url) or self._title(capture.url)
        linked_from = next((value for key, value in capture.request_headers if key.lower() == "referer"), None)
        row = self.db.execute("SELECT title FROM snapshots WHERE url = ? ORDER BY version DESC LIMIT 1",
                              [linked_from]).fetchone() if linked_from else None
        return f"{name} ({row[0]})" if name and row and row[0] else name

    def _served_name(self, url: str) -> str | None:
        """The name the server last gave the file at `url` (a 404 says none: a gone file keeps its name)."""
        row = self.db.execute("SELECT headers FROM captures WHERE url = ? AND outcome = 'raw' ORDER BY id DESC"
                              " LIMIT 1", [url]).fetchone()
        return disposition_name(header_pairs(row[0])) if row and row[0] else None

    def _file_bytes(self, url: str, before: int | None = None) -> str | None:
        """SHA-256 of the bytes last kept for `url` as a file (before capture `before`), or None if none were."""
        row = self.db.execute("SELECT body_sha256 FROM captures WHERE url = ? AND outcome = 'raw' AND id < ?"
                              " AND body_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1",
                              [url, before if before is not None else 1 << 62]).fetchone()
        return row[0] if row else None

    def _event(self, capture: CaptureRecord, kind: str, version: int | None, changed: int | None,
               title: str | None) -> None:
        insert_row(self.db, "events", {"at": capture.fetched_at, "url": capture.url, "source": capture.source,
                                       "kind": kind, "version": version, "changed_chars": changed, "title": title})

    def _title(self, url: str) -> str | None:
        """The page's latest title; for a file, its name (考核结果.xlsx)."""
        row = self.db.execute("SELECT title FROM snapshots WHERE url = ? ORDER BY version DESC LIMIT 1",
                              [url]).fetchone()
        return row[0] if row else _file_name(url)

    # ---- reading ------------------------------------------------------------------------------------

    def latest_version(self, url: str) -> int | None:
        row = self.db.execute("SELECT max(version) FROM snapshots WHERE url = ?", [url]).fetchone()
        return row[0] if row else None

    def file_validators(self, url: str) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the capture that last kept `url`'s bytes as a file."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM captures WHERE url = ? AND outcome = 'raw' AND body_sha256 IS NOT NULL"
            " ORDER BY id DESC LIMIT 1", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def kept_as_file(self, url: str) -> bool:
        """Whether `url`'s bytes have ever been kept as a file."""
        return self.db.execute("SELECT 1 FROM captures WHERE url = ? AND outcome = 'raw' LIMIT 1",
                               [url]).fetchone() is not None

    def kept_in_run(self, url: str, run_id: int) -> bool:
        """Whether run `run_id` has kept `url`'s bytes as a file already (or had them confirmed by a 304)."""
        return self.db.execute("SELECT 1 FROM captures WHERE url = ? AND run_id = ? AND outcome IN ('raw',"
                               " 'not_modified') LIMIT 1", [url, run_id]).fetchone() is not None

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the page's latest good capture, for a conditional GET."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM captures WHERE url = ? AND outcome = 'ok' AND body_sha256 IS NOT NULL"
            " ORDER BY id DESC LIMIT 1", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def latest_reading(self, url: str) -> LatestReading | None:
        row = self.db.execute(
            "SELECT s.version, s.title, s.text, s.published, s.author, s.source, s.subtitle, s.raw_sha256,"
            " c.body_sha256,"
            " c.headers, c.final_url FROM snapshots s LEFT JOIN captures c ON c.id = s.capture_id WHERE s.url = ?"
            " ORDER BY s.version DESC LIMIT 1", [url]).fetchone()
        if row is None:
            return None
        *fields, raw, body, headers, final_url = row
        single = body is not None and raw in (None, body)  # (a version over several pages hashes its pages' hashes)
        return LatestReading(*fields, raw, body if single else None, header_pairs(headers), final_url)

    def kept_page(self, url: str, outcome: str = "ok") -> KeptPage | None:
        """The latest capture of `url` with `outcome` (ok; part, for a further page of an article) whose body
        is kept, for a conditional GET and for reading the page again when the server answers 304."""
        row = self.db.execute(
            "SELECT body_sha256, headers, final_url, etag, last_modified FROM captures"
            " WHERE url = ? AND outcome = ? AND body_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1",
            [url, outcome]).fetchone()
        body = get_body(self.db, row[0]) if row else None
        if row is None or body is None:
            return None
        return KeptPage(body, header_pairs(row[1]), row[2], row[3], row[4])

    def body(self, digest: str) -> bytes | None:
        return get_body(self.db, digest)


def _file_name(url: str) -> str | None:
    """The last segment of a file's address, decoded (…/P020200206%E5%90%8D%E5%8D%95.xlsx: P020200206名单.xlsx)."""
    try:
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    except ValueError:
        return None
    return name or None


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # a malformed URL still gets its capture row, with the reason the fetcher gave
        return None
