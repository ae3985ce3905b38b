"""datelines dashboard entrypoint: navigation and the shared filters; pages are thin UI."""

import logging

import streamlit as st

from ui.context import build_context

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
st.set_page_config(page_title="datelines — news on a map and a timeline", layout="wide")

st.session_state["_context"] = build_context()

page = st.navigation(
    [
        st.Page("pages/home.py", title="Map & timeline", default=True),
        st.Page("pages/places.py", title="Places"),
        st.Page("pages/events.py", title="Events"),
        st.Page("pages/article.py", title="Article"),
        st.Page("pages/about.py", title="About"),
    ]
)
page.run()
