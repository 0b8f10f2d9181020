"""A government page fetched, changed, fetched again: a new version exactly when a reader would see an edit.

The page is a TRS-like notice (a banner, a crumb, 发布时间/来源 over the text, a share bar, related news); each test
changes one thing of it between two fetches through the real pipeline and store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import Config
from tests.fetching import make_config, process, rows
from tests.site import Site

PATH = "/xwfb/gzdt/202403/t20240305_1.html"
TEXT = ("2024年3月5日，国务院国资委召开中央企业负责人会议，总结2023年工作，部署2024年重点任务。",
        "会议指出，2023年中央企业完成固定资产投资1103亿元，同比增长8.5%，经营质效稳步提升。")


def notice(*, banner: str = "今天是2024年3月5日 星期二", info: str = "发布时间：2024-03-05 10:30 来源：国资委新闻中心",
           tail: str = "") -> str:
    text = "".join(f"<p>{line}</p>" for line in TEXT)
    return f"""<html><head><meta charset="utf-8"><title>国资委召开中央企业负责人会议_国务院国资委</title></head><body>
<div class="top">{banner} <a href="/">首页</a> | <a href="/xwfb/">新闻发布</a> | <a href="/zwgk/">政务公开</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwfb/">新闻发布</a></div>
<h1>国资委召开中央企业负责人会议</h1><div class="info">{info}</div>
<div class="TRS_Editor">{text}{tail}</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/n/1.html">国资委部署开展专项行动</a></li></ul></div>
<div class="footer">版权所有 国务院国有资产监督管理委员会 京ICP备05000000号</div></body></html>"""


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def fetched_twice(site: Site, config: Config, first: str, second: str, path: str = PATH) -> list[tuple]:
    """The page's versions (version, published) after a fetch of `first`, then of `second`."""
    url = site.page(path, first)
    process(config, url)
    site.page(path, second)
    process(config, url)
    return rows(config, "SELECT version, published FROM snapshots WHERE url = ? ORDER BY version", url)


def test_a_banners_date_of_today_is_no_edit_of_a_page_without_a_date_line(site: Site, config: Config) -> None:
    # (the page is dated by its URL, t20240305: the banner's day is the day of the visit)
    first, second = (notice(banner=banner, info="来源：国资委新闻中心")
                     for banner in ("今天是2024年3月6日 星期三", "今天是2024年3月7日 星期四"))
    assert fetched_twice(site, config, first, second) == [(1, "2024-03-05T00:00:00+08:00")]


def test_a_banners_bare_date_of_today_is_no_edit_of_a_page_dated_nowhere_else(site: Site, config: Config) -> None:
    # (without 今天是: a date with its weekday in the top bar, above the headline and the crumb; no date in the URL)
    first, second = (notice(banner=banner, info="来源：国资委新闻中心")
                     for banner in ("2024年3月6日 星期三", "2024年3月7日 星期四"))
    assert fetched_twice(site, config, first, second, "/xwfb/gzdt/info_1.html") == [(1, None)]


PICTURE = '<p style="text-align:center"><img src="/images/a.jpg"></p><p style="text-align:center">{}</p>'


@pytest.mark.parametrize(("before", "after"), [("图为会议现场", "图为分会场"), ("▲会议现场", "▲分会场")])
def test_an_edit_of_the_last_pictures_caption_is_a_new_version(site: Site, config: Config, before: str,
                                                               after: str) -> None:
    # (a short line without punctuation ending the text is dropped as a label, unless it captions the picture above)
    first, second = (notice(tail=PICTURE.format(caption)) for caption in (before, after))
    assert [version for version, _ in fetched_twice(site, config, first, second)] == [1, 2]


@pytest.mark.parametrize(("before", "after"), [("欢迎广大职工群众积极参与监督", "欢迎广大职工群众积极参与监督举报"),
                                               ("让我们携手共建美好家园", "让我们携手共建美丽家园")])
def test_an_edit_of_a_short_closing_line_is_a_new_version(site: Site, config: Config, before: str, after: str) -> None:
    # (no punctuation, no picture above it: a paragraph like the text's own, naming no writer, source or office)
    first, second = (notice(tail=f"<p>{line}</p>") for line in (before, after))
    assert [version for version, _ in fetched_twice(site, config, first, second)] == [1, 2]


def test_a_qr_codes_label_under_the_text_is_still_no_text(site: Site, config: Config) -> None:
    first, second = (notice(tail=PICTURE.format(label)) for label in ("扫一扫关注国资小新", "扫一扫关注国资委微信"))
    assert [version for version, _ in fetched_twice(site, config, first, second)] == [1]


def test_an_edit_of_the_lead_pictures_caption_is_a_new_version(site: Site, config: Config) -> None:
    first, second = (notice().replace('<div class="TRS_Editor">', '<div class="TRS_Editor">' + PICTURE.format(caption))
                     for caption in ("图为会议现场", "图为分会场"))
    assert [version for version, _ in fetched_twice(site, config, first, second)] == [1, 2]


@pytest.mark.parametrize("counter", ["阅读：{}", "<span class='hits'>浏览：{}</span>", "（点击：{}次）"])
def test_a_view_counter_after_the_texts_last_sentence_is_no_edit(site: Site, config: Config, counter: str) -> None:
    # (set in the last paragraph, after its full stop: each visit moved the line)
    first, second = (notice().replace(f"{TEXT[1]}</p>", f"{TEXT[1]}{counter.format(n)}</p>") for n in (1234, 1240))
    assert [version for version, _ in fetched_twice(site, config, first, second)] == [1]
    assert rows(config, "SELECT text FROM snapshots")[0][0].endswith("经营质效稳步提升。")


def test_an_edit_in_the_folded_rest_of_the_text_is_a_new_version(site: Site, config: Config) -> None:
    # (hidden after its 展开全文 button in a div.more: the class names the fold, and is no furniture's)
    fold = "<div class='zk'>展开全文</div><div class='more' style='display:none'><p>会议还审议通过了{}文件。</p></div>"
    first, second = (notice(tail=fold.format(files)) for files in ("有关", "三项"))
    assert [version for version, _ in fetched_twice(site, config, first, second)] == [1, 2]
