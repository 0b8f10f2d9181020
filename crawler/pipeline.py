"""One URL through fetch → extract → store. Shared by `fetch`, `crawl` and the daemon.

Every attempt the fetcher makes becomes a capture row; the last one decides what happened to the page:
a new or changed version, unchanged (also after a 304), gone (404/410, a redirect to the site's home
page, or a "page not found" page served with 200), back, or a failure with its reason code (`blocked`: a
firewall's page served in the page's place).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

from crawler.attachments import attachment_urls, is_attachment, offered_urls, served_extension
from crawler.config import Config, FetchConfig, Source
from crawler.discover import scope_of
from crawler.discover.urls import canonical_url, choose_canonical, column_above, host_of, same_host
from crawler.errors import ParseTimeout, WorkerDied
from crawler.extract.article import Article
from crawler.extract.pages import link_marks, may_have_scripted_pages
from crawler.fetch import Fetcher, FetchResult
from crawler.fetch.body import ends_document
from crawler.fetch.client import Refusal
from crawler.fetch.sniff import HTML_TYPES, sniff_media_type
from crawler.workers import Workers
from store import Archive, CaptureRecord, SnapshotRecord, StoreError, StoreOutcome
from store.archive import KeptPage, normalize_text, reading_identity
from store.bodies import sha256_hex
from store.revisits import schedule
from store.times import utcnow

log = logging.getLogger("palimpsest.pipeline")
_HOME_PATH = re.compile(r"^/?((index|default|home)\.\w+)?$", re.I)
T = TypeVar("T")


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
    attempts: int = 1
    files: tuple[PageResult, ...] = ()  # what became of the attachments fetched with it (crawler/attachments.py)

    @property
    def failed(self) -> bool:
        return self.error is not None

    def describe(self) -> str:
        return f"{self.url}: {self.error}" + (f" ({self.detail})" if self.detail else "")


class PageWriter:
    """Records a run's pages from one worker thread, on a store connection of its own.

    SQLite (the full-text index above all), zlib and hashlib release the GIL, so one page's writing overlaps
    the fetching and extraction of the next ones. Each page is still one transaction; SQLite lets one
    connection write at a time, and the single thread keeps this connection's writes in order. Closing waits
    for a page being written, so it is finished, never cut short. With a revisit `ladder`, the final capture
    of a page also moves the page along it (`store.revisits.schedule`), in the same transaction.

    At most `backlog` writes wait their turn, and a crawl's fetcher awaits `wait_for_room` before each
    request: the run fetches no faster than it stores, and holds at most the backlog, and the pages fetched
    and not yet handed over, in memory.
    """

    def __init__(self, path: Path, ladder: Sequence[float] | None = None, backlog: int = 8) -> None:
        self.archive, self.ladder = Archive(path), ladder
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="palimpsest-store")
        self._backlog = asyncio.Semaphore(backlog)

    async def run(self, write: Callable[..., T], *args: object, **kwargs: object) -> T:
        """`write(*args, **kwargs)` in the writer's thread (it should use `self.archive`)."""
        async with self._backlog:
            return await asyncio.get_running_loop().run_in_executor(self._thread, partial(write, *args, **kwargs))

    async def wait_for_room(self) -> None:
        """Return once the backlog has room (a turn comes each time a waiting write is done)."""
        async with self._backlog:
            pass

    def record(self, capture: CaptureRecord, snapshot: SnapshotRecord | None = None, *,
               is_article: bool | None = None, final: bool = True) -> StoreOutcome:
        """`Archive.record` (in the writer's thread) and the revisit schedule of a final capture's page, in one
        transaction (a second one a page cost a commit of its own)."""
        with self.archive.writing():
            stored = self.archive.record_in_transaction(capture, snapshot, is_article=is_article)
            if final:
                self._move_along_ladder(capture.url, stored.change, capture.outcome)
        return stored

    def schedule_revisit(self, url: str, change: str, outcome: str | None) -> None:
        """Move the page along the revisit ladder (`store.revisits.schedule`), when there is one; a store that
        cannot be written raises `StoreError`, as a page's record does."""
        if self.ladder is not None:
            with self.archive.writing():
                self._move_along_ladder(url, change, outcome)

    def _move_along_ladder(self, url: str, change: str, outcome: str | None) -> None:
        if self.ladder is not None:
            schedule(self.archive.db, url, change, utcnow(), self.ladder, outcome)

    def close(self) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)
        self.archive.close()

    def __enter__(self) -> PageWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Pipeline:
    """`writer`: record pages through a `PageWriter` (a crawl) instead of `archive` in the calling thread.
    `workers`: extract in worker processes, with a time limit per page (a crawl), instead of in this thread."""

    def __init__(self, config: Config, archive: Archive, fetcher: Fetcher, writer: PageWriter | None = None,
                 workers: Workers | None = None) -> None:
        self.config, self.archive, self.fetcher, self.writer = config, archive, fetcher, writer
        self.workers = workers
        self.files_taken: set[tuple[int | None, str]] = set()  # (run, attachment) pairs fetched or being fetched

    def policy(self, source: Source | None) -> FetchConfig:
        return source.fetch_config(self.fetcher.config) if source else self.fetcher.config

    async def process(self, url: str, *, source: Source | None = None, run_id: int | None = None,
                      require_article: bool = False, fetched: FetchResult | None = None) -> PageResult:
        """Fetch `url` (conditionally, from its latest good capture), record every attempt, store the result;
        or store `fetched`, when this run has already downloaded the page.

        Never raises for one page: an unexpected failure is logged and returned as `internal_error`, and the
        page's transaction is rolled back, so the run goes on and nothing half-written stays.
        """
        try:
            if fetched is not None:  # already downloaded in this run (by discovery): store it as it came
                return await self.store(fetched, source=source, run_id=run_id, require_article=require_article)
            return await self._process(url, source=source, run_id=run_id, require_article=require_article)
        except (StoreError, sqlite3.DatabaseError):
            raise  # (the store cannot be written, or read: no page can be stored, so the run stops, saying why)
        except Exception as exc:
            log.exception("%s: unexpected error", url)
            return PageResult(url, "none", error="internal_error", detail=f"{type(exc).__name__}: {exc}")

    async def _process(self, url: str, *, source: Source | None, run_id: int | None,
                       require_article: bool, to_first_page: bool = True) -> PageResult:
        etag, last_modified = self.archive.validators(url)
        result = await self._final_attempt(url, source, run_id, etag=etag, last_modified=last_modified, kept="ok")
        return await self.store(result, source=source, run_id=run_id, require_article=require_article,
                                to_first_page=to_first_page)

    async def _final_attempt(self, url: str, source: Source | None, run_id: int | None,
                             etag: str | None = None, last_modified: str | None = None,
                             referer: str | None = None, kept: str | None = None, file: bool = False) -> FetchResult:
        """Fetch `url` until an attempt is final; each failed attempt that will be retried is on record. `kept`:
        the outcome (ok, part) of the page's copy kept before, which tells a body cut short (`Fetcher.attempts`).
        Its redirects stay within the source's scope (`redirect_scope`; a `file`'s within its deny alone)."""
        ends_document = partial(self._kept_ends_document, url, kept) if kept else None
        attempts = self.fetcher.attempts(url, etag=etag, last_modified=last_modified, policy=self.policy(source),
                                         referer=referer, kept_ends_document=ends_document,
                                         stay_in=redirect_scope(source, file))
        async for result in attempts:
            if not result.final:
                await self._record(replace(_capture(result, source, run_id), outcome="retried"), final=False)
                continue
            return result
        raise AssertionError("the fetcher yields a final attempt")  # pragma: no cover

    def _kept_ends_document(self, url: str, outcome: str) -> bool:
        kept = self.archive.kept_page(url, outcome)
        return kept is not None and ends_document(kept.body)

    async def store(self, result: FetchResult, *, source: Source | None = None, run_id: int | None = None,
                    require_article: bool = False, to_first_page: bool = True) -> PageResult:
        """Classify one final fetch result, extract it when it is a page, and record it. `to_first_page`: a
        later page of an article is recorded as a part and the article's first page processed instead."""
        base = _capture(result, source, run_id)
        if result.error is not None:
            return await self._failed(result, base)
        if result.not_modified:
            return await self._not_modified(result, base, source, run_id)
        if retired := _retired(result, base):
            return await self._gone(result, retired)
        media_type = sniff_media_type(result.body or b"", result.media_type)
        if media_type not in HTML_TYPES:
            return await self._not_html(result, base, media_type, source)
        try:
            article = await self._extract(result, source)
        except (ParseTimeout, WorkerDied) as exc:  # the page's extraction ran out of time, or crashed its worker
            return await self._unextracted(result, base, exc)
        capture = replace(base, url=declared_canonical(result, article), charset=article.charset,
                          charset_source=article.charset_source, article_score=article.article_score)
        if article.first_page and to_first_page and self.config.extract.article_pages > 1:
            # A later page of an article, linked on its own: the article is archived from its first page, this
            # page among its parts. (Once: a first page that redirects to a later one is stored as it comes.)
            await self._record(replace(capture, outcome="part"), is_article=False)
            return await self._process(article.first_page, source=source, run_id=run_id,
                                       require_article=require_article, to_first_page=False)
        if stand_in := _stand_in(article):  # (before soft_404: a firewall's page says nothing of the page being gone)
            code, detail = stand_in
            stored = await self._record(replace(capture, outcome="error", error=code, error_detail=detail))
            return PageResult(capture.url, stored.change, stored.version, article, code, detail, result.status,
                              result.attempt)
        if article.soft_404:
            capture = replace(capture, outcome="soft_404", error="soft_404",
                              error_detail="the page says it does not exist")
            return await self._gone(result, capture, article)
        if not article.paragraphs and article.sends_to \
                and (retired := sent_home(result.final_url or result.url, article.sends_to)):
            # (a page left in a retired one's place, sending the reader home by a refresh or a script)
            code = "redirect_home" if retired == "home page" else "redirect_column"
            capture = replace(capture, outcome="gone", error=code,
                              error_detail=f"the page sends its reader to the site's {retired} {article.sends_to}")
            return await self._gone(result, capture, article)
        if result.redirects and (elsewhere := self._redirected_elsewhere(capture.url, result, article)):
            stored = await self._record(replace(capture, outcome="error", error="redirected", error_detail=elsewhere))
            return PageResult(capture.url, stored.change, stored.version, article, "redirected", elsewhere,
                              result.status, result.attempt)
        # Only a page with no version yet must look like an article: a known article cut down to a short
        # notice ("该文已撤回") is exactly the edit the archive exists to record.
        looks_unlike = article.article_score < self.config.extract.article_threshold or not article.paragraphs
        if require_article and looks_unlike and not self.archive.latest_version(capture.url):
            stored = await self._record(replace(capture, outcome="not_article"), is_article=False)
            return PageResult(capture.url, stored.change, stored.version, article, status=result.status,
                              detail=f"not an article (score {article.article_score:.2f})", attempts=result.attempt)
        if not article.paragraphs:
            stored = await self._record(replace(capture, outcome="empty", error="empty"))
            return PageResult(capture.url, stored.change, stored.version, article, "empty",
                              "no article text found", result.status, result.attempt)
        if to_first_page:  # (else the first page its later one named: the article is archived under that address)
            capture = replace(capture, url=self._landed_page(result, capture.url))
        page = await self._store_article(result, capture, article, result.body or b"", source, run_id)
        return await self._with_attachments(page, page.article, source, run_id)

    def _landed_page(self, result: FetchResult, url: str) -> str:
        """The page an article fetched from `url` is archived under: the address a first fetch was redirected to
        within the site (a site linking both the old and the new address has one page of it; the old one is known
        by the redirect, `store.revisits.known`); `url` when it named its own canonical, or is a page with versions
        (a known page moved keeps its history under its address)."""
        if url != result.url or not result.redirects or not result.final_url:
            return url
        landed = canonical_url(result.final_url)
        if not landed or landed == url or not same_host(host_of(landed), host_of(url)) \
                or self.archive.latest_version(url):
            return url
        return landed

    async def _with_attachments(self, page: PageResult, article: Article | None, source: Source | None,
                                run_id: int | None) -> PageResult:
        """`page` with the files its article's text links fetched and kept (crawler/attachments.py): each once a
        run, one after another within one `deadline` in all (the rest wait for the next visit); a file that changed
        brings the article back to the first rung of the revisit ladder, as an edit of its text would."""
        policy = self.policy(source)
        if article is None or page.failed or not policy.attachments:
            return page
        links = attachment_urls(article.links, page.url, policy.attachments, len(article.links),
                                dict(article.named_files))
        offered = [url for url in offered_urls(article.offered_files, page.url) if url not in links]
        links += offered
        if source is not None and source.deny:
            scope = scope_of(source)
            links = [url for url in links if not scope.denied(url)]
        if len(links) > policy.max_attachments:
            log.warning("%s: %d attachments linked, the first %d fetched ([fetch] max_attachments)", page.url,
                        len(links), policy.max_attachments)
        files, started = [], time.monotonic()
        for url in links[:policy.max_attachments]:
            if (run_id, url) in self.files_taken or run_id is not None and self.archive.kept_in_run(url, run_id):
                continue  # (a form every notice of the run links)
            if time.monotonic() - started > policy.deadline:
                log.warning("%s: attachments left for the next visit after %.0f s", page.url, policy.deadline)
                break
            self.files_taken.add((run_id, url))
            if file := await self._attachment(url, source, run_id, referer=page.url, offered=url in offered):
                files.append(file)
        if any(file.change in ("new", "changed", "gone", "back") for file in files) and self.writer is not None:
            await self.writer.run(self.writer.schedule_revisit, page.url, "changed", None)
        return replace(page, files=tuple(files))

    async def _attachment(self, url: str, source: Source | None, run_id: int | None, referer: str,
                          offered: bool = False) -> PageResult | None:
        """Fetch one attachment (conditionally, from the capture that last kept it, with the article that links it
        as its Referer, as a browser asks for it) and keep its bytes as they came, whatever their type; a page of
        HTML in the file's place (a login, an error page) is not the file, and a redirect to the site's home page
        says it is gone. An `offered` one (its type unnamed) that the answer shows is no file of the kept types, and
        never was, is none: nothing is recorded (None). Never raises but for a store that cannot be written."""
        try:
            etag, last_modified = self.archive.file_validators(url)
            result = await self._final_attempt(url, source, run_id, etag=etag, last_modified=last_modified,
                                               referer=referer, file=True)
            base = _capture(result, source, run_id)
            if offered and (result.error is not None or result.not_modified) and not self.archive.kept_as_file(url):
                return None  # (an address a line offered that gives no file, and never gave one: no record of it)
            if result.error is not None:
                return await self._failed(result, base)
            if result.not_modified:
                stored = await self._record(replace(base, outcome="not_modified"))
                return PageResult(url, stored.change, status=304, attempts=result.attempt)
            media_type = sniff_media_type(result.body or b"", result.media_type)
            if offered and served_extension(result.headers, media_type) not in self.policy(source).attachments \
                    and not self.archive.kept_as_file(url):
                return None  # (a page, or another type of file: what its line offered is no attachment)
            if retired := _retired(result, base):
                return await self._gone(result, retired)
            if media_type in HTML_TYPES:
                detail = f"a page ({media_type}) where an article links a file"
                stored = await self._record(replace(base, outcome="error", error="not_a_file", error_detail=detail))
                return PageResult(url, stored.change, error="not_a_file", detail=detail, status=result.status)
            stored = await self._record(replace(base, outcome="raw", body=result.body))
            return PageResult(url, stored.change, status=result.status, attempts=result.attempt)
        except (StoreError, sqlite3.DatabaseError):
            raise  # (the store's fault, not the file's)
        except Exception as exc:  # (the article is stored: a file that breaks something is logged, no more)
            log.exception("%s: unexpected error fetching an attachment", url)
            return PageResult(url, "none", error="internal_error", detail=f"{type(exc).__name__}: {exc}")

    def _redirected_elsewhere(self, url: str, result: FetchResult, article: Article) -> str | None:
        """Why a known page that now redirects to another page (a login, another article) gets no version from
        it, or None when what it redirects to is the page itself, moved or edited: it keeps the title, or half
        the lines, of the page's latest version."""
        latest = self.archive.latest_reading(url)
        if latest is None or latest.identity == _identity(article):
            return None
        if " ".join((latest.title or "").split()) == " ".join((article.title or "").split()):
            return None
        before, now = set(latest.text.splitlines()), set(normalize_text(article.text).splitlines())
        if len(before & now) * 2 >= len(before):
            return None
        title = article.title or "untitled"
        return f"redirected to {result.final_url}, another page ({title}): not a version of this one"

    async def _not_modified(self, result: FetchResult, base: CaptureRecord, source: Source | None,
                            run_id: int | None) -> PageResult:
        """A 304: the page is as stored. Unless it begins an article over several pages: then the article is
        read again from the stored page and its further pages fetched (conditionally), since page 1's 304
        says nothing of an edit on page 3."""
        capture = replace(base, outcome="not_modified")
        rereads = self.config.extract.article_pages > 1 or self.policy(source).attachments  # (else no need)
        kept = self.archive.kept_page(result.url) if rereads else None
        article = None
        lowered = kept.body.lower() if kept is not None else b""  # (once, for both byte searches)
        if lowered and (self._may_continue(result.url, lowered) or self._may_link_files(lowered, source)):
            with suppress(ParseTimeout, WorkerDied):  # (it was read once; if it cannot be now, it stays as stored)
                article = await self._extract(_as_kept(result, kept), source)
        if article is None or not article.continued_on or not article.paragraphs:
            stored = await self._record(capture)
            page = PageResult(result.url, stored.change, stored.version, status=304, attempts=result.attempt)
            return await self._with_attachments(page, article, source, run_id)
        capture = replace(capture, charset=article.charset, charset_source=article.charset_source,
                          article_score=article.article_score)
        page = await self._store_article(result, capture, article, kept.body, source, run_id)
        return await self._with_attachments(page, page.article, source, run_id)  # (files on any of its pages)

    def _may_continue(self, url: str, lowered: bytes) -> bool:
        """Whether the stored page at `url` (its bytes `lowered`) may link further pages of its article (cheap: most
        pages' bytes hold no link of that form, and are not parsed again)."""
        if self.config.extract.article_pages <= 1:
            return False
        return any(mark.encode() in lowered for mark in link_marks(url)) or may_have_scripted_pages(lowered)

    def _may_link_files(self, lowered: bytes, source: Source | None) -> bool:
        """Whether the stored page's bytes (`lowered`) may link attachments (a 304 says nothing of the files it
        links: a 名单.xlsx replaced under its name is found through it), or lines offering files (附件, 下载)."""
        extensions = self.policy(source).attachments
        return bool(extensions) and (any(f".{extension}".encode() in lowered for extension in extensions)
                                     or any(mark in lowered for mark in _OFFERING_MARKS))

    async def _store_article(self, result: FetchResult, capture: CaptureRecord, article: Article, body: bytes,
                             source: Source | None, run_id: int | None) -> PageResult:
        """Record the article of `capture` (read from `body`) as a version, with the text of its further pages."""
        digests = [sha256_hex(body)]
        if article.continued_on and self.config.extract.article_pages > 1:
            article, failure = await self._with_further_pages(capture.url, article, digests, source, run_id)
            if failure:  # (a version of part of the article would record the rest as deleted)
                stored = await self._record(replace(capture, outcome="error", error="part_failed",
                                                    error_detail=failure))
                return PageResult(capture.url, stored.change, stored.version, article, "part_failed", failure,
                                  result.status, result.attempt)
        raw_sha256 = digests[0] if len(digests) == 1 else sha256_hex("\n".join(digests).encode())
        snapshot = _snapshot(article, raw_sha256)
        if await self._read_anew(capture.url, article, raw_sha256, source):
            snapshot = replace(snapshot, read_anew=True)
        stored = await self._record(capture, snapshot, is_article=True)
        return PageResult(capture.url, stored.change, stored.version, article, status=result.status,
                          attempts=result.attempt)

    async def _read_anew(self, url: str, article: Article, raw_sha256: str, source: Source | None) -> bool:
        """Whether `article`, which differs from the page's latest version, is what that version's own bytes read
        as today: a new reading (a newer palimpsest, changed site rules), not an edit, though the furniture
        around the text moved (a counter, a clock). Costs one more extraction, only when the text differs."""
        latest = self.archive.latest_reading(url)
        if latest is None or latest.body_sha256 is None or latest.read_from == raw_sha256:
            return False  # (new; read over several pages or on a 304; the very same bytes, which the store tells)
        now = _identity(article)
        if latest.identity == now:
            return False  # (unchanged)
        if (body := self.archive.body(latest.body_sha256)) is None:
            return False
        before = FetchResult(url, "", final_url=latest.final_url, status=200, headers=latest.headers, body=body)
        try:
            again = await self._extract(before, source)
        except (ParseTimeout, WorkerDied):
            return False
        return _identity(again) == now

    async def _with_further_pages(self, url: str, article: Article, digests: list[str], source: Source | None,
                                  run_id: int | None) -> tuple[Article, str | None]:
        """The article (whose first page is `url`) with the text of its further pages joined to its own, each page
        recorded as a capture of its own (outcome `part`, its raw body kept) and the SHA-256 of its body added to
        `digests`; or the reason one of them could not be read."""
        todo, seen = list(article.continued_on), set(article.continued_on)
        paragraphs, links, named = list(article.paragraphs), list(article.links), list(article.named_files)
        offered = list(article.offered_files)
        read = 1
        while todo and read < self.config.extract.article_pages:
            further = todo.pop(0)
            read += 1
            part, digest_or_failure = await self._part(further, url, source, run_id)
            if part is None:
                return article, f"page {read} of the article, {further}: {digest_or_failure}"
            digests.append(digest_or_failure)
            # Not the lines it opens with as the first page opens: a first page linked again under a number of its
            # own, a lead each page repeats, or the article shown again over a pager of its comments or reviews.
            if added := part.paragraphs[_shared_opening(part.paragraphs, article.paragraphs):]:
                paragraphs.extend(added)
                links.extend(part.links)  # (a 附件 box under the last page)
                named.extend(part.named_files)
                offered.extend(part.offered_files)
            for more in part.continued_on:
                if more not in seen:
                    seen.add(more)
                    todo.append(more)
        warnings = article.warnings
        if todo:
            warnings += (f"pages: read {read} pages of the article; more are left unread (extract.article_pages)",)
        return replace(article, paragraphs=tuple(paragraphs), links=tuple(links), named_files=tuple(named),
                       offered_files=tuple(dict.fromkeys(offered)),
                       warnings=warnings), None

    async def _part(self, url: str, first: str, source: Source | None,
                    run_id: int | None) -> tuple[Article | None, str]:
        """One further page of an article, fetched (conditionally, from its stored copy; with the article's first
        page `first` as its Referer, as a reader following its pager asks for it, which tells readers of the
        archive whose page it is), recorded and extracted, with the SHA-256 of the body it was read from; or None
        and why it could not be."""
        kept = self.archive.kept_page(url, outcome="part")
        etag, last_modified = (kept.etag, kept.last_modified) if kept else (None, None)
        result = await self._final_attempt(url, source, run_id, etag=etag, last_modified=last_modified,
                                           referer=first, kept="part")
        if result.error is None and result.not_modified and kept is None:  # (a broken server: nothing to read)
            result = replace(result, error="http_304", detail="304 Not Modified to a request that was not conditional")
        base = _capture(result, source, run_id)
        if result.error is not None:
            await self._record(replace(base, outcome="error"), is_article=False)
            return None, result.error
        read = _as_kept(result, kept) if kept and result.not_modified else result
        try:
            part = await self._extract(read, source)
        except (ParseTimeout, WorkerDied) as exc:
            await self._record(replace(base, outcome="error", error="extract_failed", error_detail=str(exc)))
            return None, "extract_failed"
        if stand_in := _stand_in(part):
            code, detail = stand_in
            await self._record(replace(base, outcome="error", error=code, error_detail=detail))
            return None, f"{code} ({detail})"
        await self._record(replace(base, outcome="part", charset=part.charset, charset_source=part.charset_source,
                                   article_score=part.article_score), is_article=False)
        return part, sha256_hex(read.body or b"")

    async def _extract(self, result: FetchResult, source: Source | None) -> Article:
        body, url = result.body or b"", result.final_url or result.url
        rules, timezone = source.rules if source else None, self.config.extract.timezone
        if self.workers is None:
            from crawler.extract import extract  # (imported when used: see crawler/extract/__init__.py)

            return extract(body, url, content_type=result.content_type, rules=rules, timezone=timezone)
        return await self.workers.extract(body, url, content_type=result.content_type, rules=rules,
                                          timezone=timezone)

    async def _unextracted(self, result: FetchResult, base: CaptureRecord,
                           exc: ParseTimeout | WorkerDied) -> PageResult:
        """An error capture that keeps the raw page: its extraction can be redone once the cause is fixed."""
        code = "extract_timeout" if isinstance(exc, ParseTimeout) else "extract_failed"
        stored = await self._record(replace(base, outcome="error", error=code, error_detail=str(exc)))
        return PageResult(result.url, stored.change, stored.version, error=code, detail=str(exc),
                          status=result.status, attempts=result.attempt)

    async def _record(self, capture: CaptureRecord, snapshot: SnapshotRecord | None = None, *,
                      is_article: bool | None = None, final: bool = True) -> StoreOutcome:
        """One capture (and its article) in one transaction: in the writer's thread when there is one.
        `final`: the capture that decides what became of the page (not an attempt to be retried)."""
        if self.writer is None:
            return self.archive.record(capture, snapshot, is_article=is_article)
        return await self.writer.run(self.writer.record, capture, snapshot, is_article=is_article, final=final)

    async def _failed(self, result: FetchResult, base: CaptureRecord) -> PageResult:
        if result.status in (404, 410):
            return await self._gone(result, replace(base, outcome="gone"))
        if result.error == "redirect_out_of_scope" and (retired := _retired(_as_led(result), base)):
            return await self._gone(result, retired)  # (retired to a home or column page its source denies)
        outcome = "robots" if result.error == "robots" else "error"
        stored = await self._record(replace(base, outcome=outcome))
        return PageResult(result.url, stored.change, stored.version, error=result.error, detail=result.detail,
                          status=result.status, attempts=result.attempt)

    async def _gone(self, result: FetchResult, capture: CaptureRecord, article: Article | None = None) -> PageResult:
        """A page that no longer exists: no version; marked gone if it had one (the store decides)."""
        stored = await self._record(capture)
        return PageResult(result.url, stored.change, stored.version, article, capture.error,
                          capture.error_detail, result.status, result.attempt)

    async def _not_html(self, result: FetchResult, base: CaptureRecord, media_type: str | None,
                        source: Source | None = None) -> PageResult:
        policy = self.policy(source)
        keep = media_type in policy.store_raw_types or is_attachment(result.url, policy.attachments)
        detail = f"content type {media_type or 'unknown'}"
        if media_type != result.media_type:
            detail += f" (served as {result.media_type or 'no type'})"
        capture = replace(base, outcome="raw" if keep else "not_html", error=None if keep else "not_html",
                          error_detail=None if keep else detail, body=result.body if keep else None,
                          content_type=base.content_type if media_type == result.media_type else media_type)
        stored = await self._record(capture)
        return PageResult(result.url, stored.change, stored.version, error=None if keep else "not_html",
                          detail=detail, status=result.status, attempts=result.attempt)


def redirect_scope(source: Source | None, file: bool = False) -> Refusal | None:
    """Why a redirect of one of `source`'s pages may not be followed to an address, if it may not: one its `deny`
    excludes, or off the sites of its hosts (archived as the page, or under the address, it would be another
    organisation's); a `file`'s
    (an attachment, on a file server of the site's as often as not) only one its `deny` excludes. None without a
    source: `palimpsest fetch URL` follows it anywhere the address guard lets it."""
    if source is None:
        return None
    return partial(scope_of(source).refusal, hosts=not file)


def declared_canonical(result: FetchResult, article: Article) -> str:
    """The page a capture belongs to: the URL asked for, unless the page names another canonical URL on the
    same host (`<link rel=canonical>`), so one article is one page however it is linked."""
    landed = result.final_url or result.url
    declared = choose_canonical(article.canonical_links, landed)
    return declared if declared != (canonical_url(landed) or landed) else result.url


def redirected_home(result: FetchResult) -> str | None:
    """"home page" or "column page" when the page now redirects to its site's home page or to the column above it
    (/xwzx/index.html for /xwzx/gsyw/t1.html): it is gone (a common way of retiring pages); else None."""
    if not result.redirects or not result.final_url:
        return None
    return sent_home(result.url, result.final_url)


def sent_home(url: str, target: str) -> str | None:
    """"home page" or "column page" when `target`, where `url` sends its reader, is its site's home page or the
    column above it; else None."""
    start, end = urlsplit(url), urlsplit(target)
    if same_host(host_of(url), host_of(target)) and not _is_home(start.path, start.query) \
            and _is_home(end.path, end.query):
        return "home page"
    return "column page" if column_above(url, target) else None


def _lowered_encodings(words: tuple[str, ...], charsets: tuple[str, ...]) -> tuple[bytes, ...]:
    """Each of `words` in each of `charsets` that can write it, lowered as the bytes searched are (Big5's 下載 holds
    an ASCII U)."""
    found = set()
    for word in words:
        for charset in charsets:
            with suppress(UnicodeEncodeError):
                found.add(word.encode(charset).lower())
    return tuple(found)


# What a page's bytes hold where a line of it offers a file without naming its type (附件：名单, [下载]), in the
# charsets of Chinese pages.
_OFFERING_MARKS = _lowered_encodings(("附件", "下载", "下載"), ("utf-8", "gbk", "big5"))


def _retired(result: FetchResult, base: CaptureRecord) -> CaptureRecord | None:
    """`base` as the capture of a page (or file) its site retired by a redirect to its home page or its column
    (`redirected_home`), or None."""
    if not (retired := redirected_home(result)):
        return None
    code = "redirect_home" if retired == "home page" else "redirect_column"
    detail = f"redirected to the site's {retired} {result.final_url}"
    return replace(base, outcome="gone", error=code, error_detail=detail)


def _as_led(result: FetchResult) -> FetchResult:
    """A redirect not followed as if it had been: its final URL the address its last hop named (never asked)."""
    last = result.hops[-1] if result.hops else None
    location = next((value for name, value in last.headers if name.lower() == "location"), None) if last else None
    return replace(result, final_url=urljoin(last.url, location.strip())) if last and location else result


def _is_home(path: str, query: str) -> bool:
    return not query and bool(_HOME_PATH.match(path))


def _capture(result: FetchResult, source: Source | None, run_id: int | None) -> CaptureRecord:
    return CaptureRecord(
        url=result.url, fetched_at=result.fetched_at, outcome="ok", status=result.status, error=result.error,
        error_detail=result.detail, final_url=result.final_url, attempt=result.attempt,
        duration_ms=round(result.duration * 1000), body=result.body, content_type=result.content_type,
        etag=result.header("etag"), last_modified=result.header("last-modified"), headers=result.headers,
        source=source.name if source else None, run_id=run_id, request_headers=result.request_headers,
        server_ip=result.server_ip, redirects=result.hops,
    )


def _as_kept(result: FetchResult, kept: KeptPage) -> FetchResult:
    """A 304's result with the stored page it confirmed, to be read again (its capture keeps no body)."""
    return replace(result, body=kept.body, headers=kept.headers, final_url=kept.final_url)


def _stand_in(article: Article) -> tuple[str, str] | None:
    """The error code and words for a page that stood in the page's place (a firewall's, or a failing server's),
    which is no version of it."""
    if article.blocked:
        return "blocked", f"a firewall or anti-robot page stood in the page's place: {article.blocked}"
    if article.unavailable:
        return "unavailable", f"a server's error or maintenance page stood in the page's place: {article.unavailable}"
    return None


def _identity(article: Article) -> str:
    return reading_identity(article.title, article.text, article.published, article.author, article.source,
                            article.subtitle)


def _shared_opening(part: tuple[str, ...], first: tuple[str, ...]) -> int:
    """How many lines a further page opens with as the first page does."""
    shared = 0
    for one, other in zip(part, first, strict=False):
        if one != other:
            break
        shared += 1
    return shared


def _snapshot(article: Article, raw_sha256: str) -> SnapshotRecord:
    return SnapshotRecord(title=article.title, text=article.text, published=article.published,
                          author=article.author, source=article.source, subtitle=article.subtitle,
                          language=article.language,
                          warnings=article.warnings, raw_sha256=raw_sha256)
