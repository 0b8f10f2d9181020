"""Listing pages (CSS selector and/or URL regex, pagination by next link or URL pattern) and follow crawls."""

from __future__ import annotations

from crawler.config import Listing, Source
from crawler.discover.follow import follow
from crawler.discover.listings import read_listing
from crawler.discover.urls import Scope
from tests.discover_site import article, build, column_page, run_discover, run_fetching, seed_titles
from tests.site import Response, Site


def articles(site: Site, *numbers: int) -> list[str]:
    return [site.url(f"/news/c{n}/content.html") for n in numbers]


def test_selector_and_next_link_pagination(site: Site) -> None:
    urls = build(site)
    listing = Listing(urls["listing"], links="ul.list a", next="a.next", max_pages=5)
    found = run_discover(Source("s", listings=(listing,)))
    assert [c.url for c in found.found] == articles(site, 1, 2, 3, 4, 5, 6, 7, 8)
    assert {c.via for c in found.found} == {"listing"}
    assert found.errors == ()
    # the GBK page's full titles come from the title attribute, not the cut-short link text
    assert found.found[1].title == seed_titles()[2]


def test_max_pages_bounds_next_link_pagination(site: Site) -> None:
    urls = build(site)
    found = run_discover(Source("s", listings=(Listing(urls["listing"], links="ul.list a", next="a.next",
                                                       max_pages=1),)))
    assert [c.url for c in found.found] == articles(site, 1, 2, 3, 4, 5, 6)
    assert not site.hits("/news/index_2.html")


def test_url_pattern_pagination_stops_at_the_first_missing_page(site: Site) -> None:
    urls = build(site)
    listing = Listing(urls["listing"], pattern=r"/c\d+/content\.html$", pages="index_{n}.html", max_pages=10)
    found = run_discover(Source("s", listings=(listing,)))
    assert [c.url for c in found.found] == articles(site, 1, 2, 3, 4, 5, 6, 7, 8)
    assert found.errors == ()  # index_3.html answering 404 is the end of the listing, not an error
    assert [r.path for r in site.requests] == ["/news/index.html", "/news/index_1.html", "/news/index_2.html",
                                               "/news/index_3.html"]


def test_without_selector_or_pattern_every_in_scope_link_counts(site: Site) -> None:
    urls = build(site)
    found = run_discover(Source("s", listings=(Listing(urls["listing"], max_pages=0),)))
    assert [c.url for c in found.found] == [site.url("/"), site.url("/about.html"), *articles(site, 1, 2, 3),
                                            site.url("/news/index_1.html"), site.url("/hot/1.html")]
    assert found.out_of_scope == 1  # the partner site's link


def test_a_fixed_url_outside_allow_is_not_counted_out_of_scope(site: Site) -> None:
    # (the crawl fetches a source's own URLs whatever its allow says: the demo's article.html was counted every run)
    urls = build(site)
    listing = Listing(urls["listing"], links="ul.list a", max_pages=0)
    found = run_discover(Source("s", urls=(site.url("/about.html"),), allow=(r"/news/",), listings=(listing,)))
    assert found.out_of_scope == 0


def test_a_gbk_listings_chinese_query_is_written_in_gbk_as_a_browser_asks_for_it(site: Site) -> None:
    # (a JSP or ASP back end reads the query in the page's charset: in UTF-8 the article is a 404)
    items = '<ul class="list"><li><a href="/info.jsp?lm=通知公告&id=8">关于做好安全生产工作的通知</a></li></ul>'
    page = f'<html><head><meta charset="gbk"></head><body>{items}</body></html>'.encode("gbk")
    listing = site.page("/list.html", page, content_type="text/html")
    found = run_discover(Source("s", listings=(Listing(listing, links="ul.list a", max_pages=0),)))
    assert [c.url for c in found.found] == [site.url("/info.jsp?lm=%CD%A8%D6%AA%B9%AB%B8%E6&id=8")]
    assert found.found[0].title == "关于做好安全生产工作的通知"


def test_allow_and_deny_narrow_listing_links(site: Site) -> None:
    urls = build(site)
    source = Source("s", listings=(Listing(urls["listing"], next="a.next"),), allow=(r"/c\d+/content\.html$",),
                    deny=(r"/c[24]/",))
    assert [c.url for c in run_discover(source).found] == articles(site, 1, 3, 5, 6, 7, 8)


def test_listing_failures_are_one_line_each(site: Site) -> None:
    urls = build(site)
    source = Source("s", listings=(
        Listing(site.url("/missing/index.html"), links="ul.list a"),
        Listing(urls["listing"], links="ul.list a[[["),
        Listing(urls["listing"], links="div.nothing-here a"),
        Listing(urls["listing"], links="ul.list a", max_pages=0),
    ))
    found = run_discover(source)
    assert [c.url for c in found.found] == articles(site, 1, 2, 3)
    assert [e.split(": ")[1] for e in found.errors] == ["http_404", "bad_selector", "no_links"]
    assert all("\n" not in e and e.startswith("http://127.0.0.1:") for e in found.errors)


def test_next_link_loop_ends(site: Site) -> None:
    site.page("/a.html", column_page([("/x1.html", "一")], "/b.html"))
    site.page("/b.html", column_page([("/x2.html", "二")], "/a.html#top"))
    outcome = run_fetching(read_listing, Listing(site.url("/a.html"), links="ul.list a", next="a.next",
                                                 max_pages=50))
    assert [c.url for c in outcome.found] == [site.url("/x1.html"), site.url("/x2.html")]
    assert len(site.requests) == 2


def test_huge_listing_is_capped(site: Site) -> None:
    rows = "".join(f"<li><a href='/n/{i}.html'>{i}</a></li>" for i in range(20_000))
    url = site.page("/big.html", f"<html><body><ul class='list'>{rows}</ul></body></html>")
    found = run_discover(Source("s", listings=(Listing(url, links="ul.list a", max_pages=0),), max_new_per_run=300))
    assert len(found.found) == 300 and found.found[0].url == site.url("/n/0.html")
    assert found.over_cap == 5000 - 300  # at most 5000 links are taken from one page


def test_follow_depth_one_and_two(site: Site) -> None:
    site.page("/", "<a href='/news/index.html'>要闻</a> <a href='/about.html'>关于</a> "
                   "<a href='http://other.example/x'>外链</a> <a href='/logo.png'>logo</a>")
    site.page("/news/index.html",
              "<a href='c1/content.html'>一</a><a href='c2/content.html'>二</a><a href='/'>首页</a>")
    site.page("/about.html", article("关于我们"))
    site.page("/news/c1/content.html", article("一"))
    site.page("/news/c2/content.html", article("二"))
    one = run_discover(Source("s", urls=(site.url("/"),), follow_depth=1))
    assert [(c.url, c.via) for c in one.found] == [(site.url("/"), "url"), (site.url("/news/index.html"), "follow"),
                                                   (site.url("/about.html"), "follow")]
    two = run_discover(Source("s", urls=(site.url("/"),), follow_depth=2, allow=(r"/c\d+/content\.html$",)))
    assert [(c.url, c.via, c.title) for c in two.found] == [
        (site.url("/news/c1/content.html"), "follow", "一"), (site.url("/news/c2/content.html"), "follow", "二")]
    assert not site.hits("/news/c1/content.html")  # the last level is found, not fetched


def test_follow_respects_deny_while_walking(site: Site) -> None:
    site.page("/", "<a href='/private/index.html'>内部</a><a href='/news/index.html'>要闻</a>")
    site.page("/private/index.html", "<a href='/private/secret.html'>x</a>")
    site.page("/news/index.html", "<a href='/news/c1/content.html'>一</a>")
    found = run_discover(Source("s", urls=(site.url("/"),), follow_depth=3, deny=("/private/",)))
    assert site.url("/news/c1/content.html") in [c.url for c in found.found]
    assert not site.hits("/private/index.html")


def test_follow_is_bounded_on_an_endless_site(site: Site) -> None:
    def endless(handler) -> None:  # noqa: ANN001 (http.server handler)
        n = int(handler.path.rsplit("/", 1)[-1] or 0)
        body = "".join(f"<a href='/p/{n * 10 + i}'>p</a>" for i in range(1, 11)).encode()
        handler.send(Response(body, headers={"Content-Type": "text/html"}))

    for path in ["/p/", *(f"/p/{n}" for n in range(2000))]:
        site.routes[path] = endless
    scope = Scope.of([site.url("/")])
    outcome = run_fetching(follow, [site.url("/p/")], 5, scope=scope, max_fetches=30)
    assert len(site.requests) == 30
    assert len(outcome.found) == 300 and outcome.errors == ()  # links of the 30 fetched pages, each once


def test_deeply_nested_listing_is_flattened_not_stuck(site: Site) -> None:
    # 100k nested levels take the HTML parser about 9 s unflattened; links in sane parts of the page survive
    html = ("<ul class='list'><li><a href='/n/1.html'>一</a></li></ul>" + "<div>" * 100_000 + "深" +
            "</div>" * 100_000 + "<ul class='list'><li><a href='/n/2.html'>二</a></li></ul>")
    outcome = run_fetching(read_listing, Listing(site.page("/deep.html", html), links="ul.list a", max_pages=0))
    assert [c.url for c in outcome.found] == [site.url("/n/1.html"), site.url("/n/2.html")]


def test_a_later_page_that_breaks_is_reported_but_keeps_what_was_found(site: Site) -> None:
    site.page("/a.html", column_page([("/x1.html", "一")], "/b.html"))
    broken = site.page("/b.html", "server error", status=500)
    outcome = run_fetching(read_listing, Listing(site.url("/a.html"), links="ul.list a", next="a.next"))
    assert [c.url for c in outcome.found] == [site.url("/x1.html")]
    assert [e.split(": ")[:2] for e in outcome.errors] == [[broken, "http_500"]]
