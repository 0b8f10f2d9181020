"""Charset decoding of Chinese pages whose declaration is missing or wrong, against the decoders peers use.

    python -m bench.charset.run [--corpus PATH]

Pages: every Chinese page of the extraction corpus's dev split, decoded with the corpus charset and
encoded again as GB18030 and as Big5 (Big5 only for pages whose text Big5 can hold), its <meta> charset
removed and then declared three ways: not at all, rightly, and as the other Chinese charset (Big5 bytes
labelled gb2312, GBK bytes labelled big5; template sites do this). A decoder is right on a page when its
text is exactly the page's text. Decoders, all given the same bytes and no HTTP header:

- palimpsest: crawler.charset.decode, what fetch and extract use
- trafilatura: trafilatura.utils.decode_file (UTF-8, else its detector's guesses in order)
- charset-normalizer: from_bytes(...).best(), the detector most Python tools use, alone
- meta: the <meta> label, else windows-1252 (a browser without sniffing)
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

import charset_normalizer

from bench.extraction.corpus import corpus_available, corpus_dir, load
from crawler.charset import as_browsers_read, charset_from_meta, decode, normalize_label

_META = re.compile(r"<meta[^>]*charset[^>]*>", re.I)
_HEAD = re.compile(r"<head[^>]*>", re.I)
LABELS = {"gb18030": "gb2312", "big5hkscs": "big5"}
SWAPPED = {"gb18030": "big5", "big5hkscs": "gb2312"}


def _palimpsest(body: bytes) -> str:
    return decode(body).text


def _trafilatura(body: bytes) -> str:
    from trafilatura.utils import decode_file

    return decode_file(body)


def _charset_normalizer(body: bytes) -> str:
    best = charset_normalizer.from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


def _meta(body: bytes) -> str:
    return body.decode(normalize_label(charset_from_meta(body)) or "cp1252", "replace")


DECODERS: dict[str, Callable[[bytes], str]] = {
    "palimpsest": _palimpsest, "trafilatura": _trafilatura,
    "charset-normalizer": _charset_normalizer, "meta": _meta,
}


def cases(corpus: str | None) -> list[tuple[str, str, bytes, str]]:
    """(charset, declaration, page bytes, the text they hold) for every page, charset and declaration."""
    made = []
    for page in load(corpus, split="dev", lang="zh"):
        text = _META.sub("", page.text())
        for charset in ("gb18030", "big5hkscs"):
            try:
                body = text.encode(charset)
            except UnicodeEncodeError:
                continue  # simplified text Big5 cannot hold: no such page is served as Big5
            for declared, label in (("none", None), ("right", LABELS[charset]), ("swapped", SWAPPED[charset])):
                labelled = body if label is None else _declare(text, label).encode(charset)
                # (the text a browser shows for those bytes: Python's codecs read a few codes otherwise, A145 as
                # • for ‧, GBK's A3A0 as a private-use character for a full-width space; see crawler/charset_whatwg.py)
                made.append((charset, declared, labelled, as_browsers_read(labelled, charset)))
    return made


def _declare(html: str, label: str) -> str:
    meta = f'<meta charset="{label}">'
    if (head := _HEAD.search(html)) is None:
        return meta + html
    return html[:head.end()] + meta + html[head.end():]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", help="extraction corpus folder "
                        "(default: $PALIMPSEST_CORPUS or ../shared/corpus/extraction)")
    args = parser.parse_args(argv)
    if not corpus_available(args.corpus):
        parser.error(f"no extraction corpus at {corpus_dir(args.corpus)}")
    made = cases(args.corpus)
    groups = sorted({(charset, declared) for charset, declared, _, _ in made})
    print(f"{len(made)} pages (dev Chinese pages x charset x declaration)\n")
    print("| decoder | " + " | ".join(f"{c} {d}" for c, d in groups) + " | all | pages/s |")
    print("|---|" + "---:|" * (len(groups) + 2))
    for name, decoder in DECODERS.items():
        right: dict[tuple[str, str], list[bool]] = {group: [] for group in groups}
        started = time.perf_counter()
        for charset, declared, body, expected in made:
            right[(charset, declared)].append(decoder(body) == expected)
        seconds = time.perf_counter() - started
        shares = [f"{sum(v)}/{len(v)}" for v in right.values()]
        total = sum(sum(v) for v in right.values())
        print(f"| {name} | " + " | ".join(shares) + f" | {total / len(made):.1%} | {len(made) / seconds:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
