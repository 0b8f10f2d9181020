"""Edit fidelity: a silent edit to an article shows in its extracted text exactly, and nothing else moves.

The store keeps a version per change of the extracted text; a missed edit is a false record
(bench/extraction/edits.py measures it on the corpus).
"""

from __future__ import annotations

import random

import pytest

from bench.extraction import corpus, edits
from bench.extraction.fixtures import load_fixtures
from bench.extraction.runners import RUNNERS, Extraction, Runner
from crawler.extract import extract_html

PARAGRAPHS = ("本钢集团召开疫情防控工作会议，传达学习省委书记的重要讲话精神，部署下一阶段防控和复工复产工作。",
              "会议要求，各单位要认真贯彻落实，坚决落实好各项防控措施，确保生产经营平稳有序。",
              "会议强调，当前疫情防控形势依然严峻复杂，降低应急响应级别不等于解除防控警报。",
              "集团各部门负责人、各子公司主要负责人在分会场参加会议，并结合实际抓好落实。")
PAGE = ("<html><head><title>会议召开_本钢新闻</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/news'>本钢新闻</a></div>"
        "<h1>本钢集团召开疫情防控工作会议</h1><div class='content'>"
        + "".join(f"<p>{line}</p>" for line in PARAGRAPHS) + "</div></body></html>")


@pytest.mark.parametrize("edit", edits.EDITS)
def test_each_edit_is_made_in_the_articles_paragraphs_and_expected_exactly(edit: str):
    lines = extract_html(PAGE).text.splitlines()
    assert lines == list(PARAGRAPHS)
    made = edits.edited(PAGE, lines, edit, "zh", random.Random(1))
    assert made is not None
    html, expected = made
    assert "首页" in html and "<h1>本钢集团召开疫情防控工作会议</h1>" in html  # (only the article is edited)
    assert extract_html(html).text.splitlines() == expected
    new = edits.NEW_PARAGRAPH["zh"]
    assert {"word": len(expected) == 4 and edits.INSERTED_WORDS["zh"] in expected[2],
            "insert": expected[2] == new, "append": expected[-1] == new,
            "delete": expected == [*PARAGRAPHS[:2], *PARAGRAPHS[3:]]}[edit]


def test_an_extractor_that_misses_edits_is_caught():
    # A stand-in that stops at the first paragraph it has not seen before (as a "read more" cut would).
    def stops_at_news(html: str | bytes, page: corpus.CorpusPage) -> Extraction:
        lines = extract_html(html).text.splitlines()
        return Extraction("\n".join(lines[:next((i for i, line in enumerate(lines) if line.startswith("截至")),
                                                len(lines))]), "title")

    page = corpus.CorpusPage(id="snippet", lang="zh", split="fixtures", site="-", source="-", url=None,
                             charset="utf-8", charset_declared="utf-8", body=PAGE.encode(), gold_text="",
                             gold_published=None, gold_author=None, cleaneval_header=False, licence="-", dataset="-")
    verdicts = {o.edit: o.recorded for o in edits.run(Runner("cut", "text", "selectolax", stops_at_news), [page])}
    assert verdicts == {"word": True, "insert": False, "append": False, "delete": True}
    assert all(o.recorded for o in edits.run(RUNNERS["palimpsest-text"], [page]))


def test_the_seed_fixture_pages_record_every_edit():
    outcomes = edits.run(RUNNERS["palimpsest-text"], [fixture.as_corpus_page() for fixture in load_fixtures()])
    judged = [o for o in outcomes if o.recorded is not None]
    assert len(judged) >= 8 and all(o.recorded for o in judged), [o for o in judged if not o.recorded]


@pytest.mark.skipif(not corpus.corpus_available(), reason=f"extraction corpus not found at {corpus.corpus_dir()} "
                    f"(set {corpus.ENV_VAR} to run it)")
def test_on_the_dev_pages_nearly_every_edit_is_recorded_exactly():
    outcomes = edits.run(RUNNERS["palimpsest-text"], corpus.load(split="dev"))
    for edit in edits.EDITS:
        judged = [o for o in outcomes if o.edit == edit and o.recorded is not None]
        assert len(judged) > 250
        assert sum(not o.recorded for o in judged) <= 0.03 * len(judged), [o for o in judged if not o.recorded]
