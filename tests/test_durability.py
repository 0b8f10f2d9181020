"""Crash safety and a hostile environment: real `crawl` processes killed mid-run, on real stores."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.hostile import InFlight
from tests.site import Site
from tests.test_crawl_cli import listing_source
from tests.test_daemon import article


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def slow_listing(site: Site, tmp_path: Path, pages: int = 6, hold: float = 1.0) -> Path:
    """A source `s` whose listing links `pages` articles, each answering after `hold` seconds."""
    items = "".join(f'<li><a href="/news/{n}.html">{n}</a></li>' for n in range(pages))
    site.page("/list.html", f'<html><body><ul class="list">{items}</ul></body></html>')
    for n in range(pages):
        site.handler(f"/news/{n}.html", InFlight(article(f"国资委部署第{n}项工作").encode(), hold=hold))
    return listing_source(tmp_path, site)


def crawl_in_the_middle(config: Path, site: Site) -> subprocess.Popen[str]:
    """A `crawl s` process, returned once it is fetching its first article."""
    command = [sys.executable, "-m", "crawler", "crawl", "s", "--config", str(config)]
    crawl = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not site.hits("/news/0.html") and time.monotonic() < deadline:
        time.sleep(0.05)
    return crawl


def test_a_crawl_marks_interrupted_the_run_of_a_crawl_killed_before_it(tmp_path: Path, site: Site) -> None:
    """`kill -9` (the OOM killer, a power cut) leaves a run `running`: the next `crawl`, not only a daemon's
    start, marks it interrupted and removes its lock file, so no run stays `running` for good."""
    config = slow_listing(site, tmp_path)
    crawl = crawl_in_the_middle(config, site)
    crawl.kill()
    crawl.communicate(timeout=30)
    db = tmp_path / "archive.db"
    assert rows(db, "select id, status from runs") == [(1, "running")]
    again = run_cli("crawl", "s", "--config", str(config))
    assert again.returncode == 0, again.stderr
    assert "1 run(s) left unfinished by an earlier stop were marked interrupted" in again.stderr
    assert rows(db, "select id, status, ended_at is not null from runs") == [(1, "interrupted", 1), (2, "ok", 1)]
    assert not list(tmp_path.glob("archive.db.run*.lock"))


def test_a_crawl_whose_terminal_hangs_up_marks_its_run_interrupted(tmp_path: Path, site: Site) -> None:
    """SIGHUP (the terminal or SSH session closed) stops a crawl as SIGTERM does, not at once with its run left
    `running`."""
    crawl = crawl_in_the_middle(slow_listing(site, tmp_path), site)
    try:
        crawl.send_signal(signal.SIGHUP)
        _, stderr = crawl.communicate(timeout=30)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    assert (crawl.returncode, stderr.splitlines()[-1:]) == (129, ["stopped by SIGHUP"])
    assert rows(tmp_path / "archive.db", "select status, error from runs") == [
        ("interrupted", "stopped before the run finished")]


def cli_with_file_size_limit(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m crawler ARGS` whose files may not grow past `limit` bytes (as `ulimit -f` sets it)."""
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, preexec_fn=limited)


def test_a_store_past_a_file_size_limit_is_named_unwritable_not_another_programs_file(tmp_path: Path,
                                                                                       config_file: Path,
                                                                                       site: Site) -> None:
    """SQLite says "disk I/O error" where a write fails below it (a file size limit, a failing disk): the store
    is an archive that cannot be written, not "not a palimpsest archive"."""
    text = "".join(f"<p>第{n}段：{os.urandom(400).hex()}。</p>" for n in range(40))
    url = site.page("/big.html", f"<html><head><title>大文件</title></head><body>{text}</body></html>")
    result = cli_with_file_size_limit(200_000, "fetch", url, "--config", str(config_file))
    db = tmp_path / "archive.db"
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"error: {db}: cannot read or write it (disk I/O error: a failing disk, or a file size limit such as "
        "ulimit -f)"]
    assert rows(db, "pragma integrity_check") == [("ok",)] and rows(db, "select count(*) from captures") == [(0,)]


def test_a_store_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path, config_file: Path) -> None:
    """A named pipe would hang every reader for good (SQLite's open waits for a writer), and a device is no
    archive: both are refused in one line, as not a regular file."""
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    for store in (fifo, Path("/dev/null")):
        for command in (["verify"], ["history", "http://127.0.0.1/a.html"], ["fetch", "http://127.0.0.1:9/a.html"]):
            result = run_cli("--db", str(store), *command, "--config", str(config_file), timeout=30)
            assert (result.returncode, result.stderr.splitlines()) == (2, [
                f"error: {store}: not a regular file (a named pipe, socket or device): a store is an SQLite file"])


def test_a_discovery_stopped_before_its_readers_start_leaves_no_coroutine_unawaited() -> None:
    """Ctrl-C in a crawl's first second stopped discovery before its readers began: Python printed `coroutine
    'read_listing' was never awaited` on the terminal after `aborted`."""
    import asyncio
    import gc
    import warnings

    from crawler.config import Listing, Source
    from crawler.discover import discover

    async def unreached(url: str) -> None:
        raise AssertionError(f"fetched {url}")

    source = Source("s", urls=("http://127.0.0.1/a.html",), feeds=("http://127.0.0.1/rss.xml",),
                    sitemaps=("http://127.0.0.1/sitemap.xml",), follow_depth=1,
                    listings=(Listing("http://127.0.0.1/list.html", links="a"),))

    async def stopped_at_once() -> None:
        task = asyncio.create_task(discover(source, unreached))
        await asyncio.sleep(0)  # (it has made its readers' tasks, which have not begun)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(stopped_at_once())
        gc.collect()
    assert [str(w.message) for w in caught if "never awaited" in str(w.message)] == []


def test_export_never_replaces_the_store_it_reads(tmp_path: Path, config_file: Path, site: Site) -> None:
    """`export --force` onto the store's own path (or a hard link to it) wrote the WARC over the archive: every
    capture and version was gone."""
    url = site.page("/news/1.html", article("国资委部署第1项工作"))
    assert run_cli("fetch", url, "--config", str(config_file)).returncode == 0
    db = tmp_path / "archive.db"
    os.link(db, tmp_path / "same.db")
    for output in (db, tmp_path / "same.db"):
        result = run_cli("export", "--force", str(output), "--config", str(config_file))
        assert (result.returncode, result.stderr.splitlines()) == (2, [
            f"error: {output}: is the archive's own file ({db}): the WARC would replace the archive; give another "
            "OUTPUT"])
    assert rows(db, "select count(*) from snapshots") == [(1,)]
    assert run_cli("verify", "--config", str(config_file)).returncode == 0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie left unreaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_ctrl_c_while_extracts_workers_start_stops_it(tmp_path: Path) -> None:
    """Ctrl-C while `extract`'s parsing worker was starting (its first half second; here its start is made slow)
    left asyncio waiting for good for the process it was making: `extract` hung until killed."""
    (tmp_path / "sitecustomize.py").write_text(
        "import sys, time\nif sys.orig_argv[-2:] == ['-m', 'crawler.workers']:\n    time.sleep(3)\n")
    page = tmp_path / "page.html"
    page.write_bytes(article("国资委部署工作").encode())
    extract = subprocess.Popen([sys.executable, "-m", "crawler", "extract", *[str(page)] * 5], cwd=tmp_path,
                               env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not children(extract.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        [worker] = children(extract.pid)
        extract.send_signal(signal.SIGINT)
        _, stderr = extract.communicate(timeout=20)
    finally:
        if extract.poll() is None:
            extract.kill()
    assert (extract.returncode, stderr.strip().splitlines()) == (130, ["aborted"])
    assert not Path(f"/proc/{worker}").exists()


def test_a_daemon_whose_store_is_removed_stops_within_seconds_and_says_so(tmp_path: Path, site: Site) -> None:
    """A store deleted (or replaced by a backup moved over it) while the daemon runs: its connection went on
    writing the deleted file, lost at its stop, while each run's page writer made a new store at the path, and the
    runs failed as "FOREIGN KEY constraint failed". It stops instead, naming the store and why."""
    from tests.test_daemon import Daemon, wait_for, write_config

    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    db = tmp_path / "archive.db"
    daemon = Daemon(write_config(tmp_path, site, every="1h"))  # (no run comes before it is checked again)
    try:
        wait_for(lambda: db.exists() and rows(db, "select count(*) from runs where status = 'ok'") >= [(1,)],
                 what="a first run")
        for name in ("archive.db", "archive.db-wal", "archive.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        daemon.process.wait(timeout=30)
    finally:
        if daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait()
    assert daemon.process.returncode == 2
    assert daemon.output().splitlines()[-1] == (
        f"error: {db}: removed or replaced since the daemon opened it: stopped (start it again to archive into the "
        "file there now)")
    assert not db.exists()


def test_a_config_that_never_ends_is_refused_in_one_line(tmp_path: Path) -> None:
    """`--config /dev/zero` (or a log file given by mistake) was read whole into memory: a MemoryError traceback,
    or the machine's memory, before a word. (Under a memory limit here, so the old reading cannot take it all.)"""
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run([sys.executable, "-m", "crawler", "--config", "/dev/zero", "verify"], capture_output=True,
                            text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
                            preexec_fn=limited)
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        "error: /dev/zero: cannot read config: larger than 16 MiB, which no config is"])


def test_a_config_read_from_a_pipe_is_read_once(tmp_path: Path, config_file: Path, site: Site) -> None:
    """`--config <(...)` or `--config /dev/stdin`: a command that asked for its config twice read the pipe empty the
    second time, and `verify` named the default store, data/archive.db, for the one it had checked."""
    url = site.page("/news/1.html", article("国资委部署第1项工作"))
    assert run_cli("fetch", url, "--config", str(config_file)).returncode == 0
    result = subprocess.run([sys.executable, "-m", "crawler", "--config", "/dev/stdin", "verify"], cwd=tmp_path,
                            input=config_file.read_text(encoding="utf-8"), capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith(f"{tmp_path / 'archive.db'}: sound ("), result.stdout


def test_the_daemon_of_a_demo_killed_with_sigkill_ends_with_it(tmp_path: Path) -> None:
    """`kill -9` of `palimpsest demo` (or a crash) left its daemon running for good, holding the store's lock
    (the next demo refused to start) and archiving a site gone with the demo."""
    from tests.test_crawl_cli import free_port

    site_port = free_port()
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace("127.0.0.1:8000", f"127.0.0.1:{site_port}")
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    demo = subprocess.Popen([sys.executable, "-m", "crawler", "demo", "--config", str(config), "--db",
                             str(tmp_path / "archive.db"), "--site-port", str(site_port), "--no-serve"],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not children(demo.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        [daemon] = children(demo.pid)
        demo.kill()
        demo.wait()
        deadline = time.monotonic() + 20
        while alive(daemon) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(daemon)
    finally:
        if demo.poll() is None:
            demo.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(demo.pid, signal.SIGKILL)


def test_a_daemon_whose_lock_file_is_removed_takes_it_again_and_keeps_a_second_one_out(tmp_path: Path,
                                                                                        site: Site) -> None:
    """`rm archive.db.lock` (taken for a stale lock) let a second daemon start beside the first, for good: the
    first held its lock on a file no longer there. It makes and takes its lock file again within seconds."""
    from tests.test_daemon import Daemon, wait_for, write_config

    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    db = tmp_path / "archive.db"
    config = write_config(tmp_path, site, every="1h")  # (no run comes before it is checked again)
    first = Daemon(config)
    second: Daemon | None = None
    try:
        wait_for(lambda: db.exists() and rows(db, "select count(*) from runs where status = 'ok'") >= [(1,)],
                 what="a first run")
        (tmp_path / "archive.db.lock").unlink()
        wait_for(lambda: (tmp_path / "archive.db.lock").exists(), what="the lock file made again")
        second = Daemon(config)
        assert second.process.wait(timeout=30) == 2
        assert "another daemon is running on this store" in second.output()
        assert first.process.poll() is None
    finally:
        for daemon in (first, second):
            if daemon is not None and daemon.process.poll() is None:
                daemon.process.kill()
                daemon.process.wait()


@pytest.mark.parametrize("encoding", ["gbk", "latin-1"])
def test_output_to_a_terminal_of_another_charset_is_written_not_a_traceback(tmp_path: Path, config_file: Path,
                                                                           site: Site, encoding: str) -> None:
    """A zh_CN.GBK (or Latin-1) locale: `search` piped printed its ⟦ ⟧ marks, which GBK cannot encode, and every
    reader a page's Chinese, which Latin-1 cannot: a UnicodeEncodeError traceback. Text goes out with what the
    charset cannot hold replaced; JSON goes out whole, escaped."""
    url = site.page("/news/1.html", article("国资委部署第1项工作"))
    assert run_cli("fetch", url, "--config", str(config_file)).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
    for command in (["search", "国资委"], ["history", url], ["fetch", url]):
        result = subprocess.run([sys.executable, "-m", "crawler", *command, "--config", str(config_file)],
                                capture_output=True, env=env, timeout=60)
        assert (result.returncode, b"Traceback" in result.stderr) == (0, False), result.stderr
    result = subprocess.run([sys.executable, "-m", "crawler", "fetch", "--json", url, "--config", str(config_file)],
                            capture_output=True, env=env, timeout=60)
    assert json.loads(result.stdout.decode(encoding))["title"] == "国资委部署第1项工作"



def test_a_daemon_whose_working_folder_is_removed_goes_on_archiving(tmp_path: Path, site: Site) -> None:
    """A daemon started in a release folder that a deploy then removed: Python could not start a parsing worker in
    the folder gone ("failed to make path absolute", its import path holding an editable install's relative entry),
    so every page of every later run failed (300 errors a run), and the archive silently stopped."""
    from tests.test_daemon import wait_for, write_config

    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    db = tmp_path / "archive.db"
    release = tmp_path / "release"
    release.mkdir()
    daemon = subprocess.Popen([sys.executable, "-m", "crawler", "daemon", "--config",
                               str(write_config(tmp_path, site, every="1s"))], cwd=release,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: db.exists() and rows(db, "select count(*) from runs where status = 'ok'") >= [(1,)],
                 what="a first run")
        release.rmdir()
        runs = rows(db, "select max(id) from runs")[0][0]
        wait_for(lambda: rows(db, f"select count(*) from runs where id > {runs} and status != 'running'") >= [(2,)],
                 what="two runs after the removal")
        assert rows(db, f"select status, errors from runs where id > {runs} and status != 'running'")[:2] == [
            ("ok", 0), ("ok", 0)]
    finally:
        daemon.kill()
        daemon.wait()


def test_a_command_run_in_a_removed_folder_says_so_in_one_line(tmp_path: Path, config_file: Path) -> None:
    """A shell left in a folder that was removed: a library's import asked for the working folder and every command
    ended in a FileNotFoundError traceback."""
    gone = tmp_path / "release"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m crawler verify --config "{config_file}"'
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        "error: the working folder was removed: cd to a folder that exists"])
