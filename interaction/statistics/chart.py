"""The 12-month chart of the statistics page, drawn on the server as SVG (pure, no library).

Grouped bars, one group per month and one bar per series (来信数, 答复数…). Colours and sizes are
presentation attributes, never ``style`` (the CSP's ``style-src 'self'`` blocks inline styles).
The SVG carries ``<title>`` and ``<desc>``; the page lists the same values in a table, which is
the chart's text alternative.

(``reports/annual/charts.py`` draws the annual report's charts the same way; interaction may not
import reports, so this small chart lives here until a shared one exists in ``kernel``.)
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
INK = "#1f2328"
MUTED = "#5a6270"
GRID = "#d9dee5"
COLOURS = ("#0b4f9c", "#1a7f37", "#b31b1b", "#8a5a00")
WIDTH = 680
LEFT, RIGHT, PLOT_HEIGHT = 48, 16, 200


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ that is ≥ value (and ≥ 1), for a readable axis."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    unit: str = "件",
) -> SafeString:
    """Grouped vertical bars: ``series`` is a list of (name, one value per category)."""
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)}")
    top = 16 + 20 * len(series)
    height = top + PLOT_HEIGHT + 36
    plot_width = WIDTH - LEFT - RIGHT
    top_value = nice_ceiling(max((v for _, vs in series for v in vs), default=0))
    group = plot_width / max(len(categories), 1)
    bar = group * 0.8 / max(len(series), 1)

    def y_of(value: float) -> float:
        return round(top + PLOT_HEIGHT - PLOT_HEIGHT * value / top_value, 1)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
            '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="11">{}</text>',
            LEFT,
            y_of(v),
            WIDTH - RIGHT,
            y_of(v),
            GRID,
            LEFT - 6,
            y_of(v) + 4,
            MUTED,
            f"{v:g}",
        )
        for v in sorted({0, top_value / 2, top_value})
    ]
    for n, (name, _values) in enumerate(series):
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text class="legend" x="{}" y="{}">{}</text>',
                LEFT + 110 * n,
                4,
                COLOURS[n % len(COLOURS)],
                LEFT + 110 * n + 18,
                15,
                name,
            )
        )
    for i, label in enumerate(categories):
        x0 = LEFT + group * i + group * 0.1
        parts.append(
            format_html(
                '<text class="category" x="{}" y="{}" text-anchor="middle" fill="{}" '
                'font-size="11">{}</text>',
                round(LEFT + group * (i + 0.5), 1),
                top + PLOT_HEIGHT + 18,
                MUTED,
                label,
            )
        )
        for n, (name, values) in enumerate(series):
            value = values[i]
            parts.append(
                format_html(
                    '<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}" '
                    'data-value="{}"><title>{} {}：{}{}</title></rect>',
                    round(x0 + bar * n, 1),
                    y_of(value),
                    round(bar - 1, 1),
                    round(PLOT_HEIGHT * value / top_value, 1),
                    COLOURS[n % len(COLOURS)],
                    value,
                    label,
                    name,
                    value,
                    unit,
                )
            )
    if not any(v for _, vs in series for v in vs):
        parts.append(
            format_html(
                '<text class="no-data" x="{}" y="{}" fill="{}">暂无来信</text>',
                LEFT + 12,
                top + PLOT_HEIGHT / 2,
                MUTED,
            )
        )
    body = mark_safe("".join(parts))  # noqa: S308 - every part built by format_html
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title {id}-desc" font-family="{font}" font-size="13" '
        'fill="{ink}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        w=WIDTH,
        h=height,
        id=chart_id,
        font=FONT,
        ink=INK,
        title=title,
        desc=description,
        body=body,
    )
