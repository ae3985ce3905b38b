"""Streamlit-side helpers shared by the entrypoint and the pages (the pipeline never imports these)."""
