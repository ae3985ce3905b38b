"""datelines dashboard entrypoint: navigation only; each page draws the shared filters first.

(Streamlit may run a file of pages/ directly on a rerun, without this entrypoint, so the
filters live with the pages rather than here.)"""

import logging

import streamlit as st

from ui.context import configure_page

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
configure_page()

page = st.navigation(
    [
        st.Page("pages/home.py", title="Map & timeline", default=True),
        st.Page("pages/places.py", title="Places"),
        st.Page("pages/events.py", title="Events"),
        st.Page("pages/article.py", title="Article"),
        st.Page("pages/add.py", title="Add article"),
        st.Page("pages/review.py", title="Review"),
        st.Page("pages/about.py", title="About"),
    ]
)
page.run()
