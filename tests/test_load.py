"""Twenty sessions at once change filters: no session sees an error (speed is for `make bench`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from load import run


def test_twenty_concurrent_sessions_change_filters_without_errors() -> None:
    result = run(sessions=20, seconds=60, max_changes=3)
    assert result["errors"] == 0, result["error_examples"]
    assert result["filter_changes"] == 60
