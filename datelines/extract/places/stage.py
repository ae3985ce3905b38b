"""The place stage's one entry: every place an article names, found in five steps that run in order.

1. `names.find_names`: names the gazetteer knows ("Shusha", "the Lachin Corridor"), and the known
   non-place names met on the way (people, organisations) that the events stage reads as actors.
1b. `context.within_containers`: "Paris, Texas", "Kurla (Mumbai Suburban, Maharashtra)": a place read
   inside the region, district or town named with it, or kept unresolved at that container.
2. `sites.with_sites`: named sites the gazetteer lacks ("the Zamzam camp"), placed at the town the
   article names with them; a town named inside a site's name stops being a place of its own.
2b. `context.with_unlisted_names`: villages the gazetteer lacks ("the village of Luidi"), sited at the
   container named after them, else at the most specific place of their sentence.
3. `offsets.with_offsets`: "a village 15 km south of Kharkiv", drawn at that distance and bearing.
4. `offsets.with_site_directions`: a site "south of the city" moved that way from its town.

Each step reads only the mentions the step before returned; none calls back into another.
"""

from __future__ import annotations

from datelines.extract.places.context import with_unlisted_names, within_containers
from datelines.extract.places.names import ToponymMention, find_names
from datelines.extract.places.offsets import with_offsets, with_site_directions
from datelines.extract.places.sites import with_sites


def find_places(text: str) -> tuple[list[ToponymMention], list[tuple[int, int, str]]]:
    """Every place mention the extractor keeps, and the non-place names found on the way (start, end, name).
    `make eval` scores exactly these mentions."""
    mentions, non_places = find_names(text)
    mentions = within_containers(text, mentions)
    mentions = with_sites(text, mentions)
    mentions = with_unlisted_names(text, mentions, non_places)
    mentions = with_offsets(text, mentions)
    return with_site_directions(text, mentions), non_places
