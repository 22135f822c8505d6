"""Keys remapped in settings.toml's [keys]: every binding has an id, a remapped key works where
the old one no longer does, help shows it, and a bad entry is named while its default stays."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.binding import Binding
from textual.widgets import Input, Static

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.screens.checkin import CheckinScreen
from coach.screens.help import APP_GROUP, SCREEN_GROUP, HelpScreen
from coach.screens.history import HistoryScreen
from coach.screens.home import HomeScreen
from coach.screens.keymap import (
    binding_classes,
    check_keymap,
    default_keys,
    is_key,
    shown_keys,
)
from coach.settings import KEY_EXPECTED, load_settings, settings_path
from coach.store import Store
from coach.widgets.too_small import TooSmall
from tests.helpers import checked_in, help_listing, pain_now_kept


def test_every_binding_of_coach_has_an_id_of_its_own() -> None:
    """Shared only by the labels of one key on one screen (the players' Pause and Resume, home's
    Learn shown or not), which [keys] then moves together."""
    declared = [
        (owner, binding)
        for owner in binding_classes(CoachApp)
        for binding in vars(owner)["BINDINGS"]
    ]
    assert len(declared) >= 62
    assert all(isinstance(binding, Binding) and binding.id for _, binding in declared)
    ids = Counter(binding.id for _, binding in declared)
    shared = [binding_id for binding_id, count in ids.items() if count > 1]
    assert shared == ["home.learn", "player.pause", "player.next", "player.skip", "run.pause"]
    for binding_id in shared:
        holders = {(owner, binding.key) for owner, binding in declared if binding.id == binding_id}
        assert len(holders) == 1, holders


@pytest.mark.parametrize(
    "key", ["x", "X", "?", "5", "question_mark", "ctrl+x", "shift+tab", "f5", "alt+ctrl+left"]
)
def test_keys_textual_knows(key: str) -> None:
    assert is_key(key)


@pytest.mark.parametrize(
    "key", ["", " ", "ctrl+", "ctrl+ctrl+x", "cmd+x", "ctrl+?", "escpe", "f25", "two words"]
)
def test_keys_textual_does_not_know(key: str) -> None:
    assert not is_key(key)


def test_keys_may_be_swapped_but_not_given_to_two_bindings_of_one_screen() -> None:
    swapped = {"home.checkin": "r", "home.routines": "c"}
    assert check_keymap(swapped, CoachApp) == (swapped, [])
    keymap, problems = check_keymap({"home.checkin": "r", "checkin.next": "tab"}, CoachApp)
    assert keymap == {}
    assert problems == [
        'settings.toml: keys: home.checkin: "r" is already the key of home.routines on the same '
        'screen; using the default, "c".',
        'settings.toml: keys: checkin.next: "tab" is already the key of app.focus_next on the '
        'same screen; using the default, "enter".',
    ]


def test_the_apps_first_keys_are_no_screens_to_take() -> None:
    """ctrl+q and ctrl+p are the app's on every screen, taken before the screen's own keys:
    a pause on ctrl+q would quit the app mid-routine, a check-in on ctrl+p open the palette,
    and a quit on ctrl+s would quit from the check-in form instead of saving it."""
    wanted = {"player.pause": "ctrl+q", "home.checkin": "ctrl+p"}
    assert check_keymap(wanted, CoachApp) == (
        {},
        [
            'settings.toml: keys: player.pause: "ctrl+q" is already the key of app.quit on the '
            'same screen; using the default, "space".',
            'settings.toml: keys: home.checkin: "ctrl+p" is already the key of app.palette on '
            'the same screen; using the default, "c".',
        ],
    )
    keymap, [problem] = check_keymap({"app.quit": "ctrl+s"}, CoachApp)
    assert keymap == {}
    assert problem.startswith('settings.toml: keys: app.quit: "ctrl+s" is already the key of ')
    assert problem.endswith(' on the same screen; using the default, "ctrl+q".')


async def test_a_remapped_key_works_the_old_one_does_not_and_help_shows_it(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    settings_path(config_dir).write_text(
        '[keys]\nhome.checkin = "x"\n"app.help" = "f2"\nhelp.close = "z"\n'
    )
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#hint", Static).render()) == (
            "Start with your morning check-in: press x."
        )
        await pilot.press("c", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = help_listing(app)
        assert ("x", "Check in") in listed[SCREEN_GROUP]
        assert ("f1 f2", "Help") in listed[APP_GROUP]
        assert app.screen.query_one("#keys").border_subtitle == "z or ? closes"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("z", "x")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert [note for note in app._notifications if note.severity == "warning"] == []


async def test_the_remapped_quit_key_still_quits_under_the_too_small_cover(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    settings_path(config_dir).write_text('[keys]\n"app.quit" = "ctrl+x"\n')
    app = app_factory()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert app.screen.query_children(TooSmall)
        await pilot.press("ctrl+x")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_bad_entry_is_named_and_its_binding_keeps_the_default(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    settings_path(config_dir).write_text(
        '[keys]\n"home.histry" = "y"\n"home.history" = "ctrl+"\n"home.checkin" = "[b]"\n'
    )
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        warnings = [note.message for note in app._notifications if note.severity == "warning"]
        assert warnings == [
            "settings.toml: keys: home.histry: coach has no key with this id (did you mean "
            "home.history?); ignored.",
            f'settings.toml: keys: home.history: expected {KEY_EXPECTED}, got "ctrl+"; using '
            'the default, "h".',
            f'settings.toml: keys: home.checkin: expected {KEY_EXPECTED}, got "[b]"; using '
            'the default, "c".',
        ]
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_a_key_that_types_is_refused_to_a_binding_taken_before_text_fields(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    """ctrl+p and the check-in's Enter come before the focused field (priority): given "e" or
    "x", every "e" typed in a note would open the palette. Such an entry is named, and the
    field gets the key."""
    settings_path(config_dir).write_text(
        '[keys]\n"app.palette" = "e"\n"checkin.next" = "x,enter"\n"checkin.up" = "space"\n'
    )
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        warnings = [note.message for note in app._notifications if note.severity == "warning"]
        assert warnings == [
            f'settings.toml: keys: {binding_id}: "{key}" is a key a text field types, and '
            f"{binding_id} is taken before the field sees it; using the default, "
            f'"{default}".'
            for binding_id, key, default in (
                ("app.palette", "e", "ctrl+p"),
                ("checkin.next", "x,enter", "enter"),
                ("checkin.up", "space", "up"),
            )
        ]
        await pilot.press("c")
        await pilot.pause()
        note = app.screen.query_one("#note", Input)
        note.focus()
        await pilot.press("h", "e", "x", "space", "e", "s")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert note.value == "hex es"


IDS = sorted(default_keys(binding_classes(CoachApp)))


@settings(max_examples=200, deadline=None)
@given(
    wanted=st.dictionaries(
        st.sampled_from(IDS) | st.text(max_size=20),
        st.sampled_from(["x", "ctrl+x", "?", "f5", "escape,k", "tab", "c"]) | st.text(max_size=12),
        max_size=6,
    )
)
def test_no_keys_table_breaks_the_check(wanted: dict[str, str]) -> None:
    """Every entry is either applied or named in one problem, and what is applied binds."""
    keymap, problems = check_keymap(wanted, CoachApp)
    assert len(keymap) + len(problems) == len(wanted)
    assert keymap.keys() <= wanted.keys()
    for keys in keymap.values():
        assert list(Binding.make_bindings([Binding(keys, "")]))


def test_the_readme_example_applies_and_its_ids_exist(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    example = readme.split("```toml\n[keys]\n", 1)[1].split("```", 1)[0]
    settings_path(tmp_path).write_text(f"[keys]\n{example}")
    settings, problems = load_settings(tmp_path)
    assert problems == [] and len(settings.keys) == 3
    assert check_keymap(settings.keys, CoachApp) == (settings.keys, [])
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section)) - {"screen.action", "settings.toml"}
    assert len(named) > 20 and named <= set(IDS)


async def test_a_key_with_a_label_per_phase_moves_with_all_its_labels(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """[keys] moves Pause and Resume, Start now and Skip rep together, and the paused band
    names the key that goes on."""
    checked_in(store)
    settings_path(config_dir).write_text('[keys]\n"player.pause" = "b"\n"player.skip" = "x"\n')
    app = make_app(store=store, clock=clock, config_dir=config_dir, start_routine="pelvic-tilts")
    async with app.run_test(size=(80, 24)) as pilot:
        player = await pain_now_kept(pilot, app)
        await pilot.press("space", "s")
        await pilot.pause()
        assert str(player.query_one("#phase", Static).render()) == "GET READY"
        await pilot.press("b")
        await pilot.pause()
        assert str(player.query_one("#phase", Static).render()) == "PAUSED · b to go on"
        await pilot.press("b", "x")
        await pilot.pause()
        assert str(player.query_one("#phase", Static).render()) == "HOLD"
        assert shown_keys(player, "player.skip") == "x"
        assert [note for note in app._notifications if note.severity == "warning"] == []
