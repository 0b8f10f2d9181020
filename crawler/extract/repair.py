"""Text repair: whitespace, leaked pinyin, mojibake, and markup too deep to parse.

Each repair works on extracted text only; the raw page is stored byte-exact, so any repair can
be redone (or undone) later.
"""

from __future__ import annotations

import re
import unicodedata

from crawler.extract.heuristics import MAX_NESTING

# ---- whitespace -----------------------------------------------------------------------------

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\r\n\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def normalize_whitespace(text: str) -> str:
    """One line of text with every run of (full-width, non-breaking...) spaces as one space, NFC.

    So that a page re-rendered with `&nbsp;` for spaces, or U+3000 indents, is the same text.
    """
    text = _ZERO_WIDTH.sub("", text)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()


# ---- leaked pinyin: 團(tuán) --------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A Han character followed by one parenthesised pinyin syllable that carries a tone mark (or ü).
# Requiring the tone mark is what leaves "Python (programming)" and "北京(Beijing)" alone.
_LEAKED_PINYIN = re.compile(
    rf"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[(（]\s*([a-z{_TONED}]*[{_TONED}][a-z{_TONED}]*)\s*[)）]",
    re.I,
)


def repair_pinyin(text: str) -> str:
    """`本鋼集團(tuán)` -> `本鋼集團`: drop the pinyin a converter left after each character."""
    return _LEAKED_PINYIN.sub(r"\1", text)


# ---- mojibake: UTF-8 bytes that were decoded as GBK --------------------------------------------

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]{3,}")
_HAN = r"[\u4e00-\u9fff]"
# GBK maps UTF-8 continuation bytes to kana, so lone kana between Han characters betray mojibake.
_STRAY_KANA = re.compile(rf"{_HAN}[\u3040-\u30ff]{_HAN}")
_KANA = re.compile(r"[\u3040-\u30ff]")


def _utf8_as_gbk_fixed(run: str) -> str | None:
    """The text `run` was before UTF-8 bytes were read as GBK, or None when it was not that."""
    try:
        fixed = run.encode("gb18030").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if _CJK_RUN.search(fixed) else None


def find_mojibake(text: str) -> bool:
    """True when `text` shows UTF-8-read-as-GBK mojibake (repairable or not)."""
    for match in _NON_ASCII_RUN.finditer(text):
        if len(match.group()) >= 4 and _utf8_as_gbk_fixed(match.group()) is not None:
            return True
    kana = len(_KANA.findall(text))
    # Japanese text is full of kana; mojibake leaves a few stray ones inside Han text.
    return 0 < kana <= max(2, len(text) // 200) and _STRAY_KANA.search(text) is not None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-GBK runs whose round trip is lossless; leave everything else as is."""
    def fix(match: re.Match[str]) -> str:
        run = match.group()
        fixed = _utf8_as_gbk_fixed(run) if len(run) >= 4 else None
        return fixed if fixed is not None else run

    return _NON_ASCII_RUN.sub(fix, text)


# ---- markup nested too deep -------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})


def limit_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """Drop the tags (not the text) nested deeper than `limit`.

    The HTML parser takes quadratic time on pathological nesting (100k levels: seconds); real
    pages stay far below the limit, so this is a no-op for them.
    """
    if html.count("<") <= limit:
        return html
    depth, out, last, changed = 0, [], 0, False
    for match in _TAG.finditer(html):
        closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or selfclosing:
            continue
        if closing:
            too_deep = depth > limit
            depth = max(depth - 1, 0)
        else:
            depth += 1
            too_deep = depth > limit
        if too_deep:
            out.append(html[last:match.start()])
            last, changed = match.end(), True
    if not changed:
        return html
    out.append(html[last:])
    return "".join(out)
