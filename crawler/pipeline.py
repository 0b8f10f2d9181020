"""One URL through fetch → extract → store. Shared by `fetch`, `crawl` and the daemon."""

from __future__ import annotations

from dataclasses import dataclass, replace

from crawler.config import Config, Source
from crawler.extract import Article, extract
from crawler.fetch import Fetcher, FetchResult
from store import Archive, CaptureRecord, SnapshotRecord

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class PageResult:
    """What became of one URL: the change it made to the archive, or why it failed."""

    url: str
    change: str  # new, changed, unchanged, gone, back, none
    version: int | None = None
    article: Article | None = None
    error: str | None = None  # reason code of the final attempt
    detail: str | None = None
    status: int | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def describe(self) -> str:
        return f"{self.url}: {self.error}" + (f" ({self.detail})" if self.detail else "")


class Pipeline:
    def __init__(self, config: Config, archive: Archive, fetcher: Fetcher) -> None:
        self.config, self.archive, self.fetcher = config, archive, fetcher

    async def process(self, url: str, *, source: Source | None = None, run_id: int | None = None,
                      require_article: bool = False) -> PageResult:
        etag, last_modified = self.archive.validators(url)
        result = await self.fetcher.fetch(url, etag=etag, last_modified=last_modified)
        return self.store(result, source=source, run_id=run_id, require_article=require_article)

    def store(self, result: FetchResult, *, source: Source | None = None, run_id: int | None = None,
              require_article: bool = False) -> PageResult:
        """Classify one final fetch result, extract it when it is a page, and record it."""
        base = _capture(result, source, run_id)
        if result.error is not None:
            outcome = "gone" if result.status in (404, 410) else "error"
            stored = self.archive.record(replace(base, outcome=outcome))
            return PageResult(result.url, stored.change, stored.version, error=result.error,
                              detail=result.detail, status=result.status)
        if result.not_modified:
            stored = self.archive.record(replace(base, outcome="not_modified"))
            return PageResult(result.url, stored.change, stored.version, status=304)
        if result.media_type not in HTML_TYPES and result.media_type is not None:
            return self._not_html(result, base)
        article = extract(result.body or b"", result.final_url or result.url, content_type=result.content_type,
                          rules=source.rules if source else None, timezone=self.config.extract.timezone)
        capture = replace(base, outcome="ok", charset=article.charset, charset_source=article.charset_source)
        if not article.paragraphs:
            stored = self.archive.record(replace(capture, outcome="empty", error="empty"))
            return PageResult(result.url, stored.change, stored.version, article, "empty",
                              "no article text found", result.status)
        stored = self.archive.record(capture, _snapshot(article))
        return PageResult(result.url, stored.change, stored.version, article, status=result.status)

    def _not_html(self, result: FetchResult, base: CaptureRecord) -> PageResult:
        keep = result.media_type in self.config.fetch.store_raw_types
        capture = replace(base, outcome="raw" if keep else "not_html", error=None if keep else "not_html",
                           body=result.body if keep else None)
        stored = self.archive.record(capture)
        error = None if keep else "not_html"
        return PageResult(result.url, stored.change, stored.version, error=error,
                          detail=f"content type {result.media_type}", status=result.status)


def _capture(result: FetchResult, source: Source | None, run_id: int | None) -> CaptureRecord:
    return CaptureRecord(
        url=result.url, fetched_at=result.fetched_at, outcome="ok", status=result.status, error=result.error,
        error_detail=result.detail, final_url=result.final_url, attempt=result.attempt,
        duration_ms=round(result.duration * 1000), body=result.body, content_type=result.content_type,
        etag=result.header("etag"), last_modified=result.header("last-modified"), headers=result.headers,
        source=source.name if source else None, run_id=run_id,
    )


def _snapshot(article: Article) -> SnapshotRecord:
    return SnapshotRecord(title=article.title, text=article.text, published=article.published,
                          author=article.author, source=article.source, language=article.language,
                          warnings=article.warnings)
