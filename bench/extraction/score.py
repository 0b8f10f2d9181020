"""Bag-of-tokens precision, recall and F1 of an extracted body against gold text.

Each CJK character is one token (Chinese has no spaces, so words cannot be split
without a dictionary); all other text is NFKC-normalised, lower-cased and split into
words on anything that is not a letter or digit. Scores are computed per page, then
summarised by mean and median.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Han ideographs (URO, extensions A-F, compatibility), kana, Hangul syllables and
# bopomofo: scripts written without spaces, so one character is one token.
_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B-G
)
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def tokens(text: str) -> Counter[str]:
    """The bag of tokens of `text`: CJK characters one by one, other words lower-cased."""
    normal = unicodedata.normalize("NFKC", text).lower()
    return Counter(_TOKEN.findall(normal))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def score(extracted: str, gold: str) -> Score:
    """Precision/recall/F1 of the token bag of `extracted` against that of `gold`.

    Both empty counts as a perfect match; exactly one empty scores zero.
    """
    got, want = tokens(extracted), tokens(gold)
    n_got, n_want = sum(got.values()), sum(want.values())
    if n_got == 0 and n_want == 0:
        return Score(1.0, 1.0, 1.0)
    if n_got == 0 or n_want == 0:
        return Score(0.0, 0.0, 0.0)
    common = sum((got & want).values())
    precision, recall = common / n_got, common / n_want
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return Score(precision, recall, f1)


ZERO = Score(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Summary:
    pages: int
    mean_f1: float
    median_f1: float
    mean_precision: float
    mean_recall: float
    min_f1: float


def summarise(scores: Iterable[Score]) -> Summary:
    """Mean/median over per-page scores (a page that failed should be passed as ZERO)."""
    items = list(scores)
    if not items:
        nan = float("nan")
        return Summary(0, nan, nan, nan, nan, nan)
    f1s = [s.f1 for s in items]
    return Summary(
        pages=len(items),
        mean_f1=statistics.fmean(f1s),
        median_f1=statistics.median(f1s),
        mean_precision=statistics.fmean(s.precision for s in items),
        mean_recall=statistics.fmean(s.recall for s in items),
        min_f1=min(f1s),
    )
