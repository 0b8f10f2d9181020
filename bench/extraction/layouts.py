"""Layout robustness: does the article survive the furniture other sites put around it?

    python -m bench.extraction.layouts [--lang zh|en] [--corpus PATH] [--extractors palimpsest-text,...]

The corpus's sites are few; the sites palimpsest will meet are many. Each dev page (and each
seed-based fixture) is rebuilt the ways other sites lay out the same article, and scored against
its own gold as the unchanged page is:

- comments: eight readers' comments of real prose (other pages' paragraphs) after the page;
- comment-table: the same with no class names, under a heading (网友评论, "8 Responses to …"), each
  comment's dated header in a row (网友：读者1 时间：2012-01-11 10:21) or a line of its own;
- sidebar: a 推荐阅读 / "You may also like" box of six headline links, each with its teaser;
- comment-lines: the same with no heading either, each comment a line of its writer and time, then its text;
- long-comments: thirty of those, which outweigh the whole page but them;
- teasers: eight linked headlines, each with its summary cut short (…), after the page, no heading over them;
- related-inline: a 相关阅读 box of three links set in before the article's middle paragraph;
- related-atop: a 相关专题 box of two unlinked teasers set in before its first paragraph;
- layout-table: the whole page inside one row of a layout table (as 2005 portals were);
- wrapped: each <p>…</p> inside <section><section>, as WeChat's editor sets every paragraph;
- page-form: the whole page inside one <form action="/comment/post.asp">, as old sites wrapped their
  layout to post the comment box at its end (the parser may close it early, at a column of the layout);
- gov-footer: a government site's footer of punctuated fields (主办：… 承办：…, 网站标识码, 技术支持：…, a
  visitor counter) in one cell after a Chinese page;
- data-table: a notice's table of names (序号 | 单位 | 姓名 | 职务, thirty rows) right after the article's
  middle line, its rows added to the gold;
- gbk, big5: the page re-encoded as GB18030 or Big5 (Big5 after conversion to traditional
  characters, gold too), its own charset declaration removed (a test of the extractors given bytes:
  the others are handed it decoded).

Only dev and fixture pages: finding the article's paragraphs reads the gold, which for test pages
is not done. Prints, per layout and extractor, the mean F1 before and after and the pages whose F1
fell by COLLAPSE or more.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.extraction.corpus import CorpusError, CorpusPage, load
from bench.extraction.fixtures import load_fixtures
from bench.extraction.runners import RUNNERS, Runner
from bench.extraction.score import score
from store import hanzi

COLLAPSE = 0.25  # a page whose F1 falls this much lost its article, or most of it
_CHARSET_META = re.compile(r"<meta[^>]+charset[^>]*>", re.I)
_BODY_OPEN = re.compile(r"<body[^>]*>", re.I)
_BODY_CLOSE = re.compile(r"</body\s*>", re.I)
_HEAD_OPEN = re.compile(r"<head[^>]*>", re.I)
_PARAGRAPH_START = re.compile(r"<(?:p|br|div|td)\b", re.I)

# A layout: (page, its decoded text, donor paragraphs) -> (new page text, gold), or None where it cannot apply.
Layout = Callable[[CorpusPage, str, list[str]], "tuple[str, str] | None"]


def _before_body_end(html: str, block: str) -> str:
    ends = list(_BODY_CLOSE.finditer(html))
    at = ends[-1].start() if ends else len(html)
    return html[:at] + block + html[at:]


def _before_gold_line(html: str, gold: str, which: int, block: str) -> str | None:
    """`block` set in right before the tag that opens the gold's `which`-th long line, or None."""
    lines = [line for line in gold.splitlines() if len(line) > 20]
    if len(lines) < 3 and which:
        return None
    found = html.find(lines[which][:12]) if lines else -1
    if found < 0:
        return None
    opening = max((m.start() for m in _PARAGRAPH_START.finditer(html, max(0, found - 400), found)), default=-1)
    return html[:opening] + block + html[opening:] if opening >= 0 else None


def comments(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    heading, who = ("网友评论", "网友{} 发表于 2012-01-1{} 10:20") if page.lang == "zh" else \
        ("Comments", "reader{} on Nov 1{}, 2019 at 10:20 pm")
    items = "".join(f"<div class='comment'><div class='c_info'>{who.format(n, n)}</div><p>{text}</p></div>"
                    for n, text in enumerate(donors[:8]))
    return _before_body_end(html, f"<div class='comments'><h3>{heading}</h3>{items}</div>"), page.gold_text


def comment_table(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    """Readers' comments with no class name to tell them: a heading, then each comment's dated header and its
    text, in rows of a table (2005 portals) or items of a list (a WordPress theme)."""
    if page.lang == "zh":
        rows = "".join(f"<tr><td>网友：读者{n} 时间：2012-01-1{n} 10:2{n}</td></tr><tr><td>{text}</td></tr>"
                       for n, text in enumerate(donors[:8]))
        return _before_body_end(html, f"<table width=100%><tr><td><b>网友评论</b></td></tr>{rows}</table>"), \
            page.gold_text
    items = "".join(f"<li><div><cite>reader{n}</cite> says:</div><div>November 1{n}, 2019 at 10:2{n} pm</div>"
                    f"<p>{text}</p></li>" for n, text in enumerate(donors[:8]))
    return _before_body_end(html, f"<h3>8 Responses to “This story”</h3><ol>{items}</ol>"), page.gold_text


def comment_lines(page: CorpusPage, html: str, donors: list[str], count: int = 8) -> tuple[str, str]:
    """Readers' comments with no heading and no class name: each a line of its writer and time, then its text."""
    stamp = "2012-01-1{d} 10:2{d}" if page.lang == "zh" else "November 1{d}, 2019 at 10:2{d} pm"
    who = "读者{n}" if page.lang == "zh" else "reader{n}"
    texts = (donors * (count // len(donors) + 1))[:count] if donors else []
    items = "".join(f"<div><span>{who.format(n=n)}</span> <span>{stamp.format(d=n % 10)}</span></div><div>{text}</div>"
                    for n, text in enumerate(texts))
    return _before_body_end(html, f"<div>{items}</div>"), page.gold_text


def long_comments(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    """Thirty such comments (the donor's lines again, in turn): they outweigh the whole page but them."""
    return comment_lines(page, html, donors, count=30)


def teasers(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    """A list of eight teasers after the page and no heading over it: each a linked headline and a summary
    cut short (…), as portals list their other stories."""
    items = "".join(f"<li><a href='/n/{n}.html'>{text[:18]}</a><p>{text[18:110]}…</p></li>"
                    for n, text in enumerate(donors[:8]))
    return _before_body_end(html, f"<ul>{items}</ul>"), page.gold_text


def _names_table(lang: str) -> tuple[str, str]:
    """A table of data as notices list their names (a heading row, then thirty rows of short cells), and
    its text, a row to a line."""
    head, row = (("序号", "单位", "姓名", "职务"), ("{n}", "第{n}工程公司", "张{n}明", "项目经理")) if lang == "zh" \
        else (("No.", "Company", "Name", "Role"), ("{n}", "Works {n} Ltd", "John Smith{n}", "manager"))
    rows = [head, *(tuple(cell.format(n=n) for cell in row) for n in range(1, 31))]
    table = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>" for cells in rows)
    return f"<table border=1>{table}</table>", "\n".join(" ".join(cells) for cells in rows)


def data_table(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str] | None:
    """A notice's table of names (现将名单公示如下：) set in right after the text of the article's middle line,
    in that line's own container; the gold gains its rows."""
    lines = [line for line in page.gold_text.splitlines() if len(line) > 20]
    body = _BODY_OPEN.search(html)
    found = html.find(lines[len(lines) // 2][-12:], body.end() if body else 0) if lines else -1
    at = html.find("<", found) if found >= 0 else -1
    if at < 0:
        return None
    if closing := _PARAGRAPH_END.match(html, at):  # (after the paragraph: a table cannot sit in a <p>)
        at = closing.end()
    table, text = _names_table(page.lang)
    return html[:at] + table + html[at:], f"{page.gold_text}\n{text}"


_PARAGRAPH_END = re.compile(r"</p\s*>", re.I)


_GOVERNMENT_FOOTER = ("主办：某某省人民政府国有资产监督管理委员会　承办：某某省国资委办公室",
                      "地址：某某省某某市人民路100号　邮编：450000　联系电话：0371-12345678",
                      "网站标识码：4100000001　豫ICP备12345678号-1　豫公网安备41010502000001号",
                      "技术支持：某某信息技术有限公司　建议使用1024×768分辨率、IE9.0以上版本浏览本网站",
                      "本网站所刊登的各种信息，除注明来源外，版权归本网站所有，未经书面授权不得转载。",
                      "您是本站第123456位访客")


def government_footer(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str] | None:
    """A government site's footer, lines of punctuated fields in one cell (主办：… 承办：…, its address, 网站标识码,
    技术支持, a copyright notice, a visitor counter), after the page."""
    if page.lang != "zh":
        return None
    footer = f"<div class='bottom'><table width=100%><tr><td>{'<br>'.join(_GOVERNMENT_FOOTER)}</td></tr></table></div>"
    return _before_body_end(html, footer), page.gold_text


def page_form(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    """The whole page in one form that posts the comment box at its end (an old site's layout): the parser
    may close it early, at a column or a table of the layout."""
    opened = _BODY_OPEN.sub(lambda m: m.group(0) + '<form name="form1" method="post" action="/comment/post.asp">',
                            html, count=1)
    return _before_body_end(opened, "</form>"), page.gold_text


def sidebar(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    heading = "推荐阅读" if page.lang == "zh" else "You may also like"
    items = "".join(f"<li><a href='/n/{n}.html'>{text[:18]}</a><p>{text[18:90]}…</p></li>"
                    for n, text in enumerate(donors[:6]))
    return _before_body_end(html, f"<div class='side'><h3>{heading}</h3><ul>{items}</ul></div>"), page.gold_text


def related_inline(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str] | None:
    heading = "相关阅读" if page.lang == "zh" else "Related articles"
    links = "".join(f"<li><a href='/a/{n}.html'>{text[:20]}</a></li>" for n, text in enumerate(donors[:3]))
    lines = [line for line in page.gold_text.splitlines() if len(line) > 20]
    box = f"<div class='related'><strong>{heading}</strong><ul>{links}</ul></div>"
    changed = _before_gold_line(html, page.gold_text, len(lines) // 2, box)
    return (changed, page.gold_text) if changed else None


def related_atop(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str] | None:
    if page.lang != "zh":
        return None
    teasers = "".join(f"<p>{text[:60]}。</p>" for text in donors[:2])
    changed = _before_gold_line(html, page.gold_text, 0, f"<div class='xgzt'><h3>相关专题</h3>{teasers}</div>")
    return (changed, page.gold_text) if changed else None


def layout_table(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    opened = _BODY_OPEN.sub(lambda m: m.group(0) + "<table width=100%><tr><td>", html, count=1)
    return _before_body_end(opened, "</td></tr></table>"), page.gold_text


_PARAGRAPH = re.compile(r"(<p\b[^>]*>.*?</p\s*>)", re.I | re.S)


def wrapped(page: CorpusPage, html: str, donors: list[str]) -> tuple[str, str]:
    return _PARAGRAPH.sub(r"<section><section>\1</section></section>", html), page.gold_text


def _declared(html: str, charset: str) -> str:
    return _HEAD_OPEN.sub(lambda m: m.group(0) + f'<meta charset="{charset}">', _CHARSET_META.sub("", html), count=1)


LAYOUTS: dict[str, tuple[Layout, str | None]] = {  # name: (layout, the codec of the rebuilt page: None is UTF-8)
    "comments": (comments, None),
    "comment-table": (comment_table, None),
    "comment-lines": (comment_lines, None),
    "long-comments": (long_comments, None),
    "sidebar": (sidebar, None),
    "teasers": (teasers, None),
    "related-inline": (related_inline, None),
    "related-atop": (related_atop, None),
    "layout-table": (layout_table, None),
    "wrapped": (wrapped, None),
    "page-form": (page_form, None),
    "data-table": (data_table, None),
    "gov-footer": (government_footer, None),
    "gbk": (lambda page, html, donors: (_CHARSET_META.sub("", html), page.gold_text), "gb18030"),
    "big5": (lambda page, html, donors: (hanzi.convert(_CHARSET_META.sub("", html), "zh-tw"),
                                         hanzi.convert(page.gold_text, "zh-tw")), "big5"),
}


def rebuilt(page: CorpusPage, name: str, donors: list[str]) -> tuple[bytes, str, str] | None:
    """The page laid out as `name` says: (bytes, the same decoded, gold), or None where it does not apply."""
    layout, codec = LAYOUTS[name]
    if codec and page.lang != "zh":
        return None
    result = layout(page, page.text(), donors)
    if result is None:
        return None
    html, gold = result
    if codec is None:
        html = _declared(html, "utf-8")
    body = html.encode(codec or "utf-8", errors="replace")
    return body, body.decode(codec or "utf-8", errors="replace"), gold


def _f1(runner: Runner, body: bytes, text: str, page: CorpusPage, gold: str) -> float:
    try:
        extraction = runner.run(body if runner.given == "bytes" else text, page)
    except Exception:  # (a page that raises scores 0, as in the main benchmark)
        return 0.0
    return score(extraction.text, gold).f1


@dataclass(frozen=True)
class LayoutRow:
    layout: str
    extractor: str
    pages: int
    before: float  # mean F1 of the pages as they are
    after: float  # ...and as rebuilt
    collapsed: list[str]  # the pages that lost COLLAPSE or more


def _donor_texts(pools: dict[str, list[CorpusPage]], page: CorpusPage, rng: random.Random) -> list[str]:
    """The long gold lines of another page in the page's language (readers' comments, teasers)."""
    others = [other for other in pools.get(page.lang, []) if other.id != page.id]
    donor = rng.choice(others) if others else page
    return [line for line in donor.gold_text.splitlines() if len(line) > 40]


def measure(pages: Sequence[CorpusPage], runners: Sequence[Runner], names: Sequence[str]) -> list[LayoutRow]:
    rows = []
    unchanged: dict[tuple[str, str], float] = {}  # (extractor, page): F1 of the page as it is
    pools: dict[str, list[CorpusPage]] = {}
    for page in pages:
        if len(page.gold_text) > 800:
            pools.setdefault(page.lang, []).append(page)
    for name in names:
        for runner in runners:
            rng = random.Random(16)  # (the same donors for every extractor)
            before, after, collapsed = [], [], []
            for page in pages:
                laid_out = rebuilt(page, name, _donor_texts(pools, page, rng))
                if laid_out is None:
                    continue
                body, text, gold = laid_out
                if (runner.name, page.id) not in unchanged:
                    unchanged[runner.name, page.id] = _f1(runner, page.body, page.text(), page, page.gold_text)
                before.append(unchanged[runner.name, page.id])
                after.append(_f1(runner, body, text, page, gold))
                if before[-1] - after[-1] >= COLLAPSE:
                    collapsed.append(page.id)
            if before:
                rows.append(LayoutRow(name, runner.name, len(before), sum(before) / len(before),
                                      sum(after) / len(after), collapsed))
    return rows


def table(rows: list[LayoutRow]) -> str:
    lines = ["| layout | extractor | pages | mean F1 before | after | pages that lost ≥ 0.25 |",
             "|---|---|---:|---:|---:|---:|"]
    lines += [f"| {r.layout} | {r.extractor} | {r.pages} | {r.before:.3f} | {r.after:.3f} | {len(r.collapsed)} |"
              for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction.layouts", description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=("zh", "en"), help="only pages in this language")
    parser.add_argument("--corpus", help="corpus folder (default: $PALIMPSEST_CORPUS or ../shared/corpus/extraction)")
    parser.add_argument("--extractors", default="palimpsest,trafilatura,readability",
                        help="comma-separated runner names (the gbk and big5 layouts test only those given bytes)")
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="comma-separated, from: " + ", ".join(LAYOUTS))
    parser.add_argument("--show", action="store_true", help="list the pages that lost their article")
    args = parser.parse_args(argv)
    extractors, names = args.extractors.split(","), args.layouts.split(",")
    for kind, given, known in (("extractor", extractors, RUNNERS), ("layout", names, LAYOUTS)):
        if unknown := [name for name in given if name not in known]:
            print(f"error: unknown {kind} {', '.join(unknown)} (known: {', '.join(known)})", file=sys.stderr)
            return 2
    try:
        pages = [*load(args.corpus, split="dev"), *(f.as_corpus_page() for f in load_fixtures())]
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    pages = [page for page in pages if not args.lang or page.lang == args.lang]
    rows = measure(pages, [RUNNERS[name] for name in extractors if RUNNERS[name].available()], names)
    print(table(rows))
    if args.show:
        for row in rows:
            if row.collapsed:
                print(f"{row.layout} / {row.extractor}: {' '.join(row.collapsed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
