"""Charts drawn on the server as SVG: no script, nothing from elsewhere, fine for the CSP."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format

from nahwerk.regional.choices import SECTOR_SHORT_LABELS, Sector
from nahwerk.regional.services import SectorRow

WIDTH = 640
LABEL_WIDTH = 300
BAR_HEIGHT = 22
GAP = 6
TOP = 24


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    text: str
    text_x: float
    known: bool
    strong: bool


@dataclass(frozen=True)
class Rule:
    x: float
    label: str


@dataclass(frozen=True)
class LqChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[Bar]
    rules: list[Rule]


def lq_chart(rows: list[SectorRow], *, unknown: str, min_lq: float = 2.0) -> LqChart:
    """Horizontal bars of the location quotients, with rules at 1 (Germany) and the star's 2."""
    known = [row.stats.lq for row in rows if row.stats.lq is not None]
    top = max([min_lq * 1.1, *(lq * 1.1 for lq in known)])
    span = WIDTH - LABEL_WIDTH - 60

    def x(value: float) -> float:
        return round(LABEL_WIDTH + value / top * span, 1)

    bars = []
    for index, row in enumerate(rows):
        lq = row.stats.lq
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = 0.0 if lq is None else round(lq / top * span, 1)
        bars.append(
            Bar(
                label=str(SECTOR_SHORT_LABELS.get(Sector(row.sector), row.label)),
                y=y,
                width=width,
                text=unknown if lq is None else number_format(lq, 2),
                text_x=x(lq or 0) + 4,
                known=lq is not None,
                strong=lq is not None and lq >= 1.0,
            )
        )
    rules = [Rule(x(1.0), "1"), Rule(x(min_lq), number_format(min_lq, 0))]
    height = TOP + len(rows) * (BAR_HEIGHT + GAP) + 8
    return LqChart(WIDTH, height, LABEL_WIDTH, BAR_HEIGHT, bars, rules)
