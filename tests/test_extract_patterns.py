"""Alternations behind a lookahead of their first characters: the same matches, found faster."""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser

import pytest

from crawler.extract import boilerplate, bylines, dates, titles
from crawler.extract import heuristics as h
from crawler.extract.patterns import any_of, leading_class, with_lookahead


@pytest.mark.parametrize(("pattern", "leading"), [
    (r"版权.{0,9}所有", "版"),
    (r"(?:不得|禁止)转载", "不禁"),
    (r"\b大\s+中", "大"),  # (a zero-width \b takes no character)
    (r"^上一篇", "上"),
    (r"[“\"「]在看", "\"“「"),
    (r"\d\s*人阅读", r"\d"),
    (r"(个性)?签名", "个签"),  # (an optional group may be skipped: what follows may begin the match too)
    (r"\[\s*打印", r"\["),
    (r"(?<!\d)((?:19|20)\d{2})年", "12"),  # (a lookaround takes no character)
    (r"\b(?:(?<![:\d])(\d{1,2})\s+)?(jan|feb)", r"\dfj"),
])
def test_leading_class_holds_every_character_a_match_may_begin_with(pattern, leading):
    assert leading_class(pattern) == leading


@pytest.mark.parametrize("pattern", [r".{0,5}转载", r"[^a]b", r"\S+评论", r"x?", r"(?=a)", r"$"])
def test_leading_class_is_none_when_any_character_may_begin_a_match(pattern):
    assert leading_class(pattern) is None


def test_any_of_finds_what_the_plain_alternation_finds():
    patterns = [r"分享到", r"(?:不得|禁止)转载", r"阅读\s*\(\d+\)", r"\d\s*人阅读", r"ICP备", r"share on"]
    plain = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    fast = any_of(patterns, re.I)
    assert fast.pattern.startswith("(?=[")
    lines = ["分享到：微信", "本站文章禁止转载", "阅读 (12)", "本文已有5人阅读", "京icp备0001号", "Share On Weibo",
             "会议指出，要加强知识产权保护。" * 20, "不得不说", "Sharon Stone", ""]
    for line in lines:
        assert (plain.search(line) is None) == (fast.search(line) is None), line


def test_any_of_without_a_leading_class_is_the_plain_alternation():
    assert any_of([r"a", r".b"]).pattern == "(?:a)|(?:.b)"


def test_boilerplate_alternations_skip_ahead_on_long_lines():
    # A pattern whose first character cannot be told would drop the lookahead for all of them:
    # every paragraph would pay for it again.
    for pattern in (boilerplate._BOILERPLATE_ANYWHERE, boilerplate._BOILERPLATE_ANYWHERE_LATIN,
                    boilerplate._NOTICE_ANYWHERE, boilerplate._DISCLAIMER):
        assert pattern.pattern.startswith("(?=["), pattern.pattern[:40]


def test_with_lookahead_keeps_the_groups_and_flags():
    labels = with_lookahead(r"(发布时间|posted on|updated)\s*[:：]?", re.I)
    assert labels.pattern.startswith("(?=[")
    found = labels.search("Last UPDATED: 2020-02-06")
    assert found and found.group(1) == "UPDATED" and found.end() == len("Last UPDATED:")
    assert labels.sub("", "发布时间：2020-02-06") == "2020-02-06"


def test_the_date_label_searched_through_whole_pages_skips_ahead():
    assert dates.DATE_LABEL.pattern.startswith("(?=[")
    assert dates.labelled_date("首页 新闻 " * 200 + "发布时间：2020-02-06 09:35", "Asia/Shanghai") \
        == "2020-02-06T09:35:00+08:00"


def test_class_name_patterns_skip_ahead_and_stay_case_blind():
    for pattern in (h.TITLE_CLASS, h.AUTHOR_CLASS, h.NOT_AUTHOR_CLASS):
        assert pattern.pattern.startswith("(?=[")
    assert h.is_title_class.__wrapped__("c-Article HeadLine js-track") and h.is_title_class.__wrapped__("news bt2")
    assert not h.is_title_class.__wrapped__("subhead js-Tracker")
    assert h.AUTHOR_CLASS.search("post__ByLine") and h.NOT_AUTHOR_CLASS.search("Comment-Author")


def test_metadata_labels_each_begin_with_a_literal_character():
    # (then the engine skips to where one of those characters stands: a class such as [Pp] first in one
    # label made every line's scan 25 times slower)
    for label in bylines.METADATA_LABELS:
        first_op, _ = _parser.parse(label)[0]
        assert first_op is sre.LITERAL, label
    assert bylines.has_metadata_label("发贴心情 Post By：2005-8-22 19:13:18")
    assert bylines.has_metadata_label("发贴心情 post by：2005-8-22 19:13:18")


def test_title_and_soft_404_patterns_skip_ahead_and_match_as_before():
    for pattern in (titles._TITLE_SEPARATORS, titles._ISSUE_AND_PAGE, boilerplate.SOFT_404):
        assert pattern.pattern.startswith("(?=["), pattern.pattern[:40]
    assert titles.title_parts("本钢召开视频干部大会_本钢新闻_本钢集团") == ["本钢召开视频干部大会", "本钢新闻",
                                                                          "本钢集团"]
    assert titles.title_parts("Sweden drops its plan - The Local  |  News") == ["Sweden drops its plan",
                                                                                 "The Local", "News"]
    assert titles.title_parts("8.8-8.14 活动安排") == ["8.8-8.14 活动安排"]
    assert titles.is_site_name("北湖晚报电子版 2006年12月8日 第15版")
    assert boilerplate.is_soft_404("Page Not Found", "Sorry, we could not find that page.", 7, 7)


def test_every_comment_marker_holds_a_word_of_the_quick_scan_before_it():
    # is_comment_marker scans for these words first: a marker added without one would never match.
    for marker in boilerplate.with_traditional(boilerplate._COMMENT_MARKERS):
        assert boilerplate._COMMENT_WORD.search(marker.lower()), marker
    for line in ("网友评论", "發表評論", "我來說兩句", "網友跟帖", "讀者留言", "網友回復", "共有12条评论", "Comments",
                 "Leave a Reply", "3 Responses to “Library hours”", "One thought on “Library hours”", "评论(5)"):
        assert boilerplate.is_comment_marker(line), line
    assert not boilerplate.is_comment_marker("Share this story")
