"""Charts drawn on the server as SVG markup (no JavaScript, no library): bars, trends, lines.

Pure functions: figures in, an SVG string out. Colours and sizes are presentation *attributes*
(``fill=""``, ``font-size=""``), never ``style``, because the CSP's ``style-src 'self'`` blocks
inline styles. Every chart carries ``<title>`` and ``<desc>`` (named by ``aria-labelledby``);
the page also lists the same figures as a table under “图表数据”.

Generic drawing, used by the annual report (reports.annual), the 统计数据 series
(reports.series) and the 互动交流 statistics (interaction.statistics); what to draw is theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BAR_COLOUR = "#0b4f9c"
LINE_COLOUR = "#b31b1b"
INK = "#1f2328"
GRID = "#d9dee5"
WIDTH = 640


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ that is ≥ value (and ≥ 1), for a readable axis."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return max(step * factor, 1)
        step *= 10


def _frame(chart_id: str, title: str, description: str, height: int, body: SafeString) -> str:
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


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, int]],
    unit: str = "件",
) -> str:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    label_width, bar_area, row_height, top = 150, 400, 30, 10
    top_value = nice_ceiling(max((v for _, v in items), default=0))
    height = top + row_height * max(len(items), 1) + 24
    parts = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_height
        width = round(bar_area * value / top_value, 1)
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end">{label}</text>'
                '<rect class="bar" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
                'data-value="{value}"><title>{label}：{value}{unit}</title></rect>'
                '<text class="value" x="{vx}" y="{ty}">{value}</text>',
                lx=label_width - 8,
                ty=y + 19,
                label=label,
                x=label_width,
                y=y + 5,
                w=width,
                h=row_height - 10,
                fill=BAR_COLOUR,
                value=value,
                unit=unit,
                vx=label_width + width + 6,
            )
        )
    axis_y = top + row_height * max(len(items), 1)
    parts.append(
        format_html(
            '<line x1="{x}" y1="{top}" x2="{x}" y2="{y}" stroke="{ink}" stroke-width="1"/>'
            '<text x="{x}" y="{ly}" text-anchor="middle" fill="#5a6270" font-size="11">0</text>'
            '<text x="{x2}" y="{ly}" text-anchor="middle" fill="#5a6270" font-size="11">'
            "{top_value}{unit}</text>",
            x=label_width,
            top=top,
            y=axis_y,
            ly=axis_y + 16,
            ink=INK,
            x2=label_width + bar_area,
            top_value=top_value,
            unit=unit,
        )
    )
    if not any(v for _, v in items):
        parts.append(
            format_html(
                '<text class="no-data" x="{x}" y="{y}" fill="#5a6270">本年度无相关数据</text>',
                x=label_width + 12,
                y=top + 19,
            )
        )
    return _frame(chart_id, title, description, height, mark_safe("".join(parts)))  # noqa: S308


def trend_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[tuple[str, int]],
    unit: str = "件",
) -> str:
    """A line over the years with each point's value written above it."""
    left, right, top, plot_height = 60, 30, 24, 180
    height = top + plot_height + 40
    plot_width = WIDTH - left - right
    top_value = nice_ceiling(max((v for _, v in points), default=0))
    step = plot_width / max(len(points), 1)

    def x_of(i: int) -> float:
        return round(left + step * (i + 0.5), 1)

    def y_of(value: int) -> float:
        return round(top + plot_height - plot_height * value / top_value, 1)

    ticks = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" fill="#5a6270" font-size="11">{}</text>',
        (
            (left, y_of(v), WIDTH - right, y_of(v), GRID, left - 6, y_of(v) + 4, v)
            for v in sorted({0, top_value // 2, top_value})
        ),
    )
    line = ""
    if len(points) > 1:
        line = format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
            " ".join(f"{x_of(i)},{y_of(v)}" for i, (_, v) in enumerate(points)),
            LINE_COLOUR,
        )
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="4" fill="{}" data-value="{}">'
        "<title>{}：{}{}</title></circle>"
        '<text x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" fill="#5a6270">{}</text>',
        (
            (
                x_of(i),
                y_of(v),
                LINE_COLOUR,
                v,
                label,
                v,
                unit,
                x_of(i),
                y_of(v) - 9,
                v,
                x_of(i),
                top + plot_height + 20,
                label,
            )
            for i, (label, v) in enumerate(points)
        ),
    )
    body = mark_safe(ticks + line + dots)  # noqa: S308 - every part built by format_html
    return _frame(chart_id, title, description, height, body)


SERIES_COLOURS = ("#0b4f9c", "#b31b1b", "#1a7f37", "#8a5a00")


def _figure(value: float) -> str:
    """A value for a label: no trailing zeros (12.50 → 12.5, 3.00 → 3)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    lines: Sequence[tuple[str, Sequence[float | None]]],
    unit: str = "",
) -> str:
    """One line per (name, values) over shared categories (periods or years); a None value is a
    gap. Category labels are thinned to at most 8 and value labels are written only when there
    are few points, so that many periods stay readable; a legend names each line."""
    left, right, top, plot_height = 72, 20, 16 + 20 * len(lines), 200
    height = top + plot_height + 40
    plot_width = WIDTH - left - right
    count = max(len(categories), 1)
    step = plot_width / count
    present = [v for _, values in lines for v in values if v is not None]
    top_value = nice_ceiling(max(present, default=0))

    def x_of(i: int) -> float:
        return round(left + step * (i + 0.5), 1)

    def y_of(value: float) -> float:
        return round(top + plot_height - plot_height * value / top_value, 1)

    parts = _value_axis(left, right, top_value, y_of)
    parts += _category_labels(categories, x_of, top + plot_height + 18, most=8)
    show_values = len(categories) <= 8
    for n, (name, values) in enumerate(lines):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        parts.append(_legend_entry(n, name, x=left, height=4))
        run: list[str] = []
        runs = [run]
        for i, v in enumerate(values):
            if v is None:
                run = []
                runs.append(run)
            else:
                run.append(f"{x_of(i)},{y_of(v)}")
        for segment in runs:
            if len(segment) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                        " ".join(segment),
                        colour,
                    )
                )
        for i, v in enumerate(values):
            if v is None:
                continue
            parts.append(
                format_html(
                    '<circle class="point" cx="{}" cy="{}" r="3.5" fill="{}" data-value="{}">'
                    "<title>{} {}：{}{}</title></circle>",
                    x_of(i),
                    y_of(v),
                    colour,
                    v,
                    categories[i],
                    name,
                    _figure(v),
                    unit,
                )
            )
            if show_values:
                parts.append(
                    format_html(
                        '<text class="value" x="{}" y="{}" text-anchor="middle" font-size="11">'
                        "{}</text>",
                        x_of(i),
                        y_of(v) - 8,
                        _figure(v),
                    )
                )
    if not present:
        parts.append(_no_data(left + 12, top + plot_height / 2, "暂无数据"))
    body = mark_safe("".join(parts))  # noqa: S308 - every part built by format_html
    return _frame(chart_id, title, description, height, body)


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    unit: str = "件",
    empty: str = "暂无数据",
) -> str:
    """Vertical bars in groups: one group per category (e.g. a month), one bar per (name, values)
    series, with a legend; ``empty`` is written across the plot when every value is zero."""
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)}")
    left, right, top, plot_height = 48, 16, 16 + 20 * len(series), 200
    height = top + plot_height + 36
    top_value = nice_ceiling(max((v for _, values in series for v in values), default=0))
    group = (WIDTH - left - right) / max(len(categories), 1)
    bar = group * 0.8 / max(len(series), 1)

    def x_of(i: int) -> float:
        return round(left + group * (i + 0.5), 1)

    def y_of(value: float) -> float:
        return round(top + plot_height - plot_height * value / top_value, 1)

    parts = _value_axis(left, right, top_value, y_of)
    parts += _category_labels(categories, x_of, top + plot_height + 18)
    for n, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        parts.append(_legend_entry(n, name, x=left, height=12))
        for i, value in enumerate(values):
            parts.append(
                format_html(
                    '<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}" '
                    'data-value="{}"><title>{} {}：{}{}</title></rect>',
                    round(left + group * (i + 0.1) + bar * n, 1),
                    y_of(value),
                    round(bar - 1, 1),
                    round(plot_height * value / top_value, 1),
                    colour,
                    value,
                    categories[i],
                    name,
                    value,
                    unit,
                )
            )
    if not any(v for _, values in series for v in values):
        parts.append(_no_data(left + 12, top + plot_height / 2, empty))
    body = mark_safe("".join(parts))  # noqa: S308 - every part built by format_html
    return _frame(chart_id, title, description, height, body)


def _value_axis(left: int, right: int, top_value: int, y_of: Callable[[float], float]) -> list:
    """Grid lines with their values at 0, half and the top of the scale."""
    return [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
            '<text x="{}" y="{}" text-anchor="end" fill="#5a6270" font-size="11">{}</text>',
            left,
            y_of(v),
            WIDTH - right,
            y_of(v),
            GRID,
            left - 6,
            y_of(v) + 4,
            _figure(v),
        )
        for v in sorted({0, top_value / 2, top_value})
    ]


def _category_labels(
    categories: Sequence[str], x_of: Callable[[int], float], y: float, *, most: int = 0
) -> list:
    """A label under each category; with ``most``, thinned to about that many (last kept)."""
    every = max(1, -(-len(categories) // most)) if most else 1
    return [
        format_html(
            '<text class="category" x="{}" y="{}" text-anchor="middle" fill="#5a6270" '
            'font-size="11">{}</text>',
            x_of(i),
            y,
            label,
        )
        for i, label in enumerate(categories)
        if i % every == 0 or i == len(categories) - 1
    ]


def _legend_entry(n: int, name: str, *, x: int, height: int) -> str:
    """The n-th legend line: a swatch (a short line or a square) in the series colour."""
    return format_html(
        '<rect x="{}" y="{}" width="14" height="{}" fill="{}"/>'
        '<text class="legend" x="{}" y="{}">{}</text>',
        x,
        8 + 20 * n - height // 2,
        height,
        SERIES_COLOURS[n % len(SERIES_COLOURS)],
        x + 20,
        12 + 20 * n,
        name,
    )


def _no_data(x: float, y: float, text: str) -> str:
    return format_html('<text class="no-data" x="{}" y="{}" fill="#5a6270">{}</text>', x, y, text)
