"""The extractor: runs the finders of this package's modules in order on a page and chooses among what they find
(the package's docstring says which finds what); `extract` is its entry point."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import chain, islice, takewhile
from operator import attrgetter
from typing import NamedTuple
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from crawler.charset import Decoded, decode
from crawler.extract import body as bodyfinder
from crawler.extract import (
    bylines,
    dates,
    files,
    headline,
    markup,
    pages,
    published,
    retired,
    selection,
    subtitles,
    tables,
    titles,
)
from crawler.extract import prune as pruning
from crawler.extract import walk as walking
from crawler.extract.article import Article, Image, to_json, to_reference_format
from crawler.extract.blocked import blocking_notice, unavailable_notice
from crawler.extract.boilerplate import (
    ATTACHMENT_HEADING,
    ATTACHMENT_LIST_START,
    POST_HEADER,
    SOFT_404_HEAD_CHARS,
    is_soft_404,
    without_home_link,
)
from crawler.extract.heuristics import (
    ANSWERS_HEADING_MAX_UNITS,
    ATTACHMENTS_BELOW_MAX_GAP,
    BLOG_HEADER_BLOCKS,
    COMMENT_BOX_MAX_DEPTH,
    COURT_HEAD_MAX_LINES,
    COURT_SIGNATURE_MAX_LINES,
    DATELINE_LEAD,
    DISCLOSURE_TABLE_LINES,
    LABELLED_DATE_AFTER_BODY_LINES,
    LABELLED_LEAD,
    LEAD_ABOVE_MAX_BLOCKS,
    META_WINDOW_BLOCKS,
    SOFT_404_MAX_UNITS,
    SPEECH_OPENING_LINES,
    TIME_LINE_AFTER_BODY_LINES,
    TITLE_MAX_UNITS,
    TITLE_MIN_UNITS_WITHOUT_REFERENCE,
    article_score,
    is_comment_hint,
    units,
)
from crawler.extract.language import guess_language
from crawler.extract.repair import (
    ANY_HAN,
    find_mojibake,
    limit_nesting,
    may_hold_mojibake,
    may_nest_too_deep,
    normalize_whitespace,
    repair_mojibake,
)
from crawler.extract.rules import SiteRules

__all__ = ["Article", "Image", "SiteRules", "extract", "extract_html", "to_json", "to_reference_format"]

_UNITS, _LINK_UNITS, _LINKS = attrgetter("units"), attrgetter("link_units"), attrgetter("links")


def extract(body: bytes, url: str | None = None, *, content_type: str | None = None,
            charset: str | None = None, rules: SiteRules | None = None,
            timezone: str = "Asia/Shanghai") -> Article:
    """Decode `body` like a fetch would, then extract the article."""
    decoded = decode(body, content_type, forced=charset)
    article = _extract(decoded.text, _utf8_source(body, decoded), url, rules, timezone, decoded.charset)
    return replace(article, charset=decoded.charset, charset_source=decoded.source)


def extract_html(html: str, url: str | None = None, *, rules: SiteRules | None = None,
                 timezone: str = "Asia/Shanghai") -> Article:
    """Extract from already-decoded HTML. Never raises on bad markup: failures become warnings."""
    return _extract(html, None, url, rules, timezone)


def _utf8_source(body: bytes, decoded: Decoded) -> bytes | None:
    """`body` itself when it is exactly the UTF-8 of the decoded text (a clean UTF-8 page without a
    BOM): the parser then reads it as it is instead of a re-encoded copy."""
    if decoded.charset == "utf-8" and decoded.strict and decoded.source != "bom":
        return body
    return None


def _extract(html: str, utf8: bytes | None, url: str | None, rules: SiteRules | None, timezone: str,
             charset: str = "utf-8") -> Article:
    try:
        return _Extraction(html, utf8, url, rules or SiteRules(), timezone, charset).run()
    except Exception as exc:  # one bad page must never stop a run; the raw page is kept for a redo
        return Article(title=None, published=None, author=None, source=None, paragraphs=(),
                       warnings=(f"extraction failed: {type(exc).__name__}: {exc}",))


class _Verdict(NamedTuple):
    """What the page is, beside its text: see _Extraction._verdict."""

    score: float
    soft_404: bool
    blocked: str | None
    unavailable: str | None
    sends_to: str | None


class _Extraction:
    def __init__(self, html: str, utf8: bytes | None, url: str | None, rules: SiteRules, timezone: str,
                 charset: str = "utf-8") -> None:
        self.url, self.rules, self.timezone = url, rules, timezone
        self.charset = charset  # (the page's: its links' queries are written in it)
        # (Big5 is Taiwan's and Hong Kong's: there a two-digit year before 2011 is the Republic's, 97年 for 2008)
        self.roc_years = charset.startswith("big5")
        self.html = html  # (read again only for a page's script data, when nothing else dates it)
        # The parser reads UTF-8 (a str it would encode itself, dropping what cannot be encoded).
        data = utf8 if utf8 is not None else html.encode("utf-8", "ignore")
        if may_nest_too_deep(data):
            data = limit_nesting(html).encode("utf-8", "ignore")
        self.tree = LexborHTMLParser(data)
        if self.tree.body is None:  # (a frameset page: the parser gives it no <body>)
            self.tree = _noframes_document(self.tree) or self.tree
        self.explain: list[str] = []
        self.warnings: list[str] = []
        self.edge_lines: list[str] = []  # short label lines trimmed off the body (bylines among them)
        self.leading_edge: list[str] = []  # ...those above it
        self.credit_lines: list[tuple[str, int]] = []  # furniture below the text that credits it, and where
        self.edge_images: list[tuple[str, str]] = []
        self.court_lines: set[int] = set()  # a court document's head and signature lines (never trimmed)
        self.attachment_lines: set[int] = set()  # a 附件 list under the text, in a box of its own
        self.banners: set[int] = set()  # the lines before the body that are a banner's date of the day

    def run(self) -> Article:
        page, forced, canonical_links, declared_lang = self._read_page()
        title, title_block = self._title(page, self.doc_title)
        self.title_block = title_block  # (a banner's date of the day is above it: published.banner_dates)
        scores = bodyfinder.score(page, title_block)
        body_positions = self._find_body(page, scores, forced, title_block)
        start = body_positions[0] if body_positions else len(page.blocks)
        title = self._title_over_body(page, title, title_block, body_positions, start)
        chosen = selection.Selection(self.timezone, self.court_lines, self.attachment_lines, self.explain) \
            .select(page, scores, body_positions, title)
        self.edge_lines, self.leading_edge = chosen.edge_lines, chosen.leading_edge
        self.credit_lines, self.edge_images = chosen.credit_lines, chosen.edge_images
        subtitle = self._subtitle(page, title, title_block, chosen.kept)
        kept, published_at, author, source = self._metadata(page, scores, body_positions, start, chosen, title)
        if page.pinyin_repairs:
            self.explain.append(f"repair: leaked pinyin removed in {page.pinyin_repairs} block(s)")
        lines, rows = tables.body_lines(page, kept)
        if rows:
            self.explain.append(f"tables: {rows} row(s) read across, one to a line")
        paragraphs = self._repair(lines)
        base = self.link_base
        links = tuple(dict.fromkeys(bodyfinder.absolute(base, link) for i in kept for link in page.blocks[i].links))
        pictures = self.edge_images + [image for i in kept for image in page.blocks[i].images]
        images = tuple(dict.fromkeys(Image(bodyfinder.absolute(base, src), alt) for src, alt in pictures))
        text = "\n".join(paragraphs)
        verdict = self._verdict(page, kept, paragraphs, title)
        others = self._article_pages(page)
        return Article(
            title=title, published=published_at, author=author, source=source, paragraphs=tuple(paragraphs),
            subtitle=subtitle,
            language=guess_language(text or (title or ""), declared_lang), links=links, images=images,
            warnings=tuple(self.warnings), article_score=verdict.score, soft_404=verdict.soft_404,
            blocked=verdict.blocked, unavailable=verdict.unavailable, explain=tuple(self.explain),
            canonical_links=canonical_links, continued_on=others.further, first_page=others.first,
            named_files=files.named_files(page, kept, base), offered_files=files.offered_files(page, kept, base),
            sends_to=verdict.sends_to,
        )

    def _read_page(self) -> tuple[bodyfinder.Page, frozenset[int], tuple[str, ...], str | None]:
        """The page's markup facts read, its hidden and furniture nodes pruned, and its blocks walked: the
        page, the nodes a body rule names, the canonical links and the declared language."""
        tree = self.tree
        doc_title_node = tree.css_first("title")
        self.doc_title = normalize_whitespace(doc_title_node.text(deep=True)) if doc_title_node else ""
        html_node = _document_element(tree)
        declared_lang = html_node.attributes.get("lang") if html_node else None
        # (Taiwan's pages in any charset write the Republic's years: a .tw address or lang="zh-TW")
        self.roc_years = self.roc_years or _is_taiwanese(self.url, declared_lang)
        for selector in self.rules.drop:
            removed = pruning.decompose_outermost(self._rule_matches("drop", selector))
            self.explain.append(f"dropped by rule {selector!r}: {removed} block(s)")
        # One scan of the tree finds the markup facts and what pruning removes (<meta>, JSON-LD and
        # hidden nodes go with it: they are read first). (Drop rules may have removed <title>.)
        facts, candidates = _scan(tree)
        canonical_links = tuple(self._read_markup(tree.css_first("title") if self.rules.drop else doc_title_node,
                                                  facts))
        saved_from = _SAVED_FROM.search(self.html, 0, _SAVED_FROM_WITHIN)
        # (the addresses that may date the page: its own, canonical, or as the browser that saved it noted)
        self.addresses = (self.url, *canonical_links, *(saved_from.groups() if saved_from else ()))
        pruning.prune(tree, candidates, chinese=ANY_HAN.search(self.doc_title) is not None)
        forced = frozenset(node.mem_id for node in self._rule_matches("body", self.rules.body))
        root = tree.root
        page = walking.walk(root, self.url, forced) if root is not None else walking.Page([], [])
        if not page.elements:
            page.elements.append(walking.Element("body", -1, "", 0, 0))
        return page, forced, canonical_links, declared_lang

    def _find_body(self, page: bodyfinder.Page, scores: bodyfinder.Scores, forced: frozenset[int],
                   title_block: int) -> list[int]:
        """The body's block positions: the best element's (or a rule's), with what opens, heads, signs
        or lists under the story apart from it."""
        body_index = self._body_element(page, scores, forced, title_block)
        if forced:
            return self._body_positions(page, scores, body_index, forced)
        body_index = self._with_answers(page, scores, body_index)
        body_positions = self._body_positions(page, scores, body_index, forced)
        body_positions = self._with_lead_above(page, body_positions, scores.gallery)
        body_positions = self._with_court_document_parts(page, body_positions)
        return self._with_attachments_below(page, body_positions)

    def _title_over_body(self, page: bodyfinder.Page, title: str | None, title_block: int,
                         body_positions: list[int], start: int) -> str | None:
        """The title, or a line atop or above the body when the title is no line of the page and <title>
        names only the site or a channel; without a forum's 主题： label."""
        # (a <title> too short to name a page names a site or a channel: 在线访谈--中国江城网)
        names_no_page = title and (titles.is_site_name(title) or units(title) < TITLE_MIN_UNITS_WITHOUT_REFERENCE)
        if title_block < 0 and names_no_page and not self.rules.title \
                and (atop := headline.headline_atop(page, body_positions)) >= 0:
            self.explain.append(f"title: the body's first line, over its date line (<title> {title!r} names no page)")
            title = page.blocks[atop].text
        elif title_block < 0 and title and not self.rules.title \
                and (named := headline.title_part_above(page, start, self.doc_title, title)) >= 0:
            self.explain.append("title: the line above the body that another part of <title> names")
            title = page.blocks[named].text
        elif title_block < 0 and title and not self.rules.title \
                and (titles.is_site_name(title) or headline.names_site_and_channel(self.doc_title)) \
                and (above := headline.headline_above(page, start)) >= 0:
            self.explain.append(f"title: the line above the body (<title> {title!r} names only the site)")
            title = page.blocks[above].text
        if title and title[:1] in "主标主標" and (label := headline.TITLE_LABEL.match(title)):
            title = title[label.end():] or title  # (a forum's 主题：故乡的河)
        return title

    def _metadata(self, page: bodyfinder.Page, scores: bodyfinder.Scores, body_positions: list[int], start: int,
                  chosen: selection.Selected, title: str | None) -> tuple[list[int], str | None, str | None,
                                                                           str | None]:
        """The date, author and source, read from the lines around and inside the body; and the text's
        blocks without a speech's speaker line (which names its author)."""
        kept, meta_lines = chosen.kept, chosen.meta_lines
        near = _near(page.blocks, start, -1, META_WINDOW_BLOCKS, scores.in_grid)
        before = [page.blocks[i].text for i in near]
        # (the text's own lines: a list of attachments in a box under it is read as text, not for its signature)
        text_ends = [i for i in body_positions if i not in self.attachment_lines]
        end = text_ends[-1] + 1 if text_ends else len(page.blocks)
        after = _texts_near(page.blocks, end, 1, META_WINDOW_BLOCKS // 2, scores.in_grid)
        self.page, self.start, self.end = page, start, end  # (for the finders, which read only what they need)
        signed = [i for i in kept if i not in self.attachment_lines] or kept
        self.title = title
        self.banners = banners = published.banner_dates(page, near, self.title_block, start, self.timezone,
                                                                self.url)
        if banners:
            self.explain.append(f"published: not the banner's date of the day: {page.blocks[min(banners)].text[:40]}")
        dated_before = [page.blocks[i].text for i in near if i not in banners] if banners else before
        published_at = self._published(meta_lines, dated_before, after, signed, page)
        # (and the short lines trimmed off its edges: a byline of its own, 每经记者 李娜　每经编辑 何剑)
        byline_paragraphs = [*(page.blocks[i].text for i in kept[:2]), *self.edge_lines,
                             *(page.blocks[i].text for i in signed[-2:])]
        top = [block.text for block in page.blocks[:min(start, BLOG_HEADER_BLOCKS)]
               if bylines.may_name_a_blog(block.text)]
        credits = [line for line, _ in self.credit_lines]
        # (the body's last lines, and those dropped right under them: a signature, then its date)
        closing = range(signed[-2 if len(signed) > 1 else -1], min(signed[-1] + 3, end)) if signed else range(0)
        self.closing_lines = [*(page.blocks[i].text for i in closing), *after[:2]]
        opening = [*self.leading_edge, *(page.blocks[i].text for i in kept[:SPEECH_OPENING_LINES])]
        self.speaker, line = bylines.speaker_of_speech(opening)
        if line >= len(self.leading_edge):  # (the speaker's line under a speech's title is no part of its text)
            self.explain.append(f"dropped (speaker): {opening[line]}")
            kept = [i for i in kept if i != kept[line - len(self.leading_edge)]]
        head = [page.blocks[i].text for i in kept[:DISCLOSURE_TABLE_LINES]]
        # (below the post's own footer, a header naming a poster, 股海沉浮 发表于 2008-4-17 15:01, is a comment's)
        after_post = after[:1] + [line for line in after[1:] if not POST_HEADER.search(line)]
        # (the lines the body opens with and lost: a post's user panel, 川西行者 then 级别: 骑士, 发帖: 613)
        leading = [page.blocks[i].text for i in range(start, kept[0])] if kept else []
        author, source = self._author_source(meta_lines + before + self.edge_lines + after_post + credits,
                                             byline_paragraphs, meta_lines + before, top, after[:1], head, leading)
        return kept, published_at, author, source

    def _verdict(self, page: bodyfinder.Page, kept: list[int], paragraphs: list[str], title: str | None) -> _Verdict:
        """How much the page reads as an article, and whether it is a notice in one's place (not found,
        blocked, unavailable) or a page without text that sends its reader on."""
        body_units = units("\n".join(paragraphs))
        all_units = sum(map(_UNITS, page.blocks)) or 1.0
        link_density = sum(map(_LINK_UNITS, page.blocks)) / all_units
        score = article_score(body_units, sum(page.blocks[i].punct for i in kept), len(paragraphs), link_density)
        # A notice page (not found, blocked) is told by its first lines (its marker is looked for there, and a
        # page longer than a notice is none): the whole text is only joined when they say "maybe".
        named, head = self.doc_title or title, _page_head(page)
        soft_404 = is_soft_404(named, head, all_units, body_units)
        sends_to = None
        if not paragraphs:  # (a page left in a retired one's place: it sends the reader on, an alert saying why)
            # (by its scripts only where the page is a stub, with next to no text: a template's scripts do much else)
            stub = all_units < SOFT_404_MAX_UNITS
            target = retired.refresh_target(self.refresh) or (retired.script_target(self.html) if stub else None)
            sends_to = bodyfinder.absolute(self.link_base, target) if target else None
            soft_404 = soft_404 or (stub and retired.alerts_not_found(self.html))
        if soft_404:
            self.warnings.append("soft_404: the page says it does not exist")
            score = 0.0
        blocked = blocking_notice(named, head) and blocking_notice(named, _page_text(page))
        if blocked:
            self.warnings.append(f"blocked: a firewall or anti-robot page stands in the page's place ({blocked})")
            score = 0.0
        unavailable = not blocked and unavailable_notice(named, head) and unavailable_notice(named, _page_text(page))
        if unavailable:
            self.warnings.append(f"unavailable: a server's error or maintenance page stands in the page's place "
                                 f"({unavailable})")
            score = 0.0
        return _Verdict(score, soft_404, blocked, unavailable or None, sends_to)

    def _article_pages(self, page: bodyfinder.Page) -> pages.ArticlePages:
        found = self._linked_pages(page)
        if not found.first and not found.further and ANY_HAN.search(self.doc_title):  # (TRS is a Chinese CMS)
            found = pages.scripted_pages(self.url, self.html)
            if found.first or found.further:
                self.explain.append("pages: named by the page's pager script (createPageHTML)")
        if found.first:
            self.explain.append(f"pages: a later page of the article that begins at {found.first}")
        if found.further:
            self.explain.append(f"pages: the article goes on over {len(found.further)} more page(s), "
                                f"{found.further[0]} first")
        return found

    def _linked_pages(self, page: bodyfinder.Page) -> pages.ArticlePages:
        marks = pages.link_marks(self.url)
        links = "\n".join(chain.from_iterable(map(_LINKS, page.blocks))).lower() if marks else ""
        if not any(mark in links for mark in marks):  # (most pages link no page of theirs: told in C)
            return pages.ArticlePages(None, ())
        pagers = (block.links for block in page.blocks if block.links and pages.is_pager(block.text))
        hrefs = chain.from_iterable(pagers)
        if self.link_base != self.url:  # (relative to the page's <base href>)
            hrefs = (bodyfinder.absolute(self.link_base, href) for href in hrefs)
        return pages.article_pages(self.url, hrefs, self.charset)

    # ---- body --------------------------------------------------------------------------------

    def _body_element(self, page: bodyfinder.Page, scores: bodyfinder.Scores, forced: frozenset[int],
                      title_block: int = -1) -> int:
        if forced:
            for index, element in enumerate(page.elements):
                if element.mem_id in forced:
                    self.explain.append(f"body: rule {self.rules.body!r} -> {element.label}")
                    return index
            self.explain.append(f"body: rule {self.rules.body!r} matched nothing; heuristics used")
        index = bodyfinder.choose_body(page, scores)
        self.explain.append(f"body: heuristic best subtree {page.elements[index].label} "
                            f"(value {scores.value[index]:.0f}, {scores.units[index]:.0f} units)")
        if (box := bodyfinder.related_box_around(page, scores, index)) >= 0:
            index = bodyfinder.choose_body(page, scores, bodyfinder.subtree_mask(page, box))
            self.explain.append(f"body: that is in a box of related reading, {page.elements[box].label}; "
                                f"the best subtree outside it is {page.elements[index].label}")
        if (article := bodyfinder.article_above_comments(page, scores, index, title_block)) != index:
            self.explain.append(f"body: that holds the readers' comments; the article above them is "
                                f"{page.elements[article].label}")
            index = article
        if (grown := bodyfinder.paragraph_grown(page, scores, index)) != index:
            self.explain.append(f"body: the paragraph's container, {page.elements[grown].label}, holding more prose")
            index = grown
        if (post := bodyfinder.first_post(page, scores, index)) != index:
            self.explain.append(f"body: the thread's first post, {page.elements[post].label}")
        return post

    def _with_answers(self, page: bodyfinder.Page, scores: bodyfinder.Scores, body_index: int) -> int:
        """On a question's page (3 个回答, 最佳答案, 其他回答 heading its answers), the element holding the
        question and its answers, when the body chosen is the question alone."""
        elements = page.elements
        headings = [block.element for block in page.blocks if block.units <= ANSWERS_HEADING_MAX_UNITS
                    and "答" in block.text and _ANSWERS_HEADING.fullmatch(block.text)]  # (a quick test first)
        if not headings:
            return body_index
        # The element holding the body and every answers heading: 满意答案 may head the best answer's own
        # box, and 其他回答 the next.
        element = body_index
        for heading in headings:
            holders = set()
            while element >= 0:
                holders.add(element)
                element = elements[element].parent
            element = heading
            while element >= 0 and element not in holders:
                element = elements[element].parent
        if element < 0 or element == body_index or elements[element].tag in ("html", "body") \
                or scores.furniture[element] or scores.value[element] <= 0:
            return body_index
        self.explain.append(f"body: the question and its answers, {elements[element].label}")
        return element

    def _body_positions(self, page: bodyfinder.Page, scores: bodyfinder.Scores, body_index: int,
                        forced: frozenset[int]) -> list[int]:
        """The blocks of the body element's subtree; when its article goes on in sibling elements of its
        class (bodyfinder.article_parts), every block from its first part to its last under their parent."""
        parts = [body_index] if forced else bodyfinder.article_parts(page, scores, body_index)
        elements, blocks = page.elements, page.blocks
        if len(parts) == 1:  # (a thread's first post, when the chosen part was a later one)
            inside = bodyfinder.subtree_mask(page, parts[0])
            return [i for i, block in enumerate(blocks) if inside[block.element]]
        parent = elements[parts[0]].parent
        container = parent if all(elements[part].parent == parent for part in parts) else elements[parent].parent
        in_parts = bodyfinder.subtrees_mask(page, parts)
        inside = bodyfinder.subtree_mask(page, container)
        part_blocks = [i for i, block in enumerate(blocks) if in_parts[block.element]]
        self.explain.append(f"body: continued in {len(parts) - 1} sibling(s) of its class under "
                            f"{elements[container].label}")
        return [i for i in range(part_blocks[0], part_blocks[-1] + 1) if inside[blocks[i].element]]

    def _with_lead_above(self, page: bodyfinder.Page, positions: list[int], gallery: bool) -> list[int]:
        """`positions` and, before them, what opens the story when it sits apart a few lines above (its own
        cell, a picture between): its lead (【明報專訊】…), unless the body opens with a dateline itself; a
        labelled lead or editor's note (【导语】, 编者按：); above a gallery's captions, its introduction."""
        blocks = page.blocks
        if not positions:
            return positions
        first = next((blocks[i].text for i in positions if blocks[i].text), "")
        dateline_below = DATELINE_LEAD.match(first) is not None
        start, seen = positions[0], 0
        for i in range(start - 1, -1, -1):
            block = blocks[i]
            if not block.text:
                continue
            seen += 1
            if seen > LEAD_ABOVE_MAX_BLOCKS:
                break
            if not block.punct or block.link_units:
                continue
            if LABELLED_LEAD.match(block.text) or (not dateline_below and DATELINE_LEAD.match(block.text)) \
                    or (gallery and not bylines.is_metadata_line(block.text, block.units)):
                if block.text[:30] in "".join(blocks[j].text for j in positions[:LEAD_ABOVE_MAX_BLOCKS * 2]):
                    # (a summary box that repeats the lead the body opens with)
                    return positions
                self.explain.append(f"body: the lead above it ({block.text[:20]}…)")
                # (with a picture between, not a bar of tabs: 直播 赛事信息 互动)
                between = [j for j in range(i + 1, start) if not blocks[j].text or blocks[j].punct]
                return [i, *between, *positions]
        return positions

    def _with_attachments_below(self, page: bodyfinder.Page, positions: list[int]) -> list[int]:
        """`positions` and a list of attachments set right under the text in a box of its own (TRS's div.fj: 附件：,
        then 1.考核结果.pdf, each a link to its file): a notice's attachments are often what it publishes."""
        if not positions:
            return positions
        blocks, end = page.blocks, positions[-1] + 1
        start = next((i for i in range(end, min(end + ATTACHMENTS_BELOW_MAX_GAP + 1, len(blocks)))
                      if ATTACHMENT_HEADING.match(blocks[i].text) or ATTACHMENT_LIST_START.match(blocks[i].text)), -1)
        if start < 0:
            return positions
        listed = list(takewhile(lambda i: files.names_a_file(blocks[i]), range(start + 1, len(blocks))))
        if not listed and not ATTACHMENT_LIST_START.match(blocks[start].text):
            return positions  # (a bare 附件： over nothing it names)
        self.explain.append(f"body: the attachments listed under it ({len(listed) or 1} line(s))")
        self.attachment_lines.update([start, *listed])
        return [*positions, start, *listed]

    def _with_court_document_parts(self, page: bodyfinder.Page, positions: list[int]) -> list[int]:
        """`positions` and, around them, a court document's head (its court, 民 事 判 决 书 and case number
        （2021）沪01民终5678号, right above) and signature (审判长…, its date, 书记员…, right below), which
        the document's CMS sets in elements of their own beside its text."""
        if not positions:
            return positions
        blocks = page.blocks
        above = [i for i in range(positions[0] - 1, max(positions[0] - 1 - COURT_HEAD_MAX_LINES, -1), -1)
                 if blocks[i].text]
        head: list[int] = []
        if above and _CASE_NUMBER.match(blocks[above[0]].text):
            head.append(above[0])
            for i in above[1:]:  # (the lines above the case number that name the court and the document)
                if blocks[i].link_units or blocks[i].punct or blocks[i].heading or blocks[i].units > TITLE_MAX_UNITS:
                    break  # (the page's headline above them is the title's)
                head.insert(0, i)
        signature = _court_signature(blocks, range(positions[-1] + 1, len(blocks)))
        # (or the head and the signature inside the text's own element: lines the edges would lose as labels)
        first_lines = list(islice((i for i in positions if blocks[i].text), COURT_HEAD_MAX_LINES))
        numbered = next((n for n, i in enumerate(first_lines) if _CASE_NUMBER.match(blocks[i].text)), -1)
        inner_head = first_lines[:numbered + 1] if not head else []
        marked = head + signature + inner_head + _court_signature(blocks, reversed(positions))
        if marked:
            self.explain.append(f"body: a court document's head and signature ({len(marked)} lines)")
            self.court_lines.update(marked)
        return [*head, *positions, *signature]

    # ---- metadata ----------------------------------------------------------------------------

    def _rule_matches(self, field_name: str, selector: str | None) -> list:
        """Nodes a site rule selects; a selector that is not valid CSS is a warning, not a crash."""
        if not selector:
            return []
        try:
            return self.tree.css(selector)
        except SelectolaxError:
            self.warnings.append(f"rule {field_name}: {selector!r} is not a valid CSS selector")
            return []

    def _read_markup(self, title_node: LexborNode | None, facts: list[markup.ScannedNode]) -> list[str]:
        """Title, date, author and source from markup (rules first); returns the canonical links."""
        tree, tz = self.tree, self.timezone
        self.rule_title = self.rule_date = None
        if node := next(iter(self._rule_matches("title", self.rules.title)), None):
            self.rule_title = normalize_whitespace(node.text(deep=True)) or None
        if node := next(iter(self._rule_matches("date", self.rules.date)), None):
            raw = node.attributes.get("datetime") or node.attributes.get("content") or node.text(deep=True)
            self.rule_date = dates.parse_machine_date(raw or "", tz)
        metas = markup.MetaTags(tree, facts)
        self.markup_date = dates.date_from_markup(tree, tz, metas)
        self.markup_author = bylines.author_from_markup(tree, self.url, title_node.text() if title_node else "", metas)
        self.markup_source = bylines.source_from_markup(tree, metas)
        self.meta_title = titles.meta_title(tree, metas)
        self.link_base = _link_base(self.url, metas.base_href)
        self.refresh = metas.http_equiv("refresh")
        return metas.canonical_links

    def _title(self, page: bodyfinder.Page, doc_title: str) -> tuple[str | None, int]:
        """The title, and the index of its block in the page (-1 when it is not a block)."""
        if self.rule_title:
            self.explain.append(f"title: rule {self.rules.title!r}")
            return self.rule_title, -1
        reference = " ".join(filter(None, (doc_title, self.meta_title)))
        best_index, how, first_h1 = headline.heading_that_title_names(page, reference)
        if best_index < 0 and not self.meta_title and (noted := titles.enp_title(self.html)):
            # (a Founder ENP page's comment notes the title <title> may not name: read only when needed, as
            # finding it scans the whole page's text)
            self.meta_title = noted
            reference = " ".join(filter(None, (doc_title, noted)))
            best_index, how, first_h1 = headline.heading_that_title_names(page, reference)
        named = titles.strip_site_name(self.meta_title or doc_title) if reference else ""  # (what <title> names)
        if best_index >= 0:
            self.explain.append(how)
            text = headline.with_next_headline_line(page, best_index, reference)
            return headline.without_thread_prefix(text, reference), best_index
        if (labelled := headline.labelled_title_cell(page)) >= 0:
            self.explain.append("title: the cell a 標題 label names")
            return page.blocks[labelled].text, labelled
        if first_h1 >= 0 and units(named) < TITLE_MIN_UNITS_WITHOUT_REFERENCE:
            self.explain.append("title: first <h1> (<title> holds only the site name)")
            return page.blocks[first_h1].text, first_h1
        if first_h1 >= 0 and doc_title.startswith(page.blocks[first_h1].text):
            self.explain.append("title: first <h1>, which <title> begins with (and runs on past)")
            return page.blocks[first_h1].text, first_h1
        if (short := headline.short_headline_h1(page, doc_title)) >= 0:
            self.explain.append("title: the first <h1>, <title>'s first part word for word (a short headline)")
            return page.blocks[short].text, short
        if not reference and (first := headline.first_headline(page, "")) >= 0:
            self.explain.append("title: first heading (no <title>)")
            return page.blocks[first].text, first
        # (a whole <title> too short to name a page names the site or app, 潮新闻, unless a line of the page is
        # it: 槐花落; so does a part too short before the site's name, a channel: 图片新闻 - 东平日报)
        if named and (titles.is_site_name(named) or (headline.names_a_channel_or_app(reference, named)
                                                         and all(block.text != named for block in page.blocks))):
            if (first := headline.first_headline(page, named)) >= 0:
                self.explain.append(f"title: first heading (<title> {named!r} names only the site)")
                return page.blocks[first].text, first
            if styled := self._title_classed_inline(named):
                self.explain.append(f"title: first title-classed element (<title> {named!r} names only the site)")
                return styled, -1
        if (quoted := headline.title_quoted_in_text(page, doc_title)) >= 0:
            self.explain.append("title: the page text that <title> quotes (its prefix or suffix dropped)")
            return page.blocks[quoted].text, quoted
        if (part := headline.title_end_part_in_text(page, doc_title)) >= 0:
            self.explain.append("title: the page line that is the last part of <title>, bare hyphens apart")
            return page.blocks[part].text, part
        if self.meta_title and units(self.meta_title) <= TITLE_MAX_UNITS:
            self.explain.append("title: meta og:title")
            return titles.strip_site_name(self.meta_title), -1
        if doc_title:
            self.explain.append("title: <title>, site name stripped")
            return titles.strip_site_name(doc_title), -1
        return None, -1

    def _subtitle(self, page: bodyfinder.Page, title: str | None, title_block: int, kept: list[int]) -> str | None:
        """The headline's subtitle or kicker set apart from the text (see crawler/extract/subtitles.py)."""
        if self.rules.title or title is None or title_block < 0 or page.blocks[title_block].text != title:
            return None  # (a title a rule chose, or one made of more than its block: no line to stand beside)
        found = subtitles.subtitle_blocks(page, title_block, set(kept))
        for index in found:
            self.explain.append(f"subtitle: {page.elements[page.blocks[index].element].label}, beside the headline")
        return "\n".join(page.blocks[index].text for index in found) or None

    def _title_classed_inline(self, site_name: str) -> str | None:
        """The text of the first element classed or named like a title (<span id="newtitle">): the walk
        only knows block elements. Queried only when <title> names just the site and no heading helps."""
        for node in self.tree.css('[class*="title"], [id*="title"]'):
            text = normalize_whitespace(node.text(deep=True) or "")
            if TITLE_MIN_UNITS_WITHOUT_REFERENCE <= units(text) <= TITLE_MAX_UNITS and text != site_name \
                    and node.css_first("a") is None and node.tag != "a":
                return text
        return None

    def _published(self, meta_lines: list[str], before: list[str], after: list[str], kept: list[int],
                   page: bodyfinder.Page) -> str | None:
        tz = self.timezone
        # (fields in <span>s with nothing between them: 作者：陈雨时间：2019-09-26 names a time, not 雨时间)
        meta_lines = [bylines.unglue_labels(line, times=True) for line in meta_lines]
        before = [bylines.unglue_labels(line, times=True) for line in before]
        if self.roc_years:  # (刊登日期：97年11月5日, 99-10-01 on a Taiwanese page of 2008 or 2010)
            meta_lines, before, after = ([dates.with_roc_short_years(line) for line in lines]
                                         for lines in (meta_lines, before, after))
        if self.rule_date:
            self.explain.append(f"published: rule {self.rules.date!r}")
            return self.rule_date
        value, how = self.markup_date
        if value and how in dates.VAGUE_DATE_METAS \
                and (labelled := published.labelled_date_near(meta_lines, before, tz)) and labelled[:10] != value[:10]:
            # <meta name="DC.Date"> may be any date of the page (its update); 發布日期 on it says which it is.
            value, how = labelled, f"labelled date near the body, not {how}"
        if value:
            self.explain.append(f"published: {how}")
            # (<meta name="publishdate" content="2024-03-12">: the line under the headline has the minutes,
            # or a time line of its own right after the body: 香港時間16時30分 under a press release)
            value = dates.with_time_line(value, meta_lines + self.edge_lines + after[:TIME_LINE_AFTER_BODY_LINES])
            return self._timed(value, meta_lines, before, after, None)
        lines = meta_lines + before[::-1]  # nearest the body first: a banner may show today's date
        tail = [page.blocks[i].text for i in kept[-3:]]
        searches = (
            ("labelled date near the body", lambda: published.labelled_date_near(meta_lines, before, tz)),
            # (a 发布日期 in the tools row right under the text, before an unlabelled date in a side list above it)
            ("labelled date right after the body",  # (not a comment's: 1楼 匿名人士 发表于 2012-11-02 14:25:10)
             lambda: dates.labelled_date("\n".join(line for line in after[:LABELLED_DATE_AFTER_BODY_LINES]
                                                  if not POST_HEADER.search(line) and "楼" not in line), tz)),
            ("date line near the body", lambda: published.date_line_or_later_label(lines, after, tz)),
            # (a post's footer right under it, before the labelled dates of the comments further down)
            ("date line right after the body", lambda: published.stamp_right_after(after, tz)),
            # (a post's tail inside the body it ends: 1楼 | 2009-11-3 21:07, dropped under its last line)
            ("date line right under the text", lambda: published.stamp_under_text(page, kept, tz)),
            ("labelled date after the body", lambda: dates.labelled_date("\n".join(after), tz)),
            ("date at the end of the body",
             lambda: published.first_of(dates.signed_date(t, tz) for t in tail if units(t) < 40)),
            ("a calendar badge near the body",
             lambda: published.first_of(dates.day_box_date(t, tz) for t in lines + self.edge_lines)),
            ("date in the URL", lambda: published.first_of(dates.date_from_url(u, tz) for u in self.addresses)),
            ("labelled date in the page", lambda: dates.labelled_date(self._page_text_but_banners(page), tz)),
            ("date in <title>", lambda: dates.parse_date(self.doc_title, tz)),  # (…工作会议_2008-05-12)
            ("date in the page's script data", lambda: dates.date_from_script_data(self.html, tz, self.title)),
        )
        for how, search in searches:
            if value := search():
                self.explain.append(f"published: {how}")
                value = dates.with_time_line(value, meta_lines + self.edge_lines + after[:TIME_LINE_AFTER_BODY_LINES])
                # (A URL's day may look anywhere in the page for its time; a day read near the body, near it.)
                anywhere = page if how == "date in the URL" else None
                return self._timed(value, meta_lines, before, after, anywhere)
        return None

    def _page_text_but_banners(self, page: bodyfinder.Page) -> str:
        """The page's lines but a banner's date of the day (日期：2024年3月6日 星期三 in the top bar)."""
        if not self.banners:
            return "\n".join(b.text for b in page.blocks)
        return "\n".join(b.text for i, b in enumerate(page.blocks) if i not in self.banners)

    def _timed(self, day: str, meta_lines: list[str], before: list[str], after: list[str],
               anywhere: bodyfinder.Page | None) -> str:
        """`day` at the time a line near the body gives that day (published.timed_by_same_day), when it has none."""
        if day[10:19] != "T00:00:00":
            return day
        # (not a reader's comment under the text, 网友甲 2019-05-17 20:33:49, its name linked or its box classed as
        # one; the post's own footer is, 2006-01-03 21:40:02 | 阅读(12))
        blocks = self.page.blocks[self.end:self.end + META_WINDOW_BLOCKS]
        comments = {block.text for block in blocks if bodyfinder.is_entry_header(block)
                    and (block.link_units or _in_comment_box(self.page, block.element))}
        near = [*meta_lines, *before, *(line for line in after if line not in comments), self.doc_title]
        return published.timed_by_same_day(day, near, anywhere, self.timezone)

    def _author_source(self, lines: list[str], paragraphs: list[str], above: list[str], top: list[str],
                       under: list[str], head: list[str], leading: list[str]) -> tuple[str | None, str | None]:
        """`lines` near the body, its first and last `paragraphs`, the lines `above` it, the page's
        `top` lines with 的 (a blog's header: 青青子衿的博客), the line `under` it, the body's `head`
        (where a disclosure table may be kept) and the `leading` lines it opened with but dropped."""
        # (╱, a box-drawing slash, is how some outlets set 【聯合報╱記者陳宜君／台北報導】; ︱ a bar: 作者︱春春)
        text = _bars_and_slashes(bylines.unglue_labels("\n".join(bylines.label_cells_joined(lines))))
        paragraphs = [_bars_and_slashes(paragraph) for paragraph in paragraphs]
        nobody = (None, "")
        byline_names, byline_outlet = bylines.byline_line_above(above)  # (中國時報【廖素慧、曹婷婷／綜合報導】)
        dated_writer, dated_outlet = bylines.byline_by_date_line(above)  # (石佳/中国青年报 over 2019-09-24 09:10)
        labelled_source = bylines.source_from_text(text)
        # (<meta name="author"> naming the outlet the page names as its source is no writer: 参考消息)
        outlets = {labelled_source[0], self.markup_source[0]} - {None}
        markup_author = self.markup_author if self.markup_author[0] not in outlets else nobody
        author, how = _first_found((  # most explicit first; the editor answers for a page that names no writer
            lambda: bylines.author_from_text(text),
            lambda: bylines.byline_from_paragraphs(paragraphs),
            lambda: (byline_names, "a bracketed byline on its line above the text"),
            lambda: (dated_writer, "the writer before the outlet on a line beside the date line"),
            lambda: bylines.name_closing_text(paragraphs[-1]) if paragraphs else nobody,
            # (a report's last line may name who wrote it: 执笔人：闵乐夫 赵兰波)
            lambda: bylines.writer_signing_off(paragraphs[-1]) if paragraphs else nobody,
            # (a government document names no writer: the organ issuing it does)
            lambda: bylines.issuing_organ([*lines, *head]),
            lambda: markup_author,
            lambda: bylines.name_signing_a_date(self.closing_lines),
            lambda: bylines.poster_linked_above(self.page, self.start, self.url),
            lambda: bylines.author_classed_above(self.page, self.start),
            # (a query of the tree: only made when the walk saw a writer's link or class)
            lambda: bylines.author_linked(self.tree) if bylines.marks_a_writer(self.page) else nobody,
            lambda: bylines.author_classed_inline(self.tree, above, self.html),  # (163's span.con1_author)
            lambda: bylines.poster_above_profile(above),
            lambda: bylines.poster_above_profile(leading),  # (the panel inside the post's table)
            lambda: bylines.blog_owner(self.doc_title, top)
            if bylines.may_name_a_blog(self.doc_title) or top else nobody,
            lambda: bylines.blogger_in_title(self.doc_title, self.title),
            lambda: (self.speaker, "the speaker named above the speech's salutation") if self.speaker else nobody,
            lambda: bylines.author_from_text(text, editors=True),
        ))
        author = bylines.tidy_author_names(author) if author else author
        marked = markup_author[0]
        if author and marked and author != marked and marked in author.split():
            author, how = marked, f"{how}, narrowed to the name the markup gives (文｜财新 王琳)"
        source, how_source = _first_found((
            lambda: labelled_source,
            lambda: self.markup_source,
            lambda: bylines.supplier(text),
            lambda: dates.paper_of_edition([*paragraphs[-2:], *lines]),
            lambda: bylines.outlet_after_date("\n".join(above)),
            lambda: bylines.outlet_after_date("".join(under)),  # (udn's closing 【2012/01/05 聯合報】)
            lambda: bylines.reporters_outlet("\n".join([text, *paragraphs[:1]])),
            lambda: (byline_outlet, "the outlet before the byline above the text"),
            lambda: (dated_outlet, "the outlet on a line of its own beside the date line"),
            lambda: bylines.source_classed(self.tree, above),  # (qq's span.a_source: the name, no label)
            lambda: bylines.source_from_text(self.doc_title),  # (2005 sites put it there: …15:21 来源：中新网)
            lambda: bylines.wire_of_dateline(paragraphs[0]) if paragraphs else nobody,
        ))
        if source and (not author or how.endswith("责任编辑")) \
                and (writer := _writer_after_outlet(source, self.edge_lines)) is not None:
            author, how = writer, "the line that names the outlet, then its writer (新潮科技 何欣然)"
        for field_name, value, found in (("author", author, how), ("source", source, how_source)):
            if value:
                self.explain.append(f"{field_name}: {found}")
        return author, source

    # ---- text repair -------------------------------------------------------------------------

    def _repair(self, paragraphs: list[str]) -> list[str]:
        if paragraphs:  # (a portal's link home after the last sentence: …持续。返回腾讯网首页>>)
            paragraphs[-1] = without_home_link(paragraphs[-1])
        if not may_hold_mojibake("\n".join(paragraphs)):  # (most pages: one look at the whole text)
            return [p for p in paragraphs if p]
        repaired = []
        mojibake = 0
        for text in paragraphs:
            if find_mojibake(text):
                mojibake += 1
                text = normalize_whitespace(repair_mojibake(text))
            repaired.append(text)  # (block texts are normalized already)
        if mojibake:
            self.warnings.append(f"mojibake: UTF-8 read as GBK in {mojibake} paragraph(s); lossless runs repaired")
        return [p for p in repaired if p]


# What heads a question's answers: 3 个回答, 最佳答案, 其他回答 (2), 全部回答.
_ANSWERS_HEADING = re.compile(r"(?:[\d,.]+[kK万]?\s*(?:个|條|条)?\s*(?:回答|解答)"
                              r"|(?:最佳|满意|推荐|採納|采纳|其他|其它|全部|网友|網友)(?:回答|答案|解答))"
                              r"\s*(?:[（(]\d+[）)])?")


def _writer_after_outlet(outlet: str, lines: list[str]) -> str | None:
    """The name on a line of its own that names the outlet, then its writer: 新潮科技 何欣然 (Sina's
    channels open their reports so), trimmed off the body's edge."""
    for line in lines:
        name = line[len(outlet):].strip() if line.startswith(outlet) else ""
        if 2 <= len(name) <= 4 and _HAN_NAME.fullmatch(name) and bylines.plausible_name(name):
            return name
    return None


_HAN_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")


# Internet Explorer's mark on a page it saved: <!-- saved from url=(0055)http://… -->, at the top.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_SAVED_FROM_WITHIN = 1000


# A document's date alone on the line under its signature: 2005年6月27日, 二○○五年六月二十七日, and in
# Taiwan's calendar 中華民國113年5月2日.
# A court document's case number, the last line of its head: （2021）沪01民终5678号.
_CASE_NUMBER = re.compile(r"^[（(]\s*(?:19|20)\d{2}\s*[）)]\s*[\u4e00-\u9fff\d]{2,16}号$")
# ...and the lines of its signature: the bench and the clerk, 审判长　许文涛, 书记员　何佳怡.
# (the titles may be spaced out to one width: 审　判　长　　邱文彬)
_BENCH_TITLES = ("审判长", "审判员", "代理审判员", "人民陪审员", "陪审员", "书记员", "代书记员", "法官助理", "执行员",
                 "速录员")
_BENCH_LINE = re.compile("^(?:" + "|".join(r"\s*".join(title) for title in _BENCH_TITLES) + ")"
                         r"\s*[\u4e00-\u9fff·][\u4e00-\u9fff·\s]{0,8}$")
_CERTIFIED_COPY = re.compile(r"^本件与原本核对无异$")


def _court_signature(blocks: list[bodyfinder.Block], positions: Iterable[int]) -> list[int]:
    """The lines at `positions`, read outwards from the text, that sign for a court (审判长…, the date,
    书记员…) as long as they run, if the bench is among them; else none."""
    run: list[int] = []
    for i in positions:
        text = blocks[i].text
        if not text:
            continue
        if len(run) == COURT_SIGNATURE_MAX_LINES or not (
                _BENCH_LINE.match(text) or selection.SIGNED_DATE_LINE.match(text) or _CERTIFIED_COPY.match(text)):
            break
        run.append(i)
    return run if any(_BENCH_LINE.match(blocks[i].text) for i in run) else []


def _bars_and_slashes(text: str) -> str:
    """`text` with the rarer slash and bar characters outlets set bylines with as the usual ones (╱ as ／, ︱ as ｜)."""
    return text.replace("╱", "／").replace("︱", "｜") if "╱" in text or "︱" in text else text


def _in_comment_box(page: bodyfinder.Page, element: int) -> bool:
    """Whether the element, or one of the few around it, is classed as readers' comments (div.comments)."""
    for _ in range(COMMENT_BOX_MAX_DEPTH):
        if element < 0:
            return False
        if is_comment_hint(page.elements[element].class_id):
            return True
        element = page.elements[element].parent
    return False


def _texts_near(blocks: list[bodyfinder.Block], start: int, step: int, count: int, in_grid: list[bool]) -> list[str]:
    """The texts of the blocks `_near` finds."""
    return [blocks[i].text for i in _near(blocks, start, step, count, in_grid)]


def _near(blocks: list[bodyfinder.Block], start: int, step: int, count: int, in_grid: list[bool]) -> list[int]:
    """The positions of up to `count` blocks that have text, from `start` on (step 1) or before it (step -1),
    in page order. Image-only blocks, lines that are all link and figures are passed over, and a grid's
    cells are read but not counted: a gallery, a side table of related headlines, a quote table (600519,
    --, +0.34%) or a match's score box between the date line and the text does not push that line out of
    reach. A headline with its date is left out (its date is another article's), but counted."""
    found: list[int] = []
    index, seen = start if step > 0 else start - 1, 0
    while 0 <= index < len(blocks) and seen < count:
        block = blocks[index]
        if block.text and block.link_units < block.units and not _is_figure(block.text):
            seen += not in_grid[block.element]
            if not _dated_headline(block):  # (which still counts: the reach stays where it was)
                found.append(index)
        index += step
    return found if step > 0 else found[::-1]


_DATE_SHAPE = re.compile(r"(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}|\d{2,3}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")


def _is_figure(text: str) -> bool:
    """A table's figure (600519, --, +0.34%), not a date of digits alone (2012-03-05, Taiwan's 112-09-26)."""
    return selection.FIGURE.fullmatch(text) is not None and _DATE_SHAPE.search(text) is None


_LISTED_DATE = re.compile(r"[\[(（【]?(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2})?[\])）】]?\s*$")


def _dated_headline(block: bodyfinder.Block) -> bool:
    """A link to another article with its date (县水利局部署台风防御工作 2020-09-04), as a side list of
    them shows: that date is the other article's."""
    if not block.link_units or block.link_units * 2 < block.units:
        return False
    listed = _LISTED_DATE.search(block.text)
    return listed is not None and units(block.text[:listed.start()]) <= block.link_units + 0.5


_SCAN_SELECTOR = f"{markup.MARKUP_SELECTOR}, {pruning.PRUNE_SELECTOR}"


def _scan(tree: LexborHTMLParser) -> tuple[list[markup.ScannedNode], list[markup.ScannedNode]]:
    """The nodes of the page's markup facts (markup.MARKUP_SELECTOR) and the candidates for pruning
    (pruning.PRUNE_SELECTOR; a superset, which pruning sorts), found in one scan of the tree."""
    facts, candidates = [], []
    for node in tree.css(_SCAN_SELECTOR):
        tag, attrs = node.tag, node.attributes
        scanned = (node, tag, attrs)
        if markup.is_markup(tag, attrs):
            facts.append(scanned)
            if tag in _NEVER_TEXT:
                continue
        candidates.append(scanned)  # (a <time> may be hidden)
    return facts, candidates


_NEVER_TEXT = frozenset({"meta", "link", "script", "base"})  # (nothing of theirs is walked: no need to prune them)


def _link_base(url: str | None, base_href: str | None) -> str | None:
    """What the page's relative links are relative to: its <base href> (itself relative to the page's address) where
    that is a web address, else the page's address. A base on the page's own host keeps the page's scheme and port
    (a template's http://host:80/ on an https page names the same folder), and a malformed one is ignored, as a
    browser ignores it."""
    if not base_href:
        return url
    base = bodyfinder.absolute(url, base_href)
    try:
        parts, own = urlsplit(base), urlsplit(url) if url else None
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return url
    if own is not None and own.hostname == parts.hostname:
        return own._replace(path=parts.path, query=parts.query, fragment="").geturl()
    return base


def _page_head(page: bodyfinder.Page) -> str:
    """The page's first lines, SOFT_404_HEAD_CHARS of them or a little more, whatever the body."""
    head, length = [], 0
    for block in page.blocks:
        head.append(block.text)
        length += len(block.text) + 1
        if length > SOFT_404_HEAD_CHARS:
            break
    return "\n".join(head)


def _page_text(page: bodyfinder.Page) -> str:
    return "\n".join(block.text for block in page.blocks)


def _noframes_document(tree: LexborHTMLParser) -> LexborHTMLParser | None:
    """A frameset page's text, when it has one: its <noframes> markup (which the parser keeps as raw
    text) parsed as the page's body, under the page's <head>. None for pages without frames."""
    if tree.css_first("frameset") is None or (noframes := tree.css_first("noframes")) is None:
        return None
    head = tree.head.html if tree.head is not None else ""
    return LexborHTMLParser(f"<html>{head}<body>{noframes.text(deep=True)}</body></html>")


def _is_taiwanese(url: str | None, declared_lang: str | None) -> bool:
    if declared_lang and declared_lang.lower().replace("_", "-") in _TAIWANESE_LANGS:
        return True
    if not url or ".tw" not in url:  # (a quick test first)
        return False
    try:
        host = urlsplit(url).hostname
    except ValueError:  # (a malformed address dates nothing)
        return False
    return bool(host) and host.endswith(".tw")


_TAIWANESE_LANGS = frozenset({"zh-tw", "zh-hant-tw"})


def _document_element(tree: LexborHTMLParser) -> LexborNode | None:
    """The <html> element: the parser always makes it the document's root (a CSS query would scan)."""
    root = tree.root
    return root if root is not None and root.tag == "html" else tree.css_first("html")


def _first_found(searches) -> markup.Found:
    """The first (value, how) that one of the searches finds, trying them in order."""
    for search in searches:
        value, how = search()
        if value:
            return value, how
    return None, ""
