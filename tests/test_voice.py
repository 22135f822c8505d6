"""Spoken cues: what is said, and when against each phase's deadline, with a FakeClock.

A Timer and a Speaker are driven together as the player drives them (advance at the deadline,
then `follow`), with the event loop's `call_later` replaced by one on the FakeClock and a
recording engine in place of the speech program. The engine itself is tested as a real child
process, and where espeak-ng is installed, by really speaking into a WAV file.
"""

from __future__ import annotations

import shutil
import signal
import sys
import time
import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coach.clock import FakeClock
from coach.library import Routine, RoutineStep, load_library
from coach.plan import Phase, Plan, build_plan
from coach.settings import Voice
from coach.timer import Timer
from coach.voice import (
    COUNTDOWN_FROM,
    END_WORDS,
    Cue,
    Speaker,
    SpeechCommand,
    find_engine,
    phase_cues,
    speaking_s,
)
from tests.conftest import FROZEN_NOW
from tests.helpers import RecordingEngine

LIBRARY = load_library(None)
CURL_UP_LINE = LIBRARY.exercises["curl-up"].instructions[0]
BIRD_DOG_LINE = LIBRARY.exercises["bird-dog"].instructions[0]


def _plan() -> Plan:
    """Five 10-second curl-ups, a 15-second rest, then two 2-second bird dogs a side.

    position 5 · h r h r h r h r h (10 s holds, 2 s releases) · rest 15 · position 5 (left) ·
    h r h (2 s) · switch 5 (right) · h r h
    """
    routine = Routine(
        id="test",
        name="Test",
        summary="For the voice tests.",
        level=None,
        steps=(
            RoutineStep("curl-up", (5,), hold_s=10, sides="both", rest_s=15),
            RoutineStep("bird-dog", (2,), hold_s=2, sides="each", rest_s=0),
        ),
    )
    return build_plan(routine, LIBRARY, position_s=5, release_s=2)


@dataclass
class _Call:
    due: float
    function: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class FakeLoop:
    """`call_later` on the FakeClock: a call runs when the test moves time to it."""

    clock: FakeClock
    calls: list[_Call] = field(default_factory=list)

    def call_later(self, delay: float, function: Callable[[], None]) -> _Call:
        call = _Call(self.clock.monotonic() + delay, function)
        self.calls.append(call)
        return call

    def next_due(self) -> float | None:
        return min((c.due for c in self.calls if not c.cancelled), default=None)

    def run_due(self) -> None:
        for call in sorted(self.calls, key=lambda c: c.due):
            if not call.cancelled and call.due <= self.clock.monotonic():
                call.cancelled = True
                call.function()


@dataclass
class Session:
    clock: FakeClock
    loop: FakeLoop
    engine: RecordingEngine
    timer: Timer
    speaker: Speaker

    def follow(self) -> None:
        self.speaker.follow(self.timer)

    def run_for(self, seconds: float) -> None:
        """Let `seconds` pass, running every cue and phase end on its moment, in order."""
        until = self.clock.monotonic() + seconds
        while True:
            deadline = self.timer.deadline
            due = self.loop.next_due()
            moments = [m for m in (deadline, due) if m is not None and m <= until]
            if not moments:
                break
            self.clock.advance(min(moments) - self.clock.monotonic())
            self.loop.run_due()
            if deadline is not None and self.clock.monotonic() >= deadline:
                self.timer.advance()
                self.follow()
        self.clock.advance(until - self.clock.monotonic())

    def run_to_end(self) -> None:
        while not self.timer.done:
            self.run_for(self.timer.remaining())


def _session(voice: Voice, plan: Plan | None = None) -> Session:
    clock = FakeClock(FROZEN_NOW)
    loop = FakeLoop(clock)
    engine = RecordingEngine(clock)
    timer = Timer(plan or _plan(), clock.monotonic)
    speaker = Speaker(engine, voice, LIBRARY, clock=clock.monotonic, call_later=loop.call_later)
    session = Session(clock, loop, engine, timer, speaker)
    session.follow()
    return session


def _against_deadlines(plan: Plan, start: float, said: list[tuple[float, str]]) -> list[tuple]:
    """Each thing said as (phase index, phase kind, seconds before that phase's deadline, text);
    the end as ("end", 0.0, text). The plan ran without pauses, so phase i ends at its sum."""
    rows: list[tuple] = []
    for moment, text in said:
        offset = moment - start
        index = next((i for i in range(len(plan.phases)) if offset < plan.start_s(i + 1)), None)
        if index is None:
            rows.append(("end", round(offset - plan.total_s, 6), text))
        else:
            left = round(plan.start_s(index + 1) - offset, 6)
            rows.append((index, plan.phases[index].kind, left, text))
    return rows


# --- what is said when -------------------------------------------------------------------------


def test_cues_are_said_at_their_moments_against_each_deadline() -> None:
    plan = _plan()
    session = _session("cues")
    start = session.clock.monotonic()
    session.run_to_end()
    countdown = [(3.0, "3"), (2.0, "2"), (1.0, "1")]

    def hold(index: int, words: str) -> list[tuple]:
        return [(index, "hold", 10.0, words)] + [(index, "hold", s, t) for s, t in countdown]

    assert _against_deadlines(plan, start, session.engine.said) == [
        (0, "position", 5.0, "Curl-up"),
        *hold(1, "Hold."),
        (2, "release", 2.0, "Release."),
        *hold(3, "Hold."),
        (4, "release", 2.0, "Release."),
        *hold(5, "Hold."),
        (6, "release", 2.0, "Release."),
        *hold(7, "Hold."),
        (8, "release", 2.0, "Release."),
        *hold(9, "Hold. Last one."),
        (10, "rest", 15.0, "Rest."),
        (11, "position", 5.0, "Bird dog, left side"),
        (12, "hold", 2.0, "Hold."),  # 2-second holds: no room for a countdown
        (13, "release", 2.0, "Release."),
        (14, "hold", 2.0, "Hold. Last one."),
        (15, "switch", 5.0, "Switch to the right side."),
        (16, "hold", 2.0, "Hold."),
        (17, "release", 2.0, "Release."),
        (18, "hold", 2.0, "Hold. Last one."),
        ("end", 0.0, END_WORDS),
    ]


def test_full_adds_each_first_instruction_line_where_it_fits() -> None:
    """The curl-up's line does not fit in 5 s after its name, so it is left out rather than
    talked over by "Hold"; the rest before the bird dog names it and reads its line, which is
    not read again as it is got ready."""
    plan = _plan()
    session = _session("full")
    start = session.clock.monotonic()
    session.run_to_end()
    said = _against_deadlines(plan, start, session.engine.said)
    assert said[0] == (0, "position", 5.0, "Curl-up")
    assert CURL_UP_LINE not in session.engine.texts
    assert 5.0 - speaking_s("Curl-up") < speaking_s(CURL_UP_LINE)  # why it was left out
    rest_left = 15.0 - speaking_s("Rest.")
    next_left = rest_left - speaking_s("Next: Bird dog.")
    assert [row for row in said if row[0] == 10] == [
        (10, "rest", 15.0, "Rest."),
        (10, "rest", pytest.approx(rest_left), "Next: Bird dog."),
        (10, "rest", pytest.approx(next_left), BIRD_DOG_LINE),
    ]
    assert [row for row in said if row[0] == 11] == [(11, "position", 5.0, "Bird dog, left side")]
    assert session.engine.texts.count(BIRD_DOG_LINE) == 1


def test_the_rep_count_every_five_reps_and_the_last_one() -> None:
    def hold(rep_no: int, reps: int) -> str:
        phase = Phase("hold", 10, 0, "curl-up", "Curl-up", 1, 1, rep_no, reps, "both")
        return phase_cues(phase, "cues", lambda _: "")[0].text

    assert [hold(n, 12) for n in (1, 4, 5, 6, 10, 11, 12)] == [
        "Hold.",
        "Hold.",
        "Hold. 5 of 12.",
        "Hold.",
        "Hold. 10 of 12.",
        "Hold.",
        "Hold. Last one.",
    ]
    assert hold(1, 1) == "Hold."  # a single rep is not "the last one"


def test_the_swap_between_curl_up_sets_is_said() -> None:
    plan = build_plan(LIBRARY.routines["core"], LIBRARY, position_s=5, release_s=2)
    swap = next(phase for phase in plan.phases if phase.kind == "swap")
    assert [cue.text for cue in phase_cues(swap, "cues", lambda _: "")] == ["Swap legs."]


def test_a_cue_that_would_run_into_the_next_is_left_out() -> None:
    def cues(kind: str, seconds: float) -> tuple[Cue, ...]:
        phase = Phase(kind, seconds, 0, "curl-up", "Curl-up", 1, 1, 1, 10, "both")  # type: ignore[arg-type]
        return phase_cues(phase, "cues", lambda _: "")

    hold_s = speaking_s("Hold.")
    assert [c.text for c in cues("hold", COUNTDOWN_FROM + hold_s)] == ["Hold.", "3", "2", "1"]
    assert [c.text for c in cues("hold", COUNTDOWN_FROM + hold_s - 0.01)] == ["Hold."]
    assert [c.text for c in cues("hold", hold_s - 0.01)] == []  # not even "hold" fits
    assert [c.text for c in cues("release", 0.5)] == []


@pytest.mark.parametrize("voice", ["off", "ask"])
def test_nothing_is_said_unless_cues_are_on(voice: Voice) -> None:
    session = _session(voice)
    session.run_to_end()
    assert session.engine.said == []


def test_a_pause_silences_the_countdown_and_a_resume_puts_it_on_the_new_deadline() -> None:
    session = _session("cues")
    session.run_for(5.0 + 4.0)  # into the first hold, 4 s in
    assert session.engine.texts == ["Curl-up", "Hold."]
    session.timer.pause()
    session.follow()
    session.run_for(60.0)
    assert session.engine.texts == ["Curl-up", "Hold."]  # nothing while paused
    session.timer.resume()
    session.follow()
    resumed = session.clock.monotonic()
    session.run_for(6.0)  # the rest of the hold: 6 s
    said_after = [(round(t - resumed, 6), text) for t, text in session.engine.said[2:]]
    # "Hold." is not said again; the countdown lands on the deadline that moved by 60 s.
    assert said_after == [(3.0, "3"), (4.0, "2"), (5.0, "1"), (6.0, "Release.")]


def test_a_key_that_changes_the_phase_is_answered_at_once() -> None:
    session = _session("cues")
    session.run_for(5.0 + 1.0)
    session.timer.skip_rep()
    session.follow()
    assert session.engine.said[-1] == (session.clock.monotonic(), "Release.")
    session.timer.next_exercise()
    session.follow()
    assert session.engine.said[-1] == (session.clock.monotonic(), "Bird dog, left side")


def test_leaving_early_is_not_congratulated() -> None:
    session = _session("cues")
    session.run_for(8.0)
    session.timer.finish()
    session.follow()
    assert END_WORDS not in session.engine.texts
    session.speaker.close()
    assert session.engine.stopped == 1
    assert all(call.cancelled for call in session.loop.calls)


# --- the engine --------------------------------------------------------------------------------


def _which(*available: str) -> Callable[[str], str | None]:
    return lambda name: f"/usr/bin/{name}" if name in available else None


def test_the_systems_own_speech_program_is_found() -> None:
    linux = find_engine("linux", _which("espeak-ng", "spd-say"))
    assert linux is not None and linux.name == "espeak-ng"
    assert linux.argv == ("/usr/bin/espeak-ng",) and not linux.text_on_stdin
    spd = find_engine("linux", _which("spd-say"))
    assert spd is not None and spd.argv == ("/usr/bin/spd-say", "--wait")
    mac = find_engine("darwin", _which("say"))
    assert mac is not None and mac.argv == ("/usr/bin/say",) and mac.text_on_stdin
    windows = find_engine("win32", _which("powershell"))
    assert windows is not None and windows.name == "SAPI" and windows.text_on_stdin
    assert "System.Speech" in windows.argv[-1]
    assert find_engine("linux", _which()) is None
    assert find_engine("darwin", _which("espeak-ng")) is None


def _wait_until_quiet(engine: SpeechCommand) -> None:
    for _ in range(500):
        if not engine.speaking():
            return
        time.sleep(0.02)
    raise AssertionError("the speech program did not finish")


_WRITE_ARGS = "import sys, pathlib; pathlib.Path(sys.argv[1]).write_text(repr(sys.argv[2:]))"
_WRITE_STDIN = "import sys, pathlib; pathlib.Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())"


def test_the_text_is_one_argument_after_the_options_never_an_option(tmp_path: Path) -> None:
    """A line from a user's exercise file that starts with "-" is still words."""
    out = tmp_path / "argv.txt"
    engine = SpeechCommand("probe", [sys.executable, "-c", _WRITE_ARGS, str(out)])
    engine.say("-v fr; rm -rf ~")
    _wait_until_quiet(engine)
    assert out.read_text() == repr(["--", "-v fr; rm -rf ~"])


def test_the_text_can_go_on_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "stdin.txt"
    engine = SpeechCommand(
        "probe", [sys.executable, "-c", _WRITE_STDIN, str(out)], text_on_stdin=True
    )
    engine.say("Cat–camel: slowly")
    _wait_until_quiet(engine)
    assert out.read_text(encoding="utf-8") == "Cat–camel: slowly"


def test_saying_never_waits_and_a_new_cue_cuts_the_old_one_off() -> None:
    sleep = shutil.which("sleep")
    assert sleep is not None
    engine = SpeechCommand("slow", [sleep])  # "says" each line for that many seconds
    engine.say("30")
    first = engine._process
    assert first is not None and engine.speaking()  # back at once, still talking
    engine.say("30")
    assert first.wait(timeout=10) == -signal.SIGTERM
    assert engine.speaking()
    engine.stop()
    assert not engine.speaking()


def test_a_speech_program_that_went_away_is_silence_not_an_error(tmp_path: Path) -> None:
    engine = SpeechCommand("gone", [str(tmp_path / "no-such-program")])
    engine.say("Hold.")
    assert not engine.speaking()


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed here (.ci/run installs it)",
)
def test_espeak_ng_really_speaks_a_cue(tmp_path: Path) -> None:
    """The engine coach would use, writing its speech to a WAV file (`-w`) instead of the
    sound card: the file holds about a second of sound, not silence."""
    engine = find_engine()
    assert engine is not None and engine.name == "espeak-ng"
    wav = tmp_path / "cue.wav"
    to_file = SpeechCommand(engine.name, [*engine.argv, "-w", str(wav)])
    to_file.say("Hold. 5 of 10.")
    _wait_until_quiet(to_file)
    with wave.open(str(wav)) as sound:
        assert sound.getsampwidth() == 2
        seconds = sound.getnframes() / sound.getframerate()
        samples = array("h", sound.readframes(sound.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    peak = max(abs(sample) for sample in samples)
    loud = sum(1 for sample in samples if abs(sample) > 1000)
    assert 0.5 < seconds < 5
    assert peak > 8000  # a quarter of full scale: speech, not hiss
    assert loud > len(samples) / 10
