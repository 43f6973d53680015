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

# Each chart is also drawn narrow for phones, where the wide drawing's text would shrink below reading size. The
# whole drawing (axes included) is fitted to these widths, so its text keeps the size given here.
SIZES = {"wide": 640, "narrow": 340}
FONT = {"wide": 12, "narrow": 12}  # px; the narrow drawing shows at least at its own width on a 390 px phone
# Providers: one colour each, the same on every map and chart, distinct for up to 16 providers (Tableau 10,
# then darker and lighter hues of Tableau 20). Continents and change types have palettes of their own, so that no colour
# means a provider in one chart and something else in the next.
PROVIDER_PALETTE = ("#f28e2b", "#4e79a7", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
                    "#bab0ac", "#499894", "#d37295", "#b6992d", "#6b4c9a", "#86bcb6", "#f1ce63")
PALETTE = PROVIDER_PALETTE  # the name other modules know
# Okabe and Ito's colour-blind-safe palette, for the continents.
CONTINENT_PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999")
# Paul Tol's "bright" scheme, also colour-blind safe, for the types of change.
EVENT_PALETTE = {"announced": "#ccbb44", "launched": "#228833", "expanded": "#66ccee", "investment": "#4477aa",
                 "closing": "#ee6677", "closed": "#aa3377", "disrupted": "#bbbbbb"}
_INK = {"text": "#3f4350", "grid": "#e2e4e9", "domain": "#9aa0ad"}
WIDTH = 640
# Dates are days, not instants: drawn on a UTC scale, the time axis reads the same whatever the time zone of the
# machine that draws it (a local scale shifted every tick by the offset, and the pages differed between builds).
UTC = {"type": "utc"}


@dataclass(frozen=True)
class LegendEntry:
    words: str
    colour: str
    mark: str  # "line", "dashed", "triangle", "diamond" or "square": drawn beside the words as the chart draws it


@dataclass(frozen=True)
class Figures:
    """The figures a chart draws, as a table: shown under the chart and written as its CSV."""

    columns: list[str]
    rows: list[list]


@dataclass(frozen=True)
class Chart:
    name: str
    description: str  # the text alternative: what the chart shows, for readers who cannot see it
    spec: dict
    title: str = ""
    subtitle: str = ""  # what is counted, and what is not
    source: str = ""  # the tables the figures come from
    legend: tuple[LegendEntry, ...] = ()
    figures: Figures | None = None


SOURCE = "Cloud Region Atlas"


def provider_colours(atlas: Atlas) -> dict[str, str]:
    return {p: PROVIDER_PALETTE[i % len(PROVIDER_PALETTE)] for i, p in enumerate(atlas.providers)}


def _provider_legend(atlas: Atlas, mark: str) -> tuple[LegendEntry, ...]:
    colours = provider_colours(atlas)
    return tuple(LegendEntry(p.name, colours[p.id], mark) for p in atlas.providers.values())


def themed(spec: dict, size: str = "wide") -> dict:
    ink = _INK
    font = FONT[size]
    axis = {"labelColor": ink["text"], "titleColor": ink["text"], "gridColor": ink["grid"], "domainColor": ink["domain"],
            "tickColor": ink["domain"], "labelFont": "sans-serif", "titleFont": "sans-serif",
            "labelFontSize": font, "titleFontSize": font}
    # Legends are the page's own (HTML, drawn as the marks are, at the page's text size): none in the drawing.
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        **spec,
        "width": SIZES[size],
        "autosize": {"type": "fit-x", "contains": "padding"},
        "background": None,
        "config": {
            "axis": axis,
            "legend": {"disable": True},
            "header": {"labelFontSize": font, "labelColor": ink["text"]},
            "title": {"color": ink["text"], "font": "sans-serif", "fontSize": font},
            "text": {"color": ink["text"], "fontSize": font},
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
        "mark": {"type": "bar", "color": CONTINENT_PALETTE[2]},  # not a provider's colour: a share, not a provider
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "share", "type": "quantitative", "title": "Carbon-free energy (%)", "scale": {"domain": [0, 100]}},
        },
    }
    name = atlas.providers[region.provider].name
    return Chart(f"carbon-{region.id}", f"{region.label}: the share of carbon-free energy used in each year, as "
                 f"{name} published it.", spec,
                 title=f"Carbon-free energy in {region.label}, by year",
                 subtitle=f"The share of the energy used that was carbon-free, as {name} published it for each year; years without a figure are left out.",
                 source=f"{SOURCE}, from {name}'s published figures",
                 figures=Figures(["Year", "Carbon-free energy (%)"], [[v["year"], v["share"]] for v in values]))


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
                 "count of open regions, including those with neither date.", spec,
                 title="Active regions of each provider over time",
                 subtitle="Solid lines: regions open on each date by their launch and closure dates. Dashed lines: adding the "
                          "regions dated only by the first SDK release that lists their code. Triangles, at today: every open "
                          "region, including those with neither date, so each line ends at the provider's total.",
                 source=f"{SOURCE}, regions.csv and sdk_listings.csv",
                 legend=(*_provider_legend(atlas, "line"), LegendEntry("with SDK-dated regions", "#888888", "dashed"),
                         LegendEntry("open today, all", "#888888", "triangle")),
                 figures=Figures(["Provider", "Counted by", "Date", "Active regions"],
                                 [[v["provider"], v["dated by"], v["day"], v["count"]] for v in values]))


def continents(atlas: Atlas) -> Chart:
    values = [
        {"provider": atlas.providers[r.provider].name, "continent": atlas.countries[r.country].continent}
        for r in atlas.active_regions if r.country in atlas.countries
    ]
    names = sorted({v["continent"] for v in values})
    spec = {
        "width": WIDTH, "height": {"step": 22},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "provider", "type": "nominal", "title": None, "sort": [p.name for p in atlas.providers.values()]},
            "x": {"aggregate": "count", "type": "quantitative", "title": "Active regions"},
            "color": {"field": "continent", "type": "nominal", "title": None,
                      "scale": {"domain": names, "range": list(CONTINENT_PALETTE[:len(names)])}},
        },
    }
    providers = [p.name for p in atlas.providers.values()]
    rows = [[p, *(sum(v["provider"] == p and v["continent"] == c for v in values) for c in names), sum(v["provider"] == p for v in values)]
            for p in providers]
    return Chart("continents", "Active regions of each provider, by continent.", spec,
                 title="Where each provider's regions are", subtitle="Active and closing regions of each provider, by continent.",
                 source=f"{SOURCE}, regions.csv and countries (GeoNames)",
                 legend=tuple(LegendEntry(c, CONTINENT_PALETTE[i], "square") for i, c in enumerate(names)),
                 figures=Figures(["Provider", *names, "Total"], rows))


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
    colours = {"Regions (launch date)": CONTINENT_PALETTE[0], "Regions (with SDK-dated)": CONTINENT_PALETTE[4],
               "Regions open today (all)": CONTINENT_PALETTE[7], "Zones (our count)": CONTINENT_PALETTE[5],
               "Regions (claimed)": CONTINENT_PALETTE[0], "Zones (claimed)": CONTINENT_PALETTE[5]}
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
    shown = list(dict.fromkeys(v["series"] for v in values))
    marks = {"Regions (claimed)": "diamond", "Zones (claimed)": "diamond", "Regions open today (all)": "triangle"}
    legend = tuple(LegendEntry(series, colours[series], marks.get(series, "line")) for series in colours if series in shown)
    return Chart(f"provider-{provider}", f"{name}: regions and zones open over time by our count (lines: regions by launch date, "
                 f"and with the regions dated only by their first SDK listing), the regions open today including those with "
                 f"neither date, and the totals {name} claimed on each date (diamonds).", spec,
                 title=f"{name}: regions and zones over time, counted and claimed",
                 subtitle=f"Lines: open regions by launch date, then adding those dated only by their first SDK listing, and "
                          f"their zones. Triangle: every region open today. Diamonds: the worldwide totals {name} claimed.",
                 source=f"{SOURCE}, regions.csv, sdk_listings.csv and claims.csv", legend=legend,
                 figures=Figures(["Date", "Series", "Count"], [[v["day"], v["series"], v["count"]] for v in values]))


def events_by_year(atlas: Atlas) -> Chart:
    values = [{"year": str(e.date.year), "type": e.type} for e in atlas.changelog]
    types = [t for t in EVENT_PALETTE if any(v["type"] == t for v in values)] + sorted({v["type"] for v in values} - set(EVENT_PALETTE))
    spec = {
        "width": WIDTH, "height": 260,
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": -45}},
            "y": {"aggregate": "count", "type": "quantitative", "title": "Changes"},
            "color": {"field": "type", "type": "nominal", "title": None,
                      "scale": {"domain": types, "range": [EVENT_PALETTE.get(t, "#bbbbbb") for t in types]}},
        },
    }
    years = sorted({v["year"] for v in values})
    rows = [[y, *(sum(v["year"] == y and v["type"] == t for v in values) for t in types), sum(v["year"] == y for v in values)] for y in years]
    return Chart("events-by-year", "Changes recorded in each year, by type (announced, launched, closed, expanded, ...).", spec,
                 title="Changes recorded each year, by type",
                 subtitle="Every dated announcement, launch, closing notice, closure, expansion and investment in the changelog.",
                 source=f"{SOURCE}, regions.csv and events.csv",
                 legend=tuple(LegendEntry(t, EVENT_PALETTE.get(t, "#bbbbbb"), "square") for t in types),
                 figures=Figures(["Year", *types, "Total"], rows))


def coverage(atlas: Atlas) -> Chart:
    values = []
    for provider in atlas.providers.values():
        c = atlas.coverage(provider.id)
        for fact, share in (("Launch date", c.percent(c.launch_known, of_opened=True)), ("Zone count", c.percent(c.zones_known)),
                            ("Coordinates (metro or better)", c.percent(c.coordinates_metro_or_better))):
            values.append({"provider": provider.name, "fact": fact, "share": share})
    facts = ["Launch date", "Zone count", "Coordinates (metro or better)"]
    colours = [CONTINENT_PALETTE[0], CONTINENT_PALETTE[1], CONTINENT_PALETTE[2]]
    spec = {
        "width": WIDTH, "height": {"step": 42},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "provider", "type": "nominal", "title": None, "sort": [p.name for p in atlas.providers.values()]},
            "yOffset": {"field": "fact", "sort": facts},
            "x": {"field": "share", "type": "quantitative", "title": "Known (%)", "scale": {"domain": [0, 100]}},
            "color": {"field": "fact", "type": "nominal", "title": None, "scale": {"domain": facts, "range": colours}},
        },
    }
    rows = [[p.name, *(next(v["share"] for v in values if v["provider"] == p.name and v["fact"] == f) for f in facts)]
            for p in atlas.providers.values()]
    return Chart("coverage", "For each provider, the share of its regions whose launch date, zone count and coordinates are known.", spec,
                 title="How much is known of each provider's regions",
                 subtitle="Share of each provider's regions whose launch date (of those opened), zone count and coordinates (metro precision or better) a source gives.",
                 source=f"{SOURCE}, regions.csv", legend=tuple(LegendEntry(f, c, "square") for f, c in zip(facts, colours)),
                 figures=Figures(["Provider", *(f"{f} known (%)" for f in facts)], rows))


def all_charts(atlas: Atlas) -> dict[str, Chart]:
    """Every chart of the site, by the key the pages use."""
    return {"race": race(atlas), "continents": continents(atlas), "changelog": events_by_year(atlas), "coverage": coverage(atlas),
            **{p: provider_history(atlas, p) for p in atlas.providers},
            **{f"carbon-{r}": chart for r in atlas.carbon.by_region if (chart := carbon(atlas, atlas.regions[r]))}}
