"""Real browser: Playwright drives Debian's chromium against `streamlit run` on a free port.

Every request leaving 127.0.0.1 is aborted (as on a machine with no network) and recorded:
no script or stylesheet may be among them. Screenshots go to tests/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, Page

from datelines.views.view import ViewState, filter_events

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "tests" / "screenshots"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_streamlit(environment: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard.py` on a free port of 127.0.0.1; returns once it answers."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, "DATELINES_GEOCODER": "gazetteer", **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail("streamlit did not start within 60 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    saved = tmp_path_factory.mktemp("saved-articles")  # articles the tests add never touch data/
    process, url = start_streamlit({"DATELINES_ARTICLES_DIR": str(saved)})
    yield url
    process.terminate()
    process.wait(timeout=20)


class OfflinePage:
    """A page in a fresh browser context where only 127.0.0.1 answers."""

    def __init__(self, browser: Browser, width: int = 1500, height: int = 1000) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page: Page = self.context.new_page()
        self.left_machine: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.left_machine.append((route.request.resource_type, url))
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector(MAP_FRAME, timeout=60_000)
        frame = self.page.frame_locator(MAP_FRAME)
        frame.locator(".leaflet-container").wait_for(timeout=60_000)
        frame.locator(".datelines-event, .marker-cluster").first.wait_for(timeout=60_000)
        self.page.wait_for_timeout(1500)

    def leaflet_frame(self):
        """The map's own frame, where `window.map` is its Leaflet map."""
        return next(frame for frame in self.page.frames if "streamlit_folium" in frame.url)

    def map_frame(self):
        return self.page.frame_locator(MAP_FRAME)

    def marker_total(self) -> int:
        """Single markers plus the events inside clusters (the numbers the cluster icons show)."""
        frame = self.map_frame()
        singles = frame.locator(".datelines-event").count()
        clustered = sum(int(text) for text in frame.locator(".marker-cluster span").all_inner_texts() if text.strip())
        return singles + clustered

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)

    def code_left_the_machine(self) -> list[tuple[str, str]]:
        return [
            (kind, url) for kind, url in self.left_machine if kind in ("script", "stylesheet", "font", "fetch", "xhr")
        ]

    def close(self) -> None:
        self.context.close()


def add_article(page: Page, text: str, published: str, apply_keys: tuple[str, ...] = ("Enter",)) -> None:
    """On Add article: paste `text`, use it, type its publication date (YYYYMMDD), apply it, wait for the draft."""
    page.locator("[data-testid=stSidebarNav] a", has_text="Add article").click()
    page.get_by_label("Article text").fill(text)
    page.get_by_label("Article text").press("Control+Enter")
    page.get_by_role("button", name="Use this text").click()
    page.get_by_text("Enter the article's publication date").wait_for(timeout=30_000)
    page.get_by_role("spinbutton", name="year, Published").click()
    page.keyboard.type(published)
    for key in apply_keys:
        page.keyboard.press(key)
    page.get_by_text("Draft events").wait_for(timeout=60_000)


def test_home_map_renders_offline_with_every_event(server: str, browser: Browser, dataset) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    box = view.page.locator(MAP_FRAME).bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    assert view.marker_total() == len(dataset.events)
    assert view.map_frame().locator(".leaflet-overlay-pane path").count() > 0, "areas, routes or outlines drawn"
    assert view.map_frame().locator(".leaflet-control-layers").count() == 1
    assert view.map_frame().locator(".datelines-legend").count() == 1
    assert view.page.get_by_text(f"{len(dataset.events)} of {len(dataset.events)} events").count() == 1
    # The timeline follows the map on a session's first view (timeline and overview strip).
    view.page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stVegaLiteChart] canvas, "
        "[data-testid=stVegaLiteChart] svg').length >= 2",
        timeout=20_000,
    )
    assert view.page.get_by_text("Drawing the timeline").count() == 0
    assert view.marker_total() == len(dataset.events)  # the page's second run kept the map
    view.screenshot("home.png")
    assert view.code_left_the_machine() == []
    view.close()


def test_share_link_shows_fewer_markers_in_a_fresh_context(server: str, browser: Browser, dataset) -> None:
    query = "?start=2020-01-01&end=2023-09-21&type=battles&subtype=agreement"
    state = ViewState(start=date(2020, 1, 1), end=date(2023, 9, 21), types=("battles",), subtypes=("agreement",))
    expected = len(filter_events(dataset.events, state))
    assert 0 < expected < len(dataset.events)
    for _ in range(2):  # the same link in two fresh contexts shows the same view
        view = OfflinePage(browser)
        view.open(server + "/" + query)
        assert view.marker_total() == expected
        assert view.page.get_by_text(f"{expected} of {len(dataset.events)} events").count() == 1
        view.screenshot("share-link.png")
        assert view.code_left_the_machine() == []
        view.close()


def test_choosing_an_event_opens_its_popup_with_evidence(server: str, browser: Browser, dataset) -> None:
    event = dataset.events[dataset.events["event_type"] == "agreement"].iloc[0]
    view = OfflinePage(browser)
    view.open(f"{server}/?event={event['id']}")
    popup = view.map_frame().locator(".leaflet-popup-content")
    popup.wait_for(timeout=20_000)
    text = popup.inner_text()
    assert event["evidence"][:40] in " ".join(text.split())
    view.screenshot("selected-event.png")
    view.close()


def test_clicking_a_marker_opens_a_popup(server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(server + "/?subtype=agreement")
    frame = view.map_frame()
    marker = frame.locator(".datelines-event").first
    marker.dispatch_event("click")
    frame.locator(".leaflet-popup-content").wait_for(timeout=20_000)
    assert frame.locator(".leaflet-popup-content b").first.inner_text() == "Agreement or ceasefire"
    view.page.get_by_text("Selected:").wait_for(timeout=20_000)  # the click selected the event for the timeline
    assert view.dialogs == []
    view.close()


def test_clicking_a_timeline_point_selects_its_event(server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    points = view.page.locator("[data-testid=stVegaLiteChart] g.mark-symbol path")
    points.first.wait_for(timeout=20_000)
    assert view.page.get_by_text("Selected:").count() == 0
    box = points.first.bounding_box()
    view.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    view.page.get_by_text("Selected:").wait_for(timeout=20_000)
    assert "event=" in view.page.url  # the selection is in the share link
    view.screenshot("timeline-pick.png")
    view.close()


def test_changing_a_filter_updates_map_count_and_link_and_survives_a_page_switch(
    server: str, browser: Browser, dataset
) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    page = view.page
    map_frame = view.leaflet_frame()
    map_frame.evaluate("() => { window.map.__probe = 'mounted once'; }")
    # Two levels: ACLED's event type, then one of its sub-event types.
    page.locator('[data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="Strategic developments").click()
    page.keyboard.press("Escape")
    page.locator('[data-testid="stMultiSelect"]').nth(1).click()
    page.get_by_role("option", name="Disrupted weapons use").click()
    page.keyboard.press("Escape")
    state = ViewState(types=("strategic-developments",), subtypes=("disrupted-weapons-use",))
    expected = len(filter_events(dataset.events, state))
    assert 0 < expected < len(dataset.events)
    page.get_by_text(f"{expected} of {len(dataset.events)} events").wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('subtype=disrupted-weapons-use')", timeout=30_000)
    view.screenshot("two-level-filter.png")
    page.wait_for_timeout(1500)
    assert view.marker_total() == expected
    # The same Leaflet map object: the filter change swapped layers without remounting the map.
    assert map_frame.evaluate("() => window.map.__probe") == "mounted once"
    page.locator("[data-testid=stSidebarNav] a", has_text="Events").click()
    page.get_by_text(f"{expected} of {len(dataset.events)} events").wait_for(timeout=30_000)
    assert "subtype=disrupted-weapons-use" in page.url
    page.locator("[data-testid=stDataFrame] canvas").first.wait_for(timeout=30_000)  # the table is drawn
    view.screenshot("filtered-events-page.png")
    view.close()


def test_pasting_an_article_puts_its_places_and_events_on_the_map(server: str, browser: Browser, dataset) -> None:
    text = (
        "KHARTOUM, Sudan (Datelines Wire) — Shelling hit a market in El Fasher on Monday, and aid convoys "
        "waiting at the Adre crossing from Chad were turned back on Tuesday, officials said in Port Sudan."
    )
    view = OfflinePage(browser)
    view.open(server + "/")
    page = view.page
    # Tab out of the field (past its clear button): the date applies as Enter does
    add_article(page, text, "20240507", apply_keys=("Tab", "Tab"))
    draft_map = page.frame_locator(MAP_FRAME)
    draft_map.locator(".datelines-event, .marker-cluster").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Save article").click()
    page.get_by_text("Saved as").wait_for(timeout=30_000)
    view.screenshot("added-article.png")
    page.locator("[data-testid=stSidebarNav] a", has_text="Map & timeline").click()
    before = len(dataset.events)
    heading = page.locator("h3", has_text=" of ")
    page.wait_for_function(
        f"() => {{ const h = [...document.querySelectorAll('h3')].find(e => e.textContent.includes(' of ')); "
        f"return h && parseInt(h.textContent.split(' of ')[1]) > {before}; }}",
        timeout=30_000,
    )
    total = int(heading.first.inner_text().split(" of ")[1].split()[0])
    page.wait_for_timeout(2000)
    view.screenshot("home-with-added-article.png")
    assert view.marker_total() == total
    assert page.locator("[data-testid=stVegaLiteChart]").count() >= 1
    assert view.code_left_the_machine() == []
    view.screenshot("home-with-added-article.png")
    view.close()
