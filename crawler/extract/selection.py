"""Which blocks of the body element are the article's text.

Left out: furniture, lists of links, boilerplate lines, metadata lines (read for the date and bylines
instead), a slideshow's repeated captions, boxes set into the text (延伸阅读), all that follows an end
marker (readers' comments, related reading, a thread's replies), a second table of the same fields,
and the short label lines on the text's edges.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.extract import body as bodyfinder
from crawler.extract import bylines, dates, files, headline, tables, titles
from crawler.extract.boilerplate import (
    ATTACHMENT_FILE,
    ATTACHMENT_HEADING,
    ATTACHMENT_LABEL,
    ATTACHMENT_LIST_START,
    NUMBERED_ITEM,
    POST_HEADER,
    PROFILE_FIELD,
    REPLY_HEADER,
    is_boilerplate_line,
    is_end_marker,
    is_related_marker,
)
from crawler.extract.heuristics import (
    ARTICLE_MIN_PROSE_UNITS,
    CLOSING_LINE_MIN_UNITS,
    COMMENT_LIST_MIN_ENTRIES,
    DATA_ROW_MIN_CELLS,
    DATA_TABLE_MIN_ROWS,
    DIGEST_MIN_ITEMS,
    EDGE_PROSE_MIN_UNITS,
    END_MARKER_LABEL_MAX_UNITS,
    END_MARKER_MAX_UNITS,
    END_MARKER_MIN_PROSE_SHARE,
    FIELD_TABLE_MIN_ROWS,
    HEADING_TAGS,
    KEEP_LONG_LINK_UNITS,
    KEEP_MAX_LINK_DENSITY,
    LINK_ITEMS_MIN,
    LINKED_LINE_MIN_SHARE,
    METADATA_LINE_MAX_UNITS,
    PROFILE_FIELD_MAX_UNITS,
    RELATED_MIN_LINK_SHARE,
    REPEAT_WINDOW,
    REPEATED_FIELDS_MIN_LABELS,
    REPEATED_FIELDS_MIN_LINES,
    REPEATED_PROSE_MIN_PUNCT,
    REPEATED_PROSE_MIN_UNITS,
    SENTENCE_ENDS,
    TITLE_MAX_UNITS,
)


@dataclass
class Selected:
    """What `Selection.select` chose, and what it set aside that the metadata finders read."""

    kept: list[int]  # the text's block positions
    meta_lines: list[str]  # metadata lines dropped from it (发布时间：…, 来源：…)
    edge_lines: list[str]  # short label lines trimmed off its edges (bylines among them)
    leading_edge: list[str]  # ...those above it
    credit_lines: list[tuple[str, int]]  # furniture below the text that credits it, and where
    edge_images: list[tuple[str, str]]  # pictures on the trimmed lines (a lead photo above the first paragraph)


class Selection:
    """Chooses the text's blocks among the body's (one per page extracted: it keeps what it set aside)."""

    def __init__(self, timezone: str, court_lines: set[int], attachment_lines: set[int], explain: list[str]) -> None:
        self.timezone = timezone
        self.court_lines = court_lines  # a court document's head and signature lines (never trimmed)
        self.attachment_lines = attachment_lines  # a 附件 list under the text, in a box of its own
        self.explain = explain  # (the extraction's own list: --explain tells what was dropped and why)
        self.edge_lines: list[str] = []
        self.leading_edge: list[str] = []
        self.credit_lines: list[tuple[str, int]] = []
        self.edge_images: list[tuple[str, str]] = []

    def select(self, page: bodyfinder.Page, scores: bodyfinder.Scores, positions: list[int],
               title: str | None) -> Selected:
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
            # (a digest's item: its linked heading, then its summary; the items a paragraph announces, each under
            # its label: ▶ 典型案例丨<a>…</a>; a notice's attachments; a table of documents)
            if reason == "links" and (position in digest_heads or position in labelled_items
                                      or _is_listed_text(page, scores, position, listing_attachments)):
                reason = ""
            # (a block of pictures alone has no text: pictures in a row are no repeated line)
            if not reason and block.text and block.text in recent and not FIGURE.fullmatch(block.text) \
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
            if self._read_for_metadata(block, reason, prose_kept):
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
                listing_attachments = _lists_attachments(block, listing_attachments)
        kept, meta_lines = self._cut_at_end_marker(page, scores, kept, markers, entry_headers, headers, replies,
                                                   list(zip(meta_lines, meta_at, strict=True)))
        if len(kept) >= 2 * REPEATED_FIELDS_MIN_LINES:
            kept = self._without_second_field_table(page, kept)
        kept = self._trim_edges(page, kept, scores.kinds)
        return Selected(kept, meta_lines, self.edge_lines, self.leading_edge, self.credit_lines, self.edge_images)

    def _cut_at_end_marker(self, page: bodyfinder.Page, scores: bodyfinder.Scores, kept: list[int],
                           markers: list[tuple[int, int]], entry_headers: list[tuple[int, int]], headers: list[int],
                           replies: set[int], meta: list[tuple[str, int]]) -> tuple[list[int], list[str]]:
        """The kept blocks up to the end marker that ends the article (a comments box's heading, a thread's first
        reply, the first of a run of comments with no heading), without the boxes set into it; and the lines of
        `meta` (each with its block position) above that marker."""
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
            meta = [(line, at) for line, at in meta if at < end]
            self.credit_lines = [(line, at) for line, at in self.credit_lines if at < end]
        return kept, [line for line, _ in meta]

    def _read_for_metadata(self, block: bodyfinder.Block, reason: str, prose_kept: bool) -> bool:
        """Whether a dropped line is read for the date and bylines: a metadata line; a short labelled line dropped
        as links or a caption (not a caption's credit of its own picture); a stamp in links or a metadata line in
        furniture above the text; a labelled date in a boilerplate line."""
        if reason == "metadata":
            return True
        short = block.units <= METADATA_LINE_MAX_UNITS
        if reason in ("links", "caption") and short and bylines.has_metadata_label(block.text) \
                and not (reason == "caption" and bylines.credits_its_media(block.text)):
            return True
        if reason == "links" and not prose_kept and short and _STAMP.search(block.text):
            return True
        if reason == "furniture" and not prose_kept and bylines.is_metadata_line(block.text, block.units):
            return True
        return reason == "boilerplate" and short and _TWO_DIGITS.search(block.text) is not None \
            and bool(dates.labelled_date(block.text, self.timezone))

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
                return block.units < EDGE_PROSE_MIN_UNITS and (block.punct == 0 or FIGURE.fullmatch(block.text)) \
                    and not _PART_HEADING.match(block.text) and not _DOCUMENT_NUMBER.search(block.text) \
                    and not in_grid(block.element, opening=True) and not _captions_picture_above(page, kept, i)
            # (after the article a heading heads something else: "Trending", 相关专题; it is a label too)
            return block.punct == 0 and 0 < block.units < EDGE_PROSE_MIN_UNITS \
                and not (block.images or self._signs_document(page, i) or self._dates_signature(page, i)
                         or ATTACHMENT_FILE.match(block.text) or in_grid(block.element) or _cites_a_paper(block)
                         or _captions_picture_above(page, kept, i) or _closes_the_text(page, kept, i))

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
        if not SIGNED_DATE_LINE.match(page.blocks[position].text):
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
        return SIGNED_DATE_LINE.match(following) is not None and dates.parse_date(following, self.timezone) is not None


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


# A government document's number under its title (安教发〔2008〕56号): the document's own line.
_DOCUMENT_NUMBER = re.compile(r"[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]\s*\d{1,4}\s*[号號]$")


def _cites_a_paper(block: bodyfinder.Block) -> bool:
    return _PAPER_LABEL.match(block.text) is not None or any(_DOI_ADDRESS.search(link) for link in block.links)


def _captions_picture_above(page: bodyfinder.Page, kept: list[int], position: int) -> bool:
    """Whether the line is the caption of a picture of the text right above it (图为会议现场 under the last photo):
    the article's own words, whose edit is an edit, not a label (a QR code's 扫码关注 is one)."""
    at = kept.index(position)
    above = page.blocks[kept[at - 1]] if at > 0 else None
    return above is not None and bool(above.images) and not above.text and _CAPTION.search(page.blocks[position].text) \
        is not None and _NOT_CAPTION.search(page.blocks[position].text) is None


def _closes_the_text(page: bodyfinder.Page, kept: list[int], position: int) -> bool:
    """Whether the short line without punctuation that ends the text is its closing sentence, not a label
    (欢迎广大职工群众积极参与监督, 让我们携手共建美好家园): Han characters alone, CLOSING_LINE_MIN_UNITS or more, set as
    a paragraph like the prose right above it (the same tag under the same parent, no heading, no link), naming no
    writer, editor, source or office (记者 李四, 国资委新闻中心, 党委宣传部供稿) and asking for no click, scan or share.
    Its edit is an edit."""
    block = page.blocks[position]
    text = block.text
    if block.units < CLOSING_LINE_MIN_UNITS or block.heading or block.link_units \
            or _HAN_CLAUSE.fullmatch(text) is None or _NOT_CLOSING.search(text) or _NOT_CAPTION.search(text):
        return False
    at = kept.index(position)
    above = next((page.blocks[i] for i in reversed(kept[:at]) if page.blocks[i].text), None)
    if above is None or not above.punct:
        return False
    element, above_element = page.elements[block.element], page.elements[above.element]
    return element.tag == above_element.tag and element.parent == above_element.parent


_HAN_CLAUSE = re.compile(r"[\u4e00-\u9fff]+")
# Who wrote, edited, supplied or made it, or whose office signs it (a source's name under the text); a click, a share.
_NOT_CLOSING = re.compile(
    r"记者|記者|通讯员|通訊員|实习生|實習生|编辑|編輯|责编|責編|撰稿|撰文|编译|編譯|供稿|供图|供圖|摄|攝|报道|報導|报导"
    r"|报讯|報訊|来源|來源|来自|來自|转载|轉載|转自|轉自|整理|作者|出品|制作|製作|监制|監製|主办|主辦|承办|承辦|协办|協辦"
    r"|版权|版權|点击|點擊|阅读|閱讀|分享|转发|轉發|更多"
    r"|(?:局|厅|廳|委员会|委員會|办公室|辦公室|办|辦|部|中心|处|處|科|室|站|所|院|校|公司|集团|集團|银行|銀行|协会|協會"
    r"|学会|學會|联合会|聯合會|工会|工會|党委|黨委|党组|黨組|政府|社|报|報|网|網|台|频道|頻道)$")


# A caption: 图为…, 图：…, 上图…, ▲…, or a photographer's credit (新华社记者 王五 摄, 供图).
_CAPTION = re.compile(r"^(?:[▲△↑]|图\s*\d*\s*[为為：:]|[上下左右]图|图片[：:])|(?:摄|摄影|攝|供图|供圖)\s*[)）]?$")
_NOT_CAPTION = re.compile(r"扫|掃|二维码|二維碼|关注|關注|公众号|公眾號|下载|下載|APP|客户端", re.I)


FIGURE = re.compile(r"[\d\s.,%+\-¥￥$]+")


_STAMP = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}")


def _profile_panels(page: bodyfinder.Page, positions: list[int]) -> set[int]:
    """The blocks of forum posters' profile panels: profile fields (帖子：37, 注册：2004-3-2) next to
    another one. Alone, such a line may be a fact of the article (a company notice's 注册时间：2010-05-01)."""
    fields = {i for i in positions
              if page.blocks[i].units <= PROFILE_FIELD_MAX_UNITS and PROFILE_FIELD.match(page.blocks[i].text)}
    return {i for i in fields if i - 1 in fields or i + 1 in fields}


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


def _heads_a_section(block: bodyfinder.Block) -> bool:
    """A numbered section heading: 三、先进基层党组织（5个）, （二）工作要求."""
    return block.units <= EDGE_PROSE_MIN_UNITS * 2 and not block.text.endswith(SENTENCE_ENDS) \
        and _SECTION_NUMBER.match(block.text) is not None


_PART_HEADING = re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节節编編部篇卷]")


_BARE_TIME_LABEL = re.compile(r"(?:时间|時間|日期)\s*[:：]")


_PLACE_LABEL = re.compile(r"(?:地点|地點|地址|会场|會場)\s*[:：]")


SIGNED_DATE_LINE = re.compile(r"^\s*(?:(?:中華|中华)?民[國国])?\s*[〇零○Ｏ一二三四五六七八九十百\d]{2,6}\s*年"
                               r"\s*\S{1,3}\s*月\s*\S{1,3}\s*日\s*$")


_TWO_DIGITS = re.compile(r"\d\d")  # (no date without them: spares a boilerplate line the search for one)


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


def _link_item_label(block: bodyfinder.Block) -> str | None:
    """The unlinked label a linked line opens with (典型案例 in ▶ 典型案例丨<a>…</a>), or None."""
    text = block.text
    if block.link_units >= block.units or not any(mark in text[:16] for mark in _LINK_ITEM_BARS):
        return None
    found = _LINK_ITEM_LABEL.match(text)
    return found.group(1) if found else None


def _prose_around(page: bodyfinder.Page, scores: bodyfinder.Scores, texts: list[int], start: int, end: int) -> bool:
    """Whether the text blocks before `start` and at `end` (positions in `texts`) are both prose."""
    def prose(position: int) -> bool:
        return not scores.kinds[position] and page.blocks[position].punct > 0


    return start > 0 and end < len(texts) and prose(texts[start - 1]) and prose(texts[end])


# Research news ends with its paper's reference: 论文链接：https://doi.org/…, DOI: 10.1038/…, 相关论文信息.
_PAPER_LABEL = re.compile(r"^(?:相关|相關)?(?:论文|論文)|^doi\b", re.I)


_DOI_ADDRESS = re.compile(r"doi\.org/|/doi/(?:abs/|full/|pdf/)?10\.\d{4}")


_LIST_TAGS = frozenset({"ul", "ol", "dl", "li", "dt", "dd", "blockquote"})


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


def _wide_row(page: bodyfinder.Page, position: int) -> list[list[int]]:
    """The blocks of the table row holding the block, cell by cell, when it has DATA_ROW_MIN_CELLS cells or more
    (a row of data, not a label beside its value); [] otherwise."""
    cells = tables.row_blocks(page, position)
    return cells if len(cells) >= DATA_ROW_MIN_CELLS else []


# A linked item under its label, unlinked, set apart by a bar or a colon: ▶ 典型案例丨<a>河北邯郸…</a>.
_LINK_ITEM_LABEL = re.compile(r"^[^\w\u4e00-\u9fff]{0,3}\s*([\u4e00-\u9fff]{2,8})\s*[丨｜|:：]")


_LINK_ITEM_BARS = ("丨", "｜", "|", ":", "：")


def _is_listed_text(page: bodyfinder.Page, scores: bodyfinder.Scores, position: int, listing_attachments: bool) -> bool:
    """Whether a line dropped as links is text all the same: a notice's attachments, each a link (附件：1．岗位表,
    2．报名登记表), or a table of documents whose names link to them (序号 | 文件名称 | 发布日期)."""
    text = page.blocks[position].text
    if ATTACHMENT_LIST_START.match(text) or ATTACHMENT_LABEL.match(text) \
            or (listing_attachments and (NUMBERED_ITEM.match(text) or files.names_a_file(page.blocks[position]))):
        return True
    return _link_of_data_row(page, position, scores.in_grid)


def _lists_attachments(block: bodyfinder.Block, listing: bool) -> bool:
    """Whether a kept line opens a list of attachments (附件：, 附件：1．岗位表), or goes on with the one `listing`
    (2．报名登记表, 名单.xlsx)."""
    return ATTACHMENT_LIST_START.match(block.text) is not None or ATTACHMENT_HEADING.match(block.text) is not None \
        or (listing and (NUMBERED_ITEM.match(block.text) is not None or files.names_a_file(block)))
