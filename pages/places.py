"""Places: every geocoded place the articles name, as a table to sort, check and download."""

import streamlit as st

from datelines.data.tables import places_across_articles, places_of_events, unresolved_places
from ui.context import context
from ui.widgets import downloads

ctx = context("places")
places = ctx.dataset.places
if ctx.view.article:
    places = places[places["article_id"] == ctx.view.article]
every_place = places_across_articles(places)
# A large store's matching events are not loaded: then every place is listed, as the caption says.
filtered = ctx.matching < ctx.total and not ctx.counted_only
if filtered:  # the places the filtered events name, as the map shows them
    places = places_of_events(places, ctx.events)
places = places_across_articles(places)  # a place several articles name is one row
st.subheader(f"{len(places)} of {len(every_place)} places" if filtered else f"{len(places)} places", anchor=False)
if filtered:
    st.caption("Places the events matching the sidebar filters name. Reset the filters to list every place.")
elif ctx.counted_only and ctx.matching < ctx.total:
    st.caption(f"{ctx.matching:,} events match the filters, too many to list their places: every place is listed.")
if places.empty:
    st.info(
        "No places: none of the filtered events names one."
        if filtered
        else "No places: this dataset has no article text to read places from, or none matched."
    )
else:
    table = places.drop(columns=["geometry"]).rename(
        columns={"mention": "name as written", "name": "canonical name", "mention_count": "mentions"}
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "lat": st.column_config.NumberColumn(format="%.4f"),
            "lon": st.column_config.NumberColumn(format="%.4f"),
            "geo_precision": st.column_config.NumberColumn(
                "precision", help="1 exact place, 2 near a place or part of a region, 3 large region or country"
            ),
        },
    )
    downloads(places, "datelines-places")
    unresolved = unresolved_places(places)
    if not unresolved.empty:
        st.markdown(f"**{len(unresolved)} names the gazetteer lacks**")
        st.dataframe(
            unresolved[["mention", "source", "country_code", "articles"]].rename(
                columns={"mention": "name as written", "source": "drawn", "country_code": "country"}
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "Villages and areas the text names with a district, town or region the gazetteer knows: each is drawn "
            "there, as part of a region. Place one exactly on the Review page (search the gazetteer or Nominatim, "
            "then move the event), or add a GeoNames country file as a gazetteer pack."
        )
    st.caption(
        "Coordinates: GeoNames (CC BY 4.0) and the project's hand-checked areas file; 'source' says which geocoder answered."
    )
