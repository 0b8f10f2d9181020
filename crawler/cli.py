"""The `palimpsest` command. `palimpsest COMMAND --help` is the documentation."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from crawler.config import Config, load_config
from crawler.errors import PalimpsestError


class Context:
    """Options given before the subcommand; the subcommand's own options win."""

    def __init__(self, config_path: str | None, db: str | None) -> None:
        self.config_path, self.db = config_path, db

    def config(self) -> Config:
        return load_config(self.config_path, db=self.db)


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


def main() -> None:
    try:
        cli.main(prog_name="palimpsest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except PalimpsestError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


# ---- fetch ----------------------------------------------------------------------------------------------

@cli.command()
@common_options
@click.argument("urls", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print each result as one JSON object per line.")
def fetch(urls: tuple[str, ...], as_json: bool) -> None:
    """Fetch URLS once, store them, and print each article in the reference format."""
    from crawler.run import fetch_urls

    config = settings().config()
    failures = 0
    for result in asyncio.run(fetch_urls(config, list(urls))):
        if result.failed:
            failures += 1
            click.echo(f"error: {result.describe()}", err=True)
            if as_json:
                echo_json({"url": result.url, "error": result.error, "detail": result.detail})
            continue
        _print_article(result, as_json)
    sys.exit(1 if failures else 0)


def _print_article(result: Any, as_json: bool) -> None:
    from crawler.extract import to_reference_format

    if as_json:
        data = result.article.to_dict() if result.article else {}
        echo_json({"url": result.url, "change": result.change, "version": result.version, **data})
    elif result.article is not None:
        click.echo(to_reference_format(result.article))
    else:
        click.echo(f"{result.url}: {result.change} (version {result.version})")


# ---- reading back -------------------------------------------------------------------------------------------

def open_archive(readonly: bool = True) -> Any:
    from store import Archive

    config = settings().config()
    if readonly and not Path(config.store.path).exists():
        raise PalimpsestError(f"{config.store.path}: no store here yet (run `palimpsest fetch URL` first)")
    return Archive(config.store.path, readonly=readonly)


@cli.command()
@common_options
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per version.")
def history(url: str, as_json: bool) -> None:
    """List the stored versions of URL with first/last seen times and text hash."""
    from store.versions import versions

    with open_archive() as archive:
        rows = versions(archive.db, url)
    if not rows:
        raise PalimpsestError(f"{url}: no versions stored")
    for v in rows:
        if as_json:
            echo_json({"version": v.version, "title": v.title, "first_seen": v.first_seen,
                       "last_seen": v.last_seen, "text_sha256": v.text_sha256, "changed_chars": v.changed_chars})
        else:
            click.echo(f"v{v.version}  {v.first_seen} → {v.last_seen}  {v.text_sha256[:12]}  "
                       f"{v.changed_chars or 0:>5} chars changed  {v.title or ''}")


@cli.command()
@common_options
@click.argument("url")
@click.option("--from", "from_version", type=int, help="Older version (default: the one before --to).")
@click.option("--to", "to_version", type=int, help="Newer version (default: the latest).")
def diff(url: str, from_version: int | None, to_version: int | None) -> None:
    """Unified diff of two versions of URL (default: the latest two)."""
    from store.diff import unified
    from store.versions import version, versions

    with open_archive() as archive:
        numbers = [v.version for v in versions(archive.db, url)]
        if len(numbers) < 2 and (from_version is None or to_version is None):
            raise PalimpsestError(f"{url}: {len(numbers)} version(s) stored, nothing to compare")
        to_version = to_version or numbers[-1]
        from_version = from_version or to_version - 1
        old, new = version(archive.db, url, from_version), version(archive.db, url, to_version)
    for number, row in ((from_version, old), (to_version, new)):
        if row is None:
            raise PalimpsestError(f"{url}: no version {number} (stored: {', '.join(map(str, numbers))})")
    click.echo(unified(old.text, new.text, f"{url} v{from_version}", f"{url} v{to_version}"))


@cli.command()
@common_options
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def search(query: str, limit: int, as_json: bool) -> None:
    """Full-text search of stored articles (Chinese-aware; simplified finds traditional)."""
    from store.search import search_snapshots

    with open_archive() as archive:
        hits = search_snapshots(archive.db, query, limit=limit)
    for hit in hits:
        if as_json:
            echo_json(hit.__dict__)
        else:
            click.echo(f"{hit.published or hit.first_seen or '':<25} {hit.title or ''}\n  {hit.url} (v{hit.version})"
                       f"\n  {hit.snippet}")
    if not hits:
        click.echo("no matches", err=True)


@cli.command()
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind; anything else exposes it.")
@click.option("--port", default=8001, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Browse the archive in datasette (read-only)."""
    from store.datasette.serve import serve_archive

    config = settings().config()
    if not Path(config.store.path).exists():
        raise PalimpsestError(f"{config.store.path}: no store here yet (run `palimpsest fetch URL` first)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach this address can read the archive", err=True)
    serve_archive(config.store.path, host=host, port=port)
