"""Home: today at a glance, and the keys to everything else."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from coach.screens.keymap import shown_keys
from coach.screens.user_text import markup
from coach.store import StoreError
from coach.store.days import DayStatus, day_status
from coach.store.red_flags import dismiss_notice
from coach.user_text import shown
from coach.widgets.footer import Footer
from coach.words import PLAYING_ELSEWHERE

# What only a day with a plan, a warning sign or an answer to give needs is imported where it
# is used: home is the first screen, and a new day (no check-in yet) draws without it.
if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.clinical import TodaysPlan
    from coach.escalation import Notice
    from coach.library import RunStage
    from coach.red_flags import Hold
    from coach.settings import Runner


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    FITS_PHONE = True  # read at 40 columns too: a phone under `coach serve` starts here
    BINDINGS = [
        Binding("enter", "start_next", "Start", show=False, id="home.start"),
        Binding("c", "checkin", "Check in", id="home.checkin"),
        Binding("r", "routines", "Routines", id="home.routines"),
        Binding("h", "history", "History", id="home.history"),
        # One key, shown in the footer only until the plan names it ("why? — l"): at 80×24
        # every key the footer shows keeps its label.
        Binding("l", "learn(True)", "Learn", id="home.learn"),
        Binding("l", "learn(False)", "Learn", show=False, id="home.learn"),
        Binding("g", "start_run", "Run stage", show=False, id="home.run"),
        Binding("s", "app.open_settings", "Settings", id="home.settings"),
        Binding("u", "answer_again", "Undo", id="home.answer_again"),
        Binding("d", "dismiss_notice", "Dismiss", id="home.dismiss_notice"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
        # The one-time question "Do you run?", shown on home until it is answered.
        Binding("y", "runner('yes')", "I run", show=False, id="home.runner_yes"),
        Binding("n", "runner('no')", "I don't run", show=False, id="home.runner_no"),
    ]

    app: CoachApp
    #: The routine the day's plan asks for next, which Enter starts (None: none is due).
    _due: str | None = None
    #: The running stage the day's Running line names, which g plays (None: no interval run).
    _run_stage: RunStage | None = None
    #: A warning sign not yet followed up (`u` undoes it on its own day).
    _hold: Hold | None = None
    #: Today's plan as last drawn (None before the check-in): the keys ask it, not the disk.
    _plan: TodaysPlan | None = None
    #: "See your GP or physiotherapist" notices shown (`d` dismisses them for a week).
    _notices: tuple[Notice, ...] = ()
    #: Home has been shown before: only its first showing draws the plan after its first frame.
    _shown: bool = False
    #: The first frame is up and the plan not yet drawn (`_plan_first` draws it).
    _plan_pending: bool = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="today"):
            yield Static(id="checkin-line", classes="row")
            yield Static(id="plan-line", classes="row")
            yield Static(id="plan-detail")
            yield Static(id="running-line", markup=False)
            yield Static(id="runner-question")
            yield Static(id="routine-line", classes="row")
            yield Static(id="week-line")
            yield Static(id="notice", markup=False)
            yield Static(id="hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "app_focus", self._on_app_focus_change, init=False)

    def on_screen_resume(self) -> None:
        """Each time home is shown, the first time too (Textual resumes a screen after mounting
        it): today's records are read once per showing."""
        self.refresh_today(plan_later=not self._shown)
        self._shown = True

    def on_screen_suspend(self) -> None:
        """A screen opened over home before its plan was drawn (c pressed at once) shows home
        behind it, plan and all, as when it opens later."""
        self._plan_first()

    def _on_app_focus_change(self, focused: bool) -> None:
        """Back to this window (the terminal says so): what another copy of coach did
        meanwhile, a routine it played or finished, is read again."""
        if focused and self.is_current:
            self.refresh_today()

    def _todays_plan(self, status: DayStatus) -> TodaysPlan | None:
        """`plan_for_day`, whose rules are imported only on a day that has a plan: before the
        check-in with no sign held (every first start) it is None, and home draws without them."""
        if status.checkin_pain is None and status.red_flag is None:
            return None
        from coach.clinical import plan_for_day

        return plan_for_day(
            self.app.store, status, emergency_number=self.app.settings.emergency_number
        )

    def refresh_today(self, *, plan_later: bool = False) -> None:
        """Today's panel. With `plan_later` (home's first showing) on a checked-in day, the
        check-in and routine lines are drawn at once and the plan after the first frame
        (`_plan_first`): on years of records, working out the programme, the person's doses
        and the running stage takes a few hundred milliseconds the first time in a process
        (`Store.remembered` keeps them after), and the window stays blank meanwhile."""
        store = self.app.store
        status = day_status(store, self.app.clock.today())
        self._hold = None
        if status.red_flag is not None:
            from coach.red_flags import current_hold

            self._hold = current_hold(store)
        self.sub_title = f"{status.day:%A %-d %B %Y}"
        self.query_one("#today").border_title = "Today"
        self.query_one("#checkin-line", Static).update(_checkin_line(status))
        self.query_one("#routine-line", Static).update(_routine_line(status, self._routine_name))
        self._plan_pending = plan_later and status.checked_in and self._hold is None
        if self._plan_pending:
            self._show_plan_pending()
            self.call_after_refresh(self._plan_first)
            return
        plan = self._todays_plan(status)
        self._plan = plan
        self._notices = plan.notices if plan is not None else ()
        self.query_one("#plan-line", Static).update(_plan_line(plan))
        why = shown_keys(self, "home.learn")
        self.query_one("#plan-detail", Static).update(_plan_detail(plan, why))
        self.query_one("#plan-detail").display = plan is not None
        running = self.query_one("#running-line", Static)
        running.display = plan is not None
        self._run_stage = None
        if plan is not None:
            from coach.running import answer_for_day

            stages = tuple(self.app.library.stages.values())
            answer = answer_for_day(
                self.app.store, plan, self.app.settings.runner, stages, status.day
            )
            label, _, rest = answer.line.partition(" ")
            self._run_stage = answer.stage
            play = f" ({shown_keys(self, 'home.run')} plays it)" if answer.stage else ""
            running.update(Text.assemble((label, "bold"), " ", rest, play))
        question = self.query_one("#runner-question", Static)
        question.display = self._asking_runner(plan)
        question.update(
            markup(
                "Do you run? [b]$yes[/b] yes · [b]$no[/b] no (asked once)",
                yes=shown_keys(self, "home.runner_yes"),
                no=shown_keys(self, "home.runner_no"),
            )
        )
        week = self.query_one("#week-line", Static)
        week.update(_week_lines(plan))
        week.display = bool(plan and plan.week)
        self._due = None
        ahead: tuple[str, ...] = ()
        if plan is not None:
            from coach.status import routine_due, routines_ahead

            self._due = routine_due(plan, status)
            ahead = routines_ahead(plan, status)
        notice = self.query_one("#notice", Static)
        notice.display = bool(self._notices)
        if self._notices:
            from coach.escalation import notice_text

            notice.update(notice_text(self._notices))
        hint = _hint(
            status, self._hold, ahead, self._routine_and_minutes, partial(shown_keys, self)
        )
        self.query_one("#hint", Static).update(hint)
        self.refresh_bindings()

    def _show_plan_pending(self) -> None:
        """The first frame of a checked-in day: the Plan row says the plan is on its way, and
        the rows that come from the plan wait for it (each appears with it, none changes)."""
        self.query_one("#plan-line", Static).update(
            "[b]Plan[/b]       [dim]Working out today's plan…[/dim]"
        )
        for row in ("#plan-detail", "#running-line", "#runner-question", "#week-line", "#notice"):
            self.query_one(row).display = False
        self.query_one("#hint", Static).update("")
        self.refresh_bindings()

    def _plan_first(self) -> None:
        """Draws the plan if it is still pending: after the first frame is painted, or before
        a key that acts on the plan (Enter, g) pressed before that, which then acts on it, or
        as a screen opens over home."""
        if self._plan_pending:
            self.refresh_today()

    def _routine_name(self, routine_id: str) -> str:
        """What a person reads for a routine: its name, or its id when the file is gone."""
        routine = self.app.library.routines.get(routine_id)
        return routine.name if routine is not None else routine_id

    def _routine_and_minutes(self, routine_id: str) -> str:
        """ "Core · 15 min": the name and the minutes it takes with the user's timings."""
        routine = self.app.library.routines.get(routine_id)
        if routine is None:
            return routine_id
        from coach.flows import person_length

        app = self.app
        today = app.clock.today()
        minutes = person_length(app.store, app.library, app.settings, routine_id, today).minutes
        return f"{routine.name} · {minutes} min"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter starts the routine due, and does nothing when none is; g plays the day's
        running stage only when there is one; y and n answer whether you run only while that
        is asked; `u` only on the day of a warning sign, `d` only under a notice; `l` is in
        the footer only until the plan's "why?" names it. While the plan is on its way, Enter
        and g wait for it and then act on it."""
        if action == "learn":
            return parameters[0] == (self._plan is None and not self._plan_pending)
        if action == "start_run":
            return self._plan_pending or self._run_stage is not None
        if action == "runner":
            return self._asking_runner(self._plan)
        if action == "answer_again":
            return self._hold is not None and self._hold.can_undo(self.app.clock.today())
        if action == "dismiss_notice":
            return bool(self._notices)
        return action != "start_next" or self._plan_pending or self._due is not None

    def action_learn(self, _in_footer: bool = True) -> None:
        self.app.action_learn()

    def action_start_run(self) -> None:
        self._plan_first()
        if self._run_stage is not None:
            self.app.action_start_run()

    def action_answer_again(self) -> None:
        from coach.screens.red_flags import answer_again

        if self._hold is not None:
            answer_again(self.app, self._hold)

    def action_dismiss_notice(self) -> None:
        """Each notice shown stays away for a week (the clinician's report keeps them)."""
        try:
            for notice in self._notices:
                dismiss_notice(self.app.store, self.app.clock, notice.rule)
        except StoreError as error:
            self.notify(
                shown(str(error)), title="Not saved", severity="error", timeout=15, markup=False
            )
        self.refresh_today()

    def action_start_next(self) -> None:
        self._plan_first()
        if self._due is not None:
            self.app.action_start_routine(self._due)

    def _asking_runner(self, plan: TodaysPlan | None) -> bool:
        return plan is not None and plan.kind != "stop" and self.app.settings.runner == "ask"

    def action_runner(self, runner: Runner) -> None:
        """Keep the answer in settings.toml (for this run even if it cannot be written)."""
        from coach.screens.settings import keep_settings

        keep_settings(self.app, runner=runner)
        self.refresh_today()

    def action_checkin(self) -> None:
        self.app.action_checkin()

    def action_routines(self) -> None:
        self.app.action_routines()

    def action_history(self) -> None:
        self.app.action_history()


def _checkin_line(status: DayStatus) -> str:
    if status.checkin_pain is None:
        return "[b]Check-in[/b]   [dim]not yet today[/dim]"
    return f"[b]Check-in[/b]   [$success]✓[/] pain {status.checkin_pain}/10"


def _plan_line(plan: TodaysPlan | None) -> str:
    if plan is None:
        return "[b]Plan[/b]       [dim]after your check-in[/dim]"
    if plan.kind == "stop":
        return f"[b]Plan[/b]       [$error]{plan.title}[/]"
    return f"[b]Plan[/b]       {plan.title}"


def _plan_detail(plan: TodaysPlan | None, why_key: str) -> str | Content:
    """The advice and its reason, and the key of the lesson behind it (settings.toml may
    remap it to any character, so it goes in as text)."""
    if plan is None:
        return ""
    return markup(
        "$advice\n[dim]$reason why? — [b]$key[/b][/dim]",
        advice=plan.advice,
        reason=plan.reason,
        key=why_key,
    )


def _routine_line(status: DayStatus, name: Callable[[str], str]) -> str | Content:
    """The routines done today, and any another copy of coach is playing now."""
    if not status.sessions_completed and not status.sessions_elsewhere:
        return "[b]Routine[/b]    [dim]none yet today[/dim]"
    done = ", ".join(map(name, status.sessions_completed))  # names come from files: text
    playing = ", ".join(
        f"{name(routine)} — {PLAYING_ELSEWHERE}" for routine in status.sessions_elsewhere
    )
    line = "[b]Routine[/b]    "
    line += "[$success]✓[/] $done" if done else ""
    line += " · " if done and playing else ""
    line += "[$warning]$playing[/]" if playing else ""
    return markup(line, done=done, playing=playing)


def _week_lines(plan: TodaysPlan | None) -> str | Content:
    """The week so far; beneath it, under the week's words, the last two weeks' planned
    routines done, on a line of its own: beside a week with strength in it, "10 of 13" broke
    across two lines at every width; a change of level in the last week last."""
    if plan is None or not plan.week:
        return ""
    lines = "[b]This week[/b]  $week"
    if plan.fortnight:
        lines += f"\n{' ' * len('This week  ')}[dim]$fortnight[/dim]"
    if plan.level_news:
        lines += "\n[$accent]$news[/]"
    return markup(lines, week=plan.week, fortnight=plan.fortnight, news=plan.level_news)


def _hint(
    status: DayStatus,
    hold: Hold | None,
    ahead: tuple[str, ...],
    describe: Callable[[str], str],
    keys: Callable[[str], str],
) -> str | Content:
    """What to do next: `ahead` are the routines the plan still asks for, the first the one
    `coach status` calls due, which Enter starts; `describe` names one for a person. `keys`
    names the keys of a binding, which settings.toml may set to any character (`[`, `\\`),
    so they go in as text, as do routine names."""
    if hold is not None and hold.can_undo(status.day):
        template, binding_id = "Ticked a sign by mistake? Press [b]$key[/b].", "answer_again"
    elif hold is not None:
        template = "Press [b]$key[/b]: your check-in asks how the warning sign has gone."
        binding_id = "checkin"
    elif not status.checked_in:
        template, binding_id = "Start with your morning check-in: press [b]$key[/b].", "checkin"
    elif ahead:
        template, binding_id = "[b]▶ $routine — $key[/b]$after", "start"
    elif status.sessions_elsewhere:
        template = "Your routine plays in another window; [b]$key[/b] shows how your weeks go."
        binding_id = "history"
    else:
        template = "Done for today. Keep moving gently; [b]$key[/b] shows how your weeks are going."
        binding_id = "history"
    after = f", then {', then '.join(map(describe, ahead[1:]))}" if ahead[1:] else ""
    routine = describe(ahead[0]) if ahead else ""
    return markup(template, key=keys(f"home.{binding_id}"), routine=routine, after=after)
