"""The deaths a clause reports, as ACLED counts them (sentences written for these tests)."""

import pytest

from datelines.extract.fatalities import reported_deaths


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        ("Warplanes pounded the village, killing 6 civilians, including 2 women.", 6),
        ("At least 12 people were killed and two others were injured in an attack.", 12),
        ("Three soldiers died in the ambush near the river.", 3),
        ("Gunmen killed a farmer on his way to market.", 1),
        ("The shelling left dozens dead in the old town.", 12),
        ("The death toll rose to 1,200 on Friday.", 1200),
        ("An explosion killed one man and wounded five others.", 1),
        # No deaths reported: none counted.
        ("Twenty people were injured when police fired tear gas.", None),
        ("The blast left 3 people injured.", None),
        ("Police arrested 40 protesters outside parliament.", None),
        ("The six-week war ended with a ceasefire.", None),
        ("The convoy was hit 3 km from the border.", None),
        ("A man was killed at the checkpoint.", 1),
    ],
)
def test_the_deaths_a_clause_reports(text: str, deaths: int | None) -> None:
    assert reported_deaths(text) == deaths
