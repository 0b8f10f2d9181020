"""Decode page bytes to text: BOM, HTTP header, <meta> in the first 4 KiB, then detection.

Used by both fetch and extract, so a saved page decodes exactly as a fetched one did.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

import charset_normalizer

from crawler import charset_whatwg

CharsetSource = Literal["bom", "header", "meta", "detected", "forced", "default"]

META_SNIFF_BYTES = 4096
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# GB2312 and GBK are subsets of GB18030; pages labelled with them routinely use GB18030-only characters.
# Big5 pages likewise use HKSCS extensions (WHATWG maps big5 to Big5-HKSCS).
_UPGRADES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "euc-cn": "gb18030", "big5": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs",
             "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str
    source: CharsetSource
    strict: bool = False  # every byte decoded as it is (no replacement character stands for a bad one)


def normalize_label(label: str | None) -> str | None:
    """Map a declared label to the Python codec we decode with, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _UPGRADES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _UPGRADES.get(name, name)


def charset_from_content_type(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def charset_from_meta(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def as_browsers_read(body: bytes, codec: str) -> str:
    """`body` in `codec`, U+FFFD for what it cannot read; Big5 and GBK as browsers read them (see charset_whatwg)."""
    errors = charset_whatwg.ERRORS if codec in charset_whatwg.CODECS else "replace"
    return charset_whatwg.as_browsers_read_it(body.decode(codec, errors), codec, body)


def decode(body: bytes, content_type: str | None = None, forced: str | None = None) -> Decoded:
    """Decode `body`, recording which charset was used and where it came from."""
    if forced:
        codec = normalize_label(forced) or "utf-8"
        return Decoded(as_browsers_read(body, codec), codec, "forced")
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = body[len(bom):].decode(codec, "replace")
            if _mostly_clean(text):
                return Decoded(text, codec, "bom")
            body = body[len(bom):]  # (a stray mark from an include saved with one, before GBK bytes: not UTF-8)
            break
    header, meta = normalize_label(charset_from_content_type(content_type)), normalize_label(charset_from_meta(body))
    if header in _WEAK_HEADER_CODECS and meta not in (None, header):
        header = None  # servers send latin-1 by default; the page's own <meta> knows better
    for source, codec in (("header", header), ("meta", meta)):
        if codec is None:
            continue
        text, strict = _decode_clean(body, codec)
        if text is not None and not _swapped_chinese(text, codec, body):
            return Decoded(text, codec, source, strict)  # type: ignore[arg-type]
        break  # declared but wrong: detection beats writing mojibake
    return detect(body)


# A latin-1 family header on non-ASCII bytes is as often a server default as a real declaration.
_WEAK_HEADER_CODECS = frozenset({"cp1252", "latin_1", "iso8859-1", "ascii"})
# Share of the non-ASCII characters a charset's decoding makes replacement characters (U+FFFD) that still counts
# as "that charset, with a few corrupt bytes" (a teaser cut mid-character) rather than "the wrong charset": GBK
# read as UTF-8 turns nearly all of them into U+FFFD, however much ASCII script the page carries.
MAX_BAD_CHAR_SHARE = 0.05
MAX_BAD_CHARS_ANYWAY = 4  # (a page declaring its charset with little text: a few bad characters say nothing)


def _mostly_clean(text: str, declared: bool = True) -> bool:
    """Whether `text`, decoded with replacement, has few enough U+FFFD for its charset to be the right one (one
    the page declares may have a few whatever its length; one detected, only a share of its other characters)."""
    bad = text.count("\ufffd")
    return (declared and bad <= MAX_BAD_CHARS_ANYWAY) or bad <= MAX_BAD_CHAR_SHARE * (len(text) - _ascii_count(text))


def _ascii_count(text: str) -> int:
    return len(text.encode("ascii", "ignore"))


def _decode_clean(body: bytes, codec: str) -> tuple[str | None, bool]:
    """Decode with `codec` (and whether every byte decoded); None when the bytes are not in it (or
    are UTF-8 mislabelled as legacy)."""
    if codec != "utf-8" and _is_non_ascii_utf8(body):
        return None, False  # valid multi-byte UTF-8 is almost never legacy-encoded text by chance
    strict = True
    try:
        text = charset_whatwg.as_browsers_read_it(body.decode(codec), codec, body)
    except UnicodeDecodeError:
        text, strict = body.decode(codec, "replace"), False  # (judged by the codec in C: a wrong one errs a lot)
        if not _mostly_clean(text):
            return None, False
        text = as_browsers_read(body, codec)
    if codec in _WEAK_HEADER_CODECS and chinese_codec(body):
        return None, False  # GBK or Big5 bytes under a latin-1 header: the wrong charset, however cleanly it decodes
    return text, strict


def _swapped_chinese(text: str, codec: str, body: bytes) -> bool:
    """Big5 bytes declared GB2312 (or the reverse) decode without an error, into rare characters:
    true when the declared codec's text is not everyday Chinese and the other codec's is."""
    if codec not in CHINESE_CODECS:
        return False
    share = common_han_share(text[:SWAP_CHECK_CHARS])
    if share is None or share >= MIN_COMMON_HAN_SHARE:
        return False
    other = CHINESE_CODECS[1 - CHINESE_CODECS.index(codec)]
    return (common_han_share(body[:SWAP_CHECK_CHARS * 2].decode(other, "replace")) or 0.0) >= MIN_COMMON_HAN_SHARE


def _is_non_ascii_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


UTF8_TRIAL_BYTES = 4096  # of the page's non-ASCII part: GBK or Big5 fails as UTF-8 within them


def _mostly_utf8(body: bytes) -> str | None:
    """`body` as UTF-8 when it is that but for a few bad characters (judged on a window first: a whole GBK page
    decoded as UTF-8 only to be refused costs half a millisecond)."""
    first = _HIGH_BYTE.search(body)
    start = first.start() if first else 0
    if not _mostly_clean(body[start:start + UTF8_TRIAL_BYTES].decode("utf-8", "replace"), declared=False):
        return None
    text = body.decode("utf-8", "replace")
    return text if _mostly_clean(text, declared=False) else None


def detect(body: bytes) -> Decoded:
    """Detect the charset: strict UTF-8 first (cheap and unambiguous), then GB18030 or Big5 when one
    of them reads the bytes as everyday Chinese, then charset-normalizer (it has no model of Chinese:
    a page that is mostly ASCII markup gets guessed as a Latin or Cyrillic code page)."""
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "detected", strict=True)  # ASCII is UTF-8 too
    except UnicodeDecodeError:
        pass
    if (text := _mostly_utf8(body)) is not None:  # (UTF-8 with a character cut in half, a teaser's)
        return Decoded(text, "utf-8", "detected")
    sample = body[:200_000]
    # Asked first: its answer overruled the detector's guess anyway (2-10 ms spent for nothing), unless that
    # guess was Japanese or Korean, and no such text reads as everyday Chinese (CPython's sample texts of
    # theirs, decoded as GB18030 or Big5, are at most 6% common characters).
    if codec := chinese_codec(sample):
        return Decoded(as_browsers_read(body, codec), codec, "detected")
    best = charset_normalizer.from_bytes(sample).best()
    codec = normalize_label(best.encoding if best else None) or "gb18030"
    return Decoded(as_browsers_read(body, codec), codec, "detected")


# The most frequent Han characters, in both scripts. Chinese text read with its own codec is a
# quarter or more of these; GBK read as Big5 (or the reverse) is mostly rare characters, an eighth at most.
COMMON_HAN = frozenset(
    "的一是不了人在有他中大上个個到说說们們为為和你地出也时時年就要下以生会會着著去之过過家对對可后後"
    "小心多天而能好都然没沒日于於起还還发發成事只作当當想看文无無开開手十用主行方又如前所本见見经經"
    "头頭面公同三已老从從动動两兩长長知民样樣现現分将將外但身些与與高意进進把法此实實回二理美点點月"
    "明其种種全工己话話者向情部正名定女问問力机機给給等国國新报報记記市表示业業政府区區网網这這来來我"
)
CHINESE_CODECS = ("gb18030", "big5hkscs")
MIN_COMMON_HAN_SHARE = 0.18  # between the two: a decode below it is not everyday Chinese
MIN_HAN_TO_JUDGE = 20  # fewer Han characters than this say nothing about the codec
SWAP_CHECK_CHARS = 10_000  # enough text to judge; more only costs time
_COMMON_HAN = re.compile("[" + "".join(sorted(COMMON_HAN)) + "]")


_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def chinese_codec(sample: bytes) -> str | None:
    """GB18030 or Big5-HKSCS, whichever reads `sample` as more everyday Chinese (or, for a text too short to judge
    so, as Chinese at all: see short_chinese_codec); None when neither does. (Read from its first non-ASCII byte: a
    head of 40 KB of script holds no Chinese to judge by.)"""
    first = _HIGH_BYTE.search(sample)
    if first is None:
        return None
    window = sample[first.start():first.start() + SWAP_CHECK_CHARS * 4]
    chosen, most = None, MIN_COMMON_HAN_SHARE
    for codec in CHINESE_CODECS:
        share = common_han_share(window.decode(codec, "replace"))
        if share is not None and share > most:
            chosen, most = codec, share
    return chosen or short_chinese_codec(sample)


# A page with too few Han characters to judge by the everyday ones (a power-cut notice: 停电通知) is still Chinese
# when GB18030 (or Big5) reads every one of its non-ASCII bytes, into Han characters and Chinese punctuation, and
# those bytes come two or more together: Latin text in a Windows code page sets its accented letters one by one.
MIN_SHORT_HAN = 4
MIN_WIDE_SHARE = 0.9  # of the decoded non-ASCII characters: Han, CJK punctuation, full-width forms
MIN_PAIRED_RUN_SHARE = 0.9  # of the runs of non-ASCII bytes: two bytes long or longer
_WIDE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def short_chinese_codec(sample: bytes) -> str | None:
    """GB18030 or Big5-HKSCS for a Chinese text too short for the everyday-character test; else None."""
    runs = [len(run) for run in _HIGH_RUN.findall(sample[:SWAP_CHECK_CHARS * 4])]
    if not runs or sum(length >= 2 for length in runs) < MIN_PAIRED_RUN_SHARE * len(runs):
        return None
    for codec in CHINESE_CODECS:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        non_ascii = len(text) - _ascii_count(text)
        if MIN_SHORT_HAN <= han_count(text) < MIN_HAN_TO_JUDGE \
                and len(_WIDE.findall(text)) >= MIN_WIDE_SHARE * non_ascii:
            return codec
    return None


def common_han_share(text: str) -> float | None:
    """The share of COMMON_HAN among the Han characters of `text` (None when too few to judge)."""
    han = han_count(text)
    return len(_COMMON_HAN.findall(text)) / han if han >= MIN_HAN_TO_JUDGE else None


_NOT_HAN_HIGH_BYTES = bytes(byte for byte in range(256) if not 0x4E <= byte <= 0x9F)


def han_count(text: str) -> int:
    """How many characters of `text` are in U+4E00..U+9FFF, counted in C without a string per character
    (a regex findall makes one per match): the high bytes of its UTF-16 code units, 0x4E..0x9F, kept."""
    return len(text.encode("utf-16-be", "surrogatepass")[::2].translate(None, _NOT_HAN_HIGH_BYTES))

