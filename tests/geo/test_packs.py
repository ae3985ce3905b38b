"""Gazetteer packs: GeoNames country files made into packs that the gazetteer and the extraction use.

The fixture (tests/fixtures/geonames/) is a small KE.txt in GeoNames' dump format (19 tab-separated
columns) with villages of Kericho county, plus admin1CodesASCII.txt and admin2Codes.txt. Every test
points DATELINES_PACKS_DIR at its own folder and clears the process's gazetteer caches before and after,
so the other tests keep the embedded gazetteer.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import GEONAMES, ROOT, geonames_country_zip

from datelines.extract.article import Article
from datelines.extract.pipeline import extract
from datelines.extract.places.context import is_unresolved
from datelines.extract.places.names import default_matcher
from datelines.geo import packs
from datelines.geo.gazetteer import GAZETTEER_PATH, compiled_dir, load
from datelines.paths import PACKS_VARIABLE, packs_dir


def _forget_the_gazetteer() -> None:
    load.cache_clear()
    default_matcher.cache_clear()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test's packs folder, and a gazetteer loaded afresh (as a new process would) before and after."""
    packs_folder = tmp_path / "packs"
    monkeypatch.setenv(PACKS_VARIABLE, str(packs_folder))
    _forget_the_gazetteer()
    yield packs_folder
    _forget_the_gazetteer()


def the_one(name: str):
    (entry,) = [entry for entry, _type, _surface in load().candidates(name)]
    return entry


def test_a_country_zip_becomes_a_pack_whose_villages_the_gazetteer_finds(folder: Path, tmp_path: Path) -> None:
    (pack,) = packs.add([geonames_country_zip(tmp_path / "downloads")], today=date(2026, 12, 7))
    assert (pack.name, pack.source, pack.added, pack.countries) == ("KE", "KE.zip", "2026-12-07", ("KE",))
    assert set(pack.admin_files) == {"admin1CodesASCII.txt", "admin2Codes.txt"}  # found beside the zip
    sosiot = the_one("Sosiot")  # a village of population 0: the embedded gazetteer has none such
    assert (sosiot.id, sosiot.kind, sosiot.lat, sosiot.lon) == ("geonames:9404103", "settlement", -0.31667, 35.18333)
    assert sosiot.population == 0
    assert sosiot.admin_names == ("Kericho", "Belgut", "Kabianga Ward")
    assert sosiot.admin == "Kericho"  # what the disambiguation compares with the regions an article names
    assert the_one("Kiptere").admin_names == ("Kericho", "Belgut")
    belgut = the_one("Belgut")
    assert (belgut.kind, belgut.admin_names) == ("county", ("Kericho",))
    assert the_one("Kabianga Ward").admin_names == ("Kericho", "Belgut")
    assert not load().candidates("Kipsonoi River") and not load().candidates("Tulwap Kipsigis")  # a stream, a hill


def test_an_unzipped_dump_takes_code_lists_as_arguments_or_goes_without(folder: Path, tmp_path: Path) -> None:
    """Admin 2 "Kipkelion East" is only in admin2Codes.txt: without it Chepseon's hierarchy stops at the county."""
    dump = tmp_path / "alone" / "KE.txt"
    dump.parent.mkdir()
    shutil.copy(GEONAMES / "KE.txt", dump)
    packs.add([dump])
    assert the_one("Chepseon").admin_names == ("Kericho",)  # admin 1 from the dump's own ADM1 row
    assert the_one("Sosiot").admin_names == ("Kericho", "Belgut", "Kabianga Ward")
    _forget_the_gazetteer()
    (pack,) = packs.add([dump, GEONAMES / "admin1CodesASCII.txt", GEONAMES / "admin2Codes.txt"])
    assert pack.source == "KE.txt" and [p.name for p in packs.installed()] == ["KE"]  # replaced, not doubled
    assert the_one("Chepseon").admin_names == ("Kericho", "Kipkelion East")


def test_the_main_gazetteer_wins_over_a_pack_row_with_its_id_or_its_region(folder: Path, tmp_path: Path) -> None:
    packs.add([geonames_country_zip(tmp_path / "downloads")])
    kapsoit = the_one("Kapsoit")  # geonames:193994 is in both
    assert kapsoit.id == "geonames:193994" and kapsoit.admin_names == ("Kericho",)  # the main file's row
    assert load().by_id("geonames:193994") == kapsoit
    regions = [entry.id for entry, _type, _surface in load().candidates("Kericho") if entry.kind == "region"]
    assert regions == ["admin1:KE:Kericho:"]  # the pack's ADM1 row is the same region
    assert load().by_id("geonames:7668905") is None
    assert load().by_id("geonames:9404103").name == "Sosiot"


def test_adding_changing_and_removing_packs_recompiles_the_gazetteer(folder: Path, tmp_path: Path) -> None:
    main_only = len(load())
    assert not load().candidates("Sosiot")
    packs.add([geonames_country_zip(tmp_path / "downloads")])
    _forget_the_gazetteer()  # a new process
    assert len(load()) == main_only + 5 and load().candidates("Sosiot")
    assert len(list(compiled_dir(folder).glob("*.rows"))) == 1
    bigger = tmp_path / "bigger" / "KE.txt"  # the same pack name, one more village
    bigger.parent.mkdir()
    extra = (
        "9404110\tKaitui\tKaitui\t\t-0.40000\t35.20000\tP\tPPL\tKE\t\t12\t\t\t\t0\t\t1900\tAfrica/Nairobi\t2012-01-19"
    )
    bigger.write_text((GEONAMES / "KE.txt").read_text(encoding="utf-8") + extra + "\n", encoding="utf-8")
    packs.add([bigger])
    _forget_the_gazetteer()
    assert the_one("Kaitui").admin_names == ("Kericho",)
    assert len(list(compiled_dir(folder).glob("*.rows"))) == 1  # the earlier compilation is gone
    assert packs.remove("ke").name == "KE"
    _forget_the_gazetteer()
    assert len(load()) == main_only and not load().candidates("Kaitui")
    assert not compiled_dir(folder).exists() and packs.installed() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# notes\nnot a dump\n", "line 1: 1 column where a GeoNames dump has 19"),
        (
            (GEONAMES / "KE.txt").read_text(encoding="utf-8").replace("\t2012-01-19\n", "\n", 1),
            "KE.txt, line 4: 18 columns where a GeoNames dump has 19",
        ),
        (
            "\t".join(["x", "Sosiot", "Sosiot", "", "-0.3", "35.1", "P", "PPL", "KE", *[""] * 10]) + "\n",
            "KE.txt, line 1: invalid literal for int() with base 10: 'x'; not a GeoNames dump",
        ),
        (b"\x1f\x8b\x08\x00binary", "not UTF-8 text, so not a GeoNames dump"),
    ],
    ids=["text", "short-row", "not-numbers", "binary"],
)
def test_a_file_that_is_not_a_geonames_dump_is_refused_and_nothing_installed(
    folder: Path, tmp_path: Path, content: str | bytes, message: str
) -> None:
    dump = tmp_path / "KE.txt"
    if isinstance(content, bytes):
        dump.write_bytes(content)
    else:
        dump.write_text(content, encoding="utf-8")
    with pytest.raises(packs.PackError, match=re.escape(message)) as raised:
        packs.add([dump])
    assert "\n" not in str(raised.value)
    assert packs.installed() == [] and not list(folder.glob("*"))


def test_missing_files_bad_code_lists_and_unknown_packs_are_refused(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(packs.PackError, match=re.escape("KE.zip: no such file")):
        packs.add([tmp_path / "KE.zip"])
    with pytest.raises(packs.PackError, match="no GeoNames dump given"):
        packs.add([GEONAMES / "admin1CodesASCII.txt"])
    codes = tmp_path / "admin1CodesASCII.txt"
    codes.write_text("KE.12,Kericho\n", encoding="utf-8")
    with pytest.raises(packs.PackError, match=re.escape("admin1CodesASCII.txt, line 1: 1 column and code")):
        packs.add([GEONAMES / "KE.txt", codes])
    odd = tmp_path / "odd.zip"
    with zipfile.ZipFile(odd, "w") as out:
        out.writestr("readme.txt", "no data here")
    with pytest.raises(packs.PackError, match=re.escape("odd.zip: not a GeoNames dump")):
        packs.add([odd])
    with pytest.raises(packs.PackError, match="would make the same pack"):
        packs.add([GEONAMES / "KE.txt", geonames_country_zip(tmp_path / "downloads")])
    with pytest.raises(packs.PackError, match=re.escape("no pack called 'KE' (installed: none)")):
        packs.remove("KE")
    assert packs.installed() == []


def test_the_extraction_places_a_pack_village_at_the_packs_coordinates(folder: Path, tmp_path: Path) -> None:
    text = "Police said the attack happened in the village of Sosiot in Kericho county on Monday."
    article = Article("sosiot", "Attack in Kericho", date(2026, 12, 7), text)
    without = {place.name: place for place in extract(article, online=False).places}
    assert is_unresolved(without["Sosiot"].id) and "Kericho" in without["Sosiot"].source  # drawn at the county
    packs.add([geonames_country_zip(tmp_path / "downloads")])
    _forget_the_gazetteer()
    places = {place.name: place for place in extract(article, online=False).places}
    assert (places["Sosiot"].lat, places["Sosiot"].lon) == (-0.31667, 35.18333)
    assert places["Sosiot"].id == "geonames:9404103" and places["Sosiot"].country_code == "KE"


def test_the_tests_leave_the_default_packs_folder_alone() -> None:
    """conftest points DATELINES_PACKS_DIR away from data/packs/: a developer's packs change no test's result."""
    assert packs_dir() != ROOT / "data" / "packs" and not packs.installed()
    assert GAZETTEER_PATH.exists()
