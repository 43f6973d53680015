"""`make serve`: the site as a contributor previews it, rebuilt when the data changes, the last good build kept
when a change breaks the data."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, edit_row


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(address: str, path: str) -> str | None:
    try:
        with urllib.request.urlopen(f"http://{address}/cloud-region-atlas/{path}", timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _until(predicate, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    return None


@pytest.fixture
def served(data_copy):
    shutil.copytree(ROOT / "overrides", data_copy / "overrides")
    shutil.copytree(ROOT / "generator" / "templates", data_copy / "generator" / "templates")
    address = f"127.0.0.1:{_free_port()}"
    log = (data_copy / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(data_copy), "serve", "--address", address],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        assert _until(lambda: _page(address, "regions/aws-eu-west-3/")), (data_copy / "serve.log").read_text()
        yield data_copy, address
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_an_edit_reaches_the_served_page_and_a_broken_one_keeps_the_last_good_page(served):
    root, address = served
    edit_row(root, "regions", "aws-eu-west-3", name="Europe (Paris, edited)")
    assert _until(lambda: "Europe (Paris, edited)" in (_page(address, "regions/aws-eu-west-3/") or "")), (root / "serve.log").read_text()
    line = edit_row(root, "regions", "aws-eu-west-3", name="Europe (Paris, broken)", latitude="north")
    said = _until(lambda: f"datasets/regions.csv:{line}: latitude:" in (root / "serve.log").read_text())
    assert said, (root / "serve.log").read_text()
    time.sleep(2)  # time enough for a wrongly published rebuild to show
    page = _page(address, "regions/aws-eu-west-3/") or ""
    assert "Europe (Paris, edited)" in page and "broken" not in page
    assert "Traceback" not in (root / "serve.log").read_text()
