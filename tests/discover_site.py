"""A small SOE news site for the discovery tests: article pages titled after the seeds, a GBK column with
pagination both ways, RSS 2.0 / Atom / RSS 1.0 feeds, a sitemap index with a gzipped and a news sitemap,
robots.txt with a `Sitemap:` line, and a home page to follow links from. Served by the real `site` fixture."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from pathlib import Path

from crawler.config import FetchConfig, Source
from crawler.discover import Discovery, Known, discover
from crawler.fetch import Fetcher
from tests.site import Site

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FETCH_CONFIG = FetchConfig(allow_addresses=("127.0.0.1",), delay=0, obey_robots=False, retries=1, timeout=10)


def seed_titles() -> list[str]:
    """A headline-sized line from each seed article (its first line of 8+ characters, cut at 40)."""
    titles = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        titles.append(next(line for line in lines if len(line) >= 8)[:40])
    return titles


def run_discover(source: Source, known: Known | None = None) -> Discovery:
    """discover() over a real Fetcher on 127.0.0.1, through its polite `fetch_resource` as the crawl does."""
    async def go() -> Discovery:
        async with Fetcher(FETCH_CONFIG) as fetcher:
            return await discover(source, fetcher.fetch_resource, known=known)
    return asyncio.run(go())


def run_fetching(function, *args, **kwargs):  # noqa: ANN001, ANN201 (any reader taking fetch as its argument)
    """Call an async reader like `read_feed(url, fetch)` with a real fetch, passed as the keyword `fetch`."""
    async def go():  # noqa: ANN202
        async with Fetcher(FETCH_CONFIG) as fetcher:
            return await function(*args, fetch=fetcher.fetch_resource, **kwargs)
    return asyncio.run(go())


def article(title: str, body: str = "正文段落。") -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><a href='/'>首页</a> <a href='/news/index.html'>集团要闻</a></nav>"
            f"<h1>{title}</h1><p>{body}</p></body></html>")


def column_page(items: list[tuple[str, str]], next_href: str | None) -> bytes:
    """A GBK-encoded listing page with navigation and sidebar links around the article list."""
    entries = "".join(f"<li><a href='{href}' title='{title}'>{title[:12]}…</a><span>2024-03-05</span></li>"
                      for href, title in items)
    following = f"<a class='next' href='{next_href}'>下一页</a>" if next_href else "<span class='next'>下一页</span>"
    html = (f"<html><head><meta charset='gb2312'><title>集团要闻</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a><a href='/about.html'>关于我们</a>"
            f"<a href='http://other.example/'>友情链接</a></div>"
            f"<ul class='list'>{entries}</ul><div class='pager'>{following}</div>"
            f"<div class='side'><a href='/hot/1.html'>热点</a><img src='/logo.png'></div></body></html>")
    return html.encode("gb18030")


def build(site: Site) -> dict[str, str]:
    """Serve the whole site; returns the URLs of its discovery resources."""
    titles = seed_titles()
    for i in range(1, 10):
        site.page(f"/news/c{i}/content.html", article(titles[i % len(titles)] + f" {i}"))
    site.page("/about.html", article("关于我们"))
    site.page("/hot/1.html", article("热点"))
    gbk = "text/html"  # no charset in the header: the <meta> names it, as on many such sites
    site.page("/news/index.html", column_page([(f"c{i}/content.html", titles[i % 5]) for i in (1, 2, 3)],
                                              "index_1.html"), content_type=gbk)
    site.page("/news/index_1.html", column_page([(f"c{i}/content.html", titles[i % 5]) for i in (4, 5, 6)],
                                                "index_2.html"), content_type=gbk)
    site.page("/news/index_2.html", column_page([(f"c{i}/content.html", titles[i % 5]) for i in (7, 8)],
                                                None), content_type=gbk)
    return {"listing": site.url("/news/index.html")}


def rss2(site: Site, items: list[tuple[str, str, str]]) -> str:
    """RSS 2.0 with (link, title, pubDate) items; links may be relative."""
    body = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>" for link, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>集团要闻</title>'
            f"<link>{site.url('/')}</link>{body}</channel></rss>")


def atom(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<entry><title>{t}</title><link rel="alternate" href="{link}"/>'
                   f'<link rel="edit" href="/edit/{i}"/><id>urn:x:{i}</id><updated>{d}</updated></entry>'
                   for i, (link, t, d) in enumerate(items))
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>要闻</title>{body}</feed>'


def rss1(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<item rdf:about="{link}"><title>{t}</title><link>{link}</link><dc:date>{d}</dc:date></item>'
                   for link, t, d in items)
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<channel rdf:about="x"><title>要闻</title><link>x</link></channel>' + body + "</rdf:RDF>")


def urlset(entries: list[tuple[str, str | None]], news: bool = False) -> str:
    """A sitemap urlset of (loc, lastmod); `news` adds Google News blocks with titles."""
    rows = []
    for loc, lastmod in entries:
        extra = f"<lastmod>{lastmod}</lastmod>" if lastmod and not news else ""
        if news:
            extra = ("<news:news><news:publication><news:name>集团</news:name><news:language>zh</news:language>"
                     f"</news:publication><news:publication_date>{lastmod}</news:publication_date>"
                     f"<news:title>新闻 {loc.rsplit('/', 2)[-2]}</news:title></news:news>")
        rows.append(f"<url><loc>{loc}</loc>{extra}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(rows) + "</urlset>")


def sitemap_index(locs: list[tuple[str, str | None]]) -> str:
    rows = "".join(f"<sitemap><loc>{loc}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</sitemap>"
                   for loc, m in locs)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'


def gzipped(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"))


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` zero bytes, gzipped (about 1000:1), built in chunks so the test itself stays small."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = bytes(1024 * 1024)
    parts = [packer.compress(chunk) for _ in range(inflated // len(chunk))]
    return b"".join(parts) + packer.flush()


def billion_laughs(root: str) -> str:
    """The classic entity bomb, wrapped around `root` (which should reference &lol9;)."""
    decls = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    return '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(decls) + "\n]>\n" + root
