"""Finding the article body: each block of the walked page valued, the best subtree chosen.

A block's value is positive for prose and negative for navigation, link lists and boilerplate; an
element's value is the sum over its subtree (see `walk` for blocks and elements). The body is the
element of highest value: it grows to take in sibling blocks of the same article and stops where
navigation and furniture would cost more than they add.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin

from crawler.extract import heuristics as h
from crawler.extract.boilerplate import is_boilerplate_line, is_comment_marker, is_related_marker
from crawler.extract.walk import CELL_TAGS, Block, Element, Page


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
