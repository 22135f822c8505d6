"""End to end: the installed `coach` in tmux, typed at and read back like a person would."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.store import Store
from tests.terminal import COACH, Terminal, coach_env

pytestmark = pytest.mark.terminal


def test_opens_on_home_and_quits_leaving_a_sound_database(tmp_path: Path) -> None:
    db = tmp_path / "data" / "coach.db"
    with Terminal([str(COACH)], env=coach_env(tmp_path / "home", db)) as term:
        screen = term.wait_for("Check-in")
        assert "not yet today" in screen
        assert "Check in" in screen and "Quit" in screen  # the footer keys
        term.keys("q")
        term.wait_until(lambda s: "Check-in" not in s, 10, "the app to quit")
    store = Store.open(db)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.migration_names() == ["0001_initial"]
    store.close()
