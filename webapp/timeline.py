"""The years facet as a bar chart: inline SVG made on the server, one link per bar.

No script is needed: every bar is a link that filters by its year (or removes
that filter again), and the year-range form next to the chart submits
`year_from`/`year_to`, which `year_range_redirect` turns into `year=Y1-Y2`.
`static/timeline.js` only adds drag-to-select on top of that.
"""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext, ngettext
from markupsafe import Markup, escape

from .searching import known_params

#: Drawing units (the SVG scales to its box, keeping its proportions).
WIDTH, BARS_H, COUNT_H, LABEL_H = 270, 88, 15, 16
HEIGHT = COUNT_H + BARS_H + LABEL_H
#: Few years make wide slots; their bars stay this wide at most, centred.
MAX_BAR = 40
#: A run of this many empty years or more is drawn as one narrow break.
GAP_RUN = 4
_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def _slots(counts: dict[int, int]) -> list[tuple]:
    """('year', y) for every year from the first to the last, long empty runs
    folded into ('gap', first_empty, last_empty)."""
    first, last = min(counts), max(counts)
    slots: list[tuple] = []
    year = first
    while year <= last:
        if year in counts:
            slots.append(("year", year))
            year += 1
            continue
        end = year
        while end + 1 <= last and end + 1 not in counts:
            end += 1
        if end - year + 1 >= GAP_RUN:
            slots.append(("gap", year, end))
        else:
            slots.extend(("year", y) for y in range(year, end + 1))
        year = end + 1
    return slots


def _label_step(slot_w: float) -> int:
    """Label every n-th year so that labels (about 28 units wide) never overlap."""
    for step in _STEPS:
        if step * slot_w >= 32:
            return step
    return _STEPS[-1]


def timeline_svg(years: list[dict], req, year_url) -> Markup:
    """Bars for the years of the current results, counts above them, years below.

    `years` is the facet ([{"value": 2017, "count": 3}, …] in year order);
    `year_url(y)` is the link filtering by year y (the bar of the only selected
    year links to `year_url("")`, which removes the filter).
    """
    counts = {int(item["value"]): int(item["count"]) for item in years if item.get("count")}
    if not counts:
        return Markup("")
    ranges = req.year_ranges if getattr(req, "year", ()) else []
    slots = _slots(counts)
    top = max(counts.values())
    slot_w = WIDTH / len(slots)
    step = _label_step(slot_w)
    first, last = min(counts), max(counts)
    show_counts = slot_w >= 8
    count_font = 11 if slot_w >= 13 else 9

    title = gettext("Documents per year")
    desc = gettext("Choose a year to narrow the results to it.")
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
        f'aria-labelledby="timeline-title timeline-desc" data-first="{first}" data-last="{last}">',
        f'<title>{escape(title)}</title><desc id="timeline-desc">{escape(desc)}</desc>',
        f'<line class="axis" x1="0" y1="{COUNT_H + BARS_H + 0.5}" x2="{WIDTH}" y2="{COUNT_H + BARS_H + 0.5}"></line>',
    ]
    labels: list[str] = []
    label_years: list[tuple[int, float]] = []
    for i, slot in enumerate(slots):
        x = i * slot_w
        mid = x + slot_w / 2
        if slot[0] == "gap":
            span = f"{slot[1]}–{slot[2]}"
            parts.append(f'<g class="gap"><title>{escape(span)}: 0</title>'
                         f'<text x="{mid:.1f}" y="{COUNT_H + BARS_H - 4}" text-anchor="middle">⋯</text></g>')
            continue
        year = slot[1]
        count = counts.get(year, 0)
        in_range = any(lo <= year <= hi for lo, hi in ranges)
        only = ranges == [(year, year)]
        if count:
            h = max(BARS_H * count / top, 3)
            cls = "bar selected" if in_range else "bar"
            # The name begins with the count drawn on the bar (WCAG 2.5.3: what is seen is what is said).
            label = ngettext("%(num)d document in %(year)s", "%(num)d documents in %(year)s", count, year=year)
            href = year_url("" if only else year)
            pressed = ' aria-current="true"' if in_range else ""
            bar_w = min(max(slot_w - 2 * min(1.0, slot_w * 0.12), 1), MAX_BAR)
            bar_x = mid - bar_w / 2
            parts.append(
                # No <title> inside: its text would join the link's visible text, which then
                # no longer lies within the name (axe's label-content-name-mismatch).
                f'<a href="{escape(href)}" class="year-link" data-year="{year}" aria-label="{escape(label)}"{pressed}>'
                f'<rect class="zone" x="{x:.1f}" y="0" width="{slot_w:.1f}" height="{COUNT_H + BARS_H + LABEL_H}"></rect>'
                f'<rect class="{cls}" x="{bar_x:.1f}" y="{COUNT_H + BARS_H - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}"></rect>'
                + (f'<text class="n" x="{mid:.1f}" y="{COUNT_H + BARS_H - h - 3:.1f}" text-anchor="middle" '
                   f'font-size="{count_font}">{count}</text>' if show_counts else "")
                + "</a>"
            )
        after_gap = i > 0 and slots[i - 1][0] == "gap"
        if count and (year in (first, last) or year % step == 0 or after_gap):
            label_years.append((year, min(max(mid, 15.0), WIDTH - 15.0)))  # kept inside the box
    # Keep labels 32 units apart, left to right; the last year wins over the one before it.
    kept: list[tuple[int, float]] = []
    for year, mid in label_years:
        if kept and mid - kept[-1][1] < 32:
            if year != last:
                continue
            if len(kept) > 1:
                kept.pop()
            elif mid - kept[-1][1] < 28:
                continue
        kept.append((year, mid))
    for year, x in kept:
        labels.append(f'<text class="y" x="{x:.1f}" y="{HEIGHT - 3}" text-anchor="middle">{year}</text>')
    parts.extend(labels)
    parts.append("</svg>")
    return Markup("".join(parts))


def years_without_year_filter(archive, req, result: dict) -> list[dict]:
    """The years facet as it would be without the year filter, so that the chart
    keeps showing every year (the chosen ones highlighted) and another year is one
    click away. The years facet is counted without the year filter already
    (facets selected are counted without their own selection)."""
    return result["facets"]["years"]


def year_range_redirect(endpoint: str = "views.search"):
    """The year-range form sends year_from/year_to; answer with a redirect to year=Y1-Y2.

    Works without JavaScript. One end alone means that single year; both empty
    removes the year filter. Bad values are passed on as typed, so the search
    answers with its usual (translated) message.
    """
    args = request.args
    if "year_from" not in args and "year_to" not in args:
        return None
    lo = (args.get("year_from") or "").strip()
    hi = (args.get("year_to") or "").strip()
    if lo and hi and lo.isdigit() and hi.isdigit() and int(lo) > int(hi):
        lo, hi = hi, lo          # "from 2019 to 2011" means the same years
    year = f"{lo}-{hi}" if lo and hi and lo != hi else (lo or hi)
    params = {k: v for k, v in known_params(args).items() if k not in ("year", "page") and v != ""}
    if year:
        params["year"] = year
    return redirect(url_for(endpoint, **params), code=303)
