"""Hostile text in a real browser: article text and dataset fields full of script payloads.

No payload may run (a dialog listener and a page flag, in the page and in the map's iframe),
and the text must show literally. Links with hostile parameters open with a notice.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

import pytest
from hostile import XSS_PAYLOADS
from playwright.sync_api import Browser, expect
from test_browser import OfflinePage, start_streamlit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_article_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile-articles")
    article = folder / "hostile-article"
    article.mkdir()
    sentences = [f"Officials in Kharkiv said {payload} on Monday." for payload in XSS_PAYLOADS]
    (article / "article.txt").write_text(" ".join(sentences), encoding="utf-8")
    (article / "article.json").write_text(
        '{"id": "hostile-article", "title": "<img src=x onerror=window.__xss=1> title", "published": "2024-05-01"}',
        encoding="utf-8",
    )
    # Place names too: corrections can add places by name and coordinates.
    added = [{"name": payload, "lat": 49.9 + index * 0.01, "lon": 36.3} for index, payload in enumerate(XSS_PAYLOADS)]
    (article / "overrides.json").write_text(
        json.dumps({"events": {}, "removed_places": [], "added_places": added}), encoding="utf-8"
    )
    process, url = start_streamlit({"DATELINES_ARTICLES_DIR": str(folder)})
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def hostile_table_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("hostile-table") / "acled.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "location", "latitude", "longitude", "geo_precision", "time_precision", "notes"])  # fmt: skip
        for index, payload in enumerate(XSS_PAYLOADS):
            writer.writerow([f"X{index}", "2024-05-01", "Protests", "Peaceful protest", payload, payload, 50 + index * 0.01, 36.2, 1, 1, payload])  # fmt: skip
    process, url = start_streamlit({"DATELINES_DATA": str(path)})
    yield url
    process.terminate()
    process.wait(timeout=20)


def _nothing_ran(view: OfflinePage) -> None:
    assert view.dialogs == []
    assert view.page.evaluate("() => window.__xss") is None
    for frame in view.page.frames:
        assert frame.evaluate("() => window.__xss") is None, frame.url


def _popup_texts(view: OfflinePage) -> str:
    """Open one popup for real, then read every event's popup content (built the same way)."""
    frame = view.map_frame()
    frame.locator(".datelines-event, .marker-cluster").first.dispatch_event("click")
    view.page.wait_for_timeout(1500)
    map_frame = view.leaflet_frame()
    # The click reruns the app and redraws the layer (markers are added in chunks): wait for them.
    map_frame.wait_for_function(
        "() => window.datelinesEvents && window.datelinesEvents.getLayers().length > 0", timeout=30_000
    )
    return map_frame.evaluate(
        """() => window.datelinesEvents.getLayers().map(marker => {
             const content = marker.getPopup().getContent();
             const node = typeof content === 'function' ? content(marker) : content;
             return node.textContent;
           }).join('\\n')"""
    )


def _visit_and_check(view: OfflinePage, page_name: str, screenshot: str) -> None:
    """Go to a page by the sidebar, let it render, keep a screenshot, and check nothing ran."""
    view.page.locator("[data-testid=stSidebarNav] a", has_text=page_name).click()
    view.page.get_by_text(page_name.lower(), exact=False).first.wait_for(timeout=30_000)
    view.page.wait_for_timeout(2500)
    view.screenshot(screenshot)
    _nothing_ran(view)


def test_dataset_fields_show_literally_and_never_run(hostile_table_server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(hostile_table_server + "/")
    popups = _popup_texts(view)
    assert "<script>window.__xss=1;alert(1)</script>" in popups
    assert "{{ 7*7 }}" in popups
    _visit_and_check(view, "Events", "hostile-table.png")
    view.close()


def test_article_text_shows_literally_and_never_runs(hostile_article_server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(hostile_article_server + "/?article=hostile-article")
    assert "<script>window.__xss=1;alert(1)</script>" in _popup_texts(view)
    _nothing_ran(view)
    view.page.get_by_role("link", name="Article", exact=True).click()
    view.page.get_by_text("Officials in Kharkiv said").first.wait_for(timeout=30_000)
    main = view.page.locator("[data-testid=stMain]")
    for payload in (
        "<script>window.__xss=1;alert(1)</script>",
        "[click me](javascript:window.__xss=1)",
        "${window.__xss=1}",
    ):
        # Retried until the page settles: a rerun can redraw the main area just after the text first shows.
        expect(main).to_contain_text(payload, timeout=30_000, use_inner_text=True)
    _visit_and_check(view, "Events", "hostile-article.png")
    _visit_and_check(view, "Places", "hostile-places.png")
    view.close()


def test_hostile_links_open_with_a_notice_and_run_nothing(hostile_article_server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(
        hostile_article_server + "/?type=%3Cscript%3Ealert(1)%3C%2Fscript%3E&start=2023-13-45&event=%24%7Balert(1)%7D"
    )
    view.page.get_by_text("Link:", exact=False).first.wait_for(timeout=30_000)
    _nothing_ran(view)
    view.close()
