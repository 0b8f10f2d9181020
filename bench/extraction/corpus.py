"""Read the extraction corpus in place (it is never copied into this repository).

The corpus lives outside the repo (default `../shared/corpus/extraction` next to the
repo root); `PALIMPSEST_CORPUS` or `--corpus PATH` point elsewhere. See its README.md
for the fields. Each page comes back as a frozen `CorpusPage` holding the page bytes
exactly as the corpus stores them, minus the CleanEval `<text …>` wrapper, which was
never served by the site.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "extraction"
ENV_VAR = "PALIMPSEST_CORPUS"
SPLITS = ("dev", "test")

# The wrapper is one `<text id="…" title="…" encoding="…">` line (attribute values may
# hold `>` only escaped, but quote-aware matching costs nothing) and a closing `</text>`.
_CLEANEVAL_OPEN = re.compile(rb'\A\s*<text\b(?:[^>"]|"[^"]*")*>[ \t]*\r?\n?')
_CLEANEVAL_CLOSE = re.compile(rb"</text>\s*\Z")

# Python has no gb2312/gbk codec that accepts everything such pages contain.
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


class CorpusError(Exception):
    """The corpus directory or its index is missing or unreadable."""


@dataclass(frozen=True)
class CorpusPage:
    id: str
    lang: str  # "zh" or "en"
    split: str  # "dev" or "test"
    site: str
    source: str  # id prefix: iad, daniel, shub (or "fixture")
    url: str | None
    charset: str  # the charset that decodes `body` correctly
    charset_declared: str | None
    body: bytes  # page bytes, CleanEval wrapper stripped
    gold_text: str
    gold_published: str | None
    gold_author: str | None
    cleaneval_header: bool
    licence: str
    dataset: str
    kind: str = ""  # page type for the worst-type check, e.g. iad-2005, daniel, shub, fixture-wechat
    gold_title: str | None = None
    content_type: str | None = None  # the Content-Type header a server would send, when known

    @property
    def codec(self) -> str:
        """Python codec name for `charset` (GB2312/GBK read as GB18030)."""
        return python_codec(self.charset)

    def text(self) -> str:
        """The page correctly decoded, as a peer extractor that is given text would see it."""
        return self.body.decode(self.codec, errors="replace")


def python_codec(charset: str) -> str:
    return _CODEC_ALIASES.get(charset.lower(), charset.lower())


def strip_cleaneval(raw: bytes) -> bytes:
    """Remove the CleanEval crawl wrapper (`<text …>` … `</text>`) around a page."""
    opened = _CLEANEVAL_OPEN.sub(b"", raw, count=1)
    return _CLEANEVAL_CLOSE.sub(b"", opened, count=1)


def corpus_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The corpus folder: `path` if given, else $PALIMPSEST_CORPUS, else the default."""
    chosen = path or os.environ.get(ENV_VAR) or DEFAULT_CORPUS
    return Path(chosen).expanduser()


def corpus_available(path: str | os.PathLike[str] | None = None) -> bool:
    return (corpus_dir(path) / "index.jsonl").is_file()


def load(path: str | os.PathLike[str] | None = None, *, split: str | None = None,
         lang: str | None = None, raw_gold: bool = False) -> list[CorpusPage]:
    """All pages of the corpus, optionally only one split ('dev', 'test') and/or language.

    `raw_gold` keeps each gold text exactly as the corpus gives it (see `_page`)."""
    return list(iter_pages(path, split=split, lang=lang, raw_gold=raw_gold))


def iter_pages(path: str | os.PathLike[str] | None = None, *, split: str | None = None,
               lang: str | None = None, raw_gold: bool = False) -> Iterator[CorpusPage]:
    root = corpus_dir(path)
    index = root / "index.jsonl"
    if not index.is_file():
        raise CorpusError(f"extraction corpus not found: {index} is missing "
                          f"(set {ENV_VAR} or pass --corpus)")
    if split not in (None, "all", *SPLITS):
        raise CorpusError(f"unknown split {split!r}: use dev, test or all")
    with index.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise CorpusError(f"{index}:{number}: not JSON ({error.msg})") from None
            if split not in (None, "all") and record["split"] != split:
                continue
            if lang and record["lang"] != lang:
                continue
            yield _page(root, record, raw_gold)


def _page(root: Path, record: dict, raw_gold: bool = False) -> CorpusPage:
    """One page. DAnIEL golds begin with the headline as their first paragraph (the corpus
    README says so): unless `raw_gold`, that line becomes the page's gold title and the rest its
    gold body, so every extractor is scored on the body alone, as the other sources' golds are."""
    raw = gzip.decompress((root / record["file"]).read_bytes())
    wrapped = bool(record.get("cleaneval_header"))
    gold_text, gold_title = record["gold_text"], record.get("gold_title")
    if record["id"].startswith("daniel-") and not raw_gold:
        gold_title, gold_text = _split_headline(gold_text)
    return CorpusPage(
        id=record["id"],
        lang=record["lang"],
        split=record["split"],
        site=record["site"],
        source=record["id"].split("-", 1)[0],
        url=record.get("url"),
        charset=record["charset"],
        charset_declared=record.get("charset_declared"),
        body=strip_cleaneval(raw) if wrapped else raw,
        gold_text=gold_text,
        gold_published=record.get("gold_published"),
        gold_author=record.get("gold_author"),
        cleaneval_header=wrapped,
        licence=record.get("licence", ""),
        dataset=record.get("dataset", ""),
        kind=_kind(record),
        gold_title=gold_title,
    )


def _split_headline(gold_text: str) -> tuple[str | None, str]:
    lines = gold_text.strip().split("\n", 1)
    if len(lines) < 2:
        return None, gold_text
    return lines[0].strip(), lines[1]


def _kind(record: dict) -> str:
    """Page type: the source, with iad split into its 2005 CleanEval crawl and its 2015-2022 pages."""
    source = record["id"].split("-", 1)[0]
    if source == "iad":
        return "iad-2005" if record.get("cleaneval_header") else "iad-modern"
    return source
