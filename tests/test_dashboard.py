"""AppTest of every page: no exception, link parameters give the right counts, filters persist."""

import json
import re
from datetime import date

import pytest
from conftest import ROOT, geonames_country_zip
from hostile import TAMPERED_LINKS
from streamlit.testing.v1 import AppTest

from datelines.data.store import save_article
from datelines.extract.article import Article
from datelines.views.view import ViewState, filter_events
from ui.context import TIMELINE_READY

PAGES = ["pages/home.py", "pages/places.py", "pages/events.py", "pages/article.py", "pages/about.py"]


def app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def heading_counts(heading: str) -> tuple[int, int]:
    """(shown, total) from a heading "1,234 of 56,789 events"."""
    shown, total = re.match(r"([\d,]+) of ([\d,]+) events", heading).groups()
    return int(shown.replace(",", "")), int(total.replace(",", ""))


def count(at: AppTest) -> tuple[int, int]:
    return heading_counts(next(h.value for h in at.subheader if " of " in h.value))


def link_values(at: AppTest, key: str) -> list[str]:
    """What the address bar holds for `key` after the run (AppTest keeps one value as a string)."""
    value = at.query_params.get(key, [])
    return value if isinstance(value, list) else [value]


def map_rows(at: AppTest) -> int:
    """Events in the map's data layer, read from the component's arguments (its Leaflet script)."""
    (component,) = at.get("component_instance")
    layers = json.loads(component.proto.json_args)["feature_group"]
    latitudes = re.search(r'"events":\{"scale":\d+,"lat":(\[[^\]]*\])', layers)
    return len(json.loads(latitudes.group(1)))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page: str) -> None:
    at = app()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_default_view_shows_every_event_on_map_and_count(dataset) -> None:
    at = app()
    assert count(at) == (len(dataset.events), len(dataset.events))
    assert map_rows(at) == int(dataset.events["lat"].notna().sum())


@pytest.mark.parametrize(
    ("params", "state"),
    [
        pytest.param({"type": ["battles", "riots"]}, ViewState(types=("battles", "riots")), id="types"),
        pytest.param(
            {"type": "strategic-developments", "subtype": "agreement"},
            ViewState(types=("strategic-developments",), subtypes=("agreement",)),
            id="type-and-subtype",
        ),
        pytest.param({"type": ["agreement"]}, ViewState(subtypes=("agreement",)), id="earlier-links-type"),
        pytest.param(
            {"start": "2023-09-20", "end": "2023-09-23"},
            ViewState(start=date(2023, 9, 20), end=date(2023, 9, 23)),
            id="dates",
        ),
        pytest.param(
            {"start": "2020-01-01", "end": "2020-12-31", "type": "strategic-developments"},
            ViewState(start=date(2020, 1, 1), end=date(2020, 12, 31), types=("strategic-developments",)),
            id="dates-and-type",
        ),
        pytest.param({"article": "karabakh-2023-09-23"}, ViewState(article="karabakh-2023-09-23"), id="article"),
    ],
)
def test_link_parameters_give_the_expected_counts(dataset, params: dict, state: ViewState) -> None:
    at = app(**params)
    expected = len(filter_events(dataset.events, state))
    assert count(at) == (expected, len(dataset.events))
    assert expected < len(dataset.events) or "article" in params
    assert map_rows(at) == expected


def test_switching_pages_keeps_the_filters(dataset) -> None:
    at = app(subtype=["agreement"])
    shown, _ = count(at)
    at.switch_page("pages/events.py")
    at.run()
    assert count(at)[0] == shown
    at.switch_page("pages/home.py")
    at.run()
    assert count(at)[0] == shown
    assert link_values(at, "subtype") == ["agreement"]


@pytest.mark.parametrize(
    "params",
    [
        {"start": "yesterday"},
        {"start": "2024-01-01", "end": "2020-01-01"},
        {"type": "<script>alert(1)</script>"},
        {"event": "no-such-event"},
        {"start": "9" * 1000},
    ],
)
def test_bad_links_show_defaults_and_a_notice(dataset, params: dict) -> None:
    at = app(**params)
    assert count(at) == (len(dataset.events), len(dataset.events))
    assert any("Link:" in warning.value for warning in at.warning)


def test_first_view_draws_the_map_and_then_the_timeline(dataset) -> None:
    at = app()
    assert len(at.get("component_instance")) == 1  # the map
    assert any("Drawing the timeline" in caption.value for caption in at.caption)
    assert not at.get("vega_lite_chart")
    at.session_state[TIMELINE_READY] = True  # what the page's timer sets one tick later in a browser
    at.run()
    assert len(at.get("vega_lite_chart")) == 2  # timeline and overview strip
    assert not any("Drawing the timeline" in caption.value for caption in at.caption)


def test_selected_event_from_link_is_shown(dataset) -> None:
    event_id = dataset.events["id"].iloc[4]
    at = app(event=event_id)
    assert any("Selected:" in markdown.value for markdown in at.markdown)
    assert link_values(at, "event") == [event_id]


def test_data_file_with_missing_columns_gives_a_message(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setenv("DATELINES_DATA", str(bad))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert any("missing" in error.value for error in at.error)


ARTICLE = (
    "LIMA, Peru (Datelines Wire) — Thousands of protesters marched in Lima on Monday against the new "
    "pension law, and police arrested 37 people near the Congress building. Protests also spread to "
    "Arequipa on Tuesday, where demonstrators blocked the Pan-American Highway."
)


def test_add_save_and_review_flow(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DATELINES_ARTICLES_DIR", str(tmp_path))
    at = app()
    at.switch_page("pages/add.py")
    at.run()
    at.text_area(key="add_text").input(ARTICLE)
    at.run()
    next(button for button in at.button if button.label == "Use this text").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # No silent default: the draft waits for the publication date its relative dates are read against.
    assert any("publication date" in message.value for message in at.info)
    assert not any("Draft events" in markdown.value for markdown in at.markdown)
    next(field for field in at.date_input if field.label == "Published").set_value(date(2024, 8, 22))
    at.run()
    assert any("Draft events" in markdown.value for markdown in at.markdown)
    next(field for field in at.text_input if field.label == "Title").input("Lima pension protests")
    at.run()
    next(button for button in at.button if button.label == "Save article").click()
    at.run()
    assert any("Saved as" in message.value for message in at.success), [m.value for m in at.success]
    (saved,) = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert saved.name == "2024-08-22-lima-pension-protests"
    assert (saved / "article.txt").read_text(encoding="utf-8") == ARTICLE
    at.switch_page("pages/home.py")
    at.run()
    _shown, total = count(at)
    assert total > 18  # the seed's events and the new article's
    at.switch_page("pages/review.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Export" in button.label for button in at.get("download_button"))


def test_places_lists_the_names_the_gazetteer_lacks(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DATELINES_ARTICLES_DIR", str(tmp_path))
    text = "DJIBO, Burkina Faso — Gunmen burned the village of Wolokoro near Djibo on Sunday, residents said."
    save_article(Article(id="2024-05-06-wolokoro", title="Wolokoro", published=date(2024, 5, 6), text=text))
    at = app()
    at.switch_page("pages/places.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("names the gazetteer lacks" in markdown.value for markdown in at.markdown)
    lacking = at.dataframe[-1].value
    assert lacking["name as written"].tolist() == ["Wolokoro"] and "Djibo" in lacking["drawn"].iloc[0]


@pytest.mark.parametrize("params", TAMPERED_LINKS, ids=[f"link-{index}" for index in range(len(TAMPERED_LINKS))])
def test_tampered_links_open_the_default_view_with_a_notice(dataset, params: dict) -> None:
    at = app(**params)
    assert not at.exception
    _shown, total = count(at)
    assert total == len(dataset.events)
    assert any("Link:" in warning.value for warning in at.warning), params


def test_about_lists_the_installed_gazetteer_packs(tmp_path, monkeypatch) -> None:
    from datelines.geo import packs

    monkeypatch.setenv("DATELINES_PACKS_DIR", str(tmp_path / "packs"))
    at = app()
    at.switch_page("pages/about.py")
    at.run()
    assert any("No gazetteer packs" in caption.value for caption in at.caption)
    packs.add([geonames_country_zip(tmp_path / "downloads")], today=date(2026, 12, 7))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (table,) = [frame.value for frame in at.dataframe if "pack" in frame.value.columns]
    assert table.to_dict("records") == [
        {"pack": "KE", "places": 7, "countries": "KE", "source file": "KE.zip", "added": "2026-12-07"}
    ]
    assert any("restarted" in block.value for block in at.markdown)
