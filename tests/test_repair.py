"""Text repair: ruby, leaked pinyin, mojibake, whitespace."""

from __future__ import annotations

from crawler.extract import extract_html
from crawler.extract.repair import (
    find_mojibake,
    limit_nesting,
    may_nest_too_deep,
    normalize_whitespace,
    repair_mojibake,
    repair_pinyin,
)


def test_leaked_pinyin_is_removed():
    assert repair_pinyin("本鋼集團(tuán)召開視頻干部大會 統(tǒng)籌部署") == "本鋼集團召開視頻干部大會 統籌部署"
    assert repair_pinyin("發(fā)展（fā）") == "發展"
    assert repair_pinyin("綠(lǜ)色") == "綠色"


def test_latin_text_with_parentheses_is_left_alone():
    for text in ("Python (programming language)", "北京(Beijing)", "中铝集团(CHALCO)", "函数f(x)", "见附件(a)",
                 "Café (à la carte)"):
        assert repair_pinyin(text) == text


def page_of(*paragraphs: str) -> str:
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><body><div class='content'><h1>会议召开</h1>{text}</div></body></html>"


OPENING = "为深入贯彻落实党中央决策部署，集团公司于近日召开专题会议，研究部署下一阶段重点工作任务。"


def test_an_editors_reading_of_a_rare_place_name_is_kept_and_a_pages_leak_is_not():
    noted = "山东省莘（xīn）县和安徽省亳(bó)州市的代表参加了会议，会议指出要坚持高质量发展。"
    article = extract_html(page_of(OPENING, noted))
    assert noted in article.paragraphs and not any("leaked pinyin" in line for line in article.explain)
    leaked = ["本鋼集團(tuán)黨委書記、董事長陳繼壯強調(diào)，要深入學(xué)習(xí)貫徹總書記重要指示精神。", noted]
    article = extract_html(page_of(OPENING, *leaked))
    assert article.paragraphs[1:] == ("本鋼集團黨委書記、董事長陳繼壯強調，要深入學習貫徹總書記重要指示精神。",
                                      "山东省莘县和安徽省亳州市的代表参加了会议，会议指出要坚持高质量发展。")


def test_ruby_annotations_are_dropped():
    html = ("<html><body><div class='content'><p><ruby>團<rp>(</rp><rt>tuán</rt><rp>)</rp></ruby>結一致，"
            "共克時艱，打贏疫情防控阻擊戰，全力以赴保障生產經營穩定運行。</p></div></body></html>")
    assert extract_html(html).text == "團結一致，共克時艱，打贏疫情防控阻擊戰，全力以赴保障生產經營穩定運行。"


def test_mojibake_of_utf8_read_as_gbk_is_detected_and_repaired():
    original = "作为践行初心使命、体现责任担当的试金石和磨刀石"
    garbled = original.encode("utf-8").decode("gbk", "replace")
    assert find_mojibake(garbled)
    lossless = "担当的试金石".encode().decode("gbk")  # an even byte count decodes without loss
    assert find_mojibake(lossless)
    assert repair_mojibake(lossless) == "担当的试金石"


def test_seed_003_mojibake_is_flagged():
    # The seed's own leaked line: mojibake further damaged by a script conversion, not repairable.
    line = "作為踐行初心使命、體現責任擔當?shù)脑嚱鹗湍サ妒?充分發動廣大黨員幹部和職工群眾"
    assert find_mojibake(line)
    html = f"<html><body><div class='content'><p>{line}。這是正常的一段話，沒有問題。</p></div></body></html>"
    assert any("mojibake" in w for w in extract_html(html).warnings)


def test_mojibake_is_found_beside_replacement_characters_and_lone_surrogates():
    garbled = "担当的试金石".encode().decode("gbk")
    assert find_mojibake("\ufffd" + garbled + "\ufffd，正常的文字")
    assert find_mojibake("\ud800 " + garbled)  # a lone surrogate elsewhere in the line does not hide it
    assert not find_mojibake("\ud800正常的中文句子，没有乱码。\ufffd")
    # Runs are read one by one: mojibake halves on either side of a U+FFFD do not join into Han text.
    assert not find_mojibake("中文\ufffd中文\ufffd中文\ufffd中文")


def test_text_without_han_is_not_mojibake_and_mojibake_inside_it_is_found():
    for text in ("Для вкусного семейного ужина у меня есть фирменный рецепт — пирог с брокколи.",
                 "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας… «Καλημέρα»", "Ça coûte 5 € — “très” cher…"):
        assert not find_mojibake(text)
    garbled = "担当的试金石".encode().decode("gbk")
    assert find_mojibake(f"Рецепт пирога: {garbled} — вкусно.")


def test_clean_chinese_is_not_mojibake():
    for text in ("中国铝业集团有限公司党组书记、董事长姚林：国有企业是中国特色社会主义的重要物质基础和政治基础。",
                 "本鋼集團黨委書記、董事長陳繼壯強調，要深入學習貫徹習近平總書記關於統籌推進新冠肺炎疫情防控的重要指示精神",
                 "日本語の文章はカタカナとひらがなを含みます。東京都で会議が開かれました。",
                 "这家名为“我の家”的日料店开业三年，生意一直很好，老板说要感谢街坊邻居的支持。"):  # (の for 的)
        assert not find_mojibake(text)
        assert repair_mojibake(text) == text


def test_whitespace_variants_normalize_to_the_same_text():
    variants = ["\u3000\u3000会上，陈继壯 讲话。", "&nbsp;会上，陈继壯\u00a0讲话。".replace("&nbsp;", "\u00a0"),
                "会上，\u200b陈继壯  讲话。\ufeff", " 会上，陈继壯\t 讲话。 "]
    assert {normalize_whitespace(v) for v in variants} == {"会上，陈继壯 讲话。"}


def test_a_line_break_in_the_source_between_chinese_characters_is_no_space():
    # As a browser shows it (CSS removes a segment break between two wide characters): a page whose
    # source wraps a paragraph anew is the same text.
    wrapped = ["会上，陈继壯讲话，\n要求加强领导。", "会上，陈继壯讲话，\r\n    要求加强领导。",
               "会上，陈继\n壯讲话，要求加强领导。"]
    assert {normalize_whitespace(v) for v in wrapped} == {"会上，陈继壯讲话，要求加强领导。"}
    assert normalize_whitespace("the meeting\nended") == "the meeting ended"
    assert normalize_whitespace("会议\nended 今天") == "会议 ended 今天"  # beside a Latin word, a space
    assert normalize_whitespace("第一句。\n\u3000\u3000第二句") == "第一句。 第二句"  # an indent stays a space


def test_nfc():
    assert normalize_whitespace("Cafe\u0301") == "Caf\u00e9"


def test_limit_nesting_keeps_text_and_shallow_pages():
    shallow = "<div><p>a</p></div>"
    assert limit_nesting(shallow) == shallow
    deep = "<div>" * 5000 + "正文" + "</div>" * 5000
    flat = limit_nesting(deep, limit=100)
    assert "正文" in flat and flat.count("<div>") == 100


def test_only_pages_with_many_deep_tags_are_scanned_for_nesting():
    assert not may_nest_too_deep(b"<div><p>a</p></div>" * 2000)  # fewer tags than the scan needs
    assert may_nest_too_deep(("<div>" * 20_000 + "a").encode())
    assert not may_nest_too_deep(("<span>" * 20_000 + "a").encode())  # inline tags nest cheaply


def test_mojibake_needs_three_non_ascii_characters_in_a_row():
    assert not find_mojibake("The company’s “new” product — on sale now")
