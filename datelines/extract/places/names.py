"""Find place mentions in text and decide which gazetteer entry each one means.

Matching is a trie walk over every gazetteer surface form (case-sensitive, so "may" is
never May, with word boundaries and leftmost-longest selection); ALL-CAPS datelines are
title-cased first. Filters then drop what news prose capitalises without meaning a place:
people, organisations, sentence-initial common words. Disambiguation ranks candidates by
kind, population, the article's countries and nearness to its other places.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

from datelines.extract.article import is_abbreviation, is_capital_at
from datelines.geo.gazetteer import (
    DATA_DIR,
    Gazetteer,
    GazetteerEntry,
    ListedKeys,
    NameType,
    PlaceKind,
    keys_at_spaces,
    listed_keys,
    load,
    normalise,
)

NOT_PLACES_PATH: Final = DATA_DIR / "sources" / "not_places.txt"

# "KHARTOUM, Sudan —", "SAN DIEGO (AP) -", "WASHINGTON—President", "LONDON The Latest", "TIJUANA & SAN DIEGO,"
_CAPS_WORDS: Final = r"[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*"
_DATELINE: Final = re.compile(rf"(?m)^{_CAPS_WORDS}(?: & {_CAPS_WORDS})?(?=,|\s*[—–]|\s+-|\s*\(|\s+[A-Z][a-z])")
_UPPER_LINE: Final = re.compile(r"(?m)^[^a-z\n]{8,}$")
# A wire dateline anywhere, after a byline on the same line: "… Associated Press WASHINGTON (AP) —",
# "By Carey L. Biron. WASHINGTON, April 5 (Thomson Reuters Foundation) -", "THE HAGUE, Netherlands (AP)".
_WIRE_CREDIT: Final = (
    r"\((?:AP|AFP|Reuters|UPI|CNN|Xinhua|dpa|IANS|PTI|ANI|TASS|Bernama|Anadolu|Thomson Reuters Foundation)\)"
)
_WIRE_DATELINE: Final = re.compile(
    rf"(?<![\w.’'\-]){_CAPS_WORDS}(?=(?:,\s+[A-Z][\w.]*(?:\s+[A-Z0-9][\w.]*){{0,3}})?\s*{_WIRE_CREDIT})"
)
_HAS_WIRE_CREDIT: Final = re.compile(_WIRE_CREDIT)

LOCATIVE_WORDS: Final = frozenset(
    [
        "in",
        "at",
        "near",
        "from",
        "to",
        "into",
        "outside",
        "inside",
        "across",
        "around",
        "towards",
        "toward",
        "through",
        "via",
        "of",
        "across",
        "between",
        "within",
        "throughout",
        "reached",
        "entered",
        "left",
        "visited",
    ]
)
# Capitalised words that may stand before a place without making it part of another name.
PLACE_MODIFIERS: Final = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Greater",
        "Upper",
        "Lower",
        "Northeast",
        "Northwest",
        "Southeast",
        "Southwest",
        "Northeastern",
        "Northwestern",
        "Southeastern",
        "Southwestern",
        "Inner",
        "Outer",
        "Old",
        "New",
        "Mid",
        "Downtown",
        "Metropolitan",
        "Rural",
        "Occupied",
        "The",
        "In",
        "At",
        "From",
        "To",
        "Near",
        "Across",
        "Outside",
        "Of",
        "And",
        "For",
        "By",
        "With",
        "On",
    ]
)
# Capitalised words after a place that keep it a place ("Gaza City", "Kharkiv Oblast").
PLACE_NOUNS: Final = frozenset(
    [
        "City",
        "Province",
        "Region",
        "District",
        "Oblast",
        "Governorate",
        "State",
        "County",
        "Valley",
        "River",
        "Mountains",
        "Island",
        "Islands",
        "Peninsula",
        "Strait",
        "Gulf",
        "Sea",
        "Basin",
        "Desert",
        "Plain",
        "Plateau",
        "Highlands",
        "Coast",
        "Airport",
        "Port",
        "Municipality",
        "Prefecture",
        "Territory",
        "Territories",
        "Enclave",
        "Border",
        "Crossing",
        "Republic",
        "SSR",
        "Krai",
        "Raion",
        "Rayon",
        "Town",
        "Village",
        "Area",
        "Metro",
    ]
)
_SENTENCE_END: Final = frozenset('.!?\n"“”:;')


class MentionRole(StrEnum):
    PLACE = "place"  # a place named as such: it belongs on the map
    DEMONYM = "demonym"  # "Russian peacekeepers": counted as a toponym, drawn only if the place is named too
    EMBEDDED = "embedded"  # inside another name ("U.S. Army", "Azerbaijan SSR")


# Enum members looked up once (see datelines/geo/gazetteer.py).
_DEMONYM_ROLE: Final = MentionRole.DEMONYM
_EMBEDDED_ROLE: Final = MentionRole.EMBEDDED
_PLACE_ROLE: Final = MentionRole.PLACE
_ALTERNATE_NAME: Final = NameType.ALTERNATE
_DEMONYM_NAME: Final = NameType.DEMONYM
_PRIMARY_NAME: Final = NameType.PRIMARY
_CONTINENT: Final = PlaceKind.CONTINENT
_COUNTRY: Final = PlaceKind.COUNTRY
_COUNTY: Final = PlaceKind.COUNTY
_REGION: Final = PlaceKind.REGION
_SETTLEMENT: Final = PlaceKind.SETTLEMENT


# Not frozen, for speed, like Sentence (datelines/extract/article.py): built per article and never changed.
@dataclass(slots=True, unsafe_hash=True)
class ToponymMention:
    """One place mention: offsets into the text exactly as given, and what it resolved to."""

    start: int
    end: int
    text: str
    entry: GazetteerEntry
    name_type: NameType
    role: MentionRole

    def __init__(
        self, start: int, end: int, text: str, entry: GazetteerEntry, name_type: NameType, role: MentionRole
    ) -> None:  # written out for the compiled build: see article.Sentence
        self.start = start
        self.end = end
        self.text = text
        self.entry = entry
        self.name_type = name_type
        self.role = role

    def with_role(self, role: MentionRole) -> ToponymMention:
        """A copy in another role. The constructor, not `dataclasses.replace`: that one runs interpreted."""
        return ToponymMention(self.start, self.end, self.text, self.entry, self.name_type, role)


class ToponymMatcher:
    """Leftmost-longest dictionary matching over the gazetteer's name trie.

    At each capitalised word the trie returns every name that is a prefix of the text from
    there (one call, no per-n-gram lookups); the longest that ends on a word boundary and
    whose exact spelling matches the text wins, and matching resumes after it.
    """

    def __init__(self, gazetteer: Gazetteer, not_places: list[str]) -> None:
        self.gazetteer = gazetteer
        # A word-bounded blocker starts with the text's whole first word: most words start none.
        blockers_by_first_word: dict[str, list[str]] = {}
        for name in not_places:
            blocker = normalise(name)
            blockers_by_first_word.setdefault(blocker.split(" ", 1)[0], []).append(blocker)
        self._blockers: dict[str, ListedKeys] = {
            first_word: listed_keys(blockers) for first_word, blockers in blockers_by_first_word.items()
        }
        self._readings: dict[str, _Readings] = {}

    def readings(self, surface: str) -> _Readings:
        """What a name may mean (remembered: the same names recur from one article to the next)."""
        found = self._readings.get(surface)
        if found is None:
            found = _readings([_as_written(candidate) for candidate in self.gazetteer.candidates(surface)])
            if len(self._readings) < 100_000:
                self._readings[surface] = found
        return found

    def raw_matches(self, text: str) -> list[tuple[int, int, str, bool]]:
        """Word-bounded, non-overlapping matches: (start, end, surface, is a known non-place)."""
        prepared = _title_case_datelines(text)
        normalised = normalise(prepared)
        length = len(normalised)
        gazetteer = self.gazetteer
        chosen: list[tuple[int, int, str, bool]] = []
        resume_at = 0
        for start in _capitalised_word_starts(normalised):
            if start < resume_at:
                continue
            word_end = normalised.find(" ", start)
            if word_end < 0:
                word_end = length
            first_word = normalised[start : min(word_end, start + _LONGEST_NAME)]  # as far as the fragment reaches
            blockers = self._blockers.get(first_word)
            # A word-bounded name is the whole first word or starts with it and a space; when no key
            # starts with the word and a space, the word is the only one to look up.
            is_a_name, starts_longer_names = gazetteer.name_starts(first_word)
            # The text a name starting here may hold: cut only when a key may run past the word.
            fragment = normalised[start : start + _LONGEST_NAME] if blockers is not None or starts_longer_names else ""
            best: tuple[int, str, bool] | None = None
            if blockers is not None:
                found = keys_at_spaces(fragment, first_word, first_word in blockers[0], blockers)
                for key in reversed(found):  # longest first
                    end = start + len(key)
                    if end == length or normalised[end] == " ":
                        best = (end, prepared[start:end], True)
                        break
            keys = (
                gazetteer.names_starting(fragment, first_word, is_a_name)
                if starts_longer_names
                else [first_word]
                if is_a_name
                else []
            )
            for key in reversed(keys):
                end = start + len(key)
                if best is not None and end <= best[0]:
                    break
                if end == length or normalised[end] == " ":
                    forms = [form for form, _row, _type in gazetteer.surfaces(key)]
                    surface = _matching_surface(prepared[start:end], forms)
                    if surface is not None:
                        best = (end, surface, False)
                        break
            if best is not None:
                chosen.append((start, best[0], best[1], best[2]))
                resume_at = best[0]
        return chosen


def _capitalised_word_starts(normalised: str) -> list[int]:
    """Where the words of a normalised text (every non-word character a space) start with a capital letter.

    One byte-table pass maps the ASCII capitals to "A", spaces to themselves, every other character than
    ASCII's (one "?" each, so offsets hold) to "U" and all else to "a"; then each "A" after a space is found
    with `str.find`, about 70 an article where reading its ~360 words one by one took four times as long, and
    each such "U" is asked `isupper` ("Şuşa", "Émile"). No "?" of the text is left to be confused with them:
    normalising made every mark a space."""
    marks = _translate(normalised.encode("ascii", "replace"), _CAPITALS_TO_A).decode("ascii")
    starts = _word_starts_marked(marks, "A")
    if "U" in marks:
        starts = sorted(starts + [at for at in _word_starts_marked(marks, "U") if normalised[at].isupper()])
    return starts


def _word_starts_marked(marks: str, mark: str) -> list[int]:
    """Where a word of `marks` starts with `mark`: at the start, or after a space. The mark alone is looked
    for (a one-character `find` is a `memchr`), and the few inside a word ("McDonald") passed over."""
    starts: list[int] = []
    at = marks.find(mark)
    while at >= 0:
        if at == 0 or marks[at - 1] == " ":
            starts.append(at)
        at = marks.find(mark, at + 1)
    return starts


_CAPITALS_TO_A: Final = bytes(
    ord("A") if 65 <= code <= 90 else ord(" ") if code == 32 else ord("U") if code == ord("?") else ord("a")
    for code in range(256)
)
_translate: Final = bytes.translate  # CPython's own (see datelines/geo/gazetteer.py)


def _as_written(candidate: Candidate) -> Candidate:
    """The primary name without its accents ("Bogota", "Sao Paulo") is the primary name, not an alias."""
    entry, name_type, form = candidate
    if name_type == _ALTERNATE_NAME and _unaccented(form) == _unaccented(entry.name):
        return entry, _PRIMARY_NAME, form
    return candidate


def _unaccented(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


_LONGEST_NAME: Final = 64
_ASCII_LOWER: Final = frozenset("abcdefghijklmnopqrstuvwxyz")


def _matching_surface(span: str, surfaces: list[str]) -> str | None:
    for surface in surfaces:
        if span == surface:
            return surface
    for surface in surfaces:
        # Same letters, punctuation differs ("U.S" at a sentence end, "Guinea Bissau").
        # A mark at the end must be the name's own: "Kidal," is not "Kidal'" (a Russian spelling).
        if (
            normalise(span) == normalise(surface)
            and span[:1] == surface[:1]
            and (span[-1:] == surface[-1:] or (span[-1:].isalnum() and surface[-1:].isalnum()))
        ):
            return surface
    return None


def _title_case_datelines(text: str) -> str:
    """Title-case ALL-CAPS datelines and headline lines so "KHARTOUM, Sudan" matches Khartoum (and a
    wire dateline after a byline on its line: "The Associated Press. WASHINGTON (AP) —").

    Both patterns start a line, so they are tried at line starts only (a `sub` tries every character)."""
    # The lines either pattern may match, by what they need in a line's first two characters, checked before
    # a regex call (a call is dear): no lower-case letter ("The …", "In …"), no empty line; and whether the line
    # opens with the two capitals a dateline needs. Titling keeps lengths, so the lines stay where they are.
    candidates: list[tuple[int, bool]] = []
    line_start = 0
    while line_start >= 0:
        first, second = text[line_start : line_start + 1], text[line_start + 1 : line_start + 2]
        if not (first in _NO_LINE or second in _ASCII_LOWER or first in _ASCII_LOWER):
            candidates.append((line_start, "A" <= first <= "Z" and second in _CAPS_RUN))
        newline = text.find("\n", line_start)
        line_start = newline + 1 if newline >= 0 else -1
    for pattern in (_DATELINE, _UPPER_LINE):
        pieces: list[str] = []
        done = 0
        for line_start, may_open_a_dateline in candidates:
            if line_start < done:
                continue  # inside the last match, as `sub` would skip it
            if pattern is _DATELINE and not may_open_a_dateline:
                continue
            match = pattern.match(text, line_start)
            if match is None or match.end() == match.start():
                continue
            pieces += [text[done : match.start()], _titled(match)]
            done = match.end()
        if pieces:  # titling keeps lengths, so the line starts stay where they were
            text = "".join(pieces) + text[done:]
    if _HAS_WIRE_CREDIT.search(text):  # rare, and the credit is a literal: checked before the dear pattern
        text = _WIRE_DATELINE.sub(_titled, text)
    return text


def _titled(match: re.Match[str]) -> str:
    """A match title-cased, unless that changes its length (titling must keep every position)."""
    value = match.group(0)
    titled = value.title()
    return titled if len(titled) == len(value) else value


_NO_LINE: Final = frozenset(["", "\n"])  # the end of the text, an empty line
_CAPS_RUN: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ.'’-")  # what `_CAPS_WORDS` allows after its capital


def _read_not_places() -> list[str]:
    lines = NOT_PLACES_PATH.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def default_matcher() -> ToponymMatcher:
    return ToponymMatcher(load(), _read_not_places())


# --- filters -------------------------------------------------------------------------------


def _previous_word(text: str, start: int) -> tuple[str, str]:
    """The word before `start` and the characters between it and `start` (within 40 characters).

    A backward scan: a `$`-anchored regex would try every position of the window."""
    floor = max(0, start - 40)
    word_end = start
    while word_end > floor and text[word_end - 1].isspace():
        word_end -= 1
    word_start = word_end
    while word_start > floor and (text[word_start - 1].isalnum() or text[word_start - 1] in _WORD_PUNCTUATION):
        word_start -= 1
    if word_start == word_end:
        return "", ""
    return text[word_start:word_end], text[word_end:start]


_WORD_PUNCTUATION: Final = frozenset("_’'.-")


def _next_word(text: str, end: int) -> tuple[str, str]:
    """The word after `end` and the white space before it (within 40 characters), as `_previous_word`
    reads the one before: what the regex `(\\s*)([\\w’'-]+)` matches there, without a regex call."""
    limit = min(len(text), end + 40)
    word_start = end
    while word_start < limit and text[word_start].isspace():
        word_start += 1
    word_end = word_start
    while word_end < limit and (text[word_end].isalnum() or text[word_end] in _NEXT_WORD_PUNCTUATION):
        word_end += 1
    if word_end == word_start:
        return "", ""
    return text[word_start:word_end], text[end:word_start]


_NEXT_WORD_PUNCTUATION: Final = frozenset("_’'-")


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"“'‘(")
    return not before or before[-1] in _SENTENCE_END


def _is_capitalised(word: str) -> bool:
    return bool(word) and is_capital_at(word, 0)


# Capitalised only because they start a sentence ("A Nenagh councillor", "In Lima").
_FUNCTION_WORDS: Final = frozenset(
    "a an the in at on from to of for by with as and but or this that these those its his her their our "
    "after before during when while since until if".split()
)
# Lower-case particles inside surnames ("Mike de Kock", "Ursula von der Leyen").
_NAME_PARTICLES: Final = frozenset("de van von der den da di del della du dos das bin ibn al el la le".split())
# "Ministry of Commerce", "Chamber of Commerce", "Bank of Jordan": an institution, not the place.
_INSTITUTION_HEADS: Final = frozenset(
    "Ministry Minister Department Secretary Chamber Bank Institute Museum Council Court Board Office Bureau "
    "Commission Committee Federation Association Society Academy School College Church Order House".split()
)


def _could_be_part_of_a_name(word: str) -> bool:
    """A word that may stand in a name before a place's ("Megyn Kelly", "George W. Bush"), unlike
    "North Darfur", a road number ("the A429 Cirencester junction") or a possessive ("Russia's Kursk")."""
    return (
        _is_capitalised(word)
        and word not in PLACE_MODIFIERS
        and not any(character.isdigit() for character in word)
        and not word.endswith(("'s", "’s"))
        and not (word.endswith(".") and not is_abbreviation(word[:-1]))  # "…on Sunday. Bangladesh said"
    )


class _Name:
    """A name the matcher found that is not a known non-place, and what its neighbourhood in the text says."""

    def __init__(self, start: int, end: int, surface: str, before: tuple[str, str]) -> None:
        self.start = start
        self.end = end
        self.surface = surface
        self.before = before  # the previous word and the gap to it (`_previous_word`)
        self.inside = False  # inside another name (`_inside_another_name`)


def _person_surnames(text: str, names: list[_Name]) -> frozenset[str]:
    """Single-word names that the article also uses as a person's surname ("Megyn Kelly", "Mike de Kock")."""
    surnames = set()
    for name in names:
        surface, start = name.surface, name.start
        if " " in surface:
            continue
        previous, gap = name.before
        if gap == " " and previous in _NAME_PARTICLES:
            previous, gap = _previous_word(text, start - len(previous) - 1)
        if gap == " " and _could_be_part_of_a_name(previous) and previous.lower() not in _FUNCTION_WORDS:
            surnames.add(surface)
    return frozenset(surnames)


def _names_an_institution_or_firm(text: str, start: int, end: int, previous: str = "", following: str = "") -> bool:
    """ "Ministry of Commerce", "Johnson & Johnson": the name is part of an organisation's. `previous` and
    `following` are the words before and after the name (`_previous_word`, `_next_word`): most names are
    settled by them, without slicing the text around the name."""
    if previous and following and not previous.endswith("of"):
        return False  # only white space parts the name from a word on either side: no "&", and no "of" before
    before = text[max(0, start - 40) : start]
    if before.endswith(("& ", "&")) or text[end : end + 3].lstrip(" ").startswith("&"):
        return True
    if not before.rstrip().endswith("of"):
        return False
    words = before.split()
    return len(words) >= 2 and words[-1] == "of" and words[-2] in _INSTITUTION_HEADS


def _inside_another_name(text: str, start: int, end: int, before: tuple[str, str]) -> bool:
    """Whether the name stands inside a longer one: a person's ("Megyn Kelly"), a title's ("Dallas
    Mavericks"), an institution's or a firm's. `before` is the previous word and the gap to it."""
    previous, gap = before
    following, after_gap = _next_word(text, end)
    preceded_by_name = (
        gap == " " and _could_be_part_of_a_name(previous) and not _is_sentence_start(text, start - len(previous) - 1)
    )
    followed_by_name = after_gap == " " and _is_capitalised(following) and following not in PLACE_NOUNS
    return preceded_by_name or followed_by_name or _names_an_institution_or_firm(text, start, end, previous, following)


def _role(name_type: NameType, strong: bool, inside_another_name: bool) -> MentionRole | None:
    """How the mention is used, or None when it is not a place mention at all."""
    if name_type == _DEMONYM_NAME:
        return _DEMONYM_ROLE
    if inside_another_name:
        return _EMBEDDED_ROLE if strong else None
    return _PLACE_ROLE


# --- disambiguation ------------------------------------------------------------------------

_KIND_WEIGHT: Final[dict[str, float]] = {
    PlaceKind.CONTINENT: 9.0,
    PlaceKind.COUNTRY: 9.0,
    PlaceKind.REGION: 3.0,
    PlaceKind.COUNTY: 1.5,
    PlaceKind.SETTLEMENT: 0.0,
    PlaceKind.ROUTE: 8.0,
    PlaceKind.WATER: 7.0,
    PlaceKind.CROSSING: 8.0,
    PlaceKind.LANDMARK: 6.0,
}


def _base_score(entry: GazetteerEntry, name_type: NameType) -> float:
    key = (entry.id, name_type)
    score = _BASE_SCORES.get(key)
    if score is None:
        score = _KIND_WEIGHT.get(entry.kind, 0.0) + math.log10(entry.population + 10)
        if name_type == _PRIMARY_NAME:
            score += 1.5
        elif name_type == _ALTERNATE_NAME and entry.kind == _SETTLEMENT and entry.population < 100_000:
            score -= 1.0
        if entry.source == "manual":
            score += 1.0
        _BASE_SCORES[key] = score
    return score


# A reading's score before context, per (place, name type): the same names recur across a corpus.
_BASE_SCORES: Final[dict[tuple[str, NameType], float]] = {}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres.

    Written with what mypyc compiles to C calls: `x * _RADIANS_PER_DEGREE` is what `math.radians(x)` computes
    and `math.pow(x, 2.0)` what `x ** 2` does (both call C's `pow`), so the figures are the same to the bit."""
    half_lat = (lat2 - lat1) * _RADIANS_PER_DEGREE / 2
    half_lon = (lon2 - lon1) * _RADIANS_PER_DEGREE / 2
    chord = math.pow(math.sin(half_lat), 2.0) + math.cos(lat1 * _RADIANS_PER_DEGREE) * math.cos(
        lat2 * _RADIANS_PER_DEGREE
    ) * math.pow(math.sin(half_lon), 2.0)
    return 6371.0 * 2 * _asin(min(1.0, math.sqrt(chord)))


_RADIANS_PER_DEGREE: Final = math.pi / 180.0
_asin: Final = math.asin


METROPOLIS: Final = 1_000_000
_REGION_NOUN_AFTER: Final = re.compile(r" (?:region|province|oblast|governorate|state|district|county)s?\b")
_REGION_NOUN_OPENINGS: Final = frozenset(["reg", "pro", "obl", "gov", "sta", "dis", "cou"])


def _region_noun_after(text: str, end: int) -> bool:
    """Whether a region noun follows ("the Kursk region"). Most names are followed by anything but a space
    and the first three letters of one of the nouns, which settles them without the regex: a regex call costs
    about 1,000 instructions even when it fails at once (the engine allocates its stack at every call)."""
    return (
        text[end : end + 1] == " "  # a slice, not `startswith(" ", end)`: mypyc calls that one generically
        and text[end + 1 : end + 4] in _REGION_NOUN_OPENINGS
        and _REGION_NOUN_AFTER.match(text, end) is not None
    )


_LAWMAKER_OF: Final = re.compile(
    r"\b(?:Sen\.|Rep\.|Gov\.|Senator|Representative|Governor|Congressman|Congresswoman)"
    r"(?: [A-Z][\w.'’-]*){1,4},? (?:[A-Z]-)?of $"
)
_LAWMAKER_TITLE_PARTS: Final = ("Sen", "Rep", "Gov", "Congress")  # one is in each title `_LAWMAKER_OF` knows


def _follows_a_lawmaker(text: str, start: int) -> bool:
    """ "Sen. Chuck Schumer of New York": `_LAWMAKER_OF` ends at the name. It is searched for only when part
    of a title stands in the 60 characters before: most names follow none, and the search tries every one."""
    window_start = max(0, start - 60)
    window = text[window_start:start]
    return any(part in window for part in _LAWMAKER_TITLE_PARTS) and (
        _LAWMAKER_OF.search(text, window_start, start) is not None
    )


_CELL_DEGREES: Final = 3.0  # ~330 km: "near the article's other places"


def _cell(entry: GazetteerEntry) -> tuple[int, int]:
    return int(entry.lat // _CELL_DEGREES), int(entry.lon // _CELL_DEGREES)


def _counted(cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """How many times each cell occurs: what `Counter` gives, without its interpreted constructor."""
    counts: dict[tuple[int, int], int] = {}
    for cell in cells:
        counts[cell] = counts.get(cell, 0) + 1
    return counts


def _around(cells: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The given grid cells and their eight neighbours."""
    around: set[tuple[int, int]] = set()
    for row, column in cells:
        for neighbour_row in range(row - 1, row + 2):  # ranges the compiled build runs as native loops
            for neighbour_column in range(column - 1, column + 2):
                around.add((neighbour_row, neighbour_column))
    return around


class _Neighbourhood:
    """Where the article's places lie, to ask whether another of them is near a reading."""

    def __init__(
        self,
        cells: dict[tuple[int, int], int],
        regions: frozenset[tuple[str, str]] = frozenset(),
        countries: frozenset[str] = frozenset(),
    ) -> None:
        self.cells = cells
        self.regions = regions  # (country, name) of the regions the article names: "Iowa" in "DES MOINES, Iowa"
        self.countries = countries  # where the article's towns and regions are: "Congo" beside Goma is the DRC
        self.near_one = _around(cells)

    def near(self, entry: GazetteerEntry, own: GazetteerEntry | None) -> bool:
        """Whether another of the article's places lies in this entry's grid cell or a neighbouring one
        (the reading the first pass chose, `own`, does not count)."""
        return self.nearness(entry, own) > 0

    def nearness(self, entry: GazetteerEntry, own: GazetteerEntry | None) -> int:
        """How many of the article's other places (up to _NEAR_COUNTED) lie in this entry's grid cell or a
        neighbouring one; the reading the first pass chose, `own`, does not count."""
        return self.nearness_at(_cell(entry), _cell(own) if own is not None else None)

    def nearness_at(self, cell: tuple[int, int], own_cell: tuple[int, int] | None) -> int:
        """`nearness` of a reading in `cell`, when the first pass chose a reading in `own_cell`."""
        if cell not in self.near_one:
            return 0
        row, column = cell
        count = 0
        for neighbour_row in range(row - 1, row + 2):  # plain loops over ranges: native loops when compiled
            for neighbour_column in range(column - 1, column + 2):
                neighbour = (neighbour_row, neighbour_column)
                count += self.cells.get(neighbour, 0) - (1 if neighbour == own_cell else 0)
                if count >= _NEAR_COUNTED:
                    return _NEAR_COUNTED
        return count


Candidate = tuple[GazetteerEntry, NameType, str]


class _Reading:
    """One reading of a name, with what ranking it in any article takes worked out once (see `_ranked`)."""

    def __init__(self, entry: GazetteerEntry, name_type: NameType, penalised: bool) -> None:
        self.entry = entry
        self.name_type = name_type
        self.base = _base_score(entry, name_type)
        self.penalised = penalised  # a region that news means as its city (see `_readings`)
        self.country_code = entry.country_code
        self.in_a_country = bool(entry.country_code) and entry.kind != _COUNTRY  # gains when its country is named
        self.is_country = entry.kind == _COUNTRY
        self.is_local = entry.kind in (_SETTLEMENT, _COUNTY, _REGION)  # gains from places nearby
        self.cell = _cell(entry)
        self.region: tuple[str, str] | None = (entry.country_code, entry.admin) if entry.admin else None


@dataclass(frozen=True, slots=True)
class _Readings:
    """What a name may mean, prepared once per name (the matcher keeps it) for both disambiguation passes."""

    candidates: list[Candidate]  # every entry carrying the name
    countries: frozenset[str]  # the countries among the readings: naming one puts it in the article
    ranked: list[_Reading]  # context only reorders plausible readings: the 40 best by size and kind
    countries_that_help: frozenset[str]  # naming one of these changes a reading's score
    best_anywhere: tuple[GazetteerEntry, NameType, float]  # `_ranked` when none of those is named, nor a neighbourhood


def _readings(candidates: list[Candidate]) -> _Readings:
    countries = frozenset(
        entry.country_code for entry, _t, _s in candidates if entry.kind == _COUNTRY and entry.country_code
    )
    shortlist = (
        candidates
        if len(candidates) <= 1
        else sorted(candidates, key=lambda candidate: _base_score(candidate[0], candidate[1]), reverse=True)[:40]
    )
    towns = [entry for entry, _t, _s in candidates if entry.kind == _SETTLEMENT]
    cities = frozenset((entry.country_code, entry.name) for entry in towns if entry.population >= 50_000)
    metropolises = frozenset(entry.country_code for entry in towns if entry.population >= METROPOLIS)
    largest_town = max((entry.population for entry in towns), default=0)
    # A region named after its big city ("Lima", "Moscow") is the city in news prose; so is a region that
    # shares a name with a city of millions ("New York" for New York City), and a region with a tenth of the
    # people of a town of its name ("Gaza": not Mozambique's province).
    ranked = [
        _Reading(
            entry,
            name_type,
            entry.kind == _REGION
            and (
                (entry.country_code, entry.name) in cities
                or entry.country_code in metropolises
                or 10 * entry.population < largest_town
            ),
        )
        for entry, name_type, _surface in shortlist
    ]
    best_anywhere = (
        _best_of(ranked, frozenset(), None, None)
        if len(shortlist) > 1
        else (shortlist[0][0], shortlist[0][1], math.inf)
    )
    return _Readings(
        candidates,
        countries,
        ranked,
        frozenset(reading.country_code for reading in ranked if reading.in_a_country),
        best_anywhere,
    )


_NEAR_BONUS: Final = 1.0  # what each of the article's other places nearby adds to a reading's score
_IN_A_NAMED_COUNTRY: Final = 2.0  # a place of a country the article names; a country where its towns are
_IN_A_NAMED_REGION: Final = 1.0  # a town or county of a region the article names ("Greenfield" in a report from Iowa)
# Nearby places count up to two: "Greenfield" beside Des Moines and Iowa is the Iowa town, not the bigger one
# in Massachusetts.
_NEAR_COUNTED: Final = 2


def _choose(
    readings: _Readings,
    countries: set[str],
    neighbourhood: _Neighbourhood | None = None,
    own: GazetteerEntry | None = None,
) -> tuple[GazetteerEntry, NameType]:
    entry, name_type, _lead = _ranked(readings, countries, neighbourhood, own)
    return entry, name_type


# The most the second pass can add to a reading (a town's nearness and region; a country's towns).
_SECOND_PASS_REACH: Final = max(_NEAR_BONUS * _NEAR_COUNTED + _IN_A_NAMED_REGION, _IN_A_NAMED_COUNTRY)


def _ranked(
    readings: _Readings,
    countries: set[str],
    neighbourhood: _Neighbourhood | None = None,
    own: GazetteerEntry | None = None,
) -> tuple[GazetteerEntry, NameType, float]:
    """The best reading, and its lead over the runner-up (a lead above _SECOND_PASS_REACH survives any context)."""
    if len(readings.ranked) == 1 or (neighbourhood is None and readings.countries_that_help.isdisjoint(countries)):
        return readings.best_anywhere  # no reading gains from the context, or none has a rival
    return _best_of(readings.ranked, countries, neighbourhood, own)


def _best_of(
    ranked: list[_Reading],
    countries: AbstractSet[str],
    neighbourhood: _Neighbourhood | None,
    own: GazetteerEntry | None,
) -> tuple[GazetteerEntry, NameType, float]:
    """`_ranked` over readings as they stand: each one's score in this context, the first best winning."""
    own_cell = _cell(own) if own is not None else None
    best = ranked[0]
    best_score = runner_up = -math.inf
    for reading in ranked:
        value = reading.base
        if reading.in_a_country and reading.country_code in countries:
            value += _IN_A_NAMED_COUNTRY
        if neighbourhood is not None and reading.is_country and reading.country_code in neighbourhood.countries:
            value += _IN_A_NAMED_COUNTRY
        if neighbourhood is not None and reading.is_local:
            value += _NEAR_BONUS * neighbourhood.nearness_at(reading.cell, own_cell)
            region = reading.region
            if region is not None and region in neighbourhood.regions:
                value += _IN_A_NAMED_REGION
        if reading.penalised:
            value -= 6.0
        if value > best_score:
            best, best_score, runner_up = reading, value, best_score
        elif value > runner_up:
            runner_up = value
    return best.entry, best.name_type, best_score - runner_up


def best_reading(candidates: list[Candidate]) -> tuple[GazetteerEntry, NameType]:
    """Of some readings of a name, the one kind and size prefer when nothing else is known."""
    entry, name_type, _lead = _readings(candidates).best_anywhere
    return entry, name_type


def _is_far_fetched(entry: GazetteerEntry, name_type: NameType, countries: set[str]) -> bool:
    """A small town's alternate name, in a country the article never names ("Nera" -> Ust-Nera)."""
    return (
        name_type == _ALTERNATE_NAME
        and entry.kind == _SETTLEMENT
        and entry.population < 100_000
        and entry.country_code not in countries
    )


def _another_spelling(surface: str, name: str) -> bool:
    """ "Kupiansk" for "Kupyansk", "Jenin" for "Janīn": a transliteration, not an unrelated alias ("James" for Gray)."""
    return difflib.SequenceMatcher(None, _unaccented(surface), _unaccented(name)).ratio() >= 0.8


def find_toponyms(text: str, matcher: ToponymMatcher | None = None) -> list[ToponymMention]:
    """Every place mention in `text`, resolved to one gazetteer entry per surface form."""
    return find_names(text, matcher)[0]


def _only_a_common_word(text: str, start: int, surface: str, previous: str, common_words: frozenset[str]) -> bool:
    """A common word ("More", "Bath") not after "in/at/near…", or capitalised only by starting a sentence."""
    return surface.lower() in common_words and (
        previous.lower() not in LOCATIVE_WORDS or _is_sentence_start(text, start)
    )


_STRANDED_KM: Final = 2000.0
_LONE_TOWN: Final = 100_000  # a town this small, the only place of its name, may still be stranded
_STRANDED_AFTER: Final = 3  # other places the article must name before a lone far town is doubted


def _opens_a_line(text: str, start: int) -> bool:
    """A dateline ("WASHINGTON — …"): where the reporter filed from needs no other place near it."""
    # Read back from the name to the line break: searching for the break, then slicing, cost the length
    # of the line for each name, and a megabyte article of one line took minutes.
    at = start - 1
    while at >= 0 and text[at] != "\n":
        if not text[at].isspace():
            return False
        at -= 1
    return True


def _dateline_mark_after(text: str, end: int) -> bool:
    """What follows a dateline's place ("GOMA, Congo —", "Lima (AP) -", "KYIV —"), not a name's next word
    ("Lincolnshire County Council")."""
    return text[end : end + 1] in (",", "—", "–") or text[end : end + 2] in (" —", " –", " (", " -")


# Words that put what follows at a place, never a person ("in Mumias"; "from Kelly" may be a letter).
_PUT_THERE_WORDS: Final = frozenset("in at near outside inside around towards toward across through within".split())


def _put_there(text: str, name: _Name) -> bool:
    """Whether the word before a name puts something at it, and no possessive follows ("in Kelly's view")."""
    return (
        name.before[0].lower() in _PUT_THERE_WORDS  # "in Mumias", "In Mumias, a mob…"
        and name.before[1] == " "
        and text[name.end : name.end + 1] not in ("'", "’")
    )


def _stranded(entry: GazetteerEntry, surface: str, countries: set[str], located: dict[str, GazetteerEntry]) -> bool:
    """A town in a country the article never names, thousands of kilometres from each of its (several)
    other towns and regions, none of them in its country: "the seaside town of Mati" in a report from
    Greece is not Mati in the Philippines. A city of millions is kept: news names them from anywhere."""
    if entry.kind != _SETTLEMENT or entry.population >= METROPOLIS or entry.source == "manual":
        return False
    if entry.country_code in countries:
        return False
    elsewhere = [other for name, other in located.items() if name != surface]
    return len(elsewhere) >= _STRANDED_AFTER and all(
        other.country_code != entry.country_code
        and distance_km(entry.lat, entry.lon, other.lat, other.lon) > _STRANDED_KM
        for other in elsewhere
    )


def find_names(
    text: str, matcher: ToponymMatcher | None = None
) -> tuple[list[ToponymMention], list[tuple[int, int, str]]]:
    """Place mentions, and the known non-place names (organisations, titles) found on the way."""
    matcher = matcher or default_matcher()
    gazetteer = matcher.gazetteer
    spans = matcher.raw_matches(text)
    names = [
        _Name(start, end, surface, _previous_word(text, start)) for start, end, surface, blocked in spans if not blocked
    ]
    surnames = _person_surnames(text, names)
    readings: dict[str, _Readings] = {}
    for name in names:
        name.inside = _inside_another_name(text, name.start, name.end, name.before)
        if name.surface not in readings:
            readings[name.surface] = matcher.readings(name.surface)

    # Pass 1: countries the article names, and places that are unambiguous or clearly dominant.
    countries: set[str] = set()
    for reading in readings.values():
        countries |= reading.countries
    first_pass = {surface: _ranked(reading, countries) for surface, reading in readings.items()}
    # Only names that read as places somewhere say where the article is: "Cole Palmer" and
    # "Gareth Southgate" would otherwise pull "Windsor" to the towns of Palmer and Southgate.
    # Nor do common words that only start a sentence: "More than 700 firefighters" is not Morez, France.
    placed = {
        name.surface
        for name in names
        if first_pass[name.surface][0].is_major
        or (
            name.surface not in surnames
            and not _only_a_common_word(text, name.start, name.surface, name.before[0], gazetteer.common_words)
            and _role(first_pass[name.surface][1], False, name.inside) == _PLACE_ROLE
        )
    }
    # The first-pass readings that say where the article is (a country is too large to).
    located = {
        surface: entry
        for surface, (entry, _type, _lead) in first_pass.items()
        if surface in placed and entry.kind not in (_CONTINENT, _COUNTRY)
    }
    neighbourhood = _Neighbourhood(
        _counted(_cell(entry) for entry in located.values()),
        frozenset((entry.country_code, entry.name) for entry in located.values() if entry.kind == _REGION),
        frozenset(entry.country_code for entry in located.values() if entry.kind in (_SETTLEMENT, _REGION, _COUNTY)),
    )
    # The countries of the big places the article names: a town's other spelling is no stretch
    # there ("Kupiansk" in a report from Kharkiv that never writes "Ukraine").
    context_countries = {
        entry.country_code
        for surface, (entry, _type, _lead) in first_pass.items()
        if surface in placed and entry.is_major and entry.country_code
    }
    # Pass 2: nearness to the article's other places breaks the remaining ties (a clear lead stands).
    resolved = {
        surface: (
            first_pass[surface][:2]
            if first_pass[surface][2] > _SECOND_PASS_REACH
            else _choose(reading, countries, neighbourhood, located.get(surface))
        )
        for surface, reading in readings.items()
    }

    # Where the article is, as the second pass reads its places: "Boston" beside Kirton and Skegness is the
    # English town, so "Lincolnshire" (only a village in Illinois in the gazetteer) is stranded there.
    settled = {
        surface: resolved[surface][0]
        for surface in located
        if not _is_far_fetched(resolved[surface][0], resolved[surface][1], countries)  # "Farmers" for Milan, Ohio
    }
    mentions = []
    non_places = [(start, end, surface) for start, end, surface, blocked in spans if blocked]
    for name in names:
        start, end, surface = name.start, name.end, name.surface
        entry, name_type = resolved[surface]
        # "the Kursk region", "Lagos state", "Sen. Chuck Schumer of New York": the region, not the city.
        if _region_noun_after(text, end) or (
            # "of " read a character at a time: most names follow a space, few an "f" before it
            start >= 3
            and text[start - 1] == " "
            and text[start - 2] == "f"
            and text[start - 3] == "o"
            and _follows_a_lawmaker(text, start)
        ):
            regional = [c for c in readings[surface].candidates if c[0].kind in (_REGION, _COUNTY)]
            if regional:
                entry, name_type = _choose(_readings(regional), countries, neighbourhood, located.get(surface))
        strong = entry.is_major
        if _is_far_fetched(entry, name_type, countries) and not (
            entry.country_code in context_countries
            and neighbourhood.near(entry, located.get(surface))
            and _another_spelling(surface, entry.name)
        ):
            continue
        # A name with one reading is trusted unless that reading is a small town: "Lincolnshire" in a report
        # from England is not the Illinois village of that name, nor "Ekero" in Kenya Sweden's Ekerö.
        if (
            (len(readings[surface].candidates) > 1 or entry.population < _LONE_TOWN)
            and not (_opens_a_line(text, start) and _dateline_mark_after(text, end))
            and _stranded(entry, surface, countries, settled)
        ):
            continue
        # A surname elsewhere in the article ("Mr Mumias") is still a place after "in" ("lynched in Mumias").
        if not strong and surface in surnames and not _put_there(text, name):
            continue
        if not strong and _only_a_common_word(text, start, surface, name.before[0], gazetteer.common_words):
            continue
        role = _role(name_type, strong, name.inside)
        if role is None:
            continue
        mentions.append(ToponymMention(start, end, text[start:end], entry, name_type, role))
    return mentions, non_places
