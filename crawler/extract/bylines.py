"""Author and source: the labels that name them (作者：, 记者, 来源：, By), bylines in and around the
text, and what tells such a field line from the article's text.

Every finder returns the value and a short note of where it came from, for `--explain`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import chain
from operator import attrgetter
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawler.extract import body as bodyfinder
from crawler.extract.boilerplate import PROFILE_FIELD, is_boilerplate_line, with_traditional
from crawler.extract.dates import (
    DATE_LABEL,
    EN_DATE,
    EN_TIME,
    HAN_DIGITS,
    HAN_MONTH_CHARS,
    NUM_DATE,
    POSTED,
    SHORT_YEAR_DATE,
    bare_label,
    from_roc_calendar,
    han_date_to_digits,
)
from crawler.extract.heuristics import (
    AUTHOR_CLASS,
    AUTHOR_MAX_UNITS,
    AUTHOR_NAME_MAX_UNITS,
    BYLINE_PARAGRAPH_MAX_CHARS,
    DATE_LINE_MAX_EXTRA_UNITS,
    EDGE_PROSE_MIN_UNITS,
    LABELLED_PROSE_MIN_UNITS,
    META_WINDOW_BLOCKS,
    METADATA_LINE_MAX_UNITS,
    NOT_AUTHOR_CLASS,
    POSTER_LINK_WINDOW_BLOCKS,
    POSTER_NAME_MAX_UNITS,
    PUNCTUATION,
    QUESTION_MIN_UNITS,
    SPEAKER_LINES_ABOVE,
    units,
)
from crawler.extract.markup import Found, MetaTags
from crawler.extract.repair import ANY_HAN, normalize_whitespace
from crawler.extract.titles import title_parts
from store.urls import same_site

# Labels count only where a field starts (line start, after a space, bracket or separator), not
# inside prose such as 版权归原作者所有.
# (a paper's bullets: ○记者 刘晓燕 ○编辑 陈默; a column's name: 《棱镜》作者 周纯)
_FIELD_START = r"(?:^|(?<=[\s(（【\[|｜丨•·:：,，/／●■◆○◎》]))"
def _stop(comment_link: str) -> str:
    """The lookahead that ends a label's value, `comment_link` telling a 评论 link glued on."""
    # (发布 ends a value where a field follows it, 发布时间, 发布人: a government account's name ends in it, 青禾发布)
    # (a space ends it, but not one inside a Latin name: 来源：China Daily, 作者：John Smith)
    return (r"(?=(?<![A-Za-z.])\s|\s(?![A-Z][A-Za-z])|$|[|｜丨,，;；。)）\]】]"
            r"|发布(?:时间|時間|日期|于|於|人|者|\s*[:：])"
            r"|来源|來源|作者|编辑|責任|责任|时间|日期"
            r"|浏览|瀏覽|点击|點擊|阅读|閱讀|播放|字号"
            # (a share bar, the date or a reporter glued on: 来源：澎湃新闻微信微博, 来源：人民网2021-06-08; but
            # 来源：医院微信公众号 is an outlet)
            r"|分享|微信(?!公众|公眾)|微博|打印|列印|关闭|收藏|返回|" + comment_link
            + r"|参与|參與|我要|\d{4}(?:年\d{1,2}月|[-/.]\d{1,2}[-/.]\d)"
            r"|\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}|记者[:：]|記者[:：]"  # (and a span of 参与评论, or of 08-09 18:22)
            r"|(?<=[\u4e00-\u9fff])_(?=[A-Za-z]{0,4}\d))")  # (and an editor's staff code: 杨倩_NF4425)


_STOP = _stop("评论|評論")
# Who a byline credits after its reporter: 记者柳德新通讯员彭娟.
_FELLOWS = r"通讯员|通訊員|实习生|實習生"
# 记者王永胜发自长沙 (but a source may be 21世纪经济报道); 記者陳建宏／台北報導 (a place after a slash);
# 记者柳德新通讯员彭娟 (the reporter first).
_NAME_STOP = _STOP[:-1] + (rf"|发自|發自|报道|報導|{_FELLOWS}"
                           r"|[/／]\s*[\u4e00-\u9fff]{1,6}(?:报道|報導|电|電)|[/／]\s*(?:专访|專訪)"
                           r"|[/／](?:文|图|圖)(?![\u4e00-\u9fff]))")
# A reporter named after the outlet, without a colon but apart: 光明日报记者 王建宏, 新华社记者 张三
# (新华社记者看东北 is a column's name).
# (or the outlet's app or channel after a dot: 新华日报·交汇点记者 徐睿翔; or the app: 人民日报客户端记者 郑楠)
_OUTLET_REPORTER = (r"[\u4e00-\u9fff·]{1,12}?(?:报|報|社|台|网|網|刊|新闻|新聞|客户端|客戶端|融媒|融媒体|中心)"
                    r"(?:·[\u4e00-\u9fff]{2,6}?)?\s*(?:记者|記者)(?:\s*[:：|｜]\s*|\s+)")
_EN_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|del|la|le))*"
_NAMES_AT_PLACE = re.compile(
    r"^([\u4e00-\u9fff]{2,4}(?:\s*、\s*[\u4e00-\u9fff]{2,4})*)\s*[／/]\s*[\u4e00-\u9fff]{1,6}(?:报道|報導)$", re.M)
# 作者：吴涛 沈佳, 记者：何平 张军 (more names, but not the outlet after them: 作者：李晓亮 新民网 编辑：…)
_MORE_NAMES = (r"(?:[ \u3000]+(?!发表|發表|发布|發佈|图片|圖片|摄影|攝影|编辑|編輯|审核|審核|责编|日期|时间|時間"
               r"|通讯|通訊|实习|實習|报道|報導|综合|綜合|发自|發自|提交|回复|回復|更新|修改|责任|責任|来源|來源"
               r"|点击|點擊|浏览|瀏覽|阅读|閱讀|文章|信息|新闻|新聞|稿件|资料|資料|打印|评论|評論|收藏|分享"
               r"|我要|网友|網友|查看|全部|参与|參與|摄像|攝像|剪辑|剪輯|后期|後期)"  # (我要评论 glued on; TV credits)
               r"[\u4e00-\u9fff]{2,3}(?<![网網报報社台刊站部])"
               r"(?=\s|$|[|｜丨,，;；】\]）)]|时间|時間|日期|点击|點擊|浏览|瀏覽|阅读|閱讀|来源|來源|编辑|編輯|责任|責任"
               r"|打印|评论|評論|收藏|分享|返回))*")  # (sohu's 返回搜狐，查看更多 glued on)
# A correspondent stationed abroad or in a city: 本报驻北京特派员 林立, 驻京记者 王平.
_CORRESPONDENT = r"(?:本报|本報)?(?:驻|駐)[\u4e00-\u9fff]{1,6}?(?:特派员|特派員|特派记者|特派記者|记者|記者)\s*"
# (a name alone is known by its surname: the commonest hundred or so cover most people)
_COMMON_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
                    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
                    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
                    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
                    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦")
# What makes 作者 a heading about the writer, not a label naming one: 作者最新文章, 作者简介, 作者其他文章.
_ABOUT_THE_AUTHOR = (r"(?:最新|更多|其他|其它|相关|相關|简介|簡介|介绍|介紹|推荐|推薦|热门|熱門|文章|专栏|專欄"
                     r"|主页|主頁|资料|資料|列表|档案|檔案)")
# Each label: its name (for --explain), a word its pattern needs, one at least (a text holding none is not
# scanned: a substring test in C spares most labels' scans), and the pattern, whose group 1 is the name.
AUTHOR_LABELS = (
    ("作者", ("作", "撰", "执笔", "執筆", "报导", "报道", "報導", "報道", "文", "采写", "採寫"), re.compile(
        # (文/图 张三, 文：眉间尺, 文 | 周念: "text by"; 文字｜刘洋)
        _FIELD_START + rf"(?:作\s*者(?!\s*{_ABOUT_THE_AUTHOR})|撰\s*稿人?|撰文|执笔人?|執筆人?|采写|採寫"
        r"|(?:报导|报道|報導|報道)(?=\s*[:：])"
        r"|文\s*/(?:\s*[图圖]片?(?![/／]))?|文(?=\s*[:：｜|丨])"
        r"|文字(?=\s*[｜|丨:：]))[^\S\n]*[:：/｜|丨]?[^\S\n]*"  # (an empty 作者： takes no name from the next line)
        rf"(.{{1,30}}?{_MORE_NAMES})" + _NAME_STOP, re.M)),
    ("记者", ("记者", "記者", "特派"), re.compile(
        _FIELD_START + rf"(?:{_OUTLET_REPORTER}|{_CORRESPONDENT}|(?:本报记者|记者|記者)[^\S\n]*[:：]?[^\S\n]*)"
        rf"(.{{1,30}}?{_MORE_NAMES})"
        + _NAME_STOP, re.M)),  # (the name on the label's line: 本報記者 then a new line is a byline without a name)
    # A contributor credited alone, where no reporter is: （通讯员 刘振宇 韩雪）.
    ("通讯员", ("通讯员", "通訊員"),
     re.compile(_FIELD_START + rf"(?:通讯员|通訊員)[^\S\n]*[:：]?[^\S\n]*(.{{1,30}}?{_MORE_NAMES})"
                + _NAME_STOP, re.M)),
    # A translated piece's translator, where no writer is named: 编译：刘晓燕, （编译/郭晓）, 编译 杜若｜审校 苏禾.
    ("编译", ("编译", "編譯"),
     re.compile(_FIELD_START + r"(?:编译|編譯)[^\S\n]*[:：/／]?[^\S\n]*([\u4e00-\u9fff·]{2,8})"
                r"(?=[\s|｜丨)）】\]]|$)", re.M)),
    ("责任编辑", (), re.compile(
        _FIELD_START + r"(?:责任编辑|責任編輯|责编|編輯|编辑|编\s+辑)\s*[:：][^\S\n]*(.{1,30}?)" + _NAME_STOP, re.M)),
    # An English byline line: "By Phil Helsel", "By Lisa Kaczke and Trevor J. Mitchell | Updated ...", "By Liu Ce
    # (China Daily)", "By LI HONGYAN in Shenzhen | …", "by Xinhua writer Liu Chang"; or a labelled one:
    # "Reporter: Zou Yun | Editor: …".
    # (or after another field and a dot: "example.com · by Kate Hollins · June 3, 2014")
    ("by", ("By", "BY", "by", "Reporter", "Author", "Writer"),
     re.compile(r"(?:^(?:By|BY)\s+|^(?:By|BY|by)\s*:\s*|(?<=[·•]\s)(?:By|by|BY)\s+"
                r"|^(?:By|BY|by)\s+[A-Z]\w+\s+(?:writers?|reporters?|correspondents?)\s+"
                r"|(?:^|(?<=[\s|｜]))(?:Reporter|Author|Writer)\s*:\s*)"  # (Source: … Author: Li Mingyuan)
                rf"({_EN_NAME}(?:(?:\s+and\s+|\s*&\s*){_EN_NAME})*)"
                r"(?=\s*$|\s*[|•·,(]|\s+(?:Updated|Published|Posted|on|at|in|Date|Source|Editor)\b)", re.M)),
    # A shop's or company's news line: the writer, then the day (刘海波 / 2011-06-14), the name a person's.
    ("名 / 日期", ("/", "／", "|", "｜"),
     re.compile(rf"^([{_COMMON_SURNAMES}][\u4e00-\u9fff]{{1,2}})\s*[/／|｜]\s*(?=\d{{4}}[-/.年])", re.M)),
    # A byline line of names and the place reported from: 李欣怡 、 陳建宏 / 台北報導 (公視).
    ("報導", ("报道", "報導"), _NAMES_AT_PLACE),
    # A BBS post's header names its poster's ID, then the nickname: 发信人: bluemoon (蓝月亮), 信区: Reading.
    ("发信人", ("发信人", "發信人"), re.compile(r"^(?:发信人|發信人)\s*[:：]\s*([A-Za-z][A-Za-z0-9_]{1,15})\b", re.M)),
    # A blog entry's footer names its writer first: posted by 听雨 | 阅读全文(213) | 回复(5), posted by 听雨 at
    # 11:21 (not a comment's "Posted by 竹影 @ 2005-4-18 09:12").
    ("posted by", ("osted", "OSTED"),
     re.compile(r"^posted by\s+([^\s|｜]{2,20})(?=\s*(?:[|｜]|$)|\s+(?:at|on)\s+\d)", re.M | re.I)),
    # A post's line names its poster before the time: 丫丫妈 发表于 2005-10-19 22:30 (blogs, forums), or
    # 发表于：2005-11-03 21:16 (西祠胡同).
    ("发表于", ("发表于", "發表於"),
     re.compile(r"^(?:本文由\s*)?([^\s:：|｜\d(（【\[][^\s:：|｜]{1,15})[^\S\n]*(?:发表于|發表於)\s*[:：]?\s*"
                r"(?=[\d(（])", re.M)),
    # Blog footers: .Text's "posted on 2005-11-20 23:48 卡夫卡 阅读(2318)", Z-Blog's "发布:老邓 | 分类:…".
    ("posted on", ("osted", "OSTED"),
     re.compile(r"^posted on \d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2})? (\S{2,20})", re.M | re.I)),
    # ...and forums' post footers, the poster after the time: 发布时间 2005/05/17 22:11:42 by 眉间尺.
    ("time by", ("by", "By", "BY"),
     re.compile(r"\d[-/.]\d{1,2}日?\s+\d{1,2}:\d{2}(?::\d{2})?\s+by\s+([^\s〓|｜,，]{2,20})"
                r"\s*(?=$|〓|[|｜])", re.M | re.I)),
    ("发布", ("发布", "發佈"),
     re.compile(_FIELD_START + r"(?:发布|發佈|发布人|发布者)\s*[:：]\s*([^\d\s:：|｜][^\s:：|｜]{1,15})"
                + _NAME_STOP, re.M)),
    # A thread's starter and a Q&A page's asker: 楼主：听雨, 发帖人：听雨, 提问者：小院春深 - 试用期 一级.
    ("楼主", ("楼主", "樓主", "提问者", "提問者", "发帖", "發帖", "发贴", "發貼"),
     re.compile(_FIELD_START + r"(?:楼主|樓主|提问者|提問者|(?:发|發)(?:帖|贴|貼)(?:人|者))"
                r"\s*[:：]\s*([^\d\s:：|｜][^\s:：|｜]{1,15})"
                + _NAME_STOP, re.M)),
    # The writer in brackets right before the source, on a portal's date line: 2004年7月16日08:19 [ 黄宇 ] 来源：….
    ("署名 来源", ("来源", "來源"),
     re.compile(r"[\[［]\s*([\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4}){0,3})\s*[\]］][^\w\n]{0,3}(?:来源|來源)")),
    # A commentary's or column's signature on a line of its own, after a square: □ 魏书亭, ■叶慧敏 (a name's
    # two or three characters: not a box's heading, ■相关链接, nor a menu's item, ■ 闸阀系列).
    ("署名", ("□", "■", "◆", "◇"),
     re.compile(r"^[□■◆◇]\s*(?!相关|相關|延伸|推荐|推薦|热点|熱點|更多|专题|專題|图片|圖片|视频|視頻)"
                r"([\u4e00-\u9fff]{2,3})(?:\s*[|｜]\s*[\d.\-/]+)?$", re.M)),  # (■ 梁詠芝 ｜ 2004.07.15)
)
# (or 【来源】《财经》网络版, 【出处】电脑商讯网; a reporter's span glued on: 来源：江城新闻网记者 程远)
# (a source's name may end in 评论 where it ends the line: 来源：风向标评论; a writer's glued 评论 link may not,
# nor a 网友评论 link: 来源：新体育网网友评论(23))
_SOURCE_STOP = _stop(r"(?:网友|網友)?(?:评论|評論)(?!\s*$)")[:-1] + r"|记者\s|記者\s)"
# (in brackets too: sohu's 来源：[ 国际金融报 ])
_SOURCE_VALUE = (r"\s*(?:[:：]|(?<=【来源)】|(?<=【來源)】|(?<=【出处)】|(?<=【出處)】)\s*(?:\[\s*)?(.{1,40}?)"
                 + _SOURCE_STOP)
SOURCE_LABEL = re.compile(  # (not 来自：, a forum poster's town)
    _FIELD_START + r"(?:(?:信息|文章|稿件|新闻|新聞|本文|消息)?(?:来源|來源)[于於]?(?:\s*/\s*Source)?"
    r"|出处|出處|稿源|转贴自|轉貼自|供稿(?:单位|單位)?)" + _SOURCE_VALUE,  # (PowerEasy's 转贴自：; 供稿：县人武部)
    re.M)
# Where the material of a compiled report came from (（资料来源：参考消息、海外网等）): its source only where no
# line names the page's own.
_MATERIAL_SOURCE_LABEL = re.compile(_FIELD_START + r"(?:资料|資料)(?:来源|來源)" + _SOURCE_VALUE, re.M)
# ...or the outlets it was compiled from, in brackets under it: （综合整理自澎湃新闻、智东西、雷锋网等）.
_COMPILED_FROM = re.compile(r"[（(]\s*(?:综合整理|综合|綜合|编译|編譯|摘编|摘編)自\s*([^（()）\n]{2,30}?)"
                            r"\s*等?\s*[)）]")
# An 信息公开 table's issuing office, the source where no line labels one (the office may name a department
# its 来源 line names more narrowly: 西岭市人民政府 for 市人民政府办公室).
_ISSUER_LABEL = re.compile(_FIELD_START + r"(?:发布机构|發佈機構|发布单位|發布單位|發佈單位)" + _SOURCE_VALUE, re.M)
# A government document's issuing organ (发文机关：吉林省人民政府): the body that signs it, its author.
_ISSUING_ORGAN_LABEL = re.compile(
    _FIELD_START + r"(?:发文机关|發文機關|发文单位|發文單位|发文机构|發文機構)" + _SOURCE_VALUE, re.M)
# Every label begins with a literal character, never a class ([Pp]) or a group: then the engine itself
# skips to the positions that hold one of those characters (faster than patterns.with_lookahead). One
# class among them made each line's scan 25 times slower: 250 µs on a long English paragraph.
METADATA_LABELS = with_traditional([
    *POSTED, bare_label("时间") + r"\s*[:：]", bare_label("日期") + r"\s*[:：]", r"来源[于於]?\s*[:：]",
    r"稿源\s*[:：]", r"信息来源", r"作者\s*[:：]", r"作\s+者", r"责任编辑", r"责编", r"编辑\s*[:：]", r"编\s+辑",
    r"发布人", r"发布者", r"发帖人", r"发贴人", r"采写\s*[:：]", r"执笔人?\s*[:：/／]",
    r"》作者\s+\S{2,4}$",  # (a column's byline heading its text: 《棱镜》作者 周纯)
    # (（综合整理自澎湃新闻、智东西等）: the outlets a report draws on)
    r"（\s*(?:综合整理|综合|编译|摘编)自", r"\(\s*(?:综合整理|综合|编译|摘编)自",
    r"Post\s*[Bb]y\s*[:：]", r"post\s*[Bb]y\s*[:：]",  # (dvbbs's footer: 发贴心情 Post By：2005-8-22 19:13:18)
    # 点击/浏览 only as counters (点击：123, 浏览次数), not 点击“工具”: word by word, as above
    r"记者\s*[:：]", r"浏览\s*[:：(（]?\s*\d", r"点击\s*[:：(（]?\s*\d", r"浏览\s*[:：]", r"点击\s*[:：]",
    r"浏览数", r"浏览量", r"浏览次数", r"浏览人次", r"点击数", r"点击量", r"点击次数", r"点击率",
    r"字号", r"字体", r"摄影\s*[:：/／]", r"编辑\s*[/／]", r"通讯员", r"發佈時間", r"校对\s*[:：]", r"撰稿人?\s*[:：]",
    r"新闻记者\s*[|｜]?\s*\S{2,4}$", r"新闻记者\s+\S{2,4}\s",  # 澎湃新闻记者 周雨桐, 界面新闻记者 | 陈晓
])
_METADATA_LINE = re.compile("|".join(METADATA_LABELS))
# A WeChat article's credits: 文字｜刘洋, 编辑｜赵敏 审核｜孙伟. (Apart: an anchored alternative in the
# pattern above would make every line's scan many times slower.)
_CREDIT_WORDS = frozenset(with_traditional(["文字", "撰文", "图片", "摄影", "视频", "编辑", "责编", "审核", "审校",
                                             "校对", "排版", "美编", "终审", "监制", "策划", "统筹", "出品", "制作",
                                             "供稿", "审定", "复审", "签发", "设计", "剪辑", "配音", "翻译", "编审",
                                             "主编"]))
# (or with spaces alone between credits: 编辑 陈思 校对 李立军)
# (or with colons, credit after credit: 文字：王磊 图片：张晨)
# (after a bar, names or an outlet's: 编辑｜赵敏 审核｜孙伟, 图片｜视觉中国, 摄影丨Reuters; not a subheading:
# 设计丨从传统纹样中汲取灵感)
_CREDITED = r"(?:[\u4e00-\u9fff·]{2,6}|[A-Za-z][A-Za-z.]{1,19})(?:[（(][^）)]{1,8}[）)])?"
_CREDIT_LINE = re.compile(rf"^\S\S\s*[｜|丨︱]\s*{_CREDITED}(?:[\s、，,]+(?:\S\S\s*[｜|丨︱]\s*)?{_CREDITED})*$"
                          r"|^\S\S\s+[\u4e00-\u9fff·]{2,4}(?:\s+\S\S\s+[\u4e00-\u9fff·]{2,4})+$"
                          r"|^\S\S\s*[:：]\s*[\u4e00-\u9fff·]{2,4}(?:\s+\S\S\s*[:：]\s*[\u4e00-\u9fff·]{2,4})*$")


# What a CMS fills an empty 作者/来源 with: nobody.
_NOBODY = ("佚名", "匿名", "不详", "不詳", "未知", "无", "無")
# (作者系媒体评论员: "the author is a commentator", a description, not a name)
_NOT_A_NAME = re.compile(r"https?:|www\.|system|[，。！？；:：]|^[\W\d_]+$|^(?:报道|報導|发自|發自|系|係|是|为|為)"
                         r"|discuz|comsenz|phpwind|dvbbs"  # (forum software's credit in <meta name=author>)
                         r"|^(?:本文|此文|该文|該文|原文|全文|本帖|此帖)$"  # (本文发表于2005年)
                         # (作者：佚名, a CMS's admin: nobody)
                         rf"|^(?:{'|'.join(_NOBODY)}|admin|administrator|管理员|管理員|webmaster"
                         # (作者：网络整理, compiled from the web: nobody)
                         r"|网络整理|網絡整理|网络|網絡|互联网|互聯網|本站整理|本站|综合整理|綜合整理)$"
                         # (a thread's roles and ranks)
                         r"|^(?:楼主|樓主|沙发|沙發|板凳|(?:匿名)?网友|(?:匿名)?網友|游客|遊客|(?:超级)?版主|斑竹|(?:注册)?会员)$"
                         # (a post's floor, 第2楼, 5#; a poster's status in the user panel, 当前离线)
                         r"|^第?\d+\s*[楼樓#]$|^#\d+$|^(?:当前|當前)?(?:离线|離線|在线|在線|隐身|隱身)$"
                         # (or a link beside it)
                         r"|^(?:我来说两句|我來說兩句|发表评论|發表評論|评论|評論|打印|列印|关闭|關閉)$"
                         # (a link beside 作者: 作者专区, 作者简介)
                         r"|^(?:专区|專區|专栏|專欄|简介|簡介|介绍|介紹|列表|文集|作品|登录|登錄|注册|註冊)$"
                         # (a column named for reporters: 记者调查, 记者观察, 记者手记)
                         r"|^(?:调查|調查|观察|觀察|手记|手記|来信|來信|追踪|追蹤|探访|探訪|走访|走訪|暗访|暗訪|直击|直擊"
                         r"|调研|調研|体验|體驗|连线|連線|札记|札記|视角|視角|说法|說法|节日|節日|出镜|出鏡)$"
                         r"|^(?:字体|字體|字号|字號)"  # (作者：, empty, then 【字体：大 中 小】)
                         r"|^[>»<«/|\\-]", re.I)  # (a breadcrumb's end: > 正文)
# A reporter's rank before the name: 作者：实习记者 王璐.
# (or the outlet's: 新华社记者 石磊 吴悠, 南都记者 林子沛, 澎湃新闻记者 段彦超)
# (any outlet's short name only where a space follows 记者: 中国记者协会会员 is no rank)
_ROLE = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}?(?:社|报|報|台|网|網|融媒|融媒体|中心)"
                   r"|[\u4e00-\u9fff]{1,8}?(?=(?:实习|實習|见习|見習|特约|特約|首席)?(?:记者|記者)\s))?"
                   r"(?:实习|實習|见习|見習|特约|特約|首席|本报|本報|本刊)?(?:记者|記者|通讯员|通訊員)\s*")
# A user name or staff code, as CMSs fill <meta name=author> and 责任编辑 with: robot, chinanews, AP0013.
# (After 作者： on a blog, a user name is the author: zboygirl.)
_ACCOUNT = re.compile(r"^[a-z0-9_.-]+$|^[A-Za-z]+\d+$")


def plausible_name(value: str, url: str | None = None, site_names: str = "") -> bool:
    """An author value that is a name, not a sentence, a site name or a URL."""
    if units(value) > AUTHOR_MAX_UNITS or _NOT_A_NAME.search(value):
        return False
    if site_names and value in site_names:
        return False
    if value.endswith(("网", "網", "网站", "频道", "中心")) or "_" in value:
        return False  # a site, channel or newsroom name (北中心／北報導), as <meta name=author> often holds
    host = urlsplit(url).hostname or "" if url else ""
    return not (value.isascii() and value.lower() in host)


_NAME_LIST_SEPARATOR = re.compile(r"\s*[、，,；;]\s*")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,6}")


def tidy_author_names(author: str) -> str:
    """Several Chinese names however the page lists them (孙建国、王涛; 郑伟杰，何雅琳) as most pages
    and the golds give them: separated by a space. (A separator dot after the last goes, 邱志明·2010.07.12,
    and what the writer did: 许文涛 整理.)"""
    author = without_glued_post(author.rstrip("·•"))
    if (words := author.split()) and len(words) > 1 and words[-1] in _CREDIT_VERBS:
        author = " ".join(words[:-1])
    if not _NAME_LIST_SEPARATOR.search(author):
        return author
    names = _NAME_LIST_SEPARATOR.split(author)
    return " ".join(names) if all(_HAN_NAME.fullmatch(name) for name in names) else author


# A writer's post glued to the name, as a theory page's closing line gives it: (作者：方敏北京大学经济学院教授).
_GLUED_POST = re.compile(r"(?:副?教授|(?:副|助理)?研究[员員]|博士后?|博士生|硕士生|碩士生|研究生|[讲講]師|[讲講]师"
                         r"|副?主任|副?[院所校][长長]|秘[书書][长長]|理事[长長]|[会會][长長]|(?:首席)?[经經]济学家"
                         r"|分析[师師])$")
# Where an institution's name starts: a place, the state's and the party's organs, the universities named so.
_INSTITUTION_START = re.compile(
    r"中国|中國|中央|中共|国家|國家|国务院|國務院|全国|全國|北京"
    r"|天津|上海|重庆|重慶|河北|山西|辽宁|遼寧|吉林|黑龙江|黑龍江"
    r"|江苏|江蘇|浙江|安徽|福建|江西|山东|山東|河南|湖北|湖南"
    r"|广东|廣東|海南|四川|贵州|貴州|云南|雲南|陕西|陝西|甘肃"
    r"|甘肅|青海|台湾|臺灣|台灣|内蒙古|內蒙古|广西|廣西|西藏|宁夏"
    r"|寧夏|新疆|香港|澳门|澳門|南京|武汉|武漢|广州|廣州|深圳"
    r"|厦门|廈門|西安|成都|杭州|苏州|蘇州|大连|大連|青岛|青島"
    r"|哈尔滨|长春|長春|沈阳|瀋陽|济南|濟南|郑州|鄭州|长沙|長沙"
    r"|合肥|南昌|福州|昆明|兰州|蘭州|清华|清華|复旦|復旦|同济"
    r"|同濟|南开|南開|人民|首都|华东|華東|华中|華中|华南|華南"
    r"|华北|華北|西南|西北|东北|東北|中山|暨南|社科院"
)
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def without_glued_post(author: str) -> str:
    """The name without the post and institution glued to it: 方敏北京大学经济学院教授 -> 方敏, 张三教授 -> 张三.
    Where the name ends is known only when the rest is the post alone, or starts with an institution's name (a
    place, 中国, 清华...) after one length of name only: 张国华中国人民大学教授 could be 张国 of 华中… or 张国华 of
    中国…, and is kept whole, as is any other value (a wrong name is worse than a long one)."""
    if len(author) < 4 or not (post := _GLUED_POST.search(author)) or not _HAN_ONLY.fullmatch(author):
        return author
    if post.start() in (2, 3):
        return author[:post.start()]
    ends = [length for length in (2, 3, 4) if _INSTITUTION_START.match(author, length)]
    return author[:ends[0]] if len(ends) == 1 else author


# What an English byline's markup glues to the name: a job title in its own element ("Meg JamesStaff
# Writer"), a share button ("David Jeans Share"), or the name again in a second element.
_GLUED_TITLE = re.compile(r"(?<=[a-z])(?:Staff|Senior|Business|Contributing|Special|Chief|Columnist|Reporter"
                          r"|Correspondent|Editor|Writer)\b.*$|\s+(?:Share|Follow|Email|Twitter)$"
                          r"|(?<=[a-z])[A-Z]{2,}\b.*$"  # (an outlet's initials: Daniel OkaforBBC News; not McDonald)
                          # (or the heading of a box after it: Laura Hensley TOP ASIA-PACIFIC STORIES)
                          r"|(?<=[a-z])\s+[A-Z][A-Z-]+(?:\s+[A-Z][A-Z-]+)+$")


def _english_byline(value: str) -> str:
    value = _GLUED_TITLE.sub("", value)
    words = value.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:  # "Reuters Reuters"
        return " ".join(words[:half])
    return value


# CMS templates print each field in its own <span>, with nothing between them:
# 发布时间：2023-06-12来源：集团办公室作者：王晓明. A field label glued to the text before it is set apart,
# unless that text is part of the label (信息来源, 责任编辑, 本报记者).
# (A compound 来源 label is set apart whole: 作者：李明信息来源：… is 作者：李明 信息来源：….)
# (Spelt out word by word: an optional prefix or a second kind of alternative would cost the engine its quick
# scan for the labels' first characters, six times the time.)
_FIELD_LABEL = re.compile(r"(信息来源|文章来源|稿件来源|新闻来源|新聞來源|消息来源|本文来源|来源|來源"
                          r"|作者|记者|記者|责任编辑|責任編輯|编辑|編輯|责编|时间|時間|日期"
                          r"|摄影|攝影|浏览|瀏覽|点击|點擊|审核专家|審核專家|审核|審核|审稿|審稿|字体|字體|字号|字號)(?=\s*[:：])")
_TIME_THEN_REPORTER = re.compile(r"(?<=\d:\d\d)(?=[记記]者)")
_GLUED_POSTED_AT = re.compile(r"(?<=[\u4e00-\u9fff])(?=发布于|發佈於)")
# A writer's credit glued after another field: 来源：东岸财经文｜苏可.
_GLUED_TEXT_CREDIT = re.compile(r"(?<=[\u4e00-\u9fff])文(?=\s*[｜|丨])")
# What a label's own first word may follow: 信息来源, 文章来源, 稿件来源; 本报记者, 新华社记者; 责任编辑.
_LABEL_PREFIX_ENDS = {"记者": "报報社台网網刊", "記者": "报報社台网網刊", "编辑": "任", "編輯": "任",
                      **dict.fromkeys(["字号", "字號", "字体", "字體"], "择擇整")}  # (选择字号：大 中 小)
# 来源 after a Han character is a compound (信息来源, 图片来源, 数据来源): set apart only after a date or a name
# in Latin letters (…09:30来源：).
_HAN_COMPOUND_LABELS = frozenset({"来源", "來源"})
# 时间 after a Han character is a label of its own (发布时间, 报名时间, 截止日期) unless another field came
# before it on the line: 作者：陈雨 李想时间：2019-09-26 (and even then 发布时间 is one label).
_TIME_LABELS = frozenset({"时间", "時間", "日期"})
_TIME_COMPOUND_ENDS = frozenset("布佈新稿表入传傳载載文发發版止生名始束")


_LINE_HAS_FIELD = re.compile(r"[\u4e00-\u9fff][:：]")
# Words ending in 文 before a bar, which are no writer's 文｜ credit: 繁體中文 | English, 全文｜, 原文｜.
_WORDS_ENDING_IN_WEN = frozenset("中英日韩韓法德俄原全正图圖本繁简簡体體散杂雜公论論课課作译譯")
# ...and 来源 after a Han character, likewise, unless that character makes it a compound label: 信息来源,
# 文章来源, 稿件来源, 新闻来源, 图片来源, 数据来源, 资料来源, 内容来源, 视频来源.
_SOURCE_COMPOUND_ENDS = frozenset("息章件闻聞片据據料容频頻文")


def _in_a_field_line(text: str, start: int) -> bool:
    """Whether `start` follows a field on a line of fields, not a sentence: an info line (作者：李明信息来源：), not a
    notice's 如需转载，…注明稿件来源：."""
    line_start = text.rfind("\n", 0, start) + 1
    return _SENTENCE_MARK.search(text, line_start, start) is None and _field_before(text, start)


_SENTENCE_MARK = re.compile(r"[。，,；;！？!?]")


def _field_before(text: str, start: int) -> bool:
    """Whether a field (作者：…) comes before `start` on its line."""
    return _LINE_HAS_FIELD.search(text, text.rfind("\n", 0, start) + 1, start) is not None


def _ends_date(text: str, end: int) -> bool:
    """Whether the text before `end` ends with a date's 日 (2021年06月08日来源：) or its weekday
    (07:05 星期二来源：): no compound."""
    if end >= 2 and text[end - 1] in "日号" and text[end - 2].isdigit():
        return True
    return end >= 3 and text[end - 1] in _WEEKDAYS and text[end - 3:end - 1] in ("星期", "礼拜", "禮拜") \
        or end >= 2 and text[end - 1] in _WEEKDAYS and text[end - 2] in "周週"


_WEEKDAYS = "一二三四五六日天"


# A publication fact's name alone in its table cell, its value in the next (作者 | 吴冬梅, 發布機關 | …,
# 資料來源 | 臺北市政府環境保護局): a table of them is the page's metadata, not the article's fields.
FACT_CELL = re.compile(r"(?:新闻|新聞)?(?:标题|標題)"
                       r"|(?:发布|發布|发文|發文|公开|公開)(?:机关|機關|单位|單位|机构|機構|日期|时间|時間)"
                       r"|(?:信息|资料|資料|文章|稿件|新闻|新聞)?(?:来源|來源)|作\s*者|撰\s*稿|供稿(?:单位|單位)?"
                       r"|记\s*者|記\s*者|(?:责任|責任)?(?:编辑|編輯)|出\s*[处處]|索引[号號]|文[号號]|成文日期|生成日期"
                       r"|(?:点阅|點閱|浏览|瀏覽)次[数數]|[日时時]期|时间|時間")


_OTHER_FIELD_LABELS = frozenset(with_traditional(["分类", "栏目", "标签", "类别", "分类目录", "所属栏目", "关键词",
                                                   "评论"]))


def is_field_label(line: str) -> bool:
    """Whether a line is a field's label alone, as a table's cell: 发文机关：, 索 引 号：, 成文日期."""
    return len(line) <= 12 and FACT_CELL.fullmatch(line.replace(" ", "").rstrip(":：")) is not None


def label_cells_joined(lines: list[str]) -> list[str]:
    """`lines` with each label that stands alone joined to the value on the line after it (作者：吴冬梅)."""
    joined: list[str] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        # (a label padded to its column's width, 作　　者：, is a table's cell too, colon and all; an unpadded
        # 责任编辑： alone is an empty field, the next line no value of it)
        padded = " " in line and is_field_label(line)
        if i + 1 < len(lines) and len(line) <= 8 and (padded or FACT_CELL.fullmatch(line)) \
                and not has_metadata_label(lines[i + 1]) and not is_field_label(lines[i + 1]) \
                and lines[i + 1] not in _OTHER_FIELD_LABELS:  # (作者, then 分类: its name was a link, dropped)
            joined.append(f"{line.replace(' ', '').rstrip(':：')}：{lines[i + 1]}")
            skip = True
        else:
            joined.append(line)
    return joined


def unglue_labels(text: str, times: bool = False) -> str:
    """`…12来源：X作者：Y` -> `…12 来源：X 作者：Y`, so that each label starts a field; with `times`, also
    `作者：陈雨时间：…` -> `作者：陈雨 时间：…` (for dates only: 作者：林间散步 提交日期 would name 提交 too)."""
    if "发布于" in text or "發佈於" in text:  # (an app's place of posting glued after the names: 林晓发布于海州)
        text = _GLUED_POSTED_AT.sub(" ", text)
    if "：" not in text and ":" not in text:
        return text

    def apart(match: re.Match) -> str:
        label, start = match.group(1), match.start()
        before = text[start - 1] if start else " "
        if before.isspace():
            return label
        if "\u4e00" <= before <= "\u9fff":
            if label in _TIME_LABELS:
                if not times:
                    return label
                return " " + label if _field_before(text, start) and before not in _TIME_COMPOUND_ENDS else label
            if label in _HAN_COMPOUND_LABELS and not _ends_date(text, start) \
                    and (before in _SOURCE_COMPOUND_ENDS or not _field_before(text, start)):
                return label  # (信息来源; but 作者：汪海潮来源： is two fields)
            if len(label) > 2 and label[-2:] in _HAN_COMPOUND_LABELS and not _in_a_field_line(text, start):
                return label  # (作者：李明信息来源：… is two fields; a notice's 转载必须注明稿件来源：… is a sentence)
        return label if before in _LABEL_PREFIX_ENDS.get(label, "") else " " + label
    text = _FIELD_LABEL.sub(apart, text)
    if "记者" in text or "記者" in text:  # (a reporter's span glued after the time's: 12:05記者 梁嘉穎)
        text = _TIME_THEN_REPORTER.sub(" ", text)
    if "文" in text and ("｜" in text or "|" in text or "丨" in text):
        text = _GLUED_TEXT_CREDIT.sub(lambda m: _credit_apart(text, m.start()), text)
    return text


def _credit_apart(text: str, start: int) -> str:
    """A writer's 文｜ glued after another field's value is set apart; 繁體中文 | English, 全文｜ are no credit."""
    return "文" if text[start - 1] in _WORDS_ENDING_IN_WEN or not _field_before(text, start) else " 文"


# An outlet before the name: 【文/观察者网 周远航】.
_OUTLET_BEFORE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:网|網|报|報|社|台|科|部|室|中心|医院|醫院|研究所|研究院)\s+"
                                 r"(?=\S{2,4}$)")  # (or the writer's department: 文/神经内科　彭晨)


_SPACED_NAME_END = re.compile(r"[ \u3000]+([\u4e00-\u9fff]{1,2})(?![\u4e00-\u9fff])")  # (one character is no name)
_SPACED_FIRST_NAME = re.compile(r"^([\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff]{1,2}(?![\u4e00-\u9fff]))")


# A menu of short items between bars: 首 页 | 小 说 | 散 文 | 诗 歌 | 作 者 | 论 坛.
_MENU_LINE = re.compile(r"^(?:[^|｜丨\n]{1,6}[|｜丨]){3,}[^|｜丨\n]{0,6}$", re.M)


def author_from_text(text: str, editors: bool = False) -> Found:
    """The author a label names (作者：, 记者, By); with `editors`, the editor a label names instead
    (责任编辑：), whom a page without an author names as the one answerable for it."""
    if "]" in text or "］" in text or ")" in text or "）" in text:
        text = _NATIONALITY.sub(r"\1", text)
    if "|" in text or "｜" in text or "丨" in text:
        text = _MENU_LINE.sub("", text)  # (散 文 | 诗 歌, 作者 | 论坛: a menu's items, not 文｜ and 作者｜ credits)
    for label, words, pattern in AUTHOR_LABELS:
        if (label == "责任编辑") != editors or (words and not any(word in text for word in words)):
            continue
        for match in pattern.finditer(text):
            raw = match.group(1)
            if raw[-1] in ":：" or text[match.end(1):match.end(1) + 1] in (":", "：") \
                    or _NEXT_FIELD.match(text, match.start(1)):
                continue  # an empty field, then the next one's label: 作者：浏览：1234, 作者：责任编辑：肖春芳
            if len(raw) == 1 and (second := _SPACED_NAME_END.match(text, match.end(1))):
                raw += second.group(1)  # 本报记者　韩　鑫: a two-character name spaced to the width of three
            raw = _SPACED_FIRST_NAME.sub(r"\1", raw)  # (记者 王 小明 李四: 王小明, then 李四)
            value = _clean_value(_english_byline(raw) if label == "by" else (_ROLE.sub("", raw) or raw))
            value = _OUTLET_BEFORE_NAME.sub("", value) if value else value
            if value and len(value) >= 3 and value[-1] in "摄攝" and value[-2] != " ":
                value = value[:-1]  # (a photographer's credit verb glued on: 記者王大明攝)
            if value and _opened(value) > 0:  # (the writer's affiliation, cut at its closing bracket: 许文博（中科院…）
                value = _AFFILIATION.sub("", value) or None
            if value and len(value) > 1 and plausible_name(value) \
                    and not ((editors or label == "发布") and _ACCOUNT.match(value)):
                return value, f"text label {label}"  # (one character is no name: 作者：文/图 记者 邓立群 names 邓立群)
    return None, ""


# Inside the body only a bracketed byline counts: （记者 格桑边觉）, （總台記者 張倩）, （姚峰 上海报道）,
# （文/张磊 图/刘畅）, （中央社記者黃巧雯台北2012年1月5日電）, 【台灣醒報記者鄭宇婷台北報導】, 〔記者張文華／高雄報導〕,
# 中國時報【廖素慧、曹婷婷／綜合報導】, （记者郑嘉嘉 通讯员穗交宣）.
_BRACKETED = re.compile(r"[（(【〔\[]([^（()）【】〔〕\[\]]{2,40})[）)】〕\]]")
# (文/图 张三: the writer and photographer in one, 图 no name)
_REPORTER_LABEL = re.compile(r"记者|記者|作者|撰稿|文\s*[/／](?:\s*[图圖]片?(?![/／]))?|(?:编译|編譯)\s*[/／:：]")
_CORRESPONDENT_LABEL = re.compile(r"通讯员|通訊員")
_LABEL_MAX_START = 8  # (中央社記者…: an outlet may come before the label, a sentence may not)
_PLACE_REPORTED = re.compile(r"^([^\s／/]{2,4})\s+\S{2,6}(?:报道|報導|报导)$")  # 姚峰 上海报道
_NAMES_REPORTED = re.compile(r"^([\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*)[／/]\S{1,6}(?:报道|報導)$")
_REPORTED = re.compile(r"[\d年月日]*(?:综合报道|綜合報導|报道|報導|報道|报导|电|電)$")
_CREDIT_VERBS = frozenset({"整理", "采写", "採寫", "撰写", "撰寫", "执笔", "執筆", "编写", "編寫", "综述", "綜述",
                           "整合", "综合", "綜合", "编译", "編譯", "摘编", "摘編"})  # (（记者陈智 整合）)
_LONG_HAN_RUN = re.compile(r"^[\u4e00-\u9fff]{5,}$")  # no name: 记者从会上获悉 (a foreign name has a ·)
# A byline names the reporter, then whoever else helped: 记者柳德新通讯员彭娟; a photographer after 图/; a
# reviewer after another label: （撰稿：陈小兰　审核：刘国平）.
_FELLOW_CREDIT = re.compile(rf"{_FELLOWS}|\s(?:图|圖|摄影|攝影|摄|攝)\s*/|[／/]|\s[\u4e00-\u9fff]{{2}}\s*[:：]")


# The role after the name: 李娜 文/王鹏 摄 (text by 李娜, photographs by 王鹏).
_NAME_THEN_TEXT_ROLE = re.compile(r"^([\u4e00-\u9fff]{2,4}(?:[、\s][\u4e00-\u9fff]{2,4})*)\s*文\s*(?:[/／]|$)")


def _byline_names(inner: str) -> str:
    """The reporters a bracketed byline names ("" if it names none)."""
    if (writer := _NAME_THEN_TEXT_ROLE.match(inner)) is not None:
        return _ROLE.sub("", writer.group(1))
    # (correspondents credited alone are the writers: 本网讯（通讯员 陈思远 刘晓燕）)
    label = _REPORTER_LABEL.search(inner) or _CORRESPONDENT_LABEL.search(inner)
    if label is None or label.start() > _LABEL_MAX_START or PUNCTUATION.search(inner, 0, label.start()):
        match = _PLACE_REPORTED.match(inner) or _NAMES_REPORTED.match(inner)
        return match.group(1) if match else ""
    credits = [part.strip(" :：") for part in _FELLOW_CREDIT.split(inner[label.end():])]
    names = next((part for part in credits if part), "").split()
    # (周家明 廣州報道; 许文涛 整理)
    names = [name for name in names if not _REPORTED.search(name) and name not in _CREDIT_VERBS] or names[:1]
    if len(names) == 1 and _REPORTED.search(names[0]):
        # 黃巧雯台北2012年1月5日電: a name, then a place; most names have three characters, places two
        run = _REPORTED.sub("", names[0])
        return run[:3] if len(run) >= 5 else run[:2] if len(run) == 4 else run
    return "" if any(_LONG_HAN_RUN.match(name) for name in names) else " ".join(names)


# ...or a paragraph that is a byline and nothing else: 本报记者罗科苏盈发自北京, 本报记者 高薇, 新华社记者 张三
# 李四 上海报道 (but not a photo credit: 新华社记者廖宇杰摄).
_BYLINE_NAME = (rf"(?!{_FELLOWS}|[\u4e00-\u9fff]{{0,4}}(?:编辑|編輯))"
                rf"[\u4e00-\u9fff·]{{2,4}}(?<![摄攝])(?<!报道)(?<!報導)")
# (the outlet as it calls itself, 每经记者 李娜; its editor after: 每经编辑 何剑)
_BYLINE_PARAGRAPH = re.compile(
    r"^(?:(?:本报|本報|本刊|[\u4e00-\u9fff]{1,8}?(?:报|報|社|台|网|網))?(?:特约|特約|实习|實習|首席)?(?:记者|記者)\s*"
    r"|[\u4e00-\u9fff]{2,4}(?:记者|記者)\s+)"
    rf"((?:{_BYLINE_NAME})(?:\s*[、\s]\s*{_BYLINE_NAME})*)"
    rf"(?:\s*(?:{_FELLOWS})\s*\S.*|\s*(?:发自|發自)[\u4e00-\u9fff]{{2,6}}|\s*[\u4e00-\u9fff]{{2,6}}(?:报道|報導)"
    r"|\s+[\u4e00-\u9fff]{0,4}(?:编辑|編輯)\s*[\u4e00-\u9fff]{2,4})?$")


# A dateline that credits its reporter unbracketed: 本报拉萨9月21日电 记者马跃报道：…
_DATELINE_REPORTER = re.compile(r"^[^，。：:]{0,20}?(?:电|電)\s*(?:本报|本報)?(?:记者|記者)\s*"
                                r"([\u4e00-\u9fff]{2,4}(?:[、 ][\u4e00-\u9fff]{2,4})*)\s*(?:报道|報導)")


_TEXT_CREDIT = re.compile(r"(?:^|\s)文\s*[/／:：]|\s文(?:\s|[/／]|$)")  # (文/王鹏, 李娜 文/)


# A reader's letter signed with the writer's town and name: （河东市清水区 王建国）; a report with the writer's
# office and name: （澜州市统计局综合处　徐立峰）.
_PLACE_AND_NAME = re.compile(r"^[（(][\u4e00-\u9fff]{2,16}?(?:省|市|区|區|县|縣|镇|鎮|乡|鄉|村|街道|社区|社區"
                             r"|局|处|處|科|室|中心)\s+"
                             r"([\u4e00-\u9fff]{2,3})[)）]$")


# A platform's note on a piece it reposts, naming its writer: 本文来自微信公众号“硬核消费观察”（ID：…），作者：刘畅，….
_REPOST_NOTE = re.compile(r"^(?:本文|此文|文章)?(?:来自|來自|转载自|轉載自|转自|轉自|原载|原載)")


def byline_from_paragraphs(paragraphs: list[str]) -> Found:
    if paragraphs and (dateline := _DATELINE_REPORTER.match(paragraphs[0])) is not None:
        return dateline.group(1), "the dateline's reporter"
    for paragraph in paragraphs:
        if _REPOST_NOTE.match(paragraph) and (credited := author_from_text(paragraph))[0]:
            return credited[0], "the repost note's 作者"
        if (signed := _PLACE_AND_NAME.match(paragraph)) is not None and plausible_name(signed.group(1)):
            return signed.group(1), "the letter's signature"
        if len(paragraph) <= BYLINE_PARAGRAPH_MAX_CHARS and (alone := _BYLINE_PARAGRAPH.match(paragraph)):
            value = _clean_value(alone.group(1))
            if value and plausible_name(value):
                return value, "byline paragraph"
        for match in _BRACKETED.finditer(paragraph):
            if match.group(1).endswith(("摄", "攝")) and _TEXT_CREDIT.search(match.group(1)) is None:
                continue  # a photographer's credit alone: （記者張文華攝）, not （李娜 文/王鹏 摄）
            value = _clean_value(_byline_names(match.group(1)))
            value = _OUTLET_BEFORE_NAME.sub("", value) if value else value
            if value and plausible_name(value):
                return value, "byline in the body"
    return None, ""


# A byline on a line of its own above the text, its outlet maybe before it: 中國時報【廖素慧、曹婷婷／綜合報導】.
_BYLINE_LINE = re.compile(r"^([\u4e00-\u9fff]{2,8}?)?[【〔\[（(]([^【】〔〕\[\]（()）]{2,40})[】〕\]）)]$")


def byline_line_above(lines: list[str]) -> tuple[str | None, str | None]:
    """The writers and the outlet a bracketed byline alone on its line names, from the lines above the text
    (nearest first); (None, None) when none does."""
    for line in lines:
        if (match := _BYLINE_LINE.match(line.strip())) is None:
            continue
        names = _clean_value(_byline_names(match.group(2)))
        if names and plausible_name(names):
            outlet = match.group(1)
            return names, outlet if outlet and outlet[-1] in _OUTLET_ENDINGS else None
    return None, None


# The writer named in brackets after the article's last sentence: …打下基础。（赵亚辉） (people.com.cn and
# many papers); not a closing tag (（完）, （待续）, （综合）) nor an outlet (（新华社）).
_CLOSING_NAME = re.compile(r"[。！？!?”」』]\s*[（(]([\u4e00-\u9fff]{2,3}(?:[、\s][\u4e00-\u9fff]{2,3}){0,2})[)）]$")
_NOT_CLOSING_NAMES = frozenset(with_traditional([
    "待续", "未完", "全文完", "未完待续", "综合", "整理", "编译", "摘编", "转载", "节选", "原创", "有删节", "组图",
    "资料图", "图片", "视频", "供稿", "编辑"]))
_OUTLET_ENDINGS = "社网網报報台电電部办辦局委院厅廳"


def name_closing_text(paragraph: str) -> Found:
    """The writer a bracketed name after the last sentence credits (the last paragraph is given)."""
    match = _CLOSING_NAME.search(paragraph[-20:])
    if match is None or match.group(1) in _NOT_CLOSING_NAMES or match.group(1)[-1] in _OUTLET_ENDINGS:
        return None, ""
    name = _OUTLET_BEFORE_NAME.sub("", match.group(1))  # (新民网 李欣)
    return (name, "name closing the text") if plausible_name(name) else (None, "")


# A name alone on its line: a person's or a poster's ID (江南小雨, ggjjzhzz, 放飞&心情), not a box's heading.
_SIGNATURE_NAME = re.compile(r"^(?=.*[^\W\d_])[\w&·.-]{2,16}$")  # (a letter or character at least: no figure)
_HEADING_WORDS = re.compile(r"评论|評論|留言|回复|回復|相关|相關|推荐|推薦|阅读|閱讀|更多|文章|标签|標籤"
                            r"|分类|分類|上一|下一|专题|專題|链接|鏈接|热点|熱點|排行|图片|圖片|视频|視頻")
# A date alone on its line, maybe with its time and in brackets, or where it was written: 2005年8月22日,
# （2005.8.22）, 2005-8-22 19:13, 2005年8月22日于杭州.
_DATE_ALONE = re.compile(r"^[(（\[【]?\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
                         r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*[)）\]】]?(?:\s*[于於][\u4e00-\u9fff]{1,6})?$")


def is_signature_name(line: str) -> bool:
    """A name alone on a short line, as a writer signs a post or a letter above its date."""
    return units(line) <= POSTER_NAME_MAX_UNITS and _SIGNATURE_NAME.match(line) is not None \
        and _HEADING_WORDS.search(line) is None and not is_boilerplate_line(line)


def name_signing_a_date(lines: list[str]) -> Found:
    """The writer signing a post or a letter on the line above its date, among its last lines and the
    first under it: 江南小雨, then 2005年8月22日."""
    for line, following in zip(lines, lines[1:], strict=False):
        if _DATE_ALONE.match(following) and is_signature_name(line) and plausible_name(line):
            return line, "the name signing the text above its date"
    return None, ""


# A text's last line naming who wrote it, as a report's does: 执笔人：闵乐夫 赵兰波, 撰稿：陈小兰.
_WRITER_LINE = re.compile(r"^(?:执笔人?|執筆人?|撰稿人?|撰文|作\s*者)\s*[:：]")


def writer_signing_off(paragraph: str) -> Found:
    """The writer a text's last line names after a writer's label (the last paragraph is given)."""
    if units(paragraph) > METADATA_LINE_MAX_UNITS or _WRITER_LINE.match(paragraph) is None:
        return None, ""
    name, _ = author_from_text(paragraph)
    return (name, "the writer named on the text's last line") if name else (None, "")


_NEXT_FIELD = re.compile(r"[\u4e00-\u9fff]{1,4}\s*[:：]")


# An English page's source: labelled ("Source: Xinhua | 2020-01-02 09:30:15 | Editor: huaxia"), in brackets
# after the byline's name ("By Zhang Yi (China Herald) Updated: …") or before the time ("(Xinhua) 16:08, April
# 18, 2012"), or named before the date ("Global Tribune Published: Mar 05, 2019").
_EN_OUTLET = r"[A-Z][\w.&'’-]*(?: [A-Za-z][\w.&'’-]*){0,5}?"
_EN_SOURCES = (  # (each with a word the text must hold for the pattern to be tried: most texts hold none)
    ("text label Source", "Source", re.compile(rf"(?:^|(?<=[\s|｜]))Source(?:\(s\))?\s*:\s*({_EN_OUTLET})"
                                               r"\s*(?=[|｜\n\[]|$|\s+(?:\d|(?:Editor|Updated|Published|By|Author|Date"
                                               r"|Time|Font|Views)\b))", re.M)),
    ("the byline's outlet", "By", re.compile(rf"^By\s+[^()\n]{{2,60}}?\(({_EN_OUTLET})\)", re.M)),
    # ("By Zhang Wei in Guiyang | China Daily | Updated: …")
    ("the byline's outlet", "By", re.compile(rf"^By\s+[^|｜\n]{{2,60}}?\s[|｜]\s*({_EN_OUTLET})\s*[|｜]", re.M)),
    ("the wire before the time", "(", re.compile(rf"^\(({_EN_OUTLET})\)\s+\d{{1,2}}:\d{{2}}", re.M)),
    # (two capitalised words at least: "First Published:" names no outlet)
    ("the outlet before the date", "ed:", re.compile(
        r"^(?!By )([A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){1,4})\s+(?:Published|Updated)\s*:", re.M)),
)


def _english_source(text: str) -> Found:
    for how, word, pattern in _EN_SOURCES:
        if word in text and (match := pattern.search(text)):
            return match.group(1), how
    return None, ""


def source_from_text(text: str) -> Found:
    if text.isascii() or ("来源" not in text and "來源" not in text):  # (an English page's, or none)
        english = _english_source(text)
        if english[0] or text.isascii():
            return english
    return _labelled_source(text, SOURCE_LABEL) or _labelled_source(text, _MATERIAL_SOURCE_LABEL) \
        or _labelled_source(text, _ISSUER_LABEL) or _compiled_from(text) or _bare_source_field(text) or (None, "")


# A field of a line of fields set apart by bars, its label without a colon: 发表于… | 来源CSDN | 作者魏星.
_BARE_SOURCE_FIELD = re.compile(r"(?:^|[|｜丨]\s*)(?:来源|來源)(?![于於])\s*([^\s|｜丨:：]{2,20})\s*(?=[|｜丨]|$)",
                                re.M)


def _bare_source_field(text: str) -> Found | None:
    match = _BARE_SOURCE_FIELD.search(text) if "|" in text or "｜" in text or "丨" in text else None
    return (match.group(1), "a 来源 field between bars") if match and match.group(1) not in _NO_SOURCE else None


def _compiled_from(text: str) -> Found | None:
    match = _COMPILED_FROM.search(text) if "自" in text else None
    return (match.group(1), "the outlets the report was compiled from") if match else None


def issuing_organ(lines: list[str]) -> Found:
    """The organ a government document's 发文机关 field names: who issued (and signed) it."""
    if not any("发文" in line or "發文" in line for line in lines):
        return None, ""
    found = _labelled_source("\n".join(label_cells_joined(lines)), _ISSUING_ORGAN_LABEL)
    return (found[0], "text label 发文机关") if found else (None, "")


def _labelled_source(text: str, label: re.Pattern[str]) -> Found | None:
    match = label.search(text)
    if match and text[max(0, match.start() - 2):match.start()].strip() == "※":
        match = label.search(text, match.end())  # (a BBS post's ※ 来源:·水木社区 stamp names the board's site)
    if match and (_NEXT_FIELD.match(text, match.start(1)) or text[match.end(1):match.end(1) + 1] in (":", "：")):
        match = label.search(text, match.end())  # (an empty 来源：, then the next field: 作者：刘畅)
    if match and (value := _clean_value(match.group(1))) and value not in _NO_SOURCE and len(value) > 1:
        if _opened(value) > 0 and text[match.end():match.end() + 1] in (")", "）"):
            value += text[match.end()]  # the value's own bracket, 东方体育日报(上海), not a closing one
        return value, "text label 来源"
    return None


_NO_SOURCE = frozenset(_NOBODY)  # (a CMS's placeholder: 来源:未知)


# A date line that names the outlet after the time, without a label: 2005年11月25日07:52 新京报,
# 2005-06-08 07:48:21 南方都市报 记者 黄敏, 11:05 2012/01/12 中國時報 (but 本报讯 is no outlet's name).
_OUTLET_AFTER_DATE = re.compile(r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*|(?:\d日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s+)(?![本该該])"
                                r"(?:(?:来源|來源|稿源)\s*)?"  # (a label in a span of its own, no colon: 来源 鹭宁日报)
                                r"([\u4e00-\u9fff·]{1,12}?"
                                r"(?:报|報|社|网|網|电台|電台|电视台|電視台|新闻|新聞|周刊|週刊|杂志|雜誌|在线|在線"
                                # (or a portal's channel; or in brackets, closing: 【2012/01/05 聯合報】)
                                r"|娱乐|娛樂|体育|體育|科技|财经|財經|汽车|汽車))(?=\s|$|】)",
                                re.M)


_PANEL_FIELD = re.compile(r"^[^\s:：]{1,6}\s*[:：]\s*\S.{0,14}$")


def poster_above_profile(lines: list[str]) -> Found:
    """A forum's poster: the name above the profile fields of the post's user panel (川西行者, then
    级别: 骑士, 发帖: 613...), read from the lines just above the post, nearest first (a rank's picture
    between the name and the fields is no line)."""
    lines = [line for line in lines if line]
    index = len(lines) - 1
    while index >= 0 and not PROFILE_FIELD.match(lines[index]):
        index -= 1
    if index < 1 or not PROFILE_FIELD.match(lines[index - 1]):
        return None, ""  # (one field alone may be an article's fact)
    while index >= 0 and (PROFILE_FIELD.match(lines[index]) or _PANEL_FIELD.match(lines[index])):
        index -= 1  # (金钱: 2560 RMB, 贡献值: 0 点: the panel's other fields)
    name = lines[index].strip() if index >= 0 else ""
    if name and units(name) <= POSTER_NAME_MAX_UNITS and PUNCTUATION.search(name) is None \
            and ":" not in name and "：" not in name and plausible_name(name):
        return name, "poster above the profile fields"
    return None, ""


# A speech opens by hailing its hearers (同志们：, 各位代表：, 尊敬的各位来宾：); above that, under its title,
# the speaker: an office and a name (代市长 孙立群, 党委书记、董事长 韩志刚) or the name alone (林国栋).
_SALUTATION = re.compile("|".join(with_traditional([
    r"^(?:[\u4e00-\u9fff]{1,6}、){0,3}"  # (议长、副议长、各位议员：)
    r"(?:同志们|各位.{1,12}|女士们、?先生们|老师们、?同学们|同学们|朋友们|尊敬的.{1,24}|亲爱的.{1,12})[，,：:！!]$"])))
_OFFICE_ENDS = ("书记|市长|县长|区长|镇长|乡长|省长|州长|旗长|主任|局长|厅长|部长|主席|董事长|总经理"
                "|院长|校长|代表|委员|处长|行长|总裁|理事长|会长|司令员|政委|检察长|庭长|社长|总编辑|秘书长")
_SPEAKER = re.compile("|".join(with_traditional([
    rf"^(?:报告人\s*[:：]\s*)?[\u4e00-\u9fff、，]{{0,24}}?(?:{_OFFICE_ENDS})\s+([\u4e00-\u9fff·]{{2,4}})$"])))
_NAME_ALONE = re.compile("|".join(with_traditional([rf"^[{_COMMON_SURNAMES}][\u4e00-\u9fff]{{1,2}}$"])))


def speaker_of_speech(lines: list[str]) -> tuple[str | None, int]:
    """The speaker a speech names above its salutation, and the index of that line in `lines` (the
    lines under its title, in order); (None, -1) when `lines` open no speech."""
    hail = next((i for i, line in enumerate(lines) if len(line) <= 30 and _SALUTATION.match(line)), -1)
    for i in range(hail - 1, max(hail - 1 - SPEAKER_LINES_ABOVE, -1), -1):
        line = lines[i].strip()
        # (the traditional pattern's group follows the simplified one's)
        if (office := _SPEAKER.match(line)) is not None and plausible_name(name := office.group(office.lastindex)):
            return name, i
        if _NAME_ALONE.match(line) and plausible_name(line) and not has_metadata_label(line):
            return line, i
    return None, -1


# A blog's name in <title>: 带父母去了一趟婺源 - 秋水长天的日志 - 网易博客, 小鹿的空间: 拿到驾照啦, 老周的专栏,
# 小鹿's Blog.
_BLOG_OF = re.compile(r"^(\S{2,12}?)(?:的(?:个人|個人)?"
                      r"(?:博客|日志|日誌|空间|空間|部落格|網誌|网志|专栏|專欄|blog|Blog|BLOG)|['’]s\s*blog\b)"
                      r"(?=$|\s*[:：])", re.I)


def may_name_a_blog(text: str) -> bool:
    """Whether `text` may hold a blog's name (X的博客, X's Blog): a test in C before the pattern's."""
    return "的" in text or "'s" in text or "’s" in text


def blog_owner(title: str, header_lines: list[str] = ()) -> Found:
    """The owner a blog's <title> names (X的博客, X的日志, X的空间), or its header line above the post: a
    post's writer."""
    for part, where in [*((part, "<title>") for part in title_parts(title)),
                        *((line.strip(), "header") for line in header_lines)]:
        if may_name_a_blog(part) and (owner := _BLOG_OF.match(part)) and plausible_name(owner.group(1)):
            return owner.group(1), f"the blog's owner in its {where}"
    return None, ""


# A blog host's name, last in a post's <title>: 外婆的红烧肉 - 厨房里的猫 - 搜狐博客, 易水寒 -- 修表匠 -- 博客中国,
# … - 博客园, … -- blogcn.com, … - BlogJava.
_BLOG_HOST = re.compile(r"^博客|博客$|部落格$|博客网$|博客园$|網誌$|网志$|空间$|空間$|\bblog$|^blog"
                        r"|^\w*blog\w*\.(?:com|cn|net)$", re.I)


def blogger_in_title(title: str, headline: str | None) -> Found:
    """The blogger a blog host's <title> names beside the post's headline: its shortest other part (a
    blog's own name may follow the blogger's: 丽江三日 - 阿蓝 - 阿蓝的小屋 - 网易博客)."""
    parts = title_parts(title)
    if len(parts) < 3 or not _BLOG_HOST.search(parts[-1]):
        return None, ""
    headline = (headline or "").replace(" ", "")
    names = [part for part in parts[:-1] if part.replace(" ", "") != headline and units(part) <= POSTER_NAME_MAX_UNITS
             and PUNCTUATION.search(part) is None and plausible_name(part)]
    return (min(names, key=units), "the blogger named in <title> beside the blog host") if names else (None, "")


# The outlet a reporter is credited to, as the source when nothing labels one: 【聯合報／記者陳宜君／台北報導】,
# 光明日报记者 王建宏 (but 本报记者 names no outlet).
_REPORTERS_OUTLET = re.compile(r"(?:^|(?<=[【\[（(\s]))(?![本该該])([\u4e00-\u9fff]{2,8}?(?:报|報|社|台|新闻|新聞))"
                               r"\s*[／/]?\s*(?:记者|記者)", re.M)


def reporters_outlet(text: str) -> Found:
    match = None if text.isascii() else _REPORTERS_OUTLET.search(text)
    if match is None:
        return None, ""
    outlet = match.group(1)
    half = len(outlet) // 2
    if len(outlet) % 2 == 0 and outlet[:half] == outlet[half:]:
        outlet = outlet[:half]  # (the source's span glued to the reporter's: 潮新闻 + 潮新闻记者 方圆)
    return outlet, "the reporter's outlet"


# A wire's dateline opens the text: WASHINGTON (Reuters) -, LONDON (AP) —, /PRNewswire/ --.
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}?\s\((Reuters|AP|AFP|Bloomberg|UPI|Xinhua)\)\s*[-—–]"
                            r"|^[^/]{0,80}/(PRNewswire|Business Wire|GLOBE NEWSWIRE)/\s*[-—–]")


def wire_of_dateline(paragraph: str) -> Found:
    match = _WIRE_DATELINE.match(paragraph) if paragraph[:1].isascii() else None
    return (match.group(1) or match.group(2), "the wire's dateline") if match else (None, "")


def outlet_after_date(text: str) -> Found:
    """The outlet a date line names after the date, unlabelled (the last resort for the source), or the
    paper it names before the date and its page (21世纪经济报道 2005-09-12 第2版, 新京报 2005年11月02日 A09版)."""
    match = None if text.isascii() else _OUTLET_AFTER_DATE.search(text) or _PAPER_BEFORE_DATE.search(text)
    return (match.group(1), "outlet named beside the date") if match else (None, "")


# A byline alone on its line over (or under) the date line above the text: the outlet (新华社), or the writer then
# the outlet after a slash (石佳/中国青年报), as thepaper.cn sets a reprint's.
# (an outlet's name, not a column's over its date: 国内新闻, 工作简报, 服务平台)
_WRITER_AND_OUTLET = (r"(?:([\u4e00-\u9fff·]{2,4})\s*[/／]\s*)?"
                      r"([\u4e00-\u9fff]{0,8}(?:日|晚|晨|时|時|商|青年|法制|经济|經濟|科技|导|導|周|週|早)[报報]"
                      r"|[\u4e00-\u9fff]{1,8}社|[\u4e00-\u9fff]{2,8}[网網]|[\u4e00-\u9fff]{1,8}电视台|[\u4e00-\u9fff]{1,8}電視台)")
_BYLINE_BY_DATE_LINE = re.compile(_WRITER_AND_OUTLET)
# ...or before the date on its line, bare: 中国网 2019-11-25 10:37:31 (toutiao's).
_BYLINE_BEFORE_DATE = re.compile(_WRITER_AND_OUTLET + r"\s+(?=(?:19|20)\d\d\s*[-/.年])")
_DATE_LINE_MAX_CHARS = 30


def byline_by_date_line(above: list[str]) -> tuple[str | None, str | None]:
    """(the writer, the outlet) a line of its own names beside a date line among the lines `above` the text, or
    the date line names before its date."""
    for index, line in enumerate(above):
        if len(line) > _DATE_LINE_MAX_CHARS + 10:
            continue
        line = line.strip()
        if (before := _BYLINE_BEFORE_DATE.match(line)) and NUM_DATE.match(line, before.end()) \
                and _names_an_outlet(before):
            return _writer(before), before.group(2)
        match = _BYLINE_BY_DATE_LINE.fullmatch(line) if len(line) <= _DATE_LINE_MAX_CHARS else None
        if match is None or not _names_an_outlet(match):
            continue
        beside = above[max(0, index - 1):index] + above[index + 1:index + 2]
        if any(len(other) <= _DATE_LINE_MAX_CHARS and NUM_DATE.search(other) for other in beside):
            return _writer(match), match.group(2)
    return None, None


def _names_an_outlet(match: re.Match[str]) -> bool:
    """Whether a writer/outlet match names an outlet, not a topic's tag (互联网, 合作社)."""
    return match.group(2) not in _NO_SOURCE and _NOT_AN_OUTLET.search(match.group(2)) is None


def _writer(match: re.Match[str]) -> str | None:
    """The writer a writer/outlet match names before its slash; None for a label there (来源/人民网, 图片/新华社)."""
    writer = match.group(1)
    return writer if writer and not has_metadata_label(writer) and _LABEL_WORD.fullmatch(writer) is None else None


# An outlet-like word that names a thing: a network (互联网, 物联网), a grid, a co-operative.
_NOT_AN_OUTLET = re.compile(r"(?:联网|聯網|电网|電網|合作社|旅行社)$")
# Words before a slash that label what follows, not a writer: 来源/人民网, 图片/新华社, 原创/新华网.
_LABEL_WORD = re.compile(r"来源|來源|图片|圖片|编辑|編輯|转载|轉載|原创|原創|首页|首頁|作者|摄影|攝影|记者|記者"
                         r"|出处|出處|稿源|文章|新闻|新聞|资讯|資訊|责编|責編|视频|視頻")


_PAPER_BEFORE_DATE = re.compile(r"^\s*([\u4e00-\u9fff\d]{1,10}?(?:报|報|报道|報導|周刊|週刊))\s+"
                                r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+第?\s*[A-Z]?\d{1,2}\s*版", re.M)


# A foreign writer's nationality in brackets after the label: 作者：[美]迈克尔·斯通.
_NATIONALITY = re.compile(r"([:：]\s*)[［\[(（][\u4e00-\u9fff]{1,2}[］\])）]\s*(?=[\u4e00-\u9fff])")  # (not 【打印】)
_AFFILIATION = re.compile(r"\s*[（(][^（()）]*$")


def _clean_value(value: str) -> str | None:
    value = normalize_whitespace(value).strip(" :：|｜丨[]【】")
    # Brackets around the value go, its own stay: （新华社） -> 新华社, 东方体育日报(上海) as it is.
    while value and value[-1] in ")）" and _opened(value) < 0:
        value = value[:-1].rstrip()
    while value and value[0] in "(（" and _opened(value) > 0:
        value = value[1:].lstrip()
    return value.strip(" :：|｜丨[]【】") or None


def _opened(value: str) -> int:
    """Opening brackets minus closing ones."""
    return value.count("(") + value.count("（") - value.count(")") - value.count("）")


# A site's address in a date line ("AUTO.SOHU.COM 2003年11月12日16:36"): its dots are not prose.
_WEB_ADDRESS = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?", re.I)


# The writer's credit: 文：眉间尺, （文/赵勇）, 文/圖記者黃國金 (文 alone is "text by").
_WRITER_CREDIT = re.compile(r"^[（(【\[]?\s*文\s*(?:[:：/／]|[/／]\s*[图圖])")


# The header of a post on the university BBSes (水木, 北大未名, 日月光华...): who, which board, what, where and when.
_BBS_HEADER_LABELS = ("发信人", "發信人", "发信站", "發信站", "标 题", "標 題", "标题:", "標題:", "标题：", "標題：")


# A reporter's credit alone on a line, in brackets, under the text: （记者 马骏）.
_BRACKETED_BYLINE_LINE = re.compile(
    r"^[（(【\[]\s*(?:(?:本报|本報)?(?:记者|記者)\s*[\u4e00-\u9fff·、\s]{2,20}"
    # (or credits alone: （撰稿：陈小兰　审核：刘国平）)
    r"|(?:撰稿|供稿|作者|审核|審核|审稿|初审|编辑|編輯|校对|摄影|通讯员)\s*[:：][\u4e00-\u9fff·、\s:：]{2,30}"
    r"|[\u4e00-\u9fff]{2,20}\s*供稿)[）)】\]]$")  # (and the office that supplied it: （党委宣传部 供稿）)
_SUPPLIED_BY = re.compile(r"^[（(]\s*([\u4e00-\u9fff]{2,20}?)\s*供稿\s*[）)]$", re.M)


def supplier(text: str) -> Found:
    """The office a credit line under the text names as the article's supplier: （党委宣传部 供稿）."""
    match = _SUPPLIED_BY.search(text) if "供稿" in text else None
    return (match.group(1), "the office that supplied it (供稿)") if match else (None, "")


def has_metadata_label(line: str) -> bool:
    """The line names a publication fact: 发布时间, 来源：, 作者：, 责任编辑... (every label is Chinese: an
    English line, most lines of an English page, is not searched)"""
    if line.isascii():
        return False
    return _METADATA_LINE.search(line) is not None or (
        line[-1:] in "）)】]" and _BRACKETED_BYLINE_LINE.match(line) is not None) or (
        line.startswith(_BBS_HEADER_LABELS) and len(line.rstrip(" :：")) > 3) or (  # (not a table's bare 标题：)
        line[:2] in _CREDIT_WORDS and _CREDIT_LINE.match(line) is not None) or (
        line.endswith(("報導", "报道")) and _NAMES_AT_PLACE.match(line) is not None) or (
        "文" in line[:3] and _WRITER_CREDIT.match(line) is not None)


def credits_its_media(caption: str) -> bool:
    """Whether a caption ends by crediting its own picture or video in brackets after its words: 救援现场视频
    （来源：梨视频）, 图为施工现场（图片来源：视觉中国）. That 来源 is the picture's, not the article's."""
    return caption[-1:] in "）)】]" and _MEDIA_CREDIT.search(caption) is not None


_MEDIA_CREDIT = re.compile(r"\S\s*[（(【\[]\s*(?:图片|圖片|视频|視頻|图|圖)?(?:来源|來源|来自|來自|摄影|攝影|供图|供圖)"
                           r"\s*[:：]?[^（）()【】\[\]]{1,30}[）)】\]]\s*$")


# A sentence ends in the line: "记者：你怎样看待农业税补贴问题？" is an interview question, "初试时间：
# 2004年3月底，我院寄发准考证时通知具体时间。" a paragraph, where "记者：张三" and "时间：2020-02-06" are not.
_SENTENCE_END = re.compile(r"[。？！?!]")


def _is_labelled_prose(line: str) -> bool:
    # (clauses count as a sentence: 时间：9月15日至10月9日，每天上午9:00至12:00，下午…; and an interviewer's
    # question, however short: 记者：接下来如何推进？)
    if line.endswith(("？", "?")) and units(line) > QUESTION_MIN_UNITS:
        return True
    return (_SENTENCE_END.search(line) is not None or line.count("，") >= 2) and units(line) > LABELLED_PROSE_MIN_UNITS


_WEEKDAY = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|urday)?\b\.?,?", re.I)
_TIME_STAMP = re.compile(r"(?:last\s+)?(?:updated|published|posted|modified)(?:\s+(?:at|on))?\s*:?\s*\d{1,2}:\d{2}"
                         r"\s*(?:[ap]\.?\s*m\.?)?(?:\s+[A-Z]{2,4})?\.?$", re.I)
_STAMP_MAX_CHARS = 40


_BY_LABEL = next(pattern for label, _, pattern in AUTHOR_LABELS if label == "by")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")
_BYLINE_MAX_CHARS = 80
_BYLINE_MAX_WORDS_AFTER = 3  # (a role or an outlet after the names: ", Staff Writer", "| The Daily Planet")
_TITLE_CASE_LINKS = frozenset({"of", "the", "and", "to", "for", "at", "in", "on"})  # ("Special to The Times")
_GLUED_WORDS = re.compile(r"[a-z][A-Z]{2,}")  # (a name glued to the outlet: "Jonathan GarberFOXBusiness")


def is_english_byline(line: str) -> bool:
    """A line that credits the writers, no sentence: "By Jane Doe, Staff Writer" (not "By Tuesday, the
    council voted"). Names glued to what follows them are left to the other finders."""
    if len(line) > _BYLINE_MAX_CHARS or line.rstrip().endswith("."):
        return False
    match = _BY_LABEL.match(line)
    if match is None or _GLUED_WORDS.search(match.group(1)):
        return False
    after = _ENGLISH_WORD.findall(line, match.end(1))
    return len(after) <= _BYLINE_MAX_WORDS_AFTER and all(word[0].isupper() or word in _TITLE_CASE_LINKS
                                                         for word in after)


def is_metadata_line(line: str, units_of_line: float) -> bool:
    """A short line of publication facts (date, source, author, counters), not prose."""
    if units_of_line > METADATA_LINE_MAX_UNITS:
        return False
    if has_metadata_label(line):
        return not _is_labelled_prose(line)
    if line[:3] in ("By ", "BY ") and is_english_byline(line):
        return True
    # A line that is a date (and maybe a time, an account name), as CMSs put under headlines and
    # after bodies: prose always says more than that.
    if line.isascii():  # most lines of English pages: a date needs a year, looked for in C first
        match = (NUM_DATE.search(line) or EN_DATE.search(line)) if "19" in line or "20" in line else None
        if match is None and line[:1] == "1" and (in_common_era := from_roc_calendar(line)) != line:  # 113/05/02
            line = in_common_era
            match = NUM_DATE.search(line)
        if match is None and ":" in line:
            match = SHORT_YEAR_DATE.search(line) if "-" in line else None
            if match is None:  # "Updated at 1:23 p.m.": a time alone, stamped on the page
                return len(line) <= _STAMP_MAX_CHARS and _TIME_STAMP.match(line) is not None
    else:
        year_end = line.find("年")
        if year_end > 0 and (line[year_end - 1] in HAN_DIGITS  # a document signed 二○○五年六月二十七日
                             or line[year_end + 1:year_end + 2] in HAN_MONTH_CHARS):  # or 2005年六月二十七日
            line = han_date_to_digits(line)
        match = NUM_DATE.search(line) or (SHORT_YEAR_DATE.search(line) if ":" in line and "-" in line else None)
        if match is None and (in_common_era := from_roc_calendar(line)) != line:  # 中華民國113年5月2日
            line = han_date_to_digits(in_common_era)
            match = NUM_DATE.search(line)
    if match is None:
        return False
    rest = line[:match.start()] + line[match.end():]
    if rest.isascii() and match.re is EN_DATE and DATE_LABEL.match(line):
        rest = EN_DATE.sub("", rest)  # (the labelled second date: "Published Jan. 5, 2020 | Updated Jan. 6, 2020")
    rest = _WEB_ADDRESS.sub("", rest)
    rest = DATE_LABEL.sub("", rest).strip(" |｜丨-—()（）[]【】")  # 发布于：, 发表于, Posted on
    if rest.isascii():  # "Nov 13, 2019, 10:28am EST", "Tue., Nov. 19": the commas belong to the date
        rest = _WEEKDAY.sub("", EN_TIME.sub("", rest)).strip(" ,.|-()")
    return units(rest) <= DATE_LINE_MAX_EXTRA_UNITS and PUNCTUATION.search(rest) is None


def site_names(tree: LexborHTMLParser, title: str, metas: MetaTags | None = None) -> str:
    """What the page calls its site: og:site_name and the <title> parts after the headline."""
    metas = metas or MetaTags(tree)
    names = [metas.content("property", "og:site_name") or ""] if metas.has("property", "og:site_name") else []
    # (not a part that credits the writer: "… - by Tom Alvarez", as Substack titles a post)
    return " | ".join(names + [part for part in title_parts(title)[1:] if not part.lower().startswith("by ")])


def author_from_markup(tree: LexborHTMLParser, url: str | None = None, title: str = "",
                       metas: MetaTags | None = None) -> Found:
    metas = metas or MetaTags(tree)
    for key, name in (("name", "author"), ("property", "article:author"), ("name", "article:author"), ("name", "byl"),
                      ("name", "dc.creator"),
                      ("name", "sailthru.author"), ("name", "parsely-author")):
        content = metas.content(key, name)
        value = _clean_value(content) if content else None
        if value and value.lower().startswith("by "):
            value = value[3:].strip()
        if value and ("@" in value or value.lower() in _PLACEHOLDER_AUTHORS):  # (a template's: name, email@gmail.com)
            value = _EMAIL.sub("", value).strip(" ,;，；")
            value = None if value.lower() in _PLACEHOLDER_AUTHORS else value or None
        if value and plausible_name(value, url, site_names(tree, title, metas)) and not _ACCOUNT.match(value):
            return value, f'markup meta[{key}="{name}"]'
    for script in metas.dated:
        if script.tag == "script" and (value := _json_ld_author(script.text(deep=True) or "")) \
                and plausible_name(value, url, site_names(tree, title, metas)):
            return value, "json-ld author"
    return None, ""


_EMAIL = re.compile(r"\S+@\S+")
# What a template's <meta name="author"> says when nobody filled it in.
_PLACEHOLDER_AUTHORS = frozenset({"name", "author", "admin", "administrator", "your name", "author name", "作者",
                                  "管理员", "管理員"})


# A link to a writer's page, as WordPress, Vox and most CMSs link a byline's name (/author/dokafor/, rel="author"),
# or the element holding the name alone (itemprop=author, h-card's p-author, span.byline__name, a.Author-authorName).
_AUTHOR_LINK_SELECTOR = ('a[rel~="author"], a[href*="/author/"], a[href*="/authors/"], [itemprop="author"], .p-author, '
                         '[class*="author-name" i], [class*="authorname" i], [class*="author__name" i], '
                         '[class*="byline__name" i], [class*="byline-name" i]')
_LINKED_NAME = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}|[\u4e00-\u9fff·]{2,8}")


def author_linked(tree: LexborHTMLParser) -> Found:
    """The first name in the page that links to its writer's page or is marked up as the writer's (the
    byline's, before an author box's)."""
    for node in tree.css(_AUTHOR_LINK_SELECTOR):
        name = _BY.sub("", normalize_whitespace(node.text(deep=True) or ""))
        if _LINKED_NAME.fullmatch(name) and plausible_name(name):
            return name, "the name linked to (or marked as) the writer's"
    return None, ""



def _json_ld_author(text: str) -> str | None:
    """The first article's authors in JSON-LD, people only ("author": {"@type": "Person", "name": …})."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    stack = [data]
    while stack:  # iterate, never recurse: JSON-LD can nest arbitrarily
        item = stack.pop()
        if isinstance(item, dict):
            if (names := _people(item.get("author"))) is not None:
                return well_formed(names)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None


def well_formed(text: str) -> str:
    """`text` with each lone surrogate (JSON's "\\udc00", which no UTF-8 holds: SQLite refuses it) as U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _people(author: object) -> str | None:
    """The names of the people an "author" value gives, joined by a space (not an organisation's)."""
    entries = author if isinstance(author, list) else [author] if author else []
    names = []
    for entry in entries:
        if isinstance(entry, str):
            names.append(entry.strip())
        elif isinstance(entry, dict) and entry.get("@type") in (None, "Person") and isinstance(entry.get("name"), str):
            names.append(entry["name"].strip())
    names = [name for name in names if name]
    return " ".join(names) if names else None


def source_from_markup(tree: LexborHTMLParser, metas: MetaTags | None = None) -> Found:
    metas = metas or MetaTags(tree)
    for name in ("source", "ContentSource", "contentsource"):
        content = metas.content("name", name)
        if content and (value := _clean_value(content)):
            return value, f'markup meta[name="{name}"]'
    return None, ""


# An element classed as the page's source, holding the outlet's name with no label (qq's span.a_source, sina's
# a.source): class words, not a class's part (a resource's).
_SOURCE_CLASS_SELECTOR = ('[class~="source" i], [class$="_source" i], [class$="-source" i], [class^="source_" i], '
                          '[class^="source-" i]')
# (a link's words in such an element: 查看原文, 原文链接, 转载, 图片来源网络)
_LINK_WORDS = re.compile(r"原文|链接|鏈接|转载|轉載|来源|來源|查看|图片|圖片|网络$|網絡$")
_OUTLET_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z·&\s-]{1,19}")


def source_classed(tree: LexborHTMLParser, above: list[str]) -> Found:
    """The outlet's name alone in an element classed as the page's source, on a Chinese line above the body."""
    for name in _names_classed(tree, _SOURCE_CLASS_SELECTOR, above):
        if _OUTLET_NAME.fullmatch(name) and not has_metadata_label(name) and name not in _NO_SOURCE \
                and _LINK_WORDS.search(name) is None:
            return name, "the outlet in an element classed as the source"
    return None, ""


# An element classed as the writer's, holding a name with no label (163's span.con1_author, span.author in a
# div.info): class words, not a class's part (an authority's).
# (two substring selectors, the words told apart after: each selector costs the query a test of every node)
_WRITER_CLASS_SELECTOR = '[class*="author"], [class*="writer"]'
_WRITER_CLASS_WORD = re.compile(r"(?:^|[\s_-])(?:author|writer)(?:$|[\s_-])")


def author_classed_inline(tree: LexborHTMLParser, above: list[str], html: str) -> Found:
    """The writer's name alone in an inline element classed as the writer's, on a Chinese line above the body
    (author_classed_above reads the classes of the blocks' elements only: a line's <span> is none). `html`: the
    page's markup, where the class's word is looked for first (in C: half the pages have none; a query costs more)."""
    if "author" not in html and "writer" not in html:
        return None, ""
    for name in _names_classed(tree, _WRITER_CLASS_SELECTOR, above, only=_WRITER_CLASS_WORD, unless=NOT_AUTHOR_CLASS):
        name = _BY.sub("", name)
        if _CLASSED_NAME.fullmatch(name) and not _ROLE_ONLY.search(name) and not _ACCOUNT_MENU.search(name) \
                and plausible_name(name):
            return name, "the name in an element classed as the writer's"
    return None, ""


def _names_classed(tree: LexborHTMLParser, selector: str, above: list[str], only: re.Pattern[str] | None = None,
                   unless: re.Pattern[str] | None = None) -> Iterator[str]:
    """The texts of the elements `selector` finds that stand on a Chinese line `above` the body (only those: a
    comment's writer below it is classed alike, and an English page's picture credit is classed as a source), of
    those whose class matches `only` (if given) and not `unless` (a comment's writer's, comment-author)."""
    near = "\n".join(above)
    if near.isascii() or not ANY_HAN.search(near):
        return
    for node in tree.css(selector):
        text = normalize_whitespace(node.text(deep=True) or "")
        if not text or text not in near:
            continue
        classes = node.attributes.get("class") or ""
        if (only is None or only.search(classes)) and not (unless and unless.search(classes)):
            yield text


_CLASS_ID, _LINKS = attrgetter("class_id"), attrgetter("links")


def author_classed_above(page: bodyfinder.Page, start: int) -> Found:
    """The name alone in an element classed as the writer's or account's (p.author-name, div.user-name)
    among the lines above the body: self-media platforms (百家号, 头条号, 搜狐号) credit their accounts so."""
    blocks, elements = page.blocks, page.elements
    # (or below the body's start, above the post's text: a body holding the whole post holds its user panel)
    for i in chain(range(max(0, start - META_WINDOW_BLOCKS), start), range(start, _post_text_at(page, start))):
        block = blocks[i]
        if not block.text or block.units > AUTHOR_NAME_MAX_UNITS or block.punct:
            continue
        element = elements[block.element]
        classes = element.class_id if element.parent < 0 else f"{element.class_id} {elements[element.parent].class_id}"
        if not AUTHOR_CLASS.search(classes) or NOT_AUTHOR_CLASS.search(classes):
            continue
        name = _BY.sub("", block.text)
        if (_CLASSED_NAME.fullmatch(name) or _EN_PERSON.fullmatch(name)) and not _ROLE_ONLY.search(name) \
                and not _ACCOUNT_MENU.search(name) and plausible_name(name):
            return name, f"the name in {element.label}"
    return None, ""


# A user's page, as forums and blog hosts link their posters' names: space.php?uid=5000, u.php?uid=67000,
# home.php?mod=space&uid=33000, dispuser.asp?id=1700, LookUserInfo.asp?ID=880, /user/profile/55000, my.mop.com/9100.
_USER_PAGE = re.compile(r"[?&](?:uid|userid|user_id|username|vwriter)=|space\.php|viewpro|dispuser\.asp|userinfo"
                        r"|/(?:user|users|member|members|u|space|people|profile)/(?!index\b)\w"  # (not an index)
                        r"|//(?:my|i|u|space|home|user)\.[^/]+/\d"
                        r"|[/.]u\d+/?$", re.I)


_ACCOUNT_MENU = re.compile(r"^我的|^个人|^個人|空间$|空間$|主页$|主頁$|中心$|设置$|設置$|退出$|登[录錄入]$|注[册冊]$"
                           r"|消息$|短信$|好友$|^加为|^加為|^关注|^關注|^私信|资料$|資料$"  # (发短消息, 加为好友)
                           r"|^关于|^關於|^about\b|^profile$", re.I)  # (a blog's 关于我 links to its owner's page)


_SOCIAL_HOST = re.compile(r"(?:^|\.)(?:youtube|facebook|twitter|x|instagram|linkedin|pinterest|tiktok|weibo|douyin"
                          r"|bilibili|zhihu|douban)\.com$", re.I)


def _on_the_site(href: str, url: str | None) -> bool:
    """Whether a link stays on the page's site; where the page's address is unknown, whether it leaves for no
    social network (a YouTube or Weibo profile beside a post is not its poster's page on the forum)."""
    host = urlsplit(href).hostname if href.startswith(("http:", "https:", "//")) else None
    if host is None:
        return True
    own = urlsplit(url).hostname if url else None
    return same_site(host, own) if own else _SOCIAL_HOST.search(host) is None


def marks_a_writer(page: bodyfinder.Page) -> bool:
    """Whether the page links a writer's page (/author/…) or classes a block as a byline or an author's:
    what author_linked looks for, told from the walk's data without a query of the tree."""
    classes = " ".join(map(_CLASS_ID, page.elements))  # (joined: one search in C, not one per element)
    return "uthor" in classes or "yline" in classes \
        or "/author" in " ".join(chain.from_iterable(map(_LINKS, page.blocks)))


def _post_text_at(page: bodyfinder.Page, start: int) -> int:
    """Where the post's text begins: its first line of prose at or after the body's start (a body holding
    the whole post holds its user panel first)."""
    blocks = page.blocks
    return next((i for i in range(start, min(len(blocks), start + POSTER_LINK_WINDOW_BLOCKS))
                 if blocks[i].punct and blocks[i].units >= EDGE_PROSE_MIN_UNITS), start)


def poster_linked_above(page: bodyfinder.Page, start: int, url: str | None) -> Found:
    """A post's poster: the nearest line above it that is only a name linking to a user's page (a
    forum's user panel, a blog's header): Discuz!, phpwind, Dvbbs and most hosts credit posters so."""
    blocks = page.blocks
    text_at = _post_text_at(page, start)
    for i in range(text_at - 1, max(0, text_at - POSTER_LINK_WINDOW_BLOCKS) - 1, -1):
        block = blocks[i]
        if len(block.links) != 1 or block.link_units < block.units or not block.text \
                or block.units > AUTHOR_NAME_MAX_UNITS or block.punct or not _USER_PAGE.search(block.links[0]) \
                or not _on_the_site(block.links[0], url):
            continue
        name = block.text.strip("[]【】 ")
        if name[:1].isalnum() and not _ACCOUNT_MENU.search(name) and plausible_name(name):
            return name, "the poster's name, linked to the user's page"
    return None, ""


_BY = re.compile(r"^by\s+", re.I)


_ROLE_ONLY = re.compile(r"^(?:本报|本報|本刊|本站|本网|本網)|(?:评论员|評論員|记者|記者|编辑|編輯|通讯员|通訊員|作者)$")


_CLASSED_NAME = re.compile(r"[\u4e00-\u9fff·]{2,12}")  # (an account's name may be long: 宜昌老周谈教育; no figures)


_EN_PERSON = re.compile(r"[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){1,3}")
