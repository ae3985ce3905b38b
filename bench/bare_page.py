"""The first-paint baseline for `make bench`: one marker on an offline map in st_folium."""

import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from bench/

from datelines.views.maps import OfflineMap

st.set_page_config(layout="wide")
fmap = OfflineMap(location=[39.8, 46.7], zoom_start=8, tiles=None)
folium.CircleMarker([39.76, 46.75], radius=6, tooltip="Shusha").add_to(fmap)
st_folium(fmap, height=560, use_container_width=True, returned_objects=[])
