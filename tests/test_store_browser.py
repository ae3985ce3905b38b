"""A million events in an event store, in the browser: the map opens on counts per grid cell, zooming in
turns them into points, the counts shown equal SQL counts for the same filter, and no view sends the
browser more than 1 MB. Same harness as test_browser.py. Screenshots: store-cells.png, store-points.png."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, Page
from test_browser import MAP_FRAME, SCREENSHOTS, OfflinePage, start_streamlit
from test_dashboard import heading_counts

from datelines.data.eventstore import EventStore
from datelines.views.grid import POINTS_IN_VIEW
from datelines.views.view import ViewState

pytestmark = pytest.mark.browser
EVENTS = 1_000_000
VIEW_BYTES = 1_000_000
# Built in a child process, so that the million rows' memory is not held by the test process.
_MAKE_STORE = """
import sys
from pathlib import Path
from datelines.data.eventstore import StoreWriter
from datelines.data.synth import synthesise
frame = synthesise(int(sys.argv[2]), seed=23)
writer = StoreWriter(Path(sys.argv[1]), "million")
for start in range(0, len(frame), 250_000):
    writer.add_events(frame.iloc[start : start + 250_000])
writer.commit(source="synthetic")
"""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("million")
    subprocess.run([sys.executable, "-c", _MAKE_STORE, str(root), str(EVENTS)], cwd=ROOT, check=True, timeout=300)
    return root


@pytest.fixture(scope="module")
def server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = start_streamlit(
        {"DATELINES_DATA": str(store_dir), "DATELINES_ARTICLES_DIR": str(tmp_path_factory.mktemp("articles"))}
    )
    yield url
    process.terminate()
    process.wait(timeout=20)


class Received:
    """Bytes the page receives over Streamlit's websocket (every rerun's elements and map layers)."""

    def __init__(self, page: Page) -> None:
        self.total = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._count))

    def _count(self, payload: str | bytes) -> None:
        self.total += len(payload.encode("utf-8") if isinstance(payload, str) else payload)


def _settled(page: Page) -> None:
    """Wait until the app has finished its rerun (Streamlit's status widget gone) and the map has drawn."""
    page.wait_for_timeout(1200)
    page.wait_for_selector("[data-testid=stStatusWidget]", state="detached", timeout=60_000)
    page.wait_for_timeout(800)


def _heading(page: Page) -> tuple[int, int]:
    return heading_counts(page.locator("h3", has_text=" events").first.inner_text())


def _in_view_caption(page: Page) -> tuple[int, str]:
    text = page.get_by_text(" events in this view").first.inner_text()
    return int(text.split(" events in this view")[0].replace(",", "")), text


def _map_bounds(view: OfflinePage) -> tuple[tuple[float, float, float, float], int]:
    south, west, north, east, zoom = view.leaflet_frame().evaluate(
        "() => { const b = window.map.getBounds();"
        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), window.map.getZoom()]; }"
    )
    return (max(-90, south), max(-180, west), min(90, north), min(180, east)), zoom


def test_a_million_events_open_as_cells_and_zoom_into_points(server: str, browser: Browser, store_dir: Path) -> None:
    store = EventStore(store_dir)
    battles = ViewState(types=("battles",))
    view = OfflinePage(browser)
    received = Received(view.page)
    page = view.page
    page.goto(server + "/?type=battles")
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    cells = view.map_frame().locator(".datelines-cell")
    cells.first.wait_for(timeout=60_000)
    _settled(page)
    first_view = received.total
    # The headline is the SQL count for the link's filter, out of the whole store.
    assert _heading(page) == (store.count(battles), EVENTS)
    assert store.count(battles) > POINTS_IN_VIEW
    assert cells.count() > 5
    assert view.map_frame().locator(".datelines-event").count() == 0
    in_view, caption = _in_view_caption(page)
    bounds, zoom = _map_bounds(view)
    assert "grid cells" in caption
    assert in_view == store.count(battles, bounds, zoom), (caption, bounds, zoom)
    view.map_frame().get_by_text("Circles are counts of events").wait_for(timeout=10_000)
    view.screenshot("store-cells.png")
    assert first_view < VIEW_BYTES, first_view

    # Zoom in on the largest cell until its events are few enough to be drawn one by one.
    seen_cells = [cells.count()]
    seen = {"first_view": {"zoom": zoom, "cells": cells.count(), "in_view": in_view, "bytes": first_view}, "zooms": []}
    drawn = 0
    for _ in range(8):
        before = received.total
        view.leaflet_frame().evaluate(
            "() => { let best = null; window.map.eachLayer((layer) => { if (layer.getElement && layer.getElement()"
            " && layer.getElement().classList.contains('datelines-cell')) { const n = parseFloat(layer.getTooltip()"
            ".getContent().textContent.replace(/,/g, '')); if (!best || n > best[0]) { best = [n, layer.getLatLng()]; } } });"
            " window.map.setView(best[1], Math.min(window.map.getZoom() + 2, 16)); }"
        )
        _settled(page)
        assert received.total - before < VIEW_BYTES, received.total - before
        drawn = view.map_frame().locator(".datelines-event, .marker-cluster").count()
        seen["zooms"].append({"cells": cells.count(), "drawn": drawn, "bytes": received.total - before})
        if drawn:
            break
        seen_cells.append(cells.count())
    assert drawn, f"no points after zooming in; cells seen per view: {seen_cells}"
    in_view, caption = _in_view_caption(page)
    bounds, zoom = _map_bounds(view)
    assert caption.endswith("each drawn.") and 0 < in_view <= POINTS_IN_VIEW
    assert in_view == store.count(battles, bounds, zoom), (caption, bounds, zoom)
    assert cells.count() == 0
    assert view.marker_total() == in_view
    view.screenshot("store-points.png")
    seen["points"] = {"zoom": zoom, "in_view": in_view, "markers": view.marker_total()}
    (SCREENSHOTS / "store-browser.json").write_text(json.dumps(seen, indent=1), encoding="utf-8")  # for the notes
    assert view.code_left_the_machine() == []
    view.close()
