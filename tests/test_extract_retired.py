"""What a page left in a retired one's place says: where it sends the reader, and whether an alert says it is gone."""

from __future__ import annotations

import pytest

from crawler.extract import extract_html
from crawler.extract.retired import alerts_not_found, refresh_target, script_target


@pytest.mark.parametrize(("content", "target"), [
    ("0; url=/index.html", "/index.html"),
    ("3;URL='http://www.example.gov.cn/'", "http://www.example.gov.cn/"),
    ("5, /xwzx/", "/xwzx/"),
    ("300; url=/index.html", None),  # (too late to be a retired page's: a live page refreshing)
    ("60", None),  # (reloads itself)
    ("0; url=javascript:void(0)", None),
    ("", None),
])
def test_refresh_target(content: str, target: str | None) -> None:
    assert refresh_target(content) == target


def test_script_target_and_alert() -> None:
    html = "<script>alert('该信息不存在或已删除！');top.location.href = '/';</script>"
    assert script_target(html) == "/" and alerts_not_found(html)
    assert script_target("<script>location.replace(\"/xwzx/index.html\")</script>") == "/xwzx/index.html"
    assert not alerts_not_found("<script>alert('请输入用户名')</script>")
    assert script_target("<script>var x = 1;</script>") is None


def test_only_a_page_without_text_sends_its_reader_on() -> None:
    head = "<head><meta http-equiv='refresh' content='0; url=/index.html'></head>"
    assert extract_html(f"<html>{head}<body></body></html>", "http://example.org/a/1.html").sends_to == \
        "http://example.org/index.html"
    text = "".join(f"<p>第{i}段：会议强调，要加强组织领导，压实各级责任，推动高质量发展。</p>" for i in range(4))
    article = extract_html(f"<html>{head}<body><h1>会议召开</h1><div>{text}</div></body></html>",
                           "http://example.org/a/1.html")
    assert article.paragraphs and article.sends_to is None


def test_a_page_of_pictures_in_its_template_sends_nobody_home_by_its_scripts() -> None:
    # (a scanned notice, pictures alone: its template's logo goes home on a click, its player alerts on an error)
    menu = "".join(f"<li><a href='/c{i}/'>全市安全生产工作会议召开部署第{i}项重点任务</a></li>" for i in range(10))
    html = ("<html><head><title>关于春节放假的通知</title><script>function failed() { alert('该视频已被删除'); }"
            "</script></head><body><a class='logo' onclick=\"window.location.href='/'\"><img src='/logo.png'></a>"
            f"<ul class='menu'>{menu}</ul><h1>关于春节放假的通知</h1><div class='content'><img src='/scan1.jpg'>"
            "<img src='/scan2.jpg'></div></body></html>")
    article = extract_html(html, "http://example.org/tz/1.html")
    assert article.sends_to is None and not article.soft_404
    stub = "<html><body><script>alert('该信息已被删除');location.href='/';</script></body></html>"
    assert extract_html(stub, "http://example.org/tz/1.html").sends_to == "http://example.org/"
