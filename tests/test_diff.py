"""Version diffs: paragraphs matched first, then characters (CJK) or words (Latin), grouped into runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from store import Archive, CaptureRecord, SnapshotRecord, diff
from store.diff import ParagraphDiff, Run, changed_chars, diff_paragraphs, diff_tokens, marked, tokens
from tests.archive_builder import DELETED_WORDS, INSERTED, VERSIONED_URL, build_archive, serving, three_versions
from tests.conftest import run_cli


def changes(paragraphs: list[ParagraphDiff]) -> list[tuple[str, str]]:
    return [(run.kind, run.text) for p in paragraphs for run in p.runs if run.kind != "equal"]


def test_chinese_is_compared_character_by_character() -> None:
    runs = diff_tokens("各中央企业要切实做好复工复产工作", "各中央企业要在确保安全的前提下切实做好复工复产工作")
    assert runs == [Run("equal", "各中央企业要"), Run("insert", "在确保安全的前提下"),
                    Run("equal", "切实做好复工复产工作")]


def test_latin_is_compared_word_by_word() -> None:
    runs = diff_tokens("The quick brown fox jumps.", "The quick red fox jumps.")
    assert ("delete", "brown") in [(r.kind, r.text) for r in runs]
    assert ("insert", "red") in [(r.kind, r.text) for r in runs]


def test_latin_word_next_to_chinese_is_its_own_token() -> None:
    assert tokens("华为5G手机Mate40") == ["华", "为", "5G", "手", "机", "Mate40"]


def test_an_inserted_paragraph_does_not_mark_the_rest_as_changed() -> None:
    old = "第一段。\n第二段内容很长很长。\n第三段。"
    new = "新的一段。\n第一段。\n第二段内容很长很长。\n第三段。"
    paragraphs = diff_paragraphs(old, new)
    assert [p.kind for p in paragraphs] == ["insert", "equal", "equal", "equal"]
    assert changed_chars(old, new) == len("新的一段。")


def test_an_edited_paragraph_next_to_an_inserted_one_is_paired_with_its_old_self() -> None:
    old = "会议要求，各中央企业要切实做好复工复产工作。\n会议强调，要加强组织领导。"
    new = "新华社北京电。\n会议要求，各中央企业要切实做好复工复产和安全生产工作。\n会议强调，要加强组织领导。"
    paragraphs = diff_paragraphs(old, new)
    assert [p.kind for p in paragraphs] == ["insert", "replace", "equal"]
    assert changes(paragraphs[1:2]) == [("insert", "和安全生产")]


ITEM_ONE = "一、各单位要加强组织领导，落实工作责任，确保各项工作落到实处。"
ITEM_TWO = "二、各单位要加强宣传引导，营造良好氛围，确保各项工作取得实效。"


def test_a_deleted_item_and_a_one_character_edit_of_the_next_are_shown_as_such() -> None:
    # Item 一 is like item 二 (ratio 0.55) and comes first, but item 二 is nearly its edited self (0.97).
    old = "\n".join(["通知如下：", ITEM_ONE, ITEM_TWO, "特此通知。"])
    new = "\n".join(["通知如下：", ITEM_TWO.replace("实效", "成效"), "特此通知。"])
    paragraphs = diff_paragraphs(old, new)
    assert [p.kind for p in paragraphs] == ["equal", "delete", "replace", "equal"]
    assert changes(paragraphs) == [("delete", ITEM_ONE), ("delete", "实"), ("insert", "成")]
    assert changed_chars(old, new) == len(ITEM_ONE) + 2 == 33


def test_a_large_changed_block_is_still_paired_greedily(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past the cap, every old paragraph is no longer compared with every new one: the old in-order pairing.
    monkeypatch.setattr(diff, "BEST_PAIRING_MAX_PAIRS", 1)
    paragraphs = diff_paragraphs(f"{ITEM_ONE}\n{ITEM_TWO}", ITEM_TWO.replace("实效", "成效"))
    assert [p.kind for p in paragraphs] == ["replace", "delete"]


def test_a_removed_paragraph_is_one_deletion() -> None:
    paragraphs = diff_paragraphs("甲段。\n乙段被删除了。\n丙段。", "甲段。\n丙段。")
    assert changes(paragraphs) == [("delete", "乙段被删除了。")]


def test_short_unchanged_stretches_between_changes_join_the_change() -> None:
    runs = diff_tokens("今天天气很好", "明天天色很差")  # 天 and 很 are shared but reading them apart is noise
    kinds = [r.kind for r in runs]
    assert kinds.count("delete") == 1 and kinds.count("insert") == 1


def test_plain_text_marks_keep_the_folded_runs_and_cut_far_unchanged_text() -> None:
    folded = marked(diff_tokens("今天天气很好，明日有雨。", "明天天色很差，明日有雨。"))
    assert folded == "[-今天天气很好-]{+明天天色很差+}，明日有雨。"
    sentence = "The committee met on Monday and agreed that the quick brown fox jumps over the lazy dog after lunch."
    assert marked(diff_tokens(sentence, sentence.replace("brown", "red"))) == \
        "…and agreed that the quick [-brown-]{+red+} fox jumps over the lazy…"


def test_changed_chars_counts_real_insertions_and_deletions() -> None:
    assert changed_chars("abc 甲乙丙", "abc 甲乙丙") == 0
    assert changed_chars("甲乙丙", "甲丙") == 1
    assert changed_chars("甲乙丙", "甲乙丙丁戊") == 2


def test_changed_chars_is_stored_per_version(tmp_path: Path) -> None:
    db = build_archive(tmp_path / "archive.db")
    with Archive(db, readonly=True) as archive:
        stored = archive.db.execute("SELECT version, changed_chars FROM snapshots WHERE url = ? ORDER BY version",
                                    [VERSIONED_URL]).fetchall()
    first, second, third = three_versions()
    assert stored == [(1, len(first.text)), (2, len(INSERTED)), (3, len(DELETED_WORDS))]
    [(kind, text)] = changes(diff_paragraphs(second.text, third.text))
    # ",坚决担起央企责任" and "坚决担起央企责任," are the same edit; either alignment is right
    assert kind == "delete" and len(text) == len(DELETED_WORDS) and DELETED_WORDS.strip(",") in text


def test_a_new_date_author_or_source_shows_in_both_diffs(tmp_path: Path) -> None:
    url, path = "http://127.0.0.1/notice.html", tmp_path / "archive.db"
    first = SnapshotRecord("关于开展安全检查的通知", "各单位要认真开展安全检查。",
                           published="2024-01-02T10:00:00+08:00", author="张三", source="办公室")
    with Archive(path) as archive:
        for day, snapshot in ((1, first), (2, replace(first, published="2024-01-05T10:00:00+08:00", author="李四"))):
            archive.record(CaptureRecord(url=url, fetched_at=f"2024-01-0{day}T00:00:00Z", outcome="ok", status=200),
                           snapshot)
    shown = run_cli("diff", "--db", str(path), url, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "published v1: 2024-01-02T10:00:00+08:00\npublished v2: 2024-01-05T10:00:00+08:00\n" in shown.stdout
    assert "author v1: 张三\nauthor v2: 李四\n" in shown.stdout and "source v" not in shown.stdout
    with serving(path) as base:
        page = httpx.get(f"{base}/-/diff", params={"url": url}, timeout=10).text
    assert "Published: <del>2024-01-02T10:00:00+08:00</del> <ins>2024-01-05T10:00:00+08:00</ins>" in page
    assert "Author: <del>张三</del> <ins>李四</ins>" in page and "Source:" not in page


LONG_PARAGRAPH = ("根据工作需要，经研究决定，任职张三同志为市发展和改革委员会主任，试用期一年。会议指出，"
                  "今年以来全市上下认真贯彻落实党中央、国务院决策部署，全市规模以上工业企业实现利润总额"
                  "1103亿元，同比增长百分之八点五，经济运行总体平稳、稳中有进，高质量发展取得新成效。"
                  "会议要求，各级各部门要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念。")


def test_a_one_character_edit_in_a_long_paragraph_is_marked_in_both_diffs(tmp_path: Path) -> None:
    url, path = "http://127.0.0.1/notice.html", tmp_path / "archive.db"
    edited = LONG_PARAGRAPH.replace("任职", "免职").replace("1103亿", "1108亿")
    with Archive(path) as archive:
        for day, paragraph in ((1, LONG_PARAGRAPH), (2, edited)):
            archive.record(CaptureRecord(url=url, fetched_at=f"2024-01-0{day}T00:00:00Z", outcome="ok", status=200),
                           SnapshotRecord("人事任免", f"关于人事任免的通知\n{paragraph}\n特此通知。"))
    shown = run_cli("diff", "--db", str(path), url, "--words", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    # the whole lines alone leave a reader to find one character among 170
    marks = "…作需要，经研究决定，[-任-]{+免+}职张三同志为市发展和 … " \
            "工业企业实现利润总额[-1103-]{+1108+}亿元，同比增长百分之…"
    assert shown.stdout == f"--- {url} v1\n+++ {url} v2\n{marks}\n"
    lines = run_cli("diff", "--db", str(path), url, cwd=tmp_path).stdout  # (without --words, a patch: whole lines)
    assert f"-{LONG_PARAGRAPH}\n+{edited}\n" in lines and "[-" not in lines
    with serving(path) as base:
        page = httpx.get(f"{base}/-/diff", params={"url": url}, timeout=10).text
    assert "经研究决定，<del>任</del><ins>免</ins>职张三" in page and "总额<del>1103</del><ins>1108</ins>亿元" in page
