"""What a body really is, whatever its Content-Type says: binary served as text/html is not a page."""

from __future__ import annotations

import codecs

HTML_TYPES = ("text/html", "application/xhtml+xml")
SNIFF_BYTES = 1024
_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
)
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def sniff_media_type(body: bytes, declared: str | None) -> str | None:
    """The declared media type, unless the bytes are plainly something else (a known binary signature,
    or NUL bytes in what should be text). A missing type on text-like bytes counts as HTML."""
    head = body[:SNIFF_BYTES]
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if not head.startswith(_TEXT_BOMS) and b"\x00" in head:
        return "application/octet-stream"
    return declared or "text/html"
