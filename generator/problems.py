"""A problem found in the data, reported as `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        # One problem, one line: a message quoting a library's multi-line error must not look like several.
        return f"{self.path}:{self.line}: {self.field}: {' '.join(self.message.split())}"


class DataError(Exception):
    """Raised when the data has problems; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the data")
        self.problems = sorted(set(problems))
