"""The page's machine-readable facts, read in one scan: <meta> tags, canonical links, JSON-LD, dated
elements and <base href>. dates.py, bylines.py and titles.py read their fields from it."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

Found = tuple[str | None, str]  # (value, how it was found)
# (of the <link>s, those that may be canonical: a page has dozens of stylesheets and icons, each costing a
# node to read; MetaTags tells the canonical ones by their rel's words)
MARKUP_SELECTOR = ('meta, link[rel*="canonical" i][href], script[type="application/ld+json"], '
                   "[itemprop=datePublished], time[datetime], time[pubdate], base[href]")
ScannedNode = tuple[LexborNode, str, dict]  # a node found by a CSS scan, its tag and its attributes


def is_markup(tag: str, attrs: dict) -> bool:
    """Whether an element matches MARKUP_SELECTOR (for nodes found by a wider scan), any <link> with a rel."""
    if tag == "meta":
        return True
    if tag == "link":
        return "rel" in attrs and "href" in attrs
    if tag == "script":
        return (attrs.get("type") or "").lower() == "application/ld+json"
    if tag == "time" and ("datetime" in attrs or "pubdate" in attrs) or tag == "base" and "href" in attrs:
        return True
    return attrs.get("itemprop") == "datePublished"


class MetaTags:
    """The page's machine-readable facts: <meta> tags, canonical links, JSON-LD scripts and dated
    elements, all found in one scan of the tree (each CSS query is a scan of its own), or among the
    `scanned` nodes of a scan made for more than this (each `is_markup`)."""

    def __init__(self, tree: LexborHTMLParser, scanned: list[ScannedNode] | None = None) -> None:
        self.attributes: list[dict] = []  # of every <meta>, in document order
        self.canonical_links: list[str] = []
        self.dated: list[LexborNode] = []  # JSON-LD scripts, [itemprop=datePublished], <time>, in document order
        self.base_href: str | None = None  # the first <base href>: what the page's relative links are relative to
        if scanned is None:
            scanned = [(node, node.tag, node.attributes) for node in tree.css(MARKUP_SELECTOR)]
        for node, tag, attrs in scanned:
            if tag == "meta":
                self.attributes.append(attrs)
                if attrs.get("itemprop") == "datePublished":
                    self.dated.append(node)
            elif tag == "link":
                if "canonical" in (attrs.get("rel") or "").lower().split():
                    self.canonical_links.append(attrs.get("href") or "")
            elif tag == "base":
                self.base_href = self.base_href or (attrs.get("href") or "").strip() or None
            else:
                self.dated.append(node)
        self._first: dict[tuple[str, str | None], str | None] = {}
        for attrs in reversed(self.attributes):  # the first <meta> with a name wins, as css_first would
            for key in ("name", "property"):
                if key in attrs:
                    self._first[key, attrs[key]] = attrs.get("content")

    def content(self, key: str, value: str) -> str | None:
        """content of the first <meta key="value">, as `meta[key="value"]` selects it."""
        return self._first.get((key, value))

    def http_equiv(self, name: str) -> str | None:
        """content of the first <meta http-equiv=name> (refresh, content-type), its name matched case-blind."""
        for attrs in self.attributes:
            if (attrs.get("http-equiv") or "").strip().lower() == name:
                return attrs.get("content")
        return None

    def has(self, key: str, value: str) -> bool:
        return (key, value) in self._first

