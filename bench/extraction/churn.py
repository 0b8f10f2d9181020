"""Churn stability: does noise outside the article change what an extractor keeps?

    python -m bench.extraction.churn [--split dev|test|all] [--lang zh|en] [--corpus PATH]
                                     [--extractors palimpsest-text,trafilatura,...] [--show N]

Between two fetches of an unedited page its furniture moves: view and comment counters count up,
the lists of hot and related headlines rotate, a new template or editor writes its spaces another
way or names its classes anew, an ad server fills its slot. An archive that keeps a new version
whenever the extracted title or text changes must not see that as an edit. For each page and
extractor this makes five churned copies of the page:

- counters: every number in a short line outside the extracted title, subtitle and text grows by 7
  (浏览次数：3571 -> 3578, 评论(3) -> 评论(10)), except in dates and times, and names (9to5Toys);
- headlines: the texts of headline-sized links outside them (8 units or more: menus and
  breadcrumbs stay) are shuffled among links of about the same length;
- spacing: everywhere, half the spaces between two words become &nbsp;, each paragraph gets a
  full-width indent (U+3000 U+3000), and a zero-width space enters a third of the text nodes;
- classes: class names a build tool generated (css-1vxca1d, e1qksbhf0) renamed, as a new deploy does;
- ads: an ad slot (a linked banner and a script) between two of the article's paragraphs.

and counts the pages whose title and text come out exactly as from the page unchurned (both
serialized by the same parser, so serializing changes nothing). Extractors are given the decoded
text, all of them the same churned copy of their own. Prints one table per split and language.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bench.extraction.corpus import CorpusError, CorpusPage, load
from bench.extraction.fixtures import load_fixtures
from bench.extraction.runners import RUNNERS, Extraction, Runner
from crawler.extract.heuristics import units
from crawler.extract.repair import normalize_whitespace

HEADLINE_MIN_UNITS = 8  # a link this long is a headline that a list may rotate; shorter ones are menus
COUNTER_STEP = 7
# Dates, times and years keep their numbers (a date that stopped being one is not churn); so do names (9to5Toys).
_DATE_OR_TIME = re.compile(
    r"\d{2,4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*[日号]?)?|\d{1,2}\s*[月日号時时点點]"
    r"|(?<!\d)(?:19|20)\d\d(?!\d)|\d{1,2}\s*[:：]\s*\d\d(?:\s*[:：]\s*\d\d)?"
    r"|\d+\s*(?:st|nd|rd|th)\b|\d+\s*(?:年|小时|分钟|天)前"
    r"|(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d+|\d+\s*(?:jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|oct|nov|dec)|\d+\s*\w+\s+ago)")
_NUMBER = re.compile(r"(?<![A-Za-z0-9])\d+(?![A-Za-z0-9])")
COUNTER_LINE_MAX_UNITS = 40  # a counter sits in a short line: 发布时间：2020-02-06 09:35 浏览次数：3571
# Where a text node's line starts and ends (the block around it: a link's text is part of its line).
_LINE_TAGS = frozenset({"p", "div", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
                        "section", "article", "body", "blockquote", "span"})
_PARAGRAPH_TAGS = frozenset({"p", "div", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "td", "dd", "section"})
_BLOCKS_INSIDE = "p, div, li, table, ul, ol, blockquote, h1, h2, h3, h4, h5, h6, section, article, br"
_UNRENDERED = frozenset({"script", "style", "textarea", "noscript", "title"})
CHURNS = ("counters", "headlines", "spacing", "classes", "ads")
# A class name a build tool generated (css-1vxca1d, e1qksbhf0, sc-AxjAm3): a new deploy renames it.
_GENERATED_CLASS = re.compile(r"(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{6,}")
DEFAULT_EXTRACTORS = ("palimpsest-text", "trafilatura", "trafilatura-precision", "readability", "resiliparse")


@dataclass(frozen=True)
class Outcome:
    page_id: str
    extractor: str
    churn: str
    changed: bool | None  # None: nothing of that kind outside the extracted text, or the extractor failed
    detail: str = ""


def churned(html: str, kept: str, churn: str, rng: random.Random) -> str | None:
    """`html` with one kind of churn (see CHURNS and the module's docstring) applied, counters and
    headlines only outside `kept` (the extracted title, subtitle and text, one line each), or None when the page
    has nothing of that kind to churn."""
    tree = LexborHTMLParser(html)
    if tree.body is None:
        return None
    if churn == "spacing":
        changes = _spacing_changes(_rendered_text_nodes(tree.body), rng)
    elif churn == "classes":
        return _renamed_classes(tree, tree.body, rng)
    elif churn == "ads":
        return _with_an_ad(tree, tree.body, kept, rng)
    else:
        outside = _text_nodes_outside(tree.body, kept)
        changes = _counter_changes(outside) if churn == "counters" else _headline_changes(outside, rng)
    if not changes:
        return None
    for node, text in changes:
        node.replace_with(text)
    return tree.html


def paragraph_elements(body: LexborNode, lines: list[str]) -> list[tuple[LexborNode, str]]:
    """Elements without block children whose whole text is one line of `lines`, in order, under the
    parent most of them share; a text that two elements of the page hold (a heading repeated in a
    sidebar) or the lines hold twice is skipped."""
    counts = Counter(lines)
    wanted = {line for line, count in counts.items() if count == 1}
    found: dict[str, list[LexborNode]] = {}
    for node in body.traverse():
        if node.tag not in _PARAGRAPH_TAGS or any(inner.mem_id != node.mem_id for inner in node.css(_BLOCKS_INSIDE)):
            continue  # (css() matches the node itself too)
        text = normalize_whitespace(node.text(deep=True))
        if text in wanted:
            found.setdefault(text, []).append(node)
    single = [(nodes[0], text) for text, nodes in found.items() if len(nodes) == 1]
    # The article's paragraphs share a parent: the most common parent among them is the article's.
    parents = Counter(node.parent.mem_id for node, _ in single if node.parent is not None)
    if not parents:
        return []
    article = parents.most_common(1)[0][0]
    return [(node, text) for node, text in single if node.parent is not None and node.parent.mem_id == article]


def _rendered_text_nodes(body: LexborNode) -> list[LexborNode]:
    return [node for node in body.traverse(include_text=True)
            if node.tag == "-text" and node.parent is not None and node.parent.tag not in _UNRENDERED]


def _text_nodes_outside(body: LexborNode, kept: str) -> list[LexborNode]:
    found = []
    for node in _rendered_text_nodes(body):
        text = normalize_whitespace(node.text_content)
        if text and text not in kept and not _line_is_kept(node, kept):
            found.append(node)
    return found


def _line_is_kept(node: LexborNode, kept: str) -> bool:
    """Whether the line around `node` is in `kept` (its start or its end: a link inside a kept paragraph)."""
    line = node
    while line.parent is not None and line.tag not in _LINE_TAGS:
        line = line.parent
    text = normalize_whitespace(line.text(deep=True))
    return text[:20] in kept or text[-20:] in kept


def _counter_changes(nodes: list[LexborNode]) -> list[tuple[LexborNode, str]]:
    changes = []
    for node in nodes:
        text = node.text_content
        if units(text) <= COUNTER_LINE_MAX_UNITS and _NUMBER.search(text):
            counted = _counted_up(text)
            if counted != text:
                changes.append((node, counted))
    return changes


def _counted_up(text: str) -> str:
    dated = [match.span() for match in _DATE_OR_TIME.finditer(text)]
    parts, last = [], 0
    for number in _NUMBER.finditer(text):
        if not any(start <= number.start() < end for start, end in dated):
            parts += [text[last:number.start()], str(int(number.group()) + COUNTER_STEP)]
            last = number.end()
    return "".join(parts) + text[last:]


def _headline_changes(nodes: list[LexborNode], rng: random.Random) -> list[tuple[LexborNode, str]]:
    classes: dict[tuple[int, bool], list[LexborNode]] = {}
    for node in nodes:
        text = node.text_content.strip()
        if node.parent.tag == "a" and units(text) >= HEADLINE_MIN_UNITS:
            classes.setdefault((len(text) // 4, text.isascii()), []).append(node)
    changes = []
    for group in classes.values():
        texts = [node.text_content for node in group]
        rng.shuffle(texts)
        changes += [(node, text) for node, text in zip(group, texts, strict=True) if text != node.text_content]
    return changes


_SPACE_BETWEEN = re.compile(r"(?<=\S) (?=\S)")


def _spacing_changes(nodes: list[LexborNode], rng: random.Random) -> list[tuple[LexborNode, str]]:
    """A page re-rendered by another template or editor: some spaces become &nbsp;, paragraphs get a
    full-width indent, zero-width spaces creep in. The text is the same."""
    changes = []
    for node in nodes:
        text = node.text_content
        if not text.strip():
            continue
        # (a space between two visible characters: beside a line break &nbsp; would show where a space does not)
        spaced = _SPACE_BETWEEN.sub(lambda space: "\u00a0" if rng.random() < 0.5 else " ", text)
        if node.parent.tag == "p" and node.prev is None:
            spaced = "\u3000\u3000" + spaced.lstrip()
        if rng.random() < 0.3:
            cut = rng.randrange(len(spaced) + 1)
            spaced = spaced[:cut] + "\u200b" + spaced[cut:]
        if spaced != text:
            changes.append((node, spaced))
    return changes


def _renamed_classes(tree: LexborHTMLParser, body: LexborNode, rng: random.Random) -> str | None:
    """A new deploy of a site whose build tool generates class names: each generated one renamed."""
    names: dict[str, str] = {}

    def renamed(match: re.Match[str]) -> str:
        name = match.group()
        if name not in names:
            names[name] = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in name[:-1]) + "9"
        return names[name]

    for node in body.traverse():
        classes = node.attributes.get("class")
        if classes and _GENERATED_CLASS.search(classes):
            node.attrs["class"] = _GENERATED_CLASS.sub(renamed, classes)
    return tree.html if names else None


def _with_an_ad(tree: LexborHTMLParser, body: LexborNode, kept: str, rng: random.Random) -> str | None:
    """An ad slot between two of the article's paragraphs, as ad servers fill one on each view."""
    paragraphs = paragraph_elements(body, kept.splitlines())
    if len(paragraphs) < 2:
        return None
    node, _ = paragraphs[rng.randrange(len(paragraphs) - 1)]
    slot = rng.randrange(1000, 9999)
    ad = LexborHTMLParser(f'<div class="ad-slot ad-{slot}"><a href="https://ads.example.com/click?slot={slot}">'
                          f'<img src="https://ads.example.com/banner-{slot}.jpg" alt=""></a>'
                          "<script>window.ads = window.ads || [];</script></div>").css_first("div")
    node.insert_after(ad)
    return tree.html


def run(runner: Runner, pages: Sequence[CorpusPage]) -> list[Outcome]:
    outcomes = []
    for page in pages:
        html = LexborHTMLParser(page.text()).html or ""  # (serialized as the churned copies are)
        base = extract_or_none(runner, html, page)
        if base is None:
            outcomes += [Outcome(page.id, runner.name, churn, None, "failed") for churn in CHURNS]
            continue
        kept = "\n".join(lines_of(f"{base.title or ''}\n{base.subtitle or ''}\n{base.text}"))
        for churn in CHURNS:
            copy = churned(html, kept, churn, random.Random(f"{page.id} {churn}"))
            after = extract_or_none(runner, copy, page) if copy is not None else None
            if copy is None or after is None:
                outcomes.append(Outcome(page.id, runner.name, churn, None))
                continue
            outcomes.append(Outcome(page.id, runner.name, churn, _identity(after) != _identity(base),
                                    _first_difference(base, after)))
    return outcomes


def extract_or_none(runner: Runner, html: str, page: CorpusPage) -> Extraction | None:
    try:
        return runner.run(html, page)
    except Exception:  # noqa: BLE001 (a page that fails is no verdict, and never stops the run)
        return None


def _identity(extraction: Extraction) -> tuple[str, str, str, str, list[str]]:
    """What decides a new version in the store: the title, subtitle, date, author and text, whitespace normalized
    line by line as palimpsest normalizes its own (so a peer's raw &nbsp;, U+3000 or U+200B is not held against
    it)."""
    return (normalize_whitespace(extraction.title or ""), normalize_whitespace(extraction.subtitle or ""),
            extraction.published or "", extraction.author or "", lines_of(extraction.text))


def lines_of(text: str) -> list[str]:
    """The text's non-empty lines, whitespace normalized (extractors differ in blank lines and spacing)."""
    return [line for line in map(normalize_whitespace, text.splitlines()) if line]


def _first_difference(base: Extraction, after: Extraction) -> str:
    for field in ("title", "subtitle", "published", "author"):
        if getattr(base, field) != getattr(after, field):
            return f"{field} {getattr(base, field)!r} -> {getattr(after, field)!r}"
    before, now = base.text.splitlines(), after.text.splitlines()
    added = next((line for line in now if line not in before), None)
    removed = next((line for line in before if line not in now), None)
    return f"+ {added[:60]!r}" if added else f"- {removed[:60]!r}" if removed else "text changed"


def table(outcomes: Sequence[Outcome], extractors: Sequence[str]) -> str:
    rows = ["| extractor | pages | " + " | ".join(f"unchanged under {churn}" for churn in CHURNS)
            + " | unchanged under all |", "|---|---:|" + "---:|" * (len(CHURNS) + 1)]
    for name in extractors:
        mine = [o for o in outcomes if o.extractor == name]
        pages = sorted({o.page_id for o in mine})
        cells = [share([_unchanged(o) for o in mine if o.churn == churn]) for churn in CHURNS]
        changed = {o.page_id for o in mine if o.changed}
        judged = {o.page_id for o in mine if o.changed is not None}
        both = f"{len(judged - changed)}/{len(judged)}" if judged else "-"
        rows.append(f"| {name} | {len(pages)} | {' | '.join(cells)} | {both} |")
    return "\n".join(rows)


def _unchanged(outcome: Outcome) -> bool | None:
    return None if outcome.changed is None else not outcome.changed


def share(verdicts: Sequence[bool | None]) -> str:
    """'good/judged (percent)' over the verdicts that are not None."""
    judged = [verdict for verdict in verdicts if verdict is not None]
    if not judged:
        return "-"
    good = sum(judged)
    return f"{good}/{len(judged)} ({100 * good / len(judged):.1f}%)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options churn and edits share."""
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--lang", choices=("zh", "en"), help="only pages in this language")
    parser.add_argument("--corpus", help="corpus folder (default: $PALIMPSEST_CORPUS or ../shared/corpus/extraction)")
    parser.add_argument("--extractors", default=",".join(DEFAULT_EXTRACTORS),
                        help="comma-separated, from: " + ", ".join(n for n, r in RUNNERS.items() if r.given == "text"))
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="list up to N pages that failed, per extractor (dev only: never read test while tuning)")


def runners_and_pages(args: argparse.Namespace) -> tuple[list[Runner], list[CorpusPage]]:
    """The runners named (each given text) and the pages chosen, fixtures included for Chinese;
    raises CorpusError with the reason for a bad name or a missing corpus."""
    names = [name.strip() for name in args.extractors.split(",") if name.strip()]
    unknown = [name for name in names if name not in RUNNERS or RUNNERS[name].given != "text"]
    if unknown:
        raise CorpusError(f"--extractors: {', '.join(unknown)}: not a runner given text")
    pages = load(args.corpus, split=args.split, lang=args.lang)
    if args.lang in (None, "zh"):
        pages += [fixture.as_corpus_page() for fixture in load_fixtures()]
    return [RUNNERS[name] for name in names if RUNNERS[name].available()], pages


def by_split_and_language(pages: Sequence[CorpusPage]) -> list[tuple[str, set[str]]]:
    """('split / lang', page ids) per group, in a fixed order."""
    groups: dict[tuple[str, str], set[str]] = {}
    for page in pages:
        groups.setdefault((page.split, page.lang), set()).add(page.id)
    return [(f"{split} / {lang}", ids) for (split, lang), ids in sorted(groups.items())]


def bench_main(argv: Sequence[str] | None, prog: str, description: str,
               run: Callable[[Runner, Sequence[CorpusPage]], Sequence[object]],
               report: Callable[[Sequence, Sequence[CorpusPage], Sequence[str], int], str]) -> int:
    """The command line churn and edits share: options, runners and pages, one report."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        runners, pages = runners_and_pages(args)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    outcomes = [outcome for runner in runners for outcome in run(runner, pages)]
    print(report(outcomes, pages, [runner.name for runner in runners], args.show))
    return 0


def grouped_report(heading: str, pages: Sequence[CorpusPage], tables: Callable[[set[str]], str],
                   failures_heading: str, failures: Callable[[set[str]], list[str]], show: int) -> str:
    """A table per split and language; with `show`, the failures on dev and fixture pages (never test ones)."""
    sections = [heading]
    for group, ids in by_split_and_language(pages):
        sections += [f"\n### {group}\n", tables(ids)]
    if show:
        sections += [f"\n{failures_heading}", *failures({page.id for page in pages if page.split == "test"})]
    return "\n".join(sections)


def main(argv: Sequence[str] | None = None) -> int:
    return bench_main(argv, "python -m bench.extraction.churn", __doc__.split("\n")[0], run, report)


def report(outcomes: Sequence[Outcome], pages: Sequence[CorpusPage], extractors: Sequence[str],
           show: int = 0) -> str:
    def changed(test: set[str]) -> list[str]:
        lines = []
        for name in extractors:
            mine = [o for o in outcomes if o.extractor == name and o.changed and o.page_id not in test]
            lines += [f"  {name} {o.churn} {o.page_id}: {o.detail}" for o in mine[:show]]
        return lines

    return grouped_report("# Churn stability: pages whose title and text survive their furniture changing", pages,
                          lambda ids: table([o for o in outcomes if o.page_id in ids], extractors),
                          "changed pages (dev and fixtures):", changed, show)


if __name__ == "__main__":
    sys.exit(main())

