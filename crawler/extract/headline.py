"""Which line of the page is its headline.

<title> (and og:title) name the page, often with the site's and a channel's names around the headline
(titles.py splits them); the headline itself is the heading, or failing one the line, that they name.
When they name only the site, the first heading, or the line atop or above the body that reads as one.
Chosen in extract/extractor.py's `_title`, from these finders, in order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cached_property
from typing import NamedTuple

from crawler.extract import body as bodyfinder
from crawler.extract import bylines, titles
from crawler.extract.boilerplate import is_boilerplate_line, with_traditional
from crawler.extract.heuristics import (
    AUTHOR_MAX_UNITS,
    HEADLINE_PART_BONUS,
    META_WINDOW_BLOCKS,
    SENTENCE_ENDS,
    TITLE_FULL_RECALL,
    TITLE_MAX_UNITS,
    TITLE_MIN_OVERLAP,
    TITLE_MIN_RECALL,
    TITLE_MIN_UNITS_WITHOUT_REFERENCE,
    TITLE_QUOTED_MIN_SHARE,
    units,
)


class _TitleBags(NamedTuple):
    """<title> as bags of tokens: whole, as a set, and per part (with its size)."""


    whole: Counter
    distinct: set
    parts: list[tuple[Counter, int]]
    min_length: float  # a heading with fewer tokens cannot hold TITLE_MIN_RECALL of any part


def _title_bags(reference: str, parts: list[str], tokens: Callable[[str], list[str]]) -> _TitleBags:
    whole = Counter(tokens(reference))
    sized = [(Counter(part_tokens), len(part_tokens)) for part_tokens in map(tokens, parts) if part_tokens]
    min_length = TITLE_MIN_RECALL * min(size for _, size in sized) if sized else float("inf")
    return _TitleBags(whole, set(whole), sized, min_length)


def with_next_headline_line(page: bodyfinder.Page, index: int, reference: str) -> str:
    """The headline block's text, with the next line of the same heading when <title> holds that too: a
    headline broken in two by <br> (广州地铁三号线首段年底试运行<br>番禺市民出行将提速)."""
    blocks = page.blocks
    text = blocks[index].text
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is not None and following.element == blocks[index].element and following.text \
            and following.units >= 2 and _SPACES.sub("", following.text) in _SPACES.sub("", reference):
        return f"{text} {following.text}"
    return text


def short_headline_h1(page: bodyfinder.Page, doc_title: str) -> int:
    """The first <h1> block when it is <title>'s first part exactly, and that part names no site: a headline too
    short for the other tests (金锺国 - 维基百科，自由的百科全书; 静夜思 - 古诗文网), which a tagline quoted in the page
    would otherwise beat. -1 when there is none."""
    parts = titles.title_parts(doc_title)
    if len(parts) < 2 or titles.is_site_name(parts[0]):
        return -1
    for i in page.title_candidates:
        if page.elements[page.blocks[i].element].tag == "h1":
            return i if page.blocks[i].text == parts[0] else -1
    return -1


class _TitleReference:
    """<title> (and og:title) as headings are compared with it: bags of its tokens, each counted when first
    needed (most pages have few headings, and many no <h1> or no other heading)."""


    def __init__(self, reference: str) -> None:
        self.reference = reference


    @cached_property
    def parts(self) -> list[str]:
        all_parts = titles.title_parts(self.reference)
        # (a short headline counts when what follows it names a site: 今天的雨 - 山野闲人的博客 - 博客中国)
        short_headline = any(titles.is_site_name(p) for p in all_parts[1:])
        return [p for i, p in enumerate(all_parts)
                if units(p) >= TITLE_MIN_UNITS_WITHOUT_REFERENCE or (i == 0 and short_headline and units(p) >= 2)]


    @cached_property
    def by_letter(self) -> _TitleBags:
        return _title_bags(self.reference, self.parts, list)


    @cached_property
    def by_word(self) -> _TitleBags:
        return _title_bags(self.reference, self.parts, titles.title_tokens)


    @cached_property
    def headline(self) -> str:
        # The part that names the page, not the blog or site (陪孩子写作业这件小事 - 丫丫妈的博客 - 搜狐博客):
        # a heading that carries it beats one that carries another part, as a blog's name in its <h1> does.
        return titles.strip_site_name(" | ".join(p for p in self.parts if not titles.is_site_name(p))
                                      or self.reference)


    @cached_property
    def headline_by_letter(self) -> Counter:
        return Counter(self.headline)


    @cached_property
    def headline_by_word(self) -> Counter:
        return Counter(titles.title_tokens(self.headline))


def heading_that_title_names(page: bodyfinder.Page, reference: str) -> tuple[int, str, int]:
    """The heading block that <title> (and og:title: `reference`) names, how it matched (for --explain),
    and the first long <h1> block; -1 for those not found.


    An <h1> is compared letter by letter: the page's own main heading need only resemble <title> (a
    logo's <h1> holds just the site name). Other headings, of which a page has many (teasers, related
    articles), are compared word by word: any two English lines share most of their letters."""
    title = _TitleReference(reference)  # (its bags are counted when a heading first needs them)
    best_score, best_index, how = 0.0, -1, ""
    first_h1 = -1
    elements, blocks = page.elements, page.blocks
    for i in page.title_candidates:  # blocks of headings and title-classed elements, in page order
        block = blocks[i]
        if not 2 <= block.units <= TITLE_MAX_UNITS:
            continue
        element = elements[block.element]
        if element.hint < 0 or block.text[:1] in _BREADCRUMB_STARTS and _BREADCRUMB_HEADING.match(block.text):
            continue
        h1 = element.tag == "h1"
        if first_h1 < 0 and h1 and block.units >= TITLE_MIN_UNITS_WITHOUT_REFERENCE:
            first_h1 = i
        bonus = 0.3 if h1 else 0.15 if block.heading else 0.1
        if best_score >= 2.0 + HEADLINE_PART_BONUS + bonus:
            continue  # it cannot score more (precision and recall are at most 1): spares the counting
        bags = title.by_letter if h1 else title.by_word
        # Most of the heading must be in <title> (precision), and it must carry most of the
        # <title>'s headline part (recall): a logo <h1> matches only the site name.
        if len(block.text) < bags.min_length:  # (it has at most as many tokens as characters)
            continue
        tokens = list(block.text) if h1 else titles.title_tokens(block.text)
        distinct = set(tokens)
        if len(tokens) < bags.min_length or len(distinct & bags.distinct) < TITLE_MIN_OVERLAP * len(distinct) / 2:
            continue  # cheap test first: most headings share few tokens with <title>
        counts = Counter(tokens)
        recall = max((titles.overlap(part, counts) / size for part, size in bags.parts), default=0.0)
        if recall < TITLE_MIN_RECALL:
            continue  # it cannot match, whatever its precision
        precision = titles.overlap(counts, bags.whole) / len(tokens)
        headline_bag = title.headline_by_letter if h1 else title.headline_by_word
        names_page = titles.overlap(headline_bag, counts) >= TITLE_MIN_RECALL * sum(headline_bag.values())
        score = precision + recall + bonus + (HEADLINE_PART_BONUS if names_page else 0.0)
        # A heading that holds a whole <title> part may extend it ("...会议" -> "...会议部署...工作").
        matches = (precision >= TITLE_MIN_OVERLAP and recall >= TITLE_MIN_RECALL) or recall >= TITLE_FULL_RECALL
        # (not a heading that names the site, as <title> does after the headline: a footer's 中国地理学会)
        if matches and score > best_score and (names_page or not titles.is_site_name(block.text)):
            best_score, best_index = score, i
            how = f"title: {element.label} ({precision:.0%} of it in <title>, {recall:.0%} of <title> in it)"
    return best_index, how, first_h1


def without_thread_prefix(heading: str, reference: str) -> str:
    """A forum thread's title cell without the post's floor number or the thread's type tag, when <title>
    has the title without it."""
    match = _THREAD_TITLE_PREFIX.match(heading)
    if match and heading not in reference and heading[match.end():] in reference:
        return heading[match.end():]
    return heading


def labelled_title_cell(page: bodyfinder.Page) -> int:
    """The block after a cell labelled as the title (標題 | 嵐峰縣議會…施政報告, 公告标题 | …), where a
    government or school page's table of fields names it; -1 if none."""
    blocks, elements = page.blocks, page.elements
    for i, block in enumerate(blocks[:-1]):
        if block.units <= 4 and block.text.replace(" ", "").rstrip(":：") in _TITLE_LABELS:  # (標　　題)
            following = blocks[i + 1]
            label_cell, value_cell = elements[block.element], elements[following.element]
            # (the next cell of its row: not a reply form's 标题： over its hint, (可选))
            if TITLE_MIN_UNITS_WITHOUT_REFERENCE <= following.units <= TITLE_MAX_UNITS and not following.link_units \
                    and following.element != block.element and value_cell.parent == label_cell.parent \
                    and label_cell.tag in _CELL_TAGS and value_cell.tag in _CELL_TAGS and value_cell.hint >= 0 \
                    and following.text[0] not in "(（" and not is_boilerplate_line(following.text, following.units):
                return i + 1
    return -1


_TITLE_LABELS = frozenset(with_traditional(["标题", "公告标题", "文章标题", "信息标题", "新闻标题", "主题", "主旨",
                                            "信件标题", "来信标题", "咨询主题", "留言主题", "问题标题"]))


def names_a_channel_or_app(reference: str, headline: str) -> bool:
    if units(reference) < TITLE_MIN_UNITS_WITHOUT_REFERENCE:
        return True
    if _CHANNEL.fullmatch(headline) is None:
        return False
    # (the rest names the site, after the channel or before it: 嵐峰縣政府全球資訊網-縣長專區)
    rest = [part for part in titles.title_parts(reference.replace(headline, " | ")) if part != headline]
    return any(titles.is_site_name(part) for part in rest)


def names_site_and_channel(doc_title: str) -> bool:
    """Whether <title> is a site's name and a column's, no page's: 华瑞泵业--企业新闻."""
    parts = titles.title_parts(doc_title)
    return len(parts) == 2 and any(_CHANNEL.fullmatch(part) for part in parts)


def first_headline(page: bodyfinder.Page, site_name: str) -> int:
    """The first block of a heading or title-classed element that could be a headline (not a short
    section label, not a link, not the site's name), an <h1> first (an e-paper's kicker, in an <h3>,
    comes before it); -1 if none."""
    first = -1
    for i in page.title_candidates:
        block = page.blocks[i]
        if TITLE_MIN_UNITS_WITHOUT_REFERENCE <= block.units <= TITLE_MAX_UNITS and not block.link_units \
                and page.elements[block.element].hint >= 0 and block.text != site_name \
                and not block.text.endswith(_NAVIGATION_HEADINGS) and not _BREADCRUMB_STEP.search(block.text) \
                and not _BREADCRUMB_HEADING.match(block.text):
            # (本版标题导航 heads a list of links; a column's heading may hold its breadcrumb, 首页 - 新闻动态)
            if page.elements[block.element].tag == "h1":
                return i
            first = i if first < 0 else first
    return first


def headline_above(page: bodyfinder.Page, start: int) -> int:
    """The nearest line above the body that reads as its headline, for a page without headings whose
    <title> names only the site (<font size=4><b> in a table cell): short, no link, no sentence, no
    date, label or furniture line; -1 if none within the metadata window."""
    seen = 0
    for i in range(start - 1, -1, -1):
        block = page.blocks[i]
        if not block.text:
            continue
        seen += 1
        if seen > META_WINDOW_BLOCKS or block.units > TITLE_MAX_UNITS:
            break
        if block.link_units or block.units < TITLE_MIN_UNITS_WITHOUT_REFERENCE or block.text.endswith(SENTENCE_ENDS) \
                or page.elements[block.element].hint < 0 or is_boilerplate_line(block.text, block.units) \
                or bylines.is_metadata_line(block.text, block.units) or _captions_a_picture(page, i) \
                or bylines.byline_from_paragraphs([block.text])[0] or _SHORT_FIELD.fullmatch(block.text) \
                or _FIELD_LINE.match(block.text):
            continue  # (本报记者 何志远 实习生 苏蔓; 联系人：周经理; 編號：17PR102)
        return i
    return -1


# A label and a short value, no headline (联系人：周经理), unless the label names the title (主题：故乡的河).
# A label and a code or a number: 編號：17PR102.
_FIELD_LINE = re.compile(r"[\u4e00-\u9fff]{1,4}\s*[:：]\s*[A-Za-z0-9/.-]+$")


_SHORT_FIELD = re.compile(r"(?!主题|主題|标题|標題)[\u4e00-\u9fff]{1,5}\s*[:：]\s*(?:\S{1,6}|[\d()（）+\- ]{5,20})")


TITLE_LABEL = re.compile(r"(?:主题|主題|标题|標題)\s*[:：]\s*")


# A bare hyphen between title parts (嘉南史前文化館-典藏精選-黑陶高足杯), not a range's (2019-2020学年).
_BARE_PART_SEPARATOR = re.compile(r"\s*(?:(?<!\d)-|-(?!\d)|[_|｜–—])+\s*")


def title_end_part_in_text(page: bodyfinder.Page, doc_title: str) -> int:
    """The unlinked page line that is the last part of a <title> split at bare hyphens (a museum's
    館名-欄目-品名); -1 if none. Only looked for when nothing else names the headline."""
    parts = [part for part in _BARE_PART_SEPARATOR.split(doc_title) if part]
    if len(parts) < 2 or len(titles.title_parts(doc_title)) > 1:  # (split already, its parts were tried)
        return -1
    part = parts[-1]  # (the first part is as often a column's name: 协会动态-澄江市青年企业家协会)
    if units(part) < 2 or titles.is_site_name(part):
        return -1
    return next((i for i, block in enumerate(page.blocks) if block.text == part and not block.link_units), -1)


def _captions_a_picture(page: bodyfinder.Page, index: int) -> bool:
    """Whether the block is the caption under a picture in its own element (<img><br>caption)."""
    above = page.blocks[index - 1] if index else None
    return above is not None and bool(above.images) and not above.text and above.element == page.blocks[index].element


def headline_atop(page: bodyfinder.Page, positions: list[int]) -> int:
    """The body's first line when it reads as a headline and a date or source line follows it (a
    layout table's headline cell, then 发布时间：…): the body took the headline with it; -1 if not."""
    blocks = page.blocks
    lines = [i for i in positions[:_TITLE_IN_BODY_BLOCKS + 3] if blocks[i].text  # (past a font switch, 返回目录)
             and not blocks[i].link_units and not is_boilerplate_line(blocks[i].text, blocks[i].units)]
    if len(lines) < 2:
        return -1
    first, second = page.blocks[lines[0]], page.blocks[lines[1]]
    # (its date line, or a byline alone: 记者 张 涛)
    if _reads_as_headline(page, first) and (bylines.is_metadata_line(second.text, second.units) or (
            second.units <= AUTHOR_MAX_UNITS and bylines.author_from_text(second.text)[0] is not None)):
        return lines[0]
    return -1


def _reads_as_headline(page: bodyfinder.Page, block: bodyfinder.Block) -> bool:
    return TITLE_MIN_UNITS_WITHOUT_REFERENCE <= block.units <= TITLE_MAX_UNITS and not block.link_units \
        and not block.text.endswith(SENTENCE_ENDS) and page.elements[block.element].hint >= 0 \
        and not is_boilerplate_line(block.text, block.units) and not bylines.is_metadata_line(block.text, block.units)


_TITLE_IN_BODY_BLOCKS = 3


# What some <title>s carry after the headline: its date and source (…白化猕猴 2005年07月06日 15:21 来源：中新网).
_TITLE_FACTS = re.compile(r"\s(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|来源[:：]|來源[:：]).*$")


_PART_COLON = re.compile(r"\s*[:：]\s+|：")  # (晴天的空间: 搬家以后, a blog's name before its post's)


def title_part_above(page: bodyfinder.Page, start: int, doc_title: str, title: str) -> int:
    """The nearest line above the body that is another part of <title> than the `title` taken from it,
    when no line there is that title (榕树下--原创文学--槐花落 over a page headed 槐花落); -1 if none."""
    parts = {_SPACES.sub("", piece) for part in titles.title_parts(doc_title) for piece in _PART_COLON.split(part)}
    chosen = _SPACES.sub("", title)
    if len(parts) < 2 or chosen not in parts:
        return -1
    found, seen = -1, 0
    for i in range(min(start + _TITLE_IN_BODY_BLOCKS, len(page.blocks)) - 1, -1, -1):  # (or atop the body)
        block = page.blocks[i]
        if not block.text:
            continue
        seen += 1
        if seen > META_WINDOW_BLOCKS:
            break
        text = _SPACES.sub("", block.text)
        if text == chosen:
            return -1  # the title taken is the headline shown
        # (not a column's banner: 华瑞泵业--企业新闻 over a page whose headline <title> does not hold)
        if found < 0 and text in parts and not block.link_units and units(text) >= 2 and not _CHANNEL.fullmatch(text):
            found = i
    return found


# A column's breadcrumb set in a heading (首页 - 新闻动态, 当前位置：首页 > 通知公告): it names the column that
# <title> names too, not the article.
_BREADCRUMB_HEADING = re.compile(r"^(?:网站首页|首页|首頁|主页|主頁|当前位置|當前位置|您的位置|您现在的位置|Home)\s*"
                                 r"(?:[-—>»›＞/|｜:：]|&gt;)", re.I)


_BREADCRUMB_STARTS = frozenset("网首主当當您Hh")


# A post's floor number (Tieba: "1 在上海工作三年…") or a thread's type tag (Discuz: "[咨询] 孩子…") before its title
# (not a column's 【新春走基层】: the headline's own).
_THREAD_TITLE_PREFIX = re.compile(r"^(?:\d{1,4}\s+|\[[^\]\s]{1,6}\]\s*)(?=\S)")


_CELL_TAGS = bodyfinder.CELL_TAGS | {"dt", "dd"}  # (and a definition list's label and value)


# A column's name (图片新闻, 工作动态, 时政要闻), which a short headline (会议召开, 讣告) is not.
_CHANNEL = re.compile(r"\w{0,4}(?:新闻|新聞|动态|動態|要闻|要聞|公告|报道|報道|资讯|資訊|快讯|快訊|头条|頭條|消息"
                      r"|专区|專區|新闻稿|新聞稿|通告|公报|公報|活动|活動|信息|新闻中心|新聞中心)")


_BREADCRUMB_STEP = re.compile(r"\s[>»›＞]\s|>>|»")


_NAVIGATION_HEADINGS = ("导航", "導航", "目录", "目錄")


def title_quoted_in_text(page: bodyfinder.Page, doc_title: str) -> int:
    """The longest text block that <title> holds whole, with a site prefix such as 中國評論新聞：
    that no separator marks: the headline in a styled cell that no heading tag names. -1 if none."""
    squashed = _SPACES.sub("", _TITLE_FACTS.sub("", doc_title))
    best, best_length = -1, TITLE_QUOTED_MIN_SHARE * len(squashed)
    for i, block in enumerate(page.blocks):
        if not TITLE_MIN_UNITS_WITHOUT_REFERENCE <= block.units <= TITLE_MAX_UNITS:
            continue
        text = _SPACES.sub("", block.text)
        if len(text) > best_length and text in squashed:
            best, best_length = i, len(text)
    return best


_SPACES = re.compile(r"\s+")
