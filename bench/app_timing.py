"""Prints: seconds from `streamlit run` to incidents drawn in headless Chromium, and a filter change redrawn."""

from __future__ import annotations

import time

from playwright.sync_api import Page, sync_playwright

from bench.harness import CHROMIUM, CHROMIUM_FLAGS, start_streamlit, wait_until_healthy

RUNS = 3


def _drawn(page: Page) -> int | None:
    """Incidents drawn by the map iframe, or None while it is not ready."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            value = frame.evaluate("() => { const d = document.querySelector('#map_div');"
                                   " return d ? d.getAttribute('data-atlas-drawn') : null; }")
            if value is not None:
                return int(value)
    return None


def _wait(page: Page, condition, limit: float = 60) -> float:
    """Seconds until condition(drawn) holds, polling every 20 ms."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            value = _drawn(page)
        except Exception:  # the iframe is being replaced
            value = None
        if condition(value):
            return time.perf_counter() - started
        page.wait_for_timeout(20)
    raise TimeoutError("the map did not draw")


def measure_once(browser) -> tuple[float, float]:
    """(start to drawn, filter change to redrawn) for one fresh app process."""
    started = time.perf_counter()
    process, url = start_streamlit()
    try:
        wait_until_healthy(url, process)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        _wait(page, lambda v: v is not None and v > 0)
        to_drawn = time.perf_counter() - started
        before = _drawn(page)
        box = page.locator("[data-testid='stMultiSelect']").first
        box.locator("input").click()
        box.locator("input").fill("Chemical")
        changed = time.perf_counter()
        page.get_by_role("option", name="Chemical attack", exact=True).click()
        _wait(page, lambda v: v is not None and v != before)
        redrawn = time.perf_counter() - changed
        page.close()
        return to_drawn, redrawn
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    """Measure RUNS times and print each run and the median."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        results = [measure_once(browser) for _ in range(RUNS)]
        browser.close()
    for number, (to_drawn, redrawn) in enumerate(results, 1):
        print(f"run {number}: streamlit run -> incidents drawn {to_drawn:.2f} s; "
              f"filter change -> redrawn {redrawn:.2f} s")
    drawn_times, redraw_times = sorted(r[0] for r in results), sorted(r[1] for r in results)
    print(f"median: start to drawn {drawn_times[RUNS // 2]:.2f} s (target <= 5 s); "
          f"filter change redrawn {redraw_times[RUNS // 2]:.2f} s (target <= 1 s)")


if __name__ == "__main__":
    main()
