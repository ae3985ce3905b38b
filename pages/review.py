"""Review a saved article: correct events, remove or add places, mark events checked; export, import, delete."""

import pandas as pd
import streamlit as st
from geopy.exc import GeocoderServiceError

from datelines.data.store import (
    StoreError,
    articles_dir,
    delete_article,
    export_zip,
    import_zip,
    merge_events,
    read_overrides,
    write_overrides,
)
from datelines.extract.acled import SUB_EVENT_TYPES, SUB_EVENT_TYPES_BY_SLUG
from datelines.geo.gazetteer import load
from datelines.geo.geocode import configured_online_geocoder
from ui.context import cached_dataset, context
from ui.text import plain

ctx = context("review")
st.subheader("Review and correct", anchor=False)
folder = articles_dir()
saved = sorted(path.name for path in folder.glob("*") if (path / "article.txt").exists()) if folder.is_dir() else []

with st.expander("Export or import every saved article (zip)"):
    st.download_button("Export all saved articles", export_zip(), "datelines-articles.zip", "application/zip")
    upload = st.file_uploader("Import a zip exported by datelines", type=["zip"], key="import_zip")
    if upload is not None and st.button("Import"):
        try:
            imported = import_zip(upload.getvalue())
        except StoreError as error:
            st.error(plain(error))
        else:
            cached_dataset.clear()
            st.success(f"Imported {len(imported)} article(s): {', '.join(imported)}")

if not saved:
    st.info("No saved articles yet. Add one on the Add article page; the seed articles are read-only.")
    st.stop()

article_id = st.selectbox("Saved article", saved)
extraction = ctx.dataset.extractions.get(article_id)
if extraction is None:
    st.warning("This article is not in the current dataset (it may have just been imported); reload the page.")
    st.stop()
try:
    overrides = read_overrides(article_id)
except StoreError as error:
    st.error(plain(error))
    st.stop()

# ACLED's event type and sub-event type in one choice; the plain label follows the sub-event type.
labels = {sub.slug: f"{sub.event_type}: {sub.label}" for sub in SUB_EVENT_TYPES}
events = ctx.dataset.events[ctx.dataset.events["article_id"] == article_id]
table = pd.DataFrame(
    {
        "id": events["id"],
        "checked": events["checked"].astype(bool),
        "delete": False,
        "type": events["sub_event_type"].astype(str).map(labels),
        "date_start": events["date_start"].dt.date,
        "date_end": events["date_end"].dt.date,
        "place": events["site_name"],
        "summary": events["summary"],
    }
)
st.markdown(
    "**Events** — change an ACLED type (event type: sub-event type) or dates, tick *checked* once you have "
    "verified an event, *delete* a false one."
)
edited = st.data_editor(
    table,
    hide_index=True,
    width="stretch",
    disabled=["id", "place", "summary"],
    column_config={
        "type": st.column_config.SelectboxColumn(options=list(labels.values()), required=True),
        "date_start": st.column_config.DateColumn(),
        "date_end": st.column_config.DateColumn(),
    },
    key=f"editor_{article_id}",
)

places = ctx.dataset.places[ctx.dataset.places["article_id"] == article_id]
st.markdown("**Places** — tick to remove a place the machine got wrong.")
removed = st.multiselect(
    "Remove places",
    places["id"].tolist(),
    default=[place for place in overrides["removed_places"] if place in set(places["id"])],
    format_func=lambda place_id: (
        f"{places.set_index('id').loc[place_id, 'mention']} → {places.set_index('id').loc[place_id, 'name']}"
    ),
)
search = st.text_input("Add a missed place: search the gazetteer by name")
added = list(overrides["added_places"])
if search.strip():
    candidates = load().candidates(search.strip())[:20]
    options = {
        f"{entry.name} ({entry.kind}, {entry.country_code or '—'}, {entry.lat:.2f}, {entry.lon:.2f})": entry.id
        for entry, _t, _s in candidates
    }
    if options:
        choice = st.selectbox("Matches", list(options))
        if st.button("Add this place"):
            added.append({"id": options[choice], "mention": search.strip()})
            st.session_state["pending_added"] = added
    else:
        st.info("No place of that name in the gazetteer.")
    online = configured_online_geocoder()
    if online is not None and st.button("Search Nominatim too"):
        try:
            online.limiter.wait()
            found = online.nominatim.geocode(search.strip(), exactly_one=False, limit=5) or []
        except (GeocoderServiceError, ValueError) as error:
            st.warning(f"Nominatim did not answer ({plain(error)}); the gazetteer's matches are above.")
            found = []
        st.session_state["nominatim_matches"] = [
            {
                "name": location.address.split(",")[0],
                "lat": location.latitude,
                "lon": location.longitude,
                "source": "nominatim",
            }
            for location in found
        ]
    matches = st.session_state.get("nominatim_matches", [])
    if matches:
        labels_found = {f"{m['name']} ({m['lat']:.3f}, {m['lon']:.3f}) — Nominatim": m for m in matches}
        picked = st.selectbox("Nominatim matches", list(labels_found))
        if st.button("Add this Nominatim place"):
            added.append({**labels_found[picked], "mention": search.strip()})
            st.session_state["pending_added"] = added
added = st.session_state.get("pending_added", added)

if st.button("Save corrections", type="primary"):
    slug_by_label = {label: slug for slug, label in labels.items()}
    corrections = {}
    original = table.set_index("id")
    for row in edited.to_dict(orient="records"):
        before = original.loc[row["id"]]
        change = {}
        if row["type"] != before["type"]:
            sub_event = slug_by_label.get(row["type"], "other")
            change["sub_event_type"] = sub_event
            change["event_type"] = SUB_EVENT_TYPES_BY_SLUG[sub_event].plain_type
        for key in ("date_start", "date_end"):
            if row[key] and str(row[key]) != str(before[key]):
                change[key] = str(row[key])
        if row["delete"]:
            change["deleted"] = True
        entry = {**overrides["events"].get(row["id"], {}), **change, "checked": bool(row["checked"])}
        if entry != {"checked": False}:
            corrections[row["id"]] = entry
    try:
        write_overrides(article_id, {"events": corrections, "removed_places": removed, "added_places": added})
    except (StoreError, OSError) as error:
        st.error(f"Corrections not saved: {plain(error)}")
    else:
        cached_dataset.clear()
        st.session_state.pop("pending_added", None)
        st.success("Corrections saved. They stay on top of the machine output when the article is read again.")

with st.expander("Merge events that report the same happening (across articles)"):
    everything = ctx.dataset.events
    names = {
        row.id: f"{row.id} · {row.event_label} · {row.site_name or '—'} · {str(row.date_start)[:10]}"
        for row in everything.itertuples()
    }
    chosen = st.multiselect(
        "Events to merge (the first one is kept)", list(names), format_func=names.get, key="merge_events"
    )
    if st.button("Merge", disabled=len(chosen) < 2):
        try:
            merge_events(chosen[0], chosen[1:], dict(zip(everything["id"], everything["article_id"], strict=True)))
        except (StoreError, OSError) as error:
            st.error(f"Not merged: {plain(error)}")
        else:
            cached_dataset.clear()
            st.success(f"Merged {len(chosen) - 1} event(s) into {chosen[0]}.")

with st.expander("Delete this article"):
    confirm = st.checkbox(f"Yes, delete {article_id} and its corrections")
    if st.button("Delete", disabled=not confirm):
        try:
            delete_article(article_id)
        except StoreError as error:
            st.error(plain(error))
        else:
            cached_dataset.clear()
            st.success(f"Deleted {article_id}.")
