"""`python -m generator sdk-history` on recorded releases: a registry description and small wheels made here,
served by range requests from memory, so the bisection is checked without the network."""

from __future__ import annotations

import io
import json
import re
import urllib.error
import zipfile

import pytest

from generator import sdkhistory
from generator.drift import SDK_PACKAGES

BOTOCORE = next(sdk for sdk in SDK_PACKAGES if sdk.package == "botocore")
IBM = next(sdk for sdk in SDK_PACKAGES if sdk.package == "ibm-vpc")

# What each recorded botocore release lists: 1.0.0 has no region list (as before endpoints.json named regions),
# 1.1.0 names regions in endpoints.json, later releases in partitions.json; eu-west-9 is added at 1.6.0 and
# ap-new-1 at 1.9.1; 1.5.0's wheel cannot be fetched.
ENDPOINTS = {"1.1.0": ["us-east-1", "eu-west-1"], "1.2.0": ["us-east-1", "eu-west-1", "sa-east-1"]}
PARTITIONS = {
    "1.3.0": ["us-east-1", "eu-west-1", "sa-east-1"],
    "1.4.0": ["us-east-1", "eu-west-1", "sa-east-1"],
    "1.5.0": ["us-east-1", "eu-west-1", "sa-east-1"],
    "1.6.0": ["us-east-1", "eu-west-1", "sa-east-1", "eu-west-9"],
    "1.7.0": ["us-east-1", "eu-west-1", "sa-east-1", "eu-west-9"],
    "1.9.0": ["us-east-1", "eu-west-1", "sa-east-1", "eu-west-9"],
    "1.9.1": ["us-east-1", "eu-west-1", "sa-east-1", "eu-west-9", "ap-new-1"],
    "1.10.0": ["us-east-1", "eu-west-1", "sa-east-1", "eu-west-9", "ap-new-1"],
    "1.11.0": ["us-east-1", "eu-west-1", "sa-east-1", "eu-west-9", "ap-new-1", "too-new-1"],  # after the pin
}
UNREADABLE = {"1.5.0"}


def _wheel(version: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        wheel.writestr("botocore/__init__.py", f"__version__ = '{version}'\n")
        for n in range(200):  # enough members that the central directory spans more than one range block
            wheel.writestr(f"botocore/data/service{n}/service-2.json", json.dumps({"n": n, "pad": "x" * 2000}))
        if version in ENDPOINTS:
            partitions = [{"partition": "aws", "regions": {code: {} for code in ENDPOINTS[version]}}]
            wheel.writestr("botocore/data/endpoints.json", json.dumps({"partitions": partitions}))
        if version in PARTITIONS:
            regions = {code: {"description": code} for code in PARTITIONS[version]} | {"aws-global": {}}
            wheel.writestr("botocore/data/partitions.json", json.dumps({"partitions": [{"id": "aws", "regions": regions}]}))
            wheel.writestr("botocore/data/endpoints.json", json.dumps({"partitions": [{"partition": "aws", "regions": {}}]}))
    return buffer.getvalue()


class Recorded:
    """The registry, recorded: its JSON and wheels, answering range requests and counting them."""

    def __init__(self):
        self.files, self.requests, releases = {}, [], {}
        versions = ["0.9.0", "1.0.0", *ENDPOINTS, *PARTITIONS]
        for day, version in enumerate(versions, start=1):
            files = [{"filename": f"botocore-{version}.tar.gz", "packagetype": "sdist", "url": "../../x.tar.gz",
                      "upload_time_iso_8601": f"2020-01-{day:02d}T10:00:00Z", "yanked": False}]
            if version != "0.9.0":  # the oldest release has no wheel, only an sdist
                data = _wheel(version)
                digest = f"{day:02x}" * 32
                url = f"https://files.pythonhosted.org/packages/{digest[:2]}/{digest[2:4]}/{digest[4:]}/botocore-{version}-py3-none-any.whl"
                self.files[url] = data
                files.append({"filename": f"botocore-{version}-py3-none-any.whl", "packagetype": "bdist_wheel", "size": len(data),
                              "url": "../../packages/elsewhere.whl", "digests": {"blake2b_256": digest},
                              "upload_time_iso_8601": f"2020-01-{day:02d}T09:30:00Z", "yanked": False})
            releases[version] = files
        releases["1.8.0"] = [{**releases["1.7.0"][1], "yanked": True}]  # a yanked release is not read
        self.description = json.dumps({"releases": releases}).encode()

    def __call__(self, request) -> bytes:
        url = request.full_url
        self.requests.append(url)
        if url == "https://pypi.org/pypi/botocore/json":
            return self.description
        if "botocore-1.5.0-" in url:
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)
        start, end = map(int, re.fullmatch(r"bytes=(\d+)-(\d+)", request.get_header("Range")).groups())
        return self.files[url][start : end + 1]


def _build(tmp_path, opener):
    registry = sdkhistory.Registry(tmp_path / "cache", opener)
    logged = []
    rows = sdkhistory.build(registry, {"botocore": "1.10.0"}, [BOTOCORE], log=logged.append)
    return rows, logged


def test_bisection_finds_the_first_release_listing_each_code(tmp_path):
    rows, logged = _build(tmp_path, Recorded())
    found = {r["code"]: r for r in rows}
    assert set(found) == {"us-east-1", "eu-west-1", "sa-east-1", "eu-west-9", "ap-new-1"}  # not too-new-1, nor aws-global
    assert found["sa-east-1"]["version"] == "1.2.0"
    assert found["eu-west-9"]["version"] == "1.6.0"  # 1.5.0 could not be read, and 1.4.0 lacks it
    assert found["ap-new-1"]["version"] == "1.9.1"
    assert found["ap-new-1"]["uploaded"] == "2020-01-11"  # the release's own upload day
    assert found["ap-new-1"]["release_url"] == "https://pypi.org/project/botocore/1.9.1/"
    assert any("botocore 1.5.0: wheel not read" in line for line in logged)


def test_a_code_in_the_oldest_release_with_a_list_is_flagged_as_listed_since_the_first_release(tmp_path):
    rows, _ = _build(tmp_path, Recorded())
    found = {r["code"]: r for r in rows}
    # 0.9.0 has no wheel and 1.0.0's wheel has no region list: 1.1.0 is the oldest release read that lists codes,
    # so its codes were known "by then".
    assert found["us-east-1"]["version"] == found["eu-west-1"]["version"] == "1.1.0"
    assert found["us-east-1"]["first_release"] == found["eu-west-1"]["first_release"] == "true"
    assert {c for c, r in found.items() if r["first_release"] == "true"} == {"us-east-1", "eu-west-1"}


def test_a_code_added_after_the_first_release_is_not_flagged(tmp_path):
    recorded = Recorded()
    description = json.loads(recorded.description)
    del description["releases"]["1.1.0"]  # now 1.2.0 is the oldest release that lists codes
    recorded.description = json.dumps(description).encode()
    rows, _ = _build(tmp_path, recorded)
    found = {r["code"]: r for r in rows}
    assert found["sa-east-1"]["version"] == "1.2.0" and found["sa-east-1"]["first_release"] == "true"
    assert found["eu-west-9"]["first_release"] == found["ap-new-1"]["first_release"] == "false"


def test_a_second_run_reads_the_cache_and_writes_the_same_bytes(tmp_path):
    recorded = Recorded()
    rows, _ = _build(tmp_path, recorded)
    first = tmp_path / "first.csv"
    sdkhistory.write(rows, first)
    wheel_requests = [u for u in recorded.requests if u.endswith(".whl")]
    assert wheel_requests and len(set(wheel_requests)) < len(PARTITIONS) + len(ENDPOINTS)  # bisection skips releases

    def offline(request):
        raise AssertionError(f"a second run asked the network for {request.full_url}")

    rows_again, _ = _build(tmp_path, offline)
    second = tmp_path / "second.csv"
    sdkhistory.write(rows_again, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").splitlines()[0] == ",".join(sdkhistory.FIELDS)


def test_only_the_list_member_is_fetched_not_the_whole_wheel(tmp_path):
    recorded = Recorded()
    _build(tmp_path, recorded)
    url = next(u for u in recorded.files if "botocore-1.10.0-" in u)
    assert recorded.requests.count(url) < len(recorded.files[url]) / sdkhistory.RangeFile.BLOCK + 1
    assert (tmp_path / "cache" / "botocore" / "1.10.0" / "botocore__data__partitions.json").exists()


def test_a_list_file_is_read_without_importing_the_sdk():
    text = "REGIONAL_ENDPOINTS = {'us-south': 'https://us-south.example', 'eu-de': 'https://eu-de.example'}\nimport nothing_here\n"
    assert IBM.codes("ibm_vpc/vpc_v1.py", text) == {"us-south", "eu-de"}


def test_both_ways_huawei_has_declared_its_regions_are_read():
    huawei = next(sdk for sdk in SDK_PACKAGES if sdk.package == "huaweicloudsdkecs")
    old = 'CN_NORTH_1 = Region(id="cn-north-1", endpoint="https://ecs.cn-north-1.example")\n'
    new = 'AF_SOUTH_1 = Region("af-south-1", "https://ecs.af-south-1.example")\n'
    assert huawei.codes("ecs_region.py", old + new) == {"cn-north-1", "af-south-1"}


def test_the_pinned_versions_come_from_the_drift_lock(tmp_path):
    lock = tmp_path / "requirements-drift.txt"
    lock.write_text("botocore==1.44.8 \\\n    --hash=sha256:abc\n    # via x\noci==2.189.0 \\\n", encoding="utf-8")
    assert sdkhistory.pinned(lock) == {"botocore": "1.44.8", "oci": "2.189.0"}


def test_an_unreadable_pinned_release_is_an_error_not_a_partial_table(tmp_path):
    recorded = Recorded()
    with pytest.raises(RuntimeError, match="pinned release cannot be read"):
        sdkhistory.build(sdkhistory.Registry(tmp_path / "cache", recorded), {"botocore": "1.5.0"}, [BOTOCORE], log=lambda line: None)
