"""Datasette metadata for an archive: descriptions, canned queries, search, sort and facets."""

from __future__ import annotations

from typing import Any

LATEST_ARTICLES = """
select s.url, s.title, s.published, s.version, s.first_seen, s.last_seen, p.source
from snapshots s join pages p on p.url = s.url
where s.version = p.latest_version
order by coalesce(s.published, s.first_seen) desc
limit 200
"""

MULTI_VERSION = """
select p.url, p.source, p.latest_version as versions, s.title, s.first_seen as latest_change, s.changed_chars
from pages p join snapshots s on s.url = p.url and s.version = p.latest_version
where p.latest_version > 1
order by s.first_seen desc
"""

SEARCH = """
select s.url, s.version, s.title, s.published, substr(s.text, 1, 200) as start_of_text
from snapshots_fts f join snapshots s on s.id = f.rowid
where snapshots_fts match palimpsest_match(:q)
order by f.rank
limit 100
"""

TABLES: dict[str, dict[str, Any]] = {
    "pages": {
        "description": "One row per URL ever seen.",
        "columns": {"url": "Canonical URL", "first_seen": "First capture (UTC)", "last_seen": "Last good capture (UTC)",
                    "gone_at": "When the page disappeared (404/410, soft 404, redirect home); null if present",
                    "back_at": "When a gone page came back", "latest_version": "Number of its latest version"},
        "sort_desc": "last_seen",
        "facets": ["source"],
    },
    "captures": {
        "description": "Every fetch attempt, successful or not.",
        "columns": {"outcome": "ok, not_modified, error, gone, robots, not_html, raw, not_article, empty",
                    "error": "Reason code (timeout, too_large, http_404, robots, blocked_address, ...)",
                    "status": "HTTP status", "body_sha256": "Raw body in the bodies table",
                    "charset_source": "bom, header, meta or detected", "headers": "Response headers (JSON)"},
        "sort_desc": "fetched_at",
        "facets": ["source", "outcome", "error"],
    },
    "snapshots": {
        "description": "Versions of each page's extracted article; a new row only when the text changed.",
        "columns": {"version": "1, 2, 3… per page", "text_sha256": "SHA-256 of the normalized text",
                    "changed_chars": "Characters inserted + deleted against the previous version",
                    "first_seen": "First capture with this text (UTC)", "last_seen": "Last capture with this text"},
        "sort_desc": "first_seen",
        "facets": ["source", "language"],
        "fts_table": "snapshots_fts",
        "fts_pk": "id",
        "searchmode": "raw",
    },
    "bodies": {"description": "Raw response bodies, once per SHA-256, zlib-compressed."},
    "events": {"description": "New, changed, gone and back events, newest first.", "sort_desc": "at",
               "facets": ["kind", "source"]},
    "runs": {"description": "Crawl runs per source with their counts.", "sort_desc": "started_at",
             "facets": ["source", "status"]},
    "robots": {"description": "Cached robots.txt per host."},
    "snapshots_fts": {"hidden": True},
}


def metadata(database: str) -> dict[str, Any]:
    return {
        "title": "palimpsest archive",
        "description": "Versioned snapshots of archived news and notice pages.",
        "databases": {database: {
            "tables": TABLES,
            "queries": {
                "latest_articles": {"title": "Latest articles", "sql": LATEST_ARTICLES},
                "changed_pages": {"title": "Pages with more than one version", "sql": MULTI_VERSION},
                "search": {"title": "Full-text search (Chinese-aware)", "sql": SEARCH},
            },
        }},
    }
