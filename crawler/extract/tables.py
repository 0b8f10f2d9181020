"""A table's rows as lines: the cells of a row of data read across, 序号 | 单位 | 姓名 | 职务.

The walk makes each cell's text a block of its own, and the body keeps blocks one to a line: a
notice's table of names would read a cell to a line, its rows lost. A row is read as one line when
each of its cells holds one short block and every block of the row is in the body. A layout table's
cells, which hold an article's paragraphs, stay as they are.
"""

from __future__ import annotations

from operator import attrgetter

from crawler.extract import heuristics as h
from crawler.extract.body import is_within
from crawler.extract.walk import CELL_TAGS, Element, Page
from store.cells import CELL_SEPARATOR


def body_lines(page: Page, kept: list[int]) -> tuple[list[str], int]:
    """The texts of the `kept` blocks, one to a line, but a table's rows one to a line, their cells
    joined by CELL_SEPARATOR; and how many rows were read across."""
    blocks = page.blocks
    if CELL_TAGS.isdisjoint(map(attrgetter("tag"), page.elements)):  # (most pages: no table at all; told in C)
        return [blocks[i].text for i in kept], 0
    cell_of = _CellFinder(page.elements)
    cells = [cell_of(blocks[i].element) for i in kept]
    if max(cells, default=-1) < 0:  # (no table in the text)
        return [blocks[i].text for i in kept], 0
    lines: list[str] = []
    rows = 0
    position = 0
    while position < len(kept):
        end = _row_end(page, kept, cells, position)
        if end > position + 1:
            lines.append(_row_line(page, kept[position:end], cells[position:end]))
            rows += 1
        else:
            end = position + 1
            lines.append(blocks[kept[position]].text)
        position = end
    return lines, rows


def _row_end(page: Page, kept: list[int], cells: list[int], position: int) -> int:
    """Where the run of kept blocks from `position` that is one whole table row ends (exclusive), or
    `position` when the block there opens no such row. `cells`: each kept block's cell (-1: none)."""
    blocks, elements = page.blocks, page.elements
    first, cell = kept[position], cells[position]
    if cell < 0 or not _one_short_block(page, cell, first):
        return position
    row = elements[cell].parent
    if row < 0 or (first > 0 and is_within(page, blocks[first - 1].element, row)):
        return position  # (the row's first block is not in the body)
    end = position + 1
    while end < len(kept) and kept[end] == kept[end - 1] + 1:
        cell = cells[end]
        if cell < 0 or elements[cell].parent != row:
            break
        if not _one_short_block(page, cell, kept[end]):
            return position
        end += 1
    last = kept[end - 1]
    if last + 1 < len(blocks) and is_within(page, blocks[last + 1].element, row):
        return position  # (the row goes on beyond the body)
    return end


def _row_line(page: Page, row: list[int], cells: list[int]) -> str:
    """The blocks of one row, a cell each, joined by CELL_SEPARATOR, an empty cell between two of them kept
    as an empty field: a mark moved from one column to the next (任职 | | → | 免职 |) is an edit. Empty cells
    before the first text and after the last are left out (a layout's spacers)."""
    texts: list[str] = []
    reached = None  # the column after the last cell with text
    for block, cell in zip(row, cells, strict=True):
        first, after = page.columns.get(cell, (0, 1))
        if reached is not None and first > reached:
            texts.extend([""] * min(first - reached, h.TABLE_MAX_EMPTY_CELLS))
        texts.append(page.blocks[block].text)
        reached = after
    return CELL_SEPARATOR.join(texts)


class _CellFinder:
    """The innermost table cell holding an element, remembered along the way: the body's blocks share
    their ancestors, each climbed once."""

    def __init__(self, elements: list[Element]) -> None:
        self.elements = elements
        self.known: dict[int, int] = {}

    def __call__(self, index: int) -> int:
        elements, known = self.elements, self.known
        path = []
        while index >= 0 and index not in known:
            if elements[index].tag in CELL_TAGS:
                break
            path.append(index)
            index = elements[index].parent
        cell = -1 if index < 0 else known.get(index, index)
        for climbed in path:
            known[climbed] = cell
        return cell


def _one_short_block(page: Page, cell: int, block: int) -> bool:
    """Whether `block` is the only block of `cell`, and text (not pictures alone) short enough to be data."""
    blocks = page.blocks
    if not blocks[block].text or blocks[block].units > h.TABLE_CELL_MAX_UNITS:  # (cheapest first)
        return False
    if block > 0 and is_within(page, blocks[block - 1].element, cell):
        return False
    return not (block + 1 < len(blocks) and is_within(page, blocks[block + 1].element, cell))


def row_blocks(page: Page, block: int) -> list[list[int]]:
    """The blocks of the table row holding `block`, cell by cell (empty cells aside); [] outside a table."""
    blocks, elements = page.blocks, page.elements
    cell_of = _CellFinder(elements)
    cell = cell_of(blocks[block].element)
    if cell < 0 or (row := elements[cell].parent) < 0:
        return []
    first, last = block, block
    while first > 0 and is_within(page, blocks[first - 1].element, row):
        first -= 1
    while last + 1 < len(blocks) and is_within(page, blocks[last + 1].element, row):
        last += 1
    cells: dict[int, list[int]] = {}
    for index in range(first, last + 1):
        cells.setdefault(cell_of(blocks[index].element), []).append(index)
    return list(cells.values())
