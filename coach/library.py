"""The exercise library: exercises, routines and running stages as TOML files a
physiotherapist can read.

The built-in files ship with the package (`exercises/moves/`, `exercises/routines/` and
`exercises/running/`); the user's own files (`<config>/exercises/`, `<config>/routines/` and
`<config>/running/`) add to them, and one with a built-in's id replaces it. The id of anything
is its file name without `.toml`.

Every built-in exercise and routine names in `source` the book or article it follows, so a
clinician can check it; user files may leave it out. An exercise may say when to stop
(`stop_if`, shown beside the timer) and that the legs swap between sets (`swap_legs`, a phase of
its own in the plan), and name its easier and harder forms (`easier`, `harder`: other exercises'
ids, offered when it hurts or has become too easy); a routine step may give one number of reps per
set (`reps = [5, 3, 1]`, a descending pyramid).

Every file is validated into frozen objects. Each problem of a broken file gets a message that
names the file, the key and what was expected (all of them: `check_files` lists every one), e.g.
`broken.toml: steps[0].reps: expected a whole number from 1 to 100, got "ten"`. A broken
built-in is a bug and raises; a broken user file is recorded in `Library.problems` and skipped,
so one typo never stops the app.

Pure stdlib on purpose: the CLI, the player and the tests load it without Textual.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NoReturn, TypeVar

from coach.paths import read_regular
from coach.user_text import is_utf8, shown

Area = Literal["mobility", "core", "stretch", "strength"]
Level = Literal["gentle", "standard", "strong"]
Sides = Literal["both", "each"]

AREAS: tuple[Area, ...] = ("mobility", "core", "stretch", "strength")
LEVELS: tuple[Level, ...] = ("gentle", "standard", "strong")
SIDES: tuple[Sides, ...] = ("both", "each")

#: `origin` of everything that ships with coach; user items carry their file path instead.
BUILTIN = "built-in"

#: Exercise and routine files are a few hundred bytes; anything this big is the wrong file.
MAX_FILE_BYTES = 256 * 1024
MAX_LINES = 20
MAX_STEPS = 60
MAX_SETS = 20


class LibraryError(Exception):
    """A file that cannot be used, saying where and why, in words a file's author can act on."""

    def __init__(self, path: Path, key: str | None, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        super().__init__(f"{path.name}: {self.detail}")

    @property
    def detail(self) -> str:
        """The message without the file name, for screens that show the full path beside it."""
        return f"{self.key}: {self.problem}" if self.key else self.problem


class BrokenFile(LibraryError):
    """Every problem found in one file: it reads as the first, saying how many more there are;
    `coach routines check` lists them all."""

    def __init__(self, problems: list[LibraryError]) -> None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first.path, first.key, first.problem + more)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Exercise:
    """One move with its instructions and the defaults a routine step may override."""

    id: str
    name: str
    area: Area
    instructions: tuple[str, ...]
    cues: tuple[str, ...]
    reps: int
    hold_s: int
    sides: Sides
    rest_s: int
    stop_if: str | None = None  # "pain spreads into a leg": the player shows it by the timer
    swap_legs: bool = False  # the bent and straight leg change places between sets
    source: str | None = None  # the book or article the file follows
    easier: str | None = None  # the id of an easier form, offered when this one hurts
    harder: str | None = None  # the id of a harder form, offered when this one is at its most
    origin: str = BUILTIN
    replaces_builtin: bool = False


@dataclass(frozen=True)
class RoutineStep:
    """One step of a routine, fully resolved: the exercise's defaults with overrides applied.
    `reps_per_set` has one count per set: equal counts, or a pyramid such as (5, 3, 1)."""

    exercise: str
    reps_per_set: tuple[int, ...]
    hold_s: int
    sides: Sides
    rest_s: int
    swap_legs: bool = False

    @property
    def sets(self) -> int:
        return len(self.reps_per_set)


@dataclass(frozen=True)
class Routine:
    """A named sequence of exercise steps; `level` is optional (None when the file has none)."""

    id: str
    name: str
    summary: str
    level: Level | None
    steps: tuple[RoutineStep, ...]
    source: str | None = None  # the book or article the routine follows
    origin: str = BUILTIN
    replaces_builtin: bool = False


@dataclass(frozen=True)
class RunStage:
    """One stage of the return to running: `repeats` × (walk `walk_s`, then run `run_s`);
    a stage with no walk is continuous running. Stages are taken in `order`."""

    id: str
    name: str
    order: int
    run_s: int
    walk_s: int
    repeats: int
    #: The file's citation: what the stage's doses rest on.
    based_on: str
    origin: str = BUILTIN
    replaces_builtin: bool = False

    @property
    def total_s(self) -> int:
        return self.repeats * (self.run_s + self.walk_s)


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Library:
    """Every exercise and routine by id (sorted), and the user files that were skipped."""

    exercises: Mapping[str, Exercise] = field(default_factory=_empty)
    routines: Mapping[str, Routine] = field(default_factory=_empty)
    problems: tuple[LibraryError, ...] = ()
    #: The running stages by id, in their order (first stage first).
    stages: Mapping[str, RunStage] = field(default_factory=_empty)

    def routine_name(self, routine_id: str) -> str:
        """What a person reads for a routine: its name, or its id when it is no longer in the
        library (a session recorded before its file went)."""
        routine = self.routines.get(routine_id)
        return routine.name if routine is not None else routine_id

    def exercise_name(self, exercise_id: str) -> str:
        """An exercise's name, or its id when it is no longer in the library."""
        exercise = self.exercises.get(exercise_id)
        return exercise.name if exercise is not None else exercise_id


def builtin_dir() -> Path:
    """The built-in files: inside the installed package, else the source checkout's root."""
    here = Path(__file__).parent
    for candidate in (here / "_exercises", here.parent / "exercises"):
        if candidate.is_dir():
            return candidate
    raise LibraryError(here / "_exercises", None, "missing: this installation has no exercises")


def load_library(user_dir: Path | None) -> Library:
    """Load the built-ins, then the user's files from `user_dir` on top of them.

    Exercises load first so routines resolve against the final set: a user exercise that
    replaces a built-in one also changes the built-in routines that use it.
    """
    problems: list[LibraryError] = []
    exercises: dict[str, Exercise] = {}
    routines: dict[str, Routine] = {}

    def routine(path: Path, data: dict[str, Any], origin: str, replaces: bool) -> Routine:
        return _routine(path, data, origin, replaces, exercises)

    builtins = builtin_dir()
    _load_folder(builtins / "moves", _exercise, exercises, None)
    if user_dir is not None:
        _load_folder(user_dir / "exercises", _exercise, exercises, problems)
    for link_problem in _unlink_missing_variants(exercises):
        _skip(link_problem, problems if link_problem.path.parent != builtins / "moves" else None)
    _load_folder(builtins / "routines", routine, routines, None)
    if user_dir is not None:
        _load_folder(user_dir / "routines", routine, routines, problems)
    stages: dict[str, RunStage] = {}
    _load_folder(builtins / "running", _stage, stages, None)
    if user_dir is not None:
        _load_folder(user_dir / "running", _stage, stages, problems)
    in_order = sorted(stages.values(), key=lambda stage: (stage.order, stage.id))
    return Library(
        exercises=MappingProxyType(dict(sorted(exercises.items()))),
        routines=MappingProxyType(dict(sorted(routines.items()))),
        problems=tuple(problems),
        stages=MappingProxyType({stage.id: stage for stage in in_order}),
    )


def library_files(user_dir: Path | None) -> list[Path]:
    """Every file `load_library` reads, exercises before routines, built-ins before the user's."""
    builtins = builtin_dir()
    folders = [builtins / "moves"]
    if user_dir is not None:
        folders.append(user_dir / "exercises")
    folders.append(builtins / "routines")
    if user_dir is not None:
        folders.append(user_dir / "routines")
    folders.append(builtins / "running")
    if user_dir is not None:
        folders.append(user_dir / "running")
    return [path for folder in folders for path in _toml_files(folder)]


def check_files(paths: Iterable[Path], library: Library) -> list[LibraryError]:
    """Validate files as the loader would, returning every error in the order given.

    Exercises among `paths` join the library's before any routine is checked, so a new
    exercise and the routine that uses it can be checked together. A file in a `routines`
    folder is a routine and one in `moves` or `exercises` an exercise; elsewhere a file with
    `steps` or a `summary` is taken for a routine. A file among the built-ins is checked as one
    (it must name its `source`).
    """
    builtins = builtin_dir().resolve()

    def origin(path: Path) -> str:
        return BUILTIN if path.resolve().is_relative_to(builtins) else str(path)

    exercises = dict(library.exercises)
    errors: list[tuple[int, LibraryError]] = []
    routines: list[tuple[int, Path, dict[str, Any]]] = []
    checked: list[tuple[int, Exercise]] = []
    for index, path in enumerate(paths):
        try:
            data = _read(path)
            if _is_stage(path, data):
                _stage(path, data, origin(path), False)
            elif _is_routine(path, data):
                routines.append((index, path, data))
            else:
                exercises[path.stem] = _exercise(path, data, origin(path), False)
                checked.append((index, exercises[path.stem]))
        except LibraryError as error:
            errors.append((index, error))
    for index, exercise in checked:
        errors.extend((index, problem) for problem in _variant_problems([exercise], exercises))
    for index, path, data in routines:
        try:
            _routine(path, data, origin(path), False, exercises)
        except LibraryError as error:
            errors.append((index, error))
    ordered = [error for _, error in sorted(errors, key=lambda pair: pair[0])]
    return [one for error in ordered for one in getattr(error, "problems", (error,))]


# --- reading files --------------------------------------------------------------------------

T = TypeVar("T")
_Parse = Callable[[Path, dict[str, Any], str, bool], T]


def _load_folder(
    folder: Path,
    parse: _Parse[T],
    found: dict[str, T],
    problems: list[LibraryError] | None,
) -> None:
    """Parse every file in `folder` into `found` by id, over any already there.

    With `problems` (user files), a broken file is recorded and skipped; without (built-ins),
    it raises. A user file's origin is its path, and it says when it replaced a built-in.
    """
    builtin = problems is None
    try:
        paths = _toml_files(folder)
    except LibraryError as error:
        _skip(error, problems)
        return
    for path in paths:
        origin = BUILTIN if builtin else str(path)
        replaces = not builtin and path.stem in found
        try:
            found[path.stem] = parse(path, _read(path), origin, replaces)
        except LibraryError as error:
            _skip(error, problems)


def _skip(error: LibraryError, problems: list[LibraryError] | None) -> None:
    if problems is None:
        raise error
    problems.append(error)


def _toml_files(folder: Path) -> list[Path]:
    """The `*.toml` files in `folder`, sorted; none if it does not exist. Hidden files
    (editor backups such as `.#core.toml`) are not the user's routines."""
    if not folder.exists():
        return []
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError as error:
        raise LibraryError(folder, None, f"cannot be read: {_os_reason(error)}") from error
    return [folder / name for name in names if name.endswith(".toml") and name[0] != "."]


def _read(path: Path) -> dict[str, Any]:
    """Read and parse one file, turning every way it can fail into a LibraryError.

    The file name is the id that sessions record and commands take, so it must be text that
    can be stored, typed and shown as it is.
    """
    if not is_utf8(path.name):
        raise LibraryError(path, None, "the file name is not UTF-8 text: rename the file")
    if shown(path.name) != path.name:
        raise LibraryError(path, None, "the file name has control characters: rename the file")
    try:
        raw = read_regular(path, MAX_FILE_BYTES + 1)
    except OSError as error:
        raise LibraryError(path, None, f"cannot be read: {_os_reason(error)}") from error
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024
        raise LibraryError(path, None, f"too large: expected at most {limit} KB of TOML")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LibraryError(path, None, "not a text file: expected UTF-8 TOML") from error
    if "\x00" in text:  # valid UTF-8, but no text file has NUL bytes
        raise LibraryError(path, None, "not a text file: expected UTF-8 TOML")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LibraryError(path, None, f"not valid TOML: {error}") from error
    except RecursionError as error:
        raise LibraryError(path, None, "not valid TOML: nested too deeply") from error
    except ValueError as error:  # an integer longer than Python will convert
        raise LibraryError(path, None, "not valid TOML: a number has too many digits") from error


def _os_reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def _is_stage(path: Path, data: Mapping[str, Any]) -> bool:
    return path.parent.name == "running" or "run_s" in data


def _is_routine(path: Path, data: Mapping[str, Any]) -> bool:
    folder = path.parent.name
    if folder in ("moves", "exercises"):
        return False
    return folder == "routines" or "steps" in data or "summary" in data


# --- validating values ----------------------------------------------------------------------

_BAD: Any = object()


@dataclass(frozen=True)
class _Kind:
    """What a key must hold: the words for the error message and a check that cleans it."""

    expected: str
    accept: Callable[[object], Any]  # the clean value, or _BAD


def _whole(low: int, high: int) -> _Kind:
    def accept(value: object) -> Any:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # `10.0` means 10 to anyone reading the file
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        return _BAD

    return _Kind(f"a whole number from {low} to {high}", accept)


def _choice(options: tuple[str, ...]) -> _Kind:
    words = ", ".join(f'"{option}"' for option in options)
    return _Kind(f"one of {words}", lambda value: value if value in options else _BAD)


def _text(max_chars: int) -> _Kind:
    """One line of plain text: control and format characters (escape sequences, newlines,
    bidi overrides) could repaint or disguise what the terminal shows."""

    def accept(value: object) -> Any:
        if not isinstance(value, str):
            return _BAD
        value = value.strip()
        return value if 0 < len(value) <= max_chars and shown(value) == value else _BAD

    return _Kind(f"one line of text, 1 to {max_chars} characters", accept)


_NAME = _text(60)
_SUMMARY = _text(200)
_LINE = _text(120)
_ID = _Kind('an exercise id, such as "bird-dog"', _text(255).accept)
_AREA = _choice(AREAS)
_LEVEL = _choice(LEVELS)
_SIDE = _choice(SIDES)
_REPS = _whole(1, 100)
_HOLD_S = _whole(1, 300)
_REST_S = _whole(0, 600)
_SETS = _whole(1, MAX_SETS)
_ORDER = _whole(1, 99)
_RUN_S = _whole(10, 3600)
_WALK_S = _whole(0, 1800)
_REPEATS = _whole(1, 60)
_STOP_IF = _text(60)
_SOURCE = _Kind(
    "the book or article the file follows, one line of 1 to 200 characters", _text(200).accept
)
_REPS_OR_LIST = _Kind(
    f"{_REPS.expected}, or a list of them with one per set (such as [5, 3, 1])", _REPS.accept
)
_FLAG = _Kind("true or false", lambda value: value if isinstance(value, bool) else _BAD)


def _show(value: object) -> str:
    """A value as the file's author wrote it, short enough for a one-line message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:39] + "…", ensure_ascii=False)
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 100 else "a number with too many digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"  # the only other thing TOML has


def _clip(key: str) -> str:
    return key if len(key) <= 40 else key[:39] + "…"


class _Table:
    """One TOML table being read; every error names the file and the key's full path.

    Reading goes on past a bad key, so one check reports every problem of a file: `get`,
    `lines` and `tables` note what is wrong and give a stand-in, and `done` raises them all
    (BrokenFile). The tables of a file share one list of problems.
    """

    def __init__(
        self,
        path: Path,
        data: Mapping[str, Any],
        prefix: str = "",
        problems: list[LibraryError] | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.prefix = prefix
        self.problems: list[LibraryError] = [] if problems is None else problems

    def fail(self, key: str, problem: str) -> NoReturn:
        raise LibraryError(self.path, self.prefix + _clip(key), problem)

    def note(self, key: str, problem: str) -> None:
        self.problems.append(LibraryError(self.path, self.prefix + _clip(key), problem))

    def done(self) -> None:
        """Raise every problem noted in the file, if there was any."""
        if self.problems:
            raise BrokenFile(self.problems)

    def only(self, allowed: tuple[str, ...]) -> None:
        """Unknown keys are errors: they are nearly always typos that would be ignored."""
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f'did you mean "{close[0]}"?' if close else "expected " + ", ".join(allowed)
                self.note(key, f"unknown key ({hint})")

    def get(self, key: str, kind: _Kind, default: Any = _BAD) -> Any:
        """The clean value of `key`, or `default` when it is absent; a missing required key
        or a bad value is noted, and gives _BAD."""
        try:
            if key not in self.data:
                if default is _BAD:
                    self.fail(key, f"missing: expected {kind.expected}")
                return default
            return self.check(key, kind, self.data[key])
        except LibraryError as error:
            self.problems.append(error)
            return _BAD

    def check(self, key: str, kind: _Kind, value: object) -> Any:
        clean = kind.accept(value)
        if clean is _BAD:
            self.fail(key, f"expected {kind.expected}, got {_show(value)}")
        return clean

    def checked(self, key: str, kind: _Kind, value: object) -> Any:
        """`check`, noting a bad value instead of raising; it gives _BAD."""
        try:
            return self.check(key, kind, value)
        except LibraryError as error:
            self.problems.append(error)
            return _BAD

    def lines(self, key: str, *, required: bool) -> tuple[str, ...]:
        """A list of short text lines (instructions, cues), each checked on its own; what is
        wrong is noted."""
        try:
            return self._lines(key, required=required)
        except LibraryError as error:
            self.problems.append(error)
            return ()

    def _lines(self, key: str, *, required: bool) -> tuple[str, ...]:
        low = 1 if required else 0
        expected = f"a list of {low} to {MAX_LINES} lines of text"
        value = self.data.get(key, _BAD if required else [])
        if value is _BAD:
            self.fail(key, f"missing: expected {expected}")
        if not isinstance(value, list) or not low <= len(value) <= MAX_LINES:
            got = f"{len(value)} lines" if isinstance(value, list) else _show(value)
            self.fail(key, f"expected {expected}, got {got}")
        return tuple(self.check(f"{key}[{i}]", _LINE, line) for i, line in enumerate(value))

    def tables(self, key: str) -> list[_Table]:
        """An array of tables (`[[steps]]`): at least one, each read with its index; what is
        wrong is noted, and no table is given."""
        try:
            return self._tables(key)
        except LibraryError as error:
            self.problems.append(error)
            return []

    def _tables(self, key: str) -> list[_Table]:
        expected = f"1 to {MAX_STEPS} [[{key}]] tables"
        value = self.data.get(key, _BAD)
        if value is _BAD:
            self.fail(key, f"missing: expected {expected}")
        if not isinstance(value, list) or not 0 < len(value) <= MAX_STEPS:
            got = _show(value) if not isinstance(value, list) else str(len(value) or "none")
            self.fail(key, f"expected {expected}, got {got}")
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(f"{key}[{index}]", f"expected a table, got {_show(item)}")
        return [
            _Table(self.path, item, f"{self.prefix}{key}[{i}].", self.problems)
            for i, item in enumerate(value)
        ]


# --- exercises and routines -----------------------------------------------------------------

_EXERCISE_KEYS = (
    "name",
    "area",
    "instructions",
    "cues",
    "reps",
    "hold_s",
    "sides",
    "rest_s",
    "stop_if",
    "swap_legs",
    "source",
    "easier",
    "harder",
)
_VARIANT_KEYS = ("easier", "harder")
_ROUTINE_KEYS = ("name", "summary", "level", "source", "steps")
_STEP_KEYS = ("exercise", "reps", "hold_s", "sets", "sides", "rest_s", "swap_legs")
_STAGE_KEYS = ("name", "order", "run_s", "walk_s", "repeats", "based_on")


def _source(table: _Table, origin: str) -> str | None:
    """The file's `source`: required of a built-in, optional in the user's own files."""
    source: str | None = table.get("source", _SOURCE, _BAD if origin == BUILTIN else None)
    return source


def _exercise(path: Path, data: dict[str, Any], origin: str, replaces: bool) -> Exercise:
    table = _Table(path, data)
    if "steps" in data:  # the likeliest mistake: a routine saved among the exercises
        table.fail("steps", "unknown key in an exercise (routines go in the routines folder)")
    table.only(_EXERCISE_KEYS)
    exercise = Exercise(
        id=path.stem,
        name=table.get("name", _NAME),
        area=table.get("area", _AREA),
        instructions=table.lines("instructions", required=True),
        cues=table.lines("cues", required=False),
        reps=table.get("reps", _REPS),
        hold_s=table.get("hold_s", _HOLD_S),
        sides=table.get("sides", _SIDE),
        rest_s=table.get("rest_s", _REST_S),
        stop_if=table.get("stop_if", _STOP_IF, None),
        swap_legs=table.get("swap_legs", _FLAG, False),
        source=_source(table, origin),
        easier=table.get("easier", _ID, None),
        harder=table.get("harder", _ID, None),
        origin=origin,
        replaces_builtin=replaces,
    )
    for key in _VARIANT_KEYS:
        if getattr(exercise, key) == exercise.id:
            table.note(key, "names this exercise itself: expected another exercise's id")
    _check_swap(table, exercise.swap_legs, exercise.sides)
    table.done()
    return exercise


def _variant_problems(
    checked: Iterable[Exercise], exercises: Mapping[str, Exercise]
) -> list[LibraryError]:
    """An `easier` or `harder` that names no exercise in `exercises`, for each of `checked`."""
    problems = []
    for exercise in checked:
        for key in _VARIANT_KEYS:
            variant = getattr(exercise, key)
            if variant is not None and variant not in exercises:
                close = difflib.get_close_matches(variant, list(exercises), n=1)
                hint = f'did you mean "{close[0]}"?' if close else "ids are exercise file names"
                where = Path(exercise.origin) if exercise.origin != BUILTIN else None
                path = where or builtin_dir() / "moves" / f"{exercise.id}.toml"
                problems.append(LibraryError(path, key, f"no exercise {_show(variant)} ({hint})"))
    return problems


def _unlink_missing_variants(exercises: dict[str, Exercise]) -> list[LibraryError]:
    """Drop every `easier`/`harder` that names no loaded exercise, saying so: the exercise
    itself still loads (the routines using it stay), only the offer of that form is lost."""
    problems = _variant_problems(exercises.values(), exercises)
    for problem in problems:
        exercise = exercises[problem.path.stem]
        if problem.key == "easier":
            exercises[exercise.id] = replace(exercise, easier=None)
        else:
            exercises[exercise.id] = replace(exercise, harder=None)
    return problems


def _routine(
    path: Path,
    data: dict[str, Any],
    origin: str,
    replaces: bool,
    exercises: Mapping[str, Exercise],
) -> Routine:
    table = _Table(path, data)
    table.only(_ROUTINE_KEYS)
    routine = Routine(
        id=path.stem,
        name=table.get("name", _NAME),
        summary=table.get("summary", _SUMMARY, ""),  # a name and steps are enough
        level=table.get("level", _LEVEL, None),
        steps=tuple(_step(step, exercises) for step in table.tables("steps")),
        source=_source(table, origin),
        origin=origin,
        replaces_builtin=replaces,
    )
    table.done()
    return routine


def _step(table: _Table, exercises: Mapping[str, Exercise]) -> RoutineStep:
    """A routine step with the exercise's defaults filled in; a missing exercise is an error."""
    table.only(_STEP_KEYS)
    exercise_id = table.get("exercise", _ID)
    exercise = exercises.get(exercise_id) if exercise_id is not _BAD else None
    if exercise is None and exercise_id is not _BAD:
        close = difflib.get_close_matches(exercise_id, list(exercises), n=1)
        hint = f'did you mean "{close[0]}"?' if close else "ids are exercise file names"
        table.note("exercise", f"no exercise {_show(exercise_id)} ({hint})")

    def default(attribute: str) -> Any:
        """The exercise's own value; a stand-in when there is no exercise (already noted)."""
        return getattr(exercise, attribute) if exercise is not None else None

    step = RoutineStep(
        exercise=exercise_id,
        reps_per_set=_reps_per_set(table, default("reps")),
        hold_s=table.get("hold_s", _HOLD_S, default("hold_s")),
        sides=table.get("sides", _SIDE, default("sides")),
        rest_s=table.get("rest_s", _REST_S, default("rest_s")),
        swap_legs=table.get("swap_legs", _FLAG, default("swap_legs")),
    )
    _check_swap(table, step.swap_legs, step.sides)
    return step


def _reps_per_set(table: _Table, default: int | None) -> tuple[int, ...]:
    """`reps` and `sets`, or `reps` as a list with one count per set (a pyramid: [5, 3, 1])."""
    reps = table.data.get("reps")
    if not isinstance(reps, list):
        count = table.get("reps", _REPS_OR_LIST, default)
        sets = table.get("sets", _SETS, 1)
        return (count,) * (sets if isinstance(sets, int) else 1)
    if not 0 < len(reps) <= MAX_SETS:
        got = len(reps) or "an empty list"
        table.note("reps", f"expected a list of 1 to {MAX_SETS} numbers, one per set, got {got}")
        return ()
    if "sets" in table.data:
        table.note("sets", "leave it out when reps is a list: the list has one number per set")
    return tuple(table.checked(f"reps[{i}]", _REPS, count) for i, count in enumerate(reps))


def _check_swap(table: _Table, swap_legs: object, sides: object) -> None:
    """Legs swap within one side's sets; with `sides = "each"` there is no leg to swap."""
    if swap_legs is True and sides == "each":
        key = "swap_legs" if "swap_legs" in table.data else "sides"
        table.note(
            key, 'swap_legs = true needs sides = "both" (with "each", each side is done in turn)'
        )


def _stage(path: Path, data: dict[str, Any], origin: str, replaces: bool) -> RunStage:
    table = _Table(path, data)
    table.only(_STAGE_KEYS)
    stage = RunStage(
        id=path.stem,
        name=table.get("name", _NAME),
        order=table.get("order", _ORDER),
        run_s=table.get("run_s", _RUN_S),
        walk_s=table.get("walk_s", _WALK_S),
        repeats=table.get("repeats", _REPEATS),
        based_on=table.get("based_on", _SUMMARY),
        origin=origin,
        replaces_builtin=replaces,
    )
    if stage.walk_s == 0 and stage.repeats is not _BAD and stage.repeats > 1:
        table.note("repeats", "expected 1 when walk_s is 0 (continuous running is one run)")
    table.done()
    return stage
