"""The years facet drawn as a bar chart: inline SVG made on the server, one link per bar."""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, LABEL = 640, 120, 18


def timeline_svg(years: list[dict], req, year_url) -> Markup:
    """Bars for every year from the first to the last (gaps shown as empty years).

    `year_url(y)` gives the link that filters by year y; the selected year or
    range is drawn highlighted.
    """
    counts = {int(item["value"]): item["count"] for item in years}
    if not counts:
        return Markup("")
    first, last = min(counts), max(counts)
    span = last - first + 1
    top = max(counts.values())
    bar_w = WIDTH / span
    selected = req.years if req.year else None
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT + LABEL}" role="group" '
        f'aria-labelledby="timeline-title" preserveAspectRatio="none">'
    ]
    for i, year in enumerate(range(first, last + 1)):
        count = counts.get(year, 0)
        x = i * bar_w
        h = (HEIGHT - 4) * count / top if count else 0
        cls = "bar"
        if selected and selected[0] <= year <= selected[1]:
            cls += " selected"
        label = escape(f"{year}: {count}")
        if count:
            parts.append(
                f'<a href="{escape(year_url(year))}" class="year-link" data-year="{year}" aria-label="{label}">'
                f'<title>{label}</title>'
                f'<rect class="hit" x="{x:.1f}" y="0" width="{bar_w:.1f}" height="{HEIGHT}"></rect>'
                f'<rect class="{cls}" x="{x + 1:.1f}" y="{HEIGHT - h:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                f'height="{h:.1f}"></rect></a>'
            )
        if span <= 12 or year % 5 == 0 or year in (first, last):
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT + LABEL - 4}" '
                         f'text-anchor="middle">{year}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
