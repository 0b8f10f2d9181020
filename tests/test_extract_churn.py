"""Churn stability: a page whose counters count up and whose headline lists rotate is not edited.

The store keeps a new version when the extracted title or text changes, so what the extractor
keeps must not move with the furniture around it (bench/extraction/churn.py measures it).
"""

from __future__ import annotations

import hashlib
import random

import pytest
from selectolax.lexbor import LexborHTMLParser

from bench.extraction import churn, corpus
from bench.extraction.fixtures import load_fixtures
from bench.extraction.runners import RUNNERS, Extraction, Runner
from crawler.extract import extract_html

ARTICLE = ("本钢集团召开疫情防控工作会议，传达学习省委书记的重要讲话精神，部署下一阶段防控和复工复产工作。",
           "会议要求，各单位要认真贯彻落实，坚决落实好各项防控措施，确保生产经营平稳有序。")
PAGE = ("<html><head><title>会议召开_本钢新闻</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/news'>本钢新闻</a> <a href='/v'>视频</a></div>"
        "<div class='info'>发布时间：2020-02-06 09:35 浏览次数：3571 <span>评论(3)</span></div>"
        "<h1>本钢集团召开疫情防控工作会议</h1><div class='content'>"
        + "".join(f"<p>{line}</p>" for line in ARTICLE)
        + "</div><div class='hot'><h3>热点新闻</h3><ul>"
        "<li><a href='/1'>本钢板材股份公司召开二〇二〇年第一次临时股东大会</a></li>"
        "<li><a href='/2'>集团公司领导深入生产一线检查指导疫情防控工作</a></li>"
        "<li><a href='/3'>本钢冷轧厂全力以赴保障重点用户订单按期交付</a></li></ul></div></body></html>")


def _kept(html: str) -> str:
    article = extract_html(html)
    return f"{article.title}\n{article.text}"


def test_counters_count_up_and_dates_stay_dates():
    copy = churn.churned(PAGE, _kept(PAGE), "counters", random.Random(1))
    assert copy is not None
    assert "发布时间：2020-02-06 09:35 浏览次数：3578" in copy and "评论(10)" in copy
    assert "二〇二〇" in copy and all(line in copy for line in ARTICLE)  # (nothing kept is touched)


def test_spacing_puts_nbsp_between_words_zero_width_spaces_and_indents_and_leaves_the_words():
    copy = churn.churned(PAGE, _kept(PAGE), "spacing", random.Random(2))
    assert copy is not None and copy != PAGE
    assert "\u3000\u3000" in copy and ("&nbsp;" in copy or "\u00a0" in copy)
    assert extract_html(copy).text == extract_html(PAGE).text


def test_generated_class_names_are_renamed_and_readable_ones_stay():
    page = PAGE.replace("<div class='content'>", "<div class='content css-1vxca1d e1qksbhf0'>")
    copy = churn.churned(page, _kept(page), "classes", random.Random(4))
    assert copy is not None and "content " in copy and "css-1vxca1d" not in copy and "e1qksbhf0" not in copy
    assert churn.churned(PAGE, _kept(PAGE), "classes", random.Random(4)) is None  # (nothing generated to rename)


def test_an_ad_slot_goes_between_two_of_the_articles_paragraphs():
    copy = churn.churned(PAGE, _kept(PAGE), "ads", random.Random(5))
    assert copy is not None and copy.count("ad-slot") == 1
    assert copy.index(ARTICLE[0]) < copy.index("ad-slot") < copy.index(ARTICLE[1])
    assert extract_html(copy).text == extract_html(PAGE).text


def test_headline_lists_rotate_and_menus_and_the_article_stay():
    copy = churn.churned(PAGE, _kept(PAGE), "headlines", random.Random(3))
    assert copy is not None and copy != PAGE
    for menu in ("首页", "本钢新闻", "视频"):
        assert f">{menu}</a>" in copy
    assert all(line in copy for line in ARTICLE)
    assert churn.churned(PAGE, _kept(PAGE) + "".join(
        ("本钢板材股份公司召开二〇二〇年第一次临时股东大会", "集团公司领导深入生产一线检查指导疫情防控工作",
         "本钢冷轧厂全力以赴保障重点用户订单按期交付")), "headlines", random.Random(3)) is None


def test_the_seed_fixture_pages_keep_their_title_and_text_under_churn():
    pages = [fixture.as_corpus_page() for fixture in load_fixtures()]
    outcomes = churn.run(RUNNERS["palimpsest-text"], pages)
    judged = [o for o in outcomes if o.changed is not None]
    assert len(judged) >= len(pages)  # (their counters and hot lists are there to churn)
    assert not [o for o in judged if o.changed], [o for o in judged if o.changed]


def test_an_extractor_whose_text_moves_with_the_furniture_is_caught_by_every_churn():
    def paragraphs_and_a_digest_of_the_page(html: str | bytes, page: corpus.CorpusPage) -> Extraction:
        tree = LexborHTMLParser(html)
        whole = tree.body.text() if tree.body else ""
        lines = [p.text() for p in tree.css("p")]
        return Extraction("\n".join([*lines, hashlib.sha256(whole.encode()).hexdigest()]), "title")

    page = load_fixtures()[0].as_corpus_page()
    outcomes = churn.run(Runner("digest", "text", "selectolax", paragraphs_and_a_digest_of_the_page), [page])
    assert {o.churn: o.changed for o in outcomes} == {"counters": True, "headlines": True, "spacing": True,
                                                      "classes": None, "ads": True}  # (no generated class there)


@pytest.mark.skipif(not corpus.corpus_available(), reason=f"extraction corpus not found at {corpus.corpus_dir()} "
                    f"(set {corpus.ENV_VAR} to run it)")
def test_on_the_dev_pages_counters_spacing_and_classes_never_change_the_text_headlines_and_ads_nearly_never():
    outcomes = churn.run(RUNNERS["palimpsest-text"], corpus.load(split="dev"))
    judged = {kind: [o for o in outcomes if o.churn == kind and o.changed is not None] for kind in churn.CHURNS}
    assert all(len(kinds) > 250 for kinds in judged.values())
    for kind in ("counters", "spacing", "classes"):
        assert not [o for o in judged[kind] if o.changed], [o for o in judged[kind] if o.changed]
    for kind in ("headlines", "ads"):
        changed = [o for o in judged[kind] if o.changed]
        assert len(changed) <= 0.015 * len(judged[kind]), changed
