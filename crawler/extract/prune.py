"""What is removed from the tree before the walk: hidden text, form controls, anti-copy characters,
navigation, footers and the page's banner (each kept where it holds the article).

Candidates are found by one CSS scan, in C (PRUNE_SELECTOR); each is judged here, and removed with its subtree.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.extract import heuristics as h

# Never article text: not rendered, or hidden. Removed in C before the walk.
NAVIGATION_SELECTOR = 'nav, footer, aside, [role="navigation"], [role="contentinfo"]'

# The page's banner (logo, menus, search): removed like navigation when it holds no headline and
# does not sit inside the article (where <header> holds the article's own title and byline).
BANNER_SELECTOR = 'header, [role="banner"]'
_ARTICLE_TAGS = frozenset({"article", "main"})
ARTICLE_SELECTOR = 'article, main, [itemprop="articleBody"], [role="main"]'
HIDDEN_SELECTOR = '[hidden], [style*="display:none" i], [style*="display: none" i]'
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)

# Anti-copy text: random characters in each copy of a page, in short inline elements a class hides (Discuz!'s
# <font class="jammer">, hidden by its stylesheet; others by the page's own <style>). Kept, every visit is an edit.
_ANTI_COPY_CLASS = "jammer"
ANTI_COPY_SELECTOR = f'[class~="{_ANTI_COPY_CLASS}"]'

# Every selector costs time on every node: <head> is removed as it is (the parser knows it), and the
# walk skips the other SKIP_TAGS itself (checking the tag of an inline element it meets costs far less).
PRUNE_SELECTOR = ", ".join(["input", "form[action]", "style", HIDDEN_SELECTOR, ANTI_COPY_SELECTOR,
                            NAVIGATION_SELECTOR, BANNER_SELECTOR])


_POLL_ACTION = re.compile(r"poll|vote|survey|comment|toupiao|diaocha|pinglun", re.I)
_OPTION_ROWS = frozenset({"label", "li", "tr", "p", "dd", "dt"})


def decompose_outermost(nodes: list[LexborNode]) -> int:
    """Remove `nodes` from the tree, skipping any inside another one (already gone with it:
    destroying it again would touch freed memory). Returns how many subtrees were removed."""
    roots = [node for node in outermost(nodes) if node.tag != "html"]  # (the parser cannot remove its root)
    for node in roots:
        node.decompose()
    return len(roots)


def outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes that are not inside another one of them."""
    chosen = {node.mem_id: node for node in nodes}
    return [node for node in chosen.values() if not _inside(node, chosen)]


def _inside(node: LexborNode, subtrees: dict[int, LexborNode] | set[int]) -> bool:
    """Whether `node` lies below one of the subtrees (given by the mem_ids of their roots)."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in subtrees:
            return True
        parent = parent.parent
    return False


def prune(tree: LexborHTMLParser, scanned: list[tuple[LexborNode, str, dict]] | None = None,
          chinese: bool = True) -> None:
    """Remove what is never article text (<head>, form controls, hidden blocks, polls, navigation),
    mostly in C so that the walk has less to visit (the hidden text right after a button that unfolds it,
    a 看更多, stays). On a `chinese` page, also anti-copy characters its own stylesheet hides (Chinese forums' and
    CMSs' practice; other sites' sheets, of a hundred kilobytes, are not read for them). The candidates are the nodes
    PRUNE_SELECTOR finds, or are among the `scanned` nodes of a scan made for more than this (one scan of the tree
    in C finds every candidate; each selector costs a full scan)."""
    if scanned is None:
        scanned = [(node, node.tag, node.attributes) for node in tree.css(PRUNE_SELECTOR)]
    doomed, navigation = [], []
    if (head := tree.head) is not None:  # (the parser's only <head>: no query needed)
        doomed.append(head)  # (removed with the rest, after the nodes in it are looked at)
    page_text = _PageText(tree)
    styles = []
    for node, tag, attrs in scanned:
        if tag == "style":
            styles.append(node)
        elif tag == "input":
            # Poll and survey options: the line holding a radio button or checkbox is a form.
            doomed.append(_option_row(node) or node)
        elif (_is_hidden(attrs) and tag not in _PAGE_TAGS and not _shown_by_script(node, tag, page_text)
              and not _folded_rest(node)) or (
                tag == "form" and _POLL_ACTION.search(attrs.get("action") or "") and not _holds_prose(node)):
            doomed.append(node)
        elif _is_hidden(attrs) and "class" in attrs and _folded_rest(node):
            del node.attrs["class"]  # (the rest of the text: its class names the fold, div.more, not furniture)
        elif (tag in _NAVIGATION_TAGS or (attrs.get("role") in _NAVIGATION_ROLES and tag not in _PAGE_TAGS)) \
                and _is_navigation(node, tag):
            navigation.append(node)
        elif tag in _INLINE_TAGS and _ANTI_COPY_CLASS in (attrs.get("class") or "").split() and _is_anti_copy(node):
            doomed.append(node)
    if chinese and styles and (hiding := _classes_hidden_by(styles)):
        doomed.extend(_hidden_inline_text(tree, hiding))
    removed = outermost(doomed)
    if navigation:  # (those inside a removed subtree go with it; their nodes must not be touched after)
        removed_ids = {node.mem_id for node in removed}
        navigation = [node for node in navigation if not _inside(node, removed_ids)]
    for node in removed:
        node.decompose()
    if navigation:
        _drop_navigation(tree, navigation)


# The page itself, which anti-flicker scripts hide until they have run (<body style="display:none">).
_PAGE_TAGS = frozenset({"html", "body"})
_NAVIGATION_TAGS = frozenset({"nav", "footer", "aside", "header"})
_NAVIGATION_ROLES = frozenset({"navigation", "contentinfo", "banner"})


def _is_navigation(node: LexborNode, tag: str) -> bool:
    role = node.attributes.get("role")
    if tag == "footer":  # (an article's own footer holds its credits: 本文来源：中国青年报　作者：陈默)
        return not _in_article(node)
    if tag in ("nav", "aside") or role in ("navigation", "contentinfo"):
        return True
    return (tag == "header" or role == "banner") and _is_page_banner(node)


def _is_page_banner(node: LexborNode) -> bool:
    # (an article's own header: its headline and byline)
    return node.css_first("h1, h2") is None and not _in_article(node)


def _in_article(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        attrs = parent.attributes
        if parent.tag in _ARTICLE_TAGS or attrs.get("role") == "main" or attrs.get("itemprop") == "articleBody":
            return True
        parent = parent.parent
    return False


def _option_row(control: LexborNode) -> LexborNode | None:
    """The row (<label>, <li>, <tr>...) holding a radio button or checkbox, if it is one: an option's
    few words (a layout table's row that holds a login box's 记住我 in one cell may hold the article in
    the next)."""
    if (control.attributes.get("type") or "").lower() not in ("radio", "checkbox"):
        return None
    holder = control.parent
    for _ in range(3):
        if holder is None or holder.tag in _OPTION_ROWS or holder.tag == "form":
            break  # (a row is inside the form: outside it, a layout table's row holds the article too)
        holder = holder.parent
    if holder is None or holder.tag not in _OPTION_ROWS:
        return None
    return holder if h.units(holder.text(deep=True)) <= h.OPTION_ROW_MAX_UNITS else None


_INLINE_TAGS = frozenset({"font", "span", "i", "em", "b", "small", "strong", "ins", "s", "u"})

# A rule of the page's own stylesheet hiding a class (.jammer{display:none}, font.x { display: none; }): a selector
# of one class alone, not one in a context (#nav .sub) nor under a @media query (hidden on phones only).
_ONE_CLASS = re.compile(r"(?:[a-z]+)?\.([\w-]+)", re.I)

# (as a sheet writes it: a pattern matched case-blind tries every position of a sheet of a hundred kilobytes)
_SHEET_DISPLAY_NONE = re.compile(r"display\s*:\s*none")


def _classes_hidden_by(styles: list[LexborNode]) -> set[str]:
    """The classes the page's <style> elements hide. (Each `display: none` is looked for, then its rule's selector
    read back from it: a news site's sheet runs to a hundred kilobytes, too long to match rule by rule.)"""
    sheet = "\n".join(style.text(deep=True) or "" for style in styles)
    names = set()
    for hiding in _SHEET_DISPLAY_NONE.finditer(sheet) if "none" in sheet else ():
        opening = sheet.rfind("{", 0, hiding.start())
        if opening < 0 or sheet.find("}", opening, hiding.start()) >= 0:
            continue  # (not inside a rule's declarations)
        start = sheet.rfind("}", 0, opening) + 1
        selector = _ONE_CLASS.fullmatch(sheet[start:opening].strip())
        if selector is not None and not _in_media_query(sheet, start):
            names.add(selector.group(1))
    return names


def _in_media_query(sheet: str, position: int) -> bool:
    """Whether `position` (a rule's start) lies inside a @media block: more of its braces opened than closed."""
    media = sheet.rfind("@media", 0, position)
    return media >= 0 and sheet.count("{", media, position) > sheet.count("}", media, position)


def _hidden_inline_text(tree: LexborHTMLParser, classes: set[str]) -> list[LexborNode]:
    """The short inline elements of a class the page's stylesheet hides set inside a sentence, text on either side:
    characters no reader sees, in a line they do (not a button's label a class hides: its link keeps its place)."""
    selector = ", ".join(f'[class~="{name}"]' for name in sorted(classes))
    return [node for node in tree.css(selector)
            if node.tag in _INLINE_TAGS and _is_anti_copy(node) and _between_texts(node)]


def _between_texts(node: LexborNode) -> bool:
    before, after = node.prev, node.next
    return before is not None and after is not None and before.tag == after.tag == "-text" \
        and not before.is_empty_text_node and not after.is_empty_text_node


def _is_anti_copy(node: LexborNode) -> bool:
    """A few characters, alone in an inline element (a longer text a class hides may be shown by a script)."""
    return len(node.text(deep=True) or "") <= h.ANTI_COPY_MAX_CHARS


def _is_hidden(attrs: dict) -> bool:
    return "hidden" in attrs or _DISPLAY_NONE.search(attrs.get("style") or "") is not None


class _PageText:
    """The length of the page's text, read once when first needed: the share of it an element holds."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.tree = tree
        self._length: int | None = None

    @property
    def length(self) -> int:
        if self._length is None:
            body = self.tree.body
            self._length = len(body.text(deep=True)) if body is not None else 0
        return self._length

    def held_by(self, node: LexborNode, text: str | None = None) -> bool:
        """Whether `node` holds most of the page's text: it wraps the page, whatever its attributes say of it."""
        text = node.text(deep=True) if text is None else text
        return h.units(text) >= h.HIDDEN_ARTICLE_MIN_UNITS and len(text) >= h.PAGE_WRAPPER_MIN_SHARE * self.length


def _holds_prose(form: LexborNode) -> bool:
    """Whether a form posting to a poll or a comment script holds an article's worth of prose besides any
    poll's options (the rows of its radio buttons and checkboxes): an old site's one <form> around its
    layout, which the parser may close early at a table of the layout. What it holds is left to be valued."""
    text = form.text(deep=True)
    rows = outermost([row for control in form.css(_OPTION_INPUTS) if (row := _option_row(control)) is not None])
    options = sum(h.units(row.text(deep=True)) for row in rows)
    return h.units(text) - options >= h.HIDDEN_ARTICLE_MIN_UNITS and h.reads_as_prose(text)


_OPTION_INPUTS = 'input[type="radio" i], input[type="checkbox" i]'


def _shown_by_script(node: LexborNode, tag: str, page_text: _PageText) -> bool:
    """A hidden element that the page's script shows once loaded: one named as the article's body that holds
    an article's worth of prose and a good share of the page's text (WeChat mirrors' #js_content
    style="display: none"), or one that holds most of the page's text (a page kept hidden behind its loading
    screen: div#wrapper style="display:none"). Hidden tabs, menus and pop-ups hold a small share of a page,
    or no prose."""
    text = node.text(deep=True)
    if page_text.held_by(node, text):
        return True
    attrs = node.attributes
    class_id = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
    if h.hint(tag, class_id) <= 0:
        return False
    if h.units(text) < h.HIDDEN_ARTICLE_MIN_UNITS or not h.reads_as_prose(text):
        return False
    return len(text) >= h.HIDDEN_ARTICLE_MIN_SHARE * page_text.length


# The button that unfolds the rest of an article (看更多 ▼, 展开全文, 閱讀全文).
_READ_MORE = re.compile(r"^\W*(?:看更多|查看更多|展开全文|展開全文|阅读全文|閱讀全文|查看全文|继续阅读|繼續閱讀"
                        r"|点击展开|點擊展開)\W*$")


def _folded_rest(node: LexborNode) -> bool:
    """A hidden element right after the button that unfolds it (看更多 ▼): the rest of the article, in the
    page all along, that a mobile page shows on a tap."""
    previous = node.prev
    while previous is not None and previous.tag in ("-text", "-comment"):
        previous = previous.prev
    if previous is None:
        return False
    parts, length = [], 0
    for part in previous.traverse(include_text=True):  # (read only as far as a button's text can go)
        if part.tag == "-text":
            parts.append(part.text_content or "")
            length += len(parts[-1])
            if length > _READ_MORE_MAX_CHARS:
                return False
    return _READ_MORE.match(" ".join("".join(parts).split())) is not None


_READ_MORE_MAX_CHARS = 40  # (a button's text, spaces and all; longer is the article's own text before it)


def _drop_navigation(tree: LexborHTMLParser, candidates: list[LexborNode]) -> None:
    """<nav>, <footer>, <aside> and their ARIA roles, removed before the walk (on modern pages they
    are a third of the tree) unless one holds the article or much of the page's prose (a mega-menu
    is navigation however long: walking it only to throw it away is slow). The outermost are judged
    first: what lies inside one that goes need not be looked at."""
    body = tree.body
    if body is None:
        return
    most = h.NAVIGATION_MAX_TEXT_SHARE
    least_page_chars = -1  # the text of the outermost candidates, all of it in the page: a lower bound
    page_chars = 0  # the page's text, measured only when a candidate may pass a share of it
    doomed: list[LexborNode] = []
    while candidates:
        outer = outermost(candidates)
        texts = [node.text(deep=True) for node in outer]
        if least_page_chars < 0:
            least_page_chars = sum(map(len, texts))
        kept = []
        for node, text in zip(outer, texts, strict=True):
            if node.css_first(ARTICLE_SELECTOR) is not None:
                kept.append(node)
                continue
            if len(text) > most * least_page_chars and h.reads_as_prose(text):
                page_chars = page_chars or len(body.text(deep=True))
                if len(text) > most * page_chars:
                    kept.append(node)
                    continue
            doomed.append(node)
        judged = {node.mem_id for node in outer}
        kept_ids = {node.mem_id for node in kept}
        candidates = [node for node in candidates if node.mem_id not in judged and _inside(node, kept_ids)]
    decompose_outermost(doomed)
