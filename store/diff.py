"""Differences between two versions of an article's text.

Paragraphs are matched first, then the tokens inside changed paragraphs, so an inserted or moved line does not
show as everything changed. In a changed block, old and new paragraphs are paired for the fewest changes (an item
deleted before an edited item like it shows as deleted, not rewritten into its neighbour). Tokens are single
characters for CJK text and whole words for Latin text. Short unchanged stretches caught between two changes are
folded into the change, so the result reads as a few readable runs rather than confetti.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]")
# Paragraphs at least this similar are shown as one edited paragraph rather than a deletion and an insertion.
SAME_PARAGRAPH_RATIO = 0.4
# A changed block of at most this many old × new paragraphs (50 × 50) is paired for the fewest changes, every old
# paragraph compared with every new one: 0.7 s for 50 edited paragraphs of 180 characters. A larger block (a page
# edited throughout) is paired greedily, which compares each old paragraph only with the new ones after the last
# pair, about half as many when they pair in order (0.4 s).
BEST_PAIRING_MAX_PAIRS = 2500
# An unchanged stretch of at most this many characters between two changes is shown as part of the change.
SHORT_EQUAL_CHARS = 2
# The plain-text marks of an edited paragraph keep this many unchanged tokens either side of each change.
MARK_CONTEXT_TOKENS = 10

Kind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Run:
    """A stretch of text that is the same in both versions, or only in the old or the new one."""

    kind: Kind
    text: str


@dataclass(frozen=True)
class ParagraphDiff:
    runs: tuple[Run, ...]

    @property
    def changed(self) -> bool:
        return any(run.kind != "equal" for run in self.runs)

    @property
    def kind(self) -> Kind | Literal["replace"]:
        """equal, insert (a new paragraph), delete (a removed one) or replace (an edited one)."""
        kinds = {run.kind for run in self.runs}
        return kinds.pop() if len(kinds) == 1 else "replace"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_paragraphs(old: str, new: str, *, readable: bool = True) -> list[ParagraphDiff]:
    """One entry per paragraph of the merged text, each with its equal/insert/delete runs.

    `readable=False` keeps the exact token runs (no short stretches folded in), for counting.
    """
    a, b = old.splitlines(), new.splitlines()
    out: list[ParagraphDiff] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(ParagraphDiff((Run("equal", line),)) for line in a[i1:i2])
        else:
            out.extend(_align(a[i1:i2], b[j1:j2], readable))
    return out


def _similarity(old: list[str], new: list[str]) -> float:
    """SequenceMatcher's ratio of two token lists, or 0 when its cheap upper bounds already rule a match out."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < SAME_PARAGRAPH_RATIO or matcher.quick_ratio() < SAME_PARAGRAPH_RATIO:
        return 0.0
    return matcher.ratio()


def _align(old_lines: list[str], new_lines: list[str], readable: bool) -> list[ParagraphDiff]:
    """A changed block's paragraphs: each old one paired with a similar new one is an edited paragraph, in
    order; the rest are whole deletions and insertions."""
    old_tokens, new_tokens = [tokens(line) for line in old_lines], [tokens(line) for line in new_lines]
    small = len(old_lines) * len(new_lines) <= BEST_PAIRING_MAX_PAIRS
    pairs = (_fewest_changes_pairs if small else _greedy_pairs)(old_tokens, new_tokens)
    out: list[ParagraphDiff] = []
    j = 0
    for i, old_line in enumerate(old_lines):
        if i not in pairs:
            out.append(ParagraphDiff((Run("delete", old_line),)))
            continue
        out.extend(ParagraphDiff((Run("insert", line),)) for line in new_lines[j:pairs[i]])
        out.append(ParagraphDiff(tuple(diff_tokens(old_line, new_lines[pairs[i]], readable=readable))))
        j = pairs[i] + 1
    out.extend(ParagraphDiff((Run("insert", line),)) for line in new_lines[j:])
    return out


def _greedy_pairs(old_tokens: list[list[str]], new_tokens: list[list[str]]) -> dict[int, int]:
    """{old index: new index}: each old paragraph with the most similar new one after the last pair. Quick, but
    an old paragraph may take a new one that a later old paragraph is far closer to (a deleted item 一 takes the
    edited item 二 that follows it)."""
    pairs: dict[int, int] = {}
    j = 0
    for i, old in enumerate(old_tokens):
        scores = [(_similarity(old, new_tokens[k]), k) for k in range(j, len(new_tokens))]
        best = max(scores, default=(0.0, -1))
        if best[0] >= SAME_PARAGRAPH_RATIO:
            pairs[i] = best[1]
            j = best[1] + 1
    return pairs


def _fewest_changes_pairs(old_tokens: list[list[str]], new_tokens: list[list[str]]) -> dict[int, int]:
    """{old index: new index}: of the in-order pairings of paragraphs at least SAME_PARAGRAPH_RATIO alike, the
    one that keeps the most tokens unchanged, so that the fewest are shown (and counted) as inserted or deleted:
    a longest common subsequence of paragraphs, each pair weighted by the tokens it keeps."""
    kept = [[_kept_tokens(old, new) for new in new_tokens] for old in old_tokens]
    # most[i][j]: the most tokens any pairing of old[i:] with new[j:] keeps.
    most = [[0] * (len(new_tokens) + 1) for _ in range(len(old_tokens) + 1)]
    for i in reversed(range(len(old_tokens))):
        for j in reversed(range(len(new_tokens))):
            paired = -1 if kept[i][j] is None else kept[i][j] + most[i + 1][j + 1]
            most[i][j] = max(paired, most[i + 1][j], most[i][j + 1])
    return _traced_pairs(kept, most)


def _traced_pairs(kept: list[list[int | None]], most: list[list[int]]) -> dict[int, int]:
    """The pairs of the pairing that keeps `most[0][0]` tokens, traced from the first paragraphs on."""
    pairs: dict[int, int] = {}
    i = j = 0
    while i < len(kept) and j < len(kept[i]):
        if kept[i][j] is not None and most[i][j] == kept[i][j] + most[i + 1][j + 1]:
            pairs[i] = j  # (on a tie, a pair rather than a deletion and an insertion)
            i, j = i + 1, j + 1
        elif most[i][j] == most[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _kept_tokens(old: list[str], new: list[str]) -> int | None:
    """The tokens two paragraphs share (SequenceMatcher's matches), or None if they are too unlike to pair."""
    ratio = _similarity(old, new)
    if ratio < SAME_PARAGRAPH_RATIO:
        return None
    return round(ratio * (len(old) + len(new)) / 2)  # (ratio is 2 × matches / both lengths)


def diff_tokens(old: str, new: str, *, readable: bool = True) -> list[Run]:
    """Runs of one edited paragraph: characters for CJK, words for Latin text."""
    a, b = tokens(old), tokens(new)
    runs: list[Run] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(Run("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(Run("delete", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(Run("insert", "".join(b[j1:j2])))
    return _merge(_absorb_short_equals(runs)) if readable else runs


def _absorb_short_equals(runs: list[Run]) -> list[Run]:
    """Fold a short unchanged stretch between two changes into both the deletion and the insertion."""
    out: list[Run] = []
    for i, run in enumerate(runs):
        between_changes = 0 < i < len(runs) - 1 and runs[i - 1].kind != "equal" and runs[i + 1].kind != "equal"
        if run.kind == "equal" and between_changes and len(run.text.strip()) <= SHORT_EQUAL_CHARS:
            out += [Run("delete", run.text), Run("insert", run.text)]
        else:
            out.append(run)
    return out


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of a kind; within a change, deletions come before insertions."""
    out: list[Run] = []
    i = 0
    while i < len(runs):
        if runs[i].kind == "equal":
            out.append(runs[i])
            i += 1
            continue
        j = i
        while j < len(runs) and runs[j].kind != "equal":
            j += 1
        for kind in ("delete", "insert"):
            text = "".join(run.text for run in runs[i:j] if run.kind == kind)
            if text:
                out.append(Run(kind, text))
        i = j
    return out


def changed_chars(old: str, new: str) -> int:
    """Characters inserted plus characters deleted between two texts (whitespace not counted)."""
    total = 0
    for paragraph in diff_paragraphs(old, new, readable=False):
        total += sum(len("".join(run.text.split())) for run in paragraph.runs if run.kind != "equal")
    return total


def as_shown(title: str | None, text: str, published: str | None = None, author: str | None = None,
             source: str | None = None, subtitle: str | None = None) -> str:
    """A version's fields as one text, for `changed_chars`: its title, subtitle, date, author and source are part of
    what an edit changes, as its text is."""
    return "\n".join([title or "", subtitle or "", published or "", author or "", source or "", text])


class Fields(NamedTuple):
    """What an edit of a version changes: its text, title, subtitle, date, author and source."""

    title: str | None
    text: str
    published: str | None = None
    author: str | None = None
    source: str | None = None
    subtitle: str | None = None

    @classmethod
    def of(cls, version: Any) -> Fields:
        """The fields of a stored version (or anything with them as attributes)."""
        return cls(version.title, version.text, version.published, version.author, version.source, version.subtitle)


def version_changed_chars(before: Fields | None, after: Fields) -> int:
    """A version's changed characters: against an earlier version, `changed_chars` of both `as_shown`; against none
    (a first version), its text's characters, all of them new (the `chars` the store keeps). The one count of the
    store (snapshots.changed_chars, events, `history`, alerts) and of the diff page, for any two versions."""
    if before is None:
        return len(after.text)
    return changed_chars(as_shown(*before), as_shown(*after))


def unified(old: str, new: str, from_label: str, to_label: str, context: int = 2) -> str:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), from_label, to_label, n=context, lineterm="")
    return "\n".join(lines)


def word_diff(old: str, new: str, from_label: str, to_label: str) -> str:
    """The changed paragraphs alone, a line each, with what changed marked inside them as git's word diff marks
    it: one character changed in a long line is hard to find by comparing two whole lines."""
    lines = [f"--- {from_label}", f"+++ {to_label}"]
    for paragraph in diff_paragraphs(old, new):
        if paragraph.changed:
            lines.append(marked(paragraph.runs))
    return "\n".join(lines)


def marked(runs: Sequence[Run], context: int = MARK_CONTEXT_TOKENS) -> str:
    """An edited paragraph's changes in plain text, as git's word diff writes them ([-deleted-]{+inserted+}), each
    with `context` unchanged tokens either side; the unchanged text further away is cut to …."""
    parts: list[str] = []
    for i, run in enumerate(runs):
        if run.kind == "delete":
            parts.append(f"[-{run.text}-]")
        elif run.kind == "insert":
            parts.append(f"{{+{run.text}+}}")
        else:
            parts.append(_cut(tokens(run.text), context, after_change=i > 0, before_change=i < len(runs) - 1))
    return "".join(parts)


def _cut(words: list[str], context: int, *, after_change: bool, before_change: bool) -> str:
    """An unchanged stretch, kept only within `context` tokens of the changes beside it."""
    if after_change and before_change:
        if len(words) <= 2 * context:
            return "".join(words)
        return "".join(words[:context]) + " … " + "".join(words[-context:])
    if after_change:
        return "".join(words[:context]) + ("…" if len(words) > context else "")
    return ("…" if len(words) > context else "") + "".join(words[-context:])
