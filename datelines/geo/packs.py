"""Gazetteer packs: a GeoNames full extract (a country's `KE.zip`, or `allCountries.zip`) turned into a
gazetteer-format file that `gazetteer.load()` merges in, so that a village of any size can be found.

The embedded gazetteer keeps towns of 1,000 people and villages of 500; news of a raid or a flood names
smaller places. A pack keeps every populated place (GeoNames feature class P, population 0 too) and the
admin areas of levels 1 to 3, each place carrying its admin 1|2|3 names. In the packs folder
(`datelines.paths.packs_dir()`) a pack is `<name>.tsv.gz` (the gazetteer's columns) beside `<name>.json`
(where it came from). GeoNames data is licensed CC BY 4.0.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from datelines.geo.gazetteer import ADMIN_SEPARATOR, COLUMNS, PlaceKind, compiled_dir, pack_files
from datelines.geo.gazetteer_build import gazetteer_row, is_usable_name
from datelines.paths import packs_dir

DUMP_COLUMNS = 19  # geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, ...
ADMIN1_CODES = "admin1CodesASCII.txt"  # CC.A1 <tab> name <tab> asciiname <tab> geonameid
ADMIN2_CODES = "admin2Codes.txt"  # CC.A1.A2 <tab> name <tab> asciiname <tab> geonameid
_CODES_COLUMNS = 4
# Feature codes kept among the admin divisions (class A), with the kind and precision their rows get.
_ADMIN_LEVELS = {"ADM1": (1, PlaceKind.REGION, 3), "ADM2": (2, PlaceKind.COUNTY, 2), "ADM3": (3, PlaceKind.COUNTY, 2)}
_PACK_NAME = re.compile(r"[^A-Za-z0-9_-]+")
LICENCE = "GeoNames (geonames.org), CC BY 4.0"


class PackError(Exception):
    """A user's mistake (a missing file, a file that is not a GeoNames dump): the message is one line for them."""


@dataclass(frozen=True)
class Pack:
    """An installed pack, as its manifest describes it."""

    name: str
    source: str  # the GeoNames file it was made from ("KE.zip")
    added: str  # ISO date
    rows: int  # places written (populated places and admin areas)
    countries: tuple[str, ...]
    admin_files: tuple[str, ...] = ()
    unnamed: int = 0  # places left out: no name an English text could print (not in Latin script)
    licence: str = LICENCE
    path: Path = field(default=Path(), compare=False)


@dataclass
class _AdminNames:
    """Admin 1 to 3 names by their GeoNames codes: from admin1CodesASCII.txt and admin2Codes.txt where
    given, else from the dump's own ADM1 and ADM2 rows; admin 3 always from its ADM3 rows."""

    by_code: dict[tuple[str, ...], str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # the code lists read

    def hierarchy(self, fields: list[str]) -> list[str]:
        """The names of the row's admin 1, 2 and 3, as far as they are known without a gap."""
        country, codes = fields[8], (fields[10], fields[11], fields[12])
        names = []
        for level in range(1, 4):
            name = self.by_code.get((country, *codes[:level]))
            if not name:
                break
            names.append(name.replace(ADMIN_SEPARATOR, " "))
        return names


def installed(folder: Path | None = None) -> list[Pack]:
    """The packs in the folder, as `load()` will merge them (a pack file without a manifest is listed too)."""
    folder = folder or packs_dir()
    packs = []
    for path in pack_files(folder):
        name = path.name.removesuffix(".tsv.gz")
        try:
            manifest = json.loads(path.with_name(name + ".json").read_text(encoding="utf-8"))
            manifest["countries"] = tuple(manifest.get("countries", ()))
            manifest["admin_files"] = tuple(manifest.get("admin_files", ()))
            packs.append(Pack(**{**manifest, "name": name, "path": path}))
        except (OSError, ValueError, TypeError):
            packs.append(Pack(name, "(no readable manifest)", "", 0, (), path=path))
    return packs


def add(files: Sequence[Path], folder: Path | None = None, today: date | None = None) -> list[Pack]:
    """Make a pack of each GeoNames dump among `files` (replacing an installed pack of the same name).

    admin1CodesASCII.txt and admin2Codes.txt among the files, or else beside a dump, name its regions.
    Everything is checked before anything is installed: a bad file leaves the packs as they were.
    """
    folder = folder or packs_dir()
    for path in files:
        if not path.is_file():
            raise PackError(f"{path}: no such file")
    codes = [path for path in files if _codes_level(path)]
    dumps = [path for path in files if not _codes_level(path)]
    if not dumps:
        raise PackError(
            "no GeoNames dump given: add a country file such as KE.zip, or allCountries.zip "
            f"({ADMIN1_CODES} and {ADMIN2_CODES} only name its regions)"
        )
    names = [_pack_name(dump) for dump in dumps]
    if len(set(names)) < len(names):
        raise PackError(f"two of the files would make the same pack ({', '.join(names)}): add them one at a time")
    written: list[tuple[Pack, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for dump in dumps:
            written.append(_write_pack(dump, codes, folder, today or date.today()))
    except BaseException as error:
        for _pack, temporary in written:
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise PackError(f"cannot write the pack into {folder}: {error.strerror or error}") from error
        raise
    packs = []
    for pack, temporary in written:
        temporary.replace(pack.path)
        manifest = {key: value for key, value in asdict(pack).items() if key not in ("name", "path")}
        pack.path.with_name(pack.name + ".json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        packs.append(pack)
    return packs


def remove(name: str, folder: Path | None = None) -> Pack:
    """Uninstall the pack called `name` (case does not matter); the next start goes without it."""
    folder = folder or packs_dir()
    packs = installed(folder)
    matching = [pack for pack in packs if pack.name.lower() == name.lower()]
    if not matching:
        known = ", ".join(pack.name for pack in packs) or "none"
        raise PackError(f"no pack called {name!r} (installed: {known})")
    pack = matching[0]
    pack.path.unlink(missing_ok=True)
    pack.path.with_name(pack.name + ".json").unlink(missing_ok=True)
    if not pack_files(folder):  # the compiled merge of the last pack is only weight now
        shutil.rmtree(compiled_dir(folder), ignore_errors=True)
    return pack


def _columns(count: int) -> str:
    return "1 column" if count == 1 else f"{count} columns"


def _codes_level(path: Path) -> int:
    """1 for admin1CodesASCII.txt, 2 for admin2Codes.txt, 0 for any other file."""
    return 1 if path.name.startswith("admin1Codes") else 2 if path.name.startswith("admin2Codes") else 0


def _pack_name(dump: Path) -> str:
    stem = dump.name.removesuffix(".zip").removesuffix(".txt")
    return _PACK_NAME.sub("-", stem).strip("-") or "pack"


@contextmanager
def _open_dump(path: Path) -> Iterator[TextIO]:
    """The dump's text: the file itself, or the one data file inside a GeoNames zip (not its readme)."""
    if not zipfile.is_zipfile(path):
        with path.open(encoding="utf-8", newline="\n") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive:
        inside = [name for name in archive.namelist() if name.endswith(".txt") and "readme" not in name.lower()]
        wanted = path.name.removesuffix(".zip") + ".txt"
        if wanted in inside:
            inside = [wanted]
        if len(inside) != 1:
            raise PackError(f"{path.name}: not a GeoNames dump (a GeoNames zip holds one data file, such as {wanted})")
        with archive.open(inside[0]) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as handle:
            yield handle


def _dump_rows(path: Path, prefilter: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of the dump's rows holding one of `prefilter`; every row's columns are counted."""
    try:
        with _open_dump(path) as handle:
            for number, line in enumerate(handle, 1):
                line = line.rstrip("\r\n")
                columns = line.count("\t") + 1
                if columns != DUMP_COLUMNS:
                    if not line.strip():
                        continue
                    raise PackError(
                        f"{path.name}, line {number}: {_columns(columns)} where a GeoNames dump has {DUMP_COLUMNS};"
                        " not a GeoNames dump (a country file such as KE.zip, or allCountries.zip)?"
                    )
                if any(marker in line for marker in prefilter):
                    yield number, line.split("\t")
    except UnicodeDecodeError as error:
        raise PackError(f"{path.name}: not UTF-8 text, so not a GeoNames dump ({error.reason})") from error
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise PackError(f"{path.name}: cannot be read ({error})") from error


def _read_codes(path: Path, admin: _AdminNames) -> None:
    """Admin names from admin1CodesASCII.txt or admin2Codes.txt: "KE.12<tab>Kericho<tab>Kericho<tab>7668905"."""
    level = _codes_level(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise PackError(f"{path.name}: not UTF-8 text, so not a GeoNames code list") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        code = fields[0].split(".")
        if len(fields) != _CODES_COLUMNS or len(code) != level + 1:
            raise PackError(
                f"{path.name}, line {number}: {_columns(len(fields))} and code {fields[0]!r} where GeoNames' "
                f"admin{level} codes have {_CODES_COLUMNS} columns and codes like "
                f"{'KE.12' if level == 1 else 'KE.12.1'}"
            )
        admin.by_code[tuple(code)] = fields[1]


def _admin_names(dump: Path, codes: Sequence[Path]) -> _AdminNames:
    """The dump's own ADM1-ADM3 names, overridden by the code lists given or found beside the dump."""
    admin = _AdminNames()
    for _number, fields in _dump_rows(dump, ("\tA\tADM",)):
        level = _ADMIN_LEVELS.get(fields[7], (0,))[0]
        if fields[6] == "A" and level:
            admin.by_code[(fields[8], *(fields[10], fields[11], fields[12])[:level])] = fields[1]
    given = {_codes_level(path) for path in codes}
    beside = [dump.with_name(name) for level, name in ((1, ADMIN1_CODES), (2, ADMIN2_CODES)) if level not in given]
    for path in [*codes, *[path for path in beside if path.is_file()]]:
        _read_codes(path, admin)
        admin.files.append(path.name)
    return admin


def _place_row(fields: list[str], number: int, source: str, admin: _AdminNames) -> dict[str, str] | None:
    """The gazetteer row of a populated place or an admin area, or None when no name of it is usable."""
    try:
        geonameid, lat, lon = int(fields[0]), float(fields[4]), float(fields[5])
        population = int(fields[14] or 0)
    except ValueError as error:
        raise PackError(
            f"{source}, line {number}: {error}; not a GeoNames dump (its id, latitude, longitude and population "
            "are numbers)?"
        ) from error
    hierarchy = admin.hierarchy(fields)
    if fields[6] == "P":
        kind, precision, parents = PlaceKind.SETTLEMENT, 1, hierarchy
        # Its own name and its ASCII spelling, as the embedded villages: a village's alternate names are
        # far more often something else in English text.
        names = [fields[1], fields[2]]
    else:
        level, kind, precision = _ADMIN_LEVELS[fields[7]]
        parents = hierarchy[: level - 1]
        names = [fields[1], fields[2], *hierarchy[level - 1 : level]]
    usable = [name for name in names if is_usable_name(name)]
    if not usable:
        return None
    return gazetteer_row(
        f"geonames:{geonameid}",
        usable[0],
        kind,
        lat,
        lon,
        fields[8],
        population,
        precision,
        "geonames" if kind == PlaceKind.SETTLEMENT else "geonames-admin",
        usable,
        admin=ADMIN_SEPARATOR.join(parents),
    )


def _write_pack(dump: Path, codes: Sequence[Path], folder: Path, today: date) -> tuple[Pack, Path]:
    """Read the dump twice (admin names first, then the places) into a temporary pack file; return the
    pack and that file, to be moved into place once every dump has been read."""
    name = _pack_name(dump)
    admin = _admin_names(dump, codes)
    temporary = folder / f".{name}.tsv.gz.tmp"
    rows, unnamed, countries = 0, 0, set()
    try:
        with gzip.open(temporary, "wt", encoding="utf-8", newline="\n", compresslevel=6) as out:
            out.write("\t".join(COLUMNS) + "\n")
            for number, fields in _dump_rows(dump, ("\tP\t", "\tA\tADM")):
                if not (fields[6] == "P" or (fields[6] == "A" and fields[7] in _ADMIN_LEVELS)):
                    continue
                row = _place_row(fields, number, dump.name, admin)
                if row is None:
                    unnamed += 1
                    continue
                out.write("\t".join(row[column] for column in COLUMNS) + "\n")
                rows += 1
                countries.add(fields[8])
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if not rows:
        temporary.unlink()
        raise PackError(f"{dump.name}: no populated places or admin areas with usable names; not a GeoNames dump?")
    pack = Pack(
        name=name,
        source=dump.name,
        added=today.isoformat(),
        rows=rows,
        countries=tuple(sorted(countries)),
        admin_files=tuple(admin.files),
        unnamed=unnamed,
        path=folder / f"{name}.tsv.gz",
    )
    return pack, temporary
