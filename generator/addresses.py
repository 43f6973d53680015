"""Where things live on the site, relative to its root: shared by the outputs that write them and link to them."""

from __future__ import annotations

FEEDS = "feeds"
CALENDARS = "calendar"
DOWNLOADS = "downloads"


def _subscription(folder: str, everything: str, extension: str, provider: str, country: str) -> str:
    # Feeds and calendars come as one for everything, one per provider and one per country.
    if provider:
        return f"{folder}/providers/{provider}.{extension}"
    if country:
        return f"{folder}/countries/{country.lower()}.{extension}"
    return f"{folder}/{everything}.{extension}"


def feed_path(provider: str = "", country: str = "") -> str:
    """The Atom feed of the changelog: all, one provider's, or one country's."""
    return _subscription(FEEDS, "all", "xml", provider, country)


def calendar_path(provider: str = "", country: str = "") -> str:
    """The iCalendar feed of expected openings: all, one provider's, or one country's."""
    return _subscription(CALENDARS, "expected", "ics", provider, country)


def table_csv_path(table: str) -> str:
    """One table of the data package as its own CSV, beside the zip: a table one click away."""
    return f"{DOWNLOADS}/{table}.csv"


def chart_csv_path(chart: str) -> str:
    """The figures a chart draws, as CSV, beside the pictures."""
    return f"pictures/charts/{chart}.csv"
