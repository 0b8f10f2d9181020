"""The page as text: its block-level elements and the runs of text between them, in one walk of the tree.

The tree is walked once, iteratively (pages nest deep; Python recursion would not survive them),
into *blocks* (runs of inline text between block-level tags or `<br>`) and *elements* (the
block-level tags, each knowing its parent). Whitespace is normalized and leaked pinyin repaired
as each block is made, so every later step reads the text as the archive keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.extract import heuristics as h
from crawler.extract.boilerplate import without_counters
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


def walk(root: LexborNode, base_url: str | None, forced_blocks: frozenset[int] = frozenset()) -> Page:
    page = _Walker(forced_blocks).walk(root)
    if not page.elements:  # a fragment without block tags: one synthetic element holds everything
        page.elements.append(Element("body", -1, "", 0, 0))
    return page


CELL_TAGS = frozenset({"td", "th"})
_CELL_IDS = frozenset(map(tag_id, CELL_TAGS))
