"""What extraction gives: an `Article`, and the two ways it is printed (the reference format of `seeds/`, JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


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
    # the lines set beside the headline outside the text: a kicker over it (引题), a subtitle under it (副题)
    subtitle: str | None = None
    language: str | None = None
    charset: str | None = None
    charset_source: str | None = None
    links: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    warnings: tuple[str, ...] = ()
    article_score: float = 0.0  # 0..1: how much the page looks like one article (listings score low)
    soft_404: bool = False  # a "page not found" page served with 200
    blocked: str | None = None  # a firewall's or anti-robot check's page in the page's place: the words saying so
    unavailable: str | None = None  # a server's error or maintenance page in the page's place: the words saying so
    canonical_links: tuple[str, ...] = ()  # hrefs of <link rel=canonical>, as written
    continued_on: tuple[str, ...] = ()  # the article's further pages, in order (see crawler/extract/pages.py)
    first_page: str | None = None  # the article's first page, when this is a later one
    # (link, file name) for each line of the text that names a file and links one address (附件1：名单.xlsx（23KB）:
    # 附件1：名单.xlsx for download.jsp?id=12)
    named_files: tuple[tuple[str, str], ...] = ()
    # the address each line of the text offers as a file without naming its type (附件：名单 or 名单 [下载], linking
    # download.jsp?id=12): what it is, the server's answer says
    offered_files: tuple[str, ...] = ()
    sends_to: str | None = None  # where a page without text sends the reader (its refresh or script), absolute
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


def to_reference_format(article: Article) -> str:
    """The plain-text layout of `seeds/`: title (and its subtitle), metadata lines, then one paragraph per line."""
    lines = [article.title or "", *(article.subtitle.splitlines() if article.subtitle else ())]
    for label, value in (("发布时间", article.published), ("作者", article.author), ("来源", article.source)):
        if value:
            lines.append(f"{label}：{value}")
    lines.append("")
    lines.extend(article.paragraphs)
    return "\n".join(lines) + "\n"


def to_json(article: Article, **extra: object) -> str:
    return json.dumps({**article.to_dict(), **extra}, ensure_ascii=False)
