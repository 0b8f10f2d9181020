"""The measures and hints the body finder is built on, one by one."""

from __future__ import annotations

import pytest

from crawler.extract import extract_html
from crawler.extract import heuristics as h
from crawler.extract.boilerplate import is_boilerplate_line, is_comment_marker, is_end_marker, is_related_marker


def test_units_count_han_characters_fully_and_latin_letters_less():
    assert h.units("国资委召开会议") == 7
    assert h.units("meeting") == pytest.approx(7 / h.LATIN_CHARS_PER_UNIT)
    assert h.units("a b c") == pytest.approx(3 / h.LATIN_CHARS_PER_UNIT)  # spaces are free
    assert h.units("") == 0


def test_punctuation_counts_chinese_and_western_marks():
    assert h.punctuation_count("会议指出，要加强领导；确保落实。") == 3
    assert h.punctuation_count("The board met, and agreed.") == 2
    assert h.punctuation_count("首页 新闻 关于我们") == 0


@pytest.mark.parametrize(("tag", "class_id", "expected"), [
    ("div", "TRS_Editor", 1), ("div", "Custom_UnionStyle", 1), ("div", "article-content", 1), ("td", "zoom", 1),
    ("div", "detail_con", 1), ("div", "nav", -1), ("ul", "main-menu", -1), ("div", "share-bar", -1),
    ("div", "comment-list", -1), ("div", "breadcrumb", -1), ("div", "footer", -1), ("nav", "", -1),
    ("body", "one-sidebar page-node", 0), ("div", "w1200 clearfix", 0), ("div", "inside", 0),
    ("div", "article-more", 0), ("div", "more-news", -1), ("div", "content-more share", -1),  # (folded text)
    ("p", "print-body", 1), ("div", "print_content", 1), ("div", "print-area", 0),  # (the text a print view keeps)
    ("a", "print-btn", -1), ("div", "article-main__explore d-print-none", -1),
    ("div", "dealer-inline", -1),  # (a price box set into a car review)
    ("div", "allComm commonComment", -1), ("ul", "newsList", 0),  # (camel-cased: comments only)
    ("div", "editorComment", 0), ("div", "editor-comment", 0),  # (an editor's comment is the article's)
    ("div", "edit_comment", 0),
])
def test_class_and_id_hints(tag, class_id, expected):
    assert h.hint(tag, class_id) == expected


def test_hint_words_are_whole_words():
    assert h.class_hint("shadow loading") == 0  # "ad" inside a word is not "ad"
    assert h.class_hint("top-ad-slot") == -1


def test_a_quoted_social_post_is_not_a_share_bar():
    assert h.class_hint("social-share") == -1
    assert h.class_hint("social-media-embed") == 0
    assert h.class_hint("twitter-tweet") == 0


def test_article_score_rises_with_length_punctuation_and_paragraphs_and_falls_with_links():
    short = h.article_score(50, 2, 1, 0.1)
    long = h.article_score(800, 60, 8, 0.1)
    linky = h.article_score(800, 60, 8, 0.8)
    assert 0 <= short < long <= 1
    assert linky < long
    assert h.article_score(0, 0, 0, 0) == 0


def test_end_markers():
    for line in ("相关新闻", "【相关阅读】", "相關新聞", "Related articles", "反侵权公告：", "网友评论",
                 "> 相关专题：", "网友评论（仅代表网友个人观点）", "评论(5)", "网友回复", "--",
                 "作品评论 （共12条，查看全部）"):
        assert is_end_marker(line), line
    assert not is_end_marker("会议强调，要进一步加强相关新闻宣传工作，营造良好舆论氛围。")
    assert not is_end_marker("评论家（著名学者）说：这是好事")
    for line in ("更多新闻", "热点新闻", "编辑推荐", "点击排行榜", "看了本文的人还看了", "More news", "Top Stories"):
        assert is_related_marker(line), line  # (a list of teasers under them outweighs a short article)
    assert not is_end_marker("更多新闻请关注本报微博")


def test_comment_markers_head_comments_counted_or_not_and_nothing_else():
    for line in ("网友评论", "评论(5)", "共有12条评论", "已有3条评论", "12条评论", "我要留言", "Comments (5)",
                 "3 Comments", "12 Responses to “How the vote went”", "One thought on “Hello”", "Leave a Reply"):
        assert is_comment_marker(line) and is_end_marker(line), line
    for line in ("相关新闻", "免责声明", "You may also like", "One in three people voted", "评论家说：这是好事"):
        assert not is_comment_marker(line), line


def test_boilerplate_lines_in_both_scripts():
    for line in ("【打印】【关闭】", "【 大 中 小 】", "分享到：微信 微博 QQ", "浏览次数：1234", "瀏覽次數：12",
                 "京ICP备05000001号", "上一篇：某某新闻", "扫一扫在手机打开当前页", "评论前请先登录", "EN",
                 "签名：天下兴亡，匹夫有责", "个性签名：生活就是这样", "IMG_0123.JPG (2005-8-3 22:15, 156.32 K)",
                 "资料.rar (12.5 KB, 下载次数: 3)", "以下是引用猫扑小虾米在2005-7-15 10:40:12的发言：", "快速回复",
                 "（按Ctrl+Enter直接提交）", "阅读 3.6万", "剩余60%内容付费阅读", "立即订阅已订阅，登录",
                 "点赞 128收藏分享", "视频加载中...", "视频加载中，请稍候…", "直播信号加载中…",
                 "最新刷新 自动刷新：30秒", "推荐",
                 "原标题：白酒板块午后拉升", "相关个股：贵州茅台五粮液", "访问量：", "阅读量(56)",
                 "本文已有1025人阅读 | 打印 | 收藏 | 纠错", "和讯网声明：本文仅代表作者个人观点，与和讯网无关。",
                 "（本网转载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。）",
                 "郑重声明：东方财富发布此信息的目的在于传播更多信息，与本站立场无关。", "請繼續往下閱讀...",
                 "【延伸閱讀】", "（原标题：新高考改革如何保障公平）", "相关关键词：口袋公园 北京",
                 "本新聞歡迎轉載，請註明出處「公視新聞網」。", "展开全文", "打开APP阅读全文",
                 "打开凤凰新闻，查看更多高清图片", "2/6", "（3/12）", "第2张/共6张", "全文约2300字，阅读约需6分钟",
                 "Facebook 馬上按讚 加入台視新聞粉絲團", "按讚加入中時電子報粉絲團", "【ADVERTISEMENT】", "【廣告】",
                 "广告",
                 "本文为原创，转载请联系后台。", "点击“阅读原文”，了解更多农业资讯",
                 "新浪声明：新浪网登载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。",
                 "本文关键词：华为 手机", "本文仅供参考，不能替代医生诊断。", "以上回答仅代表医生个人观点，仅供参考。",
                 "不用抽 不用搶 現在用APP看新聞", "點閱次數：1234", "标签：", "分类：随感", "已投稿到：排行榜 圈子",
                 "引用格式：李明. 城市更新的路径[J]. 新城研究, 2019(3).", "- END -",
                 "本文来源于网络，如有侵权请联系删除。", "本文为订户专享内容",
                 "扫描下方二维码解锁更多技能", "1、回复【公租房】查看最新消息", "点击菜单栏【便民服务】解锁更多服务！",
                 "看都看完了，点【在看】试试", "澎湃新闻报料：4009-20-4009", "阅读数(15878）",
                 "感谢您的反馈，我们将会减少此类文章的推荐", "*请填写原因",
                 "订阅《联合早报》数码配套，即可阅读全文及更多独家报道。首三个月每月只需0.99元。", "已是订户？登录",
                 "开通会员，畅读全站付费内容", "初审：梁晶 复审：唐建军 终审：冯立",
                 "本篇文章来源于 某某网 原文链接：http://www.example.com/a.html", "返回搜狐，查看更多",
                 "主办：某某市人民政府办公室　承办：某某市大数据管理局", "网站标识码：4100000001",
                 "技术支持：某某信息技术有限公司", "建议使用1024×768分辨率、IE9.0以上版本浏览本网站",
                 "您是本站第123456位访客", "主辦單位：某某市政府　承辦單位：某某市資訊局",
                 # (a line that is only a counter, whatever its words)
                 "访问次数：137", "訪問次數：137", "查看次数：12", "浏览人次：5", "人气：1234", "阅读：8", "查看：12",
                 "（点击：45次）", "热度：99", "当前时间：2024-03-07 10:12:00",
                 # (prose-like lines under the text: a short closing line without punctuation is kept as text)
                 "文中观点不代表本网立场", "（本文仅代表作者个人观点，不代表本站立场）",
                 "请选择您看到这篇新闻时的心情"):
        assert is_boilerplate_line(line), line
    for line in ("会议指出，要加强领导。", "市民可通过扫描社区张贴的二维码进行预约登记。",
                 "申请人登录政务服务网后，点击菜单栏中的“我的办件”，即可查看办理进度。",
                 "感谢您的反馈，您反映的问题已转交市交通局。",
                 "EN 1090 certification was granted to the plant.", "中国铝业集团",
                 "双方代表在协议上签名：甲方为本钢集团。", "The file report.pdf (2 MB) was leaked.",
                 "Version 2.0 (build 5, 300 K downloads) shipped.", "他引用了专家在会上的发言。",
                 "继续阅读经典名著的学生越来越多。", "关键在于落实。", "打开国门搞建设，是我们的一贯方针。",
                 "对此，12306网站工作人员表示，节前网站访问量激增，部分时段出现登录缓慢的情况。",
                 "2/6的学生", "1/2 cup", "他花了6分钟读完全文。", "阅读原文时他很认真。",
                 "专家建议，饮食仅供参考即可。", "原文链接已失效，他只好重新检索。",
                 "主办单位：中国企业联合会", "专家建议使用新版本的防护标准。", "他是本站第一位站长。",
                 "人气很高的景点", "访问：2020年赴京", "他表示，这一表态并不代表政府立场。",
                 "本文作者的观点引起了热议。", "看到这篇新闻的读者纷纷留言。"):
        assert not is_boilerplate_line(line), line


def test_boilerplate_lines_of_latin_text_with_typographic_characters():
    for line in ("© 2019 The Daily — All Rights Reserved", "Copyright ©2019 “The Daily”", "Share this article’s link"):
        assert is_boilerplate_line(line), line
    assert not is_boilerplate_line("The mayor’s “plan” was approved — all of it — on Monday.")


def test_english_furniture_lines_case_blind():
    for line in ("Sign in", "LOG IN to comment", "Please sign in", "Sign In | Register", "Log in with Google",
                 "Subscribe to our newsletter", "Advertisement", "SHARE", "Tweet",
                 "English", "Share on Facebook", "Copyright 2019 Reuters", "Advert", "Email", "Read Later",
                 "Next article", "About the Author", "Like this story? Share it with a friend!",
                 "Trackback: http://tb.donews.net/TrackBack.aspx?PostId=543698", "'正在加载中...'", "引用通告地址",
                 "Sign up for the KXYZ Morning Headlines newsletter",
                 "（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）", "Image 2 of 5", "Photo 3 of 12", "Close",
                 "Caption", "Enlarge this image"):
        assert is_boilerplate_line(line), line
    for line in ("We Recommend", "UP NEXT", "Most Popular", "Read next"):
        assert is_end_marker(line) and not is_boilerplate_line(line), line
    for line in ("The share price fell.", "Tweets were deleted", "Englishmen abroad", "He logged in later.",
                 "One of 5 people voted", "Close to 300 people came.",
                 "Email was how the two kept in touch.", "Read more books, she said.",
                 "Sign up for a Hulu ad-free account for $11.99 a month",
                 "Behind the stand hangs a sign in Chinese and English.", "The blog in question was deleted."):
        assert not is_boilerplate_line(line), line


def test_link_density_decides_between_prose_and_link_lists():
    prose = "".join(f"<p>第{i}段：会议强调，各部门要保持高度警惕，坚定不移地把各项措施落实到位，确保万无一失。</p>"
                    for i in range(4))
    links = "".join(f'<p><a href="/n{i}">第{i}条：会议强调各部门要保持高度警惕坚定不移地落实各项措施</a></p>'
                    for i in range(8))
    article = extract_html(f"<html><body><div class='a'>{links}</div><div class='b'>{prose}</div></body></html>")
    assert article.text.startswith("第0段") and "第0条" not in article.text


def test_prose_deep_under_an_element_counts_less_than_prose_right_below_it():
    from selectolax.lexbor import LexborHTMLParser

    from crawler.extract import body, walk

    paragraph = "会议强调，各部门要保持高度警惕，坚定不移地把各项措施落实到位，确保万无一失。"
    near = "".join(f"<p>{paragraph}{i}</p>" for i in range(3))
    far = "".join(f"<div><div><div><div><p>{paragraph}{i}</p></div></div></div></div>" for i in range(3))
    tree = LexborHTMLParser(f"<html><body><div class='x'>{near}</div><div class='y'>{far}</div></body></html>")
    page = walk.walk(tree.root, None)
    scores = body.score(page)
    index = {element.class_id: i for i, element in enumerate(page.elements) if element.class_id}
    assert scores.value[index["x"]] > scores.value[index["y"]] > 0


def test_forum_profile_fields_are_recognised_and_notice_fields_are_not():
    from crawler.extract.boilerplate import PROFILE_FIELD

    for field in ("帖子：37", "积分: 1200", "注册：2004-3-2", "在线时间：12 小时", "UID 10235", "威望：5 点"):
        assert PROFILE_FIELD.match(field), field
    for line in ("注册资本：1000万元", "主题：关于开展安全生产大检查的通知", "发帖须知：请文明发言。"):
        assert not PROFILE_FIELD.match(line), line


def test_browser_notices_and_click_through_promos_are_boilerplate():
    for line in ("您的浏览器不支持框架，请升级浏览器或直接阅读以下内容：",
                 "您的浏览器不支持播放视频，请打开央视新闻客户端观看",
                 "点击进入《天极网全程报道CES2012》专题 >> 了解更多"):
        assert is_boilerplate_line(line), line


def test_comment_hints_read_camel_case_class_names():
    from crawler.extract.heuristics import is_comment_hint
    assert is_comment_hint("postReply") and is_comment_hint("post-reply") and is_comment_hint("commentList")
    assert not is_comment_hint("postStart") and not is_comment_hint("replyingto")


def test_the_walks_tag_numbers_are_those_the_parser_gives_each_tag_in_a_parsed_page():
    # The walk matches nodes by the parser's tag numbers: a parser that numbered tags per tree, or
    # a standard tag it did not know, would make blocks inline and scripts text.
    from selectolax.lexbor import LexborHTMLParser

    from crawler.extract import walk

    table = ("<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody>"
             "<tfoot><tr><td>f</td></tr></tfoot></table>")
    others = (h.BLOCK_TAGS | h.SKIP_TAGS) - {"html", "head", "body", "frameset", "frame", "caption", "thead", "tbody",
                                              "tfoot", "tr", "td", "th"}
    tree = LexborHTMLParser("<body>" + table + "".join(f"<div><{tag}>x</{tag}></div>" for tag in others) + "</body>")
    numbers = {node.tag: node.tag_id for node in tree.root.traverse()}
    for tags, walked in ((h.BLOCK_TAGS, walk.BLOCK_IDS), (h.SKIP_TAGS, walk.SKIP_IDS)):
        for tag in tags & numbers.keys():
            assert numbers[tag] in walked, tag
    assert len(numbers.keys() & (h.BLOCK_TAGS | h.SKIP_TAGS)) >= 70  # (the parser may move a few, as <title>)
    assert tree.css_first("td").first_child.tag_id == walk.TEXT_ID


@pytest.mark.parametrize("line", [
    "版权所有 违者必究", "未经本网授权，不得转载、摘编", "（声明：本文仅代表作者个人观点）",
    "和讯网声明：本文仅代表作者观点", "本新聞歡迎轉載，請註明出處「公視新聞網」", "本网转载此文出于传递更多信息之目的",
    "本文来源于网络，如有侵权请联系删除",
])
def test_copyright_and_reprint_notices_are_boilerplate(line):
    assert is_boilerplate_line(line)


def test_a_long_paragraph_naming_copyright_is_text():
    paragraph = "会议指出，要加强知识产权保护，完善版权登记制度，严厉打击侵权行为。" * 8
    assert not is_boilerplate_line(paragraph)
