"""Add an article: paste, upload or fetch it, see the machine's draft, then save it."""

from collections.abc import Callable
from datetime import date

import streamlit as st

from datelines.data.ingest import Draft, from_upload, from_url
from datelines.data.store import (
    StoreError,
    articles_dir,
    save_article,
    short_id,
    short_title,
    unique_id,
    write_overrides,
)
from datelines.data.tables import events_frame, places_frame
from datelines.extract.article import Article, ArticleError
from datelines.extract.pipeline import extract
from datelines.views.corrections import NO_PLACE, TYPE_CHOICES, draft_corrections, draft_events_table
from datelines.views.maps import map_frame
from ui.context import cached_dataset, context
from ui.text import plain
from ui.widgets import folium_map


def _take_draft(read: Callable[[], Draft]) -> None:
    """Keep what was read as the draft, or say why nothing could be read."""
    try:
        draft = read()
    except ArticleError as error:
        st.error(plain(error))
        return
    st.session_state["add_draft"] = {
        "text": draft.text,
        "title": draft.title,
        "published": draft.published,
        "source": draft.source,
    }


context("add")
st.subheader("Add an article", anchor=False)
st.caption("The draft is shown, and can be corrected, before anything is saved.")

source = st.radio("Source", ["Paste text", "Upload a file", "Fetch a URL"], horizontal=True)
draft = st.session_state.get("add_draft")
if source == "Paste text":
    pasted = st.text_area("Article text", height=220, key="add_text")
    if st.button("Use this text", disabled=not pasted.strip()):
        st.session_state["add_draft"] = {"text": pasted, "title": "", "published": None, "source": "pasted"}
elif source == "Upload a file":
    upload = st.file_uploader("A .txt, .md or .html file (up to 5 MB)", type=["txt", "md", "html", "htm"])
    if upload is not None and st.button("Read this file"):
        _take_draft(lambda: from_upload(upload.name, upload.getvalue()))
else:
    url = st.text_input("Web address of the article")
    if st.button("Fetch", disabled=not url.strip()):
        with st.spinner("Fetching…"):
            _take_draft(lambda: from_url(url))

draft = st.session_state.get("add_draft")
if draft:
    if not draft["text"].strip():
        st.error("The text is empty: nothing to read.")
        st.stop()
    left, right = st.columns(2)
    title = left.text_input("Title", value=draft["title"] or short_title(draft["text"]))
    # No silent default: relative dates ("on Monday") are read against this date.
    published = right.date_input(
        "Published",
        value=draft["published"],
        min_value=date(1800, 1, 1),
        max_value=date(2999, 12, 31),
        help='Relative dates in the text ("on Monday", "last week") are read against this date',
    )
    undated = right.checkbox("The publication date is unknown", help="Relative dates then stay unresolved")
    if published is None and not undated:
        st.info("Enter the article's publication date (or tick that it is unknown) to read its dates.")
        st.stop()
    article = Article(
        id=unique_id(short_id(title, published)),
        title=title,
        published=published,
        text=draft["text"],
        source=draft["source"],
    )
    with st.status("Reading the article…", expanded=False) as status:
        status.write("Finding places and geocoding them…")
        extraction = extract(article)
        status.write(f"{len(extraction.places)} places, {len(extraction.events)} events")
        status.update(
            label=f"Draft ready: {len(extraction.places)} places, {len(extraction.events)} events", state="complete"
        )
    st.caption(f"It will be saved as **{article.id}**.")
    for warning in extraction.warnings:
        st.info(plain(warning))
    events = events_frame([extraction])
    draft_places = places_frame([extraction])
    st.markdown("**Draft places**")
    st.dataframe(
        draft_places[["mention", "name", "kind", "country_code", "lat", "lon", "geo_precision"]],
        hide_index=True,
        width="stretch",
        column_config={
            "mention": "as written",
            "name": "place",
            "country_code": "country",
            "lat": st.column_config.NumberColumn("latitude", format="%.4f"),
            "lon": st.column_config.NumberColumn("longitude", format="%.4f"),
            "geo_precision": st.column_config.NumberColumn(
                "precision", help="1 exact place, 2 near a place or part of a region, 3 large region or country"
            ),
        },
    )
    st.markdown("**Draft events** — correct a type, a date or a place before saving.")
    draft_table, place_ids = draft_events_table(events, draft_places)
    edited = st.data_editor(
        draft_table,
        hide_index=True,
        width="stretch",
        disabled=["id", "summary"],
        column_order=["summary", "type", "date_start", "date_end", "place", "id"],
        column_config={
            "type": st.column_config.SelectboxColumn("type", options=list(TYPE_CHOICES.values()), required=True),
            "date_start": st.column_config.DateColumn("from", format="D MMM YYYY"),
            "date_end": st.column_config.DateColumn("to", format="D MMM YYYY"),
            "place": st.column_config.SelectboxColumn("place", options=[NO_PLACE, *place_ids]),
        },
        key=f"draft_editor_{article.id}",
    )
    if not events.empty or not draft_places.empty:
        folium_map(map_frame(events, draft_places), events, draft_places, height=380, key="draft_map")
    st.caption(f"Saved articles live in `{articles_dir()}` and join the map and timeline.")
    if st.button("Save article", type="primary"):
        corrections = draft_corrections(draft_table, edited, place_ids)
        try:
            folder = save_article(article)
            if corrections:
                write_overrides(article.id, {"events": corrections, "removed_places": [], "added_places": []})
        except (StoreError, OSError) as error:
            st.error(f"Not saved: {plain(error)}")
        else:
            cached_dataset.clear()
            st.session_state.pop("add_draft", None)
            fixed = f", with {len(corrections)} corrected event(s)" if corrections else ""
            st.success(
                f"Saved as {article.id} ({folder.name}){fixed}. It is now on the map; correct it further on the Review page."
            )
