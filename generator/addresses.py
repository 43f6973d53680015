"""Where things live on the site, relative to its root: shared by the outputs that write them and link to them."""

from __future__ import annotations

FEEDS = "feeds"
DOWNLOADS = "downloads"


def feed_path(provider: str = "", country: str = "") -> str:
    if provider:
        return f"{FEEDS}/providers/{provider}.xml"
    if country:
        return f"{FEEDS}/countries/{country.lower()}.xml"
    return f"{FEEDS}/all.xml"


def table_csv_path(table: str) -> str:
    """One table of the data package as its own CSV, beside the zip: a table one click away."""
    return f"{DOWNLOADS}/{table}.csv"


def chart_csv_path(chart: str) -> str:
    """The figures a chart draws, as CSV, beside the pictures."""
    return f"pictures/charts/{chart}.csv"


CALENDARS = "calendar"


def calendar_path(provider: str = "", country: str = "") -> str:
    """The iCalendar feed of expected openings: all, one provider's, or one country's."""
    if provider:
        return f"{CALENDARS}/providers/{provider}.ics"
    if country:
        return f"{CALENDARS}/countries/{country.lower()}.ics"
    return f"{CALENDARS}/expected.ics"
