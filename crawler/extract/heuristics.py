"""Every weight and threshold of the body finder, named, in one place.

The extractor scores each text block of the page, then picks the element whose subtree has the
largest total block value: article paragraphs add to it, navigation, link lists and boilerplate
subtract. Tune here, on the benchmark's dev split only.
"""

from __future__ import annotations

import re

# ---- Tree shape ------------------------------------------------------------------------------

# Elements whose text never belongs to an article (not rendered, or form controls).
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "math", "object", "embed", "select",
    "option", "button", "input", "textarea", "canvas", "video", "audio", "map", "head", "title", "meta",
    "link", "rt", "rp", "frame", "frameset", "dialog",
})
# Elements that start a new line of text (a new block); inline elements do not.
BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "td", "th", "tr", "table", "tbody", "thead",
    "tfoot", "caption", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "center", "form", "fieldset", "legend", "figure", "figcaption", "header",
    "footer", "aside", "nav", "address", "hr", "details", "summary", "menu", "hgroup", "font_block",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that are page furniture by definition: their blocks count as boilerplate.
FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "menu"})

# Nesting deeper than this is flattened before parsing: the HTML parser is quadratic on deep
# nesting, and no real article needs it.
MAX_NESTING = 1500

# ---- class/id hints ----------------------------------------------------------------------------

# Words in class/id that mark an article body (CMS names included: TRS, 大汉 Custom_UnionStyle...).
POSITIVE_HINT = re.compile(
    r"article|content|main|post|entry|story|detail|zoom|trs_?editor|custom_?unionstyle|正文|"
    r"neirong|zhengwen|wenzhang|body|text|txt|con_?t|news_?con|art_?con|rich_media|js_content|"
    r"maincontent|cont\b|artibody|endtext|ozoom",
    re.I,
)
# Whole words in class/id that mark page furniture. Matched as words (split on -, _ and digits).
NEGATIVE_HINT_WORDS = frozenset({
    "nav", "navbar", "navi", "menu", "menus", "footer", "foot", "header", "sidebar", "side", "aside",
    "comment", "comments", "cmt", "reply", "share", "sharing", "bdshare", "jiathis", "social",
    "related", "relate", "recommend", "recom", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
    "location", "position", "weizhi", "copyright", "banner", "ad", "ads", "advert", "adv", "login",
    "toolbar", "tools", "print", "pager", "pagination", "pages", "hot", "rank", "tags", "search",
    "subscribe", "weixin", "wechat", "qrcode", "ewm", "erweima", "promo", "sponsor", "newsletter",
    "popup", "modal", "cookie", "widget", "more", "links", "friendlink", "bottom", "top", "topbar",
    "fenxiang", "dianzan", "pinglun", "xgxw", "xiangguan", "caption_credit",
})
# A furniture-hinted element is only treated as furniture when it is small or link-heavy: some
# sites name the article's own wrapper "main-side" or "content-bottom".
HINTED_FURNITURE_MAX_UNITS = 400
HINTED_FURNITURE_MIN_LINK_DENSITY = 0.35
POSITIVE_HINT_BONUS = 0.12  # fraction added to an element's value when its class/id says "article"

# ---- Text measures -----------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
CJK_CHAR = re.compile(f"[{_CJK}]")
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
SHORT_BLOCK_PENALTY = 0.5
PROSE_PUNCT_BONUS = 3.0  # value added per punctuation mark in a prose block
FURNITURE_PENALTY = 1.0

# ---- Selecting the blocks of the body -----------------------------------------------------------

KEEP_MAX_LINK_DENSITY = 0.5  # inside the body, blocks with more link text than this are dropped
KEEP_LONG_LINK_UNITS = 120  # ...unless they are long prose that merely quotes links
# Before the first and after the last prose block, short label lines are trimmed.
EDGE_PROSE_MIN_UNITS = 20

# ---- Article-likeness and soft 404s -------------------------------------------------------------

ARTICLE_FULL_UNITS = 500  # a body of this many units counts as fully article-sized
ARTICLE_FULL_PARAGRAPHS = 4
ARTICLE_FULL_PUNCT_PER_100_UNITS = 4.0
ARTICLE_WEIGHTS = {"length": 0.4, "punctuation": 0.2, "paragraphs": 0.15, "page_links": 0.25}
SOFT_404_MAX_UNITS = 200


def units(text: str) -> float:
    """Length in 'CJK characters': Han characters count 1, other non-space characters less."""
    cjk = len(CJK_CHAR.findall(text))
    other = len(text) - cjk - text.count(" ")
    return cjk + max(other, 0) / LATIN_CHARS_PER_UNIT


def punctuation_count(text: str) -> int:
    return len(PUNCTUATION.findall(text))


_HINT_SPLIT = re.compile(r"[^a-z]+")


def hint_words(class_id: str) -> set[str]:
    return set(_HINT_SPLIT.split(class_id.lower())) - {""}


def is_positive_hint(class_id: str) -> bool:
    return bool(class_id) and POSITIVE_HINT.search(class_id) is not None


def is_negative_hint(class_id: str) -> bool:
    return bool(class_id) and not hint_words(class_id).isdisjoint(NEGATIVE_HINT_WORDS)


def article_score(body_units: float, body_punct: int, paragraphs: int, page_link_density: float) -> float:
    """How much the page looks like one article (0..1): a long punctuated body, several
    paragraphs, and a page that is not mostly links (listing and index pages are)."""
    if body_units <= 0:
        return 0.0
    parts = {
        "length": min(1.0, body_units / ARTICLE_FULL_UNITS),
        "punctuation": min(1.0, body_punct * 100 / body_units / ARTICLE_FULL_PUNCT_PER_100_UNITS),
        "paragraphs": min(1.0, paragraphs / ARTICLE_FULL_PARAGRAPHS),
        "page_links": max(0.0, 1.0 - page_link_density * 1.5),
    }
    return round(sum(ARTICLE_WEIGHTS[k] * v for k, v in parts.items()), 3)
