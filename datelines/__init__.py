"""datelines: news articles to geocoded places and dated, typed events.

The package imports no Streamlit; the dashboard (dashboard.py, pages/) is a thin UI over it.
"""

__version__ = "0.1.0"
