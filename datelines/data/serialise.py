"""The command line's JSON objects (no pandas here: the CLI's cold start stays short)."""

from __future__ import annotations

from typing import Any

from datelines.extract.events import Event
from datelines.extract.pipeline import Extraction, Place


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def place_json(place: Place) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.name,
        "mention": place.mention,
        "aliases": list(place.aliases),
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "geo_precision": place.geo_precision,
        "source": place.source,
        "country_code": place.country_code or None,
        "mentions": [{"start": m.start, "end": m.end, "text": m.text, "role": m.role} for m in place.mentions],
        "geometry": place.geometry,
    }


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "date_start": _iso(event.date_start),
        "date_end": _iso(event.date_end),
        "time_precision": str(event.time_precision),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type or None,
        "type_evidence": list(event.type_evidence),
        "actor1": event.actor1 or None,
        "actor2": event.actor2 or None,
        "fatalities": event.fatalities,
        "place_ids": list(event.place_ids),
        "actors": list(event.actors),
        "summary": event.summary,
        "evidence": {"sentence": event.evidence.sentence, "start": event.evidence.start, "end": event.evidence.end},
        "time_text": event.time_text,
        "time_rule": event.time_rule,
        "site_inferred": event.site_inferred,
    }


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """The command line's object for one article (the contract other tools rely on)."""
    article = extraction.article
    return {
        "article": {"id": article.id, "title": article.title, "published": _iso(article.published)},
        "places": [place_json(place) for place in extraction.places],
        "events": [event_json(event) for event in extraction.events],
    }
