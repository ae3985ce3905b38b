"""The naive baseline for `make bench`: one folium.Marker (with popup) per event, no caching."""

import os
import sys
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from bench/

from datelines.views.maps import LEAFLET_CSS, LEAFLET_JS

folium.Map.default_js = LEAFLET_JS  # offline, like ours: the comparison is about the page, not the CDN
folium.Map.default_css = LEAFLET_CSS

events = pd.read_parquet(os.environ["DATELINES_DATA"])
types = st.multiselect("Event types", sorted(events["event_label"].dropna().unique()))
shown = events[events["event_label"].isin(types)] if types else events
st.subheader(f"{len(shown)} of {len(events)} events")
fmap = folium.Map(location=[20, 20], zoom_start=2, tiles=None)
for row in shown.itertuples():
    folium.Marker([row.lat, row.lon], popup=str(row.summary), tooltip=str(row.event_label)).add_to(fmap)
st_folium(fmap, height=500, use_container_width=True)
