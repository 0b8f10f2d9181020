"""Links out of an HTML page (selectolax), canonicalized, with their anchor text; shared by listings and follow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.charset import decode
from crawler.discover.urls import canonical_url
from crawler.extract.repair import limit_nesting

MAX_LINKS_PER_PAGE = 5000
# Static assets are never articles; PDFs and office files may be (stored raw), so they stay.
ASSET_EXTENSIONS = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "bmp", "svg", "ico", "css", "js", "mjs", "json", "woff", "woff2", "ttf",
    "eot", "mp3", "mp4", "m4a", "wav", "avi", "mov", "flv", "wmv", "swf", "zip", "rar", "7z", "gz", "tar", "exe",
    "apk", "dmg", "iso",
})


@dataclass(frozen=True)
class Link:
    url: str  # canonical
    text: str | None


class BadSelector(ValueError):
    pass


def html_page(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Page bytes → (text, charset), with the project's charset rules (GBK/Big5 pages name their links in
    Chinese); the charset is what a link's query is written in (see canonical_url)."""
    decoded = decode(body, content_type)
    return decoded.text, decoded.charset


def parse(html: str) -> LexborHTMLParser:
    """The parsed page; pathological nesting is flattened first (the parser is quadratic on it)."""
    return LexborHTMLParser(limit_nesting(html))


def links(tree: LexborHTMLParser, page_url: str, selector: str | None = None,
          pattern: re.Pattern[str] | None = None, charset: str = "utf-8") -> list[Link]:
    """Links of the page, in document order and without repeats: all `<a href>`, or those matching the CSS
    `selector` (an `a`, or any element whose `a` descendants count), kept only if `pattern` searches the URL.
    `charset`: the page's (its links' queries are written in it)."""
    base = _base(tree, page_url)
    found: dict[str, Link] = {}
    for anchor in _anchors(tree, selector):
        url = canonical_url(anchor.attributes.get("href") or "", base, charset)
        if not url or url in found or not looks_like_page(url) or (pattern and not pattern.search(url)):
            continue
        found[url] = Link(url, _anchor_title(anchor))
        if len(found) >= MAX_LINKS_PER_PAGE:
            break
    return list(found.values())


def first_link(tree: LexborHTMLParser, page_url: str, selector: str, charset: str = "utf-8") -> str | None:
    """URL of the first element matching `selector` that carries (or contains) an href: a "next page" link."""
    base = _base(tree, page_url)
    for anchor in _anchors(tree, selector):
        url = canonical_url(anchor.attributes.get("href") or "", base, charset)
        if url:
            return url
    return None


def _anchors(tree: LexborHTMLParser, selector: str | None) -> list[LexborNode]:
    if not selector:
        return tree.css("a[href]")
    try:
        nodes = tree.css(selector)
    except Exception as exc:  # selectolax raises its own types for a bad selector
        raise BadSelector(f"invalid CSS selector {selector!r}: {exc}") from None
    anchors: list[LexborNode] = []
    for node in nodes:
        if node.tag == "a":
            if node.attributes.get("href"):
                anchors.append(node)
        else:
            anchors += node.css("a[href]")
    return anchors


def _anchor_title(anchor: LexborNode) -> str | None:
    """The link's words; list pages often cut long titles short in the text and give them whole in `title`."""
    text = " ".join((anchor.text(separator=" ") or "").split())
    attribute = " ".join((anchor.attributes.get("title") or "").split())
    best = attribute if len(attribute) > len(text.rstrip(".…")) else text
    return best[:500] or None


def _base(tree: LexborHTMLParser, page_url: str) -> str:
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node else None
    return (canonical_url(href, page_url) or page_url) if href else page_url


def looks_like_page(url: str) -> bool:
    """False for links to images, scripts, styles, media and archives."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return "." not in last or last.rsplit(".", 1)[-1].lower() not in ASSET_EXTENSIONS
