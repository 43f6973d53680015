"""Print the names of the drift group's SDK packages, one a line, without their pins.

The weekly drift workflow installs the newest release of each, so the pins in pyproject.toml
stay the versions the test suite compares against while the workflow looks ahead.
"""

import re
import tomllib
from pathlib import Path

pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
for requirement in pyproject["dependency-groups"]["drift"]:
    print(re.split(r"[=<>!~ ;\[]", requirement, maxsplit=1)[0])
