"""One runner per extractor measured, all with the same shape.

A runner states what it is given — the raw page bytes (it decodes them itself) or the
page correctly decoded with the corpus charset — and returns an `Extraction`. Peers are
imported lazily so a missing one is reported and skipped, not fatal.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bench.extraction.corpus import CorpusPage

if TYPE_CHECKING:
    from crawler.extract import Article

Given = Literal["bytes", "text"]


@dataclass(frozen=True)
class Extraction:
    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    subtitle: str | None = None  # (palimpsest's alone: the others give none)


@dataclass(frozen=True)
class Runner:
    name: str
    given: Given  # what `run` receives: page bytes, or correctly decoded text
    requires: str  # importable module the runner needs
    run: Callable[[bytes | str, CorpusPage], Extraction]
    note: str = ""

    def available(self) -> bool:
        return importlib.util.find_spec(self.requires) is not None


def _palimpsest_bytes(body: bytes | str, page: CorpusPage) -> Extraction:
    from crawler.extract import extract

    return _palimpsest_result(extract(body, page.url, content_type=page.content_type))


def _palimpsest_text(html: bytes | str, page: CorpusPage) -> Extraction:
    from crawler.extract import extract_html

    return _palimpsest_result(extract_html(html, page.url))


def _palimpsest_result(article: Article) -> Extraction:
    # palimpsest never raises on a page (one bad page must not stop a crawl): it returns an empty article
    # whose warning says the extraction failed. Here that counts as the error it is.
    failed = [warning for warning in article.warnings if warning.startswith("extraction failed")]
    if failed:
        raise RuntimeError(failed[0])
    return Extraction(article.text, article.title, article.published, article.author, article.subtitle)


def _trafilatura(**options: object) -> Callable[[bytes | str, CorpusPage], Extraction]:
    def run(page_input: bytes | str, page: CorpusPage) -> Extraction:
        import trafilatura

        # None means "no article found": an empty body, scored as such.
        return Extraction(trafilatura.extract(page_input, url=page.url, **options) or "")

    return run


def _readability(html: bytes | str, page: CorpusPage) -> Extraction:
    from readability import Document

    document = Document(html, url=page.url)
    return Extraction(html_to_text(document.summary(html_partial=True)), document.short_title())


def _resiliparse(html: bytes | str, page: CorpusPage) -> Extraction:
    from resiliparse.extract.html2text import extract_plain_text

    return Extraction(extract_plain_text(html, main_content=True))


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
           "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption"}


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (readability's output) with a line break at each block,
    so words in adjacent paragraphs are not glued together."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


RUNNERS: dict[str, Runner] = {
    runner.name: runner
    for runner in (
        Runner("palimpsest", "bytes", "crawler.extract", _palimpsest_bytes, "bytes in, decodes itself"),
        Runner("palimpsest-text", "text", "crawler.extract", _palimpsest_text, "given decoded text"),
        Runner("trafilatura", "text", "trafilatura", _trafilatura(), "default settings, given decoded text"),
        Runner("trafilatura-bytes", "bytes", "trafilatura", _trafilatura(), "default settings, decodes itself"),
        Runner("trafilatura-precision", "text", "trafilatura", _trafilatura(favor_precision=True),
               "favor_precision=True, given decoded text"),
        Runner("readability", "text", "readability", _readability, "readability-lxml, given decoded text"),
        Runner("resiliparse", "text", "resiliparse", _resiliparse, "main_content=True, given decoded text"),
    )
}
BASELINE = "trafilatura"  # pages/second ratios are against this runner
