"""Differences between two versions of an article's text.

Paragraphs are matched first, then the tokens inside changed paragraphs, so an inserted or moved line does not
show as everything changed. Tokens are single characters for CJK text and whole words for Latin text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]|\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Run:
    """A stretch of text that is the same in both versions, or only in the old or the new one."""

    kind: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True)
class ParagraphDiff:
    runs: tuple[Run, ...]

    @property
    def changed(self) -> bool:
        return any(run.kind != "equal" for run in self.runs)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_paragraphs(old: str, new: str) -> list[ParagraphDiff]:
    """One entry per paragraph of the merged text, each with its equal/insert/delete runs."""
    a, b = old.splitlines(), new.splitlines()
    out: list[ParagraphDiff] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(ParagraphDiff((Run("equal", line),)) for line in a[i1:i2])
        elif op == "delete":
            out.extend(ParagraphDiff((Run("delete", line),)) for line in a[i1:i2])
        elif op == "insert":
            out.extend(ParagraphDiff((Run("insert", line),)) for line in b[j1:j2])
        else:
            out.extend(_pair_replaced(a[i1:i2], b[j1:j2]))
    return out


def _pair_replaced(old_lines: list[str], new_lines: list[str]) -> list[ParagraphDiff]:
    """Pair replaced paragraphs in order; compare each pair token by token, the surplus whole."""
    out = [ParagraphDiff(tuple(diff_tokens(o, n))) for o, n in zip(old_lines, new_lines, strict=False)]
    common = min(len(old_lines), len(new_lines))
    out.extend(ParagraphDiff((Run("delete", line),)) for line in old_lines[common:])
    out.extend(ParagraphDiff((Run("insert", line),)) for line in new_lines[common:])
    return out


def diff_tokens(old: str, new: str) -> list[Run]:
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
    return runs


def changed_chars(old: str, new: str) -> int:
    """Characters inserted plus characters deleted between two texts (whitespace not counted)."""
    total = 0
    for paragraph in diff_paragraphs(old, new):
        total += sum(len("".join(run.text.split())) for run in paragraph.runs if run.kind != "equal")
    return total


def unified(old: str, new: str, from_label: str, to_label: str, context: int = 2) -> str:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), from_label, to_label, n=context, lineterm="")
    return "\n".join(lines)
