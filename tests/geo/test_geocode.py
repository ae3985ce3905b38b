import json
import threading
import typing
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from geopy.location import Location

from datelines.extract.article import Article
from datelines.extract.pipeline import build_places, extract
from datelines.extract.places.names import find_toponyms
from datelines.geo.gazetteer import load
from datelines.geo.geocode import CachedNominatim, GazetteerGeocoder, GeocodeCache, ProcessRateLimiter


def test_gazetteer_geocoder_answers_with_geopy_locations() -> None:
    location = GazetteerGeocoder().geocode("Shusha")
    assert isinstance(location, Location)
    assert abs(location.latitude - 39.76) < 0.1 and abs(location.longitude - 46.75) < 0.1
    assert location.raw["source"] == "gazetteer"
    assert GazetteerGeocoder().geocode("Goris, AM").raw["country_code"] == "AM"
    assert GazetteerGeocoder().geocode("Nowhere-at-all") is None


def test_rate_limiter_spaces_calls_a_second_apart_without_waiting() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = ProcessRateLimiter(clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.wait()
        now[0] += 0.25
    assert slept == [0.75, 0.75]


def test_corrupted_cache_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "nominatim.json"
    path.write_text("{not json", encoding="utf-8")
    cache = GeocodeCache(path)
    assert cache.entries == {}
    assert path.with_suffix(".corrupt").exists()
    cache.put("Shusha, AZ", {"address": "Shusha", "lat": 39.7, "lon": 46.7})
    assert GeocodeCache(path).get("Shusha, AZ") == (True, {"address": "Shusha", "lat": 39.7, "lon": 46.7})


class _Failing(BaseHTTPRequestHandler):
    calls = 0

    def do_GET(self) -> None:
        type(self).calls += 1
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"broken")

    def log_message(self, *arguments: object) -> None:
        pass


class _Answering(_Failing):
    def do_GET(self) -> None:
        type(self).calls += 1
        body = json.dumps([{"lat": "39.7601", "lon": "46.7499", "display_name": "Shusha, Azerbaijan", "place_id": 1}])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())


@pytest.fixture
def fake_nominatim(request):
    handler = request.param
    handler.calls = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()


def _online(server, tmp_path: Path) -> CachedNominatim:
    limiter = ProcessRateLimiter(sleep=lambda seconds: None)
    return CachedNominatim(
        cache=GeocodeCache(tmp_path / "cache.json"),
        limiter=limiter,
        domain=f"127.0.0.1:{server.server_address[1]}",
        scheme="http",
        timeout=2,
    )


@pytest.mark.parametrize("fake_nominatim", [_Failing], indirect=True)
def test_service_error_falls_back_to_the_gazetteer_and_says_so(fake_nominatim, tmp_path: Path) -> None:
    server, handler = fake_nominatim
    mentions = find_toponyms("Reporters gathered in Shusha.")
    places, warnings = build_places(mentions, _online(server, tmp_path))
    assert places[0].source == "gazetteer"
    assert warnings and "gazetteer" in warnings[0]
    assert handler.calls == 1


@pytest.mark.parametrize("fake_nominatim", [_Answering], indirect=True)
def test_nominatim_answer_is_used_and_cached_across_restarts(fake_nominatim, tmp_path: Path) -> None:
    server, handler = fake_nominatim
    entry = load().candidates("Shusha")[0][0]
    location, source = _online(server, tmp_path).geocode_entry(entry)
    assert source == "nominatim" and location.address == "Shusha, Azerbaijan"
    again, source_again = _online(server, tmp_path).geocode_entry(entry)  # a new process, same cache file
    assert source_again == "nominatim" and again.latitude == location.latitude
    assert handler.calls == 1


class _Hanging(_Failing):
    def do_GET(self) -> None:
        type(self).calls += 1
        import time

        time.sleep(3)  # longer than the client's timeout
        self.send_response(200)
        self.end_headers()


class _RateLimited(_Failing):
    def do_GET(self) -> None:
        type(self).calls += 1
        self.send_response(429)
        self.send_header("Retry-After", "60")
        self.end_headers()


class _Garbage(_Failing):
    def do_GET(self) -> None:
        type(self).calls += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"<html>not json{")


class _Timed(_Answering):
    times: typing.ClassVar[list[float]] = []

    def do_GET(self) -> None:
        import time

        type(self).times.append(time.monotonic())
        super().do_GET()


@pytest.mark.parametrize(
    "fake_nominatim", [_Hanging, _RateLimited, _Garbage], indirect=True, ids=["hang", "429", "garbage"]
)
def test_faults_fall_back_to_the_gazetteer(fake_nominatim, tmp_path: Path) -> None:
    server, handler = fake_nominatim
    online = _online(server, tmp_path)
    online.nominatim.timeout = 1
    places, warnings = build_places(find_toponyms("Reporters gathered in Shusha."), online)
    assert [place.source for place in places] == ["gazetteer"]
    assert warnings and "placed from the gazetteer" in warnings[0]
    assert online.failures and handler.calls == 1


@pytest.mark.parametrize("fake_nominatim", [_Timed], indirect=True)
def test_never_more_than_one_request_a_second(fake_nominatim, tmp_path: Path) -> None:
    server, handler = fake_nominatim
    handler.times = []
    online = CachedNominatim(
        cache=GeocodeCache(tmp_path / "cache.json"),
        limiter=ProcessRateLimiter(),  # the real clock and sleep
        domain=f"127.0.0.1:{server.server_address[1]}",
        scheme="http",
        timeout=2,
    )
    gazetteer = load()
    for name in ("Shusha", "Goris", "Lachin"):
        entry = gazetteer.candidates(name)[0][0]
        online.geocode_entry(entry)
    gaps = [later - earlier for earlier, later in zip(handler.times, handler.times[1:], strict=False)]
    assert len(handler.times) == 3
    assert all(gap >= 0.99 for gap in gaps), gaps


class _AnsweringNearKericho(_Failing):
    def do_GET(self) -> None:
        type(self).calls += 1
        body = json.dumps(
            [{"lat": "-0.3520", "lon": "35.2410", "display_name": "Kiptule, Kericho, Kenya", "place_id": 2}]
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())


@pytest.mark.parametrize("fake_nominatim", [_AnsweringNearKericho], indirect=True)
def test_nominatim_places_a_village_the_gazetteer_lacks_near_where_the_text_puts_it(
    fake_nominatim, tmp_path: Path
) -> None:
    server, handler = fake_nominatim
    text = "Residents of Kiptule area of Kericho blocked the road."
    extraction = extract(
        Article(id="k", title="k", published=date(2024, 3, 4), text=text), online=_online(server, tmp_path)
    )
    village = next(place for place in extraction.places if place.name == "Kiptule")
    assert village.source == "nominatim" and village.geo_precision == 1 and abs(village.lat + 0.352) < 1e-3
    assert handler.calls == 2  # Kericho itself, then the village


@pytest.mark.parametrize("fake_nominatim", [_Answering], indirect=True)
def test_a_namesake_far_away_does_not_place_a_village(fake_nominatim, tmp_path: Path) -> None:
    """The fake answers Shusha (Azerbaijan) to everything: thousands of km from Kericho, so not Kiptule."""
    server, _handler = fake_nominatim
    text = "Residents of Kiptule area of Kericho blocked the road."
    extraction = extract(
        Article(id="k", title="k", published=date(2024, 3, 4), text=text), online=_online(server, tmp_path)
    )
    village = next(place for place in extraction.places if place.name == "Kiptule")
    assert village.source.startswith("not in the gazetteer") and village.geo_precision >= 2
