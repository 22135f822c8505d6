"""The check-in's answers: one table per question, and the database takes exactly its values."""

from __future__ import annotations

import sqlite3

import pytest

from coach.store import Store
from coach.vocabulary import ACTIVITY, FOLLOW_UP, SLEEP, STIFFNESS, Question, in_words
from tests.helpers import screened

QUESTIONS = (ACTIVITY, SLEEP, STIFFNESS)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question.column)
def test_each_question_has_distinct_values_and_wordings_and_a_default_among_them(
    question: Question,
) -> None:
    """Yesterday's activity has none: a day not said is not a rest day."""
    for wording in ("value", "button", "phrase"):
        words = [getattr(choice, wording) for choice in question.choices]
        assert len(set(words)) == len(words), wording
    assert question.default in question.values or question is ACTIVITY


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question.column)
def test_the_database_stores_every_value_and_refuses_anything_else(
    store: Store, question: Question
) -> None:
    def insert(value: str) -> None:
        with store.write() as db:
            db.execute(
                f"INSERT INTO checkins (day, at, pain, {question.column}) "
                "VALUES ('2026-11-25', '2026-11-25T07:00:00.000Z', 3, ?)",
                [value],
            )

    for value in question.values:
        insert(value)
    for stranger in ("", "Run", "weights", "under 30", "unknown"):
        with pytest.raises(Exception, match="CHECK constraint failed") as refused:
            insert(stranger)
        assert isinstance(refused.value.__cause__, sqlite3.IntegrityError)


def test_the_follow_ups_table_stores_every_answer_and_refuses_anything_else(
    store: Store,
) -> None:
    """The follow-up of a warning sign: its answers are worded once, in FOLLOW_UP."""
    screened(store)  # the screen (id 1) the answers follow up

    def insert(answer: str) -> None:
        with store.write() as db:
            db.execute(
                "INSERT INTO follow_ups (red_flag_id, day, at, answer) "
                "VALUES (1, '2026-11-26', '2026-11-26T07:00:00.000Z', ?)",
                [answer],
            )

    for answer in FOLLOW_UP.values:
        insert(answer)
    for stranger in ("", "not-yet", "Seen", "unknown"):
        with pytest.raises(Exception, match="CHECK constraint failed"):
            insert(stranger)
    for wording in ("value", "button", "phrase"):
        words = [getattr(choice, wording) for choice in FOLLOW_UP.choices]
        assert len(set(words)) == len(words), wording
    assert FOLLOW_UP.default is None  # never answered for the person


def test_items_in_words() -> None:
    assert in_words(["a run", "a walk", "rest"]) == "a run, a walk or rest"
    assert in_words(["run", "walk"], "and") == "run and walk"
    assert in_words(["rest"]) == "rest"


def test_a_choice_is_found_by_its_value_only() -> None:
    assert ACTIVITY.choice("strength").button == "Strength"
    assert STIFFNESS.phrase("under_30") == "stiff under 30 min"
    assert SLEEP.listed() == "poor, fair or good"
    with pytest.raises(KeyError):
        ACTIVITY.choice("Strength")
