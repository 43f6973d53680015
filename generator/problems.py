"""A problem found in the data, reported as `path:line: field: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{_printable(self.path)}:{self.line}: {_printable(self.field)}: {_printable(self.message)}"


# Characters a terminal or a CI log would act on (escape sequences, line breaks) rather than show.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def _printable(text: str) -> str:
    """One problem, one line, shown as written: a value quoted in a message may hold anything a contributor typed."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", str(text).replace("\r\n", " ").replace("\n", " "))


class DataError(Exception):
    """Raised when the data has problems; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the data")
        self.problems = sorted(set(problems))
