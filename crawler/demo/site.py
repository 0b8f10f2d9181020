"""A small news site built from the seed texts, with the mess real sites have.

It has a listing page with pagination, an RSS feed, a sitemap, robots.txt, a GBK page and a Big5 page, a view
counter that changes on every request (which must never count as an edit), an article split over two pages
(content.html, content_2.html, under a pager), a notice that is silently edited every `edit_every` seconds, and
an article that disappears after `gone_after` seconds.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# seed file prefix → (line of the title, first line of the body, title when the seed has none, charset served)
LAYOUT = {
    "000": (1, 4, None, "big5"),
    "001": (2, 9, None, "gbk"),
    "002": (None, 0, "山西忻州神達能源集團復工復產調研", "utf-8"),
    "003": (1, 7, None, "utf-8"),
    "004": (None, 0, "西南能礦集團黨委凝聚戰疫西能力量", "utf-8"),
}
NOISE = {"", "|", "EN"}
SPLIT = 4  # the article served over two pages, as news sites split a long one
EDITS = ("会议要求各单位抓好复工复产。", "会议要求各单位在确保安全的前提下抓好复工复产。",
         "会议要求各单位在确保安全的前提下，分区分级抓好复工复产。")


@dataclass(frozen=True)
class DemoArticle:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: str
    charset: str


def load_articles(seeds: Path = SEEDS) -> list[DemoArticle]:
    articles = []
    for number, seed in enumerate(sorted(seeds.glob("*.txt"))):
        title_line, body_line, fixed_title, charset = LAYOUT.get(seed.name[:3], (0, 1, None, "utf-8"))
        lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()]
        title = fixed_title or lines[title_line]
        body = tuple(line for line in lines[body_line:] if line not in NOISE and not line.startswith("•"))
        articles.append(DemoArticle(f"/news/c{number + 1}/content.html", title, body,
                                    f"2020-02-{10 + number:02d} 09:{number:02d}:00", charset))
    return articles


PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title} - 示范国资委网站</title>
<script>var _hmt = _hmt || []; document.write('<span class="tracker"></span>');</script>
<style>.nav a{{margin:0 8px}} .share{{color:#888}}</style></head>
<body>
<div class="top"><a href="/en/">EN</a> | <a href="/login">登录</a> | <a href="/register">注册</a></div>
<div class="nav"><a href="/">首页</a><a href="/index.html">国资要闻</a><a href="/notice/">通知公告</a>
<a href="/party/">党建工作</a><a href="/about/">机构概况</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/index.html">国资要闻</a> &gt; 正文</div>
<div class="main"><div class="article">
<h1 class="title">{title}</h1>
<div class="info">发布时间：{published} 来源：示范国资委 <span>浏览次数：{views}</span>
【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="TRS_Editor" id="zoom">
{body}
</div>{pager}
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> 扫一扫在手机打开当前页</div>
<div class="tools">【<a href="javascript:window.print()">打印</a>】
【<a href="javascript:window.close()">关闭</a>】</div>
<div class="prevnext"><p>上一篇：<a href="/news/c1/content.html">本钢集团召开视频干部大会</a></p>
<p>下一篇：<a href="/news/c2/content.html">中国铝业集团董事长谈防疫</a></p></div>
<div class="comments"><h3>发表评论</h3><p>评论前请先登录</p><p>暂无评论</p></div>
</div>
<div class="sidebar"><h3>相关新闻</h3><ul>{related}</ul></div></div>
<div class="footer">版权所有：示范国资委 京ICP备12345678号 未经授权禁止转载</div>
</body></html>
"""

LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>国资要闻 - 示范国资委网站</title></head>
<body><div class="nav"><a href="/">首页</a><a href="/index.html">国资要闻</a></div>
<h2>国资要闻</h2><ul class="list">{items}</ul>
<div class="pages">{next}</div>
<div class="footer">版权所有：示范国资委 京ICP备12345678号</div></body></html>
"""


class DemoSite:
    def __init__(self, host: str = "127.0.0.1", port: int = 8000, *, edit_every: float = 45.0,
                 gone_after: float = 75.0) -> None:
        self.articles = load_articles()
        self.started = time.monotonic()
        self.edit_every, self.gone_after = edit_every, gone_after
        self.views = count(1000)
        handler = type("DemoHandler", (_Handler,), {"demo": self})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.base = f"http://{host}:{self.server.server_address[1]}"

    def start(self) -> DemoSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def response(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a path."""
        if path in ("/", "/index.html"):
            return self._listing(0)
        if path == "/index_1.html":
            return self._listing(1)
        if path == "/article.html":
            return self._article(self.articles[1])
        if path == "/news/notice/content.html":
            return self._article(self._notice())
        if path == "/news/gone/content.html":
            if self.elapsed() > self.gone_after:
                return 404, "text/html; charset=utf-8", "<h1>404 页面不存在</h1>".encode()
            return self._article(self.articles[3])
        if path == "/rss.xml":
            return 200, "application/rss+xml; charset=utf-8", self._rss().encode()
        if path == "/sitemap.xml":
            return 200, "application/xml", self._sitemap().encode()
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nDisallow: /login\nSitemap: {self.base}/sitemap.xml\n".encode()
        for article in self.articles:
            if article.path == path:
                return self._article(article)
        split = self.articles[SPLIT]
        if path == split.path.replace(".html", "_2.html"):
            return self._article(split, page=2)
        return 404, "text/html; charset=utf-8", "<h1>404 页面不存在</h1>".encode()

    def _notice(self) -> DemoArticle:
        edit = EDITS[min(int(self.elapsed() // self.edit_every), len(EDITS) - 1)]
        return DemoArticle("/news/notice/content.html", "关于做好复工复产期间疫情防控工作的通知",
                           ("为统筹做好疫情防控和生产经营工作，现就有关事项通知如下。", edit,
                            "各单位要加强组织领导，压实责任，确保各项措施落到实处。"),
                           "2020-02-20 10:00:00", "utf-8")

    def _article(self, article: DemoArticle, page: int = 1) -> tuple[int, str, bytes]:
        paragraphs, pager = article.paragraphs, ""
        if article.path == self.articles[SPLIT].path:  # (half the text a page, under a pager: 1 2 下一页)
            half = (len(paragraphs) + 1) // 2
            paragraphs = paragraphs[:half] if page == 1 else paragraphs[half:]
            pager = ('<div class="pages">1 <a href="content_2.html">2</a> <a href="content_2.html">下一页</a></div>'
                     if page == 1 else '<div class="pages"><a href="content.html">上一页</a> '
                                       '<a href="content.html">1</a> 2</div>')
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        related = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in self.articles)
        page_html = PAGE.format(charset=article.charset, title=html.escape(article.title),
                                published=article.published, views=next(self.views), body=body, pager=pager,
                                related=related)
        return 200, f"text/html; charset={article.charset}", page_html.encode(_codec(article.charset),
                                                                               "xmlcharrefreplace")

    def _listing(self, page: int) -> tuple[int, str, bytes]:
        chosen = self.articles[:3] if page == 0 else self.articles[3:]
        items = "".join(f'<li><a href="{a.path}?from=list">{html.escape(a.title)}</a>'
                        f"<span>{a.published[:10]}</span></li>" for a in chosen)
        link = '<a class="next" href="index_1.html">下一页</a>' if page == 0 else ""
        return 200, "text/html; charset=utf-8", LISTING.format(items=items, next=link).encode()

    def _rss(self) -> str:
        items = "".join(f"<item><title>{html.escape(a.title)}</title><link>{self.base}{a.path}</link>"
                        f"<pubDate>{formatdate(1581300000 + i * 86400, usegmt=True)}</pubDate></item>"
                        for i, a in enumerate(self.articles))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>示范国资委</title>'
                f"<link>{self.base}/</link><description>国资要闻</description>{items}</channel></rss>")

    def _sitemap(self) -> str:
        urls = "".join(f"<url><loc>{self.base}{a.path}</loc></url>" for a in self.articles)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def _codec(charset: str) -> str:
    return {"gbk": "gb18030", "big5": "big5hkscs"}.get(charset, charset)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    demo: DemoSite

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        status, content_type, body = self.demo.response(self.path.split("?")[0])
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass
