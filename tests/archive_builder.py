"""Real archive files for the search, datasette and browser tests, built from the seed texts through the store's
write API, and a `palimpsest serve` subprocess on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from crawler.extract.repair import repair_pinyin
from store import Archive, CaptureRecord, SnapshotRecord

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

VERSIONED_URL = "http://news.example.cn/2020/0427/article.html"
TRADITIONAL_URL = "http://bx.example.com.cn/news/2020/0228.html"
SCRIPTED_URL = "http://evil.example.org/page.html"
GONE_URL = "http://news.example.cn/gone-a.html"
BACK_URL = "http://news.example.cn/gone-b.html"
MISSING_URL = "http://news.example.cn/missing.html"
INSERTED = "在确保安全的前提下，各单位要加快推进复工复产。"
DELETED_WORDS = "坚决担起央企责任,"
SCRIPT_MARK = "palimpsest-xss-ran"
SCRIPT_HTML = (f"<script>document.title='{SCRIPT_MARK}';console.log('{SCRIPT_MARK}');"
               f"window['{SCRIPT_MARK}']=1</script>")


@dataclass(frozen=True)
class SeedArticle:
    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def seed_article(prefix: str) -> SeedArticle:
    """A seed text as an article: pinyin annotations repaired (as extraction does), first long line as title."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = [repair_pinyin(" ".join(line.split())) for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if len(line) >= 10]
    return SeedArticle(lines[0], tuple(line for line in lines[1:] if len(line) >= 20))


def three_versions() -> list[SeedArticle]:
    """Seed 001 as published, then with a paragraph inserted, then with words deleted from another."""
    base = seed_article("001")
    first = list(base.paragraphs)
    second = [*first[:2], INSERTED, *first[2:]]
    target = next(i for i, p in enumerate(second) if DELETED_WORDS in p)
    third = list(second)
    third[target] = third[target].replace(DELETED_WORDS, "", 1)
    return [SeedArticle(base.title, tuple(p)) for p in (first, second, third)]


def _page_html(article: SeedArticle, extra: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in article.paragraphs)
    return f"<html><head><title>{article.title}</title></head><body>{extra}<h1>{article.title}</h1>" \
           f"{paragraphs}</body></html>".encode()


def _store(archive: Archive, url: str, article: SeedArticle, at: str, *, source: str = "seeds",
           extra_html: str = "") -> None:
    capture = CaptureRecord(url=url, fetched_at=at, outcome="ok", status=200, body=_page_html(article, extra_html),
                            content_type="text/html; charset=utf-8", charset="utf-8", source=source,
                            headers=(("Content-Type", "text/html; charset=utf-8"), ("Server", "test")))
    archive.record(capture, SnapshotRecord(title=article.title, text=article.text, language="zh"))


def ago(days: float, hours: float = 0) -> str:
    """An ISO 8601 UTC time this long before now (the canned queries look back from now)."""
    at = datetime.now(UTC) - timedelta(days=days, hours=hours)
    return at.isoformat(timespec="seconds").replace("+00:00", "Z")


def build_archive(path: Path) -> Path:
    """An archive with: a page in three versions (simplified), a traditional page, a page with a script,
    a page that went away, one that went away and came back, and a failed capture."""
    with Archive(path) as archive:
        for i, article in enumerate(three_versions()):
            _store(archive, VERSIONED_URL, article, ago(5 - i))
        _store(archive, TRADITIONAL_URL, seed_article("000"), ago(4, 1), source="benxi")
        scripted = SeedArticle(f"Archived page with a script {SCRIPT_HTML}",
                               (f"这篇存档页面含有脚本 {SCRIPT_HTML} 不应运行。", "第二段：疫情防控。"))
        _store(archive, SCRIPTED_URL, scripted, ago(3, 2), source="evil", extra_html=SCRIPT_HTML)
        for url, back in ((GONE_URL, False), (BACK_URL, True)):
            article = SeedArticle(f"将要删除的文章 {url[-6:]}", ("这篇文章后来被删除了。",))
            _store(archive, url, article, ago(3, 1))
            archive.record(CaptureRecord(url=url, fetched_at=ago(2, 5), outcome="gone", status=404, source="seeds"))
            if back:
                _store(archive, url, article, ago(1, 5))
        archive.record(CaptureRecord(url=MISSING_URL, fetched_at=ago(2, 1), outcome="error", status=404,
                                     error="http_404", source="seeds"))
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(db: Path, *extra: str, host: str = "127.0.0.1") -> Iterator[str]:
    """`palimpsest serve` on `db` as a real subprocess; yields its base URL once it answers.
    Its stderr goes to serve.log next to `db`."""
    config = db.parent / "config.toml"
    if not config.exists():
        config.write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    host_args = [] if host == "127.0.0.1" else ["--host", host]
    log = (db.parent / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port),
                             *host_args, *extra], cwd=db.parent, env=env, stdout=log, stderr=log, text=True)
    base = f"http://{host}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"palimpsest serve exited: {(db.parent / 'serve.log').read_text()}")
            try:
                httpx.get(base + "/-/versions.json", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
