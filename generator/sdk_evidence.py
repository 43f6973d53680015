"""What the providers' own SDKs say about a region: the first release that lists its code.

datasets/sdk_listings.csv (rebuilt by `python -m generator sdk-history`) gives, per provider and code, the first
release of the provider's SDK whose region list names the code, and that release's upload date. It is evidence of
its own kind: the provider's tools knew the region by then. It is never a launch date (Oracle listed Jeddah months
before the region opened), so it is shown beside Launched, never in its place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# How an opened region is dated on the site and in the charts: by a cited launch date, else by its SDK listing alone,
# else not at all.
BY_LAUNCH, BY_SDK, UNDATED = "launch date", "SDK listing only", "date unknown"


@dataclass(frozen=True)
class SdkListing:
    provider: str
    code: str
    package: str
    version: str
    uploaded: dt.date
    release_url: str
    first_release: bool  # already listed by the oldest release read: the date says only "by then"

    @property
    def since(self) -> str:
        """How the listing reads after "In the SDK", beside Launched."""
        if self.first_release:
            return f"by {self.uploaded.isoformat()} ({self.package} {self.version}), listed since the SDK's first release read"
        return f"since {self.uploaded.isoformat()} ({self.package} {self.version})"


@dataclass(frozen=True)
class SdkEvidence:
    """Every listing, found by provider and code."""

    listings: dict[tuple[str, str], SdkListing] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows) -> SdkEvidence:
        return cls({
            (r["provider"], r["code"]): SdkListing(r["provider"], r["code"], r["package"], r["version"], dt.date.fromisoformat(r["uploaded"]),
                                                   r["release_url"], r["first_release"] == "true")
            for r in rows
        })

    def of(self, region) -> SdkListing | None:
        """The listing of a region's code, when its provider's SDK lists it."""
        return self.listings.get((region.provider, region.code)) if region.code else None

    def dating(self, region) -> str:
        """For a region that has opened: whether a launch date, only an SDK listing, or neither dates it."""
        if region.launched is not None:
            return BY_LAUNCH
        return BY_SDK if self.of(region) else UNDATED

    def undated(self, regions: list) -> list:
        """The regions that have opened with neither a launch date nor an SDK listing."""
        return [r for r in regions if r.status != "announced" and self.dating(r) == UNDATED]

    def earliest(self, region) -> dt.date | None:
        """The day a chart draws an opened region from: its launch, else the day its SDK listing was uploaded."""
        if region.launched is not None:
            return region.launched.earliest
        listing = self.of(region)
        return listing.uploaded if listing else None
