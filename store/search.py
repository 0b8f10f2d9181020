"""Chinese-aware full-text search without a compiled tokenizer.

FTS5's unicode61 tokenizer sees a run of Han characters as one token, so 疫情 inside a sentence is never found,
and the trigram tokenizer cannot match two-character words. We index, for each character of a Han run, the
character and the next one, as space-separated tokens: overlapping bigrams, then the run's last character alone
(国资委 → 国资 资委 委). Every character thus begins a token, so a one-character query (a token prefix) finds it
anywhere. Text is folded first (NFKC, then simplified Chinese), so a simplified query finds traditional text and
the reverse. Latin words pass through, lowercased. Queries are rewritten the same way: a Han run becomes a phrase
of its bigrams, which matches only where the characters are adjacent. The same rewrite serves `palimpsest search`,
datasette's search box and the canned search query.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from sqlite_utils import Database

from store import hanzi

# Han ideographs (CJK unified, extension A, compatibility, extensions B–F), as regex class ranges.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_RUN = re.compile(rf"([{HAN}]+)|([^\s{HAN}]+)")
_WORD = re.compile(rf"[^\W{HAN}]+")
_HAN_CHAR = re.compile(f"[{HAN}]")
_TOKEN = re.compile(rf"([{HAN}]+)|([^\W{HAN}]+)")  # what is indexed: a Han run, or a word of other letters/digits
# A query is a sequence of "quoted phrases", bare words and the operators AND, OR and NOT; a - right before a
# phrase or a word leaves it out.
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OPERATORS = {"AND", "OR", "NOT"}
# Marks of the words found in a snippet: control characters, which no stored text holds (【】 are brackets Chinese text
# uses itself: 【导语】); datasette shows them as <mark>, the CLI in bold.
MARK_START, MARK_END = "\x02", "\x03"
# Blocks of the compatibility characters Chinese pages use: Latin-1 (nbsp), punctuation (……), circled numbers,
# CJK symbols and enclosed forms, compatibility ideographs, vertical and full-width forms.
_COMPAT_BLOCKS = ((0x00A0, 0x0100), (0x2000, 0x2100), (0x2460, 0x2500), (0x3000, 0x3100), (0x3200, 0x3400),
                  (0xF900, 0xFB00), (0xFE30, 0xFE70), (0xFF00, 0xFFF0))


def fold(text: str) -> str:
    """The form both the index and queries are made from: compatibility forms unified (NFKC), simplified Chinese.

    NFKC is slow on Chinese text, and nearly every page needs it for a few full-width commas and colons. So the
    compatibility characters present are replaced first, each by its own NFKC form (which leaves the NFKC of the
    whole unchanged), and the full normalization runs only if something is still left for it to do.
    """
    text = _replace_compat(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_simplified_codes())


def _replace_compat(text: str) -> str:
    pattern, forms = _compat_forms()
    present = set(pattern.findall(text))
    if len(present) > 16:
        return text  # many kinds: one full normalization is quicker than a pass for each
    for char in present:
        text = text.replace(char, forms[char])
    return text


@cache
def _compat_forms() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern matching the characters of `_COMPAT_BLOCKS` that NFKC changes, and what it changes each to."""
    chars = (chr(code) for start, end in _COMPAT_BLOCKS for code in range(start, end))
    forms = {char: form for char in chars if (form := unicodedata.normalize("NFKC", char)) != char}
    return re.compile("[" + "".join(map(re.escape, forms)) + "]"), forms


@cache
def _simplified_table() -> dict[int, str]:
    """zhconv's traditional → simplified mapping, character by character.

    Its phrase rules (for words whose conversion depends on context) do not matter to a bigram index, and a
    character table runs in C through str.translate: about 3× faster than `zhconv.convert`, per page stored.
    """
    mapping = hanzi.getdict("zh-hans")
    return {ord(k): v for k, v in mapping.items() if len(k) == 1 and len(v) == 1}


@cache
def _simplified_codes() -> array[int]:
    """`_simplified_table` as an array indexed by code point (each character's own where the table has none; past
    its end, characters stay as they are): str.translate finds a character's form in it a third faster than in
    the dict (~800 KB, once a process)."""
    table = _simplified_table()
    codes = array("I", range(max(table) + 1))
    for code, form in table.items():
        codes[code] = ord(form)
    return codes


def han_tokens(run: str) -> list[str]:
    """One token per character of a Han run: the character and the next one, the last character alone."""
    return [run[i:i + 2] for i in range(len(run))]


def _tokens(text: str) -> list[list[str]]:
    """Tokens of folded `text`, grouped by run: one group per Han run (`han_tokens`), one per Latin word."""
    return [han_tokens(han) if han else [word] for han, word in _TOKEN.findall(fold(text).lower())]


def index_tokens(text: str | None) -> str:
    """The token string stored in the FTS table for `text`: `_tokens`, flat (built without the groups: this
    runs for every snapshot stored)."""
    folded = fold(text).lower() if text else ""
    if not folded:
        return ""
    pairs = _with_next(folded)
    # A Han run's tokens are a slice of `pairs` and its last character; a word is itself.
    return " ".join([match[2] or pairs[3 * match.start():3 * match.end() - 3] + folded[match.end() - 1]
                     for match in _TOKEN.finditer(folded)])


_UCS4 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def _with_next(text: str) -> str:
    """Each character of `text` followed by the next one (a space after the last) and a space:
    国资委 → "国资 资委 委  ". Made in C, through arrays of code points, in one pass over the whole text: building
    each bigram as a string of its own cost a Python step per character."""
    chars = array("I")
    chars.frombytes(text.encode(_UCS4))
    out = array("I", (32,)) * (3 * len(chars))
    out[0::3] = chars
    chars.append(32)
    out[1::3] = chars[1:]
    return out.tobytes().decode(_UCS4)


def _phrase(groups: list[list[str]]) -> str:
    """An FTS5 phrase of the groups' tokens, as the index holds them where the groups' runs occur in a row.

    Only the last run may go on in the text (疫情 inside 疫情防控), so its lone last character is left out; a
    last run of one character is matched as a prefix instead: the character alone or beginning a bigram.
    """
    tokens = [token for group in groups for token in group]
    if _HAN_CHAR.match(groups[-1][-1]):  # the phrase ends with a Han run
        if len(groups[-1]) == 1:
            return '"' + " ".join(tokens) + '" *'
        tokens.pop()
    return '"' + " ".join(tokens) + '"'


def _quoted(text: str) -> str | None:
    """A quoted phrase: all its tokens adjacent. Han words separated by a space match with or without it."""
    groups = _tokens(text)
    if not groups:
        return None
    spaced = _phrase(groups)
    joined_phrase = _phrase(_tokens(re.sub(rf"(?<=[{HAN}])\s+(?=[{HAN}])", "", fold(text))))
    return spaced if joined_phrase == spaced else f"({spaced} OR {joined_phrase})"


class QueryError(ValueError):
    """A query that cannot be read as asked (an operator without its word, only words to leave out); the message
    says why in one line."""


_NOT_WITHOUT_WORD = "NOT needs the word to leave out after it (复工 NOT 疫情)"
_MINUS_WITHOUT_WORD = "- goes right before a word to leave out (复工 -疫情)"
_OR_WITH_LEFT_OUT = "OR joins words to find; a word left out (NOT, -) cannot be one side of it"


@dataclass
class _Query:
    """A query read part by part: clauses that must all match (each may be an OR of clauses), and clauses that
    must not. FTS5's NOT only takes matches away, so a query needs a clause to find."""

    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    connector: str | None = None  # AND or OR, read after a clause and waiting for the next one
    negated: bool = False  # NOT read, waiting for the clause it leaves out
    last_excluded: bool = False

    def operator(self, name: str) -> None:
        if name == "NOT":
            if self.negated:
                raise QueryError(_NOT_WITHOUT_WORD)
            if self.connector == "OR":
                raise QueryError(_OR_WITH_LEFT_OUT)
            self.negated, self.connector = True, None  # (AND NOT: the AND changes nothing)
            return
        if self.connector or self.negated or not (self.required or self.excluded):
            raise QueryError(f"{name} needs a word on each side (复工 {name} 复产)")
        if name == "OR" and self.last_excluded:
            raise QueryError(_OR_WITH_LEFT_OUT)
        self.connector = name

    def clause(self, clause: str, minus: bool) -> None:
        excluded = minus or self.negated
        if excluded and self.connector == "OR":
            raise QueryError(_OR_WITH_LEFT_OUT)
        if excluded:
            self.excluded.append(clause)
        elif self.connector == "OR":
            self.required[-1] = f"({self.required[-1]} OR {clause})"
        else:
            self.required.append(clause)
        self.connector, self.negated, self.last_excluded = None, False, excluded

    def expression(self) -> str:
        if self.connector:
            raise QueryError(f"{self.connector} needs a word on each side (复工 {self.connector} 复产)")
        if self.negated:
            raise QueryError(_NOT_WITHOUT_WORD)
        if not self.required:
            raise QueryError("only words to leave out: give a word to find as well (复工 -疫情)" if self.excluded
                             else "nothing to search for: give a word (punctuation is not searched)")
        found = " AND ".join(self.required)
        return f"({found}) NOT ({' OR '.join(self.excluded)})" if self.excluded else found


def _query_parts(query: str) -> Iterator[tuple[str, str, bool]]:
    """(kind, text, minus) for each part of the folded query, in order: ("operator", "AND"/"OR"/"NOT"),
    ("quoted", phrase) or ("bare", word); `minus` when a - stands right before the phrase or word. Folded first,
    so that the full-width ＡＮＤ and － of a Chinese keyboard are read as operators too."""
    for minus, quoted, bare in _QUERY_PART.findall(fold(query)):
        if not bare:
            yield "quoted", quoted, bool(minus)
        elif bare in _OPERATORS:
            yield "operator", bare, False
        else:
            yield "bare", bare.removeprefix("-"), bare.startswith("-")


def _bare_clause(word: str) -> str | None:
    """Every run of a bare word must occur (a Han run as adjacent characters)."""
    terms = [_phrase([group]) for group in _tokens(word)]
    if len(terms) <= 1:
        return terms[0] if terms else None
    return "(" + " AND ".join(terms) + ")"


def match_query(query: str | None) -> str:
    """Rewrite a user query into an FTS5 MATCH expression over the bigram index.

    Bare words must all occur (a Han run as adjacent characters; AND between them changes nothing); "quoted
    text" must occur as a phrase; OR between two parts makes either one enough; NOT before a part, or - right
    before it, leaves out what it matches. Operators are in capitals (and, or and not are words). A query that
    cannot be read so (NOT with no word after it, nothing but words to leave out, nothing searchable at all)
    raises QueryError.
    """
    parsed = _Query()
    for kind, text, minus in _query_parts(query or ""):
        if kind == "operator":
            parsed.operator(text)
            continue
        clause = _quoted(text) if kind == "quoted" else _bare_clause(text)
        if clause is not None:
            parsed.clause(clause, minus)
        elif minus:
            raise QueryError(_MINUS_WITHOUT_WORD)
    return parsed.expression()


def query_terms(query: str) -> list[str]:
    """The folded words a query looks for, for highlighting (Han runs whole, Latin words lowercased): not its
    operators, nor the words it leaves out."""
    terms: list[str] = []
    negated = False
    for kind, text, minus in _query_parts(query):
        if kind == "operator":
            negated = text == "NOT"
            continue
        if not (minus or negated):
            for han, other in _RUN.findall(text):
                terms.extend([han] if han else _WORD.findall(other.lower()))
        negated = False
    return terms


@dataclass(frozen=True)
class Hit:
    url: str
    version: int  # the version that matched
    latest_version: int  # the page's latest version: a hit in an older one may be text since removed
    title: str | None
    published: str | None
    first_seen: str | None
    snippet: str  # plain text: a window of the version's text around the first match
    matches: tuple[tuple[int, int], ...]  # (start, end) of each word found, in characters of `snippet`


# Every version of a page is indexed as it is stored (index_snapshot), so older versions can be searched too.
_LATEST_VERSION = "(SELECT max(version) FROM snapshots WHERE url = s.url)"


def search_snapshots(db: Database, query: str, *, limit: int = 20, latest_only: bool = True) -> list[Hit]:
    """Best matches first, each with a snippet and where the words found are in it. Only each page's latest
    version is searched unless `latest_only` is false: then every stored version, a hit for each version that
    matches."""
    sql = (
        f"SELECT s.url, s.version, {_LATEST_VERSION}, s.title, s.published, s.first_seen, s.text"
        " FROM snapshots_fts f JOIN snapshots s ON s.id = f.rowid WHERE snapshots_fts MATCH ?"
        + (f" AND s.version = {_LATEST_VERSION}" if latest_only else "")
        + " ORDER BY f.rank LIMIT ?"
    )
    rows = db.execute(sql, [match_query(query), limit]).fetchall()
    return [Hit(url, version, latest, title, published, first_seen, *excerpt(text, query))
            for url, version, latest, title, published, first_seen, text in rows]


def _fold_same_length(text: str) -> str:
    """`fold(text)` lowercased, one character per character of `text`, so positions carry over."""
    folded = fold(text).lower()
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := fold(ch).lower()) == 1 else ch for ch in text)


_WORD_CHAR = rf"[^\W{HAN}]"  # a character of a Latin or number word, as the index splits them (_TOKEN)


def _term_pattern(term: str) -> str:
    """Where the index finds a query word: a Han run anywhere (Chinese sets no spaces between words), a Latin or
    number word only whole (AI is no match inside Mainland, nor 1 inside 010-87654321)."""
    if _HAN_CHAR.match(term):
        return re.escape(term)
    return rf"(?<!{_WORD_CHAR}){re.escape(term)}(?!{_WORD_CHAR})"


class Excerpt(NamedTuple):
    """A window of a text around its first match, and where each query word is found in it."""

    text: str
    matches: tuple[tuple[int, int], ...]  # (start, end), in characters of `text`

    def marked(self, start: str = MARK_START, end: str = MARK_END) -> str:
        parts, pos = [], 0
        for match_start, match_end in self.matches:
            parts += [self.text[pos:match_start], start, self.text[match_start:match_end], end]
            pos = match_end
        return "".join(parts) + self.text[pos:]


def excerpt(text: str | None, query: str, width: int = 80) -> Excerpt:
    """`width` characters of `text` from a little before its first match (… where cut, line breaks as spaces),
    with the matches of the query's words inside it."""
    text = text or ""
    folded = _fold_same_length(text)
    spans = sorted((m.start(), m.end()) for term in query_terms(query)
                   for m in re.finditer(_term_pattern(term), folded))
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = start + width
    lead = "…" if start else ""
    matches, pos = [], start
    for span_start, span_end in spans:
        if span_start >= pos and span_end <= end:  # (within the window, not overlapping the one before)
            matches.append((span_start - start + len(lead), span_end - start + len(lead)))
            pos = span_end
    window = lead + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
    return Excerpt(window, tuple(matches))


def snippet(text: str | None, query: str, width: int = 80, marks: tuple[str, str] = (MARK_START, MARK_END)) -> str:
    """`excerpt` with each match wrapped in `marks`."""
    return excerpt(text, query, width).marked(*marks)


def index_snapshot(db: Database, snapshot_id: int, title: str | None, text: str | None,
                   subtitle: str | None = None) -> None:
    """Add one snapshot to the index (the store calls this as it writes the snapshot row). A subtitle is found
    as its title is."""
    headline = "\n".join(filter(None, (title, subtitle))) or None
    db.execute("INSERT INTO snapshots_fts (rowid, title, text) VALUES (?, ?, ?)",
               [snapshot_id, index_tokens(headline), index_tokens(text)])


def rebuild_index(db: Database) -> int:
    """Re-index every snapshot (after a change to the tokens); returns the number indexed."""
    with db.atomic():
        db.execute("INSERT INTO snapshots_fts (snapshots_fts) VALUES ('delete-all')")
        count = 0
        for snapshot_id, title, text, subtitle in db.execute(
                "SELECT id, title, text, subtitle FROM snapshots").fetchall():
            index_snapshot(db, snapshot_id, title, text, subtitle)
            count += 1
    return count
