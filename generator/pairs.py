"""Region pairs: a provider's own pairing of each region with another, for replication and recovery.

A pair may go one way only (Azure pairs Brazil South with South Central US, which is paired with North Central
US), so each region's pair is read from its own row, and the regions that name it as their pair are a separate
answer. A region the provider lists without a pair is known to have none; a region it does not list is unknown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pair:
    region: str
    paired_region: str  # "" when the provider lists the region without a pair
    source: str


@dataclass
class Pairs:
    rows: dict[str, Pair] = field(default_factory=dict)  # by region id

    @classmethod
    def from_rows(cls, rows: list[dict[str, str]]) -> "Pairs":
        return cls({r["region"]: Pair(r["region"], r["paired_region"], r["source"]) for r in rows})

    def of(self, region: str) -> Pair | None:
        """The region's own row: None when the provider's list does not name the region."""
        return self.rows.get(region)

    def naming(self, region: str) -> list[str]:
        """The regions whose pair is this one, in id order."""
        return sorted(self._naming.get(region, []))

    def mutual(self, region: str) -> bool:
        pair = self.of(region)
        return bool(pair and pair.paired_region and (back := self.of(pair.paired_region)) and back.paired_region == region)

    @property
    def _naming(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for pair in self.rows.values():
            if pair.paired_region:
                index[pair.paired_region].append(pair.region)
        return index
