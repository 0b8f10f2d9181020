"""The seed-based fixture pages: the article comes out whole, and no boilerplate line the seeds
leaked (share bars, counters, comment widgets, 声明, EN...) reaches the body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import extract
from crawler.extract.boilerplate import is_boilerplate_line

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = json.loads((PAGES / "index.json").read_text(encoding="utf-8"))
SEEDS = Path(__file__).parents[1] / "seeds"


def extracted(fixture: dict):
    body = (PAGES / fixture["file"]).read_bytes()
    return extract(body, fixture["url"], content_type=fixture.get("content_type"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f["id"])
def test_every_gold_paragraph_and_no_boilerplate(fixture):
    article = extracted(fixture)
    for paragraph in fixture["gold_paragraphs"]:
        pieces = [paragraph]
        for damaged in fixture["damaged"]:  # compare only the text around an unrepairable span
            pieces = [part for piece in pieces for part in piece.split(damaged)]
        for piece in filter(None, pieces):
            assert piece in article.text, piece
    for line in fixture["boilerplate"] + fixture["metadata_lines"]:
        assert line not in article.paragraphs, line
        assert line not in article.text, line


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f["id"])
def test_title_date_author_source(fixture):
    article = extracted(fixture)
    assert article.title == fixture["title"]
    published = fixture["published"]
    if published and "T" not in published:
        published += "T00:00:00+08:00"
    assert article.published == published
    assert article.author == fixture["author"]
    assert article.source == fixture["source"]
    assert article.article_score > 0.7


# Lines of the seed files that are page furniture, as the seeds leaked them.
SEED_BOILERPLATE = {
    "001_d4425382e9c96755.txt": [
        "30915 浏览", "全部评论(0", "登录,参与评论前请先登录", "暂无评论", "电话 暂无! 手机 暂无!",
        "联系人 暂无! 地址 暂无!", "电话 暂无!", "加载中....", "取消", "保存海报 微信好友 朋友圈 QQ好友", "确定", "|",
    ],
    "003_b61d33ae5f7da04e.txt": ["EN", "瀏覽次數(shù):", "分享至:"],
}


@pytest.mark.parametrize("name", sorted(SEED_BOILERPLATE))
def test_seed_boilerplate_lines_are_recognised_on_their_own(name):
    seed_lines = [line.strip().lstrip("• ").strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()]
    for line in SEED_BOILERPLATE[name]:
        assert line in seed_lines  # the list above is taken from the seed, not made up
        assert is_boilerplate_line(line), line


def test_seed_statement_notice_is_boilerplate_however_long():
    notice = next(line for line in (SEEDS / "001_d4425382e9c96755.txt").read_text(encoding="utf-8").splitlines()
                  if line.startswith("声明"))
    assert len(notice) > 100 and is_boilerplate_line(notice)


def test_prose_mentioning_copyright_is_not_boilerplate():
    prose = ("会议指出，要加强知识产权保护，完善版权所有者的维权渠道，推动形成尊重创新的良好氛围，"
             "为企业高质量发展营造公平竞争的市场环境，这是今年工作的重点之一。")
    assert not is_boilerplate_line(prose)
