"""Review a saved article: correct events, remove or add places, mark events checked; export, import, delete."""

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
from datelines.geo.gazetteer import load
from datelines.geo.geocode import configured_online_geocoder
from datelines.views.corrections import NO_PLACE, TYPE_CHOICES, draft_events_table, event_changes
from ui.context import cached_dataset, context
from ui.text import plain

ctx = context("review")
st.subheader("Review and correct", anchor=False)
if ctx.store is not None:
    st.info(
        "The dashboard shows an event store, which is read-only here. Saved articles are reviewed on the "
        "dashboard started without --data (make run); a store is refilled with import-events or ingest."
    )
    st.stop()
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

# What a reader checks first (summary, place, dates, the sentence), the id last.
events = ctx.dataset.events[ctx.dataset.events["article_id"] == article_id]
places = ctx.dataset.places[ctx.dataset.places["article_id"] == article_id]
table, place_ids = draft_events_table(events, places)
table = table.assign(
    evidence=events["evidence"].astype(str).to_numpy(),
    checked=events["checked"].astype(bool).to_numpy(),
    delete=False,
)
st.markdown(
    "**Events** — change a type (event type: sub-event type), the dates or the place (any place the article "
    "names, or one added below), tick *checked* once you have verified an event, *delete* a false one."
)
edited = st.data_editor(
    table,
    hide_index=True,
    width="stretch",
    disabled=["id", "summary", "evidence"],
    column_order=["summary", "place", "date_start", "date_end", "type", "evidence", "checked", "delete", "id"],
    column_config={
        "summary": st.column_config.TextColumn("summary", width="large"),
        "type": st.column_config.SelectboxColumn("type", options=list(TYPE_CHOICES.values()), required=True),
        "date_start": st.column_config.DateColumn("from", format="D MMM YYYY"),
        "date_end": st.column_config.DateColumn("to", format="D MMM YYYY"),
        "place": st.column_config.SelectboxColumn("place", options=[NO_PLACE, *place_ids]),
        "evidence": st.column_config.TextColumn("sentence", width="large"),
        "id": st.column_config.TextColumn("id", width="small"),
    },
    key=f"editor_{article_id}",
)

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
    corrections = {}
    original = table.set_index("id").to_dict(orient="index")
    for row in edited.to_dict(orient="records"):
        change = event_changes(original[row["id"]], row, place_ids)
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
