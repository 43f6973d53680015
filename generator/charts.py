"""The atlas's charts as Vega-Lite specifications: what each chart shows, decided from the model.

Drawing is Vega-Lite's (rendered to SVG by vl-convert, see drawing.py); this module only says which figures go
on which axis. Text and grid colours here are the light palette's; the site's stylesheet gives inline
drawings the dark palette's when the reader chooses it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import PartialDate
from .model import Atlas, Region

# Each chart is also drawn narrow for phones, where the wide drawing's text would shrink below reading size.
SIZES = {"wide": 640, "narrow": 330}
# Tableau 10: distinct hues that keep their contrast on the light and the dark background alike.
# Past Tableau 10's ten, darker and lighter hues of Tableau 20 keep fourteen and more providers apart.
PALETTE = ("#f28e2b", "#4e79a7", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac",
           "#499894", "#d37295", "#b6992d", "#6b4c9a", "#86bcb6", "#f1ce63")
_INK = {"text": "#3f4350", "grid": "#e2e4e9", "domain": "#9aa0ad"}
WIDTH = 640
# Dates are days, not instants: drawn on a UTC scale, the time axis reads the same whatever the time zone of the
# machine that draws it (a local scale shifted every tick by the offset, and the pages differed between builds).
UTC = {"type": "utc"}


@dataclass(frozen=True)
class Chart:
    name: str
    description: str  # the text alternative: what the chart shows, for readers who cannot see it
    spec: dict


def provider_colours(atlas: Atlas) -> dict[str, str]:
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(atlas.providers)}


def themed(spec: dict, size: str = "wide") -> dict:
    ink = _INK
    narrow = size == "narrow"
    axis = {"labelColor": ink["text"], "titleColor": ink["text"], "gridColor": ink["grid"], "domainColor": ink["domain"],
            "tickColor": ink["domain"], "labelFont": "sans-serif", "titleFont": "sans-serif"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        **spec,
        "width": SIZES[size],
        "background": None,
        "config": {
            "axis": axis,
            "legend": {"labelColor": ink["text"], "titleColor": ink["text"], "labelFont": "sans-serif",
                       "titleFont": "sans-serif", "orient": "bottom", "columns": 2 if narrow else 4},
            "title": {"color": ink["text"], "font": "sans-serif"},
            "text": {"color": ink["text"]},
            "view": {"stroke": None},
        },
    }


def _day(date: PartialDate) -> str:
    # A chart needs a point on its time axis; a date known to the month or year is drawn at its first day.
    return date.earliest.isoformat()


def _steps(regions: list[Region], today: dt.date, weight=lambda region: 1, start=lambda region: region.launched.earliest if region.launched else None) -> list[tuple[str, int]]:
    """A figure over time: each region's weight (1, or its zones) added on its start day (its known launch, unless
    told otherwise) and removed at its known closure, to today."""
    changes: dict[str, int] = {}
    for region in regions:
        day = start(region)
        if day and weight(region):
            changes[day.isoformat()] = changes.get(day.isoformat(), 0) + weight(region)
            if region.closed:
                changes[_day(region.closed)] = changes.get(_day(region.closed), 0) - weight(region)
    total, series = 0, []
    for day in sorted(changes):
        total += changes[day]
        series.append((day, total))
    if series:
        series.append((today.isoformat(), total))
    return series


def _evidence(atlas: Atlas, regions: list[Region], label: str) -> list[dict]:
    """The counted series of a provider's regions by the evidence that dates them: a launch date, else only an SDK
    listing (sdk_evidence.py), and at today the regions open now that neither dates, so that the last point is the
    table's count of open regions."""
    opened = [r for r in regions if r.status != "announced"]
    by_launch = _steps(opened, atlas.today)
    with_sdk = _steps(opened, atlas.today, start=atlas.sdk.earliest)
    values = [{label: "launch date", "day": d, "count": n} for d, n in by_launch]
    if with_sdk != by_launch:
        values += [{label: "with SDK-dated", "day": d, "count": n} for d, n in with_sdk]
    open_now = sum(r.is_open for r in regions)
    if open_now != (with_sdk[-1][1] if with_sdk else 0):
        values.append({label: "open today (all)", "day": atlas.today.isoformat(), "count": open_now})
    return values


def carbon(atlas: Atlas, region: Region) -> Chart | None:
    """A region's carbon-free energy share, year by year; years the provider printed no share are left out."""
    values = [{"year": str(y.year), "share": y.percent} for y in atlas.carbon.of(region.id) if y.percent is not None]
    if not values:
        return None
    spec = {
        "width": WIDTH, "height": 160,
        "data": {"values": values},
        "mark": {"type": "bar", "color": PALETTE[2]},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "share", "type": "quantitative", "title": "Carbon-free energy (%)", "scale": {"domain": [0, 100]}},
        },
    }
    return Chart(f"carbon-{region.id}", f"{region.label}: the share of carbon-free energy used in each year, as "
                 f"{atlas.providers[region.provider].name} published it.", spec)


def _provider_scale(atlas: Atlas, names: list[str]) -> dict:
    colours = provider_colours(atlas)
    return {"domain": names, "range": [colours[p] for p in atlas.providers]}


def race(atlas: Atlas) -> Chart:
    values = []
    for provider in atlas.providers.values():
        for point in _evidence(atlas, atlas.regions_by_provider[provider.id], "dated by"):
            values.append({"provider": provider.name, **point})
    names = [p.name for p in atlas.providers.values()]
    encoding = {
        "x": {"field": "day", "type": "temporal", "title": None, "scale": UTC},
        "y": {"field": "count", "type": "quantitative", "title": "Active regions"},
        "color": {"field": "provider", "type": "nominal", "title": None, "scale": _provider_scale(atlas, names)},
    }
    dash = {"field": "dated by", "type": "nominal", "title": None,
            "scale": {"domain": ["launch date", "with SDK-dated"], "range": [[1, 0], [5, 3]]}}
    spec = {
        "width": WIDTH, "height": 320,
        "data": {"values": values},
        "layer": [
            {"transform": [{"filter": "datum['dated by'] != 'open today (all)'"}],
             "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 2},
             "encoding": {**encoding, "strokeDash": dash, "detail": {"field": "dated by"}}},
            {"transform": [{"filter": "datum['dated by'] == 'open today (all)'"}],
             "mark": {"type": "point", "filled": True, "size": 60, "shape": "triangle-left"}, "encoding": encoding},
        ],
    }
    return Chart("race", "Active regions over time for each provider: solid lines count the regions whose launch date is known; "
                 "dashed lines add the regions dated only by the first SDK release that lists their code (evidence that the "
                 "provider's tools knew the region by then, not a launch date); a triangle at today marks each provider's "
                 "count of open regions, including those with neither date.", spec)


def continents(atlas: Atlas) -> Chart:
    values = [
        {"provider": atlas.providers[r.provider].name, "continent": atlas.countries[r.country].continent}
        for r in atlas.active_regions if r.country in atlas.countries
    ]
    spec = {
        "width": WIDTH, "height": {"step": 22},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "provider", "type": "nominal", "title": None, "sort": [p.name for p in atlas.providers.values()]},
            "x": {"aggregate": "count", "type": "quantitative", "title": "Active regions"},
            "color": {"field": "continent", "type": "nominal", "title": None, "scale": {"range": list(PALETTE)}},
        },
    }
    return Chart("continents", "Active regions of each provider, by continent.", spec)


def provider_history(atlas: Atlas, provider: str) -> Chart:
    regions = atlas.regions_by_provider[provider]
    series_of = {"launch date": "Regions (launch date)", "with SDK-dated": "Regions (with SDK-dated)",
                 "open today (all)": "Regions open today (all)"}
    values = [{"series": series_of[p["evidence"]], "day": p["day"], "count": p["count"],
               "kind": "today" if p["evidence"] == "open today (all)" else "count"}
              for p in _evidence(atlas, regions, "evidence")]
    values += [{"series": "Zones (our count)", "day": d, "count": n, "kind": "count"}
               for d, n in _steps(regions, atlas.today, weight=lambda r: r.zones or 0)]
    for claim in atlas.claims:
        # Only totals for the whole world and for open regions sit on the same scale as the lines.
        if claim.provider != provider or claim.compared_scope != "worldwide" or claim.qualifier == "including_announced":
            continue
        for series, figure in (("Regions (claimed)", claim.regions), ("Zones (claimed)", claim.zones)):
            if figure is not None:
                values.append({"series": series, "day": _day(claim.date), "count": figure, "kind": "claim"})
    colours = {"Regions (launch date)": PALETTE[1], "Regions (with SDK-dated)": PALETTE[5],
               "Regions open today (all)": PALETTE[9], "Zones (our count)": PALETTE[0],
               "Regions (claimed)": PALETTE[1], "Zones (claimed)": PALETTE[0]}
    present = {v["series"] for v in values}
    colours = {k: v for k, v in colours.items() if k in present or "claimed" in k or "Zones" in k}
    encoding = {
        "x": {"field": "day", "type": "temporal", "title": None, "scale": UTC},
        "y": {"field": "count", "type": "quantitative", "title": None},
        "color": {"field": "series", "type": "nominal", "title": None,
                  "scale": {"domain": list(colours), "range": list(colours.values())}},
    }
    spec = {
        "width": WIDTH, "height": 280,
        "data": {"values": values},
        "layer": [
            {"transform": [{"filter": "datum.kind == 'count'"}],
             "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 2}, "encoding": encoding},
            {"transform": [{"filter": "datum.kind == 'claim'"}],
             "mark": {"type": "point", "filled": True, "size": 70, "shape": "diamond"}, "encoding": encoding},
            {"transform": [{"filter": "datum.kind == 'today'"}],
             "mark": {"type": "point", "filled": True, "size": 60, "shape": "triangle-left"}, "encoding": encoding},
        ],
    }
    name = atlas.providers[provider].name
    return Chart(f"provider-{provider}", f"{name}: regions and zones open over time by our count (lines: regions by launch date, "
                 f"and with the regions dated only by their first SDK listing), the regions open today including those with "
                 f"neither date, and the totals {name} claimed on each date (diamonds).", spec)


def events_by_year(atlas: Atlas) -> Chart:
    values = [{"year": str(e.date.year), "type": e.type} for e in atlas.changelog]
    spec = {
        "width": WIDTH, "height": 260,
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": -45}},
            "y": {"aggregate": "count", "type": "quantitative", "title": "Changes"},
            "color": {"field": "type", "type": "nominal", "title": None, "scale": {"range": list(PALETTE)}},
        },
    }
    return Chart("events-by-year", "Changes recorded in each year, by type (announced, launched, closed, expanded, ...).", spec)


def coverage(atlas: Atlas) -> Chart:
    values = []
    for provider in atlas.providers.values():
        c = atlas.coverage(provider.id)
        for fact, share in (("Launch date", c.percent(c.launch_known, of_opened=True)), ("Zone count", c.percent(c.zones_known)),
                            ("Coordinates (metro or better)", c.percent(c.coordinates_metro_or_better))):
            values.append({"provider": provider.name, "fact": fact, "share": share})
    spec = {
        "width": WIDTH, "height": {"step": 18},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "fact", "type": "nominal", "title": None, "axis": None},
            "row": {"field": "provider", "type": "nominal", "title": None, "sort": [p.name for p in atlas.providers.values()],
                    "header": {"labelAngle": 0, "labelAlign": "left", "labelColor": "#888"}},
            "x": {"field": "share", "type": "quantitative", "title": "Known (%)", "scale": {"domain": [0, 100]}},
            "color": {"field": "fact", "type": "nominal", "title": None, "scale": {"range": list(PALETTE)}},
        },
    }
    return Chart("coverage", "For each provider, the share of its regions whose launch date, zone count and coordinates are known.", spec)

