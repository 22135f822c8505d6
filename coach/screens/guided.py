"""What the routine player and the interval player share: a Timer guided on screen.

Whatever hides a guided session pauses it (a dialog, help or the palette pushed over it, the
too-small cover), because time that cannot be followed must not run out unseen; it goes on by
itself once nothing hides it, but only if it was running when covered (a pause the user chose
stays). When a warning sign stopped the session while it was hidden, the care screen shows as
soon as it is on top again. The bell at a change of phase follows the `bell` setting's one rule
(coach.timer.bell_rings), whichever player is playing.

Each counted record (a rep, a run interval) is handed to a `RecordWriter`, which commits it on
a thread of its own (coach.store.writer); a write that takes longer than `SAVE_GRACE_S` is shown
as waiting, with its reason, and quitting while one waits asks a second time.
"""

from __future__ import annotations

import asyncio
from abc import abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from coach.red_flags import Hold
from coach.screens.red_flags import show_hold
from coach.store.writer import RecordWriter, WriterState
from coach.timer import Timer, bell_rings
from coach.widgets.too_small import CoverChanged
from coach.words import count

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.voice import Speaker

#: How long the next phase waits to be drawn for the record before it to be on disk; past it,
#: the session goes on and the player says the record is waiting.
SAVE_GRACE_S = 0.5
#: How long leaving the player waits for the records still being written.
CLOSE_WAIT_S = 3.0


class GuidedScreen(Screen[None]):
    """A screen that plays `timer`, its records written by `writer`; subclasses draw it and
    say what follows each event. The `#saving` line says what waits to be written."""

    #: What a counted record is called: "Waiting to save 2 reps".
    RECORD_NAME = "rep"
    #: What the session's last records are called while they wait.
    END_NAME = "the routine's end"

    app: CoachApp
    timer: Timer
    writer: RecordWriter

    class Saving(Message):
        """Posted by the writer's thread when what it has written or waits for changes."""

        def __init__(self, state: WriterState) -> None:
            super().__init__()
            self.state = state

    class PhaseEnd(Message):
        """Posted at the phase's deadline by the event loop's one-shot call."""

    def __init__(self) -> None:
        super().__init__()
        self._deadline_call: asyncio.TimerHandle | None = None
        self._speaker: Speaker | None = None
        #: The warning sign that stopped this session, once one has.
        self.stopped_by: Hold | None = None
        self._covers: set[str] = set()  # what hides the session now
        self._resume_uncovered = False
        self._kind_rung: str | None = None  # the phase kind at the last change signalled
        self._when_saved: list[Callable[[], object]] = []
        self._quit_asked = False

    @abstractmethod
    def repaint(self) -> None:
        """Draw what the timer says now."""

    @abstractmethod
    def on_deadline(self) -> None:
        """The phase's deadline has come: end the phase, record what it did, go on."""

    @abstractmethod
    def check_safety(self) -> None:
        """Stop at once if a warning sign has been recorded since the last look."""

    @abstractmethod
    def _end(self) -> None:
        """The timer is done: close the session and ask what follows it."""

    @abstractmethod
    def _signal(self) -> None:
        """Mark a change of phase so it is noticed without looking."""

    def on_guided_screen_phase_end(self, _: PhaseEnd) -> None:
        self.on_deadline()

    def _tick(self) -> None:
        self.check_safety()
        self.repaint()

    def _cancel_deadline(self) -> None:
        if self._deadline_call is not None:
            self._deadline_call.cancel()
            self._deadline_call = None

    def _after_event(self, *, changed: bool) -> None:
        """Reschedule the deadline and redraw after the timer moved (`changed`: to a new
        phase). The deadline's call only posts `PhaseEnd`, anchored when it is made."""
        if self._speaker is not None:  # spoken cues: started here, never waited for
            self._speaker.follow(self.timer)
        self._cancel_deadline()
        if self.timer.done:
            self._end()
            return
        deadline = self.timer.deadline
        if deadline is not None:
            delay = max(0.0, deadline - self.app.clock.monotonic())
            loop = asyncio.get_running_loop()
            self._deadline_call = loop.call_later(delay, self.post_message, self.PhaseEnd())
        if changed:
            self._signal()
        self.repaint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The pause key is one key with two labels (`toggle_pause(False)` "Pause" and
        `toggle_pause(True)` "Resume"): only the one that says what it does now is shown."""
        timer: Timer | None = getattr(self, "timer", None)  # bindings are asked before mount
        if action != "toggle_pause" or timer is None or timer.current is None or not parameters:
            return True
        return parameters[0] == timer.paused

    def action_toggle_pause(self, _paused: bool = False) -> None:
        self._event("toggle_pause")

    def _event(self, event: str) -> None:
        """Call the timer's method `event` (pause, resume, finish…) and follow it up."""
        if self.timer.done or self.stopped_by is not None:
            return
        serial = self.timer.serial
        getattr(self.timer, event)()
        self._after_event(changed=self.timer.serial != serial)

    # --- saving: the writer's state --------------------------------------------------------

    def on_guided_screen_saving(self, message: Saving) -> None:
        state = message.state
        if state.stopped is not None:
            lost = (
                f" {count(state.reps_waiting, self.RECORD_NAME)} could not be saved."
                if state.reps_waiting
                else ""
            )
            self.app.fail(f"{state.stopped}.{lost}")
            return
        self.repaint()
        self._draw_saving()
        if state.idle:
            self._quit_asked = False  # a later quit with records waiting is asked again
            self._run_once_saved()

    def _once_saved(self, then: Callable[[], object]) -> None:
        """Call `then` once everything handed to the writer is on disk (now, if it is)."""
        self._when_saved.append(then)
        if self.writer.state.idle:
            self._run_once_saved()

    def _run_once_saved(self) -> None:
        waiting, self._when_saved = self._when_saved, []
        for then in waiting:
            then()

    def may_quit(self) -> bool:
        """True when nothing waits to be saved, or the user was told what does and asks again."""
        waiting = self.not_saved_yet()
        if waiting is None or self._quit_asked:
            return True
        self._quit_asked = True
        self.notify(
            f"{waiting} Quit again to leave without them.",
            title="Not saved yet",
            severity="warning",
            timeout=15,
            markup=False,
        )
        return False

    def not_saved_yet(self) -> str | None:
        """What is still waiting to be written, as a sentence; None when nothing is."""
        state = self.writer.state if hasattr(self, "writer") else WriterState()
        if state.idle:
            return None
        what = count(state.reps_waiting, self.RECORD_NAME) if state.reps_waiting else self.END_NAME
        why = f": {state.waiting}" if state.waiting else ""
        return f"Waiting to save {what}{why}. They are kept in order until it can be done."

    def _draw_saving(self) -> None:
        """The line saying what waits to be written and why; hidden while writes keep up."""
        line = self.query_one("#saving", Static)
        waiting = self.not_saved_yet() if self.writer.oldest_waiting_s() >= SAVE_GRACE_S else None
        line.set_class(waiting is not None, "-waiting")
        if waiting is not None and str(line.render()) != waiting:
            line.update(waiting)

    # --- the bell ---------------------------------------------------------------------------

    def _start_bell(self) -> None:
        """The phase the session starts on: no bell, it is not a change."""
        self._kind_rung = self.timer.current.kind if self.timer.current else None

    def _ring_for_change(self) -> None:
        """The bell for the change into the current phase, when the setting says so."""
        entered = self.timer.current.kind if self.timer.current else None
        if bell_rings(self.app.settings.bell, self._kind_rung, entered):
            self.app.bell()
        self._kind_rung = entered

    # --- covered: a dialog, help, the palette, a window too small ---------------------------

    def on_screen_suspend(self) -> None:
        self._set_cover("screen", True)

    def on_screen_resume(self) -> None:
        """Back on top: the session goes on, or, when a warning sign stopped it meanwhile, the
        care screen shows now (on top, not merely visible: `is_current` is also true beneath
        another screen)."""
        if self.stopped_by is not None and self.app.screen is self:
            show_hold(self.app, self.stopped_by)
            return
        self._set_cover("screen", False)

    def on_cover_changed(self, event: CoverChanged) -> None:
        self._set_cover("too small", event.covered)

    def _set_cover(self, cover: str, on: bool) -> None:
        if not hasattr(self, "timer"):
            return
        if on:
            if not self._covers and not self.timer.paused:
                self._event("pause")
                self._resume_uncovered = True
            self._covers.add(cover)
            return
        self._covers.discard(cover)
        if not self._covers and self._resume_uncovered:
            self._resume_uncovered = False
            self._event("resume")
