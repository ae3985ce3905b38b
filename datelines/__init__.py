"""datelines: news articles to geocoded places and dated, typed events.

The package imports no Streamlit; the dashboard (dashboard.py, pages/) is a thin UI over it.
"""

__version__ = "0.1.0"

from datelines import _native

_native.install()  # the mypyc-compiled pipeline, when `make native` built it from these sources
