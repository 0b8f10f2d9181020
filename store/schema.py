"""Tables, indexes and foreign keys; migrations by PRAGMA user_version.

Table and column names are an interface: people and scripts query them.
"""

from __future__ import annotations

from sqlite_utils import Database

from store import search

# 2: captures(final_url) index. 3: search tokens end each Han run with its last character (store/search.py).
# 4: snapshots.raw_sha256, runs.reread (a version read anew from the bytes of the one before it); indexes of
# events(url, kind) and snapshots(capture_id). 5: captures.request_headers, server_ip, redirects (the hops before
# the final response), for WARC request records and redirect hops. 6: snapshots.subtitle (the line under or over
# the headline, outside the text). 7: runs.held_back and out_of_scope (what discovery found and left). 8:
# alert_marks (the last event each alert target was sent; see store/alert_marks.py). 9: fixity_checks (the daemon's
# checks of the store, so the next is due from the last one done; see store/fixity_checks.py). 10: an index of the
# address each capture's redirects began at (a first fetch redirected within its site is the page it landed on, and
# the address asked for is known by this: store/revisits.py). 11: runs.revisits_held_back (known pages a feed or
# sitemap dated after their last fetch, left for a later run by max_lastmod_revisits_per_run).
SCHEMA_VERSION = 11
SEARCH_TOKENS_SINCE = 3  # the schema since which the search index holds today's tokens
# The address a redirected capture asked for: its first hop's (queried with `redirects IS NOT NULL`, for the index).
ASKED_URL = "json_extract(redirects, '$[0].url')"


def ensure_schema(db: Database) -> None:
    """Create or migrate the schema. Idempotent, one transaction that takes the write lock before it reads (BEGIN
    IMMEDIATE, waiting out the busy timeout): a deferred one that read first fails at once, without waiting, when
    another process creating the same new store writes meanwhile."""
    if _version(db) >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        _migrate(db, _version(db))  # (read again under the lock: the process before may have done it)
    except BaseException:
        if db.conn.in_transaction:  # (an error inside SQLite may have ended it already)
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _migrate(db: Database, version: int) -> None:
    if version >= SCHEMA_VERSION:
        return
    _create_tables(db)
    _add_columns(db)
    # (after the columns: a store before schema 5 has no captures.redirects until then)
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_captures_asked ON captures({ASKED_URL}) WHERE redirects IS NOT NULL")
    if version < SEARCH_TOKENS_SINCE:  # any index holds the older tokens: made again from the stored snapshots
        search.rebuild_index(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_tables(db: Database) -> None:
    """Every table and index, created where missing: brings a store of any earlier version up to date."""
    db["bodies"].create({
        "sha256": str, "size": int, "stored_size": int, "compression": str, "content": bytes,
    }, pk="sha256", if_not_exists=True)
    db["pages"].create({
        "url": str, "host": str, "source": str, "first_seen": str, "last_seen": str, "gone_at": str,
        "back_at": str, "is_article": int, "latest_version": int, "revisit_step": int, "next_visit": str,
    }, pk="url", if_not_exists=True)
    db["runs"].create({
        "id": int, "source": str, "started_at": str, "ended_at": str, "status": str, "discovered": int,
        "fetched": int, "new": int, "changed": int, "reread": int, "unchanged": int, "gone": int, "errors": int,
        "error": str, "held_back": int, "out_of_scope": int, "revisits_held_back": int,
    }, pk="id", if_not_exists=True)
    db["captures"].create({
        "id": int, "url": str, "source": str, "run_id": int, "fetched_at": str, "attempt": int,
        "final_url": str, "status": int, "outcome": str, "error": str, "error_detail": str,
        "duration_ms": int, "bytes": int, "content_type": str, "etag": str, "last_modified": str,
        "charset": str, "charset_source": str, "body_sha256": str, "headers": str,
        "article_score": float, "version": int, "request_headers": str, "server_ip": str, "redirects": str,
    }, pk="id", foreign_keys=[("url", "pages", "url"), ("body_sha256", "bodies", "sha256"),
                             ("run_id", "runs", "id")], if_not_exists=True)
    db["snapshots"].create({
        "id": int, "url": str, "version": int, "title": str, "published": str, "author": str,
        "source": str, "text": str, "text_sha256": str, "chars": int, "changed_chars": int,
        "language": str, "warnings": str, "first_seen": str, "last_seen": str, "capture_id": int,
        "raw_sha256": str, "subtitle": str,
    }, pk="id", foreign_keys=[("url", "pages", "url"), ("capture_id", "captures", "id")],
        if_not_exists=True)
    db["events"].create({
        "id": int, "at": str, "url": str, "source": str, "kind": str, "version": int, "changed_chars": int,
        "title": str,
    }, pk="id", foreign_keys=[("url", "pages", "url")], if_not_exists=True)
    db["alert_marks"].create({"target": str, "event_id": int}, pk="target", if_not_exists=True)
    db["fixity_checks"].create({
        "id": int, "started_at": str, "ended_at": str, "bodies": int, "captures": int, "versions": int,
        "problems": int,
    }, pk="id", if_not_exists=True)
    db["robots"].create({
        "host": str, "fetched_at": str, "expires_at": str, "status": int, "body": str, "error": str,
    }, pk="host", if_not_exists=True)
    _indexes(db)
    _search_table(db)


def _add_columns(db: Database) -> None:
    """Columns added since a table was first made (a store of an earlier version has the table without them)."""
    for table, column, kind in (("snapshots", "raw_sha256", str), ("runs", "reread", int),
                                ("captures", "request_headers", str), ("captures", "server_ip", str),
                                ("captures", "redirects", str), ("snapshots", "subtitle", str),
                                ("runs", "held_back", int), ("runs", "out_of_scope", int),
                                ("runs", "revisits_held_back", int)):
        if column not in db[table].columns_dict:
            db[table].add_column(column, kind)


def _indexes(db: Database) -> None:
    for table, columns, unique in (
        ("snapshots", ["url", "version"], True),
        ("captures", ["url", "fetched_at"], False),
        ("captures", ["fetched_at"], False),
        ("captures", ["final_url"], False),
        ("events", ["at"], False),
        ("events", ["url", "kind"], False),
        ("snapshots", ["capture_id"], False),
        ("pages", ["next_visit"], False),
        ("runs", ["source", "started_at"], False),
    ):
        db[table].create_index(columns, unique=unique, if_not_exists=True)


def _search_table(db: Database) -> None:
    # Chinese-aware index: the store writes overlapping-bigram tokens here (see store/search.py).
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS snapshots_fts USING fts5("
        "title, text, content='', tokenize='unicode61 remove_diacritics 2')"
    )
