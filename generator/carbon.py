"""Carbon-free energy of regions, year by year, as a provider publishes it (today only Google Cloud does).

Google changed what its grid carbon intensity measures in 2021, from lifecycle to operational emissions: the
basis travels with every figure so that no page or chart joins the two into one line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CarbonYear:
    region: str
    year: int
    carbon_free_energy: float | None  # a fraction from 0 to 1
    grid_intensity: float | None  # gCO2eq/kWh
    intensity_basis: str  # lifecycle or operational
    source: str

    @property
    def percent(self) -> int | None:
        return round(100 * self.carbon_free_energy) if self.carbon_free_energy is not None else None


@dataclass
class Carbon:
    by_region: dict[str, list[CarbonYear]] = field(default_factory=dict)  # oldest year first

    @classmethod
    def from_rows(cls, rows: list[dict[str, str]]) -> "Carbon":
        index: dict[str, list[CarbonYear]] = defaultdict(list)
        for r in rows:
            index[r["region"]].append(CarbonYear(
                r["region"], int(r["year"]),
                float(r["carbon_free_energy"]) if r["carbon_free_energy"] else None,
                float(r["grid_intensity"]) if r["grid_intensity"] else None,
                r["intensity_basis"], r["source"],
            ))
        return cls({region: sorted(years, key=lambda y: y.year) for region, years in index.items()})

    def of(self, region: str) -> list[CarbonYear]:
        return self.by_region.get(region, [])

    def latest(self, region: str) -> CarbonYear | None:
        years = self.of(region)
        return years[-1] if years else None

    @property
    def years(self) -> list[int]:
        return sorted({y.year for years in self.by_region.values() for y in years})

    @property
    def sources(self) -> list[str]:
        return sorted({y.source for years in self.by_region.values() for y in years})
