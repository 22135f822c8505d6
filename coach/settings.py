"""The user's settings: `settings.toml` in the config folder, every key optional.

A bad value never stops the app: it is reported (naming the key, what was expected and the
default used instead) and the rest of the file still applies. Written back by `save_settings`
in the same plain TOML, so the file stays readable and editable by hand; the app writes only
what it changed (`save_changes`), over the file as it stands, so what another copy of coach
saved meanwhile stays.

The `[keys]` table remaps keys: binding id → key string (`"home.checkin" = "x"`). Here it is
read as a table of strings; which ids and keys exist is Textual's business, checked by
coach.screens.keymap when the app starts, with problems worded by `keys_problem`.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from coach.paths import PRIVATE_FILE_MODE, ensure_private_dir, read_regular

SETTINGS_FILENAME = "settings.toml"
#: The table of remapped keys.
KEYS_TABLE = "keys"
#: What a `[keys]` entry expects, for every message about one.
KEY_EXPECTED = 'a key such as "x", "ctrl+x", "f5" or "question_mark" (or several: "x,f5")'

Runner = Literal["ask", "yes", "no"]
#: Whether the person runs: "ask" until home's question is answered; "no" gives a walking line.
RUNNERS: tuple[Runner, ...] = ("ask", "yes", "no")

Voice = Literal["ask", "off", "cues", "full"]
#: Spoken cues: "ask" until the question at the first routine is answered (see coach.voice).
VOICES: tuple[Voice, ...] = ("ask", "off", "cues", "full")

#: The emergency number by the country of the locale (`en_GB.UTF-8` → GB); 112 elsewhere,
#: which also works in the EU and from most mobile phones.
EMERGENCY_NUMBERS: dict[str, str] = {"GB": "999", "UK": "999", "US": "911", "CA": "911"}
DEFAULT_EMERGENCY_NUMBER = "112"
_LOCALE_COUNTRY = re.compile(r"^[A-Za-z]{2,3}_([A-Za-z]{2})\b")


def emergency_number_for(environ: Mapping[str, str]) -> str:
    """The emergency number for the locale the environment names (LC_ALL, LC_MESSAGES, LANG)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            match = _LOCALE_COUNTRY.match(value)
            country = match[1].upper() if match else ""
            return EMERGENCY_NUMBERS.get(country, DEFAULT_EMERGENCY_NUMBER)
    return DEFAULT_EMERGENCY_NUMBER


def _locale_emergency_number() -> str:
    return emergency_number_for(os.environ)


Bell = Literal["off", "holds", "every"]
#: When the terminal bell rings in a routine or a run: never, as a hold (or a run interval)
#: starts and ends, or at every change of phase (the rule: coach.timer.bell_rings). `true`
#: and `false`, from older files, read as "every" and "off".
BELLS: tuple[Bell, ...] = ("off", "holds", "every")


@dataclass(frozen=True)
class Settings:
    #: When the terminal bell rings in a routine (see BELLS).
    bell: Bell = "every"
    #: A tick of the bell at each of a hold's last 3 seconds.
    count_down: bool = False
    #: Seconds to get into position before each exercise and side.
    position_s: float = 5
    #: Seconds between two reps.
    release_s: float = 2
    #: The routine offered when there is no suggestion for the day.
    default_routine: str = "pelvic-tilts"
    #: A Textual theme name.
    theme: str = "textual-dark"
    #: The number every warning-sign message tells the person to call: the locale's, unless
    #: one was chosen (in the file, or typed on the settings screen).
    emergency_number: str = field(default_factory=_locale_emergency_number)
    #: Whether emergency_number was chosen. Only a chosen one is written back, so an untouched
    #: one keeps following the locale (a move from the UK to the US turns 999 into 911).
    emergency_number_chosen: bool = False
    #: Remapped keys: binding id → key string, as `[keys]` gives them (checked by the app).
    keys: Mapping[str, str] = field(default_factory=dict)
    #: Spoken cues during a routine: off, cues, or full (cues and each first instruction line).
    voice: Voice = "ask"
    #: Whether you run: "yes" gives the return-to-running line, "no" a walking line.
    runner: Runner = "ask"


_Check = Callable[[Any], bool]


def _seconds(low: float, high: float) -> tuple[str, _Check]:
    def ok(value: Any) -> bool:
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and low <= value <= high
        )

    return f"a number of seconds from {low:g} to {high:g}", ok


def _name(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= 100 and value.isprintable()


_CHECKS: dict[str, tuple[str, _Check]] = {
    "bell": ('"off", "holds" or "every"', lambda value: value in BELLS or isinstance(value, bool)),
    "count_down": ("true or false", lambda value: isinstance(value, bool)),
    "position_s": _seconds(0, 60),
    "release_s": _seconds(0, 30),
    "default_routine": ("a routine id", _name),
    "theme": ("a theme name", _name),
    "voice": ('"off", "cues" or "full"', lambda value: value in VOICES),
    "runner": ('"yes" or "no"', lambda value: value in RUNNERS),
    "emergency_number": (
        "a phone number of 2 to 6 digits, in quotes",
        lambda value: isinstance(value, str) and bool(re.fullmatch(r"[0-9]{2,6}", value.strip())),
    ),
}


def settings_path(config_dir: Path) -> Path:
    return config_dir / SETTINGS_FILENAME


def setting_problem(key: str, value: Any) -> str | None:
    """What `key` expects when `value` is not acceptable for it ("expected …"), else None.

    The settings screen checks its fields with this, so it accepts exactly what the file does.
    """
    expected, ok = _CHECKS[key]
    return None if ok(value) else f"expected {expected}"


def load_settings(config_dir: Path) -> tuple[Settings, list[str]]:
    """The settings in `config_dir`, and one message per thing in the file that was ignored."""
    path = settings_path(config_dir)
    try:
        data = tomllib.loads(read_regular(path).decode("utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        return Settings(), [f"{path}: cannot be read ({reason}); using the default settings."]
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(), [f"{path}: cannot be read ({error}); using the default settings."]
    defaults = Settings()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        if key == KEYS_TABLE:
            values[key] = _keys_table(value, problems)
            continue
        if key not in _CHECKS:
            problems.append(f"{path.name}: {key}: unknown setting, ignored.")
            continue
        expected, ok = _CHECKS[key]
        if key == "bell" and isinstance(value, bool):
            values[key] = "every" if value else "off"
        elif ok(value):
            values[key] = value.strip() if isinstance(value, str) else value
            if key == "emergency_number":
                values["emergency_number_chosen"] = True
        else:
            default = _toml(getattr(defaults, key))
            problems.append(
                f"{path.name}: {key}: expected {expected}, got {_toml(value)}; "
                f"using the default, {default}."
            )
    return Settings(**values), problems


def unknown_routine_problem(routine_id: str) -> str:
    """A default routine no routine file has, worded as every settings problem is: only the
    library, read after start-up, can tell."""
    return (
        f"{SETTINGS_FILENAME}: default_routine: no routine has the id {_toml(routine_id)}; "
        "none is suggested before your check-in. Pick one in Settings."
    )


def keys_problem(binding_id: str, problem: str) -> str:
    """A problem with one `[keys]` entry, worded as every settings problem is."""
    return f"{SETTINGS_FILENAME}: {KEYS_TABLE}: {binding_id}: {problem}"


def _keys_table(value: Any, problems: list[str]) -> dict[str, str]:
    """The `[keys]` entries that are strings; a problem for each other one."""
    if not isinstance(value, dict):
        problems.append(
            f"{SETTINGS_FILENAME}: {KEYS_TABLE}: expected a table of binding id = key, "
            f"got {_toml(value)}; using the default keys."
        )
        return {}
    keys: dict[str, str] = {}
    for binding_id, key in _flatten(value):
        if isinstance(key, str) and key.strip():
            keys[binding_id] = key.strip()
        else:
            problems.append(
                keys_problem(
                    binding_id, f"expected {KEY_EXPECTED}, got {_toml(key)}; using its default."
                )
            )
    return keys


def _flatten(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """A table's entries with dotted ids: an unquoted `home.checkin = "x"` is a nested table
    in TOML, and means the same as the quoted `"home.checkin" = "x"`."""
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _written_keys(settings: Settings) -> list[str]:
    """The plain keys `save_settings` writes: all but the keys table, the flag, and an
    emergency number nobody chose (written, it would stop following the locale)."""
    left_out = {KEYS_TABLE, "emergency_number_chosen"}
    if not settings.emergency_number_chosen:
        left_out.add("emergency_number")
    return [f.name for f in fields(settings) if f.name not in left_out]


def save_settings(config_dir: Path, settings: Settings) -> Path:
    """Write the settings to `settings.toml`, atomically (a crash leaves the old file)."""
    ensure_private_dir(config_dir)
    path = settings_path(config_dir)
    text = "".join(
        f"{key} = {_toml(getattr(settings, key), escapes=_TOML_ESCAPES)}\n"
        for key in _written_keys(settings)
    )
    if settings.keys:  # a table comes after the plain keys
        text += f"\n[{KEYS_TABLE}]\n" + "".join(
            f"{_toml(binding_id, escapes=_TOML_ESCAPES)} = {_toml(key, escapes=_TOML_ESCAPES)}\n"
            for binding_id, key in settings.keys.items()
        )
    fd, temp = tempfile.mkstemp(dir=config_dir, prefix=".settings-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, PRIVATE_FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def save_changes(config_dir: Path, before: Settings, after: Settings) -> tuple[Settings, Path]:
    """Write what `after` changes from `before` onto settings.toml as it stands now, and return
    what the file then holds: another copy of coach (or the person, by hand) may have written
    it since `before` was read, and what they wrote stays."""
    current, _problems = load_settings(config_dir)
    changed = {
        name: getattr(after, name)
        for name in (one.name for one in fields(after))
        if getattr(after, name) != getattr(before, name)
    }
    merged = replace(current, **changed)
    return merged, save_settings(config_dir, merged)


#: What a quoted string escapes in a message: the quote and the backslash (the message is then
#: made safe to show, control characters as ␛ and the like, by coach.user_text).
_QUOTED = {'"': '\\"', "\\": "\\\\"}
#: What a TOML basic string must escape in the file: those, and every control character but tab
#: (as \uXXXX), which a [keys] entry read from the file may hold and is written back.
_TOML_ESCAPES = {
    **_QUOTED,
    **{chr(code): f"\\u{code:04x}" for code in (*range(0x20), 0x7F) if code != 0x09},
}


def _toml(value: Any, *, escapes: Mapping[str, str] = _QUOTED) -> str:
    """A value as a message quotes it, or (with `_TOML_ESCAPES`) as the file holds it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return f'"{"".join(escapes.get(char, char) for char in value)}"'
    if isinstance(value, list):
        return "a list"
    return "a table" if isinstance(value, dict) else "a date or time"
