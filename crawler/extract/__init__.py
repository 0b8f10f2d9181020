"""Article extraction: page bytes (or text) in, an `Article` out.

The one code path for `palimpsest extract`, `fetch`, `crawl` and the daemon. The body is found by
`body.py` (heuristics in `heuristics.py`); the date by `dates.py` and `published.py`, author and source by `bylines.py`,
the title by `titles.py` (its parts) and `headline.py` (the line it names), all reading `markup.py`'s facts
first; text repaired by `repair.py`. What comes out is `article.py`'s `Article`. This module chooses among
what they find. Site rules, when a source has them, win over all of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from itertools import chain, islice, takewhile
from operator import attrgetter
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from crawler.charset import Decoded, decode
from crawler.extract import body as bodyfinder
from crawler.extract import bylines, dates, headline, markup, pages, published, retired, subtitles, tables, titles
from crawler.extract.article import Article, Image, to_json, to_reference_format
from crawler.extract.blocked import blocking_notice, unavailable_notice
from crawler.extract.boilerplate import (
    ATTACHMENT_FILE,
    ATTACHMENT_HEADING,
    ATTACHMENT_LABEL,
    ATTACHMENT_LIST_START,
    NUMBERED_ITEM,
    POST_HEADER,
    PROFILE_FIELD,
    REPLY_HEADER,
    SOFT_404_HEAD_CHARS,
    is_boilerplate_line,
    is_end_marker,
    is_related_marker,
    is_soft_404,
    without_home_link,
)
from crawler.extract.heuristics import (
    ANSWERS_HEADING_MAX_UNITS,
    ARTICLE_MIN_PROSE_UNITS,
    ATTACHMENT_LINE_MAX_UNITS,
    ATTACHMENTS_BELOW_MAX_GAP,
    BLOG_HEADER_BLOCKS,
    COMMENT_BOX_MAX_DEPTH,
    COMMENT_LIST_MIN_ENTRIES,
    COURT_HEAD_MAX_LINES,
    COURT_SIGNATURE_MAX_LINES,
    DATA_ROW_MIN_CELLS,
    DATA_TABLE_MIN_ROWS,
    DATELINE_LEAD,
    DIGEST_MIN_ITEMS,
    DISCLOSURE_TABLE_LINES,
    EDGE_PROSE_MIN_UNITS,
    END_MARKER_LABEL_MAX_UNITS,
    END_MARKER_MAX_UNITS,
    END_MARKER_MIN_PROSE_SHARE,
    FIELD_TABLE_MIN_ROWS,
    HEADING_TAGS,
    KEEP_LONG_LINK_UNITS,
    KEEP_MAX_LINK_DENSITY,
    LABELLED_DATE_AFTER_BODY_LINES,
    LABELLED_LEAD,
    LEAD_ABOVE_MAX_BLOCKS,
    LINK_ITEMS_MIN,
    LINKED_LINE_MIN_SHARE,
    META_WINDOW_BLOCKS,
    METADATA_LINE_MAX_UNITS,
    PROFILE_FIELD_MAX_UNITS,
    RELATED_MIN_LINK_SHARE,
    REPEAT_WINDOW,
    REPEATED_FIELDS_MIN_LABELS,
    REPEATED_FIELDS_MIN_LINES,
    REPEATED_PROSE_MIN_PUNCT,
    REPEATED_PROSE_MIN_UNITS,
    SENTENCE_ENDS,
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

    def run(self) -> Article:
        tree = self.tree
        doc_title_node = tree.css_first("title")
        doc_title = normalize_whitespace(doc_title_node.text(deep=True)) if doc_title_node else ""
        self.doc_title = doc_title
        html_node = _document_element(tree)
        declared_lang = html_node.attributes.get("lang") if html_node else None
        # (Taiwan's pages in any charset write the Republic's years: a .tw address or lang="zh-TW")
        self.roc_years = self.roc_years or _is_taiwanese(self.url, declared_lang)
        for selector in self.rules.drop:
            removed = bodyfinder.decompose_outermost(self._rule_matches("drop", selector))
            self.explain.append(f"dropped by rule {selector!r}: {removed} block(s)")
        # One scan of the tree finds the markup facts and what pruning removes (<meta>, JSON-LD and
        # hidden nodes go with it: they are read first). (Drop rules may have removed <title>.)
        facts, candidates = _scan(tree)
        canonical_links = tuple(self._read_markup(tree.css_first("title") if self.rules.drop else doc_title_node,
                                                  facts))
        saved_from = _SAVED_FROM.search(self.html, 0, _SAVED_FROM_WITHIN)
        # (the addresses that may date the page: its own, canonical, or as the browser that saved it noted)
        self.addresses = (self.url, *canonical_links, *(saved_from.groups() if saved_from else ()))
        bodyfinder.prune(tree, candidates, chinese=ANY_HAN.search(doc_title) is not None)
        forced = frozenset(node.mem_id for node in self._rule_matches("body", self.rules.body))
        root = tree.root
        page = bodyfinder.walk(root, self.url, forced) if root is not None else bodyfinder.Page([], [])
        if not page.elements:
            page.elements.append(bodyfinder.Element("body", -1, "", 0, 0))
        title, title_block = self._title(page, doc_title)
        scores = bodyfinder.score(page, title_block)
        body_index = self._body_element(page, scores, forced, title_block)
        if not forced:
            body_index = self._with_answers(page, scores, body_index)
        body_positions = self._body_positions(page, scores, body_index, forced)
        if not forced:
            body_positions = self._with_lead_above(page, body_positions, scores.gallery)
            body_positions = self._with_court_document_parts(page, body_positions)
            body_positions = self._with_attachments_below(page, body_positions)
        start = body_positions[0] if body_positions else len(page.blocks)
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
        kept, meta_lines = self._select(page, scores, body_positions, title)
        subtitle = self._subtitle(page, title, title_block, kept)
        before = _texts_near(page.blocks, start, -1, META_WINDOW_BLOCKS, scores.in_grid)
        # (the text's own lines: a list of attachments in a box under it is read as text, not for its signature)
        text_ends = [i for i in body_positions if i not in self.attachment_lines]
        end = text_ends[-1] + 1 if text_ends else len(page.blocks)
        after = _texts_near(page.blocks, end, 1, META_WINDOW_BLOCKS // 2, scores.in_grid)
        self.page, self.start, self.end = page, start, end  # (for the finders, which read only what they need)
        signed = [i for i in kept if i not in self.attachment_lines] or kept
        self.title = title
        published = self._published(meta_lines, before, after, signed, page)
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
        self.title = title
        # (below the post's own footer, a header naming a poster, 股海沉浮 发表于 2008-4-17 15:01, is a comment's)
        after_post = after[:1] + [line for line in after[1:] if not POST_HEADER.search(line)]
        # (the lines the body opens with and lost: a post's user panel, 川西行者 then 级别: 骑士, 发帖: 613)
        leading = [page.blocks[i].text for i in range(start, kept[0])] if kept else []
        author, source = self._author_source(meta_lines + before + self.edge_lines + after_post + credits,
                                             byline_paragraphs, meta_lines + before, top, after[:1], head, leading)

        if page.pinyin_repairs:
            self.explain.append(f"repair: leaked pinyin removed in {page.pinyin_repairs} block(s)")
        lines, rows = tables.body_lines(page, kept)
        if rows:
            self.explain.append(f"tables: {rows} row(s) read across, one to a line")
        paragraphs = self._repair(lines)
        base = self.link_base
        links = tuple(dict.fromkeys(bodyfinder.absolute(base, link) for i in kept for link in page.blocks[i].links))
        named_files = _named_files(page, kept, base)
        offered_files = _offered_files(page, kept, base)
        pictures = self.edge_images + [image for i in kept for image in page.blocks[i].images]
        images = tuple(dict.fromkeys(Image(bodyfinder.absolute(base, src), alt) for src, alt in pictures))
        text = "\n".join(paragraphs)
        body_units = units(text)
        all_units = sum(map(_UNITS, page.blocks)) or 1.0
        link_density = sum(map(_LINK_UNITS, page.blocks)) / all_units
        score = article_score(body_units, sum(page.blocks[i].punct for i in kept), len(paragraphs), link_density)
        # A notice page (not found, blocked) is told by its first lines (its marker is looked for there, and a
        # page longer than a notice is none): the whole text is only joined when they say "maybe".
        named, head = doc_title or title, _page_head(page)
        soft_404 = is_soft_404(named, head, all_units, body_units)
        sends_to = None
        if not paragraphs:  # (a page left in a retired one's place: it sends the reader on, an alert saying why)
            # (by its scripts only where the page is a stub, with next to no text: a template's scripts do much else)
            stub = all_units < SOFT_404_MAX_UNITS
            target = retired.refresh_target(self.refresh) or (retired.script_target(self.html) if stub else None)
            sends_to = bodyfinder.absolute(base, target) if target else None
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
        others = self._article_pages(page)
        return Article(
            title=title, published=published, author=author, source=source, paragraphs=tuple(paragraphs),
            subtitle=subtitle,
            language=guess_language(text or (title or ""), declared_lang), links=links, images=images,
            warnings=tuple(self.warnings), article_score=score, soft_404=soft_404, blocked=blocked,
            unavailable=unavailable or None, explain=tuple(self.explain),
            canonical_links=canonical_links, continued_on=others.further, first_page=others.first,
            named_files=named_files, offered_files=offered_files, sends_to=sends_to,
        )

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
        files = list(takewhile(lambda i: _names_a_file(blocks[i]), range(start + 1, len(blocks))))
        if not files and not ATTACHMENT_LIST_START.match(blocks[start].text):
            return positions  # (a bare 附件： over nothing it names)
        self.explain.append(f"body: the attachments listed under it ({len(files) or 1} line(s))")
        self.attachment_lines.update([start, *files])
        return [*positions, start, *files]

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

    def _select(self, page: bodyfinder.Page, scores: bodyfinder.Scores, positions: list[int],
                title: str | None) -> tuple[list[int], list[str]]:
        """The body's blocks minus furniture, link lists, boilerplate and metadata lines."""
        kept: list[int] = []
        meta_lines: list[str] = []
        meta_at: list[int] = []  # the block position of each metadata line
        headers: list[int] = []  # ...of each one dropped as metadata (a comment's or post's header among them)
        recent: list[str] = []
        markers: list[tuple[int, int]] = []  # end-of-article marker lines: (len(kept) then, block position)
        replies: set[int] = set()  # ...those that head a forum reply
        entry_headers: list[tuple[int, int]] = []  # after the text, outside its box, the lines of a writer and a time
        text_holder = -1  # the element holding the text's first paragraph
        posts_headed = False  # whether a post's header (背包客阿飞 发表于 2005-10-19 22:30) came before the text
        prose_kept = False
        title_chars = Counter(title or "")  # (counted once, not for each block compared with it)
        profiles = _profile_panels(page, positions)
        recent_element = -1
        listing_attachments = False  # (the last block kept opened or continued a numbered 附件 list)
        digest_heads = _digest_item_heads(page, scores, positions)
        labelled_items = _labelled_link_items(page, scores, positions)
        for position in positions:
            block = page.blocks[position]
            if position in self.court_lines:  # (a court document's head and signature: its own, whatever their box)
                kept.append(position)
                continue
            if block.units <= END_MARKER_MAX_UNITS and is_end_marker(block.text):
                markers.append((len(kept), position))
            elif prose_kept and block.units <= METADATA_LINE_MAX_UNITS and bodyfinder.is_entry_header(block) \
                    and not bodyfinder.is_within(page, block.element, text_holder):
                entry_headers.append((len(kept), position))  # (a comment's header, 读者1 2012-01-12 10:01)
            if position in profiles:
                reason = "boilerplate"
            else:
                reason = self._drop_reason(block, scores.kinds[position], title, title_chars, len(kept))
            if reason == "links" and (ATTACHMENT_LIST_START.match(block.text) or ATTACHMENT_LABEL.match(block.text)
                                      or (listing_attachments and (NUMBERED_ITEM.match(block.text)
                                                                   or _names_a_file(block)))):
                reason = ""  # (a notice's attachments, each a link: 附件：1．岗位表, 2．报名登记表)
            elif reason == "links" and position in digest_heads:
                reason = ""  # (a digest's item: its linked heading, then its summary)
            elif reason == "links" and position in labelled_items:
                reason = ""  # (the items a paragraph announces, each under its label: ▶ 典型案例丨<a>…</a>)
            elif reason == "links" and _link_of_data_row(page, position, scores.in_grid):
                reason = ""  # (a table of documents, 序号 | 文件名称 | 发布日期, its names linked to them)
            # (a block of pictures alone has no text: pictures in a row are no repeated line)
            if not reason and block.text and block.text in recent and not _FIGURE.fullmatch(block.text) \
                    and not self._next_cell(page, block.element, recent_element) \
                    and not _paragraph_set_twice(page, position):
                reason = "repeated"  # slideshows repeat each caption and credit (a table may repeat a figure)
            recent_element = block.element
            if block.text:  # (the window counts lines: pictures, an ad's among them, do not move it)
                recent = [*recent[-(REPEAT_WINDOW - 1):], block.text]
            # A date/source line whose source is a link is dropped as links (credits in a box classed as one are
            # dropped as a caption: 撰稿：宋佳怡　摄影：刘家豪), one above the text in a box
            # named like furniture ("article_date margin_bottom") as furniture: both are still read for
            # metadata (furniture below the text is reader comments, with their own dates). So is a post's
            # footer, boilerplate for its links: 林间散步 发表于 2005-4-17 22:58:00 | 阅读全文 | 回复(3).
            if reason == "metadata":
                post_header = POST_HEADER.search(block.text) is not None
                if prose_kept and ((post_header and posts_headed) or REPLY_HEADER.search(block.text)):
                    markers.append((len(kept), position))  # (a thread's first reply: the first post is over)
                    replies.add(position)
                posts_headed = posts_headed or (post_header and not prose_kept)
            if reason == "metadata" and (self._events_time(page, position)
                                         or _date_of_data_row(page, position, scores.kinds)
                                         or _column_heading(page, position, scores.kinds)):
                reason = ""  # 时间：… beside 地点：… says when an event is, not when the page was published
            if reason == "metadata" or (reason in ("links", "caption") and block.units <= METADATA_LINE_MAX_UNITS
                                        and bylines.has_metadata_label(block.text)) \
                    or (reason == "links" and not prose_kept and block.units <= METADATA_LINE_MAX_UNITS
                        and _STAMP.search(block.text)) \
                    or (reason == "furniture" and not prose_kept
                        and bylines.is_metadata_line(block.text, block.units)) \
                    or (reason == "boilerplate" and block.units <= METADATA_LINE_MAX_UNITS
                        and _TWO_DIGITS.search(block.text) and dates.labelled_date(block.text, self.timezone)):
                meta_lines.append(block.text)
                meta_at.append(position)
                if reason == "metadata":
                    headers.append(position)
            elif reason == "furniture" and prose_kept and block.units <= METADATA_LINE_MAX_UNITS \
                    and bylines.has_metadata_label(block.text):
                # (a box classed as furniture under the text may credit it, 来源：市政府办公室　编辑：马琳: read
                # for its source and names only, not its date, as below the text reader comments have theirs)
                self.credit_lines.append((block.text, position))
            if reason == "metadata" and kept and self._signed_below(page, kept[-1], position):
                reason = ""  # the date under a notice's signature is the document's text (and still dates it)
                self.explain.append(f"kept (the date under the signature): {block.text}")
            if reason:
                if block.text:
                    self.explain.append(f"dropped ({reason}): {block.text[:60]}")
                continue
            kept.append(position)
            # (prose, not a panel's field: 来自：山东威海)
            if not prose_kept and block.punct > 0 and block.units >= EDGE_PROSE_MIN_UNITS:
                prose_kept = True
                text_holder = page.elements[block.element].parent  # (a schedule's dated lines in it are its own)
            if listing_attachments or block.text[:1] == "附":  # (cheap first: most lines are neither)
                listing_attachments = ATTACHMENT_LIST_START.match(block.text) is not None \
                    or ATTACHMENT_HEADING.match(block.text) is not None \
                    or (listing_attachments and (NUMBERED_ITEM.match(block.text) is not None or _names_a_file(block)))
        if (run := bodyfinder.first_run_of_entries([position for _, position in entry_headers])) >= 0:
            first_entry = entry_headers[run]  # (comments with no heading)
            markers = sorted([*markers, first_entry], key=lambda marker: marker[1])
            replies.add(first_entry[1])
        asides: list[int] = []  # the elements of boxes set into the article (延伸阅读 and its items)
        cut, end = self._end_marker_cut(page, kept, markers, headers, replies, asides, scores.kinds)
        if asides:
            kept = self._without_asides(page, kept, asides)
        if end >= 0:
            for i in kept[cut:]:
                self.explain.append(f"dropped (after end marker): {page.blocks[i].text[:60]}")
            kept = kept[:cut]
            # What follows the marker (comments, related articles) has its own dates and names.
            meta_lines = [line for line, at in zip(meta_lines, meta_at, strict=True) if at < end]
            self.credit_lines = [(line, at) for line, at in self.credit_lines if at < end]
        if len(kept) >= 2 * REPEATED_FIELDS_MIN_LINES:
            kept = self._without_second_field_table(page, kept)
        return self._trim_edges(page, kept, scores.kinds), meta_lines

    @staticmethod
    def _next_cell(page: bodyfinder.Page, element: int, previous: int) -> bool:
        """Whether `element` is a table cell in the same row as the `previous` block's: a table of
        specifications may give two columns one value (GK106, GK106), as a slideshow would not."""
        elements = page.elements
        cells = bodyfinder.CELL_TAGS
        return previous >= 0 and elements[element].tag in cells and elements[previous].tag in cells \
            and elements[element].parent == elements[previous].parent

    @staticmethod
    def _events_time(page: bodyfinder.Page, position: int) -> bool:
        """Whether the block is an event's time, a bare 时间： line beside its 地点： (a notice's opening of
        bids, a meeting's programme)."""
        blocks = page.blocks
        if not _BARE_TIME_LABEL.match(blocks[position].text):
            return False
        beside = [blocks[i].text for i in (position - 1, position + 1) if 0 <= i < len(blocks)]
        return any(_PLACE_LABEL.match(text) for text in beside)

    def _signed_below(self, page: bodyfinder.Page, last_kept: int, position: int) -> bool:
        """Whether the block at `position` is the date under a signature just kept, within one
        element (a table's next cell holds a date column: a list of events, not a signed notice)."""
        if last_kept < position - 2 or not self._dates_signature(page, position):
            return False
        element, signed = page.blocks[position].element, page.blocks[last_kept].element
        return element == signed or page.elements[element].tag not in bodyfinder.CELL_TAGS

    def _without_asides(self, page: bodyfinder.Page, kept: list[int], asides: list[int]) -> list[int]:
        """`kept` without the blocks of the boxes set into the article: an item with a summary of its
        own (相关新闻标题：摘要…) has prose enough to be kept, but it is the box's."""
        in_box = bodyfinder.subtrees_mask(page, asides)
        for i in kept:
            if in_box[page.blocks[i].element]:
                self.explain.append(f"dropped (in a boxed aside): {page.blocks[i].text[:60]}")
        return [i for i in kept if not in_box[page.blocks[i].element]]

    def _end_marker_cut(self, page: bodyfinder.Page, kept: list[int], markers: list[tuple[int, int]],
                        headers: list[int], replies: set[int], asides: list[int],
                        kinds: list[str]) -> tuple[int, int]:
        """Where the article ends: at the first "相关新闻", "反侵权公告", "Related articles"... that has most
        of the prose before it (a poem's lines count as prose), or that opens a list of dated entries (a blog's
        comments under "评论"). Returns the number of kept blocks before it and its block position (-1: none)."""
        if not markers:
            return len(kept), -1
        prose = [page.blocks[i].units if page.blocks[i].punct or kinds[i] == "verse" else 0.0 for i in kept]
        total = sum(prose) or 1.0
        for cut, position in markers:
            if position not in replies and _boxed_aside(page, kept, prose, cut, position):
                self.explain.append(f"kept across a boxed aside: {page.blocks[position].text[:60]}")
                asides.append(page.blocks[position].element)
                continue
            if (box := _related_box_atop(page, kept, prose, cut, position)) >= 0:
                self.explain.append(f"dropped a box of related reading above the text: {page.blocks[position].text}")
                asides.append(box)
                continue
            before = sum(prose[:cut])
            if before >= END_MARKER_MIN_PROSE_SHARE * total:
                return cut, position
            if before >= ARTICLE_MIN_PROSE_UNITS and _heads_related_reading(page, position, kept[-1]):
                return cut, position  # (the teasers under it may outweigh a short article)
            if before >= ARTICLE_MIN_PROSE_UNITS:
                entries = sum(1 for at in headers
                              if at > position and dates.parse_date(page.blocks[at].text, self.timezone))
                # (or kept, an entry's header of short fields with its time, the first right under the marker:
                # 评论人：烟雨楼台 2005-3-21 20:15:30; not dated comments at the page's end, far below)
                stamped = [n for n, i in enumerate(kept[cut:]) if page.blocks[i].units <= METADATA_LINE_MAX_UNITS
                           and _STAMP.search(page.blocks[i].text)]
                if stamped and stamped[0] < 2:
                    entries += len(stamped)
                if entries >= COMMENT_LIST_MIN_ENTRIES:
                    return cut, position
        return len(kept), -1

    def _drop_reason(self, block: bodyfinder.Block, kind: str, title: str | None, title_chars: Counter,
                     kept_so_far: int) -> str:
        if not block.text:
            return "" if block.images else "empty"
        if kind in ("furniture", "caption", "teaser"):
            return kind
        linky = block.units and block.link_units / block.units > KEEP_MAX_LINK_DENSITY
        if linky and block.units < KEEP_LONG_LINK_UNITS:
            # (a notice's attached files are its text; an extension's letters end the line, a cheap test first)
            if block.text[-3:].isalpha() and ATTACHMENT_FILE.match(block.text):
                return ""
            return "" if _cites_a_paper(block) else "links"
        if bylines.is_metadata_line(block.text, block.units):
            return "metadata"
        # Prose blocks were already matched against the patterns while the page was valued.
        if kind == "boilerplate" or (kind != "" and is_boilerplate_line(block.text, block.units)):
            return "boilerplate"
        text = block.text
        if title and (kept_so_far < 3 or (text[:1] == "【" and text[-1:] == "】")):
            if text[:1] in "主标主標" and (label := headline.TITLE_LABEL.match(text)):
                text = text[label.end():]  # (a thread's 主题：西湖一日游 over its first post)
            elif text[:1] == "【" and text[-1:] == "】":
                text = text[1:-1]  # (the headline again in brackets, heading the comment box under the text)
            # (a bag's overlap is at most the shorter of the two: lengths far apart need no counting)
            if text and len(title) / len(text) > 0.9 and len(text) / len(title) > 0.9 \
                    and titles.similarity(text, title_chars) > 0.9 and titles.similarity(title, text) > 0.9:
                return "title"
        return ""

    def _without_second_field_table(self, page: bodyfinder.Page, kept: list[int]) -> list[int]:
        """`kept` without a second copy of a table of fields (索引号：, 发文机关：…) that the text already
        holds: a template draws it twice, for wide screens and for phones, and CSS shows one."""
        texts = [page.blocks[i].text for i in kept]
        short = [text for text in texts if len(text) <= 12]
        if len(set(short)) == len(short):
            return kept  # (no label line twice: no table drawn twice; most pages, told in C)
        first_label_at: dict[str, int] = {}
        dropped: set[int] = set()
        i = 0
        while i < len(texts):
            if not bylines.is_field_label(texts[i]):
                i += 1
                continue
            if (j := first_label_at.setdefault(texts[i], i)) < i:
                length = 0
                while i + length < len(texts) and j + length < i and texts[j + length] == texts[i + length]:
                    length += 1
                if length >= REPEATED_FIELDS_MIN_LINES \
                        and sum(map(bylines.is_field_label, texts[i:i + length])) >= REPEATED_FIELDS_MIN_LABELS:
                    dropped.update(range(i, i + length))
                    self.explain.append(f"dropped (the field table again): {length} lines from {texts[i]}")
                    i += length
                    continue
            i += 1
        return [position for n, position in enumerate(kept) if n not in dropped] if dropped else kept

    def _trim_edges(self, page: bodyfinder.Page, kept: list[int], kinds: list[str]) -> list[int]:
        """Drop label lines (no punctuation, short) before the first and after the last paragraph."""
        def is_label(i: int, leading: bool = False) -> bool:
            block = page.blocks[i]
            if kinds[i] == "verse" or i in self.court_lines or i in self.attachment_lines:
                return False  # (a poem's lines (see bodyfinder.score), a court's, the attachments under a notice)
            # Before the article: section labels, logos and QR codes with a caption ("官方微信平台").
            if leading:  # (and a quote box's figures before them: 2389.90, +0.40%; not a table of fields, 项目名称 | …)
                return block.units < EDGE_PROSE_MIN_UNITS and (block.punct == 0 or _FIGURE.fullmatch(block.text)) \
                    and not _PART_HEADING.match(block.text) and not _DOCUMENT_NUMBER.search(block.text) \
                    and not in_grid(block.element, opening=True)
            # (after the article a heading heads something else: "Trending", 相关专题; it is a label too)
            return block.punct == 0 and 0 < block.units < EDGE_PROSE_MIN_UNITS \
                and not (block.images or self._signs_document(page, i) or self._dates_signature(page, i)
                         or ATTACHMENT_FILE.match(block.text) or in_grid(block.element) or _cites_a_paper(block))

        cells: Counter | None = None  # per row: its cells (counted when first needed)
        grid_rows: Counter = Counter()  # per table: its rows of two cells or more
        field_rows: Counter = Counter()  # per table: its rows of two cells exactly (a label, its value)
        fact_tables: set[int] | None = None  # the tables with a cell naming a publication fact (looked for once)

        def in_grid(element: int, opening: bool = False) -> bool:
            """Whether the block is a cell of a table of figures (rows of several cells, several such rows),
            which ends many articles: its cells are data, not labels. With `opening`, of a table that may open
            one: of fields (rows of a label and its value: 项目名称 | 磨盘山土陶烧制技艺) or of data (a notice's
            list of names, DATA_TABLE_MIN_ROWS rows or more), naming no publication fact (a disclosure table's
            索引号 | 发布日期 are the page's metadata, not its text)."""
            nonlocal cells, fact_tables
            elements = page.elements
            if elements[element].tag not in bodyfinder.CELL_TAGS:
                return False
            if cells is None:
                cells = Counter(e.parent for e in elements if e.tag in bodyfinder.CELL_TAGS)
                grid_rows.update(elements[row].parent for row, count in cells.items() if count >= 2 and row >= 0)
                field_rows.update(elements[row].parent for row, count in cells.items() if count == 2 and row >= 0)
            row = elements[element].parent
            table = elements[row].parent
            if not opening:
                return grid_rows[table] >= 2
            of_fields = field_rows[table] >= FIELD_TABLE_MIN_ROWS and cells[row] == 2
            if not of_fields and grid_rows[table] < DATA_TABLE_MIN_ROWS:
                return False
            if fact_tables is None:
                fact_tables = {elements[elements[b.element].parent].parent for b in page.blocks
                               if elements[b.element].tag in bodyfinder.CELL_TAGS
                               and bylines.FACT_CELL.fullmatch(b.text)}
            return table not in fact_tables

        first = 0
        while first < len(kept) and is_label(kept[first], leading=True):
            first += 1
        last = len(kept)
        while last > first:
            if is_label(kept[last - 1]):
                last -= 1
                continue
            # (trailing photos, each under a teaser or a credit being trimmed: the labels go on past them)
            pictures = last
            while pictures > first and not page.blocks[kept[pictures - 1]].text:
                pictures -= 1
            if pictures in (last, first) or last == len(kept) or not is_label(kept[pictures - 1]):
                break
            last = pictures - 1
        if first < last < len(kept) and _heads_a_section(page.blocks[kept[last - 1]]):
            last = len(kept)  # (a numbered heading ends no article: the short lines are its list, 三、先进基层党组织)
        self.leading_edge = [page.blocks[i].text for i in kept[:first]]
        for i in kept[:first] + kept[last:]:
            self.edge_lines.append(page.blocks[i].text)
            self.edge_images.extend(page.blocks[i].images)  # a lead photo above the first paragraph
            self.explain.append(f"dropped (edge label): {page.blocks[i].text[:60]}")
        return kept[first:last]

    def _dates_signature(self, page: bodyfinder.Page, position: int) -> bool:
        """Whether the block is the date line under a notice's signature (see `_signs_document`)."""
        if not _SIGNED_DATE_LINE.match(page.blocks[position].text):
            return False
        above = next((i for i in range(position - 1, max(position - 3, -1), -1) if page.blocks[i].text), -1)
        return above >= 0 and self._signs_document(page, above)

    def _signs_document(self, page: bodyfinder.Page, position: int) -> bool:
        """Whether the block is a notice's signature: the issuer's name on the line above its date
        (临江市教育局 / 二○○五年六月二十七日). Both lines are the document's; the date also dates the page."""
        text = page.blocks[position].text
        if text.isascii() or text.endswith((":", "：")):  # 成文日期： above its date is a label
            return False
        if any(character.isdigit() for character in text):  # (an issuer's name has no figures: a list of dates)
            return False
        following = next((b.text for b in page.blocks[position + 1:position + 3] if b.text), "")
        return _SIGNED_DATE_LINE.match(following) is not None and dates.parse_date(following, self.timezone) is not None

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
            ("labelled date in the page", lambda: dates.labelled_date("\n".join(b.text for b in page.blocks), tz)),
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


# The types of the documents a notice publishes.
_DOCUMENT_TYPES = r"(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|txt|csv)"
# A line naming a file by its type, maybe with its size or a download button after it: 附件1：名单.xlsx,
# 公示表.pdf（23KB）[下载].
_FILE_NAME_END = re.compile(rf"\.{_DOCUMENT_TYPES}(?=(?:\s*[(（\[【][^()（）\[\]【】]{{0,20}}[)）\]】])*\s*$)", re.I)


def _named_files(page: bodyfinder.Page, kept: list[int], base: str | None) -> tuple[tuple[str, str], ...]:
    """(link, file name) for each kept line that names a file and links one address: the file a script serves by
    number (download.jsp?id=12) is known by its line's name, up to its type."""
    found = {}
    for i in kept:
        block = page.blocks[i]
        if len(set(block.links)) == 1 and (end := _FILE_NAME_END.search(block.text)):  # (an icon may link it too)
            found.setdefault(bodyfinder.absolute(base, block.links[0]), block.text[:end.end()])
    return tuple(found.items())


def _offered_files(page: bodyfinder.Page, kept: list[int], base: str | None) -> tuple[str, ...]:
    """The address each kept line offers as a file without naming its type: a line labelled 附件 or ending in a
    download button that links one address (附件：名单 for download.jsp?id=12; 名单 [下载])."""
    found = {}
    for i in kept:
        block = page.blocks[i]
        if block.links and ("附" in block.text or "下" in block.text) and len(set(block.links)) == 1 \
                and _OFFERS_A_FILE.search(block.text) and not _FILE_NAME_END.search(block.text):
            found.setdefault(bodyfinder.absolute(base, block.links[0]), None)
    return tuple(found)


# A line that offers a file: labelled as an attachment (附件：, 附件2：), or ending in a download button.
_OFFERS_A_FILE = re.compile(r"^附[件表]\s*[\d一二三四五六七八九十]{0,2}\s*[:：]"
                            r"|(?:点击|點擊)?下[载載](?:附件|文件|全文)?\s*[\]】)）]?$")


# A link to a document a notice publishes (its address, or its name, ends with the file's type).
_FILE_LINK = re.compile(rf"\.{_DOCUMENT_TYPES}(?:$|[?#])", re.I)


def _names_a_file(block: bodyfinder.Block) -> bool:
    """Whether the block is an attachment's line: its name with its file type (1.考核结果.pdf), or a short line
    linking to a file and nothing else."""
    if ATTACHMENT_FILE.match(block.text):
        return True
    return bool(block.links) and block.units <= ATTACHMENT_LINE_MAX_UNITS and block.link_units * 2 >= block.units \
        and all(_FILE_LINK.search(href) for href in block.links)


def _paragraph_set_twice(page: bodyfinder.Page, position: int) -> bool:
    """Whether the block is a paragraph of prose that the page sets twice in a row among the article's other
    paragraphs, all sibling elements of one tag (<p>B</p><p>A</p><p>A</p>, no picture beside them): an editor's
    paste that the record must keep as the page shows it (adding or removing it is an edit), not a slideshow's
    caption (a box of its own) or a template's second copy."""
    if position == 0:
        return False
    blocks = page.blocks
    block, before = blocks[position], blocks[position - 1]
    if before.text != block.text or block.units < REPEATED_PROSE_MIN_UNITS or block.punct < REPEATED_PROSE_MIN_PUNCT \
            or block.images or before.images or block.element == before.element:
        return False
    here = page.elements[block.element]
    siblings = [i for i in (position - 2, position - 1, position + 1) if 0 <= i < len(blocks)
                and (other := page.elements[blocks[i].element]).tag == here.tag and other.parent == here.parent]
    return position - 1 in siblings and any(blocks[i].text != block.text for i in siblings)


# What heads a question's answers: 3 个回答, 最佳答案, 其他回答 (2), 全部回答.
_ANSWERS_HEADING = re.compile(r"(?:[\d,.]+[kK万]?\s*(?:个|條|条)?\s*(?:回答|解答)"
                              r"|(?:最佳|满意|推荐|採納|采纳|其他|其它|全部|网友|網友)(?:回答|答案|解答))"
                              r"\s*(?:[（(]\d+[）)])?")


def _digest_item_heads(page: bodyfinder.Page, scores: bodyfinder.Scores, positions: list[int]) -> set[int]:
    """The linked headings of a digest's items (<h4>1.<a>…</a></h4>, then the item's summary): a heading
    element with one link, a paragraph of prose next. Two at least: one alone is a teaser or an author's box."""
    heads = set()
    for order, position in enumerate(positions):
        block = page.blocks[position]
        if not block.link_units or len(block.links) != 1 or block.units > TITLE_MAX_UNITS \
                or page.elements[block.element].tag not in HEADING_TAGS:
            continue
        following = next((p for p in positions[order + 1:order + 3] if page.blocks[p].text), -1)
        if following >= 0 and not scores.kinds[following] and page.blocks[following].punct > 0 \
                and page.elements[page.blocks[following].element].tag not in HEADING_TAGS:
            heads.add(position)
    return heads if len(heads) >= DIGEST_MIN_ITEMS else set()


# A linked item under its label, unlinked, set apart by a bar or a colon: ▶ 典型案例丨<a>河北邯郸…</a>.
_LINK_ITEM_LABEL = re.compile(r"^[^\w\u4e00-\u9fff]{0,3}\s*([\u4e00-\u9fff]{2,8})\s*[丨｜|:：]")


def _labelled_link_items(page: bodyfinder.Page, scores: bodyfinder.Scores, positions: list[int]) -> set[int]:
    """The links of a list the text announces, set between its paragraphs, each under one label (▶ 典型案例丨<a>…</a>,
    ▶ 典型案例丨<a>…</a> after 对3个典型案例进行通报): LINK_ITEMS_MIN of them in a row, prose before and after, the
    label named in the paragraph before them (a promotion's box, 荐读丨<a>…</a>, is announced by none) and no related
    reading's (相关新闻：<a>…</a> is the box the issue drops, wherever it stands)."""
    blocks = page.blocks
    texts = [p for p in positions if blocks[p].text]
    labels = {order: _link_item_label(blocks[p]) for order, p in enumerate(texts) if blocks[p].link_units}
    if sum(label is not None for label in labels.values()) < LINK_ITEMS_MIN:  # (most pages: none at all)
        return set()
    kept: set[int] = set()
    run: list[int] = []
    label = None
    for order in range(len(texts) + 1):
        item_label = labels.get(order)
        if item_label is not None and item_label == label:
            run.append(texts[order])
            continue
        start = order - len(run)
        if len(run) >= LINK_ITEMS_MIN and _prose_around(page, scores, texts, start, order) \
                and label and label in blocks[texts[start - 1]].text and not is_related_marker(label):
            kept.update(run)  # (its label named in the paragraph before: 对3个典型案例进行通报)
        run, label = ([texts[order]], item_label) if item_label is not None else ([], None)
    return kept


def _link_item_label(block: bodyfinder.Block) -> str | None:
    """The unlinked label a linked line opens with (典型案例 in ▶ 典型案例丨<a>…</a>), or None."""
    text = block.text
    if block.link_units >= block.units or not any(mark in text[:16] for mark in _LINK_ITEM_BARS):
        return None
    found = _LINK_ITEM_LABEL.match(text)
    return found.group(1) if found else None


_LINK_ITEM_BARS = ("丨", "｜", "|", ":", "：")


def _prose_around(page: bodyfinder.Page, scores: bodyfinder.Scores, texts: list[int], start: int, end: int) -> bool:
    """Whether the text blocks before `start` and at `end` (positions in `texts`) are both prose."""
    def prose(position: int) -> bool:
        return not scores.kinds[position] and page.blocks[position].punct > 0

    return start > 0 and end < len(texts) and prose(texts[start - 1]) and prose(texts[end])


# A government document's number under its title (安教发〔2008〕56号): the document's own line.
_DOCUMENT_NUMBER = re.compile(r"[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]\s*\d{1,4}\s*[号號]$")
# Research news ends with its paper's reference: 论文链接：https://doi.org/…, DOI: 10.1038/…, 相关论文信息.
_PAPER_LABEL = re.compile(r"^(?:相关|相關)?(?:论文|論文)|^doi\b", re.I)
_DOI_ADDRESS = re.compile(r"doi\.org/|/doi/(?:abs/|full/|pdf/)?10\.\d{4}")


def _cites_a_paper(block: bodyfinder.Block) -> bool:
    return _PAPER_LABEL.match(block.text) is not None or any(_DOI_ADDRESS.search(link) for link in block.links)


_FIGURE = re.compile(r"[\d\s.,%+\-¥￥$]+")


_STAMP = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}")


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


def _profile_panels(page: bodyfinder.Page, positions: list[int]) -> set[int]:
    """The blocks of forum posters' profile panels: profile fields (帖子：37, 注册：2004-3-2) next to
    another one. Alone, such a line may be a fact of the article (a company notice's 注册时间：2010-05-01)."""
    fields = {i for i in positions
              if page.blocks[i].units <= PROFILE_FIELD_MAX_UNITS and PROFILE_FIELD.match(page.blocks[i].text)}
    return {i for i in fields if i - 1 in fields or i + 1 in fields}


_LIST_TAGS = frozenset({"ul", "ol", "dl", "li", "dt", "dd", "blockquote"})


def _boxed_aside(page: bodyfinder.Page, kept: list[int], prose: list[float], cut: int, position: int) -> bool:
    """Whether the end marker at `position` heads a box set into the article (延伸閱讀, 相关阅读 with
    their links) after which the article's paragraphs go on in the same container as before it: the
    box is an aside, not the article's end. The same container may be a sibling of the one before, of
    its class: the article's next segment (div.seg). (A comment section has containers of its own.)"""
    before = next((kept[i] for i in range(cut - 1, -1, -1) if prose[i]), None)
    if before is None:
        return False
    elements = page.elements
    container = elements[page.blocks[before].element].parent
    while container >= 0 and elements[container].tag in _LIST_TAGS:  # (the text before it ended in a list)
        container = elements[container].parent
    marker_element = page.blocks[position].element
    if container < 0 or marker_element == container or (
            elements[marker_element].parent == container and not _heads_its_box(page, position)):
        return False  # a marker among the article's own paragraphs ends them
    box = elements[container]

    def same_container(index: int) -> bool:
        other = elements[index]
        return index == container or (bool(box.class_id) and other.class_id == box.class_id
                                      and other.tag == box.tag and other.parent == box.parent)
    # (or the container's own text: a box set into a <p> closes it, and the paragraph's rest is the container's)
    resumed = sum(units for i, units in zip(kept[cut:], prose[cut:], strict=True)
                  if units and (page.blocks[i].element == container
                                or same_container(elements[page.blocks[i].element].parent)))
    return resumed >= EDGE_PROSE_MIN_UNITS


def _box_headed_by(page: bodyfinder.Page, position: int) -> int:
    """The element of the box whose related-reading heading is at `position`: the heading's own element when
    it holds the list (<div><strong>相关阅读</strong><ul>…), else the heading's parent (<div><h3>…</h3><ul>…)."""
    marker = page.blocks[position].element
    return marker if _heads_its_box(page, position) else page.elements[marker].parent


def _prose_in_and_out(page: bodyfinder.Page, box: int, positions: Iterable[int]) -> tuple[float, float]:
    """The prose of the blocks at `positions` inside the `box`'s subtree, and outside it."""
    inside = bodyfinder.subtree_mask(page, box)
    held = outside = 0.0
    for position in positions:
        block = page.blocks[position]
        if block.punct:
            if inside[block.element]:
                held += block.units
            else:
                outside += block.units
    return held, outside


def _related_box_atop(page: bodyfinder.Page, kept: list[int], prose: list[float], cut: int, position: int) -> int:
    """The box a related-reading heading opens above the article's first paragraph (相关专题 and its items,
    set in at the head of the text's container), or -1: when prose comes before the heading, or when what
    follows outside its box is no article. (A short article may hold less than the box's teasers: the
    heading says which of them is the related reading.)"""
    if any(prose[:cut]) or not is_related_marker(page.blocks[position].text):
        return -1
    if (box := _box_headed_by(page, position)) < 0:
        return -1
    after = _prose_in_and_out(page, box, kept[cut:])[1]
    return box if after >= ARTICLE_MIN_PROSE_UNITS else -1


def _heads_related_reading(page: bodyfinder.Page, position: int, last: int) -> bool:
    """Whether the marker at `position` heads related reading (推荐阅读, 相关新闻) whose lines down to `last`
    are a list of stories: links make up a share of them an article's own text seldom has (each item a
    headline's link, then its teaser), and no article goes on outside its box."""
    if not is_related_marker(page.blocks[position].text) or (box := _box_headed_by(page, position)) < 0:
        return False
    after = page.blocks[position + 1:last + 1]
    text_units = sum(block.units for block in after)
    if not text_units or sum(block.link_units for block in after) < RELATED_MIN_LINK_SHARE * text_units:
        return False
    return _prose_in_and_out(page, box, range(position + 1, last + 1))[1] < ARTICLE_MIN_PROSE_UNITS


def _heads_its_box(page: bodyfinder.Page, position: int) -> bool:
    """Whether the marker's element holds more than the marker: the links that follow it (a box,
    <div class="related-news"><strong>延伸閱讀</strong><ul>…, or <p>►延伸閱讀<br><a>…</a></p>), not a
    paragraph of its own; or the box in one line, the marker and its link: 延伸阅读：<a>…</a>."""
    marker = page.blocks[position]
    if marker.link_units and marker.units - marker.link_units <= END_MARKER_LABEL_MAX_UNITS:
        return True
    following = position + 1
    if following >= len(page.blocks):
        return False
    marker_element = marker.element
    element = page.blocks[following].element
    if element == marker_element:  # (its own lines: links under <br>s, or a BBS post's signature after "--")
        block = page.blocks[following]
        return block.units > 0 and block.link_units >= LINKED_LINE_MIN_SHARE * block.units
    return bodyfinder.is_within(page, element, marker_element)


# A regulation's part heading is its text, not a label above it: 第一章 总则, 第三节 监督管理.
_SECTION_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]\s*)\S")


def _heads_a_section(block: bodyfinder.Block) -> bool:
    """A numbered section heading: 三、先进基层党组织（5个）, （二）工作要求."""
    return block.units <= EDGE_PROSE_MIN_UNITS * 2 and not block.text.endswith(SENTENCE_ENDS) \
        and _SECTION_NUMBER.match(block.text) is not None


_PART_HEADING = re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节節编編部篇卷]")


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
                _BENCH_LINE.match(text) or _SIGNED_DATE_LINE.match(text) or _CERTIFIED_COPY.match(text)):
            break
        run.append(i)
    return run if any(_BENCH_LINE.match(blocks[i].text) for i in run) else []
_BARE_TIME_LABEL = re.compile(r"(?:时间|時間|日期)\s*[:：]")
_PLACE_LABEL = re.compile(r"(?:地点|地點|地址|会场|會場)\s*[:：]")
_SIGNED_DATE_LINE = re.compile(r"^\s*(?:(?:中華|中华)?民[國国])?\s*[〇零○Ｏ一二三四五六七八九十百\d]{2,6}\s*年"
                               r"\s*\S{1,3}\s*月\s*\S{1,3}\s*日\s*$")


_TWO_DIGITS = re.compile(r"\d\d")  # (no date without them: spares a boilerplate line the search for one)


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
    """The texts of up to `count` blocks that have text, from `start` on (step 1) or before it (step -1),
    in page order. Image-only blocks, lines that are all link and figures are passed over, and a grid's
    cells are read but not counted: a gallery, a side table of related headlines, a quote table (600519,
    --, +0.34%) or a match's score box between the date line and the text does not push that line out of
    reach. A headline with its date is left out (its date is another article's), but counted."""
    texts: list[str] = []
    index, seen = start if step > 0 else start - 1, 0
    while 0 <= index < len(blocks) and seen < count:
        block = blocks[index]
        if block.text and block.link_units < block.units and not _is_figure(block.text):
            seen += not in_grid[block.element]
            if not _dated_headline(block):  # (which still counts: the reach stays where it was)
                texts.append(block.text)
        index += step
    return texts if step > 0 else texts[::-1]


_DATE_SHAPE = re.compile(r"(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}|\d{2,3}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")


def _is_figure(text: str) -> bool:
    """A table's figure (600519, --, +0.34%), not a date of digits alone (2012-03-05, Taiwan's 112-09-26)."""
    return _FIGURE.fullmatch(text) is not None and _DATE_SHAPE.search(text) is None


_LISTED_DATE = re.compile(r"[\[(（【]?(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2})?[\])）】]?\s*$")


def _dated_headline(block: bodyfinder.Block) -> bool:
    """A link to another article with its date (县水利局部署台风防御工作 2020-09-04), as a side list of
    them shows: that date is the other article's."""
    if not block.link_units or block.link_units * 2 < block.units:
        return False
    listed = _LISTED_DATE.search(block.text)
    return listed is not None and units(block.text[:listed.start()]) <= block.link_units + 0.5


_SCAN_SELECTOR = f"{markup.MARKUP_SELECTOR}, {bodyfinder.PRUNE_SELECTOR}"


def _scan(tree: LexborHTMLParser) -> tuple[list[markup.ScannedNode], list[markup.ScannedNode]]:
    """The nodes of the page's markup facts (markup.MARKUP_SELECTOR) and the candidates for pruning
    (bodyfinder.PRUNE_SELECTOR; a superset, which pruning sorts), found in one scan of the tree."""
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


def _date_of_data_row(page: bodyfinder.Page, position: int, kinds: list[str]) -> bool:
    """Whether the block is a cell of a table of data (see bodyfinder.data_cells) in a row of
    DATA_ROW_MIN_CELLS cells or more, none of them a label: a list of releases and their dates
    (Project 1 | 自言自语 | 金锺国 | 2018年5月12日), not the page's date. A disclosure table's row names
    its field (发布日期 | 2020-02-06)."""
    if kinds[position] != "cell" or not (cells := _wide_row(page, position)):
        return False
    texts = [page.blocks[i].text for cell in cells for i in cell]
    return not any(bylines.FACT_CELL.fullmatch(text) or bylines.has_metadata_label(text) for text in texts)


def _column_heading(page: bodyfinder.Page, position: int, kinds: list[str]) -> bool:
    """Whether a bare label (发布日期, 来源) heads a column of a table of data: a cell of a row of
    DATA_ROW_MIN_CELLS cells or more without a figure in any (序号 | 文件名称 | 发布日期), not a field
    beside its value (发布日期 | 2020-02-06)."""
    if kinds[position] != "cell" or not bylines.FACT_CELL.fullmatch(page.blocks[position].text) \
            or not (cells := _wide_row(page, position)):
        return False
    return not any(map(str.isdigit, "".join(page.blocks[i].text for cell in cells for i in cell)))


def _link_of_data_row(page: bodyfinder.Page, position: int, in_grid: list[bool]) -> bool:
    """Whether a linked block is a cell of a grid's row of DATA_ROW_MIN_CELLS cells or more, another of them
    unlinked data (a number, a date): a table of documents, 1 | 关于…的通知 | 2020-01-01, whose names link
    to them. Keeping the row's number and date without its name would keep nothing. (A menu laid out in a
    table links every cell; its bullets, ·, are no data.)"""
    if not in_grid[page.blocks[position].element] or not (cells := _wide_row(page, position)):
        return False
    others = (page.blocks[i] for cell in cells for i in cell if i != position)
    return any(not block.link_units and any(map(str.isalnum, block.text)) for block in others)


def _wide_row(page: bodyfinder.Page, position: int) -> list[list[int]]:
    """The blocks of the table row holding the block, cell by cell, when it has DATA_ROW_MIN_CELLS cells or more
    (a row of data, not a label beside its value); [] otherwise."""
    cells = tables.row_blocks(page, position)
    return cells if len(cells) >= DATA_ROW_MIN_CELLS else []


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
