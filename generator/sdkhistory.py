"""Rebuild datasets/sdk_listings.csv: the first release of each provider's SDK that lists each region code.

For every SDK whose region list `drift` reads (generator/drift.py's SDK_PACKAGES), the registry's JSON
description of the package (https://pypi.org/pypi/<name>/json) gives every release and its upload time.
The releases considered are those with a wheel, from the oldest the registry holds up to the version the
drift group pins (requirements-drift.txt), so the table covers exactly the codes `drift` compares.
Only wheels are read, and only the one file that carries the list: the wheel is a zip, so its central
directory and that member are fetched with HTTP range requests. Nothing is imported from an SDK.
Each member read is cached under build/.cache/sdk-history/, so a second run reads no network.

Codes are found by bisection over the ordered releases: the codes of the pinned release that the oldest
release lacks are split at the middle release, and so on, until each code sits between a release that
lacks it and the next, which lists it. This assumes codes are only added, which is how these lists change.
A code that was listed, removed and listed again is recorded at the release where bisection finds it
appear, which may be its return rather than its first appearance; a code the pinned release no longer
lists is not in the table at all. A release whose wheel lacks the list file (botocore before endpoints.json
named regions per partition, ibm-vpc before REGIONAL_ENDPOINTS) lists no code, and the releases before the first
that lists any are passed over.

A code already listed by the oldest release read that carries a region list has `first_release` true: the SDK
knew it from the start of what can be read (older wheels lack the list, or the registry holds no wheel for
them), and the release's date says only "by then".

Wheels that cannot be fetched are skipped and named on standard error, and the bisection runs over the releases
read; a refusal (HTTP 403, 404, 410) is remembered in the cache, so a second run gives the same table. Early
huaweicloudsdkecs wheels had failed to download with pip on these machines; by range requests on 2026-12-08 every
wheel the bisection asked for was read. Huawei's region list declared regions as Region(id=...) before 3.1.26.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from .drift import SDK_PACKAGES, Sdk
from .paths import cache_folder

REGISTRY = "https://pypi.org/pypi/{package}/json"
RELEASE_PAGE = "https://pypi.org/project/{package}/{version}/"
FILES = "https://files.pythonhosted.org/packages/{a}/{b}/{c}/{filename}"
FIELDS = ["provider", "code", "package", "version", "uploaded", "release_url", "first_release"]
AGENT = "cloud-region-atlas sdk-history (+https://github.com/)"


@dataclass(frozen=True)
class Release:
    package: str
    version: str
    uploaded: str  # YYYY-MM-DD, the earliest upload of the release's files (UTC)
    wheel_url: str
    wheel_size: int


@dataclass(frozen=True)
class Listing:
    provider: str
    code: str
    package: str
    version: str
    uploaded: str
    first_release: bool

    def row(self) -> dict[str, str]:
        return {
            "provider": self.provider,
            "code": self.code,
            "package": self.package,
            "version": self.version,
            "uploaded": self.uploaded,
            "release_url": RELEASE_PAGE.format(package=self.package, version=self.version),
            "first_release": "true" if self.first_release else "false",
        }


def _wheel_url(file: dict) -> str:
    # The canonical address of a file is derived from its BLAKE2b digest; mirrors rewrite `url`.
    digest = file.get("digests", {}).get("blake2b_256")
    if digest:
        return FILES.format(a=digest[:2], b=digest[2:4], c=digest[4:], filename=file["filename"])
    return file["url"]


def releases(description: dict, package: str, upto: str) -> list[Release]:
    """The releases with a wheel, oldest first, up to and including `upto`, from the registry's JSON."""
    limit = Version(upto)
    found = []
    for version, files in description["releases"].items():
        try:
            parsed = Version(version)
        except InvalidVersion:
            continue
        live = [f for f in files if not f.get("yanked")]
        wheels = sorted((f for f in live if f["packagetype"] == "bdist_wheel"), key=lambda f: f["filename"])
        if not wheels or parsed > limit:
            continue
        uploaded = min(f["upload_time_iso_8601"] for f in live)[:10]
        found.append((parsed, Release(package, version, uploaded, _wheel_url(wheels[0]), int(wheels[0].get("size") or 0))))
    return [release for _, release in sorted(found, key=lambda pair: pair[0])]


class RangeFile(io.RawIOBase):
    """A remote file read by HTTP range requests, in blocks, so zipfile fetches only what it seeks to."""

    BLOCK = 1 << 18

    def __init__(self, url: str, size: int, opener: Callable[[urllib.request.Request], bytes]):
        self.url, self.size, self.opener, self.position, self.blocks = url, size, opener, 0, {}

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def _block(self, index: int) -> bytes:
        if index not in self.blocks:
            start = index * self.BLOCK
            end = min(self.size, start + self.BLOCK) - 1
            request = urllib.request.Request(self.url, headers={"Range": f"bytes={start}-{end}", "User-Agent": AGENT})
            self.blocks[index] = self.opener(request)
        return self.blocks[index]

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self.size - self.position)
        got = bytearray()
        while len(got) < want:
            index, offset = divmod(self.position + len(got), self.BLOCK)
            got += self._block(index)[offset : offset + want - len(got)]
        buffer[: len(got)] = got
        self.position += len(got)
        return len(got)


def _fetch(request: urllib.request.Request) -> bytes:
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


class Unreadable(Exception):
    """The registry names a wheel whose file it does not serve."""


GONE = (403, 404, 410)  # answers that do not change on a second try; other failures are not remembered


class Registry:
    """The registry's JSON and the list files of wheels, cached under one folder."""

    def __init__(self, cache: Path, opener: Callable[[urllib.request.Request], bytes] = _fetch):
        self.cache, self.opener = cache, opener

    def description(self, package: str, version: str) -> dict:
        """The registry's JSON for the package, fetched again when the cached copy predates `version`."""
        path = self.cache / f"{package}.json"
        if not path.exists() or version not in json.loads(path.read_text(encoding="utf-8"))["releases"]:
            request = urllib.request.Request(REGISTRY.format(package=package), headers={"User-Agent": AGENT})
            self._write(path, self.opener(request))
        return json.loads(path.read_text(encoding="utf-8"))

    def list_file(self, sdk: Sdk, release: Release) -> tuple[str, str] | None:
        """(file, text) of the first of the SDK's list files the release's wheel carries, or None."""
        folder = self.cache / sdk.package / release.version
        marker, gone = folder / "none", folder / "unreadable"
        if marker.exists():
            return None
        if gone.exists():
            raise Unreadable(gone.read_text(encoding="utf-8"))
        for file in sdk.files:
            cached = folder / file.replace("/", "__")
            if cached.exists():
                return file, cached.read_text(encoding="utf-8")
        remote = RangeFile(release.wheel_url, release.wheel_size, self.opener)
        try:
            # The last block holds the zip's directory; fetched first, because zipfile reports a failed read
            # as "not a zip file".
            remote.seek(-1, 2)
            remote.read(1)
            with zipfile.ZipFile(io.BufferedReader(remote, RangeFile.BLOCK)) as wheel:
                names = set(wheel.namelist())
                for file in sdk.files:
                    if file in names:
                        data = wheel.read(file)
                        self._write(folder / file.replace("/", "__"), data)
                        return file, data.decode("utf-8")
        except urllib.error.HTTPError as error:
            if error.code in GONE:
                self._write(gone, f"HTTP {error.code} for {release.wheel_url}".encode())
                raise Unreadable(gone.read_text(encoding="utf-8")) from error
            raise
        self._write(marker, b"")
        return None

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)


def pinned(requirements: Path) -> dict[str, str]:
    """package -> version from a hashed requirements file (requirements-drift.txt)."""
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ \\]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


class History:
    """The codes each release lists, read on demand and remembered, for one SDK."""

    def __init__(self, sdk: Sdk, registry: Registry, upto: str, log: Callable[[str], None]):
        self.sdk, self.registry, self.log = sdk, registry, log
        self.releases = releases(registry.description(sdk.package, upto), sdk.package, upto)
        self.known: dict[int, frozenset[str] | None] = {}

    def codes(self, index: int) -> frozenset[str] | None:
        """The codes release `index` lists, or None when its wheel could not be fetched."""
        if index not in self.known:
            release = self.releases[index]
            try:
                found = self.registry.list_file(self.sdk, release)
                self.known[index] = self.sdk.codes(*found) if found else frozenset()
            except KeyError:  # the file is there but does not yet assign the list (ibm-vpc before REGIONAL_ENDPOINTS)
                self.known[index] = frozenset()
            except (Unreadable, urllib.error.URLError, zipfile.BadZipFile, OSError, ValueError) as error:
                self.log(f"{self.sdk.package} {release.version}: wheel not read ({error})")
                self.known[index] = None
        return self.known[index]

    def readable(self, low: int, high: int) -> int | None:
        """A release strictly between low and high that could be read, nearest the middle, or None."""
        middle = (low + high) // 2
        for step in range(high - low):
            for index in (middle - step, middle + step):
                if low < index < high and self.codes(index) is not None:
                    return index
        return None

    def listings(self) -> list[Listing]:
        last = len(self.releases) - 1
        if last < 0 or self.codes(last) is None:
            raise RuntimeError(f"{self.sdk.package}: the pinned release cannot be read")
        # The oldest release read that carries a region list: earlier wheels lack the file (or its list), so the
        # codes it names were known "by then", whenever they were first listed in an older form.
        oldest = self._oldest_listing(last)
        first: dict[str, int] = {code: oldest for code in self.codes(oldest) & self.codes(last)}
        self._bisect(oldest, last, self.codes(last) - self.codes(oldest), first)
        return [
            Listing(self.sdk.provider, code, self.sdk.package, self.releases[i].version, self.releases[i].uploaded, i == oldest)
            for code, i in sorted(first.items())
        ]

    def _oldest_listing(self, last: int) -> int:
        """The first release whose list names any code, found by bisection (releases before it list nothing)."""
        low, high = -1, last  # releases up to low list nothing; high lists codes
        while high - low > 1:
            middle = self.readable(low, high)
            if middle is None:
                break
            if self.codes(middle):
                high = middle
            else:
                low = middle
        return high

    def _bisect(self, low: int, high: int, codes: frozenset[str], first: dict[str, int]) -> None:
        """Each code is listed by release `high` and not by `low`: find the release between that adds it."""
        if not codes:
            return
        middle = self.readable(low, high)
        if middle is None:
            for code in codes:
                first[code] = high
            return
        listed = codes & self.codes(middle)
        self._bisect(low, middle, listed, first)
        self._bisect(middle, high, codes - listed, first)


def build(registry: Registry, pins: dict[str, str], sdks: list[Sdk] = SDK_PACKAGES, log: Callable[[str], None] = print) -> list[dict[str, str]]:
    rows = []
    for sdk in sdks:
        history = History(sdk, registry, pins[sdk.package.lower()], log)
        listings = history.listings()
        read = sum(1 for codes in history.known.values() if codes is not None)
        log(f"{sdk.package}: {len(listings)} codes, {len(history.releases)} releases with a wheel, {read} read")
        rows += [listing.row() for listing in listings]
    return rows


def write(rows: list[dict[str, str]], path: Path) -> None:
    partial = path.with_name(path.name + ".part")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    partial.replace(path)


def main(root: Path, cache: Path | None = None, opener: Callable[[urllib.request.Request], bytes] = _fetch) -> int:
    registry = Registry(cache or cache_folder("sdk-history"), opener)
    rows = build(registry, pinned(root / "requirements-drift.txt"), log=lambda line: print(line, file=sys.stderr))
    write(rows, root / "datasets" / "sdk_listings.csv")
    print(f"wrote datasets/sdk_listings.csv: {len(rows)} codes")
    return 0
