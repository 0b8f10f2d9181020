"""A person's view: `palimpsest serve` on a real archive, driven by headless Chromium (Debian's package)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.archive_builder import (
    DELETED_WORDS,
    INSERTED,
    SCRIPT_MARK,
    SCRIPTED_URL,
    TRADITIONAL_URL,
    VERSIONED_URL,
    build_archive,
    serving,
)

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(build_archive(tmp_path_factory.mktemp("browser") / "archive.db")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.console_messages = []  # type: ignore[attr-defined]
    page.on("console", lambda message: page.console_messages.append(message.text))  # type: ignore[attr-defined]
    yield page
    context.close()


def search_with_the_box(page: Page, server: str, query: str) -> list[str]:
    page.goto(f"{server}/archive/snapshots")
    page.fill("input#_search", query)
    page.press("input#_search", "Enter")
    page.wait_for_load_state()
    assert page.input_value("input#_search") == query  # the box still shows what was typed
    return page.locator("table.rows-and-columns td.col-url").all_inner_texts()


def test_search_box_finds_a_two_character_word(page: Page, server: str) -> None:
    found = search_with_the_box(page, server, "疫情")
    assert VERSIONED_URL in found and TRADITIONAL_URL in found


def test_search_box_finds_traditional_text_with_a_simplified_query(page: Page, server: str) -> None:
    found = search_with_the_box(page, server, "复工")
    assert TRADITIONAL_URL in found
    assert "search matches" in page.inner_text("body")


def test_diff_page_shows_inserted_and_deleted_text(page: Page, server: str) -> None:
    page.goto(f"{server}/-/history?url={VERSIONED_URL}")
    with page.expect_navigation():
        page.click("text=diff with v1")
    inserted = page.locator(".diff ins").all_inner_texts()
    assert INSERTED in inserted
    page.select_option("select[name=from]", "2")
    page.select_option("select[name=to]", "3")
    with page.expect_navigation():
        page.click("input[type=submit]")
    deleted = page.locator(".diff del").all_inner_texts()
    assert any(DELETED_WORDS.strip(",") in text for text in deleted)
    assert page.locator(".diff del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"


def script_ran(page: Page) -> bool:
    return bool(page.evaluate(f"() => window['{SCRIPT_MARK}'] === 1 || document.title === '{SCRIPT_MARK}'")) \
        or any(message == SCRIPT_MARK for message in page.console_messages)  # type: ignore[attr-defined]


def test_a_script_in_an_archived_page_does_not_run(page: Page, server: str) -> None:
    views = [f"{server}/-/diff?url={SCRIPTED_URL}", f"{server}/-/history?url={SCRIPTED_URL}",
             f"{server}/archive/snapshots?_search=存档页面", f"{server}/archive/snapshots?url={SCRIPTED_URL}",
             f"{server}/archive/events?url={SCRIPTED_URL}", f"{server}/-/changes.atom"]
    for view in views:
        page.goto(view)
        assert SCRIPT_MARK in page.inner_text("body"), view  # shown as text ...
        assert not script_ran(page), view  # ... never run
        scripts = page.evaluate("() => [...document.scripts].map(s => s.textContent)")
        assert not any(SCRIPT_MARK in script for script in scripts), view
    page.goto(f"{server}/-/history?url={SCRIPTED_URL}")
    with page.expect_navigation():
        page.click("a:text-is('body')")  # the raw archived HTML, served as text/plain
    assert page.evaluate("() => document.contentType") == "text/plain"
    assert "<script>document.title" in page.inner_text("body")
    assert not script_ran(page)


def test_screenshot_renders_chinese_glyphs(page: Page, server: str, tmp_path: Path) -> None:
    """With a CJK font installed, Han characters take real width (no empty boxes collapsed to nothing)."""
    page.goto(f"{server}/-/diff?url={VERSIONED_URL}")
    width = page.evaluate("() => { const s = document.createElement('span'); s.textContent = '疫情防控';"
                          " document.body.appendChild(s); return s.getBoundingClientRect().width; }")
    assert width > 30
