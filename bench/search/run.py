"""Chinese full-text search: index build speed, index size and recall of three FTS5 set-ups, measured together,
and the speed of the two simplified/traditional converters.

    python -m bench.search.run [--docs N] [--corpus PATH]

Texts: the five seed articles (pinyin annotations repaired), the Chinese gold texts of the extraction corpus's
dev split (when the corpus is there), and N generated articles made by shuffling their paragraphs, half of them
converted to traditional characters. Every set-up indexes the same texts in the same run:

- bigram: palimpsest's index (store/search.py): overlapping Han bigrams, unicode61 over them, contentless
- trigram: FTS5's trigram tokenizer on the folded text, contentless
- unicode61: FTS5's default tokenizer on the folded text, contentless

Recall is the share of documents containing a word (by plain substring test on the folded text) that the
index finds with that word as the query; measured for words of 2–5 characters and, apart, for single characters
(often the last of a run: 情况。, 表示，). Sizes are the FTS tables' pages (dbstat), so the store's other tables
do not blur them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from opencc import OpenCC
from zhconv import convert

from store.search import HAN, fold, index_tokens, match_query

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ["疫情", "复工", "国资委", "防控", "集团", "企业", "发展", "中国", "会议", "改革", "新冠肺炎", "生产经营",
           "习近平", "高质量发展", "工作"]
CHARACTERS = ["控", "况", "题", "示", "元", "月", "说", "国"]


def seed_texts() -> list[str]:
    from crawler.extract.repair import repair_pinyin

    return [repair_pinyin(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def corpus_texts(corpus: Path) -> list[str]:
    index = corpus / "index.jsonl"
    if not index.exists():
        return []
    rows = [json.loads(line) for line in index.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["gold_text"] for r in rows if r["lang"] == "zh" and r["split"] == "dev" and r.get("gold_text")]


def generated_texts(base: list[str], count: int, seed: int = 8) -> list[str]:
    """Articles of 5–30 paragraphs drawn from the real texts; every other one in traditional characters."""
    rng = random.Random(seed)
    paragraphs = [p for text in base for p in text.splitlines() if len(p.strip()) > 10]
    out = []
    for i in range(count):
        text = "\n".join(rng.choices(paragraphs, k=rng.randint(5, 30)))
        out.append(convert(text, "zh-hant") if i % 2 else text)
    return out


# ---- the three index set-ups -----------------------------------------------------------------------------

SETUPS: dict[str, tuple[str, Callable[[str], str], Callable[[str], str]]] = {
    # name: (tokenize option, text -> indexed string, word -> MATCH expression)
    "bigram": ("unicode61 remove_diacritics 2", index_tokens, match_query),
    "trigram": ("trigram", fold, lambda q: '"' + fold(q) + '"'),
    "unicode61": ("unicode61 remove_diacritics 2", fold, lambda q: '"' + fold(q) + '"'),
}


def fts_pages_bytes(db: sqlite3.Connection) -> int:
    return db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts%'").fetchone()[0]


def build(name: str, texts: list[str]) -> tuple[sqlite3.Connection, float, float, int]:
    """Index `texts`; returns the connection, seconds preparing the strings, seconds inserting, bytes."""
    tokenize, prepare, _ = SETUPS[name]
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE fts USING fts5(text, content='', tokenize='{tokenize}')")
    started = time.perf_counter()
    prepared = [prepare(text) for text in texts]
    prepared_at = time.perf_counter()
    with db:
        db.executemany("INSERT INTO fts (rowid, text) VALUES (?, ?)", enumerate(prepared, 1))
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    inserted_at = time.perf_counter()
    return db, prepared_at - started, inserted_at - prepared_at, fts_pages_bytes(db)


def found_per_word(name: str, db: sqlite3.Connection, truth: dict[str, set[int]]) -> tuple[dict[str, int], float]:
    """Documents found that contain each word, and the median query time."""
    _, _, query = SETUPS[name]
    found, times = {}, []
    for word, containing in truth.items():
        started = time.perf_counter()
        try:
            hits = {row[0] for row in db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", [query(word)])}
        except sqlite3.OperationalError:
            hits = set()
        times.append(time.perf_counter() - started)
        found[word] = len(containing & hits)
    return found, statistics.median(times)


def recall(found: dict[str, int], truth: dict[str, set[int]], words: list[str]) -> str:
    hits, expected = sum(found[w] for w in words), sum(len(truth[w]) for w in words)
    return f"{hits:>6}/{expected:<6} ({hits / expected:>4.0%})"


def bench_index(texts: list[str]) -> None:
    chars = sum(len(t) for t in texts)
    folded = [fold(t) for t in texts]
    truth = {word: {i for i, text in enumerate(folded, 1) if fold(word) in text} for word in QUERIES + CHARACTERS}
    print(f"\nIndex: {len(texts)} documents, {chars / 1e6:.2f} M characters, {len(QUERIES)} query words,"
          f" {len(CHARACTERS)} single characters")
    print(f"{'set-up':<10} {'prepare s':>9} {'insert s':>9} {'docs/s':>8} {'index KB':>9} {'size ×':>7}"
          f" {'recall (words)':>21} {'query ms':>9} {'recall (characters)':>21} {'query ms':>9}")
    per_word, base_size = {}, None
    for name in SETUPS:
        db, prepare_s, insert_s, size = build(name, texts)
        per_word[name], query_s = found_per_word(name, db, {w: truth[w] for w in QUERIES})
        found_chars, char_query_s = found_per_word(name, db, {c: truth[c] for c in CHARACTERS})
        per_word[name].update(found_chars)
        db.close()
        base_size = base_size or size
        print(f"{name:<10} {prepare_s:>9.2f} {insert_s:>9.2f} {len(texts) / (prepare_s + insert_s):>8.0f}"
              f" {size / 1024:>9.0f} {size / base_size:>7.2f} {recall(per_word[name], truth, QUERIES):>21}"
              f" {query_s * 1000:>9.2f} {recall(per_word[name], truth, CHARACTERS):>21} {char_query_s * 1000:>9.2f}")
    print("\nPer word: documents containing it, then found by " + " / ".join(SETUPS))
    for word in QUERIES + CHARACTERS:
        print(f"  {word:<6} {len(truth[word]):>5}   " + " / ".join(f"{per_word[n][word]:>5}" for n in SETUPS))


def bench_conversion(texts: list[str]) -> None:
    traditional = [convert(t, "zh-hant") for t in texts]
    chars = sum(len(t) for t in traditional)
    opencc = OpenCC("t2s")
    timings = {}
    outputs = {}
    for name, fn in (("zhconv", lambda t: convert(t, "zh-hans")), ("opencc", opencc.convert)):
        started = time.perf_counter()
        outputs[name] = [fn(t) for t in traditional]
        timings[name] = time.perf_counter() - started
    same = sum(a == b for a, b in zip(outputs["zhconv"], outputs["opencc"], strict=True))
    han_diffs: dict[tuple[str, str], int] = {}
    other_diffs = 0
    for a, b in zip(outputs["zhconv"], outputs["opencc"], strict=True):
        for x, y in zip(a, b, strict=False):  # both keep lengths for these texts; checked below
            if x != y and re.match(f"[{HAN}]", x) and re.match(f"[{HAN}]", y):
                han_diffs[(x, y)] = han_diffs.get((x, y), 0) + 1
            elif x != y:
                other_diffs += 1
    assert all(len(a) == len(b) for a, b in zip(outputs["zhconv"], outputs["opencc"], strict=True))
    print(f"\nTraditional → simplified: {len(traditional)} texts, {chars / 1e6:.2f} M characters")
    for name, seconds in timings.items():
        print(f"  {name:<8} {seconds:>7.2f} s  {chars / seconds / 1e6:>6.2f} M chars/s"
              f"  ({seconds / timings['zhconv']:.1f}× zhconv's time)")
    common = sorted(han_diffs.items(), key=lambda item: -item[1])[:8]
    print(f"  identical outputs: {same}/{len(traditional)}; Han characters converted differently: "
          f"{sum(han_diffs.values())} (zhconv/opencc: {', '.join(f'{x}/{y}×{n}' for (x, y), n in common)}); "
          f"other characters (quote marks: zhconv turns 「」 into “”): {other_diffs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=5000, help="generated articles (default 5000)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "extraction")
    args = parser.parse_args()
    real = seed_texts() + corpus_texts(args.corpus)
    texts = real + generated_texts(real, args.docs)
    print(f"SQLite {sqlite3.sqlite_version}; {len(real)} real texts (seeds + corpus dev zh gold), "
          f"{args.docs} generated")
    bench_index(texts)
    bench_conversion(real + generated_texts(real, min(args.docs, 500), seed=9))


if __name__ == "__main__":
    main()
