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


def _workflow(name: str) -> dict:
    import yaml

    document = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads the key `on` as true
    return document


def test_no_workflow_runs_pull_request_code_with_write_access():
    for workflow in WORKFLOWS:
        assert "pull_request_target" not in workflow.read_text(), workflow.name
        assert "${{ secrets." not in workflow.read_text(), workflow.name


def test_the_pull_request_workflow_reads_only_and_leaves_a_preview_and_its_number():
    pr = _workflow("pr.yml")
    assert list(pr["on"]) == ["pull_request"]
    (job,) = pr["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "make site" in runs  # which checks the data before it builds
    # The tests run once per pull request, in ci.yml; here they would only double the wait for the preview.
    assert "make test" not in runs
    ci = _workflow("ci.yml")
    assert "pull_request" in ci["on"] and "make test" in "\n".join(step.get("run", "") for job in ci["jobs"].values() for step in job["steps"])
    # The pull request's own code must not write what the bot says: no difference is computed here.
    assert "generator diff" not in runs
    uploads = {step["with"]["name"]: step["with"]["path"] for step in job["steps"] if "upload-artifact" in step.get("uses", "")}
    assert uploads == {"site-preview": "site", "pr-number": "pr-number"}


def test_the_comment_is_computed_by_the_base_branchs_code_from_the_pull_requests_data():
    comment, pr = _workflow("pr-comment.yml"), _workflow("pr.yml")
    assert comment["on"]["workflow_run"]["workflows"] == [pr["name"]]
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "write"}
    steps = job["steps"]
    downloads = [step["with"] for step in steps if "download-artifact" in step.get("uses", "")]
    assert [d["name"] for d in downloads] == ["pr-number"]  # the pull request's run gives a number, nothing the bot says
    # One checkout, of the default branch (where this workflow comes from): no ref, no other repository, no token kept.
    (checkout,) = [step for step in steps if "actions/checkout" in step.get("uses", "")]
    assert not {"ref", "repository", "path"} & set(checkout["with"]) and checkout["with"]["persist-credentials"] is False
    runs = [step.get("run", "") for step in steps]
    computed = next(i for i, r in enumerate(runs) if "generator diff" in r)
    assert steps.index(checkout) < computed
    script = runs[computed]
    assert '.venv/bin/python -m generator diff --since "$BASE_SHA" --at "$HEAD_SHA" --format markdown > "$RUNNER_TEMP/diff.md"' in script
    assert 'git fetch --quiet --no-tags --depth=1 origin "refs/pull/$NUMBER/head"' in script
    assert '"$(git rev-parse FETCH_HEAD)" != "$HEAD_SHA"' in script  # the fetched commit is the one tested
    # Nothing of the pull request is checked out, installed or run: no make, no pip of its files, no script of its own.
    everything = "\n".join(runs)
    assert "make" not in everything.split() and "git checkout" not in everything and "git archive" not in everything
    assert "-r requirements.txt" in everything and "--require-hashes" in everything  # installed before the pull request's commit is fetched
    install = next(i for i, r in enumerate(runs) if "pip install" in r)
    assert install < computed and "refs/pull" not in "\n".join(runs[: computed])
    assert "*[!0-9]*" in everything  # the number in the artifact must be digits
    assert '"$head" != "$HEAD_SHA"' in everything  # and name the pull request whose commit was tested
    assert "marker='<!-- cloud-region-atlas: data difference -->'" in everything and "PATCH" in everything  # one comment, updated
    assert 'cat "$RUNNER_TEMP/diff.md"' in everything and "pr-number/diff" not in everything


def test_the_source_check_cannot_write_and_its_report_job_runs_no_repository_code():
    sources = _workflow("sources.yml")
    assert "schedule" in sources["on"]
    check, report = sources["jobs"]["check"], sources["jobs"]["report"]
    assert check["permissions"] == {"contents": "read"}
    assert "python -m generator sources > source-report/report.md" in "\n".join(s.get("run", "") for s in check["steps"])
    assert report["permissions"] == {"issues": "write"} and report["needs"] == "check"
    assert not any("checkout" in s.get("uses", "") for s in report["steps"])
