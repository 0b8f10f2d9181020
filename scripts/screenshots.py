"""Take the README's screenshots: search results and the diff view, in headless Chromium (Debian's package).

    .venv/bin/python scripts/screenshots.py [--out docs]

Builds a small archive from the seed texts (the same one the tests use: an article in three versions, a
traditional-Chinese article), starts `palimpsest serve` on a free port, and writes docs/search.png and
docs/diff.png.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.archive_builder import VERSIONED_URL, build_archive, serving  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def take(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = {
        "search.png": "/archive/search?" + urlencode({"q": "复工"}),
        "search-table.png": "/archive/snapshots?" + urlencode({"_search": "疫情", "_col": ["url", "version", "title"]},
                                                              doseq=True),
        "diff.png": "/-/diff?" + urlencode({"url": VERSIONED_URL, "from": 1, "to": 3}),
    }
    written = []
    with tempfile.TemporaryDirectory(prefix="palimpsest-shots-") as tmp, \
            serving(build_archive(Path(tmp) / "archive.db")) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800}, locale="zh-CN", device_scale_factor=1)
        for name, path in shots.items():
            page.goto(base + path)
            # The table page lists its column descriptions first; start the picture at its search form.
            page.evaluate("() => document.querySelector('form.filters')?.scrollIntoView()")
            page.screenshot(path=out / name, full_page=False)
            written.append(out / name)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    for path in take(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
