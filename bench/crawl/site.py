"""The local news site both crawlers fetch: N article pages built from the seed texts, a sitemap and a
listing page that link them all, and two hostile routes (a gzip bomb and a trickling body).

Pages are rendered and encoded once, before any clock starts, so serving one is a dict lookup and a write.
The server runs in a thread of the benchmark process; that process does nothing else while a crawler runs,
so its CPU time during a run is the server's, which is how `ServerLoad` shows the server is not the bottleneck.
"""

from __future__ import annotations

import contextlib
import html
import random
import resource
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TITLES = ("本钢集团召开视频干部大会 统筹部署疫情防控和生产经营工作",
          "中国铝业集团董事长：在打赢防疫阻击战中彰显央企担当",
          "山西忻州神达能源集团复工复产调研",
          "省国资委党委要求深入贯彻落实疫情防控部署",
          "西南能矿集团党委凝聚战疫西能力量")
BOMB_BYTES = 1 << 30  # what the gzip bomb inflates to: 1 GiB
TRICKLE_BYTES = 600  # the trickled body's Content-Length, sent one byte a second


@dataclass(frozen=True)
class Page:
    content_type: str
    body: bytes


@dataclass(frozen=True)
class ServerLoad:
    """CPU the server used while one crawler ran, the requests it answered, and when the first and last came."""
    cpu_seconds: float
    wall_seconds: float
    requests: int
    connections: int  # TCP connections accepted: with keep-alive, about the client's concurrency, not `requests`
    first_request: float = 0.0  # seconds after the run started
    last_request: float = 0.0

    @property
    def span(self) -> float:
        """From the first request to the last: the crawl itself, without the tool's start-up and shut-down."""
        return self.last_request - self.first_request

    @property
    def busy(self) -> float:
        """Share of one core the server used: near 1.0 would mean the server, not the crawler, sets the pace."""
        return self.cpu_seconds / self.wall_seconds if self.wall_seconds else 0.0


def seed_paragraphs(seeds: Path = SEEDS) -> list[list[str]]:
    """Each seed file's long lines (the article's paragraphs), in order."""
    return [[line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 40]
            for seed in sorted(seeds.glob("*.txt"))]


def article_path(number: int) -> str:
    return f"/news/2020{(number % 12) + 1:02d}/t2020{(number % 12) + 1:02d}{(number % 28) + 1:02d}_{number}.html"


TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_国资要闻_示范国资委网站</title>
<meta name="keywords" content="国资委,国有企业,国资要闻"><meta name="description" content="{title}">
<link rel="stylesheet" href="/css/common.css">
<script>var _hmt = _hmt || [];(function(){{var hm = document.createElement("script");
hm.src = "/js/stat.js?{number}";var s = document.getElementsByTagName("script")[0];
s.parentNode.insertBefore(hm, s);}})();
</script>
<style>.nav a{{margin:0 8px}} .share{{color:#888}} .sidebar li{{line-height:26px}}
.footer p{{text-align:center}}</style>
</head>
<body>
<div class="top"><a href="/en/">EN</a> | <a href="/login">登录</a> | <a href="/register">注册</a>
 | <a href="/m/">手机版</a> | <a href="/rss/">RSS订阅</a> | <a href="/about/map.html">网站地图</a></div>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="示范国资委网站"></a></div>
<form class="search" action="/search/"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="nav">{nav}</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/list.html">国资要闻</a> &gt; 正文</div>
<div class="main"><div class="article">
<h1 class="title">{title}</h1>
<div class="info">发布时间：{published} 来源：示范国资委 作者：新闻中心 <span>浏览次数：{views}</span>
【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="editor">（责任编辑：王{number}）</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> 扫一扫在手机打开当前页</div>
<div class="tools">【<a href="javascript:window.print()">打印</a>】
【<a href="javascript:window.close()">关闭</a>】</div>
<div class="prevnext"><p>上一篇：<a href="{prev}">{prev_title}</a></p>
<p>下一篇：<a href="{next}">{next_title}</a></p></div>
</div>
<div class="sidebar"><h3>相关新闻</h3><ul>{related}</ul><h3>热点专题</h3><ul>{topics}</ul></div></div>
<div class="links"><h3>友情链接</h3>{links}</div>
<div class="footer"><p>版权所有：示范国资委 京ICP备12345678号-1 京公网安备11010202000001号</p>
<p>地址：北京市西城区宣武门西大街26号 邮编：100053 未经授权禁止转载</p><p>网站标识码：bm21000001</p></div>
</body></html>
"""

COLUMNS = ("首页", "国资要闻", "通知公告", "政策法规", "党建工作", "国企改革", "监督追责", "人事信息", "统计信息",
           "在线访谈", "专题专栏", "机构概况", "互动交流", "信息公开")


def render_article(number: int, total: int, paragraphs: list[list[str]]) -> tuple[str, str, str]:
    """(title, charset, html) of article `number`: one seed's text topped up from the next seeds, 20–40 KB."""
    rng = random.Random(number)
    seed = number % len(paragraphs)
    title = f"{TITLES[seed % len(TITLES)]}（第{number}期）"
    charset = "gbk" if number % 4 == 3 else "utf-8"
    target = rng.randint(14_000, 26_000)  # UTF-8 bytes of body text; the template adds the rest
    if charset == "gbk":
        target = target * 5 // 4  # fewer bytes a character: a little more text for a similar page size
    # the seeds' paragraphs in order from this page's seed on, so a page repeats none until all are used
    pool = [paragraph for k in range(len(paragraphs)) for paragraph in paragraphs[(seed + k) % len(paragraphs)]]
    chosen = [f"本报讯（记者 李{number}）{pool[0]}"]
    while sum(len(p.encode()) for p in chosen) < target:
        chosen.append(pool[len(chosen) % len(pool)])
    body = "\n".join(f"<p style=\"text-indent:2em\">{html.escape(p)}</p>" for p in chosen)
    others = [(number + step) % total for step in range(1, 16)]
    page = TEMPLATE.format(
        charset=charset, title=html.escape(title), number=number,
        published=f"2020-{(number % 12) + 1:02d}-{(number % 28) + 1:02d} {number % 24:02d}:{number % 60:02d}:00",
        views=1000 + number * 7, body=body,
        nav="".join(f'<a href="/col{i}/index.html">{name}</a>' for i, name in enumerate(COLUMNS)),
        prev=article_path((number - 1) % total), prev_title=TITLES[(number - 1) % len(TITLES)],
        next=article_path((number + 1) % total), next_title=TITLES[(number + 1) % len(TITLES)],
        related="".join(f'<li><a href="{article_path(o)}">{TITLES[o % len(TITLES)]}</a>'
                        f"<span>2020-03-0{o % 9 + 1}</span></li>" for o in others),
        topics="".join(f'<li><a href="/zt/{i}/">{name}专题</a></li>' for i, name in enumerate(COLUMNS)),
        links=" ".join(f'<a href="http://www.example{i}.gov.cn/">示范单位{i}</a>' for i in range(20)))
    return title, charset, page


def build_pages(count: int, base: str) -> dict[str, Page]:
    """Every route the site answers, rendered and encoded. One page in four is GBK, the rest UTF-8."""
    paragraphs = seed_paragraphs()
    pages: dict[str, Page] = {}
    items = []
    for number in range(count):
        title, charset, text = render_article(number, count, paragraphs)
        codec = "gb18030" if charset == "gbk" else charset  # GBK as real servers write it (a GB18030 superset)
        pages[article_path(number)] = Page(f"text/html; charset={charset}", text.encode(codec, "xmlcharrefreplace"))
        items.append((article_path(number), title))
    urls = "".join(f"<url><loc>{base}{path}</loc></url>\n" for path, _ in items)
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')
    pages["/sitemap.xml"] = Page("application/xml", sitemap.encode())
    links = "".join(f'<li><a href="{path}">{html.escape(title)}</a></li>\n' for path, title in items)
    listing = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>国资要闻</title></head>'
               f'<body><ul class="list">\n{links}</ul></body></html>')
    pages["/list.html"] = Page("text/html; charset=utf-8", listing.encode())
    return pages


def gzip_bomb(inflated: int = BOMB_BYTES) -> bytes:
    """A gzip stream of a small HTML head and spaces that inflates to exactly `inflated` bytes (~1 MB for 1 GiB)."""
    head = b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bomb</title></head><body><p>"
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    parts = [packer.compress(head)]
    chunk = b" " * (1 << 20)
    left = inflated - len(head)
    while left > 0:
        parts.append(packer.compress(chunk[:min(left, len(chunk))]))
        left -= min(left, len(chunk))
    parts.append(packer.flush())
    return b"".join(parts)


class LocalSite:
    """`with LocalSite(500) as site:` serves the site on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, pages: int, *, hostile: bool = False) -> None:
        self.server = _Server(("127.0.0.1", 0), type("Handler", (_Handler,), {"site": self}))
        self.server.site = self
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.pages = build_pages(pages, self.base)
        self.article_paths = [article_path(n) for n in range(pages)]
        self.bomb = gzip_bomb() if hostile else b""
        self.requests = self.connections = 0
        self.first_request = self.last_request = 0.0  # perf_counter of the first and latest request
        self.closing = threading.Event()
        self._lock = threading.Lock()

    def __enter__(self) -> LocalSite:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()  # ends trickles still running
        self.server.shutdown()
        self.server.server_close()

    @property
    def article_bytes(self) -> int:
        return sum(len(self.pages[path].body) for path in self.article_paths)

    def count_request(self) -> None:
        now = time.perf_counter()
        with self._lock:
            self.requests += 1
            self.first_request = self.first_request or now
            self.last_request = now

    def measure(self) -> _Meter:
        return _Meter(self)


class _Meter:
    """`with site.measure() as meter:` … `meter.load` — the server's CPU and requests over the block."""

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.load = ServerLoad(0.0, 0.0, 0, 0)

    def __enter__(self) -> _Meter:
        self._cpu, self._wall = _cpu(), time.perf_counter()
        self._requests, self._connections = self.site.requests, self.site.connections
        self.site.first_request = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        site, first, last = self.site, 0.0, 0.0
        if site.first_request:
            first, last = site.first_request - self._wall, site.last_request - self._wall
        self.load = ServerLoad(_cpu() - self._cpu, time.perf_counter() - self._wall, site.requests - self._requests,
                               site.connections - self._connections, first, last)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # socketserver's default backlog of 5 drops a burst of connects: a 1 s SYN retry
    daemon_threads = True
    site: LocalSite

    def process_request(self, request: object, client_address: object) -> None:
        self.site.connections += 1  # accepts happen one at a time, in the serving thread
        super().process_request(request, client_address)

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is the hostile cases' point
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers offer
    # Headers and body go out in two writes; with Nagle's algorithm on, the client's delayed ACK holds the
    # second one ~40 ms, which capped this server at ~25 responses a second per connection.
    disable_nagle_algorithm = True
    site: LocalSite

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.site.count_request()
        path = self.path.split("?")[0]
        if path == "/hostile/bomb.html":
            return self._send(200, "text/html; charset=utf-8", self.site.bomb, {"Content-Encoding": "gzip"})
        if path == "/hostile/trickle.html":
            return self._trickle()
        page = self.site.pages.get(path)
        if page is None:
            return self._send(404, "text/html; charset=utf-8", "<h1>404 页面不存在</h1>".encode())
        return self._send(200, page.content_type, page.body)

    def _send(self, status: int, content_type: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: a body cap at work
            self.wfile.write(body)

    def _trickle(self) -> None:
        """A body sent one byte a second: per-read timeouts never trip, only a whole-attempt bound does."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(TRICKLE_BYTES))
        self.end_headers()
        try:
            for _ in range(TRICKLE_BYTES):
                if self.site.closing.wait(1.0):
                    break
                self.wfile.write(b" ")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass
