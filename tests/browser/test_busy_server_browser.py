"""While visitors have hostile documents read, another visitor's page still opens at once: the reading runs in the
server's worker processes, never in the process that answers pages."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from bench.reader_shapes import shaped_text

HOSTILE_BYTES = 2_000_000
READERS = 3


def _start_reading(page: Page, url: str, document: Path) -> None:
    """Open Import → Document and upload the file (its reading starts in a worker)."""
    page.goto(f"{url}/import")
    page.get_by_role("tab", name="Document").click()
    page.locator("input[type=file]").nth(1).set_input_files(str(document))
    expect(page.get_by_role("button", name="Cancel reading the document")).to_be_visible(timeout=30_000)


def _page_seconds(page: Page, url: str) -> float:
    """Seconds from asking for the About page to its heading and the end of its run."""
    started = time.perf_counter()
    page.goto(f"{url}/about")
    expect(page.get_by_role("heading", name="About").first).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)
    return time.perf_counter() - started


def test_a_visitor_is_answered_while_three_others_read_hostile_documents(browser: Browser, app_url: str,
                                                                           tmp_path: Path) -> None:
    raw, _ = shaped_text("one repeated name", HOSTILE_BYTES)
    document = tmp_path / "hostile.txt"
    document.write_bytes(raw)
    visitor = browser.new_page()
    _page_seconds(visitor, app_url)  # the first opening of a page compiles it; a person's second visit is measured
    readers = [browser.new_page() for _ in range(READERS)]
    for reader in readers:
        _start_reading(reader, app_url, document)
    seconds = _page_seconds(visitor, app_url)
    with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=2) as answer:
        assert answer.status == 200
    still_reading = readers[0].get_by_role("button", name="Cancel reading the document")
    assert still_reading.is_visible(), "the hostile document was read before the visitor's page was measured"
    assert seconds < 2, f"the About page took {seconds:.1f} s while {READERS} documents were being read"
    still_reading.click()
    expect(readers[0].get_by_text("Reading the document was cancelled")).to_be_visible(timeout=20_000)
    for page in (visitor, *readers):
        page.close()
