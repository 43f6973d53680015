"""Fill blank region coordinates: from the city the provider names, at metro precision; or, where the
provider names only the country, from its capital at area precision (the methodology's area rule).

A contributor's helper, not part of the build: it writes the coordinates into regions.csv,
where they are stored, reviewed and cited like any other field.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .countries import all_countries, find_place

# A capital would mislead where a country is this large and the provider names no place at all.
NO_CAPITAL_STANDS_FOR = {"US", "CN"}


def fill(root: Path) -> str:
    path = root / "datasets" / "regions.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    filled, missing = 0, []
    countries = all_countries()
    for row in rows:
        if row["latitude"]:
            continue
        if not row["city"]:
            country = countries.get(row["country"])
            if country and country.reference_kind == "capital" and row["country"] not in NO_CAPITAL_STANDS_FOR:
                row["latitude"], row["longitude"] = f"{country.reference.latitude:.2f}", f"{country.reference.longitude:.2f}"
                row["coordinates_precision"] = "area"
                filled += 1
            continue
        place = find_place(row["city"], row["country"])
        if place is None:
            missing.append(f"{row['id']} ({row['city']}, {row['country']})")
            continue
        row["latitude"], row["longitude"] = f"{place['latitude']:.2f}", f"{place['longitude']:.2f}"
        row["coordinates_precision"] = "metro"
        filled += 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    lines = [f"filled {filled} region(s) from GeoNames"]
    if missing:
        lines.append("no GeoNames place of that name; fill these by hand: " + ", ".join(missing))
    return "\n".join(lines)
