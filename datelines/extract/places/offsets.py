"""Places given as a distance and direction from a named one: "a village 15 km south of Kharkiv".

Conflict reporting often locates a happening this way when the village has no name the reader
would know. The point is computed from the named place (great-circle destination) and drawn as
"near a place" (geo_precision 2): the compass word alone leaves about ±40% of the distance
sideways. The named place then only serves as the reference and gets no marker of its own there.

A named site with a direction but no distance ("the Zamzam camp south of the city") is moved
SITE_DIRECTION_KM that way from its town: the text says it is not in the town, and which side;
the distance is assumed, and the place's source says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Final

from datelines.extract.places.names import MentionRole, ToponymMention
from datelines.extract.places.names import distance_km as great_circle_km
from datelines.extract.places.sites import NEAR_PRECISION, town_near_site
from datelines.geo.gazetteer import GazetteerEntry, NameType, PlaceKind, text_placed_entry

# Enum members looked up once (see datelines/geo/gazetteer.py).
_EMBEDDED_ROLE: Final = MentionRole.EMBEDDED
_PLACE_ROLE: Final = MentionRole.PLACE
_PRIMARY_NAME: Final = NameType.PRIMARY
_CONTINENT: Final = PlaceKind.CONTINENT
_COUNTRY: Final = PlaceKind.COUNTRY
_LANDMARK: Final = PlaceKind.LANDMARK
_SETTLEMENT: Final = PlaceKind.SETTLEMENT


OFFSET_PREFIX: Final = "offset:"
# How far a site said to lie in a direction from its town is drawn from it: "outside the town",
# the scale of a camp or crossing on a town's edge. An assumption, named in the place's source.
SITE_DIRECTION_KM: Final = 10.0
EARTH_RADIUS_KM: Final = 6371.0
_BEARINGS: Final = {
    "north": 0,
    "northeast": 45,
    "east": 90,
    "southeast": 135,
    "south": 180,
    "southwest": 225,
    "west": 270,
    "northwest": 315,
}
_KM_PER_UNIT: Final = {"km": 1.0, "kilometre": 1.0, "kilometer": 1.0, "mile": 1.609344, "mi": 1.609344}
_DIRECTION: Final = r"(?P<direction>(?:north|south)(?:-?(?:east|west))?|east|west)"
_OFFSET: Final = re.compile(
    # The digit comes first (the lookbehind after it), so the regex engine can skip to digits.
    r"(?P<distance>\d(?<![\w.]\d)\d{0,3}(?:\.\d+)?)[\s-]*(?P<unit>km|kilomet(?:re|er)s?|miles?|mi)\b"
    r"(?:\s*\([^)]{1,20}\))?\s+"  # "15 km (9 miles) south of"
    rf"{_DIRECTION}(?:ern|erly)?\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)

# Right after a site's name: "… camp south of the city", "… crossing, west of Adre".
_DIRECTION_AFTER: Final = re.compile(rf",?\s+{_DIRECTION}\s+of\s+(?:the\s+)?", re.IGNORECASE)
_THE_TOWN: Final = re.compile(r"(?:city|town|village|capital)\b", re.IGNORECASE)


def destination(lat: float, lon: float, bearing_degrees: float, distance_km: float) -> tuple[float, float]:
    """The point `distance_km` from (lat, lon) along the initial bearing (great circle)."""
    angular = distance_km / EARTH_RADIUS_KM
    bearing = math.radians(bearing_degrees)
    lat1, lon1 = math.radians(lat), math.radians(lon)
    lat2 = math.asin(math.sin(lat1) * math.cos(angular) + math.cos(lat1) * math.sin(angular) * math.cos(bearing))
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(angular) * math.cos(lat1), math.cos(angular) - math.sin(lat1) * math.sin(lat2)
    )
    return math.degrees(lat2), (math.degrees(lon2) + 540.0) % 360.0 - 180.0


def _offset_entry(
    text: str, distance_km: float, bearing: int, reference: ToponymMention, name: str | None = None
) -> GazetteerEntry:
    lat, lon = destination(reference.entry.lat, reference.entry.lon, bearing, distance_km)
    return text_placed_entry(
        OFFSET_PREFIX,
        name or text,
        _SETTLEMENT if name else _LANDMARK,
        (lat, lon),
        reference.entry,
        NEAR_PRECISION,
        f"{text}, computed from {reference.entry.name} (distance and direction in the text)",
        (name, text) if name else (text,),
    )


# "Robotyne, 10 km south of Orikhiv", "the village of Tawila, about 60 km west of El Fasher": a name the
# gazetteer lacks, given its place by the distance and direction that follow it.
_NAMED_BEFORE: Final = re.compile(
    r"(?<![\w’'-])(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2}),\s+"
    r"(?:(?:a|the) (?:village|town|city|settlement|hamlet|district)\s+)?"
    r"(?:(?:about|some|roughly|around|nearly|almost|just)\s+)?$"
)


def with_offsets(text: str, mentions: list[ToponymMention]) -> list[ToponymMention]:
    """`mentions` plus one place per "N km <direction> of <place>", named after the place the text
    gives it to when the gazetteer lacks that one ("Robotyne, 10 km south of Orikhiv"); the
    reference stops being a place there."""
    by_start = {mention.start: mention for mention in mentions if mention.role == _PLACE_ROLE}
    matches = _offset_matches(text, sorted(by_start))
    if not matches:  # most articles give no distance
        return mentions
    known = {mention.start: mention for mention in mentions}
    added: list[ToponymMention] = []
    references: set[int] = set()
    misread: dict[str, GazetteerEntry] = {}  # gazetteer readings the text's distance contradicts -> the point
    for match in matches:
        reference = by_start[match.end()]
        if reference.entry.kind in (_COUNTRY, _CONTINENT):
            continue  # "200 km south of Russia" says little
        unit = match["unit"].lower().rstrip("s")
        distance_km = float(match["distance"]) * _KM_PER_UNIT.get(unit, 1.0)
        bearing = _bearing(match["direction"])
        written = text[match.start() : reference.end]
        named = _NAMED_BEFORE.search(text, max(0, match.start() - 80), match.start())
        if named is not None and named.start("name") in known:
            # "Bakhmut, 100 km east of …": the gazetteer knows the place itself, unless its reading lies
            # far from where the text puts it ("Ber, about 50 km east of Timbuktu" is not Beure, France).
            reading = known[named.start("name")].entry
            point = _offset_entry(written, distance_km, bearing, reference, named["name"])
            if reading.kind == _SETTLEMENT and _distance(reading, point) > 2 * distance_km + _LEEWAY_KM:
                misread[reading.id] = point
                references.add(id(reference))
            continue
        if named is not None:
            entry = _offset_entry(written, distance_km, bearing, reference, named["name"])
            start, end = named.span("name")
        else:
            entry = _offset_entry(written, distance_km, bearing, reference)
            start, end = match.start(), reference.end
        added.append(ToponymMention(start, end, text[start:end], entry, _PRIMARY_NAME, _PLACE_ROLE))
        references.add(id(reference))
    if not added and not misread:
        return mentions
    kept = [
        m.with_role(_EMBEDDED_ROLE)
        if id(m) in references
        else replace(m, entry=misread[m.entry.id], name_type=_PRIMARY_NAME)
        if m.entry.id in misread
        else m
        for m in mentions
    ]
    return sorted([*kept, *added], key=lambda mention: mention.start)


# How far before its place an offset phrase may begin: "12.5 km (7.8 miles) north-east of the " takes 40.
_OFFSET_REACH: Final = 200


def _offset_matches(text: str, place_starts: list[int]) -> list[re.Match[str]]:
    """The matches of `_OFFSET.finditer(text)` that end where a place's mention starts (`place_starts`,
    ascending), the only ones `with_offsets` uses. Each is searched for only before a place that "of" or
    "of the" precedes: a scan of the whole text had cost 3% of an extraction, and few places qualify."""
    found = []
    for start in place_starts:
        # As the pattern must end: "north of ", "south-eastern of the ".
        gap_start = _space_before(text, start)
        if (
            gap_start == start
            or gap_start == 0
            or text[gap_start - 1] not in "fFeE"  # the last letter of "of" or "the": most places are settled by it
            or not (_ends_with_direction_of(text, gap_start) or _ends_with_direction_of_the(text, gap_start))
        ):
            continue
        for match in _OFFSET.finditer(text, max(0, start - _OFFSET_REACH), start):
            if match.end() != start:
                continue
            unbounded = _OFFSET.match(text, match.start())  # bounded at the place, it stopped short of a "The …"
            if unbounded is not None and unbounded.end() == start:
                found.append(match)
    return found


def _space_before(text: str, end: int) -> int:
    """Where the run of white space that ends at `end` starts (`end` when there is none)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


_COMPASS_ENDINGS: Final = ("north", "south", "east", "west", "ern", "erly")


def _ends_with_direction_of(text: str, of_end: int) -> bool:
    """Whether `text[:of_end]` ends with a compass word, white space and "of", in any case (the caller has
    read the white space after it)."""
    if text[max(0, of_end - 2) : of_end].lower() != "of":
        return False
    word_end = _space_before(text, of_end - 2)
    return word_end < of_end - 2 and text[max(0, word_end - 5) : word_end].lower().endswith(_COMPASS_ENDINGS)


def _ends_with_direction_of_the(text: str, the_end: int) -> bool:
    """Whether `text[:the_end]` ends with a compass word, white space, "of", white space and "the"."""
    if text[max(0, the_end - 3) : the_end].lower() != "the":
        return False
    of_end = _space_before(text, the_end - 3)
    return of_end < the_end - 3 and _ends_with_direction_of(text, of_end)


_LEEWAY_KM: Final = 100.0  # with twice the distance: how far a known place may lie from a rough "N km east of" point


def _distance(entry: GazetteerEntry, other: GazetteerEntry) -> float:
    return great_circle_km(entry.lat, entry.lon, other.lat, other.lon)


def _bearing(direction: str) -> int:
    return _BEARINGS[direction.lower().replace("-", "")]


def with_site_directions(text: str, mentions: list[ToponymMention]) -> list[ToponymMention]:
    """Sites placed at a nearby town and followed by "<direction> of <a town>" (or "of the city"), moved
    that way from it. A site named after its own town ("the Adre crossing") stays at that town."""
    by_start: dict[int, ToponymMention] | None = None  # indexed when first needed: most articles name no site
    moved: dict[str, GazetteerEntry] = {}
    for mention in mentions:
        entry = mention.entry
        town = town_near_site(entry)
        if town is None or entry.id in moved:
            continue
        match = _DIRECTION_AFTER.match(text, mention.end)
        if match is None:
            continue
        if by_start is None:
            by_start = {place.start: place for place in mentions if place.role == _PLACE_ROLE}
        reference = by_start.get(match.end())
        if reference is not None and reference.entry.kind == _SETTLEMENT:
            origin, town = (reference.entry.lat, reference.entry.lon), reference.entry.name
        elif _THE_TOWN.match(text, match.end()):
            origin = (entry.lat, entry.lon)
        else:
            continue
        direction = match["direction"].lower()
        lat, lon = destination(*origin, _bearing(direction), SITE_DIRECTION_KM)
        moved[entry.id] = replace(
            entry,
            lat=round(lat, 5),
            lon=round(lon, 5),
            source=f"{direction} of {town}, drawn {SITE_DIRECTION_KM:.0f} km from it (distance assumed)",
        )
    if not moved:
        return mentions
    return [replace(m, entry=moved[m.entry.id]) if m.entry.id in moved else m for m in mentions]
