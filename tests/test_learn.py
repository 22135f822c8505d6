"""The lessons: shipped as Markdown files, each short and sourced; read on the Learn screen
(l on home) and with `coach learn`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner
from rich.console import Console
from rich.markdown import Markdown
from textual.widgets import Markdown as MarkdownWidget
from textual.widgets import Static

from coach.app import CoachApp
from coach.cli.main import cli
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.learn import LESSONS_DIR, lesson, lessons
from coach.screens.home import HomeScreen
from coach.screens.learn import LearnScreen, LessonScreen
from coach.store import Store
from coach.store.checkins import save_checkin

#: The topics the plan's advice rests on, in reading order.
EXPECTED = ("settles", "moving", "strength", "core", "posture", "pain-rule", "clinician")


def test_every_lesson_file_is_a_lesson_in_order() -> None:
    assert tuple(each.id for each in lessons()) == EXPECTED
    assert len(list(LESSONS_DIR.glob("*.md"))) == len(EXPECTED)


@pytest.mark.parametrize("lesson_id", EXPECTED)
def test_each_lesson_has_a_title_sources_and_fits_one_screen(lesson_id: str) -> None:
    chosen = lesson(lesson_id)
    assert chosen.markdown.startswith(f"# {chosen.title}\n")
    last_paragraph = chosen.markdown.strip().split("\n\n")[-1]
    assert last_paragraph.startswith("*Source"), last_paragraph
    console = Console(width=80, record=True, color_system=None)
    console.print(Markdown(chosen.markdown))
    lines = console.export_text().rstrip("\n").splitlines()
    # Under the header and footer of an 80×24 terminal.
    assert len(lines) <= 22, (lesson_id, len(lines))


def test_the_facts_the_plan_rests_on_are_said() -> None:
    assert "75%" in lesson("settles").markdown
    assert "two weeks" in lesson("settles").markdown
    strength = lesson("strength").markdown
    assert "60%" in strength and "12%" in strength and "27 people" in strength
    assert "5/10" in lesson("pain-rule").markdown
    assert "Silbernagel" in lesson("pain-rule").markdown
    assert "McGill" in lesson("core").markdown
    posture = lesson("posture").markdown
    assert "hunched" in posture and "slump" in posture and "arch" in posture


def test_coach_learn_lists_the_lessons() -> None:
    result = CliRunner().invoke(cli, ["learn"])
    assert result.exit_code == 0, result.output
    ids = [line.split()[0] for line in result.output.splitlines()[: len(EXPECTED)]]
    assert ids == list(EXPECTED)
    assert "Strength work and jogging" in result.output


def test_coach_learn_id_prints_the_lesson_as_markdown() -> None:
    result = CliRunner().invoke(cli, ["learn", "pain-rule"])
    assert result.exit_code == 0, result.output
    assert "The pain-monitoring rule" in result.output
    assert "**" not in result.output  # rendered, not the file's own asterisks
    assert "Silbernagel" in result.output


def test_coach_learn_unknown_id_names_the_lessons() -> None:
    result = CliRunner().invoke(cli, ["learn", "nosuch"])
    assert result.exit_code == 2
    assert "no lesson called 'nosuch'" in result.output
    assert "posture" in result.output


async def test_l_on_home_opens_learn_and_a_lesson(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "strength"
        shown = app.screen.query_one("#lesson", MarkdownWidget).source
        assert shown == lesson("strength").markdown
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.lesson.id == "core"
        assert app.screen.query_one("#lesson", MarkdownWidget).source.startswith("# The core")
        await pilot.press("p", "p", "p", "p")
        await pilot.pause()
        assert app.screen.lesson.id == "clinician"  # wraps round from the first
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize(("pain", "lesson_id"), [(8, "moving"), (5, "pain-rule"), (2, "strength")])
async def test_the_plans_reason_leads_to_its_lesson(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock, pain: int, lesson_id: str
) -> None:
    save_checkin(store, clock, checkin_entry(pain=pain))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        detail = str(app.screen.query_one("#plan-detail", Static).render())
        assert detail.rstrip().endswith("why? — l")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == lesson_id
