"""`import-events`: an events table (our CSV/Parquet schema, or an ACLED export) into an event store.

Read in chunks (memory stays flat however long the file), each chunk read the way `dataset.load_table`
reads a whole file. Idempotent by the file's content: its SHA-256 names the batch, and a file whose
batch the manifest already lists adds nothing. A bad row (a line with the wrong number of fields, a
date that is not a date, coordinates that are not numbers in range, an event without an id) is
skipped and counted; the rest is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from datelines.data.dataset import ACLED_REQUIRED, OURS_REQUIRED, acled_to_events, ours_to_events
from datelines.data.eventstore import Manifest, StoreWriter, writing
from datelines.data.tables import EVENT_COLUMNS

CHUNK_ROWS = 50_000
HASH_LENGTH = 16


class EventImportError(ValueError):
    """A file that cannot be imported at all (unreadable, not an events table); nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    path: Path
    batch: str
    added: int
    skipped: int
    already: bool = False

    def line(self) -> str:
        if self.already:
            return f"{self.path.name}: already in the store (same content, batch {self.batch}); nothing added"
        return f"{self.path.name}: {self.added:,} event(s) added"


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _columns(path: Path) -> list[str]:
    if path.suffix.lower() == ".parquet":
        return list(pq.ParquetFile(path).schema_arrow.names)
    with path.open("rb") as handle:
        skip = pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=lambda _row: "skip")
        reader = pacsv.open_csv(handle, read_options=pacsv.ReadOptions(block_size=1 << 16), parse_options=skip)
        return list(reader.schema.names)


def _chunks(path: Path, columns: list[str], bad_lines: list[int]) -> Iterator[pd.DataFrame]:
    """The file as DataFrames of text columns (numbers and dates are read by the converters)."""
    if path.suffix.lower() == ".parquet":
        for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK_ROWS):
            yield batch.to_pandas()
        return

    def invalid(_row: object) -> str:
        bad_lines[0] += 1
        return "skip"

    convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in columns}, strings_can_be_null=True)
    parse = pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=invalid)
    # A Python file object, not the path: given a path, Arrow's reader reads ahead of the consumer without
    # bound (the whole 1.3 GB file at 10M rows); given a file object it reads as batches are asked for.
    with path.open("rb") as handle:
        reader = pacsv.open_csv(
            handle, read_options=pacsv.ReadOptions(block_size=4 << 20), parse_options=parse, convert_options=convert
        )
        pending: list[pd.DataFrame] = []
        rows = 0
        for batch in reader:
            pending.append(batch.to_pandas())
            rows += batch.num_rows
            if rows >= CHUNK_ROWS:
                yield pd.concat(pending, ignore_index=True)
                pending, rows = [], 0
        if pending:
            yield pd.concat(pending, ignore_index=True)


def _given(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(False, index=frame.index)
    values = frame[column]
    return values.notna() & (values.astype(object).astype(str).str.strip() != "")


def _bad_rows(frame: pd.DataFrame, date_column: str, lat: str, lon: str, id_column: str | None) -> pd.Series:
    """Rows whose date, coordinates or id are given but unusable (empty ones are kept, as `load_table` keeps them)."""
    dates = pd.to_datetime(frame[date_column], errors="coerce", format="mixed")
    bad = _given(frame, date_column) & dates.isna()
    for column, limit in ((lat, 90), (lon, 180)):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad |= _given(frame, column) & ~numbers.between(-limit, limit)
    if id_column is not None:
        bad |= ~_given(frame, id_column)
    return bad


def _ours_from_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Our schema read as text (CSV) -> typed: numbers and flags parsed here, then `ours_to_events`."""
    frame = frame.copy()
    for column, dtype in EVENT_COLUMNS.items():
        if column not in frame:
            continue
        if dtype in ("Int64", "float64"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        elif dtype == "bool":
            frame[column] = frame[column].astype(object).astype(str).str.strip().str.lower().isin(["true", "1"])
    return ours_to_events(frame)


Converter = Callable[[pd.DataFrame], pd.DataFrame]


def _converter(columns: list[str], path: Path) -> tuple[Converter, tuple[str, str, str, str | None]]:
    if set(ACLED_REQUIRED) <= set(columns):
        return acled_to_events, ("event_date", "latitude", "longitude", None)
    if set(OURS_REQUIRED) <= set(columns):
        return _ours_from_text, ("date_start", "lat", "lon", "id")
    missing_ours = [column for column in OURS_REQUIRED if column not in columns]
    missing_acled = [column for column in ACLED_REQUIRED if column not in columns]
    raise EventImportError(
        f"{path.name} is neither our events table (missing {', '.join(missing_ours)}) "
        f"nor an ACLED export (missing {', '.join(missing_acled)}); nothing imported"
    )


def import_events(path: Path, store: Path, progress: Callable[[str], None] | None = None) -> ImportResult:
    """Import one file into the store at `store` (created if need be) as one batch."""
    if not path.is_file():
        raise EventImportError(f"{path} does not exist or is not a file; nothing imported")
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise EventImportError(f"{path.name}: only .csv and .parquet files can be imported")
    try:
        batch = "f" + file_hash(path)[:HASH_LENGTH]
        if batch in Manifest.read(store).batches:
            return ImportResult(path, batch, 0, 0, already=True)
        columns = _columns(path)
    except (OSError, pa.ArrowException, ValueError) as error:
        raise EventImportError(f"cannot read {path.name} as a table: {error}; nothing imported") from error
    convert, (date_column, lat, lon, id_column) = _converter(columns, path)
    with writing(store):  # one writer at a time: another's sweep would take this batch's files
        writer = StoreWriter(store, batch)
        bad_lines = [0]
        skipped = offset = 0
        try:
            for chunk in _chunks(path, columns, bad_lines):
                # ACLED rows without an id are numbered by line
                chunk.index = pd.RangeIndex(offset, offset + len(chunk))
                offset += len(chunk)
                bad = _bad_rows(chunk, date_column, lat, lon, id_column)
                skipped += int(bad.sum())
                events = convert(chunk[~bad])
                events["checked"] = False
                writer.add_events(events)
                if progress:
                    progress(f"{path.name}: {offset:,} rows read, {writer.events:,} events written")
        except (OSError, pa.ArrowException, ValueError) as error:
            writer.abort()
            raise EventImportError(f"cannot read {path.name}: {error}; nothing imported") from error
        except BaseException:
            writer.abort()
            raise
        skipped += bad_lines[0]
        writer.commit(kind="import", source=path.name, sha256=batch[1:], skipped=skipped)
        return ImportResult(path, batch, writer.events, skipped)
