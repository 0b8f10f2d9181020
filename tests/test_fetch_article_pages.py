"""An article split over several pages (1 2 3 下一页): one version holds the text of all of them, each page's
raw body kept; a page that cannot be read leaves the stored version as it was."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.config import Config, ConfigError, parse_config
from crawler.extract import extract_html
from crawler.extract.pages import article_pages, is_pager, link_marks, may_have_scripted_pages, scripted_pages
from tests.conftest import run_cli
from tests.fetching import make_config, process, rows
from tests.hostile import Validated
from tests.site import Site

PARTS = [
    ["1月11日，市政府召开常务会议，研究部署今年重点民生工程的推进工作，会议由市长主持。",
     "会议听取了市发展改革委关于重点民生工程前期工作进展情况的汇报，对下一步工作提出了明确要求。"],
    ["会议指出，民生工程是民心工程，各有关部门要高度重视，倒排工期，确保各项工程按时开工建设。",
     "会议要求，要加强资金保障，多渠道筹集建设资金，严格资金监管，确保专款专用，提高资金使用效益。"],
    ["会议强调，要强化督查考核，建立健全工作责任制，对工作不力、进度滞后的单位要严肃追究责任。",
     "会议还研究了其他事项。市政府各副市长、秘书长，各有关部门主要负责同志参加了会议。"],
]
TITLE = "市政府召开常务会议部署民生工程"


def part_page(number: int, pages: int, edit: str = "", names: list[str] | None = None) -> str:
    """Page `number` (1-based) of the article, as news sites lay it out: content_123.htm, content_123_2.htm...
    (or at `names`)."""
    names = names or ["content_123.htm"] + [f"content_123_{n}.htm" for n in range(2, pages + 1)]
    pager = " ".join(str(n) if n == number else f"<a href='{names[n - 1]}'>{n}</a>" for n in range(1, pages + 1))
    if number < pages:
        pager += f" <a href='{names[number]}'>下一页</a>"
    text = "".join(f"<p>{line}{edit}</p>" for line in PARTS[number - 1])
    return (f"<html><head><meta charset='utf-8'><title>{TITLE}_新闻中心</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/news/'>新闻</a></div>"
            f"<div class='content'><h1>{TITLE}</h1>{text}<div class='pages'>{pager}</div></div>"
            f"<div class='footer'>版权所有 某某市人民政府</div></body></html>")


def serve(site: Site, pages: int = 3, edit_on: int = 0) -> list[str]:
    urls = []
    for number in range(1, pages + 1):
        name = "content_123.htm" if number == 1 else f"content_123_{number}.htm"
        urls.append(site.page(f"/news/2012-01/11/{name}", part_page(number, pages, "（有修改）" * (number == edit_on))))
    return urls


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def further_pages(url: str | None, hrefs: list[str]) -> tuple[str, ...]:
    return article_pages(url, hrefs).further


def test_a_pagers_numbered_links_name_the_articles_further_pages_in_order() -> None:
    url = "http://news.example.cn/local/2012-01/12/c_122575949.htm"  # (a long id is no page number)
    hrefs = ["c_122575949_3.htm", "c_122575949_2.htm#top", "c_122575950_2.htm", "c_122575949_4.htm?p=1",
             "/other/c_122575949_5.htm"]
    assert further_pages(url, hrefs) == (f"{url[:-4]}_2.htm", f"{url[:-4]}_3.htm")
    ifeng = "http://news.ifeng.com/mainland/detail_2012_01/12/11936354_0.shtml"  # (numbered from _0)
    assert further_pages(ifeng, ["11936354_0.shtml", "11936354_1.shtml"]) == (f"{ifeng[:-8]}_1.shtml",)
    assert further_pages(None, hrefs) == ()
    people = "http://politics.people.com.cn/n1/2020/0206/c1001-31573453.html"  # (a hyphen; the id's is no number)
    assert further_pages(people, ["c1001-31573453-2.html", "c1001-31573454.html"]) == (f"{people[:-5]}-2.html",)
    assert further_pages(f"{url}?from=list", hrefs) == further_pages(url, hrefs)  # (a listing's tracking query)
    # (a later page names its first: the one without a number, else the lowest)
    assert article_pages(f"{url[:-4]}_2.htm", ["c_122575949.htm", "c_122575949_3.htm"]) == (url, (f"{url[:-4]}_3.htm",))
    assert article_pages(f"{ifeng[:-8]}_2.shtml", ["11936354_0.shtml", "11936354_1.shtml"]).first == ifeng
    assert article_pages(ifeng, ["11936354_1.shtml"]).first is None
    assert is_pager("上一页 1 2 下一页 在本页阅读全文") and is_pager("[1] [2] [3]") and is_pager("1 2 3 下一頁")
    assert not is_pager("返回目录 下一页") and not is_pager("第一章│第二章") and not is_pager("12岁男孩体重达280斤")
    assert is_pager("下一页") and is_pager("【下一页】") and is_pager("Next page »") and not is_pager("下一篇")


def test_an_article_whose_short_id_ends_its_name_has_its_pages_after_the_id() -> None:
    url = "http://www.example.gov.cn/xw/content_7.htm"  # (article 7, not page 7 of "content")
    assert article_pages(url, ["content_7_2.htm", "content_7_3.htm"]) == \
        (None, (f"{url[:-4]}_2.htm", f"{url[:-4]}_3.htm"))
    assert article_pages(f"{url[:-4]}_2.htm", ["content_7.htm", "content_7_3.htm"]) == (url, (f"{url[:-4]}_3.htm",))
    page7 = "http://www.example.gov.cn/xw/content.htm"  # (page 7 of content.htm is read as before)
    assert article_pages(f"{page7[:-4]}_7.htm", ["content.htm", "content_8.htm"]) == (page7, (f"{page7[:-4]}_8.htm",))


def test_a_scripts_pages_numbered_in_their_query_are_its_further_pages() -> None:
    url = "http://www.example.gov.cn/news/show.asp?id=5"
    hrefs = ["show.asp?id=5&page=3", "?id=5&page=2", "show.asp?id=6&page=2", "list.asp?id=5&page=2",
             "show.asp?id=5&page=2&from=pager", "show.asp?id=5&page=two", "show.asp?id=5&page=1"]
    assert further_pages(url, hrefs) == (f"{url}&page=2", f"{url}&page=3")  # (page=1 is this page again)
    # (a later page's first is its address without the number, however its pager links it)
    assert article_pages(f"{url}&page=2", ["show.asp?id=5&page=1", "show.asp?id=5&page=3"]) == \
        (url, (f"{url}&page=3",))
    assert article_pages(f"{url}&page=1", ["show.asp?id=5&page=2"]) == (url, (f"{url}&page=2",))
    assert further_pages(url, ["show.asp?id=5&page=0", "show.asp?id=5&page=1"]) == (f"{url}&page=1",)  # (from 0)
    assert further_pages(url, ["show.asp?id=5&curPage=2", "show.asp?id=5&pn=3"]) == (f"{url}&curPage=2",)
    wordpress = "https://blog.example.com/?p=123"  # (p=123 is a post: p=124 another, page=2 its second page)
    assert further_pages(wordpress, ["?p=124", "?p=123&page=2"]) == (f"{wordpress}&page=2",)
    assert article_pages("https://blog.example.com/?p=2", ["?p=1", "?p=3"]) == (None, ())  # (posts 1 and 3)
    # (a listing's pages are other items, a thread's further pages replies: neither is more of one item)
    assert further_pages("http://www.example.cn/list.asp?classid=3", ["list.asp?classid=3&page=2"]) == ()
    thread = "http://www.example.cn/bbs/dispbbs.asp?boardID=2&ID=5"
    assert further_pages(thread, ["dispbbs.asp?boardID=2&ID=5&page=2"]) == ()
    # (so only an item's page is looked through for a query's page numbers: a 304 of another is not read again)
    assert "&page=" in link_marks(url)
    for written in ("page_no", "PN", "Pg", "PAGE", "curPage"):  # (every name the matcher reads, in any case)
        assert any(mark in f"show.asp?id=5&{written}=2".lower() for mark in link_marks(url))
    for listing in ("list.php?id=3", "category.php?id=7", "search.php?id=3&q=x", "bbs/show.asp?id=5"):
        assert further_pages(f"http://www.example.cn/{listing}", [f"/{listing}&page=2"]) == ()
    assert link_marks("http://www.example.cn/news/content_123.htm") == ("content_123_", "content_123-")
    assert link_marks("http://www.example.cn/list.asp?classid=3") == ("list_", "list-")


def test_an_article_over_pages_a_script_numbers_in_its_query_is_one_version(site: Site, config: Config) -> None:
    names = ["show.asp?id=5", "show.asp?id=5&page=2", "show.asp?id=5&page=3"]
    urls = [site.page(f"/news/{name}", part_page(n, 3, names=names)) for n, name in enumerate(names, start=1)]
    [result] = process(config, urls[1])  # (reached at its second page, as a listing may link it)
    assert result.error is None and result.url == urls[0]
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == [line for part in PARTS for line in part]
    assert rows(config, "select url from pages where is_article = 1") == [(urls[0],)]


def test_a_posts_pages_numbered_as_folders_under_its_address_are_its_further_pages() -> None:
    post = "https://blog.example.com/2020/01/long-read/"  # (WordPress's <!--nextpage-->)
    hrefs = [f"{post}3/", f"{post}2/#more", "/2020/01/other-post/2/", "/page/2/", post]
    assert article_pages(post, hrefs) == (None, (f"{post}2/", f"{post}3/"))
    assert article_pages(f"{post}2/", [post, f"{post}3/"]) == (post, (f"{post}3/",))
    assert further_pages("https://www.example.cn/archives/123", ["/archives/123/2", "/archives/123/3"]) == \
        ("https://www.example.cn/archives/123/2", "https://www.example.cn/archives/123/3")
    # (a folder under /news/12/ may be no page of it: a later page is one only where its pager links its first)
    assert article_pages(f"{post}2/", [f"{post}3/"]) == (None, ())
    # (a listing's pages, a date's archive, a forum thread's replies, a site's root: none is one post's pages)
    for listing, page_two in [("/page/1/", "/page/2/"), ("/2020/", "/2020/5/"), ("/2020/05/", "/2020/05/12/"),
                              ("/category/news/", "/category/news/2/"), ("/forum/t/5", "/forum/t/5/2"), ("/", "/2/"),
                              ("/list/", "/list/2/"), ("/channel/", "/channel/2/"), ("/news/", "/news/2/")]:
        assert further_pages(f"https://www.example.cn{listing}", [page_two]) == (), listing
    assert link_marks(post) == ("/long-read/2",) and link_marks(f"{post}2/") == ("/long-read",)


def test_an_article_over_pages_numbered_as_folders_is_one_version(site: Site, config: Config) -> None:
    names = ["/2012/01/minsheng/", "/2012/01/minsheng/2/", "/2012/01/minsheng/3/"]
    urls = [site.page(name, part_page(n, 3, names=names)) for n, name in enumerate(names, start=1)]
    [result] = process(config, urls[2])  # (reached at its last page)
    assert result.error is None and result.url == urls[0]
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == [line for part in PARTS for line in part]


def trs_page(number: int, pages: int, edit: str = "") -> str:
    """Page `number` (1-based) of an article on a TRS site, whose pager a script writes: no link in the page."""
    script = f'<script>createPageHTML({pages}, {number - 1}, "t20220213_552130", "html")</script>'
    return re.sub(r"<div class='pages'>.*?</div>", f"<div class='pages'>{script}</div>", part_page(number, pages, edit))


TRS_PATHS = [f"/zw/yw/202202/t20220213_552130{'' if n == 1 else f'_{n - 1}'}.html" for n in (1, 2, 3)]


def test_a_pager_a_trs_script_writes_names_the_articles_pages() -> None:
    url = "http://www.example.gov.cn/zw/yw/202202/t20220213_552130.html"
    script = '<script>createPageHTML(3, {}, "t20220213_552130", "html")</script>'
    assert scripted_pages(url, script.format(0)) == (None, (url[:-5] + "_1.html", url[:-5] + "_2.html"))
    assert scripted_pages(url[:-5] + "_1.html", script.format(1)) == (url, (url[:-5] + "_2.html",))
    assert scripted_pages(url[:-5] + "_2.html", script.format(2)) == (url, ())
    # (a pager of one page; one naming another file; a listing's; none; a page read from a file)
    for page, html in [(url, script.replace("3,", "1,").format(0)), (url[:-5] + "_1.html", script.format(0)),
                       ("http://www.example.gov.cn/zw/index.html", '<script>createPageHTML(9, 0, "index", "html")'
                                                                   '</script>'), (url, "<p>第1页</p>"),
                       (None, script.format(0))]:
        assert scripted_pages(page, html) == (None, ()), (page, html)
    article = extract_html(trs_page(1, 3), url)
    assert article.continued_on == (url[:-5] + "_1.html", url[:-5] + "_2.html")
    # (a 304's stored bytes are read again for a script naming more pages than one; most call it for one)
    assert may_have_scripted_pages(trs_page(1, 3).encode().lower())
    assert not may_have_scripted_pages(trs_page(1, 1).encode().lower())
    later = extract_html(trs_page(2, 3), url[:-5] + "_1.html")
    assert later.first_page == url and "pages: named by the page's pager script (createPageHTML)" in later.explain


def test_an_article_whose_pager_a_script_writes_is_one_version_and_an_edit_behind_a_304_is_seen(
        site: Site, config: Config) -> None:
    pages = [Validated(trs_page(n, 3).encode(), etag=f'"p{n}"') for n in (1, 2, 3)]
    first, second, _ = [site.handler(path, page) for path, page in zip(TRS_PATHS, pages, strict=True)]
    [result] = process(config, second)  # (reached at its second page)
    assert (result.url, result.error, result.change) == (first, None, "new")
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == [line for part in PARTS for line in part]
    pages[2].body, pages[2].etag = trs_page(3, 3, "（有修改）").encode(), '"p3-edited"'
    [result] = process(config, first)  # (page 1 answers 304: its stored bytes name the pages to check)
    assert (result.change, result.version, result.status) == ("changed", 2, 304)


REVIEWS = ["这次会议提出的措施很实在，特别是资金监管这一条，希望能够真正落实到每一个具体项目上去。",
           "我们小区门口的道路改造工程拖了两年，看到这篇报道很受鼓舞，期待今年能够按时开工建成。"]


def test_a_line_a_later_page_repeats_inside_its_text_is_kept(site: Site, config: Config) -> None:
    question = "记者：在推进这项工作的过程中，您认为最大的困难是什么？又是如何克服的呢？"
    for number in (1, 2):  # (the interviewer puts the same question to a second official on page 2)
        name = "content_123.htm" if number == 1 else "content_123_2.htm"
        answer = f"<p>第{number}位受访者：最大的困难是资金，我们多渠道筹集建设资金，严格资金监管，确保专款专用。</p>"
        site.page(f"/news/{name}", part_page(number, 2).replace("<div class='pages'>",
                                                                f"<p>{question}</p>{answer}<div class='pages'>"))
    process(config, site.url("/news/content_123.htm"))
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines().count(question) == 2


def test_a_gbk_pages_query_pager_is_matched_and_fetched_as_a_browser_writes_its_chinese(site: Site,
                                                                                       config: Config) -> None:
    names = ["show.asp?lm=通知&id=5", "show.asp?lm=通知&id=5&page=2", "show.asp?lm=通知&id=5&page=3"]
    for number, name in enumerate(names, start=1):  # (served only where the query is escaped in GBK)
        body = part_page(number, 3, names=names).replace("charset='utf-8'", "charset='gbk'").encode("gbk")
        site.page(f"/news/{name.replace('通知', '%CD%A8%D6%AA')}", body, content_type="text/html; charset=gbk")
    [result] = process(config, site.url("/news/show.asp?lm=%CD%A8%D6%AA&id=5"))
    assert result.error is None
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == [line for part in PARTS for line in part]


def test_a_pager_of_reviews_under_the_article_adds_no_second_copy_of_it(site: Site, config: Config) -> None:
    names = ["show.asp?id=7", "show.asp?id=7&p=2"]

    def page(number: int) -> str:  # (the article, then the reviews of its page: the pager numbers those)
        reviews = f"<p>{REVIEWS[number - 1]}</p><div class='pages'>"
        return part_page(1, 1).replace("<div class='pages'>", reviews).replace(
            "</div></div>", " ".join(f"<a href='{name}'>{n}</a>" for n, name in enumerate(names, start=1))
            + "</div></div>")

    first, _ = (site.page(f"/news/{name}", page(n)) for n, name in enumerate(names, start=1))
    [result] = process(config, first)
    assert result.error is None
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == PARTS[0] + REVIEWS


def test_a_lead_each_page_repeats_is_kept_once_and_every_pages_text_whole(site: Site, config: Config) -> None:
    lead = ["【核心提示】市政府常务会议研究部署今年重点民生工程，明确十项重点任务和责任分工，全年投资一百二十亿元。",
            "【摘要】会议要求各有关部门倒排工期、强化督查，确保民生工程按时开工、按期建成，让群众早日受益。"]
    boxed = "".join(f"<p>{line}</p>" for line in lead)
    for number in (1, 2, 3):
        name = "content_123.htm" if number == 1 else f"content_123_{number}.htm"
        site.page(f"/news/{name}", part_page(number, 3).replace("</h1>", f"</h1>{boxed}", 1))
    process(config, site.url("/news/content_123.htm"))
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == lead + [line for part in PARTS for line in part]


def test_the_extractor_names_the_further_pages_and_only_a_pagers() -> None:
    url = "http://127.0.0.1/news/2012-01/11/content_123.htm"
    article = extract_html(part_page(1, 3), url)
    assert article.continued_on == (url.replace(".htm", "_2.htm"), url.replace(".htm", "_3.htm"))
    assert article.paragraphs == tuple(PARTS[0])
    series = part_page(1, 1).replace("</div></div>", "</div><p><a href='content_123_2.htm'>下一篇</a></p></div>")
    assert extract_html(series, url).continued_on == ()  # (the next article of a series is no further page)
    # (a link to the next page alone names it where it is one of the article's own numbered pages)
    next_page = part_page(1, 1).replace("<div class='pages'>1</div>", "<p><a href='content_123_2.htm'>下一页</a></p>")
    assert extract_html(next_page, url).continued_on == (url.replace(".htm", "_2.htm"),)
    elsewhere = next_page.replace("content_123_2.htm", "content_124.htm")
    assert extract_html(elsewhere, url).continued_on == ()


def test_an_article_over_three_pages_is_one_version_of_all_its_text(site: Site, config: Config) -> None:
    first, *others = serve(site)
    [result] = process(config, first)
    assert result.change == "new" and result.error is None
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == [line for part in PARTS for line in part]
    captured = rows(config, "select url, outcome, body_sha256 is not null from captures order by id")
    assert captured == [(others[0], "part", 1), (others[1], "part", 1), (first, "ok", 1)]
    assert rows(config, "select url from pages where is_article = 1") == [(first,)]


def serve_next_only(site: Site) -> list[str]:
    """The article's three pages, each linking only the next one (下一页), page 3 none."""
    urls = []
    for number in (1, 2, 3):
        name = "content_123.htm" if number == 1 else f"content_123_{number}.htm"
        following = f"<p><a href='content_123_{number + 1}.htm'>下一页</a></p>" if number < 3 else ""
        page = re.sub(r"<div class='pages'>.*?</div>", following, part_page(number, 3))
        urls.append(site.page(f"/news/2012-01/11/{name}", page))
    return urls


def test_an_article_whose_pages_link_only_the_next_one_is_one_version_of_all_its_text(site: Site,
                                                                                      config: Config) -> None:
    urls = serve_next_only(site)
    [result] = process(config, urls[0])
    assert result.change == "new" and result.error is None
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == [line for part in PARTS for line in part]


def test_a_later_page_of_pages_that_link_only_the_next_is_archived_from_its_first(site: Site,
                                                                                   config: Config) -> None:
    urls = serve_next_only(site)
    [result] = process(config, urls[1])  # (reached at its second page, which links page 3 alone)
    assert (result.url, result.change) == (urls[0], "new")
    assert rows(config, "select url from pages where is_article = 1") == [(urls[0],)]


def test_a_file_under_an_article_over_pages_is_checked_when_its_first_page_answers_304(site: Site,
                                                                                        config: Config) -> None:
    box = '<p>附件：<a href="/files/a.pdf">1.名单.pdf</a></p>'
    pages = [Validated((trs_page(n, 3).replace("<div class='pages'>", box + "<div class='pages'>") if n == 1
                        else trs_page(n, 3)).encode(), etag=f'"p{n}"') for n in (1, 2, 3)]
    first = [site.handler(path, page) for path, page in zip(TRS_PATHS, pages, strict=True)][0]
    site.page("/files/a.pdf", b"%PDF-1.4 first", content_type="application/pdf")
    process(config, first)
    site.page("/files/a.pdf", b"%PDF-1.4 replaced", content_type="application/pdf")
    [again] = process(config, first)  # (page 1 answers 304; its further pages are read, and its files checked)
    assert again.status == 304 and [file.change for file in again.files] == ["changed"]


def test_an_edit_on_a_later_page_is_a_new_version_and_an_unchanged_article_is_not(site: Site,
                                                                                    config: Config) -> None:
    first, *_ = serve(site)
    assert [r.change for r in process(config, first)] == ["new"]
    assert [r.change for r in process(config, first)] == ["unchanged"]
    serve(site, edit_on=3)
    [result] = process(config, first)
    assert (result.change, result.version) == ("changed", 2)
    assert rows(config, "select text like '%参加了会议。（有修改）' from snapshots where version = 2") == [(1,)]


def test_a_page_that_cannot_be_read_keeps_the_stored_version_and_says_which(site: Site, config: Config) -> None:
    first, second, _ = serve(site)
    assert [r.change for r in process(config, first)] == ["new"]
    site.page("/news/2012-01/11/content_123_2.htm", "gone", status=404)
    [result] = process(config, first)
    assert (result.change, result.error) == ("none", "part_failed")
    assert f"page 2 of the article, {second}: http_404" in result.detail
    assert rows(config, "select count(*) from snapshots") == [(1,)]
    assert rows(config, "select outcome, error from captures where url = ? order by id desc limit 1", first) == \
        [("error", "part_failed")]


def test_article_pages_bounds_the_pages_read_and_says_so(site: Site, config: Config) -> None:
    first, *_ = serve(site)
    [result] = process(replace(config, extract=replace(config.extract, article_pages=2)), first)
    [(text, warnings)] = rows(config, "select text, warnings from snapshots")
    assert text.splitlines() == PARTS[0] + PARTS[1] and "extract.article_pages" in warnings
    alone = make_config(config.store.path.parent / "alone")
    [result] = process(replace(alone, extract=replace(alone.extract, article_pages=1)), first)
    assert result.change == "new" and rows(alone, "select text from snapshots") == [("\n".join(PARTS[0]),)]
    with pytest.raises(ConfigError, match="extract.article_pages"):
        parse_config({"extract": {"article_pages": 0}})


def test_the_history_of_a_later_page_names_the_article_it_belongs_to(site: Site, config: Config) -> None:
    first, second, third = serve(site)
    process(config, second)  # (linked on its own: recorded as a part, and the article archived from its first page)
    assert [hit.headers.get("referer") for hit in site.hits("/news/2012-01/11/content_123_3.htm")] == [first]
    for url in (second, third):
        shown = run_cli("history", "--db", str(config.store.path), url)
        assert shown.returncode == 2 and shown.stderr.count("\n") == 1
        assert shown.stderr.endswith(f"(its captures: {1 + (url == second)} part): a later page of the article "
                                     f"{first}, whose versions hold its text\n")


def test_a_later_page_linked_on_its_own_archives_the_article_from_its_first(site: Site, config: Config) -> None:
    first, second, third = serve(site)
    [result] = process(config, second)  # (as a listing that links page 2, or links followed from page 1, reach it)
    assert (result.url, result.change) == (first, "new")
    assert rows(config, "select url, text from snapshots") == [(first, "\n".join(line for p in PARTS for line in p))]
    assert rows(config, "select url from pages where is_article = 1") == [(first,)]
    assert {url for (url,) in rows(config, "select url from captures where outcome = 'part'")} == {second, third}


def test_a_first_page_that_redirects_to_a_later_one_is_stored_as_it_comes(site: Site, config: Config) -> None:
    # (a misconfigured or hostile site: page 2 names page 1 as its first, and page 1 redirects to page 2)
    first, second, _ = serve(site)
    site.page("/news/2012-01/11/content_123.htm", b"", status=302, Location=second)
    [result] = process(config, second)
    assert result.url == first and result.change == "new"
    [(text,)] = rows(config, "select text from snapshots")
    assert text.splitlines() == PARTS[1] + PARTS[2]


def test_an_edit_on_a_later_page_is_seen_when_the_first_page_answers_304(site: Site, config: Config) -> None:
    names = ["content_123.htm", "content_123_2.htm", "content_123_3.htm"]
    pages = [Validated(part_page(n, 3).encode(), etag=f'"p{n}"') for n in (1, 2, 3)]
    first = [site.handler(f"/news/2012-01/11/{name}", page) for name, page in zip(names, pages, strict=True)][0]
    assert [r.change for r in process(config, first)] == ["new"]
    [result] = process(config, first)  # (every page answers 304: nothing is downloaded again)
    assert (result.change, result.status) == ("unchanged", 304)
    assert [page.not_modified for page in pages] == [1, 1, 1]
    assert rows(config, "select count(*) from bodies") == [(3,)]
    pages[2].body, pages[2].etag = part_page(3, 3, "（有修改）").encode(), '"p3-edited"'
    [result] = process(config, first)
    assert (result.change, result.version, result.status) == ("changed", 2, 304)
    [(text,)] = rows(config, "select text from snapshots where version = 2")
    assert text.splitlines()[:4] == PARTS[0] + PARTS[1] and text.endswith("参加了会议。（有修改）")
    assert rows(config, "select outcome, status from captures where url = ? order by id", first) == \
        [("ok", 200), ("not_modified", 304), ("not_modified", 304)]



def test_a_later_page_answering_304_to_a_first_request_is_a_failed_part(site: Site, config: Config) -> None:
    first, second, _ = serve(site)
    site.page("/news/2012-01/11/content_123_2.htm", b"", status=304)  # (a broken server: it has nothing to confirm)
    [result] = process(config, first)
    assert (result.error, result.change) == ("part_failed", "none")
    assert f"page 2 of the article, {second}: http_304" in result.detail
    assert rows(config, "select count(*) from snapshots") == [(0,)]
