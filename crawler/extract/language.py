"""The language of an extracted text, by script: enough to tell zh from en (and ja/ko)."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_language(text: str, declared: str | None = None) -> str | None:
    """'zh', 'ja', 'ko' by script; otherwise the page's declared `<html lang>` or 'en' for Latin text."""
    sample = text[:5000]
    han, kana, hangul = len(_HAN.findall(sample)), len(_KANA.findall(sample)), len(_HANGUL.findall(sample))
    latin_words = len(_LATIN.findall(sample)) / 5
    if kana > 20 and kana > han * 0.1:
        return "ja"
    if hangul > han and hangul > latin_words:
        return "ko"
    if han and han >= latin_words:
        return "zh"
    if declared:
        return declared.split("-")[0].lower() or None
    return "en" if latin_words else None
