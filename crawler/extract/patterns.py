"""Alternations of many regular expressions that stay fast on long lines.

Python's engine tries every alternative of a pattern at every position of a line: on a paragraph of
370 characters, forty alternatives cost 40 µs. Put behind a lookahead of the characters a match can begin
with (a class the engine tests in one step), they cost 6 µs, with the same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as sre  # (the standard library's own parse of a pattern: only read)
from re import _parser

_Items = list[tuple[object, object]]


def any_of(patterns: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern that matches where any of `patterns` does, behind a lookahead of their first
    characters when those can be told (otherwise the plain alternation: slower, never wrong)."""
    return with_lookahead("|".join(f"(?:{pattern})" for pattern in patterns), flags)


def with_lookahead(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled behind a lookahead of its first characters, when those can be told."""
    leading = leading_class(pattern, flags)
    return re.compile(f"(?=[{leading}])(?:{pattern})" if leading else pattern, flags)


def leading_class(pattern: str, flags: int = 0) -> str | None:
    """The inside of a character class holding every character a match of `pattern` may begin with;
    None when that may be any character, or the match may be empty."""
    first = _first(list(_parser.parse(pattern, flags)))
    return "".join(sorted(first)) if first else None


def _first(items: _Items) -> set[str] | None:
    for index, (op, argument) in enumerate(items):
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # ^, $, \b, lookarounds: they take no character
            continue
        if op is sre.LITERAL:
            return {re.escape(chr(argument))}
        if op is sre.IN:
            return _class_items(argument)
        if op is sre.SUBPATTERN:
            return _first(list(argument[3]))
        if op is sre.BRANCH:
            return _union(_first(list(branch)) for branch in argument[1])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            least, _, repeated = argument
            if least:
                return _first(list(repeated))
            return _union([_first(list(repeated)), _first(items[index + 1:])])  # (it may be skipped)
        return None  # any character (., \S, [^…]) or a back-reference
    return None  # the match may be empty


def _class_items(members: _Items) -> set[str] | None:
    found = set()
    for op, argument in members:
        if op is sre.LITERAL:
            found.add(re.escape(chr(argument)))
        elif op is sre.RANGE:
            found.add(f"{re.escape(chr(argument[0]))}-{re.escape(chr(argument[1]))}")
        elif op is sre.CATEGORY and argument is sre.CATEGORY_DIGIT:
            found.add(r"\d")
        else:
            return None  # a negated class or a wide category (\s, \w)
    return found


def _union(sets: Iterable[set[str] | None]) -> set[str] | None:
    found: set[str] = set()
    for members in sets:
        if members is None:
            return None
        found |= members
    return found
