"""Text a person or a file supplied, made safe to put on a terminal.

Notes, routine ids (file names), names, settings values and paths come from outside coach, and
a terminal acts on some characters instead of showing them: ESC starts a sequence that can
clear the screen, retitle the window or move the cursor; a right-to-left override disguises
what follows. `shown` turns each of them into a visible stand-in, so what is stored is shown,
not obeyed. Every screen, command and export that shows such text passes it through here (the
screens add only that it is text, not markup: `coach.screens.user_text`).

Textual-free: the commands and the exports use it too; Rich is imported only by `text`.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

#: The C0 controls as their Unicode control pictures (ESC → ␛, newline → ␊), DEL as ␡.
_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
#: Everything else a terminal may act on, or that changes how text around it reads: C1 controls
#: (0x9B is CSI), format characters (bidi overrides, zero-width spaces), line and paragraph
#: separators, and lone surrogates (bytes that were not UTF-8).
_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}
#: Format characters that only join letters or emoji (Persian, Indic scripts, 👩‍💻) stay.
_JOINERS = {"\u200c", "\u200d"}
REPLACEMENT = "\ufffd"


def shown(text: str) -> str:
    """`text` with every character a terminal would act on replaced by a visible one."""
    if text.isprintable():  # the usual case: no control, format or separator character
        return text
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    code = ord(char)
    if code in _PICTURES:
        return chr(_PICTURES[code])
    if char not in _JOINERS and unicodedata.category(char) in _HIDDEN:
        return REPLACEMENT
    return char


def text(value: str, style: str = "") -> Text:
    """`value` as a Rich renderable, never parsed as markup: for a command's table or line, and
    for widgets that take one (a DataTable cell, a Select option, whose type-to-search reads a
    Text's plain string)."""
    from rich.text import Text

    return Text(shown(value), style=style)


def is_utf8(text: str) -> bool:
    """False when `text` holds bytes that were not UTF-8 (decoded as lone surrogates), as a
    command-line argument or a file name can: such text cannot be stored or printed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
