"""The locks agree with what the atlas declares, and every package is installed with its hash checked."""

from __future__ import annotations

import re
import tomllib

import pytest

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _declared(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            match = PIN.match(line)
            assert match, f"not pinned with ==: {line}"
            pins[_name(match[1])] = match[2]
    return pins


def _locked(text: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) from a lock written by `make lock`."""
    entries: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            entries[_name(match[1])] = (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return entries


def _agree(declared: dict[str, str], locked: dict[str, tuple[str, list[str]]]) -> list[str]:
    problems = [f"{name}=={version} is declared but not locked" for name, version in declared.items() if name not in locked]
    problems += [f"{name} is declared =={version} but locked =={locked[name][0]}" for name, version in declared.items()
                 if name in locked and locked[name][0] != version]
    problems += [f"{name} is locked without a hash" for name, (_, hashes) in locked.items() if not hashes]
    return problems


def test_every_declared_pin_is_locked_at_its_version_with_hashes():
    declared = _declared((ROOT / "requirements.in").read_text(encoding="utf-8").splitlines())
    locked = _locked((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    assert "pip" in declared, "pip itself is pinned in requirements.in"
    assert _agree(declared, locked) == []


def test_the_drift_group_is_locked_at_its_versions_with_hashes():
    group = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]["drift"]
    declared = _declared(group)
    locked = _locked((ROOT / "requirements-drift.txt").read_text(encoding="utf-8"))
    assert _agree(declared, locked) == []
    assert set(locked) == set(declared), "the drift lock holds the group alone (installed without dependencies)"


@pytest.mark.parametrize("name", ["zensical", "properdocs", "material"])
def test_the_alternative_site_builders_are_locked_with_hashes(name):
    declared = _declared((ROOT / "alternatives" / f"{name}.in").read_text(encoding="utf-8").splitlines())
    locked = _locked((ROOT / "alternatives" / f"{name}.txt").read_text(encoding="utf-8"))
    assert _agree(declared, locked) == []


def test_a_disagreement_is_found():
    locked = _locked("mkdocs==1.6.0 \\\n    --hash=sha256:" + "a" * 64 + "\nJinja2==3.1.6\n")
    assert _agree({"mkdocs": "1.6.1", "jinja2": "3.1.6", "pyyaml": "6.0.4"}, locked) == [
        "pyyaml==6.0.4 is declared but not locked",
        "mkdocs is declared ==1.6.1 but locked ==1.6.0",
        "jinja2 is locked without a hash",
    ]


def test_the_set_up_checks_hashes_and_never_upgrades_unpinned():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and "$(UV)" not in line]
    assert installs and all("--require-hashes" in line and "--only-binary :all:" in line for line in installs), installs
    assert "--upgrade" not in makefile
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "pip install" in line and "requirements.txt" in line:
                assert "--require-hashes" in line and ":all:" in line, f"{workflow.name}: {line.strip()}"
