"""A journalist's path through the dashboard in a real browser: each control does what it says.

Same harness as test_browser.py (Playwright driving Debian's chromium, nothing but 127.0.0.1
answering); screenshots go to tests/screenshots/journalist-*.png.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from test_browser import SCREENSHOTS, OfflinePage, add_article, start_streamlit

from datelines.views.view import ViewState, filter_events

pytestmark = pytest.mark.browser
TAGS = '[data-testid="stSidebar"] [data-testid="stMultiSelect"] span[data-baseweb="tag"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    saved = tmp_path_factory.mktemp("journalist-articles")
    process, url = start_streamlit({"DATELINES_ARTICLES_DIR": str(saved)})
    yield url
    process.terminate()
    process.wait(timeout=20)


def _heading(total: int, shown: int) -> str:
    return f"{shown} of {total} events"


def _choose_type(page, name: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")


def _type_date(page, label: str, value: date) -> None:
    """Type a date into a sidebar date field (year, month, day segments) and press Enter."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(value.strftime("%Y%m%d"))
    page.keyboard.press("Enter")


def _edit_first_row(page, grid, column: int, typed: str, shows: str) -> None:
    """Edit a data editor's cell as a person does: click the first row, move right, Enter, type, Enter; until
    the grid `shows` the new value (a loaded machine may draw the grid after the first click: tried thrice)."""
    grid.scroll_into_view_if_needed()
    grid.locator("td").first.wait_for(state="attached", timeout=30_000)
    for _attempt in range(3):
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # the first body row, under a 35 px header
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.wait_for_timeout(800)
        page.keyboard.type(typed)
        page.wait_for_timeout(800)
        page.keyboard.press("Enter")
        try:
            first_row = grid.locator("tbody tr").first.locator("td")
            first_row.filter(has_text=shows).first.wait_for(state="attached", timeout=10_000)
            return
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    raise AssertionError(f"the grid never showed {shows!r} after typing {typed!r}")


def _shown_date(page, label: str) -> date:
    sidebar = page.locator('[data-testid="stSidebar"]')
    parts = [
        int(sidebar.get_by_role("spinbutton", name=f"{part}, {label}").get_attribute("aria-valuenow"))
        for part in ("year", "month", "day")
    ]
    return date(*parts)


def test_a_typed_date_applies_on_enter(server: str, browser: Browser, dataset) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    total = len(dataset.events)
    start = date(2023, 9, 20)
    expected = len(filter_events(dataset.events, ViewState(start=start)))
    assert 0 < expected < total
    _type_date(view.page, "From", start)
    view.page.get_by_text(_heading(total, expected)).wait_for(timeout=30_000)
    view.page.wait_for_function("() => location.search.includes('start=2023-09-20')", timeout=30_000)
    view.screenshot("journalist-typed-date.png")
    view.close()


def test_reset_returns_every_filter_and_nothing_comes_back(server: str, browser: Browser, dataset) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    page = view.page
    total = len(dataset.events)
    _choose_type(page, "Strategic developments")
    _type_date(page, "From", date(2023, 9, 20))
    state = ViewState(start=date(2023, 9, 20), types=("strategic-developments",))
    page.get_by_text(_heading(total, len(filter_events(dataset.events, state)))).wait_for(timeout=30_000)
    page.get_by_role("button", name="Reset filters").click()
    page.get_by_text(_heading(total, total)).wait_for(timeout=30_000)
    page.wait_for_function("() => !location.search.includes('type=') && !location.search.includes('start=')")
    assert page.locator(TAGS).count() == 0, "the type chips are gone from the sidebar"
    first_date = dataset.events["date_start"].min().date()
    assert _shown_date(page, "From") == first_date
    view.screenshot("journalist-reset.png")
    # The next interaction anywhere must not bring a filter back.
    page.locator('[data-testid="stSidebar"]').get_by_text("Only events a person checked").click()
    page.wait_for_timeout(1500)
    page.locator('[data-testid="stSidebar"]').get_by_text("Only events a person checked").click()
    page.get_by_text(_heading(total, total)).wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text(_heading(total, total)).count() == 1
    assert "type=" not in page.url and "start=" not in page.url
    assert page.locator(TAGS).count() == 0
    view.close()


def _map_view(view: OfflinePage) -> tuple[float, float, int]:
    frame = view.leaflet_frame()
    centre = frame.evaluate("() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]")
    return centre[0], centre[1], centre[2]


def test_the_share_link_is_copied_with_the_background_switch_and_the_map_view(
    server: str, browser: Browser, dataset
) -> None:
    view = OfflinePage(browser)
    view.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    view.open(server + "/?type=strategic-developments")
    page = view.page
    total = len(dataset.events)
    expected = len(filter_events(dataset.events, ViewState(types=("strategic-developments",))))
    page.get_by_text("Show historical background").click()
    page.wait_for_function("() => location.search.includes('bg=1')", timeout=30_000)
    frame = view.leaflet_frame()
    frame.evaluate("() => window.map.setView([39.75, 46.75], 11)")
    page.get_by_text("Share this view").click()
    share = page.frame_locator('iframe[title="st.iframe"]').last
    # The box's script has run once the field holds the link: only then does the button copy.
    expect(share.get_by_label("Share link")).to_have_value(re.compile(r"^http"), timeout=30_000)
    share.get_by_role("button", name="Copy link").click()
    share.get_by_text("Copied").wait_for(timeout=10_000)
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert share.get_by_label("Share link").input_value() == link
    for part in ("type=strategic-developments", "bg=1", "lat=39.75", "lon=46.75", "zoom=11"):
        assert part in link, (part, link)
    view.screenshot("journalist-share.png")
    view.close()

    fresh = OfflinePage(browser)
    fresh.open(link.replace("http://localhost", "http://127.0.0.1"))
    fresh.page.get_by_text(_heading(total, expected)).wait_for(timeout=30_000)
    lat, lon, zoom = _map_view(fresh)
    assert (round(lat, 2), round(lon, 2), zoom) == (39.75, 46.75, 11)
    toggle = fresh.page.get_by_role("switch", name="Show historical background")
    assert toggle.is_checked()
    fresh.screenshot("journalist-share-reopened.png")
    fresh.close()


def test_the_legend_folds_away_and_never_covers_a_popup(server: str, browser: Browser, dataset) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    frame = view.leaflet_frame()
    legend = view.map_frame().locator(".datelines-legend")
    assert frame.evaluate("() => document.querySelector('.datelines-legend').open")  # a large map shows it
    event = dataset.events[dataset.events["event_type"] == "agreement"].iloc[0]
    view.page.goto(f"{server}/?event={event['id']}")
    view.map_frame().locator(".leaflet-popup-content").wait_for(timeout=30_000)
    frame = view.leaflet_frame()
    assert not frame.evaluate("() => document.querySelector('.datelines-legend').open"), "folded for the popup"
    popup = frame.evaluate("() => document.querySelector('.leaflet-popup').getBoundingClientRect().toJSON()")
    zoom = frame.evaluate("() => document.querySelector('.leaflet-control-zoom').getBoundingClientRect().toJSON()")
    folded = frame.evaluate("() => document.querySelector('.datelines-legend').getBoundingClientRect().toJSON()")
    for control in (zoom, folded):
        apart = (
            popup["right"] <= control["left"]
            or control["right"] <= popup["left"]
            or popup["bottom"] <= control["top"]
            or control["bottom"] <= popup["top"]
        )
        assert apart, (popup, control)
    view.screenshot("journalist-popup-clear.png")
    legend.locator("summary").click()
    assert view.leaflet_frame().evaluate("() => document.querySelector('.datelines-legend').open")
    view.close()


def test_a_cluster_click_shows_its_markers_without_zooming_past_street_level(server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    frame = view.leaflet_frame()
    view.map_frame().locator(".marker-cluster").first.click()
    view.page.wait_for_timeout(1500)
    zoom = frame.evaluate("() => window.map.getZoom()")
    spread = frame.evaluate("() => document.querySelectorAll('.leaflet-marker-icon.datelines-event').length")
    assert zoom <= 12 and spread > 0, (zoom, spread)
    view.screenshot("journalist-cluster-click.png")
    view.close()


def test_the_map_fits_the_filtered_events_unless_the_reader_moved_it(server: str, browser: Browser, dataset) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    page = view.page
    total = len(dataset.events)
    battles = dataset.events[dataset.events["acled_event_type"] == "Battles"].dropna(subset=["lat", "lon"])
    _choose_type(page, "Battles")
    page.get_by_text(_heading(total, len(filter_events(dataset.events, ViewState(types=("battles",)))))).wait_for(
        timeout=30_000
    )
    page.wait_for_timeout(2000)
    frame = view.leaflet_frame()
    for lat, lon in zip(battles["lat"], battles["lon"], strict=True):
        assert frame.evaluate(f"() => window.map.getBounds().contains([{lat}, {lon}])")
    # A reader who zooms the map keeps that view when the filters change again.
    view.map_frame().locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(800)
    moved = frame.evaluate("() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]")
    page.get_by_role("button", name="Reset filters").click()
    page.get_by_text(_heading(total, total)).wait_for(timeout=30_000)
    page.wait_for_timeout(2000)
    after = view.leaflet_frame().evaluate(
        "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
    )
    assert [round(value, 4) for value in after] == [round(value, 4) for value in moved]
    view.close()


def test_on_a_phone_the_wheel_scrolls_the_page_until_the_map_is_tapped(server: str, browser: Browser) -> None:
    view = OfflinePage(browser, width=430, height=900)
    view.open(server + "/")
    page = view.page
    frame = view.leaflet_frame()
    assert not frame.evaluate("() => document.querySelector('.datelines-legend').open"), "folded on a small map"
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    zoom = frame.evaluate("() => window.map.getZoom()")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(800)
    assert frame.evaluate("() => window.map.getZoom()") == zoom, "the wheel did not zoom the untapped map"
    assert frame.evaluate("() => window.map.scrollWheelZoom.enabled()") is False
    view.screenshot("journalist-phone.png")
    view.close()


def test_a_popup_names_its_article_and_opens_it_at_the_events_sentence(server: str, browser: Browser, dataset) -> None:
    event = dataset.events[dataset.events["event_type"] == "agreement"].iloc[0]
    view = OfflinePage(browser)
    view.open(f"{server}/?event={event['id']}")
    popup = view.map_frame().locator(".leaflet-popup-content")
    popup.wait_for(timeout=30_000)
    source = popup.locator("a", has_text="Source:")
    article = dataset.articles[event["article_id"]]
    assert article.title in source.inner_text()
    # The panel beside the map links to the same place.
    view.page.get_by_role("link", name=f"Source: {article.title}").wait_for(timeout=30_000)
    with view.context.expect_page() as opened:  # a new tab, the map stays where it was
        source.click()
    tab = opened.value
    tab.wait_for_url("**/article?*", timeout=30_000)
    outlined = tab.locator("#datelines-evidence")
    outlined.wait_for(timeout=60_000)
    assert event["evidence"][:40] in " ".join(outlined.inner_text().split())
    tab.wait_for_timeout(1000)
    assert f"event={event['id']}" in tab.url
    tab.screenshot(path=str(SCREENSHOTS / "journalist-article-at-sentence.png"), full_page=False)
    # The panel's link opens the article in the app itself.
    view.page.get_by_role("link", name=f"Source: {article.title}").click()
    view.page.locator("#datelines-evidence").wait_for(timeout=30_000)
    view.close()


def test_places_follow_the_filters(server: str, browser: Browser, dataset) -> None:
    view = OfflinePage(browser)
    view.open(server + "/?subtype=disrupted-weapons-use")
    view.page.locator("[data-testid=stSidebarNav] a", has_text="Places").click()
    heading = view.page.locator("h3", has_text="places")
    heading.wait_for(timeout=30_000)
    shown, total = (int(part) for part in heading.inner_text().split(" places")[0].split(" of "))
    assert 0 < shown < total
    rows = view.page.locator("[data-testid=stDataFrame]").first.locator("tbody tr")
    rows.first.wait_for(state="attached", timeout=30_000)  # the table has drawn before the screenshot
    assert rows.count() == shown
    view.screenshot("journalist-places-filtered.png")
    view.close()


def test_the_timeline_shows_undated_events_apart_and_only_rows_with_events(
    server: str, browser: Browser, dataset
) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    page = view.page
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.locator("g.mark-symbol path").first.wait_for(timeout=30_000)
    undated = dataset.events[dataset.events["time_rule"].astype(str).str.startswith("undated")]
    diamonds = chart.locator("g.undated_marks path")
    assert diamonds.count() == len(undated) > 1
    spots = {tuple(round(value) for value in box.values()) for box in (d.bounding_box() for d in diamonds.all())}
    assert len(spots) == len(undated), "each undated event is drawn at its own spot"
    dated_in_week = chart.locator("g.days_marks path")
    assert dated_in_week.count() == 2, "only the two events dated to a day are dots"
    page.wait_for_timeout(500)
    view.screenshot("journalist-timeline.png")
    # Filtered to two events, one of them outside the article's week: the caption says so.
    view.page.goto(server + "/?subtype=agreement")
    page.get_by_text("outside this window").wait_for(timeout=30_000)
    view.close()


def test_the_offline_map_names_countries_regions_cities_and_the_articles_places(server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    frame = view.leaflet_frame()
    named = view.map_frame().locator(".datelines-place-label")
    assert "Shusha" in " ".join(named.all_inner_texts())
    view.screenshot("journalist-offline-labels-seed.png")
    frame.evaluate("() => window.map.setView([40.2, 45.5], 6)")
    labels = view.map_frame().locator(".datelines-base-label")
    view.page.wait_for_timeout(1500)
    texts = " ".join(labels.all_inner_texts())
    for name in ("AZERBAIJAN", "ARMENIA", "Baku", "Yerevan"):
        assert name in texts.upper() if name.isupper() else name in texts, (name, texts[:300])
    regions = view.map_frame().locator(".leaflet-basemap-pane path[stroke-dasharray]")
    assert regions.count() > 50, "Armenia's and Azerbaijan's regions are outlined"
    assert "Syunik" not in texts, "a region's name waits until it fits"
    view.screenshot("journalist-offline-labels.png")
    frame.evaluate("() => window.map.setView([39.8, 45.8], 8)")
    view.page.wait_for_timeout(1500)
    texts = " ".join(labels.all_inner_texts())
    assert "Syunik" in texts and "Gegharkunik" in texts, texts[:300]
    view.screenshot("journalist-offline-regions.png")
    frame.evaluate("() => window.map.setView([40.2, 45.5], 4)")
    view.page.wait_for_timeout(1000)
    assert regions.count() == 0, "zoomed out, the world shows countries only"
    assert view.code_left_the_machine() == []
    view.close()


def test_a_place_search_moves_the_map_to_it(server: str, browser: Browser) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    field = view.page.locator('[data-testid="stSidebar"]').get_by_role("textbox", name="Find a place on the map")
    field.fill("Baku")
    field.press("Enter")
    view.page.get_by_text("Map moved to Baku").wait_for(timeout=30_000)
    view.page.wait_for_timeout(1500)
    lat, lon, zoom = _map_view(view)
    assert abs(lat - 40.4) < 0.3 and abs(lon - 49.9) < 0.3 and zoom >= 9
    view.screenshot("journalist-place-search.png")
    field.fill("Atlantis Nowhere")
    field.press("Enter")
    view.page.get_by_text("No place called Atlantis Nowhere").wait_for(timeout=30_000)
    view.close()


def test_dragging_across_the_overview_strip_narrows_the_dates(server: str, browser: Browser, dataset) -> None:
    view = OfflinePage(browser)
    view.open(server + "/")
    page = view.page
    strip = page.locator("[data-testid=stVegaLiteChart]").nth(1)
    strip.locator("svg").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    box = strip.bounding_box()
    y = box["y"] + 20
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.move(box["x"] + box["width"] * 0.80, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=12)
    page.mouse.up()
    page.wait_for_function(
        "() => location.search.includes('start=') && location.search.includes('end=')", timeout=30_000
    )
    # The link changes as the rerun starts; the heading once it has drawn (on a loaded machine, later).
    page.wait_for_function(
        "() => { const h = [...document.querySelectorAll('h3')].find(e => e.textContent.includes(' of '));"
        " if (!h) return false; const [shown, total] = h.textContent.split(' events')[0].split(' of ');"
        " return parseInt(shown) < parseInt(total); }",
        timeout=30_000,
    )
    heading = page.locator("h3", has_text=" of ")
    shown, total = (int(part) for part in heading.first.inner_text().split(" events")[0].split(" of "))
    assert 0 < shown < total == len(dataset.events)
    view.screenshot("journalist-overview-brush.png")
    view.close()


def test_a_journalists_whole_path(server: str, browser: Browser, dataset) -> None:
    """(Last in the module: it saves an article, which every later test would see.) Open, filter by type and date, reset, share and reopen, select on map and timeline, add an article
    with its date, save it, see it on the map, review it, export: a screenshot at each step."""
    view = OfflinePage(browser)
    view.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = view.page
    total = len(dataset.events)
    shots = iter(range(1, 100))

    def shot(name: str) -> None:
        view.screenshot(f"journey-{next(shots):02d}-{name}.png")

    view.open(server + "/")
    shot("open")
    _choose_type(page, "Strategic developments")
    _type_date(page, "From", date(2023, 9, 20))
    state = ViewState(start=date(2023, 9, 20), types=("strategic-developments",))
    filtered = len(filter_events(dataset.events, state))
    page.get_by_text(_heading(total, filtered)).wait_for(timeout=30_000)
    shot("filtered")
    page.get_by_role("button", name="Reset filters").click()
    page.get_by_text(_heading(total, total)).wait_for(timeout=30_000)
    shot("reset")
    _choose_type(page, "Battles")
    battles = len(filter_events(dataset.events, ViewState(types=("battles",))))
    page.get_by_text(_heading(total, battles)).wait_for(timeout=30_000)
    page.get_by_text("Share this view").click()
    share = page.frame_locator('iframe[title="st.iframe"]').last
    # The box's script has run once the field holds the link: only then does the button copy.
    expect(share.get_by_label("Share link")).to_have_value(re.compile(r"^http"), timeout=30_000)
    share.get_by_role("button", name="Copy link").click()
    share.get_by_text("Copied").wait_for(timeout=10_000)
    link = page.evaluate("() => navigator.clipboard.readText()")
    shot("shared")
    fresh = OfflinePage(browser)
    fresh.open(link)
    fresh.page.get_by_text(_heading(total, battles)).wait_for(timeout=30_000)
    fresh.screenshot(f"journey-{next(shots):02d}-reopened.png")
    fresh.close()
    page.get_by_role("button", name="Reset filters").click()
    page.get_by_text(_heading(total, total)).wait_for(timeout=30_000)
    # Select on the map, then on the timeline.
    marker = view.map_frame().locator(".datelines-event").first
    marker.dispatch_event("click")
    page.get_by_text("Selected:").wait_for(timeout=30_000)
    shot("selected-on-map")
    page.get_by_role("button", name="Clear selection").click()
    page.get_by_text("Selected:").wait_for(state="detached", timeout=30_000)
    points = page.locator("[data-testid=stVegaLiteChart] g.days_marks path")
    points.first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    box = next(box for box in (point.bounding_box() for point in points.all()) if box)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Selected:").wait_for(timeout=30_000)
    shot("selected-on-timeline")
    # Add an article with its date, save it, see it on the map.
    text = (
        "GOMA (Datelines Wire) — Rebels shelled the town of Sake on Monday, killing three civilians, and "
        "peacekeepers said on Tuesday that the road to Goma was closed."
    )
    add_article(page, text, "20240212")  # Enter applies a typed date, as in every other field
    page.get_by_text("It will be saved as").wait_for(timeout=30_000)
    # The journalist corrects the shelling's type in the draft table before saving.
    draft = page.locator("[data-testid=stDataFrame]").nth(1)
    _edit_first_row(page, draft, column=1, typed="Peaceful protest", shows="Protests: Peaceful protest")
    assert "Protests: Peaceful protest" in draft.locator("td").all_inner_texts()[:5]
    shot("draft")
    page.get_by_role("button", name="Save article").click()
    page.get_by_text("with 1 corrected event(s)").wait_for(timeout=30_000)
    shot("saved")
    page.wait_for_timeout(1500)  # the saving run ends before the page is left
    page.locator("[data-testid=stSidebarNav] a", has_text="Map & timeline").click()
    try:  # the dataset is read again with the new article: slow on a loaded machine
        page.wait_for_function(
            f"() => {{ const h = [...document.querySelectorAll('h3')].find(e => e.textContent.includes(' of ')); "
            f"return h && parseInt(h.textContent.split(' of ')[1]) > {total}; }}",
            timeout=60_000,
        )
    except Exception:
        shot("not-on-the-map")  # what the page showed instead, for the next reader of a failure
        raise
    page.wait_for_timeout(1500)
    shot("on-the-map")
    # Review it: summary, place, dates and the sentence first; export.
    page.locator("[data-testid=stSidebarNav] a", has_text="Review").click()
    page.get_by_text("Saved article", exact=True).wait_for(timeout=30_000)
    page.locator("[data-testid=stDataFrame], [data-testid=stDataFrameResizable]").first.wait_for(timeout=30_000)
    # ... and moves the first event from Sake to Goma, another place the article names.
    review = page.locator("[data-testid=stDataFrame]").first
    review.scroll_into_view_if_needed()
    review.locator("td").filter(has_text=re.compile(r"^Sake \(")).wait_for(state="attached", timeout=30_000)
    _edit_first_row(page, review, column=1, typed="Goma", shows="Goma (settlement, CD)")
    assert any(text.startswith("Goma (") for text in review.locator("td").all_inner_texts()[:3])
    shot("review")
    page.get_by_role("button", name="Save corrections").click()
    page.get_by_text("Corrections saved.").wait_for(timeout=30_000)
    page.locator("[data-testid=stSidebarNav] a", has_text="Events").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert "article_title" in exported.splitlines()[0] and "Sake" in exported
    (corrected,) = [row for row in csv.DictReader(io.StringIO(exported)) if "shelled" in row["summary"]]
    assert corrected["sub_event_type"] == "peaceful-protest" and corrected["site_name"] == "Goma", corrected
    shot("exported")
    assert view.code_left_the_machine() == []
    view.close()
