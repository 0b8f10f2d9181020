"""`palimpsest serve` as a real subprocess on a real archive: search, canned queries, history, diff, the Atom
feed, raw bodies, and reading while a writer writes."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import feedparser
import httpx
import pytest

from store import Archive, CaptureRecord, SnapshotRecord
from tests.archive_builder import (
    BACK_URL,
    DELETED_WORDS,
    GONE_URL,
    INSERTED,
    MISSING_URL,
    ROOT,
    SCRIPT_MARK,
    SCRIPTED_URL,
    TRADITIONAL_URL,
    VERSIONED_URL,
    ago,
    build_archive,
    serving,
)


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("served") / "archive.db")


@pytest.fixture(scope="module")
def server(archive_path: Path) -> Iterator[str]:
    with serving(archive_path) as base:
        yield base


def get(base: str, path: str, **params: object) -> httpx.Response:
    return httpx.get(base + path, params=params or None, timeout=10)


def table_urls(base: str, **params: object) -> list[str]:
    rows = get(base, "/archive/snapshots.json", _shape="array", _col="url", **params).json()
    return [row["url"] for row in rows]


# ---- serving --------------------------------------------------------------------------------------------

def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, from the kernel's table."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            found.add(".".join(str(b) for b in reversed(bytes.fromhex(address))))
    return found


def test_serve_binds_loopback_by_default(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}


def test_serve_warns_when_asked_to_bind_another_address(tmp_path: Path) -> None:
    db = build_archive(tmp_path / "archive.db")
    with serving(db, host="127.0.0.2") as base:  # still loopback, but not the default
        assert get(base, "/-/versions.json").status_code == 200
    assert "warning: serving on 127.0.0.2" in (tmp_path / "serve.log").read_text()


def test_serve_without_a_store_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(f'[store]\npath = "{tmp_path / "none.db"}"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "crawler", "serve", "--config", str(tmp_path / "config.toml")],
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no store here yet" in proc.stderr


# ---- search ---------------------------------------------------------------------------------------------

def test_table_search_finds_a_two_character_word(server: str) -> None:
    found = table_urls(server, _search="疫情")
    assert VERSIONED_URL in found and TRADITIONAL_URL in found and SCRIPTED_URL in found


def test_table_search_finds_traditional_text_with_a_simplified_query(server: str) -> None:
    assert TRADITIONAL_URL in table_urls(server, _search="复工")
    assert table_urls(server, _search="本钢集团") == [TRADITIONAL_URL]


def test_table_search_by_column(server: str) -> None:
    assert set(table_urls(server, _search_title="本钢")) == {TRADITIONAL_URL}
    assert TRADITIONAL_URL not in table_urls(server, _search_title="复工")  # only in the text


def test_search_box_shows_what_was_typed(server: str) -> None:
    html = get(server, "/archive/snapshots", _search="复工").text
    assert re.search(r'<input id="_search" type="search" name="_search" value="复工">', html)
    assert "search matches &#34;复工&#34;" in html


def test_canned_search_marks_matches(server: str) -> None:
    html = get(server, "/archive/search", q="复工").text
    assert "<mark>復工</mark>" in html
    rows = get(server, "/archive/search.json", q="复工", _shape="array").json()
    assert {row["url"] for row in rows} == {VERSIONED_URL, TRADITIONAL_URL}


def test_canned_search_marks_a_latin_word_only_whole(tmp_path: Path) -> None:
    text = "据报道，Mainland China的企业" + "召开座谈会。" * 30 + "要大力发展AI产业。"
    with Archive(tmp_path / "archive.db") as archive:
        archive.record(CaptureRecord(url="http://x.cn/ai.html", fetched_at="2026-11-01T00:00:00Z", outcome="ok"),
                       SnapshotRecord(title="座谈会", text=text))
    with serving(tmp_path / "archive.db") as base:
        html = get(base, "/archive/search", q="AI").text
    assert "<mark>AI</mark>产业" in html and "Mainland" not in html  # (was: M<mark>ai</mark>nland, centred there)


def many_articles(db: Path, count: int) -> Path:
    with Archive(db) as archive:
        for n in range(count):
            capture = CaptureRecord(url=f"http://news.example.cn/{n}.html", fetched_at=ago(1), outcome="ok",
                                    status=200, body=f"<p>{n}</p>".encode(), source="seeds")
            archive.record(capture, SnapshotRecord(title=f"第{n}篇", text=f"复工复产 第{n}篇", language="zh"))
    return db


def test_canned_search_shows_every_match_not_the_first_hundred(tmp_path: Path) -> None:
    # (a limit in the SQL had the page say "returning 100 rows" of 120 matches, with no sign of the others)
    with serving(many_articles(tmp_path / "archive.db", 120)) as base:
        for name in ("search", "search_all_versions"):
            assert len(canned(base, name, q="复工")) == 120, name


def test_search_finds_a_single_character_that_only_ends_runs(server: str) -> None:
    # In both pages 况 (況) only ever ends a run of Han text (情况。), so no bigram begins with it.
    assert {VERSIONED_URL, TRADITIONAL_URL} <= set(table_urls(server, _search="况"))
    assert "<mark>況</mark>" in get(server, "/archive/search", q="况").text


def test_canned_search_of_all_versions_finds_words_an_edit_removed(server: str) -> None:
    assert get(server, "/archive/search.json", q=DELETED_WORDS, _shape="array").json() == []
    rows = get(server, "/archive/search_all_versions.json", q=DELETED_WORDS, _shape="array").json()
    assert sorted((row["url"], row["version"], row["latest_version"]) for row in rows) \
        == [(VERSIONED_URL, 1, 3), (VERSIONED_URL, 2, 3)]
    assert "latest version" in get(server, "/archive/search").text  # the default said on the page


def test_search_reads_and_and_not_as_the_cli_does(server: str) -> None:
    assert set(table_urls(server, _search="疫情 AND 复工")) == set(table_urls(server, _search="疫情 复工"))
    assert set(table_urls(server, _search="疫情 复工")) == {VERSIONED_URL, TRADITIONAL_URL}
    assert set(table_urls(server, _search="疫情 -复工")) == {SCRIPTED_URL}
    assert set(table_urls(server, _search="疫情 NOT 复工")) == {SCRIPTED_URL}
    rows = get(server, "/archive/search.json", q="疫情 -复工", _shape="array").json()
    assert [row["url"] for row in rows] == [SCRIPTED_URL]


def test_an_ill_formed_search_is_a_400_saying_why(server: str) -> None:
    for path, params in (("/archive/snapshots", {"_search": "疫情 NOT"}), ("/archive/search", {"q": "-疫情"}),
                         ("/archive/snapshots", {"_search_title": "OR 本钢"})):
        page = get(server, path, **params)
        assert page.status_code == 400 and "user-defined function" not in page.text, (path, params)
        assert re.search(r"(NOT|word to find|OR) ", page.text), page.text
    answer = get(server, "/archive/search.json", q="复工 -")
    assert answer.status_code == 400 and "leave out" in answer.json()["error"]


# ---- canned queries -------------------------------------------------------------------------------------

def canned(base: str, name: str, **params: object) -> list[dict]:
    response = get(base, f"/archive/{name}.json", _shape="array", **params)
    assert response.status_code == 200, response.text
    return response.json()


def test_latest_articles_lists_pages_still_online(server: str) -> None:
    rows = canned(server, "latest_articles")
    urls = {row["url"] for row in rows}
    assert {VERSIONED_URL, TRADITIONAL_URL, SCRIPTED_URL, BACK_URL} <= urls and GONE_URL not in urls
    assert next(r for r in rows if r["url"] == VERSIONED_URL)["version"] == 3


def test_latest_articles_lists_every_article_not_the_newest_200(tmp_path: Path) -> None:
    # (as its description says: "the latest version of every article still online")
    with serving(many_articles(tmp_path / "archive.db", 210)) as base:
        assert len(canned(base, "latest_articles")) == 210


def test_changed_in_the_last_7_days_has_changed_chars_and_diff_links(server: str) -> None:
    rows = canned(server, "changed_7d")
    assert [(r["url"], r["version"], r["changed_chars"]) for r in rows] == [
        (VERSIONED_URL, 3, len(DELETED_WORDS)), (VERSIONED_URL, 2, len(INSERTED))]
    assert canned(server, "changed_24h") == []  # the changes are 3 and 4 days old
    html = get(server, "/archive/changed_7d").text
    assert '<a href="/-/diff?url=http%3A%2F%2Fnews.example.cn%2F2020%2F0427%2Farticle.html&amp;to=3">diff</a>' in html


def test_gone_pages_and_back_again(server: str) -> None:
    rows = {row["url"]: row["state"] for row in canned(server, "gone_pages")}
    assert rows == {GONE_URL: "gone", BACK_URL: "back"}


def test_capture_errors_by_host_and_reason(server: str) -> None:
    rows = canned(server, "capture_errors")
    assert [(r["host"], r["reason"], r["captures"]) for r in rows] == [("news.example.cn", "http_404", 1)]


def test_new_articles_per_source_per_day(server: str) -> None:
    rows = canned(server, "new_per_day")
    assert sum(r["new_articles"] for r in rows) == 5
    assert {r["source"] for r in rows} == {"seeds", "benxi", "evil"}


def test_new_articles_per_day_leave_out_files(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with Archive(db) as archive:
        archive.record(CaptureRecord(url="http://gov.example.cn/files/名单.xlsx", fetched_at=ago(1), outcome="raw",
                                     status=200, body=b"PK one", source="gov"))
    build_archive(db)
    with serving(db) as base:
        rows = canned(base, "new_per_day")
    assert sum(r["new_articles"] for r in rows) == 5 and "gov" not in {r["source"] for r in rows}


def test_suspiciously_short_extractions(server: str) -> None:
    short = {row["url"] for row in canned(server, "short_extractions")}
    assert SCRIPTED_URL in short and VERSIONED_URL not in short
    every = canned(server, "short_extractions", max_chars=100000)
    assert VERSIONED_URL in {row["url"] for row in every}
    # (source: the crawl's source, as in every other query; the article's 来源 is article_source)
    assert {row["source"] for row in every} <= {"seeds", "benxi", "evil"} and "article_source" in every[0]


def test_tables_have_descriptions_default_sort_and_facets(server: str) -> None:
    data = get(server, "/archive/captures.json", _extra="facet_results").json()
    assert {"source", "status", "outcome", "error"} <= set(data["facet_results"])
    html = get(server, "/archive/snapshots").text
    assert "Versions of each page" in html and "sorted by first_seen descending" in html


# ---- history and diff ------------------------------------------------------------------------------------

def test_history_shows_versions_and_captures_with_raw_links(server: str) -> None:
    html = get(server, "/-/history", url=VERSIONED_URL).text
    assert html.count("new: v") == 3
    for number in (1, 2, 3):
        assert f"v{number}" in html
    capture_ids = re.findall(r'href="/-/capture/(\d+)/body"', html)
    assert len(capture_ids) == 3
    assert "diff with v2" in html


def test_history_of_a_page_never_fetched_well_says_it_was_never_seen(server: str) -> None:
    # (its one capture, a 404, is no sighting, though the pages row's last_seen is set to it)
    html = get(server, "/-/history", url=MISSING_URL).text
    assert "last seen never" in html
    assert "last seen never" not in get(server, "/-/history", url=GONE_URL).text


def test_history_of_an_unknown_page_is_a_404_with_a_message(server: str) -> None:
    response = get(server, "/-/history", url="http://nowhere.example/x")
    assert response.status_code == 404 and "not in the archive" in response.text
    assert get(server, "/-/history").status_code == 400


ARTICLE_URL, LATER_PAGE_URL = "http://gov.example.cn/art/content_12.htm", "http://gov.example.cn/art/content_12_2.htm"


def test_history_of_a_later_page_of_an_article_links_the_article(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with Archive(db) as archive:
        archive.record(CaptureRecord(url=LATER_PAGE_URL, fetched_at=ago(1), outcome="part", status=200, body=b"p2",
                                     request_headers=(("Referer", ARTICLE_URL),)), is_article=False)
        archive.record(CaptureRecord(url=ARTICLE_URL, fetched_at=ago(1), outcome="ok", status=200, body=b"p1"),
                       SnapshotRecord(title="通知", text="第一页。\n第二页。"), is_article=True)
    with serving(db) as base:
        html = get(base, "/-/history", url=LATER_PAGE_URL).text
    assert f'a later page of the article <a href="/-/history?url={quote(ARTICLE_URL, safe="/")}">{ARTICLE_URL}</a>' \
        in html


def test_history_of_a_file_shows_the_bytes_it_was_kept_with(tmp_path: Path) -> None:
    db, url = tmp_path / "archive.db", "http://gov.example.cn/files/名单.xlsx"
    times = [ago(days) for days in (3, 2, 1)]
    with Archive(db) as archive:
        for at, body in zip(times, (b"PK one", b"PK two", b"PK two"), strict=True):
            archive.record(CaptureRecord(url=url, fetched_at=at, outcome="raw", status=200, body=body))
    with serving(db) as base:
        html = get(base, "/-/history", url=url).text
    assert "2 file versions (the bytes kept), 3 captures" in html and "0 versions" not in html
    kept = re.findall(r"<tr><td>(b\d)</td><td>([^<]*)</td><td>([^<]*)</td><td><code>(\w+)</code></td>", html)
    assert [row[:3] for row in kept] == [("b2", times[1], times[2]), ("b1", times[0], times[0])]


def test_diff_defaults_to_the_latest_two_versions(server: str) -> None:
    html = get(server, "/-/diff", url=VERSIONED_URL).text
    deleted = re.findall(r"<del>([^<]*)</del>", html)
    assert any(DELETED_WORDS.strip(",") in d for d in deleted)
    assert f"<strong class=\"changed-chars\">{len(DELETED_WORDS)}</strong>" in html


def test_diff_between_chosen_versions_marks_insertions(server: str) -> None:
    html = get(server, "/-/diff", url=VERSIONED_URL, **{"from": 1, "to": 2}).text
    assert f'<p class="para-insert"><ins>{INSERTED}</ins></p>' in html
    assert "unchanged paragraphs</summary>" in html  # long unchanged stretches are folded away
    both = get(server, "/-/diff", url=VERSIONED_URL, **{"from": 1, "to": 3}).text
    assert f"<ins>{INSERTED}</ins>" in both and re.search(r"<del>[^<]*坚决担起央企责任[^<]*</del>", both)


def test_diff_with_a_bad_version_says_which_exist(server: str) -> None:
    response = get(server, "/-/diff", url=VERSIONED_URL, to=9)
    assert response.status_code == 404 and "stored: 1, 2, 3" in response.text
    assert get(server, "/-/diff", url=VERSIONED_URL, **{"from": "x"}).status_code == 400


def test_archived_markup_is_escaped_in_the_diff_view(server: str) -> None:
    html = get(server, "/-/diff", url=SCRIPTED_URL).text
    assert SCRIPT_MARK in html and "<script>document.title" not in html
    assert "&lt;script&gt;document.title" in html


# ---- raw bodies -------------------------------------------------------------------------------------------

def first_capture_id(base: str, url: str) -> str:
    return re.findall(r'href="/-/capture/(\d+)/body"', get(base, "/-/history", url=url).text)[0]


def test_raw_body_is_plain_text_never_html(server: str) -> None:
    response = get(server, f"/-/capture/{first_capture_id(server, SCRIPTED_URL)}/body")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.text.startswith("<html>") and SCRIPT_MARK in response.text


def test_raw_body_download_and_headers(server: str) -> None:
    capture_id = first_capture_id(server, VERSIONED_URL)
    download = get(server, f"/-/capture/{capture_id}/body", download=1)
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.content.decode("utf-8").startswith("<html>")
    headers = get(server, f"/-/capture/{capture_id}/headers")
    assert headers.text == "HTTP 200\nContent-Type: text/html; charset=utf-8\nServer: test\n"
    assert get(server, "/-/capture/99999/body").status_code == 404


# ---- the Atom feed -----------------------------------------------------------------------------------------

def test_changes_feed_is_valid_atom_linking_to_diffs(server: str) -> None:
    feed = feedparser.parse(get(server, "/-/changes.atom").content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    kinds = [entry.tags[0].term for entry in feed.entries]
    assert kinds.count("new") == 5 and kinds.count("changed") == 2 and kinds.count("gone") == 2
    changed = [e for e in feed.entries if e.tags[0].term == "changed"]
    assert changed[0].link == f"{server}/-/diff?url=http%3A%2F%2Fnews.example.cn%2F2020%2F0427%2Farticle.html&to=3"
    assert httpx.get(changed[0].link, timeout=10).status_code == 200
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_changes_feed_for_one_source(server: str) -> None:
    feed = feedparser.parse(get(server, "/-/changes.atom", source="benxi").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["New: 本鋼集團召開視頻干部大會 統籌部署當前疫情防控和生產經營工作"]


# ---- reading while the crawler writes ---------------------------------------------------------------------

def test_serve_reads_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    db = build_archive(tmp_path / "archive.db")
    with serving(db) as base:
        writer = sqlite3.connect(db, timeout=1)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE pages SET next_visit = 'x'")
        try:
            assert VERSIONED_URL in table_urls(base, _search="复工")  # not blocked by the open write
        finally:
            writer.rollback()
            writer.close()
        with Archive(db) as archive:
            archive.record(CaptureRecord(url="http://x.cn/new", fetched_at=ago(0, 1), outcome="ok", source="seeds"),
                           SnapshotRecord(title="新文章", text="火星基地复工复产。"))
            archive.record(CaptureRecord(url="http://x.cn/new", fetched_at=ago(0), outcome="ok", source="seeds"),
                           SnapshotRecord(title="新文章", text="火星基地全面复工复产。"))
        assert table_urls(base, _search="火星基地") == ["http://x.cn/new", "http://x.cn/new"]
        assert [row["url"] for row in canned(base, "changed_24h")] == ["http://x.cn/new"]


def test_tables_link_to_history_diff_and_raw_body(server: str) -> None:
    pages = get(server, "/archive/pages").text
    history = "/-/history?url=http%3A%2F%2Fnews.example.cn%2F2020%2F0427%2Farticle.html"
    assert f'<a href="{history}">v3 · history</a>' in pages
    snapshots = get(server, "/archive/snapshots", url=VERSIONED_URL).text
    assert "/-/diff?url=http%3A%2F%2Fnews.example.cn%2F2020%2F0427%2Farticle.html&amp;to=2" in snapshots
    captures = get(server, "/archive/captures").text
    assert re.search(r'<a href="/-/capture/\d+/body">[0-9a-f]{12}… \(body\)</a>', captures)


def test_a_gone_or_back_event_links_to_the_pages_history_not_an_old_diff(server: str) -> None:
    events = get(server, "/archive/events", url=BACK_URL, _sort="id").text
    history = f"/-/history?url={quote(BACK_URL, safe='')}"
    links = re.findall(r'<td class="col-version[^"]*"><a href="([^"]*)">([^<]*)</a>', events)
    assert [(href.replace("&amp;", "&"), label) for href, label in links] == [
        (f"/-/diff?url={quote(BACK_URL, safe='')}&to=1", "1 · diff"), (history, "1 · history"),
        (history, "1 · history")]


def test_every_table_and_canned_query_page_renders(server: str) -> None:
    from store.datasette.metadata import QUERIES

    for path in ["/", "/archive", *(f"/archive/{t}" for t in ("pages", "captures", "snapshots", "bodies", "events",
                                                               "runs", "robots")),
                 *(f"/archive/{name}" for name in QUERIES)]:
        response = get(server, path)
        assert response.status_code == 200, (path, response.text[-500:])


def test_menu_links_to_search_and_the_feed(server: str) -> None:
    html = get(server, "/").text
    assert '<a href="/archive/search">Search the archive</a>' in html
    assert '<a href="/-/changes.atom">Changes (Atom feed)</a>' in html


def test_an_address_no_route_answers_is_a_404_not_a_500(server: str) -> None:
    # (datasette's own handler prints such a 404 with rich, a palimpsest dependency, outside an except block: 500)
    for path in ("/-/capture/-1/body", "/archive/snapshots/1/extra", "/a/b/c/d"):
        response = get(server, path)
        assert response.status_code == 404, (path, response.text[-300:])
        assert "Internal Server Error" not in response.text
    response = get(server, "/archive/snapshots/1/extra.json")
    assert response.status_code == 404 and response.json()["ok"] is False


def test_menu_link_to_search_works_for_a_store_named_with_a_dot(tmp_path: Path) -> None:
    # (datasette tilde-encodes a database name in its paths: news.v2 is /news~2Ev2)
    with serving(build_archive(tmp_path / "news.v2.db")) as base:
        link = re.search(r'<a href="([^"]*)">Search the archive</a>', get(base, "/").text)[1]
        assert get(base, link, q="疫情").status_code == 200, link
