"""Article extraction: page bytes (or text) in, an `Article` out.

The one code path for `palimpsest extract`, `fetch`, `crawl` and the daemon. The body is found by
`body.py` (heuristics in `heuristics.py`) and its text lines chosen by `selection.py`; the date by `dates.py`
and `published.py`, author and source by `bylines.py`, the title by `titles.py` (its parts) and `headline.py`
(the line it names), all reading `markup.py`'s facts first; text repaired by `repair.py`. What comes out is
`article.py`'s `Article`. `extractor.py` runs them in order and chooses among what they find. Site rules, when a
source has them, win over all of it.

The names of `extractor.py` (`extract`, `Article`, ...) are read from it on first use, not when the package is:
importing it compiles the patterns of every module above (a quarter of a second), and a crawl's own process
needs none of them (its parsing workers extract), only light modules of this package (`article.py` for the
`Article`s the workers send back, `pages.py`, `repair.py`).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["Article", "Image", "SiteRules", "extract", "extract_html", "to_json", "to_reference_format"]


def __getattr__(name: str) -> object:
    # (A submodule's name is the import system asking before it imports that submodule: not the extractor's.)
    if name.startswith("__") or Path(__file__).with_name(f"{name}.py").is_file():
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from crawler.extract import extractor

    return getattr(extractor, name)
