"""An article's attachments (附件) are fetched with it and kept as they came; a file replaced under its name is on
record as changed, one removed as gone (crawler/attachments.py, the store's file events)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.attachments import attachment_urls
from crawler.config import Config, Source
from tests.fetching import TITLE, article, make_config, process, rows
from tests.site import Response, Site

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_PATH = "/files/%E5%90%8D%E5%8D%95.xlsx"  # (/files/名单.xlsx, as a browser sends it)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def notice(*links: str) -> bytes:
    """The article with a 附件 box under its text, linking `links` (and the site's home, which is no file)."""
    box = "".join(f'<p><a href="{href}">{n}.{href.rsplit("/", 1)[-1]}</a></p>' for n, href in enumerate(links, 1))
    return article().replace(b'</div><div class="footer">',
                             f'<div class="fj"><p>附件：</p>{box}<p><a href="/">返回首页</a></p></div>'
                             '</div><div class="footer">'.encode())


def events(config: Config) -> list[tuple[str, str]]:
    return [(kind, url.rsplit("/", 1)[-1]) for kind, url in rows(config, "select kind, url from events order by id")]


def test_an_attachment_is_kept_and_its_new_bytes_under_the_same_name_are_a_change(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", notice("/files/名单.xlsx"))
    site.page(LIST_PATH, b"PK\x03\x04 first list", content_type=XLSX)
    [page] = process(config, url)
    assert page.change == "new"
    assert events(config) == [("new", "p.html"), ("new", LIST_PATH.rsplit("/", 1)[-1])]
    [(outcome, size, title)] = rows(config, "select c.outcome, c.bytes, e.title from captures c join events e"
                                            " on e.url = c.url where c.url like '%xlsx'")
    assert (outcome, size, title) == ("raw", 15, f"名单.xlsx ({TITLE})")
    process(config, url)  # (the same bytes again: no event)
    site.page(LIST_PATH, b"PK\x03\x04 the list, one name replaced", content_type=XLSX)
    [again] = process(config, url)
    assert again.change == "unchanged"  # (the article's text is as it was: the file is what changed)
    assert [kind for kind, _ in events(config)] == ["new", "new", "changed"]
    del site.routes[LIST_PATH]
    process(config, url)
    assert [kind for kind, _ in events(config)] == ["new", "new", "changed", "gone"]
    assert rows(config, "select title from events where kind = 'gone'") == [(f"名单.xlsx ({TITLE})",)]
    assert len(site.hits(LIST_PATH)) == 4 and not site.hits("/")  # (the home page's link is no attachment)


def test_an_attachment_is_asked_for_conditionally_and_a_304_changes_nothing(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", notice("/files/a.pdf"))
    site.page("/files/a.pdf", b"%PDF-1.4 notice", content_type="application/pdf", ETag='"v1"')
    process(config, url)
    site.page("/files/a.pdf", b"", status=304, content_type="", ETag='"v1"')
    process(config, url)
    assert site.hits("/files/a.pdf")[-1].headers.get("if-none-match") == '"v1"'
    assert [kind for kind, _ in events(config)] == ["new", "new"]
    assert rows(config, "select outcome from captures where url like '%a.pdf' order by id") == [("raw",),
                                                                                               ("not_modified",)]


def test_a_page_of_html_where_a_file_is_linked_is_not_the_file(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", notice("/files/a.pdf"))
    site.page("/files/a.pdf", "<html><body><h1>请先登录</h1><form><input name=user></form></body></html>")
    [page] = process(config, url)
    assert page.change == "new"
    assert rows(config, "select outcome, error from captures where url like '%a.pdf'") == [("error", "not_a_file")]
    assert [kind for kind, _ in events(config)] == ["new"]


def test_no_attachment_is_fetched_when_none_are_asked_for(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", notice("/files/a.pdf"))
    site.page("/files/a.pdf", b"%PDF-1.4 notice", content_type="application/pdf")
    process(config, url, attachments=())
    assert not site.hits("/files/a.pdf")


def test_attachments_are_files_of_the_asked_types_on_the_articles_site_each_once() -> None:
    links = ["http://www.gov.cn/f/1.PDF", "http://gov.cn/f/2.docx?v=3", "http://other.cn/f/3.pdf",
             "http://gov.cn/f/1.PDF#page=2", "http://gov.cn/download.jsp?name=4.pdf", "http://gov.cn/f/5.html",
             "mailto:office@gov.cn", "http://gov.cn/f/%E5%90%8D%E5%8D%95.xls"]
    found = attachment_urls(links, "http://gov.cn/art/1.html", ("pdf", "docx", "xls"), 10)
    assert found == ["http://www.gov.cn/f/1.PDF", "http://gov.cn/f/2.docx?v=3", "http://gov.cn/f/1.PDF",
                     "http://gov.cn/download.jsp?name=4.pdf", "http://gov.cn/f/%E5%90%8D%E5%8D%95.xls"]
    # (a script serving a file by its name is one; a page whose query names another page is not)
    scripts = ["http://gov.cn/module/download/downfile.jsp?classid=0&filename=2012121510383445.doc",
               "http://gov.cn/view.jsp?url=/f/a.pdf", "http://gov.cn/show.php?id=12&from=index.html"]
    assert attachment_urls(scripts, "http://gov.cn/art/1.html", ("doc", "pdf"), 10) == scripts[:1]
    assert attachment_urls(links, "http://gov.cn/art/1.html", ("pdf", "docx", "xls"), 1) == found[:1]
    # (another host of the article's registrant is its site: a government's file server; another registrant's not)
    hosts = ["http://xxgk.jl.gov.cn/f/1.pdf", "http://www.hunan.gov.cn/f/2.pdf", "http://jl.gov.cn.evil.com/f/3.pdf",
             "http://files.example.com.cn/4.pdf", "http://example.cn/5.pdf"]
    assert attachment_urls(hosts, "http://www.jl.gov.cn/art/1.html", ("pdf",), 10) == hosts[:1]
    assert attachment_urls(hosts, "http://www.example.com.cn/art/1.html", ("pdf",), 10) == hosts[3:4]
    others = ["http://10.0.0.1/1.pdf", "http://[::1]/2.pdf"]  # (an address is a site of its own)
    assert attachment_urls(others, "http://127.0.0.1/a.html", ("pdf",), 9) == []
    shared = ["http://b.github.io/1.pdf", "http://b.sh.cn/2.pdf"]  # (public suffixes others register under)
    assert attachment_urls(shared, "http://a.github.io/a.html", ("pdf",), 9) == []
    assert attachment_urls(shared, "http://a.sh.cn/a.html", ("pdf",), 9) == []
    assert attachment_urls(links, "http://gov.cn/art/1.html", (), 10) == []


def test_a_files_cache_busting_query_makes_no_new_file_each_visit(site: Site, config: Config) -> None:
    site.page("/files/a.pdf", b"%PDF-1.4 notice", content_type="application/pdf")
    for visit in range(3):  # (the page's script stamps the link with the time of each visit)
        stamped = f'href="/files/a.pdf?t={1732700000123 + visit}&amp;_=0.{visit}812345"'.encode()
        url = site.page("/news/p.html", notice("/files/a.pdf").replace(b'href="/files/a.pdf"', stamped))
        process(config, url)
    assert [kind for kind, _ in events(config)] == ["new", "new"]
    assert rows(config, "select distinct url from captures where url like '%a.pdf%'") == [(site.url("/files/a.pdf"),)]
    kept = ["http://gov.cn/f/b.pdf?v=3", "http://gov.cn/d.jsp?filename=c.doc&t=1732700000",  # (a version; a script;
            "http://gov.cn/f/c.pdf?sign=9f2c7e&t=1732700000", "http://gov.cn/f/d.pdf?e=1732700000&token=x"]  # signed)
    assert attachment_urls(kept, "http://gov.cn/1.html", ("pdf", "doc"), 10) == kept


def test_a_file_a_script_serves_by_number_is_known_by_the_line_naming_it(site: Site, config: Config) -> None:
    box = ('<p><a href="/download.jsp?id=12">1.名单.xlsx</a>（23KB）</p>'
           '<p><a href="/show.jsp?id=13">2.关于做好公示工作的通知</a></p>')  # (a page, named as one)
    url = site.page("/news/p.html", notice().replace("<p>附件：</p>".encode(),
                                                     f"<p>附件：</p>{box}".encode()))
    served = "名单.xlsx".encode("gbk").decode("latin-1")  # (the raw GBK bytes a Chinese server sends its name in)
    site.page("/download.jsp", b"PK\x03\x04 list", content_type=XLSX,
              Content_Disposition=f'attachment; filename="{served}"')
    site.page("/show.jsp", "<html><body><p>另一篇通知</p></body></html>")
    process(config, url)
    assert site.hits("/download.jsp") and not site.hits("/show.jsp")
    assert rows(config, "select kind, title from events where url like '%download.jsp%'") == \
        [("new", f"名单.xlsx ({TITLE})")]  # (named as the server names it, not download.jsp)


def test_a_line_names_the_file_a_script_serves_not_a_page_it_links() -> None:
    from crawler.extract import extract_html

    named = {"http://gov.cn/download.jsp?id=12": "1.名单.xlsx", "http://gov.cn/news/jd.html": "2.政策解读.pdf"}
    assert attachment_urls(list(named), "http://gov.cn/a.html", ("xlsx", "pdf"), 9, named) == [*named][:1]
    icon = '<a href="/download.jsp?id=12"><img src="/xls.gif"></a><a href="/download.jsp?id=12">1.名单.xlsx</a>'
    page = notice().replace("<p>附件：</p>".encode(), f"<p>附件：</p><p>{icon}（23KB）[下载]</p>".encode())
    assert extract_html(page.decode(), "http://gov.cn/news/p.html").named_files == \
        (("http://gov.cn/download.jsp?id=12", "1.名单.xlsx"),)  # (its icon links it too; a size and a button after)


def test_a_file_a_line_offers_without_naming_its_type_is_kept_when_the_server_says_it_is_one(site: Site,
                                                                                          config: Config) -> None:
    box = ('<p>附件：<a href="/servlet/download?id=12">2020年度重点项目名单</a></p>'
           '<p>附件2：重点项目汇总表 <a href="/attach/13">[下载]</a></p>'  # (a script, and an address without a type)
           '<p>附件3：<a href="/servlet/download?id=14">项目申报说明</a></p>'  # (a page, where a file was offered)
           '<p>附件4：<a href="/servlet/download?id=15">宣传视频</a></p>')  # (a file of a type not kept)
    url = site.page("/news/p.html", notice().replace("<p>附件：</p>".encode(), box.encode()))
    for number, body, media_type, disposition in [
            (12, b"PK\x03\x04 list", "application/octet-stream", 'attachment; filename="list.xlsx"'),
            (14, "<html><body><p>项目申报说明见正文</p></body></html>".encode(), "text/html; charset=utf-8", ""),
            (15, b"\x00\x00\x00\x18ftypmp42", "video/mp4", "")]:
        site.handler(f"/servlet/download?id={number}", _served(body, media_type, disposition))
    site.page("/attach/13", b"%PDF-1.4 totals", content_type="application/pdf")
    [page] = process(config, url)
    assert sorted(file.url.rsplit("/", 1)[-1] for file in page.files) == ["13", "download?id=12"]
    assert rows(config, "select url, outcome from captures where url != ? order by url", url) == \
        [(site.url("/attach/13"), "raw"), (site.url("/servlet/download?id=12"), "raw")]
    assert rows(config, "select title from events where url like '%id=12'") == [(f"list.xlsx ({TITLE})",)]
    [(text,)] = rows(config, "select text from snapshots")
    assert "附件：2020年度重点项目名单" in text.splitlines()  # (the attachment's linked name is part of the notice)


def test_a_file_a_line_offers_is_checked_when_its_gbk_article_answers_304(site: Site, config: Config) -> None:
    box = '<p>附件：2020年度重点项目名单 <a href="/attach/13">[下载]</a></p>'
    page = notice().replace("<p>附件：</p>".encode(), box.encode()).decode().replace("utf-8", "gbk").encode("gbk")
    url = site.page("/news/p.html", page, content_type="text/html; charset=gbk", ETag='"page"')
    site.page("/attach/13", b"%PDF-1.4 first", content_type="application/pdf")
    process(config, url)
    site.page("/news/p.html", b"", status=304, content_type="", ETag='"page"')
    site.page("/attach/13", b"%PDF-1.4 replaced", content_type="application/pdf")
    [again] = process(config, url)
    assert again.status == 304 and [file.change for file in again.files] == ["changed"]


def test_an_offered_address_that_gives_no_file_is_no_record_of_any_kind(site: Site, config: Config) -> None:
    box = ('<p>附件：<a href="/servlet/download?id=99">项目申报说明</a></p>'  # (no such file: a 404)
           '<p>附件2：<a href="/servlet/download?id=12">2020年度重点项目名单</a></p>')  # (a script's error, as text)
    url = site.page("/news/p.html", notice().replace("<p>附件：</p>".encode(), box.encode()))
    site.handler("/servlet/download?id=12", _served("文件不存在或已被删除".encode(), "text/plain; charset=utf-8", ""))
    [page] = process(config, url)
    assert page.files == () and rows(config, "select url from captures where url != ?", url) == []
    assert len(site.hits("/servlet/download")) == 2


def test_a_file_offered_on_an_articles_later_page_is_fetched(site: Site, config: Config) -> None:
    from tests.test_fetch_article_pages import part_page

    box = '<p>附件：<a href="/servlet/download?id=12">2020年度重点项目名单</a></p>'  # (on the last page)
    pages = [part_page(1, 2), part_page(2, 2).replace("<div class='pages'>", box + "<div class='pages'>")]
    first = [site.page(f"/news/{name}", page) for name, page in zip(("content_123.htm", "content_123_2.htm"), pages,
                                                                     strict=True)][0]
    site.page("/servlet/download", b"%PDF-1.4 list", content_type="application/pdf")
    [result] = process(config, first)
    assert [file.change for file in result.files] == ["new"]


def _served(body: bytes, media_type: str, disposition: str):
    def serve(handler) -> None:
        headers = {"Content-Type": media_type, **({"Content-Disposition": disposition} if disposition else {})}
        handler.send(Response(body, headers=headers))
    return serve


def _raw(name: str, charset: str) -> str:
    return name.encode(charset).decode("latin-1")  # (bytes as a header carries them, read as Latin-1)


@pytest.mark.parametrize(("disposition", "name"), [
    (f'attachment; filename="{_raw("名单.xlsx", "gbk")}"', "名单.xlsx"),
    (f'attachment; filename="{_raw("目录.xlsx", "gbk")}"', "目录.xlsx"),  # (GBK bytes that also read as UTF-8)
    (f'attachment; filename="{_raw("名单.xlsx", "utf-8")}"', "名单.xlsx"),
    ("attachment;filename=%E5%90%8D%E5%8D%95.xlsx", "名单.xlsx"),  # (a Java script's URLEncoder)
    ("attachment; filename=\"__.xlsx\"; filename*=UTF-8''%E5%90%8D%E5%8D%95.xlsx", "名单.xlsx"),  # (RFC 6266)
    ("attachment; filename*=iso-8859-1''M%FCller.pdf", "Müller.pdf"),
    ("attachment; filename=\"a \\\"b\\\" c.pdf\"", 'a "b" c.pdf'),
    ("attachment; filename*=UTF-8''x.xlsx%0A%20http%3A%2F%2Fphish.example", "x.xlsx http://phish.example"),
    ("attachment; filename*=undefined''a.xlsx", None), ("inline", None),
])
def test_a_files_name_is_read_from_its_content_disposition(disposition: str, name: str | None) -> None:
    from store.dispositions import disposition_name

    assert disposition_name((("Content-Disposition", disposition),)) == name


def test_an_article_answering_304_still_has_its_attachments_fetched(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", notice("/files/a.xlsx"), ETag='"page"')
    site.page("/files/a.xlsx", b"PK\x03\x04 first", content_type=XLSX)
    process(config, url)
    site.page("/news/p.html", b"", status=304, content_type="", ETag='"page"')  # (a static page, never edited)
    site.page("/files/a.xlsx", b"PK\x03\x04 replaced", content_type=XLSX)
    [page] = process(config, url)
    assert page.status == 304 and [file.change for file in page.files] == ["changed"]


def test_a_file_linked_by_many_articles_is_fetched_once(site: Site, config: Config) -> None:
    urls = [site.page(f"/news/{n}.html", notice("/files/form.doc").replace(b"2\xe6\x9c\x883", f"{n}".encode()))
            for n in range(5)]
    site.page("/files/form.doc", b"\xd0\xcf\x11\xe0 form", content_type="application/msword")
    process(config, *urls)
    assert len(site.hits("/files/form.doc")) == 1


def test_a_file_retired_by_a_redirect_home_is_gone(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", notice("/files/a.pdf"))
    site.page("/files/a.pdf", b"%PDF-1.4 notice", content_type="application/pdf")
    process(config, url)
    site.page("/files/a.pdf", b"", status=302, content_type="", Location="/")
    site.page("/", "<html><body><h1>首页</h1></body></html>")
    [page] = process(config, url)
    assert [(file.change, file.error) for file in page.files] == [("gone", "redirect_home")]


def test_a_file_a_source_lists_as_a_page_is_kept_as_a_file(site: Site, config: Config) -> None:
    url = site.page("/files/list.xlsx", b"PK\x03\x04 list", content_type=XLSX)
    [page] = process(config, url)
    assert page.change == "new" and rows(config, "select outcome from captures") == [("raw",)]


def test_a_sources_deny_patterns_hold_for_its_attachments(site: Site, config: Config) -> None:
    from crawler.config import Source

    url = site.page("/news/p.html", notice("/uploads/big.zip", "/files/a.pdf"))
    site.page("/uploads/big.zip", b"PK\x03\x04 zip", content_type="application/zip")
    site.page("/files/a.pdf", b"%PDF-1.4 notice", content_type="application/pdf")
    process(config, url, source=Source("s", urls=(url,), deny=(r"/uploads/",)))
    assert not site.hits("/uploads/big.zip") and site.hits("/files/a.pdf")


def test_a_run_counts_its_attachments_changes(site: Site, config: Config) -> None:
    import asyncio

    from crawler.config import Source
    from crawler.run import crawl_source
    from store import Archive

    url = site.page("/news/p.html", notice("/files/a.xlsx"))
    source = Source("s", urls=(url,))
    for body in (b"PK\x03\x04 first", b"PK\x03\x04 replaced"):
        site.page("/files/a.xlsx", body, content_type=XLSX)
        with Archive(config.store.path) as archive:
            summary = asyncio.run(crawl_source(config, archive, source))
    assert (summary.counts.fetched, summary.counts.changed, summary.counts.unchanged) == (2, 1, 1)


def test_a_files_history_change_and_alert_say_what_a_file_has(site: Site, config: Config, tmp_path: Path) -> None:
    import httpx
    from sqlite_utils import Database

    from store.datasette.feed import event_summary, history_path
    from store.versions import events_after
    from tests.archive_builder import serving
    from tests.conftest import run_cli

    url = site.page("/news/p.html", notice("/files/a.xlsx"))
    for body in (b"PK\x03\x04 first", b"PK\x03\x04 replaced"):
        site.page("/files/a.xlsx", body, content_type=XLSX)
        process(config, url)
    file_url = site.url("/files/a.xlsx")
    shown = run_cli("history", "--db", str(config.store.path), file_url, cwd=tmp_path)
    assert shown.returncode == 0 and [line.split()[:2] for line in shown.stdout.splitlines()] == [
        ["file", "b1"], ["file", "b2"]]
    changed = [event for event in events_after(Database(config.store.path), 0) if event.url == file_url][-1]
    assert event_summary(changed) == f"Changed: a.xlsx ({TITLE}) (a file: new bytes)"  # (and the notice's title)
    with serving(config.store.path) as base:
        listed = httpx.get(f"{base}/archive/changed_24h.json", params={"_shape": "array"}, timeout=10).json()
    assert [row["diff"] for row in listed] == [history_path(file_url)]



def test_an_attachment_is_asked_for_with_its_article_as_referer(site: Site, config: Config) -> None:
    from tests.site import Handler, Response

    def guarded(handler: Handler) -> None:  # (a file server that refuses downloads linked from elsewhere: 防盗链)
        linked = handler.headers.get("Referer") == url
        response = Response(b"%PDF-1.4 notice", headers={"Content-Type": "application/pdf"}) if linked else \
            Response(b"<html><body>403 Forbidden</body></html>", 403)
        handler.send_response(response.status)
        for name, value in [*response.headers.items(), ("Content-Length", str(len(response.body)))]:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(response.body)

    url = site.page("/news/p.html", notice("/files/a.pdf"))
    site.handler("/files/a.pdf", guarded)
    [page] = process(config, url)
    assert [(file.change, file.error) for file in page.files] == [("new", None)]


def test_an_attachments_redirect_is_kept_to_its_sources_deny_alone(site: Site, config: Config) -> None:
    source = Source("news", urls=(site.url("/"),), deny=(r"/private/",))
    url = site.page("/news/p.html", notice("/files/a.pdf", "/files/b.pdf"))
    site.page("/files/a.pdf", b"", status=302, content_type="", Location="/private/a.pdf")
    file_server = f"http://localhost:{site.port}/f/b.pdf"  # (another host: a file server of the site's)
    site.page("/files/b.pdf", b"", status=302, content_type="", Location=file_server)
    for path in ("/private/a.pdf", "/f/b.pdf"):
        site.page(path, b"%PDF-1.4 notice", content_type="application/pdf")
    [page] = process(config, url, source=source)
    assert [(file.url, file.error) for file in page.files] == [(site.url("/files/a.pdf"), "redirect_out_of_scope"),
                                                               (site.url("/files/b.pdf"), None)]
    assert not site.hits("/private/a.pdf") and len(site.hits("/f/b.pdf")) == 1
