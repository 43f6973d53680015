"""Compare the atlas's region codes with the region lists that providers ship inside their own SDKs.

The SDKs are installed from PyPI at pinned versions (the `drift` dependency group in pyproject.toml)
and only their data files are read: nothing is imported from them and no network service is called.
A difference is either explained by a row of datasets/sdk_exceptions.csv, which cites why, or it
fails the check. An exception that no longer matches a difference fails it too, so the list stays true.
A code the SDK does not list is accepted only when its region cites a page that prints it (code_source):
so every code in the atlas is printed by a pinned SDK list or by a cited page.
An SDK that lists the code of a region the atlas holds as announced asks whether the region has opened: that
difference fails the check and no exception may explain it (rules.py refuses such an exception row too).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .load import Data

SDK_ONLY = "sdk_only"
ATLAS_ONLY = "atlas_only"
OPENING = "opening"  # the SDK lists the code of an announced region: never explained by an exception
OPEN = ("active", "closing")  # a closing region is still open, so the SDK still lists it


@dataclass(frozen=True)
class SdkList:
    """The region codes one SDK package knows, and where they were read."""

    provider: str
    package: str
    version: str
    file: str
    codes: frozenset[str]


@dataclass(frozen=True)
class Difference:
    provider: str
    code: str
    side: str  # SDK_ONLY or ATLAS_ONLY
    detail: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.provider, self.code, self.side)


@dataclass(frozen=True)
class SdkException:
    provider: str
    code: str
    side: str
    reason: str
    source: str
    line: int


@dataclass
class Report:
    lists: list[SdkList]
    missing_packages: list[str]
    explained: list[tuple[Difference, SdkException]]
    unexplained: list[Difference]
    stale: list[SdkException]  # exceptions that no longer match any difference
    uncovered: list[str]  # providers whose SDKs ship no region list

    @property
    def ok(self) -> bool:
        return not (self.unexplained or self.stale or self.missing_packages)


class MissingPackage(Exception):
    pass


# Where the SDKs are installed, when not beside the generator: the weekly workflow installs the newest ones into an
# environment of their own, so that nothing they ship (a .pth file runs when its interpreter starts) runs here.
SDK_PATH: list[str] | None = None


def _literal(text: str, name: str):
    """The value of a module-level literal assigned to `name`, read without running the module."""
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise KeyError(name)


def _aws_codes(file: str, text: str) -> frozenset[str]:
    # partitions.json names the regions of each partition; endpoints.json (before partitions.json existed,
    # and still beside it) names them per partition too. Each partition in partitions.json also names a
    # pseudo-region "<partition>-global" for its global endpoints.
    partitions = json.loads(text)["partitions"]
    key = "id" if file.endswith("partitions.json") else "partition"
    return frozenset(code for p in partitions for code in p.get("regions", {}) if code != f"{p.get(key)}-global")


def _oracle_codes(file: str, text: str) -> frozenset[str]:
    # oci/regions_definitions.py (and oci/regions.py before it) maps each region to its realm.
    try:
        return frozenset(_literal(text, "REGION_REALMS"))
    except KeyError:
        return frozenset(_literal(text, "REGIONS"))


def _ibm_codes(file: str, text: str) -> frozenset[str]:
    return frozenset(_literal(text, "REGIONAL_ENDPOINTS"))


def _region_calls(file: str, text: str) -> frozenset[str]:
    # Huawei's ECS client declares each region as Region("<code>", "<endpoint>"), and before 3.1.26 as
    # Region(id="<code>", ...); Scaleway's SDK as REGION_FR_PAR = Region("fr-par").
    codes = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Region":
            given = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "id"), None)
            if isinstance(given, ast.Constant):
                codes.add(given.value)
    return frozenset(codes)


def _alibaba_codes(file: str, text: str) -> frozenset[str]:
    return frozenset(json.loads(text)["regions"])


@dataclass(frozen=True)
class Sdk:
    """Where one provider's SDK package keeps its region list, and how to read the codes from it."""

    provider: str
    package: str
    files: tuple[str, ...]  # the files that may carry the list, in order of preference (older releases lack the first)
    codes: Callable[[str, str], frozenset[str]]  # (file, its text) -> the region codes it names


SDK_PACKAGES = [
    Sdk("aws", "botocore", ("botocore/data/partitions.json", "botocore/data/endpoints.json"), _aws_codes),
    Sdk("oracle-cloud", "oci", ("oci/regions_definitions.py", "oci/regions.py"), _oracle_codes),
    Sdk("ibm-cloud", "ibm-vpc", ("ibm_vpc/vpc_v1.py",), _ibm_codes),
    Sdk("huawei-cloud", "huaweicloudsdkecs", ("huaweicloudsdkecs/v2/region/ecs_region.py",), _region_calls),
    Sdk("alibaba-cloud", "aliyun-python-sdk-core", ("aliyunsdkcore/data/endpoints.json",), _alibaba_codes),
    Sdk("scaleway", "scaleway-core", ("scaleway_core/bridge/region.py",), _region_calls),
]


def installed(sdk: Sdk) -> SdkList:
    """The region list of the installed release of an SDK (the drift group pins it)."""
    if SDK_PATH is not None:
        distribution = next(iter(metadata.distributions(name=sdk.package, path=SDK_PATH)), None)
        if distribution is None:
            raise MissingPackage(sdk.package)
    else:
        try:
            distribution = metadata.distribution(sdk.package)
        except metadata.PackageNotFoundError as error:
            raise MissingPackage(sdk.package) from error
    file = sdk.files[0]
    path = Path(str(distribution.locate_file(file)))
    return SdkList(sdk.provider, sdk.package, distribution.version, file, sdk.codes(file, path.read_text(encoding="utf-8")))


def _reader(sdk: Sdk) -> Callable[[], SdkList]:
    return lambda: installed(sdk)


SDKS: list[Callable[[], SdkList]] = [_reader(sdk) for sdk in SDK_PACKAGES]

# Their SDKs fetch regions from an API at run time, so there is no list to compare with.
UNCOVERED = ["azure", "google-cloud", "tencent-cloud", "hetzner-cloud", "akamai"]


def differences(sdk: SdkList, data: Data) -> list[Difference]:
    """Codes the SDK lists that the atlas has no open region for, and atlas codes the SDK lacks whose region
    cites no page printing them (code_source)."""
    regions = [r for r in data.tables["regions"].rows if r["provider"] == sdk.provider and r["code"]]
    status = {r["code"]: r["status"] for r in regions}
    cited = {r["code"] for r in regions if r["code_source"]}
    found = []
    for code in sorted(sdk.codes):
        if code not in status:
            found.append(Difference(sdk.provider, code, SDK_ONLY, "not in the atlas"))
        elif status[code] == "announced":
            found.append(Difference(sdk.provider, code, OPENING, "the atlas has it as announced"))
        elif status[code] not in OPEN:
            found.append(Difference(sdk.provider, code, SDK_ONLY, f"the atlas has it as {status[code]}"))
    for code, state in sorted(status.items()):
        if code not in sdk.codes and code not in cited:
            found.append(Difference(sdk.provider, code, ATLAS_ONLY, "" if state in OPEN else f"{state}; no SDK list or cited page prints the code"))
    return found


def _exceptions(data: Data) -> list[SdkException]:
    return [SdkException(r["provider"], r["code"], r["side"], r["reason"], r["source"], r.line) for r in data.tables["sdk_exceptions"].rows]


def compare(data: Data, sdks: list[Callable[[], SdkList]] = SDKS) -> Report:
    lists, missing = [], []
    for read in sdks:
        try:
            lists.append(read())
        except MissingPackage as error:
            missing.append(str(error))
    known = {(e.provider, e.code, e.side): e for e in _exceptions(data)}
    compared = {sdk.provider for sdk in lists}
    explained, unexplained = [], []
    for sdk in lists:
        for difference in differences(sdk, data):
            exception = known.get(difference.key)
            if exception:
                explained.append((difference, exception))
            else:
                unexplained.append(difference)
    matched = {exception.line for _, exception in explained}
    stale = [e for e in known.values() if e.provider in compared and e.line not in matched]
    return Report(lists, missing, explained, unexplained, stale, UNCOVERED)


def lines(report: Report, exceptions_path: str = "datasets/sdk_exceptions.csv") -> list[str]:
    """The report as plain text lines, the same on a terminal and in the weekly issue."""
    out = []
    for sdk in report.lists:
        mine = [d for d in report.unexplained if d.provider == sdk.provider]
        known = [d for d, _ in report.explained if d.provider == sdk.provider]
        out.append(f"{sdk.provider}: {sdk.package} {sdk.version} ({sdk.file}) lists {len(sdk.codes)} codes; {len(known)} known differences, {len(mine)} unexplained")
    for package in report.missing_packages:
        out.append(f"{package}: not installed; install the drift group: pip install --no-deps --group drift")
    for provider in report.uncovered:
        out.append(f"{provider}: its SDK ships no region list; not compared")
    if report.unexplained:
        out.append("")
        out.append("Unexplained differences (add the region to datasets/regions.csv, cite the page printing the code in its code_source, or add a cited row to datasets/sdk_exceptions.csv):")
        for d in report.unexplained:
            if d.side == OPENING:
                out.append(f"  {d.provider} {d.code}: the SDK now lists {d.code}: has it opened? (the atlas has it as announced; "
                           "if a source says it opened, set status active with its launch date and source; no exception can explain this)")
                continue
            where = "in the SDK, not open in the atlas" if d.side == SDK_ONLY else "in the atlas, not in the SDK, and its region cites no code_source"
            out.append(f"  {d.provider} {d.code}: {where}" + (f" ({d.detail})" if d.detail else ""))
    if report.stale:
        out.append("")
        out.append("Exceptions that no longer match a difference (remove them):")
        for e in report.stale:
            out.append(f"  {exceptions_path}:{e.line}: {e.provider} {e.code} ({e.side})")
    return out
