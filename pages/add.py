"""Add an article: paste, upload or fetch it, see the machine's draft, then save it."""

from collections.abc import Callable
from datetime import date

import streamlit as st

from datelines.data.ingest import Draft, from_upload, from_url
from datelines.data.store import StoreError, save_article, unique_id
from datelines.data.tables import events_frame, places_frame
from datelines.extract.article import Article, ArticleError
from datelines.extract.pipeline import extract
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
st.caption(
    "The draft is shown before anything is saved. Saved articles live in data/articles/ and join the map and timeline."
)

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
    title = left.text_input("Title", value=draft["title"] or draft["text"].strip().splitlines()[0][:120])
    published = right.date_input(
        "Published", value=draft["published"] or date.today(), help="Relative dates are read against this"
    )
    article = Article(id=unique_id(title), title=title, published=published, text=draft["text"], source=draft["source"])
    with st.status("Reading the article…", expanded=False) as status:
        status.write("Finding places and geocoding them…")
        extraction = extract(article)
        status.write(f"{len(extraction.places)} places, {len(extraction.events)} events")
        status.update(
            label=f"Draft ready: {len(extraction.places)} places, {len(extraction.events)} events", state="complete"
        )
    for warning in extraction.warnings:
        st.info(plain(warning))
    events = events_frame([extraction])
    st.markdown("**Draft places**")
    st.dataframe(
        places_frame([extraction])[["mention", "name", "kind", "country_code", "lat", "lon", "geo_precision"]],
        hide_index=True,
        width="stretch",
    )
    st.markdown("**Draft events**")
    st.dataframe(
        events[["date_start", "date_end", "time_precision", "event_label", "site_name", "summary"]],
        hide_index=True,
        width="stretch",
    )
    draft_places = places_frame([extraction])
    if not events.empty or not draft_places.empty:
        folium_map(map_frame(events, draft_places), events, draft_places, height=380, key="draft_map")
    if st.button("Save article", type="primary"):
        try:
            folder = save_article(article)
        except (StoreError, OSError) as error:
            st.error(f"Not saved: {plain(error)}")
        else:
            cached_dataset.clear()
            st.session_state.pop("add_draft", None)
            st.success(f"Saved as {article.id} ({folder.name}). It is now on the map; correct it on the Review page.")
