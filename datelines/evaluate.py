"""`make eval`: measure the extractor against gold annotations and the GeoWebNews dev set.

Gold files (tests/fixtures/gold/*.json) are written by reading the articles; they measure the
extractor and are never used as its output. GeoWebNews is read from ../shared/geobench.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from datelines.extract.acled import SUB_EVENT_TYPES_BY_SLUG
from datelines.extract.article import Article, read_article
from datelines.extract.pipeline import Extraction, extract
from datelines.extract.places.names import distance_km
from datelines.extract.places.stage import find_places
from datelines.paths import ROOT

GOLD_DIR = ROOT / "tests" / "fixtures" / "gold"
ARTICLE_DIRS = (ROOT / "seeds", ROOT / "tests" / "fixtures" / "articles")
DEFAULT_GEOBENCH = ROOT.parent / "shared" / "geobench" / "gwn-dev.jsonl"
ACCURACY_KM = 161.0
# How far a place may be from the gold point and still count as placed right, by kind.
PLACED_WITHIN_KM = {
    "settlement": 15.0,
    "crossing": 15.0,
    "landmark": 15.0,
    "route": 45.0,
    "region": 80.0,
    "county": 80.0,
    "water": 300.0,
    "country": 300.0,
    "continent": 2000.0,
}


CONFLICT_REPORTS: Final = "conflict reports"
LOCAL_NEWS: Final = "local news"  # US county, UK regional, Indian district, African local news, an outbreak report


@dataclass
class GoldScore:
    article_id: str
    gold_places: int
    found_places: int
    placed_right: int
    predicted_places: int
    correct_predicted: int
    gold_events: int
    found_events: int
    typed_right: int
    acled_type_right: int = 0  # found with the gold's ACLED event type
    sub_type_right: int = 0  # found with the gold's ACLED sub-event type
    gold_set: str = CONFLICT_REPORTS  # what kind of news the article is (a gold file's "set")


def article_for(article_id: str) -> Article:
    for folder in ARTICLE_DIRS:
        path = folder / f"{article_id}.txt"
        if path.exists():
            return read_article(path)
    raise FileNotFoundError(f"no article text for gold file {article_id!r} in {', '.join(map(str, ARTICLE_DIRS))}")


def _names(place: dict) -> set[str]:
    return {place["name"], *place.get("mentions", [])}


def _predicted_names(place: object) -> set[str]:
    return {place.name, place.mention, *place.aliases, *(m.text for m in place.mentions)}


def match_places(gold_places: list[dict], extraction: Extraction) -> tuple[dict[int, tuple[object, float]], set[str]]:
    """gold index -> (predicted place, distance km) for name matches; and the predicted ids matched right."""
    matches: dict[int, tuple[object, float]] = {}
    correct: set[str] = set()
    for index, gold in enumerate(gold_places):
        names = _names(gold)
        for place in extraction.places:
            if names & _predicted_names(place):
                distance = distance_km(gold["lat"], gold["lon"], place.lat, place.lon)
                if index not in matches or distance < matches[index][1]:
                    matches[index] = (place, distance)
        if index in matches:
            place, distance = matches[index]
            if distance <= PLACED_WITHIN_KM.get(gold["kind"], 80.0):
                correct.add(place.id)
    return matches, correct


def _overlaps(first_start: date, first_end: date, second_start: date, second_end: date) -> bool:
    return first_start <= second_end and second_start <= first_end


def match_events(gold_events: list[dict], extraction: Extraction) -> list[tuple[dict, object | None]]:
    """Each gold event with the predicted event that reports it (same sentence, overlapping dates)."""
    text = extraction.article.text
    result = []
    for gold in gold_events:
        position = text.find(gold["evidence"])
        gold_start, gold_end = date.fromisoformat(gold["date_start"]), date.fromisoformat(gold["date_end"])
        found = None
        for event in extraction.events:
            same_sentence = event.evidence.start <= position < event.evidence.end
            dated = (
                same_sentence and event.date_start and _overlaps(event.date_start, event.date_end, gold_start, gold_end)
            )
            if dated and (found is None or event.event_type == gold["event_type"]):
                found = event
        result.append((gold, found))
    return result


def score_gold(path: Path) -> tuple[GoldScore, list[str]]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    extraction = extract(article_for(gold["article_id"]), online=False)
    matches, correct = match_places(gold["places"], extraction)
    notes = []
    placed_right = 0
    for index, place in enumerate(gold["places"]):
        if index not in matches:
            notes.append(f"  missed place {place['name']}")
            continue
        predicted, distance = matches[index]
        if distance <= PLACED_WITHIN_KM.get(place["kind"], 80.0):
            placed_right += 1
        else:
            notes.append(
                f"  misplaced {place['name']}: {predicted.name} ({predicted.country_code}) {distance:.0f} km off"
            )
    for place in extraction.places:
        if place.id not in correct:
            notes.append(f"  extra place {place.mention} -> {place.name} ({place.kind}, {place.country_code})")
    event_matches = match_events(gold["events"], extraction)
    for gold_event, found in event_matches:
        if found is None:
            notes.append(
                f"  missed event {gold_event['date_start']}..{gold_event['date_end']} {gold_event['event_type']}: {gold_event['evidence'][:60]}"
            )
    score = GoldScore(
        article_id=gold["article_id"],
        gold_set=gold.get("set", CONFLICT_REPORTS),
        gold_places=len(gold["places"]),
        found_places=len(matches),
        placed_right=placed_right,
        predicted_places=len(extraction.places),
        correct_predicted=len(correct),
        gold_events=len(gold["events"]),
        found_events=sum(1 for _gold, found in event_matches if found is not None),
        typed_right=sum(
            1
            for gold_event, found in event_matches
            if found is not None and found.event_type == gold_event["event_type"]
        ),
        acled_type_right=sum(
            1
            for gold_event, found in event_matches
            if found is not None
            and "sub_event_type" in gold_event
            and found.acled_event_type == SUB_EVENT_TYPES_BY_SLUG[gold_event["sub_event_type"]].event_type
        ),
        sub_type_right=sum(
            1
            for gold_event, found in event_matches
            if found is not None and found.sub_event == gold_event.get("sub_event_type")
        ),
    )
    return score, notes


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def evaluate_gold(gold_dir: Path = GOLD_DIR) -> list[GoldScore]:
    scores = []
    print("Gold articles (place recall = placed right / gold; precision = right / predicted)")
    print(f"{'article':34} {'P.rec':>6} {'P.prec':>6} {'E.rec':>6} {'E.type':>6} {'ACLED':>6} {'sub':>6}")
    for path in sorted(gold_dir.glob("*.json")):
        score, notes = score_gold(path)
        scores.append(score)
        print(
            f"{score.article_id:34} {_ratio(score.placed_right, score.gold_places):6.2f} "
            f"{_ratio(score.correct_predicted, score.predicted_places):6.2f} "
            f"{_ratio(score.found_events, score.gold_events):6.2f} {_ratio(score.typed_right, score.gold_events):6.2f} "
            f"{_ratio(score.acled_type_right, score.gold_events):6.2f} {_ratio(score.sub_type_right, score.gold_events):6.2f}"
        )
        for note in notes:
            print(note)
    for gold_set in (CONFLICT_REPORTS, LOCAL_NEWS):
        pooled = [score for score in scores if score.gold_set == gold_set]
        gold_events = sum(s.gold_events for s in pooled)
        placed = f"{sum(s.placed_right for s in pooled)}/{sum(s.gold_places for s in pooled)}"
        print(
            f"{gold_set + ' (pooled)':34} ACLED event type {_ratio(sum(s.acled_type_right for s in pooled), gold_events):.3f}, "
            f"sub-event type {_ratio(sum(s.sub_type_right for s in pooled), gold_events):.3f} over {gold_events} events; "
            f"{placed} places placed right"
        )
    others = [score for score in scores if not score.article_id.startswith("karabakh")]
    if others:
        recall = _ratio(sum(s.placed_right for s in others), sum(s.gold_places for s in others))
        precision = _ratio(sum(s.correct_predicted for s in others), sum(s.predicted_places for s in others))
        events = _ratio(sum(s.found_events for s in others), sum(s.gold_events for s in others))
        placed = f"{sum(s.placed_right for s in others)}/{sum(s.gold_places for s in others)}"
        print(
            f"{'other articles (pooled)':34} {recall:6.3f} {precision:6.3f} {events:6.3f}   "
            f"({placed} places placed right; targets: recall>=0.95 precision>=0.90)"
        )
    return scores


def evaluate_geobench(path: Path) -> dict[str, float]:
    """Toponym recognition (exact spans) and accuracy within 161 km on GeoWebNews."""
    true_positive = predicted_total = gold_total = 0
    within = scored = 0
    articles = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            articles += 1
            text = record["text"]
            gold = {(toponym["start"], toponym["end"]): toponym for toponym in record["toponyms"]}
            predicted = {(mention.start, mention.end): mention for mention in find_places(text)[0]}
            gold_total += len(gold)
            predicted_total += len(predicted)
            for span, toponym in gold.items():
                mention = predicted.get(span)
                if mention is None:
                    continue
                true_positive += 1
                if toponym["lat"] is not None:
                    scored += 1
                    if distance_km(toponym["lat"], toponym["lon"], mention.entry.lat, mention.entry.lon) <= ACCURACY_KM:
                        within += 1
    precision = _ratio(true_positive, predicted_total)
    recall = _ratio(true_positive, gold_total)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": articles,
        "gold": gold_total,
        "predicted": predicted_total,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy_161km": _ratio(within, scored),
        "scored": scored,
    }


def main(geobench: Path | None = None) -> int:
    evaluate_gold()
    path = geobench or DEFAULT_GEOBENCH
    print()
    if not path.exists():
        print(f"GeoWebNews: not run: {path} is not here (it lives in ../shared/geobench, never in this repository)")
        return 0
    result = evaluate_geobench(path)
    print(f"GeoWebNews dev ({result['articles']} articles, {result['gold']} gold toponyms, exact spans)")
    print(
        f"  recognition precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
        f"   (target F1 >= 0.75)"
    )
    print(
        f"  accuracy within 161 km {result['accuracy_161km']:.3f} over {result['scored']} recognised toponyms   (target >= 0.85)"
    )
    return 0
