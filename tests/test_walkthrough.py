"""CONTRIBUTING.md's walk-through stays true: each change it shows passes the checker and prints the diff it shows.

Every line the walk-through adds is a real line of today's data: the test takes today's data, undoes the change
(removes the added lines, puts back the replaced ones), commits that, redoes the change and runs the commands.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT, generator, run

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}


@dataclass
class Step:
    title: str
    changes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # path -> (before or "", after) pairs
    command: str = ""
    output: str = ""


def steps(text: str) -> list[Step]:
    """The walk-through's sections, read from their fenced blocks: diff (the change), sh (the command), text (its output)."""
    section = text.split("## Walk-through", 1)[1].split("\n## ", 1)[0]
    found = []
    for part in re.split(r"\n### ", section)[1:]:
        step = Step(part.split("\n", 1)[0])
        for language, body in re.findall(r"```(\w+)\n(.*?)```", part, re.S):
            if language == "diff":
                path = re.search(r"^\+\+\+ (\S+)$", body, re.M)[1]
                removed = [l[1:] for l in body.splitlines() if l.startswith("-") and not l.startswith("---")]
                added = [l[1:] for l in body.splitlines() if l.startswith("+") and not l.startswith("+++")]
                step.changes[path] = [(removed[i] if i < len(removed) else "", line) for i, line in enumerate(added)]
            elif language == "sh" and "generator diff" in body:
                step.command = next(line for line in body.splitlines() if "generator diff" in line)
            elif language == "text" and not step.output:
                step.output = body
        found.append(step)
    return found


STEPS = steps((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))


def replay(step: Step, root: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """Undo the step on a copy of today's data, commit, redo it; return (check, diff) as the contributor sees them."""
    after = {path: (root / path).read_text(encoding="utf-8") for path in step.changes}
    for path, pairs in step.changes.items():
        lines = after[path].split("\n")
        for before, line in pairs:
            today = next((l for l in lines if l.split(",")[0] == line.split(",")[0]), "none")
            assert line in lines, f"CONTRIBUTING.md is stale: {path} has no line {line!r}; today's row with that id is {today!r}"
            index = lines.index(line)
            if before:
                lines[index] = before
            else:
                del lines[index]
        (root / path).write_text("\n".join(lines), encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "before"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env={**GIT_ENV, "HOME": str(root)})
    for path, text in after.items():
        (root / path).write_text(text, encoding="utf-8")
    arguments = step.command.split()
    assert arguments[:4] == [".venv/bin/python", "-m", "generator", "diff"], step.command
    return generator("--root", str(root), "check"), generator("--root", str(root), *arguments[3:])


def test_the_walk_through_shows_the_four_changes():
    assert [s.title for s in STEPS] == ["Add a region", "Record a launch", "Record a closure", "Fix a zone count"]
    assert all(s.changes and s.command and s.output for s in STEPS)


@pytest.mark.parametrize("step", STEPS, ids=[s.title for s in STEPS])
def test_each_change_passes_the_checker_and_prints_the_diff_shown(step, data_copy):
    check, diff = replay(step, data_copy)
    assert check.returncode == 0, check.stderr
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout == step.output


def test_the_example_mistakes_are_what_the_checker_says(data_copy):
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"When the checker finds a mistake.*?```text\n(.*?)```", text, re.S)[1]
    shown = block.splitlines()
    line = int(shown[0].split(":")[1])
    values = {}
    for message in shown:
        field_name, rest = message.split(": ", 2)[1:]
        values[field_name] = re.match(r"'?([^' ]+)'? ", rest)[1]
    with (data_copy / "datasets" / "regions.csv").open(encoding="utf-8") as handle:
        region_id = handle.read().split("\n")[line - 1].split(",")[0]
    from conftest import edit_row

    assert edit_row(data_copy, "regions", region_id, **values) == line
    result = generator("--root", str(data_copy), "check")
    assert result.returncode == 1
    for message in shown:
        assert message in result.stderr.splitlines(), result.stderr
