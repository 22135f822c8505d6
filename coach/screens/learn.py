"""Learn: the lessons behind the plan, a list and then one lesson at a time, full width.

The lessons are coach's own Markdown files (coach.learn), so they are rendered as Markdown;
each is written to fit one 80×24 screen.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from coach.learn import Lesson, lessons
from coach.widgets.footer import Footer


class LearnScreen(Screen[None]):
    """The list of lessons; enter opens one. `lesson_id` puts the cursor on that lesson (the
    one behind today's plan)."""

    CSS_PATH = "learn.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="learn.back"),
    ]

    def __init__(self, lesson_id: str | None = None) -> None:
        super().__init__()
        self._lesson_id = lesson_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(
            *(Option(each.title, id=each.id) for each in lessons()),
            id="lessons",
        )
        yield Static(
            "Enter reads a lesson; each names its sources at the end.",
            id="learn-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Learn: why the plan says what it says"
        options = self.query_one("#lessons", OptionList)
        options.border_title = "Lessons"
        if self._lesson_id is not None:
            options.highlighted = options.get_option_index(self._lesson_id)

    @on(OptionList.OptionSelected, "#lessons")
    def open_lesson(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(LessonScreen(lessons()[event.option_index]))


class LessonScreen(Screen[None]):
    """One lesson; n and p step through the others without going back to the list."""

    CSS_PATH = "learn.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Lessons", id="lesson.back"),
        Binding("n", "step(1)", "Next", id="lesson.next"),
        Binding("p", "step(-1)", "Previous", id="lesson.previous"),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="lesson-scroll"):
            yield Markdown(self.lesson.markdown, id="lesson")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Learn"

    async def action_step(self, offset: int) -> None:
        every = lessons()
        self.lesson = every[(every.index(self.lesson) + offset) % len(every)]
        await self.query_one("#lesson", Markdown).update(self.lesson.markdown)
        self.query_one("#lesson-scroll").scroll_home(animate=False)
