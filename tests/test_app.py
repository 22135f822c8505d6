"""The app shell: opens on today's home screen, keys are bound, q quits."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from coach.app import YOUNG_COLLECTION_THRESHOLD, CoachApp, make_app
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.red_flags import parse_red_flags
from coach.screens.checkin import CheckinScreen
from coach.screens.history import HistoryScreen
from coach.screens.home import HomeScreen
from coach.screens.learn import LearnScreen
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.sessions import start_session
from tests.helpers import add_checkin, checked_in, pain_now_kept


async def test_opens_on_home_and_quits_on_q(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.sub_title == "Wednesday 25 November 2026"
        assert "not yet today" in str(app.screen.query_one("#checkin-line", Static).render())
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_home_footer_shows_the_main_keys(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {
            binding.key: binding.description
            for (_, binding, enabled, _) in app.active_bindings.values()
            if binding.show and enabled
        }
        main_keys = {"c": "Check in", "r": "Routines", "h": "History", "q": "Quit"}
        assert main_keys.items() <= shown.items()
        assert shown.get("question_mark") == "Help"


async def test_the_footer_is_rebuilt_only_when_its_keys_change(
    app_factory: Callable[[], CoachApp],
) -> None:
    """Moving between the check-in's questions changes the focus, not the keys shown: the
    footer keeps its widgets. A key remapped is shown at once."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        before = list(app.screen.query(FooterKey))
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == before
        await pilot.press("escape")
        await pilot.pause()
        app.set_keymap({"home.checkin": "k"})
        app.screen.refresh_bindings()
        await pilot.pause()
        shown = {key.description: key.key_display for key in app.screen.query(FooterKey)}
        assert shown["Check in"] == "k"


async def test_what_start_up_built_is_out_of_the_garbage_collectors_reach(
    app_factory: Callable[[], CoachApp],
) -> None:
    """Full collections walk only what was made after the first frame (conftest unfreezes
    it after each test)."""
    app = app_factory()
    assert gc.get_freeze_count() == 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_COLLECTION_THRESHOLD


async def test_home_shows_todays_checkin(app_factory: Callable[[], CoachApp], store: Store) -> None:
    checked_in(store, pain=4)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "pain 4/10" in str(app.screen.query_one("#checkin-line", Static).render())


async def test_a_notification_on_home_leaves_the_panel_and_the_footer_uncovered(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """At 80×24 the panel fills the width: a notification goes over the header, a title line
    and a message line, not over the panel's border or its "▶ … Enter" line."""
    checked_in(store)
    app = app_factory()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.notify("Closed as stopped; every rep done is kept.", title="Unfinished routine")
        await pilot.pause()
        await pilot.pause()
        (toast,) = app.screen.query(Toast)
        panel = app.screen.query_one("#today").region
        footer = app.screen.query_one(Footer).region
        assert toast.region.height == 2
        assert not toast.region.overlaps(panel) and not toast.region.overlaps(footer)


def _keys_cut_short(app: CoachApp) -> list[str]:
    """The footer keys not drawn whole, key and label, left of the palette's key."""
    keys = [key for key in app.screen.query(FooterKey) if not key.has_class("-command-palette")]
    (palette,) = app.screen.query(".-command-palette")
    return [
        f"{key.key_display} {key.description}"
        for key in keys
        if key.region.right > palette.region.x
        or key.region.width < len(f"{key.key_display} {key.description}")
    ]


async def test_every_key_in_homes_footer_keeps_its_label_at_80_by_24(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """Before the check-in, after it, with a "see your GP" notice (d) and on the day of a
    warning sign (u): no key of home's footer loses its label or falls behind ^p. Learn (l)
    leaves the footer once the plan names its key, and still works."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Learn" in {key.description for key in app.screen.query(FooterKey)}
        assert _keys_cut_short(app) == []
        for days_ago in (2, 1):
            add_checkin(store, clock.today() - timedelta(days=days_ago), 8)
        save_checkin(store, clock, checkin_entry(pain=8))
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        screen.refresh_today()
        await pilot.pause()
        shown = {key.key_display: key.description for key in app.screen.query(FooterKey)}
        assert shown.get("d") == "Dismiss" and "l" not in shown
        assert "why? — l" in str(app.screen.query_one("#plan-detail", Static).render())
        assert _keys_cut_short(app) == []
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        await pilot.press("escape")
        await pilot.pause()
        flags = parse_red_flags("night_pain", frozenset())
        save_checkin(store, clock, checkin_entry(pain=4), red_flags=flags, replace=True)
        screen.refresh_today()
        await pilot.pause()
        assert "u" in {key.key_display for key in app.screen.query(FooterKey)}
        assert _keys_cut_short(app) == []


def _footer_drawn(screen: Screen[object]) -> list[tuple[str, str]]:
    """The keys the footer of `screen` has laid out, left to right: key and label."""
    return [
        (key.key_display, key.description)
        for key in screen.query(FooterKey)
        if key.region.width > 0
    ]


FIRST_FRAMES: dict[str, Callable[[], Screen[object]]] = {
    "home": HomeScreen,
    "history": HistoryScreen,
    "check-in": CheckinScreen,
}


@pytest.mark.parametrize("name", FIRST_FRAMES)
async def test_a_screens_footer_has_its_keys_in_the_screens_first_frame(
    app_factory: Callable[[], CoachApp], store: Store, name: str
) -> None:
    """The keys are laid out with the screen's first frame, as they stand once it settled
    (home's plan takes Learn out, the history's calendar adds Day when it takes the focus):
    a key pressed at once does not wait behind a second layout of the whole screen."""
    checked_in(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = FIRST_FRAMES[name]()
        first_frame: list[list[tuple[str, str]]] = []

        def laid_out(_screen: Screen[object]) -> None:
            if not first_frame:
                first_frame.append(_footer_drawn(screen))

        screen.screen_layout_refresh_signal.subscribe(app, laid_out, immediate=True)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        assert first_frame == [_footer_drawn(screen)]
        assert len(first_frame[0]) >= 4


DIALOGS = ("resume offer", "pain now", "leave question", "help", "palette")


@pytest.mark.parametrize("dialog", DIALOGS)
async def test_ctrl_q_quits_from_every_dialog(
    store: Store, clock: FakeClock, config_dir: Path, dialog: str
) -> None:
    """A dialog (a modal screen) hides the app's bindings from Textual's key lookup: ctrl+q
    must still quit from it, leaving a routine under way ready to resume."""
    checked_in(store)
    if dialog == "resume offer":
        start_session(store, clock, "core", pain_before=3)
    start = "core" if dialog in ("pain now", "leave question") else None
    app = make_app(store=store, clock=clock, config_dir=config_dir, start_routine=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if dialog == "leave question":
            await pain_now_kept(pilot, app)
            await pilot.press("escape")
        elif dialog == "help":
            await pilot.press("question_mark")
        elif dialog == "palette":
            await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    statuses = [row[0] for row in store.conn.execute("SELECT status FROM sessions")]
    under_way = dialog in ("resume offer", "leave question")
    assert statuses == (["in_progress"] if under_way else [])


@pytest.mark.parametrize("dialog", ["leave question", "help"])
async def test_ctrl_c_over_a_dialog_says_which_key_quits(
    store: Store, clock: FakeClock, config_dir: Path, dialog: str
) -> None:
    """ctrl+c stops nothing; it says which key quits, over a dialog as over a screen (a
    dialog hides the app's own ctrl+c from Textual's key lookup, and it said nothing)."""
    checked_in(store)
    (config_dir / "settings.toml").write_text('[keys]\n"app.quit" = "ctrl+x"\n')
    app = make_app(store=store, clock=clock, config_dir=config_dir, start_routine="core")
    async with app.run_test(size=(80, 24)) as pilot:
        await pain_now_kept(pilot, app)
        await pilot.press("escape" if dialog == "leave question" else "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ModalScreen)
        said = [str(note.message) for note in app._notifications]
        assert said[-1] == "Press ^x to quit the app."
