"""Chinese-aware search on a real archive file built from the seed texts through the store's write API."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from store import Archive, CaptureRecord, SnapshotRecord
from store.schema import SCHEMA_VERSION
from store.search import (
    HAN,
    Hit,
    QueryError,
    fold,
    index_tokens,
    match_query,
    query_terms,
    rebuild_index,
    search_snapshots,
    snippet,
)
from tests.archive_builder import DELETED_WORDS, TRADITIONAL_URL, VERSIONED_URL, build_archive
from tests.conftest import ROOT, run_cli


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    path = build_archive(tmp_path / "archive.db")
    with Archive(path) as archive:
        yield archive


def shown(text: str, query: str, **options: int) -> str:
    """The snippet with its matches in brackets, to read in an assertion."""
    return snippet(text, query, marks=("[", "]"), **options)


def found(hit: Hit) -> list[str]:
    """The words a hit's snippet says were found, read at its offsets."""
    return [hit.snippet[start:end] for start, end in hit.matches]


def urls(archive: Archive, query: str) -> set[str]:
    return {hit.url for hit in search_snapshots(archive.db, query)}


def default_tokenizer_count(archive: Archive, word: str) -> int:
    """What FTS5 on the raw text would find: the baseline the bigram index exists to beat."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    db.executemany("INSERT INTO t VALUES (?)", archive.db.execute("SELECT text FROM snapshots").fetchall())
    return db.execute("SELECT count(*) FROM t WHERE t MATCH ?", [f'"{word}"']).fetchone()[0]


def test_a_two_character_word_inside_a_sentence_is_found(archive: Archive) -> None:
    assert default_tokenizer_count(archive, "疫情") == 0  # the problem: one token per run of Han characters
    assert VERSIONED_URL in urls(archive, "疫情")
    assert TRADITIONAL_URL in urls(archive, "疫情")


def test_simplified_query_finds_traditional_text_and_the_reverse(archive: Archive) -> None:
    assert TRADITIONAL_URL in urls(archive, "复工")  # the text says 復工 (after pinyin repair of 復(fù)工)
    assert TRADITIONAL_URL in urls(archive, "本钢集团")
    assert VERSIONED_URL in urls(archive, "中鋁集團")


def test_a_word_must_be_adjacent_characters_not_scattered_ones(archive: Archive) -> None:
    assert urls(archive, "团本") == set()  # 团 and 本 both occur, never side by side
    assert urls(archive, "姚林") == {VERSIONED_URL}


def test_mixed_chinese_and_latin_query(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        for i, text in enumerate(["华为发布5G手机，支持Wi-Fi 6。", "华为发布平板电脑。", "小米发布5G手机。"]):
            archive.record(CaptureRecord(url=f"http://x.cn/{i}", fetched_at="2026-01-01T00:00:00Z", outcome="ok"),
                           SnapshotRecord(title=None, text=text))
        assert urls(archive, "华为 5G") == {"http://x.cn/0"}
        assert urls(archive, "华为5g") == {"http://x.cn/0"}
        assert urls(archive, "wi-fi") == {"http://x.cn/0"}
        assert urls(archive, "平板 OR 小米") == {"http://x.cn/1", "http://x.cn/2"}


def test_phrases_keep_their_words_in_order(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        for i, text in enumerate(["疫情防控工作取得成效", "防控疫情的工作", "new energy vehicles", "energy is new"]):
            archive.record(CaptureRecord(url=f"http://x.cn/{i}", fetched_at="2026-01-01T00:00:00Z", outcome="ok"),
                           SnapshotRecord(title=None, text=text))
        assert urls(archive, '"疫情防控"') == {"http://x.cn/0"}
        assert urls(archive, '"疫情 防控"') == {"http://x.cn/0"}
        assert urls(archive, "疫情 防控") == {"http://x.cn/0", "http://x.cn/1"}
        assert urls(archive, '"new energy"') == {"http://x.cn/2"}
        assert urls(archive, "new energy") == {"http://x.cn/2", "http://x.cn/3"}


def test_queries_with_nothing_searchable_or_fts_syntax_do_not_fail(archive: Archive) -> None:
    for query in ["", "，。！", '"', "AND", "NEAR(", "*", "a:b", "OR", "-", "NOT", '-"', "复工 NOT -", "( OR )"]:
        try:
            search_snapshots(archive.db, query)
        except QueryError as error:  # said in one line, never an sqlite3.OperationalError
            assert str(error) and "\n" not in str(error)


def test_and_is_a_space_and_not_or_a_minus_leaves_a_word_out(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        store_texts(archive, ["会议研究部署复工复产和疫情防控工作。", "会议研究部署复工复产工作。",
                              "疫情防控 and more"])
        assert urls(archive, "复工 AND 疫情") == urls(archive, "复工 疫情") == {"http://x.cn/0"}
        assert urls(archive, "复工 NOT 疫情") == urls(archive, "复工 -疫情") == {"http://x.cn/1"}
        assert urls(archive, '复工 -"疫情 防控"') == urls(archive, "NOT 疫情 复工") == {"http://x.cn/1"}
        assert urls(archive, "会议 OR 疫情 AND NOT 复产") == {"http://x.cn/2"}
        assert urls(archive, "疫情 and") == {"http://x.cn/2"}  # only capitals are operators: "and" is a word
        assert urls(archive, "复工 ＡＮＤ 会议 －疫情") == {"http://x.cn/1"}  # as a Chinese keyboard types them


def test_an_ill_formed_query_says_why_in_one_line() -> None:
    for query in ["-疫情", "NOT 疫情", "复工 NOT", "复工 -", "AND 复工", "复工 OR", "OR", "复工 AND OR 疫情",
                  "复工 OR -疫情", "复工 -疫情 OR 复产", "复工 NOT NOT 疫情", "，。！", "复工 -，"]:
        with pytest.raises(QueryError) as raised:
            match_query(query)
        assert str(raised.value) and "\n" not in str(raised.value), query


def test_words_left_out_and_operators_are_not_highlighted() -> None:
    assert query_terms("复工 AND 会议 -疫情 NOT 防控 OR") == ["复工", "会议"]


def test_latest_only_returns_one_hit_per_page(archive: Archive) -> None:
    hits = search_snapshots(archive.db, "中铝集团")
    assert [(h.url, h.version) for h in hits] == [(VERSIONED_URL, 3)]
    assert len(search_snapshots(archive.db, "中铝集团", latest_only=False)) == 3


def test_all_versions_finds_text_an_edit_removed_and_says_which_version_holds_it(tmp_path: Path) -> None:
    url = "http://x.cn/notice"
    with Archive(tmp_path / "a.db") as archive:
        for day, text in (("01", "会议通报了事故情况。\n事故造成三人死亡。"), ("02", "会议通报了事故情况。")):
            archive.record(CaptureRecord(url=url, fetched_at=f"2026-11-{day}T00:00:00Z", outcome="ok"),
                           SnapshotRecord(title="通报", text=text))
        assert search_snapshots(archive.db, "三人死亡") == []  # the default: each page's latest version
        [hit] = search_snapshots(archive.db, "三人死亡", latest_only=False)
        assert (hit.url, hit.version, hit.latest_version) == (url, 1, 2) and found(hit) == ["三人死亡"]
        both = search_snapshots(archive.db, "事故", latest_only=False)
        assert sorted((h.version, h.latest_version) for h in both) == [(1, 2), (2, 2)]


def test_title_is_searched_too(archive: Archive) -> None:
    assert VERSIONED_URL in urls(archive, "践行初心")


def test_a_subtitle_is_searched_as_the_title_is_and_after_a_rebuild(archive: Archive) -> None:
    url = "http://x.cn/subtitled"
    archive.record(CaptureRecord(url=url, fetched_at="2026-11-23T00:00:00Z", outcome="ok"),
                   SnapshotRecord(title="集团召开会议", text="会议部署全年工作。", subtitle="——董事长出席并讲话"))
    assert urls(archive, "董事长出席") == {url}
    rebuild_index(archive.db)
    assert urls(archive, "董事长出席") == {url}


def test_the_index_is_current_after_each_stored_snapshot(archive: Archive) -> None:
    url = "http://x.cn/later"
    archive.record(CaptureRecord(url=url, fetched_at="2026-11-23T00:00:00Z", outcome="ok"),
                   SnapshotRecord(title="后来", text="火星基地召开会议。"))
    assert urls(archive, "火星基地") == {url}


def test_rebuild_gives_the_same_results(archive: Archive) -> None:
    before = {q: urls(archive, q) for q in ["疫情", "复工", "集团"]}
    assert rebuild_index(archive.db) == archive.db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    assert {q: urls(archive, q) for q in before} == before


def test_index_tokens_fold_width_and_script() -> None:
    assert index_tokens("國資委 ＡＢＣ") == "国资 资委 委 abc"
    assert index_tokens("中，華為5G") == "中 华为 为 5g"
    assert match_query("國資委") == '"国资 资委"'


def store_texts(archive: Archive, texts: list[str]) -> None:
    for i, text in enumerate(texts):
        archive.record(CaptureRecord(url=f"http://x.cn/{i}", fetched_at="2026-01-01T00:00:00Z", outcome="ok"),
                       SnapshotRecord(title=None, text=text))


def test_a_single_character_is_found_wherever_it_stands_in_a_run(tmp_path: Path) -> None:
    texts = ["坚持疫情防控。", "控制风险", "加强防控工作", "防 控", "生产逐步恢復", "风险可控", "没有那个字"]
    with Archive(tmp_path / "a.db") as archive:
        store_texts(archive, texts)
        found = {int(url.rsplit("/", 1)[1]) for url in urls(archive, "控")}
        assert found == {0, 1, 2, 3, 5}  # 0 and 5: 控 ends the run, so no bigram begins with it
        assert urls(archive, "复") == {"http://x.cn/4"}  # run-final and traditional
        assert urls(archive, "字") == {"http://x.cn/6"}
        assert urls(archive, "控 风险") == {"http://x.cn/1", "http://x.cn/5"}


def test_run_final_characters_do_not_change_what_words_and_phrases_match(tmp_path: Path) -> None:
    texts = ["防控", "防控工作", "疫情防控", "防控。工作", "防控工", "工作防控工作"]
    with Archive(tmp_path / "a.db") as archive:
        store_texts(archive, texts)

        def found(query: str) -> set[int]:
            return {int(url.rsplit("/", 1)[1]) for url in urls(archive, query)}

        assert found("防控") == {0, 1, 2, 3, 4, 5}
        assert found("防控工作") == {1, 5}  # not across the full stop of 3
        assert found('"防控工作"') == {1, 5}
        assert found('"防控 工作"') == {1, 3, 5}  # as two words: with or without what stands between them
        assert found("防控工") == {1, 4, 5}
        assert found('"工作 防控"') == {5}
        assert found('"疫情 防控"') == {2}
        assert found("情防控") == {2}


def test_query_phrases_follow_the_indexed_tokens_of_each_run() -> None:
    assert match_query("控") == '"控" *'
    assert match_query("防控") == '"防控"'
    assert match_query('"华为 5G"') == '"华为 为 5g"'  # 华为 ends its run, so its lone 为 is in the index
    assert match_query('"5G 手"') == '"5g 手" *'
    assert match_query('"疫情 防控"') == '("疫情 情 防控" OR "疫情 情防 防控")'


def bigrams_only(text: str | None) -> str:
    """The tokens schema version 2 indexed: a run's bigrams without its lone last character."""
    tokens = []
    for han, word in re.findall(rf"([{HAN}]+)|([^\W{HAN}]+)", fold(text or "").lower()):
        tokens += [word] if word else [han] if len(han) == 1 else [han[i:i + 2] for i in range(len(han) - 1)]
    return " ".join(tokens)


def test_a_reader_of_a_store_of_a_recent_older_schema_says_only_that_it_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Archive(path) as archive:
        store_texts(archive, ["坚持疫情防控。"])
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")  # (its search index is today's: not made again)
    db.commit()
    db.close()
    result = run_cli("search", "--db", str(path), "防控", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.strip() == (f"warning: {path}: written by an older palimpsest; it is brought up to date "
                                     "the next time `crawl`, `fetch` or the daemon writes to it")


def test_opening_a_version_2_store_rebuilds_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Archive(path) as archive:
        store_texts(archive, ["坚持疫情防控。", "控制风险"])
    # What a version 2 store holds: the index of bigram tokens only.
    db = sqlite3.connect(path)
    db.execute("INSERT INTO snapshots_fts (snapshots_fts) VALUES ('delete-all')")
    db.executemany("INSERT INTO snapshots_fts (rowid, title, text) VALUES (?, ?, ?)",
                   [(i, bigrams_only(title), bigrams_only(text))
                    for i, title, text in db.execute("SELECT id, title, text FROM snapshots").fetchall()])
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with Archive(path, readonly=True) as archive:  # reading does not migrate, but knows
        assert archive.outdated
        assert urls(archive, "控") == {"http://x.cn/1"}
    result = run_cli("search", "--db", str(path), "控", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.strip() == (f"warning: {path}: written by an older palimpsest; it is brought up to date "
                                     "(its search index too) the next time `crawl`, `fetch` or the daemon writes to it")
    with Archive(path) as archive:
        assert archive.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 11
        assert urls(archive, "控") == {"http://x.cn/0", "http://x.cn/1"}
        assert urls(archive, "疫情防控") == {"http://x.cn/0"}
        store_texts(archive, ["坚持疫情防控。", "控制风险", "严防严控"])
        assert urls(archive, "控") == {"http://x.cn/0", "http://x.cn/1", "http://x.cn/2"}
    with Archive(path, readonly=True) as archive:
        assert not archive.outdated


def test_snippet_marks_a_single_character_at_the_end_of_a_run() -> None:
    assert shown("坚持疫情防控。控制风险", "控") == "坚持疫情防[控]。[控]制风险"
    assert shown("各地情況穩定", "况") == "各地情[況]穩定"


def test_snippet_marks_traditional_matches_of_a_simplified_query() -> None:
    text = "據報道，各地復工復產工作正在推進。"
    assert "[復工]" in shown(text, "复工")
    assert snippet("前" * 100 + "疫情" + "后" * 100, "疫情", width=40).startswith("…")


def test_cli_search_prints_url_title_date_and_snippet(tmp_path: Path) -> None:
    db = build_archive(tmp_path / "archive.db")
    (tmp_path / "config.toml").write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    result = run_cli("search", "--config", str(tmp_path / "config.toml"), "复工")
    assert result.returncode == 0, result.stderr
    assert TRADITIONAL_URL in result.stdout
    assert "本鋼集團召開視頻干部大會" in result.stdout
    with Archive(db, readonly=True) as archive:
        [(first_seen,)] = archive.db.execute("SELECT first_seen FROM snapshots WHERE url = ?", [TRADITIONAL_URL])
    assert first_seen in result.stdout
    assert "⟦復工⟧" in result.stdout  # (piped: on a terminal it is in bold)
    none = run_cli("search", "--config", str(tmp_path / "config.toml"), "不存在的词")
    assert none.returncode == 0 and "no matches" in none.stderr


def test_cli_search_of_all_versions_names_the_version_that_matched(tmp_path: Path) -> None:
    db = build_archive(tmp_path / "archive.db")  # DELETED_WORDS are in versions 1 and 2, gone from 3
    (tmp_path / "config.toml").write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    latest = run_cli("search", "--config", str(tmp_path / "config.toml"), DELETED_WORDS)
    assert latest.returncode == 0 and latest.stdout == "" and "no matches in the latest versions" in latest.stderr
    every = run_cli("search", "--config", str(tmp_path / "config.toml"), "--all-versions", DELETED_WORDS)
    assert every.returncode == 0, every.stderr
    assert f"{VERSIONED_URL}  v1, latest v3  " in every.stdout and f"{VERSIONED_URL}  v2, latest v3  " in every.stdout
    as_json = run_cli("search", "--config", str(tmp_path / "config.toml"), "--all-versions", "--json", DELETED_WORDS)
    assert {(hit["version"], hit["latest_version"]) for hit in map(json.loads, as_json.stdout.splitlines())} \
        == {(1, 3), (2, 3)}
    help_text = " ".join(run_cli("search", "--help").stdout.lower().split())
    assert "only the latest version of each page" in help_text and "--all-versions" in help_text


def test_cli_search_understands_and_not_and_says_what_is_wrong_with_a_query(tmp_path: Path) -> None:
    db = build_archive(tmp_path / "archive.db")
    (tmp_path / "config.toml").write_text(f'[store]\npath = "{db}"\n', encoding="utf-8")
    both = run_cli("search", "--config", str(tmp_path / "config.toml"), "--json", "复工 AND 疫情")
    assert both.returncode == 0 and TRADITIONAL_URL in both.stdout
    left_out = run_cli("search", "--config", str(tmp_path / "config.toml"), "--json", "疫情 -复工")
    assert left_out.returncode == 0 and TRADITIONAL_URL not in left_out.stdout and left_out.stdout
    bad = run_cli("search", "--config", str(tmp_path / "config.toml"), "复工 NOT")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: ") and bad.stderr.count("\n") == 1 and "NOT" in bad.stderr
    help_text = run_cli("search", "--help").stdout
    assert "AND" in help_text and "NOT" in help_text and "-疫情" in help_text


def test_cli_search_reads_a_query_beginning_with_a_word_to_leave_out(tmp_path: Path) -> None:
    db = build_archive(tmp_path / "archive.db")
    options = ("--db", str(db), "--json")
    in_order = run_cli("search", *options, "复工 -中铝")
    assert in_order.returncode == 0 and TRADITIONAL_URL in in_order.stdout and VERSIONED_URL not in in_order.stdout
    first = run_cli("search", *options, "-中铝 复工")  # (was: "No such option '-中'")
    assert (first.returncode, first.stdout) == (0, in_order.stdout), first.stderr
    assert run_cli("search", *options, "--", "-中铝 复工").stdout == in_order.stdout
    alone = run_cli("search", *options, "-中铝")
    assert alone.returncode == 2 and alone.stderr == ("error: search '-中铝': only words to leave out: give a word "
                                                      "to find as well (复工 -疫情)\n")
    help_text = " ".join(run_cli("search", "--help").stdout.split())
    assert 'may begin with a word to leave out ("-疫情 复工"); -- before it' in help_text


def test_snippet_marks_latin_and_number_words_only_whole_and_centres_on_one() -> None:
    text = "据报道，Mainland China的企业" + "召开座谈会。" * 30 + "要大力发展AI产业，热线010-1234，第1批。"
    marked = shown(text, "AI")
    assert "[AI]产业" in marked and "M[ai]nland" not in marked and "Mainland" not in marked  # (was: centred there)
    assert shown(text, "1") == "…座谈会。要大力发展AI产业，热线010-1234，第[1]批。"
    assert "[ai]" not in shown("Mainland, maintain, 5G", "ai 5g") and "[5G]" in shown("Mainland, 5G", "5g")
    assert shown("国资委召开会议", "资委") == "国[资委]召开会议"  # (a Han word is found inside a run, as indexed)


LEAD = "【导语】国务院常务会议日前召开，研究部署进一步做好复工复产工作。"


def lead_archive(tmp_path: Path) -> Path:
    """An article whose text opens with brackets of its own, as Chinese news text does."""
    with Archive(tmp_path / "archive.db") as archive:
        archive.record(CaptureRecord(url="http://x.cn/lead.html", fetched_at="2026-11-01T00:00:00Z", outcome="ok"),
                       SnapshotRecord(title="国务院常务会议", text=LEAD))
    return tmp_path / "archive.db"


def test_a_snippet_tells_the_words_found_from_the_texts_own_brackets(tmp_path: Path) -> None:
    db = lead_archive(tmp_path)
    [hit] = run_cli("search", "--db", str(db), "--json", "复工").stdout.splitlines()
    hit = json.loads(hit)
    assert hit["snippet"] == LEAD and [hit["snippet"][start:end] for start, end in hit["matches"]] == ["复工"]
    piped = run_cli("search", "--db", str(db), "复工").stdout  # (was: 【导语】…【复工】, alike)
    assert "【导语】国务院常务会议日前召开，研究部署进一步做好⟦复工⟧复产工作。" in piped
    assert snippet(LEAD, "复工").count("\x02") == 1  # (datasette's marks, shown as <mark>)


def test_on_a_terminal_search_shows_the_words_found_in_bold_without_marks(tmp_path: Path) -> None:
    db = lead_archive(tmp_path)
    controller, terminal = pty.openpty()
    with terminal_closed(terminal):
        subprocess.run([sys.executable, "-m", "crawler", "search", "--db", str(db), "复工"], stdout=terminal,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path, timeout=60, check=True)
    shown = read_all(controller)
    assert "【导语】" in shown and "⟦" not in shown
    assert re.search(r"进一步做好(\x1b\[\d+m)+复工\x1b\[0m复产", shown), shown


@contextmanager
def terminal_closed(descriptor: int) -> Iterator[None]:
    try:
        yield
    finally:
        os.close(descriptor)


def read_all(controller: int) -> str:
    """What a pseudo-terminal's program wrote, once it has ended (Linux answers EIO at the end)."""
    chunks = []
    with contextlib.suppress(OSError):
        while chunk := os.read(controller, 4096):
            chunks.append(chunk)
    os.close(controller)
    return b"".join(chunks).decode()
