"""The files a notice's text names or offers (附件1：名单.xlsx, 附件：名单 [下载]): a notice's attachments are
often what it publishes, so the fetch keeps them (crawler/attachments.py decides which links are files).
"""

from __future__ import annotations

import re

from crawler.extract import body as bodyfinder
from crawler.extract.boilerplate import ATTACHMENT_FILE
from crawler.extract.heuristics import ATTACHMENT_LINE_MAX_UNITS

# The types of the documents a notice publishes.
_DOCUMENT_TYPES = r"(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|txt|csv)"
# A link to a document a notice publishes (its address, or its name, ends with the file's type).
_FILE_LINK = re.compile(rf"\.{_DOCUMENT_TYPES}(?:$|[?#])", re.I)
# A line naming a file by its type, maybe with its size or a download button after it: 附件1：名单.xlsx,
# 公示表.pdf（23KB）[下载].
_FILE_NAME_END = re.compile(rf"\.{_DOCUMENT_TYPES}(?=(?:\s*[(（\[【][^()（）\[\]【】]{{0,20}}[)）\]】])*\s*$)", re.I)
# A line that offers a file: labelled as an attachment (附件：, 附件2：), or ending in a download button.
_OFFERS_A_FILE = re.compile(r"^附[件表]\s*[\d一二三四五六七八九十]{0,2}\s*[:：]"
                            r"|(?:点击|點擊)?下[载載](?:附件|文件|全文)?\s*[\]】)）]?$")


def names_a_file(block: bodyfinder.Block) -> bool:
    """Whether the block is an attachment's line: its name with its file type (1.考核结果.pdf), or a short line
    linking to a file and nothing else."""
    if ATTACHMENT_FILE.match(block.text):
        return True
    return bool(block.links) and block.units <= ATTACHMENT_LINE_MAX_UNITS and block.link_units * 2 >= block.units \
        and all(_FILE_LINK.search(href) for href in block.links)


def named_files(page: bodyfinder.Page, kept: list[int], base: str | None) -> tuple[tuple[str, str], ...]:
    """(link, file name) for each kept line that names a file and links one address: the file a script serves by
    number (download.jsp?id=12) is known by its line's name, up to its type."""
    found = {}
    for i in kept:
        block = page.blocks[i]
        if len(set(block.links)) == 1 and (end := _FILE_NAME_END.search(block.text)):  # (an icon may link it too)
            found.setdefault(bodyfinder.absolute(base, block.links[0]), block.text[:end.end()])
    return tuple(found.items())


def offered_files(page: bodyfinder.Page, kept: list[int], base: str | None) -> tuple[str, ...]:
    """The address each kept line offers as a file without naming its type: a line labelled 附件 or ending in a
    download button that links one address (附件：名单 for download.jsp?id=12; 名单 [下载])."""
    found = {}
    for i in kept:
        block = page.blocks[i]
        if block.links and ("附" in block.text or "下" in block.text) and len(set(block.links)) == 1 \
                and _OFFERS_A_FILE.search(block.text) and not _FILE_NAME_END.search(block.text):
            found.setdefault(bodyfinder.absolute(base, block.links[0]), None)
    return tuple(found)
