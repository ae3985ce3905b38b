"""Where names are: the offline gazetteer (GeoNames and hand-checked areas), its builder, and geopy's geocoders."""
