"""Where things live on the site, relative to its root: shared by the outputs that write them and link to them."""

from __future__ import annotations

FEEDS = "feeds"


def feed_path(provider: str = "", country: str = "") -> str:
    if provider:
        return f"{FEEDS}/providers/{provider}.xml"
    if country:
        return f"{FEEDS}/countries/{country.lower()}.xml"
    return f"{FEEDS}/all.xml"
