"""Charts drawn on the server as accessible SVG: no client library, nothing to run.

A ``Chart`` is its data (a table: one row per category, one column per series); the SVG
geometry is worked out here and drawn by ``templates/insights/_chart.html``. Each series
has an Okabe-Ito colour (distinct for the common kinds of colour blindness) and its own
pattern (solid, stripes, dots, cross-hatch), so the bars stay apart in greyscale too.
"""

import html
import unicodedata
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe
from django.utils.text import Truncator


def escape(value):
    """django.utils.html.escape's output, without its lazy-string wrapper (this runs for
    every shape and cell of the page)."""
    return html.escape(str(value))


def truncate(text, length):
    """``Truncator(text).chars(length)``, quick for the usual text that already fits."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)  # what Truncator returns when it fits
    return Truncator(text).chars(length)


# Okabe-Ito colours, dark enough for white patterns on top; then their pattern.
STYLES = [
    ("#0072B2", "solid"),
    ("#D55E00", "stripes"),
    ("#009E73", "dots"),
    ("#CC79A7", "cross"),
    ("#56B4E9", "stripes"),
    ("#E69F00", "dots"),
]
WIDTH = 720
LABEL_WIDTH = 250


@dataclass
class Chart:
    slug: str
    title: str
    desc: str
    category_heading: str
    categories: list
    series: list  # [(name, [value per category])]
    kind: str = "columns"  # "columns" over time, "bars" for ranked categories
    note: str = ""
    unit: str = ""
    extra: dict = field(default_factory=dict)
    # Columns for the table and the CSV only, not drawn (counts beside a median, say).
    table_only: list = field(default_factory=list)

    @property
    def empty(self):
        # A suppressed count (None) is still a count: "fewer than 3" is worth showing.
        return not any(v is None or v for _, values in self.series for v in values)

    @property
    def header(self):
        return [self.category_heading] + [name for name, _ in self.series + self.table_only]

    @property
    def rows(self):
        return [
            [category] + [values[i] for _, values in self.series + self.table_only]
            for i, category in enumerate(self.categories)
        ]

    @property
    def styles(self):
        return [
            {"id": f"{self.slug}-s{i}", "colour": c, "pattern": p, "name": name}
            for i, ((name, _), (c, p)) in enumerate(zip(self.series, STYLES * 3, strict=False))
        ]

    def svg(self):
        return _bars(self) if self.kind == "bars" else _columns(self)

    def svg_markup(self):
        """The chart as SVG markup: built here rather than in a template, as it is the
        hottest part of the page (hundreds of shapes); every text is escaped."""
        g = self.svg()
        slug = escape(self.slug)
        out = [
            f'<svg class="chart-svg" viewBox="0 0 {g["width"]} {g["height"]:g}" role="img" '
            f'aria-labelledby="{slug}-title {slug}-desc" focusable="false">',
            f'<title id="{slug}-title">{escape(self.title)}</title>',
            f'<desc id="{slug}-desc">{escape(self.desc)} The figures are in the table under '
            "the chart.</desc><defs>",
        ]
        for style in self.styles:
            out.append(
                f'<pattern id="{escape(style["id"])}" width="8" height="8" '
                f'patternUnits="userSpaceOnUse"><rect width="8" height="8" '
                f'fill="{style["colour"]}"/>{PATTERNS[style["pattern"]]}</pattern>'
            )
        out.append("</defs>")
        for line in g["gridlines"]:
            out.append(_line(line, "#d8d8d8", 1))
        for r in g["shapes"]:
            out.append(
                f'<rect x="{r["x"]:g}" y="{r["y"]:g}" width="{r["w"]:g}" height="{r["h"]:g}" '
                f'fill="url(#{escape(r["fill"])})" stroke="#0b0c0c" stroke-width="0.5"/>'
            )
        for line in g["axis"]:
            out.append(_line(line, "#0b0c0c", 1.5))
        for t in g["texts"]:
            length = 30 if t["anchor"] == "end" else 34  # category labels left of the bars
            text = "fewer than 3" if t["text"] is None else truncate(str(t["text"]), length)
            out.append(
                f'<text x="{t["x"]:g}" y="{t["y"]:g}" text-anchor="{t["anchor"]}" '
                f'font-size="13" fill="#0b0c0c">{escape(text)}</text>'
            )
        for i in g["legend"]:
            out.append(
                f'<rect x="{i["x"]:g}" y="{i["y"]:g}" width="16" height="16" '
                f'fill="url(#{escape(i["id"])})" stroke="#0b0c0c" stroke-width="0.5"/>'
                f'<text x="{i["tx"]:g}" y="{i["ty"]:g}" font-size="13" fill="#0b0c0c">'
                f"{escape(i['name'])}</text>"
            )
        out.append("</svg>")
        return mark_safe("".join(out))  # noqa: S308 (built from escaped parts above)

    def table_markup(self):
        """The figures as an HTML table (built here for speed, like the SVG; escaped)."""
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in self.header)
        body = []
        for category, *values in self.rows:
            cells = "".join(
                f"<td>{v}</td>"
                if type(v) is int
                else f"<td>{'fewer than 3' if v is None else escape(v)}</td>"
                for v in values
            )
            body.append(f'<tr><th scope="row">{escape(category)}</th>{cells}</tr>')
        if not body:
            body.append(
                f'<tr><td colspan="{len(self.header)}">No figures for this period.</td></tr>'
            )
        return mark_safe(  # noqa: S308 (built from escaped parts)
            f'<table class="table"><caption class="visually-hidden">{escape(self.title)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


PATTERNS = {
    "solid": "",
    "stripes": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="1.5"/>',
    "dots": '<circle cx="4" cy="4" r="1.7" fill="#fff"/>',
    "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" stroke-width="1.2"/>',
}


def _line(line, colour, width):
    return (
        f'<line x1="{line["x1"]:g}" y1="{line["y1"]:g}" x2="{line["x2"]:g}" y2="{line["y2"]:g}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )


def _numbers(chart):
    return [v for _, values in chart.series for v in values if isinstance(v, int | float)]


def _scale_top(top):
    """A round number at or above ``top`` whose quarters are whole numbers (the gridlines)."""
    if top <= 4:
        return 4
    tick, magnitude = top / 4, 1
    while True:
        for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            candidate = step * magnitude
            if candidate >= tick and candidate == int(candidate):
                return int(candidate) * 4
        magnitude *= 10


def _bars(chart):
    """Horizontal bars, one per category (series side by side within it)."""
    styles = chart.styles
    n = max(len(chart.series), 1)
    bar, gap = 18, 12
    band = n * bar + gap
    top = _scale_top(max(_numbers(chart) or [0]))
    plot = WIDTH - LABEL_WIDTH - 60
    legend_height = 8 + 22 * _legend_rows(styles) if n > 1 else 0
    height = band * len(chart.categories) + 16 + legend_height
    shapes, texts = [], []
    for i, category in enumerate(chart.categories):
        y0 = 10 + i * band
        texts.append(
            {"x": LABEL_WIDTH - 8, "y": y0 + n * bar / 2 + 5, "anchor": "end", "text": category}
        )
        for s, (_, values) in enumerate(chart.series):
            value = values[i] if isinstance(values[i], int | float) else 0
            width = plot * value / top if top else 0
            y = y0 + s * bar
            shapes.append(
                {
                    "x": LABEL_WIDTH,
                    "y": y,
                    "w": round(width, 1),
                    "h": bar - 2,
                    "fill": styles[s]["id"],
                }
            )
            texts.append(
                {
                    "x": LABEL_WIDTH + width + 6,
                    "y": y + bar - 6,
                    "anchor": "start",
                    "text": values[i],
                }
            )
    return {
        "width": WIDTH,
        "height": height,
        "shapes": shapes,
        "texts": texts,
        "axis": [
            {
                "x1": LABEL_WIDTH,
                "y1": 5,
                "x2": LABEL_WIDTH,
                "y2": height - 6 - legend_height,
            }
        ],
        "gridlines": [],
        "legend": _legend(styles, height - legend_height + 22) if n > 1 else [],
    }


def _columns(chart):
    """Grouped columns, one group per period, one column per series."""
    styles = chart.styles
    n = max(len(chart.series), 1)
    left, bottom, plot_h = 56, 44, 220
    count = max(len(chart.categories), 1)
    group = (WIDTH - left - 10) / count
    bar = max(min((group - 8) / n, 28), 2)
    top = _scale_top(max(_numbers(chart) or [0]))
    height = 10 + plot_h + bottom + (6 + 22 * _legend_rows(styles) if n > 1 else 0)
    base = 10 + plot_h
    shapes, texts, gridlines = [], [], []
    for step in range(5):
        value = top * step / 4
        y = base - plot_h * step / 4
        gridlines.append({"x1": left, "y1": y, "x2": WIDTH - 10, "y2": y})
        texts.append({"x": left - 6, "y": y + 4, "anchor": "end", "text": f"{value:g}"})
    every = max(1, (count + 11) // 12)  # at most about 12 period labels
    for i, category in enumerate(chart.categories):
        x0 = left + i * group + (group - bar * n) / 2
        if i % every == 0:
            # "Dec 2025" on two lines (the year only where it changes), so labels never collide.
            x = left + i * group + group / 2
            first, _, year = str(category).partition(" ")
            if not (len(year) == 4 and year.isdigit()):
                first, year = str(category), ""
            texts.append({"x": x, "y": base + 18, "anchor": "middle", "text": first})
            if year and (i == 0 or first == "Jan"):
                texts.append({"x": x, "y": base + 33, "anchor": "middle", "text": year})
        for s, (_, values) in enumerate(chart.series):
            value = values[i] if isinstance(values[i], int | float) else 0
            h = plot_h * value / top if top else 0
            shapes.append(
                {
                    "x": round(x0 + s * bar, 1),
                    "y": round(base - h, 1),
                    "w": round(bar - 1, 1),
                    "h": round(h, 1),
                    "fill": styles[s]["id"],
                }
            )
    return {
        "width": WIDTH,
        "height": height,
        "shapes": shapes,
        "texts": texts,
        "gridlines": gridlines,
        "axis": [{"x1": left, "y1": base, "x2": WIDTH - 10, "y2": base}],
        "legend": _legend(styles, 10 + plot_h + bottom + 14) if n > 1 else [],
    }


def _legend(styles, y):
    """Swatches and names in rows; returns the items and the extra height the rows need."""
    items, x, row = [], 56, 0
    for style in styles:
        width = 34 + 7.5 * len(str(style["name"]))
        if x + width > WIDTH and x > 56:
            x, row = 56, row + 1
        items.append(
            {"x": x, "y": y - 12 + row * 22, "tx": x + 22, "ty": y + 1 + row * 22, **style}
        )
        x += width
    return items


def _legend_rows(styles):
    return (_legend(styles, 0)[-1]["ty"] - 1) // 22 + 1 if styles else 0
