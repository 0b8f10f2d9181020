"""Finding the article body: the page as text blocks, each block valued, the best subtree chosen.

The tree is walked once, iteratively (pages nest deep; Python recursion would not survive them),
into *blocks* (runs of inline text between block-level tags or `<br>`) and *elements* (the
block-level tags, each knowing its parent). A block's value is positive for prose and negative for
navigation, link lists and boilerplate; an element's value is the sum over its subtree. The body
is the element of highest value: it grows to take in sibling blocks of the same article and stops
where navigation and furniture would cost more than they add.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.extract import heuristics as h
from crawler.extract.boilerplate import is_boilerplate_line, is_comment_marker, is_related_marker, without_counters
from crawler.extract.repair import (
    normalize_whitespace,
    normalize_whitespace_composing,
    repair_pinyin_counted,
    without_zero_width,
)

_BLOCK, _LINK, _SKIP = 1, 2, 3


def tag_id(tag: str) -> int:
    """The parser's number for a standard HTML tag (the same in every tree it builds)."""
    return LexborHTMLParser("").create_node(tag).tag_id


# The walk tells nodes apart by these numbers: reading a node's tag name makes a string, its number does not.
BLOCK_IDS, SKIP_IDS = frozenset(map(tag_id, h.BLOCK_TAGS)), frozenset(map(tag_id, h.SKIP_TAGS))
_BLOCK_NAMES = {tag_id(tag): tag for tag in h.BLOCK_TAGS}  # (a node's tag name costs a new string)
_A_ID, _BR_ID, _IMG_ID, _I_ID = tag_id("a"), tag_id("br"), tag_id("img"), tag_id("i")
_ICON_GAP = "\u3000"  # (whitespace, but no space a line break's removal between two Han characters takes with it)
TEXT_ID = LexborHTMLParser("<p>x").css_first("p").first_child.tag_id
_new_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__
# Never article text: not rendered, or hidden. Removed in C before the walk.
NAVIGATION_SELECTOR = 'nav, footer, aside, [role="navigation"], [role="contentinfo"]'
# The page's banner (logo, menus, search): removed like navigation when it holds no headline and
# does not sit inside the article (where <header> holds the article's own title and byline).
BANNER_SELECTOR = 'header, [role="banner"]'
_ARTICLE_TAGS = frozenset({"article", "main"})
ARTICLE_SELECTOR = 'article, main, [itemprop="articleBody"], [role="main"]'
HIDDEN_SELECTOR = '[hidden], [style*="display:none" i], [style*="display: none" i]'
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)
# Anti-copy text: random characters in each copy of a page, in short inline elements a class hides (Discuz!'s
# <font class="jammer">, hidden by its stylesheet; others by the page's own <style>). Kept, every visit is an edit.
_ANTI_COPY_CLASS = "jammer"
ANTI_COPY_SELECTOR = f'[class~="{_ANTI_COPY_CLASS}"]'
# Every selector costs time on every node: <head> is removed as it is (the parser knows it), and the
# walk skips the other SKIP_TAGS itself (checking the tag of an inline element it meets costs far less).
PRUNE_SELECTOR = ", ".join(["input", "form[action]", "style", HIDDEN_SELECTOR, ANTI_COPY_SELECTOR,
                            NAVIGATION_SELECTOR, BANNER_SELECTOR])


class Element(NamedTuple):
    """A block-level element of the page (a tuple: there are hundreds per page, made in the walk)."""

    tag: str
    parent: int
    class_id: str
    hint: int  # +1 article-like class/id, -1 furniture-like, 0 none (STRONG_HINT: itemprop=articleBody)
    mem_id: int
    depth: int = 0

    @property
    def label(self) -> str:
        """tag.class#id, for --explain."""
        return self.tag + "".join(f".{word}" for word in self.class_id.split())


class Block(NamedTuple):
    """A run of text between block-level tags or <br> (a tuple: the walk makes a hundred per page)."""

    element: int
    text: str
    units: float
    link_units: float
    punct: int
    heading: bool
    links: list[str]
    images: list[tuple[str, str]]


@dataclass
class Page:
    elements: list[Element]
    blocks: list[Block]
    pinyin_repairs: int = 0
    title_candidates: list[int] = field(default_factory=list)  # blocks in a heading or title-classed element
    # table cell element -> the columns of its row it spans, first and after its last (from 0)
    columns: dict[int, tuple[int, int]] = field(default_factory=dict)


class _Walker:
    """Builds a `Page` from a parsed tree in one iterative pass.

    A block-level element becomes an `Element` only once a block of text (or an image) is found
    inside it: a fifth of them hold nothing, and each one costs time in every later pass."""

    def __init__(self, forced_blocks: frozenset[int]) -> None:
        self.forced_blocks = forced_blocks
        self.elements: list[Element] = []
        self.blocks: list[Block] = []
        self.pinyin_repairs = 0
        self.pinyin_notes = 0  # toned readings in parentheses dropped, page-wide
        self.unrepaired: dict[int, str] = {}  # block index -> its text before the drop (see _editors_notes_kept)
        self.open_nodes: list[tuple[LexborNode, str]] = []  # the open block-level elements, outermost first
        self.open_indexes: list[int] = []  # their indexes in `elements`, for those already there (a prefix)
        self.title_kinds: list[str] = []  # per element: _HEADING, _TITLE_CLASS or "" (see _element_hints)
        self.title_candidates: list[int] = []
        self.pre_depth = -1  # depth in open_nodes of the last <pre> made an element (its line breaks are text)
        self.columns: dict[int, tuple[int, int]] = {}  # see Page.columns
        self.cell_ends: dict[int, int] = {}  # mem_id of a cell made an element -> the column after it

    def walk(self, root: LexborNode) -> Page:
        # traverse() iterates in C. An element ends where the node after its subtree begins: that
        # node's mem_id is noted when the element opens, so the walk needs no recursion, no child
        # lists and no parent lookups. Only blocks and links are tracked; other inline elements
        # change nothing when they close. Hot loop: locals on purpose.
        ends: list[int] = []  # per tracked open element, the mem_id of the node that follows it
        kinds: list[int] = []  # _BLOCK or _LINK, parallel to ends
        end = 0  # ends[-1], or 0 (no node has it) when nothing is open
        open_nodes, open_indexes = self.open_nodes, self.open_indexes
        parts: list[str] = []
        link_parts: list[str] = []  # the texts of `parts` that sit inside a link
        links: list[str] = []
        images: list[tuple[str, str]] = []
        in_link = 0
        skipping = False  # inside an element of SKIP_TAGS (scripts, forms controls...)
        block_ids, skip_ids, forced, block_names = BLOCK_IDS, SKIP_IDS, self.forced_blocks, _BLOCK_NAMES
        flush = self._flush
        known: dict[int, int] = {}  # mem_id -> where it ends, for the tracked elements opened so far
        # Blank text nodes (ASCII whitespace: a third of all nodes) are skipped in C; where one separated
        # two words, the node after it finds it as the last node before it (see _after_blank).
        for node in root.traverse(include_text=True, skip_empty=True):
            mem_id = node.mem_id  # (read once: each read makes a new int)
            if mem_id == end:
                while ends and ends[-1] == end:
                    ends.pop()
                    kind = kinds.pop()
                    if kind == _BLOCK:
                        if parts or images:
                            flush(parts, link_parts, links, images)
                            parts, link_parts, links, images = [], [], [], []
                        open_nodes.pop()
                        if len(open_indexes) > len(open_nodes):
                            open_indexes.pop()
                    elif kind == _LINK:
                        in_link -= 1
                    else:
                        skipping = False
                end = ends[-1] if ends else 0
            if skipping:
                continue
            number = node.tag_id
            if parts and not parts[-1][-1:].isspace() and _after_blank(node):
                parts.append(" ")  # whitespace only separates words
            if number == TEXT_ID:
                text = node.text_content
                if not text or text.isspace():
                    if parts:  # whitespace only separates words
                        parts.append(" ")
                elif in_link:
                    parts.append(text)
                    link_parts.append(text)
                else:
                    parts.append(text)
                continue
            if number in block_ids or (forced and mem_id in forced):
                if parts or images:
                    flush(parts, link_parts, links, images)
                    parts, link_parts, links, images = [], [], [], []
                open_nodes.append((node, block_names.get(number) or node.tag))  # (a rule's body may be any tag)
                if forced and mem_id in forced:
                    self._owner()  # a rule's body is an element even when empty
                kind = _BLOCK
            elif number == _A_ID:
                attrs = node.attributes
                if "href" not in attrs:  # <a name=...> anchors may wrap whole articles
                    continue
                href = attrs["href"] or ""
                if href and not href.lstrip().lower().startswith(("javascript:", "#", "mailto:")):
                    links.append(href)
                in_link += 1
                kind = _LINK
            elif number == _BR_ID:
                if parts or images:
                    flush(parts, link_parts, links, images)
                    parts, link_parts, links, images = [], [], [], []
                continue
            elif number == _IMG_ID:
                attrs = node.attributes
                src = attrs.get("src") or attrs.get("data-src") or attrs.get("data-original")
                if src and not src.startswith("data:"):
                    alt = attrs.get("alt")
                    images.append((src, normalize_whitespace(alt) if alt else ""))
                continue
            elif number in skip_ids:
                skipping = True
                kind = _SKIP
            else:
                if number == _I_ID and parts and parts[-1][-1:].isspace() and node.first_child is None:
                    # An icon font's glyph (<i class="fa fa-user"></i>) on a line of its own sets fields apart:
                    # a space no line break between Chinese characters takes away (富达传媒 <i></i>时政新闻 is two
                    # names, not one). Inside a word (内容<i></i>比较长) it adds none.
                    parts.append(_ICON_GAP)
                continue  # other inline elements; comments (tag "-comment") and the doctype
            following = node.next  # (the usual case, inline: a sibling follows)
            if following is not None and not following.is_empty_text_node:
                end = following.mem_id
            else:
                end = _following(node, known)
            if kind == _BLOCK:
                known[mem_id] = end
            kinds.append(kind)
            ends.append(end)
        if parts or images:
            flush(parts, link_parts, links, images)
        if 0 < self.pinyin_notes < h.LEAKED_PINYIN_MIN_NOTES:
            self._editors_notes_kept()
        return Page(self.elements, self.blocks, self.pinyin_repairs, self.title_candidates, self.columns)

    def _editors_notes_kept(self) -> None:
        """Put back the few toned readings in parentheses the page has: an editor's notes, not a leak."""
        for index, raw in self.unrepaired.items():
            self.blocks[index] = self.blocks[index]._replace(text=raw, units=h.units(raw),
                                                             punct=h.punctuation_count(raw))
        self.pinyin_repairs = 0

    def _flush(self, parts: list[str], link_parts: list[str], links: list[str], images: list[tuple[str, str]]) -> None:
        joined = "".join(parts)
        if (not joined or joined.isspace()) and not images:
            return
        indexes = self.open_indexes
        element = indexes[-1] if indexes and len(indexes) == len(self.open_nodes) else self._owner()
        if self.pre_depth >= 0 and "\n" in joined and self._in_pre():
            for paragraph in pre_paragraphs(joined):  # preformatted text: its own paragraphs, lines rejoined
                self._flush([paragraph], [], links, images)
                links, images = [], []
            return
        if joined.isascii():  # what normalize_whitespace, units and punctuation_count do to ASCII, inline
            text = raw = " ".join(joined.split())
            size = (len(text) - text.count(" ")) / h.LATIN_CHARS_PER_UNIT
            punct = text.count(",") + text.count(".") + text.count(";") + text.count("!") + text.count("?")
            composed = False
        else:
            raw, composed = normalize_whitespace_composing(joined)
            # Leaked pinyin is repaired before anything reads the text: labels like 來(lái)源 must match.
            text, notes = repair_pinyin_counted(raw) if "(" in raw or "（" in raw else (raw, 0)
            if notes:
                self.pinyin_repairs += 1
                self.pinyin_notes += notes
                self.unrepaired[len(self.blocks)] = raw
            text = without_counters(text)  # (1.考核结果.pdf（下载次数：12）: each download moved the line)
            size, punct = h.units(text), h.punctuation_count(text)
        link_units = 0.0
        if link_parts:
            # A block all of whose text is linked (its parts, but for the spaces between) has its text's units
            # as link units, when its characters are those read: units count no whitespace.
            linked = len(link_parts) + parts.count(" ") == len(parts) and not composed and text == raw
            link_units = size if linked else _link_units(link_parts)
        title_kind = self.title_kinds[element] if self.title_kinds else ""  # (none: text outside every element)
        if title_kind:
            self.title_candidates.append(len(self.blocks))
        self.blocks.append(_new_tuple(Block, (element, text, size, link_units, punct, title_kind is _HEADING,
                                              links, images)))

    def _owner(self) -> int:
        """The index of the innermost open element, adding it (and its ancestors) to `elements` first."""
        nodes, indexes, elements = self.open_nodes, self.open_indexes, self.elements
        for depth in range(len(indexes), len(nodes)):
            node, tag = nodes[depth]
            attrs = node.attributes
            class_id = ""
            if attrs:
                class_name, ident = attrs.get("class"), attrs.get("id")
                if class_name and ident:
                    class_id = f"{class_name} {ident}".strip()
                elif class_name or ident:
                    class_id = (class_name or ident).strip()
            if tag == "pre":
                self.pre_depth = depth
            elif tag in CELL_TAGS:
                self.columns[len(elements)] = _column(node, attrs, self.cell_ends)
            hint, title_kind = _element_hints(tag, class_id)
            if attrs and attrs.get("itemprop") == "articleBody":
                hint = h.STRONG_HINT
            parent = indexes[-1] if indexes else -1
            self.title_kinds.append(title_kind)
            indexes.append(len(elements))
            elements.append(_new_tuple(Element, (tag, parent, class_id, hint, node.mem_id, depth)))
        return indexes[-1] if indexes else 0

    def _in_pre(self) -> bool:
        """Whether the last <pre> made an element is still open (its text's line breaks are text)."""
        nodes, depth = self.open_nodes, self.pre_depth
        return depth < len(nodes) and nodes[depth][1] == "pre"


# In <pre> text a blank line or a full-width indentation (　　) starts a paragraph; other line breaks are
# the typist's hard wraps.
_PRE_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*|\n(?=[\u3000]|[ \t\u00a0]{2,}\S)")
_HAN_AT_WRAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])")


def pre_paragraphs(text: str) -> list[str]:
    """The paragraphs of preformatted text, each one line: Chinese lines wrapped mid-sentence are
    joined without a space (认真\n贯彻 -> 认真贯彻), other lines with one."""
    paragraphs = []
    for chunk in _PRE_PARAGRAPH_BREAK.split(text):
        if chunk.strip():
            paragraphs.append(" ".join(_HAN_AT_WRAP.sub("", chunk).split()))
    return paragraphs


_HEADING, _TITLE_CLASS = "heading", "title class"  # the elements whose blocks may be the title


@lru_cache(maxsize=h.CLASS_CACHE_SIZE)
def _element_hints(tag: str, class_id: str) -> tuple[int, str]:
    """h.hint(tag, class_id), and whether the element's blocks are title candidates (`_HEADING`,
    `_TITLE_CLASS`) or not (""). One cached call: pages repeat a few tag/class pairs hundreds of times."""
    kind = _HEADING if tag in h.HEADING_TAGS else _TITLE_CLASS if class_id and h.is_title_class(class_id) else ""
    return h.hint(tag, class_id), kind


def _column(cell: LexborNode, attrs: dict, cell_ends: dict[int, int]) -> tuple[int, int]:
    """The columns of its row a table cell (with its `attrs`) spans: the cells before it count, a cell spanning
    columns for each, and so do the empty ones, which the walk makes no element of. `cell_ends` holds the column
    after each cell worked out so far (this one is added): counting stops at the last of them, so a row costs
    one pass."""
    first = 0
    node = cell.prev
    while node is not None:
        if (after := cell_ends.get(node.mem_id)) is not None:
            first += after
            break
        if node.tag_id in _CELL_IDS:
            first += _span(node.attributes)
        node = node.prev
    cell_ends[cell.mem_id] = after = first + _span(attrs)
    return first, after


def _span(attrs: dict) -> int:
    span = (attrs.get("colspan") or "").strip()
    return int(span) if span.isdigit() and 0 < int(span) <= _MAX_COLSPAN else 1


_MAX_COLSPAN = 1000  # (as browsers cap it: a colspan of a billion is one cell, not a billion empty ones)


def _link_units(link_parts: list[str]) -> float:
    """The units of a block's link text, measured as its text is (a zero-width space in a link is no
    character there either: a template's stray one must not tip a line into navigation)."""
    joined = "".join(link_parts)
    return h.units(" ".join((joined if joined.isascii() else without_zero_width(joined)).split()))


def _after_blank(node: LexborNode) -> bool:
    """Whether the walk skipped a blank text node right before `node` (the last node of the subtree
    before it, where the walk does not skip its whole subtree itself)."""
    previous = node.prev
    if previous is None:
        return False  # (its parent came right before it)
    while (last := previous.last_child) is not None and previous.tag_id not in SKIP_IDS:
        previous = last
    return previous.is_empty_text_node


def _following(node: LexborNode, known: dict[int, int]) -> int:
    """mem_id of the node a traversal that skips blank text reaches right after `node`'s subtree (0 at
    the end). `known` holds it for the enclosing elements seen so far, so deep nesting costs no long climbs."""
    while True:
        following = node.next
        while following is not None and following.is_empty_text_node:
            following = following.next
        if following is not None:
            return following.mem_id
        parent = node.parent
        if parent is None:
            return 0
        if (end := known.get(parent.mem_id)) is not None:
            return end
        node = parent


_POLL_ACTION = re.compile(r"poll|vote|survey|comment|toupiao|diaocha|pinglun", re.I)
_OPTION_ROWS = frozenset({"label", "li", "tr", "p", "dd", "dt"})


def decompose_outermost(nodes: list[LexborNode]) -> int:
    """Remove `nodes` from the tree, skipping any inside another one (already gone with it:
    destroying it again would touch freed memory). Returns how many subtrees were removed."""
    roots = [node for node in outermost(nodes) if node.tag != "html"]  # (the parser cannot remove its root)
    for node in roots:
        node.decompose()
    return len(roots)


def outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes that are not inside another one of them."""
    chosen = {node.mem_id: node for node in nodes}
    return [node for node in chosen.values() if not _inside(node, chosen)]


def _inside(node: LexborNode, subtrees: dict[int, LexborNode] | set[int]) -> bool:
    """Whether `node` lies below one of the subtrees (given by the mem_ids of their roots)."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in subtrees:
            return True
        parent = parent.parent
    return False


def prune(tree: LexborHTMLParser, scanned: list[tuple[LexborNode, str, dict]] | None = None,
          chinese: bool = True) -> None:
    """Remove what is never article text (<head>, form controls, hidden blocks, polls, navigation),
    mostly in C so that the walk has less to visit (the hidden text right after a button that unfolds it,
    a 看更多, stays). On a `chinese` page, also anti-copy characters its own stylesheet hides (Chinese forums' and
    CMSs' practice; other sites' sheets, of a hundred kilobytes, are not read for them). The candidates are the nodes
    PRUNE_SELECTOR finds, or are among the `scanned` nodes of a scan made for more than this (one scan of the tree
    in C finds every candidate; each selector costs a full scan)."""
    if scanned is None:
        scanned = [(node, node.tag, node.attributes) for node in tree.css(PRUNE_SELECTOR)]
    doomed, navigation = [], []
    if (head := tree.head) is not None:  # (the parser's only <head>: no query needed)
        doomed.append(head)  # (removed with the rest, after the nodes in it are looked at)
    page_text = _PageText(tree)
    styles = []
    for node, tag, attrs in scanned:
        if tag == "style":
            styles.append(node)
        elif tag == "input":
            # Poll and survey options: the line holding a radio button or checkbox is a form.
            doomed.append(_option_row(node) or node)
        elif (_is_hidden(attrs) and tag not in _PAGE_TAGS and not _shown_by_script(node, tag, page_text)
              and not _folded_rest(node)) or (
                tag == "form" and _POLL_ACTION.search(attrs.get("action") or "") and not _holds_prose(node)):
            doomed.append(node)
        elif _is_hidden(attrs) and "class" in attrs and _folded_rest(node):
            del node.attrs["class"]  # (the rest of the text: its class names the fold, div.more, not furniture)
        elif (tag in _NAVIGATION_TAGS or (attrs.get("role") in _NAVIGATION_ROLES and tag not in _PAGE_TAGS)) \
                and _is_navigation(node, tag):
            navigation.append(node)
        elif tag in _INLINE_TAGS and _ANTI_COPY_CLASS in (attrs.get("class") or "").split() and _is_anti_copy(node):
            doomed.append(node)
    if chinese and styles and (hiding := _classes_hidden_by(styles)):
        doomed.extend(_hidden_inline_text(tree, hiding))
    removed = outermost(doomed)
    if navigation:  # (those inside a removed subtree go with it; their nodes must not be touched after)
        removed_ids = {node.mem_id for node in removed}
        navigation = [node for node in navigation if not _inside(node, removed_ids)]
    for node in removed:
        node.decompose()
    if navigation:
        _drop_navigation(tree, navigation)


# The page itself, which anti-flicker scripts hide until they have run (<body style="display:none">).
_PAGE_TAGS = frozenset({"html", "body"})
_NAVIGATION_TAGS = frozenset({"nav", "footer", "aside", "header"})
_NAVIGATION_ROLES = frozenset({"navigation", "contentinfo", "banner"})


def _is_navigation(node: LexborNode, tag: str) -> bool:
    role = node.attributes.get("role")
    if tag == "footer":  # (an article's own footer holds its credits: 本文来源：中国青年报　作者：陈默)
        return not _in_article(node)
    if tag in ("nav", "aside") or role in ("navigation", "contentinfo"):
        return True
    return (tag == "header" or role == "banner") and _is_page_banner(node)


def _is_page_banner(node: LexborNode) -> bool:
    # (an article's own header: its headline and byline)
    return node.css_first("h1, h2") is None and not _in_article(node)


def _in_article(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        attrs = parent.attributes
        if parent.tag in _ARTICLE_TAGS or attrs.get("role") == "main" or attrs.get("itemprop") == "articleBody":
            return True
        parent = parent.parent
    return False


def _option_row(control: LexborNode) -> LexborNode | None:
    """The row (<label>, <li>, <tr>...) holding a radio button or checkbox, if it is one: an option's
    few words (a layout table's row that holds a login box's 记住我 in one cell may hold the article in
    the next)."""
    if (control.attributes.get("type") or "").lower() not in ("radio", "checkbox"):
        return None
    holder = control.parent
    for _ in range(3):
        if holder is None or holder.tag in _OPTION_ROWS or holder.tag == "form":
            break  # (a row is inside the form: outside it, a layout table's row holds the article too)
        holder = holder.parent
    if holder is None or holder.tag not in _OPTION_ROWS:
        return None
    return holder if h.units(holder.text(deep=True)) <= h.OPTION_ROW_MAX_UNITS else None


_INLINE_TAGS = frozenset({"font", "span", "i", "em", "b", "small", "strong", "ins", "s", "u"})
# A rule of the page's own stylesheet hiding a class (.jammer{display:none}, font.x { display: none; }): a selector
# of one class alone, not one in a context (#nav .sub) nor under a @media query (hidden on phones only).
_ONE_CLASS = re.compile(r"(?:[a-z]+)?\.([\w-]+)", re.I)
# (as a sheet writes it: a pattern matched case-blind tries every position of a sheet of a hundred kilobytes)
_SHEET_DISPLAY_NONE = re.compile(r"display\s*:\s*none")


def _classes_hidden_by(styles: list[LexborNode]) -> set[str]:
    """The classes the page's <style> elements hide. (Each `display: none` is looked for, then its rule's selector
    read back from it: a news site's sheet runs to a hundred kilobytes, too long to match rule by rule.)"""
    sheet = "\n".join(style.text(deep=True) or "" for style in styles)
    names = set()
    for hiding in _SHEET_DISPLAY_NONE.finditer(sheet) if "none" in sheet else ():
        opening = sheet.rfind("{", 0, hiding.start())
        if opening < 0 or sheet.find("}", opening, hiding.start()) >= 0:
            continue  # (not inside a rule's declarations)
        start = sheet.rfind("}", 0, opening) + 1
        selector = _ONE_CLASS.fullmatch(sheet[start:opening].strip())
        if selector is not None and not _in_media_query(sheet, start):
            names.add(selector.group(1))
    return names


def _in_media_query(sheet: str, position: int) -> bool:
    """Whether `position` (a rule's start) lies inside a @media block: more of its braces opened than closed."""
    media = sheet.rfind("@media", 0, position)
    return media >= 0 and sheet.count("{", media, position) > sheet.count("}", media, position)


def _hidden_inline_text(tree: LexborHTMLParser, classes: set[str]) -> list[LexborNode]:
    """The short inline elements of a class the page's stylesheet hides set inside a sentence, text on either side:
    characters no reader sees, in a line they do (not a button's label a class hides: its link keeps its place)."""
    selector = ", ".join(f'[class~="{name}"]' for name in sorted(classes))
    return [node for node in tree.css(selector)
            if node.tag in _INLINE_TAGS and _is_anti_copy(node) and _between_texts(node)]


def _between_texts(node: LexborNode) -> bool:
    before, after = node.prev, node.next
    return before is not None and after is not None and before.tag == after.tag == "-text" \
        and not before.is_empty_text_node and not after.is_empty_text_node


def _is_anti_copy(node: LexborNode) -> bool:
    """A few characters, alone in an inline element (a longer text a class hides may be shown by a script)."""
    return len(node.text(deep=True) or "") <= h.ANTI_COPY_MAX_CHARS


def _is_hidden(attrs: dict) -> bool:
    return "hidden" in attrs or _DISPLAY_NONE.search(attrs.get("style") or "") is not None


class _PageText:
    """The length of the page's text, read once when first needed: the share of it an element holds."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.tree = tree
        self._length: int | None = None

    @property
    def length(self) -> int:
        if self._length is None:
            body = self.tree.body
            self._length = len(body.text(deep=True)) if body is not None else 0
        return self._length

    def held_by(self, node: LexborNode, text: str | None = None) -> bool:
        """Whether `node` holds most of the page's text: it wraps the page, whatever its attributes say of it."""
        text = node.text(deep=True) if text is None else text
        return h.units(text) >= h.HIDDEN_ARTICLE_MIN_UNITS and len(text) >= h.PAGE_WRAPPER_MIN_SHARE * self.length


def _holds_prose(form: LexborNode) -> bool:
    """Whether a form posting to a poll or a comment script holds an article's worth of prose besides any
    poll's options (the rows of its radio buttons and checkboxes): an old site's one <form> around its
    layout, which the parser may close early at a table of the layout. What it holds is left to be valued."""
    text = form.text(deep=True)
    rows = outermost([row for control in form.css(_OPTION_INPUTS) if (row := _option_row(control)) is not None])
    options = sum(h.units(row.text(deep=True)) for row in rows)
    return h.units(text) - options >= h.HIDDEN_ARTICLE_MIN_UNITS and h.reads_as_prose(text)


_OPTION_INPUTS = 'input[type="radio" i], input[type="checkbox" i]'


def _shown_by_script(node: LexborNode, tag: str, page_text: _PageText) -> bool:
    """A hidden element that the page's script shows once loaded: one named as the article's body that holds
    an article's worth of prose and a good share of the page's text (WeChat mirrors' #js_content
    style="display: none"), or one that holds most of the page's text (a page kept hidden behind its loading
    screen: div#wrapper style="display:none"). Hidden tabs, menus and pop-ups hold a small share of a page,
    or no prose."""
    text = node.text(deep=True)
    if page_text.held_by(node, text):
        return True
    attrs = node.attributes
    class_id = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
    if h.hint(tag, class_id) <= 0:
        return False
    if h.units(text) < h.HIDDEN_ARTICLE_MIN_UNITS or not h.reads_as_prose(text):
        return False
    return len(text) >= h.HIDDEN_ARTICLE_MIN_SHARE * page_text.length


# The button that unfolds the rest of an article (看更多 ▼, 展开全文, 閱讀全文).
_READ_MORE = re.compile(r"^\W*(?:看更多|查看更多|展开全文|展開全文|阅读全文|閱讀全文|查看全文|继续阅读|繼續閱讀"
                        r"|点击展开|點擊展開)\W*$")


def _folded_rest(node: LexborNode) -> bool:
    """A hidden element right after the button that unfolds it (看更多 ▼): the rest of the article, in the
    page all along, that a mobile page shows on a tap."""
    previous = node.prev
    while previous is not None and previous.tag in ("-text", "-comment"):
        previous = previous.prev
    if previous is None:
        return False
    parts, length = [], 0
    for part in previous.traverse(include_text=True):  # (read only as far as a button's text can go)
        if part.tag == "-text":
            parts.append(part.text_content or "")
            length += len(parts[-1])
            if length > _READ_MORE_MAX_CHARS:
                return False
    return _READ_MORE.match(" ".join("".join(parts).split())) is not None


_READ_MORE_MAX_CHARS = 40  # (a button's text, spaces and all; longer is the article's own text before it)


def _drop_navigation(tree: LexborHTMLParser, candidates: list[LexborNode]) -> None:
    """<nav>, <footer>, <aside> and their ARIA roles, removed before the walk (on modern pages they
    are a third of the tree) unless one holds the article or much of the page's prose (a mega-menu
    is navigation however long: walking it only to throw it away is slow). The outermost are judged
    first: what lies inside one that goes need not be looked at."""
    body = tree.body
    if body is None:
        return
    most = h.NAVIGATION_MAX_TEXT_SHARE
    least_page_chars = -1  # the text of the outermost candidates, all of it in the page: a lower bound
    page_chars = 0  # the page's text, measured only when a candidate may pass a share of it
    doomed: list[LexborNode] = []
    while candidates:
        outer = outermost(candidates)
        texts = [node.text(deep=True) for node in outer]
        if least_page_chars < 0:
            least_page_chars = sum(map(len, texts))
        kept = []
        for node, text in zip(outer, texts, strict=True):
            if node.css_first(ARTICLE_SELECTOR) is not None:
                kept.append(node)
                continue
            if len(text) > most * least_page_chars and h.reads_as_prose(text):
                page_chars = page_chars or len(body.text(deep=True))
                if len(text) > most * page_chars:
                    kept.append(node)
                    continue
            doomed.append(node)
        judged = {node.mem_id for node in outer}
        kept_ids = {node.mem_id for node in kept}
        candidates = [node for node in candidates if node.mem_id not in judged and _inside(node, kept_ids)]
    decompose_outermost(doomed)


def walk(root: LexborNode, base_url: str | None, forced_blocks: frozenset[int] = frozenset()) -> Page:
    page = _Walker(forced_blocks).walk(root)
    if not page.elements:  # a fragment without block tags: one synthetic element holds everything
        page.elements.append(Element("body", -1, "", 0, 0))
    return page


# ---- valuing ------------------------------------------------------------------------------


@dataclass
class Scores:
    units: list[float]  # per element: text units in its subtree
    link_units: list[float]
    prose_units: list[float]  # per element: units of punctuated, unlinked blocks in its subtree
    value: list[float]  # per element: sum of block values in its subtree
    furniture: list[bool]  # per element: inside page furniture
    kinds: list[str]  # per block: why it is not prose (furniture, links, boilerplate, short, caption), or ""
    in_grid: list[bool]  # per element: a grid's cell (see grid_cells)
    gallery: bool = False  # whether the captions hold the page's text (see _captions_hold_the_text)
    first_block: list[int] = field(default_factory=list)  # per element: its subtree's first block (len(blocks): none)


_DECAY_POWERS = [h.DEPTH_DECAY ** depth for depth in range(h.MAX_DECAY_DEPTH + 1)]


def score(page: Page, title_block: int = -1) -> Scores:
    elements, blocks = page.elements, page.blocks
    n = len(elements)
    parents = [element.parent for element in elements]
    units, link_units, prose = [0.0] * n, [0.0] * n, [0.0] * n
    first, last = [len(blocks)] * n, [-1] * n
    linky = h.LINKY_BLOCK_DENSITY
    for index, block in enumerate(blocks):
        element = block.element
        units[element] += block.units
        link_units[element] += block.link_units
        if block.punct and block.link_units < block.units * linky:
            prose[element] += block.units
        if last[element] < 0:
            first[element] = index
        last[element] = index
    # Parents come before children in the element list, so one reverse pass sums subtrees.
    for index in range(n - 1, 0, -1):
        parent = parents[index]
        if parent >= 0:
            units[parent] += units[index]
            link_units[parent] += link_units[index]
            prose[parent] += prose[index]
            if first[index] < first[parent]:
                first[parent] = first[index]
            if last[index] > last[parent]:
                last[parent] = last[index]
    furniture, caption = _furniture_and_captions(page, parents, units, link_units, prose)
    gallery = _captions_hold_the_text(parents, caption, prose)
    if gallery:
        caption = [False] * n
    # An element's value: its prose, discounted by how deep below it the prose sits (an article's
    # paragraphs are its children; a page's teasers are spread deep below a far ancestor), minus
    # everything that is not prose, at full weight wherever it sits.
    powers, max_depth = _DECAY_POWERS, h.MAX_DECAY_DEPTH
    weight = [powers[min(element.depth, max_depth)] for element in elements]
    gain, loss = [0.0] * n, [0.0] * n
    kinds = []
    penalty = h.FURNITURE_PENALTY
    verse = _verse_blocks(blocks)
    cells = row_cells(elements)
    in_grid = grid_cells(elements, cells)
    in_table_data = data_cells(elements, cells)
    # (the page's own text, which some pages show cut short under its headline, is no teaser of another page)
    teasers = _teasers(blocks, range(title_block, title_block + h.TITLE_NEAR_BLOCKS + 1) if title_block >= 0 else ())
    for index, block in enumerate(blocks):
        element = block.element
        if furniture[element] and block.units:  # (nearly half the blocks: _block_value's first case, inline)
            kinds.append("furniture")
            loss[element] += -block.units * penalty
            continue
        if index in verse:  # a poem's lines: short and unpunctuated, but text
            kinds.append("verse")
            gain[element] += block.units * weight[element]
            continue
        value, kind = _block_value(block, furniture[element], caption[element])
        if kind == "short" and in_table_data[element]:
            value, kind = 0.0, "cell"  # (a table's data: 序号 | 单位 | 姓名, no label of a page's furniture)
        if teasers and not kind and index in teasers:
            value, kind = 0.0, "teaser"  # (a list of them outweighs a short article: its prose is not the page's)
        kinds.append(kind)
        if value > 0:
            gain[element] += value * weight[element]
        else:
            loss[element] += value
    value = [0.0] * n
    near_first = _near_title_end(page, title_block, in_grid) if title_block >= 0 else -1
    bonus, exponent = h.TITLE_PROXIMITY_BONUS, h.LINK_DENSITY_EXPONENT
    # In reverse, an element's subtree is complete when it is reached: value it, then pass its sums up.
    for index in range(n - 1, -1, -1):
        total = gain[index] / weight[index] + loss[index]
        if total > 0:
            if title_block >= 0 and first[index] <= near_first and last[index] > title_block:
                total *= bonus
            if units[index]:
                # Listings of teasers are prose under links: the more link text, the less article.
                total *= (1 - link_units[index] / units[index]) ** exponent
        value[index] = total
        parent = parents[index]
        if index and parent >= 0:
            gain[parent] += gain[index]
            loss[parent] += loss[index]
    return Scores(units, link_units, prose, value, furniture, kinds, in_grid, gallery, first)


def _near_title_end(page: Page, title_block: int, in_grid: list[bool]) -> int:
    """The last block position still near the title: TITLE_NEAR_BLOCKS blocks on, not counting the cells of
    a grid (a match's score box between the headline and the text)."""
    blocks = page.blocks
    counted, position = 0, title_block
    while counted < h.TITLE_NEAR_BLOCKS and position + 1 < len(blocks):
        position += 1
        counted += not in_grid[blocks[position].element]
    return position


def grid_cells(elements: list[Element], cells: Counter) -> list[bool]:
    """Per element: a cell of a grid, a table with GRID_MIN_ROWS rows of GRID_ROW_MIN_CELLS cells or more
    (a score box, a table of figures or of fields), whose many short blocks say little of how far apart
    the texts around it are. `cells`: per row, its cells (see row_cells)."""
    return _cells_of_tables(elements, cells, h.GRID_ROW_MIN_CELLS, h.GRID_MIN_ROWS) or [False] * len(elements)


def data_cells(elements: list[Element], cells: Counter) -> list[bool]:
    """Per element: a cell of a table of data, DATA_TABLE_MIN_ROWS rows of two cells or more (a notice's list
    of names: 姓名 | 单位), whose short blocks are data, not labels. (A smaller grid, a score box or a quote
    box, is valued as before: its short blocks as labels.)"""
    return _cells_of_tables(elements, cells, 2, h.DATA_TABLE_MIN_ROWS) or [False] * len(elements)


def row_cells(elements: list[Element]) -> Counter:
    """Per row (the parent of a table's cells), its cells."""
    cell_tags = CELL_TAGS
    return Counter([element.parent for element in elements if element.tag in cell_tags])


def _cells_of_tables(elements: list[Element], cells: Counter, min_cells: int, min_rows: int) -> list[bool] | None:
    """Per element: a cell of a table with `min_rows` rows of `min_cells` cells or more; None when there is none."""
    wide = [row for row, count in cells.items() if count >= min_cells and row >= 0]
    if len(wide) < min_rows:  # (most pages: no such table at all)
        return None
    tables = Counter(elements[row].parent for row in wide)
    rows = {row for row in wide if tables[elements[row].parent] >= min_rows}
    return [element.tag in CELL_TAGS and element.parent in rows for element in elements] if rows else None


CELL_TAGS = frozenset({"td", "th"})
_CELL_IDS = frozenset(map(tag_id, CELL_TAGS))


def _furniture_and_captions(page: Page, parents: list[int], units: list[float], link_units: list[float],
                            prose: list[float]) -> tuple[list[bool], list[bool]]:
    """Per element: inside page furniture? inside a figure, gallery or caption?"""
    elements = page.elements
    answers: set[int] | None = None  # the elements holding an office's answer (looked for when first needed)
    n = len(elements)
    page_prose = (prose[0] if n else 0.0) or 1.0
    others = _others_prose(page, parents, units, link_units, prose) if n else 0.0  # (readers', related boxes')
    own_prose = ((page_prose - others) if n else 0.0) or 1.0
    furniture, caption = [False] * n, [False] * n
    strong, caption_tags = h.STRONG_HINT, h.CAPTION_TAGS
    for index, element in enumerate(elements):
        parent = parents[index]
        if parent >= 0 and furniture[parent] and element.hint != strong:
            furniture[index] = True
        elif element.hint < 0:
            if "eply" in element.class_id and _only_reply_hinted(element.class_id):
                answers = _answer_boxes(page) if answers is None else answers
            # (an office's answer, in a box classed like a reader's reply, is no furniture; nor, on a page that
            # labels an answer, is the letter it answers: 留言板 pages class both so)
            answer = bool(answers) and (index in answers or _only_reply_hinted(element.class_id))
            comment = h.is_comment_hint(element.class_id)
            share = prose[index] / (page_prose if comment else own_prose)
            furniture[index] = not answer and _is_furniture(units[index], link_units[index], share, comment)
        if ((parent >= 0 and caption[parent]) or element.tag in caption_tags) and element.tag not in _TABLE_TAGS:
            caption[index] = True  # (a table set in a <figure>, as WordPress sets each, is no caption)
        elif element.class_id and h.caption_hint(element.class_id):
            caption[index] = units[index] < h.HINTED_FURNITURE_MAX_UNITS \
                and prose[index] / page_prose < h.HINTED_FURNITURE_MAX_PROSE_SHARE
    return furniture, caption


def _others_prose(page: Page, parents: list[int], units: list[float], link_units: list[float],
                  prose: list[float]) -> float:
    """The prose in readers' comments and in boxes of related reading (a sidebar's 推荐阅读 and its teasers):
    no part of the page's own text, so that a long thread or a box of teasers beside a short article cannot
    make the article's wrapper, classed like furniture ("nav", "side"), hold too small a share of it.
    Counted in the outermost such elements: comments classed so that hold under half the page's prose (a
    wrapper classed "has-comments" around the whole page is no comment, but the comments in it are), and
    boxes that a related-reading heading of their own opens, their headlines' links a share of them (a
    box of teasers may hold more prose than a photo's caption)."""
    elements = page.elements
    held, inside = 0.0, [False] * len(elements)
    most = h.HINTED_FURNITURE_MAX_PROSE_SHARE * prose[0]
    first_lines: list[int] | None = None  # (worked out when first needed)
    for index, element in enumerate(elements):
        parent = parents[index]
        if parent >= 0 and inside[parent]:
            inside[index] = True
            continue
        related = prose[index] > 0 and link_units[index] >= h.RELATED_MIN_LINK_SHARE * units[index]
        if related:
            first_lines = _first_lines(page) if first_lines is None else first_lines
            related = _headed_by_related_marker(page, index, first_lines)
        if related or (element.hint < 0 and 0 < prose[index] < most and h.is_comment_hint(element.class_id)):
            inside[index] = True
            held += prose[index]
    return held


def _first_lines(page: Page) -> list[int]:
    """Per element, the first block with text in its subtree (-1 if none)."""
    # (elements are numbered as the walk first finds text in them: the first block of an element's
    # subtree is the first block of any element numbered from it on)
    first, unassigned = [-1] * len(page.elements), 0
    for position, block in enumerate(page.blocks):
        if block.units:
            while unassigned <= block.element:
                first[unassigned] = position
                unassigned += 1
    return first


def _opening_line(page: Page, index: int, first_lines: list[int]) -> Block | None:
    """The first block with text in the element's subtree (`first_lines` from _first_lines), or None."""
    if (position := first_lines[index]) < 0:
        return None
    block = page.blocks[position]
    # (past a subtree without text, the next block is another element's)
    return block if is_within(page, block.element, index) else None


def _headed_by_related_marker(page: Page, index: int, first_lines: list[int]) -> bool:
    """Whether the element's first line, its own or its heading's (a child's), heads related reading (推荐阅读)."""
    block = _opening_line(page, index, first_lines)
    return block is not None and (block.element == index or page.elements[block.element].parent == index) \
        and is_related_marker(block.text)


# An office's answer to a citizen's letter (答复单位：…, 答复内容：…) on a government site's mailbox page: the
# page's text, in a box its CMS classes like a reader's reply (div.reply-box).
# (not a forum's 回复时间：, each reply's header)
_ANSWER_LABEL = re.compile(r"(?:答复|答覆)(?:单位|單位|部门|部門|内容|內容|意见|意見|时间|時間)\s*[:：]"
                           r"|(?:回复|回覆)(?:单位|單位|部门|部門|意见|意見)\s*[:：]|办理结果\s*[:：]"
                           # (or heads the answer, a line of its own: 回复内容, 部门回复, a message board's 答)
                           r"|(?:回复|回覆|答复|答覆)(?:内容|內容)\s*[:：]?$|答\s*[:：]?$"
                           # (a lawyer's, a doctor's answers on a consultation page: 律师回复（2）)
                           r"|(?:部门|部門|单位|單位|官方|律师|律師|医生|醫生|医师|醫師|专家|專家)(?:回复|回覆|回答|解答)"
                           r"(?:\s*[（(]\d+[）)])?(?:\s*[:：]?$|\s)")  # (醫師回覆 一般外科 陳韋廷醫師 113-05-14)
_ANSWER_LABEL_STARTS = frozenset("答回办部單单官律医醫专專")
_ANSWER_HINT_WORDS = frozenset({"reply"})


def _only_reply_hinted(class_id: str) -> bool:
    return h.hint_words(class_id) & h.NEGATIVE_HINT_WORDS <= _ANSWER_HINT_WORDS


def _answer_boxes(page: Page) -> set[int]:
    """The elements that hold a block labelled as an office's answer (and their ancestors)."""
    elements, holders = page.elements, set()
    for block in page.blocks:
        if block.text[:1] in _ANSWER_LABEL_STARTS and _ANSWER_LABEL.match(block.text):
            element = block.element
            while element >= 0 and element not in holders:
                holders.add(element)
                element = elements[element].parent
    return holders


def _captions_hold_the_text(parents: list[int], caption: list[bool], prose: list[float]) -> bool:
    """Whether the captions together hold most of the page's prose, each one small: a gallery, each
    photo in its own div.gallery-item, whose captions are its text. (The test each caption passed alone,
    made for them all.)"""
    if not any(caption):  # (most pages)
        return False
    page_prose = prose[0] if prose else 0.0
    held = sum(prose[index] for index, parent in enumerate(parents)
               if caption[index] and (parent < 0 or not caption[parent]))
    return held > 0 and held >= h.HINTED_FURNITURE_MAX_PROSE_SHARE * page_prose


_TABLE_TAGS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th"})


def _is_furniture(units: float, link_units: float, prose_share: float, comment: bool = False) -> bool:
    """A furniture-hinted element really is furniture when it is link-heavy, or small (or a reader's
    comment, however long), and not where most of the page's prose is (a site may call its article
    wrapper "nav" or "side")."""
    if prose_share >= h.HINTED_FURNITURE_MAX_PROSE_SHARE:
        return False
    return comment or units < h.HINTED_FURNITURE_MAX_UNITS or link_units / units >= h.HINTED_FURNITURE_MIN_LINK_DENSITY


# A line of verse is Han characters (and spaces): not a field of a list (◎片 长 112 Min) nor a name.
VERSE_LINE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff\s]{3,}$")
SHORT_VERSE_LINE = re.compile(r"^[\u4e00-\u9fff]{2,3}$")  # (only within a run of longer lines)


def _verse_blocks(blocks: list[Block]) -> set[int]:
    """The blocks in runs of at least VERSE_MIN_LINES short, unpunctuated, unlinked Han lines in one
    element (a poem's lines split by <br>), which would otherwise count as labels, or be trimmed as such."""
    verse: set[int] = set()
    run: list[int] = []
    for index, block in enumerate(blocks):
        # (as short as a label line the body's edges would lose)
        plain = block.punct == 0 and block.units < h.EDGE_PROSE_MIN_UNITS and not block.link_units
        is_verse = plain and VERSE_LINE.match(block.text) is not None
        if run and blocks[run[-1]].element == block.element and (
                is_verse or (plain and SHORT_VERSE_LINE.match(block.text) is not None)):  # (…月光下的城市 / 还亮着)
            run.append(index)
            continue
        if len(run) >= h.VERSE_MIN_LINES:
            verse.update(run)
        run = [index] if is_verse else []
    if len(run) >= h.VERSE_MIN_LINES:
        verse.update(run)
    return verse


def _block_value(block: Block, in_furniture: bool, in_caption: bool) -> tuple[float, str]:
    size = block.units
    if size == 0:
        return 0.0, "empty"
    if in_furniture:
        return -size * h.FURNITURE_PENALTY, "furniture"
    if in_caption:
        return 0.0, "caption"
    density = block.link_units / size
    if density > h.LINKY_BLOCK_DENSITY:
        return -size * h.LINKY_PENALTY, "links"
    if size < h.SHORT_BLOCK_UNITS and block.punct == 0:
        return -size * h.SHORT_BLOCK_PENALTY, "short"  # (checked first: it spares most pattern matching)
    if is_boilerplate_line(block.text, size):
        return -max(size * h.BOILERPLATE_PENALTY, h.BOILERPLATE_MIN_PENALTY), "boilerplate"
    return size * (1 - density) + block.punct * h.PROSE_PUNCT_BONUS, ""


# A summary cut short (…, ..., then perhaps its link: [详细], 阅读全文, Read more): a teaser for another page.
_CUT_SHORT = re.compile(r"(?:…|\.\.\.)\s*(?:[\[【(（]?(?:详细|詳細|全文|更多|详情|詳情|阅读全文|閱讀全文|查看全文)"
                        r"[\]】)）]?|>>|»|read more|more)?\s*$", re.I)


def _teasers(blocks: list[Block], near_title: range | tuple = ()) -> set[int]:
    """The blocks that are summaries cut short right under a linked headline, when there are at least
    TEASER_LIST_MIN_ITEMS of them: a list of teasers for other pages. (One alone may be the page's own text,
    which some pages show cut short under its headline: the first, when just under the title, is not counted.)"""
    found = []
    for index in range(1, len(blocks)):
        text = blocks[index].text
        if ("…" in text[-12:] or "..." in text[-14:]) and _is_teaser(blocks[index], blocks[index - 1]):
            found.append(index)
    if found and found[0] in near_title:
        found.pop(0)
    return set(found) if len(found) >= h.TEASER_LIST_MIN_ITEMS else set()


def _is_teaser(block: Block, previous: Block) -> bool:
    return block.punct > 0 and block.link_units < block.units * h.LINKY_BLOCK_DENSITY \
        and block.units >= h.TEASER_SUMMARY_MIN_UNITS \
        and previous.link_units >= h.TEASER_HEADLINE_MIN_LINK_SHARE * previous.units \
        and h.TEASER_HEADLINE_MIN_UNITS <= previous.units <= h.TITLE_MAX_UNITS \
        and _CUT_SHORT.search(block.text) is not None


def choose_body(page: Page, scores: Scores, excluded: list[bool] | None = None) -> int:
    """The element whose subtree is worth most (not one `excluded`); an article-like class/id tips close calls."""
    best, best_score = 0, float("-inf")
    for index, element in enumerate(page.elements):
        if scores.furniture[index] or (excluded and excluded[index]):
            continue
        total = scores.value[index]
        if element.hint > 0 and total > 0:
            total *= 1 + (h.STRONG_HINT_BONUS if element.hint == h.STRONG_HINT else h.POSITIVE_HINT_BONUS)
        if total >= best_score:  # ties go to the deeper element (it comes later)
            best, best_score = index, total
    return best


def related_box_around(page: Page, scores: Scores, index: int) -> int:
    """The box the chosen element sits in when a heading of related reading opens that box (<div
    class="side"><h3>推荐阅读</h3><ul>, each item a headline's link and its teaser) and links make up a
    share of the element an article's own text seldom has; -1 when not. Teasers can outweigh a short
    article, and a sidebar may hold most of a page's prose, so its class alone does not rule it out."""
    box = page.elements[index].parent
    if box <= 0 or scores.link_units[index] < h.RELATED_MIN_LINK_SHARE * scores.units[index]:
        return -1
    opening = _opening_line(page, box, _first_lines(page))
    if opening is None or opening.element == index or not is_related_marker(opening.text):
        return -1
    return -1 if is_within(page, opening.element, index) else box  # (a heading inside the chosen element is its own)


def paragraph_grown(page: Page, scores: Scores, index: int) -> int:
    """A paragraph chosen alone, or its container when that holds at least PARAGRAPH_GROW_MIN_PROSE_RATIO
    times its prose, or a table of data beside it: one paragraph outweighs its article only when links
    woven through the article (a name's hover card, a list of related stories) weigh the whole down, and
    one paragraph more or less then tips the choice; a notice's list of names (序号 | 单位 | 姓名) is no
    prose, and worth nothing. The container is the parent, past wrappers that hold the paragraph alone (an
    editor's <section><section><p>, each a level more of the decay that lets the paragraph win)."""
    element = page.elements[index]
    if element.tag != "p":
        return index
    parent = element.parent
    while parent > 0 and scores.prose_units[parent] == scores.prose_units[index]:
        if _holds_table_data(page, scores, parent):
            break
        parent = page.elements[parent].parent
    if parent < 0 or scores.furniture[parent] or scores.value[parent] <= 0:
        return index
    if scores.prose_units[parent] >= h.PARAGRAPH_GROW_MIN_PROSE_RATIO * scores.prose_units[index]:
        return parent
    return parent if _holds_table_data(page, scores, parent) else index


def _holds_table_data(page: Page, scores: Scores, root: int) -> bool:
    """Whether `root`'s subtree holds DATA_TABLE_MIN_UNITS of a table's data (see `score`'s "cell")."""
    elements, blocks, kinds = page.elements, page.blocks, scores.kinds
    end, depth = root + 1, elements[root].depth
    while end < len(elements) and elements[end].depth > depth:  # (a subtree's elements follow its root)
        end += 1
    units = 0.0
    for position in range(scores.first_block[root], len(blocks)):  # (...and its blocks are a run)
        block = blocks[position]
        if not root <= block.element < end:
            break
        if kinds[position] == "cell":
            units += block.units
    return units >= h.DATA_TABLE_MIN_UNITS


def article_parts(page: Page, scores: Scores, root: int) -> list[int]:
    """The body element and the elements that continue its article beside it: the same tag and class,
    under the same parent or grandparent (a table's next rows: <tr><td class="l17">…, an ad's row,
    <tr><td class="l17">…), with prose of their own and few links. In page order."""
    elements = page.elements
    body = elements[root]
    if not body.class_id or body.parent < 0:
        return [root]
    parent, grandparent = body.parent, elements[body.parent].parent
    parts = [root]
    top = grandparent if grandparent >= 0 else parent
    top_depth, class_id = elements[top].depth, body.class_id
    for index in range(top + 1, len(elements)):  # (the grandparent's subtree: the elements after it, deeper)
        element = elements[index]
        if element.depth <= top_depth:
            break
        if element.class_id != class_id or index == root or element.tag != body.tag \
                or scores.furniture[index] or scores.prose_units[index] < h.ARTICLE_PART_MIN_PROSE_UNITS \
                or scores.link_units[index] > h.KEEP_MAX_LINK_DENSITY * scores.units[index]:
            continue
        if (element.parent == parent or (grandparent >= 0 and elements[element.parent].parent == grandparent)) \
                and _holds_a_paragraph(page, index):  # (a poster's panel beside a post has only fields: 积分：1203)
            parts.append(index)
    if len(parts) == 1:
        return [root]
    parts.sort()
    if all(_dated_within(page, part) for part in parts):
        return parts[:1]  # each part has a dated header of its own: a thread's posts, of which the first is the text
    return _undated_run(page, parts, root)


def first_post(page: Page, scores: Scores, root: int) -> int:
    """The first of the posts a chosen body holds, when it is a thread: sibling elements of one class,
    each with a paragraph and a dated header of its own (楼主 发表于 2009-4-18 10:51:00), that hold most of
    its prose; else `root`. (The corpus's annotators give a thread's first post as its text.)"""
    elements, prose = page.elements, scores.prose_units
    root_depth, least = elements[root].depth, h.ARTICLE_PART_MIN_PROSE_UNITS
    groups: dict[tuple[int, str, str], list[int]] = {}
    for index in range(root + 1, len(elements)):
        element = elements[index]
        if element.depth <= root_depth:  # (past the root's subtree: elements are in page order)
            break
        if prose[index] >= least and element.class_id:  # (post_1882001, post_1882012: one class of posts)
            groups.setdefault((element.parent, element.tag, _DIGITS.sub("", element.class_id)), []).append(index)
    siblings = [members for members in groups.values() if len(members) >= 2]
    for posts in sorted(siblings, key=lambda members: elements[members[0]].depth):
        if sum(prose[post] for post in posts) >= h.THREAD_MIN_PROSE_SHARE * prose[root] \
                and all(_dated_within(page, post) for post in posts):
            return posts[0]
    return root


_DIGITS = re.compile(r"\d+")


def _dated_within(page: Page, part: int) -> bool:
    """Whether a short dated line (楼主 发表于 2009-4-18 10:51:00) lies inside the part: a post's header.
    A time alone does not date it: a live page's entries (12:40, 11:05) are one report."""
    inside = subtree_mask(page, part)
    return any(inside[block.element] and _is_dated_line(block, _POST_DATE) for block in page.blocks)


# A date or a time between two parts heads another entry (a forum's reply, a blog's next post), not the
# article going on after an ad or a picture.
_DATED = re.compile(r"\d{1,2}:\d{2}|(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
# A post's header dates it: a year and month, a month and day with the time (3-5 21:16, Mar 28 21:16:03
# 2011), or 昨天 21:03.
_POST_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|\d{1,2}\s*[-/月]\s*\d{1,2}日?\s+\d{1,2}:\d{2}"
                        r"|[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}|(?:今天|昨天|前天)\s*\d{1,2}:\d{2}")

# ...or a comment's, which may give its date in English words (November 12, 2019 at 10:22 pm; 12 Nov 2019).
_ENTRY_DATE = re.compile(_POST_DATE.pattern + r"|\b[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+(?:19|20)\d{2}"
                         r"|\b\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+(?:19|20)\d{2}")


# Under a comments heading, an undated entry names its writer first: 张伟 说：…, 网友小李 评论：…, 访客 留言：….
_SAYS = re.compile(r"^[^\s，。：:]{1,16}\s*(?:说|說|评论|評論|回复|回覆|留言)\s*[:：]")


def _undated_run(page: Page, parts: list[int], root: int) -> list[int]:
    """The parts around `root` with no dated block between two of them."""
    first_block = {}
    last_block = {}
    masks = {part: subtree_mask(page, part) for part in parts}
    for position, block in enumerate(page.blocks):
        for part, mask in masks.items():
            if mask[block.element]:
                first_block.setdefault(part, position)
                last_block[part] = position
    parts = [part for part in parts if part in first_block]
    at = parts.index(root)
    start, end = at, at
    while start > 0 and not _dated_between(page, last_block[parts[start - 1]], first_block[parts[start]]):
        start -= 1
    while end + 1 < len(parts) and not _dated_between(page, last_block[parts[end]], first_block[parts[end + 1]]):
        end += 1
    return parts[start:end + 1]


def _dated_between(page: Page, after: int, before: int) -> bool:
    """Whether a short dated line (凉拌西红柿 2005-7-15 10:40) lies between two blocks; a sentence that
    names a date (a caption: 图为2005年1月24日，旅客…) does not count."""
    return any(_is_dated_line(block) for block in page.blocks[after + 1:before])


def article_above_comments(page: Page, scores: Scores, index: int, title_block: int = -1) -> int:
    """The element that holds the article when the chosen one holds the readers' comments under it, dated
    entries (网友：林子 时间：2012-01-12 10:20, then the comment) that a comments heading (网友评论, 发表评论,
    Comments) opens or that begin well below the headline, or below the article's own prose in the chosen
    element (see _comments_start, _comments_below_prose). Eight comments outweigh a short article, thirty the
    whole page but them; the article is then the best element that begins above them and does not hold them.
    `index` when not so: a forum's thread, right under its headline, has no such heading, and its first post
    is its text."""
    first, blocks = scores.first_block[index], page.blocks
    if first >= len(blocks):
        return index
    inside = subtree_mask(page, index)
    start, headed = _comments_start(page, inside, first, title_block)
    if start < 0:
        start, headed = _comments_below_prose(page, scores, index, inside)
    if start < 0:
        return index
    # (under a heading, the entries after it; without one, the entries from the first, its header included)
    entries = sum(1 for block in blocks[start + headed:]
                  if inside[block.element] and (_is_dated_line(block, _ENTRY_DATE)
                                                or headed and _SAYS.match(block.text) is not None))
    if entries < (h.COMMENT_LIST_MIN_ENTRIES if headed else h.UNHEADED_COMMENTS_MIN_ENTRIES):
        return index
    # The article is the best element that begins above the comments and does not hold them.
    excluded = [begins >= start for begins in scores.first_block]
    for element in (index, blocks[start].element):  # (and what holds them: a wrapper of the article and them)
        while element >= 0:
            excluded[element] = True
            element = page.elements[element].parent
    article = choose_body(page, scores, excluded)
    if excluded[article] or scores.value[article] <= 0 or scores.prose_units[article] < h.ARTICLE_MIN_PROSE_UNITS:
        return index
    return article


def _comments_start(page: Page, inside: list[bool], first: int, title_block: int) -> tuple[int, bool]:
    """Where the comments in the chosen element begin, and whether a heading opens them: the heading, when it
    opens the element's text or stands right above it; or the element's first line, a dated entry's header
    (a writer and a time), when that lies well below the headline (or, where none was found, below an
    article's worth of prose). (-1, False) when the element opens with prose (an article, which may hold
    comments below it: see _comments_below_prose)."""
    blocks = page.blocks
    opening = next((i for i in range(first, len(blocks)) if inside[blocks[i].element] and blocks[i].text), -1)
    if opening >= 0 and _is_dated_line(blocks[opening], _ENTRY_DATE) and _TIME_OF_DAY.search(blocks[opening].text) \
            and (0 <= title_block < opening - h.TITLE_NEAR_BLOCKS or (title_block < 0 and _prose_above(page, opening))):
        return opening, False
    prose = 0.0
    for i in range(max(0, first - h.COMMENTS_HEADING_REACH), len(blocks)):
        block = blocks[i]
        if is_comment_marker(block.text):
            return i, True
        if inside[block.element] and is_prose(block):
            prose += block.units
            if prose >= h.ARTICLE_MIN_PROSE_UNITS:
                break
    return -1, False


def _prose_above(page: Page, position: int) -> bool:
    """Whether an article's worth of prose lies above the block (where no headline was found to measure from)."""
    prose = 0.0
    for block in page.blocks[:position]:
        if is_prose(block):
            prose += block.units
            if prose >= h.ARTICLE_MIN_PROSE_UNITS:
                return True
    return False


def _comments_below_prose(page: Page, scores: Scores, root: int, inside: list[bool]) -> tuple[int, bool]:
    """Where comments begin in the chosen element below an article's worth of its prose, the article they
    outweigh, and whether a heading opens them: a comments heading (网友评论, "30 Responses to …"), or the
    first header of a run of entries' headers (see first_run_of_entries) outside the box of the text's first
    paragraph (a live report's or a schedule's dated lines in it are its own). (-1, False) when none: a
    thread's posts begin right under its headline, before any prose."""
    blocks, prose, enough = page.blocks, 0.0, h.ARTICLE_MIN_PROSE_UNITS
    headers: list[int] = []
    prose_above: list[float] = []  # (per header)
    heading, text_holder = -1, -1
    for i in range(scores.first_block[root], len(blocks)):
        block = blocks[i]
        if not inside[block.element]:  # (`root`'s subtree)
            break  # (a subtree's blocks are a run)
        if len(block.text) <= h.ENTRY_HEADER_MAX_CHARS and ":" in block.text and is_entry_header(block) \
                and not (text_holder >= 0 and is_within(page, block.element, text_holder)):  # (quick tests first)
            headers.append(i)
            prose_above.append(prose)
            continue
        if prose >= enough and not block.link_units and block.units <= h.END_MARKER_MAX_UNITS \
                and is_comment_marker(block.text):  # (a heading: unlinked, where most short lines are links)
            heading = i
            break
        if is_prose(block):
            prose += block.units
            if text_holder < 0 and block.units >= h.EDGE_PROSE_MIN_UNITS and not scores.kinds[i] \
                    and page.elements[block.element].parent >= root:  # (a paragraph's box, in the element)
                text_holder = page.elements[block.element].parent
    if (run := first_run_of_entries(headers)) >= 0:  # (a run that begins above the heading, when there is one)
        return (headers[run], False) if prose_above[run] >= enough else (-1, False)
    return (heading, True) if heading >= 0 else (-1, False)


def first_run_of_entries(positions: list[int]) -> int:
    """The index in `positions` (entries' headers, in page order) of the first of UNHEADED_COMMENTS_MIN_ENTRIES
    or more in a run, each within ENTRY_MAX_BLOCKS blocks (its comment) of the last: readers' comments with no
    heading (a lone dated line, the article's own, is no run); -1 when none."""
    start = 0
    for index in range(1, len(positions) + 1):
        if index == len(positions) or positions[index] - positions[index - 1] > h.ENTRY_MAX_BLOCKS:
            if index - start >= h.UNHEADED_COMMENTS_MIN_ENTRIES:
                return start
            start = index
    return -1


def is_prose(block: Block) -> bool:
    """A punctuated block that is not mostly link text."""
    return block.punct > 0 and block.link_units < block.units * h.LINKY_BLOCK_DENSITY


_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")


def is_entry_header(block: Block) -> bool:
    """A comment's or a post's header: a short line of a writer's name and a date with its time, no sentence
    (读者1 2012-01-12 10:01). A live report's stamps give the time alone, or no writer."""
    text = block.text
    if len(text) > h.ENTRY_HEADER_MAX_CHARS or ":" not in text or (match := _STAMPED.search(text)) is None \
            or not _is_dated_line(block, _ENTRY_DATE):
        return False  # (its length and time first, tested in C: most lines are longer or have none)
    writer = _NOT_A_NAME.sub("", text[:match.start()] + text[match.end():])
    return h.ENTRY_WRITER_MIN_CHARS <= len(writer) <= h.ENTRY_WRITER_MAX_CHARS


def is_within(page: Page, element: int, holder: int) -> bool:
    """Whether `element` is `holder` or lies in its subtree."""
    while element > holder:  # (parents come before their children)
        element = page.elements[element].parent
    return element == holder


# A date and its time (2012-01-12 10:01, 2012年1月12日 10:01, November 12, 2019 at 10:22 pm), and what is no name.
_STAMPED = re.compile(r"(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+"
                      r"(?:19|20)\d{2})[\sT]*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?", re.I)
_NOT_A_NAME = re.compile(r"[\s\W\d_]+|发表于|發表於|发表|發表|时间|時間|日期|says|said|posted|on|at|by", re.I)


def _is_dated_line(block: Block, dated: re.Pattern[str] = _DATED) -> bool:
    """A short line with a date or a time and no sentence in it: an entry's header or footer."""
    text = block.text
    return block.units <= h.METADATA_LINE_MAX_UNITS and "，" not in text and "。" not in text \
        and dated.search(text) is not None


def _holds_a_paragraph(page: Page, root: int) -> bool:
    inside = subtree_mask(page, root)
    return any(inside[block.element] and block.units >= h.EDGE_PROSE_MIN_UNITS and is_prose(block)
               for block in page.blocks)


def subtrees_mask(page: Page, roots: list[int]) -> list[bool]:
    """Per element: inside the subtree of one of `roots`."""
    inside = [False] * len(page.elements)
    for root in roots:
        inside = [a or b for a, b in zip(inside, subtree_mask(page, root), strict=True)]
    return inside


def subtree_mask(page: Page, root: int) -> list[bool]:
    inside = [False] * len(page.elements)
    if root < len(inside):
        inside[root] = True
    for index in range(root + 1, len(page.elements)):
        parent = page.elements[index].parent
        inside[index] = parent >= 0 and inside[parent]
    return inside


def absolute(base_url: str | None, url: str) -> str:
    """`url` resolved against the page's URL (left as it is when there is no base or it is malformed)."""
    url = url.strip()
    if not base_url:
        return url
    if url.startswith(("http://", "https://")) and "/." not in url:
        return url  # already absolute, no dot segments to resolve: what urljoin would return, faster
    try:
        return urljoin(base_url, url)
    except ValueError:
        return url
