"""Geocoding through geopy: the embedded gazetteer by default, Nominatim when asked for.

`GazetteerGeocoder` is a geopy `Geocoder` that answers offline with the same `Location`
objects Nominatim returns. `CachedNominatim` is opt-in (DATELINES_GEOCODER=nominatim): one
request per second for the whole process, a timeout, an on-disk cache that survives restarts
(rebuilt if corrupted), and the gazetteer as fallback on any service error.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from geopy.distance import great_circle
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from datelines.geo.gazetteer import Gazetteer, GazetteerEntry, PlaceKind, load
from datelines.paths import CACHE_DIR

logger = logging.getLogger(__name__)

USER_AGENT = "datelines/0.1 (news map dashboard; https://github.com/datelines/datelines)"
DEFAULT_CACHE_PATH = CACHE_DIR / "nominatim.json"
MINIMUM_INTERVAL_SECONDS = 1.0
_KIND_ORDER: dict[str, int] = {
    PlaceKind.CONTINENT: 0,
    PlaceKind.COUNTRY: 0,
    PlaceKind.WATER: 1,
    PlaceKind.ROUTE: 1,
    PlaceKind.CROSSING: 1,
    PlaceKind.REGION: 2,
    PlaceKind.LANDMARK: 2,
    PlaceKind.COUNTY: 3,
    PlaceKind.SETTLEMENT: 4,
}


def location_for(entry: GazetteerEntry) -> Location:
    """A geopy Location for a gazetteer entry, its fields kept in `raw` (as Nominatim does)."""
    address = (
        entry.name
        if not entry.country_code or entry.kind == PlaceKind.COUNTRY
        else f"{entry.name}, {entry.country_code}"
    )
    raw = {
        "place_id": entry.id,
        "display_name": address,
        "lat": entry.lat,
        "lon": entry.lon,
        "kind": entry.kind,
        "country_code": entry.country_code,
        "population": entry.population,
        "geo_precision": entry.geo_precision,
        "source": "gazetteer",
        "geojson": entry.geometry,
    }
    return Location(address, (entry.lat, entry.lon), raw)


class GazetteerGeocoder(Geocoder):
    """Offline geocoding from the embedded GeoNames gazetteer (the default)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(user_agent=USER_AGENT)
        self.gazetteer = gazetteer or load()

    def geocode(
        self, query: str, *, exactly_one: bool = True, country_codes: list[str] | None = None
    ) -> Location | list[Location] | None:
        """Look `query` up by name ("Shusha", "Shusha, AZ"); biggest match first."""
        name, _, country = query.partition(",")
        wanted = {code.upper() for code in (country_codes or [])} | (
            {country.strip().upper()} if country.strip() else set()
        )
        candidates = [entry for entry, _type, _surface in self.gazetteer.candidates(name.strip())]
        if wanted:
            candidates = [entry for entry in candidates if entry.country_code in wanted] or []
        if not candidates:
            return None
        candidates.sort(key=lambda entry: (_KIND_ORDER.get(entry.kind, 5), -entry.population))
        locations = [location_for(entry) for entry in candidates]
        return locations[0] if exactly_one else locations

    def reverse(self, query: object, *, exactly_one: bool = True) -> None:
        raise NotImplementedError("the gazetteer geocoder does not reverse-geocode")


class ProcessRateLimiter:
    """At most one call per `interval` seconds across all threads of the process.

    Clock and sleep are injectable so tests check the spacing without waiting.
    """

    def __init__(
        self,
        interval: float = MINIMUM_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._last: float | None = None

    def wait(self) -> None:
        with self._lock:
            now = self.clock()
            if self._last is not None and now - self._last < self.interval:
                self.sleep(self.interval - (now - self._last))
                now = self.clock()
            self._last = now


_SHARED_LIMITER = ProcessRateLimiter()


class GeocodeCache:
    """A JSON file of query -> answer that survives restarts; a corrupted file is set aside and rebuilt."""

    def __init__(self, path: Path = DEFAULT_CACHE_PATH) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.entries: dict[str, dict | None] = self._read()

    def _read(self) -> dict[str, dict | None]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return data
        except (OSError, ValueError) as error:
            logger.warning("geocoder cache %s is unreadable (%s); starting a new one", self.path, error)
            self.path.replace(self.path.with_suffix(".corrupt"))
            return {}

    def get(self, query: str) -> tuple[bool, dict | None]:
        with self._lock:
            return query in self.entries, self.entries.get(query)

    def put(self, query: str, answer: dict | None) -> None:
        with self._lock:
            self.entries[query] = answer
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(json.dumps(self.entries, ensure_ascii=False), encoding="utf-8")
            temporary.replace(self.path)


class CachedNominatim:
    """Nominatim behind a cache and the process-wide rate limit, falling back to the gazetteer."""

    def __init__(
        self,
        cache: GeocodeCache | None = None,
        limiter: ProcessRateLimiter | None = None,
        domain: str | None = None,
        scheme: str | None = None,
        timeout: float = 5.0,
    ) -> None:
        from geopy.adapters import URLLibAdapter
        from geopy.geocoders import Nominatim

        self.cache = cache or GeocodeCache()
        self.limiter = limiter or _SHARED_LIMITER
        self.nominatim = Nominatim(
            user_agent=USER_AGENT,
            domain=domain or os.environ.get("DATELINES_NOMINATIM_DOMAIN", "nominatim.openstreetmap.org"),
            scheme=scheme or os.environ.get("DATELINES_NOMINATIM_SCHEME", "https"),
            timeout=timeout,
            # The stdlib adapter never retries on its own: each call is one request, so the
            # process-wide limiter really bounds what reaches the server (requests' retries would not).
            adapter_factory=URLLibAdapter,
        )
        self.failures: list[str] = []

    def geocode_entry(self, entry: GazetteerEntry) -> tuple[Location, str]:
        """Nominatim's answer for a resolved place, or the gazetteer's; with the source that answered."""
        query = location_for(entry).address
        known, answer = self.cache.get(query)
        if known and answer is not None:
            return Location(answer["address"], (answer["lat"], answer["lon"]), answer.get("raw", {})), "nominatim"
        if not known:
            try:
                self.limiter.wait()
                location = self.nominatim.geocode(query, exactly_one=True)
            except GeocoderServiceError as error:
                self.failures.append(f"{query}: {error.__class__.__name__}: {error}")
                logger.warning("Nominatim failed for %r (%s); using the gazetteer", query, error)
                return location_for(entry), "gazetteer"
            except (ValueError, TypeError) as error:  # garbage in a 200 answer
                self.failures.append(f"{query}: unreadable answer: {error}")
                return location_for(entry), "gazetteer"
            stored = None
            if location is not None:
                stored = {"address": location.address, "lat": location.latitude, "lon": location.longitude, "raw": {}}
            self.cache.put(query, stored)
            if location is not None:
                return location, "nominatim"
        return location_for(entry), "gazetteer"

    def geocode_unresolved(
        self, name: str, container: str, country_code: str, near: tuple[float, float]
    ) -> Location | None:
        """Nominatim's point for a name the gazetteer lacks ("Kiptule" in Kericho, KE), if it lies within
        `UNRESOLVED_WITHIN_KM` of the place the text names with it (a namesake elsewhere is no answer)."""
        query = f"{name}, {container}" if container else name
        key = f"{query} [{country_code}]"
        known, answer = self.cache.get(key)
        if not known:
            try:
                self.limiter.wait()
                kwargs = {"country_codes": country_code.lower()} if country_code else {}
                location = self.nominatim.geocode(query, exactly_one=True, **kwargs)
            except GeocoderServiceError as error:
                self.failures.append(f"{query}: {error.__class__.__name__}: {error}")
                return None
            except (ValueError, TypeError) as error:
                self.failures.append(f"{query}: unreadable answer: {error}")
                return None
            answer = None
            if location is not None:
                answer = {"address": location.address, "lat": location.latitude, "lon": location.longitude}
            self.cache.put(key, answer)
        if answer is None or great_circle((answer["lat"], answer["lon"]), near).km > UNRESOLVED_WITHIN_KM:
            return None
        return Location(answer["address"], (answer["lat"], answer["lon"]), {})


UNRESOLVED_WITHIN_KM = 150.0


def configured_online_geocoder() -> CachedNominatim | None:
    """Nominatim when DATELINES_GEOCODER=nominatim, else None (offline gazetteer only)."""
    if os.environ.get("DATELINES_GEOCODER", "gazetteer").strip().lower() == "nominatim":
        return CachedNominatim()
    return None
