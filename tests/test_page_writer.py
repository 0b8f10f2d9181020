"""The crawl's page writer: pages recorded from its own thread and connection, stored exactly as before."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

from crawler.config import Config
from crawler.fetch import Fetcher
from crawler.pipeline import PageResult, PageWriter, Pipeline
from store import Archive, CaptureRecord, SnapshotRecord
from store.search import search_snapshots
from tests.fetching import article, make_config
from tests.site import Site

# What a page's rows say, without ids and clocks (which differ between any two runs).
CONTENT = {
    "pages": "select url, host, source, gone_at is null, is_article, latest_version, revisit_step from pages",
    "captures": "select url, status, outcome, error, bytes, content_type, charset, body_sha256, article_score,"
                " version from captures",
    "snapshots": "select url, version, title, text, text_sha256, chars, changed_chars, language from snapshots",
    "bodies": "select sha256, size, stored_size, content from bodies",
    "events": "select url, kind, version, changed_chars, title from events",
}


def content(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {table: sorted(conn.execute(sql).fetchall(), key=repr) for table, sql in CONTENT.items()}


async def crawl(config: Config, urls: list[str], *, threaded: bool) -> list[PageResult]:
    with Archive(config.store.path) as archive, PageWriter(archive.path) as writer:
        async with Fetcher(config.fetch, robots=archive) as fetcher:
            pipeline = Pipeline(config, archive, fetcher, writer if threaded else None)
            return list(await asyncio.gather(*(pipeline.process(url, require_article=True) for url in urls)))


def test_pages_recorded_by_the_writer_are_stored_as_in_the_calling_thread(tmp_path: Path, site: Site) -> None:
    urls = [site.page(f"/news/{n}.html", article(f"国资委第{numeral}次会议部署改革工作", "在确保安全的前提下" * n))
            for n, numeral in enumerate("一二三四五六", start=1)]
    urls += [site.url("/news/missing.html"), site.page("/a.pdf", b"%PDF-1.4 ...", content_type="application/pdf")]
    stores = {}
    for threaded in (False, True):
        config = make_config(tmp_path / str(threaded))
        results = asyncio.run(crawl(config, urls, threaded=threaded))
        assert [r.change for r in results] == ["new"] * 6 + ["none", "new"]  # (the PDF: a file's first bytes)
        stores[threaded] = config.store.path
    assert content(stores[True]) == content(stores[False])
    with Archive(stores[True]) as archive:  # the index is written with the rows, and read by another connection
        assert {hit.url for hit in search_snapshots(archive.db, "第三次会议")} == {urls[2]}


def test_closing_finishes_the_page_being_written_and_drops_the_queued_ones(tmp_path: Path) -> None:
    def page(n: int) -> tuple[CaptureRecord, SnapshotRecord]:
        return (CaptureRecord(url=f"http://x.cn/{n}", fetched_at="2026-11-25T08:00:00Z", outcome="ok", status=200,
                              body=f"<p>第{n}页</p>".encode()),
                SnapshotRecord(title=f"第{n}页", text=f"火星基地召开第{n}次会议。"))

    release = threading.Event()
    writer = PageWriter(tmp_path / "archive.db")

    def slow_record(capture: CaptureRecord, snapshot: SnapshotRecord) -> object:
        release.wait(5)
        return writer.record(capture, snapshot)

    async def interrupted() -> None:
        tasks = [asyncio.create_task(writer.run(slow_record, *page(1))),
                 asyncio.create_task(writer.run(writer.record, *page(2)))]
        await asyncio.sleep(0.1)  # the first is in the writer's hands, the second waits its turn
        for task in tasks:
            task.cancel()
        threading.Timer(0.2, release.set).start()
        writer.close()  # returns once the first page is written
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(interrupted())
    with Archive(tmp_path / "archive.db") as archive:
        assert archive.db.execute("select url, version from snapshots").fetchall() == [("http://x.cn/1", 1)]
        assert archive.db.execute("select count(*) from captures where url = 'http://x.cn/2'").fetchone() == (0,)
        assert [hit.url for hit in search_snapshots(archive.db, "火星基地")] == ["http://x.cn/1"]


def test_two_writers_on_one_store_take_turns(tmp_path: Path) -> None:
    """Two runs at once (the daemon runs sources side by side): each page is one transaction, none fails."""
    def record(writer: PageWriter, n: int) -> object:
        capture = CaptureRecord(url=f"http://x.cn/{n}", fetched_at="2026-11-25T08:00:00Z", outcome="ok", status=200,
                                body=f"<p>第{n}页</p>".encode())
        return writer.record(capture, SnapshotRecord(title=f"第{n}页", text=f"火星基地召开第{n}次会议。" * 50),
                             is_article=True)

    async def both() -> list[object]:
        ladder = (3600.0, 7200.0)  # each final capture also moves its page along the revisit ladder
        path = tmp_path / "archive.db"
        with PageWriter(path, ladder) as first, PageWriter(path, ladder) as second:
            return await asyncio.gather(*(writer.run(record, writer, n) for n in range(200)
                                          for writer in (first, second)), return_exceptions=True)

    outcomes = asyncio.run(both())
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    with Archive(tmp_path / "archive.db") as archive:
        assert archive.db.execute("select count(*), max(version) from snapshots").fetchone() == (200, 1)
        assert archive.db.execute("select count(*) from captures").fetchone() == (400,)
        assert archive.db.execute("select count(*) from pages where next_visit is not null").fetchone() == (200,)


def test_a_paced_fetcher_sends_nothing_until_the_writer_has_room(tmp_path: Path, site: Site) -> None:
    url = site.page("/a.html", article())
    config = make_config(tmp_path)

    async def fetch_while_full() -> tuple[int, int]:
        room = asyncio.Event()

        async def pace() -> None:
            await room.wait()

        async with Fetcher(config.fetch, pace=pace) as fetcher:
            fetching = asyncio.create_task(fetcher.fetch(url))
            await asyncio.sleep(0.3)
            before = len(site.requests)  # the turn has come, but the writer is full
            room.set()
            result = await fetching
            return before, result.status

    assert asyncio.run(fetch_while_full()) == (0, 200)
    assert len(site.requests) == 1


def test_a_space_between_chinese_characters_is_no_new_version_and_a_new_title_is(tmp_path: Path) -> None:
    """An archive written by an extractor that kept a source line break between two Chinese characters
    as a space sees no edit in the same text without it; a rewritten headline is an edit."""
    text = "会议要求，各中央企业要切实做好复工复产工作。\nThe plan was approved."
    latin_edit = text.replace("plan was", "planwas")
    captures = [("国资委召开会议", text.replace("要切", "要 切")), ("国资委召开会议", text),
                ("国资委召开会议", latin_edit), ("国资委召开党委会议", latin_edit)]
    outcomes = []
    with Archive(tmp_path / "archive.db") as archive:
        for day, (title, body) in enumerate(captures, start=1):
            capture = CaptureRecord(url="http://127.0.0.1/a.html", fetched_at=f"2024-01-0{day}T00:00:00Z",
                                    outcome="ok", status=200, body=b"<p>x</p>")
            outcomes.append(archive.record(capture, SnapshotRecord(title, body)))
    assert [(o.change, o.version) for o in outcomes] == [("new", 1), ("unchanged", 1), ("changed", 2), ("changed", 3)]


def test_a_tables_rows_read_across_are_no_new_version_and_an_edited_cell_is(tmp_path: Path) -> None:
    """An archive written when a table's cells were a line each sees no edit in the same table read a row
    to a line; a cell's new value is an edit."""
    cells = "会议名单如下。\n序号\n姓名\n职务\n1\n张明\n项目经理"
    rows = "会议名单如下。\n序号 | 姓名 | 职务\n1 | 张明 | 项目经理"
    outcomes = []
    with Archive(tmp_path / "archive.db") as archive:
        for day, text in enumerate((cells, rows, rows.replace("项目经理", "总经理")), start=1):
            capture = CaptureRecord(url="http://127.0.0.1/a.html", fetched_at=f"2024-01-0{day}T00:00:00Z",
                                    outcome="ok", status=200, body=b"<p>x</p>")
            outcomes.append(archive.record(capture, SnapshotRecord("名单公示", text)))
    assert [(o.change, o.version) for o in outcomes] == [("new", 1), ("unchanged", 1), ("changed", 2)]


def record_all(path: Path, snapshots: list[SnapshotRecord]) -> list[tuple[str, int | None]]:
    """Record each snapshot as the next day's capture of one page; (change, version) of each."""
    with Archive(path) as archive:
        return [(outcome.change, outcome.version) for outcome in (
            archive.record(CaptureRecord(url="http://127.0.0.1/a.html", fetched_at=f"2024-01-{day:02}T00:00:00Z",
                                         outcome="ok", status=200, body=f"<p>{day}</p>".encode()), snapshot)
            for day, snapshot in enumerate(snapshots, start=1))]


def test_spaces_set_beside_chinese_text_or_quotes_are_no_new_version(tmp_path: Path) -> None:
    """Editors add and drop the spaces that set Latin words, numbers and quotes apart from Chinese text (pangu
    spacing); the words are the same. A word changed beside them is an edit."""
    text = "会议提出“三个坚持”，建成5G网络基站3000余座。\nThe plan was approved."
    spaced = "会议提出 “三个坚持” ，建成 5G 网络基站 3000 余座。\nThe plan was approved."
    edited = spaced.replace("3000", "3500")
    snapshots = [SnapshotRecord("国资委召开会议", body) for body in (text, spaced, edited)]
    assert record_all(tmp_path / "archive.db", snapshots) == [("new", 1), ("unchanged", 1), ("changed", 2)]


def test_a_space_between_a_number_and_a_latin_word_is_no_new_version_but_between_two_numbers_it_is(
        tmp_path: Path) -> None:
    text = "算力规模达到100PFlops，升级至Windows10系统，共2 3批。"
    spaced = "算力规模达到100 PFlops，升级至Windows 10系统，共2 3批。"
    joined = spaced.replace("2 3批", "23批")  # (two batches of numbers, or twenty-three: a real edit)
    snapshots = [SnapshotRecord("国资委召开会议", body) for body in (text, spaced, joined)]
    assert record_all(tmp_path / "archive.db", snapshots) == [("new", 1), ("unchanged", 1), ("changed", 2)]


def test_a_new_date_author_or_source_is_a_new_version(tmp_path: Path) -> None:
    """A notice re-dated or re-attributed on the same text is an edit: the archive must not say the old date was
    still on the page."""
    text = "会议要求，各中央企业要切实做好复工复产工作。"
    first = SnapshotRecord("国资委召开会议", text, published="2024-01-02T10:00:00+08:00", author="张三",
                           source="集团新闻中心")
    snapshots = [first, first, replace(first, published="2024-01-03T10:00:00+08:00"),
                 replace(first, published="2024-01-03T10:00:00+08:00", author="李四"),
                 replace(first, published="2024-01-03T10:00:00+08:00", author="李四", source="人民日报")]
    path = tmp_path / "archive.db"
    assert record_all(path, snapshots) == [("new", 1), ("unchanged", 1), ("changed", 2), ("changed", 3),
                                           ("changed", 4)]
    with Archive(path) as archive:
        stored = archive.db.execute("SELECT published, author, source, changed_chars FROM snapshots"
                                    " ORDER BY version").fetchall()
    assert stored[1][0] == "2024-01-03T10:00:00+08:00" and stored[3][1:3] == ("李四", "人民日报")
    assert stored[2][3] == 4 and stored[1][3] > 0 and stored[3][3] > 0  # (张三 out, 李四 in: the field's changes)


def test_a_failed_visit_keeps_an_article_on_its_rung_of_the_revisit_ladder(tmp_path: Path) -> None:
    """An outage says nothing of whether the page changed: it must not push a new article toward the monthly rung."""
    url, ladder = "http://x.cn/a.html", (3600.0, 21600.0, 86400.0)
    visits = [("ok", SnapshotRecord("国资委召开会议", "各单位要认真开展安全检查。")), ("error", None), ("error", None),
              ("ok", SnapshotRecord("国资委召开会议", "各单位要认真开展安全检查。")), ("robots", None), ("empty", None)]
    steps = []
    with PageWriter(tmp_path / "archive.db", ladder) as writer:
        for day, (outcome, snapshot) in enumerate(visits, start=1):
            writer.record(CaptureRecord(url=url, fetched_at=f"2026-11-{day:02}T08:00:00Z", outcome=outcome,
                                        error=None if outcome == "ok" else outcome), snapshot, is_article=True)
            steps.append(writer.archive.db.execute("select revisit_step from pages").fetchone()[0])
    assert steps == [0, 0, 0, 1, 1, 1]  # (new: the first rung; unchanged: one slower; failed: where it was)
