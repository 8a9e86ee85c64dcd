"""The report's charts as PNG images, drawn by matplotlib (Agg: no display needed).

Every chart is deterministic: the same figures give the same bytes (no date in the PNG's
metadata), so the same data gives the same report.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from django.utils import formats
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

# matplotlib ships DejaVu Sans (with umlauts); the PDF embeds the same font.
FONT_PATH = Path(font_manager.findfont("DejaVu Sans", fallback_to_default=True))
FONT_BOLD_PATH = Path(font_manager.findfont("DejaVu Sans:bold", fallback_to_default=True))

COLOURS = ("#1f5f8b", "#e07b39", "#3a8d5c", "#8b1f5f")
DPI = 150
# matplotlib's pyplot state is not thread-safe; Figure objects are, but font caching is
# shared, so one chart at a time.
_lock = threading.Lock()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def line_chart(
    title: str, labels: list[str], series: list[tuple[str, list[int]]], *, bars: bool = False
) -> bytes:
    """Months along the x axis, one line (or group of bars) per series."""
    with _lock:
        figure = Figure(figsize=(7.0, 2.8))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        width = 0.8 / max(1, len(series))
        for index, (name, values) in enumerate(series):
            colour = COLOURS[index % len(COLOURS)]
            if bars:
                offset = (index - (len(series) - 1) / 2) * width
                axes.bar([p + offset for p in positions], values, width, label=name, color=colour)
            else:
                axes.plot(positions, values, marker="o", label=name, color=colour)
        axes.set_title(title, fontsize=10, loc="left")
        step = max(1, len(labels) // 12)
        axes.set_xticks(positions[::step], labels[::step], fontsize=7, rotation=45)
        axes.tick_params(axis="y", labelsize=7)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(fontsize=7, frameon=False, loc="upper left")
        figure.tight_layout()
        return _png(figure)


def lq_bars(title: str, rows: list[tuple[str, float | None]], unknown: str) -> bytes:
    """Horizontal bars of location quotients, with the line at 1 (Germany) and at 2 (star)."""
    with _lock:
        figure = Figure(figsize=(7.0, 0.3 * len(rows) + 0.9))
        axes = figure.add_subplot()
        names = [name for name, _ in rows][::-1]
        values = [value or 0.0 for _, value in rows][::-1]
        colours = [
            "#bbbbbb" if value is None else (COLOURS[0] if value >= 1 else "#8fb3cc")
            for _, value in rows
        ][::-1]
        axes.barh(names, values, color=colours)
        for y, (_, value) in enumerate(reversed(rows)):
            text = unknown if value is None else f"{value:.2f}".replace(".", ",")
            axes.text(
                (value or 0) + 0.03,
                y,
                text,
                va="center",
                fontsize=7,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )
        axes.axvline(1.0, color="#333333", linewidth=0.8)
        axes.axvline(2.0, color="#333333", linewidth=0.8, linestyle="--")
        axes.set_title(title, fontsize=10, loc="left")
        axes.tick_params(labelsize=7)
        axes.set_xlim(0, max([2.3, *(v * 1.15 for v in values)]))
        axes.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _position: formats.number_format(value, 1))
        )
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        return _png(figure)
