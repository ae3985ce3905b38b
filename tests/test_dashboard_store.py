"""AppTest of the dashboard on an event store (`--data DIR`): counts, map cells, timeline and table pages
come from SQL for the current filters, and every page runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest
from test_dashboard import app as dashboard
from test_dashboard import count

from datelines.data.eventstore import EventStore, StoreWriter
from datelines.data.synth import synthesise
from datelines.views.grid import POINTS_IN_VIEW
from datelines.views.view import ViewState

EVENTS = 24_000  # more than POINTS_IN_VIEW: the map counts cells, the table pages


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("store")
    writer = StoreWriter(root, "synthetic")
    writer.add_events(synthesise(EVENTS, seed=11))
    writer.commit(source="test")
    return root


@pytest.fixture
def on_store(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> EventStore:
    monkeypatch.setenv("DATELINES_DATA", str(store_dir))
    return EventStore(store_dir)


def app(page: str | None = None, **params: str) -> AppTest:
    at = dashboard(**params)
    if page:
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def map_layer(at: AppTest) -> str:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)["feature_group"]


def test_a_large_store_opens_with_counts_per_cell_not_points(on_store: EventStore) -> None:
    assert EVENTS > POINTS_IN_VIEW
    at = app()
    assert count(at) == (EVENTS, EVENTS)
    layer = map_layer(at)
    cells = json.loads(re.search(r'var data = (\{"rows":.*?\]\]\})', layer).group(1))["rows"]
    assert 0 < len(cells) < 1000  # a few hundred circles, not 24,000 markers
    caption = next(c.value for c in at.caption if "grid cells" in c.value)
    in_view = int(caption.split(" events in this view")[0].replace(",", ""))
    assert sum(row[2] for row in cells) == in_view <= EVENTS
    assert len(layer) < 100_000  # bytes of the map's layers for this view
    # The timeline is counts per period from the store: as many bars as the store counts.
    chart = at.get("vega_lite_chart")[0].proto
    assert json.loads(chart.spec)["mark"]["type"] == "bar"
    bars = pa.ipc.open_stream(chart.datasets[0].data.data).read_all().to_pandas()
    assert bars["events"].sum() == on_store.timeline(ViewState())["count"].sum() > 0


def test_a_filter_from_a_link_counts_with_sql(on_store: EventStore) -> None:
    state = ViewState(types=("battles",))
    at = app(type="battles")
    assert count(at) == (on_store.count(state), EVENTS)
    assert 0 < on_store.count(state) < EVENTS


def test_few_enough_matching_events_are_drawn_as_points(on_store: EventStore) -> None:
    state = ViewState(types=("riots",))
    matching = on_store.count(state)
    assert 0 < matching <= POINTS_IN_VIEW
    at = app(type="riots")
    assert count(at) == (matching, EVENTS)
    latitudes = re.search(r'"events":\{"scale":\d+,"lat":(\[[^\]]*\])', map_layer(at))
    assert len(json.loads(latitudes.group(1))) == matching


def test_the_events_page_pages_through_the_store_sorted(on_store: EventStore) -> None:
    at = app("pages/events.py")
    first = at.dataframe[0].value
    assert len(first) == 100
    assert any("Rows 1–100 of 24,000" in c.value for c in at.caption)
    newest = on_store.page(ViewState(), "-date_start", limit=1)["id"].iloc[0]
    assert first["id"].iloc[0] == newest
    at.number_input(key="events_page").set_value(3).run()
    third = at.dataframe[0].value
    assert any("Rows 201–300 of 24,000" in c.value for c in at.caption)
    assert not set(first["id"]) & set(third["id"])
    assert list(third["id"]) == list(on_store.page(ViewState(), "-date_start", limit=100, offset=200)["id"])


@pytest.mark.parametrize("page", ["pages/places.py", "pages/article.py", "pages/review.py", "pages/about.py"])
def test_every_other_page_runs_on_a_store(on_store: EventStore, page: str) -> None:
    app(page)


def test_a_folder_that_is_not_a_store_gives_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINES_DATA", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert any("it has no manifest" in error.value for error in at.error)
