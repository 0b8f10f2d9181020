"""The palimpsest datasette plugin, registered through the `datasette` entry point in pyproject.toml."""

from __future__ import annotations

from datasette import hookimpl

from store.search import match_query


@hookimpl
def prepare_connection(conn) -> None:  # noqa: ANN001 (sqlite3.Connection, as datasette passes it)
    # Canned queries use palimpsest_match(:q) to search the bigram index with a plain user query.
    conn.create_function("palimpsest_match", 1, match_query, deterministic=True)
