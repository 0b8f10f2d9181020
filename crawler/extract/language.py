"""The language of an extracted text, by script: enough to tell zh from en (and ja/ko)."""

from __future__ import annotations

import re
import string

# Runs, not single characters: counting a few runs is much faster than listing every character.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_KANA = re.compile(r"[\u3040-\u30ff]+")
_HANGUL = re.compile(r"[\uac00-\ud7af]+")
_CJK_OR_LATER = re.compile("[\u3040-\U0010ffff]")  # kana, Han and Hangul all lie here
_LATIN_LETTERS = string.ascii_letters.encode("ascii")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def _latin_letters(text: str) -> int:
    ascii_bytes = text.encode("ascii", "ignore")
    return len(ascii_bytes) - len(ascii_bytes.translate(None, _LATIN_LETTERS))


def guess_language(text: str, declared: str | None = None) -> str | None:
    """'zh', 'ja', 'ko' by script; otherwise the page's declared `<html lang>` or 'en' for Latin text."""
    sample = text[:5000]
    if sample.isascii() or _CJK_OR_LATER.search(sample) is None:
        han = kana = hangul = 0
    else:
        han, kana, hangul = _count(_HAN, sample), _count(_KANA, sample), _count(_HANGUL, sample)
    latin_words = _latin_letters(sample) / 5
    if kana > 20 and kana > han * 0.1:
        return "ja"
    if hangul > han and hangul > latin_words:
        return "ko"
    if han and han >= latin_words:
        return "zh"
    if declared:
        return declared.split("-")[0].lower() or None
    return "en" if latin_words else None
