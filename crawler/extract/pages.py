"""An article split over several pages: the addresses of its other pages, from its pager.

News sites split a long article into pages that link each other by number (1 2 3 下一页): the first
page is `<name><ext>` (or `<name>_0`, `<name>_1`), the others `<name>_2<ext>`, `<name>_3<ext>`... in
the same folder (content_4894059.htm, content_4894059_2.htm; 12987294_0.shtml, 12987294_1.shtml; people.com.cn
writes a hyphen, c1001-31573453-2.html). WordPress numbers a post's pages as a folder under its own address
(/2020/01/slug/, then /2020/01/slug/2/). TRS WCM, the CMS of most government sites, writes an article's pager
with a script and no link: `createPageHTML(3, 0, "t20220213_552130", "html")` names the pages.
The name carries the article's id, so a link of that form is one of its pages, wherever it sits. Scripts number
the pages in their query instead (show.asp?id=5&page=2, WordPress's ?p=123&page=2): a pager's link to the same
address whose query differs from the page's only in a page number's parameter is one of its pages. A
record of the first page alone would lose the article's end: the pipeline fetches the pages named
here and joins their text to the first's, and archives an article reached at a later page from its
first (crawler/pipeline.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from store.urls import canonical_url

# The last segment of a page's path: its name, the page's number after "_" or "-" (two digits at most: a longer
# number is an id, c_122575949.htm), and its extension.
_SEGMENT = re.compile(r"(?P<name>[^/]+?)(?:[_-](?P<number>\d{1,2}))?(?P<ext>\.[A-Za-z]{2,6})")


# A pager's line: page numbers and the words around them (1 2 3 下一页, [1] [2] [3], 上一页 1 2 下一页 在本页阅读全文).
# A link to the next page alone (返目录 下一页) or to chapters (第一章│第二章) may be a series of documents.
_PAGER = re.compile(r"(?:\s|[\[\]【】()（）|｜│·,，:：/…>»›<«‹]|\d{1,3}|[上下]一?[页頁]|[首尾末][页頁]"
                    r"|第\s*\d+\s*[页頁]|共\s*\d+\s*[页頁]|在本[页頁]阅读全文|阅读全文|閱讀全文|全文"
                    r"|next|prev(?:ious)?|page)+", re.I)
_PAGER_MAX_CHARS = 120  # (a pager of twenty pages and its words; longer is text)
# A link to the next page on a line of its own: only the article's own numbered pages are taken from it (its
# name's _2 is the next page of it; 下一篇, the next article, is never one).
_NEXT_PAGE = re.compile(r"[\[【(（<]?\s*(?:下一?[页頁]|next\s+page)\s*[\]】)）>»›]?", re.I)


def is_pager(text: str) -> bool:
    """Whether a line is a pager that numbers its pages, or a link to the next page alone (下一页)."""
    return len(text) <= _PAGER_MAX_CHARS and (any(map(str.isdigit, text)) and _PAGER.fullmatch(text) is not None
                                              or _NEXT_PAGE.fullmatch(text) is not None)


def link_marks(url: str | None) -> tuple[str, ...]:
    """What a link to another page of the article at `url` holds, in lower case (content_123_ and content_123- for
    content_123.htm; content_123.htm too for content_123_2.htm; a page number's parameter, &page=; /slug/2 for
    /slug/): a page whose links, lowered, hold none of these links none of its pages. () when its address is no
    web page's."""
    if not url or not url.startswith(("http://", "https://")):
        return ()
    # (a query's page numbers only where the query names an item: most pages, and their 304s, look for none)
    query_marks = _QUERY_MARKS if "?" in url and (own_query := _query_of(url)) and _names_an_item(*own_query) else ()
    own = _own(url)
    if own is None:
        path = _path_numbered(url)
        if path is None:
            return query_marks
        # (a first page links its second in a folder under its name; a later one may link the first bare)
        post, number = path[0].rpartition("/")[2].lower(), path[1]
        return (f"/{post}/2" if number is None else f"/{post}", *query_marks)
    _, name, number, ext = own
    marks = (f"{name}_".lower(), f"{name}-".lower(), *query_marks)
    return marks if number is None else (*marks, f"{name}{ext}".lower())


# The parameters that number a script's pages (page=2, pn=2, curPage=2; p=2 but not WordPress's p=123, an id,
# told by its length), compared in lower case.
_PAGE_PARAMETERS = frozenset({"page", "p", "pg", "pn", "pageno", "page_no", "pagenum", "pageindex", "curpage",
                              "currentpage", "cur_page"})
_PAGE_NUMBER = re.compile(r"\d{1,2}")
_QUERY_MARKS = tuple(f"{start}{name}=" for name in sorted(_PAGE_PARAMETERS) for start in "?&;")  # (;p=: &amp;p=)
# A script's page shows one item when its query names it (show.asp?id=5, ?p=123, article.php?newsid=88): a
# listing's names a class of them (list.asp?classid=3), and its pages are other items, not more of one.
_ITEM_PARAMETER = re.compile(r"(?:id|aid|nid|docid|newsid|news_id|articleid|article_id|infoid|info_id|contentid"
                             r"|content_id|artid|art_id|itemid|item_id|p)", re.I)
# A forum's thread is one item too, but its further pages are replies, not more of its first post.
_FORUM_PATH = re.compile(r"bbs|forum|thread|topic|dispbbs|viewthread|read\.php|showtopic|post", re.I)
# A listing's script may name its class by an id (list.php?id=3, category.php?id=7, search.php?id=3&q=).
_LISTING_SCRIPT = re.compile(r"list|categor|column|channel|search|tags?\b|class|sort|more", re.I)


class ArticlePages(NamedTuple):
    first: str | None  # the article's first page, when the page is a later one
    further: tuple[str, ...]  # the pages after it, in order


def article_pages(url: str | None, hrefs: Iterable[str], charset: str = "utf-8") -> ArticlePages:
    """The same article's other pages among `hrefs` (a pager's links, as written in the page at `url`): its
    first page when this one is a later one (content_123.htm beside content_123_2.htm; the lowest number where
    the first has one, 12987294_0.shtml), and the pages after this one, in page order. `charset`: the page's,
    which its links' queries are written in."""
    if url is None:
        return ArticlePages(None, ())
    hrefs = list(hrefs)  # (read twice: for pages numbered in their file name, then in their query)
    own = _own(url)
    if own is None:
        found = _path_pages(url, hrefs)
        return found if found.first or found.further else _query_pages(url, hrefs, charset)
    found = _file_pages(url, hrefs, own)
    if not (found.first or found.further) and own[2] is not None:
        # (or its number is its id's: content_7.htm, whose second page is content_7_2.htm)
        found = _file_pages(url, hrefs, (own[0], _file_stem(url), None, own[3]))
    return found if found.first or found.further else _query_pages(url, hrefs, charset)


def _file_pages(url: str, hrefs: list[str], own: tuple[str, str, int | None, str]) -> ArticlePages:
    """article_pages for a page numbered in its file's name, `own` its (folder, name, number, extension)."""
    folder, name, number, ext = own
    numbered: dict[int, str] = {}
    unnumbered = None
    for href in hrefs:
        address = urljoin(url, href.strip()).split("#", 1)[0]
        other = _numbered(address)
        if other is None or other[1] != name or other[0] != folder or other[3] != ext:
            continue
        if other[2] is None:
            unnumbered = unnumbered or address
        else:
            numbered.setdefault(other[2], address)
    # (a first page without a number may be followed by _1: sohu's second page)
    further = tuple(numbered[n] for n in sorted(numbered) if n > (number if number is not None else 0))
    first = None
    if number is not None:
        first = unnumbered or next((numbered[n] for n in sorted(numbered) if n < number), None)
        if first is None and further and number >= 2:  # (pages that link only the next: _2 then _3, page 1 unnamed)
            first = re.sub(rf"[_-]{number}(?=\.[A-Za-z]{{2,6}}$)", "", url.split("?", 1)[0].split("#", 1)[0])
    return ArticlePages(first, further)


def _file_stem(url: str) -> str:
    """The page's file name without its extension (content_7 for …/content_7.htm)."""
    return urlsplit(url.split("?", 1)[0]).path.rpartition("/")[2].rpartition(".")[0]


# TRS's pager script: createPageHTML(pages, this page counted from 0, "the first page's name", "its extension"), the
# others named <name>_1.<ext>, <name>_2.<ext>... in the same folder.
_SCRIPT_PAGER = re.compile(r"""createPageHTML\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*,"""
                           r"""\s*["']([^"'/?#]+)["']\s*,\s*["'](\w{2,6})["']\s*\)""")
# (a page's bytes, lowered, where such a script names more than one page: most TRS articles call it for one)
_SCRIPT_PAGES_CALL = re.compile(rb"createpagehtml\(\s*(?:[2-9]|\d\d)\s*,")
# A listing's pages have such a pager too (createPageHTML(10, 0, "index", "html")): more items, not more of one.
_LISTING_NAME = re.compile(r"index|default|home", re.I)


def scripted_pages(url: str | None, html: str) -> ArticlePages:
    """The article's other pages as its pager script names them (TRS's createPageHTML), where the script names the
    page at `url` as one of them; none for a listing's pager."""
    if _own(url) is None or "createPageHTML" not in html:  # (a file's address; then told in C: most have none)
        return ArticlePages(None, ())
    try:
        parts = urlsplit(url)
    except ValueError:
        return ArticlePages(None, ())
    folder, _, own = parts.path.rpartition("/")
    for call in _SCRIPT_PAGER.finditer(html):
        count, current, name, ext = int(call[1]), int(call[2]), call[3], call[4]
        if count < 2 or current >= count or _LISTING_NAME.fullmatch(name) or _LISTING_SCRIPT.search(name) \
                or own != _scripted_name(name, ext, current):
            continue
        base = f"{parts.scheme}://{parts.netloc}{folder}/"
        first = base + _scripted_name(name, ext, 0) if current else None
        return ArticlePages(first, tuple(base + _scripted_name(name, ext, n) for n in range(current + 1, count)))
    return ArticlePages(None, ())


def may_have_scripted_pages(lowered: bytes) -> bool:
    """Whether a page's bytes, lowered, hold a pager script naming more than one page (told without parsing it)."""
    return b"createpagehtml(" in lowered and _SCRIPT_PAGES_CALL.search(lowered) is not None


def _scripted_name(name: str, ext: str, number: int) -> str:
    return f"{name}.{ext}" if number == 0 else f"{name}_{number}.{ext}"


def _path_pages(url: str, hrefs: Iterable[str]) -> ArticlePages:
    """article_pages for a post whose pages are numbered folders under its address (/slug/, /slug/2/, /slug/3/).
    A later page names its first only where its pager links it: the folder above /news/12/ may be no page of it."""
    own = _path_numbered(url)
    if own is None:
        return ArticlePages(None, ())
    base, number = own
    numbered: dict[int, str] = {}
    first = None
    for href in hrefs:
        address = urljoin(url, href.strip()).split("#", 1)[0]
        other = _path_numbered(address)
        if other is None or other[0] != base:
            continue
        if other[1] is None:
            first = first or address
        else:
            numbered.setdefault(other[1], address)
    if number is not None and first is None:
        return ArticlePages(None, ())
    return ArticlePages(first if number is not None else None,
                        tuple(numbered[n] for n in sorted(numbered) if n > (number or 1)))


def _query_pages(url: str, hrefs: Iterable[str], charset: str) -> ArticlePages:
    """article_pages for a script's pages of one item, numbered in their query: the links to the page's own
    address whose query differs from its own in one page number's parameter only (all in the same one). A later
    page's first is its address without that parameter (a pager may link it as page=1 or not at all)."""
    own = _query_of(canonical_url(url, None, charset) or url)
    if own is None or not _names_an_item(*own):
        return ArticlePages(None, ())
    where, params = own
    numbered: dict[int, str] = {}
    key = None
    for href in hrefs:
        # (as the page's own address is kept: a query's Chinese escaped in the page's charset, as a browser does)
        address = canonical_url(href, url, charset)
        other = _query_of(address) if address else None
        if other is None or other[0] != where or (differs := _page_parameter(params, other[1])) is None:
            continue
        name, value = differs
        if key in (None, name):
            key = name
            if value is not None:
                numbered.setdefault(value, address)
    if key is None or not _names_an_item(where, {name: value for name, value in params.items() if name != key}):
        return ArticlePages(None, ())  # (?p=2 beside ?p=3: two posts of a blog, not two pages of one)
    # (a pager counts from 1, its page=1 this first page again, unless it links a page=0)
    number = int(params[key]) if params.get(key) else 0 if 0 in numbered else 1
    # (any numbered page's first is its address without the number: one address for the article however reached)
    first = _without_parameter(url, key) if key in params else None
    return ArticlePages(first, tuple(numbered[n] for n in sorted(numbered) if n > number))


def _names_an_item(where: str, params: dict[str, str]) -> bool:
    """Whether a script's address shows one item (show.asp?id=5), not a listing or a forum's thread."""
    path = urlsplit(where).path
    return not _FORUM_PATH.search(path) and not _LISTING_SCRIPT.search(path.rpartition("/")[2]) \
        and any(value and _ITEM_PARAMETER.fullmatch(name) for name, value in params.items())


def _without_parameter(url: str, name: str) -> str:
    parts = urlsplit(url)
    kept = [pair for pair in parts.query.split("&") if pair.partition("=")[0] != name]
    return urlunsplit(parts._replace(query="&".join(kept), fragment=""))


def _query_of(address: str) -> tuple[str, dict[str, str]] | None:
    """(the address without its query, its query's parameters) of a web address; None for another."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    # (escapes read byte for byte: a GBK query's are no UTF-8)
    return (f"{parts.scheme}://{parts.netloc.lower()}{parts.path}",
            dict(parse_qsl(parts.query, keep_blank_values=True, encoding="latin-1")))


def _page_parameter(own: dict[str, str], other: dict[str, str]) -> tuple[str, int | None] | None:
    """(name, the other's page number, None where it has none) when two queries differ in one page number's
    parameter only; else None."""
    differing = [name for name in own.keys() | other.keys() if own.get(name) != other.get(name)]
    if len(differing) != 1 or differing[0].lower() not in _PAGE_PARAMETERS:
        return None
    name = differing[0]
    numbers = [value for value in (own.get(name), other.get(name)) if value is not None]
    if not all(_PAGE_NUMBER.fullmatch(value) for value in numbers):
        return None  # (p=123 and p=124: two posts)
    value = other.get(name)
    return name, int(value) if value is not None else None


# A path ending in a page's number as a folder of its own (/2020/01/slug/2/, /archives/123/2), and what it is under.
_PATH_NUMBER = re.compile(r"(?P<base>.+?)/(?P<number>\d{1,2})/?")
# What a numbered folder under it makes no page of one post: a listing's pages (/page/2/), a date's archive
# (/2020/5/, /2020/05/12/).
_NOT_A_POST = re.compile(r"pages?|p|\d{1,2}|(?:19|20)\d\d", re.I)
# A post's name: a slug of words (long-read, 2020-ban) or an id (123), or any name under its date's folders
# (/2012/01/minsheng/); a section's is one short word (/news/).
_POST_NAME = re.compile(r"[-_\d]|^[^/]{16,}$")
_DATED_FOLDER = re.compile(r"/(?:19|20)\d\d(?:/|$)")


def _path_numbered(address: str) -> tuple[str, int | None] | None:
    """(the post's address without its page number, lowered host, no query or trailing slash; the page's number
    or None for its first) of a post's page numbered as a folder; None for an address that can be no such page (a
    file's, a site's root, a listing's or a forum's)."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    path = parts.path.rstrip("/")
    if parts.scheme not in ("http", "https") or "." in path.rpartition("/")[2] or _FORUM_PATH.search(path):
        return None
    match = _PATH_NUMBER.fullmatch(path)
    base, number = (match["base"], int(match["number"])) if match else (path, None)
    folders, _, post = base.rpartition("/")
    if not post or _NOT_A_POST.fullmatch(post) or _LISTING_SCRIPT.search(base) \
            or not (_POST_NAME.search(post) or _DATED_FOLDER.search(folders)):
        return None
    return f"{parts.scheme}://{parts.netloc.lower()}{base}", number


def _own(url: str | None) -> tuple[str, str, int | None, str] | None:
    # (the page as linked from a listing, content_123.htm?from=list, has the same pages)
    return _numbered(url.split("?", 1)[0]) if url else None


def _numbered(address: str) -> tuple[str, str, int | None, str] | None:
    """(folder, name, page number or None, extension) of an address whose path ends in a page's file,
    without a query (a query's pages are a listing's, or a script's); None for any other."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.query:
        return None
    folder, _, segment = parts.path.rpartition("/")
    match = _SEGMENT.fullmatch(segment)
    if match is None:
        return None
    number = match["number"]
    return (f"{parts.scheme}://{parts.netloc.lower()}{folder}", match["name"], int(number) if number else None,
            match["ext"].lower())
