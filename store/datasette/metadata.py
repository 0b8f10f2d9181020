"""Datasette metadata for an archive: descriptions, canned queries, search, sort and facets."""

from __future__ import annotations

from typing import Any

LATEST_ARTICLES = """
select s.url, s.title, s.published, s.version, s.first_seen, s.last_seen, p.source,
  palimpsest_history_path(s.url) as history
from snapshots s join pages p on p.url = s.url
where s.version = p.latest_version and p.gone_at is null
order by coalesce(s.published, s.first_seen) desc
"""

# A version read anew from the same bytes (a reread event) is no edit: a page's latest change is its latest other
# version after the first, and a page with none was never edited.
MULTI_VERSION = """
select p.url, p.source, p.latest_version as versions, latest.title, edit.first_seen as latest_change,
  edit.changed_chars, palimpsest_diff_path(p.url, edit.version) as diff
from pages p
  join snapshots latest on latest.url = p.url and latest.version = p.latest_version
  join snapshots edit on edit.url = p.url and edit.version = (
    select max(s.version) from snapshots s
    where s.url = p.url and s.version > 1 and not exists (
      select 1 from events e where e.url = s.url and e.kind = 'reread' and e.version = s.version))
where p.latest_version > 1
order by edit.first_seen desc
"""

# Times are ISO 8601 UTC strings ending in Z, so they compare as text with strftime's output.
CHANGED_SINCE = """
select e.at, e.source, e.title, e.version, e.changed_chars, e.url,
  case when e.version is not null then palimpsest_diff_path(e.url, e.version)
       else palimpsest_history_path(e.url) end as diff
from events e
where e.kind = 'changed' and e.at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '{window}')
order by e.at desc
"""

GONE_PAGES = """
select p.url, p.source, p.gone_at, p.back_at,
  case when p.gone_at is not null then 'gone' else 'back' end as state,
  (select title from snapshots s where s.url = p.url order by version desc limit 1) as title,
  palimpsest_history_path(p.url) as history
from pages p
where p.gone_at is not null or p.back_at is not null
order by coalesce(p.gone_at, p.back_at) desc
"""

CAPTURE_ERRORS = """
select p.host, c.error as reason, count(*) as captures, count(distinct c.url) as pages,
  min(c.fetched_at) as first, max(c.fetched_at) as last
from captures c join pages p on p.url = c.url
where c.error is not null
group by p.host, c.error
order by captures desc
"""

# A file's new event (an attachment's first bytes) has no version: it is no article.
NEW_PER_DAY = """
select substr(e.at, 1, 10) as day, e.source, count(*) as new_articles
from events e
where e.kind = 'new' and e.version is not null
group by day, e.source
order by day desc, new_articles desc
"""

SHORT_EXTRACTIONS = """
select s.url, p.source, s.version, s.chars, s.title, s.source as article_source, s.warnings, s.first_seen,
  palimpsest_history_path(s.url) as history
from snapshots s join pages p on p.url = s.url and s.version = p.latest_version
where s.chars < cast(coalesce(nullif(:max_chars, ''), '200') as integer)
order by s.chars
"""

# No limit of our own: datasette returns up to its max_returned_rows and says when there were more.
SEARCH = """
select s.url, s.version, s.title, s.published, palimpsest_snippet(s.text, :q) as snippet,
  palimpsest_history_path(s.url) as history
from snapshots_fts f join snapshots s on s.id = f.rowid
where snapshots_fts match palimpsest_match(:q)
  and s.version = (select max(version) from snapshots where url = s.url)
order by f.rank
"""

# Every version is indexed as it is stored: a hit for each version that matches, with the page's latest, so that
# words an edit removed are found in the version that held them.
SEARCH_ALL_VERSIONS = """
select s.url, s.version, (select max(version) from snapshots where url = s.url) as latest_version, s.title,
  s.published, palimpsest_snippet(s.text, :q) as snippet, palimpsest_history_path(s.url) as history
from snapshots_fts f join snapshots s on s.id = f.rowid
where snapshots_fts match palimpsest_match(:q)
order by f.rank
"""

TABLES: dict[str, dict[str, Any]] = {
    "pages": {
        "description": "One row per URL ever seen. Open /-/history?url=URL for its timeline of captures and versions.",
        "columns": {"url": "Canonical URL", "host": "Host name of the URL", "source": "Configured source that found it",
                    "first_seen": "First capture (UTC)",
                    "last_seen": "Last good capture (UTC); a page no fetch has read yet has its first capture's time",
                    "gone_at": "When the page disappeared (404/410, soft 404, redirect home); null if present",
                    "back_at": "When a gone page came back", "is_article": "1 when the page held an article",
                    "latest_version": "Number of its latest version",
                    "revisit_step": "Step on the revisit ladder (longer waits while unchanged)",
                    "next_visit": "When the page is due to be fetched again (UTC)"},
        "sort_desc": "last_seen",
        "facets": ["source", "host"],
    },
    "captures": {
        "description": "Every fetch attempt, successful or not. Raw body: /-/capture/ID/body; headers: "
                       "/-/capture/ID/headers.",
        "columns": {"fetched_at": "When the fetch started (UTC)", "source": "Configured source",
                    "run_id": "The crawl run it belongs to", "attempt": "1 for the first try, 2… for retries",
                    "final_url": "URL after redirects", "status": "HTTP status",
                    "outcome": "ok, not_modified, retried, error, gone, soft_404, robots, not_html, raw, "
                               "not_article, empty, part (a further page of an article, joined to its first's "
                               "version)",
                    "error": "Reason code (timeout, too_large, http_404, robots, blocked_address, dns, tls, ...)",
                    "error_detail": "The reason in words", "duration_ms": "Time taken (milliseconds)",
                    "bytes": "Size of the raw body", "body_sha256": "Raw body in the bodies table",
                    "charset": "Charset the body was decoded with",
                    "charset_source": "bom, header, meta or detected", "headers": "Response headers (JSON)",
                    "article_score": "How article-like the page looked to the extractor",
                    "version": "Snapshot version of the page after this capture",
                    "request_headers": "Headers of the final request, as sent (JSON)",
                    "server_ip": "Address the final response came from",
                    "redirects": "The redirects followed before it (JSON: url, fetched_at, status, headers, "
                                 "request_headers, server_ip of each)"},
        "sort_desc": "fetched_at",
        "facets": ["source", "status", "outcome", "error"],
    },
    "snapshots": {
        "description": "Versions of each page's extracted article; a new row only when the text changed. "
                       "The search box is Chinese-aware: 复工 also finds 復工; \"quoted words\" are a phrase; "
                       "OR, NOT and -word as in palimpsest search.",
        "columns": {"url": "The page", "version": "1, 2, 3… per page", "title": "Article title",
                    "subtitle": "The line under or over the headline (副题, 引题), when set apart from the text",
                    "published": "Publication date given by the page", "author": "Author given by the page",
                    "source": "Publisher named by the article (来源)", "text": "Extracted text, one paragraph a line",
                    "text_sha256": "SHA-256 of the normalized text", "chars": "Length of the text in characters",
                    "changed_chars": "Characters inserted + deleted against the previous version",
                    "language": "Detected language", "warnings": "Extraction warnings (JSON)",
                    "first_seen": "First capture with this text (UTC)", "last_seen": "Last capture with this text",
                    "capture_id": "The capture this version was first extracted from",
                    "raw_sha256": "The raw bytes read: the body's SHA-256 (an article over several pages: of its "
                                  "pages' SHA-256s, one a line). A version whose bytes are its predecessor's was "
                                  "read anew (a reread event), not edited"},
        "sort_desc": "first_seen",
        "facets": ["source", "language"],
        "fts_table": "snapshots_fts",
        "fts_pk": "id",
    },
    "bodies": {"description": "Raw response bodies, once per SHA-256, zlib-compressed. Read them through "
                              "/-/capture/ID/body (served as text/plain, never rendered)."},
    "events": {"description": "New, changed, reread, gone and back events, newest first. As a feed: "
                              "/-/changes.atom.",
               "columns": {"kind": "new, changed, reread (the same bytes read to a new text by a newer extractor "
                                   "or changed site rules: no edit), gone or back", "at": "When (UTC)",
                           "changed_chars": "Characters inserted + deleted (changed events)"},
               "sort_desc": "at", "facets": ["kind", "source"]},
    "runs": {"description": "Crawl runs per source with their counts.", "sort_desc": "started_at",
             "facets": ["source", "status"],
             "columns": {"held_back": "New pages found and left for a later run by max_new_per_run",
                         "out_of_scope": "Links found outside the source's hosts and allow/deny patterns",
                         "revisits_held_back": "Known pages a feed or sitemap dated after their last fetch, left for "
                                               "a later run by max_lastmod_revisits_per_run",
                         "reread": "Versions read anew from the same bytes (no edit)"}},
    "robots": {"description": "Cached robots.txt per host."},
    "fixity_checks": {"description": "The daemon's fixity checks of the store ([daemon] verify_every), with what "
                                     "each read and the problems it found (the daemon's log names them).",
                      "sort_desc": "started_at"},
    "snapshots_fts": {"hidden": True},
}

QUERIES: dict[str, dict[str, Any]] = {
    "latest_articles": {"title": "Latest articles", "sql": LATEST_ARTICLES,
                        "description": "The latest version of every article still online, newest first."},
    "changed_24h": {"title": "Changed in the last 24 hours", "sql": CHANGED_SINCE.format(window="-1 day"),
                    "description": "Articles edited after publication, with the number of characters changed, "
                                   "and files (an article's attachments) whose bytes changed, linked to their "
                                   "history."},
    "changed_7d": {"title": "Changed in the last 7 days", "sql": CHANGED_SINCE.format(window="-7 days"),
                   "description": "Articles edited after publication, with the number of characters changed, "
                                   "and files (an article's attachments) whose bytes changed, linked to their "
                                   "history."},
    "changed_pages": {"title": "Pages edited since first archived", "sql": MULTI_VERSION,
                      "description": "Each page with more than one version and its latest edit: when, the characters "
                                     "it changed, its diff. A version read anew from the same bytes (reread) is no "
                                     "edit: a page with only those is not listed."},
    "gone_pages": {"title": "Gone pages (and back again)", "sql": GONE_PAGES,
                   "description": "Pages that disappeared (404/410, soft 404, redirect home), and those back."},
    "capture_errors": {"title": "Capture errors by host and reason", "sql": CAPTURE_ERRORS},
    "new_per_day": {"title": "New articles per source per day", "sql": NEW_PER_DAY},
    "short_extractions": {"title": "Suspiciously short extractions", "sql": SHORT_EXTRACTIONS,
                          "description": "Latest versions shorter than max_chars (default 200): extraction may "
                                         "have missed the article body."},
    "search": {"title": "Full-text search (Chinese-aware)", "sql": SEARCH,
               "description": "The latest version of each page only (search_all_versions searches every "
                              "version). Chinese words (even of one character), Latin words, \"phrases\"; OR "
                              "for either, NOT or -word to leave a word out; simplified and traditional find "
                              "each other."},
    "search_all_versions": {"title": "Full-text search of every version", "sql": SEARCH_ALL_VERSIONS,
                            "description": "As search, in every stored version: a row for each version that "
                                           "matches, so words an edit removed are found in the version that held "
                                           "them (version below latest_version)."},
}

# The canned queries that read a user's query (palimpsest_match(:q)): the plugin checks that query first.
SEARCH_QUERIES = tuple(name for name, query in QUERIES.items() if "palimpsest_match(:q)" in query["sql"])


def metadata(database: str) -> dict[str, Any]:
    return {
        "title": "palimpsest archive",
        "description": "Versioned snapshots of archived news and notice pages. Changes as a feed: /-/changes.atom",
        "databases": {database: {"tables": TABLES, "queries": QUERIES}},
    }
