"""Four readers at once on one server for about ten seconds: no errors, and each session's
view, study mode, revealed sentences and URL are its own (scripts/bench_concurrency.py
runs twenty for a minute and reports latencies)."""

from __future__ import annotations

import pytest
from readers import read_together_in_thread

pytestmark = pytest.mark.browser


def test_concurrent_readers_keep_their_own_state(app):
    run = read_together_in_thread(app.url, sessions=4, seconds=10)
    assert run.errors == []
    assert run.mismatches == []
    assert run.lost == []
    for reader in run.readers:
        assert reader.actions >= 5, f"reader {reader.number} only managed {reader.actions} actions"
    # Different seeds led the readers to different states: isolation was put to the test.
    states = {(r.view, r.study, frozenset(r.revealed)) for r in run.readers}
    assert len(states) > 1
    assert any(r.revealed for r in run.readers)
