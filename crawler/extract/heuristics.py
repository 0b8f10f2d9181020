"""Every weight and threshold of the body finder, named, in one place.

The extractor scores each text block of the page, then picks the element whose subtree has the
largest total block value: article paragraphs add to it, navigation, link lists and boilerplate
subtract. Tune here, on the benchmark's dev split only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.extract.patterns import with_lookahead

# ---- Tree shape ------------------------------------------------------------------------------

# Elements whose text never belongs to an article (not rendered, or form controls).
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "math", "object", "embed", "select",
    "option", "button", "input", "textarea", "canvas", "video", "audio", "map", "head", "title", "meta",
    "link", "rt", "rp", "frame", "frameset", "noframes", "dialog",
})
# Elements that start a new line of text (a new block); inline elements do not.
BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "td", "th", "tr", "table", "tbody", "thead",
    "tfoot", "caption", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "center", "form", "fieldset", "legend", "figure", "figcaption", "header",
    "footer", "aside", "nav", "address", "hr", "details", "summary", "menu", "hgroup",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# <nav>, <footer>, <aside> holding less than this share of the page's text are removed unread.
NAVIGATION_MAX_TEXT_SHARE = 0.4
# ...and only text punctuated like prose counts: a mega-menu of 60,000 characters has a comma or
# full stop every 2,000 or so, an article one every 20 to 140 (the sparsest gold body of the corpus).
PROSE_MIN_MARKS_PER_CHAR = 0.005
# Elements that are page furniture by definition: their blocks count as boilerplate.
FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "menu"})
# Figures hold images with their captions and credits: not article prose (images are still kept).
CAPTION_TAGS = frozenset({"figure", "figcaption"})
CAPTION_HINT_WORDS = frozenset({"gallery", "caption", "credit", "credits", "slideshow", "carousel", "lightbox"})


# Nesting deeper than this is flattened before parsing: the HTML parser is quadratic on deep
# nesting, and no real article needs it.
MAX_NESTING = 1500
# Pages with fewer tags than this are parsed as they are, unscanned: nested as deep as they can be,
# they parse in a fraction of a second (10,000 unclosed levels: about 0.1 s), less than scanning
# every page for deep nesting would cost over a crawl.
NESTING_SCAN_MIN_TAGS = 10_000

# ---- class/id hints ----------------------------------------------------------------------------

# Words in class/id that mark an article body (CMS names included: TRS, 大汉 Custom_UnionStyle...).
POSITIVE_HINT = re.compile(
    r"article|content|main|post|entry|story|detail|zoom|trs_?editor|custom_?unionstyle|正文|"
    r"neirong|zhengwen|wenzhang|body|text|txt|con_?t|news_?con|art_?con|rich_media|js_content|"
    r"maincontent|cont\b|artibody|endtext|ozoom",
)  # matched against the lower-cased class/id: case-insensitive matching is many times slower
# Whole words in class/id that mark page furniture. Matched as words (split on -, _ and digits).
NEGATIVE_HINT_WORDS = frozenset({
    "nav", "navbar", "navi", "menu", "menus", "footer", "foot", "header", "sidebar", "aside",
    "comment", "comments", "cmt", "reply", "share", "sharing", "bdshare", "jiathis", "social",
    "related", "relate", "recommend", "recom", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
    "location", "position", "weizhi", "copyright", "banner", "ad", "ads", "advert", "adv", "login",
    "toolbar", "tools", "print", "pager", "pagination", "pages", "hot", "rank", "tags", "search",
    "subscribe", "weixin", "wechat", "qrcode", "ewm", "erweima", "promo", "sponsor", "newsletter",
    "popup", "modal", "cookie", "widget", "more", "links", "friendlink", "bottom", "top", "topbar",
    "fenxiang", "dianzan", "pinglun", "xgxw", "xiangguan", "statement", "disclaimer", "shengming", "contact",
    "poll", "vote", "survey", "diaocha", "toupiao", "signature", "signatures", "sign", "qianming",
    "dealer", "dealers", "baojia", "xunjia",  # (a car or phone site's price box set into a review)
})
# A post quoted from a social network ("social-media-embed", "twitter-tweet") is what the article quotes,
# not a share bar: these words overrule the furniture words. So does "keyword" of in-text keyword ads,
# whose area is the text itself (Sina's blog posts: div#sina_keyword_ad_area2.articalContent).
EMBED_HINT_WORDS = frozenset({"embed", "embedded", "tweet", "instagram", "keyword"})
# A furniture-hinted element is only treated as furniture when it is small or link-heavy: some
# sites name the article's own wrapper "main-side" or "content-bottom".
HINTED_FURNITURE_MAX_UNITS = 400
HINTED_FURNITURE_MIN_LINK_DENSITY = 0.35
HINTED_FURNITURE_MAX_PROSE_SHARE = 0.5  # ...and holding less than this share of the page's prose
# A box a related-reading heading opens (推荐阅读) is no article when links make up this share of the chosen
# element in it (a list of headlines with teasers: a fifth; an article's own text, a few per cent)
RELATED_MIN_LINK_SHARE = 0.1
# Prose counts less the deeper below an element it sits: value = prose * DEPTH_DECAY ** levels.
DEPTH_DECAY = 0.9
MAX_DECAY_DEPTH = 1000  # (keeps the powers inside floating point range on flattened deep pages)
# Elements that begin within this many blocks after the title (and run past it) hold the article.
TITLE_NEAR_BLOCKS = 5
GRID_ROW_MIN_CELLS = 3  # ...not counting the cells of a grid: a table with rows this wide (a score box),
GRID_MIN_ROWS = 2  # ...this many of them
TITLE_PROXIMITY_BONUS = 2.0
LINK_DENSITY_EXPONENT = 1.0  # an element's value is scaled by (1 - its link density) ** this
POSITIVE_HINT_BONUS = 0.12
# schema.org's articleBody is the page saying where its article is: never furniture, and favoured.
STRONG_HINT = 2
STRONG_HINT_BONUS = 0.5  # fraction added to an element's value when its class/id says "article"

# ---- Text measures -----------------------------------------------------------------------------

# Sentence punctuation, Chinese and Western. Commas and full stops inside prose are what tell a
# paragraph from a menu: menus and link lists have almost none.
PUNCTUATION = re.compile(r"[，。；：“”！？、,.;!?…「」『』（）]")
LATIN_CHARS_PER_UNIT = 2.2  # a CJK character carries about as much as this many Latin letters

# ---- Block values ------------------------------------------------------------------------------

LINKY_BLOCK_DENSITY = 0.5  # a block with more link text than this is navigation
LINKY_PENALTY = 1.0  # value per unit of a navigation block (negative)
BOILERPLATE_PENALTY = 1.5  # value per unit of a block that matches a boilerplate pattern (negative)
BOILERPLATE_MIN_PENALTY = 8.0
SHORT_BLOCK_UNITS = 12  # a block this short without punctuation is probably a label, not prose
# ...and costs little: an article's data tables (infobox, filmography) are hundreds of such cells,
# and link lists and boilerplate are penalised on their own.
SHORT_BLOCK_PENALTY = 0.25
PROSE_PUNCT_BONUS = 3.0  # value added per punctuation mark in a prose block
FURNITURE_PENALTY = 1.0

OPTION_ROW_MAX_UNITS = 60  # a poll's or survey's option row (removed with its radio button) holds at most this

# A hidden element named like an article body (content, js_content...) with this much text is kept:
# a script shows it when the page loads.
HIDDEN_ARTICLE_MIN_UNITS = 200
HIDDEN_ARTICLE_MIN_SHARE = 0.3  # ...and at least this share of the page's text (hidden tabs: under a tenth)
# An element holding this share of the page's text wraps the page: never pruned as hidden or as a poll's form.
PAGE_WRAPPER_MIN_SHARE = 0.6

# ---- Selecting the blocks of the body -----------------------------------------------------------

KEEP_MAX_LINK_DENSITY = 0.5  # inside the body, blocks with more link text than this are dropped
KEEP_LONG_LINK_UNITS = 120  # ...unless they are long prose that merely quotes links
# Before the first and after the last prose block, short label lines are trimmed.
EDGE_PROSE_MIN_UNITS = 20
# ...but a last line of Han characters alone this long, a paragraph like the prose above it, closes the article
# (欢迎广大职工群众积极参与监督): not a label, unless it names a writer, a source or an office (see
# selection._closes_the_text)
CLOSING_LINE_MIN_UNITS = 8
ARTICLE_PART_MIN_PROSE_UNITS = 20  # a sibling of the body element with this much prose (and its class) continues it
VERSE_MIN_LINES = 3  # this many short Han lines in one element are a poem's lines: text, not labels

# ---- Selecting lines, metadata, titles -------------------------------------------------------

# A run of lines this long, with this many field labels (发文机关：), that the text already held: the same
# disclosure table drawn twice (one for wide screens, one for phones; CSS shows one).
REPEATED_FIELDS_MIN_LINES, REPEATED_FIELDS_MIN_LABELS = 4, 2
# A converter that leaks pinyin leaks it after every character it converts, dozens a page (團(tuán)結(jié)); an
# editor notes the reading of a rare place name or two (山东省莘（xīn）县, 亳(bó)州): the page shows those, and so
# must the record.
LEAKED_PINYIN_MIN_NOTES = 3  # per page: fewer toned readings in parentheses than this are an editor's notes
ATTACHMENTS_BELOW_MAX_GAP = 1  # lines between the text's last and a 附件： list in a box of its own under it
ATTACHMENT_LINE_MAX_UNITS = 60  # a line linking to a file and this short is that file's name
REPEAT_WINDOW = 3  # a line equal to one of the last this many lines is a repeat (slideshow captions)
# ...unless it is a paragraph of prose this long (or longer, with two marks of punctuation) set twice in a row in
# sibling elements of one tag: the page says it twice (an editor's paste), and so must the record.
REPEATED_PROSE_MIN_UNITS = 20
REPEATED_PROSE_MIN_PUNCT = 2
END_MARKER_MIN_PROSE_SHARE = 0.6  # an end marker (相关新闻, 反侵权公告...) cuts only after this share of prose
# ...or when it opens at least this many dated entries (a blog's comments, each under "name 发表于 date")
# and at least this much prose came before it: a post may be shorter than its comments.
COMMENT_LIST_MIN_ENTRIES = 2
COMMENT_BOX_MAX_DEPTH = 3  # a comment's header sits this few elements deep in the box classed as comments
# ...and without a heading, this many, the first well below the headline (a thread's first post is right under it).
UNHEADED_COMMENTS_MIN_ENTRIES = 3
ENTRY_WRITER_MIN_CHARS, ENTRY_WRITER_MAX_CHARS = 2, 20  # (an entry's header names its writer: 读者1, jane_doe)
ENTRY_HEADER_MAX_CHARS = 80  # ...and its time, with labels: 网友：读者1 时间：2012-01-12 10:21 (a sentence is longer)
ENTRY_MAX_BLOCKS = 6  # an entry's header, then its comment: the next header comes within this many blocks
# A teaser: a summary cut short (…) under a linked headline, which holds this share of link text and this
# many units; in a list of them, it weighs nothing (a list of teasers outweighs a short article).
TEASER_HEADLINE_MIN_LINK_SHARE = 0.8
TEASER_HEADLINE_MIN_UNITS = 5
TEASER_SUMMARY_MIN_UNITS = 20  # (and the summary, unlinked and punctuated, this many)
TEASER_LIST_MIN_ITEMS = 3  # (fewer: one may be the page's own text, shown cut short)
# A comments heading this many blocks above the chosen element still heads it (its box's heading, in a cell of its own).
COMMENTS_HEADING_REACH = 3
ARTICLE_MIN_PROSE_UNITS = 40
TITLE_MIN_OVERLAP = 0.5  # share of a heading's characters that must occur in <title> to be the title
TITLE_MIN_RECALL = 0.4  # ...and share of one <title> part that must occur in the heading (a logo <h1> fails this)
HEADLINE_PART_BONUS = 0.5  # added to a heading that carries the <title> part naming the page, not the site
TITLE_FULL_RECALL = 0.9  # a heading holding this share of a <title> part is the title, however long
TITLE_MAX_UNITS = 80  # longer headings are not titles
SENTENCE_ENDS = ("。", "！", "？", "；", "：", ":", ".", "!", "?")  # a line ending so is a sentence, no headline
SITE_NAME_MAX_UNITS = 12  # a <title> this short ending like a site's name (…信息网) names no page
TITLE_MIN_UNITS_WITHOUT_REFERENCE = 6  # a <title> part shorter than this is a site name
STAMP_UNDER_TEXT_BLOCKS = 3  # blocks right under the text's last line searched for the post's time
TIME_LINE_AFTER_BODY_LINES = 3  # a time alone on a line (香港時間16時30分) this near after the body times its day
META_WINDOW_BLOCKS = 12  # lines before the body searched for the date/author/source line (half as many after)
# A date with its weekday above the headline, this many links (the site's menu, its crumb) in its line and those
# between them, is a banner's date of the day (2024年3月6日 星期三 首页 | 新闻), not the page's
BANNER_MENU_MIN_LINKS = 2
THREAD_MIN_PROSE_SHARE = 0.8  # sibling posts with dated headers holding this share of a body's prose are a thread
FOOTER_FIELD_MAX_UNITS = 10  # a post footer's fields between bars (分类:股市杂谈 | 2008-4-17 14:23:00) are this short
LINKED_LINE_MIN_SHARE = 0.9  # a line under a 延伸阅读 marker in its own element that is this much link heads a box
COURT_HEAD_MAX_LINES = 4  # a court document's head above its text: the court, the document's kind, its number
COURT_SIGNATURE_MAX_LINES = 10  # ...and its signature below: the bench, the date, the clerk
LABELLED_DATE_AFTER_BODY_LINES = 2  # a labelled date this close under the text (its tools row) dates it
AUTHOR_NAME_MAX_UNITS = 12  # a writer's or account's name alone in its element is at most this long
FIELD_TABLE_MIN_ROWS = 3  # a table of fields (label | value) opening a body has at least this many rows
# A table of data (a notice's list of names under its heading row: 姓名 | 单位) has this many rows of two
# cells or more: its short cells are data, not labels, even opening the text (a quote box atop a market
# report, which is not text: a heading row and two or three quotes)
DATA_TABLE_MIN_ROWS = 5
# A table's row is one line of the text (its cells joined) when each cell holds one block this short or
# shorter: longer is a paragraph of an article laid out in a table, a line of its own.
TABLE_CELL_MAX_UNITS = 40
# Empty cells between two of a row's cells are kept as empty fields of its line, at most this many (a gap wider
# than any real table's is a layout's).
TABLE_MAX_EMPTY_CELLS = 50
DATA_ROW_MIN_CELLS = 3  # a date in a table of data is data in a row this wide (label | value rows are fields)
LEAD_ABOVE_MAX_BLOCKS = 3  # a lead set apart above the body (a picture between) is at most this many lines up
NOTICE_MAX_UNITS = 400  # copyright notices are boilerplate up to this length
BOILERPLATE_MAX_UNITS = 60  # other patterns only mark lines this short: prose may mention 版权所有
END_MARKER_MAX_UNITS = 30  # an end-of-article marker line is at most this long
END_MARKER_LABEL_MAX_UNITS = 6  # ...and its label, before the link it may hold (延伸阅读：<a>…</a>), this long
PROFILE_FIELD_MAX_UNITS = 12  # a forum profile field (帖子：37) is at most this long
METADATA_LINE_MAX_UNITS = 80  # a date/source/author line is at most this long
DIGEST_MIN_ITEMS = 2  # a digest's linked item headings (each over its summary) number at least this many
PARAGRAPH_GROW_MIN_PROSE_RATIO = 2.0  # a paragraph chosen alone gives way to its parent holding this much more prose
DATA_TABLE_MIN_UNITS = 30  # ...or a table of data beside it, its cells this long (a list of eight names and posts)
ANSWERS_HEADING_MAX_UNITS = 10  # a line heading a question's answers (3 个回答, 最佳答案) is at most this long
DISCLOSURE_TABLE_LINES = 24  # a disclosure table's fields (发文机关) kept atop a government document's text
SPEECH_OPENING_LINES = 6  # a speech's salutation (同志们：) is among its first lines (under a title repeated in two)
SPEAKER_LINES_ABOVE = 3  # the speaker's line (代市长 孙立群) is at most this many lines above the salutation
QUESTION_MIN_UNITS = 8  # a labelled line ending in a question mark and longer than this is an interview's question
LABELLED_PROSE_MIN_UNITS = 16  # a labelled line (记者：, 时间：) this long that ends a sentence is prose
DATE_LINE_MAX_EXTRA_UNITS = 12  # a line that is a date plus at most this much unpunctuated text is metadata
AUTHOR_MAX_UNITS = 16  # names, or a few names; longer is a sentence that happened to follow a label
POSTER_LINK_WINDOW_BLOCKS = 30  # lines above a post searched for its poster's linked name (a user panel is long)
POSTER_NAME_MAX_UNITS = 8  # a forum poster's name above the profile fields of a user panel is this short
BLOG_HEADER_BLOCKS = 15  # a blog's name (X的博客) among the page's first blocks names the writer of its post
BYLINE_PARAGRAPH_MAX_CHARS = 30  # a paragraph this short that is only 本报记者 and names credits them
TITLE_QUOTED_MIN_SHARE = 0.5  # a text line <title> holds whole is its headline from this share of it
FIRST_PART_MIN_SHARE = 0.6  # <title>'s first part is the headline unless a later part is this much longer

# ---- Article-likeness and soft 404s -------------------------------------------------------------

ARTICLE_FULL_UNITS = 150  # a body of this many units counts as fully article-sized
ARTICLE_FULL_PARAGRAPHS = 3
ARTICLE_FULL_PUNCT_PER_100_UNITS = 4.0
# How the body looks, given it is long enough; the body's length scales all of it (sqrt).
ARTICLE_WEIGHTS = {"punctuation": 0.35, "paragraphs": 0.25, "page_links": 0.4}
# Linked items the text announces between its paragraphs, each under one label (▶ 典型案例丨<a>…</a>): this many
# in a row at least (one alone is a link set in the text, a promotion as often as not).
LINK_ITEMS_MIN = 2
# Anti-copy text a class hides (<font class="jammer">3201</font>) is this short; longer hidden text may be shown.
ANTI_COPY_MAX_CHARS = 24
SOFT_404_MAX_UNITS = 200
# ...or whose body, in the site's usual template (menus, a sidebar of headlines, a footer: more than the above),
# is the notice alone: 对不起，您访问的页面不存在！ An article saying so runs longer.
SOFT_404_BODY_MAX_UNITS = 40
BLOCKED_PAGE_MAX_UNITS = 200  # a firewall's page is a notice; an article may well speak of blocked requests


def units(text: str) -> float:
    """Length in 'CJK characters': Han characters (and CJK punctuation) count 1, other non-space
    characters 1/LATIN_CHARS_PER_UNIT. Chinese has no spaces, so word counts cannot measure it."""
    # Han characters take 3 bytes in UTF-8 and ASCII 1: the byte count gives their number in C
    # (2-byte letters such as é count half, close enough).
    length = len(text)
    if text.isascii():  # (a flag of the string: costs nothing)
        return (length - text.count(" ")) / LATIN_CHARS_PER_UNIT
    wide = (len(text.encode("utf-8", "surrogatepass")) - length) / 2
    other = length - wide - text.count(" ")
    return wide + other / LATIN_CHARS_PER_UNIT if other > 0 else wide  # (as with max(other, 0), without a call)


def punctuation_count(text: str) -> int:
    if text.isascii():  # the ASCII marks of PUNCTUATION, counted in C
        return text.count(",") + text.count(".") + text.count(";") + text.count("!") + text.count("?")
    return len(PUNCTUATION.findall(text))


def reads_as_prose(text: str) -> bool:
    """Whether a long text is punctuated like sentences (counted in C: the text may be a whole menu)."""
    marks = text.count(",") + text.count(".") + text.count("，") + text.count("。")
    return marks >= PROSE_MIN_MARKS_PER_CHAR * len(text)


_HINT_WORD = re.compile(r"[a-z]+")
# Distinct class attributes whose hints are remembered: a crawl of many sites meets thousands of them
# (121 English news pages: 4,400), each worked out again when forgotten (up to 30 µs).
CLASS_CACHE_SIZE = 16_384


def hint_words(class_id: str) -> set[str]:
    return set(_HINT_WORD.findall(class_id.lower()))


def hint(tag: str, class_id: str) -> int:
    """+1 when tag/class/id say "article body", -1 when they say "page furniture", else 0."""
    if tag in ("html", "body"):  # body classes describe the page layout ("one-sidebar"), not a block
        return 0
    if tag in FURNITURE_TAGS:
        return -1
    if not class_id:
        return 0
    value = class_hint(class_id)
    if value < 0 and tag in HEADING_TAGS and NEGATIVE_HINT_WORDS.isdisjoint(hint_words(class_id) - {"header"}):
        return 0  # a subheading named for what it is (Substack's h3.header-anchor-post), not a page's header
    return value


_PRINTED_TEXT_WORDS = frozenset({"body", "area", "text", "main"})
_NOT_PRINTED_WORDS = frozenset({"none", "no", "hide", "hidden", "not"})


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def class_hint(class_id: str) -> int:
    """+1 when class/id say "article body", -1 when they say "page furniture", else 0."""
    lowered = class_id.lower()
    words = _HINT_WORD.findall(lowered)
    if ("editor" in lowered or "edit" in words or "bianji" in words) and is_comment_hint(class_id):
        return 0  # an editor's comment (编辑点评: div.editorComment, div.edit_comment) is the article's, not a reader's
    if not class_id.islower() and is_comment_hint(class_id):  # (camel-cased comments: div#commonComment)
        return -1
    positive = POSITIVE_HINT.search(lowered) is not None
    negative = NEGATIVE_HINT_WORDS.intersection(words)
    if negative and EMBED_HINT_WORDS.isdisjoint(words):
        # (but "more" with an article word is the rest of its text, folded away: div.article-more; and
        # "print" with one, or with body, marks the text a print view keeps: p.print-body, div.print_content)
        if negative == {"print"} and (positive or not _PRINTED_TEXT_WORDS.isdisjoint(words)) \
                and _NOT_PRINTED_WORDS.isdisjoint(words):  # (d-print-none: what a print view leaves out)
            return 1 if positive else 0
        return 0 if positive and negative == {"more"} else -1
    return 1 if positive else 0


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def caption_hint(class_id: str) -> bool:
    """class/id of a gallery, caption or photo credit."""
    return not hint_words(class_id).isdisjoint(CAPTION_HINT_WORDS)


# Furniture words that name readers' comments: such an element is furniture however long it is.
COMMENT_HINT_WORDS = frozenset({"comment", "comments", "cmt", "reply", "pinglun"})


_CAMEL_WORD = re.compile(r"[A-Z]?[a-z]+")  # (commentList -> comment, List)


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def is_comment_hint(class_id: str) -> bool:
    """(camel-cased too: a forum's div.postReply holds a reply, as div.post-reply does)"""
    if not class_id:
        return False
    words = hint_words(class_id)
    if not class_id.islower():
        words |= {word.lower() for word in _CAMEL_WORD.findall(class_id)}
    return not words.isdisjoint(COMMENT_HINT_WORDS)


# class/id of an element that holds the writer's or account's name by itself (p.author-name, div.user-name,
# span.byline); not a reader's (comment-author).
# (Case-blind alternations, behind a lookahead of their first letters: a page's class attributes run to a
# hundred characters, and every position of them was tried against every word: 25 µs a class.)
AUTHOR_CLASS = with_lookahead(r"author|byline|writer|zuozhe|user-?name|nick-?name|account-?name|media-?name"
                              r"|\buname\b|post-?user", re.I)  # (a forum's user panel: td.post-user, a.uname)
NOT_AUTHOR_CLASS = with_lookahead(r"comment|reply|review|avatar|icon|desc|intro", re.I)
# class/id of an element that holds a headline (the title finder looks at these and at <h1>-<h6>).
TITLE_CLASS = with_lookahead(r"title|headline|biaoti|heading|tit\b|\bbt\d?\b", re.I)  # bt: 标题


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def is_title_class(class_id: str) -> bool:
    return TITLE_CLASS.search(class_id) is not None


# class/id of an element that holds a subtitle (副题, under the headline) or a kicker (引题, over it): h2.subtitle,
# div.fubiaoti, p.futi, div.yinti, span.kicker, p.deck, div.standfirst.
SUBTITLE_CLASS = with_lookahead(r"sub-?_?tit|subhead|fu-?_?(?:biao)?ti\b|fbt\b|futitle|yinti|yin-?_?title|\byt\b"
                                r"|kicker|\bdeck\b|\bdek\b|standfirst|title-?_?(?:sub|second|2)\b|tit2\b", re.I)
SUBTITLE_MIN_UNITS = 2  # a subtitle shorter than this is a mark, not words


def article_score(body_units: float, body_punct: int, paragraphs: int, page_link_density: float) -> float:
    """How much the page looks like one article (0..1): a long punctuated body, several
    paragraphs, and a page that is not mostly links (listing and index pages are)."""
    if body_units <= 0:
        return 0.0
    parts = {
        "punctuation": min(1.0, body_punct * 100 / body_units / ARTICLE_FULL_PUNCT_PER_100_UNITS),
        "paragraphs": min(1.0, paragraphs / ARTICLE_FULL_PARAGRAPHS),
        "page_links": max(0.0, 1.0 - page_link_density * 1.5),
    }
    shape = sum(ARTICLE_WEIGHTS[k] * v for k, v in parts.items())
    # A login form or a "not found" notice can be punctuated prose too, but not much of it.
    size = min(1.0, body_units / ARTICLE_FULL_UNITS) ** 0.5
    return round(size * (0.5 + 0.5 * shape), 3)


# A news story's first words: its dateline or credit (【明報專訊】, 本报讯, 新华社北京1月5日电, （中央社記者…電）).
# A paragraph above the chosen body that opens so is the story's lead, set apart in a cell of its own.
DATELINE_LEAD = re.compile(
    r"^\s*(?:[【\[（(〔][^】\]）)〕]{0,24}(?:專訊|专讯|報訊|报讯|電|电|報導|报道|訊|讯)[】\]）)〕]"
    r"|[\u4e00-\u9fff]{1,10}(?:报讯|報訊|网讯|網訊|站讯|站訊)|[\u4e00-\u9fff]{1,10}\d{1,2}月\d{1,2}日(?:讯|訊)"
    r"|(?:新华社|新華社|中新社|中新网|中新網|中央社)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日(?:电|電))")
# A lead or an editor's note labelled so, set apart above the text: 【导语】11月6日…, 编者按：在偏远山区…
LABELLED_LEAD = re.compile(r"^\s*(?:[【\[]\s*(?:导语|導語|编者按|編者按)\s*[】\]]|(?:导语|導語|编者按|編者按)\s*[:：])")
