"""The extraction pipeline: article -> places (geocoded) and events, as typed records."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from typing import Final

from datelines.extract.article import Article
from datelines.extract.dates import find_time_expressions
from datelines.extract.events import Event, extract_events
from datelines.extract.places.context import is_unresolved
from datelines.extract.places.names import MentionRole, ToponymMention
from datelines.extract.places.stage import find_places
from datelines.geo.gazetteer import GazetteerEntry
from datelines.geo.geocode import CachedNominatim, configured_online_geocoder

# Enum members looked up once (see datelines/geo/gazetteer.py).
_PLACE_ROLE: Final = MentionRole.PLACE

MAX_ALIASES: Final = 12
# Names the not-places list holds that are titles, products or feasts, not actors.
_NOT_ACTORS: Final = frozenset(
    [
        "Lieutenant",
        "General",
        "Colonel",
        "Major",
        "Captain",
        "President",
        "Minister",
        "Governor",
        "Mayor",
        "Senator",
        "Sheikh",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "Saint",
        "Mount",
        "Lake",
        "Cape",
        "Port",
        "Fort",
        "Bay",
        "Doctor",
        "Professor",
        "Republic",
        "God",
        "Jesus",
        "Allah",
        "Christmas",
        "Easter",
        "Ramadan",
        "Eid",
        "Kalashnikov",
        "Twitter",
        "Facebook",
    ]
) | frozenset([*calendar.month_name[1:], *calendar.day_name])


# Not frozen, for speed, like Sentence (datelines/extract/article.py): built per article and never changed.
@dataclass(slots=True, unsafe_hash=True)
class Mention:
    start: int
    end: int
    text: str
    role: str = MentionRole.PLACE

    def __init__(
        self, start: int, end: int, text: str, role: str = MentionRole.PLACE
    ) -> None:  # written out for the compiled build: see article.Sentence
        self.start = start
        self.end = end
        self.text = text
        self.role = role


# Not frozen, for speed, like Sentence (datelines/extract/article.py): built per article and never changed.
@dataclass(slots=True, unsafe_hash=True)
class Place:
    """A place the article names, geocoded, with every mention of it."""

    id: str
    name: str  # canonical name
    mention: str  # the name as the article first wrote it
    aliases: tuple[str, ...]
    lat: float
    lon: float
    kind: str
    geo_precision: int
    source: str
    country_code: str
    mentions: tuple[Mention, ...]
    geometry: dict | None = field(default=None, compare=False)

    def __init__(
        self,
        id: str,
        name: str,
        mention: str,
        aliases: tuple[str, ...],
        lat: float,
        lon: float,
        kind: str,
        geo_precision: int,
        source: str,
        country_code: str,
        mentions: tuple[Mention, ...],
        geometry: dict | None = None,
    ) -> None:  # written out for the compiled build: see article.Sentence
        self.id = id
        self.name = name
        self.mention = mention
        self.aliases = aliases
        self.lat = lat
        self.lon = lon
        self.kind = kind
        self.geo_precision = geo_precision
        self.source = source
        self.country_code = country_code
        self.mentions = mentions
        self.geometry = geometry


# Not frozen, for speed, like Sentence (datelines/extract/article.py): built per article and never changed.
@dataclass(slots=True, unsafe_hash=True)
class Extraction:
    article: Article
    places: list[Place]
    events: list[Event]
    warnings: list[str] = field(default_factory=list)

    def __init__(
        self, article: Article, places: list[Place], events: list[Event], warnings: list[str] | None = None
    ) -> None:  # written out for the compiled build: see article.Sentence
        self.article = article
        self.places = places
        self.events = events
        self.warnings = [] if warnings is None else warnings


_ALIAS: Final = re.compile(r"[\w .'’-]+")


def _aliases(entry: GazetteerEntry, written: list[str]) -> tuple[str, ...]:
    """The names the article used, then the gazetteer's, up to MAX_ALIASES: remembered for each entry and
    spellings, which recur from one article to the next (working them out took a third of building places)."""
    key = (entry.id, *written)
    known = _ALIASES.get(key)
    if known is None:
        known = _worked_out_aliases(entry, written)
        if not entry.placed_from_text and len(_ALIASES) < 100_000:
            _ALIASES[key] = known
    return known


_ALIASES: Final[dict[tuple[str, ...], tuple[str, ...]]] = {}


def _worked_out_aliases(entry: GazetteerEntry, written: list[str]) -> tuple[str, ...]:
    aliases: list[str] = []
    for name in written:
        if name != entry.name and name not in aliases and _ALIAS.fullmatch(name):
            aliases.append(name)
    for name in _listable_names(entry):  # already plain and not the canonical name
        if name not in aliases:
            aliases.append(name)
    return tuple(aliases[:MAX_ALIASES])


def _listable_names(entry: GazetteerEntry) -> list[str]:
    """The entry's first names in plain Latin script, enough to fill the alias list: a country has
    hundreds of names, and checking them all for every article that names it was a tenth of the stage."""
    listable = _LISTABLE_NAMES.get(entry.id)
    if listable is None:
        listable = [name for name in entry.names if name != entry.name and _ALIAS.fullmatch(name)][: 2 * MAX_ALIASES]
        if not entry.placed_from_text and len(_LISTABLE_NAMES) < 100_000:
            _LISTABLE_NAMES[entry.id] = listable
    return listable


_LISTABLE_NAMES: Final[dict[str, list[str]]] = {}


def build_places(
    mentions: list[ToponymMention], online: CachedNominatim | None = None
) -> tuple[list[Place], list[str]]:
    """One place per gazetteer entry named as a place; demonym and embedded mentions join it."""
    by_entry: dict[str, list[ToponymMention]] = {}
    for mention in mentions:
        by_entry.setdefault(mention.entry.id, []).append(mention)
    places: list[Place] = []
    warnings: list[str] = []
    for entry_mentions in by_entry.values():
        named = [mention for mention in entry_mentions if mention.role == _PLACE_ROLE]
        if not named:
            continue
        entry = named[0].entry
        lat, lon, source = entry.lat, entry.lon, "gazetteer"  # five decimals already, as every entry's
        precision = entry.geo_precision
        if entry.placed_from_text:
            source = entry.source  # placed from the article's context, not a lookup
            found = (
                online.geocode_unresolved(entry.name, entry.admin, entry.country_code, (entry.lat, entry.lon))
                if online is not None and is_unresolved(entry.id)
                else None
            )
            if found is not None:  # a village the gazetteer lacks, placed by Nominatim near where the text puts it
                lat, lon, source, precision = round(found.latitude, 5), round(found.longitude, 5), "nominatim", 1
        elif online is not None:
            location, source = online.geocode_entry(entry)
            lat, lon = round(location.latitude, 5), round(location.longitude, 5)
            if source == "gazetteer":
                warnings.append(f"Nominatim did not answer for {entry.name}; placed from the gazetteer")
        written: list[str] = []  # each spelling once, in the article's order (`dict.fromkeys` is a generic call)
        for mention in named:
            if mention.text not in written:
                written.append(mention.text)
        places.append(
            Place(
                id=entry.id,
                name=entry.name,
                mention=named[0].text,
                aliases=_aliases(entry, written),
                lat=lat,
                lon=lon,
                kind=entry.kind,
                geo_precision=precision,
                source=source,
                country_code=entry.country_code,
                mentions=tuple(Mention(m.start, m.end, m.text, m.role) for m in entry_mentions),
                geometry=entry.geometry,
            )
        )
    return places, warnings


def extract(article: Article, online: CachedNominatim | bool | None = None) -> Extraction:
    """Places and events of one article. `online=None` or True reads DATELINES_GEOCODER; False forces offline."""
    geocoder = (
        online if isinstance(online, CachedNominatim) else None if online is False else configured_online_geocoder()
    )
    mentions, non_places = find_places(article.text)
    places, warnings = build_places(mentions, geocoder)
    times = find_time_expressions(article.text, article.published)
    organisations = [span for span in non_places if span[2] not in _NOT_ACTORS]
    events = extract_events(article, times, mentions, organisations)
    known = {place.id for place in places}
    events = [_keep_known_places(event, known) for event in events]
    if article.published is None and any(not time.resolved for time in times):
        warnings.append('no publication date: relative dates ("on Saturday", "this week") are left unresolved')
    return Extraction(article, places, events, warnings)


def _keep_known_places(event: Event, known: set[str]) -> Event:
    kept = tuple(place_id for place_id in event.place_ids if place_id in known)
    return event if kept == event.place_ids else replace(event, place_ids=kept)
