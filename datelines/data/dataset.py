"""The dashboard's data: the pipeline's output over the seed (and saved) articles, or a table file.

A table file is either our own events schema (CSV/Parquet, as `tables.events_frame` writes it)
or an ACLED export; missing columns give a `DatasetError` that names them.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from datelines.data.store import TEXT_NAME, StoreError, apply_overrides, articles_dir, read_overrides
from datelines.data.tables import (
    ACLED_TIME_PRECISION,
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    events_frame,
    places_frame,
    typed_frame,
    with_sub_event_columns,
)
from datelines.extract.acled import (
    EVENT_TYPE_GROUPS,
    EVENT_TYPE_GROUPS_BY_NAME,
    SUB_EVENT_TYPES_BY_LABEL,
    SUB_EVENT_TYPES_BY_SLUG,
)
from datelines.extract.article import Article, ArticleError, read_article
from datelines.extract.pipeline import Extraction, extract
from datelines.extract.taxonomy import EVENT_TYPES, EVENT_TYPES_BY_SLUG, OTHER
from datelines.paths import ROOT

if TYPE_CHECKING:
    from datelines.data.eventstore import EventStore

logger = logging.getLogger(__name__)

SEEDS_DIR = ROOT / "seeds"
ACLED_REQUIRED = ("event_date", "event_type", "latitude", "longitude")
OURS_REQUIRED = ("id", "date_start", "event_type", "lat", "lon")
_ACLED_TYPES = {
    "Battles": "battle",
    "Explosions/Remote violence": "remote-violence",
    "Violence against civilians": "violence-against-civilians",
    "Protests": "protest",
    "Riots": "riot",
}
_ACLED_TIME_PRECISION = {code: precision for precision, code in ACLED_TIME_PRECISION.items()}


class DatasetError(ValueError):
    """A data file the dashboard cannot show; the message says what to fix."""


@dataclass
class Dataset:
    events: pd.DataFrame
    places: pd.DataFrame
    source: str
    articles: dict[str, Article] = field(default_factory=dict)
    extractions: dict[str, Extraction] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # New for every load (a saved article or correction reloads): keys caches derived from the data.
    version: str = field(default_factory=lambda: uuid.uuid4().hex)


def article_paths(folders: tuple[Path, ...] | None = None) -> list[Path]:
    """The seed articles and every saved one."""
    folders = folders or (SEEDS_DIR, articles_dir())
    paths: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            paths += sorted(folder.glob("*.txt")) + sorted(folder.glob("*/article.txt"))
    return paths


def load_articles(paths: list[Path]) -> Dataset:
    """Run the pipeline over article files; an unreadable one becomes a warning, not a failure."""
    extractions: dict[str, Extraction] = {}
    warnings: list[str] = []
    checked: set[str] = set()
    for path in paths:
        try:
            article = read_article(path)
        except ArticleError as error:
            warnings.append(str(error))
            continue
        extraction = extract(article)
        if path.name == TEXT_NAME:  # a saved article: a person's corrections apply on top
            try:
                extraction, checked_here = apply_overrides(extraction, read_overrides(article.id, path.parent.parent))
                checked |= checked_here
            except StoreError as error:
                warnings.append(str(error))
        extractions[article.id] = extraction
        warnings += [f"{article.id}: {warning}" for warning in extraction.warnings]
    values = list(extractions.values())
    events = events_frame(values)
    events["checked"] = events["id"].isin(checked)
    return Dataset(
        events=events,
        places=places_frame(values),
        source=f"{len(values)} article(s) from {', '.join(sorted({_folder_label(p) for p in paths}))}",
        articles={key: extraction.article for key, extraction in extractions.items()},
        extractions=extractions,
        warnings=warnings,
    )


def _folder_label(path: Path) -> str:
    return "saved articles" if path.name == TEXT_NAME else path.parent.name


def load_table(path: Path) -> Dataset:
    """Events from our CSV/Parquet schema or an ACLED export."""
    try:
        frame = pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_csv(path, low_memory=False)
    except FileNotFoundError as error:
        raise DatasetError(f"data file {path} does not exist") from error
    except (ValueError, OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DatasetError(f"cannot read {path.name} as a table: {error}") from error
    columns = set(frame.columns)
    if set(ACLED_REQUIRED) <= columns:
        events = acled_to_events(frame)
        source = f"ACLED export {path.name} ({len(events):,} events)"
    elif set(OURS_REQUIRED) <= columns:
        events = ours_to_events(frame)
        source = f"{path.name} ({len(events):,} events)"
    else:
        missing_ours = [column for column in OURS_REQUIRED if column not in columns]
        missing_acled = [column for column in ACLED_REQUIRED if column not in columns]
        raise DatasetError(
            f"{path.name} is neither our events table (missing {', '.join(missing_ours)}) "
            f"nor an ACLED export (missing {', '.join(missing_acled)})"
        )
    events["checked"] = False
    dropped = int(events["lat"].isna().sum() + events["date_start"].isna().sum())
    warnings = [f"{dropped} row(s) without coordinates or date are not drawn"] if dropped else []
    places = pd.DataFrame(columns=list(PLACE_COLUMNS))
    return Dataset(events=events, places=typed_frame(places, PLACE_COLUMNS), source=source, warnings=warnings)


def ours_to_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Our events schema (CSV/Parquet as `tables.events_frame` writes it), typed; missing columns left empty."""
    events = frame.copy()
    for column in EVENT_COLUMNS:
        if column not in events.columns:
            events[column] = False if EVENT_COLUMNS[column] == "bool" else None
    events = events[list(EVENT_COLUMNS)]
    events["event_type"] = events["event_type"].where(events["event_type"].isin(list(EVENT_TYPES_BY_SLUG)), OTHER)
    events = with_sub_event_columns(events)
    events["date_end"] = events["date_end"].fillna(events["date_start"])
    events["site_inferred"] = events["site_inferred"].fillna(False).astype(bool)
    for column in ("lat", "lon"):
        events[column] = pd.to_numeric(events[column], errors="coerce")
    events["geo_precision"] = pd.to_numeric(events["geo_precision"], errors="coerce")
    events["evidence_start"] = pd.to_numeric(events["evidence_start"], errors="coerce")
    events["evidence_end"] = pd.to_numeric(events["evidence_end"], errors="coerce")
    return _with_labels(typed_frame(events, EVENT_COLUMNS))


def _text_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A text column of an ACLED file as strings ("" where empty or absent; an empty column reads as floats)."""
    if name not in frame:
        return np.full(len(frame), "", dtype=object)
    return frame[name].astype(object).fillna("").astype(str).to_numpy()


def acled_to_events(frame: pd.DataFrame) -> pd.DataFrame:
    """ACLED export columns -> our events table (types mapped back through the taxonomy)."""
    sub_types = frame.get("sub_event_type", pd.Series([""] * len(frame))).fillna("").astype(str)
    types = frame["event_type"].fillna("").astype(str).map(_ACLED_TYPES)
    types = types.fillna(OTHER)
    dates = pd.to_datetime(frame["event_date"], errors="coerce", format="mixed")
    identifiers = (
        frame["event_id_cnty"].astype(str)
        if "event_id_cnty" in frame
        else pd.Series(frame.index).map("acled-{}".format)
    )
    notes = frame.get("notes", pd.Series([""] * len(frame))).fillna("").astype(str)
    precision = pd.to_numeric(frame.get("time_precision", pd.Series([1] * len(frame))), errors="coerce")
    events = pd.DataFrame(
        {
            "id": identifiers.values,
            "article_id": "acled",
            "date_start": dates.values,
            "date_end": dates.values,
            "time_precision": precision.map(_ACLED_TIME_PRECISION).fillna("day").values,
            "event_type": types.values,
            "place_ids": _text_column(frame, "location"),
            "site_id": None,
            "site_name": _text_column(frame, "location"),
            "lat": pd.to_numeric(frame["latitude"], errors="coerce").values,
            "lon": pd.to_numeric(frame["longitude"], errors="coerce").values,
            "geo_precision": pd.to_numeric(
                frame.get("geo_precision", pd.Series([1] * len(frame))), errors="coerce"
            ).values,
            "actors": _text_column(frame, "actor1"),
            "summary": notes.str.slice(0, 160).values,
            "evidence": notes.values,
            "evidence_start": None,
            "evidence_end": None,
            "time_text": frame["event_date"].astype(str).values,
            "time_rule": "acled",
            "site_inferred": False,
        }
    )
    # ACLED's own sub-event type is kept: the plain type is read from it, not the other way round.
    slugs = sub_types.map({label: sub.slug for label, sub in SUB_EVENT_TYPES_BY_LABEL.items()})
    events["sub_event_type"] = slugs.fillna("").values
    for number in ("1", "2"):
        events[f"actor{number}"] = _text_column(frame, f"actor{number}")
        if f"inter{number}" in frame:
            events[f"inter{number}"] = pd.to_numeric(frame[f"inter{number}"], errors="coerce").values
    if "fatalities" in frame:  # ACLED's own count, kept
        events["fatalities"] = pd.to_numeric(frame["fatalities"], errors="coerce").values
    by_sub = events["sub_event_type"].map(lambda slug: SUB_EVENT_TYPES_BY_SLUG[slug].plain_type if slug else None)
    events["event_type"] = by_sub.fillna(events["event_type"]).values
    events = with_sub_event_columns(events)
    for column in EVENT_COLUMNS:
        if column not in events.columns:
            events[column] = None
    events = events[list(EVENT_COLUMNS)]
    # ACLED's own names where they are ACLED's; an unknown or empty one is read from the sub-event type.
    given = frame["event_type"].fillna("").astype(str)
    known = given.isin(list(EVENT_TYPE_GROUPS_BY_NAME)).values
    events["acled_event_type"] = events["acled_event_type"].where(~known, given.values)
    events["acled_sub_event_type"] = events["acled_sub_event_type"].where(~known, sub_types.values)
    return _with_labels(typed_frame(events, EVENT_COLUMNS))


TYPE_DTYPE = pd.CategoricalDtype([t.slug for t in EVENT_TYPES])
LABEL_DTYPE = pd.CategoricalDtype([t.label for t in EVENT_TYPES])
GROUP_DTYPE = pd.CategoricalDtype([group.name for group in EVENT_TYPE_GROUPS])  # other names become missing
SUB_DTYPE = pd.CategoricalDtype(list(SUB_EVENT_TYPES_BY_SLUG))


def _with_labels(events: pd.DataFrame) -> pd.DataFrame:
    """Type columns as categories in taxonomy order: filtering, colouring and counting 100k events
    then work on small integer codes instead of strings."""
    labels = {event_type.slug: event_type.label for event_type in EVENT_TYPES}
    events["event_type"] = events["event_type"].astype(TYPE_DTYPE)
    events["event_label"] = events["event_type"].map(labels).astype(LABEL_DTYPE)
    events["acled_event_type"] = events["acled_event_type"].astype(object).astype(GROUP_DTYPE)
    events["sub_event_type"] = events["sub_event_type"].astype(object).astype(SUB_DTYPE)
    return events


def open_store(path: Path) -> EventStore:
    """The event store at `path` (`import-events`, `ingest`), or a DatasetError that says how to make one."""
    import duckdb  # imported by a store's user only

    from datelines.data.eventstore import MANIFEST_NAME, EventStore, EventStoreError

    if not (path / MANIFEST_NAME).is_file():
        raise DatasetError(
            f"cannot open the event store {path}: it has no {MANIFEST_NAME} "
            f"(fill one with `python -m datelines import-events FILE --store {path}`)"
        )
    try:
        store = EventStore(path)
        store.count()  # a store whose files cannot be read says so now, not on the first page
    except (EventStoreError, OSError, duckdb.Error) as error:
        raise DatasetError(f"cannot open the event store {path}: {error}") from error
    return store


def store_events(stored: pd.DataFrame) -> pd.DataFrame:
    """Rows read from an event store as the dashboard's events (typed categories, labels, `checked`)."""
    events = ours_to_events(stored)
    events["checked"] = stored["checked"].fillna(False).astype(bool).to_numpy() if "checked" in stored else False
    return events


def load_store(path: Path) -> Dataset:
    """Every event and place of an event store directory read into one frame (the CLI's `--data` checks
    and tests; the dashboard queries a store view by view instead)."""
    from datelines.data.eventstore import NO_FILTERS, EventStoreError

    store = open_store(path)
    try:
        stored = store.page(NO_FILTERS, order_by="id", limit=max(store.count(), 1))
        places = store.places()
    except (EventStoreError, OSError) as error:
        raise DatasetError(f"cannot open the event store {path}: {error}") from error
    events = store_events(stored)
    dropped = int(events["lat"].isna().sum() + events["date_start"].isna().sum())
    warnings = [f"{dropped} row(s) without coordinates or date are not drawn"] if dropped else []
    source = f"event store {path.name} ({len(events):,} events)"
    return Dataset(events=events, places=places, source=source, warnings=warnings)


def load_dataset(data_path: str | None = None) -> Dataset:
    """The table or event store at `data_path` when given, else the pipeline over the seed and saved articles."""
    if data_path:
        path = Path(data_path)
        return load_store(path) if path.is_dir() else load_table(path)
    return load_articles(article_paths())
