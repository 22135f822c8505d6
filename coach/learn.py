"""The lessons: short Markdown files shipped in the package (coach/lessons/NN-id.md).

The number orders them; the rest of the file name is the lesson's id (`coach learn posture`).
Each starts with a `# Title` line and ends with a line naming its sources. They are coach's own
files, so the Learn screen and `coach learn` render their Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LESSONS_DIR = Path(__file__).parent / "lessons"
_FILE_NAME = re.compile(r"(?P<order>[0-9]+)-(?P<id>[a-z0-9-]+)\.md")


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    #: The whole file, its `# Title` line included.
    markdown: str


#: The lesson behind each kind of day's plan: what its reason rests on ("why? — l" on home).
LESSON_FOR_PLAN = {
    "severe": "clinician",
    "gentle": "moving",
    "easy": "pain-rule",
    "normal": "strength",
    "stop": "clinician",
}


class UnknownLesson(KeyError):
    """No lesson has this id; the message lists the ones there are."""

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def lessons() -> tuple[Lesson, ...]:
    """Every lesson, in order."""
    found = []
    for path in LESSONS_DIR.iterdir():
        match = _FILE_NAME.fullmatch(path.name)
        if match is None:
            continue
        markdown = path.read_text(encoding="utf-8")
        title = markdown.splitlines()[0].removeprefix("# ").strip()
        found.append((int(match["order"]), Lesson(match["id"], title, markdown)))
    return tuple(lesson for _order, lesson in sorted(found, key=lambda pair: pair[0]))


def lesson(lesson_id: str) -> Lesson:
    """The lesson called `lesson_id`, or UnknownLesson naming every id."""
    for candidate in lessons():
        if candidate.id == lesson_id:
            return candidate
    ids = ", ".join(each.id for each in lessons())
    raise UnknownLesson(f"no lesson called {lesson_id!r}; the lessons are: {ids}")
