"""Chinese-aware full-text search without a compiled tokenizer.

FTS5's unicode61 tokenizer sees a run of Han characters as one token, so 疫情 inside a sentence is never found.
We index overlapping character bigrams of Han text as space-separated tokens (雇佣 → 雇佣; 国资委 → 国资 资委),
after converting to simplified Chinese, so a simplified query finds traditional text and the reverse. Latin
words pass through unchanged. Queries are rewritten the same way: a Han run becomes a phrase of its bigrams.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database
from zhconv import convert

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_HAN}]+)|([^\s{_HAN}]+)")
_LATIN_WORD = re.compile(r"\w+")


def to_simplified(text: str) -> str:
    return convert(text, "zh-hans")


def han_bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str | None) -> str:
    """The token string stored in the FTS table for `text`."""
    if not text:
        return ""
    out: list[str] = []
    for han, other in _RUN.findall(to_simplified(text)):
        if han:
            out.extend(han_bigrams(han))
        else:
            out.extend(_LATIN_WORD.findall(other.lower()))
    return " ".join(out)


def match_query(query: str) -> str:
    """Rewrite a user query into an FTS5 MATCH expression over the bigram index.

    Each Han run becomes a phrase of its bigrams, each Latin word a quoted term; terms are ANDed.
    A query in double quotes keeps its parts adjacent as one phrase.
    """
    phrase = len(query) > 1 and query.startswith('"') and query.endswith('"')
    terms: list[str] = []
    for han, other in _RUN.findall(to_simplified(query.strip('"') if phrase else query)):
        if han:
            terms.append(" ".join(han_bigrams(han)))
        else:
            terms.extend(_LATIN_WORD.findall(other.lower()))
    if not terms:
        return '""'
    if phrase:
        return '"' + " ".join(terms) + '"'
    return " ".join(f'"{term}"' for term in terms)


@dataclass(frozen=True)
class Hit:
    url: str
    version: int
    title: str | None
    published: str | None
    first_seen: str | None
    snippet: str


def search_snapshots(db: Database, query: str, *, limit: int = 20, latest_only: bool = True) -> list[Hit]:
    """Best matches first; the snippet marks the matched words with 【】."""
    sql = (
        "SELECT s.url, s.version, s.title, s.published, s.first_seen, s.text FROM snapshots_fts f"
        " JOIN snapshots s ON s.id = f.rowid WHERE snapshots_fts MATCH ?"
        + (" AND s.version = (SELECT max(version) FROM snapshots WHERE url = s.url)" if latest_only else "")
        + " ORDER BY f.rank LIMIT ?"
    )
    rows = db.execute(sql, [match_query(query), limit]).fetchall()
    return [Hit(url, version, title, published, first_seen, snippet(text, query))
            for url, version, title, published, first_seen, text in rows]


def snippet(text: str, query: str, width: int = 80) -> str:
    """A window of `text` around the first match, each match of a query term wrapped in 【】."""
    folded = to_simplified(text).lower()
    if len(folded) != len(text):  # a phrase conversion changed lengths: fall back to exact matching
        folded = text.lower()
    terms = [t for t in re.split(r'[\s"]+', to_simplified(query).lower()) if t]
    spans = sorted((m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t), folded))
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end, pos, parts = start + width, start, []
    for span_start, span_end in spans:
        if span_start >= pos and span_end <= end:
            parts += [text[pos:span_start], "【", text[span_start:span_end], "】"]
            pos = span_end
    parts.append(text[pos:end])
    body = "".join(parts).replace("\n", " ")
    return ("…" if start else "") + body + ("…" if end < len(text) else "")
