"""Print a hash-checking requirements file of the newest release of each SDK in the drift group.

The weekly drift workflow compares the atlas with the newest SDKs while the pins in pyproject.toml stay the
versions the test suite compares against. Each line names the release and the SHA-256 of each of its wheels as
PyPI's JSON API publishes them, so that pip installs (with --require-hashes) exactly the files the index lists
for that release and nothing substituted on the way; the workflow installs them into an environment of their
own, never the one that runs the generator.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import urllib.request
from pathlib import Path

INDEX = "https://pypi.org/pypi/{name}/json"


def names(pyproject: Path) -> list[str]:
    groups = tomllib.loads(pyproject.read_text(encoding="utf-8"))["dependency-groups"]
    return [re.split(r"[=<>!~ ;\[]", requirement, maxsplit=1)[0] for requirement in groups["drift"]]


def requirement(name: str, release: dict) -> str:
    """`name==version --hash=sha256:...` for the wheels of the newest release that PyPI's JSON describes."""
    version = release["info"]["version"]
    digests = sorted(f["digests"]["sha256"] for f in release["urls"] if f.get("packagetype") == "bdist_wheel" and not f.get("yanked"))
    if not digests or not all(re.fullmatch(r"[0-9a-f]{64}", d) for d in digests):
        raise SystemExit(f"{name} {version}: PyPI lists no wheel with a SHA-256; the drift check installs wheels only")
    return f"{name}=={version} " + " ".join(f"--hash=sha256:{d}" for d in digests)


def main() -> int:
    for name in names(Path(__file__).resolve().parent.parent / "pyproject.toml"):
        with urllib.request.urlopen(INDEX.format(name=name), timeout=60) as answer:
            print(requirement(name, json.load(answer)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
