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
    for source, label in (("header", charset_from_content_type(content_type)), ("meta", charset_from_meta(body))):
        codec = normalize_label(label)
        if codec is None:
            continue
        text = _decode_clean(body, codec)
        if text is not None:
            return Decoded(text, codec, source)  # type: ignore[arg-type]
        break  # declared but wrong: detection beats writing mojibake
    return detect(body)


def _decode_clean(body: bytes, codec: str) -> str | None:
    """Decode strictly; None when the bytes are not in `codec` (or are UTF-8 mislabelled as a legacy charset)."""
    if codec != "utf-8" and _is_non_ascii_utf8(body):
        return None  # valid multi-byte UTF-8 is almost never legacy-encoded text by chance
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _is_non_ascii_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect(body: bytes) -> Decoded:
    """Detect the charset: strict UTF-8 first (cheap and unambiguous), then charset-normalizer."""
    if _is_non_ascii_utf8(body) or body.isascii():
        return Decoded(body.decode("utf-8"), "utf-8", "detected")
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    codec = normalize_label(best.encoding if best else None) or "gb18030"
    return Decoded(body.decode(codec, "replace"), codec, "detected")
