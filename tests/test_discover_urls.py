"""URL canonicalization, rel=canonical, scope and the per-run cap."""

from __future__ import annotations

import asyncio

import pytest

from crawler.config import Listing, Source
from crawler.discover import canonical_from_html, canonical_url, discover, scope_of
from crawler.discover.urls import Scope
from crawler.fetch import FetchResult
from store.urls import same_site, site_of
from tests.discover_site import article, build, rss2, run_discover, urlset
from tests.site import Site


@pytest.mark.parametrize(("raw", "canonical"), [
    ("HTTP://WWW.Example.ORG", "http://www.example.org/"),
    ("http://example.org:80/a", "http://example.org/a"),
    ("https://example.org:443/a", "https://example.org/a"),
    ("http://example.org:8080/a", "http://example.org:8080/a"),
    ("http://example.org/a#comments", "http://example.org/a"),
    ("http://example.org/a?utm_source=wx&id=7&utm_medium=x&spm=a.b.c", "http://example.org/a?id=7"),
    ("http://example.org/a?from=timeline&isappinstalled=0", "http://example.org/a"),
    ("http://example.org/a?fbclid=1&b=2&a=1&gclid=3", "http://example.org/a?b=2&a=1"),  # order kept
    ("http://example.org/a?", "http://example.org/a"),
    ("http://example.org/gov/1.jsp;jsessionid=8F3A2C91?id=1", "http://example.org/gov/1.jsp?id=1"),  # (a session)
    ("http://example.org/a.php?id=2&PHPSESSID=9c1e", "http://example.org/a.php?id=2"),
    ("http://example.org/a.html;v=2", "http://example.org/a.html;v=2"),  # (a path parameter of the page's own)
    ("http://example.org/a/./b/../c.html", "http://example.org/a/c.html"),
    ("http://example.org/%7euser/%e4%b8%ad.html", "http://example.org/~user/%E4%B8%AD.html"),
    ("http://example.org/中文 1.html", "http://example.org/%E4%B8%AD%E6%96%87%201.html"),
    ("http://example.org/s?q=%d6%d0%b9%fa", "http://example.org/s?q=%D6%D0%B9%FA"),  # GBK escapes kept
    ("http://example.org/50%", "http://example.org/50%25"),
    ("  http://example.org/a\n", "http://example.org/a"),
    ("http://例子.中国/", "http://xn--fsqu00a.xn--fiqs8s/"),
])
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize("raw", ["javascript:void(0)", "mailto:a@b.org", "ftp://example.org/x", "http://:80/",
                                 "http://example.org:99999/", "", "http://[::1/"])
def test_unusable_urls_are_none(raw: str) -> None:
    assert canonical_url(raw) is None


def test_relative_links_resolve_against_the_page() -> None:
    page = "http://example.org/news/2024/index.html"
    assert canonical_url("../c1/content.html", page) == "http://example.org/news/c1/content.html"
    assert canonical_url("//cdn.example.org/x", page) == "http://cdn.example.org/x"
    assert canonical_url("?page=2#top", page) == "http://example.org/news/2024/index.html?page=2"


def test_one_article_however_it_is_linked() -> None:
    forms = ["http://Example.org:80/n/c1/content.html#p2", "http://example.org/n/./c1/content.html?utm_campaign=a",
             "http://example.org/n/x/../c1/content.html", "HTTP://EXAMPLE.ORG/n/c1/content.html?from=groupmessage"]
    assert {canonical_url(form) for form in forms} == {"http://example.org/n/c1/content.html"}


def test_rel_canonical_on_the_same_host_is_honoured() -> None:
    html = "<html><head><link rel='Canonical' href='/n/c1/content.html'></head><body>x</body></html>"
    assert canonical_from_html(html, "http://www.example.org/print.jsp?id=1&utm_source=x") == \
        "http://www.example.org/n/c1/content.html"
    # bytes in; another scheme or port on the same host keeps the one that answered (a template's https address on
    # a site that answers http only would be revisited, and fail, for ever)
    html = b"<link rel=canonical href='https://example.org/a.html'>"
    assert canonical_from_html(html, "http://example.org/a.html?x=1") == "http://example.org/a.html"
    assert canonical_from_html(html, "http://example.org:8080/b.html") == "http://example.org:8080/a.html"
    www = b"<link rel=canonical href='https://www.example.org/a.html'>"  # (its host, www. or not, is the canonical's)
    assert canonical_from_html(www, "http://example.org/a.html?x=1") == "http://www.example.org/a.html"


@pytest.mark.parametrize("head", [
    "<link rel=canonical href='http://evil.example/n/c1/content.html'>",  # another host
    "<link rel=canonical href='/'>",  # template mistake: every page → home page
    "<link rel=canonical href='/n/'>",  # ...or → the column page it was copied from
    "<link rel=canonical href='/n/index.html'>",
    "<link rel=canonical href='/col/col1234/index.html'>",  # ...or a column elsewhere (JCMS: /art/… and /col/…)
    "<link rel=canonical href='/a.html'><link rel=canonical href='/b.html'>",  # ambiguous
    "<link rel=canonical href='javascript:x'>",
    "<link rel=alternate href='/m/c1.html'>",
    "<<<>>><link rel=canonical",
])
def test_rel_canonical_ignored_when_not_trustworthy(head: str) -> None:
    url = "http://example.org/n/c1/content.html?id=1"
    assert canonical_from_html(f"<html><head>{head}</head><body></body></html>", url) == \
        "http://example.org/n/c1/content.html?id=1"


def test_rel_canonical_may_name_a_folder_or_its_index_as_the_page_itself() -> None:
    html = "<head><link rel=canonical href='/zt/2024lh/'></head>"
    assert canonical_from_html(html, "http://example.org/zt/2024lh/index.html") == "http://example.org/zt/2024lh/"
    html = "<head><link rel=canonical href='/zt/2024lh/index.html'></head>"
    assert canonical_from_html(html, "http://example.org/zt/2024lh/") == "http://example.org/zt/2024lh/index.html"


def test_rel_canonical_may_name_a_script_serving_every_article() -> None:
    html = "<head><link rel=canonical href='/index.php?m=content&a=show&id=5'></head>"
    assert canonical_from_html(html, "http://example.org/show.php?id=5") == \
        "http://example.org/index.php?m=content&a=show&id=5"


def test_rel_canonical_honours_base_href() -> None:
    html = "<head><base href='http://example.org/n/'><link rel=canonical href='c1/content.html'></head>"
    assert canonical_from_html(html, "http://example.org/other/page?id=1") == "http://example.org/n/c1/content.html"


def test_scope_same_host_allow_deny() -> None:
    scope = Scope.of(["http://www.example.org/news/index.html"], allow=(r"/c\d+/content\.html$",),
                     deny=(r"/c13/",))
    assert "http://example.org/news/c1/content.html" in scope  # www. or not, one site
    assert "http://www.example.org/news/c13/content.html" not in scope  # denied
    assert "http://www.example.org/about.html" not in scope  # not allowed
    assert "http://other.example/news/c1/content.html" not in scope  # other host
    assert scope.may_visit("http://www.example.org/about.html")  # walking is not narrowed by allow
    assert not scope.may_visit("http://www.example.org/news/c13/content.html")


def test_scope_covers_every_configured_host() -> None:
    source = Source("s", urls=("http://a.example/",), feeds=("http://feeds.b.example/rss",),
                    listings=(), sitemaps=("https://c.example/sitemap.xml",))
    scope = scope_of(source)
    assert all(url in scope for url in ("http://a.example/x", "http://feeds.b.example/y", "http://c.example/z"))
    assert "http://d.example/" not in scope


def test_fixed_urls_are_canonical_deduplicated_and_capped(site: Site) -> None:
    urls = tuple(site.page(f"/a{i}.html", article("x")) for i in range(10))
    noisy = (urls[0] + "?utm_source=feed#top", urls[0].replace("http://", "HTTP://"))
    source = Source("s", urls=urls + noisy, max_new_per_run=4)
    found = run_discover(source)
    assert [c.url for c in found.found] == list(urls[:4])
    assert {c.via for c in found.found} == {"url"}
    assert found.over_cap == 6
    assert found.errors == ()


def test_known_pages_are_left_to_revisits_and_do_not_count_against_the_cap(site: Site) -> None:
    urls = tuple(site.url(f"/a{i}.html") for i in range(6))
    known = {urls[0]: "2024-01-01T00:00:00Z", urls[1]: "2024-01-01T00:00:00Z"}
    found = run_discover(Source("s", urls=urls, max_new_per_run=3), known=known.get)
    assert [c.url for c in found.found] == list(urls[2:5])
    assert (found.unchanged, found.over_cap) == (2, 1)


def test_every_kind_at_once_one_candidate_per_page(site: Site) -> None:
    """A page found by a fixed URL, a feed, a listing and a sitemap is one candidate: first source, newest date."""
    urls = build(site)
    c1 = site.url("/news/c1/content.html")
    date = "Tue, 05 Mar 2024 10:00:00 +0800"
    site.page("/rss.xml", rss2(site, [("/news/c1/content.html?utm_source=rss", "一", date),
                                      ("/news/c9/content.html", "九", date)]), content_type="application/rss+xml")
    site.page("/sitemap.xml", urlset([(c1 + "#top", "2024-03-09T00:00:00Z"),
                                      (site.url("/news/c7/content.html"), None)]), content_type="application/xml")
    source = Source("s", urls=(c1,), feeds=(site.url("/rss.xml"),), sitemaps=(site.url("/sitemap.xml"),),
                    listings=(Listing(urls["listing"], links="ul.list a", max_pages=0),))
    found = run_discover(source)
    assert found.errors == ()
    assert [(c.url, c.via) for c in found.found] == [
        (c1, "url"), (site.url("/news/c9/content.html"), "feed"), (site.url("/news/c2/content.html"), "listing"),
        (site.url("/news/c3/content.html"), "listing"), (site.url("/news/c7/content.html"), "sitemap")]
    assert (found.found[0].lastmod, found.found[0].title) == ("2024-03-09T00:00:00Z", "一")


def test_a_failing_fetcher_is_an_error_line_not_a_crash() -> None:
    async def broken(url: str, **_: object) -> FetchResult:
        raise RuntimeError("fetcher bug")

    source = Source("s", urls=("http://example.org/a.html",), feeds=("http://example.org/rss.xml",),
                    listings=(Listing("http://example.org/news/"),), sitemaps=("http://example.org/s.xml",))
    found = asyncio.run(discover(source, broken))
    assert [c.url for c in found.found] == ["http://example.org/a.html"]
    assert found.failed and (found.resources, found.failed_resources) == (3, 3)
    assert found.errors == ("http://example.org/rss.xml: fetch_error: RuntimeError: fetcher bug",
                            "http://example.org/news/: fetch_error: RuntimeError: fetcher bug",
                            "http://example.org/robots.txt: fetch_error: RuntimeError: fetcher bug",
                            "http://example.org/s.xml: fetch_error: RuntimeError: fetcher bug")


def test_rel_canonical_on_a_pathologically_nested_page() -> None:
    html = "<head><link rel=canonical href='/c.html'></head><body>" + "<div>" * 100_000 + "</body>"
    assert canonical_from_html(html, "http://example.org/a?id=1") == "http://example.org/c.html"


@pytest.mark.parametrize(("host", "other"), [
    ("bbs.tiexue.net", "i.tiexue.net"), ("www.jl.gov.cn", "xxgk.jl.gov.cn"), ("jl.gov.cn", "hunan.gov.cn"),
    ("a.github.io", "b.github.io"), ("www.theguardian.com", "www.youtube.com"), ("WWW.Example.COM.", "example.com"),
    ("news.bbc.co.uk", "bbc.co.uk"), ("co.uk", "bbc.co.uk"), ("localhost", "localhost"), ("localhost", "example.com"),
    ("192.168.0.1", "10.0.0.1"), ("192.168.0.1", "192.168.0.1"), ("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
    ("www.com", "com"), ("x.www.com", "www.com"),
])
def test_same_site_agrees_with_the_public_suffix_list(host: str, other: str) -> None:
    assert same_site(host, other) == (site_of(host) == site_of(other))


def test_a_redirect_may_move_a_page_to_another_host_of_its_site_but_not_off_it():
    scope = Scope.of(["http://news.sasac.gov.cn/n2588025/index.html"], deny=(r"/member/",))
    assert scope.refusal("http://www.sasac.gov.cn/n2588025/c123/content.html") is None  # (the organisation's own)
    assert scope.refusal("http://www.sasac.gov.cn/member/a.html") is not None
    assert "off the sites of the source's hosts" in (scope.refusal("http://www.gov.cn/xinwen/a.htm") or "")
    assert scope.refusal("http://www.gov.cn/xinwen/a.htm", hosts=False) is None  # (an attachment's: deny alone)
