"""The check-in by keys and mouse: the form, the warning-sign questions, replacing, cancelling."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input

from coach.app import CoachApp
from coach.clinical import PEG_ITEMS
from coach.clock import FakeClock
from coach.rules import BACKGROUND_COLUMNS, signs_asked
from coach.screens.checkin import CheckinScreen, DiscardQuestion, ReplaceQuestion
from coach.screens.home import HomeScreen
from coach.screens.red_flags import (
    NOTHING_TICKED,
    AboutYouScreen,
    RedFlagResultScreen,
    RedFlagsScreen,
)
from coach.store import Store
from coach.widgets.pain_scale import TEN_WINDOW_S, ChoiceRow, PainScale
from tests.helpers import ENTERS_TO_NOTE, seed_recent_screens, text_of

PEG_COLUMNS = [item.column for item in PEG_ITEMS]
#: On the form, pain 4 and Enter to the end; then the PEG answers 5, 3 and 4.
PAIN_4_SAVED = ("4", *["enter"] * (ENTERS_TO_NOTE + 1))
PEG_5_3_4 = ("5", "enter", "3", "enter", "4", "enter")
#: Pain 2, Enter to "something new?", yes, Enter past the note: the warning signs are asked.
SOMETHING_NEW = ("c", "2", *["enter"] * (ENTERS_TO_NOTE - 1), "y", "enter", "enter")


def table(store: Store, name: str) -> list[dict[str, object]]:
    return list(store.db[name].rows)


async def test_the_first_checkin_by_keys_asks_peg_and_the_warning_signs(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert isinstance(app.focused, PainScale)
        await pilot.press(*PAIN_4_SAVED, *PEG_5_3_4)
        await pilot.pause()
        assert isinstance(app.screen, AboutYouScreen)  # asked once, before the first screen
        assert table(store, "checkins") == []  # nothing is written before the last answer
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        assert text_of(app, "#intro").startswith("Before your first routine")
        assert table(store, "checkins") == [] and table(store, "about_you") == []
        await pilot.press("n")  # none of these: one key for the usual answer
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Easy day" in text_of(app, "#plan-line")
        assert "Pelvic tilts and core" in text_of(app, "#plan-detail")
    [checkin] = table(store, "checkins")
    assert (checkin["pain"], checkin["activity"], checkin["sleep"]) == (4, "rest", "fair")
    [peg] = table(store, "peg")
    assert (peg["pain_avg"], peg["enjoyment"], peg["general_activity"], peg["score"]) == (
        5,
        3,
        4,
        4.0,
    )
    [flags] = table(store, "red_flags")
    assert flags["result"] == "none" and flags["checkin_id"] == checkin["id"]
    assert all(flags[sign.column] == 0 for sign in signs_asked(frozenset()))
    assert flags["one_leg"] is None  # asked only with a history of cancer
    [about] = table(store, "about_you")
    assert not any(about[column] for column in BACKGROUND_COLUMNS)


async def test_c_a_digit_and_enter_repeated_saves(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "3", *["enter"] * (ENTERS_TO_NOTE + 1))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Normal day" in text_of(app, "#plan-line")
    [checkin] = table(store, "checkins")
    assert checkin["pain"] == 3 and checkin["new_symptoms"] == 0
    assert len(table(store, "red_flags")) == 1  # only the seeded one: not due


async def test_an_activity_left_unchosen_is_saved_as_not_said_never_as_rest(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """The activity row starts with nothing chosen (its minutes closed); Enter past it saves
    the check-in with the activity not said, and the day view says so. Rest is a choice."""
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        activity = app.screen.query_one("#activity", ChoiceRow)
        assert activity.chosen is None and app.screen.query_one("#minutes", Input).disabled
        await pilot.press("3", *["enter"] * (ENTERS_TO_NOTE + 1))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [checkin] = table(store, "checkins")
        assert (checkin["activity"], checkin["activity_answered"]) == ("rest", 0)
        await pilot.press("h", "enter")
        await pilot.pause()
        assert "yesterday: not said" in " ".join(
            str(app.screen.query_one("#day-text").render()).split()
        )
        await pilot.press("escape", "escape", "c", "y")
        await pilot.pause()
        await pilot.press("3", "enter", "5", *["enter"] * ENTERS_TO_NOTE)
        await pilot.pause()
    assert [(row["activity"], row["activity_answered"]) for row in table(store, "checkins")] == [
        ("rest", 0),
        ("rest", 1),
    ]


async def test_every_answer_by_keys(app_factory: Callable[[], CoachApp], store: Store) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "2", "enter", "1", "enter")  # run: the minutes open
        assert app.focused is not None and app.focused.id == "minutes"
        await pilot.press("2", "5", "enter", "3", "enter", "right", "enter", "n", "enter")
        await pilot.press(*"tight hamstrings", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    [checkin] = table(store, "checkins")
    assert {k: checkin[k] for k in ("pain", "activity", "activity_min", "sleep", "stiffness")} == {
        "pain": 2,
        "activity": "run",
        "activity_min": 25,
        "sleep": "good",
        "stiffness": "under_30",
    }
    assert checkin["note"] == "tight hamstrings"


async def test_ten_out_of_ten_suggests_no_walk_and_a_clinician(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "1", "0")
        assert app.screen.query_one("#pain", PainScale).value == 10
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Very high pain" in text_of(app, "#plan-line")
        assert "easy walk" not in text_of(app, "#plan-detail")
        assert text_of(app, "#notice").startswith("See your GP or physiotherapist: pain 10/10")
    assert table(store, "checkins")[0]["pain"] == 10


async def test_one_then_a_late_zero_is_zero(
    app_factory: Callable[[], CoachApp], clock: FakeClock, store: Store
) -> None:
    """A person correcting 1 to 0 pauses: past the window, the last digit wins."""
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "1")
        scale = app.screen.query_one("#pain", PainScale)
        clock.advance(TEN_WINDOW_S + 0.05)
        await pilot.press("0")
        assert scale.value == 0
        await pilot.press("1")
        clock.advance(TEN_WINDOW_S - 0.05)
        await pilot.press("0")
        assert scale.value == 10


async def test_the_picked_answer_is_bracketed_without_colour(
    app_factory: Callable[[], CoachApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A marker, not only a shade: under NO_COLOR the picked cells still stand out."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "4")
        assert app.no_color
        pain = app.screen.query_one("#pain", PainScale).render_line(0).text
        assert "[4]" in pain and pain.count("[") == 1
        sleep = app.screen.query_one("#sleep", ChoiceRow).render_line(0).text
        assert "[2 Fair]" in sleep and sleep.count("[") == 1


async def test_enter_without_a_pain_stays_and_says_why(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "enter", "ctrl+s")
        await pilot.pause()
        scale = app.screen.query_one("#pain", PainScale)
        assert app.focused is scale and scale.has_class("-missing")
        assert scale.anchor_text == "Type a number from 0 to 10"
        await pilot.press("6")
        assert not scale.has_class("-missing")
    assert table(store, "checkins") == []


async def test_bad_minutes_are_refused_on_screen(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "2", "enter", "2", "enter", *"9999", "enter", "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert "Activity minutes must be a whole number from 0 to 1440" in text_of(app, "#error")
        minutes = app.screen.query_one("#minutes")
        assert app.focused is minutes and minutes.has_class("-invalid")
        assert minutes.region in app.screen.query_one("#form").region
    assert table(store, "checkins") == []


async def test_escape_asks_before_discarding_answers(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """Answers are discarded only once the question says so; leaving then, or leaving an
    untouched form, says nothing more (no toast left to expire over the next screen)."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "4", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardQuestion)
        assert text_of(app, "#question") == "Your answers will not be saved."
        await pilot.press("escape")  # no: back to the form, its answer kept
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.query_one("#pain", PainScale).value == 4
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "not yet today" in text_of(app, "#checkin-line")
        await pilot.press("c", "escape")  # nothing answered: nothing to ask about
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert list(app._notifications) == []
    assert table(store, "checkins") == []


async def test_up_and_down_move_between_questions_and_keep_them_in_view(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.press("c", "4", *["down"] * 6)  # the first PEG question, below the fold
        await pilot.pause()
        form = app.screen.query_one("#form")
        assert app.focused is not None and app.focused.id == "peg-pain_avg"
        assert form.scroll_offset.y > 0
        assert app.focused.parent is not None
        assert app.focused.parent.region in form.region  # the question and its answers
        await pilot.press("7")
        assert app.screen.query_one("#peg-pain_avg", PainScale).value == 7
        await pilot.press(*["up"] * 6)
        await pilot.pause()
        assert app.focused is app.screen.query_one("#pain", PainScale)
        assert form.scroll_offset.y == 0


async def test_at_60_by_18_every_answer_of_every_question_is_on_screen_when_asked(
    app_factory: Callable[[], CoachApp],
) -> None:
    """The stated minimum: each question, as Down reaches it, is in view with all of its
    answers, pain's 9 and 10 and the activity's minutes included (under the label below 80
    columns), and nothing is cut off at the right."""
    app = app_factory()
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.press("c", "4", "down", "1", "up")  # a run, so its minutes are asked
        await pilot.pause()
        form = app.screen.query_one("#form")
        seen = []
        for _ in range(8):  # pain, activity, minutes, sleep, stiffness, new, note, PEG ×3
            focused = app.focused
            assert focused is not None
            seen.append(focused.id)
            field = next(a for a in focused.ancestors_with_self if a.has_class("field"))
            shown = [field, *field.query("PainScale, ChoiceRow, Input, Label, .unit")]
            for widget in shown:
                assert widget.region in form.region, (focused.id, widget)
                assert widget.region.width > 0
            await pilot.press("down")
            await pilot.pause()
        scale = app.screen.query_one("#pain", PainScale)
        assert not scale.compact  # 44 columns fit under the label
    assert seen == [
        "pain", "activity", "minutes", "sleep", "stiffness", "new-symptoms", "note",
        "peg-pain_avg",
    ]  # fmt: skip


async def test_enter_on_an_unanswered_peg_question_says_what_is_needed(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "4", *["enter"] * (ENTERS_TO_NOTE + 1), "enter")
        await pilot.pause()
        scale = app.screen.query_one("#peg-pain_avg", PainScale)
        assert app.focused is scale and scale.anchor_text == "Type a number from 0 to 10"
        assert scale.region in app.screen.query_one("#form").region


async def test_escape_from_the_warning_signs_goes_back_to_the_form(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", *PAIN_4_SAVED, *PEG_5_3_4, "n", "y", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.query_one("#pain", PainScale).value == 4
        assert app.screen.query_one("#peg-enjoyment", PainScale).value == 3
    for name in ("checkins", "peg", "red_flags"):
        assert table(store, name) == [], name


async def test_something_new_asks_the_warning_signs_and_an_urgent_yes_stops_the_list(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*SOMETHING_NEW)
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        assert text_of(app, "#intro").startswith("You said something is new")
        await pilot.press("enter")  # Enter does not answer a safety question
        assert isinstance(app.screen, RedFlagsScreen)
        assert text_of(app, "#problem") == NOTHING_TICKED
        await pilot.press("space")  # the first, urgent sign: nothing more is asked
        await pilot.pause()
        assert isinstance(app.screen, RedFlagResultScreen)
        assert app.screen.has_class("urgent")
        assert text_of(app, "#title") == "Get emergency care now"
        assert text_of(app, "#action").startswith("Call 999 or go to the emergency department")
        assert "coach is not a diagnosis" in text_of(app, "#disclaimer")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "No exercise today" in text_of(app, "#plan-line")
        assert "get emergency care now" in text_of(app, "#plan-detail")
        assert "press u" in text_of(app, "#hint").lower()
    checkin = table(store, "checkins")[0]
    assert checkin["new_symptoms"] == 1
    latest = table(store, "red_flags")[-1]
    assert latest["saddle_numbness"] == 1 and latest["result"] == "urgent"
    # Stopped at the first urgent yes: the rest of the list was never asked.
    assert all(latest[sign.column] is None for sign in signs_asked(frozenset())[1:])


async def test_a_same_day_sign_says_see_a_doctor_today(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    night_pain = [sign.column for sign in signs_asked(frozenset())].index("night_pain")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*SOMETHING_NEW)
        await pilot.pause()
        await pilot.press(*["down"] * night_pain, "space", "n")
        assert isinstance(app.screen, RedFlagsScreen)  # n with a sign ticked says untick first
        assert "untick" in text_of(app, "#problem")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagResultScreen)
        assert app.screen.has_class("same-day")
        assert text_of(app, "#title") == "See a doctor today"
        assert "night pain not eased by rest" in text_of(app, "#signs")
        assert "NHS 111" in text_of(app, "#action")
    latest = table(store, "red_flags")[-1]
    assert (latest["fever"], latest["minor_fall"], latest["night_pain"]) == (0, 0, 1)
    assert latest["result"] == "same_day"


async def test_a_second_checkin_asks_before_replacing(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    with store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "2026-11-25T07:12:00.000Z", "pain": 4})
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReplaceQuestion)
        assert text_of(app, "#question") == "Replace this morning's check-in (pain 4 at 07:12)?"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(table(store, "checkins")) == 1
        await pilot.press("c", "y")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("6", "ctrl+s")
        await pilot.pause()
        assert "pain 6/10" in text_of(app, "#checkin-line")
    first, second = table(store, "checkins")
    assert first["superseded_at"] == "2026-11-25T07:30:00.000Z"
    assert (second["pain"], second["superseded_at"]) == (6, None)


async def test_a_checkin_saved_meanwhile_by_another_copy_is_replaced_only_when_asked(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """Two windows open the form on a day without a check-in; the second to save is asked
    whether to replace the first one's, and its answers, warning signs included, are kept
    for the answer: never dropped with "Not saved", the form to be typed again."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "2")
        await pilot.pause()
        with store.write() as db:  # the other window saves first
            db["checkins"].insert(
                {"day": "2026-11-25", "at": "2026-11-25T07:20:00.000Z", "pain": 6}
            )
        await pilot.press(*["enter"] * ENTERS_TO_NOTE, *"mine", "enter", *PEG_5_3_4)
        await pilot.pause()
        assert isinstance(app.screen, AboutYouScreen)  # the first check-in's questions
        await pilot.press("n", "n")
        await pilot.pause()
        assert isinstance(app.screen, ReplaceQuestion)
        assert text_of(app, "#question") == "Replace this morning's check-in (pain 6 at 07:20)?"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.query_one("#note", Input).value == "mine"
        assert len(table(store, "checkins")) == 1 and table(store, "red_flags") == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n", "n", "y")  # about you, the signs, then: replace it
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    theirs, mine = table(store, "checkins")
    assert theirs["superseded_at"] is not None
    assert (mine["pain"], mine["note"], mine["superseded_at"]) == (2, "mine", None)
    assert [row["checkin_id"] for row in table(store, "red_flags")] == [mine["id"]]
    assert [row["checkin_id"] for row in table(store, "peg")] == [mine["id"]]


async def test_a_replacement_opens_with_the_answers_it_replaces_peg_included(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "3", "enter", "1", "enter", *"25", "enter", "3", "enter")
        await pilot.press("enter", "enter", *"stiff", "ctrl+s")
        await pilot.pause()
    with store.write() as db:  # PEG was answered this morning too
        db["peg"].insert(
            {
                "checkin_id": table(store, "checkins")[0]["id"],
                "day": "2026-11-25",
                "at": "2026-11-25T07:30:00.000Z",
                "pain_avg": 5,
                "enjoyment": 3,
                "general_activity": 4,
                "score": 4.0,
            }
        )
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "y")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CheckinScreen)
        assert form.query_one("#pain", PainScale).value == 3
        assert form.query_one("#activity", ChoiceRow).value == "run"
        assert form.query_one("#minutes", Input).value == "25"
        assert form.query_one("#sleep", ChoiceRow).value == "good"
        assert form.query_one("#note", Input).value == "stiff"
        assert [form.query_one(f"#peg-{c}", PainScale).value for c in PEG_COLUMNS] == [5, 3, 4]
        await pilot.press("5", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    old, new = table(store, "checkins")
    assert old["superseded_at"] is not None
    assert (new["pain"], new["activity_min"], new["note"]) == (5, 25, "stiff")
    assert [(p["checkin_id"], p["score"]) for p in table(store, "peg")][-1] == (new["id"], 4.0)


async def test_the_mouse_answers_and_saves(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#pain", offset=(7 * 4 + 1, 0))  # the cell for 7
        await pilot.click("#activity", offset=(9, 0))  # "2 Walk"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    checkin = table(store, "checkins")[0]
    assert (checkin["pain"], checkin["activity"]) == (7, "walk")


async def test_the_footer_shows_the_form_keys(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        shown = {
            binding.key: binding.description
            for (_, binding, enabled, _) in app.active_bindings.values()
            if binding.show and enabled
        }
        assert {"enter": "Next", "ctrl+s": "Save", "escape": "Cancel"}.items() <= shown.items()
