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
from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.extract import heuristics as h
from crawler.extract.boilerplate import is_boilerplate_line
from crawler.extract.repair import normalize_whitespace, repair_pinyin

_INLINE, _BLOCK, _LINK = 0, 1, 2
# Never article text: not rendered, or hidden. Removed in C before the walk.
NAVIGATION_SELECTOR = 'nav, footer, aside, [role="navigation"], [role="contentinfo"]'
ARTICLE_SELECTOR = 'article, main, [itemprop="articleBody"], [role="main"]'
HIDDEN_SELECTOR = '[hidden], [style*="display:none" i], [style*="display: none" i]'
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)
_PRUNE_SELECTOR = ", ".join([*sorted(h.SKIP_TAGS), "input", "form[action]", HIDDEN_SELECTOR, NAVIGATION_SELECTOR])


@dataclass(slots=True)
class Element:
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


@dataclass(slots=True)
class Block:
    element: int
    text: str
    units: float
    link_units: float
    punct: int
    heading: bool
    links: list[str]
    images: list[tuple[str, str]]
    value: float = 0.0
    kind: str = ""  # why the block is not prose: furniture, links, boilerplate, short, caption


@dataclass
class Page:
    elements: list[Element]
    blocks: list[Block]
    pinyin_repairs: int = 0


class _Walker:
    """Builds a `Page` from a parsed tree in one iterative pass."""

    def __init__(self, forced_blocks: frozenset[int]) -> None:
        self.forced_blocks = forced_blocks
        self.elements: list[Element] = []
        self.blocks: list[Block] = []
        self.pinyin_repairs = 0

    def walk(self, root: LexborNode) -> Page:
        # traverse() iterates in C; element ends are inferred from each node's parent, so the walk
        # needs no recursion and no per-node child lists. Hot loop: locals on purpose.
        open_ids: list[int] = []
        open_kinds: list[int] = []  # _INLINE, _BLOCK or _LINK, parallel to open_ids
        element_stack: list[int] = []
        parts: list[str] = []
        link_parts: list[str] = []  # the texts of `parts` that sit inside a link
        links: list[str] = []
        images: list[tuple[str, str]] = []
        in_link = 0
        block_tags, forced = h.BLOCK_TAGS, self.forced_blocks
        flush = self._flush
        for node in root.traverse(include_text=True):
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                if not text or text.isspace():
                    # Whitespace only separates words: no need to know which element it closes.
                    if parts:
                        parts.append(" ")
                    continue
            elif not tag or tag[0] in "-!":
                continue  # comments, doctype
            parent = node.parent
            parent_id = parent.mem_id if parent is not None else 0
            while open_ids and open_ids[-1] != parent_id:
                open_ids.pop()
                kind = open_kinds.pop()
                if kind == _BLOCK:
                    if parts or images:
                        flush(parts, link_parts, links, images, element_stack[-1])
                        parts, link_parts, links, images = [], [], [], []
                    element_stack.pop()
                elif kind == _LINK:
                    in_link -= 1
            if tag == "-text":
                parts.append(text)
                if in_link:
                    link_parts.append(text)
                continue
            kind = _INLINE
            if tag == "br":
                if parts or images:
                    flush(parts, link_parts, links, images, element_stack[-1] if element_stack else 0)
                    parts, link_parts, links, images = [], [], [], []
            elif tag == "img":
                attrs = node.attributes
                src = attrs.get("src") or attrs.get("data-src") or attrs.get("data-original")
                if src and not src.startswith("data:"):
                    alt = attrs.get("alt")
                    images.append((src, normalize_whitespace(alt) if alt else ""))
            elif tag in block_tags or (forced and node.mem_id in forced):
                if parts or images:
                    flush(parts, link_parts, links, images, element_stack[-1] if element_stack else 0)
                    parts, link_parts, links, images = [], [], [], []
                element_stack.append(self._open_element(node, tag, element_stack))
                kind = _BLOCK
            elif tag == "a":
                attrs = node.attributes
                if "href" in attrs:  # <a name=...> anchors may wrap whole articles
                    href = attrs.get("href") or ""
                    if href and not href.lstrip().lower().startswith(("javascript:", "#", "mailto:")):
                        links.append(href)
                    in_link += 1
                    kind = _LINK
            open_ids.append(node.mem_id)
            open_kinds.append(kind)
        if parts or images:
            flush(parts, link_parts, links, images, element_stack[-1] if element_stack else 0)
        return Page(self.elements, self.blocks, self.pinyin_repairs)

    def _flush(self, parts: list[str], link_parts: list[str], links: list[str], images: list[tuple[str, str]],
               element: int) -> None:
        joined = "".join(parts)
        if (not joined or joined.isspace()) and not images:
            return
        raw = normalize_whitespace(joined)
        # Leaked pinyin is repaired before anything reads the text: labels like 來(lái)源 must match.
        text = repair_pinyin(raw) if "(" in raw or "（" in raw else raw
        self.pinyin_repairs += text != raw
        link_units = h.units(" ".join("".join(link_parts).split())) if link_parts else 0.0
        tag = self.elements[element].tag if self.elements else ""
        self.blocks.append(Block(element, text, h.units(text), link_units, h.punctuation_count(text),
                                 tag in h.HEADING_TAGS, links, images))

    def _open_element(self, node: LexborNode, tag: str, element_stack: list[int]) -> int:
        attrs = node.attributes
        class_id, hint = "", 0
        if attrs:
            class_name, ident = attrs.get("class"), attrs.get("id")
            if class_name or ident:
                class_id = f"{class_name or ''} {ident or ''}".strip()
            hint = h.STRONG_HINT if attrs.get("itemprop") == "articleBody" else h.hint(tag, class_id)
        elif tag in h.FURNITURE_TAGS:
            hint = h.hint(tag, "")
        parent = element_stack[-1] if element_stack else -1
        self.elements.append(Element(tag, parent, class_id, hint, node.mem_id, len(element_stack)))
        return len(self.elements) - 1


_POLL_ACTION = re.compile(r"poll|vote|survey|comment|toupiao|diaocha|pinglun", re.I)
_OPTION_ROWS = frozenset({"label", "li", "tr", "p", "dd", "dt"})


def decompose_outermost(nodes: list[LexborNode]) -> int:
    """Remove `nodes` from the tree, skipping any inside another one (already gone with it:
    destroying it again would touch freed memory). Returns how many subtrees were removed."""
    chosen = {node.mem_id: node for node in nodes}
    outermost = []
    for node in chosen.values():
        parent = node.parent
        while parent is not None and parent.mem_id not in chosen:
            parent = parent.parent
        if parent is None:
            outermost.append(node)
    for node in outermost:
        node.decompose()
    return len(outermost)


def prune(tree: LexborHTMLParser) -> None:
    """Remove what is never article text (scripts, styles, form controls, hidden blocks, polls,
    navigation), mostly in C so that the walk has less to visit."""
    # One scan of the tree in C finds every candidate; each selector costs a full scan.
    doomed, navigation = [], False
    for node in tree.css(_PRUNE_SELECTOR):
        tag = node.tag
        if tag == "input":
            # Poll and survey options: the line holding a radio button or checkbox is a form.
            doomed.append(_option_row(node) or node)
        elif tag in h.SKIP_TAGS or _is_hidden(node.attributes) or (
                tag == "form" and _POLL_ACTION.search(node.attributes.get("action") or "")):
            doomed.append(node)
        elif tag in ("nav", "footer", "aside") or node.attributes.get("role") in ("navigation", "contentinfo"):
            navigation = True
    decompose_outermost(doomed)
    if navigation:
        _drop_navigation(tree)


def _option_row(control: LexborNode) -> LexborNode | None:
    """The row (<label>, <li>, <tr>...) holding a radio button or checkbox, if it is one."""
    if (control.attributes.get("type") or "").lower() not in ("radio", "checkbox"):
        return None
    holder = control.parent
    for _ in range(3):
        if holder is None or holder.tag in _OPTION_ROWS:
            break
        holder = holder.parent
    return holder if holder is not None and holder.tag in _OPTION_ROWS else None


def _is_hidden(attrs: dict) -> bool:
    return "hidden" in attrs or _DISPLAY_NONE.search(attrs.get("style") or "") is not None


def _drop_navigation(tree: LexborHTMLParser) -> None:
    """<nav>, <footer>, <aside> and their ARIA roles, removed before the walk (on modern pages they
    are a third of the tree) unless one holds the article or much of the page's text."""
    body = tree.body
    candidates = tree.css(NAVIGATION_SELECTOR) if body is not None else []
    if not candidates:
        return
    page_chars = len(body.text(deep=True)) or 1
    doomed = []
    for node in candidates:
        if node.css_first(ARTICLE_SELECTOR) is not None:
            continue
        if len(node.text(deep=True)) > h.NAVIGATION_MAX_TEXT_SHARE * page_chars:
            continue
        doomed.append(node)
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
    furniture, caption = _furniture_and_captions(elements, parents, units, link_units, prose)
    # An element's value: its prose, discounted by how deep below it the prose sits (an article's
    # paragraphs are its children; a page's teasers are spread deep below a far ancestor), minus
    # everything that is not prose, at full weight wherever it sits.
    decay, max_depth = h.DEPTH_DECAY, h.MAX_DECAY_DEPTH
    weight = [decay ** min(element.depth, max_depth) for element in elements]
    gain, loss = [0.0] * n, [0.0] * n
    for block in blocks:
        element = block.element
        value, block.kind = _block_value(block, furniture[element], caption[element])
        block.value = value
        if value > 0:
            gain[element] += value * weight[element]
        else:
            loss[element] += value
    for index in range(n - 1, 0, -1):
        parent = parents[index]
        if parent >= 0:
            gain[parent] += gain[index]
            loss[parent] += loss[index]
    value = [0.0] * n
    near_first, bonus, exponent = title_block + h.TITLE_NEAR_BLOCKS, h.TITLE_PROXIMITY_BONUS, h.LINK_DENSITY_EXPONENT
    for index in range(n):
        total = gain[index] / weight[index] + loss[index]
        if total > 0:
            if title_block >= 0 and first[index] <= near_first and last[index] > title_block:
                total *= bonus
            if units[index]:
                # Listings of teasers are prose under links: the more link text, the less article.
                total *= (1 - link_units[index] / units[index]) ** exponent
        value[index] = total
    return Scores(units, link_units, prose, value, furniture)


def _furniture_and_captions(elements: list[Element], parents: list[int], units: list[float],
                            link_units: list[float], prose: list[float]) -> tuple[list[bool], list[bool]]:
    """Per element: inside page furniture? inside a figure, gallery or caption?"""
    n = len(elements)
    page_prose = prose[0] if n else 0.0
    page_prose = page_prose or 1.0
    furniture, caption = [False] * n, [False] * n
    strong, caption_tags = h.STRONG_HINT, h.CAPTION_TAGS
    for index, element in enumerate(elements):
        parent = parents[index]
        if parent >= 0 and furniture[parent] and element.hint != strong:
            furniture[index] = True
        elif element.hint < 0:
            furniture[index] = _is_furniture(units[index], link_units[index], prose[index] / page_prose)
        if (parent >= 0 and caption[parent]) or element.tag in caption_tags:
            caption[index] = True
        elif element.class_id and h.caption_hint(element.class_id):
            caption[index] = units[index] < h.HINTED_FURNITURE_MAX_UNITS \
                and prose[index] / page_prose < h.HINTED_FURNITURE_MAX_PROSE_SHARE
    return furniture, caption


def _is_furniture(units: float, link_units: float, prose_share: float) -> bool:
    """A furniture-hinted element really is furniture when it is link-heavy, or small and not
    where most of the page's prose is (a site may call its article wrapper "nav" or "side")."""
    if prose_share >= h.HINTED_FURNITURE_MAX_PROSE_SHARE:
        return False
    return units < h.HINTED_FURNITURE_MAX_UNITS or link_units / units >= h.HINTED_FURNITURE_MIN_LINK_DENSITY


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
    if is_boilerplate_line(block.text):
        return -max(size * h.BOILERPLATE_PENALTY, h.BOILERPLATE_MIN_PENALTY), "boilerplate"
    return size * (1 - density) + block.punct * h.PROSE_PUNCT_BONUS, ""


def choose_body(page: Page, scores: Scores) -> int:
    """The element whose subtree is worth most; an article-like class/id tips close calls."""
    best, best_score = 0, float("-inf")
    for index, element in enumerate(page.elements):
        if scores.furniture[index]:
            continue
        total = scores.value[index]
        if element.hint > 0 and total > 0:
            total *= 1 + (h.STRONG_HINT_BONUS if element.hint == h.STRONG_HINT else h.POSITIVE_HINT_BONUS)
        if total >= best_score:  # ties go to the deeper element (it comes later)
            best, best_score = index, total
    return best


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
    try:
        return urljoin(base_url, url)
    except ValueError:
        return url
