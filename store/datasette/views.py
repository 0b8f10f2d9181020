"""The plugin's pages: a page's history, a diff of two versions, the Atom feed, raw bodies and headers, a page's WARC.

Archived HTML is never rendered in datasette's origin: texts go through autoescaped templates, raw bodies are
served as text/plain (or as a download) with a sandboxing Content-Security-Policy and nosniff.
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from datasette.database import Database as DatasetteDatabase
from datasette.utils.asgi import NotFound, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from sqlite_utils import Database

from store import versions as store_versions
from store.bodies import get_body
from store.datasette.charsets import web_label
from store.datasette.feed import atom_feed, diff_path, history_path
from store.datasette.metadata import SEARCH_QUERIES
from store.diff import Fields, ParagraphDiff, diff_paragraphs, version_changed_chars
from store.exchange import Exchange
from store.revisits import READ_OUTCOMES
from store.search import QueryError, match_query
from store.warc import Selection, export_warc

TEMPLATES = Path(__file__).parent / "templates"
# Raw archived bytes can be anything, including HTML with scripts: never let the browser run or sniff them.
RAW_HEADERS = {"Content-Security-Policy": "default-src 'none'; sandbox", "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer"}
T = TypeVar("T")


class BadRequest(Exception):
    """A mistake in the request; shown to the user as one line."""


async def archive_database(datasette: Any) -> DatasetteDatabase | None:
    """The served archive: the first database with the store's tables (None if datasette serves none)."""
    for name, db in datasette.databases.items():
        if not name.startswith("_") and await db.table_exists("snapshots_fts"):
            return db
    return None


async def read(datasette: Any, fn: Callable[[Database], T]) -> T:
    """Run `fn` on the archive in datasette's read thread."""
    db = await archive_database(datasette)
    if db is None:
        raise NotFound("no palimpsest archive is being served")
    return await db.execute_fn(lambda conn: fn(Database(conn)))


async def render(datasette: Any, request: Any, name: str, context: dict[str, Any], status: int = 200) -> Response:
    html = await datasette.render_template(name, context, request=request)
    return Response.html(html, status=status)


def add_template_dir(datasette: Any) -> None:
    """Let datasette's own Jinja environment (autoescaping on, with its base.html) find our templates."""
    loader = datasette.jinja_env.loader
    if isinstance(loader, ChoiceLoader) and not any(getattr(x, "_palimpsest", False) for x in loader.loaders):
        ours = FileSystemLoader(str(TEMPLATES))
        ours._palimpsest = True  # type: ignore[attr-defined]
        loader.loaders.append(ours)


async def error_page(datasette: Any, request: Any, message: str, status: int,
                     heading: str = "Not available") -> Response:
    return await render(datasette, request, "palimpsest_error.html", {"message": message, "heading": heading},
                        status=status)


def _required_url(request: Any) -> str:
    url = request.args.get("url", "").strip()
    if not url:
        raise BadRequest("missing ?url= (the archived page's URL)")
    return url


async def _archived_url(datasette: Any, request: Any) -> str:
    """The page ?url= names, as the archive keeps it: a URL typed as users write it (新闻/c d.html, HTTP://, #top),
    or percent-encoded and so decoded once by the query string, is found as `palimpsest history` finds it."""
    given = _required_url(request)
    return await read(datasette, lambda db: store_versions.stored_url(db, given)) or given


def _version_number(request: Any, name: str) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) < 1:  # (isdigit alone takes ² and ١)
        raise BadRequest(f"{name}={value!r}: a version number (1, 2, 3…) is needed")
    return int(value)


# ---- search ----------------------------------------------------------------------------------------------

# Where datasette searches with a user's query: a table's ?_search= and ?_search_COLUMN= (read through escape_fts,
# unless ?_searchmode=raw), and the q of the canned search queries (read through palimpsest_match).
_CANNED_SEARCH_PATH = re.compile(rf"^/[^/]+/(?:{'|'.join(SEARCH_QUERIES)})(?:\.\w+)?$")


def _searched_queries(path: str, args: Any) -> list[str]:
    searched = [key for key in args if key == "_search" or key.startswith("_search_")]
    if args.get("_searchmode") == "raw":  # (FTS5's own syntax, not read through escape_fts)
        searched = []
    if _CANNED_SEARCH_PATH.match(path):
        searched.append("q")
    queries = [value for key in searched for value in args.getlist(key)]
    return [query for query in queries if query.strip()]  # (an empty box searches nothing: no mistake)


def search_mistake(request: Any) -> str | None:
    """What is wrong with the request's search query, if anything. A query SQLite's function cannot read fails
    the whole query with "user-defined function raised exception"; this says why, before it runs."""
    for query in _searched_queries(request.path, request.args):
        try:
            match_query(query)
        except QueryError as exc:
            return f"search {query!r}: {exc}"
    return None


async def search_mistake_page(datasette: Any, request: Any, message: str) -> Response:
    if request.path.endswith(".json"):  # (as datasette answers a bad request for JSON)
        return Response.json({"ok": False, "error": message, "status": 400}, status=400)
    # (no request for the template: this runs before datasette's middleware has given it a CSRF token)
    return await error_page(datasette, None, message, 400, heading="This search cannot be read")


# ---- history ---------------------------------------------------------------------------------------------

async def history(datasette: Any, request: Any) -> Response:
    try:
        url = await _archived_url(datasette, request)
    except BadRequest as exc:
        return await error_page(datasette, request, str(exc), 400)

    def load(db: Database) -> dict[str, Any]:
        return {"page": store_versions.page(db, url), "versions": store_versions.versions(db, url),
                "captures": store_versions.captures(db, url), "reread": store_versions.reread_versions(db, url),
                "article": store_versions.article_of(db, url), "files": store_versions.file_history(db, url)}

    data = await read(datasette, load)
    if data["page"] is None:
        return await error_page(datasette, request, f"{url}: not in the archive", 404)
    made_by = {v.capture_id: v.version for v in data["versions"]}
    timeline = [{"capture": c, "new_version": made_by.get(c.id)} for c in reversed(data["captures"])]
    context = {**data, "url": url, "timeline": timeline, "title": _latest_title(data["versions"]) or url,
               "last_seen": data["page"].last_seen if _ever_read(data["captures"]) else None,
               "database": (await archive_database(datasette)).name, "diff_path": diff_path}
    return await render(datasette, request, "palimpsest_history.html", context)


def _ever_read(captures: list[store_versions.Capture]) -> bool:
    """Whether a capture read the page: the store sets a new page's last_seen to its first capture, failed or not."""
    return any(c.outcome in READ_OUTCOMES for c in captures)


def _latest_title(versions: list[store_versions.Version]) -> str | None:
    return versions[-1].title if versions else None


# ---- diff ------------------------------------------------------------------------------------------------

async def diff(datasette: Any, request: Any) -> Response:
    try:
        url = await _archived_url(datasette, request)
        from_number, to_number = _version_number(request, "from"), _version_number(request, "to")
    except BadRequest as exc:
        return await error_page(datasette, request, str(exc), 400)
    def load(db: Database) -> tuple[list[store_versions.Version], set[int], str | None]:
        found = store_versions.versions(db, url)
        missing = None if found else store_versions.without_versions(db, url)  # (why, as history says it)
        return found, store_versions.reread_versions(db, url), missing

    versions, reread, missing = await read(datasette, load)
    if not versions:
        return await error_page(datasette, request, f"{url}: {missing}", 404)
    by_number = {v.version: v for v in versions}
    to_number = to_number or versions[-1].version
    if from_number is None and "from" not in request.args:
        from_number = to_number - 1 if to_number - 1 in by_number else None
    for number in (from_number, to_number):
        if number is not None and number not in by_number:
            stored = ", ".join(str(v.version) for v in versions)
            return await error_page(datasette, request, f"{url}: no version {number} (stored: {stored})", 404)
    old, new = by_number.get(from_number) if from_number else None, by_number[to_number]
    old_text = old.text if old else ""
    paragraphs = diff_paragraphs(old_text, new.text)
    context = {
        "url": url, "versions": versions, "old": old, "new": new, "blocks": fold_unchanged(paragraphs),
        "changed_chars": _changed_chars(old, new), "title": new.title or url,
        "title_changed": old is not None and old.title != new.title,
        "field_changes": [(label, getattr(old, field), getattr(new, field)) for field, label in _FIELD_LABELS
                          if old is not None and getattr(old, field) != getattr(new, field)],
        "reread": old is not None and new.version == old.version + 1 and new.version in reread,
        "history_path": history_path(url), "diff_path": diff_path,
    }
    return await render(datasette, request, "palimpsest_diff.html", context)


def _changed_chars(old: store_versions.Version | None, new: store_versions.Version) -> int:
    """As the store counts a version's changed characters (title, subtitle, date, author and source too; a first
    version's, its text), for any two."""
    return version_changed_chars(Fields.of(old) if old else None, Fields.of(new))


_FIELD_LABELS = (("subtitle", "Subtitle"), ("published", "Published"), ("author", "Author"), ("source", "Source"))


def fold_unchanged(paragraphs: list[ParagraphDiff], context: int = 1) -> list[list[ParagraphDiff]]:
    """Blocks to show: a changed paragraph with `context` unchanged ones around it stands alone; longer stretches
    of unchanged paragraphs come as one block, which the page folds away."""
    near = {i + d for i, p in enumerate(paragraphs) if p.changed for d in range(-context, context + 1)}
    blocks: list[list[ParagraphDiff]] = []
    for i, paragraph in enumerate(paragraphs):
        if i in near or not blocks or blocks[-1][0].changed or (i - 1) in near:
            blocks.append([paragraph])
        else:
            blocks[-1].append(paragraph)
    return blocks


# ---- the Atom feed ---------------------------------------------------------------------------------------

async def changes_atom(datasette: Any, request: Any) -> Response:
    source = request.args.get("source") or None
    events = await read(datasette, lambda db: store_versions.recent_events(db, source=source))
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    feed_path = request.path + (f"?{request.query_string}" if request.query_string else "")
    body = atom_feed(events, base_url=f"{request.scheme}://{request.host}", feed_path=feed_path, source=source,
                     updated=now)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


# ---- raw captures ----------------------------------------------------------------------------------------

async def page_warc(datasette: Any, request: Any) -> Response:
    """Every capture of one page, and its versions' texts, as a WARC file to download (see store/warc.py)."""
    try:
        url = await _archived_url(datasette, request)
    except BadRequest as exc:
        return await error_page(datasette, request, str(exc), 400)

    def export(db: Database) -> bytes | None:
        if store_versions.page(db, url) is None:
            return None
        out = io.BytesIO()
        export_warc(db, out, Selection(urls=(url,)), filename=_warc_name(url))
        return out.getvalue()

    data = await read(datasette, export)
    if data is None:
        return await error_page(datasette, request, f"{url}: not in the archive", 404)
    headers = {**RAW_HEADERS, "Content-Disposition": f'attachment; filename="{_warc_name(url)}"'}
    return Response(data, content_type="application/warc", headers=headers)


def _warc_name(url: str) -> str:
    """A file name for a page's WARC: its address in safe characters."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", url.split("://", 1)[-1]).strip("_")[:120] + ".warc.gz"


async def capture_body(datasette: Any, request: Any) -> Response:
    capture_id = int(request.url_vars["capture_id"])

    def load(db: Database) -> tuple[store_versions.Capture | None, bytes | None]:
        capture = store_versions.capture(db, capture_id)
        body = get_body(db, capture.body_sha256) if capture and capture.body_sha256 else None
        return capture, body

    capture, body = await read(datasette, load)
    if capture is None or body is None:
        return Response.text(f"capture {capture_id}: no stored body", status=404, headers=RAW_HEADERS)
    if request.args.get("download"):
        headers = {**RAW_HEADERS, "Content-Disposition": f'attachment; filename="capture-{capture_id}.bin"'}
        return Response(body, content_type="application/octet-stream", headers=headers)
    charset = web_label(capture.charset)
    content_type = "text/plain" + (f"; charset={charset}" if charset else "")
    return Response(body, content_type=content_type, headers=RAW_HEADERS)


async def capture_headers(datasette: Any, request: Any) -> Response:
    capture_id = int(request.url_vars["capture_id"])
    capture = await read(datasette, lambda db: store_versions.capture(db, capture_id))
    if capture is None:
        return Response.text(f"capture {capture_id}: not in the archive", status=404, headers=RAW_HEADERS)
    text = "\n".join(_exchange_text(exchange) for exchange in (*capture.hops(), capture.exchange()))
    return Response.text(text or "(no headers stored)\n", headers=RAW_HEADERS)


def _exchange_text(exchange: Exchange) -> str:
    """A request (when kept) and its response's head, as plain text: the redirects a capture followed, then its own."""
    request = ""
    if exchange.request_headers:
        via = f" ({exchange.server_ip})" if exchange.server_ip else ""
        request = f"GET {exchange.url}{via}\n" + _header_lines(exchange.request_headers) + "\n"
    status = f"HTTP {exchange.status}\n" if exchange.status else ""
    return request + status + _header_lines(exchange.headers)


def _header_lines(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"{name}: {value}\n" for name, value in pairs)


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """Paths to the plugin's pages, for canned queries (rendered as links by `render_cell`)."""
    conn.create_function("palimpsest_history_path", 1, history_path, deterministic=True)
    conn.create_function("palimpsest_diff_path", 2, lambda url, to: diff_path(url, to=to), deterministic=True)
