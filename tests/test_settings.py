"""settings.toml: defaults when absent, each bad value reported and replaced by its default."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.settings import (
    KEY_EXPECTED,
    Bell,
    Settings,
    load_settings,
    save_settings,
    settings_path,
)
from coach.timer import bell_rings


def test_no_file_means_the_defaults(config_dir: Path) -> None:
    assert load_settings(config_dir) == (Settings(), [])
    assert Settings() == Settings(
        bell="every",
        position_s=5,
        release_s=2,
        default_routine="pelvic-tilts",
        theme="textual-dark",
    )


def test_a_saved_file_reads_back_the_same(config_dir: Path) -> None:
    wanted = Settings(bell="holds", count_down=True, position_s=8.5, release_s=0,
                      default_routine="core", theme='odd "name"')  # fmt: skip
    path = save_settings(config_dir / "fresh", wanted)
    assert load_settings(config_dir / "fresh") == (wanted, [])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert 'bell = "holds"\n' in path.read_text()
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temp file left


def test_bad_values_are_named_and_defaulted_while_good_ones_apply(config_dir: Path) -> None:
    settings_path(config_dir).write_text(
        'bell = "yes"\nposition_s = 90\nrelease_s = 1.5\ntheme = ""\nvolume = 3\n'
    )
    settings, problems = load_settings(config_dir)
    assert settings == Settings(release_s=1.5)
    assert problems == [
        'settings.toml: bell: expected "off", "holds" or "every", got "yes"; '
        'using the default, "every".',
        "settings.toml: position_s: expected a number of seconds from 0 to 60, got 90; "
        "using the default, 5.",
        'settings.toml: theme: expected a theme name, got ""; using the default, "textual-dark".',
        "settings.toml: volume: unknown setting, ignored.",
    ]


def test_a_file_that_is_not_toml_gives_the_defaults_and_says_so(config_dir: Path) -> None:
    settings_path(config_dir).write_text("bell = = true\n")
    settings, problems = load_settings(config_dir)
    assert settings == Settings()
    assert len(problems) == 1
    assert "settings.toml: cannot be read" in problems[0]
    assert problems[0].endswith("using the default settings.")


def test_booleans_are_not_seconds(config_dir: Path) -> None:
    settings_path(config_dir).write_text("release_s = true\nposition_s = nan\n")
    settings, problems = load_settings(config_dir)
    assert settings == Settings()
    assert [problem.split(":")[1].strip() for problem in problems] == ["release_s", "position_s"]


def test_the_keys_table_reads_quoted_and_dotted_ids_and_names_what_is_not_a_key(
    config_dir: Path,
) -> None:
    settings_path(config_dir).write_text(
        '[keys]\n"home.checkin" = "x"\nhistory.earlier = " comma "\n'
        'checkin.replace.yes = "Y"\n"home.quit" = 3\n"home.history" = ""\n'
    )
    settings, problems = load_settings(config_dir)
    assert settings.keys == {
        "home.checkin": "x",
        "history.earlier": "comma",
        "checkin.replace.yes": "Y",
    }
    expected = KEY_EXPECTED
    assert problems == [
        f"settings.toml: keys: home.quit: expected {expected}, got 3; using its default.",
        f'settings.toml: keys: home.history: expected {expected}, got ""; using its default.',
    ]


def test_keys_that_are_not_a_table_are_named(config_dir: Path) -> None:
    settings_path(config_dir).write_text('keys = "ctrl+x"\n')
    assert load_settings(config_dir) == (
        Settings(),
        [
            'settings.toml: keys: expected a table of binding id = key, got "ctrl+x"; '
            "using the default keys."
        ],
    )


def test_saved_keys_read_back_the_same_after_the_other_settings(config_dir: Path) -> None:
    wanted = Settings(bell="off", keys={"home.checkin": "x", "app.help": "question_mark,f2"})
    path = save_settings(config_dir, wanted)
    assert load_settings(config_dir) == (wanted, [])
    assert path.read_text().endswith(
        '\n[keys]\n"home.checkin" = "x"\n"app.help" = "question_mark,f2"\n'
    )


#: Any text a TOML file can hold (no lone surrogates), control characters included.
TOML_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(keys=st.dictionaries(TOML_TEXT, TOML_TEXT.map(str.strip).filter(bool), max_size=4))
def test_whatever_the_keys_table_holds_a_saved_file_reads_back_the_same(
    tmp_path_factory: pytest.TempPathFactory, keys: dict[str, str]
) -> None:
    """[keys] is kept as written, bad entries too (they are named at start-up): a theme picked
    from the palette, or the settings screen's Save, writes it back. A control character in
    it ("\\u000a", read from the file as a newline) was written raw, the file no longer read
    as TOML, and every setting fell back to its default at the next start."""
    folder = tmp_path_factory.mktemp("config")
    wanted = Settings(theme="nord", keys=keys)
    save_settings(folder, wanted)
    assert load_settings(folder) == (wanted, [])


def test_runner_is_yes_or_no(config_dir: Path) -> None:
    (config_dir / "settings.toml").write_text('runner = "sometimes"\n')
    settings, problems = load_settings(config_dir)
    assert settings.runner == "ask"
    assert problems == [
        'settings.toml: runner: expected "yes" or "no", got "sometimes"; using the default, "ask".'
    ]
    save_settings(config_dir, replace(settings, runner="no"))
    assert load_settings(config_dir)[0].runner == "no"


@pytest.mark.parametrize(("written", "read"), [("true", "every"), ("false", "off")])
def test_a_bell_of_true_or_false_from_an_older_file_still_reads(
    config_dir: Path, written: str, read: str
) -> None:
    settings_path(config_dir).write_text(f"bell = {written}\n")
    assert load_settings(config_dir) == (Settings(bell=read), [])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bell", "left", "entered", "rings"),
    [
        ("every", "rest", "switch", True),
        ("every", "position", "hold", True),
        ("holds", "position", "hold", True),
        ("holds", "hold", "release", True),
        ("holds", "rest", "switch", False),
        ("holds", "release", None, False),
        ("holds", "walk", "run", True),  # a run interval starts
        ("holds", "run", "walk", True),  # and ends
        ("holds", None, "walk", False),  # a run's first walk is no change
        ("off", "position", "hold", False),
    ],
)
def test_when_the_bell_rings(bell: Bell, left: str, entered: str | None, rings: bool) -> None:
    assert bell_rings(bell, left, entered) is rings


@pytest.mark.parametrize("value", ["911", '"9-1-1"', '"1"', '"1234567"', '""'])
def test_a_bad_emergency_number_is_named_and_the_locales_is_used(
    config_dir: Path, value: str
) -> None:
    """A number not in quotes, or not 2 to 6 digits, would put a wrong number into every
    warning-sign message: it is named, and the locale's (999 for en_GB) is used instead."""
    settings_path(config_dir).write_text(f"emergency_number = {value}\n")
    settings, problems = load_settings(config_dir)
    assert settings.emergency_number == "999"
    assert problems == [
        "settings.toml: emergency_number: expected a phone number of 2 to 6 digits, in quotes, "
        f'got {value}; using the default, "999".'
    ]


def test_an_emergency_number_nobody_chose_is_not_written_and_follows_the_locale(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving any other setting (the runner question, the theme) must not pin the locale's
    number into the file: after a move to the US the messages say 911, not the UK's 999."""
    settings, _ = load_settings(config_dir)
    path = save_settings(config_dir, replace(settings, runner="yes"))
    assert "emergency_number" not in path.read_text()
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    settings, problems = load_settings(config_dir)
    assert (settings.emergency_number, settings.runner, problems) == ("911", "yes", [])


def test_an_emergency_number_from_the_file_is_kept_when_saved(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One the person wrote, even the locale's own, is theirs: saving writes it back."""
    settings_path(config_dir).write_text('emergency_number = "999"\n')
    settings, _ = load_settings(config_dir)
    assert settings.emergency_number_chosen
    save_settings(config_dir, replace(settings, theme="nord"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    settings, problems = load_settings(config_dir)
    assert (settings.emergency_number, settings.theme, problems) == ("999", "nord", [])
