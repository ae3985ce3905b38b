"""Admin context: the region, district or city a text names beside a place says which place it means.

"Paris, Texas", "Kurla (Mumbai Suburban, Maharashtra)", "Ol Kalou in Nyandarua county", "Kiptule area of
Kericho", "Mbagathi, a suburb of Nairobi", "Nairobi's Kibera": the named container narrows the
name's readings to those inside it, and that beats size and distance (`names` ranks by those). Where no
reading of the name lies inside, the gazetteer lacks the place (or holds only a namesake elsewhere):
the name is kept as an unresolved place, sited at its container with the container's precision, at
best "part of a region" (ACLED's geo_precision 2), and a source that says so.

Names the gazetteer does not hold at all are found here too, by the same containers or by the words
news puts around a village ("the village of X", "the villages of X and Y", "X village", "X area").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Final

from datelines.extract.keywords import KeywordSet
from datelines.extract.places.names import (
    MentionRole,
    ToponymMention,
    best_reading,
    default_matcher,
    distance_km,
)
from datelines.extract.places.sites import sentence_bounds
from datelines.geo.gazetteer import GazetteerEntry, NameType, PlaceKind, text_placed_entry

UNRESOLVED_PREFIX: Final = "unresolved:"
_UNRESOLVED_SOURCE: Final = "not in the gazetteer: sited at {container}"

_PLACE_ROLE: Final = MentionRole.PLACE
_DEMONYM_ROLE: Final = MentionRole.DEMONYM
_PRIMARY_NAME: Final = NameType.PRIMARY
_COUNTRY: Final = PlaceKind.COUNTRY
_REGION: Final = PlaceKind.REGION
_COUNTY: Final = PlaceKind.COUNTY
_SETTLEMENT: Final = PlaceKind.SETTLEMENT
_CONTAINER_KINDS: Final[frozenset[str]] = frozenset([_COUNTRY, _REGION, _COUNTY, _SETTLEMENT])
_SPECIFICITY: Final[dict[str, int]] = {_SETTLEMENT: 0, _COUNTY: 1, _REGION: 2, _COUNTRY: 3}

# How far a place may lie from a container of each kind that has no outline here (a point only).
_WITHIN_KM: Final[dict[str, float]] = {_SETTLEMENT: 40.0, _COUNTY: 90.0, _REGION: 400.0}

# Words for an administrative unit after its name ("Nyandarua county", "Kericho West subcounty"): a state's
# first-level units, the units below them, and words that also name other things ("block", "zone", "circle").
_FIRST_LEVEL_UNIT_NOUNS: Final = ("province", "state", "region", "governorate", "department")
_LOWER_UNIT_NOUNS: Final = (
    "district county subcounty sub-county division tehsil taluka block commune municipality woreda prefecture".split()
)
ADMIN_NOUNS: Final = "|".join(
    [
        *_FIRST_LEVEL_UNIT_NOUNS,
        *_LOWER_UNIT_NOUNS,
        *"oblast raion rayon taluk mandal zone ward constituency parish borough township emirate canton circle cercle "
        "locality sub-location location".split(),
        "local government area",
        "LGA",
    ]
)
# Compass words that name a part of a unit ("Mumias West", "North Kericho", "South district").
_COMPASS: Final = "North|South|East|West|Central"
_KIND_AFTER: Final = re.compile(
    rf"(?: (?:town|village|city|hamlet|settlement|camp|neighbou?rhood|{ADMIN_NOUNS})(?= (?:\(|in )|,))?",
    re.IGNORECASE,
)
_ADMIN_NOUN_WORDS: Final = frozenset(ADMIN_NOUNS.lower().replace("-", " ").replace("|", " ").split())
# What stands between a place and the container after it. "strong" ones never join two items of a list.
_AFTER: Final = re.compile(
    rf"(?P<strong> \(|,? (?:an? )?(?:suburb|neighbou?rhood|district|village|town|area|part|"
    rf"{ADMIN_NOUNS}) (?:of|in) (?:the )?| area of (?:the )?)|(?P<weak>, | in (?:the )?)",
    re.IGNORECASE,
)
# After "X in Y": an admin noun makes Y a unit X lies in ("Ol Kalou in Nyandarua county"), where "Marines
# in California" or "troops in Iraq" name no such thing.
_UNIT_NOUN: Final = re.compile(rf"(?: (?:{_COMPASS}))? (?:{ADMIN_NOUNS})\b", re.IGNORECASE)


def _folded(name: str) -> str:
    """A name for comparing admin names: unaccented, lower case, admin nouns and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [word for word in re.split(r"[^a-z0-9]+", plain) if word and word not in _ADMIN_NOUN_WORDS]
    return " ".join(word for word in words if word not in ("of", "the"))


def lies_in(entry: GazetteerEntry, container: GazetteerEntry) -> bool:
    """Whether `entry` lies inside `container`: its country, its region by admin name, else by distance."""
    if entry.id == container.id:
        return False
    if container.kind == _COUNTRY:
        return entry.country_code == container.country_code
    if container.country_code and entry.country_code and entry.country_code != container.country_code:
        return False
    names = {_folded(name) for name in (container.name, *container.names)}
    if any(_folded(admin) in names for admin in entry.admin_names if admin):
        return True
    if container.kind == _REGION and entry.admin and entry.kind == _SETTLEMENT:
        return False  # the row names its region, and it is another one
    limit = _WITHIN_KM.get(container.kind)
    return limit is not None and distance_km(entry.lat, entry.lon, container.lat, container.lon) <= limit


def _containers_after(
    text: str, mention_end: int, by_start: dict[int, ToponymMention]
) -> tuple[list[ToponymMention], bool]:
    """The places named right after a name as its container ("X, Y", "X (Y, Z)", "X in Y district"), the
    most specific first; and whether the wording is one a list cannot have (all but the bare comma)."""
    kind_noun = _KIND_AFTER.match(text, mention_end)  # "Kurla town (…)": always matches, maybe nothing
    if kind_noun is not None:
        mention_end = kind_noun.end()
    match = _AFTER.match(text, mention_end)
    if match is None:
        return [], False
    at = match.end()
    if text.startswith(" (", mention_end):  # every place that opens a part of the parenthesis
        closing = text.find(")", at, at + 160)
        if closing < 0:
            return [], False
        positions = [at] + [at + i + 2 for i in range(closing - at) if text.startswith(", ", at + i)]
    else:
        positions = [at]
    containers = [
        container
        for container in (by_start.get(position) for position in positions)
        if container is not None and container.role != _DEMONYM_ROLE and container.entry.kind in _CONTAINER_KINDS
    ]
    containers.sort(key=lambda mention: _SPECIFICITY[mention.entry.kind])
    strong = match.group("strong") is not None or (
        match.group("weak").strip() != ","
        and len(containers) == 1
        and _UNIT_NOUN.match(text, containers[0].end) is not None
    )
    return containers, strong


def _possessor_before(text: str, start: int, by_end: dict[int, ToponymMention]) -> ToponymMention | None:
    """ "Nairobi's Kibera": the place whose possessive stands right before a name."""
    for mark in ("'s ", "’s "):
        if text.startswith(mark, start - 3):
            owner = by_end.get(start - 3)
            if owner is not None and owner.entry.kind in _CONTAINER_KINDS and owner.role != _DEMONYM_ROLE:
                return owner
    return None


def _unresolved(name: str, container: ToponymMention, kind: str = _SETTLEMENT) -> GazetteerEntry:
    """A place the gazetteer lacks, drawn at its container: as precise as that, at best part of a region."""
    anchor = container.entry
    written = anchor.name if container.text.isupper() else container.text
    entry = text_placed_entry(
        UNRESOLVED_PREFIX,
        name,
        kind,
        (anchor.lat, anchor.lon),
        anchor,
        max(2, anchor.geo_precision),
        _UNRESOLVED_SOURCE.format(container=written),
        (name,),
    )
    return replace(entry, admin=anchor.name)  # what an online geocoder is asked with the name


def is_unresolved(place_id: str) -> bool:
    """A place the text names that the gazetteer lacks (drawn at a container the text names with it)."""
    return place_id.startswith(UNRESOLVED_PREFIX)


def within_containers(text: str, mentions: list[ToponymMention]) -> list[ToponymMention]:
    """`mentions` with each place read inside the container the text names with it (see the module).

    One name is one place in an article: a name read inside its container once ("AURANGABAD, Bihar") is
    read so wherever it recurs, and the containers are then read again ("Daudnagar in Aurangabad district")."""
    read = _read_inside(text, mentions)
    if read is mentions:
        return mentions
    moved = {
        mention.text.lower(): (mention.entry.id, after)
        for mention, after in zip(mentions, read, strict=True)
        if after is not mention and not is_unresolved(after.entry.id)
    }
    if not moved:
        return read
    followed = []
    for mention in mentions:
        entry_id, after = moved.get(mention.text.lower(), ("", mention))
        if mention.entry.id == entry_id and mention.role == _PLACE_ROLE:
            mention = ToponymMention(
                mention.start, mention.end, mention.text, after.entry, after.name_type, mention.role
            )
        followed.append(mention)
    return _read_inside(text, followed)


def _read_inside(text: str, mentions: list[ToponymMention]) -> list[ToponymMention]:
    """One reading of every place inside its container; `mentions` itself when none changes."""
    if not mentions:
        return mentions
    by_start = {mention.start: mention for mention in mentions}
    by_end = {mention.end: mention for mention in mentions}
    matcher = default_matcher()
    gazetteer = matcher.gazetteer
    chosen: dict[int, ToponymMention] = {}
    # From the last name to the first: "Kurla (Mumbai Suburban, Maharashtra)" reads Maharashtra's
    # containers before Mumbai's, and Mumbai's before Kurla's.
    for mention in reversed(mentions):
        entry = mention.entry
        if mention.role != _PLACE_ROLE or entry.placed_from_text or entry.kind not in (_SETTLEMENT, _COUNTY, _REGION):
            continue
        containers, strong = _containers_after(text, mention.end, by_start)
        containers = [chosen.get(id(c), c) for c in containers]
        if not containers:
            owner = _possessor_before(text, mention.start, by_end)
            if owner is None:
                continue
            containers, strong = [chosen.get(id(owner), owner)], True
        # A list of regions or towns ("Texas, Oklahoma", "Nairobi, Mombasa") is no container: a region
        # is read inside a country only, and a town inside a town only when the wording says so.
        containers = [
            c
            for c in containers
            if _SPECIFICITY[c.entry.kind] > _SPECIFICITY[entry.kind] or (strong and c.entry.kind == _SETTLEMENT)
        ]
        if entry.kind == _REGION:
            containers = [c for c in containers if c.entry.kind == _COUNTRY]
        if not containers or all(lies_in(entry, c.entry) for c in containers):
            continue
        surface = mention.text.title() if mention.text.isupper() else mention.text  # a dateline's "AURANGABAD"
        readings = [
            candidate
            for candidate in (matcher.readings(surface).candidates if gazetteer.candidates(surface) else [])
            if all(lies_in(candidate[0], c.entry) for c in containers)
        ]
        if readings:
            inside, name_type = best_reading(readings)
            chosen[id(mention)] = ToponymMention(
                mention.start, mention.end, mention.text, inside, name_type, mention.role
            )
        elif strong:  # not where it may be a list ("Saipan, Guam, Alaska") or "Marines in California"
            chosen[id(mention)] = ToponymMention(
                mention.start,
                mention.end,
                mention.text,
                _unresolved(mention.text, containers[0]),
                _PRIMARY_NAME,
                mention.role,
            )
    if not chosen:
        return mentions
    return [chosen.get(id(mention), mention) for mention in mentions]


_WORD: Final = r"[^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)*"
_UNLISTED_NAME: Final = rf"{_WORD}(?: {_WORD}){{0,2}}"
# "the village of X", "the villages of X and Y": read from where the article's one keyword pass
# (datelines/extract/keywords.py) meets one of these words (a regex pass over the whole text for any of them
# cost a tenth of finding places).
_OF_NOUNS: Final = KeywordSet(
    "village town hamlet settlement localities locality suburb neighbourhood neighborhood area camp".split()
)
_NAMES_AFTER_OF: Final = re.compile(rf"s? of (?P<names>{_UNLISTED_NAME}(?:(?:, | and |, and ){_UNLISTED_NAME})*)")
# "in the Ekero area", "near Koyonzo village": read backwards from the noun.
_NAME_NOUNS: Final = KeywordSet(
    [" village", " area", " locality", " sub-location", " location", " ward", " settlement"]
)
# "in Palamu district", "in Kericho West subcounty": a unit the gazetteer lacks (kind by its noun).
_UNIT_NOUNS: Final = KeywordSet([" " + noun for noun in (*_LOWER_UNIT_NOUNS, *_FIRST_LEVEL_UNIT_NOUNS)])
_FIRST_LEVEL_NOUNS: Final = frozenset(" " + noun for noun in _FIRST_LEVEL_UNIT_NOUNS)
_NAME_BEFORE_NOUN: Final = re.compile(rf"\b(?:in|at|near|from|of|outside|around) (?:the )?(?P<names>{_UNLISTED_NAME})$")
# Read backwards from a known place: "in Kibera, " before "Nairobi" (a search in a window before each place
# costs far less than a pass over the whole text, where "in " occurs everywhere).
_NAME_BEFORE_CONTAINER: Final = re.compile(
    rf"\b(?:in|near|outside|around) (?P<names>{_UNLISTED_NAME})(?: \(|, | in (?:the )?)$"
)
_BEFORE_CONTAINER_WINDOW: Final = 80
# Last words of names that are not villages: venues, events, bodies ("the Final Four", "Loyola University").
_NOT_PLACE_HEADS: Final = frozenset(
    "University College School Academy Institute Centre Center Festival Challenge Cup Championship Games Open "
    "Palace Hotel Hospital Clinic Club Stadium Arena Hall Church Cathedral Mosque Temple Bank Group Company "
    "Council Committee Ministry Department Affairs Service Services Party League Court Office Agency Foundation "
    "Museum Theatre Theater Airport Station Market Mall Prison Four Association Union Forum Summit Trust".split()
)
_SPLIT_NAMES: Final = re.compile(r", and |, | and ")
# Capitalised words that start no place name ("the village of Monday" never occurs, "in March, Kenya" does).
_NOT_NAME_WORDS: Final = frozenset(
    "The A An This That These Those His Her Their Our Its Some Many Several Both All Each Every "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December President Minister Police Government Parliament Court "
    "Army Mr Mrs Ms Dr General Governor Senator Reuters AP AFP".split()
)


def _most_specific_in_sentence(text: str, position: int, mentions: list[ToponymMention]) -> ToponymMention | None:
    start, end = sentence_bounds(text, position)
    known = [
        mention
        for mention in mentions
        if start <= mention.start < end
        and mention.role != _DEMONYM_ROLE
        and mention.entry.kind in _CONTAINER_KINDS
        and not is_unresolved(mention.entry.id)
    ]
    return min(known, key=lambda mention: _SPECIFICITY[mention.entry.kind]) if known else None


def with_unlisted_names(
    text: str, mentions: list[ToponymMention], non_places: list[tuple[int, int, str]]
) -> list[ToponymMention]:
    """`mentions` plus the names of villages and areas the gazetteer lacks, where the words around them
    say they are places ("the villages of Luidi and Lahel (Kelbo, Soum)", "in Kibera, Nairobi"): each
    sited at the container named after it, else at the most specific place its sentence names."""
    taken = [(mention.start, mention.end) for mention in mentions] + [(start, end) for start, end, _ in non_places]
    by_start = {mention.start: mention for mention in mentions}
    # (start, end, name, its kind, whether a container must be named after it)
    found: list[tuple[int, int, str, str, bool]] = []
    matches: list[tuple[re.Match[str], str, bool]] = []
    for _key, at, after in _OF_NOUNS.find(text):
        match = _NAMES_AFTER_OF.match(text, after)
        if match is not None and (at == 0 or not text[at - 1].isalpha()):
            matches.append((match, _SETTLEMENT, False))
    for noun_set in (_NAME_NOUNS, _UNIT_NOUNS):
        for _key, at, after in noun_set.find(text):
            if after == len(text) or not text[after].isalnum():
                match = _NAME_BEFORE_NOUN.search(text, max(0, at - _BEFORE_CONTAINER_WINDOW), at)
                if match is not None:
                    noun_kind: str = _SETTLEMENT if noun_set is _NAME_NOUNS else _COUNTY
                    matches.append((match, _REGION if text[at:after] in _FIRST_LEVEL_NOUNS else noun_kind, False))
    for mention in mentions:
        if mention.entry.kind in _CONTAINER_KINDS and text[mention.start - 2 : mention.start] in (", ", " (", "n "):
            window_start = max(0, mention.start - _BEFORE_CONTAINER_WINDOW)
            match = _NAME_BEFORE_CONTAINER.search(text, window_start, mention.start)
            if match is not None:
                matches.append((match, _SETTLEMENT, True))
    for match, match_kind, needs_container in matches:
        group_start = match.start("names")
        for part in _SPLIT_NAMES.split(match.group("names")):
            start = group_start + match.group("names").find(part)
            found.append((start, start + len(part), part, match_kind, needs_container))
    if not found:
        return mentions
    entries: dict[str, GazetteerEntry] = {}
    added: list[ToponymMention] = []
    seen: set[int] = set()
    by_text = {mention.text: mention for mention in mentions if mention.entry.kind in _CONTAINER_KINDS}
    # From the last name to the first: "the Ekero area of Mumias West subcounty" sites Mumias West (at
    # Mumias, the place its name holds) before Ekero, which lies in it.
    for start, end, name, place_kind, needs_container in sorted(found, reverse=True):
        words = name.split(" ")
        if start in seen or words[0] in _NOT_NAME_WORDS or words[-1] in _NOT_PLACE_HEADS:
            continue
        if not _DIRECTION_WORD.sub("", name) or name in _DIRECTIONS:  # "the Western region" names no place
            continue
        if any(word.isupper() and len(word) > 1 for word in words):  # "OAS", "CHU": bodies, not villages
            continue
        if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
            continue
        seen.add(start)
        # The container after the whole list ("Luidi and Lahel (Kelbo, Soum)"), else after the name.
        containers, _strong = _containers_after(text, _list_end(text, end), by_start)
        if not containers:
            containers, _strong = _containers_after(text, end, by_start)
        if needs_container and not containers:
            continue
        container = (
            containers[0]
            if containers
            else by_text.get(_DIRECTION_WORD.sub("", name)) or _most_specific_in_sentence(text, start, mentions)
        )
        if container is None:
            continue
        if name not in entries:
            entries[name] = _unresolved(name, container, place_kind)
        mention = ToponymMention(start, end, name, entries[name], _PRIMARY_NAME, _PLACE_ROLE)
        added.append(mention)
        by_start[start] = mention
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda mention: mention.start)


# "Mumias West", "North Kericho": a unit named after a town by a direction lies around that town.
_DIRECTION_WORD: Final = re.compile(rf"^(?:{_COMPASS}|Upper|Lower) | (?:{_COMPASS})$")
_DIRECTIONS: Final = frozenset(
    [*_COMPASS.split("|"), "Upper", "Lower"]
    + [word + "ern" for word in ("North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest")]
)
_LIST_TAIL: Final = re.compile(rf"(?:(?:, | and |, and ){_UNLISTED_NAME})*")


def _list_end(text: str, end: int) -> int:
    """Where a list of names that starts before `end` ends ("Luidi and Lahel" from the end of "Luidi")."""
    tail = _LIST_TAIL.match(text, end)  # always matches, maybe nothing
    return tail.end() if tail is not None else end
