"""The body finder on small pages: each heuristic, one snippet each."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from crawler.extract import Article, SiteRules, extract, extract_html, to_json, to_reference_format
from crawler.extract.boilerplate import without_counters

PARA = [
    "本鋼集團黨委書記、董事長陳繼壯主持會議並提出工作要求，本鋼集團領導班子成員分別在集團主會場參加會議。",
    "會上，陳繼壯傳達了省委書記的重要講話精神，要求全體幹部職工認真貫徹落實，堅決落實好防控的各項措施。",
    "陳繼壯強調，當前本鋼集團處於疫情低風險地區，降低應急響應級別不等於解除防控警報，反彈回潮的風險依然存在。",
]
FIXTURE_PAGES = Path(__file__).parent / "fixtures" / "pages"
NAV = '<div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/about">关于我们</a></div>'


def page(body: str, head: str = "<title>会议召开_本钢新闻_本钢集团</title>") -> str:
    return f"<html><head>{head}</head><body>{NAV}{body}</body></html>"


def test_paragraphs_of_the_article_and_not_the_navigation():
    html = page('<div id="content">' + "".join(f"<p>{p}</p>" for p in PARA) + "</div>")
    article = extract_html(html)
    assert article.paragraphs == tuple(PARA)
    assert "首页" not in article.text


def test_br_separated_paragraphs_are_one_per_line():
    html = page("<td>" + "<br><br>".join(PARA) + "</td>")
    assert extract_html(html).paragraphs == tuple(PARA)


def test_article_spanning_sibling_blocks_is_kept_whole():
    html = page(
        f'<div class="main"><div class="part1"><p>{PARA[0]}</p><p>{PARA[1]}</p></div>'
        '<div class="pic"><img src="/a.jpg" alt="会议现场"></div>'
        f'<div class="part2"><p>{PARA[2]}</p></div></div>'
        '<div class="sidebar"><ul><li><a href="/1">另一条新闻标题一</a></li>'
        '<li><a href="/2">另一条新闻标题二</a></li></ul></div>'
    )
    article = extract_html(html, "http://example.cn/news/1.html")
    assert all(p in article.paragraphs for p in PARA)
    assert "另一条新闻标题一" not in article.text
    assert article.images[0].src == "http://example.cn/a.jpg" and article.images[0].alt == "会议现场"


def test_link_list_inside_the_body_is_dropped_but_inline_links_kept():
    body = (f'<div class="article"><p>{PARA[0]}</p><p>{PARA[1]} 详见<a href="/doc">通知全文</a>。</p>'
            '<ul><li><a href="/r1">相关：某某集团召开会议</a></li><li><a href="/r2">相关：某某公司复工</a></li></ul>'
            f"<p>{PARA[2]}</p></div>")
    article = extract_html(page(body), "http://example.cn/a/b.html")
    assert "相关：某某集团召开会议" not in article.text
    assert "http://example.cn/doc" in article.links


def test_relative_links_resolve_against_the_pages_base_href_as_a_browser_resolves_them():
    body = (f'<div class="article"><p>{PARA[0]}</p><p>{PARA[1]} 详见<a href="doc/1.pdf">通知全文</a>。</p>'
            f'<p>{PARA[2]}<img src="img/1.jpg" alt="会场"></p><p><a href="content_123_2.htm">下一页</a></p></div>')
    head = "<title>会议召开_本钢新闻_本钢集团</title><base href='http://www.example.cn/news/2020/'>"
    article = extract_html(page(body, head), "http://www.example.cn/news/2020/content_123.htm?from=list")
    assert article.links == ("http://www.example.cn/news/2020/doc/1.pdf",)
    assert article.images[0].src == "http://www.example.cn/news/2020/img/1.jpg"
    assert article.continued_on == ("http://www.example.cn/news/2020/content_123_2.htm",)
    saved = extract_html(page(body, head))  # (a saved page without its address: its <base href> is one)
    assert saved.links == ("http://www.example.cn/news/2020/doc/1.pdf",)
    relative = extract_html(page(body, head.replace("http://www.example.cn/news/2020/", "/files/")),
                            "http://www.example.cn/a/b.html")  # (a base relative to the page's address)
    assert relative.links == ("http://www.example.cn/files/doc/1.pdf",)
    for no_base in ("<base target='_blank'>", "<base href='javascript:void(0)'>", "<base href='http://'>",
                    "<base href='http://example.cn:99999/a/'>"):  # (none, or malformed: ignored, as a browser does)
        assert extract_html(page(body, no_base), "http://example.cn/a/b.html").links == ("http://example.cn/a/doc/1.pdf",)
    # (a template's own host with its default port or the other scheme names the page's folder: its pager holds)
    for own_host in ("http://www.example.cn:80/news/2020/", "http://www.example.cn/news/2020/"):
        same = extract_html(page(body, head.replace("http://www.example.cn/news/2020/", own_host)),
                            "https://www.example.cn/news/2020/content_123.htm")
        assert same.continued_on == ("https://www.example.cn/news/2020/content_123_2.htm",)


def test_a_portals_link_home_after_the_last_sentence_and_a_screen_readers_note_are_not_text():
    home = (f'<div class="article"><p>{PARA[0]}</p><p>{PARA[1]}</p>'
            f'<p>{PARA[2]}<a href="/">返回腾讯网首页&gt;&gt;</a></p>')
    note = ('<span style="width:0;height:0;overflow:hidden;display:block;font:0/0 Arial">'
            '正文已结束，您可以按alt+4进行评论</span>')
    article = extract_html(page(home + note + "</div>"), "https://new.qq.com/omn/20190923/20190923A0ABCD00.html")
    assert article.paragraphs == tuple(PARA)
    quoted = PARA[2][:-1] + "，记者问他如何返回首页。"  # (prose that says 返回首页 is no link home)
    assert extract_html(page(f'<div class="article"><p>{PARA[0]}</p><p>{quoted}</p></div>')).paragraphs[-1] == quoted


def test_a_box_headed_extension_and_recommendation_under_the_text_ends_it():
    box = ('<div class="special_tag_wrap"><div class="special_tag_ttl">延伸 · 推荐</div>'
           '<p>近日，四川江油一社区女民警接到群众求助电话，及时劝阻了一起电信诈骗案件，为群众挽回损失数万元。</p>'
           '<p><a href="/r1">社区民警成功劝阻电信诈骗</a></p></div>')
    body = "".join(f"<p>{p}</p>" for p in PARA)
    article = extract_html(page(f'<div class="article">{body}{box}</div>'))
    assert article.paragraphs == tuple(PARA)


def test_short_lines_under_a_numbered_heading_at_the_end_are_its_list_not_labels():
    units = ("局机关第一党支部", "公交集团第三分公司党支部", "港航事业发展中心党支部")
    names = "".join(f"<p>{name}</p>" for name in units)
    paragraphs = "".join(f"<p>{p}</p>" for p in PARA)
    body = f"<div class='content'>{paragraphs}<p>三、先进基层党组织（3个）</p>{names}</div>"
    assert extract_html(page(body)).paragraphs[-1] == "港航事业发展中心党支部"
    unnumbered = body.replace("三、先进基层党组织（3个）", "")
    assert extract_html(page(unnumbered)).paragraphs[-1] == PARA[-1]  # (short lines after the text are labels)


@pytest.mark.parametrize("closing", ["欢迎广大职工群众积极参与监督", "让我们携手共建美好家园"])
def test_a_short_closing_line_without_punctuation_ends_the_text_and_is_no_label(closing):
    # (its edit is an edit: dropped as a label, it was none)
    paragraphs = "".join(f"<p>{p}</p>" for p in PARA)
    article = extract_html(page(f"<div class='content'>{paragraphs}<p>{closing}</p></div>"))
    assert article.paragraphs == (*PARA, closing)
    furniture = "<p>责任编辑：张三</p><p>【打印】 【关闭】</p><p>返回顶部</p>"  # (which go, under it)
    article = extract_html(page(f"<div class='content'>{paragraphs}<p>{closing}</p>{furniture}</div>"))
    assert article.paragraphs == (*PARA, closing)


@pytest.mark.parametrize("label", [
    "国资委新闻中心", "集团公司党委宣传部供稿", "新京报记者 彭冲 山东冠县报道", "据《中国青年报》",
    "长按识别二维码关注我们", "更多精彩内容请点击进入专题", "文中观点不代表本网立场", "请选择您看到这篇新闻时的心情",
    "<h3>全国国资系统工作会议召开</h3>",
    "<a href='/n/2.html'>全国国资系统工作会议召开</a>",
])
def test_a_short_last_line_naming_a_writer_a_source_or_an_office_is_still_a_label(label):
    # (nor a heading or a link over what follows: only a paragraph like the prose above it closes the text)
    paragraphs = "".join(f"<p>{p}</p>" for p in PARA)
    line = label if label.startswith("<h") else f"<p>{label}</p>"
    assert extract_html(page(f"<div class='content'>{paragraphs}{line}</div>")).paragraphs == tuple(PARA)


def test_a_digests_linked_item_headings_stay_but_a_lone_teaser_goes():
    items = "".join(f"<h4>{i}.<a href='/n/{i}.html'>[视频]第{i}条新闻的标题</a></h4><p>{PARA[i % 3]}</p>"
                    for i in range(1, 4))
    article = extract_html(page(f"<div class='tiyao'>{items}</div>"))
    assert "1.[视频]第1条新闻的标题" in article.paragraphs and "3.[视频]第3条新闻的标题" in article.paragraphs
    paragraphs = "".join(f"<p>{p}</p>" for p in PARA)
    teaser = f"<div class='article'>{paragraphs}<h3><a href='/x'>另一条新闻的标题</a></h3><p>{PARA[0]}</p></div>"
    assert "另一条新闻的标题" not in extract_html(page(teaser)).text


def test_headings_and_lists_survive_as_lines():
    body = (f'<div class="TRS_Editor"><p>{PARA[0]}</p><h3>强化领导力 做到守土尽责</h3><p>{PARA[1]}</p>'
            "<ol><li>一要深入做好省属企业疫情防控工作，紧紧压实责任。</li><li>二要尽最大努力采购急需医用物资。</li></ol>"
            f"<p>{PARA[2]}</p></div>")
    lines = extract_html(page(body)).paragraphs
    assert "强化领导力 做到守土尽责" in lines
    assert "二要尽最大努力采购急需医用物资。" in lines


def test_class_hint_tips_a_close_call_to_the_article_wrapper():
    text = "".join(f"<p>{p}</p>" for p in PARA)
    body = f'<div class="wrap"><div class="TRS_Editor">{text}</div><p>本站说明：内容仅供参考。</p></div>'
    article = extract_html(page(body))
    assert any("TRS_Editor" in line for line in article.explain if line.startswith("body:"))
    assert "本站说明" not in article.text


def test_comment_widget_with_prose_is_not_body():
    body = (f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}</div>'
            '<div class="comment-list"><p>网友甲：这篇文章写得很好，支持国企发展！</p></div>')
    assert "网友甲" not in extract_html(page(body)).text


def test_long_reader_comments_are_not_body_however_long():
    # Each comment is longer than a small furniture block may be, and together they outweigh the article.
    said = "我在这家企业工作了二十年，亲眼看到改革以来的变化。" * 18
    replies = "".join(f'<li class="comment depth-1"><p>{name}：{said}</p></li>' for name in ("甲", "乙", "丙"))
    article = "".join(f"<p>{p}</p>" for p in PARA + [p[::-1] for p in PARA] + PARA[:2])
    body = f'<div class="post"><div class="content">{article}</div><ol class="commentlist">{replies}</ol></div>'
    text = extract_html(page(body)).text
    assert "我在这家企业" not in text
    assert PARA[2] in text


def test_a_long_comment_thread_does_not_make_an_article_wrapper_classed_like_navigation_furniture():
    # A photo page wraps its caption-length article in div.nav.nextpage; a thread of long comments follows.
    # The wrapper holds most of the page's own text, and readers' comments are not the page's text.
    said = "我在这家企业工作了二十年，亲眼看到改革以来的变化，这篇报道说的都是实情。" * 6
    replies = "".join(f'<div class="comment"><div class="c_info">网友{n} 发表于 2012-01-1{n} 10:20</div>'
                      f"<p>{said}</p></div>" for n in range(8))
    body = (f'<div class="nav nextpage"><div class="mian"><p>{PARA[0]}</p></div></div>'
            f'<div class="comments"><h3>网友评论</h3>{replies}</div>')
    assert extract_html(page(body)).paragraphs == (PARA[0],)


TEASERS = [
    "伴随着国务院关于投资体制改革的决定出台，民间资本成为投资活动的主体之一，放宽了社会资本的投资领域，给民间资本开拓了新空间…",
    "坚冰已经打破，但国务院发展研究中心的专家却撰文指出，把民资置于完全垄断的领域，无疑是以卵击石，城市基础设施将成为新领地…",
    "民间投资以较少的资源获得较快的发展，说明其效率、效益比政府投资更高，城市化对基础服务的巨大需求，为民间投资提供了舞台…",
    "寸草报春晖。无论东部地区还是中西部地区，民间投资城市基础服务已经形成潮流，而且有日益汹涌之势，但观念障碍依然存在…",
    "上世纪九十年代中后期，在政府未设准入禁令的各个产业方向上，短缺经济基本结束，买方市场初步形成，外资开始把目光投向…",
]


def teaser_items(paragraph: str = "<p>{}</p>") -> str:
    return "".join(f"<li><a href='/n/{n}.html'>相关报道标题第{n}条</a>{paragraph.format(text)}</li>"
                   for n, text in enumerate(TEASERS))


def test_a_sidebar_of_teasers_does_not_make_an_article_wrapper_classed_like_navigation_furniture():
    # The photo page again, a box of teasers beside it that hold more prose than its caption: they are
    # related reading, no part of the page's own text, and the wrapper still holds most of that.
    body = (f'<div class="nav nextpage"><div class="mian"><p>{PARA[0]}</p></div></div>'
            f'<div class="side"><h3>推荐阅读</h3><ul>{teaser_items()}</ul></div>')
    assert extract_html(page(body)).paragraphs == (PARA[0],)


@pytest.mark.parametrize("heading", ["推荐阅读", "相關新聞", "You may also like"])
def test_teasers_under_a_related_reading_heading_are_not_a_short_articles_body(heading):
    # Each teaser is a headline's link and the story's opening lines: together they outweigh the article.
    items = teaser_items()
    body = (f'<div class="content"><p>{PARA[0]}</p><p>{PARA[1]}</p></div>'
            f'<div class="side"><h3>{heading}</h3><ul>{items}</ul></div>')
    assert extract_html(page(body)).paragraphs == tuple(PARA[:2])


def test_a_list_of_teasers_that_outweighs_a_one_paragraph_article_is_not_chosen_as_its_body():
    items = teaser_items()
    body = (f'<div class="main"><h1>会议召开</h1><div class="content"><p>{PARA[0]}</p></div>'
            f'<div class="tools">【打印】【关闭】</div></div><div class="side"><h3>推荐阅读</h3><ul>{items}</ul></div>')
    assert extract_html(page(body)).paragraphs == (PARA[0],)


def test_a_box_of_related_topics_set_in_above_the_first_paragraph_is_not_text():
    topics = ("两会特别报道：代表委员热议政府工作报告，聚焦民生热点问题，关注经济发展新动向。",
              "安全生产专题：各地深入开展安全生产大检查，排查治理隐患，坚决遏制重特大事故发生。")
    box = f"<div class='xgzt'><h3>相关专题</h3>{''.join(f'<p>{topic}</p>' for topic in topics)}</div>"
    body = f'<div class="content">{box}{"".join(f"<p>{p}</p>" for p in PARA)}</div>'
    assert extract_html(page(body)).paragraphs == tuple(PARA)
    # and above a one-paragraph article that the box's teasers outweigh
    short = f'<div class="content">{box}<p>{PARA[0]}</p></div>'
    assert extract_html(page(short)).paragraphs == (PARA[0],)
    # a heading of the article's own container, above its text, is no box of its own: the text stays
    heading = f'<div class="content"><h3>相关专题</h3>{"".join(f"<p>{p}</p>" for p in PARA)}</div>'
    assert extract_html(page(heading)).paragraphs[-3:] == tuple(PARA)


def test_teasers_under_a_related_reading_heading_inside_the_articles_box_are_cut():
    teasers = teaser_items("{}")
    text = PARA + [p[::-1] for p in PARA]
    paragraphs = "".join(f"<p>{p}</p>" for p in text)
    body = f'<div class="article"><div class="content">{paragraphs}<h3>相关阅读</h3><ul>{teasers}</ul></div></div>'
    assert extract_html(page(body)).paragraphs == tuple(text)


def test_hidden_until_script_runs_body_is_found():
    # WeChat articles ship their body with visibility:hidden; it must still be the body.
    body = ('<div class="rich_media_content" id="js_content" style="visibility: hidden;">'
            + "".join(f"<p>{p}</p>" for p in PARA) + "</div>")
    assert extract_html(page(body)).paragraphs == tuple(PARA)


def test_a_body_hidden_with_display_none_until_a_script_shows_it_is_found():
    paragraphs = PARA + [f"{p[:-1]}，{p[:20]}。" for p in PARA]  # (an article's worth of text)
    body = ('<div class="rich_media_content" id="js_content" style="display: none;">'
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>")
    assert extract_html(page(body)).paragraphs == tuple(paragraphs)
    popup = '<div class="content-tip" style="display:none"><p>提示：您的浏览器版本过低，请升级后再访问本站。</p></div>'
    shown = f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}</div>{popup}'
    assert extract_html(page(shown)).paragraphs == tuple(PARA)  # hidden short text stays hidden
    # A hidden tab of another story's prose, a small share of a long page, stays hidden too.
    tab = f'<div id="cont_1_2_3" style="display: none">{"".join(f"<p>{p}</p>" for p in paragraphs)}</div>'
    long_page = f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA * 8)}</div>{tab}'
    assert not set(paragraphs[3:]) & set(extract_html(page(long_page)).paragraphs)



@pytest.mark.parametrize("wrapper", ['<div id="wrapper" style="display:none">', '<div class="page-wrap" hidden>',
                                     '<form name="form1" method="post" action="/comment/save.asp">',
                                     "<form action='http://pinglun.example.cn/post.php'>"])
def test_a_page_wrapped_whole_in_a_hidden_element_or_a_comment_form_is_still_read(wrapper):
    # An old site's one <form> around its whole layout (it posts the comment box at the bottom), or a page
    # hidden behind its loading screen until a script shows it: the wrapper holds the page, not a poll or a tab.
    paragraphs = PARA + [f"{p[:-1]}，{p[:20]}。" for p in PARA]
    closing = "</form>" if wrapper.startswith("<form") else "</div>"
    comment_box = "<p>发表评论：<textarea name='c'></textarea><input type='submit' value='提交'></p>"
    body = (f'{wrapper}<table><tr><td><div class="text">{"".join(f"<p>{p}</p>" for p in paragraphs)}</div>'
            f"{comment_box}</td></tr></table>{closing}")
    assert extract_html(page(body)).paragraphs == tuple(paragraphs)


def test_a_comment_form_closed_early_around_the_article_is_no_poll():
    # The form opens in the layout's main column and posts the comment box at the page's end; the parser
    # closes it with the column, so it holds the article alone, and less than half of the page's text.
    paragraphs = PARA + [f"{p[:-1]}，{p[:20]}。" for p in PARA]
    side = "".join(f"<li><a href='/n/{n}.html'>{p[:24]}</a></li>" for n, p in enumerate(PARA * 6))
    body = (f'<div class="main"><form name="f1" method="post" action="/comment/post.asp">'
            f'<div class="text">{"".join(f"<p>{p}</p>" for p in paragraphs)}</div></div>'
            f'<ul class="links">{side}</ul><div>姓名：<input name="u"> <input type="checkbox" name="r">记住我'
            "<textarea name='c'></textarea></div></form>")
    assert extract_html(page(body)).paragraphs == tuple(paragraphs)

def test_site_rules_win_over_heuristics():
    body = (f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}</div>'
            '<div class="mine"><p>规则指定的正文。</p><p class="ad">广告</p></div>'
            '<span class="t">规则标题</span><em class="d">2021-05-06 08:00</em>')
    rules = SiteRules(body="div.mine", title="span.t", date="em.d", drop=("p.ad",))
    article = extract_html(page(body), rules=rules)
    assert article.paragraphs == ("规则指定的正文。",)
    assert article.title == "规则标题"
    assert article.published == "2021-05-06T08:00:00+08:00"
    assert any("rule" in line for line in article.explain)


@pytest.mark.parametrize("hidden", ['<html style="display:none"><body>', '<html><body hidden>',
                                    '<html><body style="display: none">', '<html role="navigation"><body>'])
def test_a_page_hidden_until_its_scripts_run_is_still_read(hidden):
    html = f"{hidden}{NAV}<div class='content'>{''.join(f'<p>{p}</p>' for p in PARA)}</div></body></html>"
    article = extract_html(html)
    assert article.paragraphs == tuple(PARA) and not article.warnings
    dropped = extract_html(html, rules=SiteRules(drop=("html",)))  # a rule cannot remove the page's root
    assert dropped.paragraphs == tuple(PARA) and not dropped.warnings


def test_broken_html_never_raises():
    for html in ("", "<", "<html><body><div><p>未闭合", "\x00\x01<<<>>>", "<table><tr><td><a href='x'>a</td>"):
        assert isinstance(extract_html(html), Article)
    assert isinstance(extract(b"\xff\xfe\x00garbage"), Article)


def _mutations(page: bytes, rng: random.Random) -> list[bytes]:
    """The page cut short, with a run of bytes gone, with noise let in, with its closing tags or its
    '>' lost, with a piece of itself pasted in, and its root hidden (the attributes of later tags run
    into <html> when its '>' is lost): what broken servers and editors produce."""
    at, to = sorted(rng.randrange(len(page)) for _ in range(2))
    return [page[:at], page[:at] + page[to:], page[:at] + rng.randbytes(64) + page[at:],
            page.replace(b"</", b"<"), page.replace(b">", b"", 40), page[:at] + page[at:to][:5000] + page[at:],
            page.replace(b"<html", b'<html style="display:none"', 1)]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURE_PAGES.glob("*.html")))
def test_mangled_pages_are_extracted_without_failing(name):
    rng = random.Random(name)  # (the same mangling on every run)
    for _ in range(5):
        for mangled in _mutations((FIXTURE_PAGES / name).read_bytes(), rng):
            article = extract(mangled)
            assert not [w for w in article.warnings if w.startswith("extraction failed")], mangled[:200]


def test_pathologically_deep_nesting_is_fast():
    text = "这是一段很深的嵌套里面的正文内容，用来测试不会崩溃。"
    html = "<html><body>" + "<div>" * 100_000 + text + "</div>" * 100_000 + "</body></html>"
    started = time.perf_counter()
    article = extract_html(html)
    assert time.perf_counter() - started < 3
    assert article.text == text


def test_unclosed_deep_nesting_is_fast():
    html = "<html><body>" + "<div><span>" * 50_000 + "正文，内容。"
    started = time.perf_counter()
    assert extract_html(html).text == "正文，内容。"
    assert time.perf_counter() - started < 3


def test_deep_nesting_below_the_scan_threshold_is_fast():
    # Too few tags to be flattened first: the walk must still not climb the whole stack per element.
    html = "<html><body>" + "<div><span>" * 4_900 + "正文，内容。"
    started = time.perf_counter()
    assert extract_html(html).text == "正文，内容。"
    assert time.perf_counter() - started < 0.5


def test_scripts_and_form_controls_inside_the_article_leave_no_text():
    body = (f"<p>{PARA[0]}<script>var leaked = 1;</script><style>p {{color: red}}</style></p>"
            f"<p>{PARA[1]}<button>点赞按钮</button><select><option>选项甲</option></select></p><p>{PARA[2]}</p>")
    article = extract_html(page(f'<div id="content">{body}</div>'))
    assert article.paragraphs == tuple(PARA)


def test_words_split_by_markup_keep_their_spaces():
    paragraph = ("The <b>council</b> <i>approved</i> the plan,<strong> </strong>and the <a href='/x'>mayor</a>\n"
                 "<em>signed</em> it on Monday, officials said. " * 4)
    article = extract_html(page(f"<article><p>{paragraph}</p></article>"))
    assert "The council approved the plan, and the mayor signed it on Monday" in article.text


def test_a_space_at_the_end_of_nested_markup_still_parts_two_words():
    # (the walk skips blank text nodes: the word after one looks for it as the last node before it)
    paragraph = ("The council <a href='/x'><b>approved</b>\n</a>the plan<span><i>,</i> </span>and the mayor\n"
                 "<!-- note -->\n<em>signed</em> it on Monday, officials said. " * 4)
    article = extract_html(page(f"<article><p>{paragraph}</p></article>"))
    assert "The council approved the plan, and the mayor signed it on Monday" in article.text


def test_page_banner_is_dropped_but_the_article_header_kept():
    banner = ('<header class="site"><a href="/">Daily News</a> <a href="/world">World</a>'
              " Sign up for our newsletter</header>")
    article_header = "<header><h1>会议召开</h1><p>发布时间：2020-02-06 09:35:03</p></header>"
    html = page(banner + f"<article>{article_header}" + "".join(f"<p>{p}</p>" for p in PARA) + "</article>")
    article = extract_html(html)
    assert article.title == "会议召开" and article.published == "2020-02-06T09:35:03+08:00"
    assert article.paragraphs == tuple(PARA)
    assert "newsletter" not in article.text


def test_article_score_separates_articles_from_listings():
    paragraphs = [f"第{i}部分：{p}" for i, p in enumerate(PARA * 3)]
    article = extract_html(page('<div class="content">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"))
    items = "".join(f'<li><a href="/n/{i}">国资委召开第{i}次专题会议</a><span>2020-02-0{i % 9 + 1}</span></li>'
                    for i in range(40))
    listing = extract_html(page(f'<ul class="list">{items}</ul>'))
    assert article.article_score > 0.7
    assert listing.article_score < 0.4


def test_json_and_reference_format():
    html = page('<h1>会议召开</h1><div class="content">' + "".join(f"<p>{p}</p>" for p in PARA) + "</div>")
    article = extract_html(html)
    assert to_reference_format(article).splitlines()[0] == "会议召开"
    data = to_json(article, file="a.html")
    for key in ('"title"', '"published"', '"text"', '"paragraphs"', '"links"', '"images"', '"warnings"', '"file"',
                '"article_score"'):
        assert key in data


def test_related_links_after_the_article_are_cut_at_the_end_marker():
    body = (f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}'
            "<p>相关新闻</p><p>本钢集团召开2020年工作会议，部署全年重点任务。</p>"
            "<p>反侵权公告：本网站所有内容，未经书面许可不得转载。</p></div>")
    article = extract_html(page(body))
    assert article.paragraphs == tuple(PARA)
    assert any("end marker" in line for line in article.explain)


@pytest.mark.parametrize("heading", ["<h3>相關文章</h3>", "<div class='title'>延伸閱讀</div>", "<p>相关阅读：</p>"])
def test_a_related_links_box_set_into_the_article_does_not_end_it(heading):
    box = (f"<div class='related-inline'>{heading}<ul><li><a href='/a/1'>本钢集团召开2020年工作会议</a></li>"
           "<li><a href='/a/2'>本钢集团部署全年重点任务</a></li></ul></div>")
    body = f'<div class="content"><p>{PARA[0]}</p><p>{PARA[1]}</p>{box}<p>{PARA[2]}</p></div>'
    assert extract_html(page(body)).paragraphs == tuple(PARA)
    comments = ("<div class='comments'><h3>网友评论</h3>"
                "<div class='item'><p>网友甲：说得很好，希望各项措施早日落实到位。</p></div>"
                "<div class='item'><p>网友乙：支持本钢集团，大家一起努力，共同渡过难关。</p></div></div>")
    commented = f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}{comments}</div>'
    assert extract_html(page(commented)).paragraphs == tuple(PARA)  # a comment section still ends it


def test_a_related_links_box_set_into_a_paragraph_or_after_a_list_does_not_end_the_article():
    box = ("<div class='related'><strong>相关阅读</strong><ul><li><a href='/a/1'>本钢集团召开2020年工作会议</a></li>"
           "<li><a href='/a/2'>本钢集团部署全年重点任务</a></li></ul></div>")
    # An editor set the box inside a <p>: the parser closes the <p> there, and the paragraph's rest is the
    # container's own text.
    into = f'<div class="content"><p>{PARA[0]}<br>{box}{PARA[1]}<br><br>{PARA[2]}</p></div>'
    assert extract_html(page(into)).paragraphs == tuple(PARA)
    steps = ("第一步，关闭阀门并检查压力表。", "第二步，更换密封圈后试压。")
    listed = "".join(f"<li>{step}</li>" for step in steps)
    after_list = f'<div class="content"><p>{PARA[0]}</p><ul>{listed}</ul>{box}<p>{PARA[1]}</p><p>{PARA[2]}</p></div>'
    assert extract_html(page(after_list)).paragraphs == (PARA[0], *steps, PARA[1], PARA[2])


def test_a_box_between_two_segments_of_an_article_is_an_aside_and_its_summaries_are_not_text():
    # A magazine's CSS layout: the text in sibling div.seg blocks, a 延伸阅读 box with a summary between.
    box = ("<div class='extend'><strong>延伸阅读</strong><ul><li><a href='/s/1'>全国国有林场改革试点启动</a>"
           "：国家林业局日前确定在七个省份开展国有林场改革试点，重点解决林场职工收入低等问题。</li></ul></div>")
    body = (f"<div id='primary'><div class='seg'><p>{PARA[0]}</p><p>{PARA[1]}</p></div>{box}"
            f"<div class='seg'><p>{PARA[2]}</p></div>"
            "<div class='endnote'>（本文刊载于《城乡周刊》2007年第23期）</div></div>")
    assert extract_html(page(body)).paragraphs == tuple(PARA)


def test_a_table_of_figures_that_ends_the_article_is_its_text_not_labels_at_its_edge():
    rows = "".join(f"<tr><td>{model}</td><td>{cpu}</td><td>{price}</td></tr>" for model, cpu, price in (
        ("型号", "处理器", "参考价格"), ("宏图 H41A", "T2300", "7999元"), ("星辰 S14", "T2400", "9680元")))
    paragraphs = "".join(f"<p>{p}</p>" for p in PARA)
    article = extract_html(page(f'<div class="content">{paragraphs}<table>{rows}</table></div>'))
    assert article.paragraphs[3:] == ("型号 | 处理器 | 参考价格", "宏图 H41A | T2300 | 7999元",
                                      "星辰 S14 | T2400 | 9680元")


def test_a_tables_repeated_figures_are_data_not_repeated_captions():
    table = ("<table><tr><td>智慧黑板及交互终端</td><td>320套</td><td>896.0000</td><td>896.0000</td></tr>"
             "<tr><td>录播及物联控制系统</td><td>24套</td><td>372.5000</td><td>372.5000</td></tr></table>")
    article = extract_html(page(f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}{table}</div>'))
    assert article.paragraphs[-2:] == ("智慧黑板及交互终端 | 320套 | 896.0000 | 896.0000",
                                       "录播及物联控制系统 | 24套 | 372.5000 | 372.5000")


def test_a_frameset_pages_text_is_its_noframes_markup():
    paragraphs = "".join(f"<p>{p}</p>" for p in PARA)
    html = ("<html><head><title>植树活动_绿色家园</title></head><frameset rows='90,*'><frame src='top.htm'>"
            f"<frame src='main.htm'></frameset><noframes><body><h3>我市举行义务植树活动</h3>{paragraphs}"
            "</body></noframes></html>")
    article = extract_html(html)
    assert article.paragraphs == tuple(PARA) and "<p>" not in article.text
    no_frames = page(f"<div class='content'>{paragraphs}</div><noframes>您的浏览器不支持框架</noframes>")
    assert extract_html(no_frames).paragraphs == tuple(PARA)  # a stray <noframes> is never text


def test_preformatted_text_keeps_its_paragraphs_and_rejoins_its_hard_wraps():
    text = ("　　1998年，面对亚洲金融危机的冲击，全市上下认真\n贯彻落实各项决策部署，国民经济比上年增\n长8.6%。\n"
            "　　农业生产克服灾害影响，总体保持稳定，全年粮食\n总产量达到历史较好水平。\n\n"
            "The statistics bureau released the\nfigures on Monday.")
    article = extract_html(page(f"<div class='content'><pre>{text}</pre></div>"))
    assert article.paragraphs == (
        "1998年，面对亚洲金融危机的冲击，全市上下认真贯彻落实各项决策部署，国民经济比上年增长8.6%。",
        "农业生产克服灾害影响，总体保持稳定，全年粮食总产量达到历史较好水平。",
        "The statistics bureau released the figures on Monday.")


def test_a_heading_after_the_article_is_trimmed_and_one_inside_it_stays():
    body = (f'<div class="content"><p>{PARA[0]}</p><h3>疫情防控</h3><p>{PARA[1]}</p><p>{PARA[2]}</p>'
            "<h3>Trending</h3><ul><li><a href='/t/1'>本钢集团召开年度工作会议</a></li>"
            "<li><a href='/t/2'>鞍钢集团部署全年重点任务</a></li></ul></div>")
    assert extract_html(page(body)).paragraphs == (PARA[0], "疫情防控", PARA[1], PARA[2])


def test_poll_options_are_not_prose():
    poll = ("<form action='http://survey.example.cn/poll.php'><h3>调查：你如何看待此事？</h3>"
            "<label><input type=radio name=q>媒体全责，过度刺探隐私引发纠纷</label></form>"
            "<table><tr><td><input type=radio name=r></td><td>很难说，事件的原因尚未公布难下定夺</td></tr></table>")
    article = extract_html(page(f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}{poll}</div>'))
    assert article.paragraphs == tuple(PARA)


def test_figure_captions_are_left_out_but_images_kept():
    figure = '<figure><img src="/p.jpg" alt="现场"><figcaption>Photo: AP, all rights reserved</figcaption></figure>'
    article = extract_html(page(f'<div class="content">{figure}{"".join(f"<p>{p}</p>" for p in PARA)}</div>'),
                           "http://example.cn/a/1.html")
    assert "Photo: AP" not in article.text
    assert article.images[0].src == "http://example.cn/p.jpg"


def test_slideshow_repeats_are_dropped():
    caption = "<p>Caption one of the gallery, repeated.</p>"
    slide = f"<div class='slide'>{caption}{caption}</div>"
    article = extract_html(page(f'<div class="content">{slide}{"".join(f"<p>{p}</p>" for p in PARA)}</div>'))
    assert article.text.count("Caption one") <= 1


@pytest.mark.parametrize("caption", ["Caption one of the gallery, repeated.",
                                     "Caption one of the gallery: the delegates arrive, and the long meeting opens."])
def test_a_slideshows_caption_in_a_box_of_its_own_is_kept_once_however_long(caption):
    slide = f"<div class='slide'><p>{caption}</p><p>{caption}</p></div>"
    article = extract_html(page(f'<div class="content">{slide}{"".join(f"<p>{p}</p>" for p in PARA)}</div>'))
    assert article.paragraphs.count(caption) == 1


def test_a_paragraph_the_page_sets_twice_in_a_row_among_the_others_is_kept_twice():
    # (an editor's paste: the page shows it twice, so the record must; its removal later is an edit)
    twice = [PARA[0], PARA[1], PARA[1], *PARA[2:]]
    article = extract_html(page("<div class='content'>" + "".join(f"<p>{p}</p>" for p in twice) + "</div>"))
    assert article.paragraphs == tuple(twice)
    short = [PARA[0], "（完）", "（完）"]  # (a short line said twice is a repeat still)
    article = extract_html(page("<div class='content'>" + "".join(f"<p>{p}</p>" for p in short) + "</div>"))
    assert article.paragraphs.count("（完）") <= 1


@pytest.mark.parametrize("counted", ["<a href='/a/P1.pdf'>1.考核结果.pdf</a>（下载次数：{n}）",
                                     "<a href='/a/P1.pdf'>1.考核结果.pdf</a> <span class='num'>下载次数：{n}</span>",
                                     "<a href='/a/P1.pdf'>1.考核结果.pdf</a>【点击数：{n}次】",
                                     "<a href='/a/P1.pdf'>1.考核结果.pdf</a>（查看次数：{n}）"])
def test_a_download_counter_beside_an_attachment_is_no_part_of_its_line(counted):
    # (every download moved it: each was a new version)
    texts = []
    for n in (12, 31):
        body = "".join(f"<p>{p}</p>" for p in PARA) + f"<p>附件：</p><p>{counted.format(n=n)}</p>"
        texts.append(extract_html(page(f"<div class='content'>{body}</div>")).text)
    assert texts[0] == texts[1] and texts[0].endswith("附件：\n1.考核结果.pdf")


def test_the_pages_own_address_printed_under_the_text_is_furniture():
    body = "".join(f"<p>{p}</p>" for p in PARA) + "<p>本文链接：http://gzw.example.gov.cn/a/1.html?sessionid=8F2A</p>"
    assert extract_html(page(f"<div class='content'>{body}</div>")).paragraphs == tuple(PARA)


NOTICE = ["为进一步加强市属国有企业负责人经营业绩考核工作，根据有关规定，现将2023年度考核结果予以公布。",
          "各企业要认真对照考核结果，深入查找问题，制定整改措施，并于2024年4月30日前将整改情况报送市国资委。",
          "特此通知。", "梧岭市国资委", "2024年3月15日"]


def notice_with(below: str) -> str:
    """A TRS notice: its text in div.TRS_Editor, then `below` in a box of its own, then the share bar."""
    text = "".join(f"<p>{line}</p>" for line in NOTICE)
    return page(f"<div class='article'><h1>关于公布2023年度考核结果的通知</h1><div class='TRS_Editor'>{text}</div>"
                f"{below}<div class='share'>分享到：<a href='#'>微博</a></div></div>",
                "<title>关于公布2023年度考核结果的通知_通知公告</title>")


@pytest.mark.parametrize(("items", "lines"), [
    ("<li><a href='/a/P1.pdf'>1.2023年度考核结果.pdf</a></li><li><a href='/a/P2.xlsx'>2.整改情况报告模板.xlsx</a></li>",
     ["1.2023年度考核结果.pdf", "2.整改情况报告模板.xlsx"]),
    ("<li><a href='/a/P1.pdf'>2023年度考核结果</a></li><li><a href='/a/P2.doc?v=1'>整改情况报告模板</a></li>",
     ["2023年度考核结果", "整改情况报告模板"]),  # (names without their types: the links say what they are)
])
def test_a_list_of_attachments_in_a_box_under_the_text_is_the_notices(items, lines):
    article = extract_html(notice_with(f"<div class='fj'><p>附件：</p><ul>{items}</ul></div>"))
    assert list(article.paragraphs) == [*NOTICE, "附件：", *lines]
    assert article.author == "梧岭市国资委"  # (the text's signature is still its last line's)


def test_what_follows_a_notice_under_an_attachments_heading_that_names_no_file_is_not_its_text():
    links = ("<li><a href='/a/1.html'>关于开展安全检查的通知</a></li>"
             "<li><a href='/a/2.html'>关于做好节日值班的通知</a></li>")
    assert list(extract_html(notice_with(f"<div class='fj'><p>附件：</p><ul>{links}</ul></div>")).paragraphs) == NOTICE


def test_article_body_itemprop_beats_a_furniture_named_wrapper():
    text = "".join(f"<p>{p}</p>" for p in PARA)
    links = "".join(f'<li><a href="/n{i}">频道导航链接第{i}项</a></li>' for i in range(60))
    body = f'<div class="left-sidebar"><ul>{links}</ul><div itemprop="articleBody">{text}</div></div>'
    assert extract_html(page(body)).paragraphs == tuple(PARA)


def test_teasers_far_below_the_title_do_not_pull_the_body_away():
    text = "".join(f"<p>{p}</p>" for p in PARA)
    teasers = "".join(
        f'<li><div class="card"><a href="/s/{i}">推荐阅读标题第{i}条</a>'
        f"<p>第{i}条推荐内容的摘要，介绍会议精神。</p></div></li>" for i in range(12))
    body = f'<h1>会议召开</h1><div class="story">{text}</div><div class="below"><ul>{teasers}</ul></div>'
    article = extract_html(page(body, head="<title>会议召开 - 本钢新闻</title>"))
    assert article.paragraphs == tuple(PARA)


def test_soft_404():
    from crawler.extract.boilerplate import is_soft_404

    gone = extract_html("<html><head><title>404 Not Found</title></head><body><h1>页面不存在</h1>"
                        "<p>您访问的页面不存在或已被删除，3秒后返回首页。</p></body></html>")
    assert gone.soft_404 and is_soft_404("页面不存在", "您访问的页面不存在", 9, 9)
    assert not is_soft_404("Page not found", "x" * 2000 + "。", 2000, 2000)  # a long article that mentions it
    assert not extract_html(page('<div class="content">' + "".join(f"<p>{p}</p>" for p in PARA) + "</div>")).soft_404


@pytest.mark.parametrize("notice", ["对不起，您访问的页面不存在！", "對不起，您訪問的頁面不存在！", "该信息已删除",
                                    "抱歉，您访问的页面已经删除或不存在", "该文章不存在或已被删除"])
def test_soft_404_in_the_sites_usual_template_is_told_by_its_body(notice):
    sidebar = "".join(f"<li><a href='/hot/{i}.html'>全市安全生产工作会议召开部署下一阶段重点任务第{i}项</a></li>"
                      for i in range(8))
    template = ("<html><head><title>{title}_测试政务网</title></head><body><div class='nav'><a href='/'>首页</a>"
                "</div><h1>{title}</h1><div class='info'>发布时间：2024-03-05 10:00　来源：本站</div>"
                "<div class='content'>{body}</div><div class='sidebar'><h3>热点新闻</h3><ul>{sidebar}</ul></div>"
                "<div class='footer'>版权所有：测试政务网 京ICP备12345678号</div></body></html>")
    for title in ("提示信息", "关于推进政务服务标准化的通知"):  # (the notice under the article's own title too)
        gone = extract_html(template.format(title=title, body=f"<p>{notice}</p>", sidebar=sidebar))
        assert gone.soft_404, (title, notice)
    # (a short article that mentions a deleted page is none: its text runs longer than a notice)
    brief = ("<p>市政府网站近日开展错链清理，对用户反映“页面不存在”的链接逐一核查，共修复失效链接一百二十余条，"
             "相关栏目已恢复正常访问，欢迎监督。</p>")
    assert not extract_html(template.format(title="网站清理失效链接", body=brief, sidebar=sidebar)).soft_404
    # (nor a short statement or rebuttal saying the words of something else)
    for text in ("我网3月1日转载的《某县召开招商引资推介会》一文，因来源有误，已被删除。特此声明。",
                 "经核实，网传“我市将全面停水三天”的信息不存在，请广大市民勿信谣、勿传谣。"):
        assert not extract_html(template.format(title="声明", body=f"<p>{text}</p>", sidebar=sidebar)).soft_404
    # (nor a picture's short caption under a headline that holds the words)
    picture = "<p><img src='/a.jpg'>图为现场。</p>"
    assert not extract_html(template.format(title="用户信息不存在泄露风险", body=picture, sidebar=sidebar)).soft_404


def test_login_page_is_not_an_article():
    login = page('<form><h2>用户登录</h2><p>用户名</p><input name=u><p>密码</p><input name=p type=password>'
                 '<a href="/reg">注册</a> <a href="/forgot">忘记密码</a></form>')
    assert extract_html(login).article_score < 0.3


def test_invalid_rule_selector_is_a_warning():
    article = extract_html(page('<div class="content">' + "".join(f"<p>{p}</p>" for p in PARA) + "</div>"),
                           rules=SiteRules(body="div[[", drop=("p>>>",)))
    assert article.paragraphs == tuple(PARA)
    assert any("not a valid CSS selector" in warning for warning in article.warnings)


def test_navigation_holding_the_pages_prose_is_kept():
    # A site that wraps its article in <aside>: most of the page's punctuated text is there.
    html = page("<aside>" + "".join(f"<p>{p}</p>" for p in PARA) + "</aside><footer>版权所有 本钢集团</footer>")
    article = extract_html(html)
    assert article.paragraphs == tuple(PARA)
    assert "版权所有" not in article.text


def test_mega_menu_is_removed_before_the_walk_however_long():
    from selectolax.lexbor import LexborHTMLParser

    from crawler.extract.prune import prune

    menu = "".join(f'<li><a href="/s/{i}">栏目{i} 子栏目</a></li>' for i in range(400))
    html = page(f"<nav><ul>{menu}</ul></nav><div>" + "".join(f"<p>{p}</p>" for p in PARA) + "</div>")
    tree = LexborHTMLParser(html)
    prune(tree)
    assert tree.css_first("nav") is None  # most of the page's text, but links without a sentence
    assert extract_html(html).paragraphs == tuple(PARA)


FORUM_POSTS = [
    "楼主你好，我想问一下关于北京房价的问题。最近看了几个楼盘，价格都在每平方米八千元以上，不知道现在是不是买房的好时机？",
    "我觉得现在不是好时机，房价已经涨得太高了，再等等看吧。",
    "同意楼上的说法。去年我朋友买的房子，现在已经涨了百分之二十，但是我觉得泡沫很大，政府可能会出台调控政策。",
    "顶一下！",
    "买房要看自己的需要，如果是自住，早买早享受；如果是投资，就要慎重考虑了。另外贷款利率也是要考虑的因素。",
]


def forum_post(number: int, text: str) -> str:
    """One post of a 2005-style forum thread: the poster's profile panel, then the post and its signature."""
    return (f'<table class="t_msg"><tr><td class="t_user"><a href="/u/{number}">用户{number}</a><br>'
            f"帖子：{number * 37}<br>积分：{number * 100}<br>注册：2004-3-{number + 1}<br>在线时间：{number} 小时</td>"
            f'<td><div class="postinfo">发表于 2005-8-2{number} 10:2{number}</div><div class="t_msgfont">{text}</div>'
            '<div class="signatures">----------我的签名：生活就是这样</div></td></tr></table>')


def test_a_forum_threads_text_is_its_first_post_without_profiles_and_signatures():
    # As the corpus's annotators cut zol's and netease's threads: the first post, not the replies under it.
    posts = "".join(forum_post(number, text) for number, text in enumerate(FORUM_POSTS))
    thread = f'<div class="nav">社区 » 房产论坛</div>{posts}<div id="footer">Powered by Discuz!</div>'
    article = extract_html(page(thread))
    assert article.paragraphs == (FORUM_POSTS[0],)
    assert article.published == "2005-08-20T10:20:00+08:00"


def test_replies_sharing_the_first_posts_container_are_cut_at_the_first_reply():
    # Discuz! Archiver: every post under its "name 发表于 time" line, in one <div>.
    archiver = "".join(f"<p class='author'><strong>用户{n}</strong> 发表于 2005-10-19 2{n}:30</p>{text}<br><hr>"
                       for n, text in enumerate(FORUM_POSTS))
    article = extract_html(page(f"<div id='content'>{archiver}</div>"))
    assert (article.paragraphs, article.author) == ((FORUM_POSTS[0],), "用户0")
    # Tianya: the first post's header says 提交日期, each reply's 回复日期.
    header = "<table><tr><td>作者：<a href='/u'>用户{n}</a>　{label}：2005-3-21 1{n}:21:00</td></tr></table>"
    tianya = "".join(header.format(n=n, label="回复日期" if n else "提交日期") + f"<div class='post'>{text}</div>"
                     for n, text in enumerate(FORUM_POSTS))
    article = extract_html(page(f"<div id='pContentDiv'>{tianya}</div>"))
    assert (article.paragraphs, article.published) == ((FORUM_POSTS[0],), "2005-03-21T10:21:00+08:00")


def test_forum_furniture_in_posts_is_dropped():
    panel = "<td>凉拌西红柿<br>等级：猫扑小猫<br>MP：655</td>"
    quote = "<div class='quote'>以下是引用猫扑小虾米在2005-7-15 10:40:12的发言：<br>出餐速度那条太对了。</div>"
    posts = "".join(f"<table><tr>{panel}<td>{quote if n else ''}{text}</td></tr></table>"
                    for n, text in enumerate(FORUM_POSTS))
    thread = f"{posts}<div>快速回复</div><div>（按Ctrl+Enter直接提交）</div>"
    text = extract_html(page(thread)).text
    assert FORUM_POSTS[0] in text
    for furniture in ("等级", "MP：", "以下是引用", "快速回复", "Ctrl"):
        assert furniture not in text, furniture


def test_a_poems_lines_are_text_not_labels():
    verse = "<br>".join(["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"])
    comment = "这首诗是我小时候最早背会的古诗，到现在还记得清清楚楚，每次读起来都会想起小时候的夏夜。"
    article = extract_html(page(f"<div class='content'>{verse}<br><br>{comment}</div>"))
    assert article.paragraphs == ("床前明月光", "疑是地上霜", "举头望明月", "低头思故乡", comment)
    free = "<br>".join(["我把童年的风筝放得很高很高", "高过了老屋的瓦檐和槐树", "高过了母亲唤我回家的声音"])
    modern = extract_html(page(f"<div class='content'>{free}<br><br>{comment}</div>"))
    assert modern.paragraphs[:3] == tuple(free.split("<br>"))  # lines too long to be "short", not too long to trim
    alone = extract_html(page(f"<div class='nav'><a href='/'>诗词</a></div><div class='content'>{verse}</div>"))
    assert alone.paragraphs == ("床前明月光", "疑是地上霜", "举头望明月", "低头思故乡")  # verse alone, no prose
    fields = "<br>".join(["◎译 名 太行山上", "◎年 代 2005", "◎导 演 韦廉", "◎简 介"])  # a list of fields is no verse
    article = extract_html(page(f"<div class='content'>{fields}<br><br>{comment}</div>"))
    assert article.paragraphs == (comment,)


def test_a_finance_articles_stock_table_ends_it():
    rows = "<tr><td>1523.00</td><td>+2.10%</td></tr><tr><td>132.80</td><td>+3.40%</td></tr>"
    table = f"<p>相关股票</p><table>{rows}</table>"
    article = extract_html(page("<div class='content'>" + "".join(f"<p>{p}</p>" for p in PARA) + table + "</div>"))
    assert article.paragraphs == tuple(PARA)


def test_a_regulations_first_part_heading_is_its_text():
    articles = "".join(f"<p>第{n}条 {p}</p>" for n, p in zip("一二三", PARA, strict=True))
    article = extract_html(page(f"<div class='content'><p>【正文】</p><p>第一章 总则</p>{articles}"
                                "<p>第二章 附则</p><p>第四条 本规定自发布之日起施行。</p></div>"))
    assert article.paragraphs[0] == "第一章 总则" and "第二章 附则" in article.paragraphs


def test_a_blog_themes_post_footer_is_not_the_post():
    footer = ("<p>本文由 小石头 发表于 2006年03月18日 星期六 22:10，归类于 Linux。 您可以通过 RSS 2.0 订阅本文的评论。"
              " 您可以 发表评论，或者从您的网站 引用。</p>")
    article = extract_html(page("<div class='entry'>" + "".join(f"<p>{p}</p>" for p in PARA) + footer + "</div>"))
    assert article.paragraphs == tuple(PARA)


BLOG_COMMENTS = [
    ("路人甲", "写得很好，我也读过这本书，第三章关于股份制改造的部分更精彩，推荐你继续看下去，一定会有收获的。"),
    ("小李", "同意你朋友的观点，制度再好，执行的人不行也没用。我们单位就是这样，改来改去还是老样子，没有变化。"),
    ("老王", "八十年代我就在国企工作，那时候的情况确实是这样，放权让利以后厂里的积极性一下子就上来了，后来就不行了。"),
    ("阿强", "改革是个系统工程，不能只看一个方面。产权、管理、人才、市场，哪一个都不能少，缺了哪个都不行啊。"),
]


def blog_post(comments_heading: str) -> str:
    """A 2005-style blog post in a layout table, its readers' comments below it with nothing in the
    markup to tell them apart: no class names, more comment text than post text."""
    post = "".join(f"{p}<br><br>" for p in PARA)
    comments = "".join(f"<table><tr><td>{who} 发表于 2005-03-12 1{n}:00</td></tr><tr><td>{text}</td></tr></table>"
                       for n, (who, text) in enumerate(BLOG_COMMENTS))
    return (f"<table><tr><td><b>读书笔记</b><br>2005-03-11 21:30<br><br>{post}"
            f"posted @ 2005-03-11 21:30 | 阅读(123) | 评论(4)<br><br><b>{comments_heading}</b><br>{comments}"
            "<b>发表评论</b><br>姓名：<br></td></tr></table>")


@pytest.mark.parametrize("heading", ["评论", "网友评论(4)", "评论列表", "Comments"])
def test_a_blog_posts_comments_are_not_its_text_nor_its_date(heading):
    article = extract_html(page(blog_post(heading)))
    assert article.paragraphs == tuple(PARA)
    assert article.published == "2005-03-11T21:30:00+08:00"



@pytest.mark.parametrize("heading", ["网友评论", "共有8条评论", "已有8条评论"])
def test_unclassed_comments_in_a_box_of_their_own_do_not_take_the_body_from_a_short_article(heading):
    # A portal's comment table after a three-paragraph report: no class names, and eight comments that
    # outweigh the report. The heading and each comment's dated header say what they are.
    said = "我在这家企业工作了二十年，亲眼看到改革以来的变化，这篇报道说的都是实情，希望继续关注。"
    rows = "".join(f"<tr><td>网友：读者{n} 时间：2012-01-12 10:{n:02d}</td></tr><tr><td>{said * 2}</td></tr>"
                   for n in range(8))
    body = (f'<table><tr><td><div class="text">{"".join(f"<p>{p}</p>" for p in PARA)}</div></td></tr></table>'
            f"<table><tr><td><b>{heading}</b></td></tr>{rows}</table>")
    article = extract_html(page(body))
    assert article.paragraphs == tuple(PARA)
    assert any("readers' comments" in line for line in article.explain)



def unclassed_comments(count: int, repeat: int) -> tuple[list[str], str]:
    """Readers' comments with no class: each a line of its writer and time, then its text (said `repeat` times)."""
    said = [f"我在这家企业工作了{n + 12}年，亲眼看到改革以来的变化，这篇报道说的都是实情，希望继续关注。" * repeat
            for n in range(count)]
    entries = "".join(f"<div><span>读者{n}</span> <span>2012-01-12 10:{n:02d}</span></div><div>{said[n]}</div>"
                      for n in range(count))
    return said, entries


def test_unclassed_comments_without_a_heading_well_below_the_headline_do_not_take_the_body():
    # No heading and no class: each comment a line of its writer and time, then its text. They begin far
    # below the headline, where a forum thread's first post would begin right under it.
    said, entries = unclassed_comments(8, 3)
    links = "".join(f"<li><a href=/t/{n}>相关链接的标题第{n}条</a></li>" for n in range(40))  # (a long menu)
    headline = "本钢集团召开视频干部大会部署疫情防控工作"
    html = (f"<html><head><title>{headline}</title></head><body>{NAV}<table><tr><td><h1>{headline}</h1>"
            f'<div>2012-01-11 09:00 来源：本钢日报</div><div class="text">{"".join(f"<p>{p}</p>" for p in PARA)}</div>'
            f"</td><td><ul>{links}</ul></td></tr></table><div>{entries}</div></body></html>")
    assert extract_html(html).paragraphs == tuple(PARA)
    # Posts that begin right under the headline are a thread, read as before (posts with no reply's header
    # are kept whole: see the forum tests).
    thread = (f"<html><head><title>{headline}</title></head><body>{NAV}<h1>{headline}</h1><div>{entries}</div>"
              "</body></html>")
    assert extract_html(thread).paragraphs == tuple(said)


def test_unclassed_comments_without_a_heading_in_the_body_chosen_are_cut_at_their_first_header():
    # The whole page is the body chosen; the comments, each a writer-and-time line and its text, follow the
    # article's box. A schedule's dated lines inside the text's own box are its text, however many.
    said, entries = unclassed_comments(4, 1)
    headline = "本钢集团召开视频干部大会部署疫情防控工作"
    html = (f"<html><head><title>{headline}</title></head><body><h1>{headline}</h1>"
            f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARA)}</div><div>{entries}</div></body></html>')
    assert extract_html(html).paragraphs == tuple(PARA)
    sessions = "".join(f"<p>第{n}场 2012-01-1{n} 09:30</p><p>{PARA[n - 1]}</p>" for n in (1, 2, 3))
    notice = extract_html(page(f'<div class="content"><p>{PARA[0]}</p>{sessions}<p>特此通知。</p></div>'))
    assert notice.paragraphs[-4:] == (PARA[0], PARA[1], PARA[2], "特此通知。")

def test_many_unclassed_comments_in_the_articles_own_box_leave_the_article_alone_as_the_body():
    # Thirty comments with no heading, set in the box that holds the article: that box is the body chosen,
    # and the cut at the comments' first header left what the box holds above the article (a notice box).
    # The article is the best element above the run of headers, as under a comments heading.
    said, entries = unclassed_comments(30, 2)
    notices = "".join(f"<p>{line}</p>" for line in (
        "公告：本网近期对栏目进行了调整，欢迎广大读者继续关注并提出宝贵意见。",
        "征稿：欢迎各单位积极投稿，来稿请注明作者姓名及联系方式。"))
    headline = "本钢集团召开视频干部大会部署疫情防控工作"
    html = (f"<html><head><title>{headline}</title></head><body>{NAV}<div><div>{notices}</div><h1>{headline}</h1>"
            f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARA)}</div>{entries}</div></body></html>')
    article = extract_html(html)
    assert article.paragraphs == tuple(PARA)
    assert any("readers' comments" in line for line in article.explain)


def test_unclassed_comments_in_a_box_of_their_own_on_a_page_without_a_headline_do_not_take_the_body():
    # Where no headline is found to measure "well below" from, an article's worth of prose above them does.
    said, entries = unclassed_comments(30, 2)
    html = (f"<html><head><title>本网新闻_本钢集团</title></head><body>{NAV}"
            f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARA)}</div><div>{entries}</div></body></html>')
    assert extract_html(html).paragraphs == tuple(PARA)


def test_a_live_reports_stamped_entries_in_its_own_box_are_its_text():
    # (a writer and a time on each entry, as on readers' comments: in the box of the text's first paragraph)
    intro = "".join(f"<p>{p}</p>" for p in PARA)
    entries = "".join(f"<p>2020-02-06 10:2{n} 记者王{n}</p><p>会议第{n}项议程进行中，与会人员认真听取汇报。</p>"
                      for n in range(3))
    article = extract_html(page(f"<div class='text'>{intro}{entries}</div>"))
    assert article.paragraphs[:3] == tuple(PARA) and len(article.paragraphs) == 6
    assert not any("readers' comments" in line for line in article.explain)


def test_the_articles_own_dateline_above_it_is_no_threads_first_post():
    # The article's line of its time and a link (2011-12-16 01:06 | 我来说两句) reads as an entry's header; it
    # made the page a thread, whose posts begin above any prose. Alone, it starts no run of entries.
    said, entries = unclassed_comments(30, 2)
    text = [*PARA, *(f"{p}（第{n}部分）" for n, p in enumerate(PARA, 2))]  # (six paragraphs and a picture)
    notices = "<p>公告：本网近期对栏目进行了调整，欢迎广大读者继续关注并提出宝贵意见。</p>"
    headline = "本钢集团召开视频干部大会部署疫情防控工作"
    html = (f"<html><head><title>{headline}</title></head><body>{NAV}<div><div>{notices}</div><h1>{headline}</h1>"
            f"<div>2011-12-16 01:06:38 | <a href='#c'>我来说两句</a></div><div class='text'><p><img src='a.jpg'></p>"
            f'{"".join(f"<p>{p}</p>" for p in text)}</div>{entries}</div></body></html>')
    assert extract_html(html).paragraphs == tuple(text)


LIBRARY_POST = [f"{sentence} The council will publish its findings next spring." for sentence in (
    "The city council voted on Tuesday to extend the library's opening hours.",
    "Residents had asked for evening hours for years, citing work schedules.",
    "The extension will be paid for from the arts budget.")]


def test_an_english_blogs_unclassed_comments_under_their_count_do_not_take_the_body():
    post = LIBRARY_POST
    said = "I have lived in this town for twenty years and I have never seen the library this busy. " * 3
    entries = "".join(f"<li><div><cite>reader{n}</cite> says:</div><div>November 1{n}, 2019 at 10:2{n} pm</div>"
                      f"<p>{said}</p></li>" for n in range(8))
    html = (f"<html><head><title>Library hours extended</title></head><body><h1>Library hours extended</h1>"
            f'<div class="entry">{"".join(f"<p>{p}</p>" for p in post)}</div>'
            f"<h3>8 Responses to “Library hours extended”</h3><ol>{entries}</ol></body></html>")
    assert extract_html(html).paragraphs == tuple(post)


def test_thirty_comments_under_their_count_in_the_body_chosen_leave_the_article_alone():
    # Thirty comments outweigh the whole page but them: the page is the body chosen, and its first end marker,
    # the share bar under the headline, cut the article away with the comments. The count's heading below the
    # article's prose says where the comments begin; the article is the best element above it.
    post = LIBRARY_POST
    said = "I have lived in this town for twenty years and I have never seen the library this busy. " * 2
    entries = "".join(f"<li><div><cite>reader{n}</cite> says:</div><div>November 1{n % 10}, 2019 at 10:2{n % 10} pm"
                      f"</div><p>{said}</p></li>" for n in range(30))
    cookies = "<div><p>We use cookies and other tracking technologies to improve your browsing experience.</p></div>"
    html = (f"<html><head><title>Library hours extended</title></head><body>{cookies}<h1>Library hours extended</h1>"
            f'<div>Share this story</div><div class="entry">{"".join(f"<p>{p}</p>" for p in post)}</div>'
            f"<h3>30 Responses to “Library hours extended”</h3><ol>{entries}</ol></body></html>")
    assert extract_html(html).paragraphs == tuple(post)


def test_the_headline_again_in_brackets_over_the_comment_box_is_not_text():
    # Taiwan's TV news pages head their Facebook comment box with the headline in 【】, right under the text.
    headline = "流感新增四死 全是B型未施打疫苗"
    html = (f"<html><head><title>{headline}</title></head><body><h1>{headline}</h1>"
            f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARA)}'
            f"<div>【{headline}】</div><p>【新聞追蹤】衛生署呼籲民眾接種疫苗。</p></div></body></html>")
    article = extract_html(html)
    assert article.paragraphs == (*PARA, "【新聞追蹤】衛生署呼籲民眾接種疫苗。")


TEASERS = [("国资委部署国企改革重点任务", "国务院国资委召开会议，研究部署下一阶段国有企业改革的重点任务，要求"),
           ("鞍钢集团召开年度工作会议", "鞍钢集团召开年度工作会议，总结过去一年的工作，安排部署今年的任务，"),
           ("本溪市推进老工业基地振兴", "本溪市召开专题会议，研究推进老工业基地全面振兴的具体措施，会议要求"),
           ("辽宁省发布稳增长二十条", "辽宁省政府发布稳增长二十条措施，从扩大投资、促进消费、稳定外贸提出"),
           ("沈阳地铁新线开通运营", "沈阳地铁新线今日正式开通运营，全长二十余公里，设车站十余座，沿线居民")]


@pytest.mark.parametrize("cut", ["…", "...", "...[详细]"])
def test_a_list_of_teasers_without_a_heading_does_not_take_the_body_from_a_short_article(cut):
    # Each item a linked headline and its summary cut short: together they outweigh a three-paragraph report.
    items = "".join(f"<li><a href='/n/{n}.html'>{headline}</a><p>{summary * 2}{cut}</p></li>"
                    for n, (headline, summary) in enumerate(TEASERS * 2))
    article = extract_html(page(f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARA)}</div><ul>{items}</ul>'))
    assert article.paragraphs == tuple(PARA)


def test_a_page_that_shows_its_own_text_cut_short_keeps_it_over_a_list_of_teasers():
    own = PARA[0][:-1] + "，会议还研究了其他事项..."
    items = "".join(f"<li><a href='/n/{n}.html'>{headline}</a><p>{summary * 2}…</p></li>"
                    for n, (headline, summary) in enumerate(TEASERS))
    headline = "本钢召开视频干部大会"
    html = (f"<html><head><title>{headline}</title></head><body><h1><a href='/a/1.html'>{headline}</a></h1>"
            f"<p>{own}</p><ul>{items}</ul></body></html>")
    assert extract_html(html).paragraphs == (own,)

def test_a_comments_label_above_the_article_cuts_nothing():
    dated = "".join(f"<p>{p}</p><p>2005-03-1{n} 10:00</p>" for n, p in enumerate(PARA))
    article = extract_html(page(f"<div class='content'><p>评论</p>{dated}</div>"))
    assert article.paragraphs == tuple(PARA)


def test_a_lone_registration_date_in_a_notice_is_article_text():
    facts = "<p>企业名称：本溪钢铁（集团）有限责任公司</p><p>注册时间：2010-05-01</p><p>注册资本：1000万元</p>"
    article = extract_html(page('<div class="content">' + "".join(f"<p>{p}</p>" for p in PARA) + facts + "</div>"))
    assert "注册时间：2010-05-01" in article.paragraphs


def test_article_with_large_data_tables_is_kept_over_a_notice_box():
    # An encyclopedia entry: a maintenance notice, then the article, whose infobox and filmography are
    # hundreds of short cells. Data cells are not navigation: the article still wins.
    notice = ('<table class="ambox"><tr><td>此条目需要补充更多来源。请协助补充多方面可靠来源以改善这篇条目，'
              "无法查证的内容可能会因为异议提出而移除。</td></tr></table>")
    infobox = "".join(f"<tr><th>项目{i}</th><td>内容{i}</td></tr>" for i in range(30))
    works = "".join(f"<tr><td>{1800 + i}年</td><td>作品名称{i}</td><td>角色{i}</td></tr>" for i in range(200))
    prose = [p + "这段经历在当时引起了广泛的讨论。" for p in PARA * 4]
    body = (f'<div class="mw-parser-output">{notice}<table class="infobox">{infobox}</table>'
            + "".join(f"<p>{p}</p>" for p in prose) + f"<h2>作品</h2><table>{works}</table></div>")
    article = extract_html(page(body))
    assert all(p in article.paragraphs for p in prose)


def test_a_tweet_quoted_in_the_article_is_kept_and_the_share_bar_dropped():
    tweet = ("<div class='social-media-embed'><blockquote class='twitter-tweet'><p>这次复工复产的安排非常及时，"
             "为企业解决了大问题，点赞！</p>— 网友甲 (@wangyou) 2020年3月2日</blockquote></div>")
    share = "<div class='social-share'>分享到：<a href='/wx'>微信</a> <a href='/wb'>微博</a></div>"
    body = f'<div class="content"><p>{PARA[0]}</p><p>{PARA[1]}</p>{tweet}<p>{PARA[2]}</p>{share}</div>'
    article = extract_html(page(body))
    assert "这次复工复产的安排非常及时，为企业解决了大问题，点赞！" in article.paragraphs
    assert "微信" not in article.text


def test_a_portals_comment_list_after_the_article_is_cut_at_its_heading():
    comments = "".join(f"<p>{line}</p>" for line in (
        "热门评论", "lr9111[219.130.79.*] 认为：", "赞同楼上所说的，其实外国好多东西也是中国制造的。",
        "最新评论", "dawnrain29[221.217.28.*] 认为：", "我穿了10年气垫鞋了，主要是为了减轻着地的震荡。",
        "网易通行证： 密码：", "您的发表的评论将在5分钟内被审核，请耐心等待"))
    text = [*PARA, *(p + "会议要求各单位认真落实。" for p in PARA)]
    article = extract_html(page('<div class="content">' + "".join(f"<p>{p}</p>" for p in text) + comments + "</div>"))
    assert article.paragraphs == tuple(text)


def test_lyrics_keep_their_short_last_lines_and_a_reviews_replies_are_cut():
    lines = ["夜色慢慢爬上了窗台", "街灯一盏一盏地亮起来", "你说这座城市太拥挤", "月光下的城市", "还亮着",
             "我们曾经的样子"]
    article = extract_html(page("<div class='lrc'>" + "<br>".join(lines) + "</div>"))
    assert article.paragraphs == tuple(lines)
    review = "".join(f"<p>{p}</p>" for p in PARA) + "<p>网友回复</p><p>看了三遍，每次都笑到肚子疼，包租婆太强了！</p>"
    assert extract_html(page(f"<div class='content'>{review}</div>")).paragraphs == tuple(PARA)
    crumbs = "<div>您的位置：好厨网 &gt; 家常菜谱 &gt; 川菜 &gt; 鱼香肉丝</div>"
    assert "您的位置" not in extract_html(page(f"<div class='content'>{crumbs}{review}</div>")).text


def test_a_notices_numbered_attachments_are_its_text_and_a_releases_own_pdf_is_not():
    notice = ("<div class='content'>" + "".join(f"<p>{p}</p>" for p in PARA) + "<p>附件：</p>"
              "<p><a href='/f/1.xls'>1．全校公共课期末考试安排表.xls</a></p>"
              "<p><a href='/f/2.doc'>2．考场情况记录表.doc</a></p></div>")
    article = extract_html(page(notice))
    assert article.paragraphs[-2:] == ("1．全校公共课期末考试安排表.xls", "2．考场情况记录表.doc")
    table = ("<div class='content'>" + "".join(f"<p>{p}</p>" for p in PARA)
             + "<p>附表：<a href='/f/3.xls'>2023年三季度各市州主要指标.xls</a></p></div>")  # (a report's table)
    assert extract_html(page(table)).paragraphs[-1] == "附表：2023年三季度各市州主要指标.xls"
    release = ("<div class='content'>" + "".join(f"<p>{p}</p>" for p in PARA) + "<p>相關附件</p>"
               "<p><a href='/f/r.pdf'>衛福部新聞稿.pdf</a></p></div>")
    assert extract_html(page(release)).paragraphs == tuple(PARA)


def test_an_article_continued_in_the_next_rows_of_its_table_is_kept_whole():
    # 2005 portals: the text's cells in rows of the page's main table, between them an ad's row and a
    # picture's; the table's first row holds the sidebar of linked headlines.
    sidebar = "".join(f"<tr><td><a href='/n/{i}'>相关新闻标题第{i}条</a></td></tr>" for i in range(12))
    rows = (f"<tr><td rowspan='9'><table>{sidebar}</table></td></tr>"
            f"<tr><td class='l17'><p>{PARA[0]}</p><p>{PARA[1]}</p></td></tr>"
            "<tr><td><script>ad()</script><a href='http://ad.example.com/'><img src='/ad.gif'></a></td></tr>"
            f"<tr><td class='l17'><p>{PARA[2]}</p></td></tr>"
            "<tr><td><img src='/p.jpg'><br>图为1月24日，旅客在北京西站售票厅排队购票。</td></tr>"
            f"<tr><td class='l17'><p>{PARA[0][:30]}。</p></td></tr><tr><td>（责任编辑：王芳）</td></tr>")
    article = extract_html(page(f"<table>{rows}</table>"))
    assert article.paragraphs == (*PARA, "图为1月24日，旅客在北京西站售票厅排队购票。", PARA[0][:30] + "。")
    # ...but a thread's replies in rows of the first post's class, each under its dated header, are not it
    header = "<tr><td>凉拌西红柿 2005-7-15 10:4{n}</td></tr>"
    thread = (f"<tr><td rowspan='9'><table>{sidebar}</table></td></tr>"
              + header.format(n=0) + f"<tr><td class='l17'><p>{PARA[0]}</p><p>{PARA[1]}</p></td></tr>"
              + header.format(n=1) + f"<tr><td class='l17'><p>{PARA[2]}</p></td></tr>")
    assert extract_html(page(f"<table>{thread}</table>")).paragraphs == tuple(PARA[:2])
    # dvbbs: the poster's panel is a cell of the post's class beside it, but holds no paragraph
    panel = "<td class='tablebody1'>江南布衣<br>积分：1203<br>门派：无门无派<br>注册：2003-10-5</td>"
    post = "".join(f"<p>{p}</p>" for p in PARA)
    article = extract_html(page(f"<table><tr>{panel}<td class='tablebody1'>{post}</td></tr></table>"))
    assert article.paragraphs == tuple(PARA)


LEAD = "【明報專訊】公立醫院醫生人手持續緊張，醫管局昨日宣布，將放寬招聘安排，計劃在未來兩年增聘約50名海外醫生。"
STORY = "".join(f"<p>醫管局總監表示，去年公立醫院醫生流失率達5.5%，為近年新高，第{i}段仍不足以填補空缺。</p>"
                for i in range(5))


def test_a_lead_set_apart_above_the_text_opens_it():
    # The lead in a cell of its own, a picture between it and the rest (a 2012 Hong Kong paper's layout).
    cells = ("<table><tr><td><h1>醫管局擬增聘外國醫生</h1></td></tr>"
             f"<tr><td><div class='leadin'><p>{LEAD}</p></div></td></tr>"
             "<tr><td><img src='/a.jpg'></td></tr><tr><td><div id='upper'>" + STORY + "</div></td></tr>"
             "<tr><td class='related'><b>相關文章</b><br><a href='/1'>急症室 等候時間創新高</a></td></tr></table>")
    article = extract_html(page(cells))
    assert article.paragraphs[0] == LEAD and len(article.paragraphs) == 6


@pytest.mark.parametrize("dateline", ["本站讯 ", "台海网1月12日讯 ", "本报讯（记者 王平）"])
def test_leads_opening_with_other_datelines_open_the_text(dateline):
    lead = f"{dateline}10月28日至30日，中国质量认证中心审核组一行三人对我公司质量管理体系进行了复审认证。"
    cells = ("<table><tr><td><h1>公司通过质量体系复审</h1></td></tr>"
             f"<tr><td><font size='3'>{lead}</font></td></tr>"
             "<tr><td><img src='/a.jpg'></td></tr><tr><td><div id='upper'>" + STORY + "</div></td></tr></table>")
    assert extract_html(page(cells)).paragraphs[0] == lead


def test_a_summary_above_the_text_that_repeats_its_lead_is_left_out():
    summary = f"<div class='summary'><p>{LEAD}</p></div>"
    article = extract_html(page(f"<h1>醫管局擬增聘外國醫生</h1>{summary}<div id='upper'><p>{LEAD}</p>{STORY}</div>"))
    assert article.paragraphs.count(LEAD) == 1


def test_a_sina_blog_posts_keyword_ad_area_is_its_text():
    # Sina's blog wraps each post in div#sina_keyword_ad_area2 (its in-text keyword ads): a short poem
    # there, without a punctuation mark, is still the page's text, not the sidebar's profile.
    poem = ["河面松开了拳头<br>柳条试着<br>把一个名字念出声来", "我站在桥上<br>数过路的人<br>数到第七个<br>天就黑了",
            "母亲在电话里说<br>老家的杏树<br>今年开得早", "我没有告诉她<br>这边的雨<br>下了整整三天<br>也没有下透"]
    stanzas = "<p>&nbsp;</p>".join(f"<p>{stanza}</p>" for stanza in poem)
    sidebar = "<div class='info_list'>博客等级：9<br>博客积分：412<br>博客访问：28,761<br>关注人气：96</div>"
    html = (f"<h2 class='titName'>雨水之后</h2><div id='sina_keyword_ad_area2' class='articalContent'>{stanzas}</div>"
            f"<div class='SG_conn'>{sidebar}</div>")
    article = extract_html(page(html, head="<title>雨水之后_西窗烛_新浪博客</title>"))
    assert article.paragraphs[:4] == ("河面松开了拳头", "柳条试着", "把一个名字念出声来", "我站在桥上")


def test_a_specification_tables_equal_cells_in_a_row_are_kept():
    rows = "".join(f"<tr><td>{name}</td><td>{a}</td><td>{b}</td></tr>" for name, a, b in (
        ("核心代号", "GK106", "GK106"), ("显存位宽", "128bit", "128bit"), ("流处理器", "960个", "768个")))
    text = "".join(f"<p>这款显卡第{i}项测试的成绩相当不错，功耗控制得也很好，值得推荐给玩家。</p>" for i in range(5))
    article = extract_html(page(f"<div class='content'>{text}<table>{rows}</table></div>"))
    assert article.paragraphs[-3:-1] == ("核心代号 | GK106 | GK106", "显存位宽 | 128bit | 128bit")


def test_a_quote_box_atop_the_text_is_not_text():
    quotes = ("<div class='stockquote'><table><tr><td colspan='3'><b>行情速递</b></td></tr>"
              "<tr><td>上证指数</td><td>2389.90</td><td>+0.40%</td></tr>"
              "<tr><td>中信证券</td><td>12.36</td><td>+3.08%</td></tr></table></div>")
    text = "".join(f"<p>昨日，沪深两市缩量震荡，第{i}个交易日尾盘小幅收涨，券商板块逆市走强。</p>" for i in range(5))
    article = extract_html(page(f"<div id='artibody'>{quotes}{text}</div>"))
    assert article.paragraphs[0].startswith("昨日") and "2389.90" not in article.paragraphs


def test_a_subheading_named_header_is_text():
    # Substack names its subheadings h3.header-anchor-post: "header" says what they are, not a page's header.
    sentence = "The regional carriers that fly for the majors have been short of pilots since the spring, and it shows."
    parts = [f"<h3 class='header-anchor-post'>Part {i}</h3><p>{sentence}</p><p>{sentence} Again, {i}.</p>"
             for i in range(3)]
    intro = f"<p>{sentence} It is a long story.</p>"
    article = extract_html(f"<html><body><article class='post'>{intro}{''.join(parts)}</article></body></html>")
    assert {"Part 0", "Part 1", "Part 2"} <= set(article.paragraphs)


def test_a_notices_attachment_links_and_document_number_are_its_text():
    notice = ("<p>安教发〔2008〕56号</p><p>各乡镇中心校：现将有关事项通知如下，请各单位认真组织报名工作。</p>"
              + "".join(f"<p>第{i}项：报名时间为2009年4月20日至4月24日，报名地点设在市人才交流服务中心一楼大厅。</p>"
                        for i in range(4)) +
              "<p>附件：<a href='/a1.doc'>1．2009年市直事业单位公开招聘工作人员岗位表</a></p>"
              "<p><a href='/a2.doc'>2．2009年市直事业单位公开招聘工作人员报名登记表</a></p>"
              "<p>安平市人事局</p><p>二○○九年四月十四日</p>")
    article = extract_html(page(f"<h1>关于公开招聘工作人员的通知</h1><div class='content'>{notice}</div>"))
    assert article.paragraphs[0] == "安教发〔2008〕56号"
    traditional = extract_html(page(f"<h1>關於公開招聘工作人員的通知</h1><div class='content'>"
                                    f"{notice.replace('安教发〔2008〕56号', '鷺商務〔2016〕2號')}</div>"))
    assert traditional.paragraphs[0] == "鷺商務〔2016〕2號"
    assert "2．2009年市直事业单位公开招聘工作人员报名登记表" in article.paragraphs
    heading = extract_html(page(f"<h1>关于公开招聘工作人员的通知</h1><div class='content'>"
                                f"{notice.replace('<p>附件：<a', '<p>附件：</p><p><a')}</div>"))
    # (附件： a line of its own)
    assert heading.paragraphs[-5:-1] == ("附件：", "1．2009年市直事业单位公开招聘工作人员岗位表",
                                         "2．2009年市直事业单位公开招聘工作人员报名登记表", "安平市人事局")


def test_a_comment_forms_checkbox_does_not_take_the_layout_row_with_it():
    # A poll's option row goes with its radio button; a comment form's 匿名 checkbox, in the same layout
    # cell as the article, has no row of its own inside the form: the layout table's row is not it.
    text = "".join(f"<p>　　今天上午，外滩滨水区改造后的第{i}阶段工程正式对市民开放，成为市民休闲散步的好去处。</p>"
                   for i in range(5))
    form = ("<form action='/comment/post.php' method='post'><textarea name='content'></textarea>"
            "用户名：<input name='user'> <input type='checkbox' name='anon'>匿名 "
            "<input type='submit' value='发表评论'></form>")
    html = (f"<table><tr><td><div id='biaoti'>十六铺至老白渡滨江步道今起开放</div><div id='zw'>{text}</div>"
            f"<div class='comment_box'>{form}</div></td><td>热点推荐</td></tr></table>")
    assert len(extract_html(page(html)).paragraphs) == 5


def test_a_login_boxs_checkbox_in_a_layout_rows_cell_does_not_take_the_article_in_the_next_cell():
    login = "<td class='left'>用户名：<input name='user'><br><input type='checkbox' name='keep'>记住我</td>"
    html = f"<table><tr>{login}<td>{''.join(f'<p>{p}</p>' for p in PARA)}</td></tr></table>"
    assert extract_html(page(html)).paragraphs == tuple(PARA)


def test_a_posts_signature_box_is_not_text():
    post = "".join(f"<p>小米粥的新家日记第{i}篇：客厅的墙面终于刷好了，颜色比想象中还要好看。</p>" for i in range(5))
    sign = "<div class='post-sign'>小米粥的新家日记：http://www.19lou.com/u/123，欢迎来坐坐！</div>"
    html = f"<div class='post'><div class='post-content'>{post}</div>{sign}</div>"
    assert not any("19lou" in paragraph for paragraph in extract_html(page(html)).paragraphs)


@pytest.mark.parametrize("stamps", [
    ("2009-4-18 10:51:00", "2009-4-18 11:03:27", "2009-4-18 11:20:45"),
    ("(Sat Apr 18 10:51:00 2009)", "(Sat Apr 18 11:03:27 2009)", "(Sat Apr 18 11:20:45 2009)"),  # a BBS's stamp
    ("4-18 10:51", "4-18 11:03", "4-18 11:20"),  # (a month and day, with the time)
])
def test_a_threads_posts_of_one_class_give_the_first_post(stamps):
    # Each post a div.bbsmain with its poster's panel, its dated header and its text: not one article.
    def post(floor: str, name: str, time: str, text: str) -> str:
        paragraphs = "".join(f"<p>{text}第{i}段，欢迎各位拍砖指正。</p>" for i in range(4))
        return (f"<div class='bbsmain'><div class='post_left'><div class='userName'><a href='#'>{name}</a></div>"
                f"<ul><li>帖子：812</li><li>来自：山东威海</li></ul></div><div class='post_right'>"
                f"<div class='post_top'><b>{floor}</b>发表于 {time}</div>"
                f"<div class='bbsp2'>{paragraphs}</div></div></div>")
    thread = (post("楼主", "海天一色2008", stamps[0], "关于甲午海战北洋舰队失利的原因，历来说法很多")
              + post("第2楼", "老兵不死", stamps[1], "楼主说得有道理，但我觉得根子上还是体制问题")
              + post("第3楼", "龙骑兵", stamps[2], "支持楼主的看法，弹药问题确实是重要原因之一"))
    article = extract_html(page(f"<h1>甲午海战炮弹装沙子是真的吗</h1><div class='wrap'>{thread}</div>"))
    assert all(p.startswith("关于甲午海战") for p in article.paragraphs) and len(article.paragraphs) == 4
    if stamps[0].startswith("2009"):
        assert (article.published, article.source) == ("2009-04-18T10:51:00+08:00", None)


def test_a_related_box_among_the_paragraphs_does_not_end_the_article():
    text = "".join(f"<p>漁會統計，南方澳漁港約有六成漁船仰賴東北海域漁場，第{i}段。</p>" for i in range(4))
    box = ("<div class='related-news'><strong>延伸閱讀</strong><ul>"
           "<li><a href='/1'>保釣船隊明出海 海巡全程戒護</a></li>"
           "<li><a href='/2'>漁民：只想回到傳統漁場</a></li></ul></div>")
    after = "<p>行政院長陳冲則在立法院答詢時表示，政府支持漁民維護權益，但也希望各方保持理性克制。</p>"
    article = extract_html(page(f"<div class='story'>{text}{box}{after}</div>"))
    assert article.paragraphs[-1].startswith("行政院長") and not any("保釣" in p for p in article.paragraphs)
    inline = ("<p><strong>►延伸閱讀</strong><br><a href='/1'>保釣船隊明出海 海巡全程戒護</a><br>"
              "<a href='/2'>漁民：只想回到傳統漁場</a></p>")  # (the box a paragraph of its own, lines under <br>s)
    assert extract_html(page(f"<div class='story'>{text}{inline}{after}</div>")).paragraphs[-1].startswith("行政院長")
    ended = extract_html(page(f"<div class='story'>{text}<p>延伸閱讀</p><p><a href='/1'>保釣船隊明出海</a></p></div>"))
    assert ended.paragraphs[-1].endswith("第3段。")  # (a marker paragraph among the text still ends it)


def test_a_photographers_credit_above_the_text_is_not_its_writer():
    from crawler.extract import bylines
    paragraphs = ["高雄港昨天湧入大批遊客。（記者張文華攝）", "〔記者張文華／高雄報導〕高雄港昨天湧入大批遊客。"]
    assert bylines.byline_from_paragraphs(paragraphs)[0] == "張文華"
    assert bylines.byline_from_paragraphs(paragraphs[:1])[0] is None
    assert bylines.byline_from_paragraphs(["活动现场气氛热烈。（李娜 文/王鹏 摄）"])[0] == "李娜"  # (text and photos)


def test_posts_told_apart_only_by_their_numbers_are_one_class():
    # div.item#post_1882001, div.item#post_1882012: each post's id differs, its class does not.
    def post(number: int, floor: str, time: str, text: str) -> str:
        paragraphs = "".join(f"<p>{text}，第{i}段写得很长很长。</p>" for i in range(3))
        return (f"<div class='item' id='post_{number}'><div class='info'>{floor} 发表于 {time}</div>"
                f"<div class='text'>{paragraphs}</div></div>")
    thread = (post(1882001, "1楼", "2012-3-5 21:16", "上海老早的味道，现在寻不着了")
              + post(1882012, "2楼", "2012-3-5 21:40", "楼主说得对，我小时候弄堂口那家馄饨店也没了")
              + post(1882020, "3楼", "2012-3-5 22:03", "还记得那时候的粢饭团吗，五毛钱一个"))
    article = extract_html(page(f"<h1>老上海的味道</h1><div class='list'>{thread}</div>"))
    assert article.paragraphs and all(p.startswith("上海老早的味道") for p in article.paragraphs)


def test_a_gallerys_captions_are_its_text_with_its_introduction():
    # Each photo in its own div.gallery-item under a counter: each caption small, together all the text.
    intro = "<div class='gallery-intro'>全港市民昨晚迎接新年，約35萬人聚集維港兩岸觀賞煙花匯演，整晚秩序良好。</div>"
    captions = ["維港上空煙花璀璨，吸引大批市民觀賞。", "尖沙咀海旁擠滿人群，不少人提早霸位。",
                "煙花匯演結束後，市民湧往港鐵站。"]
    items = "".join(f"<div class='gallery-item'><div class='num'>{i + 1}/3</div><img src='/g/{i}.jpg'>"
                    f"<p class='gcap'>{caption}</p></div>" for i, caption in enumerate(captions))
    html = page(f"<h1>維港煙花匯演 35萬人迎新年</h1>{intro}<div class='gallery'>{items}</div>")
    article = extract_html(html)
    assert article.paragraphs == ("全港市民昨晚迎接新年，約35萬人聚集維港兩岸觀賞煙花匯演，整晚秩序良好。", *captions)


def test_a_live_pages_timed_entries_are_one_report_with_its_labelled_lead():
    # Each entry a li.live-item with a time (not a date): not a thread's posts, of which the first is the text.
    lead = ("<div class='live-intro'><b>【导语】</b>11月6日7时30分，江城马拉松在市民广场鸣枪开跑，"
            "共有两万名跑者参赛。</div>")
    tabs = "<div class='live-tabs'><a class='on'>直播</a><a>赛事信息</a><a>互动</a></div>"
    entries = ["赛事组委会通报，本届赛事共有19326名选手完赛，赛道沿线未发生重大伤病事件。",
               "女子组冠军产生！来自本省的选手邵思源以2小时31分08秒率先冲线，第二次夺冠。",
               "男子组冠军诞生！肯尼亚选手基普罗普以2小时10分42秒的成绩冲过终点，打破纪录。",
               "在30公里处的滨江大道，众多市民自发前来加油助威，有的居民还摆出了橘子和香蕉。",
               "半程马拉松男子组冠军产生，本地跑者潘浩以1小时06分15秒夺冠，成绩十分出色。"]
    times = ("12:40", "11:05", "10:38", "09:50", "08:45")
    items = "".join(f"<li class='live-item'><div class='live-time'>{time}</div><div class='live-con'><p>{text}</p>"
                    "</div></li>" for time, text in zip(times, entries, strict=True))
    toolbar = "<div class='live-toolbar'><a href='#'>手动刷新</a> <label><input type=checkbox> 自动刷新</label></div>"
    footer = "<div class='footer'>江城新闻网 版权所有 未经授权禁止转载 湘ICP备05000001号</div>"
    html = page(f"<div class='live-head'><h1>图文直播：江城马拉松鸣枪开跑</h1>{lead}</div>{tabs}{toolbar}"
                f"<ul class='live-list'>{items}</ul>{footer}")
    paragraphs = extract_html(html).paragraphs
    assert paragraphs[0].startswith("【导语】") and "直播赛事信息互动" not in paragraphs
    assert all(entry in paragraphs for entry in entries)


def test_the_rest_of_the_text_folded_away_in_an_article_more_div_is_text():
    # An app's share page shows half the story; the rest is in the page, folded (height:0) under 打开APP阅读全文.
    folded = f"<div class='article-more' style='height:0;overflow:hidden'><p>{PARA[1]}</p><p>{PARA[2]}</p></div>"
    more = "<div class='read-all'><a href='app://article?id=1'>打开APP阅读全文</a></div>"
    html = page(f"<div class='article-author'>人民日报客户端记者 郑楠</div>"
                f"<div class='article-content'><p>{PARA[0]}</p>{folded}</div>{more}")
    article = extract_html(html)
    assert article.paragraphs == tuple(PARA) and article.author == "郑楠"


def test_an_editors_note_set_apart_above_the_text_opens_it():
    note = "今天是第28个教师节，本报推出系列报道，讲述乡村教师平凡而动人的故事。"
    text = "".join(f"<p>{p}</p>" for p in PARA)
    related = "".join(f"<li><a href='/s/{i}'>系列报道之{i}：大山里的守望者</a></li>" for i in range(6))
    html = page(f"<div class='zw'><h1>一位乡村教师的三十年</h1><div class='xx'>2012年09月10日 来源：教育周刊</div>"
                f"<div class='bianzhe'><strong>编者按：</strong>{note}</div><div id='text'>{text}</div>"
                f"<div class='tool'>【<a href='#'>打印</a>】【<a href='#'>关闭</a>】</div><ul>{related}</ul></div>")
    assert extract_html(html).paragraphs == (f"编者按：{note}", *PARA)


def test_a_score_box_between_the_headline_and_the_text_is_neither_text_nor_distance():
    box = ("<table class='score'><tr><td colspan=3><b>2008中超联赛第3轮</b>　江城体育中心　观众：31208人</td></tr>"
           "<tr><td><b>江城远航</b></td><td>2 : 1<br>（半场 0 : 1）</td><td><b>滨海海星</b></td></tr>"
           "<tr><td>进球：魏建东 58'<br>巴洛斯 77'</td><td>进球</td><td>进球：郑凯 23'</td></tr>"
           "<tr><td>黄牌：孙浩然 34'</td><td>红黄牌</td><td>黄牌：马力 61'，郑凯 80'</td></tr>"
           "<tr><td>首发阵容：1-杨光；3-孙浩然、5-魏建东、6-何亮；8-王一鸣、10-巴洛斯</td><td>首发阵容</td>"
           "<td>首发阵容：22-吴刚；2-马力、4-高峰、15-刘冲；7-郑凯、13-许杰</td></tr>"
           "<tr><td>换人：46' 卢宏图 换下 周强</td><td>换人</td><td>换人：65' 林涛 换下 朱明</td></tr></table>")
    report = ["4月13日晚，中超联赛第三轮在江城体育中心打响，主场作战的远航队以2比1逆转海星，取得首胜。",
              "第23分钟，海星队前锋郑凯在禁区弧顶低射，皮球折射入网，客队1比0领先，远航队一度急躁。",
              "易边再战，远航队换上年轻边锋卢宏图，第58分钟他左路突破传中，队长魏建东跟进推射扳平。",
              "第77分钟，巴洛斯主罚的任意球绕过人墙直挂球门死角，海星门将扑救不及，远航队反超比分。"]
    text = "".join(f"<p>{p}{p[4:]}</p>" for p in report)  # (a report of some length: it outweighs the box)
    head = ("<table><tr><td><h1>远航主场2比1逆转海星</h1></td></tr>"
            "<tr><td>2008年04月13日 21:47　来源：东南体育报　记者 周立峰</td></tr></table>")
    related = "".join(f"<li><a href='/n/{i}'>中超第三轮前瞻之{i}：远航主场迎战海星</a></li>" for i in range(4))
    tools = "【<a href='/c'>我要评论</a>】【<a href='#'>打印本页</a>】【<a href='#'>关闭窗口</a>】"
    article = extract_html(page(f"<table><tr><td>{head}{box}<div id='artibody'>{text}</div><p>（责任编辑：何静）</p>"
                                f"<div>{tools}</div><h3>相关新闻</h3><ul>{related}</ul></td>"
                                f"<td>{NAV * 3}</td></tr></table>"))
    assert article.paragraphs == tuple(f"{p}{p[4:]}" for p in report)
    assert (article.published, article.source, article.author) == ("2008-04-13T21:47:00+08:00", "东南体育报", "周立峰")


def test_an_offices_answer_to_a_letter_is_text_though_its_box_is_classed_reply():
    letter = "领导您好：青石路与纬五路交叉口是三个小区和实验二小的必经路口，早晚高峰车流量很大，建议增设红绿灯。"
    answer = ["张女士：您好！您的留言收悉，现答复如下：",
              "经我支队会同辖区大队实地调查，该路口高峰时段流量约为每小时1300辆，具备设置信号灯的条件。",
              "我支队已将该路口纳入今年第二批信号灯建设计划，预计7月底前完成施工并投入使用。"]
    hot = "".join(f"<li><a href='/ly/{i}'>关于小区周边道路第{i}处停车难问题的建议</a></li>" for i in range(8))
    tip = "<p>请遵守国家法律法规，文明留言。留言受理时间为工作日，一般在十五个工作日内答复，请耐心等待。</p>"
    html = page("<div class='main'><div class='msg-detail'><h2>建议在青石路与纬五路交叉口增设红绿灯</h2>"
                f"<div class='msg-content'><div class='lab'>留言内容：</div><p>{letter}</p><p>{letter[5:]}</p></div>"
                "<div class='reply-box'><p>答复单位：东川市公安局交通警察支队</p><p>答复时间：2019-05-30 16:05</p>"
                f"<div class='lab'>答复内容：</div>{''.join(f'<p>{p}</p>' for p in answer)}</div>"
                "<div class='tools'>分享到：<a href='#'>微信</a><a href='#'>微博</a></div></div>"
                f"<div class='side-box'>{tip}<div class='side-title'>热门留言</div><ul>{hot}</ul></div></div>")
    paragraphs = extract_html(html).paragraphs
    assert letter in paragraphs and all(p in paragraphs for p in answer)


def test_a_letter_and_its_answer_both_in_boxes_classed_reply_are_text_under_an_answer_heading():
    letter = ["尊敬的书记：您好！我是石门镇南岭村人，村里到镇上原有一条土路，其中两公里一直没有修通。",
              "一到下雨天，这段路泥浆能没到小腿，学生上学要走一个多小时，希望领导过问此事。"]
    answer = ["网友您好！感谢您对家乡交通建设的关心，您反映的问题我局已会同石门镇政府实地调查。",
              "该路段已列入今年农村公路提质改造计划，计划6月底前完成路基工程、9月底前建成通车。"]
    box = (f"<div class='replyContent'>{''.join(f'<p>{p}</p>' for p in letter)}</div>"
           "<div class='replyHandle'><div class='handleTit'>回复内容</div>"
           f"<div class='handle_title'><h4>南溪县交通运输局</h4></div><div class='handleContent'>"
           f"{''.join(f'<p>{p}</p>' for p in answer)}</div></div>")
    paragraphs = extract_html(page(f"<div class='liuyan_box'>{box}</div>")).paragraphs
    assert all(p in paragraphs for p in letter + answer)
    comments = box.replace("回复内容", "网友回复")  # (no answer heading: readers' replies, as on a news page)
    assert not any(p in extract_html(page(f"<div class='liuyan_box'>{comments}</div>")).paragraphs for p in answer)


def test_a_message_boards_answers_marked_only_by_a_lone_da_are_text():
    asks = ["老师您好，我是河南理科考生，今年估分620左右，想报贵校的计算机科学与技术专业，请问专业之间有没有级差？",
            "谢谢老师！如果被调剂到其他专业，大一结束后能转到计算机或者软件工程吗？转专业有没有名额限制？"]
    answers = ["王同学你好！我校在河南省按照分数优先、遵循志愿的原则安排专业，专业志愿之间不设级差。",
               "可以申请。我校允许学生在第一学年结束后申请转专业，转入专业根据第一学年的学业成绩择优接收。"]
    pairs = "".join(f"<dl class='ask'><dt><b>问</b></dt><dd class='txt'><p>{ask}</p></dd></dl>"
                    f"<dl class='reply'><dt><b>答</b></dt><dd class='txt'><p>{answer}</p></dd></dl>"
                    for ask, answer in zip(asks, answers, strict=True))
    paragraphs = extract_html(page(f"<div class='lyb'>{pairs}</div>")).paragraphs
    assert all(p in paragraphs for p in asks + answers)


def test_a_consultation_pages_answers_under_their_heading_are_text():
    question = "<div class='consult-question'>" + "".join(f"<p>{p}</p>" for p in PARA[:2]) + "</div>"
    replies = [["您好，根据劳动合同法的规定，用人单位应当自用工之日起为劳动者缴纳社会保险费。",
                "试用期包含在劳动合同期限内，公司未缴社保，您可以向劳动监察部门投诉，要求补缴。"],
               ["补充一点：公司以试用期不符合录用条件为由解除合同，需要举证证明录用条件已事先告知。",
                "否则属于违法解除，您可以主张二倍经济补偿金，建议先保留好入职通知和工资流水等证据。"]]
    boxes = "".join("<div class='lawyer-reply'><div class='name'>张律师</div>"
                    + "".join(f"<p>{p}</p>" for p in reply) + "</div>" for reply in replies)
    html = page(f"<div class='entry-content'>{question}<h3>律师回复（2）</h3>{boxes}</div>")
    paragraphs = extract_html(html).paragraphs
    assert all(p in paragraphs for reply in replies for p in reply)
    assert not any(p in extract_html(html.replace("律师回复（2）", "")).paragraphs for p in replies[1])
    # (a badge that heads each answer, the answerer and the date after it)
    badge = "<div class='reply-head'><span>醫師回覆</span> 一般外科 陳醫師 113-05-14</div>"
    badged = html.replace("<h3>律师回复（2）</h3>", "").replace("<div class='name'>张律师</div>", badge)
    assert all(p in extract_html(badged).paragraphs for reply in replies for p in reply)


def test_a_questions_page_keeps_its_answers_under_their_heading():
    # The question, long and in a box classed as text, outweighs each answer in its card of buttons.
    question = ("<div class='QuestionHeader'><h1>试用期被辞退能要求赔偿吗？</h1><div class='QuestionRichText RichText'>"
                + "".join(f"<p>{p}</p>" for p in PARA * 2) + "</div></div>")
    answers = [["这个问题要分两种情况看。如果公司能证明你不符合录用条件，并且事先明确告知过录用条件，解除是合法的。",
                "如果证明不了，就属于违法解除，你可以主张赔偿金，标准是经济补偿的二倍，按工作年限计算。"],
               ["补充一点，社保是法定义务，试用期也必须缴纳，可以向当地社保经办机构或劳动监察大队投诉。"]]
    labels = ("赞同 1.2K", "12 条评论", "分享", "收藏", "喜欢", "收起")
    buttons = "<br>".join(f"<button>{label}</button>" for label in labels)
    author = "<div class='AuthorInfo'><a href='/p/x'>张律师</a></div>"
    items = "".join(f"<div class='List-item'><div class='AnswerItem'>{author}"
                    "<div class='RichContent'><div class='inner'>" + "".join(f"<p>{p}</p>" for p in answer)
                    + f"</div></div><div class='ContentItem-actions'>{buttons}</div></div></div>" for answer in answers)
    html = page(f"<div class='QuestionPage'>{question}<div class='Question-main'><div class='Card'><div class='List'>"
                f"<div class='List-header'><h4>2 个回答</h4></div>{items}</div></div></div></div>")
    paragraphs = extract_html(html).paragraphs
    assert all(p in paragraphs for p in PARA) and all(p in paragraphs for answer in answers for p in answer)
    assert not any(p in extract_html(html.replace("2 个回答", "")).paragraphs for p in answers[1])


def test_a_table_set_in_a_figure_is_text_and_its_caption_is_not():
    rows = "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in
                   (("额定除湿量", "20L/天"), ("额定功率", "330W"), ("水箱容量", "4.5L")))
    table = f"<table><tbody>{rows}</tbody></table>"
    figure = f"<figure class='wp-block-table'>{table}<figcaption>参数</figcaption></figure>"
    body = f"<div class='entry-content'><p>{PARA[0]}</p>{figure}<p>{PARA[1]}</p></div>"
    paragraphs = extract_html(page(body)).paragraphs
    assert "额定功率 | 330W" in paragraphs and "参数" not in paragraphs


def test_the_rest_of_the_text_hidden_behind_its_read_more_button_is_text():
    # A mobile page shows the rest on a tap: it is in the page all along, display:none.
    button = "<div class='m-readmore'><button type='button'>看更多 ▼</button></div>"
    hidden = f"<div class='m-hidden' style='display:none'><p>{PARA[1]}</p><p>{PARA[2]}</p></div>"
    html = page(f"<div class='m-article-body'><div class='m-visible'><p>{PARA[0]}</p></div>{button}{hidden}</div>")
    assert extract_html(html).paragraphs == tuple(PARA)
    popup = f"<div class='m-article-body'><p>{PARA[0]}</p><div style='display:none'><p>{PARA[1]}</p></div></div>"
    assert extract_html(page(popup)).paragraphs == (PARA[0],)  # (hidden without a button: not shown, not text)


def test_a_court_documents_head_and_signature_are_its_text():
    head = ("<div class='doc-head'><div>上海市第一中级人民法院</div><div>民 事 判 决 书</div>"
            "<div>（2021）沪01民终5678号</div></div>")
    text = "".join(f"<div class='doc-para'>{p}</div>" for p in PARA)
    sign = ("<div class='doc-sign'><div>审　判　长　　许文涛</div><div>审判员　邓　萍</div>"
            "<div>二〇二一年十月二十九日</div><div>书记员　何佳怡</div></div>")
    html = page(f"<article><h1>某公司与刘某劳动合同纠纷二审民事判决书</h1><div class='ws-body'>{head}"
                f"<div class='doc-main'>{text}</div>{sign}</div></article>",
                head="<title>某公司与刘某劳动合同纠纷二审民事判决书_裁判文书</title>")
    paragraphs = extract_html(html).paragraphs
    assert paragraphs[:3] == ("上海市第一中级人民法院", "民 事 判 决 书", "（2021）沪01民终5678号")
    assert paragraphs[-4:] == ("审 判 长 许文涛", "审判员 邓 萍", "二〇二一年十月二十九日", "书记员 何佳怡")


def test_an_events_time_and_place_in_a_notice_are_its_text_and_do_not_date_the_page():
    # 时间：/地点： under a notice's heading say when and where its event is; the page's date is 发布时间.
    clause = "<p>供应商应按采购文件要求编制响应文件，并在规定时间内通过电子采购平台线上递交，逾期不予受理。</p>"
    notice = (f"{clause * 3}<h4>五、响应文件开启</h4><p>时间：2025年3月18日9:30（北京时间）</p>"
              f"<p>地点：华岳集团总部大楼B座7楼第三会议室</p>{clause * 2}")
    article = extract_html(page("<h3>华岳集团物业管理服务项目竞争性磋商公告</h3>"
                                "<div class='meta'><span>发布时间: 2025-03-07 10:12:33</span></div>"
                                f"<div class='detail-body'>{notice}</div>"))
    assert "时间：2025年3月18日9:30（北京时间）" in article.paragraphs
    assert article.published == "2025-03-07T10:12:33+08:00"


def test_a_one_line_further_reading_box_inside_the_text_does_not_end_it():
    # 延伸阅读：<a>…</a> in a box of its own between two paragraphs: the text goes on after it.
    sentence = "居民代表说，电梯故障已经持续两个多月，住在高层的老人和病人出行非常困难，希望尽快修好。"
    html = ("<h1>蕉赖组屋电梯故障两个月 居民联署要求维修</h1><div class='entry-content'>"
            + "".join(f"<p>{sentence}第{i}位居民这样说。</p>" for i in range(4))
            + "<div class='inline-related'><strong>延伸阅读：</strong>"
            + "<a href='/x'>雪州廉价组屋维修基金拨款增至5000万</a></div>"
            + "<p>组屋管理层代表受询时表示，电梯零件需要从国外订购，新零件预计在6月中旬送到。</p>"
            + f"<p>{sentence}再说一遍。</p></div>")
    article = extract_html(page(html))
    assert article.paragraphs[-1] == f"{sentence}再说一遍。"
    assert not any("延伸阅读" in p for p in article.paragraphs)


@pytest.mark.parametrize("reference", [
    "论文链接：<a href='https://pubs.acs.org/doi/10.1021/jacs.1c03927'>https://pubs.acs.org/doi/10.1021/jacs.1c03927</a>",
    "相关论文信息：<a href='https://doi.org/10.1103/PhysRevApplied.21.044027'>https://doi.org/10.1103/PhysRevApplied.21.044027</a>",
    "<a href='https://www.nature.com/articles/s41467-021-22917-0'>论文链接</a>",
])
def test_a_research_news_link_to_its_paper_is_its_text(reference):
    # A paper's address under research news is its reference, printed as the text's own line.
    sentence = "研究团队发现，铜铟双位点催化剂在可见光下能将二氧化碳高效还原为一氧化碳，选择性超过百分之九十。"
    html = ("<h1>我校团队在光催化二氧化碳还原研究中取得进展</h1><div class='v_news_content'>"
            + "".join(f"<p>{sentence}第{i}组实验。</p>" for i in range(4)) + f"<p>{reference}</p></div>")
    article = extract_html(page(html))
    assert article.paragraphs[-1].startswith(("论文链接", "相关论文信息"))


def test_a_table_of_fields_opening_the_text_is_its_text():
    # A heritage item's page opens with its fields, label | value (no colon), then the description.
    fields = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in (
        ("项目类别", "传统技艺"), ("项目编号", "Ⅷ-23"), ("申报地区或单位", "黔丰市松溪县"),
        ("保护单位", "松溪县文化馆")))
    text = "".join(f"<p>磨盘山土陶烧制技艺已有三百余年历史，第{i}道工序全凭手工完成，器型古朴。</p>" for i in range(5))
    body = f"<div class='show-content'><table>{fields}</table>{text}</div>"
    article = extract_html(page(f"<h1>磨盘山土陶烧制技艺</h1>{body}"))
    assert article.paragraphs[:2] == ("项目类别 | 传统技艺", "项目编号 | Ⅷ-23")


def test_a_table_of_the_pages_own_facts_opening_the_text_is_not_its_text():
    # Taiwan's press releases open with 標題 | 發布機關 | 發布日期 | 資料來源: the page's metadata.
    facts = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in (
        ("標題", "北市推動社區廚餘回收再升級"), ("發布機關", "臺北市政府環境保護局"), ("發布日期", "112年3月5日"),
        ("資料來源", "臺北市政府環境保護局")))
    text = "".join(f"<p>臺北市環保局表示，今年將在各行政區新增智慧廚餘回收站，第{i}批已經啟用。</p>" for i in range(5))
    article = extract_html(page(f"<div class='center'><table>{facts}</table>{text}</div>"))
    assert article.paragraphs[0].startswith("臺北市環保局表示")


def test_a_poems_reader_comments_under_their_heading_are_not_its_text():
    # A poem's lines have no punctuation: they are its text all the same, and the comments below end it.
    lines = ["三月的雨落在青石板上", "落在外婆的蓝布伞上", "也落在我离家的那条路上", "桃花开了又谢了",
             "燕子来了又走了", "只有河水还是那样慢", "慢慢流过小镇的黄昏", "流过我十八岁的夏天"]
    comments = "".join(f"<p>评论人：读者{i} 评分：★★★★ 2005-3-2{i} 20:15:30</p>"
                       f"<p>读到这里就喜欢上了，第{i}节写得真好，结尾忽然想哭，很真。</p>" for i in range(4))
    html = ("<h1>三月，在江南</h1><div class='poem'>" + "<br>".join(lines) + "</div>"
            f"<div class='comments'><p>作品评论 （共12条，查看全部）</p>{comments}</div>")
    article = extract_html(page(f"<div class='main'>{html}</div>"))
    assert article.paragraphs == tuple(lines)


def test_a_questions_page_keeps_the_question_and_every_answer_when_the_best_answer_heads_its_own_box():
    # 满意答案 heads the best answer's box, 其他回答 the others': the body is the element holding them all,
    # not the best answer's box that its own heading shares.
    question = "刚买了一口生铁锅，听说新锅用之前要先开锅，不然容易生锈、粘锅。具体应该怎么做？要用猪油吗？"
    best = [*PARA, "第一步：先用清水把锅里外刷洗一遍，然后锅里放满水烧开，倒掉水，再用钢丝球把锅的内外都刷一遍。",
            "第二步：把锅放到火上，用小火把锅里的水分烤干，一直烤到锅的表面微微发蓝、冒一点青烟为止。",
            "第三步：关火，等锅自然冷却后用温水冲洗干净，再烧干水分，薄薄地抹上一层食用油就可以了。"]
    others = ["用猪油最好，没有的话用花生油也行，就是效果差一点。另外开锅前一定要把锅烧热，不然油吃不进去。",
              "我们老家的做法是在锅里炒一把韭菜或者青菜叶，炒到发黑倒掉，反复炒两三次，说是可以去掉铁锈味。"]
    related = "".join(f"<li><a href='/b/{n}.html'>{q}</a></li>" for n, q in
                      enumerate(("铁锅生锈了怎么处理？", "不粘锅和铁锅哪个好？", "熟铁锅和生铁锅有什么区别")))
    html = page(
        "<div id='left'><div class='qbox'><h1 class='qt'>新买的铁锅怎么开锅？</h1>"
        "<div class='qinfo'>提问者：<a href='/u/1'>xiaomei</a> | 悬赏分：5 | 提问时间：2006-11-08 19:42</div>"
        f"<div class='qdesc'>{question}</div></div>"
        "<div class='abox best'><h2>满意答案</h2>"
        "<div class='ainfo'><a href='/u/2'>厨房小能手</a> 2006-11-08 20:15</div>"
        "<div class='acont'>" + "".join(f"<p>{p}</p>" for p in best) + "</div></div>"
        "<div class='abox'><h2>其他回答 <span>(2)</span></h2>"
        + "".join(f"<div class='item'><div class='acont'>{p}</div><div class='ainfo'>网友 21:0{n}</div></div>"
                  for n, p in enumerate(others))
        + f"</div><div class='rbox'><h3>相关问题</h3><ul>{related}</ul></div></div>")
    paragraphs = extract_html(html).paragraphs
    assert all(p in paragraphs for p in [question, *best, *others])


def test_a_paragraph_outweighing_its_article_of_linked_paragraphs_and_an_inline_list_gives_way_to_the_article():
    # Each paragraph links a name's hover card, and a list of related stories sits among them: the
    # article's link density weighs it below its one unlinked paragraph, which one paragraph more or
    # less tips. The paragraph's parent holds many times its prose: that is the article.
    card = ("<a href='/p/1'>Ilhan Omar</a>"
            "<a href='/t/1'>Hillicon Valley: Progressives oppose funding bill over surveillance powers</a>")
    linked = [f"Officials in {city} said the case against the man, who called the office of Rep. {card} last spring, "
              "was settled on Tuesday in federal court." for city in ("Buffalo", "Rochester", "Albany", "Syracuse")]
    plain = ("Patrick Carlineo Jr., 55, could face up to 10 years in prison and have to pay $250,000 after pleading "
             "guilty to threatening to assault and murder a member of Congress, the office of the U.S. Attorney said "
             "in a release on Tuesday, adding that sentencing was scheduled for February and that the defendant "
             "remained free on bail under the conditions set by the court.")
    related = "".join(f"<li><a href='/r/{n}'>Related story number {n} about the court case in New York state</a></li>"
                      for n in range(8))
    html = ("<html><head><title>Man pleads guilty to threatening to kill Omar | TheHill</title></head><body>"
            "<div class='menu'><a href='/'>Home</a> <a href='/news'>News</a></div>"
            "<h1>Man pleads guilty to threatening to kill Omar</h1><div class='field-item even'>"
            + "".join(f"<p>{p}</p>" for p in linked[:2]) + f"<p>{plain}</p><ul class='related'>{related}</ul>"
            + "".join(f"<p>{p}</p>" for p in linked[2:]) + "</div></body></html>")
    paragraphs = extract_html(html).paragraphs
    assert plain in paragraphs and len(paragraphs) == 5


def test_a_paragraph_wrapped_alone_in_sections_gives_way_to_the_article_past_its_wrappers():
    # An editor's markup (WeChat's): each paragraph in <section><section>, two levels more of decay for the
    # article's prose, so that with a list of links in the article one long paragraph outweighs it.
    paragraphs = [PARA[0] * 2, PARA[1], PARA[2]]
    wrapped = "".join(f"<section><section><p>{p}</p></section></section>" for p in paragraphs)
    links = "".join(f"<li><a href='/t/{n}'>本钢集团召开年度工作会议第{n}次</a></li>" for n in range(8))
    article = extract_html(page(f'<div class="main"><div class="content">{wrapped}<ul>{links}</ul></div></div>'))
    assert article.paragraphs == tuple(paragraphs)


def test_a_zero_width_space_in_a_link_does_not_tip_its_line_into_navigation():
    # The line is as much link as text: a template's stray zero-width space in a link, invisible and
    # dropped from the text, must not count as a character of link (a new version for nothing).
    line = ("Follow The New Times Opinion section on <a href='/fb'>Facebook</a>, "
            "<a href='/tw'>Twitter (@NYTopinion)</a> and <a href='/ig'>Instagram</a>.")
    article = "".join(f"<p>{p}</p>" for p in [
        "The city council voted on Tuesday to keep the old library open for another five years, after a long debate.",
        "Residents who had campaigned for months filled the hall, and many of them spoke before the final vote.",
        "The mayor said the decision would be reviewed next spring, when the budget for the coming year is set."])
    html = ("<html><head><title>Council keeps the library open | Opinion</title></head><body>"
            "<h1>Council keeps the library open</h1>"
            f"<article class='story'>{article}<p>{line}</p></article></body></html>")
    plain = extract_html(html).paragraphs
    assert plain[-1].startswith("Follow The New Times Opinion section on Facebook")
    assert extract_html(html.replace("Facebook", "Face\u200bbook")).paragraphs == plain


def test_pictures_in_a_row_are_all_the_articles_and_a_caption_repeated_under_each_is_text_once():
    photos = "".join(f"<div class='pic'><img src='/p/{n}.jpg' alt=''></div><p>大会现场</p>" for n in range(4))
    article = extract_html(page(f"<div class='content'>{''.join(f'<p>{p}</p>' for p in PARA)}{photos}</div>"))
    assert [image.src for image in article.images] == [f"/p/{n}.jpg" for n in range(4)]
    assert article.paragraphs.count("大会现场") == 1


def test_an_ad_slot_between_the_text_and_its_photos_changes_no_line():
    # Trailing photos under a lead-in line: an ad's picture before them must not decide where the text ends.
    photos = "".join(f"<div><img src='/p/{n}.jpg' alt=''></div>" for n in range(3))
    body = "".join(f"<p>{p}</p>" for p in PARA) + "<div>更多图片</div>" + photos
    ad = "<div class='ad-slot'><a href='https://ads.example.com/c'><img src='https://ads.example.com/b.jpg'></a></div>"
    plain = extract_html(page(f"<div class='content'>{body}</div>"))
    with_ad = extract_html(page(f"<div class='content'>{body.replace('<div>更多图片', ad + '<div>更多图片')}</div>"))
    assert with_ad.paragraphs == plain.paragraphs


def test_teasers_under_trailing_photos_leave_the_text_with_their_photos_between():
    teasers = ("赵本山当官触动了谁", "崔永元提案让谁羞愧", "少将毛新宇有啥压力")
    tail = "".join(f"<div><img src='/t/{n}.jpg' alt=''></div><div>{t}</div>" for n, t in enumerate(teasers))
    text = "".join(f"<p>{p}</p>" for p in PARA)
    assert list(extract_html(page(f"<div class='content'>{text}{tail}</div>")).paragraphs) == PARA


def test_a_field_table_drawn_twice_is_kept_once_and_a_repeated_chorus_stays():
    fields = [("索 引 号：", "11220000013544357T/2022-00426"), ("分 类：", "环境监测、保护与治理;通告"),
              ("发文机关：", "安澜省人民政府"), ("标 题：", "安澜省人民政府关于禁止新增建设项目的通告"),
              ("文 号：", "安政明电〔2022〕1号")]
    rows = "".join(f"<tr><td class='l'>{label}</td><td class='v'>{value}</td></tr>" for label, value in fields)
    text = "".join(f"<p>{p}</p>" for p in PARA)
    html = page(f"<div class='content'><table class='pc'>{rows}</table><table class='m'>{rows}</table>{text}</div>")
    article = extract_html(html)
    assert article.text.count("安政明电〔2022〕1号") == 1 and article.paragraphs[-3:] == tuple(PARA)
    chorus = ["你是我的眼", "带我领略四季的变换", "带我穿越拥挤的人潮", "带我阅读浩瀚的书海"]
    song = [PARA[0], *chorus, PARA[1], *chorus, PARA[2]]  # (lines repeated, but no table of fields)
    html = page("<div class='content'>" + "".join(f"<p>{line}</p>" for line in song) + "</div>")
    assert extract_html(html).paragraphs == tuple(song)


def _names_table(rows: int, columns: int = 4) -> str:
    cells = [("序号", "单位", "姓名", "职务")[-columns:],
             *((str(n), f"第{n}工程公司", f"张{n}明", "项目经理")[-columns:] for n in range(1, rows + 1))]
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in cells) + "</table>"


SIDEBAR_PROSE = "<div class='side'><h3>最新动态</h3><ul>" + "".join(
    f"<li><a href='/n/{i}.html'>公司召开第{i}次安全生产会议</a></li>" for i in range(6)) + \
    "</ul><p>简报：本月公司召开了安全生产会议，各单位负责人参加，会议通报了上月的检查情况。</p></div>"


@pytest.mark.parametrize("columns", [4, 2])
def test_a_notices_table_of_names_after_its_one_paragraph_is_kept(columns):
    # A notice is a paragraph and its list (序号 | 单位 | 姓名 | 职务, or 姓名 | 职务): the paragraph alone
    # outweighed its container, whose table's short cells counted as labels against it; the list was lost.
    notice = "<p>经公司研究决定，现将2020年度安全生产先进个人名单公示如下，公示期为五个工作日，欢迎监督。</p>"
    article = extract_html(page(f"<div class='main'><div>{notice}{_names_table(12, columns)}"
                                f"<p><a href='/'>返回</a></p></div>{SIDEBAR_PROSE}</div>"))
    assert article.paragraphs[0].startswith("经公司研究决定") and article.paragraphs[-1].endswith("张12明 | 项目经理")


def _appointments(marks: tuple[tuple[str, str], ...], spacer: str = "") -> str:
    """A notice's table of appointments: a mark under 任职 or under 免职 for each name, the other cell empty."""
    rows = "".join(f"<tr>{spacer}<td>{n}</td><td>张{n}明</td><td>{took}</td><td>{left}</td>{spacer}</tr>"
                   for n, (took, left) in enumerate(marks, 1))
    notice = "<p>经研究决定，现将有关干部任免事项通知如下，请各单位认真遵照执行，做好工作交接。</p>"
    return page(f"<div class='content'>{notice}<table><tr>{spacer}<td>序号</td><td>姓名</td><td>任职</td>"
                f"<td>免职</td>{spacer}</tr>{rows}<tr><td colspan=2>合计</td><td>2</td><td>1</td></tr></table></div>")


def test_an_empty_cell_between_two_of_a_rows_cells_keeps_its_column():
    # A mark moved from 任职 to 免职 beside an empty cell read the same (张2明 | √): an edit the record missed.
    before = extract_html(_appointments((("√", ""), ("√", ""), ("", "√"))))
    after = extract_html(_appointments((("√", ""), ("", "√"), ("", "√"))))
    assert before.paragraphs[2:] == ("1 | 张1明 | √", "2 | 张2明 | √", "3 | 张3明 |  | √", "合计 | 2 | 1")
    assert after.paragraphs[3] == "2 | 张2明 |  | √"
    # (empty spacer cells at a row's ends are no fields; a cell spanning two columns leaves no gap)
    spaced = extract_html(_appointments((("√", ""), ("√", ""), ("", "√")), spacer="<td></td>"))
    assert spaced.paragraphs == before.paragraphs


def test_a_long_table_of_names_does_not_cost_its_short_notice_the_body():
    # Thirty rows of short cells counted against the notice outweighed its text: a sidebar became the body.
    notice = "".join(f"<p>{line}</p>" for line in ("经公司研究决定，现将2020年度先进个人名单公示如下：",
                                                 "公示期为五个工作日，如有异议，请向公司纪委反映，联系电话见通知。"))
    article = extract_html(page(f"<div class='main'><div class='notice'>{notice}{_names_table(30)}</div>"
                                f"{SIDEBAR_PROSE}</div>"))
    assert article.paragraphs[0].startswith("经公司研究决定")
    assert article.paragraphs[-1] == "30 | 第30工程公司 | 张30明 | 项目经理"
    assert not any("简报" in line for line in article.paragraphs)


def test_a_disclosure_table_of_seven_rows_opening_the_text_is_still_metadata():
    # (its cells name publication facts, 索引号, 发布日期: the page's metadata, however many its rows)
    fields = [("索引号", "000014349/2020-00045"), ("主题分类", "国有资产监管"), ("发文机关", "某某省国资委"),
              ("成文日期", "2020年02月03日"), ("标题", "关于做好疫情防控工作的通知"),
              ("发文字号", "某国资发〔2020〕5号"), ("发布日期", "2020年02月06日")]
    table = "<table>" + "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in fields) + "</table>"
    text = "".join(f"<p>{p}</p>" for p in PARA)
    article = extract_html(page(f"<div class='content'>{table}<h1>关于做好疫情防控工作的通知</h1>{text}</div>"))
    assert "索引号" not in article.paragraphs and "国有资产监管" not in article.paragraphs
    assert article.paragraphs[-3:] == tuple(PARA) and article.published == "2020-02-06T00:00:00+08:00"


def test_a_layout_tables_paragraphs_stay_a_line_each_and_a_cell_of_two_lines_keeps_its_row_apart():
    # (an article laid out in a table's cells is no row of data; nor is a row whose cell holds two lines)
    layout = extract_html(page(f"<div class='content'><table><tr><td>{PARA[0]}</td><td>{PARA[1]}</td></tr>"
                               f"<tr><td><img src='/a.jpg'></td><td>{PARA[2]}</td></tr></table></div>"))
    assert layout.paragraphs == tuple(PARA)
    rows = "".join(f"<tr><td>{n}</td><td>第{n}工程公司</td><td>张{n}明<br>李{n}华</td></tr>" for n in range(1, 6))
    two_lines = extract_html(page(f"<div class='content'>{''.join(f'<p>{p}</p>' for p in PARA)}<table>{rows}"
                                  "</table></div>"))
    assert two_lines.paragraphs[3:7] == ("1", "第1工程公司", "张1明", "李1华")


def test_dates_in_a_table_of_data_are_its_text_not_the_pages_date():
    # A list of releases and their dates: each date is data in its row, as the page's own date line is not.
    rows = "".join(f"<tr><td>第{n}期</td><td>专题报道{n}</td><td>2018年5月{n + 10}日</td></tr>" for n in range(1, 7))
    table = f"<table><tr><td>期数</td><td>名称</td><td>播出日期</td></tr>{rows}</table>"
    text = "".join(f"<p>{p}</p>" for p in PARA)
    article = extract_html(page(f"<div class='content'><p>发布时间：2021-03-04 10:00</p>{text}{table}</div>"))
    assert article.paragraphs[3:5] == ("期数 | 名称 | 播出日期", "第1期 | 专题报道1 | 2018年5月11日")
    assert article.paragraphs[-1] == "第6期 | 专题报道6 | 2018年5月16日"
    assert article.published == "2021-03-04T10:00:00+08:00"


def test_a_table_of_documents_keeps_their_linked_names_and_a_menu_in_a_table_stays_out():
    # (the names linked to their files were dropped as links, leaving each row's number and date alone)
    rows = "".join(f"<tr><td>{n}</td><td><a href='/f/{n}.pdf'>关于做好第{n}批项目申报工作的通知</a></td>"
                   f"<td>2020-0{n}-01</td></tr>" for n in range(1, 7))
    menu = "<table><tr>" + "".join(f"<td>·</td><td><a href='/{n}'>栏目{n}</a></td>" for n in range(4)) + "</tr></table>"
    text = "".join(f"<p>{p}</p>" for p in PARA)
    article = extract_html(page(f"<div class='content'>{text}<table>{rows}</table>{menu}</div>"))
    rows_read = tuple(f"{n} | 关于做好第{n}批项目申报工作的通知 | 2020-0{n}-01" for n in range(1, 7))
    assert article.paragraphs[3:] == rows_read
    # (and its heading row's 发布日期 heads a column: no metadata line, as a field beside its value is)
    heading = "<tr><td>序号</td><td>文件名称</td><td>发布日期</td></tr>"
    headed = extract_html(page(f"<div class='content'>{text}<table>{heading}{rows}</table></div>"))
    assert headed.paragraphs[3:] == ("序号 | 文件名称 | 发布日期", *rows_read)


def test_a_table_of_names_opening_the_text_is_no_label():
    # (a quote box's two or three rows atop a market report are: test_a_quote_box_atop_the_text_is_not_text)
    text = "".join(f"<p>以上{i}名同志在年度工作中表现突出，经研究决定予以通报表扬，希望再接再厉。</p>"
                   for i in range(3))
    article = extract_html(page(f"<div class='content'>{_names_table(6)}{text}</div>"))
    assert article.paragraphs[:2] == ("序号 | 单位 | 姓名 | 职务", "1 | 第1工程公司 | 张1明 | 项目经理")
    assert "6 | 第6工程公司 | 张6明 | 项目经理" in article.paragraphs


COMMENTS = ["这次会议的精神很重要，基层单位一定认真学习领会。", "希望集团公司在科技创新方面继续加大投入，多出成果。",
            "营业收入增长百分之八点六，成绩来之不易，为全体职工点赞！", "改革要落到实处，不能只停留在文件上。",
            "建议多关注一线职工的收入待遇问题，提高基层员工积极性。", "安全生产是底线，发展再快也不能忽视安全。",
            "我们分公司已经组织学习了会议精神，大家都很受鼓舞。", "产业链供应链韧性这个提法很好，希望有具体措施跟进。",
            "期待明年有更好的成绩，集团公司加油！", "青年干部培养也要跟上，人才是第一资源。",
            "资产负债率持续下降说明管理水平在提高。", "建议公开更多改革进展信息，接受职工监督。"]


def test_undated_comments_under_a_comments_heading_are_not_the_article():
    # (no date, no class: only the heading and each entry's "name 说：" tell them; twelve outweigh the article)
    names = ["张伟", "李娜", "王强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴芳", "徐涛", "孙丽"]
    comments = "".join(f"<li>{name} 说：{text}</li>" for name, text in zip(names, COMMENTS, strict=True))
    html = page("<div class='main'><h1>集团公司召开改革工作推进会</h1><div class='body'>"
                + "".join(f"<p>{p}</p>" for p in PARA) + f"</div><div><h4>最新评论</h4><ul>{comments}</ul></div></div>")
    assert extract_html(html).paragraphs == tuple(PARA)
    quotes = "".join(f"<p>{name}说：{text}</p>" for name, text in zip(names[:4], COMMENTS[:4], strict=True))
    interview = page(f"<h1>职工谈会议精神</h1><div class='body'><p>{PARA[0]}</p>{quotes}</div>")
    assert len(extract_html(interview).paragraphs) == 5  # (people quoted in an article, no heading: its text)


def test_anti_copy_characters_a_class_hides_are_no_text():
    # (random characters in each copy of the page: kept, every visit would be an edit)
    def with_jammer(marks: str, style: str = "", tag: str = "font", name: str = "jammer") -> str:
        text = PARA[0].replace("，", f'<{tag} class="{name}">{marks}</{tag}>，', 1)
        head = f"<title>会议召开_本钢新闻_本钢集团</title>{style}"
        return page('<div class="content">' + "".join(f"<p>{p}</p>" for p in [text, *PARA[1:]]) + "</div>", head)

    assert extract_html(with_jammer("3201")).paragraphs == tuple(PARA)  # (Discuz!'s, hidden by its own stylesheet)
    hiding = "<style>.x1 { color: red } span.cp{display:none;}</style>"
    assert extract_html(with_jammer("7a9Q", hiding, "span", "cp")).paragraphs == tuple(PARA)
    # (hidden on phones only, or only in a context, or longer than anti-copy marks: a reader may see it)
    for style in ("<style>@media (max-width:600px){ span.cp{display:none} }</style>",
                  "<style>#nav span.cp{display:none}</style>"):
        assert "7a9Q" in extract_html(with_jammer("7a9Q", style, "span", "cp")).text, style
    long = "（本报记者在现场采访了多位参加会议的干部职工代表）"
    assert long in extract_html(with_jammer(long, hiding, "span", "cp")).text


def test_linked_items_the_text_announces_between_its_paragraphs_are_text():
    cases = "".join(f"<div>▶ 典型案例丨<a href='/dc/{i}.shtml'>第{i}地生态保护不到位 问题突出</a></div>"
                    for i in range(3))
    body = (f"<div>{PARA[0]}</div><div>督察组查实了一批突出问题，集中公开对3个典型案例进行通报。</div>{cases}"
            f"<div>{PARA[1]}</div><div>{PARA[2]}</div>")

    def text_of(inner: str) -> str:
        return extract_html(page(f'<div class="TRS_Editor">{inner}</div>')).text

    assert "▶ 典型案例丨第0地生态保护不到位 问题突出" in text_of(body).split("\n") and PARA[1] in text_of(body)
    # (related reading under its label, a promotion's box no paragraph announces, one alone, or a list closing the
    # text: no text)
    one = cases[:cases.index("</div>") + 6]
    for items in (cases.replace("典型案例", "相关新闻"), cases.replace("典型案例", "荐读"), one):
        assert "问题突出" not in text_of(body.replace(cases, items))
    assert "问题突出" not in text_of(f"<div>{PARA[0]}</div>{cases}")


@pytest.mark.parametrize(("line", "kept"), [("会议。阅读：1234", "会议。"), ("会议。（点击：12次）", "会议。"),
                                            ("会议。浏览(56)", "会议。"), ("会议。阅读：3篇", "会议。阅读：3篇"),
                                            ("请阅读：1", "请阅读：1"), ("附件：1.名单.xlsx", "附件：1.名单.xlsx")])
def test_a_view_counter_after_a_lines_last_sentence_is_taken_out(line, kept):
    assert without_counters(line) == kept
