"""The GitHub workflows, checked offline: their shape against the published schema, their security with zizmor."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name) if (Path(sys.executable).parent / name).exists() else shutil.which(name)


def test_there_are_workflows():
    assert WORKFLOWS


def test_workflows_match_the_github_schema():
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_when_pedantic():
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "failed to parse" not in result.stderr, result.stderr  # zizmor skips a file it cannot read


def test_the_job_that_installs_sdks_cannot_write_and_the_job_that_writes_installs_nothing():
    import yaml

    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "drift.yml").read_text(encoding="utf-8"))["jobs"]
    for name, job in jobs.items():
        scripts = " ".join(step.get("run", "") for step in job["steps"])
        writes = [scope for scope, level in (job.get("permissions") or {}).items() if level == "write"]
        if "pip install" in scripts:
            assert not writes, f"{name} installs packages and may write {writes}"
            assert all("--only-binary" in line for line in scripts.split("\n") if "pip install" in line)
        if writes:
            assert "pip install" not in scripts and not any("uses" in step for step in job["steps"]), name
    assert any((job.get("permissions") or {}).get("issues") == "write" for job in jobs.values())


def test_third_party_actions_are_pinned_to_full_commits():
    for workflow in WORKFLOWS:
        for uses in re.findall(r"uses:\s*([^\s#]+)", workflow.read_text()):
            if not uses.startswith("./"):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{workflow.name}: {uses}"


def test_workflows_start_with_no_permissions():
    for workflow in WORKFLOWS:
        assert re.search(r"^permissions: \{\}$", workflow.read_text(), re.M), workflow.name
