"""The guided player: one routine, big timers, readable from the floor a metre away.

The screen renders what `coach.timer.Timer` says and nothing else. The end of each phase is a
one-shot call aimed at the timer's deadline (rescheduled after every event), so a hold ends on
time whatever the repaint rate; a 10 Hz interval only repaints the countdown.

Each rep that runs to its end is handed to a `SessionWriter`, which commits it on a thread of
its own, so a lock held by another program or a full disk never freezes the screen or drops a
rep. The next phase is drawn once the rep is on disk (milliseconds): what the screen shows as
finished is in the file. A write that takes longer than `SAVE_GRACE_S` is shown as waiting, with
its reason, while the routine goes on; the records wait in order until they can be written.

Why the event loop's `call_later` and not Textual's `set_timer`: a Textual timer counts its
delay from when its task first runs, which after a phase change comes after that frame's
render, so every phase ended late by a render (18 ms median in `bench/bench_timer.py`);
`call_later` is anchored when it is called (1 ms median). Its call only posts `PhaseEnd`, so the
work runs in the screen's own message loop, with Textual's error handling.

A warning sign stops the routine wherever it was recorded: this screen, another copy of coach
or `coach checkin`. Each repaint tick compares the store's change marker (`PRAGMA
data_version` and this connection's commits: one PRAGMA, no table read); only when something
was committed does it ask for a warning sign held. Then the timer stops, the bell is silent,
the session is closed as stopped with its reps, and the care screen shows.

Tests drive time with a FakeClock: move it, then call `on_deadline()`, which is exactly what
`PhaseEnd` calls; `check_safety()` is what each tick calls.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, ProgressBar, Static

from coach.clinical import session_end
from coach.flows import (
    RoutineRefused,
    ScreeningDue,
    SessionUnavailable,
    begin_session,
    claim_unfinished,
    continue_today,
    prepare_resume,
    prepare_start,
)
from coach.plan import Plan
from coach.progression import (
    ABOUT_RIGHT,
    HARD,
    HURT,
    RATING_WORDS,
    TOO_EASY,
    RoutineDoses,
    offer_line,
    step_to_rate,
)
from coach.red_flags import Hold, HoldWatch
from coach.screens.dialog import ConfirmDialog
from coach.screens.feedback import LegPainQuestion, RateQuestion, WhichExercise
from coach.screens.guided import CLOSE_WAIT_S, SAVE_GRACE_S, GuidedScreen
from coach.screens.keymap import shown_keys
from coach.screens.red_flags import ask_first, show_hold
from coach.screens.summary import PainModal, SummaryScreen
from coach.screens.voice import ask_voice, cue_speaker, voice_undecided
from coach.store import StoreError
from coach.store.claims import SessionClaim
from coach.store.feedback import session_ratings
from coach.store.sessions import Session, get_session, reps_done
from coach.store.writer import SessionWriter
from coach.timer import RepDone, RepKey, Timer, rep_key
from coach.user_text import shown
from coach.widgets.footer import Footer
from coach.widgets.hold_timer import HoldTimer
from coach.words import clock_time, count, next_line, stop_if_line, where_line

if TYPE_CHECKING:
    from coach.app import CoachApp

#: How often the countdown and the progress bar are redrawn; phase ends do not wait for it.
REPAINT_S = 0.1
#: The last seconds of a hold that tick when `count_down` is on.
COUNT_DOWN_S = 3
#: How long the screen flashes at a phase change.
FLASH_S = 0.35

#: The one-key answers, as the player asks them between exercises (Enter, about right, is
#: in the help: the line fits 80 columns with the longest built-in exercise name).
RATING_KEYS = " · ".join(f"{key} {words}" for key, words in RATING_WORDS.items())

PHASE_WORDS = {
    "position": "GET READY",
    "hold": "HOLD",
    "release": "RELEASE",
    "rest": "REST",
    "switch": "SWITCH SIDES",
    "swap": "SWAP LEGS",
    "done": "DONE",
}


class PlayerScreen(GuidedScreen):
    CSS_PATH = "player.tcss"
    #: A phone held upright (about 40 columns) gets the countdown alone, big, with the cues
    #: under it instead of beside it (`-narrow` in player.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    FITS_PHONE = True
    BINDINGS = [
        # One key, two labels: check_action shows the one that says what the key does now.
        Binding("space", "toggle_pause(False)", "Pause", id="player.pause"),
        Binding("space", "toggle_pause(True)", "Resume", id="player.pause"),
        Binding("n", "next_exercise('side')", "Next side", id="player.next"),
        Binding("n", "next_exercise('exercise')", "Next", id="player.next"),
        Binding("p", "previous_exercise", "Back", id="player.previous"),
        Binding("s", "skip_rep('hold')", "Skip rep", id="player.skip"),
        Binding("s", "skip_rep('wait')", "Start now", id="player.skip"),
        Binding("s", "skip_rep('narrow')", "Skip", id="player.skip"),  # all keys fit 40 columns
        Binding("escape", "leave", "Leave", id="player.leave"),
        # How the exercise just done felt: asked between exercises, never holding up the timer.
        Binding("1", f"rate({TOO_EASY})", "Too easy", show=False, id="player.too_easy"),
        Binding("2,enter", f"rate({ABOUT_RIGHT})", "About right", show=False,
                id="player.about_right"),
        Binding("3", f"rate({HARD})", "Hard", show=False, id="player.hard"),
        Binding("4", f"rate({HURT})", "It hurt", show=False, id="player.hurt"),
        # The steps and cues scroll beside the timer; the stop-if line stays put.
        Binding("j,pagedown", "scroll_guide(1)", "Steps further on", show=False,
                id="player.guide_down"),
        Binding("k,pageup", "scroll_guide(-1)", "Steps back", show=False, id="player.guide_up"),
    ]  # fmt: skip

    def __init__(
        self,
        plan: Plan,
        claim: SessionClaim,
        *,
        start_index: int = 0,
        ready_s: float = 0.0,
        active_before: float = 0.0,
        counted_from: int = 0,
        doses: RoutineDoses | None = None,
    ) -> None:
        """Plays the session `claim` holds, so no other window resumes or closes it meanwhile.
        `start_index`, `ready_s` and `active_before` resume a session (see resume_session);
        `counted_from` is where a session going on from an earlier day's begins: only the
        reps from there on are its own to do. `doses` are the person's doses the plan plays,
        shown with how they changed."""
        super().__init__()
        self.plan = plan
        self.doses = doses
        #: The rating of each step rated so far in this session, by step number.
        self.ratings: dict[int, int] = {}
        #: The reps this session is to do, what its end and summary count against.
        self.planned_reps = sum(1 for index in plan.holds if index >= counted_from)
        self.claim = claim
        self.session_id = claim.session_id
        self._start_index = start_index
        self._ready_s = ready_s
        self._active_before = active_before
        self._shown: tuple[int, bool] | None = None
        self._left_shown = ""
        self._guide_shown = ""
        self._ticked: tuple[int, int] | None = None  # the hold and second last ticked
        #: Every rep of the session done so far, on disk or handed to the writer: what the
        #: routine's end and the leave question count (the file may not have them all yet).
        self._reps_held: set[RepKey] = set()
        self.writer: SessionWriter
        self.sub_title = shown(plan.routine.name)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="stage"):
            with Vertical(id="clock"):
                yield Static(id="exercise", markup=False)
                yield Static(id="phase")
                yield HoldTimer(id="countdown")
                yield Static(id="counter")
                yield Static(id="stop-if", markup=False)
            with VerticalScroll(id="guide", can_focus=False):
                yield Static(id="dose", markup=False)
                yield Static(id="instructions", markup=False)
                yield Static(id="cues", markup=False)
        with Horizontal(id="progress-row"):
            yield ProgressBar(
                total=self.plan.total_s, show_eta=False, show_percentage=False, id="progress"
            )
            yield Static(id="time-left")
        yield Static(id="rate", markup=False)
        yield Static(id="next", markup=False)
        yield Static(id="saving", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#guide").border_title = "How"
        self.timer = Timer(
            self.plan, self.app.clock.monotonic, self._start_index, ready_s=self._ready_s
        )
        try:
            self.writer = SessionWriter(
                self.app.store,
                self.session_id,
                lambda state: self.post_message(self.Saving(state)),
                monotonic=self.app.clock.monotonic,
            )
        except StoreError as error:
            self.app.fail(str(error))
            return
        self._reps_held = {rep.key for rep in reps_done(self.app.store, self.session_id)}
        self.ratings = session_ratings(self.app.store, self.session_id)
        self._watch = HoldWatch(self.app.store)
        self.set_interval(REPAINT_S, self._tick)
        self._speaker = cue_speaker(self.app)
        self._start_bell()
        self._after_event(changed=False)
        if voice_undecided(self.app):
            self._event("pause")
            ask_voice(self.app, then=self._voice_decided)

    def _voice_decided(self) -> None:
        self._speaker = cue_speaker(self.app)
        self._event("resume")

    # --- time -------------------------------------------------------------------------------

    def on_unmount(self) -> None:
        self._cancel_deadline()
        if hasattr(self, "writer"):
            self.writer.close(CLOSE_WAIT_S)
        # Left unfinished (quit), or ended and so let go; after the writer, whose records
        # are the claimed session's.
        self.claim.release()
        if self._speaker is not None:
            self._speaker.close()

    def on_deadline(self) -> None:
        """The phase's deadline has come (or is about to): end it, record its rep, go on."""
        if self.stopped_by is not None:
            return
        serial = self.timer.serial
        for rep in self.timer.advance():
            self._record(rep)
        self._after_event(changed=self.timer.serial != serial)

    # --- a warning sign, from anywhere ------------------------------------------------------

    def check_safety(self) -> None:
        """Stop at once if a warning sign has been recorded since the last check. Cheap when
        nothing was committed (one PRAGMA), so it runs on every repaint tick."""
        if self.stopped_by is not None or self.timer.done:
            return
        hold = self._watch.new_hold()
        if hold is not None:
            self._stop_for(hold)

    def _stop_for(self, hold: Hold) -> None:
        """Timer stopped, bell silent, session closed as stopped (its reps kept), no way back:
        the care screen replaces the player, or follows as soon as it is on top again."""
        self.stopped_by = hold
        self._cancel_deadline()
        active_s = self.active_s()
        self.timer.finish()
        # On the writer, after the reps already waiting: every rep done is kept.
        self.writer.finish(self.app.clock.now(), status="stopped", active_s=active_s)
        self._once_saved(self.claim.end)
        self._draw_done(completed=False)
        self.query_one("#next", Static).update("A warning sign was recorded: the routine stopped.")
        # On top, not merely visible (`is_current` is also true beneath another screen).
        if self.app.screen is self:
            show_hold(self.app, hold)

    def _record(self, rep: RepDone) -> None:
        phase = rep.phase
        self._reps_held.add(rep_key(phase))
        self.writer.rep(
            self.app.clock.now(),
            step_no=phase.step_no,
            exercise=phase.exercise,
            set_no=phase.set_no,
            rep_no=phase.rep_no,
            side=phase.side,
            hold_s=phase.seconds,
            held_s=rep.held_s,
            active_s=self.active_s(),
        )

    def active_s(self) -> float:
        """Guided seconds in this session, pauses excluded, across a resume."""
        return self._active_before + self.timer.active_s()

    def _signal(self) -> None:
        """A bell and a brief flash, so a change of phase is noticed without looking."""
        self._ring_for_change()
        clock = self.query_one("#clock")
        clock.add_class("-flash")
        self.set_timer(FLASH_S, lambda: clock.remove_class("-flash"))

    def _end(self) -> None:
        held = len(self._reps_held)
        status = "stopped" if self.timer.stopped else session_end(self.planned_reps, held)
        self.writer.finish(self.app.clock.now(), status=status, active_s=self.active_s())
        # The claim ends once the end is on disk; until then the session is in progress and
        # claimed, so resumable after a quit.
        self._once_saved(self.claim.end)
        self._draw_done(completed=status == "completed")
        self.query_one("#rate", Static).update("")
        last = max((key[0] for key in self._reps_held), default=None)
        if last is None or last in self.ratings:
            self._ask_pain_now()
            return
        step = self.plan.routine.steps[last]
        name = self.app.library.exercises[step.exercise].name

        def rated(rating: int | None) -> None:
            if rating is not None:
                self._rate(last, rating)
            self._ask_pain_now()

        self.app.push_screen(RateQuestion(name), callback=rated)

    def _ask_pain_now(self) -> None:
        """Pain now, the pain before offered (Enter keeps it); then the leg question."""
        session = get_session(self.app.store, self.session_id)
        before = session.pain_before if session is not None else None
        question = "How is your back now, from 0 to 10?"
        if before is not None:
            question += f"\nBefore, you said {before}: Enter keeps it."
        self.app.push_screen(PainModal("Pain now?", question, before), callback=self._pain_now)

    def _pain_now(self, pain_after: int | None) -> None:
        if pain_after is not None:
            self.writer.pain_after(pain_after)
        if not self._reps_held:  # nothing done: no exercise could have
            self._once_saved(self._summary)
            return
        self.app.push_screen(LegPainQuestion(), callback=self._leg_pain)

    def _leg_pain(self, yes: bool | None) -> None:
        if not yes:
            if yes is not None:
                self.writer.leg_pain(False, None)
            self._once_saved(self._summary)
            return
        done_steps = sorted({key[0] for key in self._reps_held})
        exercises = {self.plan.routine.steps[step].exercise: None for step in done_steps}
        names = [(exercise, self.app.library.exercises[exercise].name) for exercise in exercises]

        def named(exercise: str | None) -> None:
            self.writer.leg_pain(True, exercise)
            self._once_saved(self._summary)

        if len(names) == 1:
            named(names[0][0])
        else:
            self.app.push_screen(WhichExercise(names), callback=named)

    def _summary(self) -> None:
        """In the player's place; screens opened over it while the end was being saved (help,
        history) are closed first, so that leaving the summary leads home as always."""
        while self.app.screen is not self:
            self.app.pop_screen()
        self.app.switch_screen(
            SummaryScreen(self.session_id, self.plan, self.planned_reps, self.doses)
        )

    # --- drawing ----------------------------------------------------------------------------

    def repaint(self) -> None:
        """Draw what the timer says now; the text only when the phase or pause changed. While
        the rep just finished is being written, the phase it ended stays on screen (see the
        module's docstring)."""
        timer = self.timer
        if timer.done:
            return
        self._draw_saving()
        if self.writer.state.reps_waiting and self.writer.oldest_waiting_s() < SAVE_GRACE_S:
            return
        self.query_one("#countdown", HoldTimer).show_seconds(timer.remaining())
        if self.app.settings.count_down:
            self._count_down()
        left = clock_time(timer.routine_remaining())
        if left != self._left_shown:  # once a second: a repaint costs the loop nothing else
            self._left_shown = left
            self.query_one("#time-left", Static).update(f"{left} left")
            progress = self.plan.total_s - timer.routine_remaining()
            self.query_one("#progress", ProgressBar).update(progress=progress)
        shown = (timer.serial, timer.paused)
        if shown != self._shown:
            self._shown = shown
            self._draw_phase()
            self._draw_rate()
            self.refresh_bindings()

    def _count_down(self) -> None:
        """A tick at each of a hold's last 3 whole seconds, as the countdown shows 3, 2, 1
        (on the repaint, so up to one repaint late)."""
        timer = self.timer
        if timer.paused or timer.current is None or timer.current.kind != "hold":
            return
        second = (timer.serial, math.ceil(timer.remaining()))
        if 1 <= second[1] <= COUNT_DOWN_S and second != self._ticked:
            self._ticked = second
            self.app.bell()

    def _draw_phase(self) -> None:
        timer = self.timer
        phase = timer.current
        assert phase is not None
        self.query_one("#phase", Static).update(
            f"PAUSED · {shown_keys(self, 'player.pause')} to go on"
            if timer.paused
            else PHASE_WORDS[phase.kind]
        )
        clock = self.query_one("#clock")
        for kind in PHASE_WORDS:
            clock.set_class(kind == phase.kind and not timer.paused, f"-{kind}")
        clock.set_class(timer.paused, "-paused")
        self.query_one("#exercise", Static).update(shown(phase.exercise_name))
        self.query_one("#counter", Static).update(where_line(phase, timer.next_phases(1)))
        self.query_one("#next", Static).update(shown(next_line(timer.next_phases(2))))
        exercise = self.app.library.exercises.get(phase.exercise)
        if exercise is not None and exercise.id != self._guide_shown:
            self._guide_shown = exercise.id  # relaid out only when the exercise changes
            lines = enumerate(exercise.instructions, 1)
            steps = "\n".join(f"{n}. {shown(line)}" for n, line in lines)
            self.query_one("#instructions", Static).update(steps)
            cues = "\n".join(f"• {shown(cue)}" for cue in exercise.cues)
            self.query_one("#cues", Static).update(cues)
            dose = self._dose_line(exercise.id)
            self.query_one("#dose", Static).update(dose)
            self.query_one("#dose").set_class(bool(dose), "-changed")
            self.query_one("#stop-if", Static).update(shown(stop_if_line(exercise.stop_if)))

    def _dose_line(self, exercise_id: str) -> str:
        """The person's dose of this exercise when it has changed: its last change and why,
        and the form to try instead when one is offered."""
        dose = self.doses.doses.get(exercise_id) if self.doses is not None else None
        if dose is None or dose.last_change is None:
            return ""
        lines = [f"Your dose: {dose.last_change.now.change_words(dose.last_change.was)}: "
                 f"{dose.last_change.reason}."]  # fmt: skip
        offered = self.app.library.exercises.get(dose.offer or "")
        if offered is not None:
            lines.append(offer_line(dose, offered.name))
        return "\n".join(lines) + "\n"

    def rating_due(self) -> int | None:
        """The step whose rating is asked now, or None (see coach.progression.step_to_rate)."""
        timer = self.timer
        following = timer.next_phases(1)
        return step_to_rate(
            timer.current, following[0] if following else None, {k[0] for k in self._reps_held}
        )

    def _draw_rate(self) -> None:
        """ "Bird dog? 1 too easy · …", or the answer given, between exercises."""
        step = self.rating_due()
        line = self.query_one("#rate", Static)
        line.set_class(step is not None, "-asking")
        if step is None:
            line.update("")
            return
        name = self.app.library.exercises[self.plan.routine.steps[step].exercise].name
        rating = self.ratings.get(step)
        if rating is None:
            line.update(f"{shown(name)}? {RATING_KEYS}")
        else:
            line.update(f"{shown(name)}: {RATING_WORDS[rating]}. (1–4 changes it)")

    def _rate(self, step: int, rating: int) -> None:
        """Keep a rating: handed to the writer like a rep, so a lock never holds up the timer."""
        self.ratings[step] = rating
        exercise = self.plan.routine.steps[step].exercise
        clock = self.app.clock
        self.writer.rating(clock.now(), clock.today(), step_no=step, exercise=exercise,
                           rating=rating)  # fmt: skip

    def _draw_done(self, *, completed: bool) -> None:
        """The finished state, seen behind the last question: not a frozen last hold. A
        routine left or mostly skipped says STOPPED and keeps its bar and time left where
        they were: it did not end on a full bar."""
        self.query_one("#phase", Static).update(PHASE_WORDS["done"] if completed else "STOPPED")
        clock = self.query_one("#clock")
        for kind in PHASE_WORDS:
            clock.set_class(kind == "done", f"-{kind}")
        clock.set_class(False, "-paused")
        self.query_one("#countdown", HoldTimer).show_seconds(0)
        self.query_one("#next", Static).update("")
        if completed:
            self.query_one("#time-left", Static).update(f"{clock_time(0)} left")
            self.query_one("#progress", ProgressBar).update(progress=self.plan.total_s)

    # --- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """s says Skip rep in a hold, Start now otherwise, and only Skip on a phone, where the
        longer words would push keys off the screen; n says Next side while the other side of
        the exercise is to come (space: GuidedScreen.check_action)."""
        timer: Timer | None = getattr(self, "timer", None)  # bindings are asked before mount
        if action == "rate":
            return timer is not None and not timer.done and self.rating_due() is not None
        if action == "next_exercise" and parameters:
            side = timer is not None and timer.other_side() is not None
            return parameters[0] == (
                "side" if side and not self.has_class("-narrow") else "exercise"
            )
        if action != "skip_rep" or timer is None or timer.current is None or not parameters:
            return super().check_action(action, parameters)
        if self.has_class("-narrow"):
            return parameters[0] == "narrow"
        return parameters[0] == ("hold" if timer.current.kind == "hold" else "wait")

    def on_resize(self) -> None:
        self.refresh_bindings()  # the label of s depends on the width

    def action_rate(self, rating: int) -> None:
        step = self.rating_due()
        if step is not None and self.stopped_by is None:
            self._rate(step, rating)
            self._draw_rate()

    def action_next_exercise(self, _label: str = "") -> None:
        """To the other side of a one-side-at-a-time exercise first; leaving the exercise asks,
        since that skips the rest of it (the routine waits, paused, while it does)."""
        timer = self.timer
        if timer.done or self.stopped_by is not None:
            return
        if timer.other_side() is not None:
            self._event("next_side")
            return
        current = timer.current
        assert current is not None
        following = next(
            (phase for phase in self.plan.phases[timer.index :] if phase.step_no > current.step_no),
            None,
        )

        def answered(skip: bool | None) -> None:
            if skip:
                self._event("next_exercise")

        then = f"Next: {following.exercise_name}." if following else "It is the last one."
        question = SkipQuestion(
            "Skip an exercise",
            f"Skip the rest of {shown(current.exercise_name)}?",
            f"{then} The reps you did are kept.",
            focus_yes=False,
        )
        self.app.push_screen(question, callback=answered)

    def action_previous_exercise(self) -> None:
        self._event("previous_exercise")

    def action_scroll_guide(self, pages: int) -> None:
        """A page of the steps and cues, less a line so the reader keeps their place."""
        guide = self.query_one("#guide", VerticalScroll)
        step = max(1, guide.scrollable_content_region.height - 1)
        guide.scroll_relative(y=pages * step, animate=False)

    def action_skip_rep(self, _label: str = "") -> None:
        self._event("skip_rep")

    def action_leave(self) -> None:
        """Ask first; the routine waits, paused, while the question is on screen."""
        if self.timer.done:
            return
        was_paused = self.timer.paused
        self._event("pause")
        done = len(self._reps_held)

        def answered(leave: bool | None) -> None:
            if leave:
                self._event("finish")
            elif not was_paused:
                self._event("resume")

        kept = f", with the {count(done, 'rep')} you did" if done else ""
        question = LeaveQuestion(
            "Leave the routine",
            "Leave this routine?",
            f"It will be saved as stopped{kept}.",
            focus_yes=False,
        )
        self.app.push_screen(question, callback=answered)


class LeaveQuestion(ConfirmDialog):
    """Leave the routine? Every rep done is kept either way."""

    FITS_PHONE = True
    BINDINGS = [
        Binding("l", "answer(True)", "Leave", id="leave.leave"),
        Binding("k", "answer(False)", "Keep going", id="leave.stay"),
    ]
    YES_VARIANT = "error"
    NO_VARIANT = "primary"


class SkipQuestion(ConfirmDialog):
    """Skip the rest of this exercise? `n` again says yes, so skipping stays two keys."""

    FITS_PHONE = True
    BINDINGS = [
        Binding("n", "answer(True)", "Skip it", id="skip.skip"),
        Binding("k", "answer(False)", "Keep going", id="skip.stay"),
    ]
    YES_VARIANT = "warning"
    NO_VARIANT = "primary"


# --- starting and resuming: the rules are in coach.flows; here, the screens and messages ---


def start_routine(app: CoachApp, routine_id: str) -> None:
    """Start a routine from anywhere (home, the list, the palette, `coach start`): refused
    while a warning sign holds; the warning-sign questions first when they are due; today's
    pain now is asked, this morning's answer offered; then the session is written and the
    player opens."""
    try:
        start = prepare_start(app.store, app.clock.today(), app.library, app.settings, routine_id)
    except RoutineRefused as refused:
        app.notify(str(refused), title="Not today", severity="error", timeout=20)
        return
    except SessionUnavailable as playing:
        _not_started(app, playing)
        return
    except ScreeningDue as due:
        ask_first(app, due.gate, lambda: start_routine(app, routine_id))
        return

    def begin(pain_before: int | None) -> None:
        try:
            claim = begin_session(app.store, app.clock, app.settings, start, pain_before)
        except RoutineRefused as refused:
            app.notify(str(refused), title="Not today", severity="error", timeout=20)
            return
        except ScreeningDue as due:  # due since "pain now?" was asked: from the top after it
            ask_first(app, due.gate, lambda: start_routine(app, routine_id))
            return
        except SessionUnavailable as playing:
            _not_started(app, playing)
            return
        except StoreError as error:
            app.notify(
                shown(str(error)), title="Cannot start", severity="error", timeout=15, markup=False
            )
            return
        app.push_screen(PlayerScreen(start.plan, claim, doses=start.doses))

    app.push_screen(pain_now_question(start.morning_pain), callback=begin)


def _not_started(app: CoachApp, playing: SessionUnavailable) -> None:
    """The routine is playing in another window: said, and nothing started."""
    app.notify(
        shown(str(playing)), title="Not started", severity="warning", timeout=15, markup=False
    )


def pain_now_question(morning_pain: int | None) -> PainModal:
    """Pain now, before the routine: this morning's check-in answer is offered (Enter keeps
    it), since pain changes over a day and the routine's before → after is what is compared."""
    question = "How is your back now, from 0 to 10?"
    if morning_pain is not None:
        question += f"\nThis morning you said {morning_pain}: Enter keeps it."
    return PainModal("Pain now?", question, morning_pain)


def resume_session(app: CoachApp, session: Session) -> None:
    """Open the player on a session left unfinished, at the first rep after the last done,
    with time to get back into position first. One from an earlier day goes on as a session
    of today's (`continue_today`), pain now asked as for any start."""
    today = app.clock.today()
    try:
        found = prepare_resume(app.store, today, app.library, app.settings, session)
    except RoutineRefused as refused:
        app.notify(str(refused), title="Not today", severity="error", timeout=20)
        return
    except ScreeningDue as due:
        ask_first(app, due.gate, lambda: resume_session(app, session))
        return
    if found is None:
        return
    if session.day < today.isoformat() and found.phase is not None:
        try:
            morning = prepare_start(app.store, today, app.library, app.settings, session.routine)
        except SessionUnavailable as playing:
            _not_started(app, playing)
            return

        def go_on(pain_before: int | None) -> None:
            try:
                claim = continue_today(
                    app.store, app.clock, app.settings, session, found.plan, pain_before
                )
            except RoutineRefused as refused:
                app.notify(str(refused), title="Not today", severity="error", timeout=20)
                return
            except ScreeningDue as due:
                ask_first(app, due.gate, lambda: resume_session(app, session))
                return
            except (SessionUnavailable, StoreError) as error:
                app.notify(
                    shown(str(error)),
                    title="Not resumed",
                    severity="warning",
                    timeout=15,
                    markup=False,
                )
                return
            app.push_screen(
                PlayerScreen(
                    found.plan,
                    claim,
                    start_index=found.index,
                    ready_s=app.settings.position_s,
                    counted_from=found.index,
                    doses=found.doses,
                )
            )

        app.push_screen(pain_now_question(morning.morning_pain), callback=go_on)
        return
    try:
        claim = claim_unfinished(app.store, session, found.plan.routine.name)
    except (SessionUnavailable, StoreError) as error:
        app.notify(
            shown(str(error)), title="Not resumed", severity="warning", timeout=15, markup=False
        )
        return
    app.push_screen(
        PlayerScreen(
            found.plan,
            claim,
            start_index=found.index,
            ready_s=app.settings.position_s,
            active_before=session.active_s,
            doses=found.doses,
        )
    )
