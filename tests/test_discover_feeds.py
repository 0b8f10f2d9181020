"""Feeds: RSS 2.0, Atom and RSS 1.0 served over real HTTP, and the feeds that go wrong."""

from __future__ import annotations

import resource

from crawler.config import Source
from crawler.discover.feeds import parse_feed, read_feed
from tests.discover_site import atom, billion_laughs, rss1, rss2, run_discover, run_fetching, seed_titles
from tests.site import Site

XML = "application/xml; charset=utf-8"


def test_rss2_atom_and_rss1_entries_with_dates(site: Site) -> None:
    titles = seed_titles()
    site.page("/rss.xml", rss2(site, [
        ("/news/c1/content.html?utm_source=rss", titles[0], "Tue, 05 Mar 2024 10:00:00 +0800"),
        (site.url("/news/c2/content.html"), titles[1], "Wed, 06 Mar 2024 09:30:00 GMT"),
    ]), content_type=XML)
    site.page("/atom.xml", atom([(site.url("/news/c3/content.html"), titles[2], "2024-03-07T01:02:03Z")]),
              content_type="application/atom+xml")
    site.page("/rdf.xml", rss1([(site.url("/news/c4/content.html"), titles[3], "2024-03-08T08:00:00+08:00")]),
              content_type="application/rdf+xml")
    source = Source("s", feeds=(site.url("/rss.xml"), site.url("/atom.xml"), site.url("/rdf.xml")))
    found = run_discover(source)
    assert found.errors == ()
    assert [(c.url, c.via, c.lastmod, c.title) for c in found.found] == [
        (site.url("/news/c1/content.html"), "feed", "2024-03-05T02:00:00Z", titles[0]),
        (site.url("/news/c2/content.html"), "feed", "2024-03-06T09:30:00Z", titles[1]),
        (site.url("/news/c3/content.html"), "feed", "2024-03-07T01:02:03Z", titles[2]),
        (site.url("/news/c4/content.html"), "feed", "2024-03-08T00:00:00Z", titles[3]),
    ]


def test_gbk_feed_titles_decode(site: Site) -> None:
    title = seed_titles()[0]
    xml = rss2(site, [("/a.html", title, "Tue, 05 Mar 2024 10:00:00 +0800")]).replace("utf-8", "gb2312")
    url = site.page("/gbk.xml", xml.encode("gb18030"), content_type="text/xml")
    outcome = run_fetching(read_feed, url)
    assert [c.title for c in outcome.found] == [title]


UNDECLARED = ('<rss version="2.0"><channel><title>通知公告</title>'
              '<item><title>{title}</title><link>{link}</link></item></channel></rss>')


def test_a_gbk_feed_without_a_declaration_is_read_in_the_servers_charset(site: Site) -> None:
    title = "國資委關於開展工作的通知"  # (traditional characters in GBK: what a guess reads as Latin)
    body = UNDECLARED.format(title=title, link=site.url("/通知/1.html")).encode("gbk")
    outcome = run_fetching(read_feed, site.page("/rss.xml", body, content_type="application/rss+xml; charset=gbk"))
    assert [(c.title, c.url) for c in outcome.found] == [(title, site.url("/%E9%80%9A%E7%9F%A5/1.html"))]


def test_a_utf8_feed_is_utf8_whatever_the_servers_default_charset() -> None:
    body = UNDECLARED.format(title="国资委通知", link="http://h.example/a.html").encode("utf-8")
    assert [c.title for c in parse_feed(body, "http://h.example/rss", "text/xml; charset=ISO-8859-1").found] == [
        "国资委通知"]


def test_a_broken_feed_never_stops_the_rest(site: Site) -> None:
    good = site.page("/rss.xml", rss2(site, [("/ok.html", "好", "Tue, 05 Mar 2024 10:00:00 +0800")]),
                     content_type=XML)
    html = site.page("/not-a-feed.xml", "<html><body><p>首页</p></body></html>")
    missing = site.url("/gone.xml")
    source = Source("s", feeds=(html, missing, good))
    found = run_discover(source)
    assert [c.url for c in found.found] == [site.url("/ok.html")]
    assert len(found.errors) == 2
    assert found.errors[0].startswith(f"{html}: bad_feed: not a feed")
    assert found.errors[1].startswith(f"{missing}: http_404")
    assert all("\n" not in error for error in found.errors)


def test_malformed_feed_yields_what_it_can(site: Site) -> None:
    xml = ('<?xml version="1.0"?><rss version="2.0"><channel><item><title>A & B</title>'
           "<link>/a.html</link></item><item><title>未闭合<link>/b.html</link></channel>")
    outcome = run_fetching(read_feed, site.page("/bad.xml", xml, content_type=XML))
    assert site.url("/a.html") in [c.url for c in outcome.found]
    assert all(c.url.startswith(site.url("/")) for c in outcome.found)


def test_entity_bomb_feed_is_not_expanded(site: Site) -> None:
    root = ('<rss version="2.0"><channel><item><title>&lol9;</title>'
            f"<link>{site.url('/bomb.html')}</link></item></channel></rss>")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcome = run_fetching(read_feed, site.page("/bomb.xml", billion_laughs(root), content_type=XML))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert [c.url for c in outcome.found] == [site.url("/bomb.html")]
    assert "lollol" not in (outcome.found[0].title or "")
    assert grown_kib < 200 * 1024  # 10^9 "lol"s would be gigabytes


def test_entries_without_links_are_skipped_and_a_guid_permalink_counts() -> None:
    xml = (b'<rss version="2.0"><channel><item><title>no link</title></item>'
           b"<item><title>guid</title><guid>http://example.org/g.html</guid></item>"
           b"<item><title>js</title><link>javascript:alert(1)</link></item></channel></rss>")
    outcome = parse_feed(xml, "http://example.org/rss.xml")
    assert [(c.url, c.title) for c in outcome.found] == [("http://example.org/g.html", "guid")]
    assert outcome.errors == ()


def test_bytes_that_look_like_a_path_are_not_opened() -> None:
    # feedparser opens a bytes/str argument as a file name; parse_feed must only ever parse the body
    outcome = parse_feed(b"/etc/hostname", "http://example.org/rss.xml")
    assert outcome.found == ()
    assert outcome.errors and "bad_feed" in outcome.errors[0]


def test_big_feed_is_bounded(site: Site) -> None:
    items = [(f"/n/{i}.html", f"t{i}", "Tue, 05 Mar 2024 10:00:00 +0800") for i in range(6000)]
    outcome = run_fetching(read_feed, site.page("/big.xml", rss2(site, items), content_type=XML))
    assert len(outcome.found) == 5000  # MAX_ENTRIES


def test_a_feed_date_after_the_fetch_is_not_believed(site: Site) -> None:
    """An entry dated after the feed was fetched (a wrong year, a scheduled post) carries no date: it must not make
    its known page look changed on every run until that day comes."""
    url = site.page("/rss.xml", rss2(site, [("/a.html", "甲", "Thu, 01 Jan 2099 00:00:00 +0800"),
                                            ("/b.html", "乙", "Tue, 05 Mar 2024 10:00:00 +0800")]), content_type=XML)
    outcome = run_fetching(read_feed, url)
    assert [(c.url, c.lastmod) for c in outcome.found] == [(site.url("/a.html"), None),
                                                           (site.url("/b.html"), "2024-03-05T02:00:00Z")]
    assert outcome.errors == ()
