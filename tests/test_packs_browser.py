"""A gazetteer pack in the browser: a village that only a GeoNames country file knows is drawn where it is.

Same harness as test_browser.py; the pack is built by the CLI from the fixture rows in GeoNames' dump
format (tests/fixtures/geonames/), in a packs folder of this module's own. Screenshot: pack-village.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import ROOT, geonames_country_zip
from playwright.sync_api import Browser
from test_browser import MAP_FRAME, OfflinePage, add_article, start_streamlit

TEXT = (
    "KERICHO, Kenya (Datelines Wire) — Gunmen burned three houses in the village of Sosiot in Kericho "
    "county on Monday, police said."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    packs = tmp_path_factory.mktemp("packs")
    downloads = geonames_country_zip(tmp_path_factory.mktemp("downloads"))
    added = subprocess.run(
        [sys.executable, "-m", "datelines", "gazetteer", "add", str(downloads)],
        cwd=ROOT,
        env={**os.environ, "DATELINES_PACKS_DIR": str(packs)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert added.returncode == 0, added.stderr
    process, url = start_streamlit(
        {"DATELINES_PACKS_DIR": str(packs), "DATELINES_ARTICLES_DIR": str(tmp_path_factory.mktemp("articles"))}
    )
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_a_village_from_a_gazetteer_pack_is_drawn_where_it_is(server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    page = view.page
    add_article(page, TEXT, "20241202")
    places = page.locator("[data-testid=stDataFrame]").first
    places.scroll_into_view_if_needed()
    row = places.locator("tr").filter(has_text="Sosiot")
    row.wait_for(state="attached", timeout=30_000)
    cells = row.locator("td").all_inner_texts()
    # The pack's point for Sosiot (-0.31667, 35.18333), a settlement, exact: not "somewhere in Kericho county".
    assert cells[2:7] == ["settlement", "KE", "-0.31667", "35.18333", "1"], cells
    labels = view.map_frame().locator(".datelines-place-label")
    labels.first.wait_for(timeout=30_000)
    assert "Sosiot" in " ".join(labels.all_inner_texts())
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    view.screenshot("pack-village.png")
    assert view.code_left_the_machine() == []
    view.close()
