"""The static JSON API under api/v1/, and its OpenAPI 3.1 description.

Field names are a contract: a new field may be added (MINOR of the API schema), none is renamed or removed
without a new /api/v2/. Every file carries the API's schema version and the data version it was built from.
The OpenAPI description is hand-written in openapi.yaml, so the tests check these files against a contract
that this code does not generate.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..dates import PartialDate
from ..model import Atlas, ChangelogEntry, ClaimCheck, Region
from ..places import Place, Places
from ..paths import write_text

SCHEMA_VERSION = "1.4.0"  # 1.4: places; 1.3: region type, pairs and carbon figures; 1.2: read_at, code and closing sources, closing status, claim scope, data centres and atlas counts
FOLDER = Path("api") / "v1"
OPENAPI = Path(__file__).resolve().parent.parent / "openapi.yaml"


def _date(value: PartialDate | None) -> str | None:
    return value.iso() if value else None


def _envelope(atlas: Atlas, **body) -> dict:
    return {"schema_version": SCHEMA_VERSION, "data_version": atlas.version, **body}


def source(atlas: Atlas, source_id: str) -> dict | None:
    if not source_id:
        return None
    s = atlas.sources[source_id]
    return {"id": s.id, "url": s.url, "title": s.title, "publisher": s.publisher, "published": _date(s.published), "read_at": s.read_at or None}


def sdk_listing(atlas: Atlas, r: Region) -> dict | None:
    listing = atlas.sdk.of(r)
    if listing is None:
        return None
    return {"package": listing.package, "version": listing.version, "uploaded": listing.uploaded.isoformat(),
            "release_url": listing.release_url, "first_release": listing.first_release}


def region(atlas: Atlas, r: Region) -> dict:
    return {
        "id": r.id,
        "provider": r.provider,
        "code": r.code or None,
        "name": r.name or None,
        "city": r.city or None,
        "country": r.country,
        "latitude": r.point.latitude if r.point else None,
        "longitude": r.point.longitude if r.point else None,
        "coordinates_precision": r.coordinates_precision or None,
        "zones": r.zones,
        "status": r.status,
        "announced": _date(r.announced),
        "expected": _date(r.expected),
        "launched": _date(r.launched),
        "closed": _date(r.closed),
        "closing_announced": _date(r.closing_announced),
        "in_sdk_since": sdk_listing(atlas, r),
        "partition": r.partition,
        "type": r.type,
        "operator": r.operator,
        "facility": r.facility or None,
        "sources": {
            "region": source(atlas, r.source),
            "announced": source(atlas, r.announced_source),
            "launched": source(atlas, r.launched_source),
            "closed": source(atlas, r.closed_source),
            "closing": source(atlas, r.closing_source),
            "zones": source(atlas, r.zones_source or r.source) if r.zones is not None else None,
            "code": source(atlas, r.code_source),
        },
        "pair": pair(atlas, r),
        "carbon": [
            {"year": y.year, "carbon_free_energy": y.carbon_free_energy, "grid_intensity": y.grid_intensity,
             "intensity_basis": y.intensity_basis, "source": source(atlas, y.source)}
            for y in atlas.carbon.of(r.id)
        ],
    }


def pair(atlas: Atlas, r: Region) -> dict | None:
    """The provider's own pairing of the region: None when its list of pairs does not name the region."""
    own = atlas.pairs.of(r.id)
    if own is None and not atlas.pairs.naming(r.id):
        return None
    return {
        "paired_region": own.paired_region or None if own else None,
        "listed": own is not None,
        "mutual": atlas.pairs.mutual(r.id),
        "paired_with_it": atlas.pairs.naming(r.id),
        "source": source(atlas, own.source if own else atlas.pairs.of(atlas.pairs.naming(r.id)[0]).source),
    }


def event(atlas: Atlas, e: ChangelogEntry) -> dict:
    """A changelog entry: a region's own announcement, launch or closure, or a stored event."""
    return {
        "id": e.key,
        "date": e.date.iso(),
        "type": e.type,
        "provider": e.provider,
        "country": e.country or None,
        "region": e.region or None,
        "summary": e.summary or None,
        "amount_usd": e.amount_usd,
        "source": source(atlas, e.source),
    }


def claim(atlas: Atlas, check: ClaimCheck) -> dict:
    """A provider's own statement of its footprint, with the atlas's count of the same scope on its date."""
    c = check.claim
    return {
        "date": c.date.iso(), "regions": c.regions, "zones": c.zones, "countries": c.countries,
        "data_centres": c.data_centres, "scope": c.scope or None, "qualifier": c.qualifier, "source": source(atlas, c.source),
        "atlas": {"open_regions": check.counted_regions, "announced_regions": check.counted_announced,
                  "undated_regions": check.undated_regions, "differs": check.differs},
    }


def provider_summary(atlas: Atlas, provider_id: str) -> dict:
    p, f = atlas.providers[provider_id], atlas.figures(provider_id)
    return {
        "id": p.id,
        "name": p.name,
        "company": p.company,
        "headquarters": p.headquarters,
        "website": p.website,
        "summary": p.summary,
        "verified": p.verified.isoformat(),
        "active_regions": f.active_regions,
        "announced_regions": f.announced_regions,
        "closed_regions": f.closed_regions,
        "closing_regions": f.closing_regions,
        "zones": f.zones,
        "countries": f.countries,
        "api": f"providers/{p.id}.json",
    }


def country_summary(atlas: Atlas, code: str) -> dict:
    c = atlas.countries[code]
    regions = atlas.regions_by_country.get(code, [])
    return {
        "code": c.code,
        "name": c.name,
        "continent": c.continent,
        "active_regions": sum(1 for r in regions if r.is_open),
        "providers_present": sorted({r.provider for r in regions if r.is_open}),
        "api": f"countries/{c.code.lower()}.json",
    }


def place_summary(place: Place) -> dict:
    return {
        "id": place.id,
        "name": place.name,
        "country": place.country,
        "latitude": place.point.latitude,
        "longitude": place.point.longitude,
        "area": place.area,
        "spellings": list(place.spellings),
        "other_names": list(place.other_names),
        "nearby": list(place.nearby),
        "providers": place.providers,
        "regions": [r.id for r in place.regions],
        "api": f"places/{place.id}.json",
    }


def documents(atlas: Atlas) -> dict[str, dict]:
    """Path under api/v1/ -> the JSON document written there."""
    docs: dict[str, dict] = {}
    docs["providers.json"] = _envelope(atlas, providers=[provider_summary(atlas, p) for p in atlas.providers])
    for p in atlas.providers:
        docs[f"providers/{p}.json"] = _envelope(
            atlas,
            provider=provider_summary(atlas, p),
            regions=[region(atlas, r) for r in atlas.regions_by_provider[p]],
            events=[event(atlas, e) for e in atlas.changelog_for(provider=p)],
            claims=[
                claim(atlas, check) for check in atlas.claim_checks(p)
            ],
        )
    docs["regions.json"] = _envelope(atlas, regions=[region(atlas, r) for p in atlas.providers for r in atlas.regions_by_provider[p]])
    for r in atlas.regions.values():
        docs[f"regions/{r.id}.json"] = _envelope(
            atlas,
            region=region(atlas, r),
            events=[event(atlas, e) for e in atlas.changelog_of_region(r.id)],
            equivalents=[{"provider": n.provider, "region": n.region.id, "distance_km": n.distance_km} for n in atlas.equivalents(r)],
        )
    codes = sorted(atlas.countries)
    docs["countries.json"] = _envelope(atlas, countries=[country_summary(atlas, c) for c in codes])
    for code in codes:
        nearest = []
        for p in atlas.absent_providers(code):
            n = atlas.nearest(code, p)
            if n:
                nearest.append({"provider": p, "region": n.region.id, "distance_km": n.distance_km})
        docs[f"countries/{code.lower()}.json"] = _envelope(
            atlas,
            country=country_summary(atlas, code),
            regions=[region(atlas, r) for r in atlas.regions_by_country.get(code, [])],
            events=[event(atlas, e) for e in atlas.changelog_for(country=code)],
            nearest=nearest,
        )
    docs["events.json"] = _envelope(atlas, events=[event(atlas, e) for e in atlas.changelog])
    places = Places(atlas)
    docs["places.json"] = _envelope(atlas, places=[place_summary(p) for p in places.all])
    for p in places.all:
        docs[f"places/{p.id}.json"] = _envelope(
            atlas,
            place=place_summary(p),
            regions=[region(atlas, r) for r in p.regions],
            nearest=[{"provider": n.provider, "region": n.region.id, "distance_km": n.distance_km} for n in places.nearest_absent(p)],
        )
    return docs


def openapi(atlas: Atlas) -> dict:
    description = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    description["info"]["version"] = SCHEMA_VERSION
    return description


def write(atlas: Atlas, out: Path) -> None:
    for path, document in {**documents(atlas), "openapi.json": openapi(atlas)}.items():
        write_text(out, FOLDER / path, json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
