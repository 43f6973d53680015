"""What kind of region a region is, as its provider describes it: public, government, sovereign,
partner-operated, or a local or edge zone.

The type is read from facts the atlas already stores, so that it cannot disagree with them: the partition
(government and sovereign clouds are partitions of their own) and the operator (a region run by a company other
than the provider, such as 21Vianet for Azure in China, is partner-operated). When more than one applies, the
first in TYPES wins: a sovereign cloud run by a partner company is listed as sovereign, since that is what the
provider sells it as. Local and edge zones will be typed by a column of their own when the first one is added.
"""

from __future__ import annotations

TYPES = {
    "public": "public",
    "government": "government",
    "sovereign": "sovereign",
    "partner": "partner-operated",
    "local_zone": "local or edge zone",
}


def region_type(partition: str, operator: str, provider_names: set[str]) -> str:
    """The region's type from its partition and operator; provider_names are the provider's own name and its
    company's, casefolded."""
    if partition in ("government", "sovereign"):
        return partition
    if operator and operator.casefold() not in provider_names:
        return "partner"
    return "public"
