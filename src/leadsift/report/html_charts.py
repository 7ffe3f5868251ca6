"""Small inline-SVG charts for the HTML report: no script, no network, text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1f6feb", "#e5534b", "#2da44e", "#bf8700", "#8250df", "#57606a", "#0a7ea4")


def _label(text: str, limit: int = 28) -> str:
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    formatter: object = None,
    width: int = 760,
) -> str:
    """Horizontal grouped bars, one group per category, one bar per series."""
    fmt = formatter if callable(formatter) else (lambda v: f"{v:,.0f}")
    bar, gap, left = 14, 10, 210
    per_group = bar * len(series) + gap
    legend_rows = (len(series) + 3) // 4
    height = 40 + per_group * len(categories) + 10 + 22 * legend_rows
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values) if values else 1.0
    top = top or 1.0
    scale = (width - left - 90) / top
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}"'
        f' width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="18" class="chart-title">{escape(title)}</text>',
    ]
    for index, category in enumerate(categories):
        y0 = 36 + index * per_group
        parts.append(
            f'<text x="{left - 8}" y="{y0 + per_group / 2}" text-anchor="end" class="axis">'
            f"{_label(category)}</text>"
        )
        for s_index, (_, vs) in enumerate(series):
            value = vs[index]
            y = y0 + s_index * bar
            colour = PALETTE[s_index % len(PALETTE)]
            if value is None:
                parts.append(f'<text x="{left + 4}" y="{y + bar - 3}" class="muted">n/a</text>')
                continue
            length = max(1.0, value * scale)
            parts.append(
                f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar - 2}"'
                f' fill="{colour}"/>'
                f'<text x="{left + length + 4:.1f}" y="{y + bar - 3}" class="value">'
                f"{escape(str(fmt(value)))}</text>"
            )
    for s_index, (name, _) in enumerate(series):
        x = left + (s_index % 4) * 140
        legend_y = 40 + per_group * len(categories) + 22 * (s_index // 4) + 16
        colour = PALETTE[s_index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{legend_y}" class="axis">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class _Plot:
    """A plotting area with axes from 0 to (max_x, max_y), and the SVG that opens it."""

    width: int
    height: int
    right_pad: int
    max_x: float
    max_y: float
    left: int = 70
    bottom: int = 50
    top_pad: int = 36

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right_pad

    @property
    def plot_h(self) -> int:
        return self.height - self.bottom - self.top_pad

    def sx(self, v: float) -> float:
        return self.left + v / self.max_x * self.plot_w

    def sy(self, v: float) -> float:
        return self.top_pad + self.plot_h - v / self.max_y * self.plot_h

    def frame(self, title: str, x_label: str, x_max: str, y_label: str) -> list[str]:
        left, top_pad, plot_w, plot_h = self.left, self.top_pad, self.plot_w, self.plot_h
        return [
            f'<svg class="chart" role="img" aria-label="{escape(title)}"'
            f' viewBox="0 0 {self.width} {self.height}"'
            f' width="100%" xmlns="http://www.w3.org/2000/svg">',
            f'<text x="0" y="18" class="chart-title">{escape(title)}</text>',
            f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}"'
            f' y2="{top_pad + plot_h}" class="grid"/>',
            f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" class="grid"/>',
            f'<text x="{left + plot_w / 2}" y="{self.height - 10}" text-anchor="middle"'
            f' class="axis">{escape(x_label)} (max {escape(x_max)})</text>',
            f'<text x="14" y="{top_pad + plot_h / 2}" class="axis" transform="rotate(-90 14 '
            f'{top_pad + plot_h / 2})" text-anchor="middle">'
            f"{escape(y_label)} (max {self.max_y:,.0f})</text>",
        ]


def scatter(
    title: str,
    points: Sequence[tuple[str, float, float]],
    x_label: str,
    y_label: str,
    x_format: object = None,
    width: int = 760,
    height: int = 380,
) -> str:
    """Labelled points: (name, x, y)."""
    fmt = x_format if callable(x_format) else (lambda v: f"{v:,.0f}")
    max_x = max((p[1] for p in points), default=1.0) or 1.0
    max_y = max((p[2] for p in points), default=1.0) or 1.0
    plot = _Plot(width, height, 160, max_x, max_y)
    sx, sy = plot.sx, plot.sy
    parts = plot.frame(title, x_label, str(fmt(max_x)), y_label)
    for index, (name, x, y) in enumerate(points):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="7" fill="{colour}" opacity="0.85"/>'
            f'<text x="{sx(x) + 10:.1f}" y="{sy(y) + 4:.1f}" class="value">'
            f"{_label(name, 24)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def lines(
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    x_label: str,
    y_label: str,
    width: int = 760,
    height: int = 380,
) -> str:
    """One polyline per named series of (x, y) points, with a legend."""
    xs = [x for _, points in series for x, _ in points]
    ys = [y for _, points in series for _, y in points]
    max_x, max_y = (max(xs, default=1.0) or 1.0), (max(ys, default=1.0) or 1.0)
    plot = _Plot(width, height, 230, max_x, max_y)
    sx, sy = plot.sx, plot.sy
    parts = plot.frame(title, x_label, f"{max_x:,.0f}", y_label)
    for index, (name, points) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        legend_y = plot.top_pad + 18 * index
        legend_x = plot.left + plot.plot_w
        parts.append(
            f'<rect x="{legend_x + 14}" y="{legend_y - 9}" width="12" height="12"'
            f' fill="{colour}"/><text x="{legend_x + 32}" y="{legend_y + 1}" class="value">'
            f"{_label(name, 30)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
