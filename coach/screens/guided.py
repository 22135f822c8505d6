"""What the routine player and the interval player share: a Timer guided on screen.

Whatever hides a guided session pauses it (a dialog, help or the palette pushed over it, the
too-small cover), because time that cannot be followed must not run out unseen; it goes on by
itself once nothing hides it, but only if it was running when covered (a pause the user chose
stays). When a warning sign stopped the session while it was hidden, the care screen shows as
soon as it is on top again. The bell at a change of phase follows the `bell` setting's one rule
(coach.timer.bell_rings), whichever player is playing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from coach.red_flags import Hold
from coach.screens.red_flags import show_hold
from coach.timer import Timer, bell_rings
from coach.widgets.too_small import CoverChanged

if TYPE_CHECKING:
    from coach.app import CoachApp


class GuidedScreen(Screen[None]):
    """A screen that plays `timer`; subclasses draw it and say what follows each event."""

    app: CoachApp
    timer: Timer

    def __init__(self) -> None:
        super().__init__()
        #: The warning sign that stopped this session, once one has.
        self.stopped_by: Hold | None = None
        self._covers: set[str] = set()  # what hides the session now
        self._resume_uncovered = False
        self._kind_rung: str | None = None  # the phase kind at the last change signalled

    def _after_event(self, *, changed: bool) -> None:
        """Reschedule the deadline and redraw after the timer moved (`changed`: to a new
        phase)."""
        raise NotImplementedError

    def _event(self, event: str) -> None:
        """Call the timer's method `event` (pause, resume, finish…) and follow it up."""
        if self.timer.done or self.stopped_by is not None:
            return
        serial = self.timer.serial
        getattr(self.timer, event)()
        self._after_event(changed=self.timer.serial != serial)

    # --- the bell ---------------------------------------------------------------------------

    def _start_bell(self) -> None:
        """The phase the session starts on: no bell, it is not a change."""
        self._kind_rung = self.timer.current.kind if self.timer.current else None

    def _ring_for_change(self) -> None:
        """The bell for the change into the current phase, when the setting says so."""
        entered = self.timer.current.kind if self.timer.current else None
        if bell_rings(self.app.settings.bell, self._kind_rung, entered):
            self.app.bell()
        self._kind_rung = entered

    # --- covered: a dialog, help, the palette, a window too small ---------------------------

    def on_screen_suspend(self) -> None:
        self._set_cover("screen", True)

    def on_screen_resume(self) -> None:
        """Back on top: the session goes on, or, when a warning sign stopped it meanwhile, the
        care screen shows now (on top, not merely visible: `is_current` is also true beneath
        another screen)."""
        if self.stopped_by is not None and self.app.screen is self:
            show_hold(self.app, self.stopped_by)
            return
        self._set_cover("screen", False)

    def on_cover_changed(self, event: CoverChanged) -> None:
        self._set_cover("too small", event.covered)

    def _set_cover(self, cover: str, on: bool) -> None:
        if not hasattr(self, "timer"):
            return
        if on:
            if not self._covers and not self.timer.paused:
                self._event("pause")
                self._resume_uncovered = True
            self._covers.add(cover)
            return
        self._covers.discard(cover)
        if not self._covers and self._resume_uncovered:
            self._resume_uncovered = False
            self._event("resume")
