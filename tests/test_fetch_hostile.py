"""Limits that hold against a hostile server: each case hits a page already archived at v1, and the
store must show the failure as a capture with its reason while v1 stays exactly as it was."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from pathlib import Path

import brotli
import pytest

from crawler.config import Config
from store import Archive
from tests import hostile
from tests.fetching import TITLE, article, make_config, process, rows
from tests.site import Response, Site


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path, timeout=1.0, read_timeout=1.0, max_body_bytes=256 * 1024)


def archive_v1(site: Site, config: Config, path: str = "/p.html") -> str:
    url = site.page(path, article())
    [result] = process(config, url)
    assert result.change == "new" and result.version == 1
    return url


def assert_v1_intact(config: Config, url: str) -> None:
    assert rows(config, "select version, title from snapshots where url = ?", url) == [(1, TITLE)]
    assert rows(config, "select gone_at from pages where url = ?", url) == [(None,)]
    sha = rows(config, "select body_sha256 from captures where url = ? and outcome = 'ok'", url)[0][0]
    assert rows(config, "select count(*) from bodies where sha256 = ?", sha) == [(1,)]


def last_capture(config: Config, url: str) -> tuple:
    return rows(config, "select outcome, error, status, body_sha256 from captures where url = ? order by id desc"
                        " limit 1", url)[0]


def test_slow_headers_time_out_within_the_attempt_timeout(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.handler("/p.html", hostile.slow_headers(4))
    started = time.monotonic()
    [result] = process(config, url)
    assert time.monotonic() - started < 2.0
    assert result.error == "timeout" and result.change == "none"
    assert last_capture(config, url) == ("error", "timeout", None, None)
    assert_v1_intact(config, url)


def test_trickled_body_cannot_stretch_the_timeout(site: Site, config: Config) -> None:
    # one byte every 50 ms never leaves the connection idle long enough for a per-read timeout
    url = archive_v1(site, config)
    site.handler("/p.html", hostile.trickle(article(change="慢慢地"), 0.05))
    started = time.monotonic()
    [result] = process(config, url, read_timeout=0.5)
    assert 0.9 < time.monotonic() - started < 2.0
    assert result.error == "timeout"
    assert "within 1s" in result.detail
    assert last_capture(config, url)[:2] == ("error", "timeout")
    assert_v1_intact(config, url)


def test_reset_mid_body_is_a_reset_capture(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.handler("/p.html", hostile.reset_mid_body(article()[:300], 5000))
    [result] = process(config, url)
    assert result.error == "reset"
    assert last_capture(config, url) == ("error", "reset", 200, None)
    assert_v1_intact(config, url)


def test_body_shorter_than_content_length_is_truncated(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    body = article(change="被截断的")
    site.handler("/p.html", hostile.short_body(body[: len(body) // 2], len(body)))
    [result] = process(config, url)
    assert result.error == "truncated"
    assert last_capture(config, url) == ("error", "truncated", 200, None)
    assert_v1_intact(config, url)


def test_a_page_cut_short_by_a_closed_connection_is_truncated(site: Site, config: Config) -> None:
    """No Content-Length, no chunks: the connection closed mid-page looks like a shorter page, which must not be
    stored as an edit deleting the article's end (and restoring it at the next good visit). The copy kept before
    tells it: it ended its document, the cut page does not."""
    url = archive_v1(site, config)
    body = article()
    site.handler("/p.html", hostile.close_delimited(body[: body.index("会议强调".encode())]))
    [result] = process(config, url)
    assert (result.error, result.change) == ("truncated", "none") and "</html>" in result.detail
    assert last_capture(config, url) == ("error", "truncated", 200, None)
    assert_v1_intact(config, url)
    site.handler("/p.html", hostile.close_delimited(body))  # (the whole page, close-delimited: as it was)
    [result] = process(config, url)
    assert (result.error, result.change, result.version) == (None, "unchanged", 1)
    served = iter([body[: body.index("会议强调".encode())], body])  # (cut, then whole: the retry gets the page)
    site.handler("/p.html", lambda handler: hostile.close_delimited(next(served))(handler))
    [result] = process(config, url, retries=2)
    assert (result.error, result.change, result.attempts) == (None, "unchanged", 2)
    assert rows(config, "select kind, version from events") == [("new", 1)]
    # Many real pages omit </body> and </html>: served close-delimited, they have no end to lose, and their edits
    # (here the same cut, on such a page) are versions.
    unterminated = body.replace(b"</body></html>", b"")
    other = site.handler("/q.html", hostile.close_delimited(unterminated))
    assert [(r.error, r.change) for r in process(config, other)] == [(None, "new")]
    site.handler("/q.html", hostile.close_delimited(unterminated[: unterminated.index("会议强调".encode())]))
    assert [(r.error, r.change, r.version) for r in process(config, other)] == [(None, "changed", 2)]


def test_a_retired_pages_stub_sent_close_delimited_is_gone_not_cut_short(site: Site, config: Config) -> None:
    # (old servers that close the connection also retire pages so: a bare script, no document, no end tags)
    url = archive_v1(site, config)
    stub = '<script>alert("该信息不存在或已删除！");location.href="/";</script>'.encode()
    site.handler("/p.html", hostile.close_delimited(stub))
    [result] = process(config, url)
    assert (result.error, result.change) == ("soft_404", "gone")


def test_endless_body_is_cut_off_at_the_cap(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.handler("/p.html", hostile.endless())
    started = time.monotonic()
    [result] = process(config, url)
    assert time.monotonic() - started < 1.0
    assert result.error == "too_large" and str(256 * 1024) in result.detail
    assert last_capture(config, url) == ("error", "too_large", 200, None)
    assert_v1_intact(config, url)


def test_declared_oversize_body_is_refused_before_reading(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/p.html", b"x" * (300 * 1024))
    [result] = process(config, url)
    assert result.error == "too_large" and "Content-Length" in result.detail
    assert_v1_intact(config, url)


def test_gzip_bomb_is_cut_off_without_inflating(site: Site, config: Config) -> None:
    bomb = hostile.gzip_bomb()  # ~260 KB on the wire, 256 MiB inflated
    url = archive_v1(site, config)
    site.handler("/p.html", hostile.gzipped(bomb))
    tracemalloc.start()
    try:
        [result] = process(config, url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error == "too_large"
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes while reading a 256 KiB-capped bomb"
    assert last_capture(config, url) == ("error", "too_large", 200, None)
    assert_v1_intact(config, url)


def test_gzip_page_within_the_cap_is_decoded(site: Site, config: Config) -> None:
    url = site.handler("/z.html", hostile.gzipped(gzip.compress(article())))
    [result] = process(config, url)
    assert result.change == "new" and result.article.title == "国资委召开会议部署改革工作"


def test_redirect_loop_is_detected(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/p.html", b"", status=302, content_type="", Location="/loop-b")
    site.page("/loop-b", b"", status=301, content_type="", Location="/p.html")
    [result] = process(config, url)
    assert result.error == "redirect_loop"
    assert len(site.hits("/loop-b")) == 1
    assert last_capture(config, url)[:2] == ("error", "redirect_loop")
    assert_v1_intact(config, url)


def test_too_many_redirects(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    for i in range(5):
        site.page(f"/hop{i}", b"", status=302, content_type="", Location=f"/hop{i + 1}")
    site.page("/p.html", b"", status=302, content_type="", Location="/hop0")
    [result] = process(config, url, max_redirects=3)
    assert result.error == "too_many_redirects"
    assert site.hits("/hop4") == []
    assert_v1_intact(config, url)


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.2:{port}/x",
                                    "http://10.1.2.3/", "http://[::1]:{port}/x"])
def test_redirect_to_a_blocked_address_is_refused(site: Site, config: Config, target: str) -> None:
    url = archive_v1(site, config)
    site.page("/p.html", b"", status=302, content_type="", Location=target.format(port=site.port))
    [result] = process(config, url)
    assert result.error == "blocked_address"
    assert "allow_addresses" in result.detail
    assert last_capture(config, url)[:2] == ("error", "blocked_address")
    assert_v1_intact(config, url)


def test_loopback_is_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    url = site.page("/a.html", article())
    config = make_config(tmp_path, allow_addresses=())
    [result] = process(config, url)
    assert result.error == "blocked_address" and "loopback" in result.detail
    assert site.requests == []  # refused before connecting
    assert rows(config, "select outcome, error from captures") == [("error", "blocked_address")]


def test_a_host_name_is_checked_on_what_it_resolves_to(site: Site, tmp_path: Path) -> None:
    config = make_config(tmp_path, allow_addresses=())
    [result] = process(config, f"http://localhost:{site.port}/a.html")
    assert result.error == "blocked_address" and "localhost resolves to" in result.detail
    assert site.requests == []


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "/relative", "http:///nohost"])
def test_only_http_and_https(tmp_path: Path, url: str) -> None:
    config = make_config(tmp_path)
    [result] = process(config, url)
    assert result.error == "bad_url"
    assert rows(config, "select outcome, error from captures") == [("error", "bad_url")]


def test_one_connection_is_kept_alive_across_pages(site: Site, config: Config) -> None:
    ports: list[int] = []

    def remember(path: str) -> hostile.Route:
        def route(handler: hostile.Handler) -> None:
            ports.append(handler.client_address[1])
            handler.send(Response(article(title=f"通知{path}全文发布")))

        return route

    urls = [site.handler(f"/k{i}.html", remember(str(i))) for i in range(5)]
    results = process(config, *urls, host_concurrency=1)
    assert [r.change for r in results] == ["new"] * 5
    assert len(set(ports)) == 1, ports


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


ENCODINGS = {
    "gzip": ("gzip", gzip.compress),
    "deflate": ("deflate", zlib.compress),
    "raw deflate": ("deflate", _raw_deflate),  # as some servers send it
    "br": ("br", brotli.compress),
    "two gzip members": ("gzip", lambda b: gzip.compress(b[:400]) + gzip.compress(b[400:])),
    "gzip then br": ("gzip, br", lambda b: brotli.compress(gzip.compress(b))),
}


@pytest.mark.parametrize("case", ENCODINGS)
def test_content_encodings_are_decoded(site: Site, config: Config, case: str) -> None:
    coding, encode = ENCODINGS[case]
    url = site.page("/enc.html", encode(article()), Content_Encoding=coding)
    [result] = process(config, url)
    assert result.change == "new" and result.article.title == "国资委召开会议部署改革工作"
    with Archive(config.store.path) as archive:  # the decoded page is what is kept
        assert archive.body(rows(config, "select body_sha256 from captures")[0][0]) == article()


def test_brotli_bomb_is_cut_off(site: Site, config: Config) -> None:
    url = site.page("/bomb.html", brotli.compress(bytes(64 << 20)), Content_Encoding="br")
    [result] = process(config, url)
    assert result.error == "too_large"


def test_a_compressed_body_cut_short_is_truncated(site: Site, config: Config) -> None:
    url = site.page("/cut.html", gzip.compress(article())[:-30], Content_Encoding="gzip")
    [result] = process(config, url)
    assert result.error == "truncated" and rows(config, "select count(*) from snapshots") == [(0,)]


def test_a_page_that_stalls_the_parser_fails_alone_and_the_crawl_goes_on(site: Site, tmp_path: Path) -> None:
    import asyncio
    from dataclasses import replace

    from crawler.config import ExtractConfig, Source
    from crawler.run import crawl_source

    good = [site.page(f"/good{i}.html", article(title=f"{TITLE}{i}")) for i in range(3)]
    bomb = site.page("/bomb.html", hostile.attribute_bomb())
    config = replace(make_config(tmp_path), extract=ExtractConfig(processes=1, timeout=1.0))
    source = Source(name="s", urls=(good[0], bomb, good[1], good[2]))
    started = time.monotonic()
    with Archive(config.store.path) as archive:
        summary = asyncio.run(crawl_source(config, archive, source))
    # Not the parser's 5 s and more: the run's own 3 to 4 s are two worker starts (each imports the extractor), the
    # 1 s limit and the pages; 4.0 failed at 4.09 s on a machine still busy from the tests before it.
    assert time.monotonic() - started < 4.5
    assert summary.status == "ok" and summary.counts.new == 3
    outcome, error, _status, body_sha = last_capture(config, bomb)
    assert (outcome, error) == ("error", "extract_timeout")
    assert body_sha is not None  # the raw page is kept: its extraction can be redone
    assert rows(config, "select count(*) from snapshots") == [(3,)]


def test_a_listing_page_that_stalls_the_parser_fails_alone_in_discovery(site: Site, tmp_path: Path) -> None:
    import asyncio
    from dataclasses import replace

    from crawler.config import ExtractConfig, Listing, Source
    from crawler.run import crawl_source

    good = site.page("/good.html", article())
    listing = site.page("/list.html", hostile.attribute_bomb())
    config = replace(make_config(tmp_path), extract=ExtractConfig(processes=1, timeout=1.0))
    source = Source(name="s", urls=(good,), listings=(Listing(listing, links="ul a"),))
    started = time.monotonic()
    with Archive(config.store.path) as archive:
        summary = asyncio.run(crawl_source(config, archive, source))
    assert time.monotonic() - started < 4.0  # not the parser's 5 s and more
    assert summary.status == "ok" and summary.counts.new == 1
    assert [error.split(": ")[1] for error in summary.discovery_errors] == ["parse_timeout"]


def test_validators_past_ascii_go_back_as_the_bytes_they_came_as(site: Site, config: Config) -> None:
    # (a server's ETag and Last-Modified with a raw byte past ASCII: sent back as text, httpx would refuse them,
    # and every later visit of the page would fail)
    page = hostile.Validated(article(), etag='"v\xff1"', last_modified="Tue, 03 Feb 2026 08:00:00 GMT\xe9")
    url = site.handler("/v.html", page)
    assert process(config, url)[0].change == "new"
    [again] = process(config, url)
    assert (again.status, again.error, again.change) == (304, None, "unchanged") and page.not_modified == 1
    assert site.hits("/v.html")[-1].headers["if-none-match"] == '"v\xff1"'


def test_a_page_whose_json_ld_escapes_a_lone_surrogate_is_archived(site: Site, config: Config) -> None:
    # ("\udc00" in JSON-LD is a lone surrogate once parsed, which SQLite cannot take: the page failed as an
    # internal_error at every visit, no capture of it stored, never archived)
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person",'
          ' "name": "韩雨\\udc00桐"}}</script>')
    url = site.page("/ld.html", article().replace(b"</head>", ld.encode() + b"</head>"))
    [result] = process(config, url)
    assert result.error is None and result.change == "new", result
    assert rows(config, "SELECT outcome FROM captures") == [("ok",)]
