"""The event store: what goes in comes out, every filter means what `filter_events` means, a date range
opens only its months, and importing is idempotent and counts bad rows."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from datelines.data import eventstore
from datelines.data.dataset import load_table
from datelines.data.eventimport import EventImportError, import_events
from datelines.data.eventstore import (
    STORED_EVENT_COLUMNS,
    WORLD,
    EventStore,
    EventStoreError,
    StoreWriter,
    cell_degrees,
    cell_of,
)
from datelines.data.synth import synthesise, write_synthetic
from datelines.data.tables import write_frame
from datelines.views.view import ViewState, filter_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    frame = synthesise(4000, seed=3)
    frame["article_id"] = [f"article-{index % 5}" for index in range(len(frame))]
    frame["checked"] = frame.index % 9 == 0
    # Text that would break (or widen) a query built by pasting strings: a quote, LIKE wildcards.
    frame.loc[frame.index % 50 == 0, "summary"] = "Shelling reported by O'Brien, 100% confirmed_"
    frame.loc[frame.index % 97 == 0, "date_start"] = pd.NaT  # undated events are kept, in their own partition
    # Missing values where a search or a type filter looks: they match nothing, in SQL as in pandas.
    for column, every in (("summary", 13), ("site_name", 17), ("actors", 19), ("sub_event_type", 23)):
        frame.loc[frame.index % every == 5, column] = None
    frame.loc[frame.index % 29 == 3, "date_end"] = pd.NaT  # an event with a start only
    # Badly coded: an end before the start (it matches a range by its end, filed under its start's month).
    backwards = frame.index % 83 == 1
    frame.loc[backwards, "date_end"] = frame.loc[backwards, "date_start"] - pd.Timedelta(days=45)
    return frame


@pytest.fixture(scope="module")
def store(events: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> EventStore:
    root = tmp_path_factory.mktemp("store")
    writer = StoreWriter(root, "test1")
    for start in range(0, len(events), 1500):  # several chunks, as an import writes them
        writer.add_events(events.iloc[start : start + 1500])
    writer.commit(source="fixture")
    return EventStore(root)


def _values(frame: pd.DataFrame, column: str) -> list:
    return [None if pd.isna(value) else value for value in frame[column].astype(object)]


def test_round_trip_keeps_every_column_and_row(events: pd.DataFrame, store: EventStore) -> None:
    back = store.page(ViewState(), order_by="id", limit=len(events) + 10)
    expected = events.sort_values("id").reset_index(drop=True)
    assert len(back) == len(events)
    for column in STORED_EVENT_COLUMNS:
        assert _values(back, column) == _values(expected, column), column


def test_a_months_rows_from_many_chunks_are_written_as_one_row_group(store: EventStore) -> None:
    """Small row groups (one per chunk per month, as chunks in any date order would make) slow every scan."""
    files = list(store.root.glob("events/*/*/*.parquet"))
    assert len(files) > 12
    assert {pq.ParquetFile(path).metadata.num_row_groups for path in files} == {1}


FILTERS = [
    ViewState(),
    ViewState(start=date(2020, 3, 1)),
    ViewState(end=date(2019, 6, 30)),
    ViewState(start=date(2021, 1, 15), end=date(2021, 4, 2)),
    ViewState(types=("battles",)),
    ViewState(types=("battles", "protests")),
    ViewState(subtypes=("peaceful-protest",)),
    ViewState(types=("protests", "battles"), subtypes=("peaceful-protest",)),
    ViewState(types=("not-in-acled",)),
    ViewState(article="article-2"),
    ViewState(article="no-such-article"),
    ViewState(query="khartoum"),
    ViewState(query="O'BRIEN, 100%"),
    ViewState(query="100_"),
    ViewState(checked_only=True),
    ViewState(start=date(2020, 1, 1), end=date(2022, 12, 31), types=("battles",), query="near", checked_only=True),
]


@pytest.mark.parametrize("state", FILTERS, ids=[str(index) for index in range(len(FILTERS))])
def test_each_filter_counts_what_filter_events_keeps(events: pd.DataFrame, store: EventStore, state: ViewState) -> None:
    expected = filter_events(events, state)
    assert store.count(state) == len(expected)
    daily = store.daily(state)  # the headline count and the timeline in one scan
    assert daily["count"].sum() == len(expected)
    dated = expected.dropna(subset=["date_start"])
    per_day = dated.groupby([dated["date_start"].dt.floor("D"), dated["acled_event_type"].astype(str)]).size()
    got = {(pd.Timestamp(row.day), row.type): row.count for row in daily.dropna(subset=["day"]).itertuples()}
    assert got == {key: value for key, value in per_day.items() if value}
    page = store.page(state, order_by="id", limit=len(events))
    assert sorted(page["id"]) == sorted(expected["id"])


@pytest.mark.parametrize("slack", [eventstore.COUNTS_SLACK, -(10**9)], ids=["added", "merged-each-time"])
def test_counts_follow_a_store_that_grows_while_it_is_open(
    events: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slack: int
) -> None:
    """An ingest adds batches while the dashboard has the store open: its counts must include them
    (each new batch's counts added to the table kept in memory, or merged with it)."""
    monkeypatch.setattr(eventstore, "COUNTS_SLACK", slack)
    battles = ViewState(types=("battles",), start=date(2020, 1, 1))
    store = None
    for batch, (start, end) in enumerate([(0, 1000), (1000, 2500), (2500, 2600), (2600, 4000)]):
        writer = StoreWriter(tmp_path, f"b{batch}")
        writer.add_events(events.iloc[start:end])
        writer.commit()
        store = store or EventStore(tmp_path)
        assert store.count() == end
        so_far = filter_events(events.iloc[:end], battles)
        assert store.count(battles) == len(so_far)
        assert store.daily(battles)["count"].sum() == len(so_far)
        assert store.timeline(battles)["count"].sum() == so_far["date_start"].count()
        assert store.grid(battles, WORLD, 3)["count"].sum() == len(so_far.dropna(subset=["lat", "lon"]))


def test_coordinates_are_stored_plain(store: EventStore) -> None:
    """Every map query reads both coordinates of each event in view: they are kept unpacked (no
    dictionary, no compression), which reads them 2.4x faster; the text columns stay compressed."""
    metadata = pq.ParquetFile(next(store.root.glob("events/*/*/*.parquet"))).metadata
    columns = {
        metadata.row_group(0).column(i).path_in_schema: metadata.row_group(0).column(i)
        for i in range(metadata.num_columns)
    }
    for name in ("lat", "lon"):
        assert columns[name].compression == "UNCOMPRESSED"
        assert "RLE_DICTIONARY" not in columns[name].encodings
    assert columns["summary"].compression == "ZSTD"


def test_the_filters_are_not_vacuous(events: pd.DataFrame, store: EventStore) -> None:
    counts = [store.count(state) for state in FILTERS]
    assert counts[0] == len(events)
    assert 0 < counts[3] < counts[1] < counts[0]
    assert 0 < counts[12] < counts[0] and counts[13] == 0 and counts[10] == 0


def test_timeline_counts_per_month_and_type(events: pd.DataFrame, store: EventStore) -> None:
    state = ViewState(start=date(2020, 1, 1), end=date(2020, 12, 31))
    timeline = store.timeline(state, "month")
    kept = filter_events(events, state).dropna(subset=["date_start"])
    expected = kept.groupby([kept["date_start"].dt.to_period("M"), kept["acled_event_type"].astype(str)]).size()
    assert timeline["count"].sum() == len(kept)
    got = {(pd.Timestamp(row.period).to_period("M"), row.type): row.count for row in timeline.itertuples()}
    assert got == {key: value for key, value in expected.items() if value}
    with pytest.raises(EventStoreError):
        store.timeline(state, "fortnight; DROP TABLE events")


def test_pages_do_not_overlap_and_follow_the_order(store: EventStore) -> None:
    state = ViewState(types=("battles",))
    first = store.page(state, order_by="-date_start", limit=50, offset=0)
    second = store.page(state, order_by="-date_start", limit=50, offset=50)
    assert len(first) == len(second) == 50
    assert not set(first["id"]) & set(second["id"])
    assert first["date_start"].is_monotonic_decreasing and first["date_start"].iloc[-1] >= second["date_start"].iloc[0]
    with pytest.raises(EventStoreError):
        store.page(state, order_by="date_start; --")


def _in_cells(frame: pd.DataFrame, bounds: tuple[float, float, float, float], zoom: int) -> pd.DataFrame:
    """The events in the grid cells a view touches, with their cell (y, x), computed in pandas."""
    located = frame.dropna(subset=["lat", "lon"])
    y = located["lat"].map(lambda value: cell_of(value, zoom))
    x = located["lon"].map(lambda value: cell_of(value, zoom))
    south, west, north, east = bounds
    rows = y.between(cell_of(south, zoom), cell_of(north, zoom))
    if west <= east:
        columns = x.between(cell_of(west, zoom), cell_of(east, zoom))
    else:
        columns = (x >= cell_of(west, zoom)) | (x <= cell_of(east, zoom))
    return located.assign(y=y, x=x)[rows & columns]


def test_grid_counts_whole_cells_in_view_with_their_dominant_type(events: pd.DataFrame, store: EventStore) -> None:
    bounds = (0.0, 20.0, 40.0, 50.0)
    grid = store.grid(ViewState(), bounds, zoom=4)
    inside = _in_cells(events, bounds, 4)
    assert grid["count"].sum() == len(inside) == store.count(ViewState(), bounds, zoom=4)
    # Whole cells: the edge cells reach past the view, and hold what an exact cut of the view does.
    exact = events[events["lat"].between(0, 40) & events["lon"].between(20, 50)]
    assert set(exact["id"]) < set(inside["id"])
    cell = cell_degrees(4)
    top = grid.iloc[0]
    in_cell = inside[(inside["y"] * cell == top["cell_lat"]) & (inside["x"] * cell == top["cell_lon"])]
    assert top["count"] == len(in_cell)
    assert top["lat"] == pytest.approx(in_cell["lat"].mean())
    assert top["dominant_type"] == in_cell["acled_event_type"].astype(str).value_counts().sort_index().idxmax()
    assert cell_degrees(10) < cell_degrees(4)


def test_a_cells_count_does_not_change_as_the_map_pans(store: EventStore) -> None:
    before = store.grid(ViewState(), (0.0, 20.0, 40.0, 50.0), zoom=4).set_index(["cell_lat", "cell_lon"])
    after = store.grid(ViewState(), (2.0, 23.0, 42.0, 53.0), zoom=4).set_index(["cell_lat", "cell_lon"])
    both = before.index.intersection(after.index)
    assert len(both) > 10
    assert before.loc[both, "count"].equals(after.loc[both, "count"])


WIDE_MAP_FILTERS = [
    ViewState(),
    ViewState(types=("battles",)),
    ViewState(start=date(2020, 3, 1)),
    ViewState(start=date(2020, 3, 17)),
    ViewState(end=date(2019, 6, 30)),
    ViewState(start=date(2021, 1, 15), end=date(2021, 4, 2), types=("protests",)),
    ViewState(start=date(2019, 2, 1), end=date(2019, 2, 28)),
    ViewState(subtypes=("peaceful-protest",), start=date(2018, 5, 5)),
    ViewState(types=("not-in-acled",), end=date(2022, 1, 1)),
]


@pytest.mark.parametrize("state", WIDE_MAP_FILTERS, ids=[str(index) for index in range(len(WIDE_MAP_FILTERS))])
@pytest.mark.parametrize("zoom", [1, 3, eventstore.COUNTED_ZOOM, eventstore.COUNTED_ZOOM + 1])
@pytest.mark.parametrize(
    "bounds", [(-30.0, -20.0, 50.0, 60.0), (-60.0, 150.0, 70.0, -100.0)], ids=["view", "across-180"]
)
def test_a_maps_cells_count_what_filter_events_keeps(
    events: pd.DataFrame,
    store: EventStore,
    monkeypatch: pytest.MonkeyPatch,
    state: ViewState,
    zoom: int,
    bounds: tuple[float, float, float, float],
) -> None:
    """A wide map sums the cells counted in memory for the months a range holds whole and reads the
    events of the months it cuts: the same cells, counts, positions and types as reading every event."""
    inside = _in_cells(filter_events(events, state), bounds, zoom)
    grid = store.grid(state, bounds, zoom)
    cell = cell_degrees(zoom)
    expected = inside.groupby(["y", "x"]).size()
    assert {(round(r.cell_lat / cell), round(r.cell_lon / cell)): r.count for r in grid.itertuples()} == dict(expected)
    assert store.count(state, bounds, zoom) == len(inside)
    monkeypatch.setattr(eventstore, "_counted_filters", lambda _state: False)
    read = store.grid(state, bounds, zoom)
    pd.testing.assert_frame_equal(grid.drop(columns=["lat", "lon"]), read.drop(columns=["lat", "lon"]))
    assert grid["lat"].to_numpy() == pytest.approx(read["lat"].to_numpy())
    assert grid["lon"].to_numpy() == pytest.approx(read["lon"].to_numpy())


def test_a_map_view_counts_and_selects_only_its_events(events: pd.DataFrame, store: EventStore) -> None:
    state = ViewState(types=("battles",))
    kept = filter_events(events, state)
    inside = kept[kept["lat"].between(0, 40) & kept["lon"].between(20, 50)]
    assert 0 < store.count(state, (0.0, 20.0, 40.0, 50.0)) == len(inside) < len(kept)
    chosen = store.select(state, (0.0, 20.0, 40.0, 50.0), limit=len(events))
    assert sorted(chosen["id"]) == sorted(inside["id"])
    assert len(store.select(state, (0.0, 20.0, 40.0, 50.0), limit=7)) == 7
    # Across the antimeridian: west > east keeps both edges of the world, not the middle.
    edges = kept[(kept["lon"] >= 170) | (kept["lon"] <= -60)]
    assert store.count(state, (-90.0, 170.0, 90.0, -60.0)) == len(edges)
    with pytest.raises(EventStoreError):
        store.count(state, (40.0, 20.0, 0.0, 50.0))  # south above north


def test_choices_list_what_the_store_holds(events: pd.DataFrame, store: EventStore) -> None:
    choices = store.choices()
    assert choices.first == events["date_start"].min().date()
    assert choices.last == events["date_end"].fillna(events["date_start"]).max().date()
    assert choices.types == {str(name) for name in events["acled_event_type"].dropna().unique()}
    assert choices.subtypes == {str(slug) for slug in events["sub_event_type"].dropna().unique()}
    assert choices.articles == tuple(f"article-{index}" for index in range(5))
    sample = store.sample(500)
    assert len(sample) == 500 and list(sample.columns) == ["lat", "lon", "acled_event_type"]
    assert sample["lat"].between(events["lat"].min(), events["lat"].max()).all()
    one = events["id"].iloc[17]
    assert list(store.event(one)["id"]) == [one] and store.event("no-such-event").empty


def test_a_date_range_reads_only_its_months(store: EventStore) -> None:
    def files_read(state: ViewState) -> int:
        plan = EventStore(store.root).explain(state)  # a fresh connection: no footers cached from other tests
        return int(re.search(r"Total Files Read:[\s│]*(\d+)", plan).group(1))

    months = store.months()
    assert len(months) > 40
    assert files_read(ViewState()) == len(months)
    # March and April asked; the store's longest event (29 days) may reach into March from 31 January on.
    assert store.manifest.max_span_days == 29
    assert files_read(ViewState(start=date(2021, 3, 1), end=date(2021, 4, 30))) == 4
    assert files_read(ViewState(start=date(2021, 3, 30), end=date(2021, 4, 30))) == 2
    assert files_read(ViewState(end=date(2018, 1, 31))) <= 2  # January 2018, and the undated partition


@pytest.fixture
def acled_csv(tmp_path: Path) -> Path:
    return write_synthetic(3000, tmp_path / "acled.csv", acled=True, seed=5)


def test_an_acled_import_holds_what_load_table_reads(acled_csv: Path, tmp_path: Path) -> None:
    result = import_events(acled_csv, tmp_path / "store")
    loaded = load_table(acled_csv).events
    store = EventStore(tmp_path / "store")
    assert result.added == len(loaded) == 3000 and result.skipped == 0
    for state in (ViewState(), ViewState(types=("battles",)), ViewState(start=date(2022, 1, 1), query="gaza")):
        assert store.count(state) == len(filter_events(loaded, state))
    back = store.page(ViewState(), order_by="id", limit=10)
    assert list(back["id"]) == sorted(loaded["id"])[:10]


def test_import_is_idempotent_and_an_interrupted_batch_is_swept(acled_csv: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    first = import_events(acled_csv, root)
    again = import_events(acled_csv, root)
    assert again.already and again.added == 0
    assert EventStore(root).count() == first.added
    crashed = StoreWriter(root, "crash1")  # written, never committed: as if the process died
    crashed.add_events(EventStore(root).page(limit=100))
    crashed.flush()
    crashed._writers.popitem()[1].close()  # a file left behind under its temporary name
    theirs = root / "notes" / "draft.tmp"  # not the store's: a sweep must leave it alone
    theirs.parent.mkdir()
    theirs.write_text("mine", encoding="utf-8")
    ours = tmp_path / "ours.parquet"
    write_frame(synthesise(500, seed=9), ours)
    assert import_events(ours, root).added == 500
    assert EventStore(root).count() == first.added + 500
    assert list(root.glob("**/*.tmp")) == [theirs]


def test_bad_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "ours.csv"
    good = synthesise(20, seed=4)
    write_frame(good, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad = []
    for column, value in (("date_start", "not a date"), ("lat", "200"), ("id", "")):
        row = next(iter(pd.read_csv(path, dtype=str, keep_default_na=False).head(1).to_dict("records")))
        row[column] = value
        bad.append(",".join(f'"{row[name]}"' for name in header))
    bad.append("too,few,fields")
    path.write_text("\n".join([*lines, *bad]) + "\n", encoding="utf-8")
    result = import_events(path, tmp_path / "store")
    assert (result.added, result.skipped) == (20, 4)
    assert EventStore(tmp_path / "store").count() == 20


def test_a_file_that_is_not_an_events_table_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,age\nAda,36\n", encoding="utf-8")
    with pytest.raises(EventImportError, match="neither our events table"):
        import_events(path, tmp_path / "store")
    assert not list((tmp_path / "store").glob("**/*.parquet"))


def test_a_view_wrapping_almost_the_whole_world_counts_every_column(events: pd.DataFrame, store: EventStore) -> None:
    """350° of longitude across the antimeridian (zoom 1 or 2 on a wide screen): both edges fall in one
    column of cells, and every column is in view, not only that one."""
    bounds = (-80.0, 20.0, 80.0, 10.0)
    located = events.dropna(subset=["lat", "lon"])
    exact = located[located["lat"].between(-80, 80) & ((located["lon"] >= 20) | (located["lon"] <= 10))]
    for zoom in (1, 2):
        whole = _in_cells(located, (-80.0, -180.0, 80.0, 180.0), zoom)
        assert store.count(ViewState(), bounds, zoom) == len(whole) >= len(exact) > len(located) // 2
        assert store.grid(ViewState(), bounds, zoom)["count"].sum() == len(whole)


def test_an_impossible_coordinate_is_on_no_map_and_breaks_no_count(events: pd.DataFrame, tmp_path: Path) -> None:
    """A NaN or out-of-range coordinate (a table written by hand, say) is counted by dates and types, drawn
    nowhere, and does not stop the counts kept in memory from being made."""
    frame = events.iloc[:400].reset_index(drop=True)
    table = eventstore.arrow_table(frame.assign(checked=False), STORED_EVENT_COLUMNS)
    lat = frame["lat"].to_numpy(copy=True)
    lat[:3], lat[3] = float("nan"), 95.0
    table = table.set_column(table.schema.get_field_index("lat"), "lat", pa.array(lat, from_pandas=False))
    writer = StoreWriter(tmp_path, "odd")
    writer.add_events(table)
    writer.commit()
    store = EventStore(tmp_path)
    assert store.count() == 400
    mapped = frame.iloc[4:].dropna(subset=["lat", "lon"])
    assert store.grid(ViewState(), WORLD, 3)["count"].sum() == len(mapped)
    assert store.count(ViewState(), WORLD, 3) == len(mapped)


def test_a_tally_that_fails_halfway_counts_no_batch_twice(
    events: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counts kept in memory are brought up to date together or not at all: a failure while adding
    a batch to the second leaves the first without it, and the next call adds it once."""
    for batch, (start, end) in enumerate([(0, 1000), (1000, 2000)]):
        writer = StoreWriter(tmp_path, f"b{batch}")
        writer.add_events(events.iloc[start:end])
        writer.commit()
        if batch == 0:
            store = EventStore(tmp_path)
            assert store.count() == 1000
    adding = EventStore._add_to
    failed: list[str] = []

    def failing_once(self: EventStore, cursor: Any, tally: Any, source: str) -> None:
        if tally.name == "cell_counts" and not failed:
            failed.append(tally.name)
            raise duckdb.IOException("the disk went away")
        adding(self, cursor, tally, source)

    monkeypatch.setattr(EventStore, "_add_to", failing_once)
    with pytest.raises(duckdb.IOException):
        store.count()
    assert store.count() == 2000 == store.daily()["count"].sum()
    assert store.grid(ViewState(), WORLD, 3)["count"].sum() == len(events.iloc[:2000].dropna(subset=["lat", "lon"]))
