"""The seed-based fixture pages (tests/fixtures/pages/), as benchmark pages and for the tests.

`tests/fixtures/make_pages.py` writes the pages and their `index.json`; this module only reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bench.extraction.corpus import REPO_ROOT, CorpusPage

FIXTURE_DIR = REPO_ROOT / "tests" / "fixtures" / "pages"


@dataclass(frozen=True)
class FixturePage:
    id: str
    file: str
    seed: str
    variant: str
    url: str
    charset: str  # the charset the bytes are in (Python codec name)
    content_type: str  # the Content-Type header to serve the page with
    title: str
    published: str | None  # ISO 8601 (date only when the page gives no time)
    author: str | None
    source: str | None
    gold_paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]  # must not occur anywhere in the body
    boilerplate_lines: tuple[str, ...]  # short ones that may occur inside article text: never a whole line
    metadata_lines: tuple[str, ...]  # 发布时间/来源/… lines: metadata, not body
    damaged: tuple[str, ...]  # spans in gold that an extractor may flag or drop (seed 003's mojibake)
    provenance: str
    licence: str
    directory: Path = FIXTURE_DIR

    @property
    def path(self) -> Path:
        return self.directory / self.file

    @property
    def gold_text(self) -> str:
        return "\n".join(self.gold_paragraphs)

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def as_corpus_page(self) -> CorpusPage:
        return CorpusPage(
            id=self.id, lang="zh", split="fixtures", site="fixture", source="fixture", url=self.url,
            charset=self.charset, charset_declared=self.charset, body=self.read_bytes(),
            gold_text=self.gold_text, gold_published=self.published, gold_author=self.author,
            cleaneval_header=False, licence=self.licence, dataset=self.provenance,
            kind=f"fixture-{self.variant}", gold_title=self.title, content_type=self.content_type,
        )


def load_fixtures(directory: Path = FIXTURE_DIR) -> list[FixturePage]:
    index = directory / "index.json"
    if not index.is_file():
        return []
    records = json.loads(index.read_text(encoding="utf-8"))
    tuples = ("gold_paragraphs", "boilerplate", "boilerplate_lines", "metadata_lines", "damaged")
    return [FixturePage(**{key: tuple(value) if key in tuples else value for key, value in record.items()},
                        directory=directory) for record in records]
