"""The event store: events as Parquet partitioned by month, queried with DuckDB (embedded, no server).

Past a few hundred thousand events the dashboard cannot hold and re-filter one DataFrame per change;
here each view is a query that reads only the months it needs and returns only what is drawn (a
count, a timeline, one page of rows, a map grid). Pure: no Streamlit.

Layout of a store directory (one writer at a time; readers any time):

    manifest.json                                   the committed batches, and the longest event span
    events/year=YYYY/month=MM/part-<batch>.parquet  one file per month a batch touches (undated: year=0000)
    places/part-<batch>.parquet                     places have no date of their own: not partitioned
    articles/part-<batch>.parquet                   ingested articles (id, title, published, content_hash)

A batch (one imported file, or a run of ingested articles) is written to hidden temporary files that
are renamed and then listed in the manifest; a file whose batch is not listed (a crash) is removed
by the next writer, so an interrupted import leaves nothing half-counted.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from datelines.data.store import write_atomically
from datelines.data.tables import EVENT_COLUMNS, PLACE_COLUMNS, typed_frame
from datelines.extract.acled import EVENT_TYPE_GROUPS_BY_SLUG, SUB_EVENT_TYPES_BY_SLUG
from datelines.views.view import MAX_ZOOM, SEARCHED_COLUMNS, FilterChoices, ViewState

MANIFEST_NAME = "manifest.json"
STORED_EVENT_COLUMNS = {**EVENT_COLUMNS, "checked": "bool"}
_EVENT_COLUMN_LIST = ", ".join(STORED_EVENT_COLUMNS)  # what a query of whole event rows selects
ARTICLE_COLUMNS = {
    "id": "string",
    "title": "string",
    "published": "string",
    "source": "string",
    "content_hash": "string",
}
_ARROW_TYPES = {
    "string": pa.string(),
    "Int64": pa.int64(),
    "float64": pa.float64(),
    "datetime64[ns]": pa.timestamp("ns"),
    "bool": pa.bool_(),
}
_SQL_TYPES = {
    "string": "VARCHAR",
    "Int64": "BIGINT",
    "float64": "DOUBLE",
    "datetime64[ns]": "TIMESTAMP_NS",
    "bool": "BOOLEAN",
}
PERIODS = ("day", "week", "month", "quarter", "year")
TIMELINE_KEYS = ("acled_event_type", "sub_event_type", "event_type")
# The columns of the per-day counts a store keeps in memory: what the date and type filters read.
DAY_COUNT_KEYS = ("year", "month", "date_start", "date_end", *TIMELINE_KEYS)
# The map cells a store counts in memory per month and type: a map at this zoom or wider sums them (cells
# of 1.4°: 236,000 rows for 10M synthetic events); closer in, a view reads its events.
COUNTED_ZOOM = 6
# Batches added one by one repeat the same keys in the counts kept in memory: past this many rows more
# than twice what the last merge left, rows of the same keys are merged into one.
COUNTS_SLACK = 50_000
NO_FILTERS = ViewState()  # every event
_PART = re.compile(r"^part-([a-z0-9]+)\.parquet$")
_STAGED = re.compile(r"^\.part-([a-z0-9]+)\.parquet\.tmp$")  # a part being written, or staged


class EventStoreError(ValueError):
    """A store directory or a query that cannot be used; the message says what to fix."""


def _schema(columns: dict[str, str]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[dtype]) for name, dtype in columns.items()])


def arrow_table(frame: pd.DataFrame, columns: dict[str, str]) -> pa.Table:
    """The frame in the store's fixed schema (categories as text, absent columns empty), so that every
    file of a store has the same columns and types whatever wrote it."""
    out = {}
    for name, dtype in columns.items():
        if name in frame and str(frame[name].dtype) == dtype:  # already typed (the pipeline's tables are)
            out[name] = pa.array(frame[name], type=_ARROW_TYPES[dtype], from_pandas=True)
            continue
        if name not in frame:
            series = pd.Series([False if dtype == "bool" else None] * len(frame), dtype=object)
        else:
            series = frame[name]
        if isinstance(series.dtype, pd.CategoricalDtype) or dtype == "string":
            series = series.astype(object).astype("string")
        elif dtype == "bool":
            series = series.astype(object).where(series.notna(), False).astype(bool)
        elif dtype.startswith("datetime"):
            series = pd.to_datetime(series, errors="coerce").astype(dtype)
        else:
            series = pd.to_numeric(series, errors="coerce").astype(dtype)
        out[name] = pa.array(series, type=_ARROW_TYPES[dtype], from_pandas=True)
    return pa.table(out, schema=_schema(columns))


def records_table(rows: list[dict[str, Any]], columns: dict[str, str]) -> pa.Table:
    """Rows of plain Python values (`tables.event_records`) in the store's fixed schema, without pandas."""
    return pa.Table.from_pylist(rows, schema=_schema(columns))


@dataclass(frozen=True)
class Manifest:
    """What a store holds: its committed batches (id -> what it was) and the longest event (days from
    start to end), which makes month pruning safe for events that began before the filter's start."""

    batches: dict[str, dict[str, Any]]
    max_span_days: int = 0

    @classmethod
    def read(cls, root: Path) -> Manifest:
        path = root / MANIFEST_NAME
        if not path.exists():
            return cls({})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(dict(data["batches"]), int(data.get("max_span_days", 0)))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise EventStoreError(f"{path} is not a datelines store manifest: {error}") from error

    def write(self, root: Path) -> None:
        payload = {"version": 1, "max_span_days": self.max_span_days, "batches": self.batches}
        write_atomically(root / MANIFEST_NAME, json.dumps(payload, indent=1, sort_keys=True).encode("utf-8"))


ROW_GROUP_ROWS = 122_880  # DuckDB's own row group size: a month's rows are written in groups this large
BUFFERED_ROWS = 600_000  # rows held for all months together before the fullest are written out
# Coordinates are near-random doubles: a dictionary and zstd save a fifth of their bytes, and decoding them
# was most of every map query (the grid reads both for each event in view): read 2.4x faster stored plain.
PLAIN_COLUMNS = ("lat", "lon")


def parquet_options(schema: pa.Schema) -> dict[str, Any]:
    """How a store file's columns are encoded: zstd and dictionaries, except plain coordinates."""
    packed = [name for name in schema.names if name not in PLAIN_COLUMNS]
    compression = {name: "zstd" if name in packed else "none" for name in schema.names}
    return {"compression": compression, "use_dictionary": packed}


@dataclass(frozen=True)
class StagedBatch:
    """A batch written to its temporary files and closed, not yet listed: what a worker process that
    wrote it hands to the one process that commits (`commit_staged`)."""

    batch: str
    files: tuple[Path, ...]  # final names; each is written as `.name.tmp` beside it until committed
    events: int
    span_days: int


def commit_staged(root: Path, staged: StagedBatch, **details: Any) -> None:
    """Rename a staged batch's files, then list it in the manifest (the moment it counts). One process
    commits to a store; the manifest is read again here, so batches staged by others may come between."""
    for final in staged.files:
        final.with_name(f".{final.name}.tmp").replace(final)
    manifest = Manifest.read(root)
    batches = dict(manifest.batches)
    batches[staged.batch] = {"events": staged.events, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), **details}
    Manifest(batches, max(manifest.max_span_days, staged.span_days)).write(root)


class StoreWriter:
    """Adds one batch to a store: events by month, places, articles; visible only once `commit` has
    listed it in the manifest. Memory stays flat: rows wait per file until a row group is full (or too
    many wait in all), then are appended to that file. Chunks in date order fill few months at a time;
    chunks in any order still make row groups of thousands of rows, not of a chunk's share of a month.
    Writers of several batches at once (an ingest's workers) pass `sweep=False`: sweeping would take the
    others' unlisted files for a crash's leftovers; their process sweeps once before they start."""

    def __init__(self, root: Path, batch: str, sweep: bool = True) -> None:
        if not re.fullmatch(r"[a-z0-9]+", batch):
            raise EventStoreError(f"batch id {batch!r} must be lower-case letters and digits")
        self.root, self.batch = root, batch
        root.mkdir(parents=True, exist_ok=True)
        manifest = Manifest.read(root)
        if batch in manifest.batches:
            raise EventStoreError(f"batch {batch} is already in {root}")
        if sweep:
            sweep_leftovers(root, manifest)
        self._writers: dict[Path, pq.ParquetWriter] = {}
        self._waiting: dict[Path, list[pa.Table]] = {}
        self._waiting_rows: dict[Path, int] = {}
        self.events = 0
        self.span_days = 0

    def _append(self, final: Path, table: pa.Table) -> None:
        self._waiting.setdefault(final, []).append(table)
        self._waiting_rows[final] = self._waiting_rows.get(final, 0) + table.num_rows
        if self._waiting_rows[final] >= ROW_GROUP_ROWS:
            self._write(final)
        while sum(self._waiting_rows.values()) > BUFFERED_ROWS:
            self._write(max(self._waiting_rows, key=self._waiting_rows.__getitem__))

    def _write(self, final: Path) -> None:
        """Append the rows waiting for `final` to its temporary file, as one row group."""
        tables = self._waiting.pop(final, [])
        self._waiting_rows.pop(final, None)
        if not tables:
            return
        writer = self._writers.get(final)
        if writer is None:
            final.parent.mkdir(parents=True, exist_ok=True)
            schema = tables[0].schema
            writer = pq.ParquetWriter(final.with_name(f".{final.name}.tmp"), schema, **parquet_options(schema))
            self._writers[final] = writer
        writer.write_table(pa.concat_tables(tables), row_group_size=ROW_GROUP_ROWS)

    def add_events(self, events: pd.DataFrame | pa.Table) -> None:
        """Events in our schema (`tables.EVENT_COLUMNS`, plus `checked`; a frame, or a table already in
        the store's schema, as `arrow_table` makes it), split by the month they start."""
        table = events if isinstance(events, pa.Table) else arrow_table(events, STORED_EVENT_COLUMNS)
        if table.num_rows == 0:
            return
        starts, ends = table["date_start"], table["date_end"]
        span = pc.max(pc.days_between(starts, ends)).as_py()
        if span is not None:
            self.span_days = max(self.span_days, int(span))
        keyed = pc.coalesce(starts, ends)  # an event with only an end date is filed under it
        keys = pc.fill_null(pc.add(pc.multiply(pc.year(keyed), 100), pc.month(keyed)), 0).to_numpy()
        # One table of one chunk before the per-month gathers: a `take` on a table of many chunks (an ingest
        # batch is dozens of workers' tables) was 40% of the writing process's time. (Zero-copy slices of one
        # gather would keep each whole chunk alive while any month of it waits: 1.9 GB importing 10M rows.)
        table = table.combine_chunks()
        months, which = np.unique(keys, return_inverse=True)
        order = np.argsort(which, kind="stable")
        for key, positions in zip(months, np.split(order, np.cumsum(np.bincount(which))[:-1]), strict=True):
            year, month = divmod(int(key), 100)
            final = self.root / "events" / f"year={year:04d}" / f"month={month:02d}" / f"part-{self.batch}.parquet"
            self._append(final, table.take(pa.array(positions)))
        self.events += table.num_rows

    def add_places(self, places: pd.DataFrame | pa.Table) -> None:
        table = places if isinstance(places, pa.Table) else arrow_table(places, PLACE_COLUMNS)
        if table.num_rows:
            self._append(self.root / "places" / f"part-{self.batch}.parquet", table)

    def add_articles(self, frame: pd.DataFrame) -> None:
        if not frame.empty:
            self._append(self.root / "articles" / f"part-{self.batch}.parquet", arrow_table(frame, ARTICLE_COLUMNS))

    def flush(self) -> None:
        """Write every waiting row to the batch's temporary files (still not visible to readers)."""
        for final in list(self._waiting):
            self._write(final)

    def close(self) -> StagedBatch:
        """Write what waits and close the batch's files, still under their temporary names."""
        self.flush()
        for writer in self._writers.values():
            writer.close()
        staged = StagedBatch(self.batch, tuple(self._writers), self.events, self.span_days)
        self._writers.clear()
        return staged

    def commit(self, **details: Any) -> None:
        """Close and rename the batch's files, then list it in the manifest (the moment it counts)."""
        commit_staged(self.root, self.close(), **details)

    def abort(self) -> None:
        """Drop what this batch wrote (nothing was listed, so readers never saw it)."""
        self._waiting.clear()
        self._waiting_rows.clear()
        for final, writer in self._writers.items():
            writer.close()
            final.with_name(f".{final.name}.tmp").unlink(missing_ok=True)
        self._writers.clear()


WRITER_LOCK = ".writer.lock"


@contextmanager
def writing(root: Path) -> Iterator[None]:
    """Hold the store's writer lock while batches are written and committed: a second import or ingest
    into the same store at once would sweep the first one's staged files as a crash's leftovers. An
    advisory lock (flock) on a file in the store, let go when the process ends however it ends; where
    the system has no flock (Windows), writers are not kept apart."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:
        yield
        return
    with (root / WRITER_LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise EventStoreError(
                f"another import or ingest is writing to {root}; run this again once it has ended"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sweep_leftovers(root: Path, manifest: Manifest) -> int:
    """Remove what an interrupted batch left: its temporary files, and parts of batches the manifest
    lacks. Only the store's own folders and file names are looked at: a store made in a folder that
    holds other things leaves them alone."""
    removed = 0
    for path in (path for table in ("events", "places", "articles") for path in (root / table).glob("**/*")):
        match = _PART.match(path.name) or _STAGED.match(path.name)
        if match and path.is_file() and (path.name.endswith(".tmp") or match.group(1) not in manifest.batches):
            path.unlink()
            removed += 1
    return removed


def _date_sql(state: ViewState, max_span_days: int) -> tuple[list[str], list[Any], list[str], list[Any]]:
    """A date range's clauses on each event, and on the `year`/`month` partition columns (plain comparisons,
    which DuckDB applies to the file list: months outside the range are never opened); the start bound
    of the months is moved back by the store's longest event, since one that began earlier may overlap."""
    rows: list[str] = []
    row_params: list[Any] = []
    months: list[str] = []
    month_params: list[Any] = []
    if state.start is not None:
        rows.append("coalesce(date_end, date_start) >= ?")
        row_params.append(datetime.combine(state.start, datetime.min.time()))
        lower = state.start - timedelta(days=max_span_days)
        months.append("(year > ? OR (year = ? AND month >= ?))")
        month_params += [lower.year, lower.year, lower.month]
    if state.end is not None:
        rows.append("date_start <= ?")
        row_params.append(datetime.combine(state.end, datetime.min.time()))
        months.append("(year < ? OR (year = ? AND month <= ?))")
        month_params += [state.end.year, state.end.year, state.end.month]
    return rows, row_params, months, month_params


def _type_sql(state: ViewState) -> tuple[list[str], list[Any]]:
    """The type and sub-type filter: an event of a chosen type, or of a chosen sub-type."""
    if not (state.types or state.subtypes):
        return [], []
    narrowed = {SUB_EVENT_TYPES_BY_SLUG[slug].event_type for slug in state.subtypes}
    whole = [EVENT_TYPE_GROUPS_BY_SLUG[slug].name for slug in state.types]
    clause = (
        "coalesce(list_contains(?::VARCHAR[], acled_event_type), false)"
        " OR coalesce(list_contains(?::VARCHAR[], sub_event_type), false)"
    )
    return [clause], [[name for name in whole if name not in narrowed], list(state.subtypes)]


def _joined(clauses: Sequence[str]) -> str:
    return " AND ".join(f"({clause})" for clause in clauses) or "TRUE"


def filter_sql(state: ViewState, max_span_days: int = 0) -> tuple[str, list[Any]]:
    """One parametrised WHERE for a view's filters, meaning exactly what `view.filter_events` means,
    with the partitions a date range needs (`_date_sql`)."""
    rows, row_params, months, month_params = _date_sql(state, max_span_days)
    types, type_params = _type_sql(state)
    clauses = [*rows, *months, *types]
    params = [*row_params, *month_params, *type_params]
    if state.article:
        clauses.append("article_id = ?")
        params.append(state.article)
    if state.checked_only:
        clauses.append("coalesce(checked, false)")
    if state.query:
        # Both sides lowered by DuckDB: Python and DuckDB lower some letters differently ("İ").
        clauses.append(" OR ".join(f"contains(lower({column}), lower(?))" for column in SEARCHED_COLUMNS))
        params += [state.query] * len(SEARCHED_COLUMNS)
    return _joined(clauses), params


def _counted_filters(state: ViewState) -> bool:
    """Whether the counts kept in memory can answer these filters: dates and types only."""
    return not (state.article or state.checked_only or state.query)


Bounds = tuple[float, float, float, float]  # (south, west, north, east) in degrees; west > east across 180°
WORLD: Bounds = (-90.0, -180.0, 90.0, 180.0)


def _checked_bounds(bounds: Bounds) -> Bounds:
    south, west, north, east = (float(value) for value in bounds)
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise EventStoreError(f"bounds {bounds} must be (south, west, north, east) in degrees")
    return south, west, north, east


def bounds_sql(bounds: Bounds) -> tuple[str, list[float]]:
    """A WHERE clause for events inside a map view (a view across the antimeridian has west > east)."""
    south, west, north, east = _checked_bounds(bounds)
    lon_clause = "lon BETWEEN ? AND ?" if west <= east else "(lon >= ? OR lon <= ?)"
    return f"lat BETWEEN ? AND ? AND {lon_clause}", [south, north, west, east]


def _zoom(zoom: int) -> int:
    return max(0, min(MAX_ZOOM, int(zoom)))


def cell_degrees(zoom: int) -> float:
    """A map-grid cell's side in degrees: about 64 screen pixels of longitude at that zoom."""
    return 90.0 / 2 ** _zoom(zoom)


def cell_sql(column: str, zoom: int) -> str:
    """The grid cell of a coordinate (`column`: lat or lon) at `zoom`, an integer. At `COUNTED_ZOOM` or
    wider it is the counted cell shifted right, so that a wide map's cells are exact unions of the cells
    counted in memory (the same float division either way)."""
    zoom = _zoom(zoom)
    if zoom <= COUNTED_ZOOM:
        return f"(floor({column} / {cell_degrees(COUNTED_ZOOM)!r}::DOUBLE)::BIGINT >> {COUNTED_ZOOM - zoom})"
    return f"floor({column} / {cell_degrees(zoom)!r}::DOUBLE)::BIGINT"


def cell_of(value: float, zoom: int) -> int:
    """`cell_sql` in Python, for one coordinate."""
    zoom = _zoom(zoom)
    if zoom <= COUNTED_ZOOM:
        return math.floor(value / cell_degrees(COUNTED_ZOOM)) >> (COUNTED_ZOOM - zoom)
    return math.floor(value / cell_degrees(zoom))


def cells_sql(bounds: Bounds, zoom: int, y: str | None = None, x: str | None = None) -> tuple[str, list[Any]]:
    """A WHERE clause for the events in the grid cells (of `zoom`) that a map view touches: whole cells,
    so that a cell's count does not change as the map pans, and wide views can sum counted cells. `y` and
    `x` are the cells' SQL (`cell_sql` of an event's coordinates when not given, after a cheap test of the
    coordinates themselves)."""
    south, west, north, east = _checked_bounds(bounds)
    rows, columns = (cell_of(south, zoom), cell_of(north, zoom)), (cell_of(west, zoom), cell_of(east, zoom))
    clauses, params = [], []
    if y is None or x is None:
        y, x = cell_sql("lat", zoom), cell_sql("lon", zoom)
        margin = cell_degrees(zoom)
        loose, corners = bounds_sql(
            (
                max(-90.0, south - margin),
                max(-180.0, west - margin),
                min(90.0, north + margin),
                min(180.0, east + margin),
            )
            if west <= east and west - margin >= -180 and east + margin <= 180
            else (max(-90.0, south - margin), -180.0, min(90.0, north + margin), 180.0)
        )
        clauses.append(loose)
        params += corners
    clauses.append(f"{y} BETWEEN ? AND ?")
    params += list(rows)
    if west <= east:
        clauses.append(f"{x} BETWEEN ? AND ?")
        params += list(columns)
    elif columns[0] > columns[1]:  # across the antimeridian
        clauses.append(f"({x} >= ? OR {x} <= ?)")
        params += list(columns)
    # else: across it with both edges in one column of cells: every column is touched
    return _joined(clauses), params


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _empty(table: str) -> str:
    """A FROM clause of no rows with a table's columns and types (a store with no files for it yet)."""
    columns = {
        "events": {**STORED_EVENT_COLUMNS, "year": "Int64", "month": "Int64"},
        "places": PLACE_COLUMNS,
        "articles": ARTICLE_COLUMNS,
    }[table]
    typed = ", ".join(f"NULL::{_SQL_TYPES[dtype]} AS {name}" for name, dtype in columns.items())
    return f"(SELECT {typed} WHERE false)"


def _read_events(files: Iterable[Path | str]) -> str:
    """A FROM clause over these event files, with their year and month (no rows for no files)."""
    names = ", ".join(_literal(str(path)) for path in sorted(str(path) for path in files))
    if not names:
        return _empty("events")
    return f"read_parquet([{names}], hive_partitioning = true, hive_types = {{'year': INTEGER, 'month': INTEGER}})"


@dataclass(frozen=True)
class _Tally:
    """Counts of the committed events a store keeps in DuckDB's memory: per `keys` (SQL AS name), the
    `measures` (name -> aggregate over events, and its type once summed), of the events `where` holds."""

    name: str
    keys: dict[str, str]
    measures: dict[str, tuple[str, str]]
    where: str = "TRUE"

    def counted(self, source: str) -> str:
        keys = ", ".join(f"{expression} AS {name}" for name, expression in self.keys.items())
        measures = ", ".join(f"{aggregate} AS {name}" for name, (aggregate, _type) in self.measures.items())
        return f"SELECT {keys}, {measures} FROM {source} WHERE {self.where} GROUP BY ALL"

    def merged(self) -> str:
        measures = ", ".join(f"sum({name})::{kind} AS {name}" for name, (_aggregate, kind) in self.measures.items())
        return f"SELECT {', '.join(self.keys)}, {measures} FROM {self.name} GROUP BY ALL"


_TALLIES = (
    # What a date or type filter counts instead of reading every event (10 ms instead of 150 at 10M).
    _Tally("day_counts", {key: key for key in DAY_COUNT_KEYS}, {"n": ("count(*)", "BIGINT")}),
    # What a map at COUNTED_ZOOM or wider sums for the months a date range holds whole.
    _Tally(
        "cell_counts",
        {
            "year": "year",
            "month": "month",
            "acled_event_type": "acled_event_type",
            "sub_event_type": "sub_event_type",
            "y": cell_sql("lat", COUNTED_ZOOM),
            "x": cell_sql("lon", COUNTED_ZOOM),
        },
        {"n": ("count(*)", "BIGINT"), "lat_sum": ("sum(lat)", "DOUBLE"), "lon_sum": ("sum(lon)", "DOUBLE")},
        # What reading a view's events admits: a NaN or an impossible coordinate is on no map (and
        # floor(NaN) cannot be a cell).
        "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180",
    ),
)


class EventStore:
    """Read-only queries over a store directory. Each method takes the view's filters (a `ViewState`;
    its map view and selected event are not filters) and returns a small answer, never the whole set.
    Safe to share between threads: every call opens its own DuckDB cursor, and the counts kept in memory
    change in one transaction (all tallies get a committed batch at once) under a lock that a wide map's
    grid also holds while it reads them."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise EventStoreError(f"event store {self.root} does not exist (create it with import-events or ingest)")
        self._connection = duckdb.connect()
        # Keep each file's footer in memory: without it every query re-reads the footers of every month
        # it opens (12x slower on a store of a few hundred files). Files are never rewritten, only added.
        self._connection.execute("SET GLOBAL parquet_metadata_cache = true")
        self._manifest: Manifest = Manifest({})
        self._manifest_version: tuple[int, ...] | None = None
        self._tallies_lock = threading.RLock()
        self._counted_batches: set[str] | None = None  # the batches the `_TALLIES` hold; None: not made
        self._tally_rows: dict[str, int] = {}  # each one's rows when last made or merged

    def version(self) -> tuple[int, ...]:
        """What changes whenever a writer commits: the manifest's modification time, inode and size (each
        commit replaces the file); () for a store without one."""
        path = self.root / MANIFEST_NAME
        try:
            status = path.stat()
        except FileNotFoundError:
            return ()
        return (status.st_mtime_ns, status.st_ino, status.st_size)

    @property
    def manifest(self) -> Manifest:
        """The manifest, re-read when a writer has changed it since the last call."""
        version = self.version()
        if version != self._manifest_version:
            self._manifest, self._manifest_version = Manifest.read(self.root), version
        return self._manifest

    def _source(self, table: str, filename: bool = False) -> str:
        """A FROM clause over a table's files, or over an empty typed relation when there are none;
        `filename` adds each row's file as a column (events only)."""
        if table == "events":
            pattern = self.root / "events" / "*" / "*" / "*.parquet"
            if any(self.root.glob("events/*/*/*.parquet")):
                return (
                    f"read_parquet({_literal(str(pattern))}, hive_partitioning = true,"
                    f" hive_types = {{'year': INTEGER, 'month': INTEGER}}, filename = {str(filename).lower()})"
                )
        elif any(self.root.glob(f"{table}/*.parquet")):
            return f"read_parquet({_literal(str(self.root / table / '*.parquet'))})"
        return _empty(table)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self._connection.cursor().execute(sql, list(params)).df()

    def _where(self, filters: ViewState) -> tuple[str, list[Any]]:
        return filter_sql(filters, self.manifest.max_span_days)

    def _where_in(self, filters: ViewState, bounds: Bounds | None, zoom: int | None = None) -> tuple[str, list[Any]]:
        """The filters, and the map view: exactly its bounds, or with a `zoom` the grid cells it touches."""
        where, params = self._where(filters)
        if bounds is None:
            return where, params
        inside, corners = bounds_sql(bounds) if zoom is None else cells_sql(bounds, zoom)
        return f"{where} AND {inside}", [*params, *corners]

    def _batch_files(
        self, batches: set[str] | frozenset[str], months: Iterable[tuple[int, int]] | None = None
    ) -> list[Path]:
        """The event files of these batches (in these (year, month) partitions only, when given)."""
        folders = (
            [self.root / "events"]
            if months is None
            else [self.root / "events" / f"year={year:04d}" / f"month={month:02d}" for year, month in months]
        )
        pattern = "*/*/*.parquet" if months is None else "*.parquet"
        return [
            path
            for folder in folders
            for path in folder.glob(pattern)
            if (match := _PART.match(path.name)) and match.group(1) in batches
        ]

    def _tallied(self) -> frozenset[str]:
        """Bring the counts kept in memory (`_TALLIES`: per day and type, per map cell and month) up to the
        manifest, and return the batches they hold. Made on first use (0.7 s at 10M); a batch committed
        since is counted and added on its own, so an ingest that commits every second does not make each
        view count the whole store again."""
        with self._tallies_lock:
            batches = set(self.manifest.batches)
            cursor = self._connection.cursor()
            if self._counted_batches is None or not self._counted_batches <= batches:  # first, or rewritten
                self._counted_batches, self._tally_rows = None, {}  # each tally is made again (CREATE OR REPLACE)
            new = batches - (self._counted_batches or set())
            if self._counted_batches is None or new:
                source = _read_events(self._batch_files(new))
                rows = dict(self._tally_rows)
                cursor.begin()  # all tallies or none: a failure halfway must not count a batch twice after
                try:
                    for tally in _TALLIES:
                        self._add_to(cursor, tally, source)
                    cursor.commit()
                except BaseException:
                    cursor.rollback()
                    self._tally_rows = rows
                    raise
                self._counted_batches = batches
            return frozenset(self._counted_batches)

    def _add_to(self, cursor: duckdb.DuckDBPyConnection, tally: _Tally, source: str) -> None:
        """Count `source` into a tally: made afresh, or added and (once it has doubled) merged."""
        merging = False
        if tally.name not in self._tally_rows:
            cursor.execute(f"CREATE OR REPLACE TABLE {tally.name} AS {tally.counted(source)}")
        else:
            cursor.execute(f"INSERT INTO {tally.name} {tally.counted(source)}")
            rows = cursor.execute(f"SELECT count(*) FROM {tally.name}").fetchone()[0]
            merging = rows > 2 * self._tally_rows[tally.name] + COUNTS_SLACK
        if merging:
            cursor.execute(f"CREATE OR REPLACE TABLE {tally.name} AS {tally.merged()}")
        if merging or tally.name not in self._tally_rows:  # rows of one key each: what later ones add to
            self._tally_rows[tally.name] = cursor.execute(f"SELECT count(*) FROM {tally.name}").fetchone()[0]

    def _counting(
        self, filters: ViewState, bounds: Bounds | None = None, zoom: int | None = None
    ) -> tuple[str, str, str, list[Any]]:
        """Where and how to count the events that match: the FROM, the count expression, the WHERE and its
        parameters. The per-day counts answer filters of dates and types (the sidebar's usual ones); a
        search, an article, checked events or a map view (`_where_in`) read the events themselves."""
        where, params = self._where_in(filters, bounds, zoom)
        if bounds is None and _counted_filters(filters):
            self._tallied()
            return "day_counts", "sum(n)::BIGINT", where, params
        return self._source("events"), "count(*)", where, params

    def count(self, filters: ViewState = NO_FILTERS, bounds: Bounds | None = None, zoom: int | None = None) -> int:
        """How many events match (inside `bounds` when given; with a `zoom`, in the grid cells the bounds
        touch, as the map counts them): the headline number, without loading them."""
        source, counted, where, params = self._counting(filters, bounds, zoom)
        frame = self._query(f"SELECT coalesce({counted}, 0) AS n FROM {source} WHERE {where}", params)
        return int(frame["n"].iloc[0])

    def page(
        self, filters: ViewState = NO_FILTERS, order_by: str = "date_start", limit: int = 100, offset: int = 0
    ) -> pd.DataFrame:
        """One page of matching events in our events schema, for a table: `order_by` is a column name,
        "-name" for descending; ties are broken by id so that pages do not overlap."""
        descending = order_by.startswith("-")
        column = order_by.removeprefix("-")
        if column not in STORED_EVENT_COLUMNS:
            raise EventStoreError(f"cannot order by {column!r}: use one of the events columns")
        if limit < 0 or offset < 0:
            raise EventStoreError("limit and offset must be 0 or more")
        where, params = self._where(filters)
        direction = "DESC" if descending else "ASC"
        order = f"ORDER BY {column} {direction} NULLS LAST, id"
        # Two steps: the page's ids and files from the sort column alone, then the full rows from just
        # those files. Sorting with every text column along cost 0.56 s at 1M events; this, about 0.2 s.
        top = self._query(
            f"SELECT id, filename FROM {self._source('events', filename=True)} WHERE {where} {order} LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
        if top.empty:
            return typed_frame(pd.DataFrame(columns=list(STORED_EVENT_COLUMNS)), STORED_EVENT_COLUMNS)
        frame = self._query(
            f"SELECT {_EVENT_COLUMN_LIST} FROM {_read_events(set(top['filename']))}"
            f" WHERE {where} AND list_contains(?::VARCHAR[], id) {order}",
            [*params, list(top["id"])],
        )
        return typed_frame(frame, STORED_EVENT_COLUMNS)

    def select(
        self,
        filters: ViewState = NO_FILTERS,
        bounds: Bounds | None = None,
        limit: int = 10_000,
        zoom: int | None = None,
    ) -> pd.DataFrame:
        """Up to `limit` matching events inside `bounds` (with a `zoom`: in the grid cells they touch), whole
        rows in no set order: the points a map view draws once few enough are in it (the caller counts first)."""
        where, params = self._where_in(filters, bounds, zoom)
        frame = self._query(
            f"SELECT {_EVENT_COLUMN_LIST} FROM {self._source('events')} WHERE {where} LIMIT ?",
            [*params, int(max(limit, 0))],
        )
        return typed_frame(frame, STORED_EVENT_COLUMNS)

    def sample(self, size: int) -> pd.DataFrame:
        """Where events are, from a uniform sample of `size` of them (columns lat, lon, acled_event_type): what
        frames a map of the whole store, without reading more than three columns."""
        return self._query(
            f"SELECT lat, lon, acled_event_type FROM {self._source('events')}"
            f" USING SAMPLE reservoir({int(max(size, 0))} ROWS) REPEATABLE (7)"
        )

    def event(self, event_id: str) -> pd.DataFrame:
        """The event with this id (one row), or no rows: a share link's selected event, checked cheaply."""
        frame = self._query(
            f"SELECT {_EVENT_COLUMN_LIST} FROM {self._source('events')} WHERE id = ? LIMIT 1", [event_id]
        )
        return typed_frame(frame, STORED_EVENT_COLUMNS)

    def choices(self) -> FilterChoices:
        """The date range and the types, sub-types and articles the store holds, in one pass."""
        row = (
            self._connection.cursor()
            .execute(
                "SELECT min(date_start), max(coalesce(date_end, date_start)), list(DISTINCT acled_event_type),"
                f" list(DISTINCT sub_event_type), list(DISTINCT article_id) FROM {self._source('events')}"
            )
            .fetchone()
        )
        first, last, types, subtypes, articles = row if row else (None, None, [], [], [])
        return FilterChoices(
            None if first is None else pd.Timestamp(first).date(),
            None if last is None else pd.Timestamp(last).date(),
            frozenset(name for name in types or [] if name),
            frozenset(slug for slug in subtypes or [] if slug),
            tuple(sorted(article for article in articles or [] if article)),
        )

    def daily(self, filters: ViewState = NO_FILTERS) -> pd.DataFrame:
        """Matching events per day and ACLED type (columns day, type, count; day NaT for undated events) in
        one scan: the headline count is its sum and a timeline of any period its sum per period, so a
        filter change reads the events once for both."""
        source, counted, where, params = self._counting(filters)
        return self._query(
            f"SELECT date_trunc('day', date_start) AS day, acled_event_type AS type, {counted} AS count"
            f" FROM {source} WHERE {where} GROUP BY ALL ORDER BY day, type",
            params,
        )

    def timeline(
        self, filters: ViewState = NO_FILTERS, period: str = "month", by: str = "acled_event_type"
    ) -> pd.DataFrame:
        """Counts per period and type (columns period, type, count), sorted: a timeline of any size is as
        many bars as periods times types. Undated events are left out, as on the timeline."""
        if period not in PERIODS:
            raise EventStoreError(f"period {period!r} must be one of {', '.join(PERIODS)}")
        if by not in TIMELINE_KEYS:
            raise EventStoreError(f"cannot count by {by!r}: use one of {', '.join(TIMELINE_KEYS)}")
        source, counted, where, params = self._counting(filters)
        return self._query(
            f"SELECT date_trunc('{period}', date_start) AS period, {by} AS type, {counted} AS count"
            f" FROM {source} WHERE {where} AND date_start IS NOT NULL"
            " GROUP BY ALL ORDER BY period, type",
            params,
        )

    def grid(
        self,
        filters: ViewState = NO_FILTERS,
        bounds: Bounds = WORLD,
        zoom: int = 2,
    ) -> pd.DataFrame:
        """Events per grid cell of `cell_degrees(zoom)`, for the cells a map's view touches (`cells_sql`;
        `bounds` is (south, west, north, east), west > east across the antimeridian). Columns cell_lat,
        cell_lon: the cell's south-west corner; lat, lon: the mean of its events, where a marker goes;
        count; dominant_type: the ACLED type with most events in it, ties by name. At `COUNTED_ZOOM` or
        wider, dates and types are summed from the counted cells for the months a date range holds whole,
        and read from the events for the months it cuts; otherwise the view's events are read."""
        zoom = _zoom(zoom)
        per_type = (
            f"SELECT {cell_sql('lat', zoom)} AS y, {cell_sql('lon', zoom)} AS x, acled_event_type AS type,"
            " count(*) AS n, sum(lat) AS lat_sum, sum(lon) AS lon_sum FROM {source} WHERE {where} GROUP BY ALL"
        )
        if zoom > COUNTED_ZOOM or not _counted_filters(filters):
            where, params = self._where_in(filters, bounds, zoom)
            return self._cells(per_type.format(source=self._source("events"), where=where), params, zoom)
        # One snapshot: a batch committed meanwhile is in all of the tallies, the files and the filter, or none.
        with self._tallies_lock:
            parts, params = self._counted_cells(filters, bounds, zoom, per_type)
            return self._cells(parts, params, zoom)

    def _cells(self, parts: str, params: list[Any], zoom: int) -> pd.DataFrame:
        """Cells per type (`parts`: y, x, type, n, lat_sum, lon_sum; a cell and type may come twice) as
        `grid` gives them."""
        cell = cell_degrees(zoom)
        return self._query(
            f"""
            WITH cells AS (
                SELECT y, x, type, sum(n) AS n, sum(lat_sum) AS lat_sum, sum(lon_sum) AS lon_sum
                FROM ({parts}) GROUP BY ALL
            )
            SELECT y * ? AS cell_lat, x * ? AS cell_lon, sum(lat_sum) / sum(n) AS lat, sum(lon_sum) / sum(n) AS lon,
                   sum(n)::BIGINT AS count, first(type ORDER BY n DESC, type) AS dominant_type
            FROM cells GROUP BY y, x ORDER BY count DESC, cell_lat, cell_lon
            """,
            [*params, cell, cell],
        )

    def _counted_cells(self, filters: ViewState, bounds: Bounds, zoom: int, per_type: str) -> tuple[str, list[Any]]:
        """A wide map's cells per type: the counted cells of the months the date range holds whole, and the
        events of the months it cuts (those with some events in the range and some not, per the per-day
        counts). 5 ms instead of 140 for a map of 10M events."""
        batches = self._tallied()
        where, params = self._where_in(filters, bounds, zoom)
        rows, row_params, _months, _month_params = _date_sql(filters, self.manifest.max_span_days)
        if rows:
            matching = f"coalesce({_joined(rows)}, false)"
            months = self._query(
                f"SELECT year, month, bool_and({matching}) AS whole FROM day_counts GROUP BY year, month"
                f" HAVING bool_or({matching})",
                [*row_params, *row_params],
            )
            listed = list(months.itertuples(index=False))
            whole = [int(year) * 100 + int(month) for year, month, is_whole in listed if is_whole]
            cut = [(int(year), int(month)) for year, month, is_whole in listed if not is_whole]
            held = "list_contains(?::INTEGER[], year * 100 + month)"
        else:
            whole, cut, held = [], [], "TRUE"
        shift = COUNTED_ZOOM - zoom
        inside, corners = cells_sql(bounds, zoom, f"(y >> {shift})", f"(x >> {shift})")
        types, type_params = _type_sql(filters)
        counted = (
            f"SELECT y >> {shift} AS y, x >> {shift} AS x, acled_event_type AS type, n, lat_sum, lon_sum"
            f" FROM cell_counts WHERE {_joined([*types, held, inside])}"
        )
        counted_params = [*type_params, *([whole] if rows else []), *corners]
        files = self._batch_files(batches, cut)
        if not files:
            return counted, counted_params
        return (
            f"{counted} UNION ALL {per_type.format(source=_read_events(files), where=where)}",
            [*counted_params, *params],
        )

    def places(self, article_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Places the ingested articles name (all of them, or those of the given articles)."""
        ids = None if article_ids is None else list(article_ids)
        where, params = ("TRUE", []) if ids is None else ("list_contains(?::VARCHAR[], article_id)", [ids])
        frame = self._query(f"SELECT * FROM {self._source('places')} WHERE {where}", params)
        return typed_frame(frame, PLACE_COLUMNS)

    def articles(self) -> pd.DataFrame:
        """The ingested articles: id, title, published (ISO), source, content_hash."""
        return self._query(f"SELECT * FROM {self._source('articles')} ORDER BY id")

    def article_hashes(self) -> set[str]:
        """Content hashes of the articles already in the store: what a resumed ingest skips."""
        return set(self._query(f"SELECT DISTINCT content_hash FROM {self._source('articles')}")["content_hash"])

    def months(self) -> list[tuple[int, int]]:
        """The (year, month) partitions on disk ((0, 0) holds undated events)."""
        found = set()
        for folder in self.root.glob("events/year=*/month=*"):
            if any(folder.glob("*.parquet")):
                found.add((int(folder.parent.name[5:]), int(folder.name[6:])))
        return sorted(found)

    def explain(self, filters: ViewState = NO_FILTERS) -> str:
        """DuckDB's analysed plan of counting the matching events in their files (what a search or a close
        map view runs; dates and types alone are counted from the tallies): shows how many files the query
        read (on a fresh store object: with footers cached, DuckDB may leave that line out)."""
        where, params = self._where(filters)
        rows = (
            self._connection.cursor()
            .execute(f"EXPLAIN ANALYZE SELECT count(*) FROM {self._source('events')} WHERE {where}", params)
            .fetchall()
        )
        return "\n".join(str(row[-1]) for row in rows)


def store_exists(root: Path) -> bool:
    """Whether `root` is an event store (it has a manifest)."""
    return (root / MANIFEST_NAME).is_file()
