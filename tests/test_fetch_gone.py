"""What the archive records when a page changes its answer: gone, back, not modified, not HTML."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.config import Config, ExtractConfig, Listing, Source
from crawler.run import RunSummary, crawl_source
from store import Archive
from store.revisits import known
from store.versions import stored_url
from tests.fetching import TITLE, article, make_config, process, rows
from tests.hostile import Validated
from tests.site import Site

SOFT_404 = """<!doctype html><html><head><meta charset="utf-8"><title>页面不存在</title></head>
<body><div class="nav"><a href="/">首页</a></div><div class="box"><h2>您访问的页面不存在</h2>
<p>可能已被删除或移动，<a href="/">返回首页</a></p></div></body></html>""".encode()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def archive_v1(site: Site, config: Config, path: str = "/news/p.html") -> str:
    url = site.page(path, article())
    [result] = process(config, url)
    assert result.change == "new"
    return url


def page_state(config: Config, url: str) -> tuple:
    return rows(config, "select gone_at is not null, back_at is not null, latest_version from pages where url = ?",
                url)[0]


def events(config: Config, url: str) -> list[str]:
    return [kind for (kind,) in rows(config, "select kind from events where url = ? order by id", url)]


@pytest.mark.parametrize("status", [404, 410])
def test_404_or_410_after_a_200_marks_the_page_gone_and_keeps_its_versions(site: Site, config: Config,
                                                                           status: int) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", b"<h1>Not Found</h1>", status=status)
    [result] = process(config, url)
    assert (result.change, result.error, result.status) == ("gone", f"http_{status}", status)
    assert page_state(config, url) == (1, 0, 1)
    assert rows(config, "select version, title from snapshots where url = ?", url) == [(1, TITLE)]
    assert events(config, url) == ["new", "gone"]
    assert len(site.hits("/news/p.html")) == 2  # a 404 is never retried


def test_a_gone_page_that_comes_back_is_recorded_as_back(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", b"gone", status=404)
    assert process(config, url)[0].change == "gone"
    still = process(config, url)[0]  # (still gone: no second event, and no error of the run's)
    assert (still.change, still.error) == ("gone", "http_404")
    assert events(config, url) == ["new", "gone"]
    site.page("/news/p.html", article())
    [result] = process(config, url)
    assert result.change == "back" and result.version == 1 and not result.failed
    assert page_state(config, url) == (0, 1, 1)
    assert events(config, url) == ["new", "gone", "back"]


def test_a_page_that_comes_back_changed_gets_a_new_version(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", b"gone", status=410)
    process(config, url)
    site.page("/news/p.html", article(change="在确保安全的前提下"))
    [result] = process(config, url)
    assert result.version == 2 and page_state(config, url) == (0, 1, 2)
    assert events(config, url) == ["new", "gone", "back", "changed"]


def test_a_404_for_a_page_never_seen_is_a_failure_not_a_gone_event(site: Site, config: Config) -> None:
    [result] = process(config, site.url("/never.html"))
    assert (result.change, result.error) == ("none", "http_404")
    assert rows(config, "select count(*) from events") == [(0,)]


def test_redirect_to_the_home_page_means_gone(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", b"", status=302, content_type="", Location="/index.html")
    site.page("/index.html", article(title="国务院国资委首页"))
    [result] = process(config, url)
    assert (result.change, result.error) == ("gone", "redirect_home")
    assert page_state(config, url) == (1, 0, 1)
    assert rows(config, "select count(*) from snapshots") == [(1,)]
    assert rows(config, "select outcome, final_url from captures order by id desc limit 1") == [
        ("gone", site.url("/index.html"))]


def test_redirect_to_the_column_page_above_means_gone(site: Site, config: Config) -> None:
    url = archive_v1(site, config, "/xwzx/gsyw/202405/t20240501_1.html")
    site.page("/xwzx/gsyw/202405/t20240501_1.html", b"", status=302, content_type="", Location="/xwzx/index.html")
    site.page("/xwzx/index.html", article(title="新闻中心"))
    [result] = process(config, url)
    assert (result.change, result.error) == ("gone", "redirect_column")
    assert result.detail == f"redirected to the site's column page {site.url('/xwzx/index.html')}"
    assert page_state(config, url) == (1, 0, 1) and events(config, url) == ["new", "gone"]


def test_a_first_fetch_redirected_within_the_site_is_the_page_it_landed_on(site: Site, config: Config) -> None:
    url = site.page("/old.html", b"", status=301, content_type="", Location="/news/new.html")
    new = site.page("/news/new.html", article())
    [result] = process(config, url)
    assert (result.url, result.change) == (new, "new")
    assert rows(config, "select url, final_url from captures") == [(new, new)]
    assert rows(config, "select json_extract(redirects, '$[0].url') from captures") == [(url,)]


@pytest.mark.parametrize("first", ["old", "new"])
def test_an_article_linked_by_its_old_and_new_address_is_one_page(site: Site, tmp_path: Path, first: str) -> None:
    config = make_config(tmp_path)
    old = site.page("/old/a.html", b"", status=302, content_type="", Location="/news/a.html")
    new = site.page("/news/a.html", article())
    for url in (old, new) if first == "old" else (new, old):
        process(config, url)
    assert rows(config, "select url, latest_version from pages") == [(new, 1)]
    assert events(config, new) == ["new"]
    with Archive(config.store.path) as archive:  # (the old address is known: a run that finds it does not fetch it)
        assert known(archive.db, old) and stored_url(archive.db, old) == new
    site.page("/news/a.html", article(change="在确保安全的前提下"))  # (the redirect's address still reads the article)
    assert process(config, old)[0].change == "changed" and events(config, new) == ["new", "changed"]


def test_an_address_whose_first_fetch_failed_then_redirected_reads_as_the_page_it_landed_on(
        site: Site, config: Config) -> None:
    old = site.page("/old/b.html", b"busy", status=503, content_type="text/plain")
    process(config, old)  # (a page of the old address, with its failed capture and no version)
    site.page("/old/b.html", b"", status=301, content_type="", Location="/news/b.html")
    new = site.page("/news/b.html", article())
    assert process(config, old)[0].url == new
    with Archive(config.store.path) as archive:  # (history, diff, export and datasette find the article by it)
        assert stored_url(archive.db, old) == new and stored_url(archive.db, new) == new


def test_soft_404_is_gone_and_creates_no_version(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", SOFT_404)
    [result] = process(config, url)
    assert (result.change, result.error, result.status) == ("gone", "soft_404", 200)
    assert rows(config, "select version from snapshots where url = ?", url) == [(1,)]
    assert page_state(config, url) == (1, 0, 1)
    assert rows(config, "select outcome from captures order by id desc limit 1") == [("soft_404",)]


def test_a_not_found_notice_in_the_sites_usual_template_is_gone_and_no_version(site: Site, config: Config) -> None:
    # (menus, a sidebar of headlines and a footer around it: the page is long, its body is the notice alone)
    url = archive_v1(site, config)
    sidebar = "".join(f"<li><a href='/hot/{i}.html'>全市安全生产工作会议召开部署下一阶段重点任务第{i}项</a></li>"
                      for i in range(8))
    footer = '</div><div class="footer">'
    notice = article("提示信息").decode().replace(footer, f"</div><div class='side'><ul>{sidebar}</ul>{footer}")
    start, end = notice.index("<p>"), notice.rindex("</p>") + 4
    site.page("/news/p.html", (notice[:start] + "<p>對不起，您訪問的頁面不存在！</p>" + notice[end:]).encode())
    [result] = process(config, url)
    assert (result.change, result.error) == ("gone", "soft_404")
    assert rows(config, "select version from snapshots where url = ?", url) == [(1,)]
    assert events(config, url) == ["new", "gone"]


@pytest.mark.parametrize(("retired", "code"), [
    ('<meta http-equiv="Refresh" content="3; url=/index.html"><title>跳转中</title>', "redirect_home"),
    ("<script>window.location.href='/news/';</script>", "redirect_column"),
    ("<script>location.replace('/')</script><p> </p>", "redirect_home"),
])
def test_a_page_sending_its_reader_home_by_a_refresh_or_a_script_is_gone(site: Site, config: Config, retired: str,
                                                                          code: str) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", f"<html><head><meta charset='utf-8'></head><body>{retired}</body></html>".encode())
    [result] = process(config, url)
    assert (result.change, result.error) == ("gone", code)
    assert page_state(config, url) == (1, 0, 1) and events(config, url) == ["new", "gone"]


def test_a_script_alerting_that_the_page_was_deleted_is_a_soft_404(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", '<html><body><script>alert("该信息不存在或已删除！");'
                              'window.location.href="/search.jsp";</script></body></html>'.encode())
    [result] = process(config, url)
    assert (result.change, result.error) == ("gone", "soft_404")


def test_an_article_whose_script_sends_phones_elsewhere_is_no_retired_page(site: Site, config: Config) -> None:
    mobile = "<script>if (/Mobile/.test(navigator.userAgent)) { location.href = '/'; }</script></head>"
    url = site.page("/news/m.html", article().replace(b"</head>", mobile.encode()))
    assert process(config, url)[0].change == "new"
    refresh = b'<meta http-equiv="refresh" content="300"></head>'  # (a page reloading itself)
    site.page("/news/m.html", article(change="全力").replace(b"</head>", refresh))
    assert process(config, url)[0].change == "changed"


FIREWALL = """<!doctype html><html><head><meta charset="utf-8"><title>网站防火墙</title></head><body>
<h3>您的请求带有不合法参数，已被网站管理员设置拦截！</h3><p>可能原因：您提交的内容包含危险的攻击请求</p>
<p>如何解决：1）检查提交内容；2）普通网站访客，请联系网站管理员</p></body></html>""".encode()


def test_a_firewalls_page_served_with_200_is_an_error_not_an_edit_nor_gone(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", FIREWALL)
    [result] = process(config, url)
    assert (result.change, result.error, result.status) == ("none", "blocked", 200)
    assert "已被网站管理员设置拦截" in result.detail
    assert page_state(config, url) == (0, 0, 1) and events(config, url) == ["new"]
    assert rows(config, "select outcome, error, body_sha256 is not null from captures order by id desc limit 1") == \
        [("error", "blocked", 1)]  # (its raw body kept: what the firewall said is on record)
    site.page("/news/p.html", article())
    assert process(config, url)[0].change == "unchanged"
    assert events(config, url) == ["new"]


def test_soft_404_on_a_new_url_stores_nothing_but_the_capture(site: Site, config: Config) -> None:
    [result] = process(config, site.page("/missing.html", SOFT_404))
    assert result.error == "soft_404" and result.change == "none"
    assert rows(config, "select count(*) from snapshots") == [(0,)]


def test_conditional_get_and_304(site: Site, config: Config) -> None:
    page = Validated(article())
    url = site.handler("/news/v.html", page)
    assert process(config, url)[0].change == "new"
    first_seen, last_seen = rows(config, "select first_seen, last_seen from snapshots")[0]
    [result] = process(config, url)
    assert (result.change, result.status, result.version) == ("unchanged", 304, 1)
    assert page.not_modified == 1
    sent = site.hits("/news/v.html")[-1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == page.last_modified
    assert rows(config, "select status, outcome, bytes, body_sha256 from captures order by id") == [
        (200, "ok", len(article()), rows(config, "select sha256 from bodies")[0][0]), (304, "not_modified", None, None)]
    assert rows(config, "select count(*) from bodies") == [(1,)]
    new_first, new_last = rows(config, "select first_seen, last_seen from snapshots")[0]
    assert new_first == first_seen and new_last > last_seen


def test_304_brings_a_gone_page_back(site: Site, config: Config) -> None:
    page = Validated(article())
    url = site.handler("/news/v.html", page)
    process(config, url)
    site.page("/news/v.html", b"", status=404)
    assert process(config, url)[0].change == "gone"
    site.handler("/news/v.html", page)
    [result] = process(config, url)
    assert (result.change, result.status) == ("back", 304)
    assert page_state(config, url) == (0, 1, 1)


def test_full_response_headers_are_stored(site: Site, config: Config) -> None:
    url = site.handler("/news/v.html", Validated(article()))
    process(config, url)
    headers = dict(json.loads(rows(config, "select headers from captures")[0][0]))
    assert headers["ETag"] == '"v1"' and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Server" in headers and "Date" in headers
    assert rows(config, "select etag, last_modified from captures") == [('"v1"', "Tue, 03 Feb 2026 08:00:00 GMT")]


def test_binary_served_as_html_is_not_a_page(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", b"\x00\x01\x02\x03binary\x00" * 200)
    [result] = process(config, url)
    assert result.error == "not_html" and "served as text/html" in result.detail
    assert rows(config, "select outcome, content_type, body_sha256 from captures order by id desc limit 1") == [
        ("not_html", "application/octet-stream", None)]
    assert rows(config, "select count(*) from snapshots") == [(1,)]
    assert page_state(config, url) == (0, 0, 1)


def test_pdf_is_stored_raw_without_extraction(site: Site, config: Config) -> None:
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    url = site.page("/files/notice.pdf", pdf, content_type="application/pdf")
    disguised = site.page("/files/notice.html", pdf, content_type="text/html")
    results = process(config, url, disguised)
    assert [r.error for r in results] == [None, None]
    assert rows(config, "select outcome, content_type, bytes from captures order by url") == [
        ("raw", "application/pdf", len(pdf)), ("raw", "application/pdf", len(pdf))]
    assert rows(config, "select content from bodies") != [] and rows(config, "select count(*) from snapshots") == [(0,)]


def test_other_types_are_recorded_with_their_type_but_not_kept(site: Site, config: Config) -> None:
    url = site.page("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    [result] = process(config, url)
    assert result.error == "not_html" and "image/png" in result.detail
    assert rows(config, "select outcome, content_type, body_sha256 from captures") == [("not_html", "image/png", None)]


def test_deeply_nested_html_does_not_break_the_run(site: Site, config: Config) -> None:
    nested = b"<html><body>" + b"<div>" * 100_000 + "<p>深层嵌套的页面内容。</p>".encode() + b"</div>" * 100_000
    deep = site.page("/deep.html", nested)
    good = site.page("/news/good.html", article())
    results = process(config, deep, good, max_body_bytes=4 << 20)
    assert results[1].change == "new"
    assert results[0].error in (None, "empty")
    assert rows(config, "select url, outcome from captures order by url") == [
        (deep, "ok" if results[0].error is None else "empty"), (good, "ok")]


SERVER_ERROR = """<!doctype html><html><head><meta charset="utf-8"><title>服务器错误</title></head><body>
<h1>500 - 内部服务器错误。</h1><h2>您查找的资源存在问题，因而无法显示。</h2></body></html>""".encode()
MAINTENANCE = """<!doctype html><html><head><meta charset="utf-8"><title>网站维护中</title></head><body>
<div class="box"><p>本网站正在进行系统升级维护，给您带来的不便敬请谅解。</p><p>预计恢复时间：今日18:00</p></div>
</body></html>""".encode()


@pytest.mark.parametrize("stand_in", [SERVER_ERROR, MAINTENANCE], ids=["server-error", "maintenance"])
def test_a_servers_error_page_served_with_200_is_an_error_not_an_edit(site: Site, config: Config,
                                                                      stand_in: bytes) -> None:
    url = archive_v1(site, config)
    site.page("/news/p.html", stand_in)
    [result] = process(config, url)
    assert (result.change, result.error, result.status) == ("none", "unavailable", 200)
    assert page_state(config, url) == (0, 0, 1) and events(config, url) == ["new"]
    assert rows(config, "select outcome, error, body_sha256 is not null from captures order by id desc limit 1") == \
        [("error", "unavailable", 1)]
    site.page("/news/p.html", article())
    assert process(config, url)[0].change == "unchanged"
    assert events(config, url) == ["new"]


LOGIN = """<!doctype html><html><head><meta charset="utf-8"><title>用户登录</title></head><body>
<form action="/login" method="post"><p>用户名：<input name="u"></p><p>密码：<input name="p" type="password"></p>
<p><button>登录</button> 还没有账号？<a href="/register">立即注册</a></p></form></body></html>""".encode()


def test_a_known_page_redirected_to_another_page_gets_no_version_from_it(site: Site, config: Config) -> None:
    url = archive_v1(site, config)
    login = site.page("/login", LOGIN)
    other_text = article(title="集团公司召开安全生产工作会议").decode()
    for old, new in (("国资委召开党委会议", "集团公司召开安全专题会议"), ("确保各项目标任务", "确保全年安全生产"),
                     ("推动高质量发展", "守牢安全底线")):
        other_text = other_text.replace(old, new)
    other = site.page("/news/other.html", other_text)
    for target in (login, other):
        site.page("/news/p.html", b"", status=302, Location=target)
        [result] = process(config, url)
        assert (result.change, result.error) == ("none", "redirected")
        assert result.detail.startswith(f"redirected to {target}, another page (")
    assert events(config, url) == ["new"] and rows(config, "select count(*) from snapshots where url = ?", url) == \
        [(1,)]
    moved = site.page("/news/2024/p.html", article(change="在确保安全的前提下"))  # (moved, and edited: a version)
    site.page("/news/p.html", b"", status=301, Location=moved)
    assert process(config, url)[0].change == "changed"
    site.page("/news/p.html", article(change="在确保安全的前提下"))
    assert process(config, url)[0].change == "unchanged" and events(config, url) == ["new", "changed"]


# ---- a redirect out of the source's scope is not followed ----------------------------------------------

def test_a_new_pages_redirect_to_an_address_its_source_denies_is_not_followed(site: Site, config: Config) -> None:
    source = Source("news", urls=(site.url("/"),), deny=(r"/member/",))
    url = site.page("/news/a.html", b"", status=302, content_type="", Location="/member/a.html")
    site.page("/member/a.html", article())  # (an article behind it: archived as the page, under its own address)
    [result] = process(config, url, source=source)
    denied = site.url("/member/a.html")
    assert (result.url, result.change, result.error, result.status) == (url, "none", "redirect_out_of_scope", 302)
    assert result.detail == f"redirected to {denied}, which the source's deny pattern '/member/' excludes: not followed"
    assert not site.hits("/member/a.html")  # never asked
    assert rows(config, "select url, outcome, error, json_extract(redirects, '$[0].url') from captures") == [
        (url, "error", "redirect_out_of_scope", url)]  # (the redirect's head is kept: its Location says where)
    assert rows(config, "select count(*) from snapshots") == [(0,)]


def test_a_page_retired_to_a_column_page_its_source_denies_is_gone_unasked(site: Site, config: Config) -> None:
    source = Source("news", urls=(site.url("/"),), deny=(r"index\.html$",))
    url = archive_v1(site, config, "/xwzx/gsyw/202405/t20240501_1.html")
    site.page("/xwzx/gsyw/202405/t20240501_1.html", b"", status=302, content_type="", Location="/xwzx/index.html")
    [result] = process(config, url, source=source)
    assert (result.change, result.error) == ("gone", "redirect_column") and not site.hits("/xwzx/index.html")


def test_a_known_pages_redirect_out_of_scope_keeps_what_is_stored_for_it(site: Site, config: Config) -> None:
    source = Source("news", urls=(site.url("/"),), deny=(r"/member/",))
    url = archive_v1(site, config)
    site.page("/member/p.html", article(change="会员可见的全文"))
    site.page("/news/p.html", b"", status=301, content_type="", Location="/member/p.html")
    [result] = process(config, url, source=source)
    assert (result.change, result.error) == ("none", "redirect_out_of_scope")
    assert page_state(config, url) == (0, 0, 1) and events(config, url) == ["new"]  # neither edited nor gone
    assert rows(config, "select version, title from snapshots where url = ?", url) == [(1, TITLE)]
    assert not site.hits("/member/p.html")


def test_a_pages_redirect_off_its_sources_hosts_is_not_followed(site: Site, config: Config) -> None:
    source = Source("news", urls=(site.url("/"),))
    elsewhere = f"http://localhost:{site.port}/news/a.html"  # (the same server under another name)
    url = site.page("/news/a.html", b"", status=302, content_type="", Location=elsewhere)
    [result] = process(config, url, source=source)
    assert result.error == "redirect_out_of_scope"
    assert result.detail == f"redirected to {elsewhere}, off the sites of the source's hosts (127.0.0.1): not followed"
    assert len(site.hits("/news/a.html")) == 1


def test_a_redirect_within_the_scope_is_followed_and_fetch_without_a_source_follows_any(site: Site,
                                                                                        config: Config) -> None:
    source = Source("news", urls=(site.url("/"),), deny=(r"/member/",))
    url = site.page("/old/a.html", b"", status=301, content_type="", Location="/news/a.html")
    site.page("/news/a.html", article())
    assert process(config, url, source=source)[0].change == "new"
    away = site.page("/old/b.html", b"", status=302, content_type="", Location="/member/b.html")
    site.page("/member/b.html", article(title="会员专区的一篇文章"))
    assert process(config, away)[0].change == "new"  # (no source, no scope: `palimpsest fetch URL`)



def test_a_crawl_following_links_never_asks_an_address_its_source_denies(site: Site, config: Config) -> None:
    # (the follow crawl fetches the source's own URL for its links before the run stores it: neither follows it)
    url = site.page("/news/a.html", b"", status=302, content_type="", Location="/member/a.html")
    site.page("/member/a.html", article())
    source = Source("news", urls=(url,), follow_depth=1, deny=(r"/member/",))

    async def crawl() -> RunSummary:
        with Archive(config.store.path) as archive:
            return await crawl_source(replace(config, extract=ExtractConfig(processes=0)), archive, source)

    summary = asyncio.run(crawl())
    assert not site.hits("/member/a.html")
    assert rows(config, "select url, outcome, error from captures") == [(url, "error", "redirect_out_of_scope")]
    assert summary.counts.new == 0 and summary.discovery_errors == (
        f"{url}: redirect_out_of_scope: redirected to {site.url('/member/a.html')}, which the source's deny pattern "
        "'/member/' excludes: not followed",)


def test_an_article_moved_back_to_its_old_address_is_fetched_there_again(site: Site, config: Config) -> None:
    # A first fetch of /old/a.html landed on /news/a.html, archived there: the old address was known by it for good,
    # never fetched again, so when the site moved the article back, /news/a.html was gone and the article lost.
    listing = site.page("/news/index.html", '<html><body><ul><li><a href="/old/a.html">国资委召开会议部署改革工作</a>'
                                            "</li></ul></body></html>")
    old = site.page("/old/a.html", b"", status=301, content_type="", Location="/news/a.html")
    new = site.page("/news/a.html", article())
    source = Source("news", listings=(Listing(listing, pattern=r"/old/"),))
    crawl = replace(config, extract=ExtractConfig(processes=0))

    async def run() -> RunSummary:
        with Archive(config.store.path) as archive:
            return await crawl_source(crawl, archive, source)

    assert asyncio.run(run()).counts.new == 1 and rows(config, "select url from pages") == [(new,)]
    site.page("/old/a.html", article())  # (moved back: its old address serves it, the new one is gone)
    site.page("/news/a.html", b"<h1>Not Found</h1>", status=404)
    assert process(config, new)[0].change == "gone"
    with Archive(config.store.path) as archive:
        assert known(archive.db, old) is None  # (known by a page now gone: no longer)
    assert asyncio.run(run()).counts.new == 1
    assert rows(config, "select url, latest_version, gone_at is not null from pages order by url") == [
        (new, 1, 1), (old, 1, 0)]
