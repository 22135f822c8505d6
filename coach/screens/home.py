"""Home: today at a glance, and the keys to everything else."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coach.clinical import TodaysPlan, plan_for_day
from coach.screens.keymap import shown_keys
from coach.screens.user_text import markup
from coach.status import routine_due
from coach.store.days import DayStatus, day_status

if TYPE_CHECKING:
    from coach.app import CoachApp


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    FITS_PHONE = True  # read at 40 columns too: a phone under `coach serve` starts here
    BINDINGS = [
        Binding("c", "checkin", "Check in", id="home.checkin"),
        Binding("r", "routines", "Routines", id="home.routines"),
        Binding("h", "history", "History", id="home.history"),
        Binding("l", "app.learn", "Learn", id="home.learn"),
        Binding("s", "app.open_settings", "Settings", id="home.settings"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    app: CoachApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="today"):
            yield Static(id="checkin-line", classes="row")
            yield Static(id="plan-line", classes="row")
            yield Static(id="plan-detail")
            yield Static(id="routine-line", classes="row")
            yield Static(id="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_today()

    def on_screen_resume(self) -> None:
        self.refresh_today()

    def refresh_today(self) -> None:
        status = day_status(self.app.store, self.app.clock.today())
        self.sub_title = f"{status.day:%A %-d %B %Y}"
        self.query_one("#today").border_title = "Today"
        self.query_one("#checkin-line", Static).update(_checkin_line(status))
        plan = plan_for_day(self.app.store, status)
        self.query_one("#plan-line", Static).update(_plan_line(plan))
        self.query_one("#plan-detail", Static).update(_plan_detail(plan))
        self.query_one("#plan-detail").display = plan is not None
        self.query_one("#routine-line", Static).update(_routine_line(status))
        due = routine_due(plan, status) if plan is not None else None
        self.query_one("#hint", Static).update(_hint(status, due, partial(shown_keys, self)))

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


def _plan_detail(plan: TodaysPlan | None) -> str:
    if plan is None:
        return ""
    return f"{plan.advice}\n[dim]{plan.reason}[/dim]"


def _routine_line(status: DayStatus) -> str | Content:
    if not status.sessions_completed:
        return "[b]Routine[/b]    [dim]none yet today[/dim]"
    done = ", ".join(status.sessions_completed)  # routine ids: file names
    return markup("[b]Routine[/b]    [$success]✓[/] $done", done=done)


def _hint(status: DayStatus, due: str | None, keys: Callable[[str], str]) -> str | Content:
    """What to do next (`due`: the routine the plan asks for next, as `coach status` says);
    `keys` names the keys of a binding, which settings.toml may set to any character (`[`,
    `\\`), so they go in as text."""
    if status.red_flag == "urgent":
        return "[$error]A warning sign was reported today: get emergency care now.[/]"
    if status.red_flag == "same_day":
        return "[$warning]A warning sign was reported today: see a doctor today.[/]"
    if not status.checked_in:
        template, binding_id = "Start with your morning check-in: press [b]$key[/b].", "checkin"
    elif due is not None:
        template, binding_id = "Next: $routine; pick it with [b]$key[/b].", "routines"
    else:
        template = "Done for today. Keep moving gently; [b]$key[/b] shows how your weeks are going."
        binding_id = "history"
    return markup(template, key=keys(f"home.{binding_id}"), routine=due or "")
