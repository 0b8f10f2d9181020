"""Article extraction: page bytes (or text) in, an `Article` out.

The one code path for `palimpsest extract`, `fetch`, `crawl` and the daemon. The body is found by
`body.py` (heuristics in `heuristics.py`), metadata by `metadata.py`, text repaired by `repair.py`;
site rules, when a source has them, win over all of it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from selectolax.lexbor import LexborHTMLParser

from crawler.charset import decode
from crawler.extract import body as bodyfinder
from crawler.extract import metadata as meta
from crawler.extract.boilerplate import is_boilerplate_line, is_soft_404
from crawler.extract.heuristics import (
    EDGE_PROSE_MIN_UNITS,
    KEEP_LONG_LINK_UNITS,
    KEEP_MAX_LINK_DENSITY,
    article_score,
    units,
)
from crawler.extract.language import guess_language
from crawler.extract.repair import find_mojibake, limit_nesting, normalize_whitespace, repair_mojibake, repair_pinyin
from crawler.extract.rules import SiteRules

__all__ = ["Article", "Image", "SiteRules", "extract", "extract_html", "to_json", "to_reference_format"]

TITLE_WINDOW_BLOCKS = 40  # headings this many blocks before the body still count as its title
META_WINDOW_BLOCKS = 12  # lines before the body searched for the date/author/source line


@dataclass(frozen=True)
class Image:
    src: str
    alt: str = ""


@dataclass(frozen=True)
class Article:
    title: str | None
    published: str | None  # ISO 8601 with offset
    author: str | None
    source: str | None  # the 来源/來源 line
    paragraphs: tuple[str, ...]
    language: str | None = None
    charset: str | None = None
    charset_source: str | None = None
    links: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    warnings: tuple[str, ...] = ()
    article_score: float = 0.0  # 0..1: how much the page looks like one article (listings score low)
    soft_404: bool = False  # a "page not found" page served with 200
    explain: tuple[str, ...] = field(default=(), compare=False)  # which rule/heuristic chose what

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["text"] = self.text
        data["paragraphs"] = list(self.paragraphs)
        data.pop("explain")
        return data


def extract(body: bytes, url: str | None = None, *, content_type: str | None = None,
            charset: str | None = None, rules: SiteRules | None = None,
            timezone: str = "Asia/Shanghai") -> Article:
    """Decode `body` like a fetch would, then extract the article."""
    decoded = decode(body, content_type, forced=charset)
    article = extract_html(decoded.text, url, rules=rules, timezone=timezone)
    return replace(article, charset=decoded.charset, charset_source=decoded.source)


def extract_html(html: str, url: str | None = None, *, rules: SiteRules | None = None,
                 timezone: str = "Asia/Shanghai") -> Article:
    """Extract from already-decoded HTML. Never raises on bad markup: failures become warnings."""
    try:
        return _Extraction(html, url, rules or SiteRules(), timezone).run()
    except Exception as exc:  # one bad page must never stop a run; the raw page is kept for a redo
        return Article(title=None, published=None, author=None, source=None, paragraphs=(),
                       warnings=(f"extraction failed: {type(exc).__name__}: {exc}",))


class _Extraction:
    def __init__(self, html: str, url: str | None, rules: SiteRules, timezone: str) -> None:
        self.url, self.rules, self.timezone = url, rules, timezone
        self.tree = LexborHTMLParser(limit_nesting(html))
        self.explain: list[str] = []
        self.warnings: list[str] = []

    def run(self) -> Article:
        tree = self.tree
        doc_title_node = tree.css_first("title")
        doc_title = normalize_whitespace(doc_title_node.text(deep=True)) if doc_title_node else ""
        html_node = tree.css_first("html")
        declared_lang = html_node.attributes.get("lang") if html_node else None
        for selector in self.rules.drop:
            for node in tree.css(selector):
                node.decompose()
            self.explain.append(f"dropped by rule: {selector}")
        forced = frozenset(node.mem_id for node in tree.css(self.rules.body)) if self.rules.body else frozenset()
        root = tree.root
        page = bodyfinder.walk(root, self.url, forced) if root is not None else bodyfinder.Page([], [])
        if not page.elements:
            page.elements.append(bodyfinder.Element("body", -1, "body", 0, 0))
        scores = bodyfinder.score(page)
        body_index = self._body_element(page, scores, forced)
        inside = bodyfinder.subtree_mask(page, body_index)
        body_positions = [i for i, block in enumerate(page.blocks) if inside[block.element]]
        start = body_positions[0] if body_positions else len(page.blocks)

        title = self._title(page, start, doc_title)
        kept, meta_lines = self._select(page, body_positions, title)
        before = [b.text for b in page.blocks[max(0, start - META_WINDOW_BLOCKS):start]]
        published = self._published(meta_lines, before, kept, page)
        author, source = self._author_source(meta_lines + before)

        paragraphs = self._repair([page.blocks[i].text for i in kept])
        links = tuple(dict.fromkeys(link for i in kept for link in page.blocks[i].links))
        images = tuple(Image(src, alt) for i in kept for src, alt in page.blocks[i].images)
        text = "\n".join(paragraphs)
        body_units = units(text)
        all_units = sum(b.units for b in page.blocks) or 1.0
        link_density = sum(b.link_units for b in page.blocks) / all_units
        score = article_score(body_units, sum(page.blocks[i].punct for i in kept), len(paragraphs), link_density)
        soft_404 = is_soft_404(doc_title or title, "\n".join(b.text for b in page.blocks))
        if soft_404:
            self.warnings.append("soft_404: the page says it does not exist")
        return Article(
            title=title, published=published, author=author, source=source, paragraphs=tuple(paragraphs),
            language=guess_language(text or (title or ""), declared_lang), links=links, images=images,
            warnings=tuple(self.warnings), article_score=score, soft_404=soft_404, explain=tuple(self.explain),
        )

    # ---- body --------------------------------------------------------------------------------

    def _body_element(self, page: bodyfinder.Page, scores: bodyfinder.Scores, forced: frozenset[int]) -> int:
        if forced:
            for index, element in enumerate(page.elements):
                if element.mem_id in forced:
                    self.explain.append(f"body: rule {self.rules.body!r} -> {element.label}")
                    return index
            self.explain.append(f"body: rule {self.rules.body!r} matched nothing; heuristics used")
        index = bodyfinder.choose_body(page, scores)
        self.explain.append(f"body: heuristic best subtree {page.elements[index].label} "
                            f"(value {scores.value[index]:.0f}, {scores.units[index]:.0f} units)")
        return index

    def _select(self, page: bodyfinder.Page, positions: list[int], title: str | None) -> tuple[list[int], list[str]]:
        """The body's blocks minus furniture, link lists, boilerplate and metadata lines."""
        kept: list[int] = []
        meta_lines: list[str] = []
        for position in positions:
            block = page.blocks[position]
            reason = self._drop_reason(block, title, len(kept))
            if reason == "metadata":
                meta_lines.append(block.text)
            if reason:
                if block.text:
                    self.explain.append(f"dropped ({reason}): {block.text[:60]}")
                continue
            kept.append(position)
        return self._trim_edges(page, kept), meta_lines

    def _drop_reason(self, block: bodyfinder.Block, title: str | None, kept_so_far: int) -> str:
        if not block.text:
            return "" if block.images else "empty"
        if block.kind == "furniture":
            return "furniture"
        if block.units and block.link_units / block.units > KEEP_MAX_LINK_DENSITY and block.units < KEEP_LONG_LINK_UNITS:
            return "links"
        if is_boilerplate_line(block.text):
            return "boilerplate"
        if meta.is_metadata_line(block.text, block.units):
            return "metadata"
        if title and kept_so_far < 3 and meta.similarity(block.text, title) > 0.9 \
                and meta.similarity(title, block.text) > 0.9:
            return "title"
        return ""

    def _trim_edges(self, page: bodyfinder.Page, kept: list[int]) -> list[int]:
        """Drop label lines (no punctuation, short) before the first and after the last paragraph."""
        def is_label(i: int) -> bool:
            block = page.blocks[i]
            return block.punct == 0 and block.units < EDGE_PROSE_MIN_UNITS and not block.heading \
                and not block.images

        first = 0
        while first < len(kept) and is_label(kept[first]):
            first += 1
        last = len(kept)
        while last > first and is_label(kept[last - 1]):
            last -= 1
        for i in kept[:first] + kept[last:]:
            self.explain.append(f"dropped (edge label): {page.blocks[i].text[:60]}")
        return kept[first:last]

    # ---- metadata ----------------------------------------------------------------------------

    def _title(self, page: bodyfinder.Page, start: int, doc_title: str) -> str | None:
        if self.rules.title and (node := self.tree.css_first(self.rules.title)):
            self.explain.append(f"title: rule {self.rules.title!r}")
            return normalize_whitespace(node.text(deep=True)) or None
        reference = doc_title or meta.meta_title(self.tree) or ""
        best, best_score = None, 0.0
        for i in range(max(0, start - TITLE_WINDOW_BLOCKS), min(len(page.blocks), start + 5)):
            block = page.blocks[i]
            element = page.elements[block.element]
            titled = "title" in element.label.lower() or "headline" in element.label.lower()
            if not (block.heading or titled) or not 2 <= block.units <= 80:
                continue
            overlap = meta.similarity(block.text, reference) if reference else 0.5
            score = overlap + (0.3 if element.tag == "h1" else 0.15 if block.heading else 0.1)
            if overlap >= 0.5 and score > best_score:
                best, best_score = block.text, score
                how = f"title: {element.label} ({overlap:.0%} of it in <title>)"
        if best:
            self.explain.append(how)
            return repair_pinyin(best)
        og = meta.meta_title(self.tree)
        if og:
            self.explain.append("title: meta og:title")
            return meta.strip_site_name(og)
        if doc_title:
            self.explain.append("title: <title>, site name stripped")
            return meta.strip_site_name(doc_title)
        return None

    def _published(self, meta_lines: list[str], before: list[str], kept: list[int],
                   page: bodyfinder.Page) -> str | None:
        tz = self.timezone
        if self.rules.date and (node := self.tree.css_first(self.rules.date)):
            raw = node.attributes.get("datetime") or node.attributes.get("content") or node.text(deep=True)
            if value := meta.parse_machine_date(raw or "", tz):
                self.explain.append(f"published: rule {self.rules.date!r}")
                return value
        value, how = meta.date_from_markup(self.tree, tz)
        if value:
            self.explain.append(f"published: {how}")
            return value
        lines = meta_lines + before
        tail = [page.blocks[i].text for i in kept[-3:]]
        searches = (
            ("labelled date near the body", lambda: meta.labelled_date("\n".join(lines), tz)),
            ("date line near the body", lambda: _first(meta.parse_date(t, tz) for t in lines if units(t) < 60)),
            ("date at the end of the body", lambda: _first(meta.parse_date(t, tz) for t in tail if units(t) < 40)),
            ("date in the URL", lambda: meta.date_from_url(self.url, tz)),
            ("labelled date in the page", lambda: meta.labelled_date("\n".join(b.text for b in page.blocks), tz)),
        )
        for how, search in searches:
            if value := search():
                self.explain.append(f"published: {how}")
                return value
        return None

    def _author_source(self, lines: list[str]) -> tuple[str | None, str | None]:
        text = "\n".join(lines)
        author, how = meta.author_from_text(text)
        if not author:
            author, how = meta.author_from_markup(self.tree)
        source, how_source = meta.source_from_text(text)
        if not source:
            source, how_source = meta.source_from_markup(self.tree)
        for field_name, value, found in (("author", author, how), ("source", source, how_source)):
            if value:
                self.explain.append(f"{field_name}: {found}")
        return author, source

    # ---- text repair -------------------------------------------------------------------------

    def _repair(self, paragraphs: list[str]) -> list[str]:
        repaired = []
        pinyin = mojibake = 0
        for text in paragraphs:
            fixed = repair_pinyin(text)
            pinyin += fixed != text
            if find_mojibake(fixed):
                mojibake += 1
                fixed = repair_mojibake(fixed)
            repaired.append(normalize_whitespace(fixed))
        if pinyin:
            self.explain.append(f"repair: leaked pinyin removed in {pinyin} paragraph(s)")
        if mojibake:
            self.warnings.append(f"mojibake: UTF-8 read as GBK in {mojibake} paragraph(s); lossless runs repaired")
        return [p for p in repaired if p]


def _first(values) -> str | None:
    return next((v for v in values if v), None)


def to_reference_format(article: Article) -> str:
    """The plain-text layout of `seeds/`: title, metadata lines, then one paragraph per line."""
    lines = [article.title or ""]
    for label, value in (("发布时间", article.published), ("作者", article.author), ("来源", article.source)):
        if value:
            lines.append(f"{label}：{value}")
    lines.append("")
    lines.extend(article.paragraphs)
    return "\n".join(lines) + "\n"


def to_json(article: Article, **extra: object) -> str:
    return json.dumps({**article.to_dict(), **extra}, ensure_ascii=False)
