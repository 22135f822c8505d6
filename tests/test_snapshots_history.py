"""Snapshots of the history screen at 80×24: empty, one month, and years of data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from coach.app import CoachApp
from coach.demo import generate
from coach.store import Store

TODAY = date(2026, 11, 25)
SIZE = (80, 24)


async def open_history(pilot: Pilot) -> None:
    await pilot.press("h")
    await pilot.pause()


def test_history_empty(snap_compare: Callable[..., bool], app_factory: Callable[[], CoachApp]):
    """No records: an empty calendar ending today, and the message saying how to start."""
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=open_history)


def test_history_a_month(
    snap_compare: Callable[..., bool], app_factory: Callable[[], CoachApp], store: Store
):
    """Thirty days: the last five weeks coloured, earlier rows dim, too few days to compare."""
    generate(store, days=30, end=TODAY)
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=open_history)


def test_history_years(
    snap_compare: Callable[..., bool], app_factory: Callable[[], CoachApp], store: Store
):
    """Three years: every cell coloured, the summary against the two weeks before and the
    first two weeks on record."""
    generate(store, days=3 * 365, end=TODAY)
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=open_history)


def test_history_week_table(
    snap_compare: Callable[..., bool], app_factory: Callable[[], CoachApp], store: Store
):
    """The Weeks view after paging back 4 weeks: weeks W33–W44 in the table."""
    generate(store, days=200, end=TODAY)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("h", "left_square_bracket", "2")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_history_day_detail(
    snap_compare: Callable[..., bool], app_factory: Callable[[], CoachApp], store: Store
):
    """Monday 16 November opened with Enter: its check-in, PEG and routine with reps, each
    exercise's rating ("rated about right"), the routine's length worded as the summary words
    it, and esc in the dialog's own footer."""
    generate(store, days=60, end=TODAY)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("h", "up", "left", "left", "enter")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_history_without_colour(
    snap_compare: Callable[..., bool],
    app_factory: Callable[[], CoachApp],
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
):
    """NO_COLOR: each day's pain has its band's shade before it (░ 0–3, ▒ 4–6, ▓ 7–10), as the
    legend says, since the bands' backgrounds are all one grey."""
    generate(store, days=60, end=TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=open_history)


def test_export_dialog(
    snap_compare: Callable[..., bool], app_factory: Callable[[], CoachApp], store: Store
):
    """`e` on history: the period (12 weeks), the format (HTML, to print) focused, notes
    included, the folder beside the database, the file's name and that nothing is replaced;
    Cancel and Export at the bottom right, and the dialog's own keys in the footer."""
    generate(store, days=30, end=TODAY)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("h", "e")
        await pilot.pause()
        # The temporary folder differs from run to run: show a fixed one.
        pilot.app.screen.query_one("#folder", Input).value = "/home/you/.local/share/coach"
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)
