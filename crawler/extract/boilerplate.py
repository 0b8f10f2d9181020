"""Recognising page furniture by its words: share bars, print/close links, counters, footers.

A line that matches is never part of an article body, wherever it sits in the page.
"""

from __future__ import annotations

import re

from crawler.extract.heuristics import (
    BOILERPLATE_MAX_UNITS,
    END_MARKER_MAX_UNITS,
    NOTICE_MAX_UNITS,
    SOFT_404_BODY_MAX_UNITS,
    SOFT_404_MAX_UNITS,
    units,
)
from crawler.extract.patterns import any_of, with_lookahead
from store import hanzi

# Furniture in English (and language switches), matched case-blind: words a short line may contain
# anywhere, and whole lines. Lines without a CJK character are tested against these alone, by substring:
# a regular expression of them costs ten times as much, on every English paragraph.
_ENGLISH_ANYWHERE = ("copyright", "share this", "share on", "share it with", "subscribe", "trackback")
# A login prompt (Sign in to comment, Please log in, Sign in | Register), not a sign in a shop window.
_ENGLISH_LOGIN = re.compile(r"(?:^|please |to )(?:sign|log) ?in\b|\b(?:sign|log) ?in(?: to| with| or|\s*[/|]|\W*$)")
_ENGLISH_WHOLE = frozenset({"share", "tweet", "advertisement", "advert", "en", "english", "email", "print",
                            "read later", "read more", "next article", "previous article", "about the author",
                            "- end -", "-end-", "— end —",  # (a WeChat post's closing mark)
                            "close", "caption", "hide caption", "toggle caption", "enlarge this image"})  # (galleries)
# Lines that are boilerplate whatever else they contain (short lines only; see `is_boilerplate_line`).
_ANYWHERE = [
    r"分享到", r"分享至", r"扫一扫", r"扫描二维码", r"用微信扫", r"微信扫一扫", r"打开微信",
    r"发表评论", r"评论前请先登录", r"请先登录", r"暂无评论", r"我要评论", r"网友评论", r"查看评论",
    r"全部评论", r"条评论", r"参与评论", r"登录后", r"立即登录", r"注册登录",
    r"【\s*打印\s*】", r"【\s*关闭\s*】", r"打印本页", r"关闭窗口", r"打印此文", r"\[\s*打印\s*\]", r"\[\s*关闭\s*\]",
    r"【\s*大\s*中\s*小\s*】", r"字号\s*[:：]?\s*(【|\[)?\s*大", r"字体\s*[:：]?\s*(【|\[)?\s*大", r"\b大\s+中\s+小\b",
    r"^上一篇", r"^下一篇", r"^上一条", r"^下一条", r"^上一页", r"^下一页",
    r"^相关新闻", r"^相关阅读", r"^相关文章", r"^相关链接", r"^相关专题", r"^延伸阅读", r"^推荐阅读", r"^热门推荐",
    r"^猜你喜欢",
    r"版权所有", r"ICP备", r"ICP证", r"公网安备", r"未经授权", r"禁止转载", r"不得转载", r"©",
    # (counters count: 访问量：1234, 阅读量(56); prose may say 网站访问量激增)
    *(rf"{word}\s*(?:[:：(（]|\d|$)"
      for word in ("浏览次数", "阅读次数", "点击数", "点击量", "阅读量", "阅读数", "浏览量", "访问量", "点阅次数")),
    r"浏览\s*[:：]?\s*\d+\s*次", r"\d\s*人(?:阅读|浏览)\s*(?:[|｜]|$)",  # (本文已有1025人阅读 | 打印)
    r"^\d+\s*浏览$", r"^\d+\s*阅读$", r"阅读\s*\(\d+\)", r"浏览\s*\(\d+\)",
    # (a line that is only a counter, whatever its words: 访问次数：137, 查看：12, 浏览人次：5, 人气：1234, 阅读：8)
    r"^(?:(?:浏览|阅读|访问|点击|查看|下载)(?:次数|人次|人数|数|量)?|人气|热度)\s*[:：]?\s*\d+\s*(?:次|人次|人)?\s*[)）】\]]?$",
    r"收藏本页", r"加入收藏", r"设为首页", r"返回顶部", r"回到顶部", r"返回首页", r"^首页\s*[>»]",
    r"您当前的位置", r"当前位置", r"您现在的位置", r"你的位置", r"您的位置", r"你现在的位置", r"所在位置",
    r"保存海报", r"微信好友", r"朋友圈", r"QQ好友", r"QQ空间", r"新浪微博", r"腾讯微博",
    r"^责任编辑", r"^\(责任编辑", r"^（责任编辑", r"^编辑\s*[:：]", r"^【编辑",
    r"^中文$", r"^繁體$", r"^简体$", r"^简\s*[|/]\s*繁$", r"暂无[!！]", r"正在加载", r"引用通告",
    r"^(个性)?签名\s*[:：]", r"^签名档",  # a forum poster's signature under each post
    r"^以下是引用.{1,30}的发言", r"^引用.{1,20}的(发言|帖子)", r"^快速回复", r"Ctrl\s*\+\s*Enter",  # forum furniture
    r"^阅读\s*[\d.]+\s*万?$", r"付费阅读", r"立即订阅", r"点赞\s*\d*\s*收藏",  # counters, paywalls
    r"视频加载中", r"加载中[.…。]*$", r"自动刷新",  # (video players and live pages: 直播信号加载中…)
    r"^(?:当前|现在)时间\s*[:：]",  # (a clock: 当前时间：2024-03-07 10:12:00, a new time at each visit)
    r"^正文已结束",  # (a screen reader's note, hidden by a size of 0: 正文已结束，您可以按alt+4进行评论)
    r"^感谢您的反馈，我们将(?:会)?减少", r"^\*?请填写原因$", r"^不感兴趣$",  # (a "not interested" box, its thanks)
    # (a WeChat account's tail, reposted with its article: 扫描下方二维码…, 1、回复【公租房】…, 点【在看】; not a
    # sentence that says to scan a code: 市民可通过扫描社区张贴的二维码进行预约)
    r"^(?:扫描|长按|识别)(?:下方|上方|下面|上面|文末|图中|左侧|右侧)(?:的)?二维码",
    r"^(?:\d{1,2}\s*[、.．]\s*)?回复\s*【[^】]{1,12}】", r"^点击菜单栏\s*[【「“]",
    r"点[个一下]?\s*[【「“]?在看", r"报料\s*(?:热线|电话|邮箱)?\s*[:：]\s*\d",
    r"^请?继续(往下)?阅读(全文)?(?![\u4e00-\u9fff])", r"^展开全文", r"^点击(进入|查看|这里|此处)",
    r"浏览器不支持", r"升级(您的)?浏览器", r"^打开.{0,12}(app|客户端)",  # (您的浏览器不支持框架/播放视频)
    # (mobile pages' buttons: the text is all there; a keywords line: 本文关键词：…; a blog post's tags)
    r"^打开.{2,8}新闻[，,]\s*查看", r"^(?:相关|本文)?关键[词字]\s*[:：]", r"^(?:标签|分类)\s*[:：]", r"^已投稿到",
    r"请下载.{0,12}(?:app|客户端)",  # (（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）)
    r"^本文(原|首)?(刊载|刊登|原载|载|发表)于", r"^原载于",  # (（本文刊载于《城乡周刊》2007年第23期）)
    r"^引用格式\s*[:：]",  # (a report's "how to cite" box)
    r"^本篇文章来源于", r"原文链接\s*[:：]\s*http",  # (DedeCMS's tail: 本篇文章来源于 X 原文链接：http://…)
    # (the page's own address, printed with a session in it)
    r"^本文(?:链接|鏈接|地址|网址|網址)\s*[:：]", r"^本页(?:链接|网址|地址)\s*[:：]",
    r"^返回搜狐",  # (返回搜狐，查看更多)
    r"^初审\s*[:：]", r"^[一二]审\s*[:：]",  # (the review chain under an SOE's article: 初审：… 复审：… 终审：…)
    r"^原标题\s*[:：]", r"^相关个股\s*[:：]", r"^相关板块\s*[:：]", r"^订阅.{0,24}阅读",  # finance sites, paywalls
    r"(?:订户|会员|付费用户)专享", r"^已是(?:订户|会员)", r"^(?:开通|成为)(?:会员|订户)",  # (本文为订户专享内容)
    # (a government site's footer: 主办：… 承办：…, 网站标识码, 技术支持：…, 建议使用IE9.0以上版本, 您是本站第123位访客;
    # at a line's start: 网, 建 and 您 start too many words of prose for the engine to try these at each)
    r"^主办(?:单位)?\s*[:：].{0,40}承办", r"^网站标识码", r"^技术支持\s*[:：]",
    r"^建议(?:使用|采用).{0,24}(?:分辨率|浏览器|浏览本)", r"^您是(?:本站|本网站)?第\s*\d+\s*位",
    r"用\s*app\s*看新闻",  # (不用抽 不用搶 現在用APP看新聞)
    r"加入.{0,16}粉丝(?:团|页|专页)", r"马上按赞",  # (Facebook 馬上按讚 加入台視新聞粉絲團)
    r"^[【\[]\s*(?:广告|advertisement)\s*[】\]]$",  # (an ad slot's label: 【ADVERTISEMENT】)
    r"[“\"「]在看[”\"」]", r"点赞.{0,3}在看", r"^往期推荐", r"^往期回顾", r"长按.{0,6}二维码", r"识别二维码",  # WeChat
    r"(?:看到|看完|读完|阅读)(?:这篇|此|本)(?:新闻|文章|文)时?的心情",  # (a mood poll: 请选择您看到这篇新闻时的心情)
    r"不代表(?:本网|本站|本网站|本平台|本号|本报|本刊)的?(?:立场|观点)",  # (a disclaimer: 文中观点不代表本网立场)
    r"点击.{0,2}阅读原文", r"^阅读原文$", r"^全文(?:约|共)\s*[\d,]+\s*字", r"阅读(?:约需|约|需要|时间约?)\s*\d+\s*分钟",
    *(re.escape(word) for word in _ENGLISH_ANYWHERE), *(f"^{re.escape(line)}$" for line in sorted(_ENGLISH_WHOLE)),
]
# Notices that stay boilerplate however long they run (copyright statements, disclaimers).
_NOTICES = [
    r"^\s*[(（【\[]?\s*(免责|郑重)?声明\s*[:：)）】\]]", r"^\s*[(（【\[]?\s*版权声明",
    r"^\s*[(（【\[]?\s*[\u4e00-\u9fff]{1,6}网\s*(免责|郑重|特别)?声明\s*[:：)）】\]]",  # 和讯网声明：本文仅代表…
    r"未经(本网)?(授权|许可|同意).{0,12}(转载|使用|复制)",
    r"(不得|禁止|严禁)(转载|复制|摘编)", r"版权(均)?(归|属于?).{0,20}所有", r"转载(请|须|必须)注明",
    r"欢迎转载.{0,12}注明",  # 本新聞歡迎轉載，請註明出處「公視新聞網」
    # （本网转载此文出于传递更多信息之目的，并不意味着赞同其观点…）, 新浪声明：新浪网登载此文出于…
    r"(?:转载|登载|刊载).{0,20}(?:之目的|不代表)", r"转载请联系",  # (本文为原创，转载请联系后台)
    r"订阅本文的评论",  # a blog theme's post footer: 本文由…发表于…，您可以通过 RSS 2.0 订阅本文的评论
    r"如有侵权.{0,10}删除",  # (本文来源于网络，如有侵权请联系删除)
]


def with_traditional(patterns: list[str]) -> list[str]:
    """The patterns plus their traditional-script forms (Taiwan and Hong Kong pages, converted seeds)."""
    variants = dict.fromkeys(patterns)
    for pattern in patterns:
        for locale in ("zh-hant", "zh-tw"):
            variants[hanzi.convert(pattern, locale)] = None
    return list(variants)


# The patterns anchored at the line's start are matched apart, at the start only: one "^" alternative among
# the others makes the engine try every alternative at every position (twice the time, on every short line).
_BOILERPLATE_PATTERNS = with_traditional(_ANYWHERE)
def _has_latin(pattern: str) -> bool:
    return re.search("[A-Za-z]", re.sub(r"\\[A-Za-z]", "", pattern)) is not None  # (not \s, \d: escapes)


# Case-blind matching makes the engine try every alternative at every position: only the patterns with
# Latin letters (ICP备, QQ空间, share on) are matched so, and only on lines that hold a Latin letter.
_ANYWHERE_PATTERNS = [p for p in _BOILERPLATE_PATTERNS if not p.startswith("^")]
_BOILERPLATE_ANYWHERE = any_of(p for p in _ANYWHERE_PATTERNS if not _has_latin(p))
_BOILERPLATE_ANYWHERE_LATIN = any_of((p for p in _ANYWHERE_PATTERNS if _has_latin(p)), re.I)
_LATIN_LETTER = re.compile("[A-Za-z]")
# (after an opening bracket too: 【延伸閱讀】, （原标题：…）)
_BOILERPLATE_AT_START = re.compile(r"[【\[(（]?\s*(?:" + "|".join(
    f"(?:{p[1:]})" for p in _BOILERPLATE_PATTERNS if p.startswith("^")) + ")", re.I)


def _names_furniture(line: str) -> bool:
    return _BOILERPLATE_ANYWHERE.search(line) is not None or _BOILERPLATE_AT_START.match(line) is not None or (
        _LATIN_LETTER.search(line) is not None and _BOILERPLATE_ANYWHERE_LATIN.search(line) is not None)
# Every other pattern needs a CJK character or full-width mark (U+3000 and up), except "©": lines
# without one (English, Latin text with curly quotes and dashes) are tested by `_is_english_furniture`.
_WIDE_CHAR = re.compile("[\u3000-\U0010ffff]")


def _is_english_furniture(line: str) -> bool:
    lowered = line.lower()  # (substring tests in C: several times faster than a case-blind regex)
    # (and a newsletter's sign-up box, where "Sign up for a Hulu account" is text)
    return lowered in _ENGLISH_WHOLE or any(word in lowered for word in _ENGLISH_ANYWHERE) or "©" in line \
        or ("sign up" in lowered and "newsletter" in lowered) \
        or (("sign" in lowered or "log" in lowered) and _ENGLISH_LOGIN.search(lowered) is not None)
# Lines that are wholly one of these words (menus, widgets) but harmless inside a sentence.
_WHOLE = {
    "打印", "关闭", "分享", "收藏", "点赞", "评论", "登录", "注册", "微信", "微博", "QQ", "返回", "顶部", "更多",
    "加载中....", "加载中...", "加载中", "取消", "确定", "提示", "保存", "来源", "发布", "首页", "|", "丨",
    "询盘", "联系方式", "暂无!", "暂无！", "EN", "字号", "大", "中", "小", "A+", "A-", "推荐", "广告",
    "（完）", "(完)", "【完】", "[完]", "-完-", "（全文完）", "(全文完)",  # (the end of a news item, on its own line)
    "IP:已设置保密", "IP：已设置保密", "IP:保密", "IP：保密",  # (dvbbs, under each post)
}
_WHOLE = set(with_traditional(sorted(_WHOLE)))


# (No notice pattern has a Latin letter: case-blind matching would only cost time.)
_NOTICE_ANYWHERE = any_of(p for p in with_traditional(_NOTICES) if not p.startswith("^"))
_NOTICE_AT_START = re.compile("|".join(f"(?:{p[1:]})" for p in with_traditional(_NOTICES) if p.startswith("^")))


def _names_a_notice(line: str) -> bool:
    """Whether `line` holds a copyright or reprint notice (版权所有, 未经授权禁止转载, 声明：…)."""
    return _NOTICE_AT_START.match(line) is not None or _NOTICE_ANYWHERE.search(line) is not None


# Every notice pattern has one of these characters: a cheap test before the regular expression. (A class, one
# scan in C: a set's isdisjoint(line) makes a string of each character of the line.)
_NOTICE_CHAR = re.compile("[声聲权權载載制製编編经經订訂]")
# A health site's disclaimer, however long: 本文仅供参考，不能替代医生诊断; 以上回答仅代表医生个人观点 (found by
# its 仅 first: 参 and 代 are too common to let every line try the notices' patterns).
_DISCLAIMER = any_of(with_traditional([r"仅供参考.{0,12}(?:不能|不可|不作为|不构成)",
                                       r"^以上(?:回答|内容|建议|解答)仅代表",
                                       r"^(?:本文|文章|文中)(?:观点|内容)?仅代表作者"]))
_ASCII_NOTICES = ("all rights reserved", "may not be published", "may not be republished")


def _is_ascii_notice(line: str) -> bool:
    lowered = line.lower()  # (substring tests in C: several times faster than a case-blind regex)
    return any(notice in lowered for notice in _ASCII_NOTICES)
# Long lines are kept even when they mention a pattern: a paragraph may quote "版权所有" in prose.

# Lines after which an article is over: related links, comment sections, legal notices.
_RELATED_MARKERS = [
    r"相关新闻", r"相关阅读", r"相关文章", r"相关链接", r"相关报道", r"相关专题", r"延伸阅读", r"推荐阅读", r"热门推荐",
    r"延伸\s*[·・•]\s*推荐",  # (163's box under the text)
    r"猜你喜欢", r"往期推荐", r"往期回顾", r"往期精选", r"精彩推荐",
    r"更多(?:新闻|资讯|报道|精彩|文章|内容)", r"(?:热点|热门|最新|今日|本周)(?:新闻|资讯|文章|推荐|关注)",
    r"编辑推荐", r"今日推荐", r"(?:新闻|点击|阅读)排行(?:榜)?", r"看了本文的人还看了",
    r"(?:more|latest|top) (?:news|stories|headlines)",
    r"related (articles|stories|news|posts|content)", r"more from", r"recommended( for you)?",
    r"you (may|might) also like", r"we recommend", r"read next", r"up next", r"more stories", r"most popular",
    r"most read",
]
# (the headings of readers' comments)
_COMMENT_MARKERS = [
    r"网友评论", r"全部评论", r"发表评论", r"我要评论", r"热门评论", r"最新评论", r"精彩评论", r"网友跟帖", r"热门跟帖",
    r"最新跟帖", r"我来说两句", r"评论", r"读者评论", r"评论列表", r"所有评论", r"已有评论", r"网友留言", r"读者留言",
    r"访客留言", r"网友回复", r"最新回复", r"全部回复", r"热门回复", r"网友点评", r"用户评论", r"用户点评", r"作品评论",
    r"作品点评", r"comments?", r"leave a (comment|reply)",
    # (counted: 共有12条评论, 已有3条评论; WordPress's "3 Responses to “…”", "One thought on “…”")
    r"(?:共有?|已有)?\s*\d+\s*(?:条|篇|位网友)?\s*(?:评论|留言|回复|跟帖)", r"我要留言",
    r"(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:comments?|responses?|replies|thoughts?)"
    r"(?:\s+(?:to|on)\s.*)?",
]
_END_MARKERS = [
    *_RELATED_MARKERS, *_COMMENT_MARKERS, r"相关股票", r"相关个股",
    r"反侵权公告", r"版权声明", r"免责声明", r"上一篇", r"下一篇",
    r"媒体联系人", r"媒体联络人?", r"媒体垂询", r"新闻联系人", r"新闻联络人",  # (a press release's contacts)
    r"share this( article| story)?",
]


def _marker_line(markers: list[str]) -> re.Pattern[str]:
    # 评论(5), 网友评论【共3条】, or with any short remark in brackets: 网友评论（仅代表网友个人观点）, 相关新闻【更多】
    return re.compile(r"^\W{0,3}(?:" + "|".join(with_traditional(markers)) + r")\s*"
                      r"(?:[(（\[【][^()（）\[\]【】]{0,16}[)）\]】])?(?:\W{0,3}|[:：].*)$", re.I)


END_MARKER_LINE = _marker_line(_END_MARKERS)
_RELATED_MARKER_LINE = _marker_line(_RELATED_MARKERS)
_COMMENT_MARKER_LINE = _marker_line(_COMMENT_MARKERS)


# A forum post's header, the first post's and each reply's alike: 山野闲人 发表于 2005-10-19 22:58.
POST_HEADER = re.compile(r"(?:发表于|發表於)\s*[:：]?\s*\d")
# A reply's header in a forum thread (天涯: 作者：X 回复日期：2005-3-21 11:40:23): the first post is over.
REPLY_HEADER = re.compile("|".join(with_traditional([r"回复日期", r"回复时间", r"回复于", r"回帖时间", r"跟帖时间"]))
                          + r"|回覆日期|回覆時間|回覆於")


def is_end_marker(line: str) -> bool:
    """A short line that opens what comes after an article (related links, comments, notices), or
    the "--" under which a BBS post (and a mail) has its writer's signature."""
    stripped = line.strip()
    return stripped == "--" or (units(line) <= END_MARKER_MAX_UNITS and END_MARKER_LINE.match(stripped) is not None)


def is_related_marker(line: str) -> bool:
    """An end marker that heads related reading (相关新闻, 推荐阅读, You may also like), not comments or notices."""
    return units(line) <= END_MARKER_MAX_UNITS and _RELATED_MARKER_LINE.match(line.strip()) is not None


def is_comment_marker(line: str) -> bool:
    """An end marker that heads readers' comments (网友评论, 发表评论, Comments), not related reading or notices."""
    lowered = line.lower()
    if line.isascii():  # (substring tests, in C: a regular expression's scan costs twice as much)
        if "comment" not in lowered and "repl" not in lowered and "respons" not in lowered and "thought" not in lowered:
            return False
    elif _COMMENT_WORD.search(lowered) is None:
        return False
    return units(line) <= END_MARKER_MAX_UNITS and _COMMENT_MARKER_LINE.match(line.strip()) is not None


# What every comment marker holds (评论, 評論, 跟帖, 留言, 回复, 回復, 说两句, comments, replies, responses, thoughts):
# a quick scan first (of the line lowered: a case-blind scan costs three times as much), since most short lines
# are tested and hold none of it. (Its Latin words are tested apart on ASCII lines.)
_COMMENT_WORD = re.compile(r"评|評|帖|留言|回|两句|兩句|comment|repl|respons|thought")


# A forum poster's profile panel beside each post (帖子：37, 积分：100, 注册：2004-3-2, 在线时间：12 小时):
# dropped from the body, but valued like any short label, so that a thread's posts, each with its
# panel, still add up to one body.
PROFILE_FIELD = re.compile(
    r"^(?:帖子|积分|精华|威望|金钱|经验|声望|贡献|魅力|阅读权限|在线时间|注册时间|注册|最后登录|发帖|回帖|主题|UID|MP"
    r"|文章|发贴|帖数|人气|登录次数)"  # (dvbbs counts a poster's posts as 文章：316)
    r"\s*[:：]?\s*[\d\s/:.年月日-]+\s*(?:点|分|元|小时|篇|个|金币)?$"
    # 等级：猫扑小猫, 来自：山东威海
    r"|^(?:等级|等級|级别|級別|头衔|頭銜|用户组|用戶組|门派|門派|来自|來自|军衔|軍銜)\s*[:：]\s*\S{1,10}$"
)


# What a "page not found" page says (in both scripts: 對不起，您訪問的頁面不存在！).
_SOFT_404_WORDS = [
    r"页面不存在", r"页面找不到", r"找不到页面", r"页面没有找到", r"页面已经?(?:被)?删除", r"(?:信息|文章|内容)不存在",
    r"信息已(?:被|经)?删除", r"已被删除", r"删除或不存在", r"不存在或已(?:被|经)?删除", r"抱歉.{0,20}(?:找不到|不存在)",
]
SOFT_404 = with_lookahead(
    "|".join(with_traditional(_SOFT_404_WORDS))
    + r"|404\s*not\s*found|page\s+not\s+found|not\s+found|error\s*404|404\s*error|^404$",
    re.I,
)
# ...what a notice alone says of the page asked for, where a short article may say the words above of something
# else (…一文，因来源有误，已被删除。特此声明; 网传…的信息不存在，请勿传谣): the page, or this item, is gone.
_SOFT_404_NOTICES = [
    r"页面不存在", r"页面找不到", r"找不到(?:该|此|您要的)?页面", r"页面没有找到", r"页面已经?(?:被)?删除",
    r"(?:您|你)(?:所)?(?:要)?访问的.{0,6}(?:不存在|已经?(?:被)?删除|找不到)", r"删除或不存在",
    r"不存在或已(?:被|经)?删除", r"(?:该|此|本)(?:信息|文章|内容|页面|新闻|稿件)(?:已(?:被|经)?删除|不存在)",
]
SOFT_404_NOTICE = with_lookahead("|".join(with_traditional(_SOFT_404_NOTICES)) + r"|page\s+not\s+found|^404$", re.I)


# A notice's attachment, a link of its own but part of the document, under 附件 (附表) or numbered: 附件：1.拟认定
# 名单.pdf, 2．考场情况记录表.doc (a press release's own PDF under 相關附件 is not the text).
# ...or under 附件： numbered, without a file's extension (附件：1．岗位表, then 2．报名登记表 on the next line).
ATTACHMENT_LIST_START = re.compile(r"^附件\s*[:：]\s*\d{1,2}\s*[.．、]\s*\S")
# ...or one attachment, its name (a link) after its label: 附件：2020年度重点项目名单, 附件2：报名表.
ATTACHMENT_LABEL = re.compile(r"^附[件表]\s*[\d一二三四五六七八九十]{0,2}\s*[:：]\s*\S")
# ...or under a line of its own, 附件： then 1．岗位表 and 2．报名登记表 each a line.
ATTACHMENT_HEADING = re.compile(r"^附[件表]\s*[:：]?$")
NUMBERED_ITEM = re.compile(r"^\d{1,2}\s*[.．、]\s*\S")
ATTACHMENT_FILE = re.compile(r"^(?:附[件表]\s*\d*\s*[:：]?\s*(?:\d{1,2}\s*[.．、]\s*)?|\d{1,2}\s*[.．、]\s*)\S.{0,80}"
                             r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|txt)$", re.I)


# A counter inside a line of text, after an attachment: 1.考核结果.pdf（下载次数：12）, 模板.xlsx 下载次数：5.
# Each download moves it: the line is kept, its counter is not.
_INLINE_COUNTER = re.compile(r"\s*[(（【\[]?\s*(?:(?:下载|下載|點擊|点击|浏览|瀏覽|阅读|閱讀|访问|訪問|查看)"
                             r"(?:次数|次數|人次|数|數|量)|人[气氣]\s*[:：])\s*[:：]?\s*\d+\s*次?\s*[)）】\]]?")


# A view counter set after the last sentence of a line, in its paragraph: …参加会议。阅读：1234, …。浏览(56).
# Each visit moves it. (After a sentence's end only: prose may go on 阅读：3篇 mid-line.)
_COUNTER_AFTER_TEXT = re.compile(r"(?<=[。！？!?…”」』）)])\s*[(（【\[]?\s*"
                                 r"(?:阅读|閱讀|浏览|瀏覽|点击|點擊|访问|訪問|查看|人[气氣])\s*(?:[:：]\s*|\s)?[(（]?\s*\d+\s*次?\s*[)）】\]]?$")


def without_counters(line: str) -> str:
    """`line` without the download or view counters set inside it (a line that is only one is boilerplate)."""
    if line[-1:].isdigit() or line[-1:] in ")）】]次":  # (a counter after the text's last sentence ends so)
        line = _COUNTER_AFTER_TEXT.sub("", line)
    if "次" not in line and "数" not in line and "數" not in line and "量" not in line and "气" not in line \
            and "氣" not in line:
        return line  # (most lines: tested in C)
    return " ".join(_INLINE_COUNTER.sub(" ", line).split()) or line  # (a space stays where it stood: fields apart)


# A portal's link back to its home page set after the text's last sentence, in its paragraph: …持续。返回腾讯网首页>>
_HOME_LINK_AFTER_TEXT = re.compile(r"(?<=[。！？!?.…”」』）)])\s*返回[\u4e00-\u9fffA-Za-z]{0,8}首页\s*(?:>>|»|＞＞)?$")


def without_home_link(line: str) -> str:
    """`line` without a link back to the site's home page after its last sentence (返回腾讯网首页>>)."""
    if "首页" not in line[-16:]:
        return line  # (most lines: tested in C)
    return _HOME_LINK_AFTER_TEXT.sub("", line)


# A forum's attachment line: IMG_0123.JPG (2005-8-3 22:15, 156.32 K), 资料.rar (12.5 KB, 下载次数: 3).
_ATTACHMENT = re.compile(
    r"\.(?:jpe?g|gif|png|bmp|rar|zip|7z|docx?|xlsx?|pptx?|pdf|txt|mp3|wmv|rmvb|rm|avi|torrent)\s*"
    r"[(（][^()（）]*\d\s*[KM]B?\b[^()（）]*[)）]$", re.I)  # (the whole line: prose may name a file)


# A slideshow's counter over each photo: 2/6, (2/6), 第2张/共6张.
_PHOTO_COUNTER = re.compile(r"[(（\[]?\s*\d{1,3}\s*/\s*\d{1,3}\s*[)）\]]?"
                            r"|第\s*\d{1,3}\s*[张張]\s*/?\s*共\s*\d{1,3}\s*[张張]"
                            r"|(?:[Ii]mage|[Pp]hoto|[Pp]icture|[Ss]lide)\s+\d{1,3}\s+of\s+\d{1,3}")  # (Image 2 of 5)


def is_boilerplate_line(line: str, size: float | None = None) -> bool:
    """True for a short line that is page furniture (share bar, counter, footer, print/close...).
    `size` is the line's units when the caller knows them (for a line without outer spaces)."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped in _WHOLE:
        return True
    if size is None:
        size = units(stripped)
    ascii_only = stripped.isascii()
    wide = not ascii_only and _WIDE_CHAR.search(stripped) is not None
    # (every notice character is a CJK one)
    if size <= NOTICE_MAX_UNITS and (_is_ascii_notice(stripped) if ascii_only else (
            wide and _NOTICE_CHAR.search(stripped) is not None and _names_a_notice(stripped))):
        return True
    if size <= NOTICE_MAX_UNITS and wide and ("仅" in stripped or "僅" in stripped) \
            and _DISCLAIMER.search(stripped) is not None:
        return True
    if size > BOILERPLATE_MAX_UNITS:
        return False
    if stripped[-1] in ")）" and _ATTACHMENT.search(stripped) is not None:
        return True
    if ("/" in stripped or " of " in stripped or "共" in stripped) and _PHOTO_COUNTER.fullmatch(stripped) is not None:
        return True
    return _names_furniture(stripped) if wide else _is_english_furniture(stripped)


SOFT_404_HEAD_CHARS = 500  # the marker words count in the title and this many characters of text


def is_soft_404(title: str | None, head: str, page_units: float, body_units: float) -> bool:
    """A 200 response that is really a "page not found" page: the marker words and little else. Little else in the
    page (`page_units`), the words in its title or `head` (its first lines); or little else in the body found in the
    site's usual template (`body_units`: menus, a sidebar of headlines and a footer outweigh a notice), the words
    in a short line of its head other than the title's, a notice's own (对不起，您访问的页面不存在！, SOFT_404_NOTICE):
    an article titled 用户信息不存在泄露风险, or a statement that an article 已被删除, is none, however short."""
    if page_units < SOFT_404_MAX_UNITS:  # (measured in C: most pages are too long to be one, and need no search)
        return any(SOFT_404.search(s) for s in (title or "", head[:SOFT_404_HEAD_CHARS]))
    if body_units >= SOFT_404_BODY_MAX_UNITS:
        return False
    return any(SOFT_404_NOTICE.search(line) for line in head[:SOFT_404_HEAD_CHARS].split("\n")
               if not (title and line in title) and units(line) < SOFT_404_BODY_MAX_UNITS)
