"""Named sites no gazetteer holds: streets, squares, camps, crossings, corridors, buildings.

News names them by pattern ("the Zamzam camp", "Abancay Avenue", "Plaza San Martín",
"Basilica of St Benedict"). GeoNames has no point for most of them, so each is placed where
the article places it and drawn as such (geo_precision 2, "near a place"): a crossing or camp
at the town it is named after when the gazetteer knows that town, anything else at the town
the article names nearest to it. A site with no town around it is left off the map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from datelines.extract.article import matches_at, matches_in_windows, starts_sentence
from datelines.extract.keywords import KeywordSet
from datelines.extract.places.names import MentionRole, ToponymMention
from datelines.geo.gazetteer import GazetteerEntry, NameType, PlaceKind, load, text_placed_entry

NEAR_PRECISION: Final = 2
SITE_PREFIX: Final = "site:"


class Anchor(StrEnum):
    """Where a site's point comes from."""

    NAMESAKE = "namesake"  # "Adre crossing" lies at Adre
    CONTEXT = "context"  # "Abancay Avenue" lies in the city the article is about, not in Abancay


# Enum members looked up once (see datelines/geo/gazetteer.py).
_CONTEXT_ANCHOR: Final = Anchor.CONTEXT
_NAMESAKE_ANCHOR: Final = Anchor.NAMESAKE
_DEMONYM_ROLE: Final = MentionRole.DEMONYM
_EMBEDDED_ROLE: Final = MentionRole.EMBEDDED
_PLACE_ROLE: Final = MentionRole.PLACE
_PRIMARY_NAME: Final = NameType.PRIMARY
_COUNTY: Final = PlaceKind.COUNTY
_REGION: Final = PlaceKind.REGION
_SETTLEMENT: Final = PlaceKind.SETTLEMENT


@dataclass(frozen=True, slots=True)
class SiteHead:
    kind: str
    anchor: Anchor


_SUFFIX_HEADS: Final[dict[str, SiteHead]] = {
    **dict.fromkeys(
        ["border crossing", "crossing", "checkpoint", "border post"], SiteHead(PlaceKind.CROSSING, Anchor.NAMESAKE)
    ),
    **dict.fromkeys(
        ["refugee camp", "displacement camp", "displaced persons camp", "camp"],
        SiteHead(PlaceKind.LANDMARK, Anchor.NAMESAKE),
    ),
    **dict.fromkeys(
        ["corridor", "avenue", "street", "road", "boulevard", "highway"], SiteHead(PlaceKind.ROUTE, Anchor.CONTEXT)
    ),
    **dict.fromkeys(
        [
            "square",
            "bridge",
            "airport",
            "air base",
            "hospital",
            "stadium",
            "market",
            "mosque",
            "church",
            "cathedral",
            "palace",
            "prison",
            "park",
            "dam",
            "refinery",
            "power plant",
        ],
        SiteHead(PlaceKind.LANDMARK, Anchor.CONTEXT),
    ),
}
_PREFIX_HEADS: Final[dict[str, SiteHead]] = dict.fromkeys(
    ["Plaza", "Piazza", "Avenida", "Basilica of", "Cathedral of", "Church of", "Mosque of"],
    SiteHead(PlaceKind.LANDMARK, Anchor.CONTEXT),
)

_CAPITALISED: Final = (
    # No hyphen inside: it separates words (no backtracking blow-up). Possessive ("*+"): what may follow a
    # word (a space, a hyphen, the end) never lies inside one, so giving letters back could not help.
    r"(?:[ae]l-)?(?:St\.|[^\W\d_a-z][\w’']*+)"
)
_CONNECTOR: Final = r"(?:de|del|la|las|los|di|da|do|dos|el|al|of|sul|y)"
_NAME: Final = rf"{_CAPITALISED}(?:[ -](?:{_CONNECTOR}[ -])?{_CAPITALISED}){{0,5}}"  # six words at most: linear time


def _spellings(heads: list[str]) -> list[str]:
    """Longest first, as written in lower case and in title case ("camp", "Camp")."""
    variants = {variant for head in heads for variant in (head, head.title(), head.capitalize())}
    return sorted(variants, key=len, reverse=True)


def _alternation(spellings: list[str]) -> str:
    return "|".join(re.escape(spelling) for spelling in spellings)


_SUFFIX_SPELLINGS: Final = _spellings(list(_SUFFIX_HEADS))
_PREFIX_SPELLINGS: Final = _spellings(list(_PREFIX_HEADS))
# What `_head_positions` looks for (in the keyword pass): both kinds of head, the suffix heads numbered first.
_HEAD_WORDS: Final = KeywordSet([*_SUFFIX_SPELLINGS, *_PREFIX_SPELLINGS])
_SUFFIX: Final = re.compile(
    rf"(?<![\w’'.-])(?P<name>{_NAME}) (?P<head>{_alternation(_SUFFIX_SPELLINGS)})(?!\w)(?! [A-Z])"
)
_PREFIX: Final = re.compile(rf"(?<!\w)(?P<head>{_alternation(_PREFIX_SPELLINGS)}) (?P<name>{_NAME})")
# How far before its head a site's name may begin: six words, far more than any real name takes.
_LONGEST_SITE_NAME: Final = 300
# Capitalised words that start a run without naming anything ("The", "Monday", "Gaza's", "Vatican-owned").
_NOT_NAMES: Final = frozenset(
    "the a an this that these those its his her their our every each some border refugee military police "
    "monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december".split()
)
_QUALIFIER: Final = re.compile(r"\w+-(?:owned|run|based|backed|controlled|held|built)$|.+[’']s$")
# "the Catholic Church" is an institution, "a Methodist church" a building.
_INSTITUTIONS: Final = frozenset(
    "Catholic Orthodox Protestant Anglican Methodist Baptist Lutheran Evangelical Presbyterian World Unification".split()
)


def _head_positions(text: str) -> tuple[list[int], list[int]]:
    """Where any suffix head and any prefix head occurs, in a spelling the regexes know: from the article's
    one Aho-Corasick pass (datelines/extract/keywords.py), far cheaper than a regex tried at every position; a
    superset of where the regexes may find a head."""
    suffix_heads: set[int] = set()
    prefix_heads: set[int] = set()
    first_prefix_head = _HEAD_WORDS.offset + len(_SUFFIX_SPELLINGS)
    for key, start, _end in _HEAD_WORDS.find(text):
        (suffix_heads if key < first_prefix_head else prefix_heads).add(start)
    return sorted(suffix_heads), sorted(prefix_heads)


def _suffix_matches(text: str, heads: list[int]) -> list[re.Match[str]]:
    """The matches of `_SUFFIX.finditer(text)`, searched only in windows that end at a head word (`heads`,
    from `_head_positions`): every site phrase ends with one, and most of an article is nowhere near one."""
    reach = len(_SUFFIX_SPELLINGS[0]) + 2  # the head and what its look-aheads read after it
    windows = [
        (_name_run_start(text, position), position + reach) for position in heads if _may_end_a_name(text, position)
    ]
    return matches_in_windows(_SUFFIX, text, windows)


_CONNECTORS: Final = frozenset(_CONNECTOR.strip("(?:)").split("|"))


def _name_run_start(text: str, head_at: int) -> int:
    """Where the run of words that may make a site's name, ending right before the head, begins: the
    first word (from the head back) that can be no name word or connector, else the window's edge.
    No match can start before it, as every word of a name is a name word or a connector."""
    floor = max(0, head_at - _LONGEST_SITE_NAME)
    end = head_at - 1  # the space before the head
    for _word in range(16):
        start = end
        while start > floor and text[start - 1] not in " -":
            start -= 1
        token = text[start:end]
        if start == floor or not token or not (_may_be_a_name_word(token) or token in _CONNECTORS):
            return start
        end = start - 1
    return floor


def _may_be_a_name_word(token: str) -> bool:
    first = token[0]
    return (first.isalnum() or first == "_") and not (first.islower() or first.isdigit() or first == "_")


def _may_end_a_name(text: str, head_at: int) -> bool:
    """Whether a capitalised word and one space come right before the head ("Zamzam camp", not "the
    campaign" or "a market"), a word boundary after it: the pattern can match nowhere else."""
    if head_at < 2 or text[head_at - 1] != " " or text[head_at - 2].isspace():
        return False
    # The start of the last word before the space, or of its part after its last hyphen, within 60 characters.
    floor = max(0, head_at - 60)
    start = head_at - 1
    while start > floor and text[start - 1] != "-" and not text[start - 1].isspace():
        start -= 1
    first = text[start]
    return start < head_at - 1 and not (first.islower() or first.isdigit() or first == "_")


def _prefix_matches(text: str, heads: list[int]) -> list[re.Match[str]]:
    """The matches of `_PREFIX.finditer(text)`: a phrase starts at its head, so only the head positions
    (`heads`, from `_head_positions`) are tried."""
    return matches_at(_PREFIX, text, heads)


def _clean_name(name: str) -> str:
    """The name without a leading article or a possessive's owner ("the", "Gaza's")."""
    words = name.split(" ")
    while words and (words[0].lower() in _NOT_NAMES or _QUALIFIER.match(words[0])):
        words.pop(0)
    return " ".join(words)


def _site_spans(text: str, mentions: list[ToponymMention]) -> list[tuple[int, int, str, SiteHead]]:
    """(start, end, written name, head) of every site phrase, leftmost first, none overlapping.

    "Abancay Avenue" and "the Zamzam camp" name sites; "an Azerbaijani checkpoint" and "a Gaza
    hospital" do not: a lower-case head after a demonym or a known region or town of the
    article names no particular site, except a crossing or camp named after its town.
    """
    known_at = {mention.start: mention for mention in mentions}
    spans = []
    suffix_heads, prefix_heads = _head_positions(text)
    for match in _suffix_matches(text, suffix_heads):
        name = _clean_name(match["name"])
        head = match["head"]
        site = _SUFFIX_HEADS[head.lower()]
        start = match.start("name") + len(match["name"]) - len(name)
        known = known_at.get(start)
        if not name or name.lower() in _NOT_NAMES or (known and known.role == _DEMONYM_ROLE):
            continue
        if head.islower() and site.anchor == _CONTEXT_ANCHOR and (known or load().candidates(name)):
            continue
        if head.islower() and known and known.entry.kind != _SETTLEMENT:
            continue
        if head.islower() and not known and " " not in name and starts_sentence(text, start):
            continue  # "Whilst market volatility…": a capital that only starts the sentence
        if head == "Church" and name in _INSTITUTIONS:
            continue
        spans.append((start, match.end(), text[start : match.end()], site))
    for match in _prefix_matches(text, prefix_heads):
        if match["name"].split(" ")[0].lower() in _NOT_NAMES:
            continue
        spans.append((match.start(), match.end(), match.group(0), _PREFIX_HEADS[match["head"].capitalize()]))
    spans.sort(key=lambda span: (span[0], span[1]))
    kept: list[tuple[int, int, str, SiteHead]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence around `position`, between breaks (a full stop, "!" or "?" before white space; a line break).

    The nearest break on either side is looked for with `str.find` and `str.rfind`, one mark at a time: a
    regex pass from the start of the text cost a fifth of finding the sites, a scan character by character
    most of the rest. A test holds it to the regex `[.!?]\\s|\\n` run from the start.
    """
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    if end < 0:
        end = len(text)
    for mark in ".!?":
        at = text.rfind(mark, start, max(position - 1, 0))  # white space must follow before `position`
        while at >= 0 and not text[at + 1].isspace():
            at = text.rfind(mark, start, at)
        if at >= 0:
            start = at + 2
        at = text.find(mark, position, end)
        while at >= 0 and not text[at + 1 : at + 2].isspace():
            at = text.find(mark, at + 1, end)
        if at >= 0:
            end = at
    return start, end


def _nearest_town(text: str, start: int, places: list[ToponymMention]) -> ToponymMention | None:
    """The settlement named closest to `start` in its sentence, else the last one before it, else the first after."""
    towns = [mention for mention in places if mention.entry.kind == _SETTLEMENT]
    if not towns:
        towns = [mention for mention in places if mention.entry.kind in (_COUNTY, _REGION)]
    if not towns:
        return None
    sentence_start, sentence_end = sentence_bounds(text, start)
    in_sentence = [mention for mention in towns if sentence_start <= mention.start < sentence_end]
    if in_sentence:
        return min(in_sentence, key=lambda mention: abs(mention.start - start))
    before = [mention for mention in towns if mention.start < start]
    return before[-1] if before else towns[0]


def _site_entry(name: str, head: SiteHead, town: ToponymMention, namesake: bool) -> GazetteerEntry:
    """A gazetteer-like entry for the site; a site named after its town answers to the town's name too.
    Entries are immutable, and the same site recurs in the next report from the same town: remembered."""
    key = (name, head.kind, town.entry.id, town.text, namesake)
    known = _SITE_ENTRIES.get(key)
    if known is None:
        known = _new_site_entry(name, head, town, namesake)
        if not town.entry.placed_from_text and len(_SITE_ENTRIES) < 100_000:
            _SITE_ENTRIES[key] = known
    return known


_SITE_ENTRIES: Final[dict[tuple[str, str, str, str, bool], GazetteerEntry]] = {}


def _new_site_entry(name: str, head: SiteHead, town: ToponymMention, namesake: bool) -> GazetteerEntry:
    anchor = town.entry
    written = town.entry.name if town.text.isupper() else town.text  # a dateline's "EL FASHER"
    return text_placed_entry(
        SITE_PREFIX,
        name,
        head.kind,
        (anchor.lat, anchor.lon),
        anchor,
        max(NEAR_PRECISION, anchor.geo_precision),
        (_NAMESAKE_SOURCE if namesake else _CONTEXT_SOURCE).format(town=written),
        (name, written) if namesake else (name,),
    )


_NAMESAKE_SOURCE: Final = "at {town} (named site, not in the gazetteer)"
_CONTEXT_SOURCE: Final = "near {town} (named site, not in the gazetteer)"


def town_near_site(entry: GazetteerEntry) -> str | None:
    """The town a site was placed at for want of better (the article names it nearby), or None for a
    site named after its own town (that town is where it is) and for anything that is not a site."""
    if not entry.placed_from_text or not entry.id.startswith(SITE_PREFIX):
        return None
    prefix, suffix = _CONTEXT_SOURCE.split("{town}")
    if not entry.source.startswith(prefix):
        return None
    return entry.source.removeprefix(prefix).removesuffix(suffix)


def with_sites(text: str, mentions: list[ToponymMention]) -> list[ToponymMention]:
    """`mentions` plus the article's named sites; a place named inside a site's name stops being a place of its own."""
    spans = [
        span
        for span in _site_spans(text, mentions)
        # A name the gazetteer knows whole ("Lachin Corridor") is already found.
        if not any(m.start <= span[0] and span[1] <= m.end for m in mentions)
    ]
    if not spans:
        return mentions
    inside = {
        id(mention): span
        for mention in mentions
        for span in spans
        if span[0] <= mention.start and mention.end <= span[1]
    }
    free_places = [m for m in mentions if m.role == _PLACE_ROLE and id(m) not in inside]
    entries: dict[str, GazetteerEntry] = {}
    sites: list[ToponymMention] = []
    for start, end, written, head in spans:
        key = written.lower()
        if key not in entries:
            namesakes = [
                m for m in mentions if id(m) in inside and inside[id(m)][0] == start and m.entry.kind == _SETTLEMENT
            ]
            namesake = head.anchor == _NAMESAKE_ANCHOR and bool(namesakes)
            town = namesakes[0] if namesake else _nearest_town(text, start, free_places)
            if town is None:
                continue
            entries[key] = _site_entry(written, head, town, namesake)
        sites.append(ToponymMention(start, end, written, entries[key], _PRIMARY_NAME, _PLACE_ROLE))
    adjusted = [m.with_role(_EMBEDDED_ROLE) if id(m) in inside and m.role == _PLACE_ROLE else m for m in mentions]
    return sorted([*adjusted, *sites], key=lambda mention: mention.start)
