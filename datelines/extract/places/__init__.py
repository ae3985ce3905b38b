"""The place stage: names the gazetteer knows, then named sites, then "N km south of" offsets.

`stage.find_places` runs the steps in that order; each step only reads the mentions of the one before.
"""
