"""Score article extractors on the extraction corpus and the seed-based fixture pages.

    python -m bench.extraction.run [--split dev|test|all] [--lang zh|en] [--corpus PATH]
                                   [--extractors palimpsest,trafilatura,...] [--worst N]

Every extractor sees the same pages in the same run. Pages/second counts extraction only:
the pages are read and decoded before the clock starts, and each extractor is timed over
all pages in turn. A page that raises counts as an error with F1 = 0 and never stops the run.
Prints one table per split and language, page-type minimums and date accuracy, and writes a
small summary (JSON and Markdown) to bench/extraction/results/.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.extraction.corpus import CorpusError, CorpusPage, corpus_dir, load
from bench.extraction.fixtures import load_fixtures
from bench.extraction.runners import BASELINE, RUNNERS, Extraction, Runner
from bench.extraction.score import ZERO, Score, Summary, score, summarise

RESULTS_DIR = Path(__file__).resolve().parent / "results"
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")  # gold dates carry no offset; the pages are Chinese


@dataclass(frozen=True)
class PageResult:
    page_id: str
    extractor: str
    score: Score
    seconds: float
    error: str | None
    title: str | None
    published: str | None
    author: str | None = None


# ---------------------------------------------------------------- running


def run_extractor(runner: Runner, pages: Sequence[CorpusPage],
                  inputs: dict[str, Sequence[bytes | str]], repeat: int = 1) -> list[PageResult]:
    """Run one extractor over all pages; time each call, score afterwards.

    With `repeat` > 1 each page's time is its fastest of that many passes (as timeit does),
    which damps the noise of a shared machine."""
    given = inputs[runner.given]
    _call(runner, given[0], pages[0])  # warm-up: lazy imports and caches are not extraction time
    gc.collect()
    fastest = [float("inf")] * len(pages)
    outcomes: list[tuple[Extraction | None, str | None]] = []
    for _ in range(max(1, repeat)):
        outcomes = []
        for number, (page_input, page) in enumerate(zip(given, pages, strict=True)):
            start = time.perf_counter()
            outcomes.append(_call(runner, page_input, page))
            fastest[number] = min(fastest[number], time.perf_counter() - start)
    timed = [(extraction, seconds, error) for (extraction, error), seconds in zip(outcomes, fastest, strict=True)]
    results = []
    for page, (extraction, seconds, error) in zip(pages, timed, strict=True):
        page_score = score(extraction.text, page.gold_text) if extraction else ZERO
        results.append(PageResult(page.id, runner.name, page_score, seconds, error,
                                  extraction.title if extraction else None,
                                  extraction.published if extraction else None,
                                  extraction.author if extraction else None))
    return results


def _call(runner: Runner, page_input: bytes | str, page: CorpusPage) -> tuple[Extraction | None, str | None]:
    try:
        return runner.run(page_input, page), None
    except Exception as error:  # one bad page never stops the run
        return None, f"{type(error).__name__}: {error}"[:200]


def prepare_inputs(pages: Sequence[CorpusPage]) -> dict[str, list[bytes | str]]:
    """What each kind of runner is handed, computed once before any clock starts."""
    return {"bytes": [page.body for page in pages], "text": [page.text() for page in pages]}


# ---------------------------------------------------------------- dates and titles


_DATE = re.compile(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?)?")


def date_parts(value: str | None) -> tuple[int, ...] | None:
    """(year, month, day) of a date/time string, as far as it goes; local Shanghai date for ISO with offset."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        match = _DATE.search(value)
        if not match:
            return None
        return tuple(int(part) for part in match.groups() if part)
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_ZONE)
    return (moment.year, moment.month, moment.day)


def date_correct(extracted: str | None, gold: str | None) -> bool | None:
    """True/False when the gold has a readable date (compared at the gold's precision), else None."""
    want = date_parts(gold)
    if not want:
        return None
    got = date_parts(extracted)
    return bool(got) and got[: len(want)] == want


def author_correct(extracted: str | None, gold: str | None) -> bool | None:
    """True/False when the gold names an author: the extracted name is in it, or it in the name (a
    gold may list several people, an extractor give the first; or give a name with its outlet)."""
    if not gold or not gold.strip():
        return None
    got, want = _squashed_names(extracted or ""), _squashed_names(gold)
    return bool(got) and (got in want or want in got)


_NAME_LIST_PUNCTUATION = re.compile(r"[\s、，,;；]+")


def _squashed_names(names: str) -> str:
    """Names without the spaces and separators that list them (张三、李四 and 张三 李四 are the same two
    people), in one case (a byline in capitals names the same person)."""
    return _NAME_LIST_PUNCTUATION.sub("", names).casefold()


def _same_title(extracted: str | None, gold: str) -> bool:
    squash = re.compile(r"\s+")
    return bool(extracted) and squash.sub("", extracted) == squash.sub("", gold)


# ---------------------------------------------------------------- reporting


@dataclass(frozen=True)
class Row:
    extractor: str
    summary: Summary
    pages_per_second: float
    ratio_vs_baseline: float | None
    errors: int


def table_rows(results: dict[str, list[PageResult]], page_ids: set[str]) -> list[Row]:
    speeds = {}
    chosen: dict[str, list[PageResult]] = {}
    for name, per_page in results.items():
        chosen[name] = [r for r in per_page if r.page_id in page_ids]
        seconds = sum(r.seconds for r in chosen[name])
        speeds[name] = len(chosen[name]) / seconds if seconds else float("inf")
    baseline = speeds.get(BASELINE)
    return [Row(name, summarise(r.score for r in rows), speeds[name],
                speeds[name] / baseline if baseline else None, sum(1 for r in rows if r.error))
            for name, rows in chosen.items()]


def markdown_table(rows: Iterable[Row]) -> str:
    lines = ["| extractor | pages | mean F1 | median F1 | P | R | pages/s | × trafilatura | errors |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        s = row.summary
        ratio = f"{row.ratio_vs_baseline:.1f}" if row.ratio_vs_baseline else "–"
        lines.append(f"| {row.extractor} | {s.pages} | {s.mean_f1:.3f} | {s.median_f1:.3f} | "
                     f"{s.mean_precision:.3f} | {s.mean_recall:.3f} | {row.pages_per_second:.0f} | "
                     f"{ratio} | {row.errors} |")
    return "\n".join(lines)


def kind_table(results: dict[str, list[PageResult]], pages: Sequence[CorpusPage]) -> tuple[str, dict]:
    """Mean and minimum F1 per page type (source prefix, or fixture variant), per extractor."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        kinds[page.kind].add(page.id)
        if page.codec == "gb18030":  # GB-family bytes, whatever the source: the decoding test
            kinds["gb-bytes (any source)"].add(page.id)
    names = list(results)
    lines = ["| page type | pages | " + " | ".join(f"{n} mean/min" for n in names) + " |",
             "|---|---:|" + "---:|" * len(names)]
    data: dict[str, dict] = {}
    for kind in sorted(kinds):
        ids = kinds[kind]
        cells, data[kind] = [], {"pages": len(ids)}
        for name in names:
            f1s = [r.score.f1 for r in results[name] if r.page_id in ids]
            mean, low = statistics.fmean(f1s), min(f1s)
            data[kind][name] = {"mean_f1": round(mean, 4), "min_f1": round(low, 4)}
            cells.append(f"{mean:.2f}/{low:.2f}")
        lines.append(f"| {kind} | {len(ids)} | " + " | ".join(cells) + " |")
    return "\n".join(lines), data


def metadata_report(results: dict[str, list[PageResult]], pages: Sequence[CorpusPage]) -> tuple[str, dict]:
    """Publication date and title accuracy, per split, for the extractors that report them."""
    by_id = {page.id: page for page in pages}
    lines, data = [], {}
    for name in ("palimpsest", "palimpsest-text"):
        for split in dict.fromkeys(page.split for page in pages):
            rows = [r for r in results.get(name, []) if by_id[r.page_id].split == split]
            verdicts = [date_correct(r.published, by_id[r.page_id].gold_published) for r in rows]
            judged = [v for v in verdicts if v is not None]
            titled = [r for r in rows if by_id[r.page_id].gold_title]
            authors = [v for r in rows if (v := author_correct(r.author, by_id[r.page_id].gold_author)) is not None]
            if not judged and not titled:
                continue
            titles_right = sum(_same_title(r.title, by_id[r.page_id].gold_title or "") for r in titled)
            data[f"{name} / {split}"] = {"dates_judged": len(judged), "dates_right": sum(judged),
                                         "titles_judged": len(titled), "titles_right": titles_right,
                                         "authors_judged": len(authors), "authors_right": sum(authors)}
            parts = [f"published date right on {_share(sum(judged), len(judged))} of pages with a gold date"]
            if titled:
                parts.append(f"title right on {_share(titles_right, len(titled))} of pages with a gold title")
            if authors:
                parts.append(f"author right on {_share(sum(authors), len(authors))} of pages with a gold author")
            lines.append(f"{name} on {split}: " + "; ".join(parts))
    return "\n".join(lines), data


def _share(right: int, judged: int) -> str:
    return f"{right}/{judged} ({right / judged:.1%})" if judged else "0/0"


def worst_pages(results: list[PageResult], pages: Sequence[CorpusPage], count: int) -> str:
    by_id = {page.id: page for page in pages}
    shown = sorted((r for r in results if by_id[r.page_id].split != "test"), key=lambda r: r.score.f1)
    lines = [f"  {r.score.f1:.3f}  P {r.score.precision:.3f}  R {r.score.recall:.3f}  {r.page_id} "
             f"({by_id[r.page_id].kind}, {by_id[r.page_id].charset})" + (f"  ERROR {r.error}" if r.error else "")
             for r in shown[:count]]
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction.run", description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="corpus split to score; 'all' reports dev and test separately (default)")
    parser.add_argument("--lang", choices=("zh", "en"), help="only pages in this language")
    parser.add_argument("--corpus", help="corpus folder (default: $PALIMPSEST_CORPUS or ../shared/corpus/extraction)")
    parser.add_argument("--extractors", default=",".join(RUNNERS),
                        help=f"comma-separated, from: {', '.join(RUNNERS)}")
    parser.add_argument("--no-fixtures", action="store_true", help="leave out the seed-based fixture pages")
    parser.add_argument("--raw-gold", action="store_true",
                        help="score DAnIEL pages against their gold as given, headline line included "
                             "(default: the headline is the gold title, the rest the gold body)")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="also list palimpsest's N worst pages (dev and fixtures only: test is not for reading)")
    parser.add_argument("--per-page", metavar="PATH", help="write per-page scores as JSON Lines to PATH")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="time each page N times and keep its fastest (steadier pages/second)")
    parser.add_argument("--no-write", action="store_true", help="do not write the summary under results/")
    return parser.parse_args(argv)


def choose_runners(spec: str) -> list[Runner]:
    names = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in names if name not in RUNNERS]
    if unknown:
        raise SystemExit(f"unknown extractor {', '.join(unknown)}: choose from {', '.join(RUNNERS)}")
    chosen = []
    for name in names:
        if RUNNERS[name].available():
            chosen.append(RUNNERS[name])
        else:
            print(f"skipping {name}: module {RUNNERS[name].requires} is not installed", file=sys.stderr)
    return chosen


def groups(pages: Sequence[CorpusPage], split: str) -> list[tuple[str, set[str]]]:
    """(heading, page ids) for each table: one per split and language, then the fixtures."""
    splits = ("dev", "test") if split == "all" else (split,)
    found = []
    for name in (*splits, "fixtures"):
        for lang in ("zh", "en"):
            ids = {p.id for p in pages if p.split == name and p.lang == lang}
            if ids:
                found.append((f"{name} / {lang}", ids))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    runners = choose_runners(args.extractors)
    try:
        pages = load(args.corpus, split=args.split, lang=args.lang, raw_gold=args.raw_gold)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.no_fixtures and args.lang in (None, "zh"):
        pages += [fixture.as_corpus_page() for fixture in load_fixtures()]
    if not pages or not runners:
        print("error: nothing to run (no pages or no extractors)", file=sys.stderr)
        return 2
    print(f"{len(pages)} pages (corpus {corpus_dir(args.corpus)} and fixtures), "
          f"extractors: {', '.join(r.name for r in runners)}", file=sys.stderr)

    inputs = prepare_inputs(pages)
    results: dict[str, list[PageResult]] = {}
    for runner in runners:
        start = time.perf_counter()
        results[runner.name] = run_extractor(runner, pages, inputs, args.repeat)
        print(f"  {runner.name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)

    report, summary = render(results, pages, args)
    print(report)
    if args.worst and "palimpsest" in results:
        print(f"\npalimpsest's {args.worst} worst pages (dev + fixtures):")
        print(worst_pages(results["palimpsest"], pages, args.worst))
    if args.per_page:
        write_per_page(Path(args.per_page), results)
    if not args.no_write:
        written = write_summary(report, summary, args)
        print(f"\nwrote {written[0]} and {written[1]}", file=sys.stderr)
    return 0


def render(results: dict[str, list[PageResult]], pages: Sequence[CorpusPage],
           args: argparse.Namespace) -> tuple[str, dict]:
    sections, summary = [], {"tables": {}, "notes": {name: RUNNERS[name].note for name in results}}
    for heading, ids in groups(pages, args.split):
        rows = table_rows(results, ids)
        sections.append(f"### {heading}\n\n{markdown_table(rows)}")
        summary["tables"][heading] = [
            {"extractor": r.extractor, **{k: round(v, 4) for k, v in asdict(r.summary).items()},
             "pages_per_second": round(r.pages_per_second, 1),
             "ratio_vs_trafilatura": round(r.ratio_vs_baseline, 2) if r.ratio_vs_baseline else None,
             "errors": r.errors}
            for r in rows]
    kinds, summary["page_types"] = kind_table(results, pages)
    sections.append(f"### F1 by page type (mean/min)\n\n{kinds}")
    meta, summary["metadata"] = metadata_report(results, pages)
    if meta:
        sections.append(f"### Metadata\n\n{meta}")
    raised = {name: sum(1 for r in rows if r.error) for name, rows in results.items()}
    sections.append("### Pages that raised\n\n" + ", ".join(f"{n}: {c}" for n, c in raised.items()))
    summary["raised"] = raised
    summary["run"] = run_info(args)
    return "\n\n".join(sections), summary


def run_info(args: argparse.Namespace) -> dict:
    versions = {}
    for package in ("trafilatura", "readability-lxml", "resiliparse", "selectolax"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"split": args.split, "lang": args.lang, "when": datetime.now().astimezone().isoformat(timespec="seconds"),
            "python": platform.python_version(), "machine": platform.machine(), "versions": versions,
            "command": "python -m bench.extraction.run " + " ".join(sys.argv[1:])}


def write_summary(report: str, summary: dict, args: argparse.Namespace) -> tuple[Path, Path]:
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = f"summary-{args.split}" + (f"-{args.lang}" if args.lang else "")
    json_path, md_path = RESULTS_DIR / f"{stem}.json", RESULTS_DIR / f"{stem}.md"
    json_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    run = summary["run"]
    md_path.write_text(f"# Extraction benchmark ({run['split']})\n\n`{run['command']}` — {run['when']}, "
                       f"Python {run['python']}, {run['versions']}\n\n{report}\n", encoding="utf-8")
    return json_path, md_path


def write_per_page(path: Path, results: dict[str, list[PageResult]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for rows in results.values():
            for r in rows:
                out.write(json.dumps({"id": r.page_id, "extractor": r.extractor, **asdict(r.score),
                                      "seconds": r.seconds, "error": r.error, "title": r.title,
                                      "published": r.published}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
