"""Spoken cues: what the player says at each phase, and a speaker that never holds up the timer.

Someone lying on the floor cannot read a terminal across the room, so with the `voice` setting
on, coach says the exercise and side as you get ready, "swap legs" between the curl-up's sets,
"hold", "release", "rest", the rep count every few reps, "3, 2, 1" before a hold ends, and "all
done" at the end (`full` also reads the first instruction line of each exercise).

The engine is the system's own offline speech program, run as a child process: espeak-ng or
spd-say on Linux, `say` on macOS, System.Speech (SAPI) through PowerShell on Windows. Why a thin
subprocess wrapper rather than a library such as pyttsx3: pyttsx3's `runAndWait` blocks the
calling thread until the words are spoken and needs a driver per platform loaded into this
process, whereas a child process speaks on its own, starts in about half a millisecond (so the
player can start it from the event loop at a phase change) and can be cut off with a signal.

Timing rules, so speech never delays the timer or lags behind it:
- Each cue is tied to its phase's deadline ("3" is due 3 s before the hold ends) and spoken
  without waiting; nothing is ever queued.
- A phase's cues are laid out from its start with an estimate of how long each takes to say; one
  that would still be talking when the next cue (or the next phase) is due is dropped.
- If an utterance is still going when the next cue is due anyway (a slow voice), it is cut off.

No Textual here: the player calls `Speaker.follow(timer)` after every event, and the tests drive
a Timer and a Speaker with a FakeClock and a recording engine.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from coach.settings import Voice

if TYPE_CHECKING:  # only types: the CLI finds the engine at start-up without the library
    from coach.library import Library
    from coach.plan import Phase
    from coach.timer import Timer

#: The rep count is said on every this many reps (and "last one" on the last).
COUNT_EVERY = 5
#: The countdown before a hold ends: "3", "2", "1", each on its second.
COUNTDOWN_FROM = 3
#: How long an utterance takes, estimated (espeak-ng at its default 175 words a minute, measured
#: on WAV files: "3" 0.61 s, "Hold. 5 of 10" 1.81 s, a six-word exercise and side 2.60 s).
START_S = 0.3
WORD_S = 0.33
PAUSE_S = 0.15

END_WORDS = "All done. Well done."
#: The `voice` settings that speak.
SPEAKING: tuple[Voice, ...] = ("cues", "full")


class Engine(Protocol):
    """Something that can say a line without waiting for it to be said."""

    name: str

    def say(self, text: str) -> None:
        """Start saying `text` at once, cutting off anything still being said."""
        ...

    def stop(self) -> None:
        """Stop talking now."""
        ...


class Cancellable(Protocol):
    def cancel(self) -> None: ...


#: Call a function after a delay in seconds (the event loop's `call_later`, or a test's).
Scheduler = Callable[[float, Callable[[], None]], Cancellable]


# --- the engine -------------------------------------------------------------------------------


class SpeechCommand:
    """A speech program run once per utterance, its output thrown away (the terminal, or the
    browser's pipe under `coach serve`, belongs to the app). `argv` ends where the text goes:
    after `--` as one argument, or on standard input when `text_on_stdin`."""

    def __init__(self, name: str, argv: Sequence[str], *, text_on_stdin: bool = False) -> None:
        self.name = name
        self.argv = tuple(argv)
        self.text_on_stdin = text_on_stdin
        self._process: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        self.stop()
        argv = list(self.argv) if self.text_on_stdin else [*self.argv, "--", text]
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE if self.text_on_stdin else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a ctrl+c in the terminal is not meant for it
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError:
            return  # the program went away since it was found: silence, the bell still rings
        self._process = process
        if self.text_on_stdin and process.stdin is not None:
            try:  # a few hundred bytes fit in the pipe's buffer: this never waits
                process.stdin.write(text.encode("utf-8"))
                process.stdin.close()
            except OSError:
                pass

    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        """Cut off the utterance under way; the child is reaped by the next Popen (or poll)."""
        if self.speaking():
            assert self._process is not None
            self._process.terminate()
        self._process = None


#: A speech program: its name, its command line (the text follows), whether the text goes on
#: standard input.
_Candidate = tuple[str, tuple[str, ...], bool]

#: The speech programs tried, per platform, best first.
_LINUX: tuple[_Candidate, ...] = (
    ("espeak-ng", ("espeak-ng",), False),
    ("spd-say", ("spd-say", "--wait"), False),  # --wait: the process lasts as long as the words
)
_MACOS: tuple[_Candidate, ...] = (("say", ("say",), True),)
_SAPI = (
    "Add-Type -AssemblyName System.Speech; "
    "(New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak([Console]::In.ReadToEnd())"
)
_WINDOWS: tuple[_Candidate, ...] = (
    ("SAPI", ("powershell", "-NoProfile", "-NonInteractive", "-Command", _SAPI), True),
)


def find_engine(
    platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> SpeechCommand | None:
    """The system's speech program, or None when it has none (then only the bell sounds)."""
    if platform == "darwin":
        candidates = _MACOS
    elif platform == "win32":
        candidates = _WINDOWS
    else:
        candidates = _LINUX
    for name, argv, text_on_stdin in candidates:
        program = which(argv[0])
        if program is not None:
            return SpeechCommand(name, (program, *argv[1:]), text_on_stdin=text_on_stdin)
    return None


# --- what is said when ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """A line to say when `left_s` seconds are left in its phase. `once`: not said again if it
    was the last such line said (an instruction line already read out in the rest before)."""

    left_s: float
    text: str
    once: bool = False


def speaking_s(text: str) -> float:
    """How long `text` takes to say, estimated generously (see START_S)."""
    words = len(text.replace("-", " ").split())
    pauses = sum(text.count(mark) for mark in ",.;:!?")
    return START_S + WORD_S * words + PAUSE_S * pauses


def _named(phase: Phase) -> str:
    name = phase.exercise_name
    return name if phase.side == "both" else f"{name}, {phase.side} side"


def _hold_words(phase: Phase) -> str:
    if phase.rep_no == phase.reps and phase.reps > 1:
        return "Hold. Last one."
    if phase.rep_no % COUNT_EVERY == 0:
        return f"Hold. {phase.rep_no} of {phase.reps}."
    return "Hold."


def _opening(
    phase: Phase, voice: Voice, first_line: Callable[[str], str], upcoming: Sequence[Phase]
) -> list[tuple[str, bool]]:
    """What to say from the start of the phase, in order; each (text, once)."""
    full = voice == "full"
    if phase.kind == "position":
        return [(_named(phase), False)] + ([(first_line(phase.exercise), True)] if full else [])
    if phase.kind == "switch":
        return [(f"Switch to the {phase.side} side.", False)]
    if phase.kind == "swap":
        return [("Swap legs.", False)]
    if phase.kind == "hold":
        return [(_hold_words(phase), False)]
    if phase.kind == "release":
        return [("Release.", False)]
    if phase.kind == "run":
        return [("Run. Tall, relaxed shoulders, short quick steps.", False)]
    if phase.kind == "walk":
        return [("Walk.", False)]
    if phase.kind == "rest":
        parts = [("Rest.", False)]
        following = upcoming[0] if upcoming else None
        if full and following is not None and following.step_no != phase.step_no:
            parts += [(f"Next: {following.exercise_name}.", False)]
            parts += [(first_line(following.exercise), True)]
        return parts
    return []


def phase_cues(
    phase: Phase,
    voice: Voice,
    first_line: Callable[[str], str],
    upcoming: Sequence[Phase] = (),
) -> tuple[Cue, ...]:
    """The cues of one phase, laid out from its start; any that would not be finished before
    the next one is due (or the phase ends) is left out. `upcoming`: the phases after it."""
    if voice not in SPEAKING:
        return ()
    length = phase.seconds
    cues: list[Cue] = []
    elapsed = 0.0
    for text, once in _opening(phase, voice, first_line, upcoming):
        end = elapsed + speaking_s(text)
        if text and end <= length:
            cues.append(Cue(length - elapsed, text, once))
            elapsed = end
    if phase.kind == "hold" and elapsed <= length - COUNTDOWN_FROM:
        cues += [Cue(float(n), str(n)) for n in range(COUNTDOWN_FROM, 0, -1)]
    return tuple(cues)


class Speaker:
    """Says a Timer's cues at their moments. `follow(timer)` after every event (a phase change,
    pause, resume, skip) cancels what was pending and plans again from the deadline."""

    def __init__(
        self,
        engine: Engine,
        voice: Voice,
        library: Library,
        *,
        clock: Callable[[], float],
        call_later: Scheduler,
    ) -> None:
        self.engine = engine
        self.voice = voice
        self._library = library
        self._clock = clock
        self._call_later = call_later
        self._pending: list[Cancellable] = []
        self._serial: int | None = None
        self._last_once = ""
        self._finished = False

    def follow(self, timer: Timer) -> None:
        self._cancel()
        if timer.done:
            if not timer.stopped and not self._finished and self.voice in SPEAKING:
                self._say(END_WORDS, once=False)
            self._finished = True
            return
        phase = timer.current
        if timer.paused or phase is None:
            return
        new_phase = timer.serial != self._serial
        self._serial = timer.serial
        left = timer.remaining()
        cues = phase_cues(phase, self.voice, self._first_line, timer.next_phases(1))
        for position, cue in enumerate(cues):
            delay = left - cue.left_s
            if delay > 0:
                say = functools.partial(self._say, cue.text, cue.once)
                self._pending.append(self._call_later(delay, say))
            elif position == 0 and new_phase:  # the phase's opening words, a moment late
                self._say(cue.text, cue.once)

    def close(self) -> None:
        """The player is going away: nothing more is said."""
        self._cancel()
        self.engine.stop()

    def _first_line(self, exercise_id: str) -> str:
        exercise = self._library.exercises.get(exercise_id)
        return exercise.instructions[0] if exercise is not None else ""

    def _say(self, text: str, once: bool) -> None:
        if once:
            if text == self._last_once:
                return
            self._last_once = text
        self.engine.say(text)

    def _cancel(self) -> None:
        for call in self._pending:
            call.cancel()
        self._pending.clear()
