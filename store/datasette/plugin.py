"""The palimpsest datasette plugin, registered through the `datasette` entry point in pyproject.toml.

- Chinese-aware search everywhere datasette searches: datasette sends `?_search=` (and `?_search_COLUMN=`)
  through the SQL function escape_fts(); on an archive we redefine that function as the bigram query rewrite,
  so the table's own search box finds 疫情 and 复工 while still showing what was typed. A query that rewrite
  cannot read (复工 NOT) is answered with a 400 page saying why, before datasette runs it.
- Pages: /-/history?url=, /-/diff?url=&from=&to=, /-/changes.atom[?source=], /-/capture/ID/body, /-/capture/ID/headers,
  /-/warc?url= (the page's captures and versions as a WARC file).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from datasette import handle_exception as datasette_errors
from datasette import hookimpl
from datasette.utils.asgi import Request
from markupsafe import Markup, escape

from store.datasette import views
from store.datasette.feed import VERSION_EVENTS, diff_path, history_path
from store.search import MARK_END, MARK_START, match_query, snippet


def _is_archive(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'snapshots_fts'").fetchone() is not None


def _marked_snippet(text: str | None, query: str | None) -> str:
    """A snippet with the search's own marks, control characters no archived text holds: shown as <mark>."""
    return snippet(text, query or "", width=120)


def _match_or_nothing(query: str | None) -> str:
    """match_query, with an empty query matching nothing: the canned search page opens with an empty box."""
    return match_query(query) if query and query.strip() else '""'


@hookimpl(trylast=True)  # after datasette's own prepare_connection, whose escape_fts we replace
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    # Canned queries use palimpsest_match(:q) to search the bigram index with a plain user query.
    conn.create_function("palimpsest_match", 1, _match_or_nothing, deterministic=True)
    conn.create_function("palimpsest_snippet", 2, _marked_snippet, deterministic=True)
    views.register_sql_functions(conn)
    if _is_archive(conn):
        conn.create_function("escape_fts", 1, _match_or_nothing, deterministic=True)


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    """Answer a search whose query cannot be read (复工 NOT, -疫情 alone) with a 400 saying why, before datasette
    runs it: in SQL the mistake would only show as "user-defined function raised exception"."""
    def wrap(app: Any) -> Any:
        async def searches_checked(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                request = Request(scope, receive)
                if (mistake := views.search_mistake(request)) and await views.archive_database(datasette):
                    response = await views.search_mistake_page(datasette, request, mistake)
                    return await response.asgi_send(send)
            await app(scope, receive, send)

        return searches_checked

    return wrap


@hookimpl
def startup(datasette: Any) -> None:
    views.add_template_dir(datasette)
    _without_rich_tracebacks()


def _without_rich_tracebacks() -> None:
    """datasette prints each error it handles with rich when rich is installed (as palimpsest's CLI needs it);
    for a 404 no route answers (/-/capture/-1/body) that print runs outside an except block, raises, and the
    user gets a 500. Without rich, datasette prints a 500's traceback plainly and a 404 not at all."""
    datasette_errors.rich = None


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [
        (r"^/-/history$", views.history),
        (r"^/-/diff$", views.diff),
        (r"^/-/changes\.atom$", views.changes_atom),
        (r"^/-/warc$", views.page_warc),
        (r"^/-/capture/(?P<capture_id>\d{1,18})/body$", views.capture_body),
        (r"^/-/capture/(?P<capture_id>\d{1,18})/headers$", views.capture_headers),
    ]


@hookimpl
def menu_links(datasette: Any) -> Any:
    async def links() -> list[dict[str, str]]:
        database = await views.archive_database(datasette)
        if database is None:  # the plugin is installed, but datasette serves something else
            return []
        return [{"href": datasette.urls.table(database.name, "search"), "label": "Search the archive"},
                {"href": datasette.urls.path("/-/changes.atom"), "label": "Changes (Atom feed)"}]

    return links


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, datasette: Any) -> Markup | None:
    """Links from the tables to the plugin's pages; paths made by palimpsest_*_path() in canned queries become
    links; snippets show their marks."""
    link = _table_link(row, value, column, table)
    if link is not None:
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(link[0]), link[1])
    if not isinstance(value, str):
        return None
    if column in ("history", "diff") and value.startswith(f"/-/{column}?"):
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(value), column)
    if MARK_START in value:  # escaped first: the text itself may hold archived markup
        return Markup(str(escape(value)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
    return None


def _cell(row: Any, name: str) -> Any:
    try:
        value = row[name]
    except (IndexError, KeyError):
        return None
    return value["value"] if isinstance(value, dict) else value  # an expanded foreign key


def _table_link(row: Any, value: Any, column: str, table: str | None) -> tuple[str, str] | None:
    """(path, label) for the cells that lead to a history, a diff or a raw body."""
    value = value["value"] if isinstance(value, dict) else value  # an expanded foreign key
    if value is None or table is None:
        return None
    if table == "pages" and column == "latest_version":
        return history_path(_cell(row, "url")), f"v{value} · history"
    if table == "snapshots" and column == "version" and _cell(row, "url"):
        return diff_path(_cell(row, "url"), to=value), f"{value} · diff"
    if table == "events" and column == "version" and _cell(row, "url"):
        return _event_link(_cell(row, "url"), _cell(row, "kind"), value)
    if table == "captures" and column == "body_sha256":
        return f"/-/capture/{_cell(row, 'id')}/body", f"{str(value)[:12]}… (body)"
    return None


def _event_link(url: str, kind: str | None, version: int) -> tuple[str, str]:
    """An event's version cell: the diff that made the version, or, for a gone or back event (or a row shown
    without its kind), the page's history, as the Atom feed links them."""
    if kind in VERSION_EVENTS:
        return diff_path(url, to=version), f"{version} · diff"
    return history_path(url), f"{version} · history"
