from datetime import date

from datelines.extract.article import Article
from datelines.extract.pipeline import extract


def _aliases_of(text: str, name: str) -> tuple[str, ...]:
    extraction = extract(Article(id="a", title="t", published=date(2023, 9, 23), text=text), online=False)
    return next(place.aliases for place in extraction.places if place.name == name)


def test_the_spelling_an_article_used_leads_the_aliases_and_is_not_carried_to_the_next_article() -> None:
    """Aliases are remembered per place and spellings: an article that wrote "Stepanakert" lists it first,
    and the next one, which wrote only "Khankendi", must not inherit it from the first's."""
    for _ in range(2):  # the second round is answered from what the first remembered
        assert _aliases_of("Shelling hit Stepanakert in Azerbaijan on Saturday.", "Khankendi")[0] == "Stepanakert"
        after = _aliases_of("Shelling hit Khankendi in Azerbaijan on Saturday.", "Khankendi")
        assert "Stepanakert" in after  # the gazetteer's own alias, further down
        assert after[0] != "Stepanakert"
        assert "Khankendi" not in after  # the canonical name is not its own alias
