"""The event-typing score `make eval` prints: its arithmetic, and its message when the set is not here."""

import json
from pathlib import Path

from datelines.eventbench import NO_EVENT, main, per_class, report, score, weighted_f1


def test_weighted_f1_weights_each_class_by_its_gold_share() -> None:
    pairs = [("a", "a"), ("a", "a"), ("a", "b"), ("b", "b")]
    assert per_class(pairs, "a") == (1.0, 2 / 3, 0.8)
    assert per_class(pairs, "b") == (0.5, 1.0, 2 / 3)
    assert abs(weighted_f1(pairs, {"a", "b"}) - (0.8 * 3 / 4 + 2 / 3 * 1 / 4)) < 1e-9


def test_a_scored_file_reports_accuracy_f1_and_snippets_with_no_event(tmp_path: Path) -> None:
    records = [
        {
            "text": "Warplanes bombed the market in Kordo.",
            "kind": "acled",
            "acled_event_type": "Explosions/Remote violence",
            "acled_sub_event_type": "Air/drone strike",
        },
        {
            "text": "Thousands of teachers marched on parliament.",
            "kind": "acled",
            "acled_event_type": "Protests",
            "acled_sub_event_type": "Peaceful protest",
        },
        {
            "text": "The weather was mild.",
            "kind": "natural disaster",
            "acled_event_type": None,
            "acled_sub_event_type": None,
        },
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    scores = score(path)
    assert scores.top_pairs[:2] == [("Explosions/Remote violence",) * 2, ("Protests",) * 2]
    assert scores.top_pairs[2] == ("Not in ACLED", NO_EVENT) and scores.no_event == 1
    text = "\n".join(report(scores))
    assert "event type accuracy 0.667" in text and "no event 33.3%" in text


def test_a_missing_set_is_reported_as_not_run(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("DATELINES_EVENTBENCH", raising=False)
    assert main(tmp_path / "absent.jsonl") == 0
    assert "not run" in capsys.readouterr().out
    assert main(None) == 0
    assert "not run: no development set given" in capsys.readouterr().out
