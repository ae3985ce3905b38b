"""The extractor measured against gold annotations: a regression guard for quality a user sees."""

from pathlib import Path

from conftest import shared_file

from datelines.evaluate import (
    CONFLICT_REPORTS,
    DEFAULT_GEOBENCH,
    GOLD_DIR,
    LOCAL_NEWS,
    GoldScore,
    evaluate_geobench,
    score_gold,
)


def _score(path: Path) -> GoldScore:
    return score_gold(path)[0]


def test_seed_gold_places_and_events() -> None:
    score, notes = score_gold(GOLD_DIR / "karabakh-2023-09-23.json")
    assert score.correct_predicted == score.predicted_places, notes  # nothing wrong on the map
    assert score.found_events / score.gold_events >= 0.9, notes


def test_other_articles_pooled_precision_and_recall() -> None:
    scores = [score_gold(path)[0] for path in sorted(GOLD_DIR.glob("*.json")) if "karabakh" not in path.name]
    assert len(scores) >= 3
    precision = sum(s.correct_predicted for s in scores) / sum(s.predicted_places for s in scores)
    recall = sum(s.placed_right for s in scores) / sum(s.gold_places for s in scores)
    events = sum(s.found_events for s in scores) / sum(s.gold_events for s in scores)
    assert precision >= 0.90
    # The target is 0.95; villages under 1,000 people and street-level landmarks are
    # outside the gazetteer, so the guard sits at what the extractor reaches today.
    assert recall >= 0.75
    assert events >= 0.85


def test_geowebnews_targets() -> None:
    result = evaluate_geobench(shared_file(Path(DEFAULT_GEOBENCH)))
    assert result["f1"] >= 0.75
    assert result["accuracy_161km"] >= 0.85


def test_gold_events_get_the_acled_types_a_coder_gave() -> None:
    """The gold events of the conflict reports carry the ACLED sub-event type a coder would give (read by hand
    from each sentence); the local news set is held apart below."""
    scores = [score for score in map(_score, sorted(GOLD_DIR.glob("*.json"))) if score.gold_set == CONFLICT_REPORTS]
    events = sum(s.gold_events for s in scores)
    assert events >= 50
    # Before sub-event typing the plain types' fixed mapping gave 0.737 and 0.509.
    assert sum(s.acled_type_right for s in scores) / events >= 0.75
    assert sum(s.sub_type_right for s in scores) / events >= 0.65


def test_local_news_places_and_events() -> None:
    """Five local-news articles written for issue 22 (county, regional, district, village, outbreak news), their
    homonyms and unlisted villages annotated by hand. Guards at the level reached when they were added: places
    0.77 placed right (0.71 before admin context), precision 0.93; ACLED types 0.64 (storms and outbreaks are
    outside ACLED, and their effects are where the types disagree most)."""
    scores = [score for score in map(_score, sorted(GOLD_DIR.glob("*.json"))) if score.gold_set == LOCAL_NEWS]
    assert len(scores) == 5
    recall = sum(s.placed_right for s in scores) / sum(s.gold_places for s in scores)
    precision = sum(s.correct_predicted for s in scores) / sum(s.predicted_places for s in scores)
    assert recall >= 0.77 and precision >= 0.93, (recall, precision)
    events = sum(s.gold_events for s in scores)
    assert sum(s.found_events for s in scores) / events >= 0.95
    assert sum(s.acled_type_right for s in scores) / events >= 0.63
