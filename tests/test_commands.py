"""The commands no other test runs: `coordinates`, which a contributor runs to place new regions, and `bench`,
which measures the build at scale."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import ROOT, edit_row, generator, rows, run
from generator.bench import scaled_copy


def _regions(root: Path) -> dict[str, dict[str, str]]:
    with (root / "datasets" / "regions.csv").open(newline="", encoding="utf-8") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


def test_coordinates_fills_blank_places_from_the_city_or_the_capital_and_names_the_rest(data_copy):
    edit_row(data_copy, "regions", "aws-eu-west-1", latitude="", longitude="", coordinates_precision="")  # Dublin, IE
    edit_row(data_copy, "regions", "aws-eu-west-3", city="", latitude="", longitude="", coordinates_precision="")  # no city: France
    edit_row(data_copy, "regions", "aws-us-east-1", city="", latitude="", longitude="", coordinates_precision="")  # no city: the US
    edit_row(data_copy, "regions", "aws-eu-west-2", city="Nowhereville", latitude="", longitude="", coordinates_precision="")
    result = run("-m", "generator", "--root", str(data_copy), "coordinates")
    assert result.returncode == 0, result.stderr
    filled, missing = result.stdout.splitlines()
    blank_today = {k for k, r in _regions(ROOT).items() if not r["latitude"]}  # rows the data leaves blank on purpose
    assert filled == f"filled {2 + sum(bool(_regions(data_copy)[k]['latitude']) for k in blank_today)} region(s) from GeoNames"
    assert missing.startswith("no GeoNames place of that name; fill these by hand: ") and "aws-eu-west-2 (Nowhereville, GB)" in missing
    after = _regions(data_copy)
    dublin, france = after["aws-eu-west-1"], after["aws-eu-west-3"]
    # Dublin is at 53.35 N, 6.26 W; Paris, France's capital, at 48.86 N, 2.35 E: latitude first, each in its column.
    assert abs(float(dublin["latitude"]) - 53.35) < 0.05 and abs(float(dublin["longitude"]) + 6.26) < 0.05
    assert dublin["coordinates_precision"] == "metro"
    assert abs(float(france["latitude"]) - 48.86) < 0.05 and abs(float(france["longitude"]) - 2.35) < 0.05
    assert france["coordinates_precision"] == "area"
    # No capital stands for a country as large as the US, and a place GeoNames does not know stays blank.
    assert after["aws-us-east-1"]["latitude"] == "" and after["aws-eu-west-2"]["latitude"] == ""
    edited = {"aws-eu-west-1", "aws-eu-west-3", "aws-us-east-1", "aws-eu-west-2", *blank_today}
    assert {k: v for k, v in after.items() if k not in edited} == {k: v for k, v in _regions(ROOT).items() if k not in edited}


def test_a_copy_grows_as_the_atlas_will_within_twenty_providers_and_stays_valid(tmp_path):
    scaled_copy(ROOT, 10, tmp_path)
    providers, regions = _regions_and_providers(tmp_path)
    today = rows("regions")
    assert len(providers) == 20
    assert 9 * len(today) <= len(regions) <= 11 * len(today)
    # Within providers: every one of today's providers holds several times its regions, under ids of its own.
    for provider in rows("providers"):
        mine = [r for r in today if r["provider"] == provider["id"]]
        grown = [r for r in regions if r["provider"] == provider["id"]]
        assert len(grown) >= 4 * len(mine), provider["id"]
    assert all(r["id"].startswith(r["provider"] + "-") for r in regions)
    assert len({r["id"] for r in regions}) == len(regions)
    # Into more countries: each country holds a share of the copies, not only the countries that have regions today.
    countries = {r["country"] for r in today}
    per_country = [sum(r["country"] == c for r in regions) for c in countries]
    assert max(per_country) < 3 * len(regions) / len(countries)
    checked = generator("--root", str(tmp_path), "check")
    assert checked.returncode == 0, checked.stderr[-2000:]


def test_a_scaled_copy_can_still_multiply_every_provider_and_stays_valid(tmp_path):
    scaled_copy(ROOT, 2, tmp_path, "providers")
    providers, regions = _regions_and_providers(tmp_path)
    assert len(providers) == 2 * len(rows("providers")) and len(regions) == 2 * len(rows("regions"))
    assert {f"{p['id']}-x1" for p in rows("providers")} <= {p["id"] for p in providers}
    assert all(r["id"].startswith(r["provider"] + "-") for r in regions)
    assert len(list((tmp_path / "content" / "providers").glob("*.md"))) == 2 * len(list((ROOT / "content" / "providers").glob("*.md")))
    checked = run("-m", "generator", "--root", str(tmp_path), "check")
    assert checked.returncode == 0, checked.stderr[-2000:]


def _regions_and_providers(root: Path):
    tables = []
    for name in ("providers", "regions"):
        with (root / "datasets" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            tables.append(list(csv.DictReader(handle)))
    return tables


def test_bench_measures_every_stage_of_todays_data():
    result = run("-m", "generator", "bench", "--scales", "1", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout)
    stages = {s["stage"]: s for s in figures["stages"]}
    assert set(stages) == {"check", "generate", "mkdocs build"}
    assert all(s["scale"] == 1 and s["status"] == 0 and s["seconds"] > 0 and s["peak_mb"] > 10 for s in stages.values())
    assert stages["generate"]["seconds"] > stages["check"]["seconds"] / 2  # the build checks too
    [size] = figures["sizes"]
    assert size["providers"] == len(rows("providers")) and size["regions"] == len(rows("regions"))
    assert size["pages"] > len(rows("regions")) and size["site_mb"] > 1
