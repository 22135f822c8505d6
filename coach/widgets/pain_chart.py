"""Pain per week as a line chart, with activity minutes per week as stacked bars beside it.

Plotext costs tens of milliseconds to import, so the history screen imports this module only
when its Chart tab is first opened.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual_plotext import PlotextPlot

from coach.report import CHART_ACTIVITIES, WEEK_ACTIVITIES
from coach.store.history import WeekRow


class PainChart(Horizontal):
    """Two plots side by side: weekly pain (average and worst) and activity minutes."""

    DEFAULT_CSS = """
    PainChart {
        height: 1fr;
        & > #pain-plot { width: 3fr; }
        & > #activity-plot { width: 2fr; }
    }
    """

    def compose(self) -> ComposeResult:
        yield PlotextPlot(id="pain-plot")
        yield PlotextPlot(id="activity-plot")

    def show(self, rows: list[WeekRow]) -> None:
        xs: list[float] = list(range(1, len(rows) + 1))
        # Label every other week so the labels never run into each other at 80 columns. Only
        # labelled ticks are passed: plotext orders duplicate (blank) labels by string hash,
        # which would make the axis differ from one run to the next.
        tick_xs = xs[::2]
        labels = [f"W{row.monday.isocalendar().week:02d}" for row in rows[::2]]

        pain = self.query_one("#pain-plot", PlotextPlot)
        plt = pain.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Pain per week (0–10)")
        measured = [(x, row) for x, row in zip(xs, rows, strict=True) if row.avg_pain is not None]
        if measured:
            plt.plot(
                [x for x, _ in measured],
                [row.avg_pain for _, row in measured],
                label="average",
                marker="braille",
            )
            plt.scatter(
                [x for x, _ in measured],
                [row.worst_pain for _, row in measured],
                label="worst",
                marker="x",
            )
        plt.ylim(0, 10)
        plt.yticks([0, 2, 4, 6, 8, 10])
        plt.xlim(0.5, len(rows) + 0.5)
        plt.xticks(tick_xs, labels)
        pain.refresh()

        activity = self.query_one("#activity-plot", PlotextPlot)
        plt = activity.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Minutes per week")
        # textual-plotext's stub names this keyword `label`; plotext's stacked_bar takes `labels`.
        plt.stacked_bar(  # type: ignore[call-arg]
            xs,
            [[row.minutes_of(activity.value) for row in rows] for activity in WEEK_ACTIVITIES],
            labels=list(CHART_ACTIVITIES),
            width=0.6,
        )
        top = max(
            (sum(row.minutes_of(activity.value) for activity in WEEK_ACTIVITIES) for row in rows),
            default=0,
        )
        plt.yticks([round(top * step / 4) for step in range(5)] if top else [0])
        plt.xticks(tick_xs, labels)
        activity.refresh()
