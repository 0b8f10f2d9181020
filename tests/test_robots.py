"""robots.txt: RFC 9309 answers, the cache in the store, Crawl-delay, refusals recorded as captures."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from crawler.config import Config, Source
from crawler.fetch import Fetcher
from crawler.fetch.robots import RETRY_FAILED_AFTER, product_token
from store import Archive
from tests import hostile
from tests.fetching import article, make_config, process, rows
from tests.site import Handler, Response, Site


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path, obey_robots=True)


def iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def robots(site: Site, text: str, status: int = 200) -> None:
    site.page("/robots.txt", text, status=status, content_type="text/plain")


def test_disallowed_url_is_recorded_as_refused_and_never_fetched(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nDisallow: /private/\n")
    private, public = site.page("/private/a.html", article()), site.page("/news/b.html", article())
    results = process(config, private, public)
    assert (results[0].error, results[0].change) == ("robots", "none")
    assert results[0].detail == "disallowed by robots.txt"
    assert results[1].change == "new"
    assert site.hits("/private/a.html") == []
    assert rows(config, "select url, outcome, error, status from captures order by url") == [
        (public, "ok", None, 200), (private, "robots", "robots", None)]
    assert len(site.hits("/robots.txt")) == 1  # once per host, however many URLs


def test_rules_for_our_user_agent_win_over_the_wildcard(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nDisallow: /\n\nUser-agent: palimpsest\nAllow: /\nDisallow: /drafts/\n")
    ok, draft = site.page("/a.html", article()), site.page("/drafts/a.html", article())
    results = process(config, ok, draft)
    assert [r.error for r in results] == [None, "robots"]


@pytest.mark.parametrize("group", ["contact", "example", "org", "https"])
def test_a_group_named_by_a_word_of_our_contact_url_is_not_ours(site: Site, config: Config, group: str) -> None:
    # (RFC 9309 §2.2.1: the group is found by the product token, palimpsest, not by any word of the whole header)
    robots(site, f"User-agent: *\nDisallow: /private/\n\nUser-agent: {group}\nAllow: /\n")
    private = site.page("/private/a.html", article())
    [result] = process(config, private)
    assert result.error == "robots" and site.hits("/private/a.html") == []


def test_a_browser_like_user_agent_is_known_by_its_own_product(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nDisallow: /private/\n\nUser-agent: Mozilla\nAllow: /\n")
    private = site.page("/private/a.html", article())
    [result] = process(config, private, user_agent="Mozilla/5.0 (compatible; palimpsest/0.1; +https://example.org/)")
    assert result.error == "robots" and site.hits("/private/a.html") == []


def test_the_product_token_is_the_user_agents_first_product() -> None:
    assert product_token("palimpsest/0.1 (+https://example.org/contact)") == "palimpsest"
    assert product_token("Mozilla/5.0 (compatible; ArchiveBot/2.1; +https://a.org/bot)") == "archivebot"
    assert product_token("palimpsest") == "palimpsest"


@pytest.mark.parametrize("status", [404, 403, 410])
def test_robots_4xx_allows_everything(site: Site, config: Config, status: int) -> None:
    robots(site, "nothing here", status=status)
    [result] = process(config, site.page("/a.html", article()))
    assert result.change == "new"
    [(stored, error, fetched_at, expires_at)] = rows(config, "select status, error, fetched_at, expires_at from robots")
    assert (stored, error) == (status, f"http_{status}")
    assert (iso(expires_at) - iso(fetched_at)).total_seconds() == config.fetch.robots_ttl


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_5xx_disallows_the_host_until_the_next_try(site: Site, config: Config, status: int) -> None:
    robots(site, "oops", status=status)
    url = site.page("/a.html", article())
    [result] = process(config, url)
    assert result.error == "robots" and f"http_{status}" in result.detail
    assert site.hits("/a.html") == []
    [(stored_status, fetched_at, expires_at)] = rows(config, "select status, fetched_at, expires_at from robots")
    assert stored_status == status
    # tried again well before the 24 h TTL of a good robots.txt
    assert 0 < (iso(expires_at) - iso(fetched_at)).total_seconds() <= RETRY_FAILED_AFTER
    # the next try, once the entry expires, reads the fixed robots.txt and crawls
    robots(site, "User-agent: *\nAllow: /\n")
    with Archive(config.store.path) as archive:
        archive.db.execute("UPDATE robots SET expires_at = '2000-01-01T00:00:00.000Z'")
        archive.db.conn.commit()
    assert process(config, url)[0].change == "new"


def test_unreachable_robots_disallows(site: Site, config: Config) -> None:
    site.handler("/robots.txt", hostile.slow_headers(3))
    url = site.page("/a.html", article())
    [result] = process(config, url, timeout=0.3)
    assert result.error == "robots" and "timeout" in result.detail
    assert site.hits("/a.html") == []


def test_robots_is_retried_like_a_page_after_a_reset(site: Site, config: Config) -> None:
    reset, asked = hostile.reset_mid_body(b"User-agent: *\n", 200), []

    def route(handler: Handler) -> None:  # a reset, then the file
        asked.append(handler.path)
        if len(asked) == 1:
            return reset(handler)
        handler.send(Response(b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}))

    site.handler("/robots.txt", route)
    public, private = site.page("/news/a.html", article()), site.page("/private/a.html", article())
    results = process(config, public, private, retries=3)
    assert [r.error for r in results] == [None, "robots"] and len(asked) == 2


def test_a_failing_robots_is_tried_as_often_as_a_page_and_still_disallows(site: Site, config: Config) -> None:
    robots(site, "oops", status=500)
    [result] = process(config, site.page("/a.html", article()), retries=3)
    assert result.error == "robots" and len(site.hits("/robots.txt")) == 3 and site.hits("/a.html") == []


def test_robots_is_read_through_five_redirects_whatever_max_redirects(site: Site, config: Config) -> None:
    for hop in range(5):
        site.page("/robots.txt" if hop == 0 else f"/r{hop}", b"", status=301, content_type="",
                  Location=site.url(f"/r{hop + 1}"))
    site.page("/r5", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    [result] = process(config, site.page("/a.html", article()), max_redirects=1)
    assert result.error == "robots" and result.detail == "disallowed by robots.txt"


def test_robots_is_cached_in_the_store_across_restarts(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nDisallow: /private/\n")
    url = site.page("/a.html", article())
    process(config, url)
    process(config, url)  # a new Fetcher, as after a restart: the stored entry is still fresh
    assert len(site.hits("/robots.txt")) == 1
    [(host, status, body)] = rows(config, "select host, status, body from robots")
    assert host == f"http://127.0.0.1:{site.port}" and status == 200 and "Disallow: /private/" in body


def test_robots_is_fetched_again_after_its_ttl(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nAllow: /\n")
    url = site.page("/a.html", article())
    process(config, url, robots_ttl=0.2)
    time.sleep(0.3)
    process(config, url, robots_ttl=0.2)
    assert len(site.hits("/robots.txt")) == 2


def test_robots_over_500_kib_is_read_up_to_that_size(site: Site, config: Config) -> None:
    filler = "".join(f"# comment line {i:06d} padding padding padding\n" for i in range(12_000))  # ~600 KiB
    assert len(filler) > 500 * 1024
    robots(site, "User-agent: *\nDisallow: /early/\n" + filler + "Disallow: /late/\n")
    early, late = site.page("/early/a.html", article()), site.page("/late/a.html", article())
    results = process(config, early, late)
    assert [r.error for r in results] == ["robots", None]  # read, not rejected; cut off at 500 KiB
    [(body,)] = rows(config, "select body from robots")
    assert len(body.encode()) <= 500 * 1024 and body.endswith("\n")


@pytest.mark.parametrize(("line", "spacing"), [
    ("Crawl-delay: 0.4", 0.38),
    ("Request-rate: 2/1s", 0.45),  # (two a second: 0.5 s apart)
])
def test_crawl_delay_and_request_rate_are_honoured(site: Site, config: Config, line: str, spacing: float) -> None:
    robots(site, f"User-agent: *\n{line}\n")
    counter = hostile.InFlightCounter()
    urls = [site.handler(f"/p{i}.html", hostile.InFlight(article(title=f"标题{i}号文件"), 0, counter))
            for i in range(3)]
    process(config, *urls, host_concurrency=3)
    starts = sorted(counter.starts)
    assert len(starts) == 3 and all(b - a >= spacing for a, b in zip(starts, starts[1:], strict=False)), starts


def test_a_source_may_ignore_robots(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nDisallow: /\n")
    url = site.page("/a.html", article())
    [result] = process(config, url, source=Source(name="own-site", obey_robots=False))
    assert result.change == "new"
    assert site.hits("/robots.txt") == []


def test_fetch_resource_obeys_robots_and_stores_nothing(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nDisallow: /feeds/private.xml\nSitemap: http://example.org/sitemap.xml\n")
    feed = site.page("/feeds/news.xml", "<rss></rss>", content_type="application/rss+xml")
    private = site.page("/feeds/private.xml", "<rss></rss>", content_type="application/rss+xml")

    async def run() -> tuple:
        with Archive(config.store.path) as archive:
            async with Fetcher(config.fetch, robots=archive) as fetcher:
                return (await fetcher.fetch_resource(feed), await fetcher.fetch_resource(private),
                        await fetcher.robots_sitemaps(feed))

    ok, refused, sitemaps = asyncio.run(run())
    assert ok.ok and ok.body == b"<rss></rss>" and ok.media_type == "application/rss+xml"
    assert refused.error == "robots" and site.hits("/feeds/private.xml") == []
    assert sitemaps == ("http://example.org/sitemap.xml",)
    assert rows(config, "select count(*) from captures") == [(0,)]


def test_without_a_store_robots_is_kept_in_memory(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nDisallow: /x\n")

    async def run() -> list:
        async with Fetcher(replace(config.fetch)) as fetcher:
            return [await fetcher.fetch(site.url("/x")), await fetcher.fetch(site.url("/x"))]

    assert [r.error for r in asyncio.run(run())] == ["robots", "robots"]
    assert len(site.hits("/robots.txt")) == 1


def test_a_page_newly_disallowed_keeps_its_versions(site: Site, config: Config) -> None:
    robots(site, "User-agent: *\nAllow: /\n")
    url = site.page("/news/a.html", article())
    assert process(config, url, robots_ttl=0.2)[0].change == "new"
    robots(site, "User-agent: *\nDisallow: /news/\n")
    time.sleep(0.3)
    [result] = process(config, url, robots_ttl=0.2)
    assert (result.error, result.change) == ("robots", "none")
    assert len(site.hits("/news/a.html")) == 1
    assert rows(config, "select version, gone_at from snapshots join pages using (url)") == [(1, None)]
    assert rows(config, "select outcome from captures order by id") == [("ok",), ("robots",)]


def test_a_redirect_target_is_checked_against_its_own_robots(site: Site, config: Config) -> None:
    other = Site().start()
    try:
        other.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        other.page("/private/a.html", article())
        robots(site, "User-agent: *\nAllow: /\n")
        url = site.page("/moved.html", b"", status=301, content_type="", Location=other.url("/private/a.html"))
        [result] = process(config, url, concurrency=1, host_concurrency=1)
    finally:
        other.stop()
    assert result.error == "robots" and "redirect to" in result.detail
    assert other.hits("/private/a.html") == [] and len(other.hits("/robots.txt")) == 1
    assert rows(config, "select outcome, error, status from captures") == [("robots", "robots", 301)]


def test_a_redirect_targets_failing_robots_is_read_with_its_retries_outside_the_pages_timeout(
        site: Site, config: Config) -> None:
    # (http -> https is such a redirect, to another origin: its robots.txt retried within [fetch] deadline, not cut
    # off by the page's own timeout, which left it unread and asked again for every page)
    other = Site().start()
    try:
        other.page("/robots.txt", "busy", status=503, content_type="text/plain", Retry_After="2")
        robots(site, "User-agent: *\nAllow: /\n")
        moved = [site.page(f"/{n}.html", b"", status=301, content_type="", Location=other.url(f"/{n}.html"))
                 for n in ("a", "b")]
        results = process(config, *moved, retries=2, timeout=1.0, deadline=10.0, max_backoff=3.0)
    finally:
        other.stop()
    assert [r.error for r in results] == ["robots", "robots"], results
    assert "http_503" in results[0].detail and len(other.hits("/robots.txt")) == 2
