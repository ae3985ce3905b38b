"""`make eval`'s event-typing score: how often our events get the type a professional coder gave.

The development set is the CASE 2021 shared task 2 test set (news-like snippets, each labelled with
one of ACLED's 25 sub-event types or one of five kinds outside ACLED). It is re-created outside the
repository (../shared/eventbench/README.md) and never committed; `make eval` scores it when
`--eventbench PATH` or DATELINES_EVENTBENCH names it. Each snippet is read as an article with no
publication date, and its first event is the answer, as a reader meets it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from datelines.extract.acled import NOT_IN_ACLED, SUB_EVENT_TYPES_BY_SLUG
from datelines.extract.article import Article
from datelines.extract.pipeline import extract

ENVIRONMENT_VARIABLE = "DATELINES_EVENTBENCH"
NO_EVENT = "(no event)"


@dataclass
class Scores:
    snippets: int = 0
    no_event: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold sub-event, predicted sub-event)
    top_pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold event type, predicted event type)


def _gold_labels(record: dict) -> tuple[str, str]:
    if record.get("kind") == "acled":
        return record["acled_event_type"], record["acled_sub_event_type"]
    return NOT_IN_ACLED, str(record["kind"]).capitalize()


def score(path: Path) -> Scores:
    scores = Scores()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        record = json.loads(line)
        article = Article(id=f"snippet-{number}", title="", published=None, text=record["text"])
        events = extract(article, online=False).events
        gold_type, gold_sub = _gold_labels(record)
        scores.snippets += 1
        if not events:
            scores.no_event += 1
            predicted_type = predicted_sub = NO_EVENT
        else:
            sub = SUB_EVENT_TYPES_BY_SLUG[events[0].sub_event]
            predicted_type, predicted_sub = sub.event_type, sub.label
        scores.pairs.append((gold_sub, predicted_sub))
        scores.top_pairs.append((gold_type, predicted_type))
    return scores


def weighted_f1(pairs: list[tuple[str, str]], classes: set[str]) -> float:
    """F1 per gold class, weighted by the class's share of the gold labels (scikit-learn's "weighted")."""
    support = Counter(gold for gold, _ in pairs if gold in classes)
    total = sum(support.values())
    if not total:
        return 0.0
    result = 0.0
    for label, count in support.items():
        f1 = per_class(pairs, label)[2]
        result += f1 * count / total
    return result


def per_class(pairs: list[tuple[str, str]], label: str) -> tuple[float, float, float]:
    true_positive = sum(1 for gold, predicted in pairs if gold == label and predicted == label)
    predicted = sum(1 for _, guess in pairs if guess == label)
    gold = sum(1 for truth, _ in pairs if truth == label)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(scores: Scores) -> list[str]:
    acled_pairs = [
        (gold, guess)
        for (gold, guess), (top, _) in zip(scores.pairs, scores.top_pairs, strict=True)
        if top != NOT_IN_ACLED
    ]
    acled_classes = {gold for gold, _ in acled_pairs}
    top_right = sum(1 for gold, guess in scores.top_pairs if gold == guess)
    acled_top = [(gold, guess) for gold, guess in scores.top_pairs if gold != NOT_IN_ACLED]
    lines = [
        f"Event types, CASE 2021 task 2 ({scores.snippets} snippets; first event of each)",
        f"  event type accuracy {top_right / scores.snippets:.3f} (7 classes: ACLED's six and not in ACLED);"
        f" over the {len(acled_top)} ACLED snippets {sum(1 for g, p in acled_top if g == p) / max(1, len(acled_top)):.3f}"
        "   (target >= 0.85)",
        f"  sub-event weighted F1 {weighted_f1(acled_pairs, acled_classes):.3f} over ACLED's 25 classes;"
        f" {weighted_f1(scores.pairs, {gold for gold, _ in scores.pairs}):.3f} over all 30   (target >= 0.85)",
        f"  no event {scores.no_event / scores.snippets:.1%}   (target <= 2%)",
        "",
        f"  {'sub-event type':<38} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for label, count in sorted(Counter(gold for gold, _ in scores.pairs).items(), key=lambda item: -item[1]):
        precision, recall, f1 = per_class(scores.pairs, label)
        lines.append(f"  {label:<38} {count:>5} {precision:>6.2f} {recall:>6.2f} {f1:>6.2f}")
    types = [*dict.fromkeys(gold for gold, _ in sorted(scores.top_pairs)), NO_EVENT]
    short = {label: label.split("/")[0].split()[0][:9] for label in types}
    lines += ["", "  event type confusion (rows gold, columns predicted)"]
    lines.append("  " + " " * 28 + "".join(f"{short[label]:>10}" for label in types))
    counts = Counter(scores.top_pairs)
    for gold in types[:-1]:
        lines.append(f"  {gold:<28}" + "".join(f"{counts[(gold, guess)]:>10}" for guess in types))
    return lines


def main(path: Path | None = None) -> int:
    path = path or (Path(os.environ[ENVIRONMENT_VARIABLE]) if os.environ.get(ENVIRONMENT_VARIABLE) else None)
    if path is None:
        print(f"Event types: not run: no development set given (--eventbench PATH or {ENVIRONMENT_VARIABLE})")
        return 0
    if not path.exists():
        print(f"Event types: not run: {path} is not here (../shared/eventbench/README.md re-creates it)")
        return 0
    print("\n".join(report(score(path))))
    return 0
