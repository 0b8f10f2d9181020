"""Chinese pages decoded right on the way in, each capture recording the charset and where it came from."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from crawler.config import Config
from store import Archive
from tests.fetching import make_config, process, rows
from tests.site import Site

TITLE = "关于进一步加强中央企业安全生产工作的通知"
PARAGRAPHS = ("各中央企业：为深入贯彻落实党中央、国务院关于安全生产工作的决策部署，现就有关事项通知如下。",
              "一、切实提高政治站位，充分认识做好安全生产工作的重要性和紧迫性，牢固树立安全发展理念。",
              "二、全面排查整治重大风险隐患，坚决防范遏制重特大事故发生，确保人民群众生命财产安全。")
TRADITIONAL = ("關於進一步加強中央企業安全生產工作的通知",
               ("各中央企業：為深入貫徹落實黨中央、國務院關於安全生產工作的決策部署，現就有關事項通知如下。",
                "一、切實提高政治站位，充分認識做好安全生產工作的重要性和緊迫性，牢固樹立安全發展理念。",
                "二、全面排查整治重大風險隱患，堅決防範遏制重特大事故發生，確保人民群眾生命財產安全。"))


def page(title: str, paragraphs: tuple[str, ...], meta: str = "", home: str = "首页",
         footer: str = "主办单位：国务院国有资产监督管理委员会") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head>{meta}<title>{title}</title></head><body>"
            f"<div class='nav'><a href='/'>{home}</a></div><div class='article'><h1>{title}</h1>{body}</div>"
            f"<div class='footer'>{footer}</div></body></html>")


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def stored(config: Config, url: str) -> tuple:
    return rows(config, "select c.charset, c.charset_source, s.title, s.text from captures c "
                        "join snapshots s on s.capture_id = c.id where c.url = ?", url)[0]


def test_meta_only_gb2312_is_read_as_gb18030(site: Site, config: Config) -> None:
    # 镕 is outside GB2312 but in GBK/GB18030: such pages say gb2312 and mean GBK
    paragraphs = (*PARAGRAPHS, "国务院原总理朱镕基同志曾多次强调安全生产责任重于泰山，必须常抓不懈。")
    html = page(TITLE, paragraphs, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    url = site.page("/gb.html", html.encode("gb18030"), content_type="text/html")
    [result] = process(config, url)
    assert result.change == "new"
    charset, source, title, text = stored(config, url)
    assert (charset, source, title) == ("gb18030", "meta", TITLE)
    assert text.splitlines() == list(paragraphs)


def test_wrong_charset_header_falls_back_to_detection(site: Site, config: Config) -> None:
    url = site.page("/wrong.html", page(TITLE, PARAGRAPHS).encode("gbk"), content_type="text/html; charset=utf-8")
    [result] = process(config, url)
    charset, source, title, text = stored(config, url)
    assert (charset, source, title) == ("gb18030", "detected", TITLE)
    assert "\ufffd" not in text and text.splitlines() == list(PARAGRAPHS)


def test_big5_page(site: Site, config: Config) -> None:
    title, paragraphs = TRADITIONAL
    body = page(title, paragraphs, home="首頁", footer="主辦單位：國務院").encode("big5")
    url = site.page("/big5.html", body, content_type="text/html; charset=big5")
    process(config, url)
    charset, source, stored_title, text = stored(config, url)
    assert (charset, source, stored_title) == ("big5hkscs", "header", title)
    assert text.splitlines() == list(paragraphs)


def test_bom_wins_over_a_wrong_header(site: Site, config: Config) -> None:
    body = codecs.BOM_UTF8 + page(TITLE, PARAGRAPHS).encode("utf-8")
    url = site.page("/bom.html", body, content_type="text/html; charset=gbk")
    process(config, url)
    assert stored(config, url)[:3] == ("utf-8", "bom", TITLE)


def test_header_charset_is_recorded_as_header(site: Site, config: Config) -> None:
    url = site.page("/h.html", page(TITLE, PARAGRAPHS).encode("gbk"), content_type="text/html; charset=GBK")
    process(config, url)
    assert stored(config, url)[:3] == ("gb18030", "header", TITLE)


def test_the_raw_bytes_are_kept_as_served(site: Site, config: Config) -> None:
    raw = page(TITLE, PARAGRAPHS).encode("gbk")
    url = site.page("/raw.html", raw, content_type="text/html")
    process(config, url)
    [(digest,)] = rows(config, "select body_sha256 from captures")
    with Archive(config.store.path) as archive:
        assert archive.body(digest) == raw
