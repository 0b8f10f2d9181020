"""Text repair: whitespace, leaked pinyin, mojibake, and markup too deep to parse.

Each repair works on extracted text only; the raw page is stored byte-exact, so any repair can
be redone (or undone) later.
"""

from __future__ import annotations

import re
import unicodedata

from crawler.extract.heuristics import MAX_NESTING, NESTING_SCAN_MIN_TAGS
from store.hanzi import is_wide

# ---- whitespace -----------------------------------------------------------------------------

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\r\n\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def normalize_whitespace(text: str) -> str:
    """One line of text with every run of (full-width, non-breaking...) spaces as one space, NFC.

    So that a page re-rendered with `&nbsp;` for spaces, or U+3000 indents, is the same text.
    """
    return normalize_whitespace_composing(text)[0]


def normalize_whitespace_composing(text: str) -> tuple[str, bool]:
    """`normalize_whitespace(text)`, and whether NFC changed a character: when not, the line holds the
    characters of `text` but its whitespace and zero-width ones, as they were."""
    composed = False
    if not text.isascii():
        text = without_zero_width(text)
        if not unicodedata.is_normalized("NFC", text):
            text, composed = unicodedata.normalize("NFC", text), True
        if "\n" in text:
            text = _without_breaks_between_wide(text)
    # str.split() splits on every Unicode space (U+3000, U+00A0, U+2000-U+200A...), in C.
    return " ".join(text.split()), composed


def _without_breaks_between_wide(text: str) -> str:
    """`text` without the line breaks (and the spaces around them) that sit between two Chinese
    characters or marks: CSS removes such a segment break, where between Latin words it shows as a
    space. (A U+3000 indent stays a space.)"""
    lines = text.split("\n")
    joined = lines[0]
    for line in lines[1:]:
        left, right = joined.rstrip(" \t\r"), line.lstrip(" \t\r")
        wide_both_sides = left and right and is_wide(left[-1]) and is_wide(right[0])
        joined = left + right if wide_both_sides else f"{joined} {line}"
    return joined


def without_zero_width(text: str) -> str:
    """`text` without its zero-width characters (spaces, joiners, soft hyphens, BOMs): invisible, no part of it."""
    # (Zero-width characters are not printable: most lines are, and that test is one pass in C.)
    if not text.isprintable() and _has_zero_width(text):
        return _ZERO_WIDTH.sub("", text)
    return text


def _has_zero_width(text: str) -> bool:
    # Substring tests run in C and are several times faster than a regular expression scan.
    return ("\u200b" in text or "\u200c" in text or "\u200d" in text or "\u200e" in text
            or "\u200f" in text or "\u2060" in text or "\ufeff" in text or "\u00ad" in text)


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
    return _LEAKED_PINYIN.sub(_keep_character, text)


def repair_pinyin_counted(text: str) -> tuple[str, int]:
    """`repair_pinyin`, and how many characters' pinyin it dropped."""
    return _LEAKED_PINYIN.subn(_keep_character, text)


def _keep_character(match: re.Match[str]) -> str:
    return match[1]  # (a function: twice as fast as the template r"\1", which is expanded per match)


# ---- mojibake: UTF-8 bytes that were decoded as GBK --------------------------------------------

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\ufffd]{3,}")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")
# Three 3-byte UTF-8 sequences (lead byte E4-E9) in a row: what _CJK_RUN's characters are in UTF-8, and more.
_HAN_RUN_BYTES = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}[\xe4-\xe9][\x80-\xbf]{2}[\xe4-\xe9][\x80-\xbf]{2}")
_HAN = r"[\u4e00-\u9fff]"
ANY_HAN = re.compile(_HAN)  # (finds whether a text holds a Han character)
# Three characters in a row that are not ASCII (or are "?": what the test this replaced, "???" in the text
# encoded as ASCII with "?" for the rest, let through too): found in the first few of a Chinese line.
_THREE_NON_ASCII = re.compile(r"[^\x00-\x3e\x40-\x7f]{3}")
# GBK maps UTF-8 continuation bytes to kana, so lone kana between Han characters betray mojibake. (Not の, which
# Chinese text writes for 的 in names: 我の家, 小熊の店.)
_STRAY_KANA = re.compile(rf"{_HAN}[\u3040-\u306d\u306f-\u30fa]{_HAN}")
_KANA = re.compile(r"[\u3040-\u306d\u306f-\u30fa]")  # not ・ or ー, which Chinese text uses too


def _utf8_as_gbk_fixed(run: str) -> str | None:
    """The text `run` was before UTF-8 bytes were read as GBK, or None when it was not that."""
    try:
        fixed = run.encode("gb18030").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if _CJK_RUN.search(fixed) else None


def find_mojibake(text: str) -> bool:
    """True when `text` shows UTF-8-read-as-GBK mojibake (repairable or not)."""
    # Both kinds hold Han characters themselves (a GBK character whose lead byte is a UTF-8 lead byte of
    # Han is Han: Cyrillic or Greek text needs no more looking at), and three non-ASCII characters in a
    # row (a run, or Han-kana-Han): most lines of Latin text have none. All three tests run in C.
    if text.isascii() or ANY_HAN.search(text) is None or _THREE_NON_ASCII.search(text) is None:
        return False
    if _undoes_to_han(text):
        return True
    if _KANA.search(text) is None:
        return False
    kana = len(_KANA.findall(text))
    # Japanese text is full of kana; mojibake leaves a few stray ones inside Han text.
    return 0 < kana <= max(2, len(text) // 200) and _STRAY_KANA.search(text) is not None


def may_hold_mojibake(text: str) -> bool:
    """Whether a line of `text` may show mojibake: false only when find_mojibake is false for every line.
    find_mojibake's tests, made once on the whole text: each holds for it when it holds for one of its lines (a run
    of non-ASCII characters ends with its line), but for the share of kana, left out (a line's few stray kana may
    sit among another line's many)."""
    if text.isascii() or ANY_HAN.search(text) is None or _THREE_NON_ASCII.search(text) is None:
        return False
    return _undoes_to_han(text) or _KANA.search(text) is not None


def _undoes_to_han(text: str) -> bool:
    """Whether a run of non-ASCII characters in `text`, encoded as GBK and read as UTF-8, gives Han
    text: real Chinese re-encoded this way yields replacement characters almost at once; mojibake
    gives back runs of real Han text."""
    try:
        # All runs in one go (far fewer calls than run by run). Runs cannot join: the ASCII between
        # them (and U+FFFD, which ends a run too, made ASCII) is in no UTF-8 sequence. Short runs
        # need no skipping: under 5 characters, they cannot give three Han characters (9 bytes, all
        # from 2-byte GBK characters).
        as_gbk = text.replace("\ufffd", "?").encode("gb18030")
    except UnicodeEncodeError:  # a lone surrogate: each run on its own, skipping its run
        return any(_CJK_RUN.search(undone) for undone in map(_undone_run, _NON_ASCII_RUN.findall(text)))
    # Decoding is what costs: done only when the bytes hold three such sequences in a row.
    return _HAN_RUN_BYTES.search(as_gbk) is not None and _CJK_RUN.search(as_gbk.decode("utf-8", "replace")) is not None


def _undone_run(run: str) -> str:
    try:
        return run.encode("gb18030").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return ""


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-GBK runs whose round trip is lossless; leave everything else as is."""
    def fix(match: re.Match[str]) -> str:
        run = match.group()
        fixed = _utf8_as_gbk_fixed(run) if len(run) >= 4 else None
        return fixed if fixed is not None else run

    return _NON_ASCII_RUN.sub(fix, text)


# ---- markup nested too deep -------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# Start tags that make the HTML parser look down the whole stack of open elements (they close an
# open <p>): nested deep, they are what makes parsing quadratic. Other tags nest cheaply.
_DEEP_COST_TAG = re.compile(
    r"<(?:div|section|article|aside|ul|ol|dl|blockquote|center|nav|header|footer|main|menu|fieldset|figure|"
    r"figcaption|details|dialog|dir|address|hgroup|summary)[\s>/]",
    re.I,
)
_DEEP_COST_TAG_BYTES = re.compile(_DEEP_COST_TAG.pattern.encode("ascii"), re.I)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})


def may_nest_too_deep(utf8: bytes, limit: int = MAX_NESTING) -> bool:
    """Whether `limit_nesting` should look at the page (as UTF-8): it has enough tags to nest so
    deep that parsing would take long, and more than `limit` of the tags that cost the parser time.
    Counted in C, cheapest test first: even counting the closing tags costs a tenth of the parse."""
    return utf8.count(b"<") > NESTING_SCAN_MIN_TAGS and len(_DEEP_COST_TAG_BYTES.findall(utf8)) > limit


def limit_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """Drop the tags (not the text) nested deeper than `limit`.

    The HTML parser takes quadratic time on pathological nesting (100k levels: seconds); real
    pages stay far below the limit, so this is a no-op for them.
    """
    # Too few of the tags that cost the parser time to matter? Counted in C, cheapest bound first:
    # every start tag is a "<" that is not a "</".
    if html.count("<") - html.count("</") <= limit or len(_DEEP_COST_TAG.findall(html)) <= limit:
        return html
    depth, out, last, changed = 0, [], 0, False
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID:
            continue
        if closing:
            too_deep = depth > limit
            depth = max(depth - 1, 0)
        else:
            depth += 1
            too_deep = depth > limit
        if too_deep:
            end = html.find(">", match.end())
            end = len(html) if end < 0 else end + 1
            out.append(html[last:match.start()])
            last, changed = end, True
    if not changed:
        return html
    out.append(html[last:])
    return "".join(out)
