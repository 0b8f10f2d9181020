"""Decode page bytes to text: BOM, HTTP header, <meta> in the first 4 KiB, then detection.

Used by both fetch and extract, so a saved page decodes exactly as a fetched one did.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

import charset_normalizer

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


def decode(body: bytes, content_type: str | None = None, forced: str | None = None) -> Decoded:
    """Decode `body`, recording which charset was used and where it came from."""
    if forced:
        codec = normalize_label(forced) or "utf-8"
        return Decoded(body.decode(codec, "replace"), codec, "forced")
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom):].decode(codec, "replace"), codec, "bom")
    header, meta = normalize_label(charset_from_content_type(content_type)), normalize_label(charset_from_meta(body))
    if header in _WEAK_HEADER_CODECS and meta not in (None, header):
        header = None  # servers send latin-1 by default; the page's own <meta> knows better
    for source, codec in (("header", header), ("meta", meta)):
        if codec is None:
            continue
        text, strict = _decode_clean(body, codec)
        if text is not None:
            return Decoded(text, codec, source, strict)  # type: ignore[arg-type]
        break  # declared but wrong: detection beats writing mojibake
    return detect(body)


# A latin-1 family header on non-ASCII bytes is as often a server default as a real declaration.
_WEAK_HEADER_CODECS = frozenset({"cp1252", "latin_1", "iso8859-1", "ascii"})
# Share of undecodable bytes under a declared charset that still counts as "that charset, with a few
# corrupt bytes" rather than "the wrong charset".
MAX_BAD_BYTE_SHARE = 0.002


def _decode_clean(body: bytes, codec: str) -> tuple[str | None, bool]:
    """Decode with `codec` (and whether every byte decoded); None when the bytes are not in it (or
    are UTF-8 mislabelled as legacy)."""
    if codec != "utf-8" and _is_non_ascii_utf8(body):
        return None, False  # valid multi-byte UTF-8 is almost never legacy-encoded text by chance
    strict = True
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        text, strict = body.decode(codec, "replace"), False
        if text.count("\ufffd") > max(4, len(body) * MAX_BAD_BYTE_SHARE):
            return None, False
    if codec in _WEAK_HEADER_CODECS and _cjk_share(body.decode("gb18030", "replace")) > CJK_SHARE_FOR_CHINESE:
        return None, False  # GBK bytes served under a latin-1 header: the wrong charset, however cleanly it decodes
    return text, strict


def _is_non_ascii_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_CJK_TEXT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
CJK_SHARE_FOR_CHINESE = 0.9  # non-ASCII characters that must be Han/CJK punctuation to call a decode Chinese
_CJK_CODECS = frozenset({"gb18030", "big5hkscs", "shift_jis", "euc_jp", "euc_kr", "cp932", "cp949", "iso2022_jp"})


def _cjk_share(text: str) -> float:
    non_ascii = len(_NON_ASCII.findall(text))
    return len(_CJK_TEXT.findall(text)) / non_ascii if non_ascii else 0.0


def detect(body: bytes) -> Decoded:
    """Detect the charset: strict UTF-8 first (cheap and unambiguous), then charset-normalizer,
    overruled by GB18030 when that reads the bytes as Chinese and the guess is not a CJK codec
    (short Chinese pages get guessed as Cyrillic code pages)."""
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "detected", strict=True)  # ASCII is UTF-8 too
    except UnicodeDecodeError:
        pass
    sample = body[:200_000]
    best = charset_normalizer.from_bytes(sample).best()
    codec = normalize_label(best.encoding if best else None)
    if codec not in _CJK_CODECS and _cjk_share(sample.decode("gb18030", "replace")) > CJK_SHARE_FOR_CHINESE:
        codec = "gb18030"
    codec = codec or "gb18030"
    return Decoded(body.decode(codec, "replace"), codec, "detected")
