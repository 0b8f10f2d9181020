"""Sitemaps over real HTTP: index → gzipped and news sitemaps, robots.txt, lastmod skipping, hostile files."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.config import Config, Source, StoreConfig
from crawler.discover import Discovery, discover
from crawler.discover.sitemaps import MAX_FILES, MAX_SITEMAP_BYTES, TooLarge, inflate, parse_sitemap, read_sitemaps
from crawler.fetch import Fetcher, FetchResult
from crawler.run import RunSummary, crawl_source
from store import Archive
from tests.discover_site import (
    FETCH_CONFIG,
    billion_laughs,
    gzip_bomb,
    gzipped,
    run_discover,
    run_fetching,
    sitemap_index,
    urlset,
)
from tests.site import Handler, Site

XML = "application/xml"


def serve_tree(site: Site) -> str:
    """/sitemap.xml: an index of a gzipped sitemap (served as a .gz file) and a news sitemap."""
    site.page("/sitemap.xml", sitemap_index([("/sitemap-2023.xml.gz", "2023-12-31T00:00:00Z"),
                                             (site.url("/sitemap-news.xml"), "2024-03-06")]), content_type=XML)
    site.page("/sitemap-2023.xml.gz", gzipped(urlset([
        (site.url("/news/c1/content.html"), "2023-05-01"),
        (site.url("/news/c2/content.html?utm_source=sitemap"), "2023-11-02T10:00:00+08:00"),
        (site.url("/news/c3/content.html"), None),
    ])), content_type="application/x-gzip")
    site.page("/sitemap-news.xml", urlset([(site.url("/news/c9/content.html"), "2024-03-06T09:00:00+08:00")],
                                          news=True), content_type=XML)
    return site.url("/sitemap.xml")


def test_index_gzip_and_news_sitemaps_with_lastmod(site: Site) -> None:
    source = Source("s", sitemaps=(serve_tree(site),), timezone="Asia/Shanghai")
    found = run_discover(source)
    assert found.errors == ()
    assert [(c.url, c.via, c.lastmod, c.title) for c in found.found] == [  # newest first
        (site.url("/news/c9/content.html"), "sitemap", "2024-03-06T01:00:00Z", "新闻 c9"),
        (site.url("/news/c2/content.html"), "sitemap", "2023-11-02T02:00:00Z", None),
        (site.url("/news/c1/content.html"), "sitemap", "2023-04-30T16:00:00Z", None),  # a date: Shanghai midnight
        (site.url("/news/c3/content.html"), "sitemap", None, None),
    ]


def test_lastmod_skips_unchanged_known_pages(site: Site) -> None:
    source = Source("s", sitemaps=(serve_tree(site),), timezone="Asia/Shanghai")
    last_fetched = {
        site.url("/news/c1/content.html"): "2024-01-01T00:00:00Z",  # fetched after its lastmod: unchanged
        site.url("/news/c2/content.html"): "2023-06-01T00:00:00Z",  # changed since: fetch again
        site.url("/news/c3/content.html"): "2024-01-01T00:00:00Z",  # no lastmod: left to the revisit schedule
    }
    found = run_discover(source, known=last_fetched.get)
    assert [c.url for c in found.found] == [site.url("/news/c9/content.html"), site.url("/news/c2/content.html")]
    assert found.unchanged == 2


def test_robots_txt_sitemap_lines_are_read(site: Site) -> None:
    site.page("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {site.url('/extra.xml')}\n",
              content_type="text/plain")
    site.page("/extra.xml", urlset([(site.url("/from-robots.html"), None)]), content_type=XML)
    site.page("/sitemap.xml", urlset([(site.url("/listed.html"), None)]), content_type=XML)
    urls = [c.url for c in run_discover(Source("s", sitemaps=(site.url("/sitemap.xml"),))).found]
    assert urls == [site.url("/listed.html"), site.url("/from-robots.html")]
    urls = [c.url for c in run_discover(Source("s", sitemaps=(site.url("/sitemap.xml"),),
                                               robots_sitemaps=False)).found]
    assert urls == [site.url("/listed.html")]


def test_robots_lookup_of_the_fetcher_is_used_when_given(site: Site) -> None:
    site.page("/extra.xml", urlset([(site.url("/from-robots.html"), None)]), content_type=XML)
    site.page("/sitemap.xml", urlset([(site.url("/listed.html"), None)]), content_type=XML)
    asked = []

    async def cached_robots(url: str) -> tuple[str, ...]:
        asked.append(url)
        return ("/extra.xml",)

    async def go() -> Discovery:
        async with Fetcher(FETCH_CONFIG) as fetcher:
            return await discover(Source("s", sitemaps=(site.url("/sitemap.xml"),)), fetcher.fetch_resource,
                                  robots=cached_robots)
    found = asyncio.run(go())
    assert [c.url for c in found.found] == [site.url("/listed.html"), site.url("/from-robots.html")]
    assert asked == [site.url("/")] and not site.hits("/robots.txt")
    assert (found.resources, found.failed_resources, found.failed) == (1, 0, False)


def test_missing_robots_txt_is_no_error(site: Site) -> None:
    site.page("/sitemap.xml", urlset([(site.url("/a.html"), None)]), content_type=XML)
    found = run_discover(Source("s", sitemaps=(site.url("/sitemap.xml"),)))
    assert ([c.url for c in found.found], found.errors) == ([site.url("/a.html")], ())
    assert site.hits("/robots.txt")


def test_text_sitemap(site: Site) -> None:
    url = site.page("/sitemap.txt", f"{site.url('/t1.html')}\n\n{site.url('/t2.html')}\nnot a url\n",
                    content_type="text/plain")
    assert [c.url for c in run_discover(Source("s", sitemaps=(url,))).found] == [site.url("/t1.html"),
                                                                                 site.url("/t2.html")]


def test_gzip_bomb_sitemap_is_cut_off_and_the_rest_still_read(site: Site) -> None:
    bomb = site.page("/bomb.xml.gz", gzip_bomb(MAX_SITEMAP_BYTES + 16 * 1024 * 1024),
                     content_type="application/x-gzip")
    good = site.page("/good.xml", urlset([(site.url("/a.html"), None)]), content_type=XML)
    found = run_discover(Source("s", sitemaps=(bomb, good), robots_sitemaps=False))
    assert [c.url for c in found.found] == [site.url("/a.html")]
    assert len(found.errors) == 1 and found.errors[0].startswith(f"{bomb}: too_large: inflates to more than")


def test_content_encoded_gzip_bomb_is_cut_off_by_the_fetcher(site: Site) -> None:
    bomb = site.page("/bomb.xml", gzip_bomb(64 * 1024 * 1024), content_type=XML, Content_Encoding="gzip")
    good = site.page("/good.xml", urlset([(site.url("/a.html"), None)]), content_type=XML)
    found = run_discover(Source("s", sitemaps=(bomb, good), robots_sitemaps=False))
    assert [c.url for c in found.found] == [site.url("/a.html")]
    assert len(found.errors) == 1 and found.errors[0].startswith(f"{bomb}: too_large")


def test_inflate_bounds_output() -> None:
    assert inflate(gzip.compress(b"x" * 1000) + gzip.compress(b"y" * 10)) == b"x" * 1000 + b"y" * 10  # 2 members
    with pytest.raises(TooLarge):
        inflate(gzip_bomb(8 * 1024 * 1024), limit=4 * 1024 * 1024)
    text = "".join(f"<url><loc>http://e.org/{i}.html</loc></url>" for i in range(2000)).encode()
    partial = inflate(gzip.compress(text)[:-100])  # a truncated download: what inflated
    assert 0 < len(partial) < len(text) and text.startswith(partial)


def test_entity_bomb_sitemap_is_refused(site: Site) -> None:
    root = f"<urlset><url><loc>{site.url('/')}&lol9;</loc></url></urlset>"
    bomb = site.page("/lol.xml", billion_laughs(root), content_type=XML)
    good = site.page("/good.xml", urlset([(site.url("/a.html"), None)]), content_type=XML)
    found = run_discover(Source("s", sitemaps=(bomb, good), robots_sitemaps=False))
    assert [c.url for c in found.found] == [site.url("/a.html")]
    assert found.errors == (f"{bomb}: bad_xml: entity declarations refused (XML bomb defence)",)


def test_quadratic_blowup_is_refused_too() -> None:
    xml = ('<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "' + "A" * 50_000 + '">]><urlset><url><loc>http://e.org/'
           + "&a;" * 50_000 + "</loc></url></urlset>")
    assert parse_sitemap(xml.encode(), "http://e.org/s.xml").error.startswith("bad_xml: entity declarations")


def test_external_entities_are_not_fetched(site: Site) -> None:
    xml = (f'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "{site.url("/evil.dtd")}">'
           f"<urlset><url><loc>{site.url('/a.html')}</loc></url></urlset>")
    url = site.page("/ext.xml", xml, content_type=XML)
    outcome = run_fetching(read_sitemaps, [url], robots=False)
    assert [c.url for c in outcome.found] == [site.url("/a.html")]
    assert not site.hits("/evil.dtd")


def test_malformed_sitemap_is_read_leniently(site: Site) -> None:
    xml = (f"<urlset><url><loc>{site.url('/a.html')}</loc><lastmod>2024-01-02</lastmod></url>"
           f"<url><loc>{site.url('/b.html')}?x=1&y=2</loc></url><url><loc>{site.url('/c.html')}</loc></url>"
           "<url><loc>")
    outcome = run_fetching(read_sitemaps, [site.page("/broken.xml", xml, content_type=XML)], robots=False)
    assert [c.url for c in outcome.found] == [site.url(p) for p in ("/a.html", "/b.html?x=1&y=2", "/c.html")]
    assert outcome.errors == ()


@pytest.mark.parametrize("body", [b"", b"<html><body>Not here</body></html>", b"\x1f\x8bgarbage",
                                  b"<?xml version='1.0'?><urlset><url><loc>"])
def test_hopeless_sitemaps_are_one_error_line(site: Site, body: bytes) -> None:
    url = site.page("/s.xml", body, content_type=XML)
    outcome = run_fetching(read_sitemaps, [url], robots=False)
    assert outcome.found == ()
    assert len(outcome.errors) == 1 and outcome.errors[0].startswith(f"{url}: ")
    assert "\n" not in outcome.errors[0]


def test_index_loops_and_fanout_are_bounded(site: Site) -> None:
    # an index listing itself and 80 child indexes, each listing the root again
    children = [(site.url(f"/idx{i}.xml"), None) for i in range(80)]
    site.page("/sitemap.xml", sitemap_index([(site.url("/sitemap.xml"), None), *children]), content_type=XML)
    for i in range(80):
        site.page(f"/idx{i}.xml", sitemap_index([(site.url("/sitemap.xml"), None),
                                                 ("http://elsewhere.example/s.xml", None)]), content_type=XML)
    outcome = run_fetching(read_sitemaps, [site.url("/sitemap.xml")], robots=False)
    fetched = [r.path for r in site.requests]
    assert len(fetched) == MAX_FILES and fetched.count("/sitemap.xml") == 1
    assert any("too_many_sitemaps" in e for e in outcome.errors)


def test_sitemap_in_gbk_declared_encoding() -> None:
    xml = ('<?xml version="1.0" encoding="GBK"?><urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
           "<url><loc>http://e.org/a.html</loc><news:news><news:title>国资委要闻</news:title></news:news></url>"
           "</urlset>").encode("gbk")
    sitemap = parse_sitemap(xml, "http://e.org/s.xml")
    assert [(e.loc, e.title) for e in sitemap.entries] == [("http://e.org/a.html", "国资委要闻")]


def long_urlset(site: Site, count: int) -> bytes:
    """A sitemap of `count` dated news URLs of about 250 bytes each: 45,000 of them make 11 MB, over a page's cap."""
    slug = "guoziwei-zhaokai-huiyi-bushu-gaige-gongzuo-" * 3
    return urlset([(site.url(f"/news/2024/03/{i % 28 + 1:02d}/{slug}content_{i:08d}.html"), "2024-03-06T09:00:00+08:00")
                   for i in range(count)]).encode()


def test_an_uncompressed_sitemap_over_a_pages_cap_is_read_up_to_the_protocols(site: Site) -> None:
    body = long_urlset(site, 45_000)
    assert FETCH_CONFIG.max_body_bytes < len(body) < MAX_SITEMAP_BYTES
    url = site.page("/sitemap.xml", body, content_type=XML)
    page = site.page("/big.html", b"<html><body>" + b"<p>x</p>" * (len(body) // 8) + b"</body></html>")

    async def go() -> tuple[Discovery, FetchResult]:
        async with Fetcher(FETCH_CONFIG) as fetcher:
            found = await discover(Source("s", sitemaps=(url,), robots_sitemaps=False, max_new_per_run=50_000),
                                   fetcher.fetch_resource)
            return found, await fetcher.fetch(page)

    found, fetched = asyncio.run(go())
    assert found.errors == () and len(found.found) == 45_000
    assert fetched.error == "too_large"  # a page keeps max_body_bytes


def test_a_crawl_reads_a_sitemap_over_a_pages_cap(site: Site, tmp_path: Path) -> None:
    url = site.page("/sitemap.xml", long_urlset(site, 45_000), content_type=XML)
    config = Config(store=StoreConfig(tmp_path / "archive.db"), fetch=FETCH_CONFIG)
    source = Source("s", sitemaps=(url,), robots_sitemaps=False, max_new_per_run=1)

    async def go() -> RunSummary:
        with Archive(config.store.path) as archive:
            return await crawl_source(config, archive, source)

    summary = asyncio.run(go())
    assert summary.discovery_errors == () and (summary.counts.discovered, summary.counts.held_back) == (1, 44_999)


def test_a_large_sitemap_is_read_without_a_second_copy_of_it(site: Site) -> None:
    body = long_urlset(site, 100_000)  # (25 MB)
    url = site.page("/sitemap.xml", body, content_type=XML)

    async def go() -> tuple[FetchResult, float]:
        async with Fetcher(FETCH_CONFIG) as fetcher:
            tracemalloc.start()
            try:
                return await fetcher.fetch_resource(url, max_bytes=MAX_SITEMAP_BYTES), \
                    tracemalloc.get_traced_memory()[1] / len(body)
            finally:
                tracemalloc.stop()

    result, peak = asyncio.run(go())
    assert result.body == body and peak < 1.3, peak  # (its chunks joined at the end held it twice)


def test_a_sitemap_over_the_protocols_50_mb_is_too_large(site: Site) -> None:
    def huge(handler: Handler) -> None:  # (declares it, sends nothing: refused before a byte is read)
        handler.send_response(200)
        handler.send_header("Content-Type", XML)
        handler.send_header("Content-Length", str(MAX_SITEMAP_BYTES + 1))
        handler.end_headers()
        handler.close_connection = True

    url = site.handler("/sitemap.xml", huge)
    found = run_discover(Source("s", sitemaps=(url,), robots_sitemaps=False))
    assert found.errors == (f"{url}: too_large: Content-Length {MAX_SITEMAP_BYTES + 1} exceeds "
                            f"{MAX_SITEMAP_BYTES} bytes",)


def test_huge_sitemap_stops_at_the_protocol_limit() -> None:
    body = urlset([(f"http://e.org/{i}.html", None) for i in range(50_100)]).encode()
    assert len(parse_sitemap(body, "http://e.org/s.xml").entries) == 50_000


# ---- lastmod dates that cannot be believed (crawler/discover/lastmod.py) -------------------------------------

def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_lastmod_after_the_fetch_is_not_believed(site: Site) -> None:
    """A date after the sitemap was fetched (beyond a day's clock skew) is no date: its known page is not refetched
    for it. One a few hours ahead (a clock, a local time written as UTC) is still believed."""
    soon = _stamp(datetime.now(UTC) + timedelta(hours=2))
    pages = [site.url(f"/news/c{n}/content.html") for n in range(3)]
    url = site.page("/sitemap.xml", urlset([(pages[0], "2099-01-01T00:00:00Z"), (pages[1], soon),
                                            (pages[2], "2024-06-01T00:00:00Z")]), content_type=XML)
    outcome = run_fetching(read_sitemaps, [url], robots=False)
    assert [(c.url, c.lastmod) for c in outcome.found] == [(pages[1], soon), (pages[2], "2024-06-01T00:00:00Z"),
                                                           (pages[0], None)]
    found = run_discover(Source("s", sitemaps=(url,), robots_sitemaps=False),
                         known=dict.fromkeys(pages, "2024-01-01T00:00:00.000Z").get)
    assert [c.url for c in found.found] == pages[1:] and found.unchanged == 1 and found.errors == ()


def generated_sitemap(site: Site, lastmod: str, known: int = 30, new: int = 2) -> tuple[str, list[str], list[str]]:
    """/sitemap.xml giving every URL the same `lastmod`; returns its URL, the known pages and the new ones."""
    old = [site.url(f"/news/old{n}.html") for n in range(known)]
    fresh = [site.url(f"/news/new{n}.html") for n in range(new)]
    return site.page("/sitemap.xml", urlset([(u, lastmod) for u in [*old, *fresh]]), content_type=XML), old, fresh


@pytest.mark.parametrize("when", ["now", "today"])
def test_a_sitemap_dating_every_url_when_it_was_generated_has_its_dates_ignored(site: Site, when: str) -> None:
    """Many CMS sitemaps write the moment they were generated (or today's date) as every URL's lastmod: believed,
    every known page would be fetched again on every run. Its dates are ignored, with a warning; new pages are new."""
    now = datetime.now(UTC)
    lastmod = _stamp(now) if when == "now" else now.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d")
    url, old, fresh = generated_sitemap(site, lastmod)
    source = Source("s", sitemaps=(url,), robots_sitemaps=False, timezone="Asia/Shanghai")
    found = run_discover(source, known=dict.fromkeys(old, _stamp(now - timedelta(days=3))).get)
    assert [c.url for c in found.found] == fresh and {c.lastmod for c in found.found} == {None}
    assert found.unchanged == len(old)
    [warning] = found.errors
    assert warning.startswith(f"{url}: generated_lastmod: 32 lastmod dates are nearly all ")
    assert warning.endswith("its dates are ignored")


def test_sitemap_dates_honestly_spread_over_the_last_day_are_believed(site: Site) -> None:
    now = datetime.now(UTC)
    old = [site.url(f"/news/old{n}.html") for n in range(30)]
    url = site.page("/sitemap.xml", urlset([(u, _stamp(now - timedelta(minutes=40 * n))) for n, u in enumerate(old)]),
                    content_type=XML)
    found = run_discover(Source("s", sitemaps=(url,), robots_sitemaps=False),
                         known=dict.fromkeys(old, _stamp(now - timedelta(days=3))).get)
    assert [c.url for c in found.found] == old and found.errors == ()


def test_a_few_urls_dated_alike_prove_nothing(site: Site) -> None:
    """Fewer than ten dated entries, all just now: a small site that has just published; its dates stand."""
    now = datetime.now(UTC)
    url, old, _ = generated_sitemap(site, _stamp(now), known=5, new=0)
    found = run_discover(Source("s", sitemaps=(url,), robots_sitemaps=False),
                         known=dict.fromkeys(old, _stamp(now - timedelta(days=3))).get)
    assert [c.url for c in found.found] == old and found.errors == ()


def test_an_index_of_generated_sitemaps_is_one_warning(site: Site) -> None:
    """A CMS writes every file of its index alike: one line for the run, not one per file."""
    now = _stamp(datetime.now(UTC))
    for part in range(3):
        site.page(f"/sitemap-{part}.xml", urlset([(site.url(f"/news/p{part}-{n}.html"), now) for n in range(12)]),
                  content_type=XML)
    url = site.page("/sitemap.xml", sitemap_index([(f"/sitemap-{part}.xml", now) for part in range(3)]),
                    content_type=XML)
    outcome = run_fetching(read_sitemaps, [url], robots=False)
    assert len(outcome.found) == 36 and {c.lastmod for c in outcome.found} == {None}
    [warning] = outcome.errors
    assert " generated_lastmod: 12 lastmod dates are nearly all " in warning
    assert warning.endswith("its dates are ignored (and 2 more sitemap file(s) alike)")


def test_revisits_a_sitemap_dates_are_capped_newest_first_and_never_displace_new_pages(site: Site) -> None:
    """Known pages dated after their last fetch are fetched again up to max_lastmod_revisits_per_run, the most
    recently changed first, after the new pages; the rest are counted, for a later run."""
    known = [site.url(f"/news/old{n}.html") for n in range(5)]
    new = [site.url(f"/news/new{n}.html") for n in range(2)]
    entries = [(u, f"2024-02-0{n + 1}T00:00:00Z") for n, u in enumerate(known)] + [(new[0], "2023-01-01"),
                                                                                  (new[1], None)]
    url = site.page("/sitemap.xml", urlset(entries), content_type=XML)
    source = Source("s", sitemaps=(url,), robots_sitemaps=False, max_lastmod_revisits_per_run=2)
    found = run_discover(source, known=dict.fromkeys(known, "2024-01-01T00:00:00.000Z").get)
    assert [c.url for c in found.found] == [*new, known[4], known[3]]
    assert (found.revisits_over_cap, found.over_cap, found.unchanged) == (3, 0, 0)
