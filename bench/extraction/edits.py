"""Edit fidelity: when an article is silently edited, does the extracted text record exactly the edit?

    python -m bench.extraction.edits [--split dev|test|all] [--lang zh|en] [--corpus PATH]
                                     [--extractors palimpsest-text,trafilatura,...] [--show N]

The other half of churn stability (churn.py): an archive must miss no real edit. For each page and
extractor this edits the article where that extractor found it, four ways an editor does:

- word: a few characters inserted in the middle of one paragraph;
- insert: a new paragraph between two paragraphs;
- append: a new paragraph after the last one (an update at the end);
- delete: one paragraph removed;

and counts the pages whose new text is exactly the old text with that edit made (the edited paragraph
changed, the new one in its place, the removed one gone) and nothing else moved. The paragraphs edited
are elements whose whole text is one line of the extractor's text, so every extractor is judged on its
own text. Extractors are given the decoded text.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bench.extraction.churn import bench_main, extract_or_none, grouped_report, lines_of, paragraph_elements, share
from bench.extraction.corpus import CorpusPage
from bench.extraction.runners import Runner
from crawler.extract.repair import normalize_whitespace

EDITS = ("word", "insert", "append", "delete")
# What an editor writes: a sentence of each language, long and punctuated like the article's own.
NEW_PARAGRAPH = {
    "zh": "截至目前，相关工作仍在按计划有序推进，有关部门表示将及时公布后续进展情况，欢迎社会各界继续监督。",
    "en": "This article was updated to include a statement from the city council, which said on Tuesday that it "
          "would review the decision at its next meeting.",
}
INSERTED_WORDS = {"zh": "（据最新消息）", "en": " (according to the latest figures)"}


@dataclass(frozen=True)
class Outcome:
    page_id: str
    extractor: str
    edit: str
    recorded: bool | None  # None: no paragraph of the extractor's text is an element of its own, or it failed
    detail: str = ""


def edited(html: str, lines: list[str], edit: str, language: str, rng: random.Random) -> tuple[str, list[str]] | None:
    """The page with one edit made to a paragraph of `lines` (the extracted text), and the lines the
    edited page's text should have; None when no line of the text is an element of its own."""
    tree = LexborHTMLParser(html)
    if tree.body is None:
        return None
    paragraphs = paragraph_elements(tree.body, lines)
    if len(paragraphs) < 2:
        return None
    index = len(paragraphs) // 2 if edit != "append" else len(paragraphs) - 1
    node, line = paragraphs[index]
    position = lines.index(line)
    expected = list(lines)
    if edit == "word":
        text = node.text(deep=True)
        middle = len(text) // 2 + rng.randrange(-5, 5)
        changed = text[:middle] + INSERTED_WORDS[language] + text[middle:]
        _set_text(node, changed)
        expected[position] = normalize_whitespace(changed)
    elif edit == "delete":
        node.decompose()
        del expected[position]
    else:
        new = NEW_PARAGRAPH[language]
        fresh = tree.create_node(node.tag)
        fresh.insert_child(new)
        if edit == "insert":
            node.insert_before(fresh)
            expected.insert(position, new)
        else:
            node.insert_after(fresh)
            expected.insert(position + 1, new)
    return tree.html or "", expected


def _set_text(node: LexborNode, text: str) -> None:
    for child in list(node.iter(include_text=True)):
        child.decompose()
    node.insert_child(text)


def run(runner: Runner, pages: Sequence[CorpusPage]) -> list[Outcome]:
    outcomes = []
    for page in pages:
        html = LexborHTMLParser(page.text()).html or ""
        base = extract_or_none(runner, html, page)
        lines = lines_of(base.text) if base else []
        for edit in EDITS:
            made = edited(html, lines, edit, page.lang, random.Random(f"{page.id} {edit}")) if base else None
            after = extract_or_none(runner, made[0], page) if made else None
            if made is None or after is None:
                outcomes.append(Outcome(page.id, runner.name, edit, None))
                continue
            got = lines_of(after.text)
            outcomes.append(Outcome(page.id, runner.name, edit, got == made[1], _difference(made[1], got)))
    return outcomes


def _difference(expected: list[str], got: list[str]) -> str:
    missing = next((line for line in expected if line not in got), None)
    extra = next((line for line in got if line not in expected), None)
    if missing:
        return f"missing {missing[:60]!r}"
    return f"extra {extra[:60]!r}" if extra else "order"


def table(outcomes: Sequence[Outcome], extractors: Sequence[str]) -> str:
    rows = ["| extractor | pages | " + " | ".join(f"{edit} recorded" for edit in EDITS) + " |",
            "|---|---:|" + "---:|" * len(EDITS)]
    for name in extractors:
        mine = [o for o in outcomes if o.extractor == name]
        cells = [share([o.recorded for o in mine if o.edit == edit]) for edit in EDITS]
        rows.append(f"| {name} | {len({o.page_id for o in mine})} | {' | '.join(cells)} |")
    return "\n".join(rows)


def report(outcomes: Sequence[Outcome], pages: Sequence[CorpusPage], extractors: Sequence[str],
           show: int = 0) -> str:
    def missed(test: set[str]) -> list[str]:
        lines = []
        for name in extractors:
            mine = [o for o in outcomes if o.extractor == name and o.recorded is False and o.page_id not in test]
            lines += [f"  {name} {o.edit} {o.page_id}: {o.detail}" for o in mine[:show]]
        return lines

    return grouped_report("# Edit fidelity: pages whose text records an edit exactly", pages,
                          lambda ids: table([o for o in outcomes if o.page_id in ids], extractors),
                          "edits not recorded exactly (dev and fixtures):", missed, show)


def main(argv: Sequence[str] | None = None) -> int:
    return bench_main(argv, "python -m bench.extraction.edits", __doc__.split("\n")[0], run, report)


if __name__ == "__main__":
    sys.exit(main())
