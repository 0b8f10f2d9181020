"""Titles: <title> split into its parts, site names told from headlines, og:title and the like.
(Which line of the page is the headline, headline.py finds.)"""

from __future__ import annotations

import re
from collections import Counter

from selectolax.lexbor import LexborHTMLParser

from crawler.extract.heuristics import (
    FIRST_PART_MIN_SHARE,
    SITE_NAME_MAX_UNITS,
    units,
)
from crawler.extract.markup import MetaTags
from crawler.extract.repair import normalize_whitespace

# The ends of institutions' names, which name their own sites: 临江市公安局滨河分局, 南港市妇女儿童医院, 江城银行.
_INSTITUTION = (r"局|厅|廳|委员会|委員會|法院|检察院|檢察院|医院|醫院|大学|大學|有限公司|集团|集團|银行|銀行"
                r"|总会|總會|商会|商會|同乡会|同鄉會|联合会|聯合會|议会|議會|立法会|立法會|基金会|基金會")
# (It opens with a lookahead of the characters a match may begin with, as _ISSUE_AND_PAGE below does: a leading
# \s* would have the engine try every alternative at every position of the title, at three times the cost.)
_TITLE_SEPARATORS = re.compile(r"(?=[\s|｜_–—»>-])"
                               r"\s*(?:[|｜_–—»]+|>{2,}|\s:{1,2}\s|\s-+\s|-{2,}"  # (not a range's hyphen: 8.8-8.14)
                               r"|(?<=[局網网站府])-(?=[^\W\d])"  # (after a site's or office's name: …局-最新消息)
                               r"|(?:(?<!\d)-|-(?!\d))(?=[^\s\w]|\S*(?:网|網|站|报|報|频道|頻道|新闻|新聞|政府|集团|集團"
                               rf"|社区|社區|论坛|論壇|协会|協會|学会|學會|{_INSTITUTION})))\s*")


def title_parts(title: str) -> list[str]:
    """The parts of a <title> between separators (_ | – — -- ...), e.g. headline, channel, site."""
    return [p.strip() for p in _TITLE_SEPARATORS.split(title) if p and p.strip()] or [title.strip()]


# How Chinese sites end their names: 临江市教育信息网, 江北理工大学新闻网, 天涯社区, 小张的博客.
_SITE_NAME = re.compile(r"(?:网|網|网站|網站|门户|門戶|在线|在線|论坛|論壇|社区|社區|博客|首页|首頁|主页|主頁|"
                        r"频道|頻道|空间|空間|[日晚早时時商周週晨导導军軍]报|[日晚早时時商周週晨导導军軍]報|都市报|都市報|电子报|電子報|数字报|數字報|政府|百科|"
                        # (e-papers': 江西日报数字报刊平台, 澳門日報電子版)
                        r"报刊|報刊|报刊平台|報刊平台|电子版|電子版|数字版|數字版|网络版|網絡版|协会|協會|学会|學會|"
                        r"(?:交易|服务|服務|信息|資訊|资讯|新闻|新聞|数据|數據)中心|"  # 济南市公共资源交易中心
                        r"(?:电子商务|電子商務|采购|採購|招标|招標|招投标|交易)平台|"  # 华岳能源集团电子商务平台
                        r"^立法会|^立法會|"
                        rf"[^\W\d_]{{2,}}(?:{_INSTITUTION}))$")


def is_site_name(title: str) -> bool:
    """Whether a <title> (or its one part) names only the site, not the page: a short name ending like one,
    or an editor's placeholder (无标题文档) or a print view's label (打印本页), which name nothing."""
    stripped = _ISSUE_AND_PAGE.sub("", title.strip())  # (an e-paper's: 北湖晚报电子版 2006年12月8日 第15版)
    if "." in stripped and not stripped.isascii():
        stripped = _WEB_ADDRESS_AFTER.sub("", stripped)  # (and its address: 联合早报网 zaobao.com)
    return units(stripped) <= SITE_NAME_MAX_UNITS and (
        _SITE_NAME.search(stripped) is not None or stripped.lower() in _PLACEHOLDER_TITLES
        or _SOFTWARE_OR_ADDRESS.match(stripped) is not None)


# A forum's software or a site's address as a part of <title>: powered by phpwind.net, Powered by Discuz!,
# bbs.example.com.
_SOFTWARE_OR_ADDRESS = re.compile(r"^(?:powered by\s+\S+|(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)*"
                                  r"\.(?:com|net|org|cn|gov|edu|info|cc|tv|hk|tw)/?)$", re.I)


_WEB_ADDRESS_AFTER = re.compile(r"\s+(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/?$", re.I)
_ISSUE_AND_PAGE = re.compile(r"(?=[\s\-_–—\d])"
                             r"\s*[-_–—]?\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
                             r"(?:\s*(?:星期|周)[一二三四五六日天])?\s*(?:第?\s*[A-Za-z]?\d{1,3}\s*版.*)?$")


_PLACEHOLDER_TITLES = frozenset({"无标题文档", "無標題文件", "无标题页", "untitled document", "untitled", "新建网页 1",
                                 "打印本页", "打印页面", "打印", "列印", "print", "网页标题", "标题", "document"})


def strip_site_name(title: str) -> str:
    """`本钢召开视频干部大会_本钢新闻_本钢集团` -> `本钢召开视频干部大会`: the headline part, which
    comes first unless a later part is much longer (some sites put their name first; or before a colon:
    天涯社区：一个县城中学老师的十年)."""
    for separator in ("：", ": "):  # (or a blog's name, MSN Spaces': 晴天的空间: 搬家以后)
        site, colon, rest = title.partition(separator)
        if colon and rest.strip() and is_site_name(site):
            return strip_site_name(rest)
    parts = title_parts(title)
    longest = max(parts, key=units)
    if units(parts[0]) >= FIRST_PART_MIN_SHARE * units(longest) or is_site_name(longest):
        return parts[0]  # (蜻蜓_知源百科: a short headline before a longer site name)
    return longest




def similarity(candidate: str, reference: str | Counter) -> float:
    """Share of the characters of `candidate` that also occur in `reference` (bag overlap)."""
    if not candidate:
        return 0.0
    pool = reference if isinstance(reference, Counter) else Counter(reference)
    return overlap(Counter(candidate), pool) / len(candidate)


# A word of an alphabetic script (Latin, Cyrillic...) is one token; anything else but spaces (a Han
# character, a digit, a mark) is one token each. Bags of letters would make any two English lines alike.
_TITLE_TOKEN = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+|\S")


def title_tokens(text: str) -> list[str]:
    """The tokens a heading and <title> are compared by: 本钢召开 -> 本 钢 召 开; Sweden drops -> sweden drops."""
    return _TITLE_TOKEN.findall(text.lower())


def overlap(counts: Counter, pool: Counter) -> int:
    """How many of the characters counted in `counts` `pool` also has (a bag intersection's size)."""
    common = counts.keys() & pool.keys()
    # map() keeps the loop in C (a set iterates in the same order twice).
    return sum(map(min, map(counts.__getitem__, common), map(pool.__getitem__, common)))


# Founder's ENP CMS (the e-papers and news sites of many Chinese papers) notes an article's fields in a comment:
# <!--enpproperty <articleid>…</articleid><date>…</date><author>…</author><title>…</title>…/enpproperty-->.
_ENP_TITLE = re.compile(r"<title>([^<]{2,200})</title>")


def enp_title(html: str) -> str | None:
    """The title a Founder ENP comment notes (the page's <title> often names only the paper's e-edition)."""
    start = html.find("<!--enpproperty")  # (a scan in C: most pages have none)
    if start < 0:
        return None
    end = html.find("-->", start)
    match = _ENP_TITLE.search(html, start, end if end >= 0 else len(html))
    return (normalize_whitespace(match.group(1)) or None) if match else None


def meta_title(tree: LexborHTMLParser, metas: MetaTags | None = None) -> str | None:
    metas = metas or MetaTags(tree)
    for key, name in (("property", "og:title"), ("name", "twitter:title"), ("name", "ArticleTitle"), ("name", "title")):
        content = metas.content(key, name)
        if content and content.strip():
            return normalize_whitespace(content)
    return None
