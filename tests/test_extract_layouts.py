"""The layout robustness benchmark: the article rebuilt the ways other sites lay it out."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from bench.extraction import corpus, layouts
from bench.extraction.fixtures import load_fixtures
from bench.extraction.runners import RUNNERS, Extraction, Runner

DONORS = ["网友甲：我在这家企业工作了二十年，亲眼看到改革以来的变化，这篇报道说的都是实情，希望继续办好。" * 2] * 8


def fixture(name: str) -> corpus.CorpusPage:
    return next(f.as_corpus_page() for f in load_fixtures() if f.id.endswith(name))


@pytest.mark.parametrize(("name", "mark"), [
    ("comments", "网友评论"), ("sidebar", "推荐阅读"), ("related-inline", "相关阅读"), ("related-atop", "相关专题"),
    ("layout-table", "<table width=100%><tr><td>"), ("comment-table", "网友：读者1 时间："),
    ("page-form", '<form name="form1" method="post" action="/comment/post.asp">'),
    ("comment-lines", "<span>读者1</span> <span>2012-01-11 10:21</span>"), ("gov-footer", "<br>网站标识码：4100000001"),
    ("long-comments", "<span>读者29</span> <span>2012-01-19 10:29</span>"),
])
def test_each_layout_sets_its_furniture_into_the_page_and_keeps_the_gold(name, mark):
    page = fixture("trs")
    body, text, gold = layouts.rebuilt(page, name, DONORS)
    assert mark in text and mark not in page.text() and gold == page.gold_text
    assert body.decode("utf-8") == text and '<meta charset="utf-8">' in text  # (its charset declared anew)


def test_the_data_table_layout_sets_a_table_after_the_middle_line_and_adds_its_rows_to_the_gold():
    page = fixture("gbk")
    body, text, gold = layouts.rebuilt(page, "data-table", DONORS)
    lines = [line for line in page.gold_text.splitlines() if len(line) > 20]
    middle = text.index(lines[len(lines) // 2][-12:])
    assert middle < text.index("<table border=1><tr><td>序号</td>") < middle + 40
    assert gold.startswith(page.gold_text) and gold.endswith("\n30 第30工程公司 张30明 项目经理")


def test_the_charset_layouts_re_encode_the_page_without_its_declaration():
    page = fixture("trs")
    body, text, gold = layouts.rebuilt(page, "gbk", DONORS)
    assert body == text.encode("gb18030") and "charset" not in text.lower().split("<body")[0]
    big5, traditional, traditional_gold = layouts.rebuilt(page, "big5", DONORS)
    assert big5.decode("big5") == traditional and traditional_gold != gold and "國" in traditional_gold


def test_the_seed_fixture_pages_keep_their_article_in_every_layout():
    pages = [f.as_corpus_page() for f in load_fixtures()]
    rows = layouts.measure(pages, [RUNNERS["palimpsest"]], list(layouts.LAYOUTS))
    assert {row.layout for row in rows} == set(layouts.LAYOUTS)
    assert not [row for row in rows if row.collapsed], rows


def test_an_extractor_that_keeps_every_paragraph_is_caught_by_the_furniture_layouts():
    def all_text(html: str | bytes, page: corpus.CorpusPage) -> Extraction:
        return Extraction("\n".join(node.text() for node in LexborHTMLParser(html).css("p, li")))

    pages = [f.as_corpus_page() for f in load_fixtures()]
    rows = layouts.measure(pages, [Runner("all-text", "text", "selectolax", all_text)], ["comments", "sidebar"])
    assert all(row.after < row.before - 0.05 for row in rows), rows


@pytest.mark.skipif(not corpus.corpus_available(), reason=f"extraction corpus not found at {corpus.corpus_dir()} "
                    f"(set {corpus.ENV_VAR} to run it)")
def test_on_the_dev_pages_comments_tables_and_related_boxes_cost_no_article():
    # These layouts found bugs (a comment thread, a login box's checkbox in a layout row, teasers that
    # outweigh a short article): on the code before them they cost 3, 4 and 10 dev pages their article;
    # now none does. (Also since mended: a related box set into a <p> cost pages their second half, under
    # this test's line, F1 0.974 then, 0.976 now; paragraphs wrapped in sections cost one page its article;
    # a 相关专题 box of teasers above a shorter article, five; the sidebar's teasers made a caption page's
    # wrapper classed "nav" hold too small a share of the page's prose, and furniture, one.)
    names = ["comments", "layout-table", "sidebar", "related-inline", "wrapped", "related-atop", "gov-footer"]
    rows = layouts.measure(list(corpus.load(split="dev")), [RUNNERS["palimpsest"]], names)
    collapsed = {row.layout: row.collapsed for row in rows}
    assert collapsed == {"comments": [], "layout-table": [], "sidebar": [], "related-inline": [],
                         "wrapped": [], "related-atop": [], "gov-footer": []}


@pytest.mark.skipif(not corpus.corpus_available(), reason=f"extraction corpus not found at {corpus.corpus_dir()} "
                    f"(set {corpus.ENV_VAR} to run it)")
def test_on_the_dev_pages_unclassed_comments_teasers_and_a_page_wide_form_cost_few_articles():
    # On the code before them, bench-layouts (339 pages) counted 97, 113, 241 and 20 pages that lost their
    # article under these four layouts: eight comments with no class name outweigh a short article, with a
    # heading or without, and so do eight teasers; a page-wide comment form was pruned as a poll's. What is
    # left: pages whose article is itself a caption or is valued below zero, or whose form the parser closed
    # round less than an article's prose. (bench-layouts also scores the fixtures, which moves the donors a
    # little: these are counts of the 332 dev pages. Comments set in the article's own box, below its prose,
    # once cut only at the text's end, now also leave the article alone as the body, and so do comments in a
    # box of their own on a page whose headline was not found: 5 -> 4 and 7 -> 3. Thirty comments, which
    # outweigh the whole page but them (long-comments), cost 10 of the 218 Chinese pages and fixtures their
    # article, and 7 of the 121 English pages; now 1 and 2.)
    # Likewise a notice's table of names after its middle line: its short cells counted as labels against
    # the article, which lost its table or its body to a sidebar on 21 pages; now on 4, where the line
    # chosen sits outside the article's own element (a summary, a disclaimer).
    rows = layouts.measure(list(corpus.load(split="dev")), [RUNNERS["palimpsest"]],
                           ["comment-table", "comment-lines", "long-comments", "page-form", "teasers", "data-table"])
    collapsed = {row.layout: len(row.collapsed) for row in rows}
    most = {"comment-table": 4, "comment-lines": 3, "long-comments": 3, "page-form": 2, "teasers": 2, "data-table": 4}
    assert all(collapsed[name] <= most[name] for name in most), collapsed


@pytest.mark.parametrize(("option", "name", "said"), [("--layouts", "palimpsest", "unknown layout palimpsest"),
                                                      ("--extractors", "comments", "unknown extractor comments")])
def test_a_name_given_to_the_wrong_option_is_a_one_line_error(option, name, said, capsys):
    assert layouts.main([option, name]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: {said} (known: ") and error.count("\n") == 1
