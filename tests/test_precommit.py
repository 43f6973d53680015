"""The pre-commit configuration: it parses, runs the checker on data and profiles, and pins its hooks."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT

CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def _hooks(repo: str) -> dict[str, dict]:
    return {hook["id"]: hook for entry in CONFIG["repos"] if entry["repo"] == repo for hook in entry["hooks"]}


def test_the_checker_runs_on_changed_data_and_profiles():
    (hook,) = _hooks("local").values()
    assert "python -m generator check" in hook["entry"]
    assert hook["pass_filenames"] is False  # the rules look across tables, so the whole atlas is checked
    files = re.compile(hook["files"])
    assert files.search("datasets/regions.csv") and files.search("content/providers/aws.md")
    assert not files.search("generator/rules.py") and not files.search("README.md")


def test_the_hygiene_hooks_come_from_a_pinned_commit():
    (entry,) = [e for e in CONFIG["repos"] if e["repo"] == "https://github.com/pre-commit/pre-commit-hooks"]
    # A tag can be moved to other code; a commit cannot. The comment names the release it is.
    assert re.fullmatch(r"[0-9a-f]{40}", entry["rev"])
    assert re.search(r"rev: [0-9a-f]{40}  # frozen: v\d+\.\d+\.\d+", (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert set(_hooks(entry["repo"])) == {"trailing-whitespace", "end-of-file-fixer", "check-yaml", "check-json"}


def test_the_readme_says_how_to_enable_it():
    assert "pre-commit install" in (ROOT / "README.md").read_text(encoding="utf-8")
