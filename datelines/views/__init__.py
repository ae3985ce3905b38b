"""What the dashboard draws from the tables: the Folium map, the Vega-Lite timeline, and the URL's view state."""
