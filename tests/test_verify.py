"""`palimpsest verify`: fixity of a real archive, before and after damage done to it with SQL or to its bytes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.fetching import TITLE, article, make_config, process
from tests.hostile import Validated
from tests.site import Site
from tests.test_fetch_article_pages import part_page


def damage(db: Path, *statements: tuple[str, tuple]) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql, params in statements:
            conn.execute(sql, params)


def test_verify_finds_each_kind_of_damage_and_nothing_in_a_sound_archive(site: Site, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    one, two = site.page("/news/1.html", article()), site.page("/news/2.html", article(title="第二篇文章的标题"))
    process(config, one)
    process(config, two)  # (one after the other: capture 2 is the second page's)
    db = config.store.path
    sound = run_cli("verify", "--db", str(db), cwd=tmp_path)
    assert sound.returncode == 0, sound.stderr
    assert sound.stdout.strip() == f"{db}: sound (2 bodies (0.0 MB), 2 captures, 2 versions)"
    with sqlite3.connect(db) as conn:
        (first, second), = [tuple(d for (d,) in conn.execute("select body_sha256 from captures order by id"))]
    damage(db, ("update bodies set content = ? where sha256 = ?", (zlib.compress(b"<html>other</html>"), first)),
           ("delete from bodies where sha256 = ?", (second,)),
           ("update snapshots set text = text || '（改）' where url = ?", (two,)))
    result = run_cli("verify", "--db", str(db), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem: ")]
    assert problems[0].startswith(f"problem: body {first}: its bytes hash to ")
    assert problems[1] == f"problem: capture 2 ({two}): its body {second} is missing"
    assert problems[2].startswith(f"problem: {two} v1: its text no longer matches its hash")
    assert len(problems) == 3 and result.stderr.splitlines()[-1].startswith(f"{db}: 3 problem(s) in 1 bodies")


SPLIT = ["content_123.htm", "content_123_2.htm"]
TAMPERED = {  # a row changed in SQL since it was stored, as an archivist's edit or a faulty tool might change it
    "title": "update snapshots set title = '伪造的标题', published = '2019-01-01' where url = ?",
    "capture's body": "update captures set body_sha256 = (select body_sha256 from captures where id = 2)"
                      " where url = ?",
    "raw bytes": "update snapshots set raw_sha256 = '" + "0" * 64 + "' where url = ?",
}


def test_verify_names_each_row_changed_since_it_was_stored(site: Site, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    one, two = site.page("/news/1.html", article()), site.page("/news/2.html", article(title="第二篇文章的标题"))
    process(config, one)  # (one after the other: the rows below name them by id, 1 then 2)
    process(config, two)
    stored = config.store.path
    # Versions whose raw bytes are no capture's body, soundly: an article over pages (its pages' hashes hashed),
    # edited on its second page while its first answers 304 (which keeps no body).
    pages = [Validated(part_page(n, 2).encode(), etag=f'"p{n}"') for n in (1, 2)]
    split = [site.handler(f"/news/{name}", page) for name, page in zip(SPLIT, pages, strict=True)][0]
    process(config, split)
    pages[1].body, pages[1].etag = part_page(2, 2, "（有修改）").encode(), '"p2-edited"'
    assert [result.change for result in process(config, split)] == ["changed"]
    sound = run_cli("verify", "--db", str(stored), cwd=tmp_path)
    assert sound.returncode == 0 and " sound (" in sound.stdout, sound.stderr
    with sqlite3.connect(stored) as conn:
        (first, second), = [tuple(d[:12] for (d,) in conn.execute("select body_sha256 from captures where id <= 2"))]
        (size,) = conn.execute("select size from bodies where sha256 like ?", [f"{second}%"]).fetchone()
        (fetched,) = conn.execute("select bytes from captures where id = 1").fetchone()
    found = {}
    for name, sql in TAMPERED.items():  # (was: "sound" after each)
        db = tmp_path / f"{name}.db"
        db.write_bytes(stored.read_bytes())
        damage(db, (sql, (one,)))
        result = run_cli("verify", "--db", str(db), cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        found[name] = [line.removeprefix("problem: ") for line in result.stderr.splitlines()[:-1]]
    assert found == {
        "title": [f"{one} v1: its title '伪造的标题' is not the one recorded when it was stored ('{TITLE}')"],
        "capture's body": [f"capture 1 ({one}): its body {second} is {size} bytes, where {fetched} were fetched",
                           f"{one} v1: read from {first}, which is not the body of its capture 1 ({second})"],
        "raw bytes": [f"{one} v1: the raw bytes it was read from (000000000000) are not in the store"],
    }


def test_verify_names_a_body_that_cannot_be_decompressed(site: Site, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    process(config, site.page("/news/1.html", article()))
    damage(config.store.path, ("update bodies set content = substr(content, 1, 20)", ()))
    result = run_cli("verify", "--db", str(config.store.path), cwd=tmp_path)
    assert result.returncode == 1 and "cannot be decompressed" in result.stderr


def test_verify_names_a_text_damaged_past_utf8_and_goes_on(site: Site, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    one, two = site.page("/news/1.html", article()), site.page("/news/2.html", article(title="第二篇文章的标题"))
    process(config, one)
    process(config, two)
    damage(config.store.path, ("update snapshots set text = cast(x'ff41' as text) where url = ?", (one,)))
    result = run_cli("verify", "--db", str(config.store.path), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem: ")]
    assert len(problems) == 1 and problems[0].startswith(f"problem: {one} v1: its text no longer matches its hash")
    assert "2 versions" in result.stderr.splitlines()[-1]  # (the check read on, past the damaged row)


@pytest.mark.parametrize("where", [0.3, 0.5])
def test_verify_reports_a_file_damaged_past_reading_in_one_line_each(site: Site, tmp_path: Path, where: float) -> None:
    config = make_config(tmp_path)
    for n in range(6):  # (bodies that do not compress away: the file spans many pages)
        body = article(title=f"第{n}篇文章的标题") + bytes(range(256)) * 200 + str(n).encode() * 5000
        process(config, site.page(f"/news/{n}.html", body))
    db = config.store.path
    data = bytearray(db.read_bytes())
    start = int(len(data) * where)
    data[start:start + 8192] = b"\xa5" * 8192  # (a failing disk's garbage over two pages)
    db.write_bytes(bytes(data))
    result = run_cli("verify", "--db", str(db), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    *problems, summary = result.stderr.splitlines()
    assert problems and all(line.startswith("problem: sqlite: ") for line in problems), problems
    assert summary.startswith(f"{db}: {len(problems)} problem(s) in ")


def test_verify_ends_when_asked_to_stop_and_names_no_damage(site: Site, tmp_path: Path) -> None:
    from store import Archive
    from store.verify import verify

    config = make_config(tmp_path)
    process(config, site.page("/news/1.html", article()), site.page("/news/2.html", article(title="第二篇文章的标题")))
    asked = []

    def stop_at_the_second_row() -> bool:
        asked.append(1)
        return len(asked) > 2  # (once at the start, once a row)

    with Archive(config.store.path, readonly=True) as archive:
        report = verify(archive.db, stop_at_the_second_row)
        assert report.stopped and report.sound and (report.bodies, report.versions) == (1, 0)
        whole = verify(archive.db)
        assert not whole.stopped and whole.sound and (whole.bodies, whole.versions) == (2, 2)


# SQLite's own check of a store so large it takes minutes, as an endless statement stands for here.
ENDLESS_CHECK = """import store.verify
sqlite_problems = store.verify._sqlite_problems
def endless(db):
    db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c").fetchone()
    return sqlite_problems(db)
store.verify._sqlite_problems = endless
from crawler.cli import main
main()
"""


def test_ctrl_c_ends_verify_within_sqlites_own_long_check(site: Site, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    process(config, site.page("/news/1.html", article()))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    check = subprocess.Popen([sys.executable, "-c", ENDLESS_CHECK, "verify", "--db", str(config.store.path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        time.sleep(1.5)
        check.send_signal(signal.SIGINT)
        asked = time.monotonic()
        out, err = check.communicate(timeout=30)
    finally:
        check.kill()  # (a check that never ends must not outlive the test)
    assert time.monotonic() - asked < 3 and check.returncode == 130, err
    assert err.strip() == "aborted" and out == "" and "Traceback" not in err
