"""Bad input: a clear message, no traceback, nothing saved, nothing changed.

The promises on bad input in README's "What coach promises", and where each is tested:
- check-in values out of range or of the wrong type: on the screen
  tests/test_checkin_screen.py (`test_enter_without_a_pain_stays_and_says_why`,
  `test_bad_minutes_are_refused_on_screen`) and here `test_typed_junk_on_the_checkin_screen`;
  from the command tests/test_checkin_cli.py (`test_bad_pain_…`, `test_each_bad_value_…`);
- routine and exercise files (invalid TOML, wrong types, huge numbers, negative holds, unknown
  keys, missing references, 10 MB, binary, unreadable): the exact message for each in
  tests/test_library.py (`BROKEN_ROUTINES`, `BROKEN_EXERCISES`, `test_a_file_that_cannot_be_read`);
  through the commands here: `test_coach_start_says_why_a_broken_routine_cannot_be_used`,
  `test_unreadable_library_and_settings_files_as_an_unprivileged_user`;
- a settings file with bad values: tests/test_settings.py and tests/test_settings_screen.py
  (`test_bad_values_in_the_file_are_named_on_start`); property test here;
- property tests: the check-in parsers `test_no_text_makes_the_checkin_parsers_raise…`, the
  routine loader tests/test_library.py (`test_no_toml_document_…`, `test_no_bytes_…`), the
  settings loader `test_no_settings_file_stops_coach`, the command-line options
  `test_no_command_line_escapes_as_a_traceback`.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Static

from coach import clinical
from coach.app import CoachApp
from coach.cli.main import cli
from coach.library import load_library
from coach.red_flags import RedFlagError, parse_background, parse_red_flags
from coach.screens.checkin import CheckinScreen
from coach.settings import Settings, load_settings
from coach.store import Store
from coach.vocabulary import SLEEP, STIFFNESS
from tests.conftest import NOBODY, AsNobody
from tests.helpers import seed_recent_screens, toml_dumps

#: Text a person or a script might type, and text no one would.
TEXT = st.text(max_size=40) | st.sampled_from(
    ["", " ", "10", "11", "-1", "4.5", "1e3", "run:25", "walk:-5", "rest:10", "run:9999",
     "none", "fever,trauma", "none,fever", ",", "5,4,6", "5,4", "10,10,11", "\x00", "٣"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=TEXT, other=TEXT, note=st.text(max_size=2100))
def test_no_text_makes_the_checkin_parsers_raise_anything_but_checkin_error(
    text: str, other: str, note: str
) -> None:
    """Every parser returns a valid value or raises CheckinError (RedFlagError for the warning
    signs), whose message is the one line the screen and the command show."""
    attempts: list[tuple[Any, ...]] = [
        (clinical.parse_scale, text),
        (clinical.parse_minutes, text),
        (clinical.parse_activity, text),
        (clinical.parse_peg, text),
        (partial(parse_red_flags, background=frozenset()), text),
        (parse_background, text),
    ]
    for parse, value in attempts:
        try:
            parse(value)
        except (clinical.CheckinError, RedFlagError) as error:
            assert str(error) and "\n" not in str(error)
    try:
        entry = clinical.checkin_entry(
            pain=clinical.parse_scale(text), sleep=other, stiffness=other, note=note
        )
    except clinical.CheckinError:
        return
    assert 0 <= entry.pain <= 10 and entry.sleep in SLEEP.values
    assert entry.stiffness in STIFFNESS.values and len(entry.note) <= clinical.MAX_NOTE_CHARS


#: Every option of the commands that take input, with good and bad values.
COMMAND_LINES = st.one_of(
    st.tuples(
        st.just("checkin"),
        st.lists(
            st.sampled_from(
                ["--pain", "--activity", "--sleep", "--stiffness", "--note", "--peg", "--red-flags"]
            ).flatmap(lambda option: st.tuples(st.just(option), TEXT)),
            max_size=5,
        ),
        st.sampled_from([[], ["--replace"], ["--new-symptoms"]]),
    ).map(lambda parts: [parts[0], *[item for pair in parts[1] for item in pair], *parts[2]]),
    st.tuples(st.just("history"), st.just("--weeks"), TEXT).map(list),
    st.tuples(
        st.just("export"),
        st.just("--format"),
        st.sampled_from(["json", "md", "csv", "xml", ""]),
        st.just("--since"),
        TEXT,
        st.just("--out"),
        st.just("-"),
    ).map(list),  # fmt: skip
    st.tuples(st.just("routines"), st.just("show"), TEXT).map(list),
    st.tuples(st.just("start"), TEXT).filter(lambda p: p[1] not in ROUTINES).map(list),
    # Anything else on the command line (an empty one would open the app).
    st.lists(TEXT, min_size=1, max_size=3),
)
ROUTINES = set(load_library(None).routines)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=COMMAND_LINES)
def test_no_command_line_escapes_as_a_traceback(args: list[str], tmp_path: Path) -> None:
    """Whatever the options, the command succeeds or exits 2 with a message; a refused
    check-in leaves no row."""
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        db = Path(folder) / "coach.db"
        result = CliRunner().invoke(cli, ["--db", str(db), *args], env={"COACH_CONFIG_DIR": folder})
        assert result.exit_code in (0, 2), (args, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        if result.exit_code == 2:
            assert result.stderr.strip(), args
            if db.exists():
                store = Store.open(db)
                assert store.db["checkins"].count == 0
                store.close()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.dictionaries(
        st.sampled_from(["bell", "position_s", "release_s", "default_routine", "theme", "x"]),
        st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats()
        | st.booleans()
        | st.text(max_size=30)
        | st.lists(st.integers(), max_size=2),
        max_size=6,
    ).map(toml_dumps)
    | st.binary(max_size=200).map(lambda raw: raw.decode("latin-1"))
)
def test_no_settings_file_stops_coach(content: str, tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text(content, encoding="utf-8", errors="surrogateescape")
    loaded, problems = load_settings(tmp_path)
    assert isinstance(loaded, Settings)
    assert 0 <= loaded.position_s <= 60 and 0 <= loaded.release_s <= 30
    assert all(isinstance(problem, str) and problem for problem in problems)


def test_coach_start_says_why_a_broken_routine_cannot_be_used(
    config_dir: Path, db_file: Path
) -> None:
    folder = config_dir / "routines"
    folder.mkdir()
    for name, content in {
        "negative.toml": "name = 'x'\nsummary = 'y'\n[[steps]]\nexercise = 'curl-up'\nhold_s = -5",
        "huge.toml": b"#" * (10 * 1024 * 1024),
        "binary.toml": bytes(range(256)),
        "ghost.toml": "name = 'x'\nsummary = 'y'\n[[steps]]\nexercise = 'moonwalk'",
    }.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    expected = {
        "negative": "steps[0].hold_s: expected a whole number from 1 to 300, got -5",
        "huge": "too large: expected at most 256 KB of TOML",
        "binary": "not a text file: expected UTF-8 TOML",
        "ghost": 'steps[0].exercise: no exercise "moonwalk" (ids are exercise file names)',
    }
    for routine, words in expected.items():
        result = CliRunner().invoke(
            cli, ["--db", str(db_file), "start", routine], env={"COACH_CONFIG_DIR": str(config_dir)}
        )
        assert result.exit_code == 2
        assert result.stderr == f"coach: {folder / routine}.toml cannot be used: {words}\n"
    assert not db_file.exists()  # refused before the database was opened


async def test_typed_junk_on_the_checkin_screen(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """Letters and signs typed into the minutes: the field keeps only what makes an integer, and
    the negative number left is refused with the range, saving nothing. (Out-of-range numbers:
    tests/test_checkin_screen.py.)"""
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "7", "enter", "2", "enter", *"x-y.5e")
        await pilot.pause()
        assert app.screen.query_one("#minutes", Input).value == "-5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        error = str(app.screen.query_one("#error", Static).render())
        assert error == "Activity minutes must be a whole number from 0 to 1440"
    assert store.db["checkins"].count == 0


def test_unreadable_library_and_settings_files_as_an_unprivileged_user(
    nobodys_folder: Path, as_nobody: AsNobody
) -> None:
    """Files coach may not read are named and skipped; coach itself goes on."""
    config = nobodys_folder / "config"
    (config / "routines").mkdir(parents=True)
    secret = config / "routines" / "secret.toml"
    secret.write_text("name = 'x'\nsummary = 'y'\n[[steps]]\nexercise = 'curl-up'\n")
    (config / "settings.toml").write_text("bell = false\n")
    for path in (config, config / "routines"):
        os.chown(path, NOBODY, NOBODY)
    for path in (secret, config / "settings.toml"):
        path.chmod(0)
    env = {"PATH": os.environ["PATH"], "HOME": str(nobodys_folder), "COACH_CONFIG_DIR": str(config)}
    listed = subprocess.run(
        [*as_nobody.coach, "routines"], env=env, capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    assert "secret.toml: cannot be read: permission denied" in " ".join(listed.stdout.split())
    checked = subprocess.run(
        [*as_nobody.coach, "routines", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode != 0 and "Traceback" not in checked.stderr + checked.stdout
    assert "permission denied" in checked.stdout + checked.stderr
    code = (
        "from pathlib import Path; from coach.settings import load_settings; "
        f"print(load_settings(Path({str(config)!r}))[1])"
    )
    read = subprocess.run(
        [*as_nobody.python, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert "settings.toml: cannot be read" in read.stdout and "using the default" in read.stdout
