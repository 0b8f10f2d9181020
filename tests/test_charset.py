"""Charset decoding shared by fetch and extract."""

from __future__ import annotations

import codecs
import re

from crawler.charset import decode, han_count

TEXT = "中国铝业集团董事长：在打赢防疫阻击战中践行初心和使命。国有企业是中国特色社会主义的重要物质基础。" * 8


def html(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>news</title></head><body><p>{body}</p></body></html>"


def test_meta_charset_gbk_decodes_as_gb18030():
    page = html(TEXT + "𠮷", '<meta charset="gbk">').encode("gb18030")  # a GB18030-only character
    decoded = decode(page)
    assert (decoded.charset, decoded.source) == ("gb18030", "meta")
    assert "𠮷" in decoded.text


def test_http_equiv_gb2312():
    page = html(TEXT, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk")
    assert decode(page).charset == "gb18030" and TEXT in decode(page).text


def test_header_wins_over_meta():
    page = html(TEXT, '<meta charset="utf-8">').encode("gbk")
    decoded = decode(page, "text/html; charset=GBK")
    assert (decoded.charset, decoded.source) == ("gb18030", "header")


def test_bom_wins():
    page = codecs.BOM_UTF8 + html(TEXT, '<meta charset="gbk">').encode("utf-8")
    assert decode(page).source == "bom" and TEXT in decode(page).text


def test_a_stray_utf8_mark_before_gbk_bytes_does_not_make_them_utf8():
    page = codecs.BOM_UTF8 + html(TEXT, '<meta charset="gbk">').encode("gbk")
    decoded = decode(page)
    assert decoded.charset == "gb18030" and TEXT in decoded.text


def test_utf8_bytes_under_a_gb2312_meta_are_utf8():
    page = html(TEXT, '<meta charset="gb2312">').encode("utf-8")
    decoded = decode(page)
    assert decoded.charset == "utf-8" and TEXT in decoded.text


def test_latin1_header_on_gbk_bytes():
    with_meta = html(TEXT, '<meta charset="gbk">').encode("gbk")
    assert decode(with_meta, "text/html; charset=ISO-8859-1").charset == "gb18030"
    without_meta = html(TEXT).encode("gbk")
    decoded = decode(without_meta, "text/html; charset=iso-8859-1")
    assert decoded.charset == "gb18030" and TEXT in decoded.text


def test_latin1_header_on_big5_bytes():
    decoded = decode(html(BIG5_TEXT * 3).encode("big5"), "text/html; charset=iso-8859-1")
    assert decoded.charset == "big5hkscs" and BIG5_TEXT in decoded.text


def test_real_latin1_stays_latin1():
    page = html("Le café où l'on déjeune, à Besançon, près de la gare - très bien.", "").encode("latin-1")
    decoded = decode(page, "text/html; charset=iso-8859-1")
    assert decoded.source == "header" and "Besançon" in decoded.text


def test_a_short_gbk_notice_under_a_latin1_header_or_none_is_gbk():
    # (too few Han characters for the everyday-character test: 停电通知 is no text of everyday words)
    page = html("因线路检修，3月16日8:00-18:00停电。", "<title>停电通知</title>").encode("gbk")
    for content_type in ("text/html; charset=ISO-8859-1", "text/html", None):
        decoded = decode(page, content_type)
        assert decoded.charset == "gb18030" and "因线路检修" in decoded.text, content_type


def test_short_latin_text_in_a_windows_code_page_stays_latin():
    for text in ("Café à Besançon, très bien.", "Ærøskøbing – Smørrebrød “special”", "Zürich: Größe 10 €"):
        page = html(text).encode("cp1252")
        assert text in decode(page, "text/html; charset=windows-1252").text
        assert decode(page).charset not in ("gb18030", "big5hkscs"), text  # (undeclared: some Latin code page)


def test_undeclared_gbk_and_big5_are_detected():
    gbk = decode(html(TEXT).encode("gbk"))
    assert gbk.source == "detected" and TEXT in gbk.text
    big5_text = "本鋼集團黨委書記、董事長陳繼壯強調，要深入學習貫徹總書記的重要指示精神。" * 8
    big5 = decode(html(big5_text, '<meta charset="big5">').encode("big5"))
    assert big5.charset == "big5hkscs" and big5_text in big5.text


def test_declared_charset_with_a_few_bad_bytes_is_kept():
    page = html(TEXT, '<meta charset="gbk">').encode("gbk")
    damaged = page[:200] + b"\xff" + page[200:]
    decoded = decode(damaged)
    assert decoded.charset == "gb18030" and decoded.source == "meta"


NOTICE = "根据国务院办公厅通知，清明节放假三天，4月4日至6日调休。请各部门做好值班安排。"


def script_heavy(text: str, head: str = "") -> str:
    """A page of 35 KB of ASCII script and one short notice: its bad bytes are a sliver of its size."""
    script = "<script>" + "".join(f"var cfg{i} = {{id: {i}, url: '/static/m{i}.js'}};\n" for i in range(900))
    return html(text, head + script + "</script>")


def test_gbk_bytes_declared_utf8_are_gbk_however_much_ascii_script_the_page_carries():
    for content_type, head in (("text/html; charset=utf-8", ""), (None, '<meta charset="utf-8">')):
        decoded = decode(script_heavy(NOTICE, head).encode("gbk"), content_type)
        assert decoded.charset == "gb18030" and NOTICE in decoded.text


def test_utf8_with_a_teaser_cut_mid_character_is_utf8_declared_or_not():
    cut = "学习中".encode() + "心".encode()[:2] + b"..."
    for content_type in (None, "text/html; charset=utf-8"):
        page = html(TEXT).encode().replace(b"</p>", b"</p><p>" + cut * (1 if content_type is None else 8) + b"</p>")
        decoded = decode(page, content_type)
        assert decoded.charset == "utf-8" and TEXT in decoded.text


def test_big5_is_read_as_browsers_read_it():
    # (Python's big5hkscs reads A1E3 as ∼, A145 as •, lacks € and the HKSCS-2008 codes, and after a code it lacks
    # pairs the next bytes wrong: 20€， became 20�寣A)
    text = "上午9時～下午5時，約翰‧藍儂，門票每人20€，學生半價，每張￥30。"
    decoded = decode(html(text * 3).encode("cp950"), "text/html; charset=big5")
    assert decoded.charset == "big5hkscs" and text in decoded.text
    hkscs_2008 = bytes.fromhex("877a") + "，完".encode("big5")  # (㡵, then the characters after it)
    assert decode(hkscs_2008, forced="big5").text == "㡵，完"


def test_big5_a241_and_a242_are_read_as_browsers_read_them():
    # (Python reads A241 and A242 as ／ and ＼, which are A1FE's and A240's; browsers as ∕ and ﹨)
    text = "收費標準：每人∕每次新台幣100元，目錄﹨公告﹨通知，日期2024／01／05，路徑＼下載。"
    decoded = decode(html(text * 3).encode("cp950"), "text/html; charset=big5")
    assert decoded.charset == "big5hkscs" and text in decoded.text
    # 丐 (A4A2) then A and B: bytes A2 41 and A2 42, but no such code
    assert decode("丐A丐B∕".encode("cp950"), forced="big5").text == "丐A丐B∕"


def test_gbk_is_read_as_browsers_read_it():
    # (byte 0x80 is € to browsers; A3A0 a full-width space, A6D9 a vertical comma, not private-use characters)
    page = html("[S][V]汇率中间价为1[E]兑7.8512元" + TEXT, '<meta charset="gbk">').encode("gbk")
    for mark, code in ((b"[S]", b"\xa3\xa0"), (b"[V]", b"\xa6\xd9"), (b"[E]", b"\x80")):
        page = page.replace(mark, code)
    decoded = decode(page)
    assert decoded.charset == "gb18030" and "\u3000︐汇率中间价为1€兑7.8512元" in decoded.text


def test_forced_charset():
    assert decode(b"abc", forced="gbk").source == "forced"


def test_strict_tells_whether_every_byte_decoded():
    clean = decode(html(TEXT, '<meta charset="utf-8">').encode("utf-8"))
    assert clean.strict and clean.text.encode("utf-8") == html(TEXT, '<meta charset="utf-8">').encode("utf-8")
    assert decode(html(TEXT).encode("utf-8")).strict  # detected
    damaged = html(TEXT, '<meta charset="gbk">').encode("gbk")
    damaged = damaged[:200] + b"\xff" + damaged[200:]
    assert not decode(damaged).strict


BIG5_TEXT = "一位旅居美國的建築師，四年前回台灣到一家知名診所做健檢，當時醫師卻沒發現他的光片有異常，直到兩年後才確診。"


def mostly_markup(text: str) -> str:
    """A page as portals serve them: its article a small part of its bytes, the rest ASCII markup
    with English comments, which a detector without a model of Chinese reads as a Latin language."""
    comment = ("<!-- The advertisement slot below is loaded after the page; please do not remove the container"
               " or change its size, otherwise the layout of the page will break. -->\n") * 80
    links = "".join(f'<li><a href="/news/{i}.html">{text[i % 40:i % 40 + 12]}</a></li>' for i in range(60))
    return html(f"{comment}<div class='content'><p>{text}</p></div>{comment}<ul>{links}</ul>{comment}")


def test_undeclared_big5_in_a_page_of_mostly_ascii_markup_is_big5():
    # charset-normalizer has no model of Chinese: it guesses such pages as a Latin code page.
    decoded = decode(mostly_markup(BIG5_TEXT).encode("big5"))
    assert (decoded.charset, decoded.source) == ("big5hkscs", "detected")
    assert BIG5_TEXT in decoded.text


def test_undeclared_gbk_in_a_page_of_mostly_ascii_markup_is_gbk():
    decoded = decode(mostly_markup(TEXT).encode("gbk"))
    assert decoded.charset == "gb18030" and TEXT in decoded.text


def test_big5_declared_as_gb2312_and_gbk_declared_as_big5_are_read_right():
    # Both decode without a single error under the other codec, into rare characters.
    big5 = decode(html(BIG5_TEXT, '<meta charset="gb2312">').encode("big5"))
    assert (big5.charset, big5.source) == ("big5hkscs", "detected") and BIG5_TEXT in big5.text
    gbk = decode(html(TEXT, '<meta charset="big5">').encode("gbk"))
    assert (gbk.charset, gbk.source) == ("gb18030", "detected") and TEXT in gbk.text


def test_undeclared_latin_text_is_not_taken_for_chinese():
    text = "Le café où l'on déjeune, à Besançon, près de la gare, est très apprécié des élèves. " * 20
    decoded = decode(mostly_markup(text).encode("cp1252"))
    assert decoded.charset not in ("gb18030", "big5hkscs") and "Besançon" in decoded.text


def test_undeclared_korean_is_not_taken_for_chinese():
    # GB18030 reads EUC-KR bytes without an error, into Han characters; few of them everyday ones.
    text = "서울시는 오늘 새로운 교통 정책을 발표했습니다. 시민들은 대중교통을 더 편리하게 이용할 수 있게 됩니다. " * 10
    decoded = decode(html(text).encode("euc_kr"))
    assert decoded.charset not in ("gb18030", "big5hkscs") and text in decoded.text


def test_han_count_counts_the_unified_ideographs_only():
    text = "国企改革𠀀（2020年）：本鋼集團 — Bǎn ｶﾅ かな 한글 〇"
    assert han_count(text) == len(re.findall(r"[\u4e00-\u9fff]", text)) == 9
    assert han_count("") == 0 and han_count("plain ASCII") == 0
