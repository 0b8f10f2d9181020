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
from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from crawler.extract import heuristics as h
from crawler.extract.boilerplate import is_boilerplate_line
from crawler.extract.repair import normalize_whitespace

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
_ENTER, _EXIT_BLOCK, _EXIT_LINK = 0, 1, 2


@dataclass
class Element:
    tag: str
    parent: int
    label: str  # tag#id.class, for --explain
    hint: int  # +1 article-like class/id, -1 furniture-like, 0 none
    mem_id: int


@dataclass
class Block:
    element: int
    text: str
    units: float
    link_units: float
    punct: int
    heading: bool = False
    links: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    value: float = 0.0
    kind: str = ""  # why the block is not prose: furniture, links, boilerplate, short


@dataclass
class Page:
    elements: list[Element]
    blocks: list[Block]


def _label(tag: str, attrs: dict) -> str:
    label = tag
    if attrs.get("id"):
        label += "#" + str(attrs["id"]).strip()
    if attrs.get("class"):
        label += "." + ".".join(str(attrs["class"]).split())
    return label


class _Walker:
    """Builds a `Page` from a parsed tree in one iterative pass."""

    def __init__(self, base_url: str | None, forced_blocks: frozenset[int]) -> None:
        self.base_url = base_url
        self.forced_blocks = forced_blocks
        self.elements: list[Element] = []
        self.blocks: list[Block] = []
        self.parts: list[tuple[str, bool]] = []
        self.links: list[str] = []
        self.images: list[tuple[str, str]] = []
        self.element_stack: list[int] = []
        self.href_stack: list[str | None] = []

    def flush(self) -> None:
        if not self.parts and not self.images:
            return
        text = normalize_whitespace("".join(part for part, _ in self.parts))
        link_text = normalize_whitespace("".join(part for part, in_link in self.parts if in_link))
        element = self.element_stack[-1] if self.element_stack else 0
        if text or self.images:
            tag = self.elements[element].tag if self.elements else ""
            self.blocks.append(Block(
                element=element, text=text, units=h.units(text), link_units=h.units(link_text) if link_text else 0.0,
                punct=h.punctuation_count(text), heading=tag in h.HEADING_TAGS, links=self.links,
                images=self.images,
            ))
        self.parts, self.links, self.images = [], [], []

    def _absolute(self, url: str) -> str:
        url = url.strip()
        if not self.base_url:
            return url
        try:
            return urljoin(self.base_url, url)
        except ValueError:
            return url

    def walk(self, root: LexborNode) -> Page:
        stack: list[tuple[LexborNode, int]] = [(root, _ENTER)]
        while stack:
            node, action = stack.pop()
            if action == _EXIT_BLOCK:
                self.flush()
                self.element_stack.pop()
                continue
            if action == _EXIT_LINK:
                self.href_stack.pop()
                continue
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                if text:
                    self.parts.append((text, bool(self.href_stack)))
                continue
            if not tag or tag[0] in "-!" or tag in h.SKIP_TAGS:
                continue
            attrs = node.attributes
            if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style") or ""):
                continue
            if tag == "br":
                self.flush()
                continue
            if tag == "img":
                src = attrs.get("src") or attrs.get("data-src") or attrs.get("data-original")
                if src and not src.startswith("data:"):
                    self.images.append((self._absolute(src), normalize_whitespace(attrs.get("alt") or "")))
                continue
            if tag in h.BLOCK_TAGS or node.mem_id in self.forced_blocks:
                self.flush()
                self._open_element(node, tag, attrs)
                stack.append((node, _EXIT_BLOCK))
            elif tag == "a":
                href = attrs.get("href")
                if href and not href.lstrip().lower().startswith(("javascript:", "#", "mailto:")):
                    self.links.append(self._absolute(href))
                self.href_stack.append(href)
                stack.append((node, _EXIT_LINK))
            children = list(node.iter(include_text=True))
            stack.extend((child, _ENTER) for child in reversed(children))
        self.flush()
        return Page(self.elements, self.blocks)

    def _open_element(self, node: LexborNode, tag: str, attrs: dict) -> None:
        class_id = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
        hint = 0
        if tag in h.FURNITURE_TAGS or h.is_negative_hint(class_id):
            hint = -1
        if h.is_positive_hint(class_id) and not (hint == -1 and tag in h.FURNITURE_TAGS):
            hint = 1 if hint == 0 else hint
        parent = self.element_stack[-1] if self.element_stack else -1
        self.elements.append(Element(tag, parent, _label(tag, attrs), hint, node.mem_id))
        self.element_stack.append(len(self.elements) - 1)


def walk(root: LexborNode, base_url: str | None, forced_blocks: frozenset[int] = frozenset()) -> Page:
    page = _Walker(base_url, forced_blocks).walk(root)
    if not page.elements:  # a fragment without block tags: one synthetic element holds everything
        page.elements.append(Element("body", -1, "body", 0, 0))
    return page


# ---- valuing ------------------------------------------------------------------------------


@dataclass
class Scores:
    units: list[float]  # per element: text units in its subtree
    link_units: list[float]
    value: list[float]  # per element: sum of block values in its subtree
    furniture: list[bool]  # per element: inside page furniture


def score(page: Page) -> Scores:
    n = len(page.elements)
    units, link_units, value = [0.0] * n, [0.0] * n, [0.0] * n
    for block in page.blocks:
        units[block.element] += block.units
        link_units[block.element] += block.link_units
    # Parents come before children in the element list, so one reverse pass sums subtrees.
    for index in range(n - 1, 0, -1):
        parent = page.elements[index].parent
        if parent >= 0:
            units[parent] += units[index]
            link_units[parent] += link_units[index]
    furniture = [False] * n
    for index, element in enumerate(page.elements):
        inherited = element.parent >= 0 and furniture[element.parent]
        furniture[index] = inherited or (element.hint < 0 and _small_or_linky(units[index], link_units[index]))
    for block in page.blocks:
        block.value, block.kind = _block_value(block, furniture[block.element])
        value[block.element] += block.value
    for index in range(n - 1, 0, -1):
        parent = page.elements[index].parent
        if parent >= 0:
            value[parent] += value[index]
    return Scores(units, link_units, value, furniture)


def _small_or_linky(units: float, link_units: float) -> bool:
    if units < h.HINTED_FURNITURE_MAX_UNITS:
        return True
    return link_units / units >= h.HINTED_FURNITURE_MIN_LINK_DENSITY


def _block_value(block: Block, in_furniture: bool) -> tuple[float, str]:
    size = block.units
    if size == 0:
        return 0.0, "empty"
    if in_furniture:
        return -size * h.FURNITURE_PENALTY, "furniture"
    density = block.link_units / size
    if density > h.LINKY_BLOCK_DENSITY:
        return -size * h.LINKY_PENALTY, "links"
    if is_boilerplate_line(block.text):
        return -max(size * h.BOILERPLATE_PENALTY, h.BOILERPLATE_MIN_PENALTY), "boilerplate"
    if size < h.SHORT_BLOCK_UNITS and block.punct == 0:
        return -size * h.SHORT_BLOCK_PENALTY, "short"
    return size * (1 - density) + block.punct * h.PROSE_PUNCT_BONUS, ""


def choose_body(page: Page, scores: Scores) -> int:
    """The element whose subtree is worth most; an article-like class/id tips close calls."""
    best, best_score = 0, float("-inf")
    for index, element in enumerate(page.elements):
        if scores.furniture[index]:
            continue
        total = scores.value[index]
        if element.hint > 0 and total > 0:
            total *= 1 + h.POSITIVE_HINT_BONUS
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
