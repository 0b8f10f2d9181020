"""The `palimpsest` command. `palimpsest COMMAND --help` is the documentation."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import math
import os
import re
import signal
import socket
import sqlite3
import sys
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TypeVar

import click

from crawler.config import Config, FetchConfig, StoreConfig, check_url, load_config
from crawler.errors import PalimpsestError, unreadable_store
from store.archive import StoreError

if TYPE_CHECKING:
    import subprocess

    from crawler.extract import Article, SiteRules
    from crawler.workers import Workers


class Context:
    """Options given before the subcommand; the subcommand's own options win."""

    def __init__(self, config_path: str | None, db: str | None) -> None:
        self.config_path, self.db = config_path, db
        self._config: Config | None = None

    def config(self) -> Config:
        """The config file, read once (a pipe, `--config <(...)`, reads empty the second time); with only --db and no
        ./config.toml, the defaults (enough for the readers)."""
        if self._config is None:
            if self.config_path is None and self.db and not Path("config.toml").exists():
                self._config = Config(store=StoreConfig(Path(self.db)))
            else:
                self._config = load_config(self.config_path, db=self.db)
        return self._config


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --db, accepted after the subcommand's name as well as before it."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                  help="Config file (default ./config.toml).")
    @click.option("--db", type=click.Path(dir_okay=False), default=None, help="Store path (overrides [store].path).")
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx: click.Context, config_path: str | None, db: str | None, **kwargs: Any) -> Any:
        parent: Context = ctx.find_object(Context) or Context(None, None)
        ctx.obj = Context(config_path or parent.config_path, db or parent.db)
        return command(**kwargs)

    return wrapper


def settings() -> Context:
    return click.get_current_context().obj


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Config file (default ./config.toml).")
@click.option("--db", type=click.Path(dir_okay=False), default=None, help="Store path (overrides [store].path).")
@click.version_option(package_name="palimpsest")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db: str | None) -> None:
    """palimpsest: a scheduled archival crawler and versioned snapshot store."""
    ctx.obj = Context(config_path, db)


# Set by `demo` for the daemon and `serve` it starts: they end when it does, even killed (kill -9), not holding the
# store's lock and the port for good.
PARENT_VARIABLE = "PALIMPSEST_END_WITH"
_PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when the process named by PARENT_VARIABLE ends (and end now if it
    already has)."""
    parent = os.environ.pop(PARENT_VARIABLE, "")
    if not parent.isdigit() or not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != int(parent):  # (it ended before the request was made)
        os.kill(os.getpid(), signal.SIGTERM)


def _writes_utf8(stream: Any) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def _output_that_never_fails() -> None:
    """A terminal or pipe in another charset (a zh_CN.GBK or Latin-1 locale) gets what it can hold, the rest replaced
    (JSON is escaped instead, whole: `echo_json`), not a UnicodeEncodeError traceback for the first character."""
    for stream in (sys.stdout, sys.stderr):
        if not _writes_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _check_working_folder() -> None:
    """Libraries palimpsest imports (apprise) ask for the working folder, which a shell left in a removed folder has
    not: one line, not their traceback."""
    try:
        os.getcwd()
    except FileNotFoundError:
        raise PalimpsestError("the working folder was removed: cd to a folder that exists") from None


def main() -> None:
    _end_with_parent()
    _output_that_never_fails()
    try:
        _check_working_folder()
        cli.main(prog_name="palimpsest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except Terminated as stop:
        click.echo(f"stopped by {stop.signal.name}", err=True)
        sys.exit(128 + stop.signal)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (PalimpsestError, StoreError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except sqlite3.DatabaseError as exc:  # (a store damaged where it was read: a row past UTF-8, a bad page)
        click.echo(f"error: {unreadable_store(exc)}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


class Terminated(Exception):
    """SIGTERM (`timeout`, systemd, `docker stop`) or SIGHUP (its terminal or SSH session closed) stopped a command,
    which ended as Ctrl-C ends it."""

    def __init__(self, stopped_by: signal.Signals) -> None:
        super().__init__(stopped_by.name)
        self.signal = stopped_by


STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


T = TypeVar("T")


def run_stoppable(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, with SIGTERM or SIGHUP cancelling `main` as Ctrl-C does (Python's default for them ends the
    process at once: a run would be left `running` in the store for good); raises `Terminated` then."""
    async def guarded() -> T:
        loop, task, terminated = asyncio.get_running_loop(), asyncio.current_task(), []

        def terminate(stopped_by: signal.Signals) -> None:
            terminated.append(stopped_by)
            if task is not None:
                task.cancel()

        for stopping in STOPPING_SIGNALS:
            loop.add_signal_handler(stopping, terminate, stopping)
        try:
            result = await main
        except asyncio.CancelledError:
            if terminated:
                raise Terminated(terminated[0]) from None
            raise
        finally:
            for stopping in STOPPING_SIGNALS:
                loop.remove_signal_handler(stopping)
        if terminated:  # (cancelled, but something swallowed the cancellation)
            raise Terminated(terminated[0])
        return result

    return asyncio.run(guarded())


class Utf8Text(click.ParamType):
    """Text that is valid UTF-8. Bytes that are not arrive as lone surrogates, which SQLite, URLs and WARC headers
    cannot encode: refused here, by name, rather than failing deep inside."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _require_utf8(value, param)
        return value


class Utf8Path(click.Path):
    """A path whose name is valid UTF-8 (for a file that records its own name)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _require_utf8(value, param)
        return super().convert(value, param, ctx)


def _require_utf8(value: Any, param: click.Parameter | None) -> None:
    """One line naming the option (--url) or argument (URL), with the bad bytes shown as \\xff."""
    if not isinstance(value, str):
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name if param else "argument"
        raise PalimpsestError(f"{name} '{shown}': not valid UTF-8") from None


class Seconds(click.FloatRange):
    """More than 0 seconds, and finite: float() reads 'nan' and 'inf', which no range comparison refuses."""

    def __init__(self) -> None:
        super().__init__(min=0, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value!r} is not a finite number of seconds.", param, ctx)
        return seconds


TEXT = Utf8Text()
# Bounded: unbounded, a huge number overflowed SQLite's integers; a million versions of one page is past any archive.
VERSION = click.IntRange(1, 1_000_000)


def echo_json(data: Any) -> None:
    """One JSON line; escaped to ASCII where the output's charset is not UTF-8, so no character is replaced."""
    click.echo(json.dumps(data, ensure_ascii=not _writes_utf8(sys.stdout)))


# ---- fetch ----------------------------------------------------------------------------------------------

@cli.command()
@common_options
@click.argument("urls", nargs=-1, required=True, type=TEXT)
@click.option("--json", "as_json", is_flag=True, help="Print each result as one JSON object per line.")
def fetch(urls: tuple[str, ...], as_json: bool) -> None:
    """Fetch URLS once, store them, and print each article in the reference format."""
    from crawler.run import fetch_urls

    config = settings().config()
    failures = 0
    results = asyncio.run(fetch_urls(config, list(urls)))
    gone_since = _gone_since(config, [result.url for result in results if result.change == "gone"])
    for result in results:
        if failure := _fetch_failure(result):
            failures += 1
            error, detail = failure
            gone_at = gone_since.get(result.url)
            said = "; ".join(filter(None, (detail, f"the archived page is gone since {gone_at}" if gone_at else "")))
            click.echo(f"error: {result.url}: {error}" + (f" ({said})" if said else ""), err=True)
            if as_json:  # (page_gone_at: as `history --json` says it)
                echo_json({"url": result.url, "change": result.change, "error": error, "detail": detail,
                           "page_gone_at": gone_at})
            continue
        _print_article(result, as_json)
    sys.exit(1 if failures else 0)


def _gone_since(config: Config, urls: list[str]) -> dict[str, str]:
    """When each of these pages, which a fetch found gone, went (now, or at an earlier fetch: still gone)."""
    from store import Archive
    from store.versions import page

    if not urls:
        return {}
    try:
        with Archive(config.store.path, readonly=True) as archive:
            found = {url: page(archive.db, url) for url in urls}
    except (StoreError, sqlite3.Error):  # (what the fetch stored stands: only the time would be missing)
        return {}
    return {url: held.gone_at for url, held in found.items() if held is not None and held.gone_at}


def _fetch_failure(result: Any) -> tuple[str, str | None] | None:
    """Why a fetched URL has nothing to show: its error, or a 304 that confirmed no stored version (a server
    answering 304 to a request that was not conditional, or to one for a page never stored as a version)."""
    if result.failed:
        return result.error, result.detail
    if result.status == 304 and result.version is None:
        return "http_304", "304 Not Modified, but no version of this page is stored: nothing to read"
    return None


def _print_article(result: Any, as_json: bool) -> None:
    from crawler.extract import to_reference_format

    files = [{"url": file.url, "change": file.change, "error": file.error, "detail": file.detail}
             for file in result.files]
    if as_json:
        data = result.article.to_dict() if result.article else {}
        echo_json({"url": result.url, "change": result.change, "version": result.version, **data, "files": files})
        return
    if result.article is not None:
        click.echo(to_reference_format(result.article))
    else:
        click.echo(f"{result.url}: {result.change}" + (f" (version {result.version})" if result.version else ""))
    for file in files:  # (on stderr: stdout is the article, in the reference format)
        said = file["error"] + (f" ({file['detail']})" if file["detail"] else "") if file["error"] else file["change"]
        click.echo(f"attachment {file['url']}: {said}", err=True)


# ---- reading back -------------------------------------------------------------------------------------------

def open_archive(readonly: bool = True) -> Any:
    from store import Archive

    config = settings().config()
    if readonly and not Path(config.store.path).exists():
        raise PalimpsestError(f"{config.store.path}: no store here yet (run `palimpsest fetch URL` first)")
    archive = Archive(config.store.path, readonly=readonly)
    if archive.outdated:
        search = "(its search index too) " if archive.outdated_search else ""
        click.echo(f"warning: {config.store.path}: written by an older palimpsest; it is brought up to date {search}"
                   "the next time `crawl`, `fetch` or the daemon writes to it", err=True)
    return archive


@cli.command()
@common_options
@click.argument("url", type=TEXT)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per version.")
def history(url: str, as_json: bool) -> None:
    """List the stored versions of URL with first/last seen times and text hash (of a file, an attachment or a
    PDF: the bytes kept, b1, b2…, with their hash and size).

    A version marked "read anew" came from the same bytes as the one before (a newer palimpsest, or changed site
    rules, read them differently): no edit of the page. After the versions, each time the page was gone: "gone T →
    back T", or "gone since T"."""
    from store.versions import absences, file_history, page, reread_versions, versions, without_versions

    with open_archive() as archive:
        url = _stored_url(archive.db, url)
        rows, reread, state = versions(archive.db, url), reread_versions(archive.db, url), page(archive.db, url)
        gone, kept = absences(archive.db, url), file_history(archive.db, url)
        if not rows and not kept:
            raise PalimpsestError(f"{url}: {without_versions(archive.db, url)}")
    gone_at, back_at = (state.gone_at, state.back_at) if state else (None, None)
    for n, held in enumerate(kept if not rows else [], 1):  # (a file: its bytes, as a page's versions its texts)
        if as_json:
            echo_json({"file_version": n, "sha256": held.sha256, "bytes": held.size, "first_seen": held.first_seen,
                       "last_seen": held.last_seen, "page_gone": [{"gone_at": a.gone_at, "back_at": a.back_at}
                                                                  for a in gone]})
        else:
            click.echo(f"file b{n}  {held.first_seen} → {held.last_seen}  {held.sha256[:12]}  {held.size} bytes")
    for v in rows:
        if as_json:
            echo_json({"version": v.version, "title": v.title, "first_seen": v.first_seen,
                       "last_seen": v.last_seen, "text_sha256": v.text_sha256, "changed_chars": v.changed_chars,
                       "reread": v.version in reread, "page_gone_at": gone_at, "page_back_at": back_at,
                       "page_gone": [{"gone_at": a.gone_at, "back_at": a.back_at} for a in gone]})
        else:
            note = " (read anew)" if v.version in reread else ""
            click.echo(f"v{v.version}  {v.first_seen} → {v.last_seen}  {v.text_sha256[:12]}  "
                       f"{v.changed_chars or 0:>5} chars changed{note}  {v.title or ''}")
    if not as_json:
        for absence in gone:  # (a version's first → last seen spans them: they say when it was not there)
            click.echo(f"gone {absence.gone_at} → back {absence.back_at}" if absence.back_at
                       else f"gone since {absence.gone_at}")


def _stored_url(db: Any, url: str) -> str:
    """`url` as the archive keeps it (as given, else in the canonical form fetch and crawl store); as given when the
    archive has neither, for the message that says so."""
    from store.versions import stored_url

    return stored_url(db, url) or url


@cli.command()
@common_options
@click.argument("url", type=TEXT)
@click.option("--from", "from_version", type=VERSION, help="Older version (default: the one before --to).")
@click.option("--to", "to_version", type=VERSION, help="Newer version (default: the latest).")
@click.option("--words", is_flag=True,
              help="Only the changed paragraphs, a line each, with what changed marked inside them: [-old-]{+new+}.")
def diff(url: str, from_version: int | None, to_version: int | None, words: bool) -> None:
    """Unified diff of two versions of URL (default: the latest two)."""
    from store.diff import unified, word_diff
    from store.versions import reread_versions, versions, without_versions

    with open_archive() as archive:
        url = _stored_url(archive.db, url)
        numbers = [v.version for v in versions(archive.db, url)]
        if not numbers:  # (as history says it; not "no version 2 (stored: )")
            raise PalimpsestError(f"{url}: {without_versions(archive.db, url)}")
        if len(numbers) < 2 and (from_version is None or to_version is None):
            raise PalimpsestError(f"{url}: {len(numbers)} version(s) stored, nothing to compare")
        to_version = numbers[-1] if to_version is None else to_version
        # --to first: when it is not stored, the message names it, not the --from derived from it
        new = _stored_version(archive.db, url, to_version, numbers)
        if from_version is None and to_version == 1:
            raise PalimpsestError(f"{url}: no version before 1 to compare with it (give --from)")
        from_version = to_version - 1 if from_version is None else from_version
        old = _stored_version(archive.db, url, from_version, numbers)
        reread = to_version == from_version + 1 and to_version in reread_versions(archive.db, url)
    if reread:  # (as the diff page and history say it: the differences below are no edit of the page)
        click.echo(f"read anew: v{to_version} comes from the same bytes as v{from_version} (a newer palimpsest, or "
                   "changed site rules, read them differently); the page itself was not edited")
    for field in ("title", "subtitle", "published", "author", "source"):
        if (before := getattr(old, field)) != (after := getattr(new, field)):
            click.echo(f"{field} v{from_version}: {before or ''}\n{field} v{to_version}: {after or ''}")
    show = word_diff if words else unified
    click.echo(show(old.text, new.text, f"{url} v{from_version}", f"{url} v{to_version}"))


def _stored_version(db: Any, url: str, number: int, numbers: list[int]) -> Any:
    from store.versions import version

    if (row := version(db, url, number)) is None:
        raise PalimpsestError(f"{url}: no version {number} (stored: {', '.join(map(str, numbers))})")
    return row


# An argument that is none of its options is the query, so one beginning with a word to leave out ("-疫情 复工") is
# searched, not refused as an unknown option.
@cli.command(context_settings={"ignore_unknown_options": True})
@common_options
@click.argument("query", type=TEXT)
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Most matches to show.")
@click.option("--all-versions", is_flag=True,
              help="Search every stored version, not only the latest: text an edit removed is found, in the "
                   "version that held it.")
@click.option("--json", "as_json", is_flag=True,
              help="One object per hit; its snippet is plain text, and matches gives [start, end] of each word "
                   "found in it, in characters.")
def search(query: str, limit: int, all_versions: bool, as_json: bool) -> None:
    """Full-text search of stored articles (Chinese-aware; simplified finds traditional).

    Only the latest version of each page is searched, unless --all-versions is given: then every stored
    version, and a hit in an older one says so (v1, latest v3): its words may have left the page since. The words
    found are in bold on a terminal, between ⟦ and ⟧ otherwise (a page's own 【】 are its text).

    \b
    QUERY (quoted, as one argument) is Chinese words, even of one
    character, Latin words and "quoted phrases":
      复工 疫情      both words (复工 AND 疫情 is the same)
      平板 OR 小米   either word
      复工 -疫情     复工 without 疫情 (复工 NOT 疫情 is the same)
    AND, OR and NOT are operators only in capitals (and, or, not are
    words); a query needs a word to find. A QUERY may begin with a
    word to leave out ("-疫情 复工"); -- before it makes sure it is
    not read as an option (search -- "-h 复工").
    """
    from store.search import Excerpt, QueryError, match_query, search_snapshots

    try:
        match_query(query)  # (checked before the store is opened, as every argument is)
    except QueryError as exc:
        raise PalimpsestError(f"search {query!r}: {exc}") from None
    with open_archive() as archive:
        hits = search_snapshots(archive.db, query, limit=limit, latest_only=not all_versions)
    on_terminal = sys.stdout.isatty()
    for hit in hits:
        if as_json:
            echo_json(hit.__dict__)
            continue
        marked = Excerpt(hit.snippet, hit.matches).marked(*(_terminal_marks() if on_terminal else PIPED_MARKS))
        version = f"v{hit.version}" + (f", latest v{hit.latest_version}" if hit.version != hit.latest_version else "")
        click.echo(f"{click.style(hit.title or '(untitled)', bold=True)}\n  {hit.url}  {version}  "
                   f"{hit.published or hit.first_seen or ''}\n  {marked}\n")
    if not hits:
        click.echo("no matches" if all_versions else "no matches in the latest versions (--all-versions searches "
                   "every stored version)", err=True)


# The words found in a snippet, piped: between brackets Chinese text does not use (it uses 【导语】, 〖〗, 〔2020〕),
# which GBK and Big5 cannot even encode.
PIPED_MARKS = ("⟦", "⟧")


def _terminal_marks() -> tuple[str, str]:
    """On a terminal, the words found are in bold, without brackets: the text's own brackets stay as they are."""
    return click.style("", bold=True, fg="yellow", reset=False), click.style("")


@cli.command()
@common_options
@click.argument("output", type=Utf8Path(dir_okay=False))
@click.option("--source", "sources", multiple=True, type=TEXT, help="Only captures of this config source (repeatable).")
@click.option("--url", "urls", multiple=True, type=TEXT, help="Only captures of this URL (repeatable).")
@click.option("--since", help="Only captures fetched at or after this time (2026-11-27, or 2026-11-27T06:00:00Z; UTC "
                              "unless an offset is given).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists (only a regular file, not a link or device).")
def export(output: str, sources: tuple[str, ...], urls: tuple[str, ...], since: str | None, force: bool) -> None:
    """Write the archive's captures to OUTPUT as a WARC 1.1 file, for replay tools and other archives.

    Each response is a record with its headers and raw body (a body written before is a revisit record, a 304 a
    server-not-modified revisit), each version of an article a conversion record of its text. OUTPUT is
    gzip-compressed record by record when it ends in .gz.
    """
    from store.warc import Selection, export_warc

    target = _export_target(output, force)
    since = _utc_stamp(since) if since else None
    partial = target.with_name(f".{target.name}.part")  # (renamed once whole: no half file under OUTPUT's name)
    with open_archive() as archive:
        selection = Selection(_exported_sources(archive.db, sources), _exported_urls(archive.db, urls), since)
        try:
            with partial.open("wb") as out:
                counts = export_warc(archive.db, out, selection, gzip=target.suffix == ".gz", filename=target.name)
            partial.replace(target)
        except OSError as exc:
            raise PalimpsestError(f"{output}: cannot write ({exc.strerror or exc})") from None
        finally:
            with contextlib.suppress(OSError):  # (it may never have been made: the OSError above says why)
                partial.unlink(missing_ok=True)
    left_out = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.by_outcome.items()))
    click.echo(f"{output}: {counts.responses} responses, {counts.revisits} revisits, {counts.versions} versions"
               + (f"; {counts.left_out} captures without a response left out ({left_out})" if counts.left_out else ""))


def _exported_urls(db: Any, urls: tuple[str, ...]) -> tuple[str, ...]:
    """Each --url as the archive keeps it (as `history` finds it). One that names no page of the archive is refused:
    an empty WARC, reported as written, reads as if the page had never been captured."""
    from store.versions import stored_url

    found = []
    for url in urls:
        if (stored := stored_url(db, url)) is None:
            raise PalimpsestError(f"--url {url}: not in the archive (nothing written)")
        found.append(stored)
    return tuple(found)


def _exported_sources(db: Any, sources: tuple[str, ...]) -> tuple[str, ...]:
    """The --source names, each refused when no capture of the archive is of it (a misspelt name would write an
    empty WARC, reported as written)."""
    from store.versions import has_source

    for name in sources:
        if not has_source(db, name):
            raise PalimpsestError(f"--source {name}: no capture of the archive is of this source (nothing written)")
    return sources


def _export_target(output: str, force: bool) -> Path:
    """OUTPUT as a path to write, refused when empty or when writing would replace something that is not a
    regular file (the rename would replace a link itself, or a device's entry)."""
    if not output:
        raise PalimpsestError("OUTPUT: empty (give the path of the WARC file to write)")
    target = Path(output)
    if target.is_symlink():
        raise PalimpsestError(f"{output}: a symbolic link (export writes, and --force replaces, only a regular "
                              "file: give the path it points to)")
    if target.exists() and not target.is_file():
        raise PalimpsestError(f"{output}: not a regular file (export writes, and --force replaces, only a regular "
                              "file)")
    if target.exists() and not force:
        raise PalimpsestError(f"{output}: already exists (give --force to replace it)")
    store = Path(settings().config().store.path)
    if _is_a_file_of(store, target):
        raise PalimpsestError(f"{output}: is the archive's own file ({store}): the WARC would replace the archive; "
                              "give another OUTPUT")
    return target


# SQLite's files beside a store, and the daemon's, the runs' and the alert claims' lock files (archive.db-wal,
# archive.db.run17.lock, archive.db.alert-….claim).
_STORE_COMPANION = re.compile(r"-(?:wal|shm|journal)|\.lock|\.run\d+\.lock|\.alert-[0-9a-f]+-\d+\.claim")


def _is_a_file_of(store: Path, target: Path) -> bool:
    """Whether `target` is the store (by any name: a link, a hard link) or a file SQLite or palimpsest keeps
    beside it."""
    if not (store.exists() and target.exists()):
        return False
    if os.path.samefile(store, target):
        return True
    real, named = store.resolve(), target.resolve()
    return (named.parent == real.parent and named.name.startswith(real.name)
            and _STORE_COMPANION.fullmatch(named.name[len(real.name):]) is not None)


def _utc_stamp(value: str) -> str:
    """A date or time given on the command line, as the store writes times (UTC, with a Z)."""
    from datetime import UTC, datetime

    from store.times import iso

    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise PalimpsestError(f"--since: not a date or time: {value!r} (try 2026-11-27 or 2026-11-27T06:00:00Z)") \
            from None
    try:
        return iso(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    except OverflowError:  # (in UTC it falls before year 1 or after 9999)
        raise PalimpsestError(f"--since: out of range: {value!r}") from None


@cli.command()
@common_options
def verify() -> None:
    """Check the archive's fixity: every raw body against its SHA-256 and size, every capture's body present and of
    the size fetched, every version's text against its hash, its title against the one its event recorded and its
    raw bytes against the bodies, and SQLite's own structure. Reads only; exits 1 naming each problem."""
    from store.verify import verify as check

    stop = threading.Event()  # (Ctrl-C is acted on within SQLite's long statements too, not after them)
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        with open_archive() as archive:
            report = check(archive.db, stop.is_set)
    finally:
        signal.signal(signal.SIGINT, previous)
    if report.stopped:
        raise click.exceptions.Abort
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    summary = (f"{report.bodies} bodies ({report.body_bytes / 1e6:.1f} MB), {report.captures} captures, "
               f"{report.versions} versions")
    if report.sound:
        click.echo(f"{settings().config().store.path}: sound ({summary})")
        return
    click.echo(f"{settings().config().store.path}: {len(report.problems)} problem(s) in {summary}", err=True)
    sys.exit(1)


@cli.command()
@common_options
@click.option("--host", type=TEXT,
              help="Interface to bind (default: [serve] host, 127.0.0.1); anything else exposes it.")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default: [serve] port, 8001).")
def serve(host: str | None, port: int | None) -> None:
    """Browse the archive in datasette (read-only)."""
    from store.datasette.serve import serve_archive

    config = settings().config()
    host, port = host or config.serve.host, port or config.serve.port
    open_archive().close()  # one clear line if it is missing or not an archive, a warning if it is outdated
    _check_can_bind(host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach this address can read the archive", err=True)
    serve_archive(config.store.path, host=host, port=port)


def _check_can_bind(host: str, port: int) -> None:
    """Bind (host, port) as uvicorn will, and let go at once: a port in use or a bad host is one line here, not
    the server's log and exit status."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (as uvicorn does)
            probe.bind((host, port))
    except OSError as exc:
        raise PalimpsestError(f"{host}:{port}: cannot serve ({exc.strerror or exc})") from None


# ---- extract ---------------------------------------------------------------------------------------------

@cli.command()
@common_options
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one object per input, in the order given.")
@click.option("--charset", type=TEXT, help="Decode with this charset instead of detecting it.")
@click.option("--base-url", type=TEXT, help="Base URL (http or https) for resolving links in saved files.")
@click.option("--explain", is_flag=True, help="Show which rule or heuristic chose each field, and what was dropped.")
@click.option("--source", "source_name", type=TEXT, help="Apply this config source's site rules.")
@click.option("--processes", type=click.IntRange(0, 64), default=None,
              help="Parse in this many worker processes, in parallel ([extract] processes, default 1; "
                   "0: in this process, without a time limit).")
@click.option("--timeout", type=Seconds(), default=None,
              help="Seconds a page may take before it fails alone ([extract] timeout, default 60).")
def extract(inputs: tuple[str, ...], as_json: bool, charset: str | None, base_url: str | None, explain: bool,
            source_name: str | None, processes: int | None, timeout: float | None) -> None:
    """Extract articles from saved HTML FILES, '-' (stdin), or URLs (fetched, not stored).

    Many inputs stream one result each, in order; one that fails (unreadable; larger than [fetch]
    max_body_bytes, 10 MiB by default, the most a fetched page may be; or over the time limit)
    prints an error and the rest go on.
    """
    if charset is not None and not _text_charset(charset):
        raise PalimpsestError(f"--charset {charset!r}: unknown charset")
    if base_url is not None:
        check_url(base_url, "--base-url")  # (as the config's URLs: else a bad one is silently no base at all)
    if "-" in inputs and sys.stdin is None:
        raise PalimpsestError("-: no standard input (it is closed)")
    # Without a config file, the defaults: extracting saved pages needs none.
    needs_file = source_name or settings().config_path or Path("config.toml").exists()
    config = settings().config() if needs_file else Config()
    options = config.extract
    job = _ExtractJob(charset, config.source(source_name).rules if source_name else None, options.timezone)
    processes = options.processes if processes is None else processes
    outcomes = _extract_all(inputs, base_url, job, processes, timeout or options.timeout, config.fetch)
    failures = asyncio.run(_print_extracted(outcomes, as_json, explain))
    sys.exit(1 if failures else 0)


# Python's codecs of backslash escapes (\u4e2d) in ASCII: text codecs, but no page is written in them.
_ESCAPE_CODECS = ("unicode-escape", "raw-unicode-escape")


def _text_charset(label: str) -> bool:
    """Whether `label` names a charset that decodes a page: not a bytes-to-bytes codec (base64, zlib), a
    text-to-text one (rot13), or one that fails on any page (undefined, idna, punycode). Tried as a page is
    decoded (with "replace"), on a little HTML with a non-ASCII character."""
    from crawler.charset import normalize_label

    if not (name := normalize_label(label)) or name in _ESCAPE_CODECS:
        return False
    try:
        "<p>中</p>".encode().decode(name, "replace")
    except (LookupError, UnicodeError):
        return False
    return True


class _ExtractJob(NamedTuple):
    charset: str | None
    rules: SiteRules | None
    timezone: str


async def _print_extracted(outcomes: AsyncIterator[tuple[str, Article | Exception]], as_json: bool,
                           explain: bool) -> int:
    """Print each input's article (or its error) as it comes; returns how many failed."""
    from crawler.extract import to_reference_format

    failures = 0
    async for name, outcome in outcomes:
        if isinstance(outcome, Exception):
            failures += 1
            reason = str(outcome) if isinstance(outcome, (OSError, PalimpsestError)) \
                else f"{type(outcome).__name__}: {outcome}"
            if as_json:
                echo_json({"file": name, "error": reason})
            click.echo(f"error: {name}: {reason}", err=True)
        elif as_json:
            echo_json({**outcome.to_dict(), "file": name, **({"explain": list(outcome.explain)} if explain else {})})
        else:
            click.echo(to_reference_format(outcome))
            if explain:
                click.echo("\n".join(f"# {line}" for line in outcome.explain), err=True)
    return failures


async def _extract_all(inputs: tuple[str, ...], base_url: str | None, job: _ExtractJob, processes: int,
                       timeout: float, fetch: FetchConfig) -> AsyncIterator[tuple[str, Article | Exception]]:
    """(input name, its article or the error) per input, in the order given. Pages are parsed in
    `processes` workers, a few ahead of the one being printed; with 0, here, one at a time."""
    from crawler.workers import workers_or_none

    async with workers_or_none(processes, timeout) as workers:
        ahead: deque[tuple[str, asyncio.Future[Article | Exception]]] = deque()
        try:
            for name, body, content_type, url in _read_inputs(inputs, base_url, fetch.max_body_bytes):
                if body is None:  # a URL: fetched here, in the loop
                    body, content_type = await _fetch_one(name, fetch)
                work = _extract_one(workers, name, body, content_type, url, job)
                ahead.append((name, asyncio.ensure_future(work)))
                while ahead and (len(ahead) > 2 * processes or ahead[0][1].done()):
                    name, future = ahead.popleft()
                    yield name, await future
            while ahead:
                name, future = ahead.popleft()
                yield name, await future
        finally:  # (stopped, Ctrl-C: the pages parsed ahead end before their workers are closed)
            await _cancelled([future for _, future in ahead])


async def _cancelled(futures: list[asyncio.Future[Any]]) -> None:
    for future in futures:
        future.cancel()
    await asyncio.gather(*futures, return_exceptions=True)


async def _extract_one(workers: Workers | None, name: str, body: bytes | Exception, content_type: str | None,
                       url: str | None, job: _ExtractJob) -> Article | Exception:
    from crawler.extract import extract as extract_article
    from crawler.fetch.result import media_type_of
    from crawler.fetch.sniff import HTML_TYPES, sniff_media_type

    if isinstance(body, Exception):
        return body
    if not body:
        return PalimpsestError("empty: no bytes to extract")
    if (media_type := sniff_media_type(body, media_type_of(content_type))) not in HTML_TYPES:  # as a crawl judges it
        return PalimpsestError(f"not an HTML page ({media_type})")
    try:
        if workers is None:
            return extract_article(body, url, content_type=content_type, charset=job.charset, rules=job.rules,
                                   timezone=job.timezone)
        return await workers.extract(body, url, content_type=content_type, charset=job.charset, rules=job.rules,
                                     timezone=job.timezone, label="")
    except Exception as exc:  # one bad page never stops the rest  # noqa: BLE001
        return exc


def _read_inputs(inputs: tuple[str, ...], base_url: str | None, most: int):  # noqa: ANN202 (a generator of tuples)
    """(name, bytes or the error, content type, base URL) per input; files are read lazily, one at a time, each up
    to `most` bytes. A URL comes without its bytes (None): the caller fetches it."""
    for name in inputs:
        if name == "-":
            yield name, _read_at_most(sys.stdin.buffer, most), None, base_url
        elif (scheme := _address_scheme(name)) in ("http", "https"):
            yield name, None, None, base_url or name
        elif scheme and not Path(name).exists():
            yield name, PalimpsestError(f"bad_url (only http and https are fetched, not {scheme!r})"), None, base_url
        else:
            yield name, _read_file(name, most), None, base_url


def _read_file(name: str, most: int) -> bytes | PalimpsestError:
    try:
        with open(name, "rb") as file:
            return _read_at_most(file, most)
    except OSError as exc:
        return PalimpsestError(exc.strerror or str(exc))


def _read_at_most(stream: BinaryIO, most: int) -> bytes | PalimpsestError:
    """The stream's bytes, or an error when there are more than `most`: an endless input (/dev/zero, a pipe that
    never ends) or a huge file would exhaust memory, as a page over it is refused when fetched."""
    body = stream.read(most + 1)
    if len(body) > most:
        return PalimpsestError(f"too_large (more than {most} bytes, [fetch] max_body_bytes)")
    return body


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def _address_scheme(name: str) -> str | None:
    """The scheme of an input written as an address (HTTPS://... too), lowercased; None for a path."""
    match = _SCHEME.match(name)
    return match.group(1).lower() if match else None


async def _fetch_one(url: str, options: FetchConfig) -> tuple[bytes | Exception, str | None]:
    from crawler.fetch import Fetcher

    async with Fetcher(options) as fetcher:
        result = await fetcher.fetch(url)
    if result.error:
        return PalimpsestError(result.describe()), None
    return result.body or b"", result.content_type


# ---- crawl and daemon -----------------------------------------------------------------------------------

def setup_logging(verbose: bool = False) -> None:
    import logging

    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "hpack", "apscheduler", "apprise"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@cli.command()
@common_options
@click.argument("sources", nargs=-1, type=TEXT)
@click.option("--all", "all_sources", is_flag=True, help="Crawl every source in the config.")
@click.option("-v", "--verbose", is_flag=True)
def crawl(sources: tuple[str, ...], all_sources: bool, verbose: bool) -> None:
    """Run SOURCES (or --all) once now, in the foreground, with live progress.

    Exits non-zero only when a run itself failed, not for individual page errors.
    """
    from crawler.progress import CrawlProgress
    from crawler.run import close_left_runs, crawl_source
    from store import Archive

    setup_logging(verbose)
    config = settings().config()
    if not sources and not all_sources:
        raise click.UsageError("name at least one source, or give --all")
    named = tuple(config.source(name) for name in dict.fromkeys(sources))  # (checked with --all too; each once)
    chosen = config.sources if all_sources else named
    if not chosen:
        raise PalimpsestError(f"{config.path}: no [[sources]] to crawl")

    async def run_all() -> list[Any]:
        from crawler.alerts import Notifier

        notifier = Notifier.from_config(config)
        with Archive(config.store.path) as archive, CrawlProgress() as progress:
            close_left_runs(archive)
            return [await crawl_source(config, archive, source, progress, notifier) for source in chosen]

    summaries = run_stoppable(run_all())
    for summary in summaries:
        click.echo(summary.line())
        for warning in summary.warnings():
            click.echo(f"warning: {warning}", err=True)
    sys.exit(1 if any(s.status != "ok" for s in summaries) else 0)


@cli.command()
@common_options
@click.option("-v", "--verbose", is_flag=True)
def daemon(verbose: bool) -> None:
    """Keep every source archived on its schedule until stopped (SIGTERM/SIGINT; SIGHUP reloads the config)."""
    from crawler.scheduler import Daemon

    setup_logging(verbose)
    context = settings()
    Daemon(context.config_path, context.db).run()


@cli.command()
@common_options
@click.option("--site-port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port of the demo site. The config's URLs must name it: the shipped config.toml's name 8000.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True,
              help="Port of the datasette browser.")
@click.option("--no-serve", is_flag=True, help="Run the site and the daemon only.")
def demo(site_port: int, port: int, no_serve: bool) -> None:
    """Serve the bundled demo site on 127.0.0.1, archive it with the daemon, and browse it in datasette.

    Within two minutes the store holds articles, a silently edited notice in several versions, and a gone page.
    Exits when the daemon does, with its status (2 for a config it refuses), after saying why.
    """
    import subprocess

    from crawler.demo.site import DemoSite
    from crawler.scheduler import check_schedulable

    context = settings()
    config = load_config(context.config_path, db=context.db)  # (as its daemon reads it: no defaults without a file)
    check_schedulable(config)
    if not no_serve:
        _check_can_bind("127.0.0.1", port)
    try:
        site = DemoSite(port=site_port).start()
    except OSError as exc:
        raise PalimpsestError(f"127.0.0.1:{site_port}: cannot serve the demo site ({exc.strerror})") from None
    shared = [*(["--config", context.config_path] if context.config_path else []), "--db", str(config.store.path)]
    command = [sys.executable, "-m", "crawler"]
    environment = {**os.environ, PARENT_VARIABLE: str(os.getpid())}
    daemon = subprocess.Popen([*command, "daemon", *shared], env=environment)
    children = [daemon]
    click.echo(f"demo site: {site.base}/index.html   store: {config.store.path}", err=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop the children on SIGTERM as on Ctrl-C
    stopped = False
    try:
        if not no_serve:
            Path(config.store.path).parent.mkdir(parents=True, exist_ok=True)
            if _wait_for_store(Path(config.store.path), daemon):
                children.append(subprocess.Popen([*command, "serve", *shared, "--port", str(port)], env=environment))
                click.echo(f"browse the archive: http://127.0.0.1:{port}/", err=True)
        daemon.wait()
    except KeyboardInterrupt:
        stopped = True
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(timeout=15)
        site.stop()
    if not stopped:  # the daemon ended by itself, having said why (a lock held, a store it cannot use)
        sys.exit(daemon.returncode or 1)


def _wait_for_store(path: Path, daemon: subprocess.Popen[bytes], timeout: float = 30) -> bool:
    """Wait for the daemon to make the store `serve` reads, at most `timeout` seconds; False when it ended first."""
    import time

    deadline = time.monotonic() + timeout
    while not path.exists() and daemon.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    return daemon.poll() is None
