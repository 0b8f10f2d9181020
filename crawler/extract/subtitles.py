"""Subtitles: the line a news page sets under its headline (副题: ——董事长出席会议并讲话) or over it (引题).

Outside the article's box it is neither the title nor the text, yet an edit of it alone is an edit of the
page: it is a field of its own. (Inside the box it is already a line of the text.)"""

from __future__ import annotations

from crawler.extract import body as bodyfinder
from crawler.extract.boilerplate import is_boilerplate_line
from crawler.extract.bylines import is_metadata_line
from crawler.extract.heuristics import HEADING_TAGS, SUBTITLE_CLASS, SUBTITLE_MIN_UNITS, TITLE_MAX_UNITS

# A heading under the headline with nothing else to mark it is its subtitle only when it reads as one: it opens
# with a dash (——董事长出席会议并讲话) or sits in the headline's own box.
_DASHES = ("—", "--", "－－", "―")
_NAME_MAX_WORDS = 4


def subtitle_blocks(page: bodyfinder.Page, title_index: int, body: set[int]) -> list[int]:
    """The blocks of the headline's kicker (right over it, only where a class names it: h3.yinti) and subtitle
    (right under it), in page order, outside the article's `body` blocks."""
    if title_index < 0:
        return []
    above, below = title_index - 1, title_index + 1
    return [index for index, under in ((above, False), (below, True)) if 0 <= index < len(page.blocks)
            and index not in body and _reads_as_subtitle(page, index, title_index, under)]


def _reads_as_subtitle(page: bodyfinder.Page, index: int, title_index: int, under: bool) -> bool:
    block, title = page.blocks[index], page.blocks[title_index]
    if block.element == title.element or not SUBTITLE_MIN_UNITS <= block.units <= TITLE_MAX_UNITS:
        return False  # (a headline broken by <br> is one title; a paragraph is no subtitle)
    if block.link_units * 2 > block.units or block.text in title.text or title.text in block.text:
        return False
    element = page.elements[block.element]
    if SUBTITLE_CLASS.search(element.class_id) is None:
        if not under or element.tag not in HEADING_TAGS or element.tag == page.elements[title.element].tag:
            return False
        if not block.text.lstrip().startswith(_DASHES) and element.parent != page.elements[title.element].parent:
            return False
    text = block.text
    if text.isupper() and len(text.split()) <= _NAME_MAX_WORDS:
        return False  # (a wire story's byline set beside it: JANIE HAR)
    return not is_boilerplate_line(text, block.units) and not is_metadata_line(text, block.units)
