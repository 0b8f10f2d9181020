"""The seed-based fixture pages are what their index says they are, and are reproducible."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from bench.extraction.fixtures import FIXTURE_DIR, load_fixtures

FIXTURES = load_fixtures()
BY_VARIANT = {fixture.variant: fixture for fixture in FIXTURES}
LEAK = re.compile(r"[\u3400-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def make_pages():
    spec = importlib.util.spec_from_file_location("make_pages", FIXTURE_DIR.parent / "make_pages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_committed_pages_are_exactly_what_make_pages_builds():
    built = make_pages().build_all()
    stale = [name for name, data in built.items() if (FIXTURE_DIR / name).read_bytes() != data]
    assert not stale, f"run python tests/fixtures/make_pages.py: {stale}"


def test_every_seed_has_a_page_and_every_variant_is_there():
    seeds = {path.name for path in (FIXTURE_DIR.parents[2] / "seeds").glob("*.txt")}
    assert {fixture.seed.removeprefix("seeds/") for fixture in FIXTURES} == seeds
    assert set(BY_VARIANT) == {"big5", "br", "gbk", "ruby", "trs", "wechat", "split"}


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.id for f in FIXTURES])
def test_index_record_is_complete_and_consistent(fixture):
    assert fixture.path.is_file()
    assert fixture.title and fixture.gold_paragraphs and fixture.boilerplate
    assert fixture.provenance.startswith("made for palimpsest from seed ") and fixture.licence
    gold = "\n".join(fixture.gold_paragraphs)
    assert not LEAK.search(gold) and not LEAK.search(fixture.title), "gold must hold the repaired text"
    assert not [b for b in fixture.boilerplate if b in gold], "a boilerplate string also occurs in the gold"
    fixture.read_bytes().decode(fixture.charset)  # the bytes are in the charset the index names


def test_gbk_page_is_labelled_only_by_a_gb2312_meta():
    page = BY_VARIANT["gbk"]
    data = page.read_bytes()
    assert "charset" not in page.content_type
    assert data.count(b"charset") == 1 and b'<meta charset="gb2312">' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "王喆".encode("gbk") in data  # 喆 is GBK, not GB2312: a strict gb2312 decoder loses it
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")


def test_big5_page_is_big5_bytes():
    data = BY_VARIANT["big5"].read_bytes()
    assert b'<meta charset="big5">' in data
    assert "本鋼集團".encode("big5") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_ruby_page_annotates_with_rt_and_rp():
    text = BY_VARIANT["ruby"].read_bytes().decode("utf-8")
    assert "<ruby>團<rp>(</rp><rt>tuán</rt><rp>)</rp></ruby>" in text
    assert not LEAK.search(re.sub(r"<ruby>.*?</ruby>", "", text))


def test_wechat_page_body_starts_hidden():
    text = BY_VARIANT["wechat"].read_bytes().decode("utf-8")
    assert re.search(r'id="js_content" style="visibility: hidden;"', text)


def test_br_page_separates_paragraphs_with_br_only():
    text = BY_VARIANT["br"].read_bytes().decode("utf-8")
    cell = re.search(r'<td class="content" id="zoom".*?</td>', text, re.S).group(0)
    assert "<p" not in cell and cell.count("<br>") >= 2 * len(BY_VARIANT["br"].gold_paragraphs)


def test_trs_page_uses_trs_editor_and_keeps_seed_003_damage():
    page = BY_VARIANT["trs"]
    text = page.read_bytes().decode("utf-8")
    assert '<div class="TRS_Editor">' in text
    assert page.damaged and all(span in text for span in page.damaged)


def test_split_page_spreads_the_article_over_sibling_blocks_around_an_ad():
    text = BY_VARIANT["split"].read_bytes().decode("utf-8")
    assert text.count('<div class="art-part">') == 2 and '<div class="ad">' in text
    assert '<div class="xgyd"><h4>相關閱讀</h4>' in text.split('<div class="ad">')[0]
