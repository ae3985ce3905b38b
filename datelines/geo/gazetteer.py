"""The embedded gazetteer: GeoNames towns, countries, regions and hand-checked areas.

Loaded once per process from `data/gazetteer.tsv.gz`; entries are materialised lazily
so that a 170k-row table costs little memory until a name is looked up.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Final

import marisa_trie

from datelines.paths import CACHE_DIR, DATA_DIR

logger = logging.getLogger(__name__)

GAZETTEER_PATH: Final = DATA_DIR / "gazetteer.tsv.gz"
COMMON_WORDS_PATH: Final = DATA_DIR / "common_words.txt"
NAME_SEPARATOR: Final = "|"
COLUMNS: Final = [
    "id",
    "name",
    "kind",
    "lat",
    "lon",
    "country_code",
    "population",
    "geo_precision",
    "source",
    "names",
    "demonyms",
    "geometry",
    "admin",
]


class PlaceKind(StrEnum):
    COUNTRY = "country"
    CONTINENT = "continent"
    REGION = "region"
    COUNTY = "county"
    SETTLEMENT = "settlement"
    ROUTE = "route"
    WATER = "water"
    CROSSING = "crossing"
    LANDMARK = "landmark"


class NameType(StrEnum):
    PRIMARY = "primary"
    ALTERNATE = "alternate"
    DEMONYM = "demonym"


# Enum members used in the hot paths, looked up once: on Python 3.11 `PlaceKind.X` goes through
# EnumType.__getattr__ (about 40 ns) at every use, where a Final is a C global in the compiled build.
_ALTERNATE_NAME: Final = NameType.ALTERNATE
_DEMONYM_NAME: Final = NameType.DEMONYM
_PRIMARY_NAME: Final = NameType.PRIMARY
_COUNTY: Final = PlaceKind.COUNTY
_REGION: Final = PlaceKind.REGION
_SETTLEMENT: Final = PlaceKind.SETTLEMENT
_LOCAL_KINDS: Final = frozenset([_SETTLEMENT, _REGION, _COUNTY])  # one hashed lookup, not three comparisons


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place of the gazetteer, as stored."""

    id: str
    name: str
    kind: str
    lat: float  # degrees, at most five decimals (about a metre), as the gazetteer file writes them
    lon: float
    country_code: str
    population: int
    geo_precision: int
    source: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    geometry: dict | None = field(default=None, compare=False)
    admin: str = ""
    placed_from_text: bool = False  # a site or offset the article locates itself, not a gazetteer row

    @property
    def is_major(self) -> bool:
        """Countries, continents, hand-checked areas, sizeable regions and cities: rarely false alarms."""
        return self.population >= 100_000 or self.kind not in _LOCAL_KINDS or self.source == "manual"


_NON_WORDS: Final = re.compile(r"\W+")


def text_placed_entry(
    id_prefix: str,
    name: str,
    kind: str,
    point: tuple[float, float],
    reference: GazetteerEntry,
    geo_precision: int,
    source: str,
    names: tuple[str, ...],
) -> GazetteerEntry:
    """An entry for a place the article locates relative to a known one ("the Zamzam camp",
    "15 km south of Kharkiv"): it takes the reference's country, and its id the name's slug. Its point
    is rounded to five decimals, as every entry's is."""
    slug = _NON_WORDS.sub("-", name.lower()).strip("-")
    return GazetteerEntry(
        id=f"{id_prefix}{reference.country_code or 'xx'}:{slug}",
        name=name,
        kind=kind,
        lat=round(point[0], 5),
        lon=round(point[1], 5),
        country_code=reference.country_code,
        population=0,
        geo_precision=geo_precision,
        source=source,
        names=names,
        placed_from_text=True,
    )


class Gazetteer:
    """Gazetteer rows plus a compact name index (a marisa trie: fast to load, small in memory).

    Index keys are surface forms with punctuation turned into spaces ("U S ", "Nagorno Karabakh");
    each value records the exact surface form, the row and how the row carries the name.
    """

    def __init__(
        self, lines: list[str], names: marisa_trie.Trie, records: list[str], common_words: frozenset[str] = frozenset()
    ) -> None:
        # Tuples, not lists: a tuple of strings drops out of the garbage collector's view at its first
        # pass, where every full collection walked these half a million items again (3% of extraction).
        self._lines: tuple[str, ...] = tuple(lines)
        self._names = names
        self._records: tuple[str, ...] = tuple(records)
        self._entries: dict[int, GazetteerEntry] = {}
        self._row_by_id: dict[str, int] | None = None
        self._surfaces: dict[str, list[tuple[str, int, NameType]]] = {}
        self._starts_names: dict[str, tuple[bool, bool]] = {}
        self._longer_names: dict[str, ListedKeys | None] = {}
        self._listed_keys = 0  # how many keys `_longer_names` holds: it stops growing at _MOST_REMEMBERED
        self.common_words = common_words

    def __len__(self) -> int:
        return len(self._lines)

    def entry(self, row_number: int) -> GazetteerEntry:
        cached = self._entries.get(row_number)
        if cached is None:
            row = self._lines[row_number].split("\t")
            cached = GazetteerEntry(
                id=row[0],
                name=row[1],
                kind=row[2],
                lat=float(row[3]),
                lon=float(row[4]),
                country_code=row[5],
                population=int(row[6] or 0),
                geo_precision=int(row[7] or 1),
                source=row[8],
                names=tuple(name for name in row[9].split(NAME_SEPARATOR) if name),
                demonyms=tuple(name for name in row[10].split(NAME_SEPARATOR) if name),
                geometry=json.loads(row[11]) if row[11] else None,
                admin=row[12],
            )
            self._entries[row_number] = cached
        return cached

    def name_starts(self, word: str) -> tuple[bool, bool]:
        """Whether the word is an index key itself, and whether some key starts with it and a space
        (remembered: the capitalised words of news recur, and most start no name: "The", "He", "President")."""
        known = self._starts_names.get(word)
        if known is None:
            known = (word in self._names, next(self._names.iterkeys(word + " "), None) is not None)
            if len(self._starts_names) < 200_000:
                self._starts_names[word] = known
        return known

    def names_starting(self, fragment: str, first_word: str, is_a_name: bool) -> list[str]:
        """The index keys that `fragment` (normalised text from a word start) begins with and that end where
        a space or the fragment does, shortest first: the names a text may hold from there, given the
        fragment's first word (`is_a_name`: whether it is a key itself), before the text's own word boundary
        is checked.

        For a first word that starts at most a few hundred keys, they are listed once and remembered, and
        the fragment is cut at each of its spaces (as many as the longest key holds) and looked up: a
        trie walk over the whole fragment cost several times as much.
        """
        if first_word in self._longer_names:
            longer = self._longer_names[first_word]
        else:
            keys = list(islice(self._names.iterkeys(first_word + " "), _MOST_LISTED + 1))
            longer = None if len(keys) > _MOST_LISTED else listed_keys(keys)
            if self._listed_keys < _MOST_REMEMBERED:
                self._longer_names[first_word] = longer
                self._listed_keys += 1 + len(keys)
        if longer is None:
            return [key for key in self._names.prefixes(fragment) if fragment[len(key) : len(key) + 1] in ("", " ")]
        return keys_at_spaces(fragment, first_word, is_a_name, longer)

    def surfaces(self, key: str) -> list[tuple[str, int, NameType]]:
        """(surface form, row, name type) for one index key (parsed once, then remembered)."""
        cached = self._surfaces.get(key)
        if cached is not None:
            return cached
        key_id = self._names.get(key)
        result = []
        if key_id is not None:
            for record in self._records[key_id].split(_RECORD):
                surface, row, name_type = record.split(_FIELD)
                result.append((surface, int(row), NameType(name_type)))
        if len(self._surfaces) < 200_000:
            self._surfaces[key] = result
        return result

    def candidates(self, surface: str) -> list[tuple[GazetteerEntry, NameType, str]]:
        """Every entry carrying exactly `surface`, with how it carries it."""
        found = [(self.entry(row), name_type, form) for form, row, name_type in self.surfaces(normalise(surface))]
        exact = [candidate for candidate in found if candidate[2] == surface]
        return exact or found

    def by_id(self, place_id: str) -> GazetteerEntry | None:
        if self._row_by_id is None:
            self._row_by_id = {line.split("\t", 1)[0]: number for number, line in enumerate(self._lines)}
        row_number = self._row_by_id.get(place_id)
        return None if row_number is None else self.entry(row_number)


# Keys that start with one word, and what of them stands before each of their spaces (see `keys_at_spaces`).
ListedKeys = tuple[frozenset[str], frozenset[str]]


def listed_keys(keys: list[str]) -> ListedKeys:
    prefixes = {key[:at] for key in keys for at, character in enumerate(key) if character == " "}
    return frozenset(keys), frozenset(prefixes)


def keys_at_spaces(fragment: str, first_word: str, first_is_a_key: bool, listed: ListedKeys) -> list[str]:
    """Of the `listed` keys, those `fragment` begins with and that end where a space or the fragment does,
    shortest first; `first_word` (the fragment's) counts when `first_is_a_key`. The fragment is cut at each
    of its spaces and looked up: no key can end anywhere else, and none goes on past a cut that no key
    goes on from with a space ("South Africa s president": no key starts with "South Africa s ")."""
    keys, prefixes = listed
    found = [first_word] if first_is_a_key else []
    cut = len(first_word)
    head = first_word
    while head in prefixes:
        cut = fragment.find(" ", cut + 1)
        if cut == -1:
            if fragment in keys:
                found.append(fragment)
            break
        head = fragment[:cut]
        if head in keys:
            found.append(head)
    return found


_MOST_LISTED: Final = 400  # keys a first word may start and still be listed: "The" starts 203, "San" thousands
_MOST_REMEMBERED: Final = 300_000  # keys remembered in all (some 20 MB at most)
_FIELD: Final = "\x1f"
_RECORD: Final = "\x1e"


def normalise(text: str) -> str:
    """Punctuation to spaces, length kept: offsets in the normalised text are offsets in the text.

    A text of ASCII (news with its curly quotes and dashes made spaces is usually one) becomes spaces
    for marks in one byte-table pass. Other texts go through their UTF-8 bytes, where an ASCII byte
    is never part of another character's: the same table, then one `replace` per distinct non-ASCII
    mark. A word character is one the regex `\\w` matches: alphanumeric or "_".
    """
    if not text.isascii():  # a flag CPython keeps: no scan
        for mark in _COMMON_MARKS:
            text = text.replace(mark, " ")  # the same string back when it holds none
        if not text.isascii():
            return _normalise_utf8(text)
    return _translate(text.encode("ascii"), _ASCII_MARKS_TO_SPACES).decode("ascii")


def _normalise_utf8(text: str) -> str:
    try:
        encoded, errors = text.encode("utf-8"), "strict"
    except UnicodeEncodeError:  # a lone surrogate (from JSON, or a file read with "surrogateescape")
        encoded, errors = text.encode("utf-8", "surrogatepass"), "surrogatepass"
    result = _translate(encoded, _ASCII_MARKS_TO_SPACES).decode("utf-8", errors)
    for character in set(_translate(encoded, None, _ASCII_BYTES).decode("utf-8", errors)):
        if not (character.isalnum() or character == "_"):
            result = result.replace(character, " ")
    return result


# The non-ASCII marks of most English news: replacing them often leaves an ASCII text.
_COMMON_MARKS: Final = ("’", "“", "”", "—", "–", "‘", "…", "\u00a0")
_ASCII_BYTES: Final = bytes(range(128))
_ASCII_MARKS_TO_SPACES: Final = bytes(
    code if code >= 128 or chr(code).isalnum() or chr(code) == "_" else ord(" ") for code in range(256)
)
_translate: Final = bytes.translate  # CPython's own: the compiled build's stand-in walks the bytes slower


def _name_records(lines: list[str]) -> Iterator[tuple[str, str]]:
    for row_number, line in enumerate(lines):
        row = line.split("\t")
        primary = row[1]
        for name in row[9].split(NAME_SEPARATOR):
            if name:
                name_type = _PRIMARY_NAME if name == primary else _ALTERNATE_NAME
                yield normalise(name), _FIELD.join((name, str(row_number), name_type))
        for demonym in row[10].split(NAME_SEPARATOR):
            if demonym:
                yield normalise(demonym), _FIELD.join((demonym, str(row_number), _DEMONYM_NAME))


def read_lines(path: Path = GAZETTEER_PATH) -> list[str]:
    """Data lines of the gazetteer file (tab-separated, header checked and dropped)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        if header != COLUMNS:
            raise ValueError(f"{path} has columns {header}, expected {COLUMNS}; rebuild it with `make gazetteer`")
        return handle.read().splitlines()


def _compiled_paths(path: Path) -> tuple[Path, Path, Path]:
    stat = path.stat()
    stem = f"gazetteer-{stat.st_size}-{int(stat.st_mtime)}"
    return CACHE_DIR / f"{stem}.rows", CACHE_DIR / f"{stem}.marisa", CACHE_DIR / f"{stem}.names"


def _compile(path: Path) -> tuple[list[str], marisa_trie.Trie, list[str]]:
    """Read the gazetteer and index its names; keep both in the cache folder for the next start."""
    rows_path, trie_path, records_path = _compiled_paths(path)
    if rows_path.exists() and trie_path.exists() and records_path.exists():
        try:
            lines = rows_path.read_text(encoding="utf-8").split("\n")
            records = records_path.read_text(encoding="utf-8").split("\n")
            trie = marisa_trie.Trie().mmap(str(trie_path))
            if len(records) == len(trie):
                return lines, trie, records
        except (OSError, RuntimeError, UnicodeDecodeError) as error:
            logger.warning("rebuilding the gazetteer cache: %s", error)
    lines = read_lines(path)
    grouped: dict[str, list[str]] = {}
    for key, record in _name_records(lines):
        grouped.setdefault(key, []).append(record)
    trie = marisa_trie.Trie(grouped)
    records = [""] * len(trie)
    for key, values in grouped.items():
        records[trie[key]] = _RECORD.join(values)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        _write_atomically(rows_path, lambda target: target.write_text("\n".join(lines), encoding="utf-8"))
        _write_atomically(records_path, lambda target: target.write_text("\n".join(records), encoding="utf-8"))
        _write_atomically(trie_path, lambda target: trie.save(str(target)))
    except OSError as error:
        logger.info("gazetteer cache not written (%s); the next start rebuilds it", error)
    return lines, trie, records


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    write(temporary)
    temporary.replace(path)


@lru_cache(maxsize=2)
def load(path: Path = GAZETTEER_PATH) -> Gazetteer:
    """The process-wide gazetteer (cached: loading takes most of a cold start)."""
    common = (
        frozenset(COMMON_WORDS_PATH.read_text(encoding="utf-8").split()) if COMMON_WORDS_PATH.exists() else frozenset()
    )
    lines, trie, records = _compile(path)
    return Gazetteer(lines, trie, records, common)
