"""Horizontal bar charts drawn on the server as inline SVG (presentation attributes only: the CSP
forbids inline style and script). Every chart goes next to a table with the same numbers.

Coordinates are formatted here, with a dot, so the page's locale never turns 12.5 into "12,5".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from apertus.cohorts.indicators import SUPPRESSED

WIDTH = 640
LABEL_WIDTH = 210
VALUE_ROOM = 70
ROW = 30
BAR = 18
TOP = 6


def _coord(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class Bar:
    label: str
    display: str
    y: str
    width: str
    text_x: str
    text_y: str
    label_y: str = ""  # stacked charts: the label's own line above the bar


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_x: int = LABEL_WIDTH - 8
    bar_x: int = LABEL_WIDTH


def bar_chart(title: str, items: list[tuple[str, float | Decimal | None, str]], *, maximum=None) -> BarChart:
    """``items``: (label, value — None when hidden —, text shown at the end of the bar)."""
    values = [float(v) for _label, v, _text in items if v is not None]
    top = float(maximum) if maximum else max(values, default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = room * float(value) / top if (value is not None and top) else 0
        y = TOP + i * ROW
        bars.append(Bar(label, text, _coord(y), _coord(width), _coord(LABEL_WIDTH + width + 6), _coord(y + BAR - 4)))
    return BarChart(title, bars, TOP * 2 + ROW * len(items))


# Web charts stack each label above its bar in a narrow drawing, so that on a 390 px phone the
# drawing is shown at about its own size and the 15-unit labels read at 12 px or more; side-by-side
# labels would need a drawing twice as wide, scaled down to ~7 px text.
STACK_WIDTH = 360
STACK_ROW = 46
FONT = 15


def stacked_chart(title: str, items: list[tuple[str, float | Decimal | None, str]], *, maximum=None) -> BarChart:
    """Like ``bar_chart``, with each label on its own line above its bar."""
    values = [float(v) for _label, v, _text in items if v is not None]
    top = float(maximum) if maximum else max(values, default=0)
    room = STACK_WIDTH - VALUE_ROOM
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = room * float(value) / top if (value is not None and top) else 0
        row = TOP + i * STACK_ROW
        bar_y = row + 21
        bars.append(
            Bar(
                label,
                text,
                _coord(bar_y),
                _coord(width),
                _coord(width + 6),
                _coord(bar_y + 14),
                label_y=_coord(row + 15),
            )
        )
    return BarChart(title, bars, TOP * 2 + STACK_ROW * len(items), width=STACK_WIDTH, label_x=0, bar_x=0)


def counts_chart(title: str, categories) -> BarChart:
    return stacked_chart(title, [(c.label, c.count, number_format(c.count)) for c in categories])


def rates_chart(title: str, rates) -> BarChart:
    items = []
    for rate in rates:
        percent = rate.percent
        text = SUPPRESSED if rate.suppressed else f"{number_format(percent, 1)} %" if percent is not None else "—"
        items.append((rate.label, percent, text))
    return stacked_chart(title, items, maximum=100)
