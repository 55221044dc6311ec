"""Plain, accessible SVG charts for the HTML and PDF output (no plotting library)."""

from __future__ import annotations

from django.utils.html import escape

from core.numbers import format_number

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 200


def bar_chart_svg(title: str, labels: list[str], values: list[float]) -> str:
    """A horizontal bar chart; each bar carries its value as text."""
    top = max(values, default=0.0) or 1.0
    height = len(labels) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = max(1.0, span * value / top) if value else 0.0
        text_y = y + BAR_HEIGHT * 0.7
        shown = format_number(value, 1)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y:.1f}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="#1e5aa8"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{text_y:.1f}">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
