"""The interval player: a running stage's walk and run phases, on the player's own Timer.

The big countdown, a bell (and the spoken cue, when cues are on) at each switch, posture cues
while running, space to pause and escape to leave, as in a routine; whatever covers it pauses
it (coach.screens.guided). The run's row is written before it starts, and each run interval
that runs to its end is handed to a `RunWriter`, which commits it on its own thread within
milliseconds: a crash or a kill loses at most the interval in progress. At the end (or on
leaving) the worst pain during the run and the pain now are asked, and written with the run's
end; the worst pain during it is what judges the next stage (coach.running). A warning sign
recorded anywhere stops the run at the next repaint tick, as it stops a routine: the timer
and the bell stop, the run is ended with the intervals done, nothing more is asked, and the
care screen shows.

Posture cues: tall, relaxed shoulders, no slumping or arching (Healthline, "Running with lower
back pain"); short, quick steps (Heiderscheit et al., Med Sci Sports Exerc 2011).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Static

from coach.library import RunStage
from coach.plan import build_interval_plan
from coach.red_flags import HoldWatch
from coach.screens.guided import CLOSE_WAIT_S, SAVE_GRACE_S, GuidedScreen
from coach.screens.keymap import shown_keys
from coach.screens.player import LeaveQuestion
from coach.screens.red_flags import show_hold
from coach.screens.summary import PainModal
from coach.screens.voice import cue_speaker
from coach.store import StoreError
from coach.store.writer import RunWriter
from coach.timer import Timer
from coach.user_text import shown
from coach.widgets.footer import Footer
from coach.widgets.hold_timer import HoldTimer
from coach.words import clock_time, count

REPAINT_S = 0.1
POSTURE = "Tall · shoulders relaxed, not hunched · don't slump or arch · short, quick steps"
WALK_HINT = "Walk briskly and breathe; the next run is coming."


class RunPlayerScreen(GuidedScreen):
    RECORD_NAME = "run interval"
    END_NAME = "the run's end"
    CSS_PATH = "run_player.tcss"
    BINDINGS = [
        # One key, two labels: check_action shows the one that says what the key does now.
        Binding("space", "toggle_pause(False)", "Pause", id="run.pause"),
        Binding("space", "toggle_pause(True)", "Resume", id="run.pause"),
        Binding("escape", "leave", "Leave", id="run.leave"),
    ]

    def __init__(self, stage: RunStage, stage_number: int, run_id: int) -> None:
        """Plays `stage` for the run `run_id`, already begun (coach.store.runs.begin_run)."""
        super().__init__()
        self.stage = stage
        self.run_id = run_id
        self.stage_number = stage_number
        self.plan = build_interval_plan(stage)
        self.intervals_done = 0
        self._shown: tuple[int, bool] | None = None
        self.writer: RunWriter
        self.sub_title = f"Running stage {stage_number}: {shown(stage.name)}"

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="run-clock"):
            yield Static(id="run-phase")
            yield HoldTimer(id="run-countdown")
            yield Static(id="run-counter")
            yield Static(id="posture", markup=False)
        yield Static(id="saving", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.timer = Timer(self.plan, self.app.clock.monotonic)
        try:
            self.writer = RunWriter(
                self.app.store,
                self.run_id,
                lambda state: self.post_message(self.Saving(state)),
                monotonic=self.app.clock.monotonic,
            )
        except StoreError as error:
            self.app.fail(str(error))
            return
        self._watch = HoldWatch(self.app.store)
        self.set_interval(REPAINT_S, self._tick)
        self._speaker = cue_speaker(self.app)
        self._start_bell()
        self._after_event(changed=False)

    def on_unmount(self) -> None:
        self._cancel_deadline()
        if hasattr(self, "writer"):
            self.writer.close(CLOSE_WAIT_S)
        if self._speaker is not None:
            self._speaker.close()

    def check_safety(self) -> None:
        """Stop at once if a warning sign has been recorded since the last look."""
        if self.stopped_by is not None or self.timer.done:
            return
        hold = self._watch.new_hold()
        if hold is None:
            return
        self.stopped_by = hold
        self._cancel_deadline()
        active_s = self.timer.active_s()
        self.timer.finish()
        # On the writer, after the intervals already waiting: every one run is kept.
        self.writer.finish(self.app.clock.now(), active_s=active_s)
        self.query_one("#run-phase", Static).update("STOPPED")
        if self.app.screen is self:
            show_hold(self.app, hold)

    def on_deadline(self) -> None:
        if self.stopped_by is not None:
            return
        serial = self.timer.serial
        for interval in self.timer.advance():
            self.intervals_done += 1
            self.writer.interval(
                self.app.clock.now(),
                interval_no=interval.phase.set_no,
                run_s=interval.phase.seconds,
                ran_s=interval.held_s,
            )
        self._after_event(changed=self.timer.serial != serial)

    def action_leave(self) -> None:
        """Ask first, as a routine does; the run waits, paused, while the question is up (it
        covers the run)."""
        if self.timer.done or self.stopped_by is not None:
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self._event("finish")

        done = self.intervals_done
        kept = f", with the {count(done, 'run interval')} you ran" if done else ""
        question = LeaveQuestion(
            "Leave the run",
            "Leave this run?",
            f"It will be kept{kept}, and you will be asked about pain.",
            focus_yes=False,
        )
        self.app.push_screen(question, callback=answered)

    def _signal(self) -> None:
        self._ring_for_change()

    def repaint(self) -> None:
        timer = self.timer
        if timer.done:
            return
        self._draw_saving()
        if self.writer.state.reps_waiting and self.writer.oldest_waiting_s() < SAVE_GRACE_S:
            return  # the interval just run stays on screen until it is on disk
        self.query_one("#run-countdown", HoldTimer).show_seconds(timer.remaining())
        phase = timer.current
        assert phase is not None
        left = clock_time(timer.routine_remaining())
        self.query_one("#run-counter", Static).update(
            f"{phase.set_no} of {phase.sets} · {left} left"
        )
        if (timer.serial, timer.paused) == self._shown:
            return
        self._shown = (timer.serial, timer.paused)
        self.refresh_bindings()
        running = phase.kind == "run"
        self.query_one("#run-phase", Static).update(
            f"PAUSED · {shown_keys(self, 'run.pause')} to go on"
            if timer.paused
            else ("RUN" if running else "WALK")
        )
        clock = self.query_one("#run-clock")
        clock.set_class(running and not timer.paused, "-run")
        clock.set_class(timer.paused, "-paused")
        self.query_one("#posture", Static).update(POSTURE if running else WALK_HINT)

    # --- after the run ----------------------------------------------------------------------

    def _end(self) -> None:
        self.writer.finish(self.app.clock.now(), active_s=self.timer.active_s())
        self.query_one("#run-phase", Static).update("DONE")
        self.app.push_screen(
            PainModal("Worst pain during the run?", "The worst it got while running, 0 to 10."),
            callback=self._ask_pain_now,
        )

    def _ask_pain_now(self, pain_during: int | None) -> None:
        def answered(pain_after: int | None) -> None:
            if pain_during is not None or pain_after is not None:
                self.writer.pains(pain_during, pain_after)
            self._once_saved(lambda: self._recorded(pain_during, pain_after))

        self.app.push_screen(
            PainModal("Pain now?", "How is your back now, from 0 to 10?"), callback=answered
        )

    def _recorded(self, pain_during: int | None, pain_after: int | None) -> None:
        """Said once the run's end and pains are on disk; then home."""
        done = f"{self.intervals_done} of {self.stage.repeats} runs done"
        if pain_during is None:
            self.notify(
                f"{done}. Without the worst pain during it, this run does not count "
                "towards your next stage.",
                title="Run kept",
                severity="warning",
                markup=False,
            )
        else:
            now = f", now {pain_after}" if pain_after is not None else ""
            self.notify(
                f"{done}; pain during {pain_during}{now}. Tomorrow's check-in tells the next "
                "stage.",
                title="Run recorded",
                markup=False,
            )
        while self.app.screen is not self:
            self.app.pop_screen()
        self.app.pop_screen()
