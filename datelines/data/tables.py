"""Records at the edge: pandas DataFrames, CSV, Parquet and GeoJSON (JSON objects: `serialise`).

The DataFrames are the dashboard's input. Columns and dtypes (documented in the README):

places: id, name, mention, aliases ("; "-joined), lat, lon (float64), kind, geo_precision (Int64),
        source, country_code, mention_count (Int64), article_id, geometry (GeoJSON text or "")
events: id, article_id, date_start, date_end (datetime64[ns]), time_precision, event_type,
        event_label, sub_event_type, sub_event_label, acled_event_type, acled_sub_event_type,
        type_evidence ("; "-joined), actor1, inter1, actor2, inter2 (ACLED's actor category, Int64),
        place_ids ("; "-joined), site_id,
        lat, lon (float64, the site's), geo_precision (Int64), site_name, actors ("; "-joined),
        summary, evidence, evidence_start, evidence_end (Int64), time_text, time_rule,
        site_inferred (bool)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

from datelines.extract.acled import (
    INTER_CODES,
    NOT_IN_ACLED,
    SUB_EVENT_OF_PLAIN_TYPE,
    SUB_EVENT_TYPES_BY_SLUG,
    actor_kind,
)
from datelines.extract.pipeline import Extraction
from datelines.extract.places.context import UNRESOLVED_PREFIX
from datelines.extract.taxonomy import EVENT_TYPES_BY_SLUG

LIST_SEPARATOR = "; "
PLACE_COLUMNS = {
    "id": "string",
    "name": "string",
    "mention": "string",
    "aliases": "string",
    "lat": "float64",
    "lon": "float64",
    "kind": "string",
    "geo_precision": "Int64",
    "source": "string",
    "country_code": "string",
    "mention_count": "Int64",
    "article_id": "string",
    "geometry": "string",
}
EVENT_COLUMNS = {
    "id": "string",
    "article_id": "string",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "time_precision": "string",
    "event_type": "string",
    "event_label": "string",
    "acled_event_type": "string",
    "acled_sub_event_type": "string",
    "sub_event_type": "string",
    "sub_event_label": "string",
    "type_evidence": "string",
    "actor1": "string",
    "inter1": "Int64",
    "actor2": "string",
    "inter2": "Int64",
    "fatalities": "Int64",
    "place_ids": "string",
    "site_id": "string",
    "site_name": "string",
    "lat": "float64",
    "lon": "float64",
    "geo_precision": "Int64",
    "actors": "string",
    "summary": "string",
    "evidence": "string",
    "evidence_start": "Int64",
    "evidence_end": "Int64",
    "time_text": "string",
    "time_rule": "string",
    "site_inferred": "bool",
}


def place_records(extractions: Iterable[Extraction]) -> list[dict[str, Any]]:
    """The extracted places as rows of `PLACE_COLUMNS` in plain Python values."""
    rows = []
    for extraction in extractions:
        for place in extraction.places:
            rows.append(
                {
                    "id": place.id,
                    "name": place.name,
                    "mention": place.mention,
                    "aliases": LIST_SEPARATOR.join(place.aliases),
                    "lat": place.lat,
                    "lon": place.lon,
                    "kind": place.kind,
                    "geo_precision": place.geo_precision,
                    "source": place.source,
                    "country_code": place.country_code,
                    "mention_count": len(place.mentions),
                    "article_id": extraction.article.id,
                    "geometry": json.dumps(place.geometry) if place.geometry else "",
                }
            )
    return rows


def places_frame(extractions: Iterable[Extraction]) -> pd.DataFrame:
    return typed_frame(pd.DataFrame(place_records(extractions), columns=list(PLACE_COLUMNS)), PLACE_COLUMNS)


# The days a table can hold: pandas' and the store's timestamps count nanoseconds.
HELD_DAYS = (pd.Timestamp.min.ceil("D").date(), pd.Timestamp.max.floor("D").date())


def _timestamp(day: date | None) -> datetime | None:
    """A day as a table holds it; a day before 1677 or after 2262 ("In 1571, …") cannot be held and is
    left out (the event stays, undated, with the words that dated it in `time_text`)."""
    if day is None or not HELD_DAYS[0] <= day <= HELD_DAYS[1]:
        return None
    return datetime.combine(day, time.min)


def event_records(extractions: Iterable[Extraction]) -> list[dict[str, Any]]:
    """The extracted events as rows of `EVENT_COLUMNS` in plain Python values, their ACLED columns and
    inter codes derived row by row as `with_sub_event_columns` derives them for a table: an ingest's
    workers make Arrow tables of these without pandas (whose ~8 ms a table was a tenth of their time)."""
    rows = []
    for extraction in extractions:
        places = {place.id: place for place in extraction.places}
        for event in extraction.events:
            site = places.get(event.place_ids[0]) if event.place_ids else None
            event_type = EVENT_TYPES_BY_SLUG[event.event_type]
            rows.append(
                {
                    "id": event.id,
                    "article_id": event.article_id,
                    "date_start": _timestamp(event.date_start),
                    "date_end": _timestamp(event.date_end),
                    "time_precision": str(event.time_precision),
                    "event_type": event.event_type,
                    "event_label": event_type.label,
                    **_sub_event_fields(event.sub_event, event.event_type),
                    "type_evidence": LIST_SEPARATOR.join(event.type_evidence),
                    "actor1": event.actor1,
                    "inter1": inter_code(event.actor1 or ""),
                    "actor2": event.actor2,
                    "inter2": inter_code(event.actor2 or ""),
                    "fatalities": event.fatalities,
                    "place_ids": LIST_SEPARATOR.join(event.place_ids),
                    "site_id": site.id if site else None,
                    "site_name": site.name if site else None,
                    "lat": site.lat if site else None,
                    "lon": site.lon if site else None,
                    "geo_precision": site.geo_precision if site else None,
                    "actors": LIST_SEPARATOR.join(event.actors),
                    "summary": event.summary,
                    "evidence": event.evidence.sentence,
                    "evidence_start": event.evidence.start,
                    "evidence_end": event.evidence.end,
                    "time_text": event.time_text,
                    "time_rule": event.time_rule,
                    "site_inferred": event.site_inferred,
                }
            )
    return rows


def events_frame(extractions: Iterable[Extraction]) -> pd.DataFrame:
    return typed_frame(pd.DataFrame(event_records(extractions), columns=list(EVENT_COLUMNS)), EVENT_COLUMNS)


_SUB_EVENT_LABELS = {slug: kind.label for slug, kind in SUB_EVENT_TYPES_BY_SLUG.items()}
_ACLED_EVENT_TYPES = {slug: kind.event_type for slug, kind in SUB_EVENT_TYPES_BY_SLUG.items()}
_ACLED_SUB_EVENT_TYPES = {
    slug: "" if kind.event_type == NOT_IN_ACLED else kind.label for slug, kind in SUB_EVENT_TYPES_BY_SLUG.items()
}


def _sub_event_fields(sub_event: str | None, event_type: str) -> dict[str, str]:
    """One event's sub-event type (or its plain type's), its label and ACLED columns."""
    slug = sub_event if sub_event in SUB_EVENT_TYPES_BY_SLUG else SUB_EVENT_OF_PLAIN_TYPE.get(event_type, "other")
    return {
        "sub_event_type": slug,
        "sub_event_label": _SUB_EVENT_LABELS[slug],
        "acled_event_type": _ACLED_EVENT_TYPES[slug],
        "acled_sub_event_type": _ACLED_SUB_EVENT_TYPES[slug],
    }


def with_sub_event_columns(events: pd.DataFrame) -> pd.DataFrame:
    """Fill the sub-event label, the ACLED columns and the actors' inter codes from `sub_event_type` where it
    names one, else from the plain `event_type` (a table written before sub-event types, a synthetic one);
    the one derivation of them, for extracted events and loaded tables alike."""
    for column in ("sub_event_type", "type_evidence", "actor1", "actor2"):
        if column not in events.columns:
            events[column] = ""
    plain = events["event_type"].astype(str).map(lambda slug: SUB_EVENT_OF_PLAIN_TYPE.get(slug, "other"))
    sub = events["sub_event_type"].astype("string")
    sub = sub.where(sub.isin(list(SUB_EVENT_TYPES_BY_SLUG)), plain).astype("string")
    events["sub_event_type"] = sub
    events["sub_event_label"] = sub.map(_SUB_EVENT_LABELS)
    events["acled_event_type"] = sub.map(_ACLED_EVENT_TYPES)
    events["acled_sub_event_type"] = sub.map(_ACLED_SUB_EVENT_TYPES)
    for number in ("1", "2"):
        codes = pd.to_numeric(events[f"actor{number}"].astype(object).fillna("").astype(str).map(inter_code))
        given = events.get(f"inter{number}")
        events[f"inter{number}"] = codes if given is None else pd.to_numeric(given, errors="coerce").fillna(codes)
    return events


ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}


def acled_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The events in ACLED's export columns, so an analyst can append them to an ACLED file. Happenings
    ACLED does not code keep event_type "Not in ACLED" and their kind as sub_event_type, stated as such."""
    text = events.get("evidence", pd.Series([""] * len(events), index=events.index)).fillna("")
    return pd.DataFrame(
        {
            "event_id_cnty": events["id"],
            "event_date": events["date_start"].dt.strftime("%Y-%m-%d"),
            "time_precision": events["time_precision"].astype(str).map(ACLED_TIME_PRECISION).fillna(3).astype(int),
            "event_type": events["acled_event_type"],
            # A kind ACLED does not code keeps its own name here ("Natural disaster"), so it loads back as itself.
            "sub_event_type": events["acled_sub_event_type"]
            .fillna("")
            .where(events["acled_sub_event_type"].fillna("") != "", events["sub_event_label"]),
            "actor1": events.get("actor1", ""),
            "inter1": events.get("inter1"),
            "actor2": events.get("actor2", ""),
            "inter2": events.get("inter2"),
            "location": events["site_name"],
            "latitude": events["lat"],
            "longitude": events["lon"],
            "geo_precision": events["geo_precision"],
            # The article's title when the export carries it (with_article_columns), else its id.
            "source": events["article_title"].fillna(events["article_id"])
            if "article_title" in events
            else events["article_id"],
            "notes": text.where(text != "", events["summary"]),
            # ACLED writes 0 where no death is reported.
            "fatalities": events["fatalities"].fillna(0).astype(int) if "fatalities" in events else 0,
        }
    )


def inter_code(actor: str) -> int | None:
    """ACLED's `inter` code for an actor's category (1 state forces ... 8 external/other forces), or None."""
    return INTER_CODES.get(actor_kind(actor)) if actor else None


def typed_frame(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    for column, dtype in columns.items():
        if dtype.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column], errors="coerce").astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def frame_geojson(frame: pd.DataFrame) -> dict[str, Any]:
    """A FeatureCollection of the rows that have coordinates; every other column becomes a property.
    An area or a route keeps its own geometry (its extent is what the text named); `lat`/`lon`, its
    representative point, stay as properties."""
    features = []
    for record in frame.to_dict(orient="records"):
        lat, lon = record.get("lat"), record.get("lon")
        if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
            continue
        shape = record.get("geometry")
        geometry = json.loads(shape) if isinstance(shape, str) and shape else None
        properties = {key: _json_value(value) for key, value in record.items() if key != "geometry"}
        if geometry is None:
            geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
            properties.pop("lat", None)
            properties.pop("lon", None)
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def places_of_events(places: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The places the given events name (their `place_ids`): the Places page follows the filters."""
    named = {
        place_id
        for joined in events["place_ids"].dropna()
        for place_id in str(joined).split(LIST_SEPARATOR)
        if place_id
    }
    return places[places["id"].isin(named)]


def with_article_columns(events: pd.DataFrame, articles: Mapping[str, Any]) -> pd.DataFrame:
    """Events with their article's title and publication date, for an export that stands on its own."""
    titles = {article_id: article.title for article_id, article in articles.items()}
    published = {article_id: article.published for article_id, article in articles.items()}
    return events.assign(
        article_title=events["article_id"].map(titles),
        article_published=events["article_id"].map(published),
    )


def _json_value(value: Any) -> Any:
    if value is None or (not isinstance(value, (str, bool)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def write_frame(frame: pd.DataFrame, path: Path) -> Path:
    """Write CSV, Parquet or GeoJSON by the file's suffix, atomically (temporary file, then rename)."""
    suffix = path.suffix.lower()
    temporary = path.with_name(f".{path.name}.tmp")
    if suffix == ".csv":
        frame.to_csv(temporary, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(temporary, index=False)
    elif suffix in (".geojson", ".json"):
        temporary.write_text(json.dumps(frame_geojson(frame), ensure_ascii=False), encoding="utf-8")
    else:
        raise ValueError(f"cannot write {path.name!r}: use .csv, .parquet or .geojson")
    temporary.replace(path)
    return path


def unresolved_places(places: pd.DataFrame) -> pd.DataFrame:
    """The names a text gives that the gazetteer lacks, each drawn at a place the text names with it:
    for a person to place by hand (a gazetteer pack or Nominatim may know them)."""
    return places[places["id"].astype(str).str.startswith(UNRESOLVED_PREFIX)]


def places_across_articles(places: pd.DataFrame) -> pd.DataFrame:
    """One row per place however many articles name it: mentions summed, articles listed."""
    if places.empty:
        return places.assign(articles="")
    grouped = places.groupby("id", sort=False)
    merged = grouped.first()
    merged["mention_count"] = grouped["mention_count"].sum()
    merged["articles"] = grouped["article_id"].agg(lambda ids: LIST_SEPARATOR.join(dict.fromkeys(ids)))
    merged["mention"] = grouped["mention"].agg(lambda names: LIST_SEPARATOR.join(dict.fromkeys(names)))
    return merged.reset_index().drop(columns=["article_id"])
