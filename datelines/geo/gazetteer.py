"""The embedded gazetteer: GeoNames towns, countries, regions and hand-checked areas, plus installed packs.

Loaded once per process from `data/gazetteer.tsv.gz` and every gazetteer pack (`datelines/geo/packs.py`)
merged in. It is compiled once into files that are memory-mapped at each start, and entries are
materialised lazily, so that a million-row table costs little time or memory until a name is looked up.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import mmap
import re
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Final

import marisa_trie

from datelines.paths import CACHE_DIR, DATA_DIR, packs_dir

logger = logging.getLogger(__name__)

GAZETTEER_PATH: Final = DATA_DIR / "gazetteer.tsv.gz"
COMMON_WORDS_PATH: Final = DATA_DIR / "common_words.txt"
NAME_SEPARATOR: Final = "|"
ADMIN_SEPARATOR: Final = "|"  # a pack row's `admin`: "Kericho|Belgut|Kabianga" (admin 1, 2 and 3)
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
    admin: str = ""  # the first-level region (admin_names[0]): what the disambiguation compares
    admin_names: tuple[str, ...] = ()  # admin 1 to 3 as far as known; the main file's rows carry admin 1 only
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
        self, rows: Table, names: marisa_trie.Trie, records: Table, common_words: frozenset[str] = frozenset()
    ) -> None:
        # Rows and records stay bytes in the compiled files (see `Table`): a Python string for each of a
        # million rows would cost some 300 MB and a second at every start.
        self._rows = rows
        self._names = names
        self._records = records
        self._entries: dict[int, GazetteerEntry] = {}
        self._row_by_id: dict[str, int] = {}
        self._surfaces: dict[str, list[tuple[str, int, NameType]]] = {}
        self._starts_names: dict[str, tuple[bool, bool]] = {}
        self._longer_names: dict[str, ListedKeys | None] = {}
        self._listed_keys = 0  # how many keys `_longer_names` holds: it stops growing at _MOST_REMEMBERED
        self.common_words = common_words

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, row_number: int) -> GazetteerEntry:
        cached = self._entries.get(row_number)
        if cached is None:
            row = self._rows.line(row_number).split("\t")
            admin_names = tuple(part for part in row[12].split(ADMIN_SEPARATOR) if part)
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
                admin=admin_names[0] if admin_names else "",
                admin_names=admin_names,
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
            for record in self._records.line(key_id).split(_RECORD):
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
        """The entry of that id (a scan of the rows' bytes, then remembered: only a person's corrections ask)."""
        row_number = self._row_by_id.get(place_id)
        if row_number is None:
            row_number = self._rows.find(place_id)
            self._row_by_id[place_id] = row_number
        return None if row_number < 0 else self.entry(row_number)


class Table:
    """Numbered lines of a compiled file, read where they lie: a memory map (or bytes) and an index of
    where each line starts. No Python object exists for a line until it is asked for.

    Layout (written by `TableWriter`): the lines' UTF-8 bytes, each ending in a newline, zero-padded to a
    multiple of 8; then the start of each line and the end of the last (8 bytes each); then the count.
    """

    def __init__(self, data: bytes | mmap.mmap) -> None:
        end = len(data)
        count = int.from_bytes(data[end - 8 : end], sys.byteorder) if end >= 8 else -1
        if count < 0 or 8 * (count + 2) > end:
            raise ValueError("not a compiled gazetteer table")
        self._data = data
        self._count = count
        self._starts = memoryview(data)[end - 8 * (count + 2) : end - 8].cast("Q")

    def __len__(self) -> int:
        return self._count

    def line(self, number: int) -> str:
        return self._data[self._starts[number] : self._starts[number + 1] - 1].decode("utf-8")

    def find(self, first_field: str) -> int:
        """The number of the first line whose first tab-separated field is `first_field`, or -1."""
        wanted = first_field.encode("utf-8") + b"\t"
        end = self._starts[self._count]
        if self._data[: len(wanted)] == wanted:
            return 0
        at = self._data.find(b"\n" + wanted, 0, end)
        return -1 if at < 0 else bisect_right(self._starts, at + 1) - 1


class TableWriter:
    """Writes a `Table` line by line, so that compiling never holds every row at once."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._starts = array("Q", [0])
        self._end = 0

    def add(self, line: str) -> None:
        encoded = line.encode("utf-8") + b"\n"
        self._out.write(encoded)
        self._end += len(encoded)
        self._starts.append(self._end)

    def finish(self) -> None:
        self._out.write(bytes(-self._end % 8))
        self._out.write(self._starts.tobytes())
        self._out.write((len(self._starts) - 1).to_bytes(8, sys.byteorder))


def open_table(path: Path) -> Table:
    """A compiled table, memory-mapped read-only (pages are read from disk as lines are asked for)."""
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            raise ValueError(f"{path} is empty")
        return Table(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))


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


def _name_records(line: str, row_number: int) -> Iterator[tuple[str, str]]:
    row = line.split("\t")
    primary = row[1]
    number = str(row_number)
    for name in row[9].split(NAME_SEPARATOR):
        if name:
            name_type = _PRIMARY_NAME if name == primary else _ALTERNATE_NAME
            yield normalise(name), _FIELD.join((name, number, name_type))
    for demonym in row[10].split(NAME_SEPARATOR):
        if demonym:
            yield normalise(demonym), _FIELD.join((demonym, number, _DEMONYM_NAME))


def iter_lines(path: Path = GAZETTEER_PATH) -> Iterator[str]:
    """Data lines of a gazetteer-format file (the main one or a pack), header checked and dropped."""
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        if header != COLUMNS:
            raise ValueError(
                f"{path} has columns {header}, expected {COLUMNS}; rebuild it (`make gazetteer`, or for a pack"
                " `python -m datelines gazetteer add` its GeoNames file again)"
            )
        for line in handle:
            yield line.rstrip("\n")


def read_lines(path: Path = GAZETTEER_PATH) -> list[str]:
    """Data lines of the gazetteer file (tab-separated, header checked and dropped)."""
    return list(iter_lines(path))


def pack_files(folder: Path) -> list[Path]:
    """The installed packs' gazetteer files, in name order (the first holding a place wins)."""
    return sorted(folder.glob("*.tsv.gz")) if folder.is_dir() else []


def _merged_lines(path: Path, packs: Sequence[Path]) -> Iterator[str]:
    """The main file's rows, then each pack's rows that add a place: a row whose id an earlier file holds is
    dropped (the main file wins), and so is an admin area the main file has under its own kind of id
    ("admin1:KE:Kericho:") with the same name, kind and country. A broken pack is reported and skipped."""
    seen_ids: set[str] = set()
    seen_areas: set[tuple[str, str, str]] = set()
    for line in iter_lines(path):
        if packs:
            place_id, name, kind, _lat, _lon, country_code = line.split("\t", 6)[:6]
            seen_ids.add(place_id)
            if kind in _AREA_KINDS:
                seen_areas.add((name, kind, country_code))
        yield line
    for number, pack in enumerate(packs):
        try:
            for line in iter_lines(pack):
                row = line.split("\t")
                if len(row) != len(COLUMNS) or row[0] in seen_ids or (row[1], row[2], row[5]) in seen_areas:
                    continue
                if number < len(packs) - 1:  # only a later pack can repeat it
                    seen_ids.add(row[0])
                yield line
        except (OSError, EOFError, ValueError, zlib.error) as error:
            logger.warning("gazetteer pack %s is broken, not used (%s); remove it and add it again", pack.name, error)


_AREA_KINDS: Final = frozenset([_REGION, _COUNTY])
_COMPILED_FORMAT: Final = "2"  # bump when the compiled files' layout changes


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"


def _compiled_paths(path: Path, packs: Sequence[Path] = (), folder: Path = CACHE_DIR) -> tuple[Path, Path, Path]:
    """Where the compiled gazetteer goes: named after the size and time of change of the main file and of each
    pack, so that rebuilding the main file or adding or removing a pack compiles it again."""
    digest = hashlib.sha256("\n".join([_COMPILED_FORMAT, *map(_fingerprint, [path, *packs])]).encode()).hexdigest()
    stem = f"gazetteer-{digest[:16]}"
    return folder / f"{stem}.rows", folder / f"{stem}.marisa", folder / f"{stem}.names"


def _index(path: Path, packs: Sequence[Path], rows_out: BinaryIO, records_out: BinaryIO) -> marisa_trie.Trie:
    """Write the merged rows and, per index key, its records; return the name index."""
    rows = TableWriter(rows_out)
    # Joined as they come, not kept in lists: most keys have one record, and a list for each of a million
    # keys would add a hundred megabytes to the compiling start.
    grouped: dict[str, str] = {}
    for row_number, line in enumerate(_merged_lines(path, packs)):
        rows.add(line)
        for key, record in _name_records(line, row_number):
            earlier = grouped.get(key)
            grouped[key] = record if earlier is None else earlier + _RECORD + record
    rows.finish()
    trie = marisa_trie.Trie(grouped)
    in_key_order = [""] * len(trie)
    for key, joined in grouped.items():
        in_key_order[trie[key]] = joined
    del grouped
    records = TableWriter(records_out)
    for joined in in_key_order:
        records.add(joined)
    records.finish()
    return trie


def _compile(path: Path, packs: Sequence[Path] = (), folder: Path = CACHE_DIR) -> tuple[Table, marisa_trie.Trie, Table]:
    """The compiled gazetteer from the folder, else compiled now and kept there for the next start."""
    rows_path, trie_path, records_path = _compiled_paths(path, packs, folder)
    if rows_path.exists() and trie_path.exists() and records_path.exists():
        try:
            records = open_table(records_path)
            trie = marisa_trie.Trie().mmap(str(trie_path))
            if len(records) == len(trie):
                return open_table(rows_path), trie, records
        except (OSError, RuntimeError, ValueError) as error:
            logger.warning("rebuilding the gazetteer cache: %s", error)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = [target.with_name(target.name + ".tmp") for target in (rows_path, records_path, trie_path)]
        with temporary[0].open("wb") as rows_out, temporary[1].open("wb") as records_out:
            trie = _index(path, packs, rows_out, records_out)
        trie.save(str(temporary[2]))
        for written, target in zip(temporary, (rows_path, records_path, trie_path), strict=True):
            written.replace(target)
    except OSError as error:
        logger.info("gazetteer cache not written (%s); the next start compiles it again", error)
        rows_buffer, records_buffer = io.BytesIO(), io.BytesIO()
        trie = _index(path, packs, rows_buffer, records_buffer)
        return Table(rows_buffer.getvalue()), trie, Table(records_buffer.getvalue())
    _remove_stale(folder, rows_path.stem)
    return open_table(rows_path), marisa_trie.Trie().mmap(str(trie_path)), open_table(records_path)


def _remove_stale(folder: Path, stem: str) -> None:
    """Drop compilations of other pack sets (a pack's can weigh hundreds of megabytes); a process that has
    one mapped keeps reading it."""
    for old in folder.glob("gazetteer-*"):
        if old.stem != stem and old.suffix in (".rows", ".marisa", ".names"):
            old.unlink(missing_ok=True)


def compiled_dir(folder: Path) -> Path:
    """Where the gazetteer merged with the packs of `folder` is compiled: beside them, so that packs in a test's
    folder never touch the compiled main file in .cache/."""
    return folder / "compiled"


@lru_cache(maxsize=2)
def load(path: Path = GAZETTEER_PATH) -> Gazetteer:
    """The process-wide gazetteer, with every installed pack merged in (cached: loading takes most of a cold
    start; so a pack added or removed while a process runs is used from its next start)."""
    common = (
        frozenset(COMMON_WORDS_PATH.read_text(encoding="utf-8").split()) if COMMON_WORDS_PATH.exists() else frozenset()
    )
    folder = packs_dir()
    packs = pack_files(folder)
    rows, trie, records = _compile(path, packs, compiled_dir(folder) if packs else CACHE_DIR)
    return Gazetteer(rows, trie, records, common)
