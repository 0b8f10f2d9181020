"""The name a server gives a file it sends: its response's Content-Disposition.

A script that serves files by number (download.jsp?id=12) names them only there. RFC 6266's `filename*=` (charset''%XX)
wins over `filename=`, which Chinese servers send as raw UTF-8 or GBK bytes (read by the HTTP client as Latin-1), or
percent-escaped by a Java download script.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes


def disposition_name(headers: tuple[tuple[str, str], ...]) -> str | None:
    """The file name a response's Content-Disposition gives, in one line whatever the header holds; or None."""
    value = next((value for key, value in headers if key.lower() == "content-disposition"), None)
    if not value:
        return None
    name = _extended_file_name(value) or _plain_file_name(value) or ""
    return " ".join(_NAME_CONTROL.sub(" ", name).split()) or None  # (no forged lines in an alert)


_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EXTENDED_NAME = re.compile(r"filename\*\s*=\s*([\w.-]*)'[^']*'([^;\s]+)", re.I)
_PLAIN_NAME = re.compile(r"(?:^|;)\s*filename\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|([^;]+))", re.I)
_ESCAPED = re.compile(r"%[0-9A-Fa-f]{2}")


def _extended_file_name(value: str) -> str | None:
    match = _EXTENDED_NAME.search(value)
    if match is None:
        return None
    try:
        return unquote_to_bytes(match[2]).decode(match[1] or "utf-8")
    except (LookupError, UnicodeError, ValueError):  # (a charset Python does not know, or bytes it cannot read)
        return None


def _plain_file_name(value: str) -> str | None:
    match = _PLAIN_NAME.search(value)
    if match is None:
        return None
    name = re.sub(r"\\(.)", r"\1", match[1]) if match[1] is not None else match[2].strip()
    if _ESCAPED.search(name):  # (a Java download script's URLEncoder.encode)
        raw = unquote_to_bytes(name)
    else:
        try:  # (header bytes arrive read as Latin-1, unless they were valid UTF-8)
            raw = name.encode("latin-1")
        except UnicodeEncodeError:
            return name
    return _read_name(raw)


def _read_name(raw: bytes) -> str:
    """A name's bytes in UTF-8 or GBK. GBK's bytes often read as UTF-8 too (通 is CD A8, a combining mark there; 目录
    reads Ŀ¼), so a UTF-8 reading is taken only when each letter is ASCII, a Latin-1 letter (Müller) or CJK."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")
    if all(char < "\x80" or "\u00c0" <= char <= "\u00ff" or char >= "\u2e80" for char in text):
        return text
    return raw.decode("gb18030", "replace")
