"""The report for a clinician as one HTML page that any browser opens offline and prints.

Everything is inside the file: the styles in a `<style>` element, the chart of pain and PEG
per week as inline SVG. There is no script, no font, no image and no link to anything else,
so the page fetches nothing, and its Content-Security-Policy tells the browser to refuse any
fetch should a note hold something that looks like one (notes are escaped text anyway). It says
what the Markdown report says, from the same `ClinicianReport`, with the same figures.
No Textual here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape
from typing import TextIO

from coach import report
from coach.report import ClinicianReport
from coach.store.history import WeekRow
from coach.user_text import shown

#: The chart's size in SVG units (it scales to the page's width) and its margins.
CHART_WIDTH = 720
CHART_HEIGHT = 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 12, 24, 36
#: At most this many week labels under the chart, however many weeks it spans.
MAX_X_LABELS = 8

STYLE = """
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; background: #fff;
       max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #999; margin-top: 1.8em; }
h3 { font-size: 1em; margin-bottom: 0.3em; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0.5em 0;
        font-size: 0.92em; }
th, td { border: 1px solid #bbb; padding: 0.15em 0.55em; text-align: right;
         vertical-align: top; }
th { background: #eee; }
th:first-child, td:first-child, .text td, .text th { text-align: left; }
td:first-child { white-space: nowrap; }
.quiet { color: #444; font-size: 0.92em; }
figure { margin: 0.5em 0; }
svg { width: 100%; height: auto; max-width: 48rem; }
svg text { font: 10px system-ui, sans-serif; fill: #333; }
.grid { stroke: #ddd; stroke-width: 1; }
.axis { stroke: #888; stroke-width: 1; }
.avg { stroke: #1f4e9c; stroke-width: 2; fill: none; }
.avg-dot { fill: #1f4e9c; }
.worst { fill: #b3261e; }
.peg { stroke: #2e7d32; stroke-width: 1.5; stroke-dasharray: 5 3; fill: none; }
.peg-dot { fill: #2e7d32; }
@page { margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  table { font-size: 8.5pt; }
  h2, h3 { break-after: avoid; }
  tr, li, figure { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""

#: Nothing may be fetched: no script, no font, no image, no frame, no form target.
CONTENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'"


def write_html(composed: ClinicianReport, out: TextIO) -> None:
    """The whole page, a section at a time."""
    title = f"Low back pain record, exported {composed.today.isoformat()}"
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    )
    out.write(f"<h1>Low back pain record</h1>\n{_p(report.covers(composed))}")
    if composed.period is not None:
        out.write(_p(report.background_line(composed)))
        _how_it_is_going(composed, out)
        _what_helps(composed, out)
        _weeks(composed, out)
        _peg(composed, out)
        _warning_signs(composed, out)
        _see_a_clinician(composed, out)
        _routines(composed, out)
        _running(composed, out)
        _doses(composed, out)
        _notes(composed, out)
    out.write("</body>\n</html>\n")


def _how_it_is_going(composed: ClinicianReport, out: TextIO) -> None:
    out.write('<section id="summary">\n<h2>How it is going</h2>\n')
    out.write(_list(report.summary_sentences(composed)))
    out.write(_p(f"Average of each day's pain over 2 weeks: {report.NOTICEABLE}.", "quiet"))
    out.write("</section>\n")


def _what_helps(composed: ClinicianReport, out: TextIO) -> None:
    helps = composed.helps
    assert helps is not None
    span = report.span_words(helps.start, helps.end)
    out.write(f'<section id="helps">\n<h2>What seems to help ({escape(span)})</h2>\n')
    out.write(f"<h3>{report.ROUTINE_HEADING}</h3>\n{_p(_sentence(report.ROUTINE_MEASURE))}")
    routines = [
        report.routine_line(effect, composed.name_of(effect.routine)) for effect in helps.routines
    ]
    out.write(_list(routines or ["No routine with pain before and after in this period."]))
    out.write(f"<h3>{report.MORNING_HEADING}</h3>\n{_p(_sentence(report.MORNING_MEASURE))}")
    out.write(_list(report.activity_lines(helps)))
    out.write(_p(report.HELPS_CAVEAT, "quiet"))
    out.write("</section>\n")


def _weeks(composed: ClinicianReport, out: TextIO) -> None:
    out.write('<section id="weeks">\n<h2>Weeks</h2>\n')
    out.write(pain_chart_svg(composed.weeks))
    out.write(_table([column.title for column in report.WEEK_COLUMNS],
                     map(report.week_cells, composed.weeks)))  # fmt: skip
    assert composed.period is not None
    out.write(_p(report.weeks_note(composed.period), "quiet"))
    out.write("</section>\n")


def _peg(composed: ClinicianReport, out: TextIO) -> None:
    out.write('<section id="peg">\n<h2>PEG trend</h2>\n')
    out.write(
        _p(
            "PEG: average pain, and how much pain interfered with enjoyment of life and with "
            "general activity in the past week, each 0–10; the score is their mean. Its weekly "
            "average is the dashed line of the chart above.",
            "quiet",
        )
    )
    if composed.peg:
        out.write(_table(report.PEG_HEADER, map(report.peg_cells, composed.peg)))
    else:
        out.write(_p("No PEG questionnaires in this period."))
    out.write("</section>\n")


def _warning_signs(composed: ClinicianReport, out: TextIO) -> None:
    out.write('<section id="warning-signs">\n<h2>Warning signs</h2>\n')
    if composed.red_flags:
        out.write(_list(map(report.red_flag_line, composed.red_flags)))
    else:
        out.write(_p("None: no warning sign was reported in this period."))
    if composed.follow_ups:
        out.write(_list(map(report.follow_up_line, composed.follow_ups)))
    out.write("</section>\n")


def _see_a_clinician(composed: ClinicianReport, out: TextIO) -> None:
    out.write(f'<section id="see-a-clinician">\n<h2>{report.SEE_CLINICIAN_HEADING}</h2>\n')
    if composed.notices:
        out.write(_list(map(report.notice_line, composed.notices)))
    else:
        out.write(_p(report.NO_NOTICE))
    out.write("</section>\n")


def _routines(composed: ClinicianReport, out: TextIO) -> None:
    out.write('<section id="routines">\n<h2>Routines</h2>\n')
    if composed.routines:
        rows = [
            report.routine_cells(total, composed.name_of(total.routine))
            for total in composed.routines
        ]
        out.write(_table(report.ROUTINES_HEADER, rows))
        out.write(_p(report.ROUTINES_NOTE, "quiet"))
        out.write(_p(f"{report.SOURCES_HEADING}:") + _list(composed.sources))
    else:
        out.write(_p("No routine done in this period."))
    out.write("</section>\n")


def _running(composed: ClinicianReport, out: TextIO) -> None:
    out.write(f'<section id="running">\n<h2>{report.RUNNING_HEADING}</h2>\n')
    out.write(_list(composed.running.lines()))
    out.write("</section>\n")


def _doses(composed: ClinicianReport, out: TextIO) -> None:
    out.write('<section id="doses">\n<h2>Doses</h2>\n')
    out.write(_p(report.DOSES_NOTE, "quiet"))
    if composed.doses.current:
        out.write(_table(report.DOSES_HEADER, (list(row) for row in composed.doses.current)))
    else:
        out.write(_p(report.ALL_OWN_DOSES))
    out.write(_p(f"{report.STEPS_DOWN_HEADING}:"))
    if composed.doses.steps_down:
        out.write(_list(composed.doses.steps_down))
    else:
        out.write(_p(report.NO_STEP_DOWN))
    out.write("</section>\n")


def _notes(composed: ClinicianReport, out: TextIO) -> None:
    out.write('<section id="notes">\n<h2>Notes</h2>\n')
    if composed.notes is None:
        out.write(_p(report.NOTES_LEFT_OUT))
    elif not composed.notes:
        out.write(_p("No notes in this period."))
    else:
        rows = ([note.day.isoformat(), note.text] for note in composed.notes)
        out.write(_table(["Date", "Note"], rows, "text"))
    out.write("</section>\n")


# --- the chart -------------------------------------------------------------------------------


def pain_chart_svg(weeks: Sequence[WeekRow]) -> str:
    """Average pain (a line), worst pain (dots) and the PEG score (a dashed line) per week,
    all on the 0–10 scale, as inline SVG; a week without a figure breaks its line."""
    if not weeks:
        return ""
    plot_width = CHART_WIDTH - _LEFT - _RIGHT
    plot_height = CHART_HEIGHT - _TOP - _BOTTOM
    step = plot_width / len(weeks)

    def x(index: int) -> float:
        return _LEFT + (index + 0.5) * step

    def y(value: float) -> float:
        return _TOP + plot_height * (1 - value / 10)

    parts = [
        f'<figure class="chart"><svg viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        'aria-labelledby="chart-title"><title id="chart-title">Average pain, worst pain and PEG '
        "score per week, 0 to 10</title>"
    ]
    for value in range(0, 11, 2):
        parts.append(
            f'<line class="grid" x1="{_LEFT}" y1="{y(value):.1f}" '
            f'x2="{CHART_WIDTH - _RIGHT}" y2="{y(value):.1f}"/>'
            f'<text x="{_LEFT - 6}" y="{y(value) + 3.5:.1f}" text-anchor="end">{value}</text>'
        )
    every = math.ceil(len(weeks) / MAX_X_LABELS)
    label = "%b %Y" if len(weeks) > 26 else "%-d %b"
    for index in range(0, len(weeks), every):
        parts.append(
            f'<text x="{x(index):.1f}" y="{CHART_HEIGHT - _BOTTOM + 16}" text-anchor="middle">'
            f"{weeks[index].monday.strftime(label)}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{y(0):.1f}" x2="{CHART_WIDTH - _RIGHT}" '
        f'y2="{y(0):.1f}"/>'
    )
    average = [(x(i), y(row.avg_pain)) if row.avg_pain is not None else None
               for i, row in enumerate(weeks)]  # fmt: skip
    peg = [(x(i), y(row.peg_score)) if row.peg_score is not None else None
           for i, row in enumerate(weeks)]  # fmt: skip
    parts += _lines(average, "avg") + _lines(peg, "peg")
    radius = max(1.2, min(3.0, step / 3))
    for index, row in enumerate(weeks):
        if row.worst_pain is not None:
            parts.append(
                f'<circle class="worst" cx="{x(index):.1f}" cy="{y(row.worst_pain):.1f}" '
                f'r="{radius:.1f}"/>'
            )
    parts.append(_chart_legend())
    parts.append("</svg></figure>\n")
    return "".join(parts)


def _lines(points: list[tuple[float, float] | None], kind: str) -> list[str]:
    """A polyline for each run of consecutive weeks with a figure; a lone week is a dot."""
    drawn: list[str] = []
    run: list[tuple[float, float]] = []
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) == 1:
            (cx, cy) = run[0]
            drawn.append(f'<circle class="{kind}-dot" cx="{cx:.1f}" cy="{cy:.1f}" r="2"/>')
        elif run:
            coordinates = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
            drawn.append(f'<polyline class="{kind}" points="{coordinates}"/>')
        run = []
    return drawn


def _chart_legend() -> str:
    top = _TOP - 10
    right = CHART_WIDTH - _RIGHT
    return (
        f'<line class="avg" x1="{right - 300}" y1="{top}" x2="{right - 280}" y2="{top}"/>'
        f'<text x="{right - 275}" y="{top + 3.5}">average pain</text>'
        f'<circle class="worst" cx="{right - 190}" cy="{top}" r="3"/>'
        f'<text x="{right - 183}" y="{top + 3.5}">worst pain</text>'
        f'<line class="peg" x1="{right - 110}" y1="{top}" x2="{right - 85}" y2="{top}"/>'
        f'<text x="{right - 80}" y="{top + 3.5}">PEG score</text>'
    )


# --- small pieces ------------------------------------------------------------------------------


def _sentence(words: str) -> str:
    """'pain before … after' as a sentence of its own."""
    return f"{words[:1].upper()}{words[1:]}."


def _text(value: str) -> str:
    """Any text, a person's or coach's own, as HTML that shows it as written."""
    return escape(shown(value))


def _p(text: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<p{attribute}>{_text(text)}</p>\n"


def _list(items: Iterable[str]) -> str:
    return "<ul>\n" + "".join(f"<li>{_text(item)}</li>\n" for item in items) + "</ul>\n"


def _table(header: list[str], rows: Iterable[list[str]], css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    head = "".join(f"<th>{_text(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>\n" for row in rows
    )
    return (
        f"<table{attribute}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
    )
