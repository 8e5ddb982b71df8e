"""Accessible SVG charts rendered on the server and embedded inline: role="img" with a <title>
and <desc> named by aria-labelledby/aria-describedby, no style attributes (the CSP forbids
them; colours come from classes in site.css with presentation attributes as fallback). The
page always shows the same numbers in a table next to the chart."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from markupsafe import Markup, escape

TEXT = "#1a1a1a"  # 16:1 on white
BAR = "#0b4f9c"   # 8:1 on white, well above the 3:1 needed for graphics
GRID = "#6b6b6b"


class Bar(NamedTuple):  # a tuple: a trend chart makes one per round on every dashboard view
    label: str
    value: float | None  # None: hidden (below the threshold), drawn as a gap with a dash
    text: str            # the value as shown, e.g. "58,3%"


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def percent_text(value: float | None) -> str:
    """58.3 -> "58,3%", the way the report tables write it; None (hidden) -> a dash."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def participation_bars(rounds: Sequence[Any]) -> list[Bar]:
    """One bar per report round (a RoundRow): its number and its participation."""
    return [Bar(str(row.info.number), row.participation, percent_text(row.participation))
            for row in rounds]


def describe(bars: Sequence[Bar], hidden_text: str = "verborgen") -> str:
    return "; ".join(f"{bar.label}: {bar.text if bar.value is not None else hidden_text}"
                     for bar in bars)


def column_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar],
                 maximum: float = 100.0) -> Markup:
    """Vertical bars over time (e.g. participation per round), 0..maximum on the y axis."""
    step = 36
    left, top, plot_h = 44, 12, 180
    width = left + max(len(bars), 1) * step + 8
    height = top + plot_h + 40
    parts = _open(chart_id, title, description, width, height)
    parts.extend(_grid(left, top, plot_h, width, maximum))
    for index, bar in enumerate(bars):
        x = left + index * step + 6
        parts.append(_column(x, top, plot_h, 24, bar, BAR, maximum, "chart-bar"))
        parts.append(_axis_label(x + 12, top + plot_h + 16, bar.label))
    parts.append("</svg>")
    svg = "".join(parts)
    return Markup(svg)  # nosec B704  # our own SVG; every label escaped above


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar],
              maximum: float = 100.0) -> Markup:
    """Horizontal bars with their labels on the left (topics, organisations)."""
    label_w, plot_w, row_h = 200, 320, 28
    width = label_w + plot_w + 70
    height = max(len(bars), 1) * row_h + 8
    parts = _open(chart_id, title, description, width, height)
    for index, bar in enumerate(bars):
        y = 4 + index * row_h
        parts.append(f'<text class="chart-text" x="{label_w - 8}" y="{y + 18}" '
                     f'text-anchor="end" font-size="13" fill="{TEXT}">'
                     f'{escape(_shorten(bar.label))}</text>')
        w = 0.0 if bar.value is None else plot_w * max(0.0, min(bar.value, maximum)) / maximum
        if bar.value is not None:
            parts.append(f'<rect class="chart-bar" x="{label_w}" y="{y + 4}" '
                         f'width="{w:.1f}" height="18" fill="{BAR}"/>')
        shown = bar.text if bar.value is not None else "–"
        parts.append(f'<text class="chart-text" x="{label_w + w + 6:.1f}" y="{y + 18}" '
                     f'font-size="13" fill="{TEXT}">{escape(shown)}</text>')
    parts.append("</svg>")
    svg = "".join(parts)
    return Markup(svg)  # nosec B704  # our own SVG; every label escaped above


class Series(NamedTuple):
    """One measure over the groups of a grouped column chart, e.g. a rate per month."""

    name: str
    bars: Sequence[Bar]  # one per group, in the chart's group order


# Three series told apart by more than colour: solid dark, solid orange (both above 3:1 on
# white), and white with dark diagonal hatching. Fills are presentation attributes (no CSS).
SERIES_FILLS = (BAR, "#b04a00", "url(#{id}-hatch)")
LEGEND_W = 210  # room for a swatch and 30 characters at 12px


def grouped_column_chart(chart_id: str, title: str, description: str,
                         groups: Sequence[str], series: Sequence[Series]) -> Markup:
    """Up to three measures side by side per group (e.g. per month), 0..100 on the y axis,
    with a legend above the plot."""
    bar_w, left, top, plot_h = 14, 44, 34, 180
    step = bar_w * len(series) + 18
    width = max(left + max(len(groups), 1) * step + 8, LEGEND_W * len(series))
    parts = _open(chart_id, title, description, width, top + plot_h + 40)
    parts.append(f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
                 f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                 f'<rect width="6" height="6" fill="#ffffff"/>'
                 f'<line x1="0" y1="0" x2="0" y2="6" stroke="{TEXT}" stroke-width="3"/>'
                 f'</pattern></defs>')
    parts.extend(_grid(left, top, plot_h, width))
    for index, item in enumerate(series):
        fill = SERIES_FILLS[index].format(id=chart_id)
        x = 4 + index * LEGEND_W
        parts.append(f'<rect class="chart-legend" x="{x}" y="4" width="14" height="14" '
                     f'fill="{fill}" stroke="{TEXT}" stroke-width="1"/>')
        parts.append(f'<text class="chart-text" x="{x + 20}" y="16" font-size="12" '
                     f'fill="{TEXT}">{escape(_shorten(item.name, 30))}</text>')
        for position, bar in enumerate(item.bars):
            parts.append(_column(left + position * step + 6 + index * bar_w, top, plot_h,
                                 bar_w, bar, fill))
    for position, label in enumerate(groups):
        middle = left + position * step + 6 + bar_w * len(series) / 2
        parts.append(_axis_label(middle, top + plot_h + 16, label))
    parts.append("</svg>")
    svg = "".join(parts)
    return Markup(svg)  # nosec B704  # our own SVG; every label escaped above


def _axis_label(x: float, y: int, label: str) -> str:
    """A label under a column or a group of columns, centred on `x`."""
    return (f'<text class="chart-text" x="{x:g}" y="{y}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT}">{escape(label)}</text>')


def _grid(left: int, top: int, plot_h: int, width: int, maximum: float = 100.0) -> list[str]:
    parts = []
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * tick / 100
        parts.append(f'<line class="chart-grid" x1="{left}" x2="{width - 4}" y1="{y:.1f}" '
                     f'y2="{y:.1f}" stroke="{GRID}" stroke-width="0.5"/>')
        label = f"{maximum * tick / 100:.0f}"
        parts.append(f'<text class="chart-text" x="{left - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end" font-size="11" fill="{TEXT}">{label}</text>')
    return parts


def _column(x: float, top: int, plot_h: int, bar_w: int, bar: Bar, fill: str,
            maximum: float = 100.0, css_class: str = "chart-series") -> str:
    if bar.value is None:  # hidden or no figure: a dash where the bar would stand
        return (f'<text class="chart-text" x="{x + bar_w / 2:.1f}" y="{top + plot_h - 4}" '
                f'text-anchor="middle" font-size="11" fill="{TEXT}">–</text>')
    h = plot_h * max(0.0, min(bar.value, maximum)) / maximum
    return (f'<rect class="{css_class}" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{bar_w}" height="{h:.1f}" fill="{fill}" stroke="{TEXT}" '
            f'stroke-width="0.5"/>')


def _shorten(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
