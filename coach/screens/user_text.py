"""User text on a screen: shown as text, never parsed as markup.

A note, a routine's name or file name, a summary or a settings value can hold `[b]`, `[/10]`
(a closing tag that matches nothing: MarkupError), `[@click=app.quit]` (an action on click) or
`[$var]`, which Textual's own `escape` leaves a style tag, so it vanished. Each function here
first makes terminal controls visible (`coach.user_text.shown`), then keeps the text out of
the markup parser. (Where a widget takes a renderable, `coach.user_text.text` is enough.)
"""

from __future__ import annotations

from textual.content import Content

from coach.user_text import shown


def markup(template: str, **values: str) -> Content:
    """coach's own `template` markup, with each `$name` in it replaced by `values[name]` as
    text: substitution happens after parsing, so no value is ever read as a tag."""
    return Content.from_markup(template, **{name: shown(value) for name, value in values.items()})


def escaped(value: str) -> str:
    """`value` as markup that shows it as written, for an API that takes nothing but a markup
    string (the command palette's help line). Only for markup that is this text alone: every
    `[` is escaped, but a trailing backslash would escape a tag that followed."""
    return shown(value).replace("[", "\\[")
